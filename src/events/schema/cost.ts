import * as z from "zod";
import { f64, u32, u64 } from "../../core/integers.js";
import { externalEnum, tagUnion } from "../../core/tagging.js";

export const TokenCostEvent = z.object({
  model_id: z.string(),
  request_id: z.string(),
  prompt_tokens: u32(),
  completion_tokens: u32(),
  total_tokens: u32(),
  cost_per_prompt_token: f64().meta({ description: "USD per prompt token" }),
  cost_per_completion_token: f64().meta({ description: "USD per completion token" }),
  total_cost_usd: f64(),
  currency: z.string(),
});
export type TokenCostEvent = z.infer<typeof TokenCostEvent>;

export const ApiCostEvent = z.object({
  provider: z.string(),
  api_endpoint: z.string(),
  request_count: u64(),
  cost_per_request: f64(),
  total_cost_usd: f64(),
  billing_period: z.string(),
});
export type ApiCostEvent = z.infer<typeof ApiCostEvent>;

export const RESOURCE_TYPES = ["compute", "storage", "network", "memory", "gpu"] as const;
/** Known resource kinds, or `{"other": "..."}`. */
export const ResourceType = externalEnum("ResourceType", RESOURCE_TYPES, "other", z.string());
export type ResourceType = z.infer<typeof ResourceType>;

export const ResourceConsumptionEvent = z.object({
  resource_type: ResourceType,
  resource_id: z.string(),
  quantity: f64(),
  unit: z.string(),
  cost_usd: f64(),
  utilization_percent: f64(),
});
export type ResourceConsumptionEvent = z.infer<typeof ResourceConsumptionEvent>;

export const BUDGET_ALERT_TYPES = ["warning", "critical", "exceeded"] as const;
export const BudgetAlertType = z.enum(BUDGET_ALERT_TYPES);
export type BudgetAlertType = z.infer<typeof BudgetAlertType>;

export const BudgetAlertEvent = z.object({
  budget_id: z.string(),
  budget_name: z.string(),
  budget_limit_usd: f64(),
  current_spend_usd: f64(),
  threshold_percent: f64(),
  alert_type: BudgetAlertType,
});
export type BudgetAlertEvent = z.infer<typeof BudgetAlertEvent>;

export const COST_TYPES = ["token_cost", "api_cost", "resource_consumption", "budget_alert"] as const;
export type CostType = (typeof COST_TYPES)[number];

/** Cost payloads, internally tagged by `cost_type`. */
export const CostPayload = tagUnion("CostPayload", "cost_type", {
  token_cost: TokenCostEvent,
  api_cost: ApiCostEvent,
  resource_consumption: ResourceConsumptionEvent,
  budget_alert: BudgetAlertEvent,
});
export type CostPayload = z.infer<typeof CostPayload>;
