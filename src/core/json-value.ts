import * as z from "zod";
import { lazySchema } from "./lazy.js";

/**
 * Any JSON value (`serde_json::Value`), `null` included. An integer beyond ±(2^53 − 1) that the
 * hub keeps exactly (−2^63 to 2^64 − 1) is a `bigint`: `decode` reads `9007199254740993` as
 * `9007199254740993n`, where `JSON.parse` would give …992, and `jsonText` writes it back digit
 * for digit (WIRE_FORMAT.md §1b.6).
 */
export type JsonValue = string | number | bigint | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** −2^63, the least integer serde_json::Value keeps exactly (as an i64). */
export const JSON_INTEGER_MIN = -(2n ** 63n);
/** 2^64 − 1, the greatest integer serde_json::Value keeps exactly (as a u64). */
export const JSON_INTEGER_MAX = 2n ** 64n - 1n;

/** True for a bigint serde_json::Value holds as an integer (beyond that range it becomes an f64). */
export function isJsonInteger(value: bigint): boolean {
  return value >= JSON_INTEGER_MIN && value <= JSON_INTEGER_MAX;
}

/** True unless `value` is undefined: a JSON value's key must be present (null is a value). */
export function isPresent(value: unknown): boolean {
  return value !== undefined;
}

/**
 * True when `value` is a JSON value: finite numbers, bigints in −2^63..2^64 − 1, plain objects
 * and arrays all the way down. Iterative, so deep nesting cannot overflow the stack; a cycle is
 * not JSON.
 */
export function isJsonValue(value: unknown): value is JsonValue {
  const stack: unknown[] = [value];
  const seen = new Set<object>();
  while (stack.length > 0) {
    const v = stack.pop();
    if (v === null || typeof v === "string" || typeof v === "boolean") continue;
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return false;
      continue;
    }
    if (typeof v === "bigint") {
      if (!isJsonInteger(v)) return false;
      continue;
    }
    if (typeof v !== "object") return false;
    if (seen.has(v)) return false;
    seen.add(v);
    if (Array.isArray(v)) {
      for (const item of v) stack.push(item);
      continue;
    }
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    for (const key of Object.keys(v)) stack.push((v as Record<string, unknown>)[key]);
  }
  return true;
}

/**
 * `serde_json::Value`: any JSON value, `null` included, but the key must be present
 * (WIRE_FORMAT.md §1 rule 14). The value is kept as given; integers beyond ±(2^53 − 1) are
 * bigints (see the `JsonValue` type).
 */
export const JsonValue = lazySchema(() =>
  z
    .unknown()
    .check(
      z.refine(isPresent, {
        abort: true,
        error: "Invalid input: a JSON value is required here (null is allowed)",
      }),
      z.refine(isJsonValue, {
        error:
          "Invalid input: expected a JSON value (finite numbers, bigints from -2^63 to 2^64 - 1, plain objects, arrays)",
      }),
    )
    .meta({ description: "Any JSON value, null included" }),
) as unknown as z.ZodType<JsonValue, JsonValue>;
