import * as z from "zod";
import { INVALID as ZOD_INVALID } from "../core/zod-internals.js";

/*
 * What the generated validators (src/fast/generated/) share. Nothing here holds state: what a
 * text-path validation learns travels in the `TextWatch` its caller passes.
 */

/** Zod's sentinel for "the fast path rejects": `z.withParser` then runs the interpreter for the issues. */
export const INVALID: typeof ZOD_INVALID = ZOD_INVALID;

/** Zod's own test for a record's input (a plain object, not an array, Date or class instance). */
export const isPlainObject: (value: unknown) => value is Record<string, unknown> = z.util.isPlainObject;

/** True when `value` has an own enumerable symbol key (a string-keyed record rejects it, as Zod does). */
export function hasEnumerableSymbol(value: object): boolean {
  const symbols = Object.getOwnPropertySymbols(value);
  for (const s of symbols) if (Object.prototype.propertyIsEnumerable.call(value, s)) return true;
  return false;
}

/**
 * What a text-path validation (src/fast/text.ts) tells the generated validator, and what it
 * learns, for one value: passing one says the value comes from `JSON.parse` (no symbol keys to
 * look for). `floats`: `JSON.parse` turns `12.0` into 12, but the hub (and `decode`) reject a
 * float-spelled number where an integer is read (WIRE_FORMAT.md §1 rule 3); the text path lists
 * the whole values it saw spelled with a fraction or exponent, every integer position the
 * validator accepts is checked against them, and a match sets `hit`, sending the text to `decode`.
 */
export interface TextWatch {
  readonly floats: readonly number[] | undefined;
  hit: boolean;
}

/** At an integer position: notes in `watch` a value the text may have spelled as a float. */
export function noteInteger(watch: TextWatch, value: number): true {
  if (watch.floats?.includes(value)) watch.hit = true;
  return true;
}

/**
 * Runs a check written with its context (`z.check(ctx => …)`, `superRefine`) on a value: true
 * when it reports no issue. The payload has the shape of Zod's (`zod/v4/core` `ParsePayload`).
 */
export function passesCheck(check: (payload: z.core.ParsePayload) => unknown, value: unknown): boolean {
  const payload: z.core.ParsePayload = { value, issues: [] };
  check(payload);
  return payload.issues.length === 0;
}

/** One generated fast path: `validate` is `safeParse(input).success`, `parse` its output or INVALID. */
export interface GeneratedPath {
  readonly validate: (input: unknown, w?: TextWatch) => boolean;
  readonly parse: (input: unknown, w?: TextWatch) => unknown;
}
