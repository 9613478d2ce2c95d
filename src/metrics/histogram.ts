import { canonicalTimestamp, TIMESTAMP_PATTERN } from "../core/timestamp.js";
import { type QuantileMethod, summarize } from "../stats/index.js";
import { assertArray, assertFinite, assertProbability, assertWholeAtLeast } from "../stats/validate.js";
import type { HistogramBucket, HistogramMetric } from "./schema.js";

/*
 * Recommended explicit bucket boundaries of the OpenTelemetry GenAI semantic conventions
 * (docs/gen-ai/gen-ai-metrics.md). Durations are in seconds there; the hub's latencies are in
 * milliseconds, so multiply by 1000 (or divide the values) before bucketing hub data.
 */

/** `gen_ai.client.token.usage`: powers of 4 from 1 to 67108864 tokens. */
export const GEN_AI_TOKEN_USAGE_BOUNDARIES = Object.freeze([
  1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
] as const);
/** `gen_ai.client.operation.duration` and `gen_ai.server.request.duration`: 0.01 s doubling to 81.92 s. */
export const GEN_AI_DURATION_BOUNDARIES = Object.freeze([
  0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
] as const);
/** `gen_ai.server.time_to_first_token`, in seconds. */
export const GEN_AI_TIME_TO_FIRST_TOKEN_BOUNDARIES = Object.freeze([
  0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0,
] as const);
/** `gen_ai.server.time_per_output_token`, in seconds. */
export const GEN_AI_TIME_PER_OUTPUT_TOKEN_BOUNDARIES = Object.freeze([
  0.01, 0.025, 0.05, 0.075, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1.0, 2.5,
] as const);

/** How a bucket list's counts are meant. The hub does not say; this library reads them per bucket by default. */
export type BucketCounts = "per-bucket" | "cumulative";

export interface HistogramQuantileOptions {
  /**
   * `"per-bucket"` (default): each count is the observations in (previous bound, upper_bound],
   * and the cumulative counts Prometheus works on are their running sums. `"cumulative"`: each
   * count already includes every lower bucket, like Prometheus `le` buckets (must not decrease).
   */
  readonly counts?: BucketCounts;
  /**
   * Total observations, e.g. the HistogramMetric's `stats.count`. The hub's buckets have no
   * `+Inf` bucket (JSON cannot hold infinity), so when `total` exceeds the buckets' total the
   * difference is taken to lie above the last bound, as in Prometheus's `+Inf` bucket.
   * Defaults to the buckets' total.
   */
  readonly total?: number;
}

interface Cumulative {
  readonly bounds: number[];
  readonly cum: number[];
}

function toCumulative(fn: string, buckets: readonly HistogramBucket[], mode: BucketCounts): Cumulative {
  assertArray(fn, buckets, "buckets", "{upper_bound, count}");
  if (mode !== "per-bucket" && mode !== "cumulative") {
    throw new RangeError(`${fn}: counts must be "per-bucket" or "cumulative", received ${JSON.stringify(mode)}`);
  }
  const indexed = buckets.map((b, i) => {
    if (typeof b !== "object" || b === null) throw new TypeError(`${fn}: buckets[${i}] must be {upper_bound, count}`);
    assertFinite(fn, b.upper_bound, `buckets[${i}].upper_bound`);
    return { ub: b.upper_bound, count: assertWholeAtLeast(fn, b.count, 0, `buckets[${i}].count`), i };
  });
  // Order by bound (Prometheus sorts too); a repeated bound is ambiguous and rejected.
  indexed.sort((a, b) => a.ub - b.ub);
  const bounds: number[] = [];
  const cum: number[] = [];
  let running = 0;
  for (let k = 0; k < indexed.length; k++) {
    const b = indexed[k] as { ub: number; count: number; i: number };
    if (k > 0 && b.ub === (indexed[k - 1] as { ub: number }).ub) {
      throw new RangeError(`${fn}: two buckets share the upper bound ${b.ub}`);
    }
    if (mode === "per-bucket") running += b.count;
    else {
      if (b.count < running) {
        throw new RangeError(
          `${fn}: buckets[${b.i}] (upper_bound ${b.ub}) has count ${b.count}, below the ${running} of the bucket beneath it, so the counts are not cumulative`,
        );
      }
      running = b.count;
    }
    bounds.push(b.ub);
    cum.push(running);
  }
  return { bounds, cum };
}

/**
 * Estimates quantile `q` (in [0, 1]) from histogram buckets with inclusive upper bounds, as
 * Prometheus's `histogram_quantile` does for classic histograms: rank = q × total; find the
 * first bucket whose cumulative count reaches the rank; interpolate linearly between that
 * bucket's lower bound (the previous bound, or 0 for the first bucket) and its upper bound.
 * If the first bucket's upper bound is ≤ 0 and the rank falls in it, that bound is returned;
 * if the rank falls above the last bound (see `total`), the last bound is returned.
 *
 * The hub's counts are read per bucket and converted to cumulative by running sums
 * (`options.counts: "cumulative"` reads Prometheus-style `le` counts instead). O(b log b) for
 * b buckets (they may come in any order).
 *
 * @throws RangeError when q is outside [0, 1], the histogram holds no observations, a count
 *   is not a whole number ≥ 0, bounds repeat, cumulative counts decrease, or `total` is
 *   below the buckets' total.
 */
export function histogramQuantile(
  buckets: readonly HistogramBucket[],
  q: number,
  options?: HistogramQuantileOptions,
): number {
  const fn = "histogramQuantile";
  assertProbability(fn, q);
  const { bounds, cum } = toCumulative(fn, buckets, options?.counts ?? "per-bucket");
  const inBuckets = cum.length === 0 ? 0 : (cum[cum.length - 1] as number);
  const total = options?.total ?? inBuckets;
  if (!Number.isSafeInteger(total) || total < inBuckets) {
    throw new RangeError(
      `${fn}: total must be an integer of at least the ${inBuckets} observations in the buckets, received ${total}`,
    );
  }
  if (total === 0) throw new RangeError(`${fn}: the histogram holds no observations`);
  let rank = q * total;
  let b = 0;
  while (b < cum.length && (cum[b] as number) < rank) b++;
  if (b === cum.length) return bounds[bounds.length - 1] as number;
  if (b === 0 && (bounds[0] as number) <= 0) return bounds[0] as number;
  let start = 0;
  let count = cum[b] as number;
  if (b > 0) {
    start = bounds[b - 1] as number;
    count -= cum[b - 1] as number;
    rank -= cum[b - 1] as number;
  }
  if (count === 0) return start;
  return start + ((bounds[b] as number) - start) * (rank / count);
}

/**
 * Running sums of per-bucket counts, sorted by bound: the Prometheus `le` form. O(b log b).
 * @throws RangeError as `histogramQuantile`'s bucket checks.
 */
export function cumulativeBuckets(buckets: readonly HistogramBucket[]): HistogramBucket[] {
  const { bounds, cum } = toCumulative("cumulativeBuckets", buckets, "per-bucket");
  return bounds.map((ub, i) => ({ upper_bound: ub, count: cum[i] as number }));
}

/**
 * Per-bucket counts from cumulative (`le`) counts, sorted by bound. O(b log b).
 * @throws RangeError when the cumulative counts decrease.
 */
export function perBucketCounts(buckets: readonly HistogramBucket[]): HistogramBucket[] {
  const { bounds, cum } = toCumulative("perBucketCounts", buckets, "cumulative");
  return bounds.map((ub, i) => ({
    upper_bound: ub,
    count: (cum[i] as number) - (i === 0 ? 0 : (cum[i - 1] as number)),
  }));
}

/**
 * Which reading of the counts agrees with a known total (e.g. `stats.count`): `"per-bucket"`
 * when they sum to it, `"cumulative"` when they never decrease and the last equals it,
 * `"either"` when both hold (only the highest non-empty bucket has observations), and
 * `"neither"`. The hub's fixture metric-histogram.json, for instance, is cumulative. O(b log b).
 */
export function inferBucketCounts(
  buckets: readonly HistogramBucket[],
  total: number,
): BucketCounts | "either" | "neither" {
  const fn = "inferBucketCounts";
  const sorted = toCumulative(fn, buckets, "per-bucket");
  const perBucket = (sorted.cum[sorted.cum.length - 1] ?? 0) === total;
  let cumulative: boolean;
  try {
    const c = toCumulative(fn, buckets, "cumulative");
    cumulative = (c.cum[c.cum.length - 1] ?? 0) === total;
  } catch {
    cumulative = false;
  }
  return perBucket && cumulative ? "either" : perBucket ? "per-bucket" : cumulative ? "cumulative" : "neither";
}

export interface BucketsFromValuesOptions {
  /**
   * What to do with values above the last boundary: `"error"` (default) throws, since the hub
   * has no `+Inf` bucket; `"extend"` adds a last bucket whose upper bound is the largest value.
   */
  readonly overflow?: "error" | "extend";
}

function assertBoundaries(fn: string, boundaries: readonly number[]): void {
  if (!Array.isArray(boundaries) || boundaries.length === 0) {
    throw new RangeError(`${fn}: boundaries must be a non-empty array of increasing numbers`);
  }
  for (let i = 0; i < boundaries.length; i++) {
    const b = boundaries[i];
    assertFinite(fn, b, `boundaries[${i}]`);
    if (i > 0 && !(b > (boundaries[i - 1] as number))) {
      throw new RangeError(
        `${fn}: boundaries must be strictly increasing; boundaries[${i}] = ${b} is not above ${boundaries[i - 1]}`,
      );
    }
  }
}

/**
 * Counts values into buckets with inclusive upper bounds (a value equal to a boundary goes into
 * that boundary's bucket, like Prometheus `le` and OpenTelemetry explicit buckets), as per-bucket
 * counts, one bucket per boundary (empty ones included). O(n log b).
 *
 * @throws RangeError for non-finite values, boundaries that do not strictly increase, or (by
 *   default) a value above the last boundary.
 */
export function bucketsFromValues(
  values: readonly number[],
  boundaries: readonly number[],
  options?: BucketsFromValuesOptions,
): HistogramBucket[] {
  const fn = "bucketsFromValues";
  assertBoundaries(fn, boundaries);
  assertArray(fn, values, "values", "numbers");
  const overflow = options?.overflow ?? "error";
  const counts = new Array<number>(boundaries.length).fill(0);
  let extra = 0;
  let largest = Number.NEGATIVE_INFINITY;
  const last = boundaries[boundaries.length - 1] as number;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] as number;
    assertFinite(fn, v, `values[${i}]`);
    if (v > last) {
      if (overflow !== "extend") {
        throw new RangeError(
          `${fn}: values[${i}] = ${v} is above the last boundary ${last}; add a larger boundary or pass { overflow: "extend" }`,
        );
      }
      extra++;
      if (v > largest) largest = v;
      continue;
    }
    let lo = 0;
    let hi = boundaries.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((boundaries[mid] as number) >= v) hi = mid;
      else lo = mid + 1;
    }
    (counts[lo] as number)++;
  }
  const out = boundaries.map((ub, i) => ({ upper_bound: ub, count: counts[i] as number }));
  if (extra > 0) out.push({ upper_bound: largest, count: extra });
  return out;
}

export interface HistogramMetricOptions extends BucketsFromValuesOptions {
  readonly name: string;
  readonly boundaries: readonly number[];
  /** RFC 3339 timestamp of the histogram (injected; never read from a clock). */
  readonly timestamp: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Percentile definition for stats; `"linear"` (R type 7) by default. */
  readonly method?: QuantileMethod;
}

/**
 * A HistogramMetric of `values`: exact `stats` (`summarize`) and per-bucket counts over
 * `options.boundaries`. O(n log b).
 * @throws RangeError as `summarize` and `bucketsFromValues`, or for a bad timestamp.
 */
export function createHistogramMetric(values: readonly number[], options: HistogramMetricOptions): HistogramMetric {
  const fn = "createHistogramMetric";
  if (typeof options?.timestamp !== "string" || !TIMESTAMP_PATTERN.test(options.timestamp)) {
    throw new RangeError(
      `${fn}: timestamp must be an RFC 3339 timestamp with an offset, received ${String(options?.timestamp)}`,
    );
  }
  if (typeof options.name !== "string") throw new TypeError(`${fn}: name must be a string`);
  const buckets = bucketsFromValues(values, options.boundaries, options);
  const stats = summarize(values, options.method ? { method: options.method } : {});
  return {
    name: options.name,
    stats: { ...stats },
    buckets,
    tags: { ...(options.tags ?? {}) },
    timestamp: canonicalTimestamp(options.timestamp),
  };
}
