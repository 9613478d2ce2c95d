import { fromEpochMillis } from "../core/timestamp.js";
import type { QuantileSketch } from "../stats/sketch.js";
import { describe } from "../stats/validate.js";
import { addToWindowGroup, mergeStats, outputOrder, type WindowGroup } from "./rollup.js";
import {
  type AggregatedMetric,
  type CounterValues,
  type GaugeValues,
  MetricRollup,
  type MetricValues,
  type StatisticalMeasures,
} from "./schema.js";
import { metricValuesKindOf } from "./values.js";
import { instantMillis, TIME_WINDOW_SECONDS, type WindowOptions, windowAligner } from "./windows.js";

const DAY_MS = 86_400_000;

export interface ApplyRollupOptions extends WindowOptions {
  /** The reference instant for retention (RFC 3339 or epoch ms); injected, never read from a clock. */
  readonly now: string | number;
}

/** An AggregatedMetric, optionally carrying the sketch `rollup` attaches. */
export type RollupInput = AggregatedMetric & { readonly sketch?: QuantileSketch };

export interface AppliedRollup {
  /** The target-window metrics still inside retention, sorted by name, tags and window_start. */
  readonly metrics: RollupInput[];
  /** Target-window metrics whose window ended more than `retention_days` before `now`. */
  readonly expired: RollupInput[];
}

interface Member {
  readonly metric: RollupInput;
  readonly start: number;
  readonly index: number;
}

function pick(fn: string, members: readonly Member[], which: "first" | "last"): Member {
  const sorted = [...members].sort((a, b) => a.start - b.start);
  const chosen = (which === "first" ? sorted[0] : sorted[sorted.length - 1]) as Member;
  if (sorted.filter((m) => m.start === chosen.start).length > 1) {
    throw new RangeError(
      `${fn}: two source metrics share window_start ${chosen.metric.window_start}, so "${which}" is ambiguous`,
    );
  }
  return chosen;
}

function reduce(values: readonly number[], f: "avg" | "sum" | "min" | "max"): number {
  switch (f) {
    case "sum":
      return values.reduce((s, v) => s + v, 0);
    case "avg":
      return values.reduce((s, v) => s + v, 0) / values.length;
    case "min": {
      let m = values[0] as number;
      for (const v of values) if (v < m) m = v;
      return m;
    }
    case "max": {
      let m = values[0] as number;
      for (const v of values) if (v > m) m = v;
      return m;
    }
  }
}

function combine(
  fn: string,
  rule: MetricRollup,
  members: readonly Member[],
): { values: MetricValues; sketch?: QuantileSketch } {
  const f = rule.aggregation;
  const kinds = new Set(members.map((m) => metricValuesKindOf(m.metric.values)));
  if (kinds.size > 1) {
    throw new RangeError(
      `${fn}: one target window mixes ${[...kinds].join(" and ")} values for metric ${JSON.stringify(members[0]?.metric.name)}`,
    );
  }
  const kind = [...kinds][0];
  if (f === "first" || f === "last") {
    const chosen = pick(fn, members, f).metric;
    if (kind !== "gauge")
      return chosen.sketch ? { values: chosen.values, sketch: chosen.sketch } : { values: chosen.values };
    return { values: { ...(chosen.values as GaugeValues), delta: sumDeltas(members) } };
  }
  if (kind === "stats") {
    const parts = members.map((m, i) => {
      if (m.metric.sketch === undefined) {
        throw new TypeError(
          `${fn}: source metric ${m.index} has Stats values without a sketch, so percentiles cannot be rolled up with "${f}"; produce the sources with rollup(), or use "first"/"last"`,
        );
      }
      return { values: m.metric.values as StatisticalMeasures, sketch: m.metric.sketch, i };
    });
    return mergeStats(parts);
  }
  if (kind === "counter") {
    if (f === "avg") {
      throw new RangeError(
        `${fn}: "avg" would give counters a fractional value, which is not a u64 count; use "sum", "min", "max", "first" or "last"`,
      );
    }
    const vs = members.map((m) => m.metric.values as CounterValues);
    const value = reduce(
      vs.map((v) => v.value),
      f,
    );
    // A rate is per second of its own window: summed counts spread over the longer target window.
    const rate =
      f === "sum"
        ? (vs.reduce((s, v) => s + v.rate, 0) * TIME_WINDOW_SECONDS[rule.source_window]) /
          TIME_WINDOW_SECONDS[rule.target_window]
        : reduce(
            vs.map((v) => v.rate),
            f,
          );
    return { values: { value, rate } };
  }
  const gs = members.map((m) => m.metric.values as GaugeValues);
  return {
    values: {
      value: reduce(
        gs.map((g) => g.value),
        f,
      ),
      delta: sumDeltas(members),
    },
  };
}

/** A gauge's change over the target window: the sum of the source deltas, when all are known. */
function sumDeltas(members: readonly Member[]): number | null {
  let total = 0;
  for (const m of members) {
    const d = (m.metric.values as GaugeValues).delta;
    if (typeof d !== "number") return null;
    total += d;
  }
  return total;
}

/**
 * Applies a MetricRollup rule: every source-window metric goes to the target window that
 * contains its window_start (so a 1w source can straddle a month, as the hub's 1w → 1M rules
 * allow), grouped by name and tags, and the group's values are combined by `aggregation`:
 *
 * | values | avg / sum / min / max | first / last |
 * | --- | --- | --- |
 * | Stats | exact merge (count, sum, min, max, mean, stddev; percentiles from the merged sketches, which are required) | that window's measures |
 * | Counter | value by the function (`avg` rejected: counts stay integers); rate by the same function, except `sum`: Σ rate × source seconds / target seconds | that window's value and rate |
 * | Gauge | value by the function; delta = Σ deltas (null if any is unknown) | that window's value; delta = Σ deltas |
 *
 * Retention: a target window whose end is at least `retention_days` days before `options.now`
 * goes to `expired` instead of `metrics` (nothing disappears unreported). O(n log n).
 *
 * @throws RangeError when the rule's target window is not longer than its source window, an
 *   input has another window, or a group mixes value kinds.
 */
export function applyMetricRollup(
  metrics: readonly RollupInput[],
  rule: MetricRollup,
  options: ApplyRollupOptions,
): AppliedRollup {
  const fn = "applyMetricRollup";
  if (!Array.isArray(metrics)) {
    throw new TypeError(
      `${fn}: metrics must be an array of rolled-up metrics (data first), received ${describe(metrics)}`,
    );
  }
  const parsed = MetricRollup.safeParse(rule);
  if (!parsed.success) throw new RangeError(`${fn}: rule is not a MetricRollup: ${parsed.error.issues[0]?.message}`);
  const r = parsed.data;
  if (TIME_WINDOW_SECONDS[r.target_window] <= TIME_WINDOW_SECONDS[r.source_window]) {
    throw new RangeError(
      `${fn}: target_window ${r.target_window} must be longer than source_window ${r.source_window}`,
    );
  }
  if (typeof options !== "object" || options === null) throw new TypeError(`${fn}: options with now are required`);
  const now = instantMillis(fn, options.now, "options.now");
  const aligner = windowAligner(fn, r.target_window, options);
  const groups = new Map<string, WindowGroup<Member>>();
  metrics.forEach((m, index) => {
    if (m.window !== r.source_window) {
      throw new RangeError(`${fn}: metrics[${index}].window is ${m.window}, but the rule rolls up ${r.source_window}`);
    }
    const start = instantMillis(fn, m.window_start, `metrics[${index}].window_start`);
    const b = aligner.bounds(start);
    addToWindowGroup(groups, m, b, { metric: m, start, index });
  });
  const cutoff = now - r.retention_days * DAY_MS;
  const kept: RollupInput[] = [];
  const expired: RollupInput[] = [];
  // By name, then sorted tags (outputOrder, a stable sort), then window start.
  const ordered = outputOrder([...groups.values()].sort((a, b) => a.start - b.start));
  for (const g of ordered) {
    const combined = combine(fn, r, g.members);
    const metric: RollupInput = {
      name: g.name,
      window: r.target_window,
      window_start: fromEpochMillis(g.start),
      window_end: fromEpochMillis(g.end),
      values: combined.values,
      tags: g.tags,
      ...(combined.sketch ? { sketch: combined.sketch } : {}),
    };
    (g.end <= cutoff ? expired : kept).push(metric);
  }
  return { metrics: kept, expired };
}
