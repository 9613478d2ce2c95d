import { DDSketch } from "@datadog/sketches-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addToSketch,
  assertSketch,
  createSketch,
  DEFAULT_MAX_BINS,
  DEFAULT_RELATIVE_ACCURACY,
  mergeSketches,
  type QuantileSketch,
  quantile,
  sketchOf,
  sketchQuantile,
  sketchQuantiles,
} from "../../src/stats/index.js";
import { binnerFor, sketchOfPositive, sketchOfSorted } from "../../src/stats/sketch.js";

const ALPHA = DEFAULT_RELATIVE_ACCURACY;
// Rounding in log/exp can put a value on a bin edge a few ulps over α.
const SLACK = 1 + 1e-9;

/** Positive and negative magnitudes in [1e-6, 1e9] plus zeros: 15 decades, fewer than 2048 bins. */
const value = fc.oneof(
  fc.double({ min: 1e-6, max: 1e9, noNaN: true }),
  fc.double({ min: -1e9, max: -1e-6, noNaN: true }),
  fc.constant(0),
);
const values = fc.array(value, { minLength: 1, maxLength: 300 });

function split<T>(items: readonly T[], cuts: readonly number[]): T[][] {
  const bounds = [...new Set(cuts.map((c) => c % (items.length + 1)))].sort((x, y) => x - y);
  const parts: T[][] = [];
  let start = 0;
  for (const b of [...bounds, items.length]) {
    parts.push(items.slice(start, b));
    start = b;
  }
  return parts;
}

function withoutSum(s: QuantileSketch): Omit<QuantileSketch, "sum"> {
  const { sum: _sum, ...rest } = s;
  return rest;
}

describe("quantile sketch", () => {
  it("has JSON state with the documented defaults", () => {
    const s = sketchOf(Object.freeze([1, 2, 3]));
    expect(s.relative_accuracy).toBe(0.01);
    expect(s.max_bins).toBe(DEFAULT_MAX_BINS);
    expect(JSON.parse(JSON.stringify(s))).toEqual(s);
    expect(createSketch()).toEqual({
      relative_accuracy: 0.01,
      max_bins: 2048,
      count: 0,
      sum: 0,
      min: null,
      max: null,
      zero_count: 0,
      positive: { offset: 0, counts: [] },
      negative: { offset: 0, counts: [] },
    });
  });

  it("agrees with Datadog's DDSketch (@datadog/sketches-js getValueAtQuantile) for interior ranks", () => {
    // Same mapping (γ = (1+α)/(1−α), bin ⌈log_γ x⌉, value 2γ^i/(1+γ)) and the same rank rule
    // (rank ⌊q(n−1)⌋) as Datadog's reference implementation; rank 0 and n−1 here return the exact
    // min and max, so q is kept inside.
    const data = Array.from({ length: 500 }, (_, i) => 1 + ((i * 7919) % 997) * 3.17);
    const dd = new DDSketch({ relativeAccuracy: ALPHA });
    for (const v of data) dd.accept(v);
    const ours = sketchOf(data);
    for (const q of [0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99]) {
      const expected = dd.getValueAtQuantile(q);
      expect(sketchQuantile(ours, q, { method: "lower" })).toBeCloseTo(expected, 9);
    }
    expect(ours.count).toBe(dd.count);
    expect(ours.min).toBe(dd.min);
    expect(ours.max).toBe(dd.max);
  });

  it("bins large inputs exactly as ⌈ln(x)·multiplier⌉, bin edges and their neighbours included", () => {
    // The documented mapping, computed here one logarithm per value; sketchOf reads most bins of
    // a large input from a table of the doubles' top bits, which must give the same indices.
    for (const alpha of [0.01, 0.05, 0.001]) {
      const multiplier = 1 / Math.log1p((2 * alpha) / (1 - alpha));
      const lnGamma = 1 / multiplier;
      const xs: number[] = [];
      let seed = 3;
      const r = () => {
        seed = (seed * 1103515245 + 12345) % 2147483648;
        return seed / 2147483648;
      };
      for (let i = -400; i <= 400; i++) {
        const edge = Math.exp(i * lnGamma);
        const up = new Float64Array([edge]);
        const bits = new BigUint64Array(up.buffer);
        for (const d of [-2n, -1n, 0n, 1n, 2n]) {
          const copy = new BigUint64Array([(bits[0] as bigint) + d]);
          xs.push(new Float64Array(copy.buffer)[0] as number);
        }
      }
      for (let i = 0; i < 200_000; i++) xs.push(Math.exp((r() - 0.5) * 16));
      const direct = new Map<number, number>();
      for (const x of xs) {
        const k = Math.ceil(Math.log(x) * multiplier);
        direct.set(k, (direct.get(k) ?? 0) + 1);
      }
      const check = (s: QuantileSketch, sign: 1 | -1) => {
        const bins = sign === 1 ? s.positive : s.negative;
        const got = new Map<number, number>();
        bins.counts.forEach((c, k) => {
          if (c > 0) got.set(bins.offset + k, c);
        });
        expect(got).toEqual(direct);
      };
      const options = { relativeAccuracy: alpha, maxBins: 100_000 };
      check(sketchOf(xs, options), 1);
      // Mixed signs take the general counting loop: the negatives bin |x| the same way.
      const mixed = sketchOf([...xs, ...xs.map((x) => -x)], options);
      check(mixed, 1);
      check(mixed, -1);
    }
  });

  it("returns exact min and max at q = 0 and q = 1", () => {
    const s = sketchOf([-3.5, 0, 12.25, 700]);
    expect(sketchQuantile(s, 0)).toBe(-3.5);
    expect(sketchQuantile(s, 1)).toBe(700);
    expect(sketchQuantiles(s, [1, 0])).toEqual([700, -3.5]);
  });

  it("stays within the relative-error bound of the exact quantiles (fast-check)", () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const s = sketchOf(xs);
        const sorted = [...xs].sort((a, b) => a - b);
        // "lower": rank ⌊(n−1)q⌋, numpy's method="lower".
        const lower = quantile(xs, q, { method: "lower" });
        expect(Math.abs(sketchQuantile(s, q, { method: "lower" }) - lower)).toBeLessThanOrEqual(
          ALPHA * Math.abs(lower) * SLACK,
        );
        // "linear": R type 7; the bound is α·((1−t)|x_lo| + t|x_hi|), = α·|exact| when both share a sign.
        const h = (xs.length - 1) * q;
        const lo = Math.floor(h);
        const t = h - lo;
        const bound =
          ALPHA *
          ((1 - t) * Math.abs(sorted[lo] as number) + t * Math.abs(sorted[Math.min(lo + 1, xs.length - 1)] as number));
        expect(Math.abs(sketchQuantile(s, q) - quantile(xs, q))).toBeLessThanOrEqual(bound * SLACK + 1e-12);
      }),
      { seed: 44, numRuns: 300 },
    );
  });

  it("honours a coarser relative accuracy (fast-check)", () => {
    fc.assert(
      fc.property(values, fc.double({ min: 0, max: 1, noNaN: true }), (xs, q) => {
        const exact = quantile(xs, q, { method: "lower" });
        const est = sketchQuantile(sketchOf(xs, { relativeAccuracy: 0.05 }), q, { method: "lower" });
        expect(Math.abs(est - exact)).toBeLessThanOrEqual(0.05 * Math.abs(exact) * SLACK);
      }),
      { seed: 45, numRuns: 100 },
    );
  });

  it("merging any split equals sketching the whole (fast-check)", () => {
    fc.assert(
      fc.property(
        values,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 1, max: 40 }),
        (xs, cuts, maxBins) => {
          for (const options of [{}, { maxBins }]) {
            const whole = sketchOf(xs, options);
            const parts = split(xs, cuts).map((p) => sketchOf(p, options));
            const merged = mergeSketches(...parts);
            expect(withoutSum(merged)).toEqual(withoutSum(whole));
            const scale = xs.reduce((acc, v) => acc + Math.abs(v), 0);
            expect(Math.abs(merged.sum - whole.sum)).toBeLessThanOrEqual(1e-12 * scale);
            const added = parts
              .slice(1)
              .reduce((acc, _p, i) => addToSketch(acc, split(xs, cuts)[i + 1] as number[]), parts[0] as QuantileSketch);
            expect(withoutSum(added)).toEqual(withoutSum(whole));
          }
        },
      ),
      { seed: 46, numRuns: 150 },
    );
  });

  it("merges commutatively and associatively, bins exactly (fast-check)", () => {
    fc.assert(
      fc.property(values, values, values, fc.integer({ min: 1, max: 30 }), (a, b, c, maxBins) => {
        const [sa, sb, sc] = [a, b, c].map((v) => sketchOf(v, { maxBins })) as [
          QuantileSketch,
          QuantileSketch,
          QuantileSketch,
        ];
        expect(withoutSum(mergeSketches(sa, sb))).toEqual(withoutSum(mergeSketches(sb, sa)));
        expect(withoutSum(mergeSketches(mergeSketches(sa, sb), sc))).toEqual(
          withoutSum(mergeSketches(sa, mergeSketches(sb, sc))),
        );
      }),
      { seed: 47, numRuns: 100 },
    );
  });

  it("keeps the highest bins when collapsing, so high quantiles keep their guarantee", () => {
    const xs = Array.from({ length: 1000 }, (_, i) => 10 ** (i / 100)); // 1 … 1e10
    const s = sketchOf(xs, { maxBins: 100 });
    expect(s.positive.counts).toHaveLength(100);
    expect(s.count).toBe(1000);
    const exact = quantile(xs, 0.99, { method: "lower" });
    expect(Math.abs(sketchQuantile(s, 0.99, { method: "lower" }) - exact)).toBeLessThanOrEqual(ALPHA * exact * SLACK);
  });

  it("never mutates its inputs", () => {
    const a = Object.freeze(sketchOf([1, 2, 3]));
    const before = JSON.stringify(a);
    mergeSketches(a, Object.freeze(sketchOf([4, 5])));
    addToSketch(a, Object.freeze([9]));
    sketchQuantile(a, 0.5);
    expect(JSON.stringify(a)).toBe(before);
  });

  it("rejects bad input with errors that name the function", () => {
    expect(() => sketchOf([1, Number.NaN])).toThrow("sketchOf: values[1] is NaN");
    expect(() => sketchOf([1], { relativeAccuracy: 1 })).toThrow(
      "sketchOf: relativeAccuracy must be within (0, 1), received 1",
    );
    expect(() => createSketch({ maxBins: 0 })).toThrow("createSketch: maxBins must be an integer ≥ 1, received 0");
    expect(() => sketchQuantile(createSketch(), 0.5)).toThrow("sketchQuantile: the sketch holds no values");
    expect(() => sketchQuantile(sketchOf([1]), 2)).toThrow("sketchQuantile: q must be within [0, 1], received 2");
    expect(() => mergeSketches()).toThrow(/^mergeSketches: needs at least one sketch/);
    expect(() => mergeSketches(sketchOf([1]), sketchOf([1], { relativeAccuracy: 0.02 }))).toThrow(
      /mergeSketches: sketches\[1\] has relative_accuracy 0.02/,
    );
    const tampered = { ...sketchOf([1, 2]), count: 3 };
    expect(() => sketchQuantile(tampered, 0.5)).toThrow(
      "sketchQuantile: sketch.count is 3 but its bins and zero_count hold 2 values",
    );
    expect(() => sketchQuantile(sketchOf([1]), 0.5, { method: "nearest" as never })).toThrow(
      'sketchQuantile: method must be "linear" or "lower"',
    );
  });

  it("the rollups' internal sketch builders name the public function that called them (issue 17)", () => {
    // Extremes that do not hold the values, or values out of order, put a bin index outside its
    // range: the error says which public function was running, not the internal helper.
    const binner = binnerFor(undefined, 0.01);
    const values = Float64Array.from([1, 2, 3]);
    expect(() => sketchOfPositive("rollup", values, { min: 2, max: 3, sum: 6 }, binner)).toThrow(
      /^rollup: a bin index/,
    );
    const unsorted = Float64Array.from([1, 3, 2]);
    expect(() => sketchOfSorted("rollup", unsorted, { min: 1, max: 3, sum: 6 }, binner)).toThrow(
      /^rollup: a bin index/,
    );
  });

  it("assertSketch(sketch) passes a consistent state and names itself for a broken one (issue 17)", () => {
    expect(assertSketch(Object.freeze(sketchOf([1, 2, 3])))).toBeUndefined();
    expect(assertSketch(createSketch())).toBeUndefined();
    expect(() => assertSketch({ ...sketchOf([1, 2]), count: 3 })).toThrow(
      "assertSketch: sketch.count is 3 but its bins and zero_count hold 2 values",
    );
    expect(() => assertSketch({ ...sketchOf([1, 2]), min: 5 })).toThrow(
      "assertSketch: sketch.min (5) must not exceed sketch.max (2)",
    );
    expect(() => assertSketch(null as never)).toThrow("assertSketch: sketch must be a QuantileSketch object");
  });
});
