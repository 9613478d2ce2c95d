import { AnalyticsEvent } from "../../src/events/index.js";
import { type CheckCase, fixture } from "./cases.js";

const E = AnalyticsEvent;
const tokenUsage = () => fixture("event-telemetry-token-usage.json");
const errorRate = () => fixture("event-telemetry-error-rate.json");
const latency = () => fixture("event-telemetry-latency-full.json");
// OpenAI list prices for gpt-4o-mini: $0.15 / 1M prompt tokens, $0.60 / 1M completion tokens;
// 2150 × 0.00000015 + 380 × 0.0000006 = 0.0005505 USD, as the fixture states.
const tokenCost = () => fixture("event-cost-token-cost-gpt-4o-mini.json");
// The hub's metrics example: 125.50 USD over 25000 requests is 0.00502 per request (WIRE_FORMAT.md §3).
const apiCost = () => fixture("event-cost-api-cost.json");
const compliance = () => fixture("event-governance-compliance-check.json");

/** Event cases: mutations of conformance fixtures, numbers from the spec or the fixtures. */
export const EVENT_CASES: CheckCase[] = [
  {
    code: "score_out_of_range",
    name: "an accuracy of 1.7 (the issue's own example of a score that makes no sense)",
    schema: E,
    base: () => fixture("event-telemetry-model-performance.json"),
    mutate: (d) => {
      d.payload.data.accuracy = 1.7;
    },
    path: "/payload/data/accuracy",
  },
  {
    code: "score_out_of_range",
    name: "a negative compliance score",
    schema: E,
    base: compliance,
    mutate: (d) => {
      d.payload.data.score = -0.25;
    },
    path: "/payload/data/score",
  },
  {
    code: "score_out_of_range",
    name: "a compliance score above 100, out of range on either scale",
    schema: E,
    base: compliance,
    mutate: (d) => {
      d.payload.data.score = 100.5;
    },
    path: "/payload/data/score",
  },
  {
    code: "percent_out_of_range",
    name: "GPU utilization of 104.2%",
    schema: E,
    base: () => fixture("event-cost-resource-gpu.json"),
    mutate: (d) => {
      d.payload.data.utilization_percent = 104.2;
    },
    path: "/payload/data/utilization_percent",
  },
  {
    code: "percent_out_of_range",
    name: "a negative error rate",
    schema: E,
    base: errorRate,
    mutate: (d) => {
      d.payload.data.error_rate_percent = -1.2;
    },
    path: "/payload/data/error_rate_percent",
  },
  {
    code: "cvss_out_of_range",
    name: "a CVSS score of 11 (CVSS v3.1 scores run from 0.0 to 10.0)",
    schema: E,
    base: () => fixture("event-security-vulnerability-cve.json"),
    mutate: (d) => {
      d.payload.data.severity_score = 11;
    },
    path: "/payload/data/severity_score",
  },
  {
    code: "negative_value",
    name: "a negative GPU quantity",
    schema: E,
    base: () => fixture("event-cost-resource-gpu.json"),
    mutate: (d) => {
      d.payload.data.quantity = -24;
    },
    path: "/payload/data/quantity",
  },
  {
    code: "negative_value",
    name: "a negative queue time in the latency breakdown",
    schema: E,
    base: latency,
    mutate: (d) => {
      d.payload.data.breakdown.queue_time_ms = -18.2;
      d.payload.data.breakdown.processing_time_ms = 808.3;
    },
    path: "/payload/data/breakdown/queue_time_ms",
  },
  {
    code: "negative_value",
    name: "a negative throughput",
    schema: E,
    base: () => fixture("event-telemetry-throughput.json"),
    mutate: (d) => {
      d.payload.data.requests_per_second = -42;
    },
    path: "/payload/data/requests_per_second",
  },
  {
    code: "negative_value",
    name: "a negative price per prompt token",
    schema: E,
    base: tokenCost,
    mutate: (d) => {
      d.payload.data.cost_per_prompt_token = -0.00000015;
      d.payload.data.total_cost_usd = -0.0003225 + 0.000228;
    },
    path: "/payload/data/cost_per_prompt_token",
  },
  {
    code: "negative_value",
    name: "a negative budget limit",
    schema: E,
    base: () => fixture("event-cost-budget-warning.json"),
    mutate: (d) => {
      d.payload.data.budget_limit_usd = -25000;
    },
    path: "/payload/data/budget_limit_usd",
  },
  {
    code: "negative_value",
    name: "a negative cost per request",
    schema: E,
    base: apiCost,
    mutate: (d) => {
      d.payload.data.cost_per_request = -0.00502;
      d.payload.data.total_cost_usd = -125.5;
    },
    path: "/payload/data/cost_per_request",
  },
  {
    code: "ambiguous_score_scale",
    name: "a compliance score of 66.7 (the hub's own example value)",
    schema: E,
    base: compliance,
    mutate: (d) => {
      d.payload.data.score = 66.7;
    },
    path: "/payload/data/score",
  },
  {
    code: "payload_type_mismatch",
    name: "event_type cost with a telemetry payload",
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.event_type = "cost";
    },
    path: "/payload/payload_type",
  },
  {
    code: "payload_type_mismatch",
    name: "event_type governance with a security payload",
    schema: E,
    base: () => fixture("event-security-auth-login-failed.json"),
    mutate: (d) => {
      d.event_type = "governance";
    },
    path: "/payload/payload_type",
  },
  {
    code: "source_module_mismatch",
    name: "llm-cost-ops emitting token-usage telemetry",
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.source_module = "llm-cost-ops";
    },
    path: "/source_module",
  },
  {
    code: "unsupported_schema_version",
    name: 'schema_version "1.1.0" (the ingestion service requires exactly "1.0.0")',
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.schema_version = "1.1.0";
    },
    path: "/schema_version",
  },
  {
    code: "timestamp_not_after_epoch",
    name: "a timestamp one second before the Unix epoch",
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.timestamp = "1970-01-01T00:59:59+01:00";
    },
    path: "/timestamp",
  },
  {
    code: "timestamp_not_after_epoch",
    name: "the epoch itself",
    schema: E,
    base: () => ({ ...tokenUsage(), timestamp: "1970-01-01T00:00:00.001Z" }),
    mutate: (d) => {
      d.timestamp = "1970-01-01T00:00:00Z";
    },
    path: "/timestamp",
  },
  {
    code: "event_is_own_parent",
    name: "parent_event_id set to the event's own id (in another spelling)",
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.parent_event_id = d.event_id.toUpperCase();
    },
    path: "/parent_event_id",
  },
  {
    code: "total_tokens_mismatch",
    name: "token usage 1840 + 412 with total 2253",
    schema: E,
    base: tokenUsage,
    mutate: (d) => {
      d.payload.data.total_tokens = 2253;
    },
    path: "/payload/data/total_tokens",
  },
  {
    code: "total_tokens_mismatch",
    name: "token cost 2150 + 380 with total 2150",
    schema: E,
    base: tokenCost,
    mutate: (d) => {
      d.payload.data.total_tokens = 2150;
    },
    path: "/payload/data/total_tokens",
  },
  {
    code: "failed_exceeds_total",
    name: "184221 failed of 184220",
    schema: E,
    base: errorRate,
    mutate: (d) => {
      d.payload.data.failed_requests = 184221;
      d.payload.data.error_rate_percent = 100;
    },
    path: "/payload/data/failed_requests",
  },
  {
    code: "error_rate_mismatch",
    name: "2211 / 184220 is 1.2002%: 1.25 is no rounding of it",
    schema: E,
    base: errorRate,
    mutate: (d) => {
      d.payload.data.error_rate_percent = 1.25;
    },
    path: "/payload/data/error_rate_percent",
  },
  {
    code: "error_rate_mismatch",
    name: "a fraction (0.012) written where a percentage is expected",
    schema: E,
    base: errorRate,
    mutate: (d) => {
      d.payload.data.error_rate_percent = 0.012;
    },
    path: "/payload/data/error_rate_percent",
  },
  {
    code: "error_rate_mismatch",
    name: "an error rate with no requests at all",
    schema: E,
    base: () => fixture("event-telemetry-error-rate-large-counts.json"),
    mutate: (d) => {
      d.payload.data.total_requests = 0;
      d.payload.data.error_rate_percent = 5;
    },
    path: "/payload/data/error_rate_percent",
  },
  {
    code: "error_breakdown_exceeds_failed",
    name: "breakdown 2000 + 611 + 98 = 2709 for 2211 failures",
    schema: E,
    base: errorRate,
    mutate: (d) => {
      d.payload.data.error_breakdown.rate_limited = 2000;
    },
    path: "/payload/data/error_breakdown",
  },
  {
    code: "ttft_exceeds_total_latency",
    name: "first token at 900 ms of an 842.7 ms request",
    schema: E,
    base: latency,
    mutate: (d) => {
      d.payload.data.ttft_ms = 900;
    },
    path: "/payload/data/ttft_ms",
  },
  {
    code: "latency_breakdown_mismatch",
    name: "parts adding up to 942.7 ms for an 842.7 ms request",
    schema: E,
    base: latency,
    mutate: (d) => {
      d.payload.data.breakdown.other_ms = 111.5;
    },
    path: "/payload/data/breakdown",
  },
  {
    code: "latency_breakdown_mismatch",
    name: "parts 0.3 ms short, beyond the 0.25 ms that five one-decimal roundings allow",
    schema: E,
    base: latency,
    mutate: (d) => {
      d.payload.data.breakdown.other_ms = 11.2;
    },
    path: "/payload/data/breakdown",
  },
  {
    code: "token_cost_mismatch",
    name: "total 0.0011 USD for 0.0005505 USD of tokens",
    schema: E,
    base: tokenCost,
    mutate: (d) => {
      d.payload.data.total_cost_usd = 0.0011;
    },
    path: "/payload/data/total_cost_usd",
  },
  {
    code: "token_cost_mismatch",
    name: "Claude Sonnet 4 at $3 / $15 per 1M tokens: 1840 × 3e-6 + 412 × 1.5e-5 = 0.0117, not 0.0118",
    schema: E,
    base: () => fixture("event-cost-token-cost-exponent-notation.json"),
    mutate: (d) => {
      d.payload.data.total_cost_usd = 0.0118;
    },
    path: "/payload/data/total_cost_usd",
  },
  {
    code: "api_cost_mismatch",
    name: "25000 requests × 0.00502 USD billed as 130 USD",
    schema: E,
    base: apiCost,
    mutate: (d) => {
      d.payload.data.total_cost_usd = 130;
    },
    path: "/payload/data/total_cost_usd",
  },
  {
    code: "budget_not_exceeded",
    name: 'alert "exceeded" with 3900 spent of a 4000 budget',
    schema: E,
    base: () => fixture("event-cost-budget-exceeded.json"),
    mutate: (d) => {
      d.payload.data.current_spend_usd = 3900;
    },
    path: "/payload/data/alert_type",
  },
  {
    code: "budget_threshold_not_reached",
    name: "an 80% alert at 15000 of 25000 (60%)",
    schema: E,
    base: () => fixture("event-cost-budget-warning.json"),
    mutate: (d) => {
      d.payload.data.current_spend_usd = 15000;
    },
    path: "/payload/data/threshold_percent",
  },
  {
    code: "compliance_passed_with_failures",
    name: "passed: true with control CC6.7 failing",
    schema: E,
    base: compliance,
    mutate: (d) => {
      d.payload.data.passed = true;
    },
    path: "/payload/data/passed",
  },
  {
    code: "finding_control_not_checked",
    name: "a finding for A1.2 when A1.2 was not checked",
    schema: E,
    base: compliance,
    mutate: (d) => {
      d.payload.data.controls_checked = ["CC6.1", "CC6.7", "CC7.2"];
    },
    path: "/payload/data/findings/3/control_id",
  },
  {
    code: "failure_reason_on_success",
    name: "a successful login with a failure reason",
    schema: E,
    base: () => fixture("event-security-auth-login-failed.json"),
    mutate: (d) => {
      d.payload.data.success = true;
    },
    path: "/payload/data/failure_reason",
  },
];
