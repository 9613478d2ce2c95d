import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { median, QUANTILE_METHODS, quantile, quantileSorted, quantiles } from "../../src/stats/index.js";

// Latency-like sample with ties (612.4 three times), unsorted.
const D = Object.freeze([
  612.4, 95.2, 540.1, 1720.9, 88.1, 4100.2, 702.3, 480.2, 1530.7, 231.5, 198, 612.4, 455.5, 1104, 8800.4, 41, 2210,
  1980.25, 350, 1200, 2900, 412, 612.4,
]);
const ONE_TO_TEN = Object.freeze([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
const QS = Object.freeze([0, 0.01, 0.05, 0.25, 0.5, 0.9, 0.95, 0.99, 1]);

// Expected values: numpy 2.4.6, `np.quantile(D, QS, method=m)` for each numpy method named.
const NUMPY_D = {
  linear: [
    41.0, 51.361999999999995, 88.81, 381.0, 612.4, 2762.0000000000005, 3980.179999999998, 7766.356000000005, 8800.4,
  ],
  lower: [41.0, 41.0, 88.1, 350.0, 612.4, 2210.0, 2900.0, 4100.2, 8800.4],
  higher: [41.0, 88.1, 95.2, 412.0, 612.4, 2900.0, 4100.2, 8800.4, 8800.4],
  midpoint: [41.0, 64.55, 91.65, 381.0, 612.4, 2555.0, 3500.1, 6450.299999999999, 8800.4],
  // numpy method="inverted_cdf" is R type 1, the nearest-rank definition.
  "nearest-rank": [41.0, 41.0, 88.1, 350.0, 612.4, 2900.0, 4100.2, 8800.4, 8800.4],
} as const;
// numpy 2.4.6, `np.quantile(np.arange(1, 11), QS, method=m)`.
const NUMPY_1_10 = {
  linear: [1.0, 1.09, 1.45, 3.25, 5.5, 9.1, 9.549999999999999, 9.91, 10.0],
  lower: [1, 1, 1, 3, 5, 9, 9, 9, 10],
  higher: [1, 2, 2, 4, 6, 10, 10, 10, 10],
  midpoint: [1.0, 1.5, 1.5, 3.5, 5.5, 9.5, 9.5, 9.5, 10.0],
  "nearest-rank": [1, 1, 1, 3, 5, 9, 10, 10, 10],
} as const;

function closeAll(actual: number[], expected: readonly number[]): void {
  expect(actual).toHaveLength(expected.length);
  actual.forEach((a, i) => {
    expect(a).toBeCloseTo(expected[i] as number, 9);
  });
}

describe("quantile", () => {
  it("defaults to linear interpolation (R type 7, numpy's default)", () => {
    closeAll(
      QS.map((q) => quantile(D, q)),
      NUMPY_D.linear,
    );
    closeAll(
      QS.map((q) => quantile(ONE_TO_TEN, q)),
      NUMPY_1_10.linear,
    );
  });

  for (const method of ["linear", "lower", "higher", "midpoint", "nearest-rank"] as const) {
    it(`method ${method} agrees with numpy`, () => {
      closeAll(
        QS.map((q) => quantile(D, q, { method })),
        NUMPY_D[method],
      );
      closeAll(
        QS.map((q) => quantile(ONE_TO_TEN, q, { method })),
        NUMPY_1_10[method],
      );
    });
  }

  it("reproduces the hub's two percentile definitions (WIRE_FORMAT.md §3)", () => {
    // aggregation.rs: sorted[floor(n·q)] → p50 of 1..10 is 6; aggregation_engine.rs:
    // sorted[floor(q·(n−1))] → 5. Both stated in the spec.
    expect(quantile(ONE_TO_TEN, 0.5, { method: "hub" })).toBe(6);
    expect(quantile(ONE_TO_TEN, 0.5, { method: "lower" })).toBe(5);
    // aggregation.rs clamps floor(n·q) to the last index: q = 1 → sorted[n − 1].
    expect(quantile(ONE_TO_TEN, 1, { method: "hub" })).toBe(10);
    expect(quantile(ONE_TO_TEN, 0.95, { method: "hub" })).toBe(10);
    expect(quantile(ONE_TO_TEN, 0.99, { method: "hub" })).toBe(10);
    expect(quantile(ONE_TO_TEN, 0, { method: "hub" })).toBe(1);
  });

  it("follows InfluxQL's PERCENTILE index, int(floor(n·p/100 + 0.5)) − 1", () => {
    // InfluxDB 1.x query/functions.go NewFloatPercentileReduceSliceFunc, worked by hand for n = 10:
    // p=5 → floor(1.0)−1 = 0; p=50 → floor(5.5)−1 = 4; p=95 → floor(10.0)−1 = 9; p=14 → floor(1.9)−1 = 0;
    // p=15 → floor(2.0)−1 = 1.
    expect(quantile(ONE_TO_TEN, 0.05, { method: "influxql" })).toBe(1);
    expect(quantile(ONE_TO_TEN, 0.5, { method: "influxql" })).toBe(5);
    expect(quantile(ONE_TO_TEN, 0.95, { method: "influxql" })).toBe(10);
    expect(quantile(ONE_TO_TEN, 0.14, { method: "influxql" })).toBe(1);
    expect(quantile(ONE_TO_TEN, 0.15, { method: "influxql" })).toBe(2);
    // p=4 → floor(0.9)−1 = −1: InfluxQL returns null.
    expect(() => quantile(ONE_TO_TEN, 0.04, { method: "influxql" })).toThrow(/InfluxQL.*null/);
    expect(() => quantile(ONE_TO_TEN, 0, { method: "influxql" })).toThrow(/quantile: InfluxQL/);
  });

  it("returns the only value of a single-element array for every q", () => {
    for (const method of QUANTILE_METHODS.filter((m) => m !== "influxql")) {
      expect(quantile([42], 0, { method })).toBe(42);
      expect(quantile([42], 0.37, { method })).toBe(42);
      expect(quantile([42], 1, { method })).toBe(42);
    }
  });

  it("handles large inputs (Floyd–Rivest path) the same as a sort", () => {
    // A deterministic, unsorted sequence with many ties; the reference is a full sort + type 7 by hand.
    const values = Array.from({ length: 5001 }, (_, i) => (i * 7919) % 1009);
    const sorted = [...values].sort((a, b) => a - b);
    for (const q of [0, 0.001, 0.25, 0.5, 0.95, 0.999, 1]) {
      const h = (sorted.length - 1) * q;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, sorted.length - 1);
      const expected = (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
      expect(quantile(Object.freeze(values), q)).toBeCloseTo(expected, 9);
    }
  });

  it("gives the sorted-array answer on large inputs (the radix path), with negatives, zeros and ties", () => {
    // Reference: a full sort and the definitions read by hand (numpy's formulas), not the selection code.
    const n = 40_001;
    const values = Array.from({ length: n }, (_, i) => {
      const k = (i * 7919) % 10_007;
      if (k % 97 === 0) return 0;
      if (k % 101 === 0) return -0;
      return k % 3 === 0 ? -k / 7 : k % 5 === 0 ? 1e-300 * k : k * 1.5;
    });
    const sorted = [...values].sort((a, b) => a - b);
    const linear = (q: number) => {
      const h = (n - 1) * q;
      const lo = Math.floor(h);
      const hi = Math.min(lo + 1, n - 1);
      return (sorted[lo] as number) + (h - lo) * ((sorted[hi] as number) - (sorted[lo] as number));
    };
    const qs = [0, 1e-5, 0.1, 0.3333, 0.5, 0.95, 0.99, 0.99999, 1];
    const got = quantiles(Object.freeze(values), qs);
    qs.forEach((q, i) => {
      expect(got[i]).toBeCloseTo(linear(q), 9);
      expect(quantile(values, q)).toBeCloseTo(linear(q), 9);
      // + 0 folds −0 into 0: the two are equal values and either may come first.
      expect(quantile(values, q, { method: "lower" }) + 0).toBe((sorted[Math.floor((n - 1) * q)] as number) + 0);
      expect(quantile(values, q, { method: "nearest-rank" }) + 0).toBe(
        (sorted[Math.max(Math.ceil(n * q), 1) - 1] as number) + 0,
      );
    });
    expect(median(values) + 0).toBe((sorted[(n - 1) / 2] as number) + 0);
    const even = values.slice(1);
    const evenSorted = [...even].sort((a, b) => a - b);
    expect(median(even)).toBe(((evenSorted[19_999] as number) + (evenSorted[20_000] as number)) / 2);
    expect(() => quantile([...values, Number.NaN], 0.5)).toThrow("quantile: values[40001] is NaN");
  });

  it("equals a full sort for any data, small or large (fast-check)", () => {
    const value = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: -5, max: 5 }));
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 30_000 }),
        fc.array(value, { minLength: 1, maxLength: 64 }),
        fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 1, maxLength: 5 }),
        (n, pool, qs) => {
          const values = Array.from({ length: n }, (_, i) => pool[(i * 31) % pool.length] as number);
          const sorted = [...values].sort((a, b) => a - b);
          const got = quantiles(values, qs, { method: "lower" });
          qs.forEach((q, i) => {
            expect((got[i] as number) + 0).toBe((sorted[Math.floor((n - 1) * q)] as number) + 0);
          });
        },
      ),
      { seed: 7, numRuns: 25 },
    );
  });

  it("handles large inputs that fall into one radix bucket", () => {
    const same = new Array<number>(20_000).fill(3.25);
    expect(quantiles(same, [0, 0.5, 1])).toEqual([3.25, 3.25, 3.25]);
    // 1 + i·2⁻⁴⁰ all share their top 16 key bits.
    const narrow = Array.from({ length: 20_000 }, (_, i) => 1 + ((i * 7919) % 20_000) * 2 ** -40);
    expect(quantile(narrow, 0.25)).toBeCloseTo(1 + 0.25 * 19_999 * 2 ** -40, 15);
  });

  it("does not reorder its input", () => {
    const input = [5, 3, 9, 1, 7];
    quantile(input, 0.5);
    quantiles(input, [0.1, 0.9]);
    median(input);
    expect(input).toEqual([5, 3, 9, 1, 7]);
  });

  it("rejects bad input with errors that name the function", () => {
    expect(() => quantile([], 0.5)).toThrow("quantile: values must not be empty");
    expect(() => quantile([1, Number.NaN], 0.5)).toThrow(
      "quantile: values[1] is NaN; every value must be a finite number",
    );
    expect(() => quantile([1, Number.POSITIVE_INFINITY], 0.5)).toThrow(/values\[1\] is Infinity/);
    expect(() => quantile([1, 2], 1.5)).toThrow("quantile: q must be within [0, 1], received 1.5");
    expect(() => quantile([1, 2], -0.1)).toThrow("quantile: q must be within [0, 1], received -0.1");
    expect(() => quantile([1, 2], Number.NaN)).toThrow("quantile: q must be within [0, 1], received NaN");
    expect(() => quantile([1, 2], 0.5, { method: "type7" as never })).toThrow(/quantile: method must be one of/);
    expect(() => quantile("12" as never, 0.5)).toThrow(/quantile: values must be an array/);
  });
});

describe("quantileSorted", () => {
  it("reads the same definitions from sorted input", () => {
    const sorted = Object.freeze([...D].sort((a, b) => a - b));
    for (const method of ["linear", "lower", "higher", "midpoint", "nearest-rank"] as const) {
      closeAll(
        QS.map((q) => quantileSorted(sorted, q, { method })),
        NUMPY_D[method],
      );
    }
  });

  it("rejects unsorted input", () => {
    expect(() => quantileSorted([1, 3, 2], 0.5)).toThrow(
      "quantileSorted: sorted must be in ascending order, but sorted[2] = 2 is below sorted[1] = 3",
    );
    expect(() => quantileSorted([], 0.5)).toThrow("quantileSorted: sorted must not be empty");
  });
});

describe("quantiles", () => {
  it("equals quantile for every q, in the order given", () => {
    const qs = [0.99, 0, 0.5, 0.05, 1, 0.25, 0.95, 0.9, 0.01];
    const expected = qs.map((q) => NUMPY_D.linear[QS.indexOf(q)] as number);
    closeAll(quantiles(D, qs), expected);
    closeAll(
      quantiles(D, qs, { method: "nearest-rank" }),
      qs.map((q) => NUMPY_D["nearest-rank"][QS.indexOf(q)] as number),
    );
    expect(quantiles(D, [])).toEqual([]);
  });

  it("names the offending q", () => {
    expect(() => quantiles(D, [0.5, 2])).toThrow("quantiles: qs[1] must be within [0, 1], received 2");
  });
});

describe("median", () => {
  it("agrees with numpy's np.median", () => {
    // numpy 2.4.6: np.median([7, 1, 3, 10]) = 5.0, np.median([3, 1, 4, 1, 5, 9]) = 3.5, np.median(D) = 612.4.
    expect(median(Object.freeze([7, 1, 3, 10]))).toBe(5);
    expect(median(Object.freeze([3, 1, 4, 1, 5, 9]))).toBe(3.5);
    expect(median(D)).toBe(612.4);
    expect(median([-2])).toBe(-2);
  });

  it("rejects empty input", () => {
    expect(() => median([])).toThrow("median: values must not be empty");
  });
});
