import * as z from "zod";

/*
 * Rust's unsigned and signed integer widths, as functions returning one shared schema each:
 * Zod schemas are immutable and `.meta()`/`.describe()` return a copy, so a field's metadata
 * never leaks into another, and the schema is built once (at first use) instead of once per
 * field, which is most of what importing the domains used to cost. `decode` recognizes integer schemas by Zod's `safeint`
 * format to reject `12.0`-style spellings, as serde does.
 *
 * `-0` is an integer to `Number.isInteger` but not to the hub: serde_json reads the token `-0`
 * as the float −0.0, which every integer field refuses ("invalid type: floating point `-0.0`,
 * expected u32", WIRE_FORMAT.md §1b.3). `JSON.parse` keeps the sign, so the value alone tells,
 * and the integer schemas refuse −0 (f64 fields and JSON values keep it).
 */

/** One end of an integer width: its value and how an error names it. */
interface Limit {
  readonly value: number;
  readonly note: string;
}

function integer(name: string, min: Limit, max: Limit): z.ZodNumber {
  const schema = z
    .number({ error: (issue) => `Invalid ${name}: expected a number, received ${describeType(issue.input)}` })
    .int({
      abort: true,
      // Zod's int() is safe-int: a whole number past 2^53 − 1 fails here, for the precision reason.
      error: (issue) =>
        Number.isInteger(issue.input)
          ? `Invalid ${name}: ${issue.input} is beyond ${LOSS_HIGH}`
          : `Invalid ${name}: expected an integer, received ${issue.input}`,
    })
    .check(
      z.refine(notNegativeZero, {
        abort: true,
        error: `Invalid ${name}: -0 is a float to the hub (serde_json reads it as -0.0), not an integer`,
      }),
    )
    .min(min.value, { abort: true, error: (issue) => `Invalid ${name}: ${issue.input} is below ${min.note}` })
    .max(max.value, { abort: true, error: (issue) => `Invalid ${name}: ${issue.input} is above ${max.note}` });
  return schema;
}

/** The integer schemas' −0 test (src/fast's generator writes it inline). */
export function notNegativeZero(value: number): boolean {
  return !Object.is(value, -0);
}

const unsigned = (name: string, max: number, maxNote: string): z.ZodNumber =>
  integer(name, { value: 0, note: "0: an unsigned integer cannot be negative" }, { value: max, note: maxNote });

/** The JSON type of a value for a Zod-style "received …" (`null`, `array`, else `typeof`). Internal. */
export function describeType(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export const U8_MAX = 255;
export const U16_MAX = 65_535;
export const U32_MAX = 4_294_967_295;

/** `make()`'s result, built on the first call and shared by every later one. */
function once<T>(make: () => T): () => T {
  let made: T | undefined;
  return () => {
    made ??= make();
    return made;
  };
}

export const u8: () => z.ZodNumber = once(() => unsigned("u8", U8_MAX, "the u8 maximum 255"));
export const u16: () => z.ZodNumber = once(() => unsigned("u16", U16_MAX, "the u16 maximum 65535"));
export const u32: () => z.ZodNumber = once(() => unsigned("u32", U32_MAX, "the u32 maximum 4294967295"));
/**
 * `u64`/`usize`. The hub reads up to 18446744073709551615, but a JS number holds integers
 * exactly only up to 2^53 − 1: larger values are rejected, with that reason, rather than
 * silently rounded (docs/hardening.md, "Integers beyond 2^53").
 */
export const u64: () => z.ZodNumber = once(() => unsigned("u64", Number.MAX_SAFE_INTEGER, LOSS_HIGH));

const LOSS_HIGH = "2^53 − 1 (9007199254740991): a JS number cannot hold it without losing precision";
const LOSS_LOW = "−(2^53 − 1): a JS number cannot hold it without losing precision";

/** `i64`, limited to ±(2^53 − 1) for the same reason as u64. */
export const i64: () => z.ZodNumber = once(() =>
  integer(
    "i64",
    { value: -Number.MAX_SAFE_INTEGER, note: LOSS_LOW },
    { value: Number.MAX_SAFE_INTEGER, note: LOSS_HIGH },
  ),
);

/** `f64`: any finite JSON number (the hub cannot read back the `null` it writes for NaN/∞). */
export const f64: () => z.ZodNumber = once(() =>
  z.number({
    error: (issue) =>
      `Invalid f64: expected a finite number, received ${typeof issue.input === "number" ? issue.input : describeType(issue.input)}`,
  }),
);
