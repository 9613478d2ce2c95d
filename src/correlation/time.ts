/** `value` as a finite number within [0, 1], or a RangeError naming `fn` and `field`. */
export function unitInterval(fn: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0 || value > 1) {
    throw new RangeError(`${fn}: ${field} must be a number within [0, 1], received ${String(value)}`);
  }
  return value;
}

/** `value` as a finite number > 0, or a RangeError naming `fn` and `field`. */
export function positive(fn: string, field: string, value: unknown): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${field} must be a finite number greater than 0, received ${String(value)}`);
  }
  return value;
}

/** `value` as a whole number ≥ `min`, or a RangeError naming `fn` and `field`. */
export function wholeAtLeast(fn: string, field: string, value: unknown, min: number): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${field} must be a whole number ≥ ${min}, received ${String(value)}`);
  }
  return value;
}

/** Clamps to [0, 1]; NaN is a programming error here, never a score. */
export function clamp01(value: number): number {
  return Math.min(1, Math.max(0, value));
}
