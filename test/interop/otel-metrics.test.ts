import { gzipSync } from "node:zlib";
import { ValueType } from "@opentelemetry/api";
import { JsonMetricsSerializer, ProtobufMetricsSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AggregationTemporality,
  AggregationType,
  MeterProvider,
  MetricReader,
  type ResourceMetrics,
} from "@opentelemetry/sdk-metrics";
import { beforeAll, describe, expect, it } from "vitest";
import { metricsFromOtlp, OTLP_METRIC_NOTICE_CODES, type OtlpMetricRecord } from "../../src/interop/otel.js";
import { MetricType } from "../../src/metrics/schema.js";
import { runInProcess } from "../cli/helpers.js";

/*
 * metricsFromOtlp against OTLP metrics nobody here wrote: the opentelemetry-proto repository's
 * own example (examples/metrics.json, one metric of each kind), the OpenTelemetry JS SDK 2.x
 * MeterProvider serialized by @opentelemetry/otlp-transformer (JSON and protobuf; exponential
 * histograms, histograms without min/max, delta temporality), and the proto3 JSON mapping's
 * spellings (int64 as strings, enum names, snake_case, NaN as "NaN"). Expected values come from
 * the OTLP data model (opentelemetry.io/docs/specs/otel/metrics/data-model) and Prometheus's
 * histogram_quantile, worked by hand in the comments.
 */

const T = "1544712660300000000"; // 2018-12-13T14:51:00.3Z
const TS = "2018-12-13T14:51:00.300Z";
const attr = (key: string, value: string) => ({ key, value: { stringValue: value } });

/** One export with the given metrics in one scope. */
const exportOf = (...metrics: unknown[]) => ({
  resourceMetrics: [
    {
      resource: { attributes: [attr("service.name", "my.service")] },
      scopeMetrics: [{ scope: { name: "t" }, metrics }],
    },
  ],
});

const only = (records: OtlpMetricRecord[], name: string) => {
  const found = records.filter((r) => r.metric.name === name);
  expect(found).toHaveLength(1);
  return found[0] as OtlpMetricRecord;
};

describe("metricsFromOtlp: the opentelemetry-proto example (examples/metrics.json)", () => {
  // The example's four metrics, as the opentelemetry-proto repository publishes them.
  const example = exportOf(
    {
      name: "my.counter",
      unit: "1",
      description: "I am a Counter",
      sum: {
        aggregationTemporality: 1,
        isMonotonic: true,
        dataPoints: [
          { asDouble: 5, startTimeUnixNano: T, timeUnixNano: T, attributes: [attr("my.counter.attr", "some value")] },
        ],
      },
    },
    {
      name: "my.gauge",
      unit: "1",
      description: "I am a Gauge",
      gauge: { dataPoints: [{ asDouble: 10, timeUnixNano: T, attributes: [attr("my.gauge.attr", "some value")] }] },
    },
    {
      name: "my.histogram",
      unit: "1",
      description: "I am a Histogram",
      histogram: {
        aggregationTemporality: 1,
        dataPoints: [
          {
            startTimeUnixNano: T,
            timeUnixNano: T,
            count: 2,
            sum: 2,
            bucketCounts: [1, 1],
            explicitBounds: [1],
            min: 0,
            max: 2,
            attributes: [attr("my.histogram.attr", "some value")],
          },
        ],
      },
    },
    {
      name: "my.exponential.histogram",
      unit: "1",
      description: "I am an Exponential Histogram",
      exponentialHistogram: {
        aggregationTemporality: 1,
        dataPoints: [
          {
            startTimeUnixNano: T,
            timeUnixNano: T,
            count: 3,
            sum: 10,
            scale: 0,
            zeroCount: 1,
            positive: { offset: 1, bucketCounts: [0, 2] },
            min: 0,
            max: 5,
            zeroThreshold: 0,
            attributes: [attr("my.exponential.histogram.attr", "some value")],
          },
        ],
      },
    },
  );

  it("maps every metric of the example, with no notice", () => {
    const { metrics, notices } = metricsFromOtlp(example);
    expect(notices).toEqual([]);
    expect(metrics.map((m) => [m.metric.name, m.metric.metric_type])).toEqual([
      ["my.counter", "counter"],
      ["my.gauge", "gauge"],
      ["my.histogram", "histogram"],
      ["my.exponential.histogram", "histogram"],
    ]);
    for (const m of metrics) {
      expect(MetricType.parse(m.metric)).toEqual(m.metric);
      expect(m.metric.timestamp).toBe(TS);
      expect(m.metric.tags["service.name"]).toBe("my.service");
    }
    expect(only(metrics, "my.counter")).toMatchObject({ temporality: "delta", startTimestamp: TS, unit: "1" });
    expect(only(metrics, "my.counter").metric).toMatchObject({ value: 5, tags: { "my.counter.attr": "some value" } });
    expect(only(metrics, "my.gauge").metric).toMatchObject({ value: 10 });
  });

  it("keeps the explicit histogram's buckets and estimates its quantiles as histogram_quantile", () => {
    const h = only(metricsFromOtlp(example).metrics, "my.histogram");
    // Buckets (−∞, 1] and (1, +∞) with one observation each. p50: rank 1 reaches the first
    // bucket, interpolated from 0 to 1 → 1. p95, p99: ranks 1.9 and 1.98 lie above the last
    // bound, so histogram_quantile returns that bound, 1.
    expect(h.metric).toMatchObject({
      stats: { count: 2, sum: 2, avg: 1, min: 0, max: 2, p50: 1, p95: 1, p99: 1, stddev: null },
      buckets: [{ upper_bound: 1, count: 1 }],
    });
    expect(h).toMatchObject({ bucketCounts: [1, 1], explicitBounds: [1] });
  });

  it("turns the exponential histogram's buckets into explicit ones (base 2 at scale 0)", () => {
    const h = only(metricsFromOtlp(example).metrics, "my.exponential.histogram");
    // Scale 0: base = 2^(2^0) = 2; positive bucket index i holds (2^i, 2^(i+1)]. Offset 1, counts
    // [0, 2]: (2, 4] holds 0 and (4, 8] holds 2; the zero bucket [0, 0] holds 1; (0, 2] lies in
    // no bucket (an empty one at 2 marks where (2, 4] starts).
    expect(h.metric).toMatchObject({
      buckets: [
        { upper_bound: 0, count: 1 },
        { upper_bound: 2, count: 0 },
        { upper_bound: 4, count: 0 },
        { upper_bound: 8, count: 2 },
      ],
      // p50: rank 1.5 > cumulative 1 at bound 4, reached at bound 8: 4 + (8 − 4) × (0.5 / 2) = 5.
      stats: { count: 3, sum: 10, min: 0, max: 5, p50: 5 },
    });
    expect(h.exponential).toEqual({
      scale: 0,
      zeroCount: 1,
      zeroThreshold: 0,
      positive: { offset: 1, bucketCounts: [0, 2] },
      negative: { offset: 0, bucketCounts: [] },
    });
  });

  it("reads the proto3 JSON mapping's spellings: snake_case, int64 strings, enum names", () => {
    const snake = {
      resource_metrics: [
        {
          resource: { attributes: [{ key: "service.name", value: { string_value: "my.service" } }] },
          scope_metrics: [
            {
              metrics: [
                {
                  name: "my.counter",
                  sum: {
                    aggregation_temporality: "AGGREGATION_TEMPORALITY_CUMULATIVE",
                    is_monotonic: true,
                    data_points: [{ as_int: "9007199254740991", start_time_unix_nano: "0", time_unix_nano: T }],
                  },
                },
                {
                  name: "my.histogram",
                  histogram: {
                    aggregation_temporality: 2,
                    data_points: [
                      {
                        time_unix_nano: T,
                        count: "2",
                        sum: 2,
                        bucket_counts: ["1", "1"],
                        explicit_bounds: [1],
                        min: 0,
                        max: 2,
                      },
                    ],
                  },
                },
              ],
            },
          ],
        },
      ],
    };
    const { metrics, notices } = metricsFromOtlp(JSON.stringify(snake));
    expect(notices).toEqual([]);
    // 2^53 − 1 is the largest count a JSON number holds exactly; startTimeUnixNano 0 means unset.
    expect(only(metrics, "my.counter")).toMatchObject({
      metric: { metric_type: "counter", value: 9007199254740991 },
      temporality: "cumulative",
      startTimestamp: undefined,
      path: ["resource_metrics", 0, "scope_metrics", 0, "metrics", 0, "sum", "data_points", 0],
    });
    expect(only(metrics, "my.histogram")).toMatchObject({ metric: { stats: { count: 2 } }, bucketCounts: [1, 1] });
  });

  it("reports a blank line of JSON Lines input as blank_line, as validate does, and reads the other lines", () => {
    // core/json-lines.ts: a blank line is an error of its own, never skipped without a word.
    const line = JSON.stringify(exportOf());
    const { notices } = metricsFromOtlp(`${line}\n \t\r\n${line}\n`);
    expect(notices).toEqual([
      { code: "blank_line", line: 2, path: [], message: "blank line: every NDJSON line must hold one JSON document" },
    ]);
  });

  it("reads an empty export ({} is ExportMetricsServiceRequest with nothing in it) and says what traces are", () => {
    expect(metricsFromOtlp("{}")).toEqual({ metrics: [], notices: [] });
    expect(metricsFromOtlp({ resourceMetrics: [] })).toEqual({ metrics: [], notices: [] });
    expect(() => metricsFromOtlp({ resourceSpans: [] })).toThrow(
      /metricsFromOtlp: .*read it with eventsFromOtlpTraces/,
    );
  });
});

describe("metricsFromOtlp: summaries (as the collector's Prometheus receiver sends them)", () => {
  const summaryOf = (quantileValues: unknown[], extra: Record<string, unknown> = {}) =>
    exportOf({
      name: "rpc.duration",
      unit: "s",
      summary: { dataPoints: [{ timeUnixNano: T, count: "4", sum: 2, quantileValues, ...extra }] },
    });

  it("maps quantiles 0, 0.5, 0.95, 0.99 and 1 to the stats and the rest to percentiles", () => {
    const q = (quantile: number, value: number) => ({ quantile, value });
    const { metrics, notices } = metricsFromOtlp(
      summaryOf([q(0, 0.1), q(0.5, 0.4), q(0.9, 0.7), q(0.95, 0.8), q(0.99, 0.9), q(0.999, 0.95), q(1, 1)]),
    );
    expect(notices).toEqual([]);
    const s = only(metrics, "rpc.duration");
    expect(s.metric).toEqual({
      metric_type: "summary",
      name: "rpc.duration",
      stats: { avg: 0.5, min: 0.1, max: 1, p50: 0.4, p95: 0.8, p99: 0.9, stddev: null, count: 4, sum: 2 },
      percentiles: { p90: 0.7, "p99.9": 0.95 },
      tags: { "service.name": "my.service" },
      timestamp: TS,
    });
    expect(s.quantiles).toHaveLength(7);
  });

  it("estimates the stats a Prometheus summary does not report, and says how", () => {
    // Prometheus client defaults: quantiles 0.5, 0.9, 0.99. p95 lies between 0.9 (0.7) and 0.99
    // (0.9): 0.7 + (0.9 − 0.7) × (0.95 − 0.9) / (0.99 − 0.9) = 0.8111…; min and max are not
    // reported: the nearest reported quantiles, 0.4 and 0.9.
    const { metrics, notices } = metricsFromOtlp(
      summaryOf([
        { quantile: 0.5, value: 0.4 },
        { quantile: 0.9, value: 0.7 },
        { quantile: 0.99, value: 0.9 },
      ]),
    );
    const stats = (only(metrics, "rpc.duration").metric as Extract<MetricType, { metric_type: "summary" }>).stats;
    expect(stats.p95).toBeCloseTo(0.7 + (0.2 * 0.05) / 0.09, 12);
    expect(stats).toMatchObject({ min: 0.4, max: 0.9, p50: 0.4, p99: 0.9 });
    expect(notices.map((n) => n.code)).toEqual(["estimated_stat", "estimated_stat", "estimated_stat"]);
    expect(notices[0]?.path).toEqual([
      "resourceMetrics",
      0,
      "scopeMetrics",
      0,
      "metrics",
      0,
      "summary",
      "dataPoints",
      0,
    ]);
  });

  it('reads a quantile sent as "NaN" (proto3 JSON; Prometheus: no observation in its window) as not reported', () => {
    // count 4 and sum 2 are kept; p50 is not reported, so every stat is the mean, 0.5.
    const { metrics, notices } = metricsFromOtlp(summaryOf([{ quantile: 0.5, value: "NaN" }]));
    expect(only(metrics, "rpc.duration").metric).toMatchObject({
      stats: { count: 4, sum: 2, avg: 0.5, min: 0.5, max: 0.5, p50: 0.5, p95: 0.5, p99: 0.5 },
    });
    expect(only(metrics, "rpc.duration").quantiles).toEqual([{ quantile: 0.5, value: Number.NaN }]);
    expect(notices[0]).toMatchObject({
      code: "estimated_stat",
      message: expect.stringMatching(/quantile 0\.5 is NaN/),
    });
    expect(notices.slice(1).map((n) => n.code)).toEqual(Array(5).fill("estimated_stat"));
  });
});

describe("metricsFromOtlp: nothing dropped silently", () => {
  const P = (...rest: (string | number)[]) => ["resourceMetrics", 0, "scopeMetrics", 1, ...rest];
  const good = (name: string) => ({ name, gauge: { dataPoints: [{ asInt: "7", timeUnixNano: T }] } });
  const hist = (point: Record<string, unknown>) => ({
    name: "h",
    histogram: { aggregationTemporality: 2, dataPoints: [{ timeUnixNano: T, ...point }] },
  });

  it("names the place and the reason of every part it skips, and maps the rest", () => {
    const input = {
      resourceMetrics: [
        {
          scopeMetrics: [
            null,
            {
              metrics: [
                "not a metric",
                { name: "no.data", unit: "1", histogrm: {} },
                {
                  name: "s",
                  sum: {
                    isMonotonic: true,
                    aggregationTemporality: 7,
                    dataPoints: [
                      { asInt: "3", timeUnixNano: T },
                      { asInt: "3.5", timeUnixNano: T },
                      { timeUnixNano: T, flags: 1 },
                      { asInt: "abc", timeUnixNano: T },
                      { asDouble: 12.5, timeUnixNano: T },
                      { asInt: "9007199254740993", timeUnixNano: T },
                      { asInt: "1", timeUnixNano: "0" },
                    ],
                  },
                },
                { name: "two", sum: { dataPoints: [] }, gauge: { dataPoints: [] } },
                { gauge: { dataPoints: [] } },
                { name: "pts", gauge: { dataPoints: { asInt: 1 } } },
                { ...good("ok"), unit: 1 },
              ],
            },
          ],
        },
        5,
        { scopeMetrics: "none" },
      ],
    };
    const { metrics, notices } = metricsFromOtlp(input);
    expect(
      metrics.map((m) => [m.metric.name, m.metric.metric_type, "value" in m.metric ? m.metric.value : null]),
    ).toEqual([
      ["s", "counter", 3],
      ["s", "gauge", 12.5],
      ["ok", "gauge", 7],
    ]);
    const shown = notices.map((n) => [n.code, n.path, n.message]);
    expect(shown).toEqual([
      [
        "invalid_document",
        P().slice(0, 4).with(3, 0),
        expect.stringMatching(/expected a ScopeMetrics object, received null/),
      ],
      ["invalid_metric", P("metrics", 0), expect.stringMatching(/expected a Metric object/)],
      ["invalid_metric", P("metrics", 1), expect.stringMatching(/no\.data has no gauge, sum, .* \(found histogrm\)/)],
      ["invalid_attribute", P("metrics", 2, "sum", "aggregationTemporality"), expect.stringMatching(/received 7/)],
      ["invalid_point", P("metrics", 2, "sum", "dataPoints", 1), expect.stringMatching(/^asInt: expected an int64/)],
      ["no_recorded_value", P("metrics", 2, "sum", "dataPoints", 2), expect.stringMatching(/NO_RECORDED_VALUE/)],
      ["invalid_point", P("metrics", 2, "sum", "dataPoints", 3), expect.stringMatching(/^asInt: expected an int64/)],
      ["coerced_value", P("metrics", 2, "sum", "dataPoints", 4), expect.stringMatching(/12\.5 .*GaugeMetric/)],
      ["invalid_point", P("metrics", 2, "sum", "dataPoints", 5), expect.stringMatching(/beyond ±\(2\^53 − 1\)/)],
      ["invalid_point", P("metrics", 2, "sum", "dataPoints", 6), expect.stringMatching(/timeUnixNano is 0/)],
      [
        "invalid_metric",
        P("metrics", 3),
        expect.stringMatching(/two sets gauge and sum, but an OTLP metric holds one kind of data/),
      ],
      ["invalid_metric", P("metrics", 4), expect.stringMatching(/without a name/)],
      ["invalid_metric", P("metrics", 5, "gauge", "dataPoints"), expect.stringMatching(/expected an array/)],
      ["invalid_attribute", P("metrics", 6, "unit"), expect.stringMatching(/expected a string, received 1/)],
      [
        "invalid_document",
        ["resourceMetrics", 1],
        expect.stringMatching(/expected a ResourceMetrics object, received 5/),
      ],
      ["invalid_document", ["resourceMetrics", 2, "scopeMetrics"], expect.stringMatching(/expected an array/)],
    ]);
    for (const n of notices) expect(OTLP_METRIC_NOTICE_CODES).toContain(n.code);
  });

  it("skips a histogram point that breaks OTLP's bucket rules, without costing the others", () => {
    const { metrics, notices } = metricsFromOtlp(
      exportOf(
        hist({ count: 2, sum: 3, bucketCounts: [1, 0, 1], explicitBounds: [1, 1] }),
        hist({ count: 2, sum: 3, bucketCounts: [], explicitBounds: [1] }),
        hist({ count: 3, sum: 3, bucketCounts: [1, 1], explicitBounds: [1] }),
        hist({ count: 2, sum: 3, bucketCounts: [1, 1], explicitBounds: [1], min: 1, max: 2 }),
      ),
    );
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.path).toEqual([
      "resourceMetrics",
      0,
      "scopeMetrics",
      0,
      "metrics",
      3,
      "histogram",
      "dataPoints",
      0,
    ]);
    expect(notices.map((n) => [n.code, n.path[5], n.message])).toEqual([
      ["invalid_point", 0, expect.stringMatching(/explicitBounds must increase strictly, but 1 follows 1/)],
      ["invalid_point", 1, expect.stringMatching(/explicitBounds without bucketCounts/)],
      ["invalid_point", 2, expect.stringMatching(/add up to 2, not count 3/)],
    ]);
  });

  it("estimates a histogram's missing sum, min and max from its buckets, with notices", () => {
    // OTLP leaves sum out after negative measurements. Buckets (−∞, −5] 1, (−5, 5] 2, (5, +∞) 1:
    // midpoints −5 (the first bucket's finite edge), 0, and max 30 for the open overflow bucket:
    // sum ≈ −5 + 0 + 30 = 25; min ≈ −5, the lowest bucket's edge.
    const { metrics, notices } = metricsFromOtlp(
      exportOf(hist({ count: 4, bucketCounts: [1, 2, 1], explicitBounds: [-5, 5], max: 30 })),
    );
    expect(metrics[0]?.metric).toMatchObject({ stats: { count: 4, sum: 25, min: -5, max: 30 } });
    expect(notices.map((n) => n.code)).toEqual(["estimated_stat", "estimated_stat"]);
  });

  it("reports malformed exemplars and keeps what is readable", () => {
    const traceId = "5b8efff798038103d269b633813fc60c";
    const { metrics, notices } = metricsFromOtlp(
      exportOf({
        name: "g",
        gauge: {
          dataPoints: [
            {
              asDouble: 1,
              timeUnixNano: T,
              exemplars: [
                { asDouble: "NaN", timeUnixNano: T, traceId, spanId: "eee19b7ec3c1b174" },
                { asDouble: 2, traceId: "xyz", filteredAttributes: [{ key: "k", value: { intValue: "x" } }] },
                "bad",
              ],
            },
          ],
        },
      }),
    );
    const ex = metrics[0]?.exemplars ?? [];
    expect(ex).toHaveLength(2);
    expect(ex[0]).toEqual({ value: Number.NaN, timestamp: TS, traceId, spanId: "eee19b7ec3c1b174", attributes: {} });
    expect(ex[1]).toMatchObject({ value: 2, traceId: undefined, timestamp: undefined });
    const at = ["resourceMetrics", 0, "scopeMetrics", 0, "metrics", 0, "gauge", "dataPoints", 0, "exemplars"];
    expect(notices.map((n) => [n.code, n.path])).toEqual([
      ["invalid_attribute", [...at, 1, "filteredAttributes", 0]],
      ["invalid_exemplar", [...at, 1, "traceId"]],
      ["invalid_exemplar", [...at, 2]],
    ]);
  });
});

class Collector extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

describe("metricsFromOtlp: the OpenTelemetry JS SDK 2.x MeterProvider, serialized as JSON and protobuf", () => {
  let cumulative: ResourceMetrics;
  let delta: ResourceMetrics;
  const expValues = [0, 3, 5, 6, 100];

  beforeAll(async () => {
    const reader = new Collector();
    const deltaReader = new Collector({ aggregationTemporalitySelector: () => AggregationTemporality.DELTA });
    const provider = new MeterProvider({
      resource: resourceFromAttributes({ "service.name": "sdk-metrics" }),
      readers: [reader, deltaReader],
      views: [
        { instrumentName: "exp", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
        { instrumentName: "single", aggregation: { type: AggregationType.EXPONENTIAL_HISTOGRAM } },
        {
          instrumentName: "nominmax",
          aggregation: {
            type: AggregationType.EXPLICIT_BUCKET_HISTOGRAM,
            options: { boundaries: [0, 10, 100], recordMinMax: false },
          },
        },
      ],
    });
    const meter = provider.getMeter("metrics-test");
    const exp = meter.createHistogram("exp", { unit: "ms" });
    const single = meter.createHistogram("single");
    for (let i = 0; i < 3; i++) single.record(1.5);
    for (const v of expValues) exp.record(v, { route: "/a" });
    const nominmax = meter.createHistogram("nominmax");
    for (const v of [5, 50, 500]) nominmax.record(v);
    meter.createCounter("ints", { valueType: ValueType.INT }).add(3);
    meter.createCounter("doubles").add(2.5);
    meter.createUpDownCounter("updown").add(-3);
    meter.createObservableGauge("ratio").addCallback((r) => r.observe(0.25));
    cumulative = (await reader.collect()).resourceMetrics;
    delta = (await deltaReader.collect()).resourceMetrics;
    await provider.shutdown();
  });

  const read = (rm: ResourceMetrics) => {
    const json = metricsFromOtlp(JsonMetricsSerializer.serializeRequest(rm));
    const pb = metricsFromOtlp(ProtobufMetricsSerializer.serializeRequest(rm));
    expect(pb).toEqual(json);
    return json;
  };

  it("reads the protobuf export exactly as the JSON export", () => {
    expect(read(cumulative).metrics).toHaveLength(7);
  });

  it("puts each recorded value in the exponential bucket the data model gives it", () => {
    const h = only(read(cumulative).metrics, "exp");
    const e = h.exponential;
    expect(e).toBeDefined();
    if (e === undefined) return;
    // Positive bucket index i holds (base^i, base^(i+1)], base = 2^(2^−scale); 0 is in the zero bucket.
    const base = 2 ** (2 ** -e.scale);
    const expected = new Map<number, number>();
    for (const v of expValues.filter((x) => x > 0)) {
      const index = Math.ceil(Math.log(v) / Math.log(base)) - 1;
      expected.set(index, (expected.get(index) ?? 0) + 1);
    }
    e.positive.bucketCounts.forEach((c, k) => {
      expect(c).toBe(expected.get(e.positive.offset + k) ?? 0);
    });
    expect(e.zeroCount).toBe(1);
    const metric = h.metric as Extract<MetricType, { metric_type: "histogram" }>;
    expect(metric.stats).toMatchObject({ count: 5, sum: 114, min: 0, max: 100 });
    for (const v of expValues) {
      const bucket = metric.buckets.find((b) => b.upper_bound >= v);
      expect(bucket?.count).toBeGreaterThan(0);
    }
    expect(metric.buckets.reduce((a, b) => a + b.count, 0)).toBe(5);
    expect(metric.tags).toEqual({ "service.name": "sdk-metrics", route: "/a" });
    expect(h).toMatchObject({ unit: "ms", temporality: "cumulative" });
  });

  it("estimates quantiles inside the bucket that holds the observations", () => {
    // One value recorded three times: the SDK keeps its finest scale (20, base ≈ 1 + 6.6e-7), so
    // the bucket that holds 1.5 spans less than 1e-6 of it, and every quantile lies in it.
    const h = only(read(cumulative).metrics, "single");
    const stats = (h.metric as Extract<MetricType, { metric_type: "histogram" }>).stats;
    expect(h.exponential?.scale).toBe(20);
    for (const q of [stats.p50, stats.p95, stats.p99]) expect(Math.abs(q - 1.5)).toBeLessThan(1.5e-6);
  });

  it("estimates min and max the SDK was told not to record, with a notice", () => {
    const { metrics, notices } = read(cumulative);
    // Counts [0, 1, 1, 1] over bounds 0, 10, 100: the lowest non-empty bucket (0, 10] starts at
    // 0; the highest is the overflow above 100, estimated at that bound.
    expect(only(metrics, "nominmax").metric).toMatchObject({ stats: { count: 3, sum: 555, min: 0, max: 100 } });
    expect(notices).toEqual([
      expect.objectContaining({ code: "estimated_stat", metric: "nominmax" }),
      expect.objectContaining({ code: "coerced_value", metric: "doubles", message: expect.stringMatching(/2\.5/) }),
    ]);
  });

  it("maps counters, up-down counters and gauges", () => {
    const { metrics } = read(cumulative);
    expect(only(metrics, "ints").metric).toMatchObject({ metric_type: "counter", value: 3 });
    expect(only(metrics, "doubles").metric).toMatchObject({ metric_type: "gauge", value: 2.5 });
    expect(only(metrics, "updown").metric).toMatchObject({ metric_type: "gauge", value: -3 });
    expect(only(metrics, "ratio").metric).toMatchObject({ metric_type: "gauge", value: 0.25 });
  });

  it("keeps delta temporality", () => {
    const { metrics } = read(delta);
    expect(only(metrics, "ints").temporality).toBe("delta");
    expect(only(metrics, "exp").temporality).toBe("delta");
  });
});

describe("llm-analytics-hub import-otlp --metrics", () => {
  it("writes hub metrics as NDJSON and each notice with its place and metric on stderr", async () => {
    const input = exportOf(
      {
        name: "g",
        gauge: {
          dataPoints: [
            { asInt: "7", timeUnixNano: T },
            { asDouble: "Infinity", timeUnixNano: T },
          ],
        },
      },
      { name: "s", summary: { dataPoints: [{ timeUnixNano: T, flags: 1 }] } },
    );
    const run = await runInProcess(["import-otlp", "-", "--metrics"], {
      stdin: gzipSync(Buffer.from(JSON.stringify(input))),
    });
    expect(run.code).toBe(0);
    const lines = run.stdout.trim().split("\n");
    expect(lines.map((l) => MetricType.parse(JSON.parse(l)))).toEqual([
      {
        metric_type: "gauge",
        name: "g",
        value: 7,
        previous_value: null,
        tags: { "service.name": "my.service" },
        timestamp: TS,
      },
    ]);
    expect(run.stderr.split("\n")).toEqual([
      "<stdin>: $.resourceMetrics[0].scopeMetrics[0].metrics[0].gauge.dataPoints[1] (metric g): asDouble is Infinity, which the hub's f64 fields (JSON numbers) cannot hold; skipped [invalid_point]",
      expect.stringMatching(
        /^<stdin>: \$\.resourceMetrics\[0\]\.scopeMetrics\[0\]\.metrics\[1\]\.summary\.dataPoints\[0\] \(metric s\): flagged NO_RECORDED_VALUE .*\[no_recorded_value\]$/,
      ),
      "import-otlp: 1 metric points; 2 notices",
      "",
    ]);
  });

  it("refuses the span options with --metrics instead of ignoring them", async () => {
    const stdin = Buffer.from(JSON.stringify(exportOf()));
    for (const flags of [
      ["--environment", "prod"],
      ["--tag", "a=b"],
      ["--prices", "p.json"],
    ]) {
      const run = await runInProcess(["import-otlp", "-", "--metrics", ...flags], { stdin });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(new RegExp(`${flags[0]} applies to spans, not to --metrics`));
    }
  });
});
