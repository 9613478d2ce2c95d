// Metrics: percentiles two ways, rollups that merge 1m → 5m, Prometheus-style counters and
// histogram quantiles, and composite metrics. Run: npx tsx examples/metrics.ts
import { strict as assert } from "node:assert";
import {
  AggregatedMetric,
  counterIncrease,
  createHistogramMetric,
  GEN_AI_DURATION_BOUNDARIES,
  histogramQuantile,
  MetricValues,
  mergeRollups,
  metricValuesKindOf,
  parseTimeWindowLabel,
  rollup,
  timeWindowSeconds,
} from "llm-analytics-hub/metrics";
import { quantile, sketchOf, sketchQuantile, summarize } from "llm-analytics-hub/stats";

// 1. One percentile definition (R type 7, numpy's default), the hub's two available on request.
const oneToTen = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
assert.equal(quantile(oneToTen, 0.5), 5.5); // np.quantile(range(1, 11), 0.5)
assert.equal(quantile(oneToTen, 0.5, { method: "hub" }), 6); // aggregation.rs: sorted[floor(n·q)]
assert.equal(quantile(oneToTen, 0.5, { method: "lower" }), 5); // aggregation_engine.rs
const stats = summarize(oneToTen);
assert.equal(stats.stddev, Math.sqrt(8.25)); // population stddev, as the hub and np.std

// 2. Roll raw latencies up to 1-minute windows, then merge them into 5 minutes.
const t0 = Date.parse("2025-06-03T14:00:00Z");
const points = Array.from({ length: 600 }, (_, i) => ({
  name: "latency_ms",
  timestamp: t0 + i * 500, // one point every half second for five minutes
  value: 100 + ((i * 37) % 400),
  tags: { model_id: i % 2 === 0 ? "gpt-4o-mini" : "claude-sonnet-4" },
}));
const perMinute = rollup(points, { window: "one_minute", groupBy: ["model_id"] });
assert.equal(perMinute.length, 10); // 5 minutes × 2 models
const fiveMinutes = mergeRollups(perMinute, { window: "five_minutes" });
const direct = rollup(points, { window: "five_minutes", groupBy: ["model_id"] });
assert.equal(fiveMinutes[0]?.values.count, direct[0]?.values.count);
assert.equal(fiveMinutes[0]?.values.max, direct[0]?.values.max);
const exactP95 = direct[0]!.values.p95;
assert.ok(Math.abs(fiveMinutes[0]!.values.p95 - exactP95) <= 0.01 * exactP95); // within the sketch's 1 %
// A rolled-up metric is an AggregatedMetric on the wire (the hub ignores the extra "sketch").
assert.equal(AggregatedMetric.parse(fiveMinutes[0]).window, "five_minutes");
console.log("5m p95 (merged, exact):", fiveMinutes[0]!.values.p95.toFixed(2), exactP95.toFixed(2));

// 3. Windows: wire names, the hub's seconds and display labels.
assert.equal(parseTimeWindowLabel("5m"), "five_minutes");
assert.equal(timeWindowSeconds("one_month"), 2_592_000); // the hub's fixed 30 days

// 4. Counters reset as in Prometheus: 0 1 2 3 2 3 4 increased by 7.
const counter = [0, 1, 2, 3, 2, 3, 4].map((value, i) => ({ timestamp: t0 + i * 300_000, value }));
assert.equal(counterIncrease(counter), 7);

// 5. Histograms: OpenTelemetry GenAI duration buckets (seconds), Prometheus histogram_quantile.
const durations = points.map((p) => p.value / 1000);
const histogram = createHistogramMetric(durations, {
  name: "gen_ai.client.operation.duration",
  boundaries: GEN_AI_DURATION_BOUNDARIES,
  timestamp: "2025-06-03T14:05:00Z",
});
const p50 = histogramQuantile(histogram.buckets, 0.5);
assert.ok(p50 > 0.16 && p50 <= 0.32);

// 6. MetricValues stay lossless: the hub would drop this rate (it reads a Gauge).
const values = MetricValues.parse({ value: 5.5, rate: 2 });
assert.equal(metricValuesKindOf(values), "gauge");
assert.deepEqual(values, { value: 5.5, rate: 2 });

// 7. Sketches are plain JSON and merge.
const sketch = sketchOf(durations);
assert.deepEqual(JSON.parse(JSON.stringify(sketch)), sketch);
assert.ok(Math.abs(sketchQuantile(sketch, 0.5) - quantile(durations, 0.5)) <= 0.01 * quantile(durations, 0.5));
console.log("examples/metrics.ts: all assertions passed");
