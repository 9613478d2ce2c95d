import { Ajv2020 } from "ajv/dist/2020.js";
import fc from "fast-check";
import { describe, it } from "vitest";
import { jsonSchemaOf } from "../../src/json-schema/generate.js";
import { SCHEMA_NAMES, SCHEMAS } from "../../src/json-schema/registry.js";
import { lenientForms, mutation, roundTrip } from "./properties.js";

// A fixed seed and a modest budget: the same cases on every run, a few seconds in `npm test`.
// `npm run fuzz` runs the same properties with a large budget and fresh seeds.
const SEED = 20250603;
const RUNS = 20;

describe("every published schema, on generated documents", { timeout: 60_000 }, () => {
  it.each(SCHEMA_NAMES)("%s: a valid document round-trips through JSON text", (name) => {
    fc.assert(roundTrip(SCHEMAS[name]), { seed: SEED, numRuns: RUNS });
  });

  it.each(SCHEMA_NAMES)("%s: a mutated document gives a structured error, never an exception", (name) => {
    fc.assert(mutation(SCHEMAS[name]), { seed: SEED, numRuns: RUNS });
  });

  // WIRE_FORMAT.md §1b.2; the published JSON Schema (ajv) accepts the same lenient documents.
  it.each(SCHEMA_NAMES)(
    "%s: serde's lenient forms read as the document itself, in decode and the JSON Schema",
    (name) => {
      const ajv = new Ajv2020({ strict: false, allowUnionTypes: true });
      const validate = ajv.compile(jsonSchemaOf(name));
      fc.assert(
        lenientForms(SCHEMAS[name], (v) => validate(v) === true),
        { seed: SEED, numRuns: RUNS },
      );
    },
  );
});
