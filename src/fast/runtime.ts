import { util, INVALID as ZOD_INVALID, type ZodType } from "zod";

/*
 * What the generated validators (src/fast/generated/) share: Zod's INVALID sentinel, the lookup
 * of the schema's own functions by `def` path, and the integer watch the text path uses.
 */

/** Zod's sentinel for "the fast path rejects": `z.withParser` then runs the interpreter for the issues. */
export const INVALID: typeof ZOD_INVALID = ZOD_INVALID;

/** Zod's own test for a record's input (a plain object, not an array, Date or class instance). */
export const isPlainObject: (value: unknown) => value is Record<string, unknown> = util.isPlainObject;

/** True when `value` has an own enumerable symbol key (a string-keyed record rejects it, as Zod does). */
export function hasEnumerableSymbol(value: object): boolean {
  // JSON.parse never creates a symbol key; the text path says when it validates JSON.parse output.
  if (textRun.json) return false;
  const symbols = Object.getOwnPropertySymbols(value);
  for (const s of symbols) if (Object.prototype.propertyIsEnumerable.call(value, s)) return true;
  return false;
}

interface Internals {
  _zod?: { def: Record<PropertyKey, unknown> };
}

function resolve(root: unknown, path: readonly (string | number)[]): unknown {
  let node: unknown = root;
  for (const segment of path) {
    const holder = (node as Internals | undefined)?._zod?.def ?? (node as Record<PropertyKey, unknown> | undefined);
    node = holder?.[segment];
    if (node === undefined) break;
  }
  return node;
}

function stale(name: string, path: readonly (string | number)[], expected: string): Error {
  return new Error(
    `llm-analytics-hub fast path: the generated validator of ${name} does not match its Zod schema ` +
      `(expected ${expected} at def path ${JSON.stringify(path)}); run \`npx tsx scripts/build-validators.ts\``,
  );
}

/** A function the schema holds (refine predicate, overwrite, transform), found by its `def` path. */
export function fnAt(root: ZodType, name: string, path: readonly (string | number)[]): (value: unknown) => unknown {
  const found = resolve(root, path);
  if (typeof found !== "function") throw stale(name, path, "a function");
  return found as (value: unknown) => unknown;
}

/** The `def` of a `.default()` schema, whose `defaultValue` getter gives a fresh default per read. */
export function defaultAt(root: ZodType, name: string, path: readonly (string | number)[]): { defaultValue: unknown } {
  const found = resolve(root, path) as Internals | undefined;
  const def = found?._zod?.def;
  if (def?.type !== "default") throw stale(name, path, "a .default() schema");
  return def as { defaultValue: unknown };
}

/**
 * The state of a text-path validation (src/fast/text.ts), read by the generated validators.
 * `json`: the value comes from JSON.parse (no symbol keys to look for). `floats`: `JSON.parse`
 * turns `12.0` into 12, but the hub (and `decode`) reject a float-spelled number where an
 * integer is read (WIRE_FORMAT.md §1 rule 3); the text path lists the whole values it saw spelled
 * with a fraction or exponent, every integer position the validator accepts is checked against
 * them, and a match sets `hit`, sending the text to `decode`.
 */
export const textRun: { json: boolean; floats: readonly number[] | undefined; hit: boolean } = {
  json: false,
  floats: undefined,
  hit: false,
};

export function noteInteger(value: number): true {
  if (textRun.floats?.includes(value)) textRun.hit = true;
  return true;
}
