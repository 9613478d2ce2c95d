import { squaredDeviations } from "./dispersion.js";
import {
  assertMethod,
  lerp,
  type QuantileMethod,
  type QuantilePosition,
  quantilePosition,
  readPositions,
} from "./quantile.js";
import { SMALL_SELECT_MAX, selectRanksSmall, signedZeroAt } from "./select.js";
import { compensatedSum } from "./sum.js";
import { assertValues, describe } from "./validate.js";

/**
 * The statistics of a set of values, shaped like the hub's StatisticalMeasures (`avg`, `min`,
 * `max`, `p50`, `p95`, `p99`, `stddev`, `count`, `sum`), as a plain object.
 */
export interface Summary {
  readonly avg: number;
  readonly min: number;
  readonly max: number;
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
  readonly stddev: number;
  readonly count: number;
  readonly sum: number;
}

export interface SummarizeOptions {
  /** Percentile definition for p50/p95/p99: `"linear"` (R type 7, numpy) by default; `"hub"` reproduces the hub. */
  readonly method?: QuantileMethod;
  /** `true` for the sample stddev (÷ (n − 1)); population (÷ n) by default, as the hub and numpy. */
  readonly sample?: boolean;
}

/**
 * Summarizes `values` as StatisticalMeasures: mean (compensated sum / n), min, max, the 50th,
 * 95th and 99th percentiles (linear interpolation, R type 7 / numpy's default, unless
 * `options.method` says otherwise), the population standard deviation (numpy's `np.std`, the
 * hub's ÷ n), count and sum. One multi-selection on a private copy places the six order
 * statistics the percentiles need: O(n) expected time, O(n) extra space.
 *
 * Differs from the hub on purpose: the hub reads p50 as `sorted[floor(n·q)]`; pass
 * `{ method: "hub" }` to reproduce its numbers.
 *
 * @throws RangeError when `values` is empty (fewer than 2 with `sample`) or not finite.
 */
export function summarize(values: readonly number[], options?: SummarizeOptions): Summary {
  const sample = options?.sample ?? false;
  if (typeof sample !== "boolean") {
    throw new TypeError(`summarize: options.sample must be a boolean, received ${describe(sample)}`);
  }
  const method = assertMethod("summarize", options);
  if (!Array.isArray(values) || values.length < (sample ? 2 : 1)) assertValues("summarize", values, sample ? 2 : 1);
  const n = values.length;
  const positions = [0.5, 0.95, 0.99].map((q) => quantilePosition("summarize", n, q, method));
  // readPositions validates every value on its first pass; the loops below can trust them.
  const [p50, p95, p99] = readPositions(values, positions, "summarize") as [number, number, number];
  const { min, max, sum, ss } = spreadOf(values, "summarize");
  return {
    avg: sum / n,
    min,
    max,
    p50,
    p95,
    p99,
    stddev: Math.sqrt(ss / (sample ? n - 1 : n)),
    count: n,
    sum,
  };
}

/**
 * The extremes, the compensated sum and the sum of squared deviations from the mean of finite
 * values (at least one), in their given order: the moments `summarize` and `summarizeOwned`
 * share. O(n).
 *
 * @throws RangeError (naming `fn`) when the sum exceeds the f64 range.
 */
function spreadOf(values: ArrayLike<number>, fn: string): { min: number; max: number; sum: number; ss: number } {
  const n = values.length;
  let lo = values[0] as number;
  let hi = lo;
  for (let i = 1; i < n; i++) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
  }
  const sum = compensatedSum(values);
  if (!Number.isFinite(sum)) throw new RangeError(`${fn}: the sum of values exceeds the f64 range`);
  return { min: lo, max: hi, sum, ss: squaredDeviations(values, sum / n) };
}

/** Up to this many values, sorting (or selecting in place) beats the radix selection of larger ones. */
export const SORT_MAX = SMALL_SELECT_MAX;

/**
 * `summarize(values, { method })` of values the caller owns and has checked to be finite
 * (internal; the rollups' windows): the same numbers, but `a` is reordered in place instead of
 * copied. Sums and deviations run first, in the given order, so they round exactly as in
 * `summarize`; the order statistics come from the selection `summarize` uses or, up to SORT_MAX
 * values, a sort when `sorted` is true (`a` is then left sorted) and an in-place selection of
 * the six ranks otherwise (about half a sort's cost).
 *
 * @throws RangeError (naming `fn`) when the sum exceeds the f64 range, or when method
 *   "influxql" has no value for n.
 */
export function summarizeOwned(a: Float64Array, method: QuantileMethod, fn: string, sorted = true): Summary {
  const n = a.length;
  const { min, max, sum, ss } = spreadOf(a, fn);
  const q50 = quantilePosition(fn, n, 0.5, method);
  const q95 = quantilePosition(fn, n, 0.95, method);
  const q99 = quantilePosition(fn, n, 0.99, method);
  let p50: number;
  let p95: number;
  let p99: number;
  if (n <= SORT_MAX) {
    if (sorted) a.sort();
    else placeSix(a, q50, q95, q99);
    p50 = lerp(at(a, q50.lo, sorted), at(a, q50.hi, sorted), q50.t);
    p95 = lerp(at(a, q95.lo, sorted), at(a, q95.hi, sorted), q95.t);
    p99 = lerp(at(a, q99.lo, sorted), at(a, q99.hi, sorted), q99.t);
  } else {
    [p50, p95, p99] = readPositions(a as unknown as readonly number[], [q50, q95, q99], fn) as [number, number, number];
  }
  return { avg: sum / n, min, max, p50, p95, p99, stddev: Math.sqrt(ss / n), count: n, sum };
}

/** The ranks of three quantile positions, ascending and distinct (reused: `summarizeOwned` runs per window). */
const RANKS = new Int32Array(6);

/** Selects the (up to six distinct) ranks of three quantile positions in `a`. */
function placeSix(a: Float64Array, q50: QuantilePosition, q95: QuantilePosition, q99: QuantilePosition): void {
  RANKS[0] = q50.lo;
  RANKS[1] = q50.hi;
  RANKS[2] = q95.lo;
  RANKS[3] = q95.hi;
  RANKS[4] = q99.lo;
  RANKS[5] = q99.hi;
  // Sort the six and drop repeats.
  let count = 0;
  for (let i = 0; i < 6; i++) {
    const k = RANKS[i] as number;
    let j = 0;
    while (j < count && (RANKS[j] as number) < k) j++;
    if (j < count && RANKS[j] === k) continue;
    for (let m = count; m > j; m--) RANKS[m] = RANKS[m - 1] as number;
    RANKS[j] = k;
    count++;
  }
  selectRanksSmall(a, RANKS, count);
}

/** `a[k]` after a sort (`sorted`) or a selection of rank k: a selection does not order −0 before +0. */
function at(a: Float64Array, k: number, sorted: boolean): number {
  const v = a[k] as number;
  return v === 0 && !sorted ? signedZeroAt(a, k) : v;
}
