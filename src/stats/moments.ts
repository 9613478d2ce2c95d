import type { VarianceOptions } from "./dispersion.js";
import { assertFinite, assertValues, checkedSum, describe } from "./validate.js";

/**
 * Mergeable running moments of a stream of numbers: the state behind exact rollups. Plain
 * JSON: `min` and `max` are `null` while `count` is 0 (JSON has no ±Infinity).
 *
 * `mean` and `m2` (Σ(x − mean)²) are kept instead of Σx² because they stay accurate when the
 * values sit far from zero; `sum` is kept alongside so counts and sums of whole numbers stay
 * exact.
 */
export interface Moments {
  readonly count: number;
  readonly sum: number;
  readonly min: number | null;
  readonly max: number | null;
  readonly mean: number;
  readonly m2: number;
}

const EMPTY: Moments = Object.freeze({ count: 0, sum: 0, min: null, max: null, mean: 0, m2: 0 });

/**
 * Throws unless `moments` is a consistent Moments state (for states read from JSON): a
 * non-negative integer count, finite sum, mean and m2 ≥ 0, `min ≤ max`, and the empty state
 * exactly when count is 0. O(1).
 * @throws TypeError or RangeError naming `assertMoments` and the broken field.
 */
export function assertMoments(moments: Moments): void {
  assertMomentsState("assertMoments", moments);
}

/** `assertMoments` for the public function `fn` (internal: each function that takes a state checks it with this). */
export function assertMomentsState(fn: string, m: Moments, label = "moments"): void {
  if (typeof m !== "object" || m === null) {
    throw new TypeError(`${fn}: ${label} must be a Moments object, received ${describe(m)}`);
  }
  if (!Number.isSafeInteger(m.count) || m.count < 0) {
    throw new RangeError(`${fn}: ${label}.count must be a non-negative safe integer, received ${describe(m.count)}`);
  }
  assertFinite(fn, m.sum, `${label}.sum`);
  assertFinite(fn, m.mean, `${label}.mean`);
  assertFinite(fn, m.m2, `${label}.m2`);
  if (m.m2 < 0) throw new RangeError(`${fn}: ${label}.m2 must not be negative, received ${m.m2}`);
  if (m.count === 0) {
    if (m.min !== null || m.max !== null || m.sum !== 0 || m.mean !== 0 || m.m2 !== 0) {
      throw new RangeError(`${fn}: ${label} has count 0, so sum, mean and m2 must be 0 and min and max null`);
    }
    return;
  }
  assertFinite(fn, m.min as number, `${label}.min`);
  assertFinite(fn, m.max as number, `${label}.max`);
  if ((m.min as number) > (m.max as number)) {
    throw new RangeError(`${fn}: ${label}.min (${m.min}) must not exceed ${label}.max (${m.max})`);
  }
}

/**
 * Moments of a batch, validated on the way: pass 1 sums (checking every value), pass 2 takes
 * min, max and the corrected Σ(x − mean)² (internal, n ≥ 1).
 */
function batch(fn: string, values: readonly number[]): Moments {
  const n = values.length;
  const s = checkedSum(fn, values);
  const mean = s / n;
  let lo = values[0] as number;
  let hi = lo;
  let ss = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const v = values[i] as number;
    if (v < lo) lo = v;
    else if (v > hi) hi = v;
    const d = v - mean;
    ss += d * d;
    c += d;
  }
  return { count: n, sum: s, min: lo, max: hi, mean, m2: Math.max(0, ss - (c * c) / n) };
}

/** Chan et al.'s pairwise combination (internal, both states valid). */
function combine(a: Moments, b: Moments): Moments {
  if (b.count === 0) return a;
  if (a.count === 0) return b;
  const n = a.count + b.count;
  const delta = b.mean - a.mean;
  return {
    count: n,
    sum: a.sum + b.sum,
    min: Math.min(a.min as number, b.min as number),
    max: Math.max(a.max as number, b.max as number),
    mean: a.mean + (delta * b.count) / n,
    m2: a.m2 + b.m2 + (delta * delta * a.count * b.count) / n,
  };
}

/** A new, empty Moments state (count 0, `min` and `max` null), to feed with `addValue`/`addValues`. O(1). */
export function createMoments(): Moments {
  return EMPTY;
}

/**
 * The Moments state of `values` (empty for `[]`). O(n) time, O(1) space.
 * @throws RangeError when a value is not a finite number.
 */
export function momentsOf(values: readonly number[]): Moments {
  if (!Array.isArray(values) || values.length === 0) {
    assertValues("momentsOf", values, 0);
    return EMPTY;
  }
  return batch("momentsOf", values);
}

/**
 * The state after one more value (Welford's update), as a new object. O(1).
 * @throws RangeError when `value` is not finite or `moments` is inconsistent.
 */
export function addValue(moments: Moments, value: number): Moments {
  assertMomentsState("addValue", moments);
  assertFinite("addValue", value, "value");
  const n = moments.count + 1;
  if (n === 1) return { count: 1, sum: value, min: value, max: value, mean: value, m2: 0 };
  const delta = value - moments.mean;
  const mean = moments.mean + delta / n;
  return {
    count: n,
    sum: moments.sum + value,
    min: Math.min(moments.min as number, value),
    max: Math.max(moments.max as number, value),
    mean,
    m2: moments.m2 + delta * (value - mean),
  };
}

/**
 * The state after a batch of values, as a new object: the batch's moments by two passes,
 * then merged (Chan et al.), which is more accurate than adding one by one. O(k) for k values.
 * @throws RangeError when a value is not finite or `moments` is inconsistent.
 */
export function addValues(moments: Moments, values: readonly number[]): Moments {
  assertMomentsState("addValues", moments);
  if (!Array.isArray(values) || values.length === 0) {
    assertValues("addValues", values, 0);
    return moments;
  }
  return combine(moments, batch("addValues", values));
}

/**
 * Merges partial states into the state of their union (Chan, Golub & LeVeque's parallel
 * formula: m2 = m2ₐ + m2_b + δ²·nₐ·n_b / n). Count, min and max are exact; sum, mean and m2
 * equal those computed over the union up to floating-point rounding, whatever the split.
 * Commutative and associative (up to rounding); the empty state is the identity. O(k).
 *
 * @throws RangeError when a state is inconsistent.
 */
export function mergeMoments(...states: readonly Moments[]): Moments {
  let out = EMPTY;
  for (let i = 0; i < states.length; i++) {
    const m = states[i] as Moments;
    assertMomentsState("mergeMoments", m, `states[${i}]`);
    out = combine(out, m);
  }
  return out;
}

function assertNonEmpty(fn: string, moments: Moments, minCount = 1): void {
  assertMomentsState(fn, moments);
  if (moments.count < minCount) {
    throw new RangeError(
      minCount === 1
        ? `${fn}: the moments hold no values`
        : `${fn}: the sample form needs at least ${minCount} values, the moments hold ${moments.count}`,
    );
  }
}

/** The mean of the values a Moments state holds. @throws RangeError when it holds none. */
export function momentsMean(moments: Moments): number {
  assertNonEmpty("momentsMean", moments);
  return moments.mean;
}

/**
 * The variance of the values a Moments state holds: m2 / n (population, default) or
 * m2 / (n − 1) (`{ sample: true }`), as `variance`. O(1).
 * @throws RangeError when it holds no values (fewer than 2 for the sample form).
 */
export function momentsVariance(moments: Moments, options?: VarianceOptions): number {
  const sample = options?.sample ?? false;
  assertNonEmpty("momentsVariance", moments, sample ? 2 : 1);
  return moments.m2 / (sample ? moments.count - 1 : moments.count);
}

/** √momentsVariance, population by default. @throws RangeError as momentsVariance. */
export function momentsStddev(moments: Moments, options?: VarianceOptions): number {
  const sample = options?.sample ?? false;
  assertNonEmpty("momentsStddev", moments, sample ? 2 : 1);
  return Math.sqrt(moments.m2 / (sample ? moments.count - 1 : moments.count));
}
