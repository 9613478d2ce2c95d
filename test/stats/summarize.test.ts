import { describe, expect, it } from "vitest";
import { summarize } from "../../src/stats/index.js";

const D = Object.freeze([
  612.4, 95.2, 540.1, 1720.9, 88.1, 4100.2, 702.3, 480.2, 1530.7, 231.5, 198, 612.4, 455.5, 1104, 8800.4, 41, 2210,
  1980.25, 350, 1200, 2900, 412, 612.4,
]);

describe("summarize", () => {
  it("gives StatisticalMeasures with numpy's definitions", () => {
    // numpy 2.4.6: np.mean(D) = 1346.8500000000001, np.quantile(D, [.5, .95, .99]) =
    // [612.4, 3980.179999999998, 7766.356000000005], np.std(D) = 1870.445949092959,
    // np.sum(D) = 30977.550000000003.
    const s = summarize(D);
    expect(s.count).toBe(23);
    expect(s.min).toBe(41);
    expect(s.max).toBe(8800.4);
    expect(s.avg).toBeCloseTo(1346.8500000000001, 10);
    expect(s.sum).toBeCloseTo(30977.550000000003, 9);
    expect(s.p50).toBeCloseTo(612.4, 10);
    expect(s.p95).toBeCloseTo(3980.179999999998, 9);
    expect(s.p99).toBeCloseTo(7766.356000000005, 9);
    expect(s.stddev).toBeCloseTo(1870.445949092959, 9);
    expect(Object.keys(s).sort()).toEqual(["avg", "count", "max", "min", "p50", "p95", "p99", "stddev", "sum"]);
  });

  it("reproduces the hub's aggregation.rs with method 'hub'", () => {
    // sorted[floor(n·q)] clamped to n − 1 (WIRE_FORMAT.md §3), evaluated in Python over sorted(D):
    // [612.4, 4100.2, 8800.4].
    const s = summarize(D, { method: "hub" });
    expect([s.p50, s.p95, s.p99]).toEqual([612.4, 4100.2, 8800.4]);
    // For 1..10 the spec states aggregation.rs gives p50 = 6.
    expect(summarize([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], { method: "hub" }).p50).toBe(6);
  });

  it("offers the sample stddev", () => {
    // numpy: np.std(D, ddof=1) = 1912.4836911366422
    expect(summarize(D, { sample: true }).stddev).toBeCloseTo(1912.4836911366422, 9);
  });

  it("summarizes one value", () => {
    expect(summarize([5])).toEqual({ avg: 5, min: 5, max: 5, p50: 5, p95: 5, p99: 5, stddev: 0, count: 1, sum: 5 });
  });

  it("rejects empty and non-finite input", () => {
    expect(() => summarize([])).toThrow("summarize: values must not be empty");
    expect(() => summarize([1, Number.NaN])).toThrow("summarize: values[1] is NaN");
    expect(() => summarize([1], { sample: true })).toThrow("summarize: values needs at least 2 values, received 1");
  });
});
