import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addValue,
  addValues,
  assertMoments,
  createMoments,
  type Moments,
  mergeMoments,
  momentsMean,
  momentsOf,
  momentsStddev,
  momentsVariance,
} from "../../src/stats/index.js";

const A = Object.freeze([0.5, 2.25, -3.0, 7.75, 1e-3, 42.0, 13.5, -0.25]);

describe("moments", () => {
  it("agree with numpy over a batch", () => {
    // numpy 2.4.6: np.mean(A) = 7.843875, np.var(A) = 191.05956260937504,
    // np.var(A, ddof=1) = 218.35378583928576, np.std(A) = 13.82242969269061,
    // np.std(A, ddof=1) = 14.776798903662652, np.sum(A) = 62.751.
    const m = momentsOf(A);
    expect(m.count).toBe(8);
    expect(m.min).toBe(-3);
    expect(m.max).toBe(42);
    expect(m.sum).toBeCloseTo(62.751, 12);
    expect(momentsMean(m)).toBeCloseTo(7.843875, 12);
    expect(momentsVariance(m)).toBeCloseTo(191.05956260937504, 10);
    expect(momentsVariance(m, { sample: true })).toBeCloseTo(218.35378583928576, 10);
    expect(momentsStddev(m)).toBeCloseTo(13.82242969269061, 11);
    expect(momentsStddev(m, { sample: true })).toBeCloseTo(14.776798903662652, 11);
  });

  it("are stable far from zero: one value at a time gives exactly 22.5 (issue 4)", () => {
    // np.var([1e9+4, 1e9+7, 1e9+13, 1e9+16]) = 22.5
    let m = createMoments();
    for (const v of [1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16]) m = addValue(m, v);
    expect(momentsVariance(m)).toBe(22.5);
    expect(momentsVariance(mergeMoments(momentsOf([1e9 + 4, 1e9 + 16]), momentsOf([1e9 + 7, 1e9 + 13])))).toBe(22.5);
  });

  it("never mutate their inputs and are plain JSON", () => {
    const a = Object.freeze(momentsOf([1, 2, 3]));
    const b = Object.freeze(momentsOf([4]));
    const merged = mergeMoments(a, b);
    const added = addValues(a, Object.freeze([4]));
    expect(merged).toEqual(added);
    expect(a).toEqual({ count: 3, sum: 6, min: 1, max: 3, mean: 2, m2: 2 });
    expect(JSON.parse(JSON.stringify(createMoments()))).toEqual({
      count: 0,
      sum: 0,
      min: null,
      max: null,
      mean: 0,
      m2: 0,
    });
  });

  it("treat the empty state as the identity of merge", () => {
    const a = momentsOf(A);
    expect(mergeMoments(createMoments(), a, createMoments())).toEqual(a);
    expect(mergeMoments()).toEqual(createMoments());
  });

  it("reject empty read-outs and inconsistent states", () => {
    expect(() => momentsMean(createMoments())).toThrow("momentsMean: the moments hold no values");
    expect(() => momentsVariance(momentsOf([1]), { sample: true })).toThrow(
      "momentsVariance: the sample form needs at least 2 values, the moments hold 1",
    );
    expect(() => addValue(createMoments(), Number.NaN)).toThrow(
      "addValue: value must be a finite number, received NaN",
    );
    const bad = { count: 2, sum: 3, min: 2, max: 1, mean: 1.5, m2: 0.5 } as Moments;
    expect(() => mergeMoments(bad)).toThrow("mergeMoments: states[0].min (2) must not exceed states[0].max (1)");
    expect(() => addValue({ ...createMoments(), count: -1 }, 1)).toThrow(
      "addValue: moments.count must be a non-negative safe integer, received -1",
    );
    expect(() => mergeMoments({ count: 0, sum: 0, min: 0, max: 0, mean: 0, m2: 0 })).toThrow(/count 0/);
  });

  it("merging any split equals computing over the whole (fast-check)", () => {
    const value = fc.double({ min: -1e6, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: 200 }),
        fc.array(fc.nat(), { maxLength: 6 }),
        (values, cuts) => {
          const bounds = [...new Set(cuts.map((c) => c % (values.length + 1)))].sort((x, y) => x - y);
          const parts: number[][] = [];
          let start = 0;
          for (const b of [...bounds, values.length]) {
            parts.push(values.slice(start, b));
            start = b;
          }
          const whole = momentsOf(values);
          const merged = mergeMoments(...parts.map((p) => momentsOf(p)));
          let streamed = createMoments();
          for (const v of values) streamed = addValue(streamed, v);
          const scale = values.reduce((s, v) => s + Math.abs(v), 0);
          for (const m of [merged, streamed]) {
            expect(m.count).toBe(whole.count);
            expect(m.min).toBe(whole.min);
            expect(m.max).toBe(whole.max);
            expect(Math.abs(m.sum - whole.sum)).toBeLessThanOrEqual(1e-12 * scale + 1e-300);
            expect(Math.abs(m.mean - whole.mean)).toBeLessThanOrEqual((1e-12 * scale) / values.length + 1e-300);
            expect(Math.abs(m.m2 - whole.m2)).toBeLessThanOrEqual(1e-9 * (whole.m2 + whole.mean * whole.mean) + 1e-9);
          }
        },
      ),
      { seed: 4, numRuns: 200 },
    );
  });

  it("assertMoments(moments) passes a consistent state and names itself for a broken one (issue 17)", () => {
    expect(assertMoments(Object.freeze(momentsOf([1, 2, 3])))).toBeUndefined();
    expect(assertMoments(createMoments())).toBeUndefined();
    expect(() => assertMoments({ ...momentsOf([1, 2]), m2: -1 })).toThrow(
      "assertMoments: moments.m2 must not be negative, received -1",
    );
    expect(() => assertMoments({ ...createMoments(), sum: 1 })).toThrow(
      "assertMoments: moments has count 0, so sum, mean and m2 must be 0 and min and max null",
    );
    expect(() => assertMoments(undefined as never)).toThrow("assertMoments: moments must be a Moments object");
  });
});
