import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { decode } from "../../src/core/index.js";
import {
  AlertThresholds,
  ANOMALY_TYPES,
  AnomalyCorrelation,
  AnomalyEvent,
  BusinessImpact,
  CAUSAL_RELATIONSHIPS,
  CausalLink,
  CORRELATION_TYPES,
  CorrelatedEvent,
  CorrelationConfig,
  CorrelationId,
  CorrelationPattern,
  CorrelationQuery,
  CostImpact,
  DEFAULT_ALERT_THRESHOLDS,
  DEFAULT_CORRELATION_CONFIG,
  DEFAULT_MAX_DEPTH,
  DEFAULT_MIN_STRENGTH,
  durationSeconds,
  EDGE_RELATIONSHIPS,
  EVENT_ROLES,
  EventCorrelation,
  EventEdge,
  EventGraph,
  EventNode,
  GraphMetadata,
  IMPACT_SEVERITIES,
  IMPACT_SEVERITY_ORDER,
  ImpactAssessment,
  PatternStep,
  PerformanceImpact,
  REPUTATION_RISKS,
  RootCauseAnalysis,
  SecurityImpact,
  TimeRange,
} from "../../src/correlation/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

const fixture = (file: string) => FIXTURES.find((f) => f.file === file) as (typeof FIXTURES)[number];
const SCHEMAS: Record<string, z.ZodType> = {
  EventCorrelation,
  AnomalyCorrelation,
  EventGraph,
  CorrelationQuery,
  CorrelationConfig,
};

describe("correlation schemas (WIRE_FORMAT.md §2.5)", () => {
  it("have the hub's 7 enums and 39 variants, in declaration order", () => {
    expect(CORRELATION_TYPES).toEqual([
      "causal_chain",
      "temporal",
      "pattern_match",
      "anomaly",
      "cost_impact",
      "security_incident",
      "performance_degradation",
      "compliance_cascade",
    ]);
    expect(EVENT_ROLES).toEqual(["root_cause", "contributor", "effect", "related"]);
    expect(ANOMALY_TYPES).toEqual(["spike", "drop", "pattern_deviation", "frequency_anomaly", "distribution_shift"]);
    expect(CAUSAL_RELATIONSHIPS).toEqual(["direct_cause", "indirect_cause", "correlation", "amplification"]);
    expect(IMPACT_SEVERITIES).toEqual(["negligible", "low", "medium", "high", "critical"]);
    expect(REPUTATION_RISKS).toEqual(["none", "low", "medium", "high", "severe"]);
    expect(EDGE_RELATIONSHIPS).toEqual([
      "causes",
      "triggered_by",
      "related_to",
      "precedes",
      "follows",
      "correlates_with",
      "amplifies",
      "mitigates",
    ]);
    const all = [
      CORRELATION_TYPES,
      EVENT_ROLES,
      ANOMALY_TYPES,
      CAUSAL_RELATIONSHIPS,
      IMPACT_SEVERITIES,
      REPUTATION_RISKS,
      EDGE_RELATIONSHIPS,
    ];
    expect(all.reduce((n, e) => n + e.length, 0)).toBe(39);
  });

  it("have the hub's 22 structs and 112 fields (§4 counts; CorrelationId is a 1-field newtype)", () => {
    const structs = [
      EventCorrelation,
      TimeRange,
      CorrelatedEvent,
      CorrelationPattern,
      PatternStep,
      AnomalyCorrelation,
      AnomalyEvent,
      RootCauseAnalysis,
      CausalLink,
      ImpactAssessment,
      PerformanceImpact,
      CostImpact,
      SecurityImpact,
      BusinessImpact,
      EventGraph,
      EventNode,
      EventEdge,
      GraphMetadata,
      CorrelationQuery,
      CorrelationConfig,
      AlertThresholds,
    ];
    const fields = structs.reduce((n, schema) => n + Object.keys((schema as unknown as z.ZodObject).shape).length, 1);
    expect(structs.length + 1).toBe(22);
    expect(fields).toBe(112);
  });

  it("fill the hub's defaults: CorrelationQuery min_strength 0.7 and max_depth 5", () => {
    expect(DEFAULT_MIN_STRENGTH).toBe(0.7);
    expect(DEFAULT_MAX_DEPTH).toBe(5);
    const result = decode(CorrelationQuery, fixtureText(fixture("accept/correlation-query-defaults.json")));
    expect(result.success && result.data).toEqual({
      seed_event_id: "b0707acf-72ed-45cb-9b23-5aa062cf8495",
      time_window_minutes: 30,
      min_strength: 0.7,
      correlation_types: [],
      include_modules: [],
      max_depth: 5,
    });
    const full = decode(CorrelationQuery, fixtureText(fixture("accept/correlation-query-full.json")));
    expect(full.success && full.data.seed_event_id).toBe("eefde0c1-30ea-4434-825d-77814dd2c37a");
    expect(full.success && full.data.time_window_minutes).toBe(-120);
  });

  it("keep CorrelationConfig::default() as frozen constants", () => {
    const result = decode(CorrelationConfig, fixtureText(fixture("accept/correlation-config-default-values.json")));
    expect(result.success && result.data).toEqual(DEFAULT_CORRELATION_CONFIG);
    expect(DEFAULT_ALERT_THRESHOLDS).toEqual({
      min_correlation_strength: 0.8,
      min_anomaly_score: 0.7,
      critical_impact_threshold: 0.9,
    });
    expect(Object.isFrozen(DEFAULT_CORRELATION_CONFIG)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CORRELATION_CONFIG.patterns)).toBe(true);
    expect(Object.isFrozen(DEFAULT_CORRELATION_CONFIG.alert_thresholds)).toBe(true);
  });

  it("default metadata and metrics maps to {}, and take the optional fields missing or null", () => {
    const text = fixtureText(fixture("accept/event-correlation-causal-chain.json"));
    const result = decode(EventCorrelation, text);
    if (!result.success) throw result.error;
    expect(result.data.events[2]?.metrics).toEqual({});
    expect(result.data.pattern?.sequence[0]?.time_offset_ms).toBeNull();
    expect(result.data.pattern?.sequence[2]?.time_offset_ms).toBeUndefined();
    const json = JSON.parse(text);
    delete json.metadata;
    expect(EventCorrelation.parse(json).metadata).toEqual({});
    expect(CorrelatedEvent.safeParse({ ...json.events[0], metrics: null }).success).toBe(false);
    expect(PatternStep.safeParse({ step_number: 1, module: "llm-registry", event_type: "lifecycle" }).success).toBe(
      false,
    );
  });

  it("read CorrelationId as a bare UUID in any form the uuid crate reads", () => {
    expect(CorrelationId.parse("{6C889A6C-9525-4BD6-8962-092084F81FC7}")).toBe("6c889a6c-9525-4bd6-8962-092084f81fc7");
    expect(CorrelationId.parse("6c889a6c95254bd68962092084f81fc7")).toBe("6c889a6c-9525-4bd6-8962-092084f81fc7");
    expect(CorrelationId.safeParse({ 0: "6c889a6c95254bd68962092084f81fc7" }).success).toBe(false);
  });

  it("reject each conformance reject for its stated defect, at its path", () => {
    const expectedPath: Record<string, (string | number)[]> = {
      "reject/anomaly-business-impact-reputation-missing.json": ["impact", "business_impact", "reputation_risk"],
      "reject/anomaly-impact-severity-info.json": ["impact", "severity"],
      "reject/anomaly-reputation-risk-unknown.json": ["impact", "business_impact", "reputation_risk"],
      "reject/anomaly-time-delta-fraction.json": ["root_cause", "causal_chain", 0, "time_delta_ms"],
      "reject/correlation-config-thresholds-missing.json": ["alert_thresholds"],
      "reject/correlation-query-max-depth-negative.json": ["max_depth"],
      "reject/correlation-query-min-strength-null.json": ["min_strength"],
      "reject/correlation-query-module-unknown.json": ["include_modules", 2],
      "reject/correlation-query-window-fraction.json": ["time_window_minutes"],
      "reject/event-correlation-id-not-uuid.json": ["correlation_id"],
      "reject/event-correlation-role-unknown.json": ["events", 1, "role"],
      "reject/event-correlation-time-window-enum.json": ["time_window"],
      "reject/event-correlation-type-pascal-case.json": ["correlation_type"],
      "reject/event-graph-edge-properties-missing.json": ["edges", 3, "properties"],
      "reject/event-graph-node-count-negative.json": ["metadata", "node_count"],
      "reject/event-graph-relationship-unknown.json": ["edges", 2, "relationship_type"],
    };
    const rejects = FIXTURES.filter((f) => f.expect === "reject" && f.type in SCHEMAS);
    expect(rejects.map((f) => f.file).sort()).toEqual(Object.keys(expectedPath).sort());
    for (const f of rejects) {
      const result = decode(SCHEMAS[f.type] as z.ZodType, fixtureText(f));
      expect(result.success, f.file).toBe(false);
      const paths = result.error?.issues.map((i) => i.path) ?? [];
      expect(paths, f.file).toContainEqual(expectedPath[f.file]);
    }
  });

  it("order ImpactSeverity as the hub's Ord derive", () => {
    expect(IMPACT_SEVERITY_ORDER.compare("low", "high")).toBeLessThan(0);
    expect(IMPACT_SEVERITY_ORDER.max("medium", "critical", "negligible")).toBe("critical");
    expect(IMPACT_SEVERITY_ORDER.atLeast("high", "medium")).toBe(true);
  });
});

describe("durationSeconds (TimeWindow::duration_seconds), re-exported from core", () => {
  it("gives whole seconds, as the hub's own unit test (30 minutes → 1800)", () => {
    expect(durationSeconds({ start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:30:00Z" })).toBe(1800);
  });

  it("is negative when end precedes start (−90 for an end 90 s before the start)", () => {
    expect(durationSeconds({ start: "2025-06-03T14:01:30Z", end: "2025-06-03T14:00:00Z" })).toBe(-90);
    // accept/event-correlation-performance-degradation.json: 16:00+02:00 → 15:00+02:00 is −3600 s.
    expect(durationSeconds({ start: "2025-06-03T16:00:00+02:00", end: "2025-06-03T15:00:00+02:00" })).toBe(-3600);
  });

  it("truncates toward zero like chrono's num_seconds", () => {
    expect(durationSeconds({ start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:00:01.999999999Z" })).toBe(1);
    expect(durationSeconds({ start: "2025-06-03T14:00:01.999999999Z", end: "2025-06-03T14:00:00Z" })).toBe(-1);
    expect(durationSeconds({ start: "2025-06-03T19:52:05+05:30", end: "2025-06-03T14:22:06Z" })).toBe(1);
    expect(durationSeconds({ start: "1970-01-01T00:00:00Z", end: "9999-12-31T23:59:59Z" })).toBe(253402300799);
  });

  it("rejects a timestamp without an offset", () => {
    expect(() => durationSeconds({ start: "2025-06-03T14:00:00", end: "2025-06-03T14:00:00Z" })).toThrow("RFC 3339");
  });
});
