import { valuesAtRanks } from "./select.js";
import { assertArray, assertProbability, assertValues, copyChecked, describe } from "./validate.js";

/**
 * How a quantile is read from sorted values `x[0] ≤ … ≤ x[n−1]` (0-based indices, q in [0, 1]):
 *
 * | method | value | same as |
 * | --- | --- | --- |
 * | `"linear"` (default) | h = (n−1)·q; x[⌊h⌋] + (h−⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋]) | R `quantile(type = 7)`, numpy `method="linear"`, Excel `PERCENTILE.INC` |
 * | `"lower"` | x[⌊(n−1)·q⌋] | numpy `"lower"`; the hub's aggregation_engine.rs (`sorted[floor(q/100·(n−1))]`) |
 * | `"higher"` | x[⌈(n−1)·q⌉] | numpy `"higher"` |
 * | `"midpoint"` | (x[⌊h⌋] + x[⌈h⌉]) / 2 | numpy `"midpoint"` |
 * | `"nearest-rank"` | x[max(⌈n·q⌉, 1) − 1] | R `type = 1`, numpy `"inverted_cdf"`, the textbook nearest-rank percentile |
 * | `"hub"` | x[min(⌊n·q⌋, n−1)] | the hub's aggregation.rs (StatisticalMeasures p50/p95/p99) |
 * | `"influxql"` | x[⌊n·p/100 + 0.5⌋ − 1], p = 100·q; no value when that index is −1 | InfluxQL `PERCENTILE(field, p)` |
 *
 * For 1..10 and q = 0.5 these give 5.5 (linear), 5 (lower, influxql, nearest-rank), 6 (higher,
 * hub), 5.5 (midpoint): the hub's two code paths disagree (5 vs 6), which is why this library
 * standardizes on `"linear"` and offers the others only on request. (simple-statistics'
 * `quantile` is none of these: it averages two order statistics only when n·q is whole.)
 */
export const QUANTILE_METHODS = ["linear", "lower", "higher", "midpoint", "nearest-rank", "hub", "influxql"] as const;
export type QuantileMethod = (typeof QUANTILE_METHODS)[number];

export interface QuantileOptions {
  /** Quantile definition; `"linear"` (R type 7, numpy's default) when omitted. See QUANTILE_METHODS. */
  readonly method?: QuantileMethod;
}

/** Where a quantile sits: the result is lerp(x[lo], x[hi], t). */
export interface QuantilePosition {
  readonly lo: number;
  readonly hi: number;
  readonly t: number;
}

export function assertMethod(fn: string, options: QuantileOptions | undefined): QuantileMethod {
  const method = options?.method ?? "linear";
  if (!(QUANTILE_METHODS as readonly string[]).includes(method)) {
    throw new RangeError(`${fn}: method must be one of ${QUANTILE_METHODS.join(", ")}, received ${describe(method)}`);
  }
  return method;
}

/** The sorted positions that define quantile `q` of `n` values under `method` (internal). */
export function quantilePosition(fn: string, n: number, q: number, method: QuantileMethod): QuantilePosition {
  switch (method) {
    case "linear": {
      const h = (n - 1) * q;
      const lo = Math.floor(h);
      return { lo, hi: Math.min(lo + 1, n - 1), t: h - lo };
    }
    case "lower": {
      const i = Math.floor((n - 1) * q);
      return { lo: i, hi: i, t: 0 };
    }
    case "higher": {
      const i = Math.ceil((n - 1) * q);
      return { lo: i, hi: i, t: 0 };
    }
    case "midpoint": {
      const h = (n - 1) * q;
      return { lo: Math.floor(h), hi: Math.ceil(h), t: 0.5 };
    }
    case "nearest-rank": {
      const i = Math.max(Math.ceil(n * q), 1) - 1;
      return { lo: i, hi: i, t: 0 };
    }
    case "hub": {
      const i = Math.min(Math.floor(n * q), n - 1);
      return { lo: i, hi: i, t: 0 };
    }
    case "influxql": {
      // InfluxQL computes in percent: int(math.Floor(float64(len)*percentile/100.0+0.5)) - 1.
      const i = Math.floor((n * (q * 100)) / 100 + 0.5) - 1;
      if (i < 0) {
        throw new RangeError(
          `${fn}: InfluxQL's PERCENTILE has no value for q = ${q} with ${n} values (⌊n·q + 0.5⌋ = 0); InfluxQL returns null here`,
        );
      }
      return { lo: i, hi: i, t: 0 };
    }
  }
}

/** numpy's `_lerp`: exact at both ends and monotone in t. */
export function lerp(a: number, b: number, t: number): number {
  if (t === 0 || a === b) return a;
  const d = b - a;
  return t >= 0.5 ? b - d * (1 - t) : a + d * t;
}

/**
 * Quantile `q` (in [0, 1]) of `values`, by default with linear interpolation between order
 * statistics: R's type 7 and numpy's default (`np.quantile(values, q)`). Other definitions,
 * including the hub's and InfluxQL's, are chosen with `options.method` (see QUANTILE_METHODS).
 *
 * Method: Floyd–Rivest selection on a private copy, so the input is never reordered.
 * O(n) expected time (O(n log n) worst case), O(n) extra space.
 *
 * @throws RangeError when `values` is empty or holds a non-finite number, when `q` is outside
 *   [0, 1], or (method `"influxql"` only) when InfluxQL would return no value.
 */
export function quantile(values: readonly number[], q: number, options?: QuantileOptions): number {
  assertProbability("quantile", q);
  const method = assertMethod("quantile", options);
  if (!Array.isArray(values) || values.length === 0) assertValues("quantile", values);
  const { lo, hi, t } = quantilePosition("quantile", values.length, q, method);
  const ranks = hi === lo ? [lo] : [lo, hi];
  const [a, b] = valuesAtRanks(values, ranks, () => rejectValues("quantile", values)) as [number, number?];
  return hi === lo ? a : lerp(a, b as number, t);
}

/** assertValues for a path that has already seen a bad element: it always throws. */
export function rejectValues(fn: string, values: readonly number[]): never {
  assertValues(fn, values);
  throw new RangeError(`${fn}: values must be finite numbers`);
}

/** Reads a quantile from an already sorted Float64Array or array (internal, no checks). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number, method: QuantileMethod, fn: string): number {
  const { lo, hi, t } = quantilePosition(fn, sorted.length, q, method);
  return lerp(sorted[lo] as number, sorted[hi] as number, t);
}

/**
 * Quantile `q` of values already sorted in ascending order; same definitions as `quantile`.
 * The input is checked to be finite and sorted (O(n)); the read itself is O(1).
 *
 * @throws RangeError when empty, not finite, not sorted ascending, or `q` is outside [0, 1].
 */
export function quantileSorted(sorted: readonly number[], q: number, options?: QuantileOptions): number {
  assertValues("quantileSorted", sorted, 1, "sorted");
  assertProbability("quantileSorted", q);
  const method = assertMethod("quantileSorted", options);
  for (let i = 1; i < sorted.length; i++) {
    if ((sorted[i] as number) < (sorted[i - 1] as number)) {
      throw new RangeError(
        `quantileSorted: sorted must be in ascending order, but sorted[${i}] = ${sorted[i]} is below sorted[${i - 1}] = ${sorted[i - 1]}`,
      );
    }
  }
  return quantileOfSorted(sorted, q, method, "quantileSorted");
}

/**
 * Several quantiles of `values` at once, in the order of `qs`, without sorting everything:
 * the order statistics the definitions need are placed by multi-selection (each selection
 * splits the range the next ones search). O(n log m) expected time for m quantiles, O(n) space.
 * Each result equals `quantile(values, q, options)`.
 *
 * @throws RangeError as `quantile`, naming the offending `qs[i]`.
 */
export function quantiles(values: readonly number[], qs: readonly number[], options?: QuantileOptions): number[] {
  assertArray("quantiles", qs, "qs", "numbers");
  for (let i = 0; i < qs.length; i++) assertProbability("quantiles", qs[i] as number, `qs[${i}]`);
  const method = assertMethod("quantiles", options);
  if (!Array.isArray(values) || values.length === 0) assertValues("quantiles", values);
  if (qs.length === 0) {
    copyChecked("quantiles", values);
    return [];
  }
  const positions = qs.map((q) => quantilePosition("quantiles", values.length, q, method));
  return readPositions(values, positions, "quantiles");
}

/**
 * The value of every quantile position (internal): the order statistics at each lo and hi are
 * found together by `valuesAtRanks`, which also validates `values` on its first pass.
 */
export function readPositions(values: readonly number[], positions: readonly QuantilePosition[], fn: string): number[] {
  const ranks: number[] = [];
  for (const p of positions) {
    if (!ranks.includes(p.lo)) ranks.push(p.lo);
    if (!ranks.includes(p.hi)) ranks.push(p.hi);
  }
  ranks.sort((x, y) => x - y);
  const found = valuesAtRanks(values, ranks, () => rejectValues(fn, values));
  return positions.map(({ lo, hi, t }) =>
    lerp(found[ranks.indexOf(lo)] as number, found[ranks.indexOf(hi)] as number, t),
  );
}

/**
 * The median: the middle value, or the mean of the two middle values for an even count
 * (numpy's `np.median`, R's `median`); equal to `quantile(values, 0.5)` up to rounding.
 * O(n) expected time, O(n) extra space.
 *
 * @throws RangeError when `values` is empty or holds a non-finite number.
 */
export function median(values: readonly number[]): number {
  if (!Array.isArray(values) || values.length === 0) assertValues("median", values);
  const n = values.length;
  const mid = n >> 1;
  const ranks = n % 2 === 1 ? [mid] : [mid - 1, mid];
  const found = valuesAtRanks(values, ranks, () => rejectValues("median", values));
  return n % 2 === 1 ? (found[0] as number) : ((found[0] as number) + (found[1] as number)) / 2;
}
