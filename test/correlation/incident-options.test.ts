/*
 * analyzeIncidents' option errors name the function the caller used (docs/naming.md, "Errors name
 * the public function that was called") and read as every argument check of stats/validate.ts
 * does ("whole number ≥ n", "finite number greater than 0"). Before round twenty-two
 * `analyzeIncidents` reported as `IncidentAnalyzer`, the class it builds.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents, IncidentAnalyzer } from "../../src/correlation/index.js";

describe("analyzeIncidents' option errors", () => {
  it("name analyzeIncidents", () => {
    expect(() => analyzeIncidents([], { windowMs: -1 })).toThrow(
      "analyzeIncidents: options.windowMs must be a whole number ≥ 1000, received -1",
    );
    expect(() => analyzeIncidents([], { threshold: 0 })).toThrow(
      "analyzeIncidents: options.threshold must be a finite number greater than 0, received 0",
    );
    expect(() => analyzeIncidents([], { minHistory: 1.5 })).toThrow(
      "analyzeIncidents: options.minHistory must be a whole number ≥ 2, received 1.5",
    );
    expect(() => analyzeIncidents([], { minHistory: 4, baselineWindows: 3 })).toThrow(
      "analyzeIncidents: options.baselineWindows must be a whole number ≥ 4, received 3",
    );
  });

  it("name IncidentAnalyzer when the class is used", () => {
    expect(() => new IncidentAnalyzer({ windowMs: 999 })).toThrow(
      "IncidentAnalyzer: options.windowMs must be a whole number ≥ 1000, received 999",
    );
  });
});
