import { Timestamp } from "../core/timestamp.js";
import { Uuid } from "../core/uuid.js";
import { describe } from "../stats/validate.js";

/*
 * Argument checks shared by the api helpers. Each error names the helper and the broken
 * precondition; nothing is coerced.
 */

/** An integer within [min, max], or a RangeError/TypeError naming `fn` and `name` (`note` follows the range). */
export function integerArg(
  fn: string,
  name: string,
  value: unknown,
  { min, max, note = "" }: { readonly min: number; readonly max: number; readonly note?: string },
): number {
  if (typeof value !== "number" || Number.isNaN(value)) {
    throw new TypeError(`${fn}: ${name} must be a number, received ${describe(value)}`);
  }
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${fn}: ${name} must be an integer within [${min}, ${max}]${note}, received ${value}`);
  }
  return value;
}

/** A timestamp given as RFC 3339 text or a valid Date, in the hub's canonical form. */
export function timestampArg(fn: string, name: string, value: unknown): string {
  if (value instanceof Date && Number.isNaN(value.getTime())) throw new RangeError(`${fn}: ${name} is an invalid Date`);
  // A Date outside the years 0000–9999 gives an ISO string with a signed year, which fails here.
  const parsed = Timestamp.safeParse(value instanceof Date ? value.toISOString() : value);
  if (!parsed.success) {
    throw new RangeError(
      `${fn}: ${name} must be an RFC 3339 timestamp with an offset (or a Date), received ${describe(value)}`,
    );
  }
  return parsed.data;
}

/** A UUID in any form the hub reads, in its canonical lower-case hyphenated form. */
export function uuidArg(fn: string, name: string, value: unknown, note = ""): string {
  const parsed = Uuid.safeParse(value);
  if (!parsed.success) throw new RangeError(`${fn}: ${name} must be a UUID${note}, received ${describe(value)}`);
  return parsed.data;
}
