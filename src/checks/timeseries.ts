import {
  Aggregation,
  ContinuousQuery,
  IndexConfig,
  parseDuration,
  RetentionPolicy,
  TimeSeries,
  TimeSeriesBatch,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesResult,
} from "../timeseries/index.js";
import type { CheckIssue } from "./issue.js";
import { RANGE_RULES } from "./ranges.js";
import { child, list, type Node, nodes, num, own, str } from "./read.js";
import { type Bound, defineRule, type Report, type Rule, reportBound } from "./rule.js";
import { compareTimes, reportModuleName, reportUndefinedScale } from "./shared.js";
import { runRules } from "./walk.js";

/*
 * Checks of the time-series models (WIRE_FORMAT.md §2.4). FieldSet is untagged and the hub
 * reads any all-numeric object as PerformanceFields (§5.5), so the named fields of all four
 * sets are checked by name wherever they appear, whichever variant the hub would pick.
 */

const FIELD_BOUNDS: ReadonlyMap<string, Bound> = new Map<string, Bound>([
  ["latency_ms", "nonnegative"],
  ["throughput", "nonnegative"],
  ["severity_score", "cvss"],
  ["cost_usd", "nonnegative"],
  ["token_cost", "nonnegative"],
  ["utilization_percent", "percent"],
  ["compliance_score", "score"],
]);

/** Longest duration text parsed; longer text is reported without parsing (its digits would be read as a bigint). */
const MAX_DURATION_LENGTH = 64;

function reportDuration(node: Node, key: string, report: Report): void {
  const text = str(node, key);
  if (text === undefined) return;
  let ok = text.length <= MAX_DURATION_LENGTH;
  if (ok) {
    try {
      parseDuration(text);
    } catch {
      ok = false;
    }
  }
  if (!ok) {
    report(
      "invalid_duration",
      [key],
      `${key} ${JSON.stringify(text.length > MAX_DURATION_LENGTH ? `${text.slice(0, MAX_DURATION_LENGTH)}…` : text)} is not a duration such as "30s", "5m", "1h30m"`,
    );
  }
}

function reportPoint(node: Node, report: Report): void {
  const tags = child(node, "tags");
  if (tags) reportModuleName(str(tags, "source_module"), ["tags", "source_module"], report);
  const fields = child(node, "fields");
  if (!fields) return;
  for (const [key, bound] of FIELD_BOUNDS) {
    const nested: Report = (code, path, message) => report(code, ["fields", ...path], message);
    if (bound === "score") reportUndefinedScale(fields, key, nested);
    else reportBound(fields, key, bound, nested);
  }
}

function reportBatch(node: Node, report: Report): void {
  const measurement = str(node, "measurement");
  if (measurement === undefined) return;
  for (const [i, point] of nodes(node, "points")) {
    const m = str(point, "measurement");
    if (m !== undefined && m !== measurement) {
      report(
        "measurement_mismatch",
        ["points", i, "measurement"],
        `point measurement "${m}" differs from the batch's "${measurement}"`,
      );
    }
  }
}

function reportResult(node: Node, report: Report): void {
  const series = nodes(node, "series");
  const metadata = child(node, "metadata");
  if (!metadata || !Array.isArray(own(node, "series"))) return;
  let points = 0;
  for (const [, s] of series) points += list(s, "points")?.length ?? 0;
  const seriesCount = num(metadata, "series_count");
  if (seriesCount !== undefined && seriesCount !== series.length) {
    report(
      "count_mismatch",
      ["metadata", "series_count"],
      `series_count is ${seriesCount} but there are ${series.length} series`,
    );
  }
  const pointCount = num(metadata, "point_count");
  if (pointCount !== undefined && pointCount !== points) {
    report("count_mismatch", ["metadata", "point_count"], `point_count is ${pointCount} but the series hold ${points}`);
  }
}

function reportSeriesOrder(node: Node, report: Report): void {
  let previous: string | undefined;
  for (const [i, point] of nodes(node, "points")) {
    const t = str(point, "timestamp");
    const order = compareTimes(t, previous);
    if (order !== undefined && order < 0) {
      report(
        "points_not_sorted",
        ["points", i, "timestamp"],
        `point ${i} at ${t} comes before point ${i - 1} at ${previous}`,
      );
      return;
    }
    previous = t;
  }
}

function reportRetention(node: Node, report: Report): void {
  const full = num(node, "full_resolution_days");
  const max = num(node, "max_retention_days");
  if (num(node, "shard_duration_hours") === 0) {
    report("zero_interval", ["shard_duration_hours"], "shard_duration_hours is 0");
  }
  if (full !== undefined && max !== undefined && max < full) {
    report(
      "retention_shorter_than_stage",
      ["max_retention_days"],
      `max_retention_days ${max} ends before full_resolution_days ${full}`,
    );
  }
  let previousAge = full;
  let previousResolution: number | undefined;
  let reported = false;
  for (const [i, stage] of nodes(node, "downsample_configs")) {
    const age = num(stage, "after_days");
    const resolution = num(stage, "resolution_minutes");
    if (resolution === 0)
      report("zero_interval", ["downsample_configs", i, "resolution_minutes"], "resolution_minutes is 0");
    if (
      !reported &&
      age !== undefined &&
      previousAge !== undefined &&
      (i === 0 ? age < previousAge : age <= previousAge)
    ) {
      report(
        "retention_stages_not_ordered",
        ["downsample_configs", i, "after_days"],
        i === 0
          ? `the first stage starts after ${age} days, inside the ${previousAge} full-resolution days`
          : `after_days ${age} does not come after the previous stage's ${previousAge}`,
      );
      reported = true;
    } else if (
      !reported &&
      resolution !== undefined &&
      previousResolution !== undefined &&
      resolution < previousResolution
    ) {
      report(
        "retention_stages_not_ordered",
        ["downsample_configs", i, "resolution_minutes"],
        `resolution_minutes ${resolution} is finer than the earlier stage's ${previousResolution}`,
      );
      reported = true;
    }
    if (age !== undefined && max !== undefined && max < age) {
      report(
        "retention_shorter_than_stage",
        ["max_retention_days"],
        `max_retention_days ${max} ends before the stage starting after ${age} days`,
      );
    }
    if (age !== undefined) previousAge = age;
    if (resolution !== undefined) previousResolution = resolution;
  }
}

function reportIndex(node: Node, report: Report): void {
  const indexed = new Set(list(node, "indexed_tags") ?? []);
  const keys = list(node, "shard_keys") ?? [];
  keys.forEach((k, i) => {
    if (typeof k === "string" && !indexed.has(k)) {
      report("shard_key_not_indexed", ["shard_keys", i], `shard key "${k}" is not an indexed tag`);
    }
  });
  if (own(node, "time_partitioning") === true && num(node, "partition_interval_hours") === 0) {
    report("zero_interval", ["partition_interval_hours"], "time_partitioning is on but partition_interval_hours is 0");
  }
}

function reportAggregation(node: Node, report: Report): void {
  const fn = child(node, "function");
  const p = fn && num(fn, "percentile");
  if (p !== undefined && p > 100) {
    report("percentile_out_of_range", ["function", "percentile"], `percentile ${p} is beyond the 100th`);
  }
  reportDuration(node, "window", report);
}

function reportContinuous(node: Node, report: Report): void {
  reportDuration(node, "interval", report);
  const source = str(node, "source_measurement");
  const query = child(node, "query");
  const read = query && str(query, "measurement");
  if (source !== undefined && read !== undefined && read !== source) {
    report(
      "measurement_mismatch",
      ["query", "measurement"],
      `the query reads "${read}" but source_measurement is "${source}"`,
    );
  }
}

export const TIMESERIES_RULES: readonly Rule[] = [
  defineRule("TimeSeriesPoint", TimeSeriesPoint, reportPoint),
  defineRule("TimeSeriesBatch", TimeSeriesBatch, reportBatch),
  defineRule("TimeSeriesResult", TimeSeriesResult, reportResult),
  defineRule("TimeSeries", TimeSeries, reportSeriesOrder),
  defineRule("RetentionPolicy", RetentionPolicy, reportRetention),
  defineRule("IndexConfig", IndexConfig, reportIndex),
  defineRule("Aggregation", Aggregation, reportAggregation),
  defineRule("ContinuousQuery", ContinuousQuery, reportContinuous),
];

const RULES = [...RANGE_RULES, ...TIMESERIES_RULES];

/** The semantic issues of a parsed TimeSeriesPoint. O(size); never throws. */
export function checkTimeSeriesPoint(value: TimeSeriesPoint): CheckIssue[] {
  return runRules(RULES, TimeSeriesPoint, value);
}

/** The semantic issues of a parsed TimeSeriesBatch. */
export function checkTimeSeriesBatch(value: TimeSeriesBatch): CheckIssue[] {
  return runRules(RULES, TimeSeriesBatch, value);
}

/** The semantic issues of a parsed TimeSeriesQuery. */
export function checkTimeSeriesQuery(value: TimeSeriesQuery): CheckIssue[] {
  return runRules(RULES, TimeSeriesQuery, value);
}

/** The semantic issues of a parsed TimeSeriesResult. */
export function checkTimeSeriesResult(value: TimeSeriesResult): CheckIssue[] {
  return runRules(RULES, TimeSeriesResult, value);
}

/** The semantic issues of a parsed RetentionPolicy. */
export function checkRetentionPolicy(value: RetentionPolicy): CheckIssue[] {
  return runRules(RULES, RetentionPolicy, value);
}

/** The semantic issues of a parsed IndexConfig. */
export function checkIndexConfig(value: IndexConfig): CheckIssue[] {
  return runRules(RULES, IndexConfig, value);
}

/** The semantic issues of a parsed ContinuousQuery. */
export function checkContinuousQuery(value: ContinuousQuery): CheckIssue[] {
  return runRules(RULES, ContinuousQuery, value);
}
