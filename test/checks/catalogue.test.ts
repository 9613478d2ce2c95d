import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CHECK_CODE_NAMES, CHECK_CODES, CHECK_SEVERITIES } from "../../src/checks/index.js";
import { API_CASES } from "./api.cases.js";
import { CORRELATION_CASES } from "./correlation.cases.js";
import { EVENT_CASES } from "./events.cases.js";
import { METADATA_CASES } from "./metadata.cases.js";
import { METRICS_CASES } from "./metrics.cases.js";
import { TIMESERIES_CASES } from "./timeseries.cases.js";

const ALL_CASES = [
  ...EVENT_CASES,
  ...API_CASES,
  ...CORRELATION_CASES,
  ...METADATA_CASES,
  ...METRICS_CASES,
  ...TIMESERIES_CASES,
];

describe("the check catalogue", () => {
  it("has a triggering case (and so a non-triggering base) for every code", () => {
    const covered = new Set(ALL_CASES.map((c) => c.code));
    expect(CHECK_CODE_NAMES.filter((code) => !covered.has(code))).toEqual([]);
  });

  it("uses stable snake_case codes, a known severity and a description", () => {
    for (const [code, info] of Object.entries(CHECK_CODES)) {
      expect(code).toMatch(/^[a-z]+(?:_[a-z0-9]+)*$/);
      expect(CHECK_SEVERITIES).toContain(info.severity);
      expect(info.description.length).toBeGreaterThan(10);
    }
  });
});

describe("docs/checks.md", () => {
  it("lists every code with its severity", () => {
    const doc = readFileSync(new URL("../../docs/checks.md", import.meta.url), "utf8");
    for (const [code, info] of Object.entries(CHECK_CODES)) {
      expect(doc, code).toContain(`| \`${code}\` | ${info.severity} |`);
    }
  });
});
