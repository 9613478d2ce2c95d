import { assertValues, checkedSum } from "./validate.js";

/** Neumaier's compensated sum over `values[0..n)`, without checks (internal). */
export function compensatedSum(values: ArrayLike<number>): number {
  let s = 0;
  let c = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] as number;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  return s + c;
}

/**
 * The sum of `values`, computed with Neumaier's compensated summation (an improved
 * Kahan–Babuška sum), so that `[1e100, 1, -1e100]` sums to 1 where a plain loop gives 0. The
 * sum of an empty array is 0, as numpy's `np.sum([])`. O(n) time, O(1) space.
 *
 * @throws RangeError when a value is not a finite number or the sum exceeds the f64 range.
 */
export function sumOf(values: readonly number[]): number {
  return checkedSum("sum", values, 0);
}

/**
 * The arithmetic mean, from the compensated sum (agrees with numpy's `np.mean` to within
 * rounding; numpy uses pairwise summation). O(n) time, O(1) space.
 *
 * @throws RangeError when `values` is empty or holds a non-finite number.
 */
export function mean(values: readonly number[]): number {
  return checkedSum("mean", values) / values.length;
}

/** The smallest value. O(n). @throws RangeError when empty or non-finite. */
export function minOf(values: readonly number[]): number {
  assertValues("min", values);
  let m = values[0] as number;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) < m) m = values[i] as number;
  return m;
}

/** The largest value. O(n). @throws RangeError when empty or non-finite. */
export function maxOf(values: readonly number[]): number {
  assertValues("max", values);
  let m = values[0] as number;
  for (let i = 1; i < values.length; i++) if ((values[i] as number) > m) m = values[i] as number;
  return m;
}
