import {
  ContinuousQuery,
  IndexConfig,
  RetentionPolicy,
  TimeSeriesBatch,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesResult,
} from "../../src/timeseries/index.js";
import { type CheckCase, fixture } from "./cases.js";

const point = () => fixture("ts-point-performance.json");
// The hub's RetentionPolicy::default() (WIRE_FORMAT.md §3): 7 days full resolution, then 5-minute
// points after 7 days, hourly after 30, daily after 90, deleted after 365, 24-hour shards.
const retention = () => fixture("retention-policy-default-values.json");
const batch = () => {
  const d = fixture("ts-batch.json");
  d.points = d.points.filter((p: { measurement: string }) => p.measurement === d.measurement);
  return d;
};

/** Time-series cases. */
export const TIMESERIES_CASES: CheckCase[] = [
  {
    code: "negative_value",
    name: "a negative latency field",
    schema: TimeSeriesPoint,
    base: point,
    mutate: (d) => {
      d.fields.latency_ms = -842.7;
    },
    path: "/fields/latency_ms",
  },
  {
    code: "percent_out_of_range",
    name: "utilization 178% in a cost field set",
    schema: TimeSeriesBatch,
    base: batch,
    mutate: (d) => {
      d.points[0].fields.utilization_percent = 178;
    },
    path: "/points/0/fields/utilization_percent",
  },
  {
    code: "cvss_out_of_range",
    name: "a severity_score of 12 in a security field set",
    schema: TimeSeriesPoint,
    base: () => fixture("ts-point-security-shaped-fields.json"),
    mutate: (d) => {
      d.fields.severity_score = 12;
    },
    path: "/fields/severity_score",
  },
  {
    code: "score_out_of_range",
    name: "a negative compliance_score",
    schema: TimeSeriesPoint,
    base: () => ({ ...point(), fields: { violation_count: 4, compliance_score: 0.93, audit_count: 118 } }),
    mutate: (d) => {
      d.fields.compliance_score = -0.93;
    },
    path: "/fields/compliance_score",
  },
  {
    code: "ambiguous_score_scale",
    name: "compliance_score 93 (a percentage?)",
    schema: TimeSeriesPoint,
    base: () => ({ ...point(), fields: { violation_count: 4, compliance_score: 0.93, audit_count: 118 } }),
    mutate: (d) => {
      d.fields.compliance_score = 93;
    },
    path: "/fields/compliance_score",
  },
  {
    code: "unknown_source_module",
    name: '"llm-costops", the spelling of the hub\'s own example, for llm-cost-ops',
    schema: TimeSeriesPoint,
    base: point,
    mutate: (d) => {
      d.tags.source_module = "llm-costops";
    },
    path: "/tags/source_module",
  },
  {
    code: "measurement_mismatch",
    name: "an llm_governance point in an llm_costs batch",
    schema: TimeSeriesBatch,
    base: batch,
    mutate: (d) => {
      d.points[1].measurement = "llm_governance";
    },
    path: "/points/1/measurement",
  },
  {
    code: "measurement_mismatch",
    name: "a continuous query reading another measurement than its source",
    schema: ContinuousQuery,
    base: () => fixture("continuous-query-first.json"),
    mutate: (d) => {
      d.query.measurement = "llm_costs";
    },
    path: "/query/measurement",
  },
  {
    code: "count_mismatch",
    name: "point_count 3 for 2 points",
    schema: TimeSeriesResult,
    base: () => fixture("ts-result.json"),
    mutate: (d) => {
      d.metadata.point_count = 3;
    },
    path: "/metadata/point_count",
  },
  {
    code: "count_mismatch",
    name: "series_count 1 for 2 series",
    schema: TimeSeriesResult,
    base: () => fixture("ts-result.json"),
    mutate: (d) => {
      d.metadata.series_count = 1;
    },
    path: "/metadata/series_count",
  },
  {
    code: "points_not_sorted",
    name: "15:00 before 14:00",
    schema: TimeSeriesResult,
    base: () => fixture("ts-result.json"),
    mutate: (d) => {
      d.series[0].points.reverse();
    },
    path: "/series/0/points/1/timestamp",
  },
  {
    code: "time_range_reversed",
    name: "a query range ending a day before it starts",
    schema: TimeSeriesQuery,
    base: () => fixture("ts-query-percentile-fill-value.json"),
    mutate: (d) => {
      d.time_range.end = "2025-06-02T00:00:00Z";
    },
    path: "/time_range",
  },
  {
    code: "percentile_out_of_range",
    name: "the 195th percentile (a u8 allows it)",
    schema: TimeSeriesQuery,
    base: () => fixture("ts-query-percentile-fill-value.json"),
    mutate: (d) => {
      d.aggregation.function.percentile = 195;
    },
    path: "/aggregation/function/percentile",
  },
  {
    code: "invalid_duration",
    name: 'window "5 minutes"',
    schema: TimeSeriesQuery,
    base: () => fixture("ts-query-percentile-fill-value.json"),
    mutate: (d) => {
      d.aggregation.window = "5 minutes";
    },
    path: "/aggregation/window",
  },
  {
    code: "invalid_duration",
    name: 'interval "1M" (months have no fixed length)',
    schema: ContinuousQuery,
    base: () => fixture("continuous-query-first.json"),
    mutate: (d) => {
      d.interval = "1M";
    },
    path: "/interval",
  },
  {
    code: "retention_stages_not_ordered",
    name: "stages after 30 then 7 days",
    schema: RetentionPolicy,
    base: retention,
    mutate: (d) => {
      d.downsample_configs[1].after_days = 5;
    },
    path: "/downsample_configs/1/after_days",
  },
  {
    code: "retention_stages_not_ordered",
    name: "daily points followed by 5-minute points",
    schema: RetentionPolicy,
    base: retention,
    mutate: (d) => {
      d.downsample_configs[2].resolution_minutes = 5;
    },
    path: "/downsample_configs/2/resolution_minutes",
  },
  {
    code: "retention_stages_not_ordered",
    name: "a first stage inside the full-resolution days",
    schema: RetentionPolicy,
    base: retention,
    mutate: (d) => {
      d.full_resolution_days = 14;
    },
    path: "/downsample_configs/0/after_days",
  },
  {
    code: "retention_shorter_than_stage",
    name: "deleted after 60 days, before the 90-day stage",
    schema: RetentionPolicy,
    base: retention,
    mutate: (d) => {
      d.max_retention_days = 60;
    },
    path: "/max_retention_days",
  },
  {
    code: "zero_interval",
    name: "0-hour shards",
    schema: RetentionPolicy,
    base: retention,
    mutate: (d) => {
      d.shard_duration_hours = 0;
    },
    path: "/shard_duration_hours",
  },
  {
    code: "zero_interval",
    name: "time partitioning every 0 hours",
    schema: IndexConfig,
    base: () => fixture("index-config-llm-costs.json"),
    mutate: (d) => {
      d.time_partitioning = true;
    },
    path: "/partition_interval_hours",
  },
  {
    code: "shard_key_not_indexed",
    name: "sharding by an unindexed tag",
    schema: IndexConfig,
    base: () => fixture("index-config-llm-costs.json"),
    mutate: (d) => {
      d.shard_keys = ["team", "environment"];
    },
    path: "/shard_keys/1",
  },
];
