import { describe, expect, it } from "vitest";
import { anomalyScore } from "../../src/correlation/index.js";

// The mapping documented in docs/correlation.md ("anomaly_score = |z| / (|z| + threshold)"), the
// expected values worked by hand: 4/(4+4) = 0.5, 12/(12+4) = 0.75, 36/(36+4) = 0.9,
// 1.1/(1.1+1.1) = 0.5, 3/(3+1.1) = 0.7317073170731707 (Python 3: 3/4.1).
describe("anomalyScore", () => {
  it("is |z| / (|z| + threshold): 0.5 at the threshold, 0.75 at three times it, 0.9 at nine", () => {
    expect(anomalyScore(4, 4)).toBe(0.5);
    expect(anomalyScore(-12, 4)).toBe(0.75);
    expect(anomalyScore(36, 4)).toBeCloseTo(0.9, 15);
    expect(anomalyScore(1.1, 1.1)).toBe(0.5);
    expect(anomalyScore(3, 1.1)).toBeCloseTo(0.7317073170731707, 15);
    expect(anomalyScore(0, 4)).toBe(0);
  });

  it("reaches 1 only for an infinite z, and ranks where erf(|z|/√2) had saturated", () => {
    expect(anomalyScore(Number.POSITIVE_INFINITY, 5)).toBe(1);
    expect(anomalyScore(Number.NEGATIVE_INFINITY, 5)).toBe(1);
    // erf(10/√2) and erf(40/√2) are both 1 in doubles (scipy: 1 − 2·norm.sf(10) == 1.0); here
    // 10/15 = 0.666…, 40/45 = 0.888….
    expect(anomalyScore(10, 5)).toBeCloseTo(2 / 3, 15);
    expect(anomalyScore(40, 5)).toBeCloseTo(8 / 9, 15);
    // 1e6/(1e6 + 5) = 0.99999500002…: still below 1, as it stays until |z| passes 2⁵³ × threshold.
    expect(anomalyScore(1e6, 5)).toBeCloseTo(0.999995000025, 12);
    expect(anomalyScore(1e6, 5)).toBeLessThan(1);
  });

  it("stays at 1 where |z| + threshold overflows (the sum, not the ratio, is out of range)", () => {
    expect(anomalyScore(Number.MAX_VALUE, Number.MAX_VALUE)).toBe(0.5);
    expect(anomalyScore(-Number.MAX_VALUE, 1)).toBe(1);
  });

  it("names itself and the argument in its errors", () => {
    expect(() => anomalyScore(Number.NaN, 5)).toThrow(/^anomalyScore: z must be a number, received NaN/);
    expect(() => anomalyScore(1, 0)).toThrow(
      /^anomalyScore: threshold must be a finite number greater than 0, received 0/,
    );
    expect(() => anomalyScore(1, Number.POSITIVE_INFINITY)).toThrow(/^anomalyScore: threshold must be/);
  });
});
