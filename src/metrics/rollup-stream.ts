import { binnerFor } from "../stats/sketch.js";
import { assertFinite } from "../stats/validate.js";
import {
  assertRollupOptions,
  cachedBounds,
  type MetricPoint,
  outputOrder,
  type RolledUpStats,
  type RollupOptions,
  stamper,
  type WindowSettings,
  windowResult,
} from "./rollup.js";
import type { RolledUpMetric } from "./sketch-schema.js";
import { instantMillis } from "./windows.js";

/*
 * A rollup fed one point at a time (internal: the CLI's `rollup` command), with the same results
 * as `rollup` over the same points in the same order, byte for byte once serialized.
 *
 * Each point is reduced at once to its value in its window (8 bytes; 16 with calendar windows,
 * which also keep the instant, to sum each window in time order as `rollup` does); no point
 * object is kept. Exact percentiles need every value of a window, so a window's values are
 * held until the window is known to be complete:
 *
 *   order "time": the input is expected in time order. When a point opens a window later than
 *     every window seen so far, the windows before the previous newest one close: their results
 *     are computed and their values released. Points may be out of order within the newest two
 *     windows; a point older than that belongs to a window already closed and throws LatePoint
 *     (the caller can start over with order "any"). Held: the values of the newest two windows
 *     of every series.
 *   order "any": nothing closes before `finish`; every value is held, in columns: 12 bytes a
 *     point (value and window id; 20 with calendar windows, which add the instant), about 40 more
 *     per window.
 *
 * Either way the finished results are kept until `finish` (as `encode` makes them), since the
 * output is sorted by series before time: one per series and window.
 */

/** Thrown by `add` in order "time" for a point whose window has already closed. */
export class LatePoint extends Error {
  constructor(
    readonly instant: number,
    readonly closedBefore: number,
  ) {
    super(
      `a point at ${new Date(instant).toISOString()} arrived after the windows before ${new Date(closedBefore).toISOString()} were closed (input not in time order)`,
    );
    this.name = "LatePoint";
  }
}

export interface RollupStreamOptions<T> extends RollupOptions {
  readonly order: "time" | "any";
  /** What a finished window is kept as until `finish` (the CLI keeps its NDJSON line); the result itself by default. */
  readonly encode?: (metric: RolledUpMetric | RolledUpStats) => T;
}

interface Cell {
  readonly start: number;
  readonly end: number;
  values: Float64Array;
  instants: Float64Array | undefined;
  n: number;
}

interface StreamSeries {
  readonly name: string;
  readonly tags: Record<string, string>;
  readonly cells: Map<number, Cell>;
  last: Cell | undefined;
  /** Order "any": held window ids by start. */
  readonly held: Map<number, number>;
  readonly results: { readonly start: number; readonly metric: unknown }[];
}

export class RollupStream<T = RolledUpMetric | RolledUpStats> {
  private readonly fn: string;
  private readonly options: RollupStreamOptions<T>;
  private readonly encode: (metric: RolledUpMetric | RolledUpStats) => T;
  private readonly bounds: (ms: number) => { start: number; end: number };
  private readonly calendar: boolean;
  private readonly settings: WindowSettings;
  private readonly stamp = stamper();
  private readonly series = new Map<string, StreamSeries>();
  private readonly open = new Set<{ s: StreamSeries; c: Cell }>();
  private newest = Number.NEGATIVE_INFINITY;
  private closedBefore = Number.NEGATIVE_INFINITY;
  private heldNow = 0;
  private heldPeak = 0;
  // Order "any": every point in three columns (value, window id, instant for calendar windows),
  // grouped by window with a stable counting sort at `finish`; a window is 4 numbers.
  private readonly hold: boolean;
  private values = new Float64Array(1024);
  private ids = new Int32Array(1024);
  private instants: Float64Array | undefined;
  private readonly heldStart: number[] = [];
  private readonly heldEnd: number[] = [];
  private readonly heldCount: number[] = [];
  private readonly heldSeries: StreamSeries[] = [];

  constructor(fn: string, options: RollupStreamOptions<T>) {
    this.fn = fn;
    this.options = options;
    this.encode = options.encode ?? ((m) => m as T);
    const { aligner, sketch, settings } = assertRollupOptions(fn, options);
    this.bounds = cachedBounds(aligner);
    this.calendar = aligner.calendar;
    // Without tables every bin index comes from its logarithm: the same indices as `rollup`'s.
    this.settings = sketch ? { ...settings, binner: binnerFor(undefined, settings.alpha) } : settings;
    if (options.order !== "time" && options.order !== "any") {
      throw new RangeError(`${fn}: order must be "time" or "any"`);
    }
    this.hold = options.order === "any";
    if (this.hold && this.calendar) this.instants = new Float64Array(1024);
  }

  /** The most values held at once so far (the memory bound: 8 bytes each, 16 with calendar windows). */
  get peakHeldValues(): number {
    return this.heldPeak;
  }

  /**
   * Adds one point. `label` names it in errors.
   * @throws LatePoint (order "time") when its window has closed; RangeError or TypeError for a bad point.
   */
  add(point: MetricPoint, label: string): void {
    const { name, tags, timestamp, value } = point;
    if (typeof value !== "number" || !Number.isFinite(value)) assertFinite(this.fn, value, `${label}.value`);
    const ms =
      typeof timestamp === "number" && Number.isSafeInteger(timestamp)
        ? timestamp
        : instantMillis(this.fn, timestamp, `${label}.timestamp`);
    const window = this.bounds(ms);
    const { start, end } = window;
    if (start < this.closedBefore) throw new LatePoint(ms, this.closedBefore);
    if (start > this.newest) {
      const previous = this.newest;
      this.newest = start;
      if (this.options.order === "time" && previous > this.closedBefore) this.closeBefore(previous);
    }
    const s = this.seriesOf(name, tags);
    if (this.hold) {
      this.holdPoint(s, window, ms, value);
      return;
    }
    let cell = s.last !== undefined && s.last.start === start ? s.last : s.cells.get(start);
    if (cell === undefined) {
      cell = {
        start,
        end,
        values: new Float64Array(16),
        instants: this.calendar ? new Float64Array(16) : undefined,
        n: 0,
      };
      s.cells.set(start, cell);
      this.open.add({ s, c: cell });
    }
    s.last = cell;
    if (cell.n === cell.values.length) {
      const grown = new Float64Array(cell.n * 2);
      grown.set(cell.values);
      cell.values = grown;
      if (cell.instants !== undefined) {
        const at = new Float64Array(cell.n * 2);
        at.set(cell.instants);
        cell.instants = at;
      }
    }
    cell.values[cell.n] = value;
    if (cell.instants !== undefined) cell.instants[cell.n] = ms;
    cell.n++;
    if (++this.heldNow > this.heldPeak) this.heldPeak = this.heldNow;
  }

  /** The results of every window, sorted as `rollup` sorts them. The stream takes no more points. */
  finish(): T[] {
    if (this.hold) this.finishHeld();
    this.closeBefore(Number.POSITIVE_INFINITY);
    const out: T[] = [];
    for (const s of outputOrder([...this.series.values()])) {
      for (const r of s.results.sort((a, b) => a.start - b.start)) out.push(r.metric as T);
    }
    return out;
  }

  private seriesOf(name: string, tags: Readonly<Record<string, string>> | undefined): StreamSeries {
    const parts: (string | null)[] = [name];
    for (const k of this.settings.groupBy) {
      const v = tags?.[k];
      if (v !== undefined && typeof v !== "string") throw new TypeError(`${this.fn}: tags.${k} must be a string`);
      parts.push(v ?? null);
    }
    const key = JSON.stringify(parts);
    let s = this.series.get(key);
    if (s === undefined) {
      const own: Record<string, string> = {};
      for (const k of this.settings.groupBy) {
        const v = tags?.[k];
        if (v !== undefined) own[k] = v;
      }
      s = { name, tags: own, cells: new Map(), last: undefined, held: new Map(), results: [] };
      this.series.set(key, s);
    }
    return s;
  }

  /** Closes every open window that starts before `limit`. */
  private closeBefore(limit: number): void {
    this.closedBefore = limit;
    for (const entry of this.open) {
      const { s, c } = entry;
      if (c.start >= limit) continue;
      this.open.delete(entry);
      s.cells.delete(c.start);
      if (s.last === c) s.last = undefined;
      s.results.push({
        start: c.start,
        metric: this.encode(this.result(s, c, c.values.subarray(0, c.n), c.instants)),
      });
      this.heldNow -= c.n;
    }
  }

  /** Order "any": one point (its instant `ms`, in `window`) into the columns. */
  private holdPoint(
    s: StreamSeries,
    window: { readonly start: number; readonly end: number },
    ms: number,
    value: number,
  ): void {
    const { start, end } = window;
    let id = s.held.get(start);
    if (id === undefined) {
      id = this.heldStart.length;
      this.heldStart.push(start);
      this.heldEnd.push(end);
      this.heldCount.push(0);
      this.heldSeries.push(s);
      s.held.set(start, id);
    }
    const n = this.heldNow;
    if (n === this.values.length) {
      const values = new Float64Array(n * 2);
      values.set(this.values);
      this.values = values;
      const ids = new Int32Array(n * 2);
      ids.set(this.ids);
      this.ids = ids;
      if (this.instants !== undefined) {
        const instants = new Float64Array(n * 2);
        instants.set(this.instants);
        this.instants = instants;
      }
    }
    this.values[n] = value;
    this.ids[n] = id;
    if (this.instants !== undefined) this.instants[n] = ms;
    (this.heldCount[id] as number)++;
    this.heldNow = this.heldPeak = n + 1;
  }

  /** Order "any": groups the columns by window (a stable counting sort) and finishes every window. */
  private finishHeld(): void {
    const n = this.heldNow;
    const windows = this.heldStart.length;
    const next = new Float64Array(windows);
    for (let c = 0, offset = 0; c < windows; c++) {
      next[c] = offset;
      offset += this.heldCount[c] as number;
    }
    const grouped = new Float64Array(n);
    const at = this.instants === undefined ? undefined : new Float64Array(n);
    for (let j = 0; j < n; j++) {
      const c = this.ids[j] as number;
      const k = next[c] as number;
      grouped[k] = this.values[j] as number;
      if (at !== undefined) at[k] = (this.instants as Float64Array)[j] as number;
      next[c] = k + 1;
    }
    this.values = new Float64Array(0);
    this.ids = new Int32Array(0);
    this.instants = undefined;
    for (let c = 0; c < windows; c++) {
      const to = next[c] as number;
      const from = to - (this.heldCount[c] as number);
      const s = this.heldSeries[c] as StreamSeries;
      const start = this.heldStart[c] as number;
      const values = grouped.subarray(from, to);
      const bounds = { start, end: this.heldEnd[c] as number };
      const metric = this.result(s, bounds, values, at?.subarray(from, to));
      s.results.push({ start, metric: this.encode(metric) });
    }
    this.heldNow = 0;
  }

  /** The result of the window `bounds` of series `s`; `at` holds the instants of calendar windows. */
  private result(
    s: StreamSeries,
    bounds: { readonly start: number; readonly end: number },
    values: Float64Array,
    at: Float64Array | undefined,
  ): RolledUpMetric | RolledUpStats {
    const n = values.length;
    // Calendar windows: values in time order, ties in arrival order, as `rollup` visits them.
    if (at !== undefined) {
      let sorted = true;
      for (let i = 1; i < n && sorted; i++) if ((at[i] as number) < (at[i - 1] as number)) sorted = false;
      if (!sorted) {
        const idx = new Uint32Array(n);
        for (let i = 0; i < n; i++) idx[i] = i;
        idx.sort((a, b) => (at[a] as number) - (at[b] as number));
        const ordered = new Float64Array(n);
        for (let i = 0; i < n; i++) ordered[i] = values[idx[i] as number] as number;
        values = ordered;
      }
    }
    return windowResult(this.settings, s, { start: this.stamp(bounds.start), end: this.stamp(bounds.end) }, values);
  }
}
