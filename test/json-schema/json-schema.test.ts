import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv as AjvDraft07 } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import {
  allJsonSchemas,
  jsonSchemaOf,
  SCHEMA_NAMES,
  SCHEMAS,
  schemaFileText,
  schemaId,
} from "../../src/json-schema/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

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
  });

  it("allows unknown keys, as the hub does", () => {
    const text = fixtureText({
      file: "accept/event-telemetry-error-rate.json",
      type: "AnalyticsEvent",
      expect: "accept",
    });
    const validate = ajv.compile(generated.AnalyticsEvent as object);
    expect(validate({ ...JSON.parse(text), an_unknown_key: 1 })).toBe(true);
  });

  // Same verdict from Zod and from ajv on the exported schema, for every fixture of a published type.
  // JSON Schema sees values, not text: where a fixture repeats a key or spells an integer as a
  // float (which only a text reader sees), ajv is compared with Zod's verdict on the same value.
  const fixtures = FIXTURES.filter((f) => f.type in SCHEMAS);
  it.each(fixtures.map((f) => [f.file, f] as const))("agrees with Zod on %s", (_file, fixture) => {
    const name = fixture.type as keyof typeof SCHEMAS;
    const text = fixtureText(fixture);
    const read = readJsonText(text);
    if (!read.ok) throw new Error(`${fixture.file} is not JSON: ${read.message}`);
    const validate = ajv.getSchema(schemaId(name)) ?? ajv.compile(generated[name] as object);
    const ajvVerdict = validate(read.value);
    const textOnly = read.repeatedKeys.length > 0 || read.floatSpelledIntegers.length > 0;
    const zodVerdict = textOnly ? SCHEMAS[name].safeParse(read.value).success : decode(SCHEMAS[name], text).success;
    expect(ajvVerdict, ajv.errorsText(validate.errors)).toBe(zodVerdict);
    if (!textOnly) expect(zodVerdict).toBe(fixture.expect === "accept");
  });
});
