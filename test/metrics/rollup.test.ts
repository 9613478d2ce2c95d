import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  type MetricPoint,
  mergeRollups,
  RolledUpMetric,
  type RolledUpMetric as RolledUpMetricType,
  rollup,
} from "../../src/metrics/index.js";
import { quantile, sketchOf, sketchQuantile, summarize } from "../../src/stats/index.js";
import { gaussian } from "../prng.js";

const T0 = Date.parse("2025-06-03T14:00:00Z");
const at = (seconds: number) => new Date(T0 + seconds * 1000).toISOString();
// (seconds after 14:00:00Z, value, model); 59.999 s is the last millisecond of the first minute.
const RAW: readonly [number, number, string][] = [
  [5, 120.5, "a"],
  [12, 98.0, "b"],
  [31, 430.25, "a"],
  [59.999, 77.0, "a"],
  [60, 1500.0, "b"],
  [75, 212.0, "a"],
  [119, 64.5, "a"],
  [185, 333.0, "b"],
  [240, 91.0, "a"],
  [299, 808.0, "a"],
  [300, 55.0, "a"],
];
const POINTS: readonly MetricPoint[] = Object.freeze(
  RAW.map(([s, value, model]) =>
    Object.freeze({ name: "latency_ms", timestamp: at(s), value, tags: Object.freeze({ model }) }),
  ),
);

describe("rollup", () => {
  it("aligns fixed windows on the epoch and computes numpy's statistics per window", () => {
    const out = rollup(POINTS, { window: "one_minute" });
    expect(out.map((m) => [m.window_start, m.window_end, m.values.count])).toEqual([
      ["2025-06-03T14:00:00Z", "2025-06-03T14:01:00Z", 4],
      ["2025-06-03T14:01:00Z", "2025-06-03T14:02:00Z", 3],
      ["2025-06-03T14:03:00Z", "2025-06-03T14:04:00Z", 1],
      ["2025-06-03T14:04:00Z", "2025-06-03T14:05:00Z", 2],
      ["2025-06-03T14:05:00Z", "2025-06-03T14:06:00Z", 1],
    ]);
    // numpy 2.4.6 over the first minute [120.5, 98.0, 430.25, 77.0]: mean 181.4375,
    // quantile([.5,.95,.99]) = [109.25, 383.7874999999999, 420.9574999999999], std 144.47322145903024.
    const v = (out[0] as RolledUpMetricType).values;
    expect(v.avg).toBeCloseTo(181.4375, 12);
    expect(v.p50).toBeCloseTo(109.25, 12);
    expect(v.p95).toBeCloseTo(383.7874999999999, 10);
    expect(v.p99).toBeCloseTo(420.9574999999999, 10);
    expect(v.stddev).toBeCloseTo(144.47322145903024, 10);
    expect([v.min, v.max, v.sum]).toEqual([77, 430.25, 725.75]);
    expect(out[0]?.tags).toEqual({});
    expect(out[0]?.window).toBe("one_minute");
  });

  it("groups by tags", () => {
    const out = rollup(POINTS, { window: "five_minutes", groupBy: ["model"] });
    expect(out.map((m) => [m.tags, m.window_start, m.values.count])).toEqual([
      [{ model: "a" }, "2025-06-03T14:00:00Z", 7],
      [{ model: "a" }, "2025-06-03T14:05:00Z", 1],
      [{ model: "b" }, "2025-06-03T14:00:00Z", 3],
    ]);
    // numpy: model a in [14:00, 14:05): mean 257.60714285714283, p95 694.6749999999997, std 253.9075990937471.
    const a = (out[0] as RolledUpMetricType).values;
    expect(a.avg).toBeCloseTo(257.60714285714283, 10);
    expect(a.p95).toBeCloseTo(694.6749999999997, 10);
    expect(a.stddev).toBeCloseTo(253.9075990937471, 10);
  });

  it("produces AggregatedMetrics the schema reads, with a sketch that round-trips", () => {
    const out = rollup(POINTS, { window: "one_minute" });
    for (const m of out) {
      const parsed = RolledUpMetric.parse(JSON.parse(JSON.stringify(m)));
      expect(parsed).toEqual(m);
    }
  });

  it("accepts epoch milliseconds and offsets, and rejects bad points", () => {
    const out = rollup(
      [
        { name: "x", timestamp: T0 + 1, value: 1 },
        { name: "x", timestamp: "2025-06-03T16:00:30+02:00", value: 3 },
      ],
      { window: "one_minute" },
    );
    expect(out).toHaveLength(1);
    expect(out[0]?.values.sum).toBe(4);
    expect(() => rollup([{ name: "x", timestamp: at(1), value: Number.NaN }], { window: "one_minute" })).toThrow(
      "rollup: points[0].value must be a finite number, received NaN",
    );
    expect(() => rollup([{ name: "x", timestamp: "2025-06-03T14:00:00", value: 1 }], { window: "one_minute" })).toThrow(
      /rollup: points\[0\]\.timestamp must be an RFC 3339 timestamp/,
    );
    expect(() => rollup([], { window: "5m" as never })).toThrow(/rollup: window must be one of/);
    // Errors name the function called, not the helper that checks (issue 17).
    expect(() => rollup([], { window: "one_minute", relativeAccuracy: 2 })).toThrow(
      "rollup: relativeAccuracy must be within (0, 1), received 2",
    );
    expect(() => rollup([], { window: "one_minute", sketch: "yes" as never })).toThrow(
      "rollup: options.sketch must be a boolean",
    );
    // Without a sketch there is no accuracy to check, as before.
    expect(rollup([], { window: "one_minute", relativeAccuracy: 2, sketch: false })).toEqual([]);
  });

  it("aligns calendar days in a time zone across DST", () => {
    // IANA tzdata: New York moved to EDT at 02:00 on 2025-03-09, so that local day lasted 23 hours,
    // from 05:00Z to 04:00Z the next day.
    const out = rollup(
      [
        { name: "x", timestamp: "2025-03-09T04:59:59Z", value: 1 },
        { name: "x", timestamp: "2025-03-09T05:00:00Z", value: 2 },
        { name: "x", timestamp: "2025-03-10T03:59:59Z", value: 3 },
        { name: "x", timestamp: "2025-03-10T04:00:00Z", value: 4 },
      ],
      { window: "one_day", alignment: "calendar", timeZone: "America/New_York" },
    );
    expect(out.map((m) => [m.window_start, m.window_end, m.values.sum])).toEqual([
      ["2025-03-08T05:00:00Z", "2025-03-09T05:00:00Z", 1],
      ["2025-03-09T05:00:00Z", "2025-03-10T04:00:00Z", 5],
      ["2025-03-10T04:00:00Z", "2025-03-11T04:00:00Z", 4],
    ]);
  });
});

describe("rollup's per-window sketch and statistics", () => {
  // Windows of 1 to 600 values (the rollup selects in place up to 128 values and by Floyd–Rivest
  // above), positive, negative, zero and mixed, with many values per bin and values one ulp apart.
  const shapes: readonly ((i: number, r: () => number) => number)[] = [
    (_, r) => Math.exp(5.5 + 0.6 * gaussian(r)),
    (_, r) => (r() - 0.5) * 2e6,
    (i) => (i % 3) - 1,
    (i) => 1 + i * Number.EPSILON,
    (_, r) => -r() * 1e-300,
    (i, r) => (i % 7 === 0 ? 0 : r() < 0.5 ? -1 : 1) * 10 ** Math.floor(r() * 40 - 20),
    // Signed zeros among ties: a sort puts −0 before +0, so p50 of such a window can be −0.
    (i, r) => (i % 3 === 2 ? Math.floor(r() * 3) - 1 : r() < 0.5 ? -0 : 0),
  ];
  it("equals sketchOf and summarize of each window's values, for windows of every size", () => {
    let seed = 7;
    const r = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    const points: MetricPoint[] = [];
    const expected = new Map<string, number[]>();
    let minute = 0;
    for (const size of [1, 2, 3, 5, 64, 127, 128, 129, 200, 600]) {
      for (let s = 0; s < shapes.length; s++) {
        const shape = shapes[s] as (i: number, r: () => number) => number;
        const values = Array.from({ length: size }, (_, i) => shape(i, r));
        const series = `s${s}`;
        expected.set(`${series} ${minute}`, values);
        // Out of time order within the window: the rollup must keep input order for the sums.
        for (const [i, value] of values.entries()) {
          points.push({ name: "v", timestamp: T0 + minute * 60_000 + ((i * 7919) % 60_000), value, tags: { series } });
        }
      }
      minute++;
    }
    const out = rollup(points, { window: "one_minute", groupBy: ["series"] });
    expect(out).toHaveLength(expected.size);
    for (const m of out) {
      const values = expected.get(`${m.tags.series} ${(Date.parse(m.window_start) - T0) / 60_000}`) as number[];
      expect(m.sketch).toEqual(sketchOf(values));
      expect(m.values).toEqual(summarize(values));
    }
    // Without sketches the small windows take another path (a selection, no sort): same figures.
    const plain = rollup(points, { window: "one_minute", groupBy: ["series"], sketch: false });
    expect(plain.map((m) => m.values)).toEqual(out.map((m) => m.values));
    for (const m of plain) {
      const values = expected.get(`${m.tags.series} ${(Date.parse(m.window_start) - T0) / 60_000}`) as number[];
      for (const method of ["linear", "lower", "higher", "midpoint", "nearest-rank", "hub"] as const) {
        const values2 = rollup(
          values.map((value, i) => ({ name: "v", timestamp: T0 + i, value })),
          { window: "one_minute", sketch: false, method },
        );
        expect(values2.map((w) => w.values)).toEqual([summarize(values, { method })]);
      }
    }
  });
});

describe("rollup of points out of time order", () => {
  it("keeps each window's values in input order when a series goes back and forth between windows", () => {
    let seed = 99;
    const r = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    // Three series, six minutes, points in random order: a series' window changes at almost
    // every point, and windows come back many times.
    const points: MetricPoint[] = [];
    const expected = new Map<string, number[]>();
    for (let i = 0; i < 3000; i++) {
      const series = `s${Math.floor(r() * 3)}`;
      const minute = Math.floor(r() * 6);
      const value = i % 11 === 0 ? 0 : (r() - 0.2) * 10 ** Math.floor(r() * 12 - 4);
      points.push({ name: "v", timestamp: T0 + minute * 60_000 + Math.floor(r() * 60_000), value, tags: { series } });
      const key = `${series} ${minute}`;
      expected.set(key, [...(expected.get(key) ?? []), value]);
    }
    for (const sketch of [true, false]) {
      const out = rollup(points, { window: "one_minute", groupBy: ["series"], sketch });
      expect(out).toHaveLength(expected.size);
      for (const m of out) {
        const values = expected.get(`${m.tags.series} ${(Date.parse(m.window_start) - T0) / 60_000}`) as number[];
        // Sums are compensated in input order, so equal to summarize's of the same order.
        expect(m.values).toEqual(summarize(values));
        if (sketch) expect((m as RolledUpMetricType).sketch).toEqual(sketchOf(values));
      }
    }
  });
});

describe("mergeRollups", () => {
  it("turns 1m results into the 5m figures of the raw points", () => {
    const minutes = rollup(POINTS, { window: "one_minute", groupBy: ["model"] });
    const merged = mergeRollups(minutes, { window: "five_minutes" });
    const direct = rollup(POINTS, { window: "five_minutes", groupBy: ["model"] });
    expect(merged.map((m) => [m.tags, m.window_start, m.window_end])).toEqual(
      direct.map((m) => [m.tags, m.window_start, m.window_end]),
    );
    merged.forEach((m, i) => {
      const d = direct[i] as RolledUpMetricType;
      expect([m.values.count, m.values.min, m.values.max, m.values.sum]).toEqual([
        d.values.count,
        d.values.min,
        d.values.max,
        d.values.sum,
      ]);
      expect(m.values.avg).toBeCloseTo(d.values.avg, 10);
      expect(m.values.stddev).toBeCloseTo(d.values.stddev as number, 9);
      expect(m.sketch).toEqual(d.sketch);
    });
  });

  it("rejects inputs that cross a target boundary or lack a sketch", () => {
    const days = rollup(POINTS, { window: "one_day" });
    expect(() => mergeRollups(days, { window: "one_hour" })).toThrow(
      /mergeRollups: metrics\[0\] spans .* crosses the end/,
    );
    const { sketch: _s, ...bare } = days[0] as RolledUpMetricType;
    expect(() => mergeRollups([bare as RolledUpMetricType], { window: "one_week" })).toThrow(
      "mergeRollups: metrics[0] has no sketch, so its percentiles cannot be merged; produce it with rollup() or mergeRollups()",
    );
  });

  it("equals rolling up the raw points, for any data (fast-check)", () => {
    const point = fc.record({
      offset: fc.integer({ min: 0, max: 2 * 86_400_000 - 1 }),
      value: fc.double({ min: 1e-3, max: 1e6, noNaN: true }),
      model: fc.constantFrom("a", "b", "c"),
    });
    fc.assert(
      fc.property(fc.array(point, { minLength: 1, maxLength: 120 }), (raw) => {
        const points = raw.map((p) => ({
          name: "tokens",
          timestamp: T0 + p.offset,
          value: p.value,
          tags: { model: p.model },
        }));
        const base = rollup(points, { window: "one_minute", groupBy: ["model"] });
        for (const window of ["five_minutes", "one_hour", "one_day"] as const) {
          const merged = mergeRollups(base, { window });
          const direct = rollup(points, { window, groupBy: ["model"] });
          expect(merged).toHaveLength(direct.length);
          merged.forEach((m, i) => {
            const d = direct[i] as RolledUpMetricType;
            expect([m.tags, m.window_start, m.values.count, m.values.min, m.values.max]).toEqual([
              d.tags,
              d.window_start,
              d.values.count,
              d.values.min,
              d.values.max,
            ]);
            expect(m.values.sum).toBeCloseTo(d.values.sum, 6);
            expect(Math.abs(m.values.avg - d.values.avg)).toBeLessThanOrEqual(1e-9 * d.values.avg);
            expect(Math.abs((m.values.stddev as number) - (d.values.stddev as number))).toBeLessThanOrEqual(
              1e-6 * (d.values.stddev as number) + 1e-6,
            );
            // Percentiles within the sketch's relative accuracy of the exact R-7 value.
            const values = points.filter((p) => {
              const t = p.timestamp;
              return p.tags.model === d.tags.model && t >= Date.parse(d.window_start) && t < Date.parse(d.window_end);
            });
            const exact = values.map((p) => p.value);
            for (const [q, got] of [
              [0.5, m.values.p50],
              [0.95, m.values.p95],
              [0.99, m.values.p99],
            ] as const) {
              expect(Math.abs(got - quantile(exact, q))).toBeLessThanOrEqual(0.01 * quantile(exact, q) * (1 + 1e-9));
              expect(got).toBe(sketchQuantile(d.sketch, q));
            }
          });
        }
      }),
      { seed: 404, numRuns: 30 },
    );
  });
});
