import { describe, expect, it } from "vitest";
import {
  CHANCE_LEVEL,
  calibratedRange,
  chanceOfGap,
  largestGap,
  poissonBinomial,
  reliabilityDeciles,
} from "../../eval/reliability.js";

const choose = (n: number, k: number): number => (k === 0 ? 1 : (choose(n, k - 1) * (n - k + 1)) / k);

describe("poissonBinomial (eval/reliability.ts)", () => {
  it("two trials of 0.2 and 0.5: none 0.8·0.5, one 0.2·0.5 + 0.8·0.5, both 0.2·0.5 (by hand)", () => {
    const pmf = poissonBinomial([0.2, 0.5]);
    expect(pmf).toHaveLength(3);
    expect(pmf[0]).toBeCloseTo(0.4, 12);
    expect(pmf[1]).toBeCloseTo(0.5, 12);
    expect(pmf[2]).toBeCloseTo(0.1, 12);
  });

  it("equal probabilities give the binomial distribution C(n, k)·pᵏ(1 − p)ⁿ⁻ᵏ", () => {
    const pmf = poissonBinomial(new Array(10).fill(0.3));
    for (let k = 0; k <= 10; k++) expect(pmf[k]).toBeCloseTo(choose(10, k) * 0.3 ** k * 0.7 ** (10 - k), 12);
  });
});

describe("calibratedRange", () => {
  it("is the binomial's 2.5 % and 97.5 % quantiles over n when every confidence is the same (scipy.stats.binom.ppf)", () => {
    expect(CHANCE_LEVEL).toBe(0.95);
    // binom.ppf(0.025, 10, 0.5) = 2, binom.ppf(0.975, 10, 0.5) = 8
    expect(calibratedRange(new Array(10).fill(0.5))).toEqual([0.2, 0.8]);
    // binom.ppf(0.025, 20, 0.8) = 12, binom.ppf(0.975, 20, 0.8) = 19
    expect(calibratedRange(new Array(20).fill(0.8))).toEqual([0.6, 0.95]);
  });

  it("is [0, 0] for an empty decile", () => {
    expect(calibratedRange([])).toEqual([0, 0]);
  });

  it("gives each decile of reliabilityDeciles the range of its own incidents", () => {
    const scored = [
      ...Array.from({ length: 10 }, (_, i) => ({ confidence: 0.5, correct: i < 1 })),
      ...Array.from({ length: 20 }, () => ({ confidence: 0.8, correct: true })),
    ];
    const deciles = reliabilityDeciles(scored);
    expect(deciles[5]).toMatchObject({ n: 10, acc: 0.1, lo: 0.2, hi: 0.8 });
    expect(deciles[8]).toMatchObject({ n: 20, acc: 1, lo: 0.6, hi: 0.95 });
    expect(deciles[0]).toMatchObject({ n: 0, lo: 0, hi: 0 });
  });
});

describe("chanceOfGap", () => {
  it("ten incidents stated 0.5 reach a gap of 0.3 when k ≤ 2 or k ≥ 8 right: 2·(1 + 10 + 45)/1024 = 0.109", () => {
    const scored = Array.from({ length: 10 }, (_, i) => ({ confidence: 0.5, correct: i < 5 }));
    expect(largestGap(reliabilityDeciles(scored))).toBe(0);
    // Monte Carlo of 4000 replays: standard error √(0.109·0.891/4000) ≈ 0.005.
    expect(chanceOfGap(scored, 0.3, 4000)).toBeGreaterThan(0.109 - 0.02);
    expect(chanceOfGap(scored, 0.3, 4000)).toBeLessThan(0.109 + 0.02);
  });

  it("is 1 for a gap of 0 and 0 for a gap no replay can reach", () => {
    const scored = Array.from({ length: 6 }, () => ({ confidence: 0.95, correct: true }));
    expect(chanceOfGap(scored, 0)).toBe(1);
    expect(chanceOfGap(scored, 0.96)).toBe(0);
  });

  it("is the same number on every call (the seeded Prng)", () => {
    const scored = Array.from({ length: 12 }, (_, i) => ({ confidence: 0.7, correct: i % 3 !== 0 }));
    expect(chanceOfGap(scored, 0.1)).toBe(chanceOfGap(scored, 0.1));
  });
});
