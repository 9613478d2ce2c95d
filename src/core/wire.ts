import * as z from "zod";
import type { JsonFacts, JsonPath } from "./json-text.js";
import { wireMark } from "./tagging.js";
import { type AnyDef, checkDefOf, defOf, optinOf, propValuesOf, type Schema, valuesOf } from "./zod-internals.js";

/*
 * serde's reading of a document, directed by the Zod schema that will parse it: `decode` runs
 * this between its JSON reader and the Zod parse. It does what the schema alone cannot, for
 * every schema at once (WIRE_FORMAT.md §1 rules 3, 9, 12 and §1b):
 *
 * - the lenient forms serde reads: a unit variant as `{"name": null}` (also `{"name": {}}` inside
 *   serde's buffered `Content`: flattened, internally tagged and untagged content), a struct as an
 *   array of its fields in declaration order (trailing defaulted fields may be left off), an
 *   internally tagged enum as `[tag, fields…]`, an adjacently tagged one as `[tag, content]`;
 *   these are rewritten into the object form the schema reads;
 * - what only the text shows: a struct field given twice, a whole number spelled `12.0` or `1e3`
 *   where an integer is read, every earlier value of a repeated map key (each one is read, §1b.4);
 * - integers beyond ±(2^53 − 1), read as bigints: kept in JSON values, turned into the nearest
 *   double in f64 fields (as the hub does), and refused with their reason in integer fields;
 * - untagged enums: the first variant that reads, where a repeated field or a float spelling
 *   fails a variant and the next one is tried (§1b.5);
 * - in strict mode, every key that no schema field reads.
 *
 * The value it returns is what the Zod parse reads; objects and arrays are copied only where
 * something changed. It never recurses deeper than the schema does.
 */

export type WireIssueReason =
  | "duplicate_field"
  | "float_for_integer"
  | "integer_precision"
  | "struct_length"
  | "unit_variant_value"
  | "repeated_key";

export interface WireOptions {
  /** Report keys no schema field reads (`unrecognized_keys`). */
  readonly strict?: boolean;
}

export interface WireResult {
  /** The value for the Zod parse, lenient forms rewritten. */
  readonly value: unknown;
  /** Issues only the wire reading finds (empty when there are none). */
  readonly issues: z.core.$ZodIssue[];
  /** Untagged-enum variants the parse must take (see `safeParseWithChoices`). */
  readonly choices: WeakMap<object, number>;
}

type Def = AnyDef;

interface Finding {
  readonly issue: z.core.$ZodIssue;
  /** The hub fails here (an untagged enum then tries its next variant); false: the hub reads it, this library cannot. */
  readonly mismatch: boolean;
}

interface Ctx {
  readonly facts: JsonFacts | undefined;
  readonly strict: boolean;
  readonly path: JsonPath;
  readonly findings: Finding[];
  readonly unknown: JsonPath[];
  readonly choices: WeakMap<object, number>;
  /** Float-spelled positions of objects built here from arrays. */
  readonly floats: WeakMap<object, Set<string | number>>;
  mismatches: number;
}

interface Pos {
  /** The number here was spelled with a fraction or exponent. */
  readonly float: boolean;
  /** Inside serde's buffered `Content` (flattened, internally tagged or untagged content). */
  readonly buffered: boolean;
}

const PROTO = "__proto__";

const isPlainObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "object") return "an object";
  return `${typeof value === "string" ? "a string" : typeof value === "number" || typeof value === "bigint" ? "a number" : typeof value}`;
}

/** Records a finding at `ctx.path` (or at its child `at`); a `mismatch` is one the hub rejects the document for. */
function finding(
  ctx: Ctx,
  reason: WireIssueReason,
  message: string,
  { mismatch, at }: { readonly mismatch: boolean; readonly at?: string | number },
): void {
  const path = at === undefined ? ctx.path.slice() : [...ctx.path, at];
  ctx.findings.push({ issue: { code: "custom", path, message, params: { reason }, input: undefined }, mismatch });
  if (mismatch) ctx.mismatches++;
}

/** Sets `key` on a copy of `source` (made once, kept in `copy.value`), keeping `__proto__` an own key. */
function setCopy(
  source: Record<string, unknown>,
  copy: { value: Record<string, unknown> | undefined },
  key: string,
  value: unknown,
) {
  if (copy.value === undefined) {
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(source)) define(out, k, source[k]);
    copy.value = out;
  }
  define(copy.value, key, value);
}

function define(target: Record<string, unknown>, key: string, value: unknown): void {
  if (key === PROTO)
    Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  else target[key] = value;
}

/**
 * Reads `value` (the output of `readJsonText`, with its `facts`, or any parsed JSON value without
 * them) as serde would for `schema`: see the comment at the top of this file.
 */
export function readWire(schema: z.ZodType, value: unknown, facts?: JsonFacts, options: WireOptions = {}): WireResult {
  const ctx: Ctx = {
    facts,
    strict: options.strict ?? false,
    path: [],
    findings: [],
    unknown: [],
    choices: new WeakMap(),
    floats: new WeakMap(),
    mismatches: 0,
  };
  const out = read(schema, value, ctx, { float: facts?.rootFloat ?? false, buffered: false });
  return { value: out, issues: issuesOf(ctx), choices: ctx.choices };
}

function issuesOf(ctx: Ctx): z.core.$ZodIssue[] {
  const issues = ctx.findings.map((f) => f.issue);
  const byParent = new Map<string, { path: JsonPath; keys: string[] }>();
  for (const p of ctx.unknown) {
    const parent = p.slice(0, -1);
    const k = JSON.stringify(parent);
    const group = byParent.get(k) ?? { path: parent, keys: [] };
    group.keys.push(String(p[p.length - 1]));
    byParent.set(k, group);
  }
  for (const { path, keys } of byParent.values()) {
    issues.push({
      code: "unrecognized_keys",
      keys,
      path,
      message: `Unrecognized key${keys.length > 1 ? "s" : ""}: ${keys.map((k) => JSON.stringify(k)).join(", ")}`,
      input: {},
    });
  }
  return issues;
}

function read(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  const def = defOf(schema);
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
    case "nonoptional":
    case "readonly":
    case "catch":
      if (value === undefined || value === null || !def.innerType) return value;
      return read(def.innerType, value, ctx, pos);
    case "pipe":
      return def.in ? read(def.in, value, ctx, pos) : value;
    case "lazy":
      return def.getter ? read(def.getter(), value, ctx, pos) : value;
    case "number":
      return readNumber(def, value, ctx, pos);
    case "enum":
      return readUnit(schema, value, ctx, pos);
    case "object":
      return readObject(schema, value, ctx, pos);
    case "record":
      return isPlainObject(value) && def.valueType ? readMap(def.valueType, value, ctx, pos) : value;
    case "array":
      return Array.isArray(value) && def.element ? readArray(def.element, value, ctx, pos) : value;
    case "tuple":
      return Array.isArray(value) ? readTuple(def, value, ctx, pos) : value;
    case "union":
      if (def.discriminator !== undefined) return readTagged(schema, value, ctx, pos);
      if (wireMark(schema as unknown as z.ZodType)?.kind === "external") return readExternal(schema, value, ctx, pos);
      return readUntagged(schema, value, ctx, pos);
    default:
      // Strings, booleans, literals, JSON values (kept whole: bigints, repeated keys' last values).
      return value;
  }
}

// ---------------------------------------------------------------------------------------------
// Numbers

interface IntegerRange {
  readonly min: number;
  readonly max: number;
}

function integerRange(def: Def): IntegerRange | undefined {
  let integer = false;
  let min = Number.NEGATIVE_INFINITY;
  let max = Number.POSITIVE_INFINITY;
  for (const check of def.checks ?? []) {
    const d = checkDefOf(check);
    if (d.check === "number_format" && (d.format === "safeint" || d.format === "int32" || d.format === "uint32"))
      integer = true;
    else if (d.check === "greater_than" && typeof d.value === "number") min = d.value;
    else if (d.check === "less_than" && typeof d.value === "number") max = d.value;
  }
  return integer ? { min, max } : undefined;
}

const U64_MAX = 2n ** 64n - 1n;
const I64_MIN = -(2n ** 63n);
const I64_MAX = 2n ** 63n - 1n;

function readNumber(def: Def, value: unknown, ctx: Ctx, pos: Pos): unknown {
  const range = integerRange(def);
  if (typeof value === "bigint") {
    // Beyond ±(2^53 − 1): an f64 field takes the nearest double, as the hub's `u64 as f64` does.
    if (range === undefined) return Number(value);
    const unsigned = range.min >= 0;
    const wide = range.max >= Number.MAX_SAFE_INTEGER;
    const fits = unsigned ? value >= 0n && value <= U64_MAX : value >= I64_MIN && value <= I64_MAX;
    if (!wide || !fits) return Number(value); // out of the field's range: the schema says so
    finding(
      ctx,
      "integer_precision",
      `Invalid ${unsigned ? "u64" : "i64"}: ${value} is beyond ${value > 0n ? "2^53 − 1 (9007199254740991)" : "−(2^53 − 1)"}; the hub keeps it exactly, but this library reads integer fields as JS numbers, which cannot hold it (JSON values keep such integers as bigint)`,
      { mismatch: false },
    );
    return value > 0n ? Number.MAX_SAFE_INTEGER : -Number.MAX_SAFE_INTEGER;
  }
  if (range !== undefined && pos.float && typeof value === "number") {
    finding(
      ctx,
      "float_for_integer",
      "Invalid integer: the number is written with a fraction or exponent (such as 12.0 or 1e3), which the hub reads as a float",
      { mismatch: true },
    );
  }
  return value;
}

// ---------------------------------------------------------------------------------------------
// Unit variants

/** Reads `{"name": null}` (and `{"name": {}}` in buffered content) as the unit variant "name". */
function readUnitMap(
  value: Record<string, unknown>,
  units: ReadonlySet<unknown>,
  ctx: Ctx,
  pos: Pos,
): string | undefined {
  const keys = Object.keys(value);
  if (keys.length !== 1) return undefined;
  const name = keys[0] as string;
  if (!units.has(name)) return undefined;
  if (ctx.facts?.earlier.get(value)?.has(name)) {
    finding(
      ctx,
      "unit_variant_value",
      `Invalid enum value: the variant "${name}" is written twice in one object; an enum as an object has exactly one key`,
      { mismatch: true, at: name },
    );
    return name;
  }
  const inner = value[name];
  const empty = pos.buffered && isPlainObject(inner) && Object.keys(inner).length === 0;
  if (inner !== null && !empty) {
    finding(
      ctx,
      "unit_variant_value",
      `Invalid enum value: the unit variant "${name}" written as an object takes null as its value (${pos.buffered ? "or {} here, " : ""}as serde reads it), received ${describe(inner)}`,
      { mismatch: true, at: name },
    );
  }
  return name;
}

function readUnit(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  if (!isPlainObject(value)) return value;
  const units = valuesOf(schema);
  if (units === undefined) return value;
  return readUnitMap(value, units, ctx, pos) ?? value;
}

// ---------------------------------------------------------------------------------------------
// Structs and maps

const floatsOf = (ctx: Ctx, container: object): Set<string | number> | undefined =>
  ctx.facts?.floats.get(container) ?? ctx.floats.get(container);

/** serde's default on a field (`#[serde(default)]`): left off at the end of the array form. */
const hasDefault = (field: Schema): boolean => optinOf(field) === "defaulted";

/** A struct without flatten: serde reads it from an array of its fields in declaration order too. */
function takesArray(schema: Schema): boolean {
  const def = defOf(schema);
  if (def.catchall !== undefined) return false; // a flattened map (or a strict object: not a struct)
  const kind = wireMark(schema as unknown as z.ZodType)?.kind;
  return kind !== "struct-variant" && kind !== "flattened";
}

/**
 * The object for a struct written as an array: fields in declaration order. With `tagged` (an
 * internally tagged variant), the first element is the tag, its `name`: the object starts with
 * it and the tag field is not among the ones that follow. Reports a wrong length as serde does.
 */
function structFromArray(
  shape: Record<string, Schema>,
  value: readonly unknown[],
  ctx: Ctx,
  tagged?: { readonly tag: string; readonly name: string },
): Record<string, unknown> {
  const fields = tagged ? Object.keys(shape).filter((k) => k !== tagged.tag) : Object.keys(shape);
  const skip = tagged ? 1 : 0;
  const out: Record<string, unknown> = tagged ? { [tagged.tag]: tagged.name } : {};
  const given = value.length - skip;
  const floats = floatsOf(ctx, value);
  let outFloats: Set<string | number> | undefined;
  for (let i = 0; i < Math.min(given, fields.length); i++) {
    const key = fields[i] as string;
    define(out, key, value[i + skip]);
    if (floats?.has(i + skip)) {
      outFloats ??= new Set();
      outFloats.add(key);
    }
  }
  if (outFloats) ctx.floats.set(out, outFloats);
  const listed = fields.map((f) => JSON.stringify(f)).join(", ");
  if (given > fields.length) {
    finding(
      ctx,
      "struct_length",
      `Invalid struct: written as an array it has ${fields.length} field${fields.length === 1 ? "" : "s"} in order (${listed}); ${given} values given (serde: trailing characters)`,
      { mismatch: true },
    );
  } else {
    for (let i = given; i < fields.length; i++) {
      if (hasDefault(shape[fields[i] as string] as Schema)) continue;
      finding(
        ctx,
        "struct_length",
        `Invalid struct: written as an array it needs ${i + 1} or more values (fields in order: ${listed}; only trailing fields with a default may be left off, Options included), ${given} given`,
        { mismatch: true },
      );
      break;
    }
  }
  return out;
}

function readObject(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  const def = defOf(schema);
  const shape = def.shape ?? {};
  if (Array.isArray(value)) {
    if (!takesArray(schema)) return value;
    return readStruct(schema, structFromArray(shape, value, ctx), ctx, pos);
  }
  if (!isPlainObject(value)) return value;
  return readStruct(schema, value, ctx, pos);
}

/** A struct (or a flattened map beside named fields) in map form. */
function readStruct(schema: Schema, value: Record<string, unknown>, ctx: Ctx, pos: Pos): Record<string, unknown> {
  const def = defOf(schema);
  const shape = def.shape ?? {};
  const catchall = def.catchall && defOf(def.catchall).type !== "never" ? def.catchall : undefined;
  const closed = def.catchall !== undefined && defOf(def.catchall).type === "never";
  const mark = wireMark(schema as unknown as z.ZodType);
  const buffered = mark?.kind === "flattened" ? mark.buffered : undefined;
  const floats = floatsOf(ctx, value);
  const earlier = ctx.facts?.earlier.get(value);
  const copy: { value: Record<string, unknown> | undefined } = { value: undefined };
  for (const key of Object.keys(value)) {
    const field = Object.hasOwn(shape, key) ? shape[key] : undefined;
    const v = value[key];
    const childPos: Pos = {
      float: floats?.has(key) ?? false,
      buffered: pos.buffered || (buffered?.has(key) ?? false),
    };
    ctx.path.push(key);
    if (field) {
      if (earlier?.has(key) && wireMark(field as unknown as z.ZodType)?.kind !== "extra") {
        finding(
          ctx,
          "duplicate_field",
          `duplicate field ${JSON.stringify(key)}: a struct field may appear only once in an object`,
          { mismatch: true },
        );
      }
      const nv = read(field, v, ctx, childPos);
      if (nv !== v) setCopy(value, copy, key, nv);
    } else if (catchall) {
      const nv = read(catchall, v, ctx, childPos);
      if (nv !== v) setCopy(value, copy, key, nv);
      const before = earlier?.get(key);
      if (before) readEarlier(catchall, { key, values: before }, ctx, pos);
    } else if (ctx.strict && !closed) {
      ctx.unknown.push(ctx.path.slice());
    }
    ctx.path.pop();
  }
  return copy.value ?? value;
}

function readMap(valueType: Schema, value: Record<string, unknown>, ctx: Ctx, pos: Pos): Record<string, unknown> {
  const floats = floatsOf(ctx, value);
  const earlier = ctx.facts?.earlier.get(value);
  const copy: { value: Record<string, unknown> | undefined } = { value: undefined };
  for (const key of Object.keys(value)) {
    const v = value[key];
    ctx.path.push(key);
    const nv = read(valueType, v, ctx, { float: floats?.has(key) ?? false, buffered: pos.buffered });
    if (nv !== v) setCopy(value, copy, key, nv);
    const before = earlier?.get(key);
    if (before) readEarlier(valueType, { key, values: before }, ctx, pos);
    ctx.path.pop();
  }
  return copy.value ?? value;
}

/**
 * serde deserializes every occurrence of a repeated map key and keeps the last: an earlier value
 * must be valid too (`"tags": {"a": 0, "a": "x"}` → "invalid type: integer `0`, expected a string").
 */
function readEarlier(
  valueType: Schema,
  { key, values }: { readonly key: string; readonly values: readonly unknown[] },
  ctx: Ctx,
  pos: Pos,
): void {
  for (const earlierValue of values) {
    const sub = subContext(ctx);
    const nv = read(valueType, earlierValue, sub, { float: false, buffered: pos.buffered });
    const parsed = z.safeParse(valueType, nv);
    const messages = [
      ...sub.findings.filter((f) => f.mismatch).map((f) => f.issue.message),
      ...(parsed.success ? [] : (parsed.error?.issues ?? []).map((i) => i.message)),
    ];
    if (messages.length > 0) {
      finding(
        ctx,
        "repeated_key",
        `repeated key ${JSON.stringify(key)}: an earlier value is invalid (the hub reads every occurrence and keeps the last): ${messages.join("; ")}`,
        { mismatch: true },
      );
      return;
    }
  }
}

function readArray(element: Schema, value: unknown[], ctx: Ctx, pos: Pos): unknown[] {
  return readItems(() => element, value, ctx, pos);
}

function readTuple(def: Def, value: unknown[], ctx: Ctx, pos: Pos): unknown[] {
  return readItems((i) => def.items?.[i] ?? def.rest ?? undefined, value, ctx, pos);
}

function readItems(itemAt: (i: number) => Schema | undefined, value: unknown[], ctx: Ctx, pos: Pos): unknown[] {
  const floats = floatsOf(ctx, value);
  let out: unknown[] | undefined;
  for (let i = 0; i < value.length; i++) {
    const item = itemAt(i);
    if (!item) continue;
    const v = value[i];
    ctx.path.push(i);
    const nv = read(item, v, ctx, { float: floats?.has(i) ?? false, buffered: pos.buffered });
    ctx.path.pop();
    if (nv !== v) {
      out ??= value.slice();
      out[i] = nv;
    }
  }
  return out ?? value;
}

// ---------------------------------------------------------------------------------------------
// Enums with data

/** An externally tagged enum: `"unit"`, `{"unit": null}` or `{"key": data}`. */
function readExternal(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  if (!isPlainObject(value)) return value;
  const [units, data] = defOf(schema).options ?? [];
  const mark = wireMark(schema as unknown as z.ZodType);
  const dataKey = mark?.kind === "external" ? mark.key : undefined;
  const keys = Object.keys(value);
  if (keys.length !== 1 || dataKey === undefined) return value;
  const key = keys[0] as string;
  if (key === dataKey) {
    const dataSchema = data === undefined ? undefined : defOf(data).shape?.[dataKey];
    if (ctx.facts?.earlier.get(value)?.has(key)) {
      finding(
        ctx,
        "duplicate_field",
        `duplicate field ${JSON.stringify(key)}: an enum as an object has exactly one key`,
        { mismatch: true, at: key },
      );
    }
    if (!dataSchema) return value;
    ctx.path.push(key);
    const nv = read(dataSchema, value[key], ctx, {
      float: floatsOf(ctx, value)?.has(key) ?? false,
      buffered: pos.buffered,
    });
    ctx.path.pop();
    return nv === value[key] ? value : { [key]: nv };
  }
  const unitValues = units === undefined ? undefined : valuesOf(units);
  return unitValues ? (readUnitMap(value, unitValues, ctx, pos) ?? value) : value;
}

/** serde's internal (`tag`) and adjacent (`tag`, `content`) tagging, map and array forms. */
function readTagged(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  const def = defOf(schema);
  const tag = def.discriminator as string;
  const options = def.options ?? [];
  const mark = wireMark(schema as unknown as z.ZodType);
  const adjacent = mark?.kind === "adjacent" ? mark : undefined;
  const optionFor = (name: unknown) => options.find((o) => propValuesOf(o)?.[tag]?.has(name));

  if (Array.isArray(value)) {
    // The tag comes first and must be a string (a variant identifier) in this form.
    const name = value[0];
    const option = typeof name === "string" ? optionFor(name) : undefined;
    if (!option || defOf(option).catchall !== undefined) return value;
    const shape = defOf(option).shape ?? {};
    const object = structFromArray(shape, value, ctx, { tag, name });
    // Internally tagged content is buffered; an adjacent pair's content is read directly.
    return readStruct(option, object, ctx, { float: false, buffered: pos.buffered || adjacent === undefined });
  }
  if (!isPlainObject(value)) return value;
  let name = value[tag];
  let object = value;
  if (adjacent !== undefined && isPlainObject(name)) {
    // The adjacent tag is read as an enum: `{"custom": null}` is the variant "custom".
    const units = new Set<unknown>();
    for (const o of options) for (const v of propValuesOf(o)?.[tag] ?? []) units.add(v);
    ctx.path.push(tag);
    const unit = readUnitMap(name, units, ctx, pos);
    ctx.path.pop();
    if (unit !== undefined) {
      name = unit;
      const copy: { value: Record<string, unknown> | undefined } = { value: undefined };
      setCopy(value, copy, tag, unit);
      object = copy.value as Record<string, unknown>;
    }
  }
  const option = optionFor(name);
  if (!option) return value;
  let buffered = pos.buffered || adjacent === undefined;
  if (!buffered && adjacent !== undefined) {
    // Adjacent content before the tag is buffered (serde cannot know its type yet); after it, read directly.
    const keys = Object.keys(value);
    const at = keys.indexOf(adjacent.content);
    buffered = at !== -1 && at < keys.indexOf(tag);
  }
  return readStruct(option, object, ctx, { float: false, buffered });
}

// ---------------------------------------------------------------------------------------------
// Untagged enums

function subContext(ctx: Ctx): Ctx {
  return {
    facts: ctx.facts,
    strict: ctx.strict,
    path: ctx.path,
    findings: [],
    unknown: [],
    choices: ctx.choices,
    floats: ctx.floats,
    mismatches: 0,
  };
}

function merge(into: Ctx, from: Ctx, mismatchesToo: boolean): void {
  for (const f of from.findings) {
    if (f.mismatch && !mismatchesToo) continue;
    into.findings.push(f);
    if (f.mismatch) into.mismatches++;
  }
  into.unknown.push(...from.unknown);
}

/**
 * serde tries the variants in order on the buffered content and takes the first that reads. A
 * variant that the hub fails (a repeated field, a float spelling, a lenient form it cannot take)
 * passes the value on to the next one, where the key may be unknown and ignored (§1b.5).
 */
function readUntagged(schema: Schema, value: unknown, ctx: Ctx, pos: Pos): unknown {
  const options = defOf(schema).options ?? [];
  let fallback: Ctx | undefined;
  for (let k = 0; k < options.length; k++) {
    const option = options[k] as Schema;
    const sub = subContext(ctx);
    const nv = read(option, value, sub, { float: pos.float, buffered: true });
    const parses = z.safeParse(option, nv).success;
    if (sub.mismatches > 0) {
      if (parses && fallback === undefined) fallback = sub;
      continue;
    }
    if (!parses) continue;
    merge(ctx, sub, false);
    if (
      k > 0 &&
      typeof nv === "object" &&
      nv !== null &&
      wireMark(schema as unknown as z.ZodType)?.kind === "untagged"
    ) {
      // The Zod union would take an earlier variant for this value: tell it serde's choice.
      for (let j = 0; j < k; j++) {
        if (z.safeParse(options[j] as Schema, nv).success) {
          ctx.choices.set(nv, k);
          break;
        }
      }
    }
    return nv;
  }
  // No variant reads. Where a variant fails only on what the text shows, say why.
  if (fallback !== undefined) merge(ctx, fallback, true);
  return value;
}
