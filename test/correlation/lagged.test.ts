import { describe, expect, it } from "vitest";
import { laggedCorrelationOf } from "../../src/correlation/index.js";

// p95 latency (ms) and cost (USD) per 5-minute window: each latency spike is followed two
// windows later by a cost spike (retries and longer completions are billed late).
const LATENCY = Object.freeze([640, 655, 630, 2100, 4800, 3900, 1500, 700, 660, 645, 5100, 4200, 900, 650]);
const COST = Object.freeze([120, 118, 125, 122, 119, 180, 410, 350, 190, 124, 121, 121, 430, 390]);

// scipy 1.17.1: pearsonr / spearmanr of (x[:-k], y[k:]) for k > 0 and (x[-k:], y[:k]) for k < 0.
const PEARSON: Record<number, number> = {
  [-3]: 0.10756089673457128,
  [-2]: -0.3196207437768289,
  [-1]: -0.48809824796497137,
  0: -0.36861372412432253,
  1: 0.3091020327315206,
  2: 0.9937263352403616,
  3: 0.5096595951569347,
};
const SPEARMAN: Record<number, number> = {
  [-3]: -0.06363636363636364,
  [-2]: 0.03852895575860905,
  [-1]: -0.16506205436421886,
  0: -0.13861394526437568,
  1: 0.39614893047412525,
  2: 0.9106844088398501,
  3: 0.3599098175867821,
};

describe("laggedCorrelationOf", () => {
  it("finds that cost follows latency by two windows (Pearson, as scipy.stats.pearsonr per lag)", () => {
    const result = laggedCorrelationOf(LATENCY, COST, { maxLag: 3 });
    expect(result.lag).toBe(2);
    expect(result.n).toBe(12);
    expect(result.coefficient).toBeCloseTo(PEARSON[2] as number, 12);
    expect(result.lags.map((l) => l.lag)).toEqual([-3, -2, -1, 0, 1, 2, 3]);
    for (const l of result.lags) {
      expect(l.coefficient).toBeCloseTo(PEARSON[l.lag] as number, 12);
      expect(l.n).toBe(LATENCY.length - Math.abs(l.lag));
    }
    // 1 − 2·norm.sf(arctanh(0.99372…)·√9) rounds to 1.0 in scipy; for lag −3 it is 0.2399457967299119.
    expect(result.confidence).toBeCloseTo(1, 12);
    expect(result.lags[0]?.confidence).toBeCloseTo(0.2399457967299119, 12);
  });

  it("ranks with Spearman's coefficient (as scipy.stats.spearmanr per lag)", () => {
    const result = laggedCorrelationOf(LATENCY, COST, { maxLag: 3, method: "spearman" });
    expect(result.lag).toBe(2);
    for (const l of result.lags) expect(l.coefficient).toBeCloseTo(SPEARMAN[l.lag] as number, 12);
  });

  it("reads a negative best lag as x following y", () => {
    const result = laggedCorrelationOf(COST, LATENCY, { maxLag: 3 });
    expect(result.lag).toBe(-2);
    expect(result.coefficient).toBeCloseTo(PEARSON[2] as number, 12);
  });

  it("marks lags with a constant side as undefined, and prefers the smaller lag on a tie", () => {
    // lag +1 pairs x[0..4) = 5, 5, 5, 5 (constant) with y[1..5). scipy 1.17.1: pearsonr at lag 0
    // = -0.7071067811865475, at lag −1 ([5,5,5,1] vs [1,2,3,4]) = -0.7745966692414834.
    const constant = laggedCorrelationOf([5, 5, 5, 5, 1], [1, 2, 3, 4, 5], { maxLag: 1 });
    expect(constant.lags.find((l) => l.lag === 1)).toEqual({ lag: 1, coefficient: null, n: 4, confidence: 0 });
    expect(constant.lag).toBe(-1);
    expect(constant.coefficient).toBeCloseTo(-0.7745966692414834, 12);
    expect(constant.lags.find((l) => l.lag === 0)?.coefficient).toBeCloseTo(-0.7071067811865475, 12);
    const tie = laggedCorrelationOf([1, 2, 3, 4, 5], [1, 2, 3, 4, 5], { maxLag: 1 });
    expect(tie.lag).toBe(0);
    expect(tie.coefficient).toBeCloseTo(1, 15);
  });

  it("does not mutate its inputs", () => {
    laggedCorrelationOf(LATENCY, COST, { maxLag: 2 });
    expect(LATENCY[0]).toBe(640);
  });

  it("rejects mismatched lengths, too large lags, non-finite values and constant series", () => {
    expect(() => laggedCorrelationOf([1, 2, 3], [1, 2], { maxLag: 0 })).toThrow(
      "laggedCorrelationOf: x and y must have the same length, received 3 and 2",
    );
    expect(() => laggedCorrelationOf([1, 2, 3, 4], [4, 3, 2, 1], { maxLag: 2 })).toThrow(
      "laggedCorrelationOf: maxLag 2 leaves 2 overlapping pairs of 4, fewer than minOverlap 3",
    );
    expect(() => laggedCorrelationOf([1, Number.NaN, 3], [1, 2, 3], { maxLag: 0 })).toThrow(
      "laggedCorrelationOf: x[1] is NaN; every value must be a finite number",
    );
    expect(() => laggedCorrelationOf([1, 2, 3], [1, 2, 3], { maxLag: -1 })).toThrow(
      "laggedCorrelationOf: maxLag must be a whole number ≥ 0",
    );
    expect(() => laggedCorrelationOf([2, 2, 2, 2], [1, 2, 3, 4], { maxLag: 1 })).toThrow(
      "laggedCorrelationOf: x or y is constant at every lag",
    );
  });
});
