import { assertFinite } from "../stats/validate.js";
import type { GaugeMetric } from "./schema.js";
import { instantMillis } from "./windows.js";

/** A sample of a counter or gauge: a CounterMetric or GaugeMetric fits. */
export interface Sample {
  /** RFC 3339 or whole epoch milliseconds. */
  readonly timestamp: string | number;
  readonly value: number;
}

export interface RangeOptions {
  /**
   * The range `(start, end]` of a PromQL range selector such as `[5m]` evaluated at `end`:
   * it selects the samples with start < t ≤ end (left-open, as Prometheus 3), and the result is
   * extrapolated to the range's edges as Prometheus's `increase`/`rate`/`delta` do. Without a
   * range, the samples are used as given and nothing is extrapolated.
   */
  readonly range?: { readonly start: string | number; readonly end: string | number };
}

interface Point {
  readonly t: number;
  readonly v: number;
}

function points(
  fn: string,
  samples: readonly Sample[],
  options: RangeOptions | undefined,
): {
  pts: Point[];
  range: { start: number; end: number } | undefined;
} {
  if (!Array.isArray(samples)) throw new TypeError(`${fn}: samples must be an array`);
  const pts: Point[] = [];
  let range: { start: number; end: number } | undefined;
  if (options?.range !== undefined) {
    const start = instantMillis(fn, options.range.start, "range.start");
    const end = instantMillis(fn, options.range.end, "range.end");
    if (!(end > start)) throw new RangeError(`${fn}: range.end must be after range.start`);
    range = { start, end };
  }
  let prev = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as Sample;
    if (typeof s !== "object" || s === null) throw new TypeError(`${fn}: samples[${i}] must be {timestamp, value}`);
    assertFinite(fn, s.value, `samples[${i}].value`);
    const t = instantMillis(fn, s.timestamp, `samples[${i}].timestamp`);
    if (!(t > prev)) {
      throw new RangeError(
        `${fn}: samples must be in strictly increasing time order; samples[${i}] is not after samples[${i - 1}]`,
      );
    }
    prev = t;
    if (range === undefined || (t > range.start && t <= range.end)) pts.push({ t, v: s.value });
  }
  return { pts, range };
}

/** Prometheus's counter correction: a decrease is a reset to 0, so the value before it is added back. */
function counterIncreaseRaw(pts: readonly Point[]): number {
  let result = (pts[pts.length - 1] as Point).v - (pts[0] as Point).v;
  let last = 0;
  for (const p of pts) {
    if (p.v < last) result += last;
    last = p.v;
  }
  return result;
}

/** promql/functions.go `extrapolatedRate`, for one series of float samples (Prometheus 3). */
function extrapolate(
  pts: readonly Point[],
  raw: number,
  range: { start: number; end: number },
  isCounter: boolean,
): number {
  const first = pts[0] as Point;
  const last = pts[pts.length - 1] as Point;
  let toStart = (first.t - range.start) / 1000;
  let toEnd = (range.end - last.t) / 1000;
  const sampled = (last.t - first.t) / 1000;
  const average = sampled / (pts.length - 1);
  const threshold = average * 1.1;
  if (toStart >= threshold) toStart = average / 2;
  if (isCounter && raw > 0 && first.v >= 0) {
    // A counter cannot go below zero: stop the extrapolation where the slope reaches 0.
    const toZero = sampled * (first.v / raw);
    if (toZero < toStart) toStart = toZero;
  }
  if (toEnd >= threshold) toEnd = average / 2;
  return raw * ((sampled + toStart + toEnd) / sampled);
}

/**
 * The increase of a counter over its samples, with Prometheus's reset semantics: any decrease
 * is a counter reset (the counter restarted from 0), so `0 1 2 3 2 3 4` increases by 7 — the
 * 3 before the reset is added back. With `options.range`, the result is Prometheus's
 * `increase(v[range])`: samples in (start, end], extrapolated toward the range edges (by at
 * most half a sample interval beyond the first/last sample, never below zero). Returns `null`
 * when fewer than two samples are used, where PromQL returns no value. O(n).
 *
 * @throws RangeError when a sample is not finite or samples are not in increasing time order.
 */
export function counterIncrease(samples: readonly Sample[], options?: RangeOptions): number | null {
  const { pts, range } = points("counterIncrease", samples, options);
  if (pts.length < 2) return null;
  const raw = counterIncreaseRaw(pts);
  return range ? extrapolate(pts, raw, range, true) : raw;
}

/**
 * The per-second rate of a counter, with the resets of `counterIncrease`. With
 * `options.range`: Prometheus's `rate(v[range])`, the extrapolated increase divided by the
 * range's length in seconds. Without: the increase divided by the seconds between the first
 * and last sample. Returns `null` for fewer than two samples (no value in PromQL). O(n).
 *
 * @throws RangeError as `counterIncrease`.
 */
export function counterRate(samples: readonly Sample[], options?: RangeOptions): number | null {
  const { pts, range } = points("counterRate", samples, options);
  if (pts.length < 2) return null;
  const raw = counterIncreaseRaw(pts);
  if (range) return extrapolate(pts, raw, range, true) / ((range.end - range.start) / 1000);
  return raw / (((pts[pts.length - 1] as Point).t - (pts[0] as Point).t) / 1000);
}

/**
 * The number of counter resets (decreases) among the samples, as Prometheus's `resets()`;
 * with `options.range`, only samples in (start, end] count. O(n).
 */
export function counterResets(samples: readonly Sample[], options?: RangeOptions): number {
  const { pts } = points("counterResets", samples, options);
  let n = 0;
  for (let i = 1; i < pts.length; i++) if ((pts[i] as Point).v < (pts[i - 1] as Point).v) n++;
  return n;
}

/**
 * The change of a gauge over its samples: last − first, with no reset handling (a gauge may go
 * down). With `options.range`: Prometheus's `delta(v[range])`, extrapolated to the range edges
 * as `increase` is (without the zero floor). Returns `null` for fewer than two samples. O(n).
 *
 * @throws RangeError as `counterIncrease`.
 */
export function gaugeDelta(samples: readonly Sample[], options?: RangeOptions): number | null {
  const { pts, range } = points("gaugeDelta", samples, options);
  if (pts.length < 2) return null;
  const raw = (pts[pts.length - 1] as Point).v - (pts[0] as Point).v;
  return range ? extrapolate(pts, raw, range, false) : raw;
}

/**
 * The change a GaugeMetric records: `value − previous_value`, or `null` when it has no
 * previous value. O(1).
 */
export function gaugeMetricDelta(metric: Pick<GaugeMetric, "value" | "previous_value">): number | null {
  if (metric.previous_value === null || metric.previous_value === undefined) return null;
  return metric.value - metric.previous_value;
}
