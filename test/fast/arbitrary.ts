import fc from "fast-check";
import type * as z from "zod";
import { Timestamp } from "../../src/core/timestamp.js";
import { timestamp } from "../property/arbitrary.js";

/*
 * fast-check arbitraries derived from a Zod schema's `_zod.def`, so the differential tests
 * generate documents the schema accepts without restating the schema. Only the def types the
 * event contract uses are covered; anything else fails loudly.
 */

interface Def {
  type: string;
  checks?: { _zod: { def: { check: string; format?: string; pattern?: RegExp; value?: number } } }[];
  shape?: Record<string, Node>;
  catchall?: Node;
  element?: Node;
  valueType?: Node;
  options?: Node[];
  innerType?: Node;
  in?: Node;
  values?: unknown[];
}
interface Node {
  _zod: { def: Def; values?: Set<unknown>; optin?: string };
}

const text = fc.oneof(
  { weight: 4, arbitrary: fc.string({ maxLength: 12 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 6 }) },
);

function numberArb(def: Def): fc.Arbitrary<number> {
  const checks = (def.checks ?? []).map((c) => c._zod.def);
  const integer = checks.some((c) => c.check === "number_format" && c.format === "safeint");
  const min = checks.find((c) => c.check === "greater_than")?.value;
  const max = checks.find((c) => c.check === "less_than")?.value;
  if (integer) {
    const lo = min ?? -Number.MAX_SAFE_INTEGER;
    const hi = max ?? Number.MAX_SAFE_INTEGER;
    return fc.oneof(fc.integer({ min: Math.max(lo, -1000), max: Math.min(hi, 1000) }), fc.constantFrom(lo, hi));
  }
  return fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -5, max: 5 }));
}

/** An arbitrary of inputs `node` accepts (the input side: defaults and optional keys may be left out). */
export function arbitraryOf(node: z.ZodType): fc.Arbitrary<unknown> {
  return arb(node as unknown as Node);
}

function arb(node: Node): fc.Arbitrary<unknown> {
  const def = node._zod.def;
  switch (def.type) {
    case "string": {
      if (def.checks?.[0] === (Timestamp as unknown as Node)._zod.def.checks?.[0]) return timestamp;
      const pattern = def.checks?.find((c) => c._zod.def.check === "string_format")?._zod.def.pattern;
      return pattern ? fc.stringMatching(pattern) : text;
    }
    case "number":
      return numberArb(def);
    case "boolean":
      return fc.boolean();
    case "enum":
      return fc.constantFrom(...(node._zod.values ?? []));
    case "literal":
      return fc.constantFrom(...(def.values ?? []));
    case "unknown":
      // serde_json::Value (JsonValue): any JSON value, null included.
      return fc.jsonValue({ maxDepth: 2 });
    case "optional":
      return fc.option(arb(def.innerType as Node), { nil: undefined, freq: 3 });
    case "nullable":
      return fc.option(arb(def.innerType as Node), { nil: null, freq: 3 });
    case "default":
      return fc.option(arb(def.innerType as Node), { nil: undefined, freq: 3 });
    case "pipe":
      return arb(def.in as Node);
    case "array":
      return fc.array(arb(def.element as Node), { maxLength: 3 });
    case "record":
      return fc.dictionary(fc.string({ maxLength: 6 }), arb(def.valueType as Node), { maxKeys: 3 });
    case "union":
      return fc.oneof(...(def.options ?? []).map(arb));
    case "object": {
      const shape = def.shape ?? {};
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      const required: string[] = [];
      for (const [key, field] of Object.entries(shape)) {
        model[key] = arb(field);
        if (field._zod.optin === undefined) required.push(key);
      }
      return fc.record(model, { requiredKeys: required });
    }
    default:
      throw new Error(`arbitraryOf: no arbitrary for Zod type "${def.type}"`);
  }
}

// ---------------------------------------------------------------------------------------------
// Value mutations: one edit at a place chosen by `pick`.

const REPLACEMENTS: readonly unknown[] = [
  null,
  undefined,
  0,
  -1,
  1.5,
  4294967296,
  Number.MAX_SAFE_INTEGER + 2,
  Number.NaN,
  Number.POSITIVE_INFINITY,
  "",
  "other",
  "WARNING",
  "Telemetry",
  "2025-06-03T14:22:05",
  "2025-02-29T00:00:00Z",
  "0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2",
  true,
  [],
  {},
  { other: 1 },
  { other: "x", extra: 1 },
];

export interface Mutation {
  /** Walks down the value: each number picks a child (modulo the count). */
  readonly path: readonly number[];
  readonly kind: "replace" | "delete" | "add" | "case";
  readonly pick: number;
}

export const mutationArb: fc.Arbitrary<Mutation> = fc.record({
  path: fc.array(fc.nat(), { maxLength: 6 }),
  kind: fc.constantFrom("replace", "delete", "add", "case"),
  pick: fc.nat(),
});

/** A deep copy of `value` with one mutation applied (the input is not changed). */
export function mutate(value: unknown, m: Mutation): unknown {
  const copy = structuredClone(value);
  const holder = { root: copy };
  let parent: Record<string, unknown> | unknown[] = holder;
  let key: string | number = "root";
  for (const step of m.path) {
    const here = (parent as Record<string | number, unknown>)[key];
    if (typeof here !== "object" || here === null) break;
    const keys = Array.isArray(here) ? here.map((_, i) => i) : Object.keys(here);
    if (keys.length === 0) break;
    parent = here as Record<string, unknown>;
    key = keys[step % keys.length] as string | number;
  }
  const target = parent as Record<string | number, unknown>;
  const current = target[key];
  switch (m.kind) {
    case "replace":
      target[key] = REPLACEMENTS[m.pick % REPLACEMENTS.length];
      break;
    case "delete":
      if (Array.isArray(target)) target.splice(Number(key), 1);
      else delete target[key];
      break;
    case "add":
      if (typeof current === "object" && current !== null && !Array.isArray(current)) {
        const names = ["ttft", "other", "extra", "__proto__", "constructor", "data", "payload_type"];
        const name = names[m.pick % names.length] as string;
        Object.defineProperty(current, name, {
          value: REPLACEMENTS[(m.pick >> 3) % REPLACEMENTS.length],
          enumerable: true,
          writable: true,
          configurable: true,
        });
      } else if (Array.isArray(current)) {
        current.push(REPLACEMENTS[m.pick % REPLACEMENTS.length]);
      }
      break;
    case "case":
      if (typeof current === "string") target[key] = m.pick % 2 ? current.toUpperCase() : `${current} `;
      break;
  }
  return holder.root;
}

// ---------------------------------------------------------------------------------------------
// Text spellings: JSON text of a value, written with what JSON.parse cannot see.

export interface Spelling {
  /** Picks per object: repeat one of its keys (0 = no). */
  readonly repeat: number;
  /** Picks per number: write a whole number as `12.0` or `1.2e1`. */
  readonly floaty: number;
  /** Whitespace around `:` and `,`. */
  readonly spaced: boolean;
  /** Escape some characters of strings as `\u00xx`. */
  readonly escape: number;
}

export const spellingArb: fc.Arbitrary<Spelling> = fc.record({
  repeat: fc.nat({ max: 7 }),
  floaty: fc.nat({ max: 7 }),
  spaced: fc.boolean(),
  escape: fc.nat({ max: 7 }),
});

/** JSON text for `value` (JSON.stringify semantics for undefined), spelled per `s`. */
export function spell(value: unknown, s: Spelling): string {
  let counter = 0;
  const next = () => counter++;
  const colon = s.spaced ? " : " : ":";
  const comma = s.spaced ? ", " : ",";
  const str = (t: string) => {
    const json = JSON.stringify(t);
    if (s.escape === 0 || next() % 8 !== s.escape) return json;
    return json.replace(/[a-z]/, (c) => `\\u00${c.charCodeAt(0).toString(16)}`);
  };
  const write = (v: unknown): string | undefined => {
    if (v === undefined || typeof v === "function" || typeof v === "symbol") return undefined;
    if (typeof v === "bigint") return v.toString();
    if (typeof v === "number") {
      if (!Number.isFinite(v)) return "null";
      if (Number.isInteger(v) && Math.abs(v) < 1e21 && s.floaty !== 0 && next() % 8 === s.floaty) {
        if (Object.is(v, -0)) return "-0.0";
        return v % 10 === 0 && v !== 0 ? `${v / 10}e1` : `${v}.0`;
      }
      return Object.is(v, -0) ? "-0" : JSON.stringify(v);
    }
    if (typeof v === "string") return str(v);
    if (typeof v !== "object" || v === null) return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((item) => write(item) ?? "null").join(comma)}]`;
    const members: string[] = [];
    for (const [k, item] of Object.entries(v)) {
      const w = write(item);
      if (w !== undefined) members.push(`${str(k)}${colon}${w}`);
    }
    if (s.repeat !== 0 && members.length > 0 && next() % 8 === s.repeat) {
      members.push(members[next() % members.length] as string);
    }
    return `{${members.join(comma)}}`;
  };
  return write(value) ?? "null";
}
