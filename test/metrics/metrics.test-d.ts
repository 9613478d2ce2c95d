import { describe, expectTypeOf, it } from "vitest";
import type {
  AggregatedMetric,
  CounterValues,
  GaugeValues,
  MetricType,
  MetricValues,
  QuantileSketch,
  RolledUpMetric,
  RolledUpStats,
  RollupFunction,
  StatisticalMeasures,
  StatType,
  TimeWindow,
} from "../../src/metrics/index.js";
import { counterRate, histogramQuantile, rollup } from "../../src/metrics/index.js";
import type { QuantileSketch as StatsSketch, Summary } from "../../src/stats/index.js";

describe("metrics types", () => {
  it("enums are string unions", () => {
    expectTypeOf<TimeWindow>().toEqualTypeOf<
      | "one_minute"
      | "five_minutes"
      | "fifteen_minutes"
      | "one_hour"
      | "six_hours"
      | "one_day"
      | "one_week"
      | "one_month"
    >();
    expectTypeOf<RollupFunction>().toEqualTypeOf<"avg" | "sum" | "min" | "max" | "last" | "first">();
    expectTypeOf<StatType>().toEqualTypeOf<
      "avg" | "min" | "max" | "p50" | "p95" | "p99" | "stddev" | "count" | "sum" | "rate"
    >();
    expectTypeOf<MetricType["metric_type"]>().toEqualTypeOf<"counter" | "gauge" | "histogram" | "summary">();
  });

  it("MetricValues is the union of the three lossless variants", () => {
    expectTypeOf<MetricValues>().toEqualTypeOf<StatisticalMeasures | CounterValues | GaugeValues>();
    expectTypeOf<GaugeValues["rate"]>().toEqualTypeOf<number | undefined>();
    expectTypeOf<StatisticalMeasures["stddev"]>().toEqualTypeOf<number | null | undefined>();
  });

  it("stats summaries fit StatisticalMeasures and rollups are AggregatedMetrics", () => {
    expectTypeOf<Summary>().toExtend<StatisticalMeasures>();
    expectTypeOf<RolledUpMetric>().toExtend<AggregatedMetric>();
    expectTypeOf(rollup([], { window: "one_minute" })).toEqualTypeOf<RolledUpMetric[]>();
    expectTypeOf(rollup([], { window: "one_minute", sketch: false })).toEqualTypeOf<RolledUpStats[]>();
    expectTypeOf<RolledUpStats>().not.toHaveProperty("sketch");
    expectTypeOf<QuantileSketch>().toEqualTypeOf<StatsSketch>();
  });

  it("helpers that may have no value say so", () => {
    expectTypeOf(counterRate).returns.toEqualTypeOf<number | null>();
    expectTypeOf(histogramQuantile).returns.toEqualTypeOf<number>();
  });
});
