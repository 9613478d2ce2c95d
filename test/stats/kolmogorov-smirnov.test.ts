import { describe, expect, it } from "vitest";
import { kolmogorovSmirnov } from "../../src/stats/kolmogorov-smirnov.js";

const X = Object.freeze([
  0.61, 0.29, 0.06, 0.59, -1.73, -0.74, 0.51, -0.56, 0.39, 1.64, 0.05, -0.06, 0.64, -0.82, 0.37, 1.77, 1.09, -1.28,
  2.36, 1.31, 1.05, -0.32, -0.4, 1.06, -2.47,
]);
const Y = Object.freeze([
  2.2, 1.66, 1.38, 0.2, 0.36, 0, 0.96, 1.56, 0.44, 1.5, -0.3, 0.66, 2.31, 3.29, -0.27, -0.37, 0.38, 0.7, 0.52, -0.08,
]);

describe("kolmogorovSmirnov", () => {
  it("agrees with scipy.stats.ks_2samp(method='exact') on unequal samples", () => {
    // scipy 1.17.1: ks_2samp(X, Y, method="exact") → statistic 0.28, pvalue 0.2933789985549772
    const r = kolmogorovSmirnov(X, Y);
    expect(r.method).toBe("exact");
    expect(r.statistic).toBeCloseTo(0.28, 14);
    expect(r.pValue).toBeCloseTo(0.2933789985549772, 13);
  });

  it("agrees with scipy on equal sample sizes (scipy's separate n1 == n2 path)", () => {
    // scipy 1.17.1: ks_2samp(a, b, method="exact") → 0.3, 0.7869297884777761
    const a = [0.1, 0.4, 0.7, 1.2, 1.9, 2.2, 2.8, 3.1, 3.3, 3.9];
    const b = [0.5, 0.9, 1.5, 1.8, 2.4, 3.0, 3.6, 4.2, 4.4, 5.0];
    const r = kolmogorovSmirnov(a, b);
    expect(r.statistic).toBeCloseTo(0.3, 14);
    expect(r.pValue).toBeCloseTo(0.7869297884777761, 13);
  });

  it("counts ties as np.searchsorted(side='right') does and gives scipy's exact p-value", () => {
    // scipy 1.17.1: ks_2samp([1,2,2,3,3,3], [2,3,3,4,4,5,5], method="exact") → 0.5714285714285714, 0.14685314685314685
    const r = kolmogorovSmirnov([1, 2, 2, 3, 3, 3], [2, 3, 3, 4, 4, 5, 5]);
    expect(r.statistic).toBeCloseTo(4 / 7, 14);
    expect(r.pValue).toBeCloseTo(0.14685314685314685, 13);
  });

  it("keeps the relative precision of tiny exact p-values", () => {
    // Completely separated samples: p = 2 / C(n1 + n2, n1). scipy 1.17.1 ks_2samp(1..12, 13..27,
    // method="exact") → 1.1504924683010562e-07; ks_2samp(1..5, 6..10) → 0.007936507936507936 (= 2/252).
    const r = kolmogorovSmirnov(
      Array.from({ length: 12 }, (_, i) => i + 1),
      Array.from({ length: 15 }, (_, i) => i + 13),
    );
    expect(r.statistic).toBe(1);
    expect(r.pValue / 1.1504924683010562e-7).toBeCloseTo(1, 12);
    expect(kolmogorovSmirnov([1, 2, 3, 4, 5], [6, 7, 8, 9, 10]).pValue).toBeCloseTo(2 / 252, 15);
  });

  it("switches to Kolmogorov's limiting distribution at n1·n2 ≥ 10 000, as R's ks.test", () => {
    const x = Array.from({ length: 120 }, (_, i) => i / 120);
    const y = Array.from({ length: 100 }, (_, j) => (j / 100) ** 1.5);
    // scipy 1.17.1: ks_2samp(x, y).statistic = 0.15666666666666668;
    // scipy.special.kolmogorov(np.sqrt(120*100/220) * 0.15666666666666668) = 0.13741451136073513;
    // ks_2samp(x, y, method="exact").pvalue = 0.12320149890685235
    const auto = kolmogorovSmirnov(x, y);
    expect(auto.method).toBe("asymptotic");
    expect(auto.statistic).toBeCloseTo(0.15666666666666668, 14);
    expect(auto.pValue).toBeCloseTo(0.13741451136073513, 12);
    const exact = kolmogorovSmirnov(x, y, { method: "exact" });
    expect(exact.pValue).toBeCloseTo(0.12320149890685235, 12);
  });

  it("evaluates the limiting distribution on both sides of λ = 1", () => {
    // scipy.special.kolmogorov(np.sqrt(25*20/45) * 0.28) = 0.3483804915496269 (λ ≈ 0.93)
    expect(kolmogorovSmirnov(X, Y, { method: "asymptotic" }).pValue).toBeCloseTo(0.3483804915496269, 13);
    // scipy 1.17.1: special.kolmogorov(np.sqrt(10*10/20) * 0.3) = 0.7590978384203948 (λ ≈ 0.67)
    const a = [0.1, 0.4, 0.7, 1.2, 1.9, 2.2, 2.8, 3.1, 3.3, 3.9];
    const b = [0.5, 0.9, 1.5, 1.8, 2.4, 3.0, 3.6, 4.2, 4.4, 5.0];
    expect(kolmogorovSmirnov(a, b, { method: "asymptotic" }).pValue).toBeCloseTo(0.7590978384203948, 13);
    // scipy 1.17.1: special.kolmogorov(np.sqrt(12*15/27) * 1.0) = 3.2391935846252254e-06 (λ ≈ 2.58)
    const sep = kolmogorovSmirnov(
      Array.from({ length: 12 }, (_, i) => i),
      Array.from({ length: 15 }, (_, i) => i + 100),
      { method: "asymptotic" },
    );
    expect(sep.pValue / 3.2391935846252254e-6).toBeCloseTo(1, 12);
  });

  it("is symmetric in its samples and gives p = 1 when the empirical CDFs coincide", () => {
    const ab = kolmogorovSmirnov(X, Y);
    const ba = kolmogorovSmirnov(Y, X);
    expect(ba.statistic).toBe(ab.statistic);
    expect(ba.pValue).toBeCloseTo(ab.pValue, 14);
    expect(kolmogorovSmirnov([1, 2, 3], [3, 2, 1, 1, 2, 3])).toEqual({ statistic: 0, pValue: 1, method: "exact" });
  });

  it("does not mutate its inputs", () => {
    const x = Object.freeze([3, 1, 2]);
    const y = Object.freeze([6, 4, 5]);
    kolmogorovSmirnov(x, y);
    expect(x).toEqual([3, 1, 2]);
    expect(y).toEqual([6, 4, 5]);
  });

  it("rejects empty or non-finite samples and bad options, naming the function", () => {
    expect(() => kolmogorovSmirnov([], [1])).toThrow("kolmogorovSmirnov: x must not be empty");
    expect(() => kolmogorovSmirnov([1], [Number.NaN])).toThrow("kolmogorovSmirnov: y[0] is NaN");
    expect(() => kolmogorovSmirnov([1], [2], { method: "bootstrap" as never })).toThrow(
      'kolmogorovSmirnov: method must be "auto", "exact" or "asymptotic", received "bootstrap"',
    );
    const big = new Array<number>(10_001).fill(0).map((_, i) => i);
    expect(() => kolmogorovSmirnov(big, big, { method: "exact" })).toThrow("lattice cells");
  });
});
