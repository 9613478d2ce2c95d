import fc from "fast-check";
import { describe, it } from "vitest";
import { SCHEMA_NAMES, SCHEMAS } from "../../src/json-schema/registry.js";
import { mutation, roundTrip } from "./properties.js";

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
});
