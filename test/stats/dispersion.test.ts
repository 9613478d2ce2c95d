import { describe, expect, it } from "vitest";
import {
  MAD_NORMAL_SCALE,
  maxOf,
  mean,
  medianAbsoluteDeviation,
  minOf,
  stddev,
  sumOf,
  variance,
} from "../../src/stats/index.js";

const D = Object.freeze([
  612.4, 95.2, 540.1, 1720.9, 88.1, 4100.2, 702.3, 480.2, 1530.7, 231.5, 198, 612.4, 455.5, 1104, 8800.4, 41, 2210,
  1980.25, 350, 1200, 2900, 412, 612.4,
]);

describe("sum and mean", () => {
  it("agree with numpy", () => {
    // numpy 2.4.6: np.sum(D) = 30977.550000000003, np.mean(D) = 1346.8500000000001.
    expect(sumOf(D)).toBeCloseTo(30977.550000000003, 9);
    expect(mean(D)).toBeCloseTo(1346.8500000000001, 10);
    expect(sumOf([])).toBe(0); // np.sum([]) = 0.0
  });

  it("compensates rounding", () => {
    // Python's math.fsum([1e100, 1.0, -1e100]) = 1.0 (exactly rounded); a plain loop gives 0.0.
    expect(sumOf([1e100, 1, -1e100])).toBe(1);
  });

  it("min and max", () => {
    expect(minOf(D)).toBe(41);
    expect(maxOf(D)).toBe(8800.4);
    expect(() => minOf([])).toThrow("min: values must not be empty");
    expect(() => maxOf([1, Number.NaN])).toThrow("max: values[1] is NaN");
  });

  it("rejects empty or non-finite input", () => {
    expect(() => mean([])).toThrow("mean: values must not be empty");
    expect(() => sumOf([1, Number.NEGATIVE_INFINITY])).toThrow("sum: values[1] is -Infinity");
  });
});

describe("variance and stddev", () => {
  it("are population by default and sample on request (numpy ddof=0/1)", () => {
    // numpy 2.4.6: np.var(D) = 3498568.04847826, np.var(D, ddof=1) = 3657593.868863635,
    // np.std(D) = 1870.445949092959, np.std(D, ddof=1) = 1912.4836911366422.
    expect(variance(D)).toBeCloseTo(3498568.04847826, 6);
    expect(variance(D, { sample: true })).toBeCloseTo(3657593.868863635, 6);
    expect(stddev(D)).toBeCloseTo(1870.445949092959, 9);
    expect(stddev(D, { sample: true })).toBeCloseTo(1912.4836911366422, 9);
  });

  it("is exact far from zero (issue 4: 1e9+4, 1e9+7, 1e9+13, 1e9+16 → 22.5)", () => {
    // np.var([1e9+4, 1e9+7, 1e9+13, 1e9+16]) = 22.5
    expect(variance(Object.freeze([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]))).toBe(22.5);
    // Wikipedia, "Algorithms for calculating variance": 4, 7, 13, 16 shifted by 1e9 has sample variance 30;
    // the naive Σx²/n − mean² loses it to cancellation.
    expect(variance([1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16], { sample: true })).toBe(30);
  });

  it("is 0 for a constant sample and for one value", () => {
    expect(variance([3, 3, 3])).toBe(0);
    expect(stddev([7])).toBe(0);
  });

  it("rejects too few values", () => {
    expect(() => variance([])).toThrow("variance: values must not be empty");
    expect(() => variance([1], { sample: true })).toThrow("variance: values needs at least 2 values, received 1");
    expect(() => stddev([1], { sample: true })).toThrow("stddev: values needs at least 2 values, received 1");
    expect(() => variance([1, 2], { sample: "yes" as never })).toThrow("variance: options.sample must be a boolean");
  });
});

describe("medianAbsoluteDeviation", () => {
  it("agrees with scipy.stats.median_abs_deviation", () => {
    // scipy 1.17.1: median_abs_deviation(D) = 491.6; median_abs_deviation(D, scale='normal') = 728.8472506173539.
    expect(medianAbsoluteDeviation(D)).toBeCloseTo(491.6, 9);
    expect(medianAbsoluteDeviation(D, { scale: "normal" })).toBeCloseTo(728.8472506173539, 9);
    expect(medianAbsoluteDeviation(D, { scale: 2 })).toBeCloseTo(983.2, 9);
    // R: 1/qnorm(3/4) = 1.482602218505602
    expect(MAD_NORMAL_SCALE).toBeCloseTo(1.482602218505602, 15);
  });

  it("rejects a bad scale", () => {
    expect(() => medianAbsoluteDeviation(D, { scale: 0 })).toThrow(
      'medianAbsoluteDeviation: scale must be a positive number or "normal", received 0',
    );
  });
});
