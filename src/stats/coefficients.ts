import { rankUnchecked } from "./rank.js";
import { compensatedSum } from "./sum.js";
import { assertValues } from "./validate.js";

function assertPair(fn: string, x: readonly number[], y: readonly number[]): void {
  assertValues(fn, x, 2, "x");
  assertValues(fn, y, 2, "y");
  if (x.length !== y.length) {
    throw new RangeError(`${fn}: x and y must have the same length, received ${x.length} and ${y.length}`);
  }
}

function correlation(fn: string, x: readonly number[], y: readonly number[]): number {
  const n = x.length;
  const mx = compensatedSum(x) / n;
  const my = compensatedSum(y) / n;
  let sxx = 0;
  let syy = 0;
  let sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = (x[i] as number) - mx;
    const dy = (y[i] as number) - my;
    sxx += dx * dx;
    syy += dy * dy;
    sxy += dx * dy;
  }
  if (sxx === 0) throw new RangeError(`${fn}: x is constant, so the correlation is undefined`);
  if (syy === 0) throw new RangeError(`${fn}: y is constant, so the correlation is undefined`);
  const r = sxy / Math.sqrt(sxx * syy);
  // Rounding can carry |r| a hair past 1 for perfectly linear data.
  return Math.max(-1, Math.min(1, r));
}

/**
 * Pearson's product-moment correlation coefficient of paired samples, in [−1, 1]:
 * Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)²·Σ(y−ȳ)²), by two passes over centred values, as
 * `scipy.stats.pearsonr(x, y).statistic` and R's `cor(x, y)`. O(n) time, O(1) space.
 *
 * @throws RangeError when the lengths differ, there are fewer than 2 pairs, a value is not
 *   finite, or either side is constant (scipy returns NaN with a warning there).
 */
export function pearson(x: readonly number[], y: readonly number[]): number {
  assertPair("pearson", x, y);
  return correlation("pearson", x, y);
}

/**
 * Spearman's rank correlation coefficient: Pearson's r of the ranks, ties taking their
 * average rank, as `scipy.stats.spearmanr(x, y).statistic` and R's
 * `cor(x, y, method = "spearman")`. O(n log n) time, O(n) space.
 *
 * @throws RangeError as `pearson` (a side whose values are all equal is constant).
 */
export function spearman(x: readonly number[], y: readonly number[]): number {
  assertPair("spearman", x, y);
  return correlation("spearman", rankUnchecked(x), rankUnchecked(y));
}
