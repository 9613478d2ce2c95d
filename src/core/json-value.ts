import * as z from "zod";

/** Any JSON value (`serde_json::Value`), `null` included. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/**
 * True when `value` is a JSON value: finite numbers, plain objects and arrays all the way
 * down. Iterative, so deep nesting cannot overflow the stack; a cycle is not JSON.
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
 * (WIRE_FORMAT.md §1 rule 14). The value is kept as given.
 */
export const JsonValue = z
  .unknown()
  .check(
    z.refine((v) => v !== undefined, {
      abort: true,
      error: "Invalid input: a JSON value is required here (null is allowed)",
    }),
    z.refine(isJsonValue, { error: "Invalid input: expected a JSON value (finite numbers, plain objects, arrays)" }),
  )
  .meta({ description: "Any JSON value, null included" }) as unknown as z.ZodType<JsonValue, JsonValue>;
