import { INCIDENT_SIGNAL_SOURCES, type IncidentSourceSpec } from "./signals.js";
import { lnBinomialUpperTail, zOfLogUpperTail } from "./special.js";
import type { RawSeries } from "./store.js";

/*
 * Window scoring. Each series is cut into windows of one width; each window's value is scored
 * against a robust baseline of earlier windows (median and MAD, BARO's and Hampel's
 * estimators), frozen while the series is anomalous so an incident never becomes its own
 * baseline. Method per kind, all on a scale where the noise is roughly constant:
 *
 *   quantile, mean  ln(value); spread = max(1.4826·MAD, sampling error of the window, 5 %)
 *   sum             ln(total + one typical observation); sampling error of a compound Poisson sum
 *   count           Anscombe 2·√(count + 3/8); spread ≥ 1 (Poisson)
 *   ratio           (failed − total·p₀) / √(φ·total·p₀(1 − p₀)): binomial, overdispersion φ ≥ 1
 *
 * A window is anomalous when |z| ≥ threshold in the series' bad direction and the change is
 * large enough to matter (MIN_EFFECT), so flat or near-flat series never alarm on noise.
 */

/** Detection settings (see DEFAULT_DETECTION). */
export interface DetectionSettings {
  /** |z| at or above which a window is anomalous. */
  readonly threshold: number;
  /** Earlier windows the baseline is taken from. */
  readonly baselineWindows: number;
  /** Fewest baseline windows a window needs to be scored (the minimum history). */
  readonly minHistory: number;
}

export const DEFAULT_DETECTION: Readonly<DetectionSettings> = Object.freeze({
  threshold: 5,
  baselineWindows: 24,
  minHistory: 6,
});

/** The smallest change that counts, per kind: ×1.5 (or ÷1.5 … 0.6) for sizes and rates, +3 events, +2 points of error rate. */
export const MIN_EFFECT = Object.freeze({
  ratio: 1.5,
  countExcess: 3,
  errorPoints: 0.02,
  qualityDrop: 0.05,
});

const MAD_SCALE = 1.482602218505602;
const LOG_FLOOR = 0.05;

export interface ScoredSeries {
  readonly raw: RawSeries;
  readonly spec: IncidentSourceSpec;
  /** Sorted observations. */
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly totals: Float64Array;
  readonly events: Int32Array;
  /** Window of each sorted observation. */
  readonly windowOf: Int32Array;
  /** First observation index of each window (length windows + 1). */
  readonly starts: Int32Array;
  /** Windows of the analysis (shared by all series) and this series' scored range. */
  readonly first: number;
  readonly last: number;
  readonly count: Int32Array;
  readonly has: Uint8Array;
  /** Window value in the series' unit (NaN without data). */
  readonly value: Float64Array;
  /** Baseline, band and z per window (NaN when not scored). */
  readonly baseline: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly z: Float64Array;
  readonly flagged: Uint8Array;
  /** The baseline windows each flagged window was scored against. */
  readonly refs: Map<number, readonly number[]>;
  readonly typical: number;
}

export interface Grid {
  readonly origin: number;
  readonly width: number;
  readonly windows: number;
  readonly dataStart: number;
  readonly dataEnd: number;
}

/** Sorted copies of a series' observations (already-sorted input is copied without sorting). */
function sorted(raw: RawSeries) {
  const n = raw.times.length;
  const t = raw.times.data;
  let ordered = true;
  for (let i = 1; i < n; i++) {
    if ((t[i] as number) < (t[i - 1] as number)) {
      ordered = false;
      break;
    }
  }
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const totals = new Float64Array(n);
  const events = new Int32Array(n);
  if (ordered) {
    times.set(raw.times.data.subarray(0, n));
    values.set(raw.values.data.subarray(0, n));
    totals.set(raw.totals.data.subarray(0, n));
    events.set(raw.events.data.subarray(0, n));
  } else {
    const index = new Uint32Array(n);
    for (let i = 0; i < n; i++) index[i] = i;
    index.sort((a, b) => (t[a] as number) - (t[b] as number) || a - b);
    for (let i = 0; i < n; i++) {
      const k = index[i] as number;
      times[i] = t[k] as number;
      values[i] = raw.values.data[k] as number;
      totals[i] = raw.totals.data[k] as number;
      events[i] = raw.events.data[k] as number;
    }
  }
  return { times, values, totals, events };
}

/** Median of `xs[0..n)` (sorts a copy). */
export function medianOf(xs: ArrayLike<number>, n = xs.length): number {
  const a = Array.from({ length: n }, (_, i) => xs[i] as number).sort((x, y) => x - y);
  if (n === 0) return Number.NaN;
  const mid = n >> 1;
  return n % 2 === 1 ? (a[mid] as number) : ((a[mid - 1] as number) + (a[mid] as number)) / 2;
}

/** Quantile (type 7, as numpy's default and R's) of an ascending array slice. */
function quantileOfSorted(a: Float64Array, from: number, to: number, q: number): number {
  const n = to - from;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = a[from + lo] as number;
  return lo + 1 < n ? x + (h - lo) * ((a[from + lo + 1] as number) - x) : x;
}

function medianAndMad(ys: readonly number[]): { center: number; spread: number } {
  const center = medianOf(ys);
  const deviations = ys.map((y) => Math.abs(y - center));
  return { center, spread: MAD_SCALE * medianOf(deviations) };
}

const anscombe = (c: number): number => 2 * Math.sqrt(c + 0.375);
const fromAnscombe = (a: number): number => Math.max(0, (a / 2) ** 2 - 0.375);

/**
 * Cuts `raw` into the grid's windows and scores each against its baseline. O(n log n) for the
 * sort plus O(windows · baselineWindows · log baselineWindows) for the medians.
 */
export function scoreSeries(raw: RawSeries, grid: Grid, settings: DetectionSettings): ScoredSeries {
  const spec = INCIDENT_SIGNAL_SOURCES[raw.source] as IncidentSourceSpec;
  const { times, values, totals, events } = sorted(raw);
  const n = times.length;
  const J = grid.windows;
  const windowOf = new Int32Array(n);
  const count = new Int32Array(J);
  for (let i = 0; i < n; i++) {
    const j = Math.min(J - 1, Math.max(0, Math.floor(((times[i] as number) - grid.origin) / grid.width)));
    windowOf[i] = j;
    count[j] = (count[j] as number) + 1;
  }
  const starts = new Int32Array(J + 1);
  for (let j = 0; j < J; j++) starts[j + 1] = (starts[j] as number) + (count[j] as number);
  const occurrence = spec.kind === "count" || spec.kind === "sum";
  // A signal over all events exists for the whole range; a model's series from its first observation.
  const first = raw.model === undefined && occurrence ? 0 : n === 0 ? 0 : (windowOf[0] as number);
  const last = occurrence ? J - 1 : n === 0 ? -1 : (windowOf[n - 1] as number);

  // Window values.
  const has = new Uint8Array(J);
  const value = new Float64Array(J).fill(Number.NaN);
  const y = new Float64Array(J).fill(Number.NaN);
  const sampling = new Float64Array(J);
  const failed = new Float64Array(J);
  const total = new Float64Array(J);
  const sum = new Float64Array(J);
  const sumSq = new Float64Array(J);
  const coverage = new Float64Array(J).fill(1);
  for (let j = first; j <= last; j++) {
    const ws = grid.origin + j * grid.width;
    const covered = Math.min(ws + grid.width, grid.dataEnd + 1) - Math.max(ws, grid.dataStart);
    coverage[j] = Math.max(0, Math.min(1, covered / grid.width));
  }

  // Value kinds: a second, more efficient statistic (the mean of the transformed observations,
  // i.e. the geometric mean on a log scale) catches a shift of the whole distribution that a
  // window's p95 (noisy on few observations) misses; the window is anomalous on either.
  const y2 = new Float64Array(J).fill(Number.NaN);
  const sampling2 = new Float64Array(J);
  const valueKind = spec.kind === "quantile" || spec.kind === "mean";
  const tr = (v: number): number => (spec.log ? Math.log(Math.max(v, 1e-12)) : v);
  let typicalObservation = 1;
  if (spec.kind === "sum" && n > 0) {
    const positive: number[] = [];
    const step = Math.max(1, Math.floor(n / 20_000));
    for (let i = 0; i < n; i += step) if ((values[i] as number) > 0) positive.push(values[i] as number);
    typicalObservation = positive.length > 0 ? medianOf(positive) : 1;
  }

  const slice = new Float64Array(n);
  slice.set(values);
  // Within-window spread of single observations (robust, pooled over windows, so neither the
  // incident's level shift nor slow trends inflate it): the sampling error of a window's statistic.
  let within = 0;
  if (valueKind) {
    const residuals: number[] = [];
    const step = Math.max(1, Math.floor(n / 20_000));
    for (let j = first; j <= last; j++) {
      const from = starts[j] as number;
      const to = starts[j + 1] as number;
      if (to - from < 2) continue;
      const part = slice.subarray(from, to);
      part.sort();
      const mid = tr(quantileOfSorted(slice, from, to, 0.5));
      for (let i = from; i < to; i += step) residuals.push(tr(slice[i] as number) - mid);
    }
    within = residuals.length === 0 ? 0 : medianAndMad(residuals).spread;
    if (residuals.length > 0) within = Math.max(within, MAD_SCALE * medianOf(residuals.map(Math.abs)));
  }
  for (let j = first; j <= last; j++) {
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    const k = to - from;
    if (spec.kind === "count") {
      if (coverage[j]! < 0.5) continue;
      has[j] = 1;
      value[j] = k;
      y[j] = anscombe(k / (coverage[j] as number));
      continue;
    }
    if (spec.kind === "sum") {
      if (coverage[j]! < 0.5) continue;
      let s = 0;
      let s2 = 0;
      for (let i = from; i < to; i++) {
        const v = Math.max(0, values[i] as number);
        s += v;
        s2 += v * v;
      }
      sum[j] = s;
      sumSq[j] = s2;
      has[j] = 1;
      value[j] = s;
      y[j] = Math.log(s / (coverage[j] as number) + typicalObservation);
      continue;
    }
    if (k === 0) continue;
    has[j] = 1;
    if (spec.kind === "ratio") {
      let f = 0;
      let tot = 0;
      for (let i = from; i < to; i++) {
        f += values[i] as number;
        tot += totals[i] as number;
      }
      failed[j] = f;
      total[j] = tot;
      value[j] = tot > 0 ? (100 * f) / tot : 0;
      y[j] = tot > 0 ? f / tot : 0;
      continue;
    }
    let s = 0;
    let st = 0;
    for (let i = from; i < to; i++) {
      s += values[i] as number;
      st += tr(values[i] as number);
    }
    y2[j] = st / k;
    sampling2[j] = within / Math.sqrt(k);
    if (spec.kind === "quantile") {
      const part = slice.subarray(from, to);
      part.sort();
      const q = quantileOfSorted(slice, from, to, 0.95);
      value[j] = q;
      y[j] = tr(q);
      // Standard error of a sample quantile: √(p(1−p)) / (φ(z_p)·√n) ≈ 2.11 σ/√n at p = 0.95.
      sampling[j] = (2.11 * within) / Math.sqrt(k);
      continue;
    }
    const mean = s / k;
    value[j] = mean;
    if (spec.name === "throughput_payload") {
      // A rate measured from counts: Poisson noise, sd(ln rate) ≈ 1/√count; a zero rate counts as half a request.
      let implied = 0;
      for (let i = from; i < to; i++) implied += totals[i] as number;
      const floorRate = implied > 0 ? (0.5 * mean) / implied : 1e-6;
      y[j] = Math.log(Math.max(mean, floorRate));
      y2[j] = y[j] as number;
      sampling[j] = 1 / Math.sqrt(Math.max(implied, 0.5));
      sampling2[j] = sampling[j] as number;
      continue;
    }
    // Sizes (tokens per request) are summarized by their geometric mean: the arithmetic mean of
    // a few heavy-tailed values swings by ×2 on one long prompt, the mean of their logs does not.
    y[j] = st / k;
    if (spec.log) value[j] = Math.exp(st / k);
    sampling[j] = within / Math.sqrt(k);
  }

  const baseline = new Float64Array(J).fill(Number.NaN);
  const lower = new Float64Array(J).fill(Number.NaN);
  const upper = new Float64Array(J).fill(Number.NaN);
  const z = new Float64Array(J).fill(Number.NaN);
  const flagged = new Uint8Array(J);
  const refs = new Map<number, readonly number[]>();
  const Z = settings.threshold;

  const withData: number[] = [];
  for (let j = first; j <= last; j++) if (has[j] === 1) withData.push(j);
  const typical = medianOf(withData.map((j) => value[j] as number));

  // Pass 1: one baseline over the whole series marks the windows later baselines must avoid
  // (the incident itself, when it is clear), so early windows can borrow later history.
  const mask = new Uint8Array(J);
  if (withData.length > settings.minHistory) {
    const result = scoreAgainst(withData, -1);
    for (const j of withData) if (result(j).bad) mask[j] = 1;
  }

  // Pass 2: each window against the most recent unflagged windows before it (frozen during an
  // anomaly), topped up with the nearest clean windows after it when the history is short.
  const history: number[] = [];
  for (let idx = 0; idx < withData.length; idx++) {
    const j = withData[idx] as number;
    const ref: number[] = history.slice(-settings.baselineWindows);
    if (ref.length < settings.minHistory) {
      for (let a = idx + 1; a < withData.length && ref.length < settings.minHistory; a++) {
        const later = withData[a] as number;
        if (mask[later] === 0) ref.push(later);
      }
    }
    if (ref.length >= settings.minHistory) {
      const scored = scoreAgainst(ref, j)(j);
      baseline[j] = scored.baseline;
      lower[j] = scored.lower;
      upper[j] = scored.upper;
      z[j] = scored.z;
      if (scored.bad) {
        flagged[j] = 1;
        refs.set(j, ref);
      }
    }
    if (flagged[j] === 0) history.push(j);
  }

  return {
    raw,
    spec,
    times,
    values,
    totals,
    events,
    windowOf,
    starts,
    first,
    last,
    count,
    has,
    value,
    baseline,
    lower,
    upper,
    z,
    flagged,
    refs,
    typical,
  };

  /** A scorer of windows against the baseline of `ref` (`self` is left out of it). */
  function scoreAgainst(
    refAll: readonly number[],
    self: number,
  ): (j: number) => { z: number; bad: boolean; baseline: number; lower: number; upper: number } {
    const ref = refAll.filter((j) => j !== self);
    const inflate = Math.sqrt(1 + Math.PI / (2 * Math.max(ref.length, 1)));
    if (spec.kind === "ratio") {
      let f = 0;
      let tot = 0;
      for (const j of ref) {
        f += failed[j] as number;
        tot += total[j] as number;
      }
      const p0 = Math.min(0.999, Math.max(tot > 0 ? f / tot : 0, tot > 0 ? 0.5 / tot : 0.001, 1e-4));
      const residuals = ref.map((j) => {
        const t = total[j] as number;
        return t > 0 ? Math.abs((failed[j] as number) - t * p0) / Math.sqrt(t * p0 * (1 - p0)) : 0;
      });
      const phi = Math.max(1, (MAD_SCALE * medianOf(residuals)) ** 2) * inflate * inflate;
      return (j) => {
        const t = total[j] as number;
        const f = failed[j] as number;
        const rate = t > 0 ? f / t : 0;
        const sd = Math.sqrt((phi * p0 * (1 - p0)) / Math.max(t, 1e-9));
        // Exact binomial tail of the failures (as f/φ of t/φ under overdispersion), as a z-score;
        // the normal approximation would call 1 failure in 2 requests a 7σ event.
        const zz =
          rate > p0 && t > 0
            ? Math.max(0, zOfLogUpperTail(lnBinomialUpperTail(f / phi, t / phi, p0)))
            : (rate - p0) / sd;
        const effect = rate - p0 >= MIN_EFFECT.errorPoints && rate >= MIN_EFFECT.ratio * p0;
        return {
          z: zz,
          bad: zz >= Z && effect,
          baseline: 100 * p0,
          lower: 100 * Math.max(0, p0 - Z * sd),
          upper: 100 * Math.min(1, p0 + Z * sd),
        };
      };
    }
    const ys = ref.map((j) => y[j] as number);
    const { center, spread } = medianAndMad(ys);
    if (spec.kind === "count") {
      const s = Math.max(spread, 1) * inflate;
      const lambda = fromAnscombe(center);
      return (j) => {
        const zz = ((y[j] as number) - center) / s;
        const c = (value[j] as number) / (coverage[j] as number);
        const up = zz >= Z && c - lambda >= MIN_EFFECT.countExcess && c >= MIN_EFFECT.ratio * lambda;
        const down = zz <= -Z && lambda - c >= MIN_EFFECT.countExcess && c <= lambda / MIN_EFFECT.ratio;
        return {
          z: zz,
          bad: (spec.direction !== "down" && up) || (spec.direction !== "up" && down),
          baseline: lambda,
          lower: fromAnscombe(center - Z * s),
          upper: fromAnscombe(center + Z * s),
        };
      };
    }
    if (spec.kind === "sum") {
      // Poisson-sum noise of a baseline window: √(λ·E[x²]) / (λ·E[x] + c), pooled over the baseline.
      let events = 0;
      let s1 = 0;
      let s2 = 0;
      for (const j of ref) {
        events += count[j] as number;
        s1 += sum[j] as number;
        s2 += sumSq[j] as number;
      }
      const lambda = events / Math.max(ref.length, 1);
      const m1 = events > 0 ? s1 / events : 0;
      const m2 = events > 0 ? s2 / events : 0;
      const poisson = Math.sqrt(lambda * m2) / (lambda * m1 + typicalObservation);
      const s = Math.max(spread, poisson, LOG_FLOOR) * inflate;
      const c = typicalObservation;
      return (j) => {
        const zz = ((y[j] as number) - center) / s;
        // The rise must come from more events than the baseline's Poisson noise allows, or from
        // at least three events that are each larger: one ordinary bill in a quiet window is no spike.
        const k = count[j] as number;
        const meanMark = k > 0 ? (sum[j] as number) / k : 0;
        const moreEvents = k - lambda >= MIN_EFFECT.countExcess && k >= MIN_EFFECT.ratio * lambda;
        const largerEvents = k >= 3 && meanMark >= MIN_EFFECT.ratio * m1;
        const effect = (y[j] as number) - center >= Math.log(MIN_EFFECT.ratio) && (moreEvents || largerEvents);
        return {
          z: zz,
          bad: zz >= Z && effect,
          baseline: Math.max(0, Math.exp(center) - c),
          lower: Math.max(0, Math.exp(center - Z * s) - c),
          upper: Math.exp(center + Z * s) - c,
        };
      };
    }
    // quantile and mean: the displayed statistic (p95 or mean) and the mean of the transformed values.
    const second = medianAndMad(ref.map((j) => y2[j] as number));
    const floor = spec.log ? LOG_FLOOR : 0.01;
    const test = (delta: number, sd: number, base: number) => {
      const zz = delta / sd;
      const big = spec.log
        ? Math.abs(delta) >= Math.log(MIN_EFFECT.ratio)
        : Math.abs(delta) >= Math.max(MIN_EFFECT.qualityDrop * Math.abs(base), 0.02);
      const up = spec.direction !== "down" && zz >= Z && big;
      const down = spec.direction !== "up" && zz <= -Z && big;
      return { zz, bad: up || down };
    };
    return (j) => {
      const s = Math.max(spread, sampling[j] as number, floor) * inflate;
      const s2 = Math.max(second.spread, sampling2[j] as number, floor) * inflate;
      const a = test((y[j] as number) - center, s, center);
      const b = test((y2[j] as number) - second.center, s2, second.center);
      const back = (v: number) => (spec.log ? Math.exp(v) : v);
      const zz = a.bad || !b.bad ? (Math.abs(a.zz) >= Math.abs(b.zz) || !b.bad ? a.zz : b.zz) : b.zz;
      return {
        z: a.bad && b.bad ? (Math.abs(a.zz) >= Math.abs(b.zz) ? a.zz : b.zz) : zz,
        bad: a.bad || b.bad,
        baseline: back(center),
        lower: back(center - Z * s),
        upper: back(center + Z * s),
      };
    };
  }
}

/**
 * The documented anomaly_score of a z-score: |z| / (|z| + threshold). It ranks without
 * saturating: a window at the threshold scores 0.5, at 3× the threshold 0.75, at 9× 0.9, at
 * 99× 0.99; it reaches 1 only for an infinite z.
 */
export function incidentAnomalyScore(z: number, threshold: number = DEFAULT_DETECTION.threshold): number {
  if (typeof z !== "number" || Number.isNaN(z)) {
    throw new RangeError(`incidentAnomalyScore: z must be a number, received ${String(z)}`);
  }
  if (!(threshold > 0)) throw new RangeError(`incidentAnomalyScore: threshold must be > 0, received ${threshold}`);
  const a = Math.abs(z);
  return a === Number.POSITIVE_INFINITY ? 1 : a / (a + threshold);
}
