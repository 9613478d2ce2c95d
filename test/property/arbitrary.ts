import fc from "fast-check";
import type * as z from "zod";
import { Timestamp } from "../../src/core/timestamp.js";
import { UUID_PATTERN } from "../../src/core/uuid.js";
import { timestampSpelling } from "./timestamps.js";

/*
 * fast-check arbitraries built from Zod schema definitions, so every schema, present or future,
 * gets generated documents without hand-written generators. The walk reads `schema._zod.def`
 * as src/core/wire.ts does. It generates *wire* documents (JSON values as the hub writes or
 * could write them): optional keys left out or null, unknown keys the hub ignores, map keys such
 * as "__proto__", UUIDs in every form the hub reads, timestamps in the spellings chrono reads
 * (test/property/timestamps.ts), integers beyond 2^53 in JSON values (as bigints, which
 * `jsonText` writes), −0 in floats. Refinements it cannot see are left to the caller, who filters
 * with `safeParse`.
 */

export interface ArbitraryOptions {
  /** Nesting of arrays, maps and JSON values beyond which they are generated empty. Default 3. */
  readonly maxDepth?: number;
  /** Longest generated array or map. Default 3. */
  readonly maxLength?: number;
  /**
   * Hand-written arbitraries for schemas whose refinements random documents almost never meet
   * (a sketch whose bins must add up to its count), used wherever the walk meets the schema.
   */
  readonly overrides?: ReadonlyMap<z.ZodType, fc.Arbitrary<unknown>>;
}

// Zod's internals, read-only.
interface Check {
  _zod: {
    def: {
      check: string;
      format?: string;
      pattern?: RegExp;
      value?: number | bigint;
      inclusive?: boolean;
      minimum?: number;
      maximum?: number;
      length?: number;
    };
  };
}
interface Def {
  type: string;
  checks?: Check[];
  shape?: Record<string, Schema>;
  catchall?: Schema;
  keyType?: Schema;
  valueType?: Schema;
  element?: Schema;
  options?: Schema[];
  innerType?: Schema;
  in?: Schema;
  out?: Schema;
  getter?: () => Schema;
  items?: Schema[];
  rest?: Schema | null;
  values?: unknown[];
  entries?: Record<string, string | number>;
}
interface Schema {
  _zod: { def: Def; values?: Set<unknown> };
}

const SPECIAL_KEYS = ["__proto__", "constructor", "prototype", "toString", "hasOwnProperty", ""];

/** Strings: ASCII, any Unicode (astral and combining included), and keys that hit Object.prototype. */
export const text = (maxLength = 12): fc.Arbitrary<string> =>
  fc.oneof(
    { weight: 4, arbitrary: fc.string({ maxLength }) },
    { weight: 2, arbitrary: fc.string({ unit: "grapheme", maxLength }) },
    { weight: 1, arbitrary: fc.constantFrom(...SPECIAL_KEYS) },
  );

/** A finite double, −0 included (`jsonText` writes it `-0.0`, as the hub does). */
export const finite = (min?: number, max?: number): fc.Arbitrary<number> => {
  const double = fc.double({
    noNaN: true,
    noDefaultInfinity: true,
    ...(min === undefined ? {} : { min }),
    ...(max === undefined ? {} : { max }),
  });
  const lo = Math.max(Math.ceil(min ?? -1000), -1000);
  const hi = Math.min(Math.floor(max ?? 1000), 1000);
  return lo <= hi ? fc.oneof(double, fc.integer({ min: lo, max: hi })) : double;
};

/**
 * An integer serde_json::Value keeps exactly but a JS number cannot: beyond ±(2^53 − 1), within
 * −2^63..2^64 − 1. `decode` reads it as a bigint.
 */
export const bigInteger: fc.Arbitrary<bigint> = fc.oneof(
  fc.bigInt({ min: 2n ** 53n, max: 2n ** 64n - 1n }),
  fc.bigInt({ min: -(2n ** 63n), max: -(2n ** 53n) }),
  fc.constantFrom(2n ** 53n + 1n, 2n ** 60n, 2n ** 64n - 1n, -(2n ** 63n)),
);

/** Any JSON value (serde_json::Value), nested at most `depth` deep. */
export function jsonValue(depth: number): fc.Arbitrary<unknown> {
  const leaf = fc.oneof(
    { weight: 2, arbitrary: fc.constant(null) },
    { weight: 2, arbitrary: fc.boolean() },
    // A whole double beyond 2^53 reads back as a bigint (as decode reads every such integer).
    { weight: 2, arbitrary: finite().filter((x) => !Number.isInteger(x) || Number.isSafeInteger(x)) },
    { weight: 1, arbitrary: bigInteger },
    { weight: 2, arbitrary: text() },
  );
  if (depth <= 0) return leaf;
  return fc.oneof(
    { weight: 3, arbitrary: leaf },
    { weight: 1, arbitrary: fc.array(jsonValue(depth - 1), { maxLength: 3 }) },
    { weight: 1, arbitrary: objectOf(fc.array(fc.tuple(text(), jsonValue(depth - 1)), { maxLength: 3 })) },
  );
}

/** An object from entries, with `__proto__` as an own key (as JSON.parse makes it), never a prototype. */
function objectOf(entries: fc.Arbitrary<[string, unknown][]>): fc.Arbitrary<Record<string, unknown>> {
  return entries.map((list) => {
    const out: Record<string, unknown> = {};
    for (const [k, v] of list)
      Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
    return out;
  });
}

/** Timestamps in the spellings the hub reads (test/property/timestamps.ts). */
export const timestamp: fc.Arbitrary<string> = timestampSpelling.map((t) => t.text);

/** UUIDs in every form the hub's uuid crate reads. */
export const uuid: fc.Arbitrary<string> = fc
  .tuple(fc.uuid({ version: [1, 4, 5, 7] }), fc.constantFrom("lower", "upper", "simple", "braced", "urn"))
  .map(([u, form]) => {
    switch (form) {
      case "upper":
        return u.toUpperCase();
      case "simple":
        return u.replaceAll("-", "");
      case "braced":
        return `{${u}}`;
      case "urn":
        return `urn:uuid:${u}`;
      default:
        return u;
    }
  });

function checksOf(def: Def): Check["_zod"]["def"][] {
  return (def.checks ?? []).map((c) => c._zod.def);
}

function numberArbitrary(def: Def): fc.Arbitrary<number> {
  let min: number | undefined;
  let max: number | undefined;
  let integer = false;
  for (const c of checksOf(def)) {
    if (c.check === "number_format") integer = true;
    if (c.check === "greater_than") min = Number(c.value) + (c.inclusive ? 0 : integer ? 1 : Number.EPSILON);
    if (c.check === "less_than") max = Number(c.value) - (c.inclusive ? 0 : integer ? 1 : Number.EPSILON);
  }
  if (!integer) return finite(min, max);
  const lo = Math.max(min ?? -Number.MAX_SAFE_INTEGER, -Number.MAX_SAFE_INTEGER);
  const hi = Math.min(max ?? Number.MAX_SAFE_INTEGER, Number.MAX_SAFE_INTEGER);
  return fc.oneof(
    { weight: 3, arbitrary: fc.integer({ min: Math.max(lo, -1000), max: Math.min(hi, 1000) }) },
    { weight: 1, arbitrary: fc.constantFrom(lo, hi) },
    { weight: 1, arbitrary: fc.bigInt({ min: BigInt(lo), max: BigInt(hi) }).map(Number) },
  );
}

/** Timestamp's own check (shared by every `.meta()` copy of it). */
const TIMESTAMP_CHECK = (Timestamp as unknown as Schema)._zod.def.checks?.[0];

function stringArbitrary(def: Def): fc.Arbitrary<string> {
  let minLength = 0;
  let maxLength: number | undefined;
  if (TIMESTAMP_CHECK !== undefined && def.checks?.[0] === TIMESTAMP_CHECK) return timestamp;
  for (const c of checksOf(def)) {
    if (c.check === "string_format" && c.pattern) {
      if (c.pattern.source === UUID_PATTERN.source) return uuid;
      return fc.stringMatching(c.pattern);
    }
    if (c.check === "min_length" && c.minimum !== undefined) minLength = c.minimum;
    if (c.check === "max_length" && c.maximum !== undefined) maxLength = c.maximum;
    if (c.check === "length_equals" && c.length !== undefined) minLength = maxLength = c.length;
  }
  if (minLength === 0 && maxLength === undefined) return text();
  return fc.string({ minLength, maxLength: maxLength ?? minLength + 12 });
}

/** Whether an object key may be left out: optional or defaulted (a JSON value must be present). */
function omittable(schema: Schema): boolean {
  const t = schema._zod.def.type;
  if (t === "optional" || t === "default" || t === "prefault") return true;
  if (t === "pipe") return omittable(schema._zod.def.in as Schema);
  return false;
}

/** Arbitrary wire documents for `schema`. Throws, naming the type, for a definition it cannot generate. */
export function arbitraryOf(schema: z.ZodType, options: ArbitraryOptions = {}): fc.Arbitrary<unknown> {
  const maxDepth = options.maxDepth ?? 3;
  const maxLength = options.maxLength ?? 3;
  const memo = new Map<string, fc.Arbitrary<unknown>>();
  const ids = new Map<Schema, number>();

  const build = (s: Schema, depth: number): fc.Arbitrary<unknown> => {
    const id = ids.get(s) ?? ids.set(s, ids.size).size - 1;
    const key = `${id}@${depth}`;
    const known = memo.get(key);
    if (known) return known;
    // Built on first use: a recursive schema meets itself again one level deeper, so this
    // terminates at maxDepth.
    let made: fc.Arbitrary<unknown> | undefined;
    const arb = fc.constant(null).chain(() => {
      made ??= make(s, depth);
      return made;
    });
    memo.set(key, arb);
    return arb;
  };

  const length = (depth: number) => (depth >= maxDepth ? 0 : maxLength);

  const make = (s: Schema, depth: number): fc.Arbitrary<unknown> => {
    const override = options.overrides?.get(s as unknown as z.ZodType);
    if (override) return override;
    const def = s._zod.def;
    switch (def.type) {
      case "string":
        return stringArbitrary(def);
      case "number":
        return numberArbitrary(def);
      case "boolean":
        return fc.boolean();
      case "null":
        return fc.constant(null);
      case "literal":
        return fc.constantFrom(...(def.values ?? []));
      case "enum":
        return fc.constantFrom(...Object.values(def.entries ?? {}));
      case "unknown":
      case "any":
        return jsonValue(Math.max(0, maxDepth - depth));
      case "never":
      case "undefined":
        return fc.constant(undefined);
      case "optional":
        return fc.oneof(fc.constant(undefined), build(def.innerType as Schema, depth));
      case "nullable":
        return fc.oneof(
          { weight: 1, arbitrary: fc.constant(null) },
          { weight: 3, arbitrary: build(def.innerType as Schema, depth) },
        );
      case "default":
      case "prefault":
      case "readonly":
      case "catch":
      case "nonoptional":
        return build(def.innerType as Schema, depth);
      case "pipe": {
        const inner = def.in as Schema;
        return build(inner._zod.def.type === "transform" ? (def.out as Schema) : inner, depth);
      }
      case "lazy":
        return build((def.getter as () => Schema)(), depth + 1);
      case "array":
        return fc.array(build(def.element as Schema, depth + 1), { maxLength: length(depth) });
      case "tuple":
        return fc.tuple(...(def.items ?? []).map((i) => build(i, depth + 1)));
      case "union":
        return fc.oneof(...(def.options ?? []).map((o) => build(o, depth)));
      case "record": {
        const keyDef = (def.keyType as Schema)._zod.def;
        const value = build(def.valueType as Schema, depth + 1);
        if (keyDef.type === "enum") {
          const keys = Object.values(keyDef.entries ?? {}).map(String);
          return fc
            .tuple(...keys.map((k) => value.map((v) => [k, v] as [string, unknown])))
            .map((entries) => objectOf(fc.constant(entries)));
        }
        const keyArb =
          keyDef.type === "string"
            ? stringArbitrary(keyDef).map(String)
            : (build(def.keyType as Schema, depth) as fc.Arbitrary<string>);
        return objectOf(fc.array(fc.tuple(keyArb, value), { maxLength: length(depth) }));
      }
      case "object":
        return objectArbitrary(def, depth);
      default:
        throw new TypeError(`arbitraryOf: no generator for Zod type "${def.type}"; extend test/property/arbitrary.ts`);
    }
  };

  const objectArbitrary = (def: Def, depth: number): fc.Arbitrary<unknown> => {
    const shape = def.shape ?? {};
    const fields = Object.entries(shape).map(([k, field]) => ({
      key: k,
      arb: build(field, depth),
      optional: omittable(field),
    }));
    const strict = def.catchall?._zod.def.type === "never";
    const catchall = def.catchall && !strict ? build(def.catchall, depth + 1) : undefined;
    // Unknown keys are ignored by the hub (a strict object, serde's one-key variant object,
    // rejects them); a catchall keeps them as entries.
    const extraValue = catchall ?? jsonValue(1);
    const extras = fc.array(fc.tuple(text(), extraValue), { maxLength: strict || depth >= maxDepth ? 0 : 2 });
    return fc
      .tuple(
        fc.tuple(...fields.map((f) => (f.optional ? fc.option(f.arb, { nil: undefined, freq: 3 }) : f.arb))),
        extras,
        fc.boolean(),
      )
      .map(([values, extra, reverse]) => {
        const entries: [string, unknown][] = [];
        fields.forEach((f, i) => {
          if (values[i] !== undefined) entries.push([f.key, values[i]]);
        });
        for (const [k, v] of extra) if (!Object.hasOwn(shape, k)) entries.push([k, v]);
        // Key order is free on the wire (a tag may come after the fields it selects).
        if (reverse) entries.reverse();
        const out: Record<string, unknown> = {};
        for (const [k, v] of entries) {
          if (Object.hasOwn(out, k)) continue;
          Object.defineProperty(out, k, { value: v, enumerable: true, writable: true, configurable: true });
        }
        return out;
      });
  };

  return build(schema as unknown as Schema, 0);
}
