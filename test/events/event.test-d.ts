import { describe, expectTypeOf, it } from "vitest";
import type {
  AnalyticsEvent,
  AnalyticsEventInput,
  CostPayload,
  EventPayload,
  Severity,
  SourceModule,
  TelemetryPayload,
  ThreatType,
} from "../../src/events/index.js";
import { createCostEvent } from "../../src/events/index.js";

describe("inferred event types", () => {
  it("pins the enums", () => {
    expectTypeOf<AnalyticsEvent["severity"]>().toEqualTypeOf<Severity>();
    expectTypeOf<Severity>().toEqualTypeOf<"debug" | "info" | "warning" | "error" | "critical">();
    expectTypeOf<SourceModule>().toEqualTypeOf<
      | "llm-observatory"
      | "llm-sentinel"
      | "llm-cost-ops"
      | "llm-governance-dashboard"
      | "llm-registry"
      | "llm-policy-engine"
      | "llm-analytics-hub"
    >();
    expectTypeOf<ThreatType>().toEqualTypeOf<
      | "prompt_injection"
      | "data_exfiltration"
      | "model_poisoning"
      | "denial_of_service"
      | "unauthorized_access"
      | "malicious_input"
      | { other: string }
    >();
  });

  it("pins the payload unions by their tags", () => {
    expectTypeOf<EventPayload["payload_type"]>().toEqualTypeOf<
      "telemetry" | "security" | "cost" | "governance" | "custom"
    >();
    expectTypeOf<TelemetryPayload["telemetry_type"]>().toEqualTypeOf<
      "latency" | "throughput" | "error_rate" | "token_usage" | "model_performance"
    >();
    expectTypeOf<CostPayload["cost_type"]>().toEqualTypeOf<
      "token_cost" | "api_cost" | "resource_consumption" | "budget_alert"
    >();
    expectTypeOf<Extract<EventPayload, { payload_type: "telemetry" }>["data"]>().toEqualTypeOf<TelemetryPayload>();
    expectTypeOf<Extract<TelemetryPayload, { telemetry_type: "latency" }>["ttft_ms"]>().toEqualTypeOf<
      number | null | undefined
    >();
  });

  it("makes event_id required on output and optional on input", () => {
    expectTypeOf<AnalyticsEvent["event_id"]>().toEqualTypeOf<string>();
    expectTypeOf<AnalyticsEventInput>().toHaveProperty("event_id");
    expectTypeOf<{ event_id?: string | undefined }>().toMatchTypeOf<Pick<AnalyticsEventInput, "event_id">>();
    expectTypeOf<AnalyticsEvent["tags"]>().toEqualTypeOf<Record<string, string>>();
  });

  it("narrows a builder's payload from its tag", () => {
    const event = createCostEvent(
      {
        cost_type: "api_cost",
        provider: "p",
        api_endpoint: "/",
        request_count: 1,
        cost_per_request: 1,
        total_cost_usd: 1,
        billing_period: "m",
      },
      { environment: "e" },
    );
    expectTypeOf(event.payload.payload_type).toEqualTypeOf<"cost">();
    expectTypeOf(event.payload.data.cost_type).toEqualTypeOf<"api_cost">();
    expectTypeOf(event.payload.data.request_count).toEqualTypeOf<number>();
  });
});
