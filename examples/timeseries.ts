// Time series: parse a point, query points in memory, write InfluxDB line protocol and
// InfluxQL, and apply the hub's default retention policy. Run: npx tsx examples/timeseries.ts
import { strict as assert } from "node:assert";
import { parseLineProtocol, retentionPolicyStatements, toInfluxQL, toLineProtocol } from "llm-analytics-hub/interop";
import {
  DEFAULT_RETENTION_POLICY,
  downsampleByPolicy,
  estimateRetainedPoints,
  executeQuery,
  fieldSetKindOf,
  TimeSeriesPoint,
  TimeSeriesQuery,
} from "llm-analytics-hub/timeseries";

const point = (time: string, model: string, latency: number) =>
  TimeSeriesPoint.parse({
    measurement: "llm_requests",
    timestamp: `2025-06-03T14:${time}+00:00`,
    tags: { source_module: "llm-observatory", environment: "production", model_id: model, provider: "openai" },
    fields: { latency_ms: latency, token_count: 2530, finish_reason: "stop" },
  });
const points = [
  point("00:05", "gpt-4o-mini", 800),
  point("01:10", "gpt-4o-mini", 1200),
  point("00:40", "claude-sonnet-4", 950),
  point("03:20", "gpt-4o-mini", 700),
];

// The hub would read these fields as Generic (a string is present); integers stay integers here.
assert.equal(fieldSetKindOf(points[0]!.fields), "generic");
assert.equal(points[0]!.timestamp, "2025-06-03T14:00:05Z");

const query = TimeSeriesQuery.parse({
  measurement: "llm_requests",
  time_range: { start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:04:00Z" },
  aggregation: { function: "mean", window: "1m", fields: ["latency_ms"] },
  group_by: ["model_id"],
  fill: "linear",
});
const result = executeQuery(points, query);
const gpt = result.series.find((s) => s.tags.model_id === "gpt-4o-mini")!;
console.log(gpt.points.map((p) => `${p.timestamp.slice(11, 16)} ${p.values.latency_ms ?? "-"}`).join(" | "));
// 14:02 has no point: linear fill puts it halfway between 1200 (14:01) and 700 (14:03).
assert.deepEqual(
  gpt.points.map((p) => p.values.latency_ms),
  [800, 1200, 950, 700],
);

const influxql = toInfluxQL(query);
console.log(influxql);
assert.ok(influxql.endsWith('GROUP BY time(1m), "model_id" fill(linear)'));

const lines = toLineProtocol(points, { integerFields: ["token_count"] });
console.log(lines.split("\n")[0]);
assert.equal(
  lines.split("\n")[0],
  'llm_requests,environment=production,model_id=gpt-4o-mini,provider=openai,source_module=llm-observatory latency_ms=800,token_count=2530i,finish_reason="stop" 1748959205000000000',
);
assert.deepEqual(parseLineProtocol(lines), points);

// Retention: ten days later the points are 5-minute means; the estimate compares the tiers.
const aged = downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, { now: "2025-06-13T14:00:00Z" });
assert.deepEqual([aged.downsampled, aged.buckets], [4, 2]);
const estimate = estimateRetainedPoints(DEFAULT_RETENTION_POLICY, { series: 100, intervalSeconds: 10 });
console.log(`kept: ${estimate.total_points} of ${estimate.undownsampled_points} points`);
assert.equal(estimate.total_points, 6_881_900);
console.log(retentionPolicyStatements(DEFAULT_RETENTION_POLICY, { database: "hub" })[0]);
