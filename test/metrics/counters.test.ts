import { describe, expect, it } from "vitest";
import {
  counterIncrease,
  counterRate,
  counterResets,
  gaugeDelta,
  gaugeMetricDelta,
  type Sample,
} from "../../src/metrics/index.js";

/*
 * Expected values are Prometheus's own test data, promql/promqltest/testdata/functions.test
 * (Prometheus 3: range selectors are left-open, (end − range, end]). `load 5m` with
 * `0+10x10` means samples 0, 10, …, 100 at 0m, 5m, …, 50m.
 */
const MIN = 60_000;
function series(stepMinutes: number, values: readonly number[], startMinutes = 0): Sample[] {
  return values.map((value, i) => Object.freeze({ timestamp: (startMinutes + i * stepMinutes) * MIN, value }));
}
const seq = (start: number, step: number, times: number) =>
  Array.from({ length: times + 1 }, (_, i) => start + i * step);
/** PromQL `fn(v[range])` evaluated at `at`. */
const over = (at: number, range: number) => ({ range: { start: (at - range) * MIN, end: at * MIN } });

describe("counterIncrease (Prometheus increase())", () => {
  const foo = Object.freeze(series(5, seq(0, 10, 10)));
  const bar = Object.freeze(series(5, [...seq(0, 18, 5), ...seq(0, 18, 5)]));
  const dings = Object.freeze(series(5, seq(10, 10, 10)));
  const bumms = Object.freeze(series(5, seq(1, 10, 10)));

  it("increase(http_requests_total[50m]) at 50m", () => {
    expect(counterIncrease(foo, over(50, 50))).toBeCloseTo(100, 9);
    expect(counterIncrease(bar, over(50, 50))).toBeCloseTo(160, 9);
    expect(counterIncrease(dings, over(50, 50))).toBeCloseTo(100, 9);
    expect(counterIncrease(bumms, over(50, 50))).toBeCloseTo(100, 9);
  });

  it("increase(http_requests_total[100m]) at 50m: extrapolation stops at the zero point", () => {
    expect(counterIncrease(foo, over(50, 100))).toBeCloseTo(100, 9);
    expect(counterIncrease(bar, over(50, 100))).toBeCloseTo(162, 9);
    expect(counterIncrease(dings, over(50, 100))).toBeCloseTo(105, 9);
    expect(counterIncrease(bumms, over(50, 100))).toBeCloseTo(101, 9);
  });

  it("treats a decrease as a reset: 0 1 2 3 2 3 4 over [30m] at 30m is 7", () => {
    expect(counterIncrease(series(5, [0, 1, 2, 3, 2, 3, 4]), over(30, 30))).toBeCloseTo(7, 9);
    // Without a range there is no extrapolation: (4 − 0) + 3 added back at the reset.
    expect(counterIncrease(series(5, [0, 1, 2, 3, 2, 3, 4]))).toBe(7);
  });

  it("returns null for fewer than two samples, as PromQL returns no value", () => {
    expect(counterIncrease(series(5, [1]))).toBeNull();
    expect(counterIncrease(foo, over(50, 5))).toBeNull();
  });
});

describe("counterRate (Prometheus rate())", () => {
  it("handles a reset in the middle: rate(testcounter_reset_middle_total[50m]) = 0.08", () => {
    const s = series(5, [...seq(0, 27, 4), ...seq(0, 27, 5)]);
    expect(counterRate(s, over(50, 50))).toBeCloseTo(0.08, 12);
  });

  it("ignores a reset at the end of the range", () => {
    const s = series(5, [...seq(0, 10, 9), 0, 10]);
    expect(counterRate(s, over(50, 5))).toBeNull();
    expect(counterRate(s, over(50, 6))).toBe(0);
  });

  it("computes per-second rates", () => {
    expect(counterRate(series(5, seq(0, 80, 10)), over(50, 50))).toBeCloseTo(0.26666666666666666, 14);
    // rate(calculate_rate_offset_total[10m] offset 5m) at 50m = the range (35m, 45m].
    expect(counterRate(series(5, seq(0, 10, 10)), over(45, 10))).toBeCloseTo(0.03333333333333333, 14);
    expect(counterRate(series(5, seq(0, 20, 10)), over(45, 10))).toBeCloseTo(0.06666666666666667, 14);
  });

  it("cuts left extrapolation at the counter's zero point (load 4m, rate(...[20m]))", () => {
    const expected10m = [0.5, 0.55, 0.6, 0.6, 0.6, 0.6];
    [0, 60, 120, 180, 240, 300].forEach((start, i) => {
      const s = series(4, seq(start, 240, 10));
      expect(counterRate(s, over(10, 20))).toBeCloseTo(expected10m[i] as number, 12);
      expect(counterRate(s, over(50, 20))).toBeCloseTo(0.6, 12);
    });
  });

  it("without a range divides the increase by the sampled seconds", () => {
    // The hub's fixture aggregated-metric-counter.json: 12744 requests in five minutes is rate 42.48.
    expect(
      counterRate([
        { timestamp: "2025-06-03T14:00:00Z", value: 100 },
        { timestamp: "2025-06-03T14:05:00Z", value: 12844 },
      ]),
    ).toBeCloseTo(42.48, 12);
  });
});

describe("counterResets (Prometheus resets())", () => {
  // load 5m: http_requests{path="/foo"} 1 2 3 0 1 0 0 1 2 0; /bar 1 2 3 4 5 1 2 3 4 5
  const foo = series(5, [1, 2, 3, 0, 1, 0, 0, 1, 2, 0]);
  const bar = series(5, [1, 2, 3, 4, 5, 1, 2, 3, 4, 5]);
  it("counts decreases in the range", () => {
    expect(counterResets(foo, over(50, 10))).toBe(0);
    expect(counterResets(foo, over(50, 20))).toBe(1);
    expect(counterResets(foo, over(50, 32))).toBe(2);
    expect(counterResets(foo, over(50, 50))).toBe(3);
    expect(counterResets(bar, over(50, 32))).toBe(1);
  });
});

describe("gaugeDelta (Prometheus delta())", () => {
  it("delta(http_requests[20m]) at 20m", () => {
    expect(gaugeDelta(series(5, [0, 50, 100, 150, 200]), over(20, 20))).toBeCloseTo(200, 9);
    expect(gaugeDelta(series(5, [200, 150, 100, 50, 0]), over(20, 20))).toBeCloseTo(-200, 9);
    expect(gaugeDelta(series(5, [200, 150, 100, 50, 0]))).toBe(-200);
  });

  it("reads a GaugeMetric's recorded change", () => {
    expect(gaugeMetricDelta({ value: 84.5, previous_value: 88 })).toBe(-3.5);
    expect(gaugeMetricDelta({ value: 84.5 })).toBeNull();
    expect(gaugeMetricDelta({ value: 84.5, previous_value: null })).toBeNull();
  });
});

describe("input checks", () => {
  it("rejects unordered samples, non-finite values and bad ranges", () => {
    expect(() => counterIncrease(series(5, [1, 2]).reverse())).toThrow(
      "counterIncrease: samples must be in strictly increasing time order; samples[1] is not after samples[0]",
    );
    expect(() => counterRate([{ timestamp: 0, value: Number.NaN }])).toThrow(
      "counterRate: samples[0].value must be a finite number, received NaN",
    );
    expect(() => gaugeDelta([], { range: { start: 10, end: 10 } })).toThrow(
      "gaugeDelta: range.end must be after range.start",
    );
  });
});
