/*
 * A synthetic incident, end to end: a latency spike on gpt-4o-mini, then rising errors, then a
 * cost spike and a budget alert, among unrelated events from every module — some seconds away
 * from the incident's own events, one of them a small causal pair of its own.
 */
import { describe, expect, it } from "vitest";
import { checkEventGraph } from "../../src/checks/index.js";
import { fromEpochMillis, toEpochMillis } from "../../src/core/index.js";
import {
  type AnomalyEvent,
  assessImpact,
  causalStrength,
  correlateEvents,
  createEventGraph,
  DEFAULT_CORRELATION_CONFIG,
  detectAnomalies,
  type EventCorrelation,
  laggedCorrelationOf,
  rankRootCauses,
  toMermaid,
} from "../../src/correlation/index.js";
import { SOURCE_MODULES } from "../../src/events/index.js";
import {
  budgetAlert,
  custom,
  deepFreeze,
  errorRate,
  event,
  HAND_INCIDENT,
  latency,
  policyViolation,
  threat,
  tokenCost,
  uuidOf,
} from "./helpers.js";

const LATENCY = event({
  id: 1,
  minute: 10,
  module: "llm-observatory",
  severity: "warning",
  payload: latency("gpt-4o-mini", 5120),
});
const ERRORS = event({
  id: 2,
  minute: 12,
  module: "llm-observatory",
  severity: "error",
  parent: 1,
  payload: errorRate("gpt-4o-mini", 420, 5000),
});
const COST = event({
  id: 3,
  minute: 15,
  module: "llm-cost-ops",
  severity: "warning",
  parent: 2,
  payload: tokenCost("gpt-4o-mini", 412.8),
});
const BUDGET = event({
  id: 4,
  minute: 17,
  module: "llm-cost-ops",
  type: "alert",
  severity: "critical",
  parent: 3,
  payload: budgetAlert(10_400, 10_000),
});
const INCIDENT = [LATENCY, ERRORS, COST, BUDGET];

const NOISE = [
  event({ id: 101, minute: -20, module: "llm-observatory", payload: latency("claude-sonnet-4", 640) }),
  event({ id: 102, minute: 10 + 20 / 60, module: "llm-observatory", payload: latency("claude-sonnet-4", 700) }),
  event({ id: 103, minute: 11, module: "llm-sentinel", severity: "warning", payload: threat("prompt_injection") }),
  event({ id: 104, minute: 14.5, module: "llm-governance-dashboard", payload: custom("dashboard_viewed") }),
  event({
    id: 105,
    minute: 17 - 10 / 60,
    module: "llm-registry",
    type: "lifecycle",
    payload: custom("model_registered"),
  }),
  event({
    id: 106,
    minute: 25,
    module: "llm-policy-engine",
    severity: "warning",
    payload: policyViolation("retention"),
  }),
  event({ id: 107, minute: 27, module: "llm-analytics-hub", parent: 106, payload: custom("report_generated") }),
  event({ id: 108, minute: 40, module: "llm-analytics-hub", payload: custom("export") }),
  event({ id: 109, minute: 45, module: "llm-cost-ops", payload: tokenCost("claude-sonnet-4", 3.1) }),
  event({ id: 110, minute: -5, module: "llm-registry", type: "lifecycle", payload: custom("model_deployed") }),
];
const ALL = deepFreeze([...NOISE.slice(0, 5), ...INCIDENT, ...NOISE.slice(5)].reverse());
const NOISE_IDS = new Set(NOISE.map((e) => e.event_id));

describe("synthetic incident", () => {
  it("has noise from every module", () => {
    expect(new Set(NOISE.map((e) => e.source_module))).toEqual(new Set(SOURCE_MODULES));
  });

  const correlations = correlateEvents(ALL, DEFAULT_CORRELATION_CONFIG);
  const incident = correlations.find((c) => c.events.some((e) => e.event_id === LATENCY.event_id)) as EventCorrelation;

  it("correlates the incident with the right type and roles; noise is at most related", () => {
    expect(incident.correlation_type).toBe("cost_impact");
    const core = incident.events.filter((e) => e.role !== "related");
    expect(core.map((e) => [e.event_id, e.role])).toEqual([
      [LATENCY.event_id, "root_cause"],
      [ERRORS.event_id, "contributor"],
      [COST.event_id, "contributor"],
      [BUDGET.event_id, "effect"],
    ]);
    for (const e of incident.events.filter((x) => x.role === "related")) expect(NOISE_IDS.has(e.event_id)).toBe(true);
    // The coincidences a minute or less from an incident event in another module are related;
    // the same-module one 20 s after the spike is not (0.5 × (1 − 20/300) < 0.6).
    expect(incident.events.filter((e) => e.role === "related").map((e) => e.event_id)).toEqual([
      uuidOf(103),
      uuidOf(104),
      uuidOf(105),
    ]);
    expect(incident.time_window).toEqual({ start: "2025-06-03T14:10:00Z", end: "2025-06-03T14:17:00Z" });
    expect(incident.metadata.alert).toBe("true");
  });

  it("gives noise no causal role in the incident, and keeps the unrelated pair separate", () => {
    for (const c of correlations) {
      if (c === incident) continue;
      expect(c.events.some((e) => INCIDENT.some((i) => i.event_id === e.event_id))).toBe(false);
    }
    const pair = correlations.find((c) => c.events.some((e) => e.event_id === uuidOf(106)));
    expect(pair?.events.map((e) => [e.event_id, e.role])).toEqual([
      [uuidOf(106), "root_cause"],
      [uuidOf(107), "effect"],
    ]);
    expect(pair?.correlation_type).toBe("compliance_cascade");
  });

  const graph = createEventGraph(ALL, correlations);
  const rca = rankRootCauses(graph);

  it("finds the latency spike as root cause, with the chain in causal order", () => {
    expect(checkEventGraph(graph)).toEqual([]);
    expect(rca.root_event_id).toBe(LATENCY.event_id);
    const direct = rca.causal_chain.filter((l) => l.relationship !== "correlation");
    expect(direct.map((l) => [l.from_event_id, l.to_event_id, l.relationship, l.time_delta_ms])).toEqual([
      [LATENCY.event_id, ERRORS.event_id, "direct_cause", 120_000],
      [ERRORS.event_id, COST.event_id, "direct_cause", 180_000],
      [COST.event_id, BUDGET.event_id, "direct_cause", 120_000],
    ]);
    // Edge weights are causalStrength over the default one-hour window; confidence is the root's
    // influence: (w₁ + w₁w₂ + w₁w₂w₃) / 3 — the unrelated pair elsewhere does not compete.
    const [w1, w2, w3] = [causalStrength(LATENCY, ERRORS), causalStrength(ERRORS, COST), causalStrength(COST, BUDGET)];
    expect(direct.map((l) => l.strength)).toEqual([w1, w2, w3]);
    expect(rca.confidence).toBeCloseTo((w1 + w1 * w2 + w1 * w2 * w3) / 3, 14);
    expect(rca.confidence).toBeGreaterThan(0.9);
    expect(rca.causal_chain.filter((l) => l.relationship === "correlation").map((l) => l.to_event_id)).toEqual([
      uuidOf(103),
      uuidOf(104),
      uuidOf(105),
    ]);
    expect(rca.recommendations).toEqual([
      "Check gpt-4o-mini's provider status and recent deployments; route traffic to a fallback model or tighten request timeouts.",
      "Cap spend while the incident lasts: throttle or queue the affected workload.",
    ]);
    expect(toMermaid(graph)).toContain("latency 5120 ms on gpt-4o-mini");
  });

  // Per-minute metrics from 13:50 to 14:20: the latency spike at 14:10, errors from 14:12, and
  // cost from 14:15 (cost = 5 + 0.02 × (latency five minutes earlier − 640) + noise).
  const start = toEpochMillis("2025-06-03T13:50:00Z");
  const series = (values: readonly number[]) =>
    deepFreeze(values.map((value, i) => ({ timestamp: fromEpochMillis(start + i * 60_000), value })));
  const { latencyP95, errorPercent, costUsd } = HAND_INCIDENT;

  it("detects the anomalies in the same causal order, and cost lagging latency by five minutes", () => {
    const first = (found: AnomalyEvent[]) => found[0] as AnomalyEvent;
    const options = { threshold: 3 } as const;
    const spike = first(
      detectAnomalies(series(latencyP95), { ...options, metric: "latency_ms.p95", sourceModule: "llm-observatory" }),
    );
    const errors = first(
      detectAnomalies(series(errorPercent), {
        ...options,
        metric: "error_rate_percent",
        sourceModule: "llm-observatory",
      }),
    );
    const cost = first(
      detectAnomalies(series(costUsd), { ...options, metric: "cost_usd_per_minute", sourceModule: "llm-cost-ops" }),
    );
    expect([spike.timestamp, errors.timestamp, cost.timestamp]).toEqual([
      LATENCY.timestamp,
      ERRORS.timestamp,
      COST.timestamp,
    ]);
    expect([spike.anomaly_type, errors.anomaly_type, cost.anomaly_type]).toEqual(["spike", "spike", "spike"]);
    // scipy 1.17.1: pearsonr(latency[:-5], cost[5:]).statistic = 0.9999944179736202, the largest over lags −8..8.
    const lagged = laggedCorrelationOf(latencyP95, costUsd, { maxLag: 8 });
    expect(lagged.lag).toBe(5);
    expect(lagged.coefficient).toBeCloseTo(0.9999944179736202, 12);

    const impact = assessImpact({ events: INCIDENT, anomalies: [spike, errors, cost] });
    expect(impact.severity).toBe("critical");
    expect(impact.affected_modules).toEqual(["llm-observatory", "llm-cost-ops"]);
    expect(impact.performance_impact?.affected_requests).toBe(420);
    expect(impact.performance_impact?.latency_increase_percent).toBeCloseTo(
      (100 * (5120 - spike.baseline)) / spike.baseline,
      12,
    );
    expect(impact.cost_impact?.additional_cost_usd).toBeCloseTo(94.56 - cost.baseline, 12);
  });
});
