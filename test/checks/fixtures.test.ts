import { describe, expect, it } from "vitest";
import { checkValue, jsonPointer } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { CONFORMANCE_TYPES } from "../conformance/types.js";

/*
 * Every document the Rust hub accepts parses (conformance suite); the checks then find only
 * what is wrong with it. The accepted fixtures are realistic documents, and the few that the
 * checks flag carry a defect on purpose: the hub accepts them, which is the point of the checks.
 */
const EXPECTED: Record<string, string[]> = {
  // anomaly_score 1.4: documented 0..1 but not enforced (WIRE_FORMAT.md §2.5).
  "accept/anomaly-correlation-medium.json": ["error score_out_of_range /anomalies/0/anomaly_score"],
  // "llm-costops" and "observatory": free-text modules, as in the hub's own metrics example (§5.3).
  "accept/composite-metric-cost-per-request.json": [
    "warning unknown_source_module /source_modules/0",
    "warning unknown_source_module /source_modules/1",
    "warning unknown_source_module /components/0/source_module",
    "warning unknown_source_module /components/1/source_module",
  ],
  // A time_window whose end precedes its start (duration_seconds is negative, §3).
  "accept/event-correlation-performance-degradation.json": ["error time_range_reversed /time_window"],
  // schema_version "1.1.0": free text in the hub, rejected by its ingestion service (§5.11).
  "accept/event-schema-version-free-text.json": ["warning unsupported_schema_version /schema_version"],
  // A batch for llm_costs holding an llm_governance point.
  "accept/ts-batch.json": ["warning measurement_mismatch /points/1/measurement"],
};

describe("checks on every accepted conformance fixture", () => {
  it("find exactly the defects the fixtures carry on purpose", () => {
    const found: Record<string, string[]> = {};
    for (const f of FIXTURES.filter((x) => x.expect === "accept" && x.type in CONFORMANCE_TYPES)) {
      const schema = CONFORMANCE_TYPES[f.type] as NonNullable<(typeof CONFORMANCE_TYPES)[string]>;
      const parsed = decode(schema, fixtureText(f));
      if (!parsed.success) continue; // the conformance suite reports it
      const issues = checkValue(schema, parsed.data);
      if (issues.length > 0) found[f.file] = issues.map((i) => `${i.severity} ${i.code} ${jsonPointer(i.path)}`);
    }
    expect(found).toEqual(EXPECTED);
  });
});
