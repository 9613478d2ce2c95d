import { TIMESTAMP_PATTERN, toEpochMillis } from "../core/index.js";
import { withFields } from "../core/lazy.js";
import {
  AnalyticsEvent,
  ApiCostEvent,
  AuthEvent,
  BudgetAlertEvent,
  CommonEventFields,
  ComplianceCheckEvent,
  ErrorRateMetrics,
  EventPayload,
  LatencyBreakdown,
  LatencyMetrics,
  ModelPerformanceMetrics,
  ResourceConsumptionEvent,
  SCHEMA_VERSION,
  ThroughputMetrics,
  TokenCostEvent,
  TokenUsageMetrics,
  VulnerabilityEvent,
} from "../events/index.js";
import type { CheckIssue } from "./issue.js";
import { bool, child, type Node, nodes, num, own, show, str } from "./read.js";
import { defineBoundsRule, defineRule, type Report, type Rule, reportBound } from "./rule.js";
import { reportUndefinedScale } from "./shared.js";
import { isRoundingOf, isSumWithinRounding } from "./tolerance.js";
import { runRules } from "./walk.js";

/*
 * Semantic checks of AnalyticsEvent and its payloads. The hub checks none of these
 * (WIRE_FORMAT.md §5.2, §5.6); parsing accepts every such document and these rules say what
 * is wrong with it.
 */

const FAMILIES = new Set(["telemetry", "security", "cost", "governance"]);

/**
 * The modules that emit each payload family on the hub's platform. The analytics hub itself
 * re-emits aggregates of every family; the registry emits lineage (governance) events.
 */
const FAMILY_MODULES = new Map<string, readonly string[]>([
  ["telemetry", ["llm-observatory", "llm-analytics-hub"]],
  ["security", ["llm-sentinel", "llm-analytics-hub"]],
  ["cost", ["llm-cost-ops", "llm-analytics-hub"]],
  ["governance", ["llm-governance-dashboard", "llm-policy-engine", "llm-registry", "llm-analytics-hub"]],
]);

function reportEnvelope(event: Node, report: Report): void {
  const payload = child(event, "payload");
  const payloadType = payload && str(payload, "payload_type");
  const eventType = str(event, "event_type");
  if (payloadType && eventType && FAMILIES.has(payloadType) && FAMILIES.has(eventType) && payloadType !== eventType) {
    report(
      "payload_type_mismatch",
      ["payload", "payload_type"],
      `payload_type is "${payloadType}" but event_type is "${eventType}", a different payload family`,
    );
  }
  const module = str(event, "source_module");
  const modules = payloadType ? FAMILY_MODULES.get(payloadType) : undefined;
  if (module && modules && !modules.includes(module)) {
    report(
      "source_module_mismatch",
      ["source_module"],
      `source_module "${module}" does not emit ${payloadType} payloads (expected ${modules.join(" or ")})`,
    );
  }
  const version = str(event, "schema_version");
  if (version !== undefined && version !== SCHEMA_VERSION) {
    report(
      "unsupported_schema_version",
      ["schema_version"],
      `schema_version is ${JSON.stringify(version)}; the hub's ingestion service accepts only "${SCHEMA_VERSION}"`,
    );
  }
  const timestamp = str(event, "timestamp");
  if (timestamp && TIMESTAMP_PATTERN.test(timestamp) && toEpochMillis(timestamp) <= 0) {
    report(
      "timestamp_not_after_epoch",
      ["timestamp"],
      `timestamp ${timestamp} is not after 1970-01-01T00:00:00Z; the hub's processing pipeline rejects it`,
    );
  }
  const id = str(event, "event_id");
  if (id !== undefined && str(event, "parent_event_id") === id) {
    report("event_is_own_parent", ["parent_event_id"], `parent_event_id is the event's own event_id ${id}`);
  }
}

function reportTotalTokens(node: Node, report: Report): void {
  const prompt = num(node, "prompt_tokens");
  const completion = num(node, "completion_tokens");
  const total = num(node, "total_tokens");
  if (prompt === undefined || completion === undefined || total === undefined) return;
  if (total !== prompt + completion) {
    report(
      "total_tokens_mismatch",
      ["total_tokens"],
      `total_tokens is ${total} but prompt_tokens + completion_tokens is ${prompt} + ${completion} = ${prompt + completion}`,
    );
  }
}

function reportErrorRate(node: Node, report: Report): void {
  const total = num(node, "total_requests");
  const failed = num(node, "failed_requests");
  const rate = num(node, "error_rate_percent");
  reportBound(node, "error_rate_percent", "percent", report);
  if (total === undefined || failed === undefined) return;
  if (failed > total) {
    report("failed_exceeds_total", ["failed_requests"], `failed_requests ${failed} exceeds total_requests ${total}`);
  } else if (rate !== undefined && rate >= 0 && rate <= 100) {
    const exact = total === 0 ? 0 : (failed / total) * 100;
    if (!isRoundingOf({ stored: rate, exact })) {
      report(
        "error_rate_mismatch",
        ["error_rate_percent"],
        `error_rate_percent is ${show(rate)} but failed_requests / total_requests × 100 is ${show(exact)}`,
      );
    }
  }
  const breakdown = child(node, "error_breakdown");
  if (breakdown) {
    let sum = 0;
    for (const k of Object.keys(breakdown)) {
      const v = own(breakdown, k);
      if (typeof v === "number") sum += v;
    }
    if (sum > failed) {
      report(
        "error_breakdown_exceeds_failed",
        ["error_breakdown"],
        `the error_breakdown counts add up to ${sum}, more than failed_requests ${failed}`,
      );
    }
  }
}

function reportLatency(node: Node, report: Report): void {
  for (const key of ["total_latency_ms", "ttft_ms", "tokens_per_second"]) reportBound(node, key, "nonnegative", report);
  const total = num(node, "total_latency_ms");
  const ttft = num(node, "ttft_ms");
  if (total !== undefined && ttft !== undefined && ttft > total) {
    report(
      "ttft_exceeds_total_latency",
      ["ttft_ms"],
      `ttft_ms ${show(ttft)} is longer than total_latency_ms ${show(total)}`,
    );
  }
  const breakdown = child(node, "breakdown");
  if (total === undefined || !breakdown) return;
  const parts = ["queue_time_ms", "processing_time_ms", "network_time_ms", "other_ms"].map((k) => num(breakdown, k));
  if (parts.some((p) => p === undefined)) return;
  const values = parts as number[];
  if (!isSumWithinRounding(total, values)) {
    const sum = values.reduce((a, b) => a + b, 0);
    report(
      "latency_breakdown_mismatch",
      ["breakdown"],
      `the breakdown adds up to ${show(sum)} ms but total_latency_ms is ${show(total)}`,
    );
  }
}

function reportTokenCost(node: Node, report: Report): void {
  reportTotalTokens(node, report);
  for (const key of ["cost_per_prompt_token", "cost_per_completion_token", "total_cost_usd"]) {
    reportBound(node, key, "nonnegative", report);
  }
  const prompt = num(node, "prompt_tokens");
  const completion = num(node, "completion_tokens");
  const promptPrice = num(node, "cost_per_prompt_token");
  const completionPrice = num(node, "cost_per_completion_token");
  const total = num(node, "total_cost_usd");
  if ([prompt, completion, promptPrice, completionPrice, total].some((v) => v === undefined)) return;
  const exact = (prompt as number) * (promptPrice as number) + (completion as number) * (completionPrice as number);
  if (!isRoundingOf({ stored: total as number, exact, minDecimals: 2 })) {
    report(
      "token_cost_mismatch",
      ["total_cost_usd"],
      `total_cost_usd is ${show(total as number)} but ${prompt} × ${show(promptPrice as number)} + ${completion} × ${show(completionPrice as number)} = ${show(exact)}`,
    );
  }
}

function reportApiCost(node: Node, report: Report): void {
  reportBound(node, "cost_per_request", "nonnegative", report);
  reportBound(node, "total_cost_usd", "nonnegative", report);
  const count = num(node, "request_count");
  const price = num(node, "cost_per_request");
  const total = num(node, "total_cost_usd");
  if (count === undefined || price === undefined || total === undefined) return;
  const ok =
    isRoundingOf({ stored: total, exact: count * price, minDecimals: 2 }) ||
    (count > 0 && isRoundingOf({ stored: price, exact: total / count, minDecimals: 2 }));
  if (!ok) {
    report(
      "api_cost_mismatch",
      ["total_cost_usd"],
      `total_cost_usd is ${show(total)} but request_count × cost_per_request is ${count} × ${show(price)} = ${show(count * price)}`,
    );
  }
}

function reportBudgetAlert(node: Node, report: Report): void {
  for (const key of ["budget_limit_usd", "current_spend_usd", "threshold_percent"]) {
    reportBound(node, key, "nonnegative", report);
  }
  const limit = num(node, "budget_limit_usd");
  const spend = num(node, "current_spend_usd");
  const threshold = num(node, "threshold_percent");
  if (limit === undefined || spend === undefined) return;
  if (str(node, "alert_type") === "exceeded" && spend < limit) {
    report(
      "budget_not_exceeded",
      ["alert_type"],
      `alert_type is "exceeded" but current_spend_usd ${show(spend)} is below budget_limit_usd ${show(limit)}`,
    );
  }
  if (threshold !== undefined && limit > 0 && (spend / limit) * 100 < threshold) {
    report(
      "budget_threshold_not_reached",
      ["threshold_percent"],
      `current_spend_usd ${show(spend)} is ${show((spend / limit) * 100)}% of budget_limit_usd ${show(limit)}, below threshold_percent ${show(threshold)}`,
    );
  }
}

function reportComplianceCheck(node: Node, report: Report): void {
  const findings = nodes(node, "findings");
  if (bool(node, "passed") === true) {
    const failed = findings.find(([, f]) => str(f, "status") === "fail");
    if (failed) {
      report(
        "compliance_passed_with_failures",
        ["passed"],
        `passed is true but finding ${failed[0]} (${JSON.stringify(str(failed[1], "control_id") ?? "")}) has status "fail"`,
      );
    }
  }
  const checked = own(node, "controls_checked");
  if (Array.isArray(checked)) {
    const controls = new Set(checked);
    for (const [i, f] of findings) {
      const control = str(f, "control_id");
      if (control !== undefined && !controls.has(control)) {
        report(
          "finding_control_not_checked",
          ["findings", i, "control_id"],
          `finding control_id ${JSON.stringify(control)} is not in controls_checked`,
        );
      }
    }
  }
  reportUndefinedScale(node, "score", report);
}

function reportAuth(node: Node, report: Report): void {
  const reason = str(node, "failure_reason");
  if (bool(node, "success") === true && reason !== undefined && reason !== "") {
    report(
      "failure_reason_on_success",
      ["failure_reason"],
      `success is true but failure_reason is ${JSON.stringify(reason)}`,
    );
  }
}

/** The event rules, for `check` and for the rules of domains that embed events. */
export const EVENT_RULES: readonly Rule[] = [
  defineRule("AnalyticsEvent", () => withFields({ payload: EventPayload }, CommonEventFields), reportEnvelope),
  defineRule("TokenUsageMetrics", TokenUsageMetrics, reportTotalTokens),
  defineRule("ErrorRateMetrics", ErrorRateMetrics, reportErrorRate),
  defineRule("LatencyMetrics", LatencyMetrics, reportLatency),
  defineBoundsRule("LatencyBreakdown", LatencyBreakdown, {
    queue_time_ms: "nonnegative",
    processing_time_ms: "nonnegative",
    network_time_ms: "nonnegative",
    other_ms: "nonnegative",
  }),
  defineBoundsRule("ThroughputMetrics", ThroughputMetrics, {
    requests_per_second: "nonnegative",
    tokens_per_second: "nonnegative",
  }),
  defineBoundsRule("ModelPerformanceMetrics", ModelPerformanceMetrics, { accuracy: "score", quality_score: "score" }),
  defineBoundsRule("VulnerabilityEvent", VulnerabilityEvent, { severity_score: "cvss" }),
  defineRule("AuthEvent", AuthEvent, reportAuth),
  defineRule("TokenCostEvent", TokenCostEvent, reportTokenCost),
  defineRule("ApiCostEvent", ApiCostEvent, reportApiCost),
  defineBoundsRule("ResourceConsumptionEvent", ResourceConsumptionEvent, {
    quantity: "nonnegative",
    cost_usd: "nonnegative",
    utilization_percent: "percent",
  }),
  defineRule("BudgetAlertEvent", BudgetAlertEvent, reportBudgetAlert),
  defineRule("ComplianceCheckEvent", ComplianceCheckEvent, reportComplianceCheck),
];

/**
 * The semantic issues of a parsed AnalyticsEvent (see CHECK_CODES). O(size of the event);
 * never throws, whatever the value.
 */
export function checkAnalyticsEvent(event: AnalyticsEvent): CheckIssue[] {
  return runRules(EVENT_RULES, AnalyticsEvent, event);
}
