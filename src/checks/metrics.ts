import { toEpochMillis } from "../core/index.js";
import {
  AggregatedMetric,
  ComponentMetric,
  CompositeMetric,
  CounterMetric,
  CounterValues,
  CrossModuleMetrics,
  HistogramMetric,
  inferBucketCounts,
  MetricQuery,
  MetricRollup,
  MetricType,
  StatisticalMeasures,
  SummaryMetric,
  TIME_WINDOW_SECONDS,
  type TimeWindow,
} from "../metrics/index.js";
import type { CheckIssue } from "./issue.js";
import { RANGE_RULES } from "./ranges.js";
import { child, list, type Node, nodes, num, show, str } from "./read.js";
import { defineBoundsRule, defineRule, type Report, type Rule } from "./rule.js";
import { compareTimes, reportModuleName, reportOrdered, reportStatsOrder } from "./shared.js";
import { FLOAT_RELATIVE_TOLERANCE, halfStep, isSumWithinRounding } from "./tolerance.js";
import { runRules } from "./walk.js";

/*
 * Checks of the metrics models (WIRE_FORMAT.md §2.3). Statistics are stored, never derived or
 * checked by the hub (§5.1): these rules hold them to the order of their definitions and to
 * each other.
 */

function reportStats(node: Node, report: Report): void {
  reportStatsOrder(node, report);
  const avg = num(node, "avg");
  const count = num(node, "count");
  const sum = num(node, "sum");
  if (avg !== undefined && count !== undefined && sum !== undefined) {
    const exact = avg * count;
    const slack =
      count * halfStep(avg) + halfStep(sum) + FLOAT_RELATIVE_TOLERANCE * Math.max(Math.abs(sum), Math.abs(exact));
    if (Math.abs(sum - exact) > slack) {
      report(
        "sum_mismatch",
        ["sum"],
        `sum is ${show(sum)} but avg × count is ${show(avg)} × ${count} = ${show(exact)}`,
      );
    }
  }
  const sd = num(node, "stddev");
  const min = num(node, "min");
  const max = num(node, "max");
  if (sd === undefined) return;
  if (sd < 0) {
    report("stddev_out_of_range", ["stddev"], `stddev is ${show(sd)}; a standard deviation is never negative`);
    return;
  }
  if (min === undefined || max === undefined || max < min) return;
  const sample = count !== undefined && count >= 2 ? Math.sqrt(count / (count - 1)) : 1;
  const bound = ((max - min) / 2) * sample;
  if (sd > bound + halfStep(sd) + halfStep(max) + halfStep(min)) {
    report(
      "stddev_out_of_range",
      ["stddev"],
      `stddev ${show(sd)} exceeds (max − min) / 2 = ${show((max - min) / 2)}, the largest possible for values in [${min}, ${max}]`,
    );
  }
}

function reportHistogram(node: Node, report: Report): void {
  const buckets = nodes(node, "buckets");
  let previous: number | undefined;
  for (const [i, b] of buckets) {
    const ub = num(b, "upper_bound");
    if (ub === undefined) return;
    if (previous !== undefined && ub <= previous) {
      report(
        "histogram_bounds_not_ascending",
        ["buckets", i, "upper_bound"],
        `upper_bound ${show(ub)} does not come after the previous bucket's ${show(previous)}`,
      );
      return;
    }
    previous = ub;
  }
  const stats = child(node, "stats");
  const total = stats && num(stats, "count");
  if (total === undefined || buckets.length === 0) return;
  let reading: string;
  try {
    reading = inferBucketCounts(buckets.map(([, b]) => b) as never, total);
  } catch {
    return;
  }
  if (reading === "neither") {
    const counts = buckets.map(([, b]) => num(b, "count") ?? 0);
    report(
      "histogram_count_mismatch",
      ["buckets"],
      `stats.count is ${total} but the buckets add up to ${counts.reduce((a, c) => a + c, 0)} (per-bucket) and end at ${counts[counts.length - 1]} (cumulative)`,
    );
  }
}

/** `p99.9` → 99.9; undefined for any other key. */
function percentileOfKey(key: string): number | undefined {
  if (key.length < 2 || key.length > 24 || key[0] !== "p") return undefined;
  const rest = key.slice(1);
  for (const c of rest) if (!(c === "." || (c >= "0" && c <= "9"))) return undefined;
  const p = Number(rest);
  return Number.isFinite(p) ? p : undefined;
}

function reportSummary(node: Node, report: Report): void {
  const percentiles = child(node, "percentiles");
  if (!percentiles) return;
  const parsed: [string, number, number][] = [];
  for (const key of Object.keys(percentiles)) {
    const p = percentileOfKey(key);
    const v = num(percentiles, key);
    if (p === undefined || v === undefined) continue;
    if (p > 100) {
      report("percentile_out_of_range", ["percentiles", key], `percentile key "${key}" is beyond the 100th`);
      continue;
    }
    parsed.push([key, p, v]);
  }
  parsed.sort((a, b) => a[1] - b[1]);
  const stats = child(node, "stats");
  const min = stats && num(stats, "min");
  const max = stats && num(stats, "max");
  let previous: [string, number] | undefined = min === undefined ? undefined : ["stats.min", min];
  for (const [key, , v] of parsed) {
    if (previous && v < previous[1]) {
      report(
        "percentiles_not_ordered",
        ["percentiles", key],
        `${key} ${show(v)} is below ${previous[0]} ${show(previous[1])}`,
      );
      return;
    }
    previous = [key, v];
  }
  if (previous && max !== undefined && previous[1] > max) {
    report(
      "percentiles_not_ordered",
      ["percentiles", previous[0]],
      `${previous[0]} ${show(previous[1])} is above stats.max ${show(max)}`,
    );
  }
}

function reportAggregated(node: Node, report: Report): void {
  reportOrdered(node, ["window_start", "window_end"], report);
  const start = str(node, "window_start");
  const end = str(node, "window_end");
  const window = str(node, "window");
  const seconds =
    window !== undefined && Object.hasOwn(TIME_WINDOW_SECONDS, window)
      ? TIME_WINDOW_SECONDS[window as TimeWindow]
      : undefined;
  const order = compareTimes(end, start);
  if (seconds === undefined || order === undefined || order < 0) return;
  const span = (toEpochMillis(end as string) - toEpochMillis(start as string)) / 1000;
  if (span > seconds) {
    report(
      "window_longer_than_period",
      ["window_end"],
      `the window spans ${span} s, longer than ${window} (${seconds} s)`,
    );
  }
}

function reportComposite(node: Node, report: Report): void {
  (list(node, "source_modules") ?? []).forEach((m, i) => {
    if (typeof m === "string") reportModuleName(m, ["source_modules", i], report);
  });
  const components = nodes(node, "components");
  for (const [i, c] of components)
    reportModuleName(str(c, "source_module"), ["components", i, "source_module"], report);
  const weights = components.map(([, c]) => num(c, "weight"));
  if (weights.length > 0 && weights.every((w) => w !== undefined)) {
    const ws = weights as number[];
    if (!isSumWithinRounding(1, ws, true)) {
      report(
        "weights_not_normalized",
        ["components"],
        `the component weights add up to ${show(ws.reduce((a, b) => a + b, 0))}, not 1`,
      );
    }
  }
}

function reportRollup(node: Node, report: Report): void {
  const source = str(node, "source_window");
  const target = str(node, "target_window");
  if (source === undefined || target === undefined) return;
  if (!Object.hasOwn(TIME_WINDOW_SECONDS, source) || !Object.hasOwn(TIME_WINDOW_SECONDS, target)) return;
  if (TIME_WINDOW_SECONDS[target as TimeWindow] < TIME_WINDOW_SECONDS[source as TimeWindow]) {
    report(
      "rollup_target_finer",
      ["target_window"],
      `rolling ${source} data up into ${target} windows makes them finer`,
    );
  }
  if (num(node, "retention_days") === 0) report("zero_interval", ["retention_days"], "retention_days is 0");
}

export const METRICS_RULES: readonly Rule[] = [
  defineRule("StatisticalMeasures", StatisticalMeasures, reportStats),
  defineRule("HistogramMetric", HistogramMetric, reportHistogram),
  defineRule("SummaryMetric", SummaryMetric, reportSummary),
  defineBoundsRule("CounterMetric", CounterMetric, { rate: "nonnegative" }),
  defineBoundsRule("CounterValues", CounterValues, { rate: "nonnegative" }),
  defineRule("AggregatedMetric", AggregatedMetric, reportAggregated),
  defineRule("CompositeMetric", CompositeMetric, reportComposite),
  defineBoundsRule("ComponentMetric", ComponentMetric, { weight: "score" }),
  defineBoundsRule("CrossModuleMetrics", CrossModuleMetrics, {
    cost_per_request: "nonnegative",
    system_health_score: "score",
  }),
  defineRule("MetricRollup", MetricRollup, reportRollup),
];

const RULES = [...RANGE_RULES, ...METRICS_RULES];

/** The semantic issues of a parsed MetricType (counter, gauge, histogram, summary). O(size); never throws. */
export function checkMetric(value: MetricType): CheckIssue[] {
  return runRules(RULES, MetricType, value);
}

/** The semantic issues of a parsed AggregatedMetric. */
export function checkAggregatedMetric(value: AggregatedMetric): CheckIssue[] {
  return runRules(RULES, AggregatedMetric, value);
}

/** The semantic issues of a parsed CompositeMetric. */
export function checkCompositeMetric(value: CompositeMetric): CheckIssue[] {
  return runRules(RULES, CompositeMetric, value);
}

/** The semantic issues of a parsed MetricQuery. */
export function checkMetricQuery(value: MetricQuery): CheckIssue[] {
  return runRules(RULES, MetricQuery, value);
}

/** The semantic issues of a parsed MetricRollup. */
export function checkMetricRollup(value: MetricRollup): CheckIssue[] {
  return runRules(RULES, MetricRollup, value);
}
