import { describe, expect, it } from "vitest";
import {
  type CorrelationConfig,
  CorrelationConfig as CorrelationConfigSchema,
  type CorrelationPattern,
  causalStrength,
  correlateEvents,
  DEFAULT_CORRELATION_CONFIG,
  EventCorrelation,
  temporalStrength,
} from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import {
  budgetAlert,
  custom,
  deepFreeze,
  errorRate,
  event,
  latency,
  policyViolation,
  threat,
  tokenCost,
  uuidOf,
} from "./helpers.js";

const roles = (c: EventCorrelation | undefined) => c?.events.map((e) => [e.event_id, e.role]);

describe("correlateEvents", () => {
  it("reads the hub's default configuration from accept/correlation-config-default-values.json", () => {
    expect(
      CorrelationConfigSchema.parse({
        auto_detect: true,
        patterns: [],
        correlation_window_minutes: 60,
        min_events: 2,
        alert_thresholds: { min_correlation_strength: 0.8, min_anomaly_score: 0.7, critical_impact_threshold: 0.9 },
      }),
    ).toEqual(DEFAULT_CORRELATION_CONFIG);
  });

  it("follows parent_event_id chains: root cause, contributors, effects", () => {
    const events = deepFreeze([
      event({ id: 3, minute: 6, module: "llm-observatory", parent: 2, payload: errorRate("m", 10, 100) }),
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 4000) }),
      event({ id: 2, minute: 2, module: "llm-observatory", parent: 1, payload: latency("m", 6000) }),
      event({ id: 4, minute: 3, module: "llm-observatory", parent: 1, payload: errorRate("m", 5, 100) }),
    ]);
    const [c, ...rest] = correlateEvents(events);
    expect(rest).toEqual([]);
    expect(EventCorrelation.parse(c)).toEqual(c);
    expect(c?.correlation_type).toBe("performance_degradation");
    expect(roles(c)).toEqual([
      [uuidOf(1), "root_cause"],
      [uuidOf(2), "contributor"],
      [uuidOf(4), "effect"],
      [uuidOf(3), "effect"],
    ]);
    // strength: mean of the three parent links' causalStrength over the 60-minute window.
    const s = [
      causalStrength(events[1] as AnalyticsEvent, events[2] as AnalyticsEvent),
      causalStrength(events[2] as AnalyticsEvent, events[0] as AnalyticsEvent),
      causalStrength(events[1] as AnalyticsEvent, events[3] as AnalyticsEvent),
    ];
    expect(c?.strength).toBeCloseTo((s[0]! + s[1]! + s[2]!) / 3, 14);
    // confidence: noisy-OR of strength × 0.9 per parent link.
    expect(c?.confidence).toBeCloseTo(1 - (1 - 0.9 * s[0]!) * (1 - 0.9 * s[1]!) * (1 - 0.9 * s[2]!), 14);
    expect(c?.time_window).toEqual({ start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:06:00Z" });
    expect(c?.detected_at).toBe("2025-06-03T14:06:00Z");
    expect(c?.metadata).toEqual({
      detector: "correlateEvents",
      parent_links: "3",
      shared_id_links: "0",
      temporal_links: "0",
      alert: "true",
    });
    expect(c?.events[0]).toEqual({
      event_id: uuidOf(1),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      timestamp: "2025-06-03T14:00:00Z",
      role: "root_cause",
      summary: "latency 4000 ms on m",
      metrics: { total_latency_ms: 4000 },
    });
  });

  it("chains events that share a correlation_id in time order", () => {
    const events = [
      event({
        id: 1,
        minute: 0,
        module: "llm-registry",
        type: "lifecycle",
        correlation: 77,
        payload: custom("model_deployed"),
      }),
      event({ id: 2, minute: 20, module: "llm-observatory", correlation: 77, payload: latency("m", 900) }),
      event({ id: 3, minute: 50, module: "llm-observatory", correlation: 77, payload: errorRate("m", 1, 10) }),
      event({ id: 4, minute: 200, module: "llm-observatory", correlation: 77, payload: errorRate("m", 1, 10) }),
    ];
    const [c, ...rest] = correlateEvents(events);
    expect(rest).toEqual([]);
    // The fourth event is 150 minutes later, beyond correlation_window_minutes 60: no link.
    expect(roles(c)).toEqual([
      [uuidOf(1), "root_cause"],
      [uuidOf(2), "contributor"],
      [uuidOf(3), "effect"],
    ]);
    expect(c?.correlation_type).toBe("causal_chain");
    // shared-id strength 0.5 + 0.5·(1 − Δt/60 min): Δt 20 → 5/6, Δt 30 → 3/4.
    expect(c?.strength).toBeCloseTo((5 / 6 + 3 / 4) / 2, 14);
    expect(c?.confidence).toBeCloseTo(1 - (1 - 0.7 * (5 / 6)) * (1 - 0.7 * 0.75), 14);
    expect(c?.metadata.shared_id_links).toBe("2");
  });

  it("groups close events of different modules as temporal, with the hub's strength", () => {
    const events = [
      event({ id: 1, minute: 0, module: "llm-sentinel", payload: threat("prompt_injection") }),
      event({ id: 2, minute: 0.5, module: "llm-policy-engine", payload: policyViolation("secrets") }),
      event({ id: 3, minute: 30, module: "llm-observatory", payload: latency("m", 1) }),
    ];
    const [c, ...rest] = correlateEvents(events);
    expect(rest).toEqual([]);
    expect(c?.correlation_type).toBe("temporal");
    expect(roles(c)).toEqual([
      [uuidOf(1), "related"],
      [uuidOf(2), "related"],
    ]);
    // 1 − 30/300 = 0.9 across modules; confidence 0.5 × 0.9
    expect(c?.strength).toBeCloseTo(0.9, 14);
    expect(c?.confidence).toBeCloseTo(0.45, 14);
    expect(c?.strength).toBe(temporalStrength(events[0]!, events[1]!));
  });

  it("names itself and its option when the temporal window is under one second", () => {
    const events = [
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 1) }),
      event({ id: 2, minute: 0, module: "llm-policy-engine", payload: policyViolation("secrets") }),
    ];
    expect(() => correlateEvents(events, undefined, { temporalWindowMs: 500 })).toThrow(
      "correlateEvents: options.temporalWindowMs must be at least 1000 (one second), received 500",
    );
  });

  it("keeps same-module coincidences out at the hub engine's 0.6 minimum, and in when asked", () => {
    // accept/event-correlation-temporal.json: two llm-sentinel events 17.099 s apart → (1 − 17/300) × 0.5.
    const a = deepFreeze({
      ...event({ id: 1, minute: 0, module: "llm-sentinel", severity: "critical", payload: threat("prompt_injection") }),
      timestamp: "2025-06-21T03:12:44.901Z",
    });
    const b = deepFreeze({
      ...event({ id: 2, minute: 0, module: "llm-sentinel", severity: "warning", payload: threat("prompt_injection") }),
      timestamp: "2025-06-21T03:13:02Z",
    });
    expect(correlateEvents([a, b])).toEqual([]);
    const [c] = correlateEvents([a, b], DEFAULT_CORRELATION_CONFIG, { minTemporalStrength: 0.4 });
    expect(c?.strength).toBeCloseTo((1 - 17 / 300) * 0.5, 14);
    expect(c?.time_window).toEqual({ start: "2025-06-21T03:12:44.901Z", end: "2025-06-21T03:13:02Z" });
  });

  it("chooses the correlation type by the documented rules", () => {
    const typeOf = (events: AnalyticsEvent[]) => correlateEvents(events)[0]?.correlation_type;
    expect(
      typeOf([
        event({ id: 1, minute: 0, module: "llm-sentinel", payload: threat("data_exfiltration") }),
        event({ id: 2, minute: 1, module: "llm-policy-engine", parent: 1, payload: policyViolation("dlp") }),
      ]),
    ).toBe("security_incident");
    expect(
      typeOf([
        event({ id: 1, minute: 0, module: "llm-policy-engine", payload: policyViolation("pii") }),
        event({ id: 2, minute: 1, module: "llm-observatory", parent: 1, payload: latency("m", 1) }),
      ]),
    ).toBe("compliance_cascade");
    expect(
      typeOf([
        event({ id: 1, minute: 0, module: "llm-observatory", payload: errorRate("m", 50, 100) }),
        event({ id: 2, minute: 30, module: "llm-cost-ops", type: "alert", parent: 1, payload: budgetAlert(1, 2) }),
      ]),
    ).toBe("cost_impact");
    expect(
      typeOf([
        event({ id: 1, minute: 0, module: "llm-cost-ops", payload: tokenCost("m", 1) }),
        event({ id: 2, minute: 1, module: "llm-cost-ops", parent: 1, payload: budgetAlert(1, 2) }),
      ]),
    ).toBe("causal_chain");
  });

  it("attaches coincidences to an incident as related without merging two incidents", () => {
    const events = [
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("a", 5000) }),
      event({ id: 2, minute: 3, module: "llm-observatory", parent: 1, payload: errorRate("a", 5, 10) }),
      event({ id: 11, minute: 4, module: "llm-cost-ops", payload: tokenCost("b", 9) }),
      event({ id: 12, minute: 8, module: "llm-cost-ops", parent: 11, payload: budgetAlert(9, 8) }),
      // 30 s after event 2 and event 11: a coincidence with both incidents.
      event({ id: 20, minute: 3.5, module: "llm-sentinel", payload: threat("prompt_injection") }),
    ];
    const found = correlateEvents(events);
    expect(found.map(roles)).toEqual([
      [
        [uuidOf(1), "root_cause"],
        [uuidOf(2), "effect"],
        [uuidOf(20), "related"],
      ],
      [
        [uuidOf(11), "root_cause"],
        [uuidOf(12), "effect"],
      ],
    ]);
    // The security event is related only, so it does not make the first a security incident.
    expect(found.map((c) => c.correlation_type)).toEqual(["performance_degradation", "causal_chain"]);
  });

  it("reports pattern matches as pattern_match correlations carrying the pattern", () => {
    const pattern: CorrelationPattern = {
      pattern_id: "latency-then-budget",
      name: "Latency then budget",
      description: "A latency spike followed by a budget alert within 30 minutes",
      modules: ["llm-observatory", "llm-cost-ops"],
      sequence: [
        {
          step_number: 1,
          module: "llm-observatory",
          event_type: "telemetry",
          conditions: { total_latency_ms: ">=4000" },
        },
        { step_number: 2, module: "llm-cost-ops", event_type: "alert", time_offset_ms: 1_800_000, conditions: {} },
      ],
    };
    const config: CorrelationConfig = { ...DEFAULT_CORRELATION_CONFIG, auto_detect: false, patterns: [pattern] };
    const events = [
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 4500) }),
      event({ id: 2, minute: 9, module: "llm-cost-ops", type: "alert", payload: budgetAlert(1, 2) }),
      event({ id: 3, minute: 9.5, module: "llm-sentinel", payload: threat("prompt_injection") }),
    ];
    const found = correlateEvents(events, config, { now: "2025-06-03T16:00:00+02:00" });
    expect(found).toHaveLength(1);
    const [c] = found;
    expect(c?.correlation_type).toBe("pattern_match");
    expect(c?.pattern).toEqual(pattern);
    expect(roles(c)).toEqual([
      [uuidOf(1), "root_cause"],
      [uuidOf(2), "effect"],
    ]);
    // strength: 1 − 0.5 × 9 min / 30 min = 0.85; confidence: 2 constraints met → 2/3.
    expect(c?.strength).toBeCloseTo(0.85, 14);
    expect(c?.confidence).toBeCloseTo(2 / 3, 14);
    expect(c?.detected_at).toBe("2025-06-03T14:00:00Z");
    expect(c?.metadata).toMatchObject({ pattern_id: "latency-then-budget", steps: "2", alert: "true" });
    // With auto_detect the temporal coincidence (30 s apart, 0.9) is reported too.
    const both = correlateEvents(events, { ...config, auto_detect: true });
    expect(both.map((x) => x.correlation_type).sort()).toEqual(["pattern_match", "temporal"]);
  });

  it("drops groups smaller than min_events", () => {
    const events = [
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 1) }),
      event({ id: 2, minute: 1, module: "llm-observatory", parent: 1, payload: latency("m", 2) }),
    ];
    expect(correlateEvents(events, { ...DEFAULT_CORRELATION_CONFIG, min_events: 3 })).toEqual([]);
    expect(correlateEvents(events, { ...DEFAULT_CORRELATION_CONFIG, min_events: 0 })).toHaveLength(1);
  });

  it("is deterministic, order-independent and does not mutate its inputs", () => {
    const events = deepFreeze([
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 1) }),
      event({ id: 2, minute: 1, module: "llm-cost-ops", parent: 1, payload: tokenCost("m", 2) }),
      event({ id: 3, minute: 1.2, module: "llm-sentinel", payload: threat("prompt_injection") }),
    ]);
    const config = deepFreeze({ ...DEFAULT_CORRELATION_CONFIG });
    const a = correlateEvents(events, config);
    expect(correlateEvents([...events].reverse(), config)).toEqual(a);
    expect(a[0]?.correlation_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("rejects repeated ids, an invalid config and a window that is not positive", () => {
    const e = event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 1) });
    expect(() => correlateEvents([e, e])).toThrow(`correlateEvents: events[1] repeats event_id ${uuidOf(1)}`);
    expect(() => correlateEvents([e], { ...DEFAULT_CORRELATION_CONFIG, correlation_window_minutes: -5 })).toThrow(
      "correlateEvents: config.correlation_window_minutes must be a finite number greater than 0, received -5",
    );
    expect(() => correlateEvents([e], { ...DEFAULT_CORRELATION_CONFIG, min_events: 1.5 })).toThrow(
      "correlateEvents: config.min_events is invalid: Invalid u64: expected an integer, received 1.5",
    );
    expect(() => correlateEvents([e], DEFAULT_CORRELATION_CONFIG, { now: "noon" })).toThrow(
      'correlateEvents: options.now must be an RFC 3339 timestamp with seconds and an offset, received "noon"',
    );
  });
});
