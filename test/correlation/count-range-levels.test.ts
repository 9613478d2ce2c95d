/*
 * countRangeLevels (detect.ts): the median and MAD of the means, and the median count, of the
 * windows whose count lies in a range, from the windows sorted by count once and a memo per
 * stretch. Checked against numpy / scipy on a small hand-made set, and against a direct
 * computation by sorting (the definition) on seeded random sets with tied counts and tied means,
 * in a random order of ranges, so the memo is hit and missed.
 */
import { describe, expect, it } from "vitest";
import { countRangeLevels } from "../../src/correlation/incidents/detect.js";
import { mulberry32 } from "../prng.js";

/** scipy.stats.median_abs_deviation's scale="normal": 1 / Φ⁻¹(3/4). */
const NORMAL_MAD = 1.482602218505602;

function medianBySorting(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const h = s.length >> 1;
  return s.length % 2 === 1 ? (s[h] as number) : ((s[h - 1] as number) + (s[h] as number)) / 2;
}

function direct(counts: readonly number[], means: readonly number[], from: number, to: number) {
  const inRange = counts.flatMap((c, i) => (c >= from && c <= to ? [i] : []));
  const ms = inRange.map((i) => means[i] as number);
  const center = medianBySorting(ms);
  return {
    n: inRange.length,
    center,
    spread: NORMAL_MAD * medianBySorting(ms.map((m) => Math.abs(m - center))),
    typical: medianBySorting(inRange.map((i) => counts[i] as number)),
  };
}

describe("countRangeLevels", () => {
  const counts = [1, 2, 2, 3, 8, 9, 30, 12, 5, 2];
  const means = [0.5, 1.25, -0.75, 2.0, 3.5, 3.0, 10.0, 4.25, 1.0, 0.0];

  it("gives numpy's median and scipy's normal-scaled MAD of the windows in the count range", () => {
    const level = countRangeLevels(counts, means);
    // numpy.median and scipy.stats.median_abs_deviation(scale="normal") of means[(c >= lo) & (c <= hi)].
    const expected: [number, number, number, number, number, number][] = [
      [2, 9, 7, 1.25, 1.8532527731320025, 3],
      [1, 3, 5, 0.5, 1.1119516638792015, 2],
      [3, 12, 5, 3.0, 1.482602218505602, 8],
      [8, 30, 4, 3.875, 0.9266263865660013, 10.5],
    ];
    for (const [from, to, n, center, spread, typical] of expected) {
      const got = level(from, to);
      expect(got.n).toBe(n);
      expect(got.center).toBe(center);
      expect(got.spread).toBeCloseTo(spread, 14);
      expect(got.typical).toBe(typical);
    }
  });

  it("reports an empty range as none, NaN levels", () => {
    const level = countRangeLevels(counts, means);
    for (const [from, to] of [
      [13, 29],
      [31, 100],
      [0, 0.5],
      [4, 3],
    ] as const) {
      const got = level(from, to);
      expect(got.n).toBe(0);
      expect(got.center).toBeNaN();
    }
    expect(countRangeLevels([], [])(0, 10).n).toBe(0);
  });

  it("matches the direct computation by sorting on random windows, ranges asked in any order and again", () => {
    const u = mulberry32(20261205);
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(u() * (trial < 30 ? 40 : 700));
      const maxCount = 1 + Math.floor(u() * 200);
      // Tied counts (small integers) and, in half of the trials, tied means (rounded).
      const cs = Array.from({ length: n }, () => 1 + Math.floor(u() ** 2 * maxCount));
      const ms = Array.from({ length: n }, () => {
        const m = Math.log(1 + 500 * u()) + (u() < 0.1 ? 5 * u() : 0);
        return trial % 2 === 0 ? Math.round(m * 4) / 4 : m;
      });
      const level = countRangeLevels(cs, ms);
      const asked: [number, number][] = [];
      for (let q = 0; q < 40; q++) {
        // The ranges comparableLevel asks: a factor 4 either way of a run's mean count.
        const perWindow = q < 30 ? (cs[Math.floor(u() * n)] as number) / (1 + Math.floor(u() * 3)) : u() * maxCount;
        asked.push([perWindow / 4, perWindow * 4]);
      }
      for (const [from, to] of [...asked, ...asked.reverse()]) {
        const want = direct(cs, ms, from, to);
        const got = level(from, to);
        expect(got.n).toBe(want.n);
        if (want.n === 0) continue;
        // Exactly equal: the same order statistics, the same arithmetic.
        expect(got.center).toBe(want.center);
        expect(got.spread).toBe(want.spread);
        expect(got.typical).toBe(want.typical);
      }
    }
  });
});
