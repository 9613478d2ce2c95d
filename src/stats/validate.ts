/*
 * Input checks shared by the kernels. Every error names the calling function and the broken
 * precondition, so a caller never has to guess which of several numbers was wrong.
 */

/**
 * The library's one way to show a bad argument in an error message, whatever its type: numbers,
 * booleans, `null` and `undefined` as written (`NaN`, `-Infinity`, `true`), a bigint with its
 * `n`, strings, arrays and plain objects as JSON cut to 80 characters, bytes by their count, and
 * anything else by its kind (`a Date`, `a function`, `an object` when it has no JSON).
 */
export function describe(value: unknown): string {
  switch (typeof value) {
    case "number":
    case "boolean":
    case "undefined":
      return String(value);
    case "bigint":
      return `${value}n`;
    case "function":
      return "a function";
    case "symbol":
      return value.toString();
  }
  if (value === null) return "null";
  if (value instanceof Uint8Array) return `${value.length} bytes`;
  if (value instanceof Date) return "a Date";
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined;
  }
  if (text === undefined) return Array.isArray(value) ? "an array" : "an object";
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/**
 * Throws a TypeError naming `fn` unless `value` is an array: "`label` must be an array of `what`,
 * received …". The one check of an array argument's kind; its items are the caller's to check.
 */
export function assertArray(fn: string, value: unknown, label: string, what: string): void {
  if (!Array.isArray(value))
    throw new TypeError(`${fn}: ${label} must be an array of ${what}, received ${describe(value)}`);
}

/**
 * Throws unless `values` is an array of at least `minLength` finite numbers. O(n).
 * `label` names the argument in the message (`values`, `x`, `y`, …).
 */
export function assertValues(fn: string, values: readonly number[], minLength = 1, label = "values"): void {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) {
    throw new TypeError(`${fn}: ${label} must be an array of numbers, received ${describe(values)}`);
  }
  const n = values.length;
  if (n < minLength) {
    throw new RangeError(
      minLength === 1
        ? `${fn}: ${label} must not be empty`
        : `${fn}: ${label} needs at least ${minLength} values, received ${n}`,
    );
  }
  for (let i = 0; i < n; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v)) {
      throw new RangeError(`${fn}: ${label}[${i}] is ${describe(v)}; every value must be a finite number`);
    }
  }
}

/** `q` when it is a number within [0, 1]; a RangeError naming `fn` and `label` otherwise. */
export function assertProbability(fn: string, q: number, label = "q"): number {
  if (typeof q !== "number" || !(q >= 0 && q <= 1)) {
    throw new RangeError(`${fn}: ${label} must be within [0, 1], received ${describe(q)}`);
  }
  return q;
}

/** `value` when it is a finite number; a RangeError naming `fn` and `label` otherwise. */
export function assertFinite(fn: string, value: number, label: string): number {
  if (typeof value !== "number" || !Number.isFinite(value)) {
    throw new RangeError(`${fn}: ${label} must be a finite number, received ${describe(value)}`);
  }
  return value;
}

/** `value` when it is a finite number ≥ 0; a RangeError naming `fn` and `label` otherwise. */
export function assertNonNegative(fn: string, value: number, label: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw new RangeError(`${fn}: ${label} must be a finite number ≥ 0, received ${describe(value)}`);
  }
  return value;
}

/** A sub-interval of [0, 1], in the notation the error message shows. */
export type UnitInterval = "[0, 1]" | "(0, 1]" | "[0, 1)" | "(0, 1)";

/**
 * `value` when it lies within `interval` (`"(0, 1]"`: above 0, at most 1); a RangeError naming
 * `fn` and `label` otherwise. `assertProbability` is the closed interval.
 */
export function assertWithinUnit(fn: string, value: number, interval: UnitInterval, label: string): number {
  const aboveLow = interval.startsWith("(") ? value > 0 : value >= 0;
  const belowHigh = interval.endsWith(")") ? value < 1 : value <= 1;
  if (typeof value !== "number" || !(aboveLow && belowHigh)) {
    throw new RangeError(`${fn}: ${label} must be within ${interval}, received ${describe(value)}`);
  }
  return value;
}

/** `value` when it is a finite number > 0; a RangeError naming `fn` and `label` otherwise. */
export function assertPositive(fn: string, value: number, label: string): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value <= 0) {
    throw new RangeError(`${fn}: ${label} must be a finite number greater than 0, received ${describe(value)}`);
  }
  return value;
}

/** `value` when it is a whole number ≥ `min`; a RangeError naming `fn` and `label` otherwise. */
export function assertWholeAtLeast(fn: string, value: number, min: number, label: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) {
    throw new RangeError(`${fn}: ${label} must be a whole number ≥ ${min}, received ${describe(value)}`);
  }
  return value;
}

/**
 * Copies `values` into a new Float64Array while checking that every element is a finite
 * number: one pass instead of a check and a copy. The message names the first bad element.
 */
export function copyChecked(fn: string, values: readonly number[], minLength = 1, label = "values"): Float64Array {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) assertValues(fn, values, minLength, label);
  const n = values.length;
  if (n < minLength) assertValues(fn, values, minLength, label);
  const a = new Float64Array(n);
  let ok = true;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    // x − x is 0 exactly for finite numbers (NaN and ±Infinity give NaN).
    if (typeof x !== "number" || x - x !== 0) ok = false;
    a[i] = x;
  }
  if (!ok) assertValues(fn, values, minLength, label);
  return a;
}

/**
 * Neumaier's compensated sum of `values`, checking on the way that every element is a finite
 * number (one pass). A finite result proves every element finite; otherwise the slow check
 * names the culprit, and a sum of finite values beyond the f64 range is reported as such.
 */
export function checkedSum(fn: string, values: readonly number[], minLength = 1, label = "values"): number {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) assertValues(fn, values, minLength, label);
  const n = values.length;
  if (n < minLength) assertValues(fn, values, minLength, label);
  let s = 0;
  let c = 0;
  let numbers = true;
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (typeof x !== "number") numbers = false;
    const t = s + x;
    c += Math.abs(s) >= Math.abs(x) ? s - t + x : x - t + s;
    s = t;
  }
  const total = s + c;
  if (!numbers || !Number.isFinite(total)) {
    assertValues(fn, values, minLength, label);
    throw new RangeError(`${fn}: the sum of ${label} exceeds the f64 range`);
  }
  return total;
}
