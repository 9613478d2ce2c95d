import { epochNanosOf, floorDiv, timestampOfNanos } from "../core/timestamp.js";
import {
  maxOf,
  mean,
  median,
  minOf,
  QUANTILE_METHODS,
  type QuantileMethod,
  quantile,
  stddev,
  sumOf,
} from "../stats/index.js";
import { assertWholeAtLeast, describe } from "../stats/validate.js";
import { readDuration } from "./duration.js";
import { fieldEntries, tagEntries, tagValue } from "./fields.js";
import type { FieldValue, TimeSeriesPoint } from "./schema/point.js";
import type {
  AggregationFunction,
  DataPoint,
  FillStrategy,
  TimeSeries,
  TimeSeriesQuery,
  TimeSeriesQueryInput,
  TimeSeriesResult,
} from "./schema/query.js";

export interface ExecuteQueryOptions {
  /**
   * A clock in milliseconds, read before and after the run to fill `execution_time_ms`.
   * Without one, `execution_time_ms` is 0: the helper reads no hidden clock.
   */
  readonly clock?: () => number;
  /**
   * How `{"percentile": p}` reads a quantile: `"linear"` (default; R type 7, numpy's
   * default) or any other stats QUANTILE_METHODS entry. `"influxql"` reproduces InfluxDB's
   * nearest-rank PERCENTILE, including its missing value when ⌊n·p/100 + 0.5⌋ = 0.
   */
  readonly percentileMethod?: QuantileMethod;
  /** Largest number of windows one series may span when a fill strategy is set (default 1 000 000). */
  readonly maxWindows?: number;
  /**
   * Fields stored as integers (as `toLineProtocol`'s `integerFields`). InfluxDB keeps sum,
   * min, max, first and last of an integer field integral, so `fill(linear)` truncates their
   * interpolated values toward zero; counts are always integral.
   */
  readonly integerFields?: readonly string[];
}

const INTEGRAL_OF_INTEGER = new Set(["sum", "min", "max", "first", "last"]);

const FN = "executeQuery";

interface Row {
  readonly ns: bigint;
  readonly index: number;
  readonly point: TimeSeriesPoint;
}

interface Group {
  readonly tags: Record<string, string>;
  readonly key: string;
  readonly rows: Row[];
}

/** A window's result: a value; `null` when InfluxDB emits the window without a value (stddev of one point); `undefined` when it emits nothing. */
type Aggregate = FieldValue | null | undefined;

function functionName(fn: AggregationFunction): string {
  return typeof fn === "string" ? fn : "percentile";
}

function assertCount(label: string, value: number | null | undefined): number | undefined {
  return value === undefined || value === null ? undefined : assertWholeAtLeast(FN, value, 0, label);
}

function compareTags(a: Group, b: Group): number {
  const ka = Object.keys(a.tags).sort();
  const kb = Object.keys(b.tags).sort();
  for (let i = 0; i < Math.min(ka.length, kb.length); i++) {
    const x = ka[i] as string;
    const y = kb[i] as string;
    if (x !== y) return x < y ? -1 : 1;
    const vx = a.tags[x] as string;
    const vy = b.tags[y] as string;
    if (vx !== vy) return vx < vy ? -1 : 1;
  }
  return ka.length - kb.length;
}

/** Groups rows into series by the group-by tags (`"*"` means every tag), in InfluxDB's series order. */
function groupRows(rows: readonly Row[], groupBy: readonly string[], measurementTags: readonly string[]): Group[] {
  const keys = [...new Set(groupBy.flatMap((k) => (k === "*" ? measurementTags : [k])))];
  const groups = new Map<string, Group>();
  for (const row of rows) {
    const tags: Record<string, string> = {};
    for (const k of keys) tags[k] = tagValue(row.point.tags, k) ?? "";
    const key = JSON.stringify(Object.entries(tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    let group = groups.get(key);
    if (!group) {
      group = { tags, key, rows: [] };
      groups.set(key, group);
    }
    group.rows.push(row);
  }
  return [...groups.values()].sort(compareTags);
}

function numbersOf(values: readonly { value: FieldValue; ns: bigint }[], fn: string, field: string): number[] {
  return values.map(({ value, ns }) => {
    if (typeof value !== "number") {
      throw new TypeError(
        `${FN}: ${fn} needs numbers, but field ${JSON.stringify(field)} holds ${describe(value)} at ${timestampOfNanos(FN, ns)}`,
      );
    }
    return value;
  });
}

function aggregate(
  fn: AggregationFunction,
  field: string,
  values: readonly { value: FieldValue; ns: bigint }[],
  method: QuantileMethod,
): Aggregate {
  const name = functionName(fn);
  if (name === "count") return values.length === 0 ? undefined : values.length;
  if (values.length === 0) return undefined;
  if (name === "first" || name === "last") {
    let pick = values[0] as { value: FieldValue; ns: bigint };
    for (const v of values) {
      if (name === "first" ? v.ns < pick.ns : v.ns >= pick.ns) pick = v;
    }
    return pick.value;
  }
  const xs = numbersOf(values, name, field);
  switch (name) {
    case "mean":
      return mean(xs);
    case "sum":
      return sumOf(xs);
    case "min":
      return minOf(xs);
    case "max":
      return maxOf(xs);
    case "stddev":
      // InfluxQL's STDDEV is the sample standard deviation and has no value for one point.
      return xs.length < 2 ? null : stddev(xs, { sample: true });
    case "median":
      return median(xs);
    default: {
      const p = (fn as { percentile: number }).percentile;
      if (method === "influxql" && Math.floor((xs.length * p) / 100 + 0.5) - 1 < 0) return undefined;
      return quantile(xs, p / 100, { method });
    }
  }
}

interface WindowRow {
  readonly start: bigint;
  readonly values: Map<string, Aggregate>;
}

/**
 * Fills the empty windows of one field in place, as InfluxQL's `fill()` does: `null` leaves
 * them empty (a count reads 0), `previous` repeats the last value (filled or not), `linear`
 * interpolates between the nearest non-empty windows on each side (ends stay empty; integer
 * results such as counts are truncated toward zero, as InfluxDB's integer interpolation),
 * `zero` writes 0 and `{"value": n}` writes n.
 */
function fillField(
  rows: WindowRow[],
  field: string,
  fill: FillStrategy,
  { integral, isCount }: { readonly integral: boolean; readonly isCount: boolean },
): void {
  // Only windows without an emitted point are filled: a window whose aggregate was emitted
  // without a value (a lone point's stddev) stays empty, as in InfluxDB.
  if (fill === "null") {
    if (isCount) fillEmpty(rows, field, 0);
  } else if (fill === "zero" || typeof fill === "object") {
    fillEmpty(rows, field, fill === "zero" ? 0 : fill.value);
  } else if (fill === "previous") {
    fillPrevious(rows, field);
  } else {
    fillLinear(rows, field, integral);
  }
}

function fillEmpty(rows: WindowRow[], field: string, value: number): void {
  for (const r of rows) if (r.values.get(field) === undefined) r.values.set(field, value);
}

/** The previous emitted point, valueless or not, is repeated. */
function fillPrevious(rows: WindowRow[], field: string): void {
  let prev: Aggregate;
  for (const r of rows) {
    const v = r.values.get(field);
    if (v === undefined) {
      if (prev !== undefined) r.values.set(field, prev);
    } else prev = v;
  }
}

/** Each run of empty windows between two numbers gets the straight line between them, by window start. */
function fillLinear(rows: WindowRow[], field: string, integral: boolean): void {
  let last = -1;
  for (let i = 0; i < rows.length; i++) {
    const v = (rows[i] as WindowRow).values.get(field);
    if (v === undefined) continue;
    if (last >= 0 && i - last > 1) {
      const a = (rows[last] as WindowRow).values.get(field);
      if (typeof a === "number" && typeof v === "number") {
        const x0 = (rows[last] as WindowRow).start;
        const x1 = (rows[i] as WindowRow).start;
        for (let j = last + 1; j < i; j++) {
          const row = rows[j] as WindowRow;
          const y = a + ((v - a) / Number(x1 - x0)) * Number(row.start - x0);
          row.values.set(field, integral ? Math.trunc(y) : y);
        }
      }
    }
    last = i;
  }
}

/**
 * Runs a TimeSeriesQuery over points in memory, with InfluxQL's semantics (InfluxDB 1.x), and
 * returns a TimeSeriesResult.
 *
 * - Points match on `measurement`, on `time_range.start ≤ timestamp < time_range.end`, and
 *   on every `tag_filters` entry (a missing tag reads as "", as in InfluxQL).
 * - Series: one per distinct value of the `group_by` tags (a missing tag groups as "";
 *   `"*"` groups by every tag key of the measurement), sorted by tag values; each series' `tags` holds those values.
 * - Without `aggregation`: the points themselves, by time, with `select_fields` (all fields
 *   when empty); a point with none of them is left out, as InfluxDB leaves out all-null rows.
 * - With `aggregation`: windows of `aggregation.window` (an InfluxQL duration such as "30s",
 *   "5m", "1h", "1d") aligned to the Unix epoch, stamped with their start; `aggregation.fields`
 *   (or `select_fields` when that is empty) are aggregated per window. The functions are
 *   InfluxQL's: mean; sum (compensated); min; max; count (values of any type); first and last
 *   (by timestamp, any type); stddev, the **sample** standard deviation, with no value for a
 *   single point; median (mean of the two middle values); percentile p with linear
 *   interpolation (R type 7), unlike InfluxQL's nearest rank (`options.percentileMethod:
 *   "influxql"` reproduces it). Numeric functions reject a non-number with an error.
 * - `fill`: absent means InfluxQL's `fill(none)` (empty windows are left out); otherwise every
 *   window from the one holding `start` to the one holding the last instant before `end` is
 *   returned and empty ones are filled as in `fill(null|previous|linear|0|n)`. A value that
 *   stays empty is left out of `values` (FieldValue has no null).
 * - `offset`/`limit` apply per series, to points (InfluxQL `OFFSET`/`LIMIT`); `truncated`
 *   tells whether `limit` cut any off. `limit: 0` returns no points (InfluxQL reads LIMIT 0 as
 *   no limit; `toInfluxQL` refuses it). A series left without points is not returned.
 * - `metadata`: `point_count` and `series_count` count what is returned; `warnings` name
 *   selected fields that no matching point holds and options that do not apply.
 *
 * Complexity: O(n log n) for n matching points, plus O(windows) per series when filling.
 * Inputs are not modified.
 *
 * @throws RangeError or TypeError naming the broken precondition: an unparsable window, a
 *   range whose end is before its start, a percentile above 100, no fields to aggregate, a
 *   numeric aggregation over a string or boolean, more than `maxWindows` windows.
 */
export function executeQuery(
  points: readonly TimeSeriesPoint[],
  query: TimeSeriesQuery | TimeSeriesQueryInput,
  options: ExecuteQueryOptions = {},
): TimeSeriesResult {
  const started = options.clock?.();
  if (!Array.isArray(points)) throw new TypeError(`${FN}: points must be an array, received ${typeof points}`);
  if (typeof query !== "object" || query === null) throw new TypeError(`${FN}: query must be a TimeSeriesQuery`);
  const plan = planQuery(query, options);
  const rows = matchingRows(points, query, plan);
  const seen = new Set<string>();
  for (const row of rows) for (const [k] of fieldEntries(row.point.fields)) seen.add(k);
  const missing = plan.fields.filter((f) => !seen.has(f));
  if (missing.length > 0) {
    plan.warnings.push(`no matching point has field ${missing.map((f) => JSON.stringify(f)).join(", ")}`);
  }

  const series: TimeSeries[] = [];
  let truncated = false;
  for (const group of groupRows(rows, plan.groupBy, measurementTagKeys(points, query, plan.groupBy))) {
    const sorted = [...group.rows].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.index - b.index));
    const dataPoints =
      plan.aggregation === undefined ? rawPoints(sorted, plan.fields) : aggregateSeries(sorted, plan.aggregation);
    const from = Math.min(plan.offset, dataPoints.length);
    const to = plan.limit === undefined ? dataPoints.length : Math.min(from + plan.limit, dataPoints.length);
    if (to < dataPoints.length) truncated = true;
    const kept = dataPoints.slice(from, to);
    if (kept.length > 0) series.push({ tags: group.tags, points: kept });
  }

  const finished = options.clock?.();
  const elapsed = started === undefined || finished === undefined ? 0 : Math.max(0, Math.round(finished - started));
  return {
    measurement: query.measurement,
    series,
    metadata: {
      execution_time_ms: elapsed,
      point_count: series.reduce((n, s) => n + s.points.length, 0),
      series_count: series.length,
      truncated,
      warnings: plan.warnings,
    },
  };
}

/** A query with its arguments checked and read: what the run needs, in the units it needs. */
interface QueryPlan {
  /** The time range in nanoseconds, [start, end). */
  readonly start: bigint;
  readonly end: bigint;
  readonly limit: number | undefined;
  readonly offset: number;
  readonly tagFilters: readonly [string, string][];
  readonly groupBy: readonly string[];
  /** The fields returned: the aggregated ones, or the selected ones (every field when empty). */
  readonly fields: readonly string[];
  readonly aggregation: SeriesAggregation | undefined;
  readonly warnings: string[];
}

/** Checks the query and the options, each broken precondition throwing with its name. */
function planQuery(query: TimeSeriesQuery | TimeSeriesQueryInput, options: ExecuteQueryOptions): QueryPlan {
  const method = options.percentileMethod ?? "linear";
  if (!(QUANTILE_METHODS as readonly string[]).includes(method)) {
    throw new RangeError(
      `${FN}: options.percentileMethod must be one of ${QUANTILE_METHODS.join(", ")}, received ${describe(method)}`,
    );
  }
  const maxWindows = options.maxWindows ?? 1_000_000;
  const integerFields = new Set(options.integerFields ?? []);
  const start = epochNanosOf(FN, "time_range.start", query.time_range?.start);
  const end = epochNanosOf(FN, "time_range.end", query.time_range?.end);
  if (end < start) {
    throw new RangeError(
      `${FN}: time_range.end (${query.time_range.end}) is before time_range.start (${query.time_range.start})`,
    );
  }
  const limit = assertCount("limit", query.limit);
  const offset = assertCount("offset", query.offset) ?? 0;
  const selectFields = query.select_fields ?? [];
  const aggregation = query.aggregation ?? undefined;
  const fill = query.fill ?? undefined;
  const warnings: string[] = [];
  const base = {
    start,
    end,
    limit,
    offset,
    tagFilters: Object.entries(query.tag_filters ?? {}),
    groupBy: query.group_by ?? [],
    warnings,
  };
  if (!aggregation) {
    if (fill !== undefined) warnings.push("fill applies only to aggregated queries and was ignored");
    return { ...base, fields: selectFields, aggregation: undefined };
  }
  const window = readDuration(FN, "aggregation.window", aggregation.window);
  const fn = aggregation.function;
  if (typeof fn === "object" && (fn.percentile < 0 || fn.percentile > 100 || !Number.isInteger(fn.percentile))) {
    throw new RangeError(
      `${FN}: aggregation.function percentile must be an integer within [0, 100], received ${fn.percentile}`,
    );
  }
  const fields = aggregation.fields.length > 0 ? aggregation.fields : selectFields;
  if (fields.length === 0) {
    throw new RangeError(`${FN}: aggregation.fields and select_fields are both empty: name the fields to aggregate`);
  }
  const extra = selectFields.filter((f) => !fields.includes(f));
  if (extra.length > 0) {
    warnings.push(
      `select_fields ${extra.map((f) => JSON.stringify(f)).join(", ")} not in aggregation.fields: an aggregated query returns only aggregated fields`,
    );
  }
  const spec = { fields, fn, window, fill, start, end, method, maxWindows, integerFields };
  return { ...base, fields, aggregation: spec };
}

/** The points of the measurement inside the time range that pass every tag filter (a missing tag reads as ""). */
function matchingRows(
  points: readonly TimeSeriesPoint[],
  query: TimeSeriesQuery | TimeSeriesQueryInput,
  plan: QueryPlan,
): Row[] {
  const rows: Row[] = [];
  points.forEach((point, index) => {
    if (point.measurement !== query.measurement) return;
    const ns = epochNanosOf(FN, `points[${index}].timestamp`, point.timestamp);
    if (ns < plan.start || ns >= plan.end) return;
    for (const [k, v] of plan.tagFilters) if ((tagValue(point.tags, k) ?? "") !== v) return;
    rows.push({ ns, index, point });
  });
  return rows;
}

/** GROUP BY * groups by every tag key of the measurement; a series without one reads it as "". */
function measurementTagKeys(
  points: readonly TimeSeriesPoint[],
  query: TimeSeriesQuery | TimeSeriesQueryInput,
  groupBy: readonly string[],
): string[] {
  const keys = new Set<string>();
  if (groupBy.includes("*")) {
    for (const point of points) {
      if (point.measurement !== query.measurement) continue;
      for (const [k, v] of tagEntries(point.tags)) if (v !== "") keys.add(k);
    }
  }
  return [...keys];
}

/** Without aggregation: each point with its selected fields; one with none of them is left out. */
function rawPoints(sorted: readonly Row[], fields: readonly string[]): DataPoint[] {
  const out: DataPoint[] = [];
  for (const row of sorted) {
    const values: Record<string, FieldValue> = {};
    for (const [k, v] of fieldEntries(row.point.fields)) {
      if (fields.length === 0 || fields.includes(k)) values[k] = v;
    }
    if (Object.keys(values).length > 0) out.push({ timestamp: timestampOfNanos(FN, row.ns), values });
  }
  return out;
}

/** How one series is aggregated: what `aggregateSeries` shares across the groups of a query. */
interface SeriesAggregation {
  readonly fields: readonly string[];
  readonly fn: AggregationFunction;
  /** Window width in nanoseconds. */
  readonly window: bigint;
  readonly fill: FillStrategy | undefined;
  /** The query's time range in nanoseconds, [start, end). */
  readonly start: bigint;
  readonly end: bigint;
  readonly method: QuantileMethod;
  readonly maxWindows: number;
  readonly integerFields: ReadonlySet<string>;
}

/** The values of each selected field of `sorted`, by window start. */
function windowBuckets(
  sorted: readonly Row[],
  spec: SeriesAggregation,
): Map<bigint, Map<string, { value: FieldValue; ns: bigint }[]>> {
  const buckets = new Map<bigint, Map<string, { value: FieldValue; ns: bigint }[]>>();
  for (const row of sorted) {
    const w = floorDiv(row.ns, spec.window) * spec.window;
    for (const [k, v] of fieldEntries(row.point.fields)) {
      if (!spec.fields.includes(k)) continue;
      let bucket = buckets.get(w);
      if (!bucket) {
        bucket = new Map();
        buckets.set(w, bucket);
      }
      const list = bucket.get(k);
      if (list) list.push({ value: v, ns: row.ns });
      else bucket.set(k, [{ value: v, ns: row.ns }]);
    }
  }
  return buckets;
}

/** The window starts to output: those with points, or with a fill every window of the range. */
function windowStarts(buckets: ReadonlyMap<bigint, unknown>, spec: SeriesAggregation): bigint[] {
  const { window, start, end } = spec;
  if (spec.fill === undefined) return [...buckets.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  if (end <= start) return [];
  const first = floorDiv(start, window) * window;
  const last = floorDiv(end - 1n, window) * window;
  const count = (last - first) / window + 1n;
  if (count > BigInt(spec.maxWindows)) {
    throw new RangeError(
      `${FN}: the time range spans ${count} windows of aggregation.window, more than options.maxWindows (${spec.maxWindows}); widen the window or narrow the range`,
    );
  }
  const starts: bigint[] = [];
  for (let w = first; w <= last; w += window) starts.push(w);
  return starts;
}

function aggregateSeries(sorted: readonly Row[], spec: SeriesAggregation): DataPoint[] {
  const { fields, fn, fill, method, integerFields } = spec;
  const buckets = windowBuckets(sorted, spec);
  const starts = windowStarts(buckets, spec);
  const name = functionName(fn);
  const rows: WindowRow[] = starts.map((w) => {
    const bucket = buckets.get(w);
    const values = new Map<string, Aggregate>();
    for (const f of fields) values.set(f, aggregate(fn, f, bucket?.get(f) ?? [], method));
    return { start: w, values };
  });
  if (fill !== undefined) {
    for (const f of fields) {
      const integral = name === "count" || (integerFields.has(f) && INTEGRAL_OF_INTEGER.has(name));
      fillField(rows, f, fill, { integral, isCount: name === "count" });
    }
  }
  const out: DataPoint[] = [];
  for (const row of rows) {
    const values: Record<string, FieldValue> = {};
    for (const f of fields) {
      const v = row.values.get(f);
      if (v != null) values[f] = v;
    }
    // fill(none) leaves out a window only where no aggregate emitted a point (InfluxDB keeps
    // the window of a lone point's stddev, valueless, but drops a percentile with no rank).
    if (fill === undefined && fields.every((f) => row.values.get(f) === undefined)) continue;
    out.push({ timestamp: timestampOfNanos(FN, row.start), values });
  }
  return out;
}
