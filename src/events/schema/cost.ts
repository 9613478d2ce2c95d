import * as z from "zod";
import { f64, u32, u64 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { named, namedUnion } from "../../core/named.js";
import { externalEnum, tagUnion } from "../../core/tagging.js";

export const TokenCostEvent = lazySchema(() =>
  named<TokenCostEvent>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get request_id() {
          return z.string();
        },
        get prompt_tokens() {
          return u32();
        },
        get completion_tokens() {
          return u32();
        },
        get total_tokens() {
          return u32();
        },
        get cost_per_prompt_token() {
          return f64().meta({ description: "USD per prompt token" });
        },
        get cost_per_completion_token() {
          return f64().meta({ description: "USD per completion token" });
        },
        get total_cost_usd() {
          return f64();
        },
        get currency() {
          return z.string();
        },
      }),
    ),
  ),
);
export type TokenCostEvent = {
  model_id: string;
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
  /** USD per prompt token */
  cost_per_prompt_token: number;
  /** USD per completion token */
  cost_per_completion_token: number;
  total_cost_usd: number;
  currency: string;
};

export const ApiCostEvent = lazySchema(() =>
  named<ApiCostEvent>()(
    z.object(
      lazyFields({
        get provider() {
          return z.string();
        },
        get api_endpoint() {
          return z.string();
        },
        get request_count() {
          return u64();
        },
        get cost_per_request() {
          return f64();
        },
        get total_cost_usd() {
          return f64();
        },
        get billing_period() {
          return z.string();
        },
      }),
    ),
  ),
);
export type ApiCostEvent = {
  provider: string;
  api_endpoint: string;
  request_count: number;
  cost_per_request: number;
  total_cost_usd: number;
  billing_period: string;
};

export const RESOURCE_TYPES = ["compute", "storage", "network", "memory", "gpu"] as const;
/** Known resource kinds, or `{"other": "..."}`. */
export const ResourceType = lazySchema(() =>
  namedUnion<ResourceType>()(externalEnum("ResourceType", RESOURCE_TYPES, "other", z.string())),
);
/** Known resource kinds, or `{"other": "..."}`. */
export type ResourceType =
  | "compute"
  | "storage"
  | "network"
  | "memory"
  | "gpu"
  | {
      other: string;
    };

export const ResourceConsumptionEvent = lazySchema(() =>
  named<ResourceConsumptionEvent>()(
    z.object(
      lazyFields({
        resource_type: ResourceType,
        get resource_id() {
          return z.string();
        },
        get quantity() {
          return f64();
        },
        get unit() {
          return z.string();
        },
        get cost_usd() {
          return f64();
        },
        get utilization_percent() {
          return f64();
        },
      }),
    ),
  ),
);
export type ResourceConsumptionEvent = {
  resource_type: ResourceType;
  resource_id: string;
  quantity: number;
  unit: string;
  cost_usd: number;
  utilization_percent: number;
};

export const BUDGET_ALERT_TYPES = ["warning", "critical", "exceeded"] as const;
export const BudgetAlertType = lazySchema(() => z.enum(BUDGET_ALERT_TYPES));
export type BudgetAlertType = z.infer<typeof BudgetAlertType>;

export const BudgetAlertEvent = lazySchema(() =>
  named<BudgetAlertEvent>()(
    z.object(
      lazyFields({
        get budget_id() {
          return z.string();
        },
        get budget_name() {
          return z.string();
        },
        get budget_limit_usd() {
          return f64();
        },
        get current_spend_usd() {
          return f64();
        },
        get threshold_percent() {
          return f64();
        },
        alert_type: BudgetAlertType,
      }),
    ),
  ),
);
export type BudgetAlertEvent = {
  budget_id: string;
  budget_name: string;
  budget_limit_usd: number;
  current_spend_usd: number;
  threshold_percent: number;
  alert_type: BudgetAlertType;
};

export const COST_TYPES = ["token_cost", "api_cost", "resource_consumption", "budget_alert"] as const;
export type CostType = (typeof COST_TYPES)[number];

/** Cost payloads, internally tagged by `cost_type`. */
export const CostPayload = lazySchema(() =>
  namedUnion<CostPayload>()(
    tagUnion("CostPayload", "cost_type", {
      token_cost: TokenCostEvent,
      api_cost: ApiCostEvent,
      resource_consumption: ResourceConsumptionEvent,
      budget_alert: BudgetAlertEvent,
    }),
  ),
);
/** Cost payloads, internally tagged by `cost_type`. */
export type CostPayload =
  | ({ cost_type: "token_cost" } & TokenCostEvent)
  | ({ cost_type: "api_cost" } & ApiCostEvent)
  | ({ cost_type: "resource_consumption" } & ResourceConsumptionEvent)
  | ({ cost_type: "budget_alert" } & BudgetAlertEvent);
