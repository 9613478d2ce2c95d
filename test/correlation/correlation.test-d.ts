import { describe, expectTypeOf, it } from "vitest";
import type {
  AnomalyEvent,
  BusinessImpact,
  CorrelationQuery,
  CorrelationQueryInput,
  EventCorrelation,
  EventGraph,
  ImpactAssessment,
  ImpactSeverity,
  PatternStep,
  RootCauseAnalysis,
  TimeRange,
} from "../../src/correlation/index.js";
import {
  assessImpact,
  correlateEvents,
  createEventGraph,
  detectAnomalies,
  durationSeconds,
  graphMetadataOf,
  rankRootCauses,
} from "../../src/correlation/index.js";

describe("correlation types", () => {
  it("enums are closed unions of their wire spellings", () => {
    expectTypeOf<EventCorrelation["correlation_type"]>().toEqualTypeOf<
      | "causal_chain"
      | "temporal"
      | "pattern_match"
      | "anomaly"
      | "cost_impact"
      | "security_incident"
      | "performance_degradation"
      | "compliance_cascade"
    >();
    expectTypeOf<EventCorrelation["events"][number]["role"]>().toEqualTypeOf<
      "root_cause" | "contributor" | "effect" | "related"
    >();
    expectTypeOf<ImpactSeverity>().toEqualTypeOf<"negligible" | "low" | "medium" | "high" | "critical">();
    expectTypeOf<AnomalyEvent["anomaly_type"]>().toEqualTypeOf<
      "spike" | "drop" | "pattern_deviation" | "frequency_anomaly" | "distribution_shift"
    >();
  });

  it("TimeRange is the {start, end} struct", () => {
    expectTypeOf<TimeRange>().toEqualTypeOf<{ start: string; end: string }>();
    expectTypeOf(durationSeconds).returns.toEqualTypeOf<number>();
  });

  it("defaulted fields are optional on input and present on output", () => {
    expectTypeOf<CorrelationQuery["min_strength"]>().toEqualTypeOf<number>();
    expectTypeOf<CorrelationQuery["max_depth"]>().toEqualTypeOf<number>();
    expectTypeOf<CorrelationQueryInput["min_strength"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<EventCorrelation["metadata"]>().toEqualTypeOf<Record<string, string>>();
  });

  it("options take null or absence as the hub does", () => {
    expectTypeOf<BusinessImpact["revenue_impact_usd"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<PatternStep["time_offset_ms"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<ImpactAssessment["cost_impact"]>().toExtend<object | null | undefined>();
  });

  it("helpers return the wire types", () => {
    expectTypeOf(correlateEvents).returns.toEqualTypeOf<EventCorrelation[]>();
    expectTypeOf(createEventGraph).returns.toEqualTypeOf<EventGraph>();
    expectTypeOf(graphMetadataOf).returns.toEqualTypeOf<EventGraph["metadata"]>();
    expectTypeOf(rankRootCauses).returns.toEqualTypeOf<RootCauseAnalysis>();
    expectTypeOf(assessImpact).returns.toEqualTypeOf<ImpactAssessment>();
    expectTypeOf(detectAnomalies).returns.toEqualTypeOf<AnomalyEvent[]>();
  });
});
