import { isDeepStrictEqual } from "node:util";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { decode } from "../../src/core/decode.js";
import { jsonText } from "../../src/core/json-writer.js";
import { readWire } from "../../src/core/wire.js";
import { fastPathOf, fastPathOfSchema } from "../../src/fast/index.js";
import { mayHoldLenientForm } from "../../src/fast/text.js";
import { SCHEMA_NAMES, SCHEMAS } from "../../src/json-schema/registry.js";
import { CONFORMANCE_SETS, fixtureText, readIndex } from "../conformance/fixtures.js";
import { SHIPPED_EXCEPTIONS } from "../conformance/shipped-values.js";
import { lenient } from "../property/lenient.js";
import { documents } from "../property/properties.js";
import { mutate, mutationArb, spell, spellingArb } from "./arbitrary.js";

/*
 * The fast path of every published type against its references: on values, the schema's own
 * `safeParse` (verdict, output, issues); on JSON text, `decode` (the library's reading of the
 * shipped hub, itself checked by the conformance fixtures). Documents come from the property
 * tests' generator (test/property), which derives them from each schema independently of the
 * fast-path generator, then mutated, re-spelled (repeated keys, `12.0`, escapes) and rewritten
 * in serde's lenient forms. Seeded, so a failure replays.
 */

const SEED = 20251204;
const TIMEOUT = 180_000;

/**
 * Deep equality with prototypes and own properties (node's `isDeepStrictEqual`): vitest's
 * `toStrictEqual` compares `a.constructor === b.constructor`, which fails on two equal maps that
 * hold a `"constructor"` key.
 */
function same(actual: unknown, expected: unknown): void {
  expect(actual).toEqual(expected);
  expect(isDeepStrictEqual(actual, expected)).toBe(true);
  expect(jsonText(actual)).toBe(jsonText(expected));
}

function checkValue(name: (typeof SCHEMA_NAMES)[number], value: unknown): void {
  const path = fastPathOf(name);
  const reference = SCHEMAS[name].safeParse(value);
  expect(path.is(value), `${name}.is`).toBe(reference.success);
  expect(z.validate(path.schema, value), `${name} z.validate`).toBe(reference.success);
  const fast = path.schema.safeParse(value);
  expect(fast.success, `${name}.schema.safeParse`).toBe(reference.success);
  if (reference.success && fast.success) same(fast.data, reference.data);
  else expect(fast.error?.issues).toEqual(reference.error?.issues);
}

function checkText(name: (typeof SCHEMA_NAMES)[number], text: string): void {
  const path = fastPathOf(name);
  const reference = decode(SCHEMAS[name], text);
  expect(path.isText(text), `${name}.isText ${text}`).toBe(reference.success);
  const fast = path.decode(text);
  expect(fast.success, `${name}.decode ${text}`).toBe(reference.success);
  if (reference.success && fast.success) same(fast.data, reference.data);
  else expect(fast.error?.issues).toEqual(reference.error?.issues);
}

describe("fastPathOf: the registry", () => {
  it("has every published type, found by name and by its schema", () => {
    for (const name of SCHEMA_NAMES) {
      expect(fastPathOf(name).name).toBe(name);
      expect(fastPathOfSchema(SCHEMAS[name])).toBe(fastPathOf(name));
    }
    expect(fastPathOfSchema(z.string())).toBeUndefined();
    expect(() => fastPathOf("Nope" as never)).toThrow(/fastPathOf: "Nope" is not a published type/);
    expect(() => fastPathOf(SCHEMAS.MetricRollup as never)).toThrow(
      /^fastPathOf: name must be a published type's name; a schema object is looked up with fastPathOfSchema, received \{/,
    );
  });

  it("validates NDJSON lines as isText does", () => {
    const path = fastPathOf("PaginationParams");
    const text = '{"page":1,"per_page":20}\n\n{"page":1.0,"per_page":20}\r\n{"page":-1}\n';
    expect(path.validateLines(text)).toEqual({ lines: 4, valid: 1, invalid: [2, 3, 4] });
    expect(path.validateLines(Buffer.from(text, "utf8"))).toEqual({ lines: 4, valid: 1, invalid: [2, 3, 4] });
  });

  it("reports a tag beyond 2^53 as an unknown tag, without throwing (decode keeps it as a bigint)", () => {
    const text = '{"metric_type":9007199254740993,"name":"n","value":1,"timestamp":"2025-01-01T00:00:00Z"}';
    checkText("MetricType", text);
    expect(fastPathOf("MetricType").decode(text).error?.issues[0]?.message).toBe(
      'unknown metric_type 9007199254740993, expected one of "counter", "gauge", "histogram", "summary"',
    );
  });
});

const FIXTURES = CONFORMANCE_SETS.flatMap((set) => readIndex(set).map((f) => ({ ...f, set })));

describe("fastPathOf on the conformance fixtures, each read as its own type", () => {
  const typed = FIXTURES.filter((f) => Object.hasOwn(SCHEMAS, f.type));
  it.each(typed.map((f) => [`${f.set}/${f.file}`, f] as const))("%s", (_file, fixture) => {
    const name = fixture.type as (typeof SCHEMA_NAMES)[number];
    const text = fixtureText(fixture, fixture.set);
    checkText(name, text);
    // The hub's own verdict, except where the library refuses on purpose (integers beyond 2^53 in
    // number fields, test/conformance/shipped-values.ts).
    const exception = fixture.set === "shipped" && SHIPPED_EXCEPTIONS[fixture.file] !== undefined;
    expect(fastPathOf(name).isText(text), fixture.why).toBe(fixture.expect === "accept" && !exception);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    checkValue(name, value);
  });
});

describe("fastPathOf on generated documents of every published type", () => {
  it.each(SCHEMA_NAMES)(
    "%s: values (valid and mutated) agree with safeParse",
    (name) => {
      fc.assert(
        fc.property(documents(SCHEMAS[name]), fc.array(mutationArb, { maxLength: 2 }), (document, mutations) => {
          checkValue(name, document);
          checkValue(
            name,
            mutations.reduce((v, m) => mutate(v, m), document),
          );
        }),
        { seed: SEED, numRuns: 40 },
      );
    },
    TIMEOUT,
  );

  it.each(SCHEMA_NAMES)(
    "%s: JSON text (re-spelled, mutated, serde's lenient forms) agrees with decode",
    (name) => {
      const schema = SCHEMAS[name];
      const texts = documents(schema).chain((document) =>
        fc.tuple(
          fc.oneof(fc.constant(document), lenient(schema, document, { empty: true })),
          fc.array(mutationArb, { maxLength: 1 }),
          spellingArb,
        ),
      );
      fc.assert(
        fc.property(texts, ([document, mutations, spelling]) => {
          checkText(
            name,
            spell(
              mutations.reduce((v, m) => mutate(v, m), document),
              spelling,
            ),
          );
        }),
        { seed: SEED, numRuns: 40 },
      );
    },
    TIMEOUT,
  );
});

describe("the text path's shortcut past readWire (src/fast/text.ts mayHoldLenientForm)", () => {
  it("tells arrays, and one-member objects holding null or {}, at any depth", () => {
    expect(mayHoldLenientForm({ a: { b: "x", c: 1 } })).toBe(false);
    expect(mayHoldLenientForm({ a: { b: null } })).toBe(true);
    expect(mayHoldLenientForm({ a: { b: {} } })).toBe(true);
    expect(mayHoldLenientForm({ a: { b: [1] } })).toBe(true);
    expect(mayHoldLenientForm({ a: [] })).toBe(true);
    expect(mayHoldLenientForm("x")).toBe(false);
    // An Option's None among other fields, an empty map among other fields: no lenient form.
    expect(mayHoldLenientForm({ a: { b: null, c: 1 } })).toBe(false);
    expect(mayHoldLenientForm({ a: {}, b: null })).toBe(false);
    expect(mayHoldLenientForm({ a: { b: {}, c: "x" } })).toBe(false);
  });

  it.each(SCHEMA_NAMES)(
    "%s: without an array or a one-member object holding null or {}, readWire returns the value itself or issues",
    (name) => {
      const schema = SCHEMAS[name];
      const values = documents(schema).chain((document) =>
        fc.tuple(
          fc.oneof(fc.constant(document), lenient(schema, document, { empty: true })),
          fc.array(mutationArb, { maxLength: 2 }),
        ),
      );
      fc.assert(
        fc.property(values, ([document, mutations]) => {
          const mutated = mutations.reduce((v, m) => mutate(v, m), document);
          let text: string;
          try {
            text = jsonText(mutated);
          } catch {
            return; // a mutation with no JSON text (undefined, NaN)
          }
          const value: unknown = JSON.parse(text); // as the text path holds it
          if (mayHoldLenientForm(value)) return;
          const wire = readWire(schema, value);
          expect(wire.value === value || wire.issues.length > 0).toBe(true);
        }),
        { seed: SEED, numRuns: 60 },
      );
    },
    TIMEOUT,
  );
});
