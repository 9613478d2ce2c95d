import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv as AjvDraft07 } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { decode, decodeValue } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import {
  allJsonSchemas,
  jsonSchemaOf,
  SCHEMA_NAMES,
  SCHEMAS,
  schemaFileText,
  schemaId,
} from "../../src/json-schema/index.js";
import { CONFORMANCE_SETS, fixtureText, readIndex } from "../conformance/fixtures.js";
import { NEGATIVE_ZERO, publishedName, withoutNegativeZero } from "../conformance/types.js";

const dir = join(import.meta.dirname, "..", "..", "json-schema");
const generated = allJsonSchemas("draft-2020-12");

describe("json-schema/ files", () => {
  it("are up to date with the Zod schemas (run `npm run schemas` when this fails)", () => {
    const onDisk = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(onDisk).toEqual(SCHEMA_NAMES.map((n) => `${n}.json`).sort());
    for (const name of SCHEMA_NAMES) {
      expect(readFileSync(join(dir, `${name}.json`), "utf8"), `${name}.json is stale`).toBe(
        schemaFileText(generated[name] as Record<string, unknown>),
      );
    }
  });

  it("each have a stable $id and a title", () => {
    for (const name of SCHEMA_NAMES) {
      expect(generated[name]).toMatchObject({ $id: schemaId(name), title: name });
    }
  });
});

describe("published JSON Schema", () => {
  // strict: false only for the annotation keywords ajv does not know (none today besides formats).
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: true });

  it("passes the draft 2020-12 meta-schema", () => {
    for (const name of SCHEMA_NAMES) {
      expect(ajv.validateSchema(generated[name] as object), `${name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    }
  });

  it("also compiles as draft-07", () => {
    const ajv07 = new AjvDraft07({ strict: true, allowUnionTypes: true });
    for (const name of SCHEMA_NAMES) expect(() => ajv07.compile(jsonSchemaOf(name, "draft-07"))).not.toThrow();
  }, 60_000); // 33 compilations, each of a struct's object and array forms: seconds on a busy machine

  it("allows unknown keys, as the hub does", () => {
    const text = fixtureText({
      file: "accept/event-telemetry-error-rate.json",
      type: "AnalyticsEvent",
      expect: "accept",
    });
    const validate = ajv.compile(generated.AnalyticsEvent as object);
    expect(validate({ ...JSON.parse(text), an_unknown_key: 1 })).toBe(true);
  });

  // Same verdict from decode and from ajv on the exported schema, for every fixture of a published
  // type, in both sets. JSON Schema sees values, not text: where a fixture repeats a key, spells an
  // integer as a float or writes -0 (which only a text reader sees: docs/hardening.md), or holds an
  // integer beyond 2^53 (JSON.parse rounds it for ajv), ajv is compared with decode's reading of the
  // same value, -0 read as 0.
  const fixtures = CONFORMANCE_SETS.flatMap((set) =>
    readIndex(set)
      .filter((f) => publishedName(f.type) !== undefined)
      .map((f) => [`${set}/${f.file}`, set, f] as const),
  );
  it.each(fixtures)("agrees with decode on %s", (_file, set, fixture) => {
    const name = publishedName(fixture.type) as keyof typeof SCHEMAS;
    const text = fixtureText(fixture, set);
    const read = readJsonText(text);
    if (!read.ok) throw new Error(`${fixture.file} is not JSON: ${read.message}`);
    const validate = ajv.getSchema(schemaId(name)) ?? ajv.compile(generated[name] as object);
    const value = JSON.parse(text);
    const ajvVerdict = validate(value);
    const negativeZero = NEGATIVE_ZERO.test(text);
    const textOnly = read.facts.any || negativeZero;
    const decodeVerdict = textOnly
      ? decodeValue(SCHEMAS[name], negativeZero ? withoutNegativeZero(value) : value).success
      : decode(SCHEMAS[name], text).success;
    expect(ajvVerdict, ajv.errorsText(validate.errors)).toBe(decodeVerdict);
    if (!textOnly) expect(decodeVerdict).toBe(fixture.expect === "accept");
  });
});
