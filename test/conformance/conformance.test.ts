import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { FIXTURES, fixtureText } from "./fixtures.js";
import { CONFORMANCE_TYPES } from "./types.js";

// Verdicts of the Rust hub's own deserializer on every fixture of test/conformance/hub (a copy of ../shared/conformance).
const implemented = FIXTURES.filter((f) => f.type in CONFORMANCE_TYPES);
const missing = [...new Set(FIXTURES.filter((f) => !(f.type in CONFORMANCE_TYPES)).map((f) => f.type))].sort();

describe("conformance with the Rust hub", () => {
  it("covers the fixture index", () => {
    const pending = FIXTURES.length - implemented.length;
    console.info(
      `conformance: ${implemented.length}/${FIXTURES.length} fixtures checked; ` +
        `${missing.length} types not implemented yet${missing.length ? `: ${missing.join(", ")}` : ""} (${pending} fixtures)`,
    );
    expect(FIXTURES.length).toBe(288);
  });

  it.each(implemented.map((f) => [f.file, f] as const))("%s", (_file, fixture) => {
    const schema = CONFORMANCE_TYPES[fixture.type];
    const result = decode(schema as NonNullable<typeof schema>, fixtureText(fixture));
    if (fixture.expect === "accept") {
      expect(result.error?.issues ?? []).toEqual([]);
    } else {
      expect(result.success, `should reject: ${fixture.why}`).toBe(false);
    }
  });

  it("round-trips every accepted fixture: parse → JSON → parse gives the same value", () => {
    for (const fixture of implemented.filter((f) => f.expect === "accept")) {
      const schema = CONFORMANCE_TYPES[fixture.type] as NonNullable<(typeof CONFORMANCE_TYPES)[string]>;
      const first = decode(schema, fixtureText(fixture));
      if (!first.success) throw new Error(`${fixture.file}: ${first.error.message}`);
      const second = decode(schema, JSON.stringify(first.data));
      expect(second.success ? second.data : second.error.issues, fixture.file).toEqual(first.data);
    }
  });
});
