import fc from "fast-check";
import { afterEach, describe, expect, it } from "vitest";
import * as z from "zod";
import { checkValue } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { jsonMap, keepProtoKey, numberMap, stringMap, unsignedMap } from "../../src/core/maps.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { SCHEMAS } from "../../src/json-schema/registry.js";
import { arbitraryOf } from "../property/arbitrary.js";
import { customEvent, eventText } from "./documents.js";

const PROTO_KEYS = ["__proto__", "constructor", "prototype"];

afterEach(() => {
  // Nothing in this file may reach a prototype.
  expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  expect(Object.prototype).not.toHaveProperty("polluted");
  expect(Object.getOwnPropertyNames(Object.prototype)).not.toContain("team");
});

describe("__proto__, constructor and prototype keys", () => {
  it("keep a `__proto__` map entry as an own key, validated like any entry (maps of core)", () => {
    const result = decode(
      AnalyticsEvent,
      eventText({ tags: '{"__proto__":"evil","constructor":"c","prototype":"p","team":"search"}' }),
    );
    expect(result.success).toBe(true);
    const tags = result.success ? result.data.tags : {};
    expect(Object.keys(tags).sort()).toEqual(["__proto__", "constructor", "prototype", "team"]);
    expect(Object.getOwnPropertyDescriptor(tags, "__proto__")?.value).toBe("evil");
    expect(Object.getPrototypeOf(tags)).toBe(Object.prototype);
    // and write back unchanged: the hub reads "__proto__" as an ordinary tag
    expect(JSON.parse(JSON.stringify(tags))).toEqual(
      JSON.parse('{"__proto__":"evil","constructor":"c","prototype":"p","team":"search"}'),
    );
  });

  it("reject a `__proto__` entry of the wrong type, as any other entry (tags hold strings)", () => {
    const result = decode(AnalyticsEvent, eventText({ tags: '{"__proto__":{"polluted":true}}' }));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["tags", "__proto__"]);
  });

  it("never pollute a prototype through a JSON value (CustomPayload.data, jsonMap)", () => {
    for (const text of ['{"__proto__":{"polluted":1}}', '{"constructor":{"prototype":{"polluted":1}}}']) {
      const value = JSON.parse(text);
      const event = AnalyticsEvent.parse(customEvent(value));
      expect(event.payload.data).toEqual({ custom_type: "probe", data: value });
      const map = jsonMap().parse(JSON.parse(text)) as Record<string, unknown>;
      expect(Object.getPrototypeOf(map)).toBe(Object.prototype);
      expect((map as { polluted?: unknown }).polluted).toBeUndefined();
    }
  });

  it("treat them as unknown keys of a struct, dropped as the hub drops them", () => {
    const result = decode(
      AnalyticsEvent,
      eventText({ extra: '"__proto__":{"polluted":1},"constructor":1,"prototype":2,' }),
    );
    expect(result.success).toBe(true);
    if (result.success) {
      expect(Object.keys(result.data)).not.toContain("__proto__");
      expect(Object.getPrototypeOf(result.data)).toBe(Object.prototype);
    }
  });

  it("are ordinary keys for every map factory of core, through .meta(), defaults and options", () => {
    const cases: [z.ZodType, unknown][] = [
      [stringMap().meta({ description: "d" }), "s"],
      [numberMap().default(() => ({})), 1.5],
      [unsignedMap().nullish(), 7],
      [jsonMap(), { nested: [1] }],
      [keepProtoKey(z.object({ name: z.string() }).catchall(z.number())), 3],
    ];
    for (const [schema, value] of cases) {
      for (const key of PROTO_KEYS) {
        const input = JSON.parse(`{${JSON.stringify(key)}:${JSON.stringify(value)}}`);
        if (key !== "__proto__" || !(schema instanceof z.ZodObject)) {
          const parsed = schema.parse(schema instanceof z.ZodObject ? { ...input, name: "n" } : input) as object;
          expect(Object.getOwnPropertyDescriptor(parsed, key)?.value, key).toEqual(value);
        }
      }
    }
    const catchall = keepProtoKey(z.object({ name: z.string() }).catchall(z.number()));
    const parsed = catchall.parse(JSON.parse('{"name":"n","__proto__":3}'));
    expect(Object.getOwnPropertyDescriptor(parsed, "__proto__")?.value).toBe(3);
  });

  it("do not confuse the checks: an own `constructor` key is data, not Object", () => {
    const event = AnalyticsEvent.parse(
      JSON.parse(eventText({ tags: '{"constructor":"x","__proto__":"y","hasOwnProperty":"z"}' })),
    );
    expect(checkValue(AnalyticsEvent, event)).toEqual([]);
  });

  /*
   * Zod skips `__proto__` in records and catchall objects; core's maps undo that with
   * keepProtoKey. The schemas below build their own map or catchall and still drop such an
   * entry (dropping it, never polluting anything). Each owner can wrap the schema in
   * keepProtoKey, and shorten this list (docs/hardening.md).
   */
  const DROPS_PROTO_ENTRY: string[] = [];

  it("are kept by every map and catchall of every published schema, or listed as dropped", () => {
    const dropping = new Set<string>();
    for (const { where, schema, entry } of mapNodes()) {
      const [base] = fc.sample(
        arbitraryOf(schema as unknown as z.ZodType).filter((v) => schema.safeParse(v).success),
        {
          numRuns: 1,
          seed: 1,
        },
      );
      const [value] = fc.sample(
        arbitraryOf(entry as unknown as z.ZodType).filter((v) => entry.safeParse(v).success),
        {
          numRuns: 1,
          seed: 2,
        },
      );
      const input = { ...(base as object) };
      Object.defineProperty(input, "__proto__", { value, enumerable: true, writable: true, configurable: true });
      const result = schema.safeParse(input);
      expect(result.success, where).toBe(true);
      const out = result.data as object;
      expect(Object.getPrototypeOf(out), where).toBe(Object.prototype);
      if (!Object.hasOwn(out, "__proto__")) dropping.add(where);
    }
    expect([...dropping].sort()).toEqual(DROPS_PROTO_ENTRY);
  });
});

interface Node {
  _zod: { def: Record<string, unknown> & { type: string } };
  safeParse(v: unknown): { success: boolean; data?: unknown };
}

/** Every record and catchall object reachable from the published schemas, named by its first path. */
function mapNodes(): { where: string; schema: Node; entry: Node }[] {
  const seen = new Set<unknown>();
  const out: { where: string; schema: Node; entry: Node }[] = [];
  const visit = (s: Node | undefined, where: string): void => {
    if (!s || seen.has(s)) return;
    seen.add(s);
    const def = s._zod.def;
    const catchall = def.catchall as Node | undefined;
    if (def.type === "record") out.push({ where, schema: s, entry: def.valueType as Node });
    if (def.type === "object" && catchall && catchall._zod.def.type !== "never")
      out.push({ where, schema: s, entry: catchall });
    for (const [k, v] of Object.entries((def.shape ?? {}) as Record<string, Node>)) visit(v, `${where}.${k}`);
    for (const k of ["catchall", "valueType", "element", "innerType", "in", "out"])
      visit(def[k] as Node | undefined, where);
    for (const o of (def.options ?? []) as Node[]) visit(o, where);
  };
  for (const [name, schema] of Object.entries(SCHEMAS)) visit(schema as unknown as Node, name);
  return out;
}
