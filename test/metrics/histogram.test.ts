import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import {
  bucketsFromValues,
  createHistogramMetric,
  cumulativeBuckets,
  GEN_AI_DURATION_BOUNDARIES,
  GEN_AI_TIME_PER_OUTPUT_TOKEN_BOUNDARIES,
  GEN_AI_TIME_TO_FIRST_TOKEN_BOUNDARIES,
  GEN_AI_TOKEN_USAGE_BOUNDARIES,
  type HistogramBucket,
  histogramQuantile,
  inferBucketCounts,
  MetricType,
  perBucketCounts,
} from "../../src/metrics/index.js";
import { CONFORMANCE_DIR } from "../conformance/fixtures.js";

const le = (pairs: readonly [number, number][]): HistogramBucket[] =>
  pairs.map(([upper_bound, count]) => Object.freeze({ upper_bound, count }));

/*
 * Prometheus promql/promqltest/testdata/histograms.test, evaluated at 50m (classic `_bucket`
 * series, cumulative `le` counts). The hub has no +Inf bucket, so the +Inf count is passed as
 * `total`.
 */
describe("histogramQuantile (Prometheus histogram_quantile)", () => {
  // testhistogram{start="positive"}: le 0.1 → 50, 0.2 → 70, 1 → 110, +Inf → 120.
  const positive = Object.freeze(
    le([
      [0.1, 50],
      [0.2, 70],
      [1, 110],
    ]),
  );
  // testhistogram{start="negative"}: le −0.2 → 10, −0.1 → 20, 0.3 → 20, +Inf → 30.
  const negative = Object.freeze(
    le([
      [-0.2, 10],
      [-0.1, 20],
      [0.3, 20],
    ]),
  );

  it("matches testhistogram (cumulative counts, +Inf as total)", () => {
    const opts = { counts: "cumulative", total: 120 } as const;
    expect(histogramQuantile(positive, 0, opts)).toBe(0);
    expect(histogramQuantile(positive, 0.2, opts)).toBeCloseTo(0.048, 12);
    expect(histogramQuantile(positive, 0.5, opts)).toBeCloseTo(0.15, 12);
    expect(histogramQuantile(positive, 0.8, opts)).toBeCloseTo(0.72, 12);
    expect(histogramQuantile(positive, 1, opts)).toBe(1);
    const neg = { counts: "cumulative", total: 30 } as const;
    expect(histogramQuantile(negative, 0, neg)).toBe(-0.2);
    expect(histogramQuantile(negative, 0.2, neg)).toBe(-0.2);
    expect(histogramQuantile(negative, 0.5, neg)).toBeCloseTo(-0.15, 12);
    expect(histogramQuantile(negative, 0.8, neg)).toBe(0.3);
    expect(histogramQuantile(negative, 1, neg)).toBe(0.3);
  });

  it("gives the same answers from the hub's per-bucket counts", () => {
    // Per-bucket form of testhistogram positive: 50, 20, 40 (10 more above the last bound).
    const perBucket = le([
      [0.1, 50],
      [0.2, 20],
      [1, 40],
    ]);
    expect(perBucketCounts(positive)).toEqual(perBucket);
    expect(cumulativeBuckets(perBucket)).toEqual(positive);
    expect(histogramQuantile(perBucket, 0.2, { total: 120 })).toBeCloseTo(0.048, 12);
    expect(histogramQuantile(perBucket, 0.5, { total: 120 })).toBeCloseTo(0.15, 12);
    expect(histogramQuantile(perBucket, 0.8, { total: 120 })).toBeCloseTo(0.72, 12);
    // Bucket order does not matter (Prometheus sorts by le).
    expect(histogramQuantile([...perBucket].reverse(), 0.8, { total: 120 })).toBeCloseTo(0.72, 12);
  });

  it("matches testhistogram3 (no observations above the last bound)", () => {
    // le 0 → 0, 0.1 → 50, 0.2 → 70, 1 → 110, +Inf → 110.
    const h = le([
      [0, 0],
      [0.1, 50],
      [0.2, 70],
      [1, 110],
    ]);
    const opts = { counts: "cumulative" } as const;
    expect(histogramQuantile(h, 0, opts)).toBe(0);
    expect(histogramQuantile(h, 0.25, opts)).toBeCloseTo(0.055, 12);
    expect(histogramQuantile(h, 0.5, opts)).toBeCloseTo(0.125, 12);
    expect(histogramQuantile(h, 0.75, opts)).toBeCloseTo(0.45, 12);
    expect(histogramQuantile(h, 1, opts)).toBe(1);
    // {start="negative"}: le −0.25 → 0, −0.2 → 1… scaled ×10 at 50m: 0, 10, 20, 20.
    const n = le([
      [-0.25, 0],
      [-0.2, 10],
      [-0.1, 20],
      [0.3, 20],
    ]);
    expect(histogramQuantile(n, 0, opts)).toBe(-0.25);
    expect(histogramQuantile(n, 0.25, opts)).toBeCloseTo(-0.225, 12);
    expect(histogramQuantile(n, 0.5, opts)).toBeCloseTo(-0.2, 12);
    expect(histogramQuantile(n, 0.75, opts)).toBeCloseTo(-0.15, 12);
    expect(histogramQuantile(n, 1, opts)).toBeCloseTo(-0.1, 12);
  });

  it("lands in the middle of buckets for testhistogram2 (1, 3, 5)", () => {
    // At 7m: le 0 → 0, 2 → 1, 4 → 2, 6 → 3, +Inf → 3.
    const h = le([
      [0, 0],
      [2, 1],
      [4, 2],
      [6, 3],
    ]);
    expect(histogramQuantile(h, 1 / 6, { counts: "cumulative" })).toBeCloseTo(1, 12);
    expect(histogramQuantile(h, 0.5, { counts: "cumulative" })).toBeCloseTo(3, 12);
    expect(histogramQuantile(h, 5 / 6, { counts: "cumulative" })).toBeCloseTo(5, 12);
  });

  it("aggregated request_duration_seconds: sum by (le) of rates gives 0.075 and 0.1277…", () => {
    // Cumulative per-second rates at 50m over the four series: le 0.1 → 10/300, 0.2 → 19/300, +Inf → 25/300
    // (increments per 5m of ins1/ins2 × job1/job2); the common factor cancels.
    const h = le([
      [0.1, 10],
      [0.2, 19],
    ]);
    expect(histogramQuantile(h, 0.3, { counts: "cumulative", total: 25 })).toBeCloseTo(0.075, 12);
    expect(histogramQuantile(h, 0.5, { counts: "cumulative", total: 25 })).toBeCloseTo(0.1277777777777778, 12);
  });

  it("rejects what Prometheus would answer with ±Inf or NaN, and inconsistent buckets", () => {
    expect(() => histogramQuantile(positive, 1.01)).toThrow(
      "histogramQuantile: q must be within [0, 1], received 1.01",
    );
    expect(() => histogramQuantile([], 0.5)).toThrow("histogramQuantile: the histogram holds no observations");
    expect(() =>
      histogramQuantile(
        le([
          [1, 5],
          [2, 3],
        ]),
        0.5,
        { counts: "cumulative" },
      ),
    ).toThrow(/buckets\[1\] \(upper_bound 2\) has count 3, below the 5 of the bucket beneath it/);
    expect(() =>
      histogramQuantile(
        le([
          [1, 5],
          [1, 3],
        ]),
        0.5,
      ),
    ).toThrow("histogramQuantile: two buckets share the upper bound 1");
    expect(() => histogramQuantile(le([[1, 5]]), 0.5, { total: 4 })).toThrow(
      /total must be an integer of at least the 5/,
    );
    expect(() => histogramQuantile(le([[1, 2.5]]), 0.5)).toThrow(
      "histogramQuantile: buckets[0].count must be a whole number ≥ 0, received 2.5",
    );
  });
});

describe("bucket counts of the hub's histogram fixture", () => {
  it("reads accept/metric-histogram.json as cumulative (its last count equals stats.count)", () => {
    const text = readFileSync(join(CONFORMANCE_DIR, "accept", "metric-histogram.json"), "utf8");
    const parsed = decode(MetricType, text);
    if (!parsed.success || parsed.data.metric_type !== "histogram")
      throw new Error("fixture did not parse as a histogram");
    const { buckets, stats } = parsed.data;
    expect(inferBucketCounts(buckets, stats.count)).toBe("cumulative");
    // Reading it per bucket would count 417713 observations against stats.count 120034.
    expect(() => histogramQuantile(buckets, 0.5, { total: stats.count })).toThrow(/at least the 417713/);
    // Median by Prometheus's rule, worked by hand: rank 0.5 × 120034 = 60017 falls in (250, 500]
    // (cumulative 20551 → 61120), so 250 + 250 × (60017 − 20551) / (61120 − 20551).
    expect(histogramQuantile(buckets, 0.5, { counts: "cumulative" })).toBeCloseTo(
      250 + (250 * (60017 - 20551)) / (61120 - 20551),
      9,
    );
    expect(
      inferBucketCounts(
        le([
          [1, 0],
          [2, 3],
        ]),
        3,
      ),
    ).toBe("either");
    expect(
      inferBucketCounts(
        le([
          [1, 3],
          [2, 1],
        ]),
        4,
      ),
    ).toBe("per-bucket");
    expect(
      inferBucketCounts(
        le([
          [1, 3],
          [2, 1],
        ]),
        7,
      ),
    ).toBe("neither");
  });
});

describe("bucketsFromValues", () => {
  it("counts into inclusive upper bounds (Prometheus le / OpenTelemetry explicit buckets)", () => {
    const values = Object.freeze([0.5, 1, 1.0000001, 4, 4, 16, 0]);
    expect(bucketsFromValues(values, [1, 4, 16])).toEqual(
      le([
        [1, 3],
        [4, 3],
        [16, 1],
      ]),
    );
    expect(bucketsFromValues([], [1, 2])).toEqual(
      le([
        [1, 0],
        [2, 0],
      ]),
    );
  });

  it("rejects overflow unless asked to extend", () => {
    expect(() => bucketsFromValues([1, 20], [1, 4, 16])).toThrow(
      'bucketsFromValues: values[1] = 20 is above the last boundary 16; add a larger boundary or pass { overflow: "extend" }',
    );
    expect(bucketsFromValues([1, 20, 17], [1, 4, 16], { overflow: "extend" })).toEqual(
      le([
        [1, 1],
        [4, 0],
        [16, 0],
        [20, 2],
      ]),
    );
    expect(() => bucketsFromValues([1], [4, 1])).toThrow(
      "bucketsFromValues: boundaries must be strictly increasing; boundaries[1] = 1 is not above 4",
    );
  });

  it("builds a HistogramMetric the schema accepts", () => {
    const m = createHistogramMetric([3, 70, 900, 2048], {
      name: "completion_tokens",
      boundaries: GEN_AI_TOKEN_USAGE_BOUNDARIES,
      timestamp: "2025-06-03T16:00:00+02:00",
    });
    expect(m.timestamp).toBe("2025-06-03T14:00:00Z");
    expect(m.buckets.filter((b) => b.count > 0)).toEqual(
      le([
        [4, 1],
        [256, 1],
        [1024, 1],
        [4096, 1],
      ]),
    );
    expect(m.stats.count).toBe(4);
    expect(MetricType.parse({ metric_type: "histogram", ...m })).toEqual({ metric_type: "histogram", ...m });
  });
});

describe("OpenTelemetry GenAI boundaries", () => {
  it("are the recommended ExplicitBucketBoundaries of docs/gen-ai/gen-ai-metrics.md", () => {
    // gen_ai.client.token.usage: powers of 4 from 1 to 67108864.
    expect(GEN_AI_TOKEN_USAGE_BOUNDARIES).toEqual([
      1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]);
    // gen_ai.client.operation.duration: 0.01 s doubling to 81.92 s.
    expect(GEN_AI_DURATION_BOUNDARIES).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    expect(GEN_AI_TIME_TO_FIRST_TOKEN_BOUNDARIES).toEqual([
      0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
    ]);
    expect(GEN_AI_TIME_PER_OUTPUT_TOKEN_BOUNDARIES).toEqual([
      0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
    ]);
    expect(Object.isFrozen(GEN_AI_TOKEN_USAGE_BOUNDARIES)).toBe(true);
  });
});
