import { histogramQuantile } from "../../metrics/histogram.js";
import type { StatisticalMeasures } from "../../metrics/schema.js";
import { describe } from "../../stats/validate.js";
import type { OtlpMetricRecord } from "./metrics.js";
import { get, isObject } from "./read.js";

/*
 * The numbers of one OTLP data point (proto3 JSON: int64 and uint64 as decimal strings or
 * numbers, doubles as numbers, numeric strings or "NaN"/"Infinity"/"-Infinity") turned into the
 * fields of a hub metric. Each reader throws a PointSkip whose message says why the point cannot
 * become a hub metric; metricsFromOtlp turns it into an `invalid_point` notice.
 */

/** Why a data point cannot be mapped (the message does not repeat its place). */
export class PointSkip extends Error {}

/** Reports an estimate or a coercion made while reading a point (`estimated_stat`, `coerced_value`). */
export type PointNote = (code: "estimated_stat" | "coerced_value", message: string) => void;

/** A uint64 count; an unset one is 0 (proto3 leaves zeros out). */
export function uint64(value: unknown, field: string): number {
  if (value === undefined) return 0;
  const whole =
    typeof value === "string"
      ? /^\d+$/.test(value)
      : typeof value === "number" && Number.isInteger(value) && value >= 0;
  if (!whole) {
    throw new PointSkip(
      `${field}: expected a uint64 (a decimal string or a whole number ≥ 0), received ${describe(value)}`,
    );
  }
  const n = Number(value);
  if (!Number.isSafeInteger(n)) {
    throw new PointSkip(`${field} ${value} is beyond 2^53 − 1, which the hub's counts cannot hold exactly`);
  }
  return n;
}

/** An int64 (`asInt`, `offset`) as a number, when it is exactly one. */
export function int64(value: unknown, field: string): number {
  if (value === undefined) return 0;
  let n: number | undefined;
  if (typeof value === "number" && Number.isInteger(value)) n = value;
  else if (typeof value === "string" && /^-?\d+$/.test(value)) n = Number(value);
  if (n === undefined) {
    throw new PointSkip(
      `${field}: expected an int64 (a decimal string or a whole number), received ${describe(value)}`,
    );
  }
  if (!Number.isSafeInteger(n)) {
    throw new PointSkip(`${field} ${value} is beyond ±(2^53 − 1), which the hub's numbers cannot hold exactly`);
  }
  return n;
}

/** A double (proto3 JSON: a number, a numeric string, "NaN", "Infinity" or "-Infinity"). */
export function double(value: unknown, field: string): number {
  if (typeof value === "number") return value;
  if (value === "NaN") return Number.NaN;
  if (value === "Infinity") return Number.POSITIVE_INFINITY;
  if (value === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (typeof value === "string" && value.trim() !== "" && !Number.isNaN(Number(value))) return Number(value);
  throw new PointSkip(`${field}: expected a double, received ${describe(value)}`);
}

/** A double the hub can hold: finite (JSON has no NaN or infinities, so neither has the hub's f64). */
export function finiteDouble(value: unknown, field: string): number {
  const n = double(value, field);
  if (!Number.isFinite(n)) {
    throw new PointSkip(`${field} is ${n}, which the hub's f64 fields (JSON numbers) cannot hold`);
  }
  return n;
}

/** An optional double: undefined when unset. */
function optionalDouble(p: Record<string, unknown>, field: string): number | undefined {
  const value = get(p, field);
  return value === undefined ? undefined : finiteDouble(value, field);
}

function list(p: Record<string, unknown>, field: string): readonly unknown[] {
  const value = get(p, field) ?? [];
  if (!Array.isArray(value)) throw new PointSkip(`${field}: expected an array, received ${describe(value)}`);
  return value;
}

// ---------------------------------------------------------------------------------------------
// Histograms (explicit and exponential) → HistogramMetric fields

interface Bucket {
  readonly upper_bound: number;
  readonly count: number;
}

/** Buckets with inclusive upper bounds, the observations above the last one, and the first bucket's lower edge. */
interface BucketLayout {
  readonly buckets: readonly Bucket[];
  readonly overflow: number;
  readonly lowestEdge: number;
}

export interface HistogramFields {
  readonly stats: StatisticalMeasures;
  readonly buckets: Bucket[];
}

function assertIncreasing(bounds: readonly number[], field: string): void {
  for (let i = 1; i < bounds.length; i++) {
    if ((bounds[i] as number) <= (bounds[i - 1] as number)) {
      throw new PointSkip(`${field} must increase strictly, but ${bounds[i]} follows ${bounds[i - 1]} (index ${i})`);
    }
  }
}

function assertTotal(total: number, count: number, what: string): void {
  if (total !== count) throw new PointSkip(`${what} add up to ${total}, not count ${count}`);
}

/** The lower and upper edge of bucket i, the overflow bucket (i = buckets.length) included. */
function edges(layout: BucketLayout, i: number): [number, number] {
  const { buckets } = layout;
  const last = (buckets[buckets.length - 1] as Bucket).upper_bound;
  if (i >= buckets.length) return [last, last];
  return [i === 0 ? layout.lowestEdge : (buckets[i - 1] as Bucket).upper_bound, (buckets[i] as Bucket).upper_bound];
}

/** The counts of every bucket, the overflow last. */
function countsOf(layout: BucketLayout): number[] {
  return [...layout.buckets.map((b) => b.count), layout.overflow];
}

/**
 * sum from bucket midpoints, when the point leaves it out (OTLP does when measurements were
 * negative); the open overflow bucket counts at its lower edge (or max, when sent).
 */
function estimatedSum(layout: BucketLayout, max: number | undefined): number {
  return countsOf(layout).reduce((acc, c, i) => {
    if (c === 0) return acc;
    const [lo, hi] = edges(layout, i);
    return acc + c * (i >= layout.buckets.length ? (max ?? lo) : (lo + hi) / 2);
  }, 0);
}

/** min and max from the lowest and highest non-empty bucket, when the point leaves them out. */
function estimatedRange(layout: BucketLayout): [number, number] {
  const counts = countsOf(layout);
  const first = counts.findIndex((c) => c > 0);
  const last = counts.length - 1 - [...counts].reverse().findIndex((c) => c > 0);
  return [edges(layout, first)[0], edges(layout, last)[1]];
}

/**
 * HistogramMetric `stats` and `buckets` from a point's count, sum, min, max and buckets. An
 * absent sum, min or max is estimated from the buckets (with an `estimated_stat` note);
 * p50/p95/p99 are estimated as Prometheus `histogram_quantile` does.
 */
function histogramFields(
  p: Record<string, unknown>,
  count: number,
  layout: BucketLayout,
  note: PointNote,
): HistogramFields {
  let sum = optionalDouble(p, "sum");
  let min = optionalDouble(p, "min");
  let max = optionalDouble(p, "max");
  const hasBuckets = layout.buckets.length > 0 || layout.overflow > 0;
  if (count > 0 && sum === undefined) {
    if (!hasBuckets) throw new PointSkip("no sum and no buckets to estimate it from");
    sum = estimatedSum(layout, max);
    note(
      "estimated_stat",
      `no sum in the point (OTLP leaves it out after negative measurements): estimated from the bucket midpoints as ${sum}`,
    );
  }
  if (count > 0 && (min === undefined || max === undefined)) {
    const [lo, hi] = layout.buckets.length > 0 ? estimatedRange(layout) : [(sum ?? 0) / count, (sum ?? 0) / count];
    min ??= lo;
    max ??= hi;
    note("estimated_stat", `no min/max in the point: estimated from the buckets (${min}, ${max})`);
  }
  const avg = count === 0 ? 0 : (sum as number) / count;
  const q = (x: number) =>
    count === 0 ? 0 : layout.buckets.length === 0 ? avg : histogramQuantile(layout.buckets, x, { total: count });
  return {
    stats: {
      avg,
      min: count === 0 ? 0 : (min as number),
      max: count === 0 ? 0 : (max as number),
      p50: q(0.5),
      p95: q(0.95),
      p99: q(0.99),
      stddev: null,
      count,
      sum: sum ?? 0,
    },
    buckets: [...layout.buckets],
  };
}

/** What a HistogramDataPoint's buckets were, as sent. */
export interface ExplicitBuckets {
  readonly bucketCounts: number[];
  readonly explicitBounds: number[];
}

/**
 * An explicit-bucket HistogramDataPoint: `bucketCounts` has one count more than
 * `explicitBounds` (the overflow above the last bound), or both are empty; bounds increase
 * strictly; the counts add up to `count` (opentelemetry-proto metrics.proto, HistogramDataPoint).
 */
export function explicitHistogram(p: Record<string, unknown>, note: PointNote): HistogramFields & ExplicitBuckets {
  const count = uint64(get(p, "count"), "count");
  const bucketCounts = list(p, "bucketCounts").map((c, i) => uint64(c, `bucketCounts[${i}]`));
  const explicitBounds = list(p, "explicitBounds").map((b, i) => finiteDouble(b, `explicitBounds[${i}]`));
  if (bucketCounts.length === 0 && explicitBounds.length > 0) {
    throw new PointSkip(`${explicitBounds.length} explicitBounds without bucketCounts (OTLP sends both or neither)`);
  }
  if (bucketCounts.length !== 0 && bucketCounts.length !== explicitBounds.length + 1) {
    throw new PointSkip(
      `${bucketCounts.length} bucket counts for ${explicitBounds.length} bounds (OTLP needs bounds + 1)`,
    );
  }
  assertIncreasing(explicitBounds, "explicitBounds");
  if (bucketCounts.length > 0)
    assertTotal(
      bucketCounts.reduce((a, b) => a + b, 0),
      count,
      "the bucket counts",
    );
  const layout: BucketLayout = {
    buckets: explicitBounds.map((b, i) => ({ upper_bound: b, count: bucketCounts[i] as number })),
    overflow: bucketCounts[explicitBounds.length] ?? 0,
    lowestEdge: Math.min(0, explicitBounds[0] ?? 0),
  };
  return { ...histogramFields(p, count, layout, note), bucketCounts, explicitBounds };
}

/** What an ExponentialHistogramDataPoint's buckets were, as sent. */
export type ExponentialBuckets = NonNullable<OtlpMetricRecord["exponential"]>;

function exponentialSide(p: Record<string, unknown>, side: "positive" | "negative") {
  const value = get(p, side) ?? {};
  if (!isObject(value)) throw new PointSkip(`${side}: expected {offset, bucketCounts}, received ${describe(value)}`);
  return {
    offset: int64(get(value, "offset"), `${side}.offset`),
    bucketCounts: list(value, "bucketCounts").map((c, i) => uint64(c, `${side}.bucketCounts[${i}]`)),
  };
}

/**
 * An ExponentialHistogramDataPoint as explicit buckets: with base = 2^(2^−scale), positive
 * bucket `index` holds (base^index, base^(index+1)], negative bucket `index` the same range
 * negated, and the zero bucket [−zeroThreshold, zeroThreshold] (the OTLP data model,
 * "ExponentialHistogram"). The hub's buckets are, lowest first: each negative bucket at its
 * upper edge −base^index, the zero bucket at zeroThreshold, each positive bucket at
 * base^(index+1). Counts add up to `count`; every bound must be a finite double.
 */
export function exponentialHistogram(
  p: Record<string, unknown>,
  note: PointNote,
): HistogramFields & { readonly exponential: ExponentialBuckets } {
  const count = uint64(get(p, "count"), "count");
  const scale = int64(get(p, "scale"), "scale");
  if (scale < -10 || scale > 20) throw new PointSkip(`scale ${scale} is outside OTLP's −10…20`);
  const zeroCount = uint64(get(p, "zeroCount"), "zeroCount");
  const zeroThreshold = optionalDouble(p, "zeroThreshold") ?? 0;
  const positive = exponentialSide(p, "positive");
  const negative = exponentialSide(p, "negative");
  const sum = (c: readonly number[]) => c.reduce((a, b) => a + b, 0);
  assertTotal(
    zeroCount + sum(positive.bucketCounts) + sum(negative.bucketCounts),
    count,
    "zeroCount and the bucket counts",
  );
  const exponential = { scale, zeroCount, zeroThreshold, positive, negative };
  const buckets = bucketsOfExponential(exponential);
  const bounds = buckets.map((b) => b.upper_bound);
  if (bounds.some((b) => !Number.isFinite(b))) {
    throw new PointSkip(`scale ${scale} and the bucket offsets give bounds beyond the largest double`);
  }
  assertIncreasing(bounds, "the bucket bounds (negative, zero, positive)");
  const lowestEdge =
    negative.bucketCounts.length > 0
      ? -exponentialEdge(scale, negative.offset + negative.bucketCounts.length)
      : -zeroThreshold;
  const layout: BucketLayout = { buckets, overflow: 0, lowestEdge };
  return {
    ...histogramFields(p, count, layout, note),
    exponential,
  };
}

/** base^index with base = 2^(2^−scale): the edge between exponential buckets index − 1 and index. */
function exponentialEdge(scale: number, index: number): number {
  return 2 ** (index * 2 ** -scale);
}

/**
 * Explicit buckets (inclusive upper bounds, lowest first) holding the same observations: each
 * negative bucket at −base^index, the zero bucket at zeroThreshold, each positive bucket at
 * base^(index+1). Where a range does not start at the bound below it (the gap between the
 * negative buckets and −zeroThreshold, between zeroThreshold and the first positive bucket's
 * lower edge), an empty bucket marks its start, so that interpolation inside a bucket
 * (histogram_quantile) spans the bucket's own range.
 */
function bucketsOfExponential(e: ExponentialBuckets): Bucket[] {
  const edge = (index: number) => exponentialEdge(e.scale, index);
  const buckets: Bucket[] = [];
  const { negative, positive } = e;
  for (let k = negative.bucketCounts.length - 1; k >= 0; k--) {
    buckets.push({ upper_bound: -edge(negative.offset + k), count: negative.bucketCounts[k] as number });
  }
  if (negative.bucketCounts.length > 0 && e.zeroThreshold > 0 && -e.zeroThreshold > -edge(negative.offset)) {
    buckets.push({ upper_bound: -e.zeroThreshold, count: 0 });
  }
  buckets.push({ upper_bound: e.zeroThreshold, count: e.zeroCount });
  if (positive.bucketCounts.length > 0 && edge(positive.offset) > e.zeroThreshold) {
    buckets.push({ upper_bound: edge(positive.offset), count: 0 });
  }
  positive.bucketCounts.forEach((c, k) => {
    buckets.push({ upper_bound: edge(positive.offset + k + 1), count: c });
  });
  return buckets;
}

// ---------------------------------------------------------------------------------------------
// Summaries → SummaryMetric fields

/** A quantile as the hub's percentile key: 0.999 → "p99.9", 0.5 → "p50". */
function percentileKey(quantile: number): string {
  return `p${Number((quantile * 100).toPrecision(12))}`;
}

/** The value at quantile q, linearly between the nearest reported quantiles (which must bracket q). */
function interpolated(known: readonly { quantile: number; value: number }[], q: number): number | undefined {
  const above = known.findIndex((k) => k.quantile >= q);
  if (above === -1) return undefined;
  const hi = known[above] as { quantile: number; value: number };
  if (hi.quantile === q) return hi.value;
  if (above === 0) return undefined;
  const lo = known[above - 1] as { quantile: number; value: number };
  return lo.value + ((hi.value - lo.value) * (q - lo.quantile)) / (hi.quantile - lo.quantile);
}

export interface SummaryFields {
  readonly stats: HistogramFields["stats"];
  readonly percentiles: Record<string, number>;
  readonly quantiles: { quantile: number; value: number }[];
}

/** The value at q: reported, else interpolated, else the nearest reported one, else the mean (noted). */
function summaryStat(
  known: readonly { quantile: number; value: number }[],
  q: number,
  avg: number,
  note: PointNote,
): number {
  const exact = interpolated(known, q);
  if (exact !== undefined && known.some((k) => k.quantile === q)) return exact;
  let value = exact;
  let how = "interpolated between the reported quantiles";
  if (value === undefined && known.length > 0) {
    const nearest = q < (known[0] as { quantile: number }).quantile ? known[0] : known[known.length - 1];
    value = (nearest as { value: number }).value;
    how = `the nearest reported quantile's (${(nearest as { quantile: number }).quantile})`;
  } else if (value === undefined) {
    value = avg;
    how = "the mean (no quantiles reported)";
  }
  note("estimated_stat", `quantile ${q} is not reported: ${how}, ${value}`);
  return value;
}

/**
 * A SummaryDataPoint: `count`, `sum` and `quantileValues` ({quantile in [0, 1], value}).
 * Quantiles 0 and 1 are min and max, 0.5/0.95/0.99 the hub's p50/p95/p99, every other one a
 * `percentiles` entry (0.999 → "p99.9"). A stat not reported is interpolated between the
 * reported quantiles, else taken from the nearest one, else the mean, with an `estimated_stat` note;
 * a NaN or infinite quantile value (Prometheus reports NaN when a quantile's window holds no
 * observation) counts as not reported, and is kept only in `quantiles`.
 */
export function summary(p: Record<string, unknown>, note: PointNote): SummaryFields {
  const count = uint64(get(p, "count"), "count");
  const sum = optionalDouble(p, "sum") ?? 0;
  const quantiles = list(p, "quantileValues").map((entry, i) => {
    if (!isObject(entry))
      throw new PointSkip(`quantileValues[${i}]: expected {quantile, value}, received ${describe(entry)}`);
    const quantile = finiteDouble(get(entry, "quantile") ?? 0, `quantileValues[${i}].quantile`);
    if (quantile < 0 || quantile > 1)
      throw new PointSkip(`quantileValues[${i}].quantile ${quantile} is outside [0, 1]`);
    return { quantile, value: double(get(entry, "value") ?? 0, `quantileValues[${i}].value`) };
  });
  const known = quantiles.filter((q) => Number.isFinite(q.value)).sort((a, b) => a.quantile - b.quantile);
  if (known.length < quantiles.length && count > 0) {
    // Prometheus summaries report NaN for a quantile whose sliding window holds no observation.
    const unknown = quantiles.filter((q) => !Number.isFinite(q.value));
    note(
      "estimated_stat",
      `${unknown.map((q) => `quantile ${q.quantile} is ${q.value}`).join(", ")} (no observation in the summary's window, or none the hub's f64 can hold): left out of the hub metric, kept in quantiles`,
    );
  }
  const avg = count === 0 ? 0 : sum / count;
  const stat = (q: number) => (count === 0 ? 0 : summaryStat(known, q, avg, note));
  const percentiles: Record<string, number> = {};
  for (const { quantile, value } of known) {
    if (![0, 0.5, 0.95, 0.99, 1].includes(quantile)) percentiles[percentileKey(quantile)] = value;
  }
  return {
    stats: {
      avg,
      min: stat(0),
      max: stat(1),
      p50: stat(0.5),
      p95: stat(0.95),
      p99: stat(0.99),
      stddev: null,
      count,
      sum,
    },
    percentiles,
    quantiles,
  };
}
