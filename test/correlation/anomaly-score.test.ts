import { describe, expect, it } from "vitest";
import { INCIDENT_DEFAULTS, incidentAnomalyScore } from "../../src/correlation/index.js";

// The mapping documented in docs/correlation.md ("anomaly_score = |z| / (|z| + threshold)"):
// 0.5 at the threshold, 0.75 at three times it, 0.9 at nine times, 1 only for an infinite z.
describe("incidentAnomalyScore", () => {
  it("follows the documented mapping at the given threshold", () => {
    expect(incidentAnomalyScore(4, { threshold: 4 })).toBe(0.5);
    expect(incidentAnomalyScore(-12, { threshold: 4 })).toBe(0.75);
    expect(incidentAnomalyScore(36, { threshold: 4 })).toBeCloseTo(0.9, 15);
    expect(incidentAnomalyScore(Number.POSITIVE_INFINITY, { threshold: 4 })).toBe(1);
    expect(incidentAnomalyScore(0, { threshold: 4 })).toBe(0);
  });

  it("uses analyzeIncidents' default threshold when none is given", () => {
    const t = INCIDENT_DEFAULTS.threshold;
    expect(incidentAnomalyScore(t)).toBe(0.5);
    expect(incidentAnomalyScore(3 * t, {})).toBe(0.75);
  });

  it("names itself and the option in its errors", () => {
    expect(() => incidentAnomalyScore(Number.NaN)).toThrow(/^incidentAnomalyScore: z must be a number/);
    expect(() => incidentAnomalyScore(1, { threshold: 0 })).toThrow(
      /^incidentAnomalyScore: options\.threshold must be > 0, received 0/,
    );
  });
});
