import { describe, expect, it } from "vitest";
import { type AggregatedMetric, applyMetricRollup, MetricRollup, rollup } from "../../src/metrics/index.js";

const minute = (m: number) =>
  new Date(Date.parse("2025-06-03T14:00:00Z") + m * 60_000).toISOString().replace(".000Z", "Z");
const counter = (m: number, value: number, rate: number): AggregatedMetric =>
  Object.freeze({
    name: "requests",
    window: "one_minute",
    window_start: minute(m),
    window_end: minute(m + 1),
    values: { value, rate },
    tags: { model_id: "llama-3.1-70b" },
  });
const gauge = (m: number, value: number, delta: number | null): AggregatedMetric =>
  Object.freeze({
    name: "gpu_utilization_percent",
    window: "one_minute",
    window_start: minute(m),
    window_end: minute(m + 1),
    values: { value, delta },
    tags: {},
  });
const NOW = "2025-06-04T00:00:00Z";
const rule = (aggregation: MetricRollup["aggregation"], retention_days = 7): MetricRollup =>
  MetricRollup.parse({ source_window: "one_minute", target_window: "five_minutes", aggregation, retention_days });

describe("applyMetricRollup", () => {
  const counters = Object.freeze([counter(0, 60, 1), counter(1, 120, 2), counter(2, 30, 0.5), counter(5, 6, 0.1)]);

  it("sums counters and spreads their rates over the target window", () => {
    const { metrics, expired } = applyMetricRollup(counters, rule("sum"), { now: NOW });
    expect(expired).toEqual([]);
    expect(metrics.map((m) => [m.window, m.window_start, m.window_end, m.values])).toEqual([
      ["five_minutes", "2025-06-03T14:00:00Z", "2025-06-03T14:05:00Z", { value: 210, rate: 210 / 300 }],
      ["five_minutes", "2025-06-03T14:05:00Z", "2025-06-03T14:10:00Z", { value: 6, rate: 6 / 300 }],
    ]);
    expect(metrics[0]?.tags).toEqual({ model_id: "llama-3.1-70b" });
  });

  it("takes max, min, first and last of counters; rejects avg (counts stay integers)", () => {
    expect(applyMetricRollup(counters, rule("max"), { now: NOW }).metrics[0]?.values).toEqual({ value: 120, rate: 2 });
    expect(applyMetricRollup(counters, rule("min"), { now: NOW }).metrics[0]?.values).toEqual({ value: 30, rate: 0.5 });
    expect(applyMetricRollup(counters, rule("first"), { now: NOW }).metrics[0]?.values).toEqual({ value: 60, rate: 1 });
    expect(applyMetricRollup([...counters].reverse(), rule("last"), { now: NOW }).metrics[0]?.values).toEqual({
      value: 30,
      rate: 0.5,
    });
    expect(() => applyMetricRollup(counters, rule("avg"), { now: NOW })).toThrow(
      /"avg" would give counters a fractional value/,
    );
  });

  it("averages gauges and adds up their deltas", () => {
    const gauges = [gauge(0, 80, 1), gauge(1, 90, 10), gauge(2, 70, -20)];
    expect(applyMetricRollup(gauges, rule("avg"), { now: NOW }).metrics[0]?.values).toEqual({ value: 80, delta: -9 });
    expect(applyMetricRollup([...gauges, gauge(3, 60, null)], rule("last"), { now: NOW }).metrics[0]?.values).toEqual({
      value: 60,
      delta: null,
    });
  });

  it("merges Stats values exactly when they carry sketches", () => {
    const raw = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map((v, i) => ({ name: "x", timestamp: minute(i % 3), value: v }));
    const minutes = rollup(raw, { window: "one_minute" });
    const { metrics } = applyMetricRollup(minutes, rule("avg"), { now: NOW });
    const direct = rollup(raw, { window: "five_minutes" })[0];
    expect(metrics).toHaveLength(1);
    expect(metrics[0]?.values).toMatchObject({ count: 10, sum: 55, min: 1, max: 10 });
    expect(metrics[0]?.sketch).toEqual(direct?.sketch);
    const bare = minutes.map(({ sketch: _s, ...m }) => m);
    expect(() => applyMetricRollup(bare, rule("sum"), { now: NOW })).toThrow(/has Stats values without a sketch/);
    expect(applyMetricRollup(bare, rule("first"), { now: NOW }).metrics[0]?.values).toEqual(minutes[0]?.values);
  });

  it("reports windows past retention instead of dropping them silently", () => {
    const { metrics, expired } = applyMetricRollup(counters, rule("sum", 1), { now: "2025-06-04T14:05:00Z" });
    expect(expired.map((m) => m.window_start)).toEqual(["2025-06-03T14:00:00Z"]);
    expect(metrics.map((m) => m.window_start)).toEqual(["2025-06-03T14:05:00Z"]);
  });

  it("checks the rule and the inputs", () => {
    expect(() =>
      applyMetricRollup(
        [],
        { source_window: "one_hour", target_window: "one_minute", aggregation: "sum", retention_days: 1 },
        {
          now: NOW,
        },
      ),
    ).toThrow("applyMetricRollup: target_window one_minute must be longer than source_window one_hour");
    expect(() => applyMetricRollup([{ ...counter(0, 1, 1), window: "one_hour" }], rule("sum"), { now: NOW })).toThrow(
      "applyMetricRollup: metrics[0].window is one_hour, but the rule rolls up one_minute",
    );
    expect(() =>
      applyMetricRollup(
        [counter(0, 1, 1), gauge(1, 2.5, 1)].map((m) => ({ ...m, name: "n", tags: {} })),
        rule("sum"),
        { now: NOW },
      ),
    ).toThrow(/mixes counter and gauge values/);
    expect(() => applyMetricRollup([counter(0, 1, 1), counter(0, 2, 1)], rule("first"), { now: NOW })).toThrow(
      /share window_start 2025-06-03T14:00:00Z, so "first" is ambiguous/,
    );
    // The order before issue 17's rename (rule first) fails loudly, naming the function.
    const swapped = applyMetricRollup as unknown as (a: unknown, b: unknown, c: unknown) => unknown;
    expect(() => swapped(rule("sum"), counters, { now: NOW })).toThrow(
      /^applyMetricRollup: metrics must be an array of rolled-up metrics \(data first\), received \{"source_window"/,
    );
  });
});
