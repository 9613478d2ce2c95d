import * as z from "zod";
import { describeType } from "./integers.js";
import { readJsonText } from "./json-text.js";
import { issueMessage } from "./messages.js";
import { safeParseWithChoices } from "./tagging.js";
import { readWire, type WireIssueReason, type WireResult } from "./wire.js";

export interface DecodeOptions {
  /**
   * Report keys that no schema field reads (`unrecognized_keys` issues) instead of dropping
   * them silently as the hub does: a typo such as `ttft` for `ttft_ms` becomes findable.
   */
  readonly strict?: boolean;
}

/** The stable `params.reason` carried by the custom issues that `decode` adds. */
export type DecodeIssueReason = "invalid_json" | WireIssueReason;

function failure<T>(issues: z.core.$ZodIssue[]): z.ZodError<T> {
  return new z.ZodError(issues) as z.ZodError<T>;
}

/**
 * The issue with the message a person would write ("missing required field `severity`",
 * "expected a number, received the string \"x\""), told from the value that was read; code,
 * path and params stay as Zod and the reader gave them.
 */
function readable(issue: z.core.$ZodIssue, value: unknown): z.core.$ZodIssue {
  return { ...issue, message: issueMessage(issue, value) };
}

function parseRead<S extends z.ZodType>(schema: S, wire: WireResult): z.ZodSafeParseResult<z.output<S>> {
  const parsed = safeParseWithChoices(schema, wire.value, wire.choices);
  if (parsed.success && wire.issues.length === 0) return parsed;
  const issues = parsed.success ? wire.issues : [...parsed.error.issues, ...wire.issues];
  return { success: false, error: failure<z.output<S>>(issues.map((i) => readable(i, wire.value))) };
}

/**
 * Reads JSON text as the shipped hub does (serde_json 1.0.145, serde 1.0.228, chrono 0.4.42;
 * WIRE_FORMAT.md §1 and §1b) and parses it with `schema`. The result has the shape of
 * `schema.safeParse`. Beyond `JSON.parse` + `safeParse`:
 *
 * - it reads serde's lenient forms: a unit variant as `{"name": null}`, a struct as the array of
 *   its fields, tagged enums as `[tag, …]`;
 * - it rejects a struct field that appears twice in one object (an untagged enum then tries its
 *   next variant), an integer written as a float (`12.0`), an invalid earlier value of a repeated
 *   map key (the last one is kept), numbers beyond f64, lone surrogates and nesting beyond 127
 *   levels (serde_json's limit);
 * - it keeps integers beyond ±(2^53 − 1) exactly, as bigints, in JSON values, and refuses them
 *   with that reason in integer fields, which are JS numbers;
 * - it never lets a `__proto__` key reach a prototype; text that is not JSON gives an issue with
 *   its line and column rather than an exception.
 */
export function decode<S extends z.ZodType>(
  schema: S,
  text: string,
  options: DecodeOptions = {},
): z.ZodSafeParseResult<z.output<S>> {
  assertSchema("decode", schema);
  if (typeof text !== "string")
    throw new TypeError(`decode: text must be a string of JSON, received ${describeType(text)}`);
  const read = readJsonText(text);
  if (!read.ok) {
    return {
      success: false,
      error: failure<z.output<S>>([
        {
          code: "custom",
          path: [],
          message: `Invalid JSON: ${read.message}`,
          params: { reason: "invalid_json", offset: read.offset, line: read.line, column: read.column },
          input: text,
        },
      ]),
    };
  }
  return parseRead(schema, readWire(schema, read.value, read.facts, options));
}

/**
 * `decode` for a value already parsed (by `JSON.parse`, say): serde's lenient forms are read and
 * untagged enums resolved as in `decode`, but what only the text shows (a repeated key, `12.0`,
 * integers beyond 2^53 that `JSON.parse` has already rounded) is gone; use `decode` on text.
 */
export function decodeValue<S extends z.ZodType>(
  schema: S,
  value: unknown,
  options: DecodeOptions = {},
): z.ZodSafeParseResult<z.output<S>> {
  return parseRead(schema, readWire(schema, value, undefined, options));
}

/** Every key in `value` that `schema` does not read, with its path (the hub drops them silently). */
export function findUnknownKeys(schema: z.ZodType, value: unknown): (string | number)[][] {
  return readWire(schema, value, undefined, { strict: true })
    .issues.filter((i) => i.code === "unrecognized_keys")
    .flatMap((i) => (i as z.core.$ZodIssueUnrecognizedKeys).keys.map((k) => [...i.path, k] as (string | number)[]));
}

/** `schema.safeParse(value)`, failing also on keys the schema does not read (`unrecognized_keys`). */
export function safeParseStrict<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  const parsed = schema.safeParse(value);
  const extra = readWire(schema, value, undefined, { strict: true }).issues.filter(
    (i) => i.code === "unrecognized_keys",
  );
  if (extra.length === 0) return parsed;
  return { success: false, error: failure<z.output<S>>(parsed.success ? extra : [...parsed.error.issues, ...extra]) };
}

/**
 * Throws a TypeError naming `fn` unless `schema` is a Zod schema: the one run-time check of the
 * schema-first functions' first argument (docs/naming.md, "Arguments of the wrong type"). Internal.
 */
export function assertSchema(fn: string, schema: unknown): asserts schema is z.ZodType {
  // By shape, not instanceof: an ESM and a CJS copy of Zod (the dual-package hazard) have two
  // ZodType classes, and the schema may come from either.
  const s = schema as { _zod?: unknown; safeParse?: unknown } | null;
  if (typeof s !== "object" || s === null || typeof s._zod !== "object" || typeof s.safeParse !== "function") {
    throw new TypeError(`${fn}: schema must be a Zod schema (the first argument), received ${describeType(schema)}`);
  }
}
