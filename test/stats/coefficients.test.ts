import { describe, expect, it } from "vitest";
import { pearson, ranks, spearman } from "../../src/stats/index.js";

const X = Object.freeze([3.2, 1.5, 4.8, 2.2, 5.9, 3.3, 4.1, 2.8]);
const Y = Object.freeze([10.1, 6.3, 14.2, 7.7, 18.5, 10.9, 12.0, 9.4]);
const Z = Object.freeze([1, 2, 2, 3, 3, 3, 4, 5]);
const W = Object.freeze([5, 3, 3, 2, 4, 1, 1, 0]);

describe("ranks", () => {
  it("averages ties as scipy.stats.rankdata(method='average')", () => {
    // scipy 1.17.1 rankdata
    expect(ranks(Z)).toEqual([1, 2.5, 2.5, 5, 5, 5, 7, 8]);
    expect(ranks(W)).toEqual([8, 5.5, 5.5, 4, 7, 2.5, 2.5, 1]);
    expect(ranks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1]);
    expect(ranks([])).toEqual([]);
  });
});

describe("pearson", () => {
  it("agrees with scipy.stats.pearsonr", () => {
    // scipy 1.17.1: pearsonr(X, Y).statistic = 0.990304488451461; pearsonr(Z, W) = -0.8587429512796263
    expect(pearson(X, Y)).toBeCloseTo(0.990304488451461, 12);
    expect(pearson(Z, W)).toBeCloseTo(-0.8587429512796263, 12);
  });

  it("is exactly ±1 for perfectly linear data (clamped against rounding)", () => {
    const a = [0.1, 0.2, 0.3, 0.4, 0.5];
    expect(
      pearson(
        a,
        a.map((v) => 3 * v + 1),
      ),
    ).toBeCloseTo(1, 15);
    expect(
      Math.abs(
        pearson(
          a,
          a.map((v) => -7 * v),
        ),
      ),
    ).toBeLessThanOrEqual(1);
  });

  it("rejects mismatched, short and constant input", () => {
    expect(() => pearson([1, 2, 3], [1, 2])).toThrow("pearson: x and y must have the same length, received 3 and 2");
    expect(() => pearson([1], [1])).toThrow("pearson: x needs at least 2 values, received 1");
    expect(() => pearson([1, 1, 1], [1, 2, 3])).toThrow("pearson: x is constant, so the correlation is undefined");
    expect(() => pearson([1, 2, 3], [2, 2, 2])).toThrow("pearson: y is constant");
    expect(() => pearson([1, 2], [1, Number.NaN])).toThrow("pearson: y[1] is NaN");
  });
});

describe("spearman", () => {
  it("agrees with scipy.stats.spearmanr, ties by average rank", () => {
    // scipy 1.17.1: spearmanr(X, Y).statistic = 1.0; spearmanr(Z, W) = -0.8324426649129643
    expect(spearman(X, Y)).toBeCloseTo(1, 12);
    expect(spearman(Z, W)).toBeCloseTo(-0.8324426649129643, 12);
  });

  it("rejects constant input", () => {
    expect(() => spearman([4, 4, 4], [1, 2, 3])).toThrow("spearman: x is constant");
  });
});
