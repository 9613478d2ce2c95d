import {
  AggregatedMetric,
  CompositeMetric,
  CrossModuleMetrics,
  MetricQuery,
  MetricRollup,
  MetricType,
} from "../../src/metrics/index.js";
import { type CheckCase, fixture } from "./cases.js";

// The fixture's stats agree: 612.4 × 120034 = 73508821.6 = sum; its buckets are cumulative and end
// at count 120034 (Prometheus `le` buckets); stddev 402.9 ≤ (9120 − 88.1) / 2.
const histogram = () => fixture("metric-histogram.json");
const summary = () => fixture("metric-summary.json");
const aggregated = () => fixture("aggregated-metric-stats.json");
// 0.5 + 0.3 + 0.2 = 1.
const health = () => fixture("composite-metric-system-health.json");

/** Metrics cases. */
export const METRICS_CASES: CheckCase[] = [
  {
    code: "min_exceeds_max",
    name: "min 9200 above max 9120",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.stats.min = 9200;
    },
    path: "/stats/min",
  },
  {
    code: "average_outside_range",
    name: "avg above max",
    schema: AggregatedMetric,
    base: aggregated,
    mutate: (d) => {
      d.values.avg = 8900;
      d.values.sum = 8900 * 31002;
    },
    path: "/values/avg",
  },
  {
    code: "percentiles_not_ordered",
    name: "p50 above p95",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.stats.p50 = 1600;
    },
    path: "/stats/p95",
  },
  {
    code: "percentiles_not_ordered",
    name: "p99 above max",
    schema: MetricType,
    base: summary,
    mutate: (d) => {
      d.stats.p99 = 2300;
      d.percentiles.p99 = 2300;
    },
    path: "/stats/max",
  },
  {
    code: "percentiles_not_ordered",
    name: "a summary's p99.9 below its p99",
    schema: MetricType,
    base: summary,
    mutate: (d) => {
      d.percentiles["p99.9"] = 1000;
    },
    path: "/percentiles/p99.9",
  },
  {
    code: "percentile_out_of_range",
    name: 'a summary percentile "p150"',
    schema: MetricType,
    base: summary,
    mutate: (d) => {
      d.percentiles.p150 = 2210;
    },
    path: "/percentiles/p150",
  },
  {
    code: "sum_mismatch",
    name: "sum 7350882.16 for 612.4 × 120034 = 73508821.6",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.stats.sum = 7350882.16;
    },
    path: "/stats/sum",
  },
  {
    code: "sum_mismatch",
    name: "sum beyond avg's rounding: 702.3 ± 0.05 × 31002 allows ±1550.1, not +2000",
    schema: AggregatedMetric,
    base: aggregated,
    mutate: (d) => {
      d.values.sum = 702.3 * 31002 + 2000;
    },
    path: "/values/sum",
  },
  {
    code: "stddev_out_of_range",
    name: "stddev 5000 for values in [88.1, 9120]",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.stats.stddev = 5000;
    },
    path: "/stats/stddev",
  },
  {
    code: "stddev_out_of_range",
    name: "a negative stddev",
    schema: AggregatedMetric,
    base: aggregated,
    mutate: (d) => {
      d.values.stddev = -388.8;
    },
    path: "/values/stddev",
  },
  {
    code: "histogram_bounds_not_ascending",
    name: "bounds 100, 250, 250",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.buckets[2].upper_bound = 250;
    },
    path: "/buckets/2/upper_bound",
  },
  {
    code: "histogram_count_mismatch",
    name: "cumulative buckets ending at 120000 for 120034 observations",
    schema: MetricType,
    base: histogram,
    mutate: (d) => {
      d.buckets[5].count = 120000;
    },
    path: "/buckets",
  },
  {
    code: "time_range_reversed",
    name: "window_end an hour before window_start",
    schema: AggregatedMetric,
    base: aggregated,
    mutate: (d) => {
      d.window_end = "2025-06-03T13:00:00Z";
    },
    path: "/window_end",
  },
  {
    code: "time_range_reversed",
    name: "a metric query over a reversed range",
    schema: MetricQuery,
    base: () => fixture("metric-query-full.json"),
    mutate: (d) => {
      [d.time_range.start, d.time_range.end] = [d.time_range.end, d.time_range.start];
    },
    path: "/time_range",
  },
  {
    code: "window_longer_than_period",
    name: "a one_hour window spanning 2 hours",
    schema: AggregatedMetric,
    base: aggregated,
    mutate: (d) => {
      d.window_end = "2025-06-03T16:00:00Z";
    },
    path: "/window_end",
  },
  {
    code: "rollup_target_finer",
    name: "one_hour rolled up into five_minutes",
    schema: MetricRollup,
    base: () => fixture("metric-rollup-5m-to-1h-sum.json"),
    mutate: (d) => {
      [d.source_window, d.target_window] = [d.target_window, d.source_window];
    },
    path: "/target_window",
  },
  {
    code: "zero_interval",
    name: "a rollup kept for 0 days",
    schema: MetricRollup,
    base: () => fixture("metric-rollup-5m-to-1h-sum.json"),
    mutate: (d) => {
      d.retention_days = 0;
    },
    path: "/retention_days",
  },
  {
    code: "weights_not_normalized",
    name: "weights 0.5 + 0.3 + 0.5 = 1.3, beyond the ±0.15 that three one-decimal roundings allow",
    schema: CompositeMetric,
    base: health,
    mutate: (d) => {
      d.components[2].weight = 0.5;
    },
    path: "/components",
  },
  {
    code: "score_out_of_range",
    name: "a component weight of 1.5",
    schema: CompositeMetric,
    base: () => fixture("composite-metric-cost-per-request.json"),
    mutate: (d) => {
      d.components[0].weight = 1.5;
    },
    path: "/components/0/weight",
  },
  {
    code: "score_out_of_range",
    name: "a system health score of 96.5",
    schema: CrossModuleMetrics,
    base: () => fixture("cross-module-metrics.json"),
    mutate: (d) => {
      d.system_health_score = 96.5;
    },
    path: "/system_health_score",
  },
  {
    code: "negative_value",
    name: "a negative counter rate",
    schema: MetricType,
    base: () => fixture("metric-counter.json"),
    mutate: (d) => {
      d.rate = -3.2;
    },
    path: "/rate",
  },
  {
    code: "negative_value",
    name: "a negative rate in aggregated counter values",
    schema: AggregatedMetric,
    base: () => fixture("aggregated-metric-counter.json"),
    mutate: (d) => {
      d.values.rate = -42.48;
    },
    path: "/values/rate",
  },
  {
    code: "unknown_source_module",
    name: 'a composite over "llm-costops" (the hub example\'s spelling)',
    schema: CompositeMetric,
    base: health,
    mutate: (d) => {
      d.source_modules[0] = "llm-costops";
    },
    path: "/source_modules/0",
  },
];
