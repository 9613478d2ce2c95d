import { describe, expect, it } from "vitest";
import {
  type AggregationFunction,
  executeQuery,
  type FillStrategy,
  formatDuration,
  parseDuration,
  type TimeSeriesPoint,
  TimeSeriesQuery,
  type TimeSeriesQueryInput,
  TimeSeriesResult,
} from "../../src/timeseries/index.js";

function point(region: string, time: string, fields: Record<string, number | string | boolean>): TimeSeriesPoint {
  return Object.freeze({
    measurement: "m",
    timestamp: `2025-06-03T00:${time}Z`,
    tags: Object.freeze({ source_module: "llm-observatory", environment: "production", region }),
    fields: Object.freeze(fields),
  });
}

// Region a: window 00:00 holds 1, 4, 2; 00:01 holds 8; 00:02 is empty; 00:03 holds 5, 3.
// Region b: 00:00 holds 10; 00:02 holds 20.
const POINTS = Object.freeze([
  point("a", "00:20", { v: 4 }),
  point("a", "00:10", { v: 1, s: "x" }),
  point("a", "00:50", { v: 2, s: "y" }),
  point("a", "01:30", { v: 8 }),
  point("a", "03:05", { v: 5 }),
  point("a", "03:59.999999999", { v: 3 }),
  point("b", "00:05", { v: 10 }),
  point("b", "02:00", { v: 20 }),
  { ...point("a", "00:30", { v: 99 }), measurement: "other" },
]);

const RANGE = { start: "2025-06-03T00:00:00Z", end: "2025-06-03T00:04:00Z" };

function run(input: Partial<TimeSeriesQueryInput>, options = {}) {
  const query = TimeSeriesQuery.parse({ measurement: "m", time_range: RANGE, ...input });
  const result = executeQuery(POINTS, Object.freeze(query), options);
  // Every result is a valid TimeSeriesResult document.
  expect(TimeSeriesResult.safeParse(result).success).toBe(true);
  return result;
}

function column(input: Partial<TimeSeriesQueryInput>, region = "a", options = {}) {
  const result = run({ group_by: ["region"], ...input }, options);
  const series = result.series.find((s) => s.tags.region === region);
  return series?.points.map((p) => [p.timestamp.slice(11, 19), p.values.v]) ?? [];
}

const agg = (fn: AggregationFunction, window = "1m") => ({ aggregation: { function: fn, window, fields: ["v"] } });

describe("executeQuery aggregations (expected values from numpy 2.4)", () => {
  it("mean: np.mean", () => {
    expect(column(agg("mean"))).toEqual([
      ["00:00:00", 2.3333333333333335], // np.mean([1, 4, 2])
      ["00:01:00", 8],
      ["00:03:00", 4], // np.mean([5, 3])
    ]);
  });
  it("sum, min, max, count", () => {
    expect(column(agg("sum"))).toEqual([
      ["00:00:00", 7],
      ["00:01:00", 8],
      ["00:03:00", 8],
    ]);
    expect(column(agg("min")).map((r) => r[1])).toEqual([1, 8, 3]);
    expect(column(agg("max")).map((r) => r[1])).toEqual([4, 8, 5]);
    expect(column(agg("count")).map((r) => r[1])).toEqual([3, 1, 2]);
  });
  it("first and last go by timestamp, not input order", () => {
    expect(column(agg("first")).map((r) => r[1])).toEqual([1, 8, 5]);
    expect(column(agg("last")).map((r) => r[1])).toEqual([2, 8, 3]);
  });
  it("stddev is the sample standard deviation (np.std(ddof=1)); a lone point emits a valueless window", () => {
    expect(column(agg("stddev"))).toEqual([
      ["00:00:00", 1.5275252316519468], // np.std([1, 4, 2], ddof=1)
      ["00:01:00", undefined],
      ["00:03:00", Math.SQRT2], // np.std([5, 3], ddof=1) = 1.4142135623730951
    ]);
  });
  it("median: np.median; percentile: np.quantile (linear) by default", () => {
    expect(column(agg("median")).map((r) => r[1])).toEqual([2, 8, 4]);
    expect(column(agg({ percentile: 90 })).map((r) => r[1])).toEqual([3.6, 8, 4.8]); // np.quantile(x, 0.9)
  });
  it("percentile with the influxql method is nearest rank, sorted[⌊n·p/100 + 0.5⌋ − 1]", () => {
    // InfluxQL PERCENTILE(v, 50): n = 3 → index 1 → 2; n = 1 → 8; n = 2 → index 0 → 3.
    expect(column(agg({ percentile: 50 }), "a", { percentileMethod: "influxql" }).map((r) => r[1])).toEqual([2, 8, 3]);
    // p = 40: n = 3 → ⌊1.7⌋ − 1 = 0 → 1; n = 1 → ⌊0.9⌋ − 1 = −1, no rank, so InfluxQL emits no
    // window; n = 2 → ⌊1.3⌋ − 1 = 0 → 3.
    expect(column(agg({ percentile: 40 }), "a", { percentileMethod: "influxql" })).toEqual([
      ["00:00:00", 1],
      ["00:03:00", 3],
    ]);
  });
});

describe("executeQuery fill (InfluxQL fill() semantics)", () => {
  const base = (fill?: FillStrategy) => ({ ...agg("mean"), ...(fill === undefined ? {} : { fill }) });
  it("none: empty windows are left out", () => {
    expect(column(base()).map((r) => r[0])).toEqual(["00:00:00", "00:01:00", "00:03:00"]);
  });
  it("null: every window of the range, empty ones without a value", () => {
    expect(column(base("null"))).toEqual([
      ["00:00:00", 2.3333333333333335],
      ["00:01:00", 8],
      ["00:02:00", undefined],
      ["00:03:00", 4],
    ]);
  });
  it("null on count reads 0, as InfluxDB's count", () => {
    expect(column({ ...agg("count"), fill: "null" }).map((r) => r[1])).toEqual([3, 1, 0, 2]);
  });
  it("previous, zero, value", () => {
    expect(column(base("previous")).map((r) => r[1])).toEqual([2.3333333333333335, 8, 8, 4]);
    expect(column(base("zero")).map((r) => r[1])).toEqual([2.3333333333333335, 8, 0, 4]);
    expect(column(base({ value: -1 })).map((r) => r[1])).toEqual([2.3333333333333335, 8, -1, 4]);
  });
  it("linear interpolates between the nearest windows; the ends stay empty", () => {
    // 8 at 00:01 and 4 at 00:03: the line gives 6 at 00:02.
    expect(column(base("linear")).map((r) => r[1])).toEqual([2.3333333333333335, 8, 6, 4]);
    // Region b: 10 at 00:00, 20 at 00:02 → 15 at 00:01; 00:03 has nothing after it.
    expect(column(base("linear"), "b")).toEqual([
      ["00:00:00", 10],
      ["00:01:00", 15],
      ["00:02:00", 20],
      ["00:03:00", undefined],
    ]);
  });
  it("linear on a count truncates toward zero, as InfluxDB's integer interpolation", () => {
    // Region a: count 1 at 00:01 and 2 at 00:03, so 1.5 at 00:02, truncated to 1.
    expect(column({ ...agg("count"), fill: "linear" }).map((r) => r[1])).toEqual([3, 1, 1, 2]);
  });
  it("windows align to the epoch: the first one may start before time_range.start", () => {
    const rows = column({ ...agg("count"), fill: "null" }, "a");
    expect(rows[0]?.[0]).toBe("00:00:00");
    const late = run({
      time_range: { start: "2025-06-03T00:00:30Z", end: "2025-06-03T00:02:00Z" },
      ...agg("count"),
      fill: "null",
      group_by: ["region"],
    });
    expect(late.series[0]?.points.map((p) => [p.timestamp, p.values.v])).toEqual([
      ["2025-06-03T00:00:00Z", 1], // only the point at 00:50 is inside the range
      ["2025-06-03T00:01:00Z", 1],
    ]);
  });
});

describe("executeQuery selection, grouping, paging and metadata", () => {
  it("raw points by time, with selected fields; the range is half-open and keeps nanoseconds", () => {
    const result = run({ select_fields: ["s"], tag_filters: { region: "a" } });
    expect(result.series).toEqual([
      {
        tags: {},
        points: [
          { timestamp: "2025-06-03T00:00:10Z", values: { s: "x" } },
          { timestamp: "2025-06-03T00:00:50Z", values: { s: "y" } },
        ],
      },
    ]);
    const all = run({
      tag_filters: { region: "a" },
      time_range: { start: RANGE.start, end: "2025-06-03T00:03:59.999999999Z" },
    });
    expect(all.series[0]?.points.map((p) => p.timestamp).at(-1)).toBe("2025-06-03T00:03:05Z");
    const withLast = run({ tag_filters: { region: "a" } });
    expect(withLast.series[0]?.points.at(-1)).toEqual({
      timestamp: "2025-06-03T00:03:59.999999999Z",
      values: { v: 3 },
    });
  });
  it("groups sort by tag value; a missing tag groups and filters as an empty string", () => {
    const result = run({ ...agg("count", "1h"), group_by: ["region", "model_id"] });
    expect(result.series.map((s) => s.tags)).toEqual([
      { region: "a", model_id: "" },
      { region: "b", model_id: "" },
    ]);
    expect(run({ ...agg("count", "1h"), tag_filters: { model_id: "" } }).series[0]?.points[0]?.values.v).toBe(8);
  });
  it("limit and offset apply per series; truncated says whether limit cut points", () => {
    const result = run({ group_by: ["region"], limit: 1, offset: 1 });
    // Region a by time: 1, 4, 2, …; region b: 10, 20. Offset 1 and limit 1 keep the second of each.
    expect(result.series.map((s) => s.points.map((p) => p.values.v))).toEqual([[4], [20]]);
    expect(result.metadata).toEqual({
      execution_time_ms: 0,
      point_count: 2,
      series_count: 2,
      truncated: true,
      warnings: [],
    });
    expect(run({ group_by: ["region"], limit: 10 }).metadata.truncated).toBe(false);
    expect(run({ limit: 0 }).series).toEqual([]);
  });
  it("execution_time_ms comes from an injected clock only", () => {
    const ticks = [1000, 1012.4];
    expect(run({}, { clock: () => ticks.shift() as number }).metadata.execution_time_ms).toBe(12);
  });
  it("warns about fields nobody has, select_fields outside an aggregation, and an unused fill", () => {
    expect(run({ select_fields: ["nope"] }).metadata.warnings).toEqual(['no matching point has field "nope"']);
    expect(run({ ...agg("mean"), select_fields: ["v", "s"] }).metadata.warnings).toEqual([
      'select_fields "s" not in aggregation.fields: an aggregated query returns only aggregated fields',
    ]);
    expect(run({ fill: "zero" }).metadata.warnings).toEqual([
      "fill applies only to aggregated queries and was ignored",
    ]);
  });
  it("aggregates select_fields when aggregation.fields is empty", () => {
    const result = run({ select_fields: ["v"], aggregation: { function: "count", window: "1h", fields: [] } });
    expect(result.series[0]?.points[0]?.values).toEqual({ v: 8 });
  });
});

describe("executeQuery preconditions", () => {
  const query = (extra: Partial<TimeSeriesQueryInput>) =>
    TimeSeriesQuery.parse({ measurement: "m", time_range: RANGE, ...extra });
  it("names the window field for junk windows", () => {
    for (const window of ["5 minutes", "", "1.5h", "1M", "0s", "5"]) {
      expect(() => executeQuery(POINTS, query({ aggregation: { function: "mean", window, fields: ["v"] } }))).toThrow(
        /^executeQuery: aggregation\.window must be a duration such as "30s", "5m", "1h" or "1d"/,
      );
    }
  });
  it("rejects a reversed range, a percentile above 100, nothing to aggregate, numbers expected", () => {
    expect(() => executeQuery(POINTS, query({ time_range: { start: RANGE.end, end: RANGE.start } }))).toThrow(
      "executeQuery: time_range.end (2025-06-03T00:00:00Z) is before time_range.start (2025-06-03T00:04:00Z)",
    );
    expect(() =>
      executeQuery(POINTS, query({ aggregation: { function: { percentile: 150 }, window: "1m", fields: ["v"] } })),
    ).toThrow("executeQuery: aggregation.function percentile must be an integer within [0, 100], received 150");
    expect(() => executeQuery(POINTS, query({ aggregation: { function: "mean", window: "1m", fields: [] } }))).toThrow(
      "executeQuery: aggregation.fields and select_fields are both empty",
    );
    expect(() =>
      executeQuery(POINTS, query({ aggregation: { function: "mean", window: "1m", fields: ["s"] } })),
    ).toThrow('executeQuery: mean needs numbers, but field "s" holds "x" at 2025-06-03T00:00:10Z');
    expect(() =>
      executeQuery(POINTS, query({ aggregation: { function: "mean", window: "1ns", fields: ["v"] }, fill: "null" })),
    ).toThrow(/more than options\.maxWindows \(1000000\)/);
    // A query not parsed by TimeSeriesQuery (which refuses these too) gets the helper's own error.
    expect(() => executeQuery(POINTS, { ...query({}), limit: -1 })).toThrow(
      "executeQuery: limit must be a whole number ≥ 0, received -1",
    );
    expect(() => executeQuery(POINTS, { ...query({}), offset: 1.5 })).toThrow(
      "executeQuery: offset must be a whole number ≥ 0, received 1.5",
    );
  });
});

describe("parseDuration / formatDuration (InfluxQL duration literals)", () => {
  it("reads InfluxQL units and compound literals", () => {
    expect(parseDuration("30s")).toBe(30_000_000_000n);
    expect(parseDuration("5m")).toBe(300_000_000_000n);
    expect(parseDuration("1h")).toBe(3_600_000_000_000n);
    expect(parseDuration("1d")).toBe(86_400_000_000_000n);
    expect(parseDuration("1w")).toBe(604_800_000_000_000n);
    expect(parseDuration("1h30m")).toBe(5_400_000_000_000n);
    expect(parseDuration("250ms")).toBe(250_000_000n);
    expect(parseDuration("10u")).toBe(10_000n);
    expect(parseDuration("10µ")).toBe(10_000n);
    expect(parseDuration("7ns")).toBe(7n);
  });
  it("rejects junk with a reason", () => {
    expect(() => parseDuration("1M")).toThrow("months have no fixed length");
    expect(() => parseDuration("1.5h")).toThrow("fractions are not allowed");
    expect(() => parseDuration("0m")).toThrow("longer than zero");
    expect(() => parseDuration("5 m")).toThrow('parseDuration: text must be a duration such as "30s"');
  });
  it("writes the largest exact unit", () => {
    expect(formatDuration(300_000_000_000n)).toBe("5m");
    expect(formatDuration(5_400_000_000_000n)).toBe("90m");
    expect(formatDuration(86_400_000_000_000n)).toBe("1d");
    expect(formatDuration(1_500_000n)).toBe("1500u");
    expect(() => formatDuration(0n)).toThrow("formatDuration: ns must be a positive bigint");
  });
});
