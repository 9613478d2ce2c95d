import { fromEpochMillis } from "../core/timestamp.js";
import { assertMethod, type QuantileMethod } from "../stats/quantile.js";
import {
  assertSketchOptions,
  assertSketchState,
  type Binner,
  binnerFor,
  build,
  DEFAULT_MAX_BINS,
  mergeSketches,
  type QuantileSketch,
  sketchOfPositive,
  sketchOfSorted,
  sketchQuantiles,
} from "../stats/sketch.js";
import { SORT_MAX, summarizeOwned } from "../stats/summarize.js";
import { assertFinite } from "../stats/validate.js";
import type { StatisticalMeasures, TimeWindow } from "./schema.js";
import type { RolledUpMetric } from "./sketch-schema.js";
import {
  instantMillis,
  TIME_WINDOW_SECONDS,
  type WindowAligner,
  type WindowOptions,
  windowAligner,
} from "./windows.js";

/** One raw observation of a metric. */
export interface MetricPoint {
  readonly name: string;
  /** RFC 3339 (any offset; sub-millisecond digits are truncated) or whole epoch milliseconds. */
  readonly timestamp: string | number;
  readonly value: number;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface RollupOptions extends WindowOptions {
  readonly window: TimeWindow;
  /**
   * Tag keys to group by; the output carries exactly these tags. `[]` (default) rolls every
   * series of a name into one. A point without one of the keys is grouped with the others
   * lacking it, and that key is absent from the group's tags (as InfluxDB's GROUP BY).
   */
  readonly groupBy?: readonly string[];
  /** Percentile definition for p50/p95/p99 of the raw values; `"linear"` (R type 7) by default. */
  readonly method?: QuantileMethod;
  /** Relative accuracy of the attached sketch; 0.01 by default. */
  readonly relativeAccuracy?: number;
  /**
   * `true` (default) attaches the mergeable `sketch` to every result; `false` leaves it out
   * (plain AggregatedMetrics with Stats values, which `mergeRollups` cannot take).
   */
  readonly sketch?: boolean;
}

/** A rollup result without its sketch (`rollup(points, { …, sketch: false })`). */
export type RolledUpStats = Omit<RolledUpMetric, "sketch">;

const key = (parts: readonly unknown[]): string => JSON.stringify(parts);

function sortedTagsKey(tags: Readonly<Record<string, string>>): string {
  return key(
    Object.keys(tags)
      .sort()
      .map((k) => [k, tags[k]]),
  );
}

export function assertGroupBy(fn: string, groupBy: readonly string[] | undefined): readonly string[] {
  if (groupBy === undefined) return [];
  if (!Array.isArray(groupBy) || groupBy.some((k) => typeof k !== "string")) {
    throw new TypeError(`${fn}: groupBy must be an array of tag keys`);
  }
  return groupBy;
}

function assertPoint(fn: string, p: MetricPoint, i: number): void {
  if (typeof p !== "object" || p === null) throw new TypeError(`${fn}: points[${i}] must be an object`);
  if (typeof p.name !== "string") throw new TypeError(`${fn}: points[${i}].name must be a string`);
  // The inline test keeps the per-point cost; the helper writes the one message form.
  if (typeof p.value !== "number" || !Number.isFinite(p.value)) assertFinite(fn, p.value, `points[${i}].value`);
  if (p.tags !== undefined && (typeof p.tags !== "object" || p.tags === null)) {
    throw new TypeError(`${fn}: points[${i}].tags must be an object of strings`);
  }
}

function compareOutput(a: RolledUpStats, b: RolledUpStats): number {
  if (a.name !== b.name) return a.name < b.name ? -1 : 1;
  const ta = sortedTagsKey(a.tags);
  const tb = sortedTagsKey(b.tags);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.window_start < b.window_start ? -1 : a.window_start > b.window_start ? 1 : 0;
}

/** One output series: a name and the values of its `groupBy` tags. */
interface Series {
  readonly name: string;
  readonly tags: Record<string, string>;
  /** Cell ids by window start. */
  readonly cells: Map<number, number>;
  /** The window start of this series' previous point (points usually arrive in time order). */
  lastStart: number;
  /** This series' values in visiting order: the first `length` of `values`, grown by doubling. */
  values: Float64Array;
  length: number;
  /**
   * Runs: stretches of this series' consecutive values that fall in one cell, as the cell and
   * the index of the run's first value. In time-ordered input each cell is one run.
   */
  readonly runCell: number[];
  readonly runFrom: number[];
}

/** A new series' first buffer, in values. */
const FIRST_CAPACITY = 16;

/**
 * One level of the series index: the value of the next `groupBy` tag (undefined when a point
 * lacks it) to the level below; the last level holds the series.
 */
interface TagLevel {
  /** The first FEW values seen, compared by `===` (cheaper than hashing for a handful of values). */
  readonly values: (string | undefined)[];
  readonly levels: TagLevel[];
  /** Values after the first FEW. */
  readonly next: Map<string | undefined, TagLevel>;
  series: Series | undefined;
}

/** Values per level looked up by a linear scan before the Map. */
const FEW = 8;

const newLevel = (): TagLevel => ({ values: [], levels: [], next: new Map(), series: undefined });

/**
 * Finds a point's series through one Map level per `groupBy` key (no key string is built per
 * point); the level of the previous point's name is remembered, since a run of points usually
 * shares one name.
 */
class SeriesIndex {
  readonly series: Series[] = [];
  private readonly byName = new Map<string, TagLevel>();
  private lastName: string | undefined;
  private lastLevel: TagLevel = newLevel();
  private readonly k0: string;
  private readonly k1: string;

  constructor(
    private readonly fn: string,
    private readonly groupBy: readonly string[],
  ) {
    this.k0 = groupBy[0] as string;
    this.k1 = groupBy[1] as string;
  }

  /** The series of point `p` (`points[i]`), created on first use. */
  find(p: MetricPoint, i: number): Series {
    let level = p.name === this.lastName ? this.lastLevel : this.nameLevel(p.name);
    const tags = p.tags;
    const G = this.groupBy.length;
    // One property read per key position, so each site sees one key.
    if (G > 0) level = this.below(level, tags === undefined ? undefined : tags[this.k0], 0, i);
    if (G > 1) level = this.below(level, tags === undefined ? undefined : tags[this.k1], 1, i);
    for (let g = 2; g < G; g++) level = this.below(level, tags?.[this.groupBy[g] as string], g, i);
    return level.series ?? this.add(level, p);
  }

  private nameLevel(name: string): TagLevel {
    let level = this.byName.get(name);
    if (level === undefined) {
      level = newLevel();
      this.byName.set(name, level);
    }
    this.lastName = name;
    this.lastLevel = level;
    return level;
  }

  /** The level below `level` for the value `v` of the `g`-th `groupBy` tag of `points[i]`. */
  private below(level: TagLevel, v: unknown, g: number, i: number): TagLevel {
    if (v !== undefined && typeof v !== "string") {
      throw new TypeError(`${this.fn}: points[${i}].tags.${this.groupBy[g]} must be a string`);
    }
    const values = level.values;
    for (let k = 0; k < values.length; k++) if (values[k] === v) return level.levels[k] as TagLevel;
    let next = values.length < FEW ? undefined : level.next.get(v);
    if (next === undefined) {
      next = newLevel();
      if (values.length < FEW) {
        values.push(v);
        level.levels.push(next);
      } else level.next.set(v, next);
    }
    return next;
  }

  private add(level: TagLevel, p: MetricPoint): Series {
    const own: Record<string, string> = {};
    for (const k of this.groupBy) {
      const v = p.tags?.[k];
      if (v !== undefined) own[k] = v;
    }
    const s: Series = {
      name: p.name,
      tags: own,
      cells: new Map(),
      lastStart: Number.NaN,
      values: new Float64Array(FIRST_CAPACITY),
      length: 0,
      runCell: [],
      runFrom: [],
    };
    level.series = s;
    this.series.push(s);
    return s;
  }
}

/** The windows of every series ("cells"): bounds in epoch milliseconds, by cell id. */
interface Cells {
  readonly start: number[];
  readonly end: number[];
}

/**
 * Starts a run of series `s` in the window [start, end) (its point before was in another
 * window), creating the series' cell for that window on first use.
 */
function enterWindow(cells: Cells, s: Series, start: number, end: number): void {
  let cell = s.cells.get(start);
  if (cell === undefined) {
    cell = cells.start.length;
    cells.start.push(start);
    cells.end.push(end);
    s.cells.set(start, cell);
  }
  s.lastStart = start;
  s.runCell.push(cell);
  s.runFrom.push(s.length);
}

/** Appends `value` to the values of series `s`, doubling its buffer when full. */
function append(s: Series, value: number): void {
  const at = s.length;
  if (at === s.values.length) {
    const grown = new Float64Array(2 * at);
    grown.set(s.values);
    s.values = grown;
  }
  s.values[at] = value;
  s.length = at + 1;
}

/** What `rollup` checked of its arguments. */
interface RollupPlan {
  readonly fn: string;
  readonly aligner: WindowAligner;
  /** Fixed windows: their width in milliseconds. */
  readonly size: number;
  /** Whether each result carries a sketch. */
  readonly sketch: boolean;
  /** The output settings, without the binner (it is made from the grouped values). */
  readonly settings: WindowSettings;
}

/** `rollup`'s options, checked for the public function `fn` (internal; also the streaming CLI rollup's). */
export function assertRollupOptions(
  fn: string,
  options: RollupOptions,
): { readonly aligner: WindowAligner; readonly sketch: boolean; readonly settings: WindowSettings } {
  if (typeof options !== "object" || options === null) throw new TypeError(`${fn}: options with a window are required`);
  const aligner = windowAligner(fn, options.window, options);
  const groupBy = assertGroupBy(fn, options.groupBy);
  const method = assertMethod(fn, { method: options.method ?? "linear" });
  const sketch = options.sketch ?? true;
  if (typeof sketch !== "boolean") throw new TypeError(`${fn}: options.sketch must be a boolean`);
  const accuracy = options.relativeAccuracy;
  const alpha = sketch
    ? assertSketchOptions(fn, accuracy === undefined ? undefined : { relativeAccuracy: accuracy }).alpha
    : 0;
  return { aligner, sketch, settings: { fn, window: options.window, groupBy, method, alpha, binner: undefined } };
}

function rollupPlan(fn: string, points: readonly MetricPoint[], options: RollupOptions): RollupPlan {
  if (!Array.isArray(points)) throw new TypeError(`${fn}: points must be an array`);
  const checked = assertRollupOptions(fn, options);
  return { fn, size: TIME_WINDOW_SECONDS[options.window] * 1000, ...checked };
}

/** The grouping pass's state: the series (holding their values) and cells found so far. */
interface Grouping {
  readonly plan: RollupPlan;
  /** The points being grouped. */
  readonly points: readonly MetricPoint[];
  readonly index: SeriesIndex;
  readonly cells: Cells;
  readonly bounds: (ms: number) => { start: number; end: number };
  /** The current window [start, end). */
  start: number;
  end: number;
}

/** Calendar windows: each point's instant (checked), and the visiting order (by instant, stable). */
function timeOrder(fn: string, points: readonly MetricPoint[]): { order: Uint32Array; instants: Float64Array } {
  const n = points.length;
  const instants = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const p = points[i] as MetricPoint;
    assertPoint(fn, p, i);
    instants[i] = pointMillis(fn, p, i);
  }
  const idx = new Uint32Array(n);
  for (let i = 0; i < n; i++) idx[i] = i;
  return { order: idx.sort((a, b) => (instants[a] as number) - (instants[b] as number)), instants };
}

/** Points per call of the grouping pass: a function called per block is optimized whole, a long loop only on the stack. */
const BLOCK = 4096;

/** The grouping pass over visiting positions [from, to) of input order (fixed windows). */
function groupInOrder(g: Grouping, from: number, to: number): void {
  const { fn, size } = g.plan;
  const points = g.points;
  for (let i = from; i < to; i++) {
    const p = points[i] as MetricPoint;
    assertPoint(fn, p, i);
    const t = p.timestamp;
    const ms = typeof t === "number" && Number.isSafeInteger(t) ? t : pointMillis(fn, p, i);
    if (!(ms >= g.start && ms < g.end)) {
      g.start = ms - (((ms % size) + size) % size);
      g.end = g.start + size;
    }
    const s = g.index.find(p, i);
    if (s.lastStart !== g.start) enterWindow(g.cells, s, g.start, g.end);
    append(s, p.value);
  }
}

/** The grouping pass over visiting positions [from, to) of `order` (calendar windows, checked points). */
function groupByTime(g: Grouping, time: ReturnType<typeof timeOrder>, from: number, to: number): void {
  const points = g.points;
  for (let j = from; j < to; j++) {
    const i = time.order[j] as number;
    const p = points[i] as MetricPoint;
    const ms = time.instants[i] as number;
    if (!(ms >= g.start && ms < g.end)) ({ start: g.start, end: g.end } = g.bounds(ms));
    const s = g.index.find(p, i);
    if (s.lastStart !== g.start) enterWindow(g.cells, s, g.start, g.end);
    append(s, p.value);
  }
}

/** Caches the last window so sorted or clustered input costs one date-fns call per window. */
export function cachedBounds(aligner: WindowAligner): (ms: number) => { start: number; end: number } {
  let last = { start: 1, end: 0 };
  return (ms) => {
    if (ms >= last.start && ms < last.end) return last;
    last = aligner.bounds(ms);
    return last;
  };
}

/**
 * Rolls raw points up into one AggregatedMetric per name, group and window, aligned to
 * window boundaries (fixed UTC-epoch windows by default; calendar days, weeks and months in an
 * IANA zone with `alignment: "calendar"`). Each result has Stats values computed exactly from
 * the raw values (`summarize`: R type 7 percentiles, population stddev) and, unless
 * `sketch: false`, a `sketch` that lets `mergeRollups` combine it further. Output is sorted by
 * name, tags and window_start.
 *
 * Method: one pass assigns each point to its series and window (fixed windows are integer
 * arithmetic on epoch milliseconds; calendar windows visit the points in time order and call
 * date-fns once per window change) and appends its value to its series' Float64Array (grown by
 * doubling), noting where the series changes window; a series whose windows interleave is then
 * regrouped by a stable counting sort of those runs, and each window's values are summarized in
 * place. O(n) grouping plus O(m) expected per window of m points (a selection of the six order
 * statistics); 8–16 bytes per point of working memory for time-ordered series, plus 16 per
 * window change and 8 more per point for series whose windows interleave. Values are added up
 * in input order (in time order for calendar windows), so sums, means and deviations round the
 * same however the work is split.
 *
 * @throws RangeError or TypeError naming the offending point or option.
 */
export function rollup(
  points: readonly MetricPoint[],
  options: RollupOptions & { readonly sketch: false },
): RolledUpStats[];
export function rollup(points: readonly MetricPoint[], options: RollupOptions): RolledUpMetric[];
export function rollup(points: readonly MetricPoint[], options: RollupOptions): (RolledUpMetric | RolledUpStats)[] {
  const plan = rollupPlan("rollup", points, options);
  const n = points.length;
  const g: Grouping = {
    plan,
    points,
    index: new SeriesIndex(plan.fn, plan.settings.groupBy),
    cells: { start: [], end: [] },
    bounds: cachedBounds(plan.aligner),
    start: 1,
    end: 0,
  };
  // Calendar windows are visited in time order, so that the cached bounds change once per window.
  const time = plan.aligner.calendar ? timeOrder(plan.fn, points) : undefined;
  for (let from = 0; from < n; from += BLOCK) {
    const to = Math.min(n, from + BLOCK);
    if (time === undefined) groupInOrder(g, from, to);
    else groupByTime(g, time, from, to);
  }
  const series = g.index.series;
  const settings: WindowSettings = plan.sketch
    ? {
        ...plan.settings,
        binner: binnerFor(
          series.map((s) => s.values.subarray(0, s.length)),
          plan.settings.alpha,
        ),
      }
    : plan.settings;
  return emit(settings, series, g.cells);
}

/**
 * Where each cell's values lie once its series is grouped (`windowsOf`): the buffer and, by
 * cell id, the index of the first value and the count. Scratch of one rollup, reused per series.
 */
interface CellValues {
  values: Float64Array;
  readonly from: Float64Array;
  readonly count: Float64Array;
}

/**
 * Makes each cell of series `s` one contiguous stretch of values, in visiting order. A series
 * whose every cell is one run (time-ordered input) is left in place; otherwise its runs are
 * copied into a new buffer cell by cell, in the order of `ids` (a stable counting sort by run).
 */
function windowsOf(s: Series, ids: readonly number[], into: CellValues): void {
  const { runCell, runFrom } = s;
  const runs = runCell.length;
  const { from, count } = into;
  if (runs === ids.length) {
    for (let r = 0; r < runs; r++) {
      const c = runCell[r] as number;
      const first = runFrom[r] as number;
      from[c] = first;
      count[c] = (r + 1 < runs ? (runFrom[r + 1] as number) : s.length) - first;
    }
    into.values = s.values;
    return;
  }
  for (const c of ids) count[c] = 0;
  for (let r = 0; r < runs; r++) {
    const c = runCell[r] as number;
    count[c] = (count[c] as number) + (r + 1 < runs ? (runFrom[r + 1] as number) : s.length) - (runFrom[r] as number);
  }
  let offset = 0;
  for (const c of ids) {
    from[c] = offset;
    offset += count[c] as number;
  }
  // `from` advances while copying; it is set back afterwards.
  const grouped = new Float64Array(s.length);
  const values = s.values;
  for (let r = 0; r < runs; r++) {
    const c = runCell[r] as number;
    const end = r + 1 < runs ? (runFrom[r + 1] as number) : s.length;
    let at = from[c] as number;
    for (let k = runFrom[r] as number; k < end; k++) grouped[at++] = values[k] as number;
    from[c] = at;
  }
  for (const c of ids) from[c] = (from[c] as number) - (count[c] as number);
  into.values = grouped;
}

/** Formats epoch milliseconds once per distinct instant (series share window bounds). */
export function stamper(): (ms: number) => string {
  const stamps = new Map<number, string>();
  return (ms) => {
    let text = stamps.get(ms);
    if (text === undefined) {
      text = fromEpochMillis(ms);
      stamps.set(ms, text);
    }
    return text;
  };
}

/** Series in output order: by name, then by their sorted tags. */
export function outputOrder<S extends { readonly name: string; readonly tags: Record<string, string> }>(
  series: readonly S[],
): S[] {
  const keys = new Map<S, string>();
  for (const s of series) keys.set(s, sortedTagsKey(s.tags));
  return [...series].sort((a, b) => {
    if (a.name !== b.name) return a.name < b.name ? -1 : 1;
    const ka = keys.get(a) as string;
    const kb = keys.get(b) as string;
    return ka < kb ? -1 : ka > kb ? 1 : 0;
  });
}

/** The output stage of `rollup` (a function of its own, so it is optimized on its own). */
function emit(settings: WindowSettings, series: readonly Series[], cells: Cells): (RolledUpMetric | RolledUpStats)[] {
  const out: (RolledUpMetric | RolledUpStats)[] = [];
  const stamp = stamper();
  const m = cells.start.length;
  const where: CellValues = { values: new Float64Array(0), from: new Float64Array(m), count: new Float64Array(m) };
  for (const s of outputOrder(series)) {
    const ids = [...s.cells.values()].sort((a, b) => (cells.start[a] as number) - (cells.start[b] as number));
    windowsOf(s, ids, where);
    for (const c of ids) {
      const first = where.from[c] as number;
      const values = where.values.subarray(first, first + (where.count[c] as number));
      const bounds = { start: stamp(cells.start[c] as number), end: stamp(cells.end[c] as number) };
      out.push(windowResult(settings, s, bounds, values));
    }
  }
  return out;
}

/** What every output window of one rollup shares (internal; also the streaming CLI rollup's). */
export interface WindowSettings {
  /** The public function called, for errors. */
  readonly fn: string;
  readonly window: TimeWindow;
  readonly groupBy: readonly string[];
  readonly method: QuantileMethod;
  /** The sketch's relative accuracy; 0 without sketches. */
  readonly alpha: number;
  /** The sketch's bin finder; undefined without sketches. */
  readonly binner: Binner | undefined;
}

/**
 * One output window from its values, which it reorders (internal; also the streaming CLI
 * rollup's, so both print the same bytes). Small windows get their six order statistics by an
 * in-place selection, not a sort, and are binned in any order when every value is positive (from
 * sorted order otherwise); larger ones are sketched first (the sketch's sum adds the values in
 * input order) and then selected. The sketch is attached when `settings.binner` is given.
 */
export function windowResult(
  settings: WindowSettings,
  s: { readonly name: string; readonly tags: Record<string, string> },
  bounds: { readonly start: string; readonly end: string },
  values: Float64Array,
): RolledUpMetric | RolledUpStats {
  const { fn, window, method, alpha, binner } = settings;
  const tags = { ...s.tags };
  if (binner === undefined) {
    const summary: StatisticalMeasures = summarizeOwned(values, method, fn, false);
    return { name: s.name, window, window_start: bounds.start, window_end: bounds.end, values: summary, tags };
  }
  let summary: StatisticalMeasures;
  let sketch: QuantileSketch;
  if (values.length <= SORT_MAX) {
    summary = summarizeOwned(values, method, fn, false);
    if (summary.min > 0) sketch = sketchOfPositive(fn, values, summary, binner);
    else {
      values.sort();
      sketch = sketchOfSorted(fn, values, summary, binner);
    }
  } else {
    sketch = build(fn, values, alpha, DEFAULT_MAX_BINS);
    summary = summarizeOwned(values, method, fn);
  }
  return { name: s.name, window, window_start: bounds.start, window_end: bounds.end, values: summary, tags, sketch };
}

/** A point's instant in epoch milliseconds (internal). */
function pointMillis(fn: string, p: MetricPoint, i: number): number {
  const t = p.timestamp;
  return typeof t === "number" && Number.isSafeInteger(t) ? t : instantMillis(fn, t, `points[${i}].timestamp`);
}

export interface MergeRollupsOptions extends WindowOptions {
  /** The target window; each input window must lie inside one target window. */
  readonly window: TimeWindow;
}

function assertRolledUp(fn: string, m: RolledUpMetric, i: number): void {
  if (typeof m !== "object" || m === null) throw new TypeError(`${fn}: metrics[${i}] must be an object`);
  const v = m.values as Partial<StatisticalMeasures> | undefined;
  if (typeof v !== "object" || v === null || typeof v.count !== "number" || typeof v.avg !== "number") {
    throw new TypeError(
      `${fn}: metrics[${i}].values must be StatisticalMeasures (counter and gauge values do not merge this way)`,
    );
  }
  if (m.sketch === undefined) {
    throw new TypeError(
      `${fn}: metrics[${i}] has no sketch, so its percentiles cannot be merged; produce it with rollup() or mergeRollups()`,
    );
  }
  assertSketchState(fn, m.sketch, `metrics[${i}].sketch`);
  if (m.sketch.count !== v.count) {
    throw new RangeError(
      `${fn}: metrics[${i}].sketch holds ${m.sketch.count} values but values.count is ${v.count}; they must describe the same data`,
    );
  }
  if (v.count === 0) throw new RangeError(`${fn}: metrics[${i}] holds no values (count 0)`);
}

/** Metrics of one name and tag set in one target window (internal: mergeRollups, applyMetricRollup). */
export interface WindowGroup<M> {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly start: number;
  readonly end: number;
  readonly members: M[];
}

/**
 * Adds `member` to the group of `metric`'s name and tags in the target window `bounds`, made (with
 * a copy of the tags) the first time it is met.
 */
export function addToWindowGroup<M>(
  groups: Map<string, WindowGroup<M>>,
  metric: { readonly name: string; readonly tags?: Readonly<Record<string, string>> | null },
  bounds: { readonly start: number; readonly end: number },
  member: M,
): void {
  const tags = metric.tags ?? {};
  const id = key([metric.name, sortedTagsKey(tags), bounds.start]);
  let g = groups.get(id);
  if (g === undefined) {
    g = { name: metric.name, tags: { ...tags }, start: bounds.start, end: bounds.end, members: [] };
    groups.set(id, g);
  }
  g.members.push(member);
}

/** Merges Stats + sketch partials: exact moments (Chan et al.), quantiles from the merged sketch. */
export function mergeStats(members: readonly { values: StatisticalMeasures; sketch: QuantileSketch }[]): {
  values: StatisticalMeasures;
  sketch: QuantileSketch;
} {
  let count = 0;
  let sum = 0;
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  let mean = 0;
  let m2 = 0;
  let stddevKnown = true;
  for (const { values: v } of members) {
    const n = count + v.count;
    const delta = v.avg - mean;
    if (v.stddev === null || v.stddev === undefined) stddevKnown = false;
    const m2b = stddevKnown ? (v.stddev as number) ** 2 * v.count : 0;
    m2 = count === 0 ? m2b : m2 + m2b + (delta * delta * count * v.count) / n;
    mean = count === 0 ? v.avg : mean + (delta * v.count) / n;
    count = n;
    sum += v.sum;
    if (v.min < lo) lo = v.min;
    if (v.max > hi) hi = v.max;
  }
  const sketches = members.map((m) => m.sketch);
  const sketch = mergeSketches(...sketches);
  const [p50, p95, p99] = sketchQuantiles(sketch, [0.5, 0.95, 0.99]) as [number, number, number];
  const values: StatisticalMeasures = { avg: mean, min: lo, max: hi, p50, p95, p99, count, sum };
  if (stddevKnown) values.stddev = Math.sqrt(Math.max(0, m2) / count);
  return { values, sketch };
}

/**
 * Merges rolled-up metrics (from `rollup` or an earlier `mergeRollups`) into a coarser window:
 * 1m results into 5m, 1h, 1d, … , or shard partials of the same window into one. Groups by
 * name, tags and target window.
 *
 * count, sum, min and max are exact; avg and stddev follow Chan, Golub & LeVeque's parallel
 * formulas (m2 = stddev² · count for the population stddev), equal to rolling up the raw
 * points up to floating-point rounding; p50/p95/p99 come from the merged sketch, within its
 * relative accuracy of the exact R-7 percentiles of the raw points. If any input lacks a
 * stddev the merged stddev is left out. O(inputs + bins).
 *
 * @throws RangeError when an input window crosses a target boundary, lacks a sketch or has
 *   values other than Stats.
 */
export function mergeRollups(metrics: readonly RolledUpMetric[], options: MergeRollupsOptions): RolledUpMetric[] {
  const fn = "mergeRollups";
  if (!Array.isArray(metrics)) throw new TypeError(`${fn}: metrics must be an array`);
  if (typeof options !== "object" || options === null) throw new TypeError(`${fn}: options with a window are required`);
  const aligner = windowAligner(fn, options.window, options);
  const groups = new Map<string, WindowGroup<RolledUpMetric>>();
  metrics.forEach((m, i) => {
    assertRolledUp(fn, m, i);
    const start = instantMillis(fn, m.window_start, `metrics[${i}].window_start`);
    const end = instantMillis(fn, m.window_end, `metrics[${i}].window_end`);
    if (end < start) throw new RangeError(`${fn}: metrics[${i}].window_end is before its window_start`);
    const b = aligner.bounds(start);
    if (end > b.end) {
      throw new RangeError(
        `${fn}: metrics[${i}] spans ${m.window_start} to ${m.window_end}, which crosses the end of the ${options.window} window ${fromEpochMillis(b.start)} to ${fromEpochMillis(b.end)}`,
      );
    }
    addToWindowGroup(groups, m, b, m);
  });
  const out: RolledUpMetric[] = [];
  for (const g of groups.values()) {
    const { values, sketch } = mergeStats(g.members);
    out.push({
      name: g.name,
      window: options.window,
      window_start: fromEpochMillis(g.start),
      window_end: fromEpochMillis(g.end),
      values,
      tags: g.tags,
      sketch,
    });
  }
  return out.sort(compareOutput);
}
