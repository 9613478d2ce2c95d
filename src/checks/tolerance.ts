/*
 * "Equal within rounding", stated once for every check that compares a stored number with one
 * derived from other fields.
 *
 * A stored value may be the exact derived value computed in floating point (relative error up
 * to 1e-9 is accepted, far above the ~1e-16 of a few IEEE 754 operations), or that value
 * rounded to the number of decimals the stored value is written with. The decimals are those of
 * the shortest round-trip spelling (`1.2` has 1, `0.0005505` has 7, `1.17e-2` has 4), never
 * fewer than a minimum per quantity: USD amounts may be rounded to the cent (2) and no coarser,
 * percentages to the whole percent (0).
 *
 * Example: 2211 failed of 184220 requests is 1.20019…%; `1.2` (1 decimal, so within ±0.05) and
 * `1` (0 decimals, ±0.5) are roundings of it, `1.25` (±0.005) and `1.5` are not.
 */

/** Relative tolerance for values computed in floating point rather than rounded. */
export const FLOAT_RELATIVE_TOLERANCE = 1e-9;

/** Beyond this many decimals a value is not a rounding: it must match within FLOAT_RELATIVE_TOLERANCE. */
export const MAX_ROUNDING_DECIMALS = 9;

/** Decimal places of the shortest round-trip spelling of `x`. O(1). */
export function decimals(x: number): number {
  const s = String(Math.abs(x));
  const e = s.indexOf("e");
  const mantissa = e < 0 ? s : s.slice(0, e);
  const exponent = e < 0 ? 0 : Number(s.slice(e + 1));
  const dot = mantissa.indexOf(".");
  const fraction = dot < 0 ? 0 : mantissa.length - dot - 1;
  return Math.max(0, fraction - exponent);
}

/** True when `a` and `b` agree within FLOAT_RELATIVE_TOLERANCE (or both are within 1e-300 of 0). */
export function floatEqual(a: number, b: number): boolean {
  return Math.abs(a - b) <= FLOAT_RELATIVE_TOLERANCE * Math.max(Math.abs(a), Math.abs(b)) + 1e-300;
}

/**
 * Half a unit in the last place a value is written with (counting at least `minDecimals`
 * places): the largest rounding error it can carry.
 */
export function halfStep(x: number, { minDecimals = 0 }: { readonly minDecimals?: number } = {}): number {
  const d = Math.min(Math.max(decimals(x), minDecimals), MAX_ROUNDING_DECIMALS);
  return 0.5 / 10 ** d;
}

/** The two numbers of `isRoundingOf`, named because swapping them changes the answer. */
export interface RoundingOf {
  /** The value as written (its decimals set the rounding step). */
  readonly stored: number;
  /** The value it should be a rounding of. */
  readonly exact: number;
  /** Decimals `stored` is taken to have at least (a price written "3" may stand for 3.00). */
  readonly minDecimals?: number;
}

/**
 * True when `stored` is `exact` (within FLOAT_RELATIVE_TOLERANCE) or `exact` rounded to the
 * decimals `stored` is written with (at least `minDecimals`, at most MAX_ROUNDING_DECIMALS).
 * `isRoundingOf({ stored: 1.2, exact: 1.2345 })` is true. O(1).
 */
export function isRoundingOf({ stored, exact, minDecimals = 0 }: RoundingOf): boolean {
  if (floatEqual(stored, exact)) return true;
  if (decimals(stored) > MAX_ROUNDING_DECIMALS) return false;
  return Math.abs(stored - exact) <= halfStep(stored, { minDecimals }) * (1 + FLOAT_RELATIVE_TOLERANCE);
}

/**
 * True when `total` is the sum of `parts` allowing each number its own rounding: the tolerance
 * is the sum of the half-steps of every part and of the total (plus FLOAT_RELATIVE_TOLERANCE).
 * With `exactTotal` the total is a definition (weights add up to exactly 1) and has no rounding.
 */
export function isSumWithinRounding(total: number, parts: readonly number[], exactTotal = false): boolean {
  let sum = 0;
  let slack = exactTotal ? 0 : halfStep(total);
  for (const p of parts) {
    sum += p;
    slack += halfStep(p);
  }
  return floatEqual(total, sum) || Math.abs(total - sum) <= slack * (1 + FLOAT_RELATIVE_TOLERANCE);
}
