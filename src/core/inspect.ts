import type * as z from "zod";
import type { JsonPath, RepeatedKey } from "./json-text.js";

/*
 * Walks a value alongside the Zod schema that reads it, to decide what only the schema can
 * tell: whether a repeated key names a struct field (rejected by serde) or sits in a map
 * (last value wins), whether a number at a path is read as an integer, and which keys a
 * struct does not know (strict mode). Untagged unions are resolved as serde does: the first
 * option that reads the value without a finding wins.
 */

export type FindingKind = "duplicate_field" | "float_for_integer" | "unknown_key";

export interface Finding {
  readonly kind: FindingKind;
  /** Path of the offending key or number. */
  readonly path: JsonPath;
}

export interface InspectInput {
  readonly repeatedKeys?: readonly RepeatedKey[];
  readonly floatSpelledIntegers?: readonly JsonPath[];
  readonly strict?: boolean;
}

interface Ctx {
  readonly repeated: Map<string, string[]>;
  readonly floats: Set<string>;
  /** Path keys of every ancestor of a marked place: the walk only descends there unless strict. */
  readonly wanted: Set<string>;
  readonly strict: boolean;
}

// Zod's internals, read-only: the fields of `_zod.def` this walker relies on.
interface Def {
  type: string;
  shape?: Record<string, Schema>;
  catchall?: Schema;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  discriminator?: string;
  innerType?: Schema;
  in?: Schema;
  getter?: () => Schema;
  checks?: { _zod: { def: { check?: string; format?: string } } }[];
  items?: Schema[];
  rest?: Schema | null;
  left?: Schema;
  right?: Schema;
}
interface Schema {
  _zod: { def: Def; propValues?: Record<string, Set<unknown>> };
  safeParse(value: unknown): { success: boolean };
}

const key = (path: JsonPath): string => JSON.stringify(path);

export function inspect(schema: z.ZodType, value: unknown, input: InspectInput): Finding[] {
  const repeated = new Map<string, string[]>();
  const wanted = new Set<string>();
  const mark = (path: JsonPath) => {
    for (let i = 0; i <= path.length; i++) wanted.add(key(path.slice(0, i)));
  };
  for (const r of input.repeatedKeys ?? []) {
    const k = key(r.path);
    const list = repeated.get(k);
    if (list) list.push(r.key);
    else repeated.set(k, [r.key]);
    mark(r.path);
  }
  const floats = new Set<string>();
  for (const p of input.floatSpelledIntegers ?? []) {
    floats.add(key(p));
    mark(p);
  }
  const ctx: Ctx = { repeated, floats, wanted, strict: input.strict ?? false };
  if (!ctx.strict && wanted.size === 0) return [];
  const out: Finding[] = [];
  visit(schema as unknown as Schema, value, [], ctx, out);
  return out;
}

function isInteger(def: Def): boolean {
  return (
    def.checks?.some((c) => {
      const d = c._zod.def;
      return d.check === "number_format" && (d.format === "safeint" || d.format === "int32" || d.format === "uint32");
    }) ?? false
  );
}

function visit(schema: Schema, value: unknown, path: JsonPath, ctx: Ctx, out: Finding[]): void {
  if (!ctx.strict && !ctx.wanted.has(key(path))) return;
  const def = schema._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      if (value === undefined || value === null) return;
      if (def.innerType) visit(def.innerType, value, path, ctx, out);
      return;
    case "pipe":
      if (def.in) visit(def.in, value, path, ctx, out);
      return;
    case "lazy":
      if (def.getter) visit(def.getter(), value, path, ctx, out);
      return;
    case "number":
      if (isInteger(def) && ctx.floats.has(key(path))) out.push({ kind: "float_for_integer", path });
      return;
    case "object":
      visitObject(def, value, path, ctx, out);
      return;
    case "record":
      if (isPlainObject(value) && def.valueType) {
        for (const k of Object.keys(value)) visit(def.valueType, value[k], [...path, k], ctx, out);
      }
      return;
    case "array":
      if (Array.isArray(value) && def.element) {
        for (let i = 0; i < value.length; i++) visit(def.element, value[i], [...path, i], ctx, out);
      }
      return;
    case "tuple":
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = def.items?.[i] ?? def.rest;
          if (item) visit(item, value[i], [...path, i], ctx, out);
        }
      }
      return;
    case "union":
      visitUnion(def, value, path, ctx, out);
      return;
    case "intersection":
      if (def.left) visit(def.left, value, path, ctx, out);
      if (def.right) visit(def.right, value, path, ctx, out);
      return;
    default:
      return;
  }
}

function visitObject(def: Def, value: unknown, path: JsonPath, ctx: Ctx, out: Finding[]): void {
  if (!isPlainObject(value)) return;
  const shape = def.shape ?? {};
  // A strict object's catchall is `never`: its unknown keys already fail the parse.
  const catchall = def.catchall && def.catchall._zod.def.type !== "never" ? def.catchall : undefined;
  const closed = def.catchall?._zod.def.type === "never";
  for (const k of Object.keys(value)) {
    const field = Object.hasOwn(shape, k) ? shape[k] : undefined;
    if (field) visit(field, value[k], [...path, k], ctx, out);
    else if (catchall) visit(catchall, value[k], [...path, k], ctx, out);
    else if (ctx.strict && !closed) out.push({ kind: "unknown_key", path: [...path, k] });
  }
  for (const k of ctx.repeated.get(key(path)) ?? []) {
    // A repeated struct field is an error; a repeated map entry (catchall) or unknown key is not.
    if (Object.hasOwn(shape, k)) out.push({ kind: "duplicate_field", path: [...path, k] });
  }
}

function visitUnion(def: Def, value: unknown, path: JsonPath, ctx: Ctx, out: Finding[]): void {
  const options = def.options ?? [];
  if (def.discriminator !== undefined && isPlainObject(value)) {
    const tag = value[def.discriminator];
    const option = options.find((o) => o._zod.propValues?.[def.discriminator as string]?.has(tag));
    if (option) visit(option, value, path, ctx, out);
    // The tag is a field of each option's shape, so a repeated tag is caught as a duplicate field.
    return;
  }
  let first: Finding[] | undefined;
  for (const option of options) {
    if (!option.safeParse(value).success) continue;
    const found: Finding[] = [];
    visit(option, value, path, ctx, found);
    if (!found.some((f) => f.kind !== "unknown_key")) {
      out.push(...found);
      return;
    }
    first ??= found;
  }
  if (first) out.push(...first);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
