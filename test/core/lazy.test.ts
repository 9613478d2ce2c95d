import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { extendLazily, lazyFields, lazySchema, withFields } from "../../src/core/lazy.js";
import { tagUnion } from "../../src/core/tagging.js";
import { withFastPath } from "../../src/core/zod-internals.js";
import { AnalyticsEvent, CommonEventFields, TelemetryPayload, TokenUsageMetrics } from "../../src/events/index.js";
import { parseAnalyticsEvent, validateAnalyticsEvent } from "../../src/fast/generated/analytics-event.js";
import { FastAnalyticsEvent } from "../../src/fast/index.js";

/*
 * Schemas built on first use (src/core/lazy.ts) against the same schemas written the plain way:
 * Zod's own eager construction is the reference. Parses, issues, JSON Schema and the identity of
 * field schemas must not tell them apart.
 */

const fixtures = (dir: string): unknown[] =>
  readdirSync(dir, { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => {
      try {
        return [JSON.parse(readFileSync(join(dir, f), "utf8")) as unknown];
      } catch {
        return [];
      }
    });
const HUB = join(import.meta.dirname, "../conformance/hub");
const documents = [...fixtures(join(HUB, "accept")), ...fixtures(join(HUB, "reject"))];

function counted() {
  const built = { n: 0 };
  const Inner = z.object({ x: z.number() });
  const schema = z.object(
    lazyFields({
      get name() {
        built.n++;
        return z.string().meta({ description: "a name" });
      },
      get inner() {
        built.n++;
        return Inner.nullish();
      },
      kind: z.literal("k"),
    }),
  );
  const plain = z.object({
    name: z.string().meta({ description: "a name" }),
    inner: Inner.nullish(),
    kind: z.literal("k"),
  });
  return { built, schema, plain };
}

describe("lazyFields", () => {
  it("builds no field before the shape is read, then each one once", () => {
    const { built, schema } = counted();
    const copy = schema.meta({ description: "copy" }).optional();
    expect(built.n).toBe(0);
    const first = schema.shape.name;
    expect(built.n).toBe(2);
    expect(schema.shape.name).toBe(first);
    expect(schema.shape.inner).toBe(schema.shape.inner);
    expect(built.n).toBe(2);
    // A .meta() copy shares the definition, so the very same field schemas.
    expect((copy.unwrap() as typeof schema).shape.name).toBe(first);
  });

  it("parses, fails and writes JSON Schema as the plain object does", () => {
    const { schema, plain } = counted();
    for (const value of [
      { name: "a", kind: "k" },
      { name: "a", inner: { x: 1 }, kind: "k", extra: 1 },
      { name: 1, inner: { x: "1" }, kind: "j" },
      null,
      [],
    ]) {
      expect(schema.safeParse(value)).toEqual(plain.safeParse(value));
    }
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(plain));
  });

  it("shows Zod no getter: withParser's cycle check passes and the shape keeps its key order", () => {
    const { schema } = counted();
    expect(() => z.withParser(schema, () => z.INVALID)).not.toThrow();
    expect(Object.keys(schema.shape)).toEqual(["name", "inner", "kind"]);
  });

  it("tells a real reference cycle from a lazy field", () => {
    const Node = z.object(
      lazyFields({
        value: z.number(),
        get next(): z.ZodOptional<typeof Node> {
          return Node.optional();
        },
      }),
    );
    expect(Node.parse({ value: 1, next: { value: 2 } })).toEqual({ value: 1, next: { value: 2 } });
    expect(() => z.withParser(Node, () => z.INVALID)).toThrow(/reference cycle/);
  });
});

describe("withFields, extendLazily and tagUnion", () => {
  it("carry the struct's own field schemas, as a spread of its shape would", () => {
    const tagged = z.object(withFields({ tag: z.literal("t") }, TokenUsageMetrics));
    expect(Object.keys(tagged.shape)).toEqual(["tag", ...Object.keys(TokenUsageMetrics.shape)]);
    for (const key of Object.keys(TokenUsageMetrics.shape)) {
      expect(tagged.shape[key as keyof typeof tagged.shape]).toBe(
        TokenUsageMetrics.shape[key as keyof typeof TokenUsageMetrics.shape],
      );
    }
    const option = TelemetryPayload.options.find((o) => o.shape.telemetry_type.value === "token_usage");
    const fields = option?.shape as Record<string, unknown> | undefined;
    expect(fields?.total_tokens).toBe(TokenUsageMetrics.shape.total_tokens);
  });

  it("extend as .extend() does: keys, order, overrides, catchall, parse and JSON Schema", () => {
    const Base = z
      .object(
        lazyFields({
          get a() {
            return z.string();
          },
          get b() {
            return z.number();
          },
        }),
      )
      .catchall(z.boolean());
    const extra = { b: z.string(), c: z.number().optional() };
    const lazy = extendLazily(Base, extra);
    const eager = Base.extend(extra);
    expect(Object.keys(lazy.shape)).toEqual(Object.keys(eager.shape));
    expect(lazy.shape.a).toBe(Base.shape.a);
    expect(lazy.shape.b).toBe(extra.b);
    for (const value of [
      { a: "x", b: "y", z: true },
      { a: "x", b: 1 },
      { a: "x", b: "y", c: 1, z: "no" },
    ]) {
      expect(lazy.safeParse(value)).toEqual(eager.safeParse(value));
    }
    expect(z.toJSONSchema(lazy)).toEqual(z.toJSONSchema(eager));
  });

  it("builds the same discriminated union over lazily read variants", () => {
    const A = z.object(
      lazyFields({
        get n() {
          return z.number();
        },
      }),
    );
    const union = tagUnion("U", "kind", { a: A, b: z.object({ s: z.string() }) });
    const plain = z.discriminatedUnion("kind", [
      z.object({ kind: z.literal("a"), n: z.number() }),
      z.object({ kind: z.literal("b"), s: z.string() }),
    ]);
    for (const value of [{ kind: "a", n: 1 }, { kind: "b", s: "x" }, { kind: "a", n: "1" }, { kind: "b" }]) {
      expect(union.safeParse(value).success).toBe(plain.safeParse(value).success);
      expect(union.safeParse(value).data).toEqual(plain.safeParse(value).data);
    }
  });
});

describe("withFastPath's clone, installed on first parse", () => {
  // The reference: z.withParser installed at once, as withFastPath did before.
  const eager = z.withParser(AnalyticsEvent, parseAnalyticsEvent as (input: unknown) => never);

  it("gives AnalyticsEvent's results and issues on the hub's fixtures, by every entry point", () => {
    expect(documents.length).toBeGreaterThan(40);
    for (const doc of documents) {
      const expected = AnalyticsEvent.safeParse(doc);
      expect(FastAnalyticsEvent.safeParse(doc)).toEqual(expected);
      expect(eager.safeParse(doc)).toEqual(expected);
      expect(z.validate(FastAnalyticsEvent, doc)).toBe(expected.success);
      expect(z.object({ e: FastAnalyticsEvent }).safeParse({ e: doc }).success).toBe(expected.success);
      if (expected.success) expect(FastAnalyticsEvent.parse(doc)).toEqual(expected.data);
      else expect(() => FastAnalyticsEvent.parse(doc)).toThrow(z.ZodError);
    }
  });

  it("keeps the schema's shape, metadata and JSON Schema", () => {
    const fresh = withFastPath(AnalyticsEvent, parseAnalyticsEvent, validateAnalyticsEvent);
    expect(fresh.description).toBe(AnalyticsEvent.description);
    expect(z.toJSONSchema(fresh, { io: "input" })).toEqual(z.toJSONSchema(AnalyticsEvent, { io: "input" }));
    expect(Object.keys(CommonEventFields.shape)).toContain("event_id");
  });
});

describe("lazySchema: a whole schema built on first use", () => {
  const described = () =>
    z
      .object({ name: z.string(), tags: z.array(z.string()).optional() })
      .check((ctx) => {
        if (ctx.value.name === "") ctx.issues.push({ code: "custom", message: "name is empty", input: ctx.value });
      })
      .meta({ description: "a described object" });

  function counted() {
    const built = { n: 0 };
    const schema = lazySchema(() => {
      built.n++;
      return described();
    });
    return { built, schema };
  }

  // Only `Object.getPrototypeOf(schema)` before the first use tells it apart: it gives the stand-in's
  // Proxy (src/core/stand-in.ts), not yet the class's prototype.
  it("builds nothing before the first use, then once, whatever the first use is", () => {
    const uses: ((s: z.ZodType) => unknown)[] = [
      (s) => s.safeParse({ name: "a" }),
      (s) => s instanceof z.ZodObject,
      (s) => "_zod" in s,
      (s) => s.optional(),
      (s) => s.description,
      (s) => z.globalRegistry.get(s),
      (s) => z.toJSONSchema(s),
    ];
    for (const use of uses) {
      const { built, schema } = counted();
      expect(built.n).toBe(0);
      use(schema);
      expect(built.n).toBe(1);
      schema.safeParse({ name: "b" });
      z.toJSONSchema(schema.optional());
      expect(built.n).toBe(1);
    }
  });

  it("is the schema itself: class, prototype, identity in what is built on it, metadata", () => {
    const { schema } = counted();
    const eager = described();
    expect(schema).toBeInstanceOf(z.ZodObject);
    expect(schema).toBeInstanceOf(z.ZodType);
    expect(Object.getPrototypeOf(schema)).toBe(Object.getPrototypeOf(eager));
    expect(schema.optional()._zod.def.innerType).toBe(schema);
    expect(z.array(schema)._zod.def.element).toBe(schema);
    expect(schema.meta()).toEqual({ description: "a described object" });
    expect(z.globalRegistry.get(schema)).toEqual(z.globalRegistry.get(eager));
    expect(schema._zod.parent).toBeDefined();
    schema.safeParse({ name: "a" });
    eager.optional();
    eager.meta();
    eager.safeParse({ name: "a" });
    expect(Object.keys(schema).sort()).toEqual(Object.keys(eager).sort());
    expect(new Map([[schema, 1]]).get(schema)).toBe(1);
  });

  it("parses, fails, and writes JSON Schema as the schema built now does", () => {
    const eager = described();
    const inputs: unknown[] = [{ name: "a" }, { name: "" }, { name: 1 }, { name: "a", tags: [1] }, null, "x"];
    for (const input of inputs) {
      const { schema } = counted();
      expect(schema.safeParse(input)).toEqual(eager.safeParse(input));
      expect(z.object({ x: schema }).safeParse({ x: input })).toEqual(z.object({ x: eager }).safeParse({ x: input }));
    }
    const { schema } = counted();
    for (const io of ["input", "output"] as const) {
      expect(z.toJSONSchema(schema, { io })).toEqual(z.toJSONSchema(eager, { io }));
      expect(z.toJSONSchema(z.object({ a: schema, b: schema }), { io })).toEqual(
        z.toJSONSchema(z.object({ a: eager, b: eager }), { io }),
      );
    }
  });

  it("keeps a union's options, a tagged union's variants and enums as they are built now", () => {
    const union = lazySchema(() => TelemetryPayload.meta({ description: "copy" }));
    expect(union.options.length).toBe(TelemetryPayload.options.length);
    const e = lazySchema(() => z.enum(["a", "b"]));
    expect(e.options).toEqual(["a", "b"]);
    expect(e.enum.a).toBe("a");
    expect(e.safeParse("c").success).toBe(false);
  });

  it("runs `finish` on the schema once built, and says so when the builder reads its own schema", () => {
    const schema: z.ZodString = lazySchema(
      () => z.string(),
      (s) => Object.assign(s, { marked: true }),
    );
    expect((schema as unknown as { marked?: boolean }).marked).toBe(true);
    const selfish: z.ZodType = lazySchema(() => z.array(selfish.optional()));
    expect(() => selfish.safeParse([])).toThrow("lazySchema: the schema was read while it was being built");
  });
});
