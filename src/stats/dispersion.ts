import { median } from "./quantile.js";
import { assertValues, checkedSum, describe } from "./validate.js";

export interface VarianceOptions {
  /**
   * `false` (default): the population variance, Σ(x − mean)² / n, as the hub's
   * aggregation code and numpy's `np.var` (ddof = 0). `true`: the sample variance,
   * Σ(x − mean)² / (n − 1), as R's `var` and numpy's `ddof=1`.
   */
  readonly sample?: boolean;
}

/** Σ(x − mean)² by the corrected two-pass algorithm, given the mean (internal, no checks). */
export function squaredDeviations(values: ArrayLike<number>, m: number): number {
  const n = values.length;
  let ss = 0;
  let c = 0;
  for (let i = 0; i < n; i++) {
    const d = (values[i] as number) - m;
    ss += d * d;
    c += d;
  }
  // Chan, Golub & LeVeque (1983): subtracting c²/n removes the rounding error of the mean.
  return Math.max(0, ss - (c * c) / n);
}

function assertSample(fn: string, options: VarianceOptions | undefined): boolean {
  const sample = options?.sample ?? false;
  if (typeof sample !== "boolean") {
    throw new TypeError(`${fn}: options.sample must be a boolean, received ${describe(sample)}`);
  }
  return sample;
}

/** Validates while summing, then the deviations pass: two passes in all (internal). */
function checkedSquaredDeviations(fn: string, values: readonly number[], sample: boolean): number {
  const m = checkedSum(fn, values, sample ? 2 : 1) / values.length;
  return squaredDeviations(values, m);
}

/**
 * The variance of `values`: population (÷ n) by default, sample (÷ (n − 1)) with
 * `{ sample: true }`. Method: the corrected two-pass algorithm (Chan, Golub & LeVeque 1983)
 * over a compensated mean, so large offsets cost no precision: the population variance of
 * 1e9+4, 1e9+7, 1e9+13, 1e9+16 is exactly 22.5. Agrees with numpy's `np.var(values, ddof=0|1)`
 * and R's `var` (sample). O(n) time, O(1) space.
 *
 * @throws RangeError when `values` is empty (fewer than 2 for the sample form) or not finite.
 */
export function variance(values: readonly number[], options?: VarianceOptions): number {
  const sample = assertSample("variance", options);
  return checkedSquaredDeviations("variance", values, sample) / (sample ? values.length - 1 : values.length);
}

/**
 * The standard deviation: √variance, population by default (numpy's `np.std`), sample with
 * `{ sample: true }` (R's `sd`). O(n) time, O(1) space.
 *
 * @throws RangeError as `variance`.
 */
export function stddev(values: readonly number[], options?: VarianceOptions): number {
  const sample = assertSample("stddev", options);
  return Math.sqrt(checkedSquaredDeviations("stddev", values, sample) / (sample ? values.length - 1 : values.length));
}

/** 1 / Φ⁻¹(3/4): scales the MAD to estimate σ for normal data (R's default `constant`). */
export const MAD_NORMAL_SCALE = 1.482602218505602;

export interface MedianAbsoluteDeviationOptions {
  /**
   * Multiplier of the raw median |x − median(x)|. `1` (default) as scipy's
   * `median_abs_deviation(x)`; `"normal"` (1.482602218505602) as R's `mad(x)` and scipy's
   * `scale="normal"`; or any positive number.
   */
  readonly scale?: number | "normal";
}

/**
 * The median absolute deviation, median(|x − median(x)|), times `options.scale` (1 by
 * default, as scipy.stats.median_abs_deviation; `"normal"` for R's `mad`). A robust spread
 * that ignores up to half the values being outliers. O(n) expected time, O(n) space.
 *
 * @throws RangeError when `values` is empty or not finite, or the scale is not positive.
 */
export function medianAbsoluteDeviation(values: readonly number[], options?: MedianAbsoluteDeviationOptions): number {
  assertValues("medianAbsoluteDeviation", values);
  const raw = options?.scale ?? 1;
  const scale = raw === "normal" ? MAD_NORMAL_SCALE : raw;
  if (typeof scale !== "number" || !(scale > 0) || !Number.isFinite(scale)) {
    throw new RangeError(
      `medianAbsoluteDeviation: scale must be a positive number or "normal", received ${describe(raw)}`,
    );
  }
  const m = median(values);
  const deviations = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) deviations[i] = Math.abs((values[i] as number) - m);
  return scale * median(deviations);
}
