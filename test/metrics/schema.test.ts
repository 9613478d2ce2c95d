import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import {
  AggregatedMetric,
  isCounterValues,
  isGaugeValues,
  isStatsValues,
  MetricQuery,
  MetricType,
  MetricValues,
  metricValuesKindOf,
  QuantileSketch,
  StatisticalMeasures,
  TimeWindow,
} from "../../src/metrics/index.js";
import { sketchOf } from "../../src/stats/index.js";

const STATS = { avg: 1, min: 0, max: 2, p50: 1, p95: 2, p99: 2, count: 3, sum: 3 };

describe("MetricValues (untagged, lossless)", () => {
  it("tries the hub's variants in order: Stats, Counter, Gauge (WIRE_FORMAT.md §2.3)", () => {
    expect(metricValuesKindOf(MetricValues.parse(STATS))).toBe("stats");
    expect(metricValuesKindOf(MetricValues.parse({ value: 12744, rate: 42.48 }))).toBe("counter");
    expect(metricValuesKindOf(MetricValues.parse({ value: 88, delta: -3.5 }))).toBe("gauge");
    // §5.5: {value: 5} is a Gauge; {value: 5.5, rate: 2} is a Gauge in the hub.
    expect(metricValuesKindOf(MetricValues.parse({ value: 5 }))).toBe("gauge");
    expect(metricValuesKindOf(MetricValues.parse({ value: 5.5, rate: 2 }))).toBe("gauge");
  });

  it("keeps the rate the hub drops from {value: 5.5, rate: 2}, and a counter's delta", () => {
    expect(MetricValues.parse({ value: 5.5, rate: 2 })).toMatchObject({ value: 5.5, rate: 2 });
    expect(MetricValues.parse({ value: 5, rate: 2, delta: 1 })).toMatchObject({ value: 5, rate: 2, delta: 1 });
    const roundTrip = MetricValues.parse(JSON.parse(JSON.stringify(MetricValues.parse({ value: 5.5, rate: 2 }))));
    expect(roundTrip).toMatchObject({ value: 5.5, rate: 2 });
  });

  it("accepts what the hub accepts even when the other variant's key is not a number", () => {
    // Counter matches and ignores delta "x"; Gauge matches and ignores rate "x" (unknown keys there).
    expect(MetricValues.safeParse({ value: 5, rate: 2, delta: "x" }).success).toBe(true);
    expect(MetricValues.safeParse({ value: 5.5, delta: 1, rate: "x" }).success).toBe(true);
    expect(MetricValues.parse({ value: 5.5, delta: 1, rate: "x" })).toEqual({ value: 5.5, delta: 1 });
  });

  it("rejects what matches no variant", () => {
    expect(MetricValues.safeParse({}).success).toBe(false);
    expect(MetricValues.safeParse({ value: "88" }).success).toBe(false);
    expect(MetricValues.safeParse({ value: 5, delta: "x" }).success).toBe(false);
    // A negative value with a rate is no Counter (u64) but still a Gauge, as in the hub.
    expect(metricValuesKindOf(MetricValues.parse({ value: -5, rate: 1 }))).toBe("gauge");
  });

  it("reads the hub's float-spelled counter through decode as the hub's Gauge", () => {
    // WIRE_FORMAT.md §1b.5 and §5.5: {"value": 12.0, "rate": 1} is a Gauge in the hub (12.0 is a
    // float) and its rate is dropped; kept, it would make the written document a Counter.
    const r = decode(MetricValues, '{"value": 12.0, "rate": 1}');
    expect(r.success).toBe(true);
    expect(r.data).toEqual({ value: 12 });
    expect(metricValuesKindOf(r.data as MetricValues)).toBe("gauge");
  });

  it("narrows with type guards", () => {
    const v = MetricValues.parse({ value: 3, rate: 0.5 });
    expect(isCounterValues(v) && v.rate).toBe(0.5);
    expect(isGaugeValues(v)).toBe(false);
    expect(isStatsValues(MetricValues.parse(STATS))).toBe(true);
  });
});

describe("metrics wire details", () => {
  it("rejects display labels as TimeWindow and StatType in upper case", () => {
    expect(TimeWindow.safeParse("5m").success).toBe(false);
    expect(TimeWindow.parse("one_month")).toBe("one_month");
    expect(
      MetricQuery.safeParse({
        metric_name: "x",
        time_range: { start: "2025-06-03T00:00:00Z", end: "2025-06-03T01:00:00Z" },
        include_stats: ["P95"],
      }).success,
    ).toBe(false);
  });

  it("fills MetricQuery defaults and keeps window null", () => {
    const q = MetricQuery.parse({
      metric_name: "requests",
      time_range: { start: "2025-06-03T00:00:00+02:00", end: "2025-06-03T12:00:00+02:00" },
      window: null,
    });
    expect(q).toEqual({
      metric_name: "requests",
      time_range: { start: "2025-06-02T22:00:00Z", end: "2025-06-03T10:00:00Z" },
      window: null,
      tag_filters: {},
      include_stats: [],
      group_by: [],
    });
  });

  it("takes stddev as an Option (null or missing) and rejects null for defaulted tags", () => {
    expect(StatisticalMeasures.safeParse({ ...STATS, stddev: null }).success).toBe(true);
    expect(StatisticalMeasures.safeParse({ ...STATS, count: 1.5 }).success).toBe(false);
    expect(
      MetricType.safeParse({ metric_type: "gauge", name: "g", value: 1, tags: null, timestamp: "2025-06-03T00:00:00Z" })
        .success,
    ).toBe(false);
    const g = MetricType.parse({ metric_type: "gauge", name: "g", value: 1, timestamp: "2025-06-03T00:00:00Z" });
    expect(g).toEqual({ metric_type: "gauge", name: "g", value: 1, tags: {}, timestamp: "2025-06-03T00:00:00Z" });
  });

  it("ignores a sketch beside AggregatedMetric fields, as the hub ignores unknown keys", () => {
    const m = AggregatedMetric.parse({
      name: "x",
      window: "one_minute",
      window_start: "2025-06-03T00:00:00Z",
      window_end: "2025-06-03T00:01:00Z",
      values: STATS,
      sketch: "anything",
    });
    expect("sketch" in m).toBe(false);
  });
});

describe("QuantileSketch schema", () => {
  it("accepts sketch states and reports inconsistent ones", () => {
    const s = sketchOf([1, 2, 3, 1000]);
    expect(QuantileSketch.parse(JSON.parse(JSON.stringify(s)))).toEqual(s);
    const bad = QuantileSketch.safeParse({ ...s, count: 5 });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0]?.message).toBe(
      "QuantileSketch: sketch.count is 5 but its bins and zero_count hold 4 values",
    );
    expect(QuantileSketch.safeParse({ ...s, relative_accuracy: 1 }).success).toBe(false);
  });
});
