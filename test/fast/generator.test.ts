import { readFileSync } from "node:fs";
import { relative } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { compileInMemory, expectedFiles, generate, UnsupportedSchemaError } from "../../scripts/build-validators.js";
import { readJsonText } from "../../src/core/json-text.js";
import { INVALID } from "../../src/fast/runtime.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { CONFORMANCE_TYPES } from "../conformance/types.js";
import { arbitraryOf, mutate, mutationArb } from "./arbitrary.js";

describe("src/fast/generated/", () => {
  it("is up to date with the Zod schemas (run `npx tsx scripts/build-validators.ts` when this fails)", () => {
    for (const { path, text } of expectedFiles()) {
      expect(readFileSync(path, "utf8"), `${relative(process.cwd(), path)} is stale`).toBe(text);
    }
  }, 60_000);
});

describe("the generator", () => {
  // Every fixture type the conformance suite knows: the generator either refuses the schema
  // (UnsupportedSchemaError naming the place) or gives Zod's verdict and output on every fixture.
  const refused: string[] = [];
  const compiled = Object.entries(CONFORMANCE_TYPES).flatMap(([type, schema]) => {
    try {
      return [[type, compileInMemory(schema, "Schema"), schema] as const];
    } catch (e) {
      if (!(e instanceof UnsupportedSchemaError)) throw e;
      refused.push(`${type}: ${e.message}`);
      return [];
    }
  });

  it("compiles the event contract and refuses only with a reason", () => {
    console.info(`fast-path generator: ${compiled.length} types compiled; refused:\n  ${refused.join("\n  ")}`);
    expect(compiled.map(([type]) => type)).toContain("AnalyticsEvent");
    for (const reason of refused) expect(reason).toMatch(/is not supported by the fast-path generator$/);
  });

  it("gives Zod's verdict and output on every fixture of every compiled type", () => {
    let checked = 0;
    for (const [type, fast, schema] of compiled) {
      for (const fixture of FIXTURES.filter((f) => f.type === type)) {
        const read = readJsonText(fixtureText(fixture));
        if (!read.ok) continue;
        const reference = schema.safeParse(read.value);
        expect(fast.validate(read.value), fixture.file).toBe(reference.success);
        const parsed = fast.parse(read.value);
        if (reference.success) {
          expect(parsed, fixture.file).toStrictEqual(reference.data);
          expect(JSON.stringify(parsed)).toBe(JSON.stringify(reference.data));
        } else {
          expect(parsed, fixture.file).toBe(INVALID);
        }
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("gives Zod's verdict and output on generated and mutated documents of every compiled type", () => {
    const covered: string[] = [];
    for (const [type, fast, schema] of compiled) {
      let documents: fc.Arbitrary<unknown>;
      try {
        documents = arbitraryOf(schema);
      } catch {
        continue; // a def type the test's arbitrary does not derive; the fixtures above still cover it
      }
      covered.push(type);
      fc.assert(
        fc.property(documents, fc.array(mutationArb, { maxLength: 2 }), (document, mutations) => {
          const value = mutations.reduce((v, m) => mutate(v, m), document);
          const reference = schema.safeParse(value);
          expect(fast.validate(value)).toBe(reference.success);
          const parsed = fast.parse(value);
          if (reference.success) {
            expect(parsed).toStrictEqual(reference.data);
            expect(JSON.stringify(parsed)).toBe(JSON.stringify(reference.data));
          } else {
            expect(parsed).toBe(INVALID);
          }
        }),
        { seed: 20250603, numRuns: 60 },
      );
    }
    console.info(`fast-path generator: property-checked ${covered.length} types: ${covered.join(", ")}`);
    expect(covered).toContain("AnalyticsEvent");
  }, 120_000);

  it("follows Zod's rules for absent, undefined and defaulted keys", () => {
    const schema = z.object({
      a: z.string().optional(),
      b: z.string().default("x"),
      c: z.unknown(),
      d: z.string().nullish(),
      e: z.array(z.number().int().min(0)).min(1),
      f: z.record(z.string(), z.boolean()).default(() => ({})),
      g: z.union([z.literal("k"), z.strictObject({ other: z.string() })]),
      h: z.looseObject({ n: z.number() }),
    });
    const fast = compileInMemory(schema, "Probe");
    const inputs: unknown[] = [
      { e: [1], g: "k", h: { n: 1 } },
      { a: undefined, b: undefined, c: undefined, d: null, e: [0, 2], g: { other: "z" }, h: { n: 1, extra: [1] } },
      { c: 5, e: [], g: "k", h: { n: 1 } },
      { e: [1.5], g: "k", h: { n: 1 } },
      { e: [1], g: { other: "z", more: 1 }, h: { n: 1 } },
      { e: [1], g: "k", h: { n: "1" } },
      { e: [1], g: "k", h: { n: 1 }, f: { t: true, __proto__: 1 } },
      { e: [1], g: "k", h: { n: 1 }, f: [] },
      JSON.parse('{"e":[1],"g":"k","h":{"n":1,"__proto__":{"x":1}},"f":{"__proto__":true}}'),
      [],
      null,
    ];
    for (const input of inputs) {
      const reference = schema.safeParse(input);
      expect(fast.validate(input), JSON.stringify(input)).toBe(reference.success);
      const parsed = fast.parse(input);
      if (reference.success) {
        expect(parsed).toStrictEqual(reference.data);
        expect(Object.keys(parsed as object)).toEqual(Object.keys(reference.data));
      } else {
        expect(parsed).toBe(INVALID);
      }
    }
  });

  it("refuses what it cannot reproduce exactly, naming the place", () => {
    const cases: [z.ZodType, RegExp][] = [
      [z.object({ mail: z.email() }), /Probe\.mail: string format "email"/],
      [z.object({ n: z.number().multipleOf(3) }), /Probe\.n: check "multiple_of"/],
      [z.object({ s: z.string().superRefine(() => undefined) }), /Probe\.s: a custom check without a predicate/],
      [z.object({ s: z.string().transform((v, ctx) => (ctx ? v : v)) }), /may add issues/],
      [z.object({ s: z.string().min(2) }), /Probe\.s: check "min_length"/],
      [z.xor([z.string(), z.number()]), /Probe: an exclusive union/],
      [z.object({ d: z.date() }), /Probe\.d: schema type "date"/],
      [z.lazy(() => z.string()), /Probe: schema type "lazy"/],
    ];
    for (const [schema, message] of cases) {
      expect(() => generate(schema, "Probe")).toThrow(UnsupportedSchemaError);
      expect(() => generate(schema, "Probe")).toThrow(message);
    }
  });
});
