import type * as z from "zod";
import { withFastPath } from "../core/zod-internals.js";
import { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "../json-schema/registry.js";
import { describe } from "../stats/validate.js";
import { GENERATED } from "./generated/index.js";
import { decodeText, type EventLinesReport, isValidText, type TextPath, validateLines } from "./text.js";

/**
 * The fast path of one published type: generated code (scripts/build-validators.ts) that gives
 * exactly what Zod and `decode` give for that type, without running Zod's interpreter on
 * values it accepts.
 */
export interface FastPath<S extends z.ZodType = z.ZodType> {
  /** The published name (a key of SCHEMAS, `json-schema/<name>.json`). */
  readonly name: SchemaName;
  /**
   * The published schema with the generated parser installed (`z.withParser`): `parse`,
   * `safeParse` and `z.validate` give the schema's exact results; a value it rejects goes to
   * Zod's interpreter, so the issues are Zod's own. Built on first read.
   */
  readonly schema: S;
  /** True exactly when `schema.safeParse(value).success` is; builds nothing. O(size of the value). */
  is(value: unknown): value is z.input<S>;
  /** True exactly when `decode(schema, text).success` is (the hub's reading of the text). O(length). */
  isText(text: string): boolean;
  /** `decode(schema, text)`, with the same result (value or issues). O(length of the text). */
  decode(text: string): z.ZodSafeParseResult<z.output<S>>;
  /**
   * Each NDJSON line as `isText` reads it, a blank line invalid (core/json-lines.ts; see
   * `validateEventLines`); the text, or its UTF-8 bytes (each line decoded alone, one that is not
   * well-formed UTF-8 invalid). O(length of the input).
   */
  validateLines(input: string | Uint8Array): EventLinesReport;
}

type Paths = { readonly [N in SchemaName]: FastPath<(typeof SCHEMAS)[N]> };

function build<N extends SchemaName>(name: N): FastPath<(typeof SCHEMAS)[N]> {
  type S = (typeof SCHEMAS)[N];
  const generated = GENERATED[name];
  const path: TextPath = { schema: SCHEMAS[name], ...generated };
  let fast: S | undefined;
  return {
    name,
    get schema(): S {
      fast ??= withFastPath(SCHEMAS[name] as z.ZodType, generated.parse, generated.validate) as S;
      return fast;
    },
    is: (value: unknown): value is z.input<S> => generated.validate(value),
    isText: (text) => isValidText(path, text),
    decode: (text) => decodeText<z.output<S>>(path, text),
    validateLines: (input) => validateLines(path, input),
  };
}

const PATHS = Object.fromEntries(SCHEMA_NAMES.map((name) => [name, build(name)])) as unknown as Paths;
const BY_SCHEMA = new Map<z.ZodType, FastPath>(SCHEMA_NAMES.map((name) => [SCHEMAS[name], PATHS[name] as FastPath]));

/**
 * The fast path of the published type `name` (one of the 33 names of `json-schema/`): validators
 * and parsers generated from its Zod schema at build time, verdict- and value-identical to
 * `schema.safeParse` on values and to `decode` on JSON text (tested against both, and against
 * the hub's conformance fixtures).
 */
export function fastPathOf<N extends SchemaName>(name: N): FastPath<(typeof SCHEMAS)[N]> {
  if (typeof name !== "string") {
    throw new TypeError(
      `fastPathOf: name must be a published type's name; a schema object is looked up with fastPathOfSchema, received ${describe(name)}`,
    );
  }
  if (!Object.hasOwn(PATHS, name)) {
    throw new RangeError(
      `fastPathOf: ${JSON.stringify(name)} is not a published type (one of ${SCHEMA_NAMES.join(", ")})`,
    );
  }
  return PATHS[name];
}

/** The fast path of a published schema (the very schema object SCHEMAS holds), or undefined for any other. */
export function fastPathOfSchema<S extends z.ZodType>(schema: S): FastPath<S> | undefined {
  return BY_SCHEMA.get(schema) as FastPath<S> | undefined;
}
