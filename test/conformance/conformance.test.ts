import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { jsonText } from "../../src/core/json-writer.js";
import { CONFORMANCE_SETS, type ConformanceSet, type Fixture, fixtureText, readIndex } from "./fixtures.js";
import { SHIPPED_EXCEPTIONS, SHIPPED_VALUES, type WirePath } from "./shipped-values.js";
import { CONFORMANCE_TYPES } from "./types.js";

/*
 * Verdicts of the Rust hub's own deserializer on every fixture of test/conformance/hub (a copy of
 * ../shared/conformance, the hub's first checked builds) and test/conformance/shipped (a copy of
 * ../shared/conformance-shipped, the hub as its Cargo.lock pins it, WIRE_FORMAT.md §1b), and for
 * the shipped set the values the hub writes back.
 */

const COUNTS: Record<ConformanceSet, number> = { hub: 288, shipped: 90 };

function schemaOf(fixture: Fixture) {
  const schema = CONFORMANCE_TYPES[fixture.type];
  if (schema === undefined) throw new Error(`${fixture.file}: no schema for type ${fixture.type}`);
  return schema;
}

/** The value at `path` in a document read by the library's own reader (bigints kept, `12.0` read as 12). */
function at(document: unknown, path: WirePath): unknown {
  let node = document;
  for (const segment of path) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string | number, unknown>)[segment];
  }
  return node;
}

/**
 * Equal as the hub's values: numbers by value with the sign of zero (`-0.0` is not `0`),
 * integers beyond 2^53 exactly (bigint), and an Option the hub writes as `null` equal to a key
 * this library leaves out (both read back as None).
 */
function sameWireValue(ours: unknown, hub: unknown): boolean {
  if (typeof hub === "number" || typeof hub === "bigint") return Object.is(ours, hub);
  if (hub === null || typeof hub !== "object") return ours === hub;
  if (Array.isArray(hub)) {
    return Array.isArray(ours) && ours.length === hub.length && hub.every((h, i) => sameWireValue(ours[i], h));
  }
  if (typeof ours !== "object" || ours === null || Array.isArray(ours)) return false;
  const o = ours as Record<string, unknown>;
  const h = hub as Record<string, unknown>;
  const keys = new Set([...Object.keys(o), ...Object.keys(h)]);
  for (const key of keys) {
    const mine = Object.hasOwn(o, key) ? o[key] : null;
    const theirs = Object.hasOwn(h, key) ? h[key] : null;
    if (!sameWireValue(mine ?? null, theirs)) return false;
  }
  return true;
}

function readBack(text: string): unknown {
  const read = readJsonText(text);
  if (!read.ok) throw new Error(`not JSON: ${read.message}`);
  return read.value;
}

describe.each(CONFORMANCE_SETS)("conformance with the Rust hub: the %s fixtures", (set) => {
  const fixtures = readIndex(set);

  it("covers the fixture index, every type with a schema", () => {
    expect(fixtures.length).toBe(COUNTS[set]);
    for (const fixture of fixtures) expect(CONFORMANCE_TYPES[fixture.type], fixture.type).toBeDefined();
  });

  it.each(fixtures.map((f) => [f.file, f] as const))("%s", (_file, fixture) => {
    const result = decode(schemaOf(fixture), fixtureText(fixture, set));
    const exception = set === "shipped" ? SHIPPED_EXCEPTIONS[fixture.file] : undefined;
    if (exception !== undefined) {
      // Refused on purpose, with the reason and path of each integer (see shipped-values.ts).
      expect(result.success).toBe(false);
      const precision = (result.error?.issues ?? []).filter(
        (i) => i.code === "custom" && i.params?.reason === "integer_precision",
      );
      expect(precision.map((i) => i.path)).toEqual(exception);
      expect(result.error?.issues.length).toBe(exception.length);
    } else if (fixture.expect === "accept") {
      expect(result.error?.issues ?? []).toEqual([]);
    } else {
      expect(result.success, `should reject: ${fixture.why}`).toBe(false);
    }
  });

  it("round-trips every accepted fixture: decode → jsonText → decode gives the same value", () => {
    for (const fixture of fixtures.filter((f) => f.expect === "accept" && !SHIPPED_EXCEPTIONS[f.file])) {
      const schema = schemaOf(fixture);
      const first = decode(schema, fixtureText(fixture, set));
      if (!first.success) throw new Error(`${fixture.file}: ${first.error.message}`);
      const second = decode(schema, jsonText(first.data));
      expect(second.success ? second.data : second.error.issues, fixture.file).toEqual(first.data);
    }
  });
});

describe("the shipped fixtures: the values the hub writes back", () => {
  const accepts = readIndex("shipped").filter((f) => f.expect === "accept");

  it("has a value check or a listed exception for every accepted document", () => {
    for (const fixture of accepts) {
      expect(
        SHIPPED_VALUES[fixture.file] !== undefined || SHIPPED_EXCEPTIONS[fixture.file] !== undefined,
        fixture.file,
      ).toBe(true);
    }
    for (const file of [...Object.keys(SHIPPED_VALUES), ...Object.keys(SHIPPED_EXCEPTIONS)]) {
      expect(
        accepts.some((f) => f.file === file),
        `${file} is not an accepted fixture`,
      ).toBe(true);
    }
  });

  it.each(Object.entries(SHIPPED_VALUES))("%s: decoded and written, the values are the hub's", (file, values) => {
    const fixture = accepts.find((f) => f.file === file) as Fixture;
    const result = decode(schemaOf(fixture), fixtureText(fixture, "shipped"));
    if (!result.success) throw new Error(`${file}: ${result.error.message}`);
    const written = readBack(jsonText(result.data));
    for (const [path, hubText] of values) {
      const ours = at(written, path);
      const hub = readBack(hubText);
      expect(
        sameWireValue(ours, hub),
        `${file} at ${JSON.stringify(path)}: ${jsonText(ours ?? null)} vs the hub's ${hubText}`,
      ).toBe(true);
    }
  });
});
