import { describe, expect, it } from "vitest";
import {
  AnalyticsEvent,
  createCostEvent,
  createCustomEvent,
  createGovernanceEvent,
  createSecurityEvent,
  createTelemetryEvent,
} from "../../src/events/index.js";

// 2025-06-03T14:22:05Z = 1748960525000 ms; RFC 9562 §5.7: a v7 UUID starts with the 48-bit
// big-endian millisecond timestamp (0x0197362bbac8) and has version nibble 7 and variant 10xx.
const clock = { now: () => 1_748_960_525_000, random: () => new Uint8Array(16).fill(0xab) };

describe("createTelemetryEvent", () => {
  const event = createTelemetryEvent(
    { telemetry_type: "latency", model_id: "gpt-4o-mini", request_id: "req-1", total_latency_ms: 812.5, ttft_ms: 140 },
    { environment: "production", tags: { provider: "openai" } },
    clock,
  );

  it("fills id, timestamp, version, tags and the tags of both unions", () => {
    expect(event).toEqual({
      event_id: expect.stringMatching(/^0197362b-bac8-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-observatory",
      event_type: "telemetry",
      schema_version: "1.0.0",
      severity: "info",
      environment: "production",
      tags: { provider: "openai" },
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "latency",
          model_id: "gpt-4o-mini",
          request_id: "req-1",
          total_latency_ms: 812.5,
          ttft_ms: 140,
        },
      },
    });
  });

  it("is a fixed point of AnalyticsEvent.parse", () => {
    expect(AnalyticsEvent.parse(event)).toEqual(event);
  });

  it("orders ids by time", () => {
    const later = createTelemetryEvent(
      {
        telemetry_type: "throughput",
        model_id: "m",
        requests_per_second: 1,
        tokens_per_second: 2,
        concurrent_requests: 3,
        window_duration_seconds: 60,
      },
      { environment: "production" },
      { ...clock, now: () => 1_748_960_525_001 },
    );
    expect(later.event_id > event.event_id).toBe(true);
  });

  it("throws a ZodError naming the path of a bad field", () => {
    expect(() =>
      createTelemetryEvent(
        {
          telemetry_type: "token_usage",
          model_id: "m",
          request_id: "r",
          prompt_tokens: -1,
          completion_tokens: 1,
          total_tokens: 0,
        },
        { environment: "production" },
        clock,
      ),
    ).toThrow(/prompt_tokens/);
  });
});

describe("the other families", () => {
  it("default event_type and source_module per family, and honour overrides", () => {
    const security = createSecurityEvent(
      {
        security_type: "threat",
        threat_id: "t-1",
        threat_type: { other: "jailbreak" },
        threat_level: "high",
        source_ip: null,
        target_resource: "chat",
        attack_vector: "prompt",
        mitigation_status: "blocked",
        indicators_of_compromise: [],
      },
      { environment: "staging", severity: "warning" },
      clock,
    );
    expect(security).toMatchObject({ source_module: "llm-sentinel", event_type: "security", severity: "warning" });
    expect(security.payload.data.threat_type).toEqual({ other: "jailbreak" });

    const cost = createCostEvent(
      {
        cost_type: "budget_alert",
        budget_id: "b",
        budget_name: "Team",
        budget_limit_usd: 1000,
        current_spend_usd: 920,
        threshold_percent: 90,
        alert_type: "warning",
      },
      { environment: "production", event_type: "alert", correlation_id: "67E55044-10B1-426F-9247-BB680E5FE0C8" },
      clock,
    );
    expect(cost).toMatchObject({
      source_module: "llm-cost-ops",
      event_type: "alert",
      correlation_id: "67e55044-10b1-426f-9247-bb680e5fe0c8",
    });

    const governance = createGovernanceEvent(
      {
        governance_type: "audit_trail",
        action: "update",
        actor: "alice",
        resource_type: "policy",
        resource_id: "p-1",
        changes: { enabled: false },
      },
      {
        environment: "production",
        timestamp: "2025-06-03T19:52:05+05:30",
        event_id: "{67e55044-10b1-426f-9247-bb680e5fe0c8}",
      },
    );
    expect(governance).toMatchObject({
      event_id: "67e55044-10b1-426f-9247-bb680e5fe0c8",
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-governance-dashboard",
    });

    const custom = createCustomEvent("model_deployed", { version: 3 }, { environment: "production" }, clock);
    expect(custom.payload).toEqual({
      payload_type: "custom",
      data: { custom_type: "model_deployed", data: { version: 3 } },
    });
    expect(custom.event_type).toBe("lifecycle");
  });

  it("does not mutate its inputs", () => {
    const tags = Object.freeze({ a: "1" });
    const data = Object.freeze({ custom_type: "x", data: Object.freeze({ y: 1 }) });
    const event = createCustomEvent("x", data.data, Object.freeze({ environment: "p", tags }), clock);
    expect(event.tags).toEqual({ a: "1" });
    expect(event.tags).not.toBe(tags);
  });
});
