import { describe, expect, it } from "vitest";
import { checkValue } from "../../src/checks/index.js";
import { canonicalJson } from "../../src/core/canonical-json.js";
import { decode } from "../../src/core/decode.js";
import { isJsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent, contentEventId } from "../../src/events/index.js";
import { customEvent, eventText } from "./documents.js";

const DEPTH = 100_000;

/** [[[…[1]…]]] or {"k":{"k":…}} nested `depth` deep, built without recursion. */
function nested(depth: number, kind: "array" | "object"): unknown {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = kind === "array" ? [v] : { k: v };
  return v;
}

describe("nesting 100 000 deep", { timeout: 60_000 }, () => {
  it("decode refuses text nested beyond serde_json's 127 levels with a clear error, never a stack overflow", () => {
    for (const text of ["[".repeat(DEPTH) + "]".repeat(DEPTH), `${'{"a":'.repeat(DEPTH)}1${"}".repeat(DEPTH)}`]) {
      const result = decode(AnalyticsEvent, text);
      expect(result.success).toBe(false);
      expect(result.error?.issues[0]?.message).toMatch(
        /^Invalid JSON: recursion limit exceeded: nesting deeper than 127 levels at line 1 column \d+$/,
      );
    }
  });

  it("decode refuses it inside a JSON field too, and accepts nesting at the limit", () => {
    const tooDeep = eventText({ tags: '{"a":"b"}', extra: `"x":${"[".repeat(DEPTH)}${"]".repeat(DEPTH)},` });
    expect(decode(AnalyticsEvent, tooDeep).success).toBe(false);
    // The event object is level 1, so an unknown key may hold 126 more levels (127 in all), not 127.
    const atLimit = eventText({ extra: `"x":${"[".repeat(126)}${"]".repeat(126)},` });
    expect(decode(AnalyticsEvent, atLimit).success).toBe(true);
    const overLimit = eventText({ extra: `"x":${"[".repeat(127)}${"]".repeat(127)},` });
    expect(decode(AnalyticsEvent, overLimit).success).toBe(false);
  });

  it("AnalyticsEvent.safeParse accepts a deep value in a JSON field without overflowing the stack", () => {
    for (const kind of ["array", "object"] as const) {
      const data = nested(DEPTH, kind);
      expect(isJsonValue(data)).toBe(true);
      const withId = AnalyticsEvent.safeParse(customEvent(data, "7a574c75-7725-4722-a15a-59702a3752ba"));
      expect(withId.success).toBe(true);
      // Without an event_id the id is derived from the content (canonicalJson), which is iterative.
      const derived = AnalyticsEvent.safeParse(customEvent(data));
      expect(derived.success).toBe(true);
      if (derived.success) {
        const { event_id, ...rest } = derived.data;
        expect(event_id).toBe(contentEventId(rest));
        expect(checkValue(AnalyticsEvent, derived.data)).toEqual([]);
      }
    }
  });

  it("canonicalJson writes a deep value and refuses a cyclic one, both without recursion", () => {
    expect(canonicalJson(nested(DEPTH, "array"))).toBe(`${"[".repeat(DEPTH)}1${"]".repeat(DEPTH)}`);
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(TypeError);
    expect(isJsonValue(cyclic)).toBe(false);
  });

  it("canonicalJson agrees with sorted-key JSON.stringify on ordinary values (the ids it feeds stay the same)", () => {
    const sortKeys = (_k: string, v: unknown) =>
      v && typeof v === "object" && !Array.isArray(v)
        ? Object.fromEntries(Object.entries(v as object).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
        : v;
    const value = { b: [1, { z: null, a: "x", u: undefined }, "é\u2028"], a: { c: -0.5, b: true }, "": 1e21 };
    expect(canonicalJson(value)).toBe(JSON.stringify(value, sortKeys));
  });

  it("rejects, not crashes, when a deep value sits where the schema wants a string", () => {
    const result = AnalyticsEvent.safeParse({ ...customEvent(1), environment: nested(DEPTH, "array") });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["environment"]);
  });
});
