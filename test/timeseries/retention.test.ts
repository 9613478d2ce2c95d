import { describe, expect, it } from "vitest";
import {
  DEFAULT_RETENTION_POLICY,
  downsampleByPolicy,
  estimateRetainedPoints,
  RetentionPolicy,
  resolutionAtAge,
  type TimeSeriesPoint,
} from "../../src/timeseries/index.js";

const DAY = 86_400_000;

describe("resolutionAtAge (the hub's RetentionPolicy::default: 7 d full, 5 m after 7, 1 h after 30, 1 d after 90, 365 d)", () => {
  it("walks the tiers at their boundaries", () => {
    const at = (days: number) => resolutionAtAge(DEFAULT_RETENTION_POLICY, days * DAY);
    expect(at(0)).toEqual({ kind: "full" });
    expect(at(7 - 1e-9)).toEqual({ kind: "full" });
    expect(at(7)).toEqual({ kind: "downsampled", after_days: 7, resolution_minutes: 5 });
    expect(at(29.99)).toEqual({ kind: "downsampled", after_days: 7, resolution_minutes: 5 });
    expect(at(30)).toEqual({ kind: "downsampled", after_days: 30, resolution_minutes: 60 });
    expect(at(90)).toEqual({ kind: "downsampled", after_days: 90, resolution_minutes: 1440 });
    expect(at(364.99)).toEqual({ kind: "downsampled", after_days: 90, resolution_minutes: 1440 });
    expect(at(365)).toEqual({ kind: "expired" });
  });
  it("keeps full resolution before full_resolution_days and across a gap before the first stage", () => {
    const policy = RetentionPolicy.parse({
      name: "p",
      full_resolution_days: 10,
      downsample_configs: [
        { after_days: 30, resolution_minutes: 60 },
        { after_days: 5, resolution_minutes: 1 },
      ],
      max_retention_days: 100,
      shard_duration_hours: 24,
    });
    expect(resolutionAtAge(policy, 6 * DAY)).toEqual({ kind: "full" });
    expect(resolutionAtAge(policy, 12 * DAY)).toEqual({ kind: "downsampled", after_days: 5, resolution_minutes: 1 });
    expect(resolutionAtAge(policy, 31 * DAY)).toEqual({ kind: "downsampled", after_days: 30, resolution_minutes: 60 });
  });
  it("rejects negative ages and broken numbers", () => {
    expect(() => resolutionAtAge(DEFAULT_RETENTION_POLICY, -1)).toThrow(
      "resolutionAtAge: ageMs must be a finite number ≥ 0, received -1",
    );
    expect(() =>
      resolutionAtAge(
        { ...DEFAULT_RETENTION_POLICY, downsample_configs: [{ after_days: 1, resolution_minutes: 0 }] },
        0,
      ),
    ).toThrow(
      "resolutionAtAge: policy.downsample_configs[0].resolution_minutes must be a whole number ≥ 1, received 0",
    );
  });
});

describe("estimateRetainedPoints", () => {
  it("counts points per tier for one series every 10 s under the default policy", () => {
    const estimate = estimateRetainedPoints(DEFAULT_RETENTION_POLICY, { series: 1, intervalSeconds: 10 });
    // full: 7 d × 8640/d = 60480; 5 m: 23 d × 288/d = 6624; 1 h: 60 d × 24/d = 1440; 1 d: 275 d × 1.
    expect(estimate.tiers).toEqual([
      { kind: "full", from_days: 0, to_days: 7, resolution_minutes: null, points: 60480 },
      { kind: "downsampled", from_days: 7, to_days: 30, resolution_minutes: 5, points: 6624 },
      { kind: "downsampled", from_days: 30, to_days: 90, resolution_minutes: 60, points: 1440 },
      { kind: "downsampled", from_days: 90, to_days: 365, resolution_minutes: 1440, points: 275 },
    ]);
    expect(estimate.total_points).toBe(68819);
    expect(estimate.undownsampled_points).toBe(3_153_600);
  });
  it("does not count more points than were written when the resolution is finer than the interval", () => {
    const estimate = estimateRetainedPoints(DEFAULT_RETENTION_POLICY, { series: 2, intervalSeconds: 3600 });
    // 5-minute windows hold one point per hour: 23 d × 24 × 2 series.
    expect(estimate.tiers[1]?.points).toBe(1104);
  });
  it("rejects a bad workload", () => {
    expect(() => estimateRetainedPoints(DEFAULT_RETENTION_POLICY, { series: 1, intervalSeconds: 0 })).toThrow(
      "estimateRetainedPoints: workload.intervalSeconds must be a finite number greater than 0, received 0",
    );
    expect(() => estimateRetainedPoints(DEFAULT_RETENTION_POLICY, { series: 1.5, intervalSeconds: 1 })).toThrow(
      "estimateRetainedPoints: workload.series must be a whole number ≥ 0, received 1.5",
    );
  });
});

describe("downsampleByPolicy", () => {
  const p = (timestamp: string, fields: Record<string, number | string>, model = "gpt-4o-mini"): TimeSeriesPoint =>
    Object.freeze({
      measurement: "llm_requests",
      timestamp,
      tags: Object.freeze({ source_module: "llm-observatory", environment: "production", model_id: model }),
      fields: Object.freeze(fields),
      metadata: Object.freeze({ request_id: timestamp }),
    });
  const points = Object.freeze([
    p("2025-06-09T12:00:00Z", { v: 1 }), // 0.5 days old: full
    p("2025-06-01T00:03:00Z", { v: 4, s: "b" }), // 9 days old: 5-minute bucket 00:00
    p("2025-06-01T00:01:00Z", { v: 2, s: "a" }), // same bucket
    p("2025-06-01T00:06:00Z", { v: 7 }), // bucket 00:05
    p("2025-06-01T00:02:00Z", { v: 9 }, "claude-sonnet-4"), // other series, bucket 00:00
    p("2024-01-01T00:00:00Z", { v: 5 }), // 526 days old: expired
    p("2025-06-11T00:00:00Z", { v: 6 }), // after now: kept as is
  ]);

  it("keeps recent points, merges old ones per series and bucket, drops expired ones, by time", () => {
    const result = downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, { now: "2025-06-10T00:00:00Z" });
    expect(result).toMatchObject({ full: 2, downsampled: 4, buckets: 3, expired: 1 });
    const tags = { source_module: "llm-observatory", environment: "production", model_id: "gpt-4o-mini" };
    const meta = (n: number) => ({ downsample_count: String(n), downsample_resolution_minutes: "5" });
    expect(result.points).toEqual([
      {
        measurement: "llm_requests",
        timestamp: "2025-06-01T00:00:00Z",
        tags,
        fields: { v: 3, s: "b" },
        metadata: meta(2),
      },
      {
        measurement: "llm_requests",
        timestamp: "2025-06-01T00:00:00Z",
        tags: { ...tags, model_id: "claude-sonnet-4" },
        fields: { v: 9 },
        metadata: meta(1),
      },
      { measurement: "llm_requests", timestamp: "2025-06-01T00:05:00Z", tags, fields: { v: 7 }, metadata: meta(1) },
      points[0],
      points[6],
    ]);
  });
  it("combines with the chosen function", () => {
    const result = downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, {
      now: "2025-06-10T00:00:00Z",
      function: "max",
    });
    expect(result.points[0]?.fields).toEqual({ v: 4, s: "b" });
    const sums = downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, {
      now: "2025-06-10T00:00:00Z",
      function: "count",
    });
    expect(sums.points[0]?.fields).toEqual({ v: 2, s: "b" });
  });
  it("rejects a bad or missing options.now", () => {
    expect(() => downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, undefined as never)).toThrow(
      "downsampleByPolicy: options with now are required, received undefined",
    );
    expect(() => downsampleByPolicy(points, DEFAULT_RETENTION_POLICY, { now: "yesterday" })).toThrow(
      'downsampleByPolicy: options.now must be an RFC 3339 timestamp with seconds and an offset, received "yesterday" (expected the year (digits) at position 0)',
    );
  });
});
