// 1 / Φ⁻¹(3/4): MAD × this estimates σ for normal data (R's `mad()`); the stats layer's one copy.
import { MAD_NORMAL_SCALE as MAD_SCALE } from "../../stats/dispersion.js";
import { INCIDENT_SIGNAL_SOURCES, type IncidentSourceSpec, SIGNAL_SPECS } from "./signals.js";
import {
  lnBinomialUpperTail,
  lnGamma,
  lnIncompleteGamma,
  lnPoissonLowerTail,
  lnPoissonUpperTail,
  lnStudentTUpperTail,
  zOfLogUpperTail,
} from "./special.js";
import type { RawSeries } from "./store.js";

/*
 * Window scoring. Each series is cut into windows of one width. Every run of the last 1, 2, 4
 * or 8 windows is tested against a robust baseline of the windows before the run (median and
 * MAD, as BARO's RobustScorer and Hampel's filter; pooled rates for counts and ratios), so a
 * sharp spike shows in one window and a moderate but sustained change in a sparse series shows
 * in a longer run. The baseline skips windows already found anomalous, so an incident never
 * becomes its own baseline. Per kind:
 *
 *   quantile, mean  location: mean of ln(value) (the geometric mean), spread = max(1.4826·MAD
 *                   of the windows, within-window sampling error, 5 %); sizes also get a tail
 *                   test: the share of observations above the baseline's 90th percentile,
 *                   exact binomial tail
 *   sum             ln(total + one typical observation); compound-Poisson sampling error
 *   count           exact Poisson tail of the count, overdispersion φ ≥ 1 (counts ÷ φ)
 *   ratio           exact binomial tail of the failures, overdispersion φ ≥ 1 (counts ÷ φ)
 *
 * Exact tails are turned into one-sided z-scores. A run is anomalous when its z reaches the
 * threshold in the series' bad direction and the change is large enough to matter
 * (MIN_EFFECT), so flat or near-flat series never alarm on noise.
 */

/** Detection settings (see DEFAULT_DETECTION). */
export interface DetectionSettings {
  /** |z| at or above which a run of windows is anomalous. */
  readonly threshold: number;
  /** Earlier windows the baseline is taken from. */
  readonly baselineWindows: number;
  /** Fewest baseline windows a window needs to be scored (the minimum history). */
  readonly minHistory: number;
  /**
   * The least time (ms) the baseline of a value or error-rate series spans: with short windows
   * it holds more than `baselineWindows` windows (see REFERENCE_MS).
   */
  readonly referenceMs?: number;
}

/**
 * The least time a value (latency, size) or error-rate baseline spans: two hours. A baseline's
 * median lags the present by half its span, so a change is seen against its own baseline only
 * when it moves faster than that: with 24 one-minute windows a drift that takes an hour to
 * reach ×3 stays within ×1.2 of a baseline 12 minutes behind it and is never anomalous; with
 * two hours the baseline is an hour behind, and such a drift crosses MIN_EFFECT (×1.5) within
 * its first half hour. (Page's CUSUM makes the same point: a reference frozen before a slow
 * change, not one that follows it, is what accumulates the evidence.) Event rates and spend
 * keep their 24-window robust trend, which must follow a daily traffic curve.
 */
export const REFERENCE_MS = 2 * 3_600_000;

export const DEFAULT_DETECTION: Readonly<DetectionSettings> = Object.freeze({
  threshold: 5,
  baselineWindows: 24,
  minHistory: 6,
  referenceMs: REFERENCE_MS,
});

/** Run lengths tested at every window. */
export const RUN_LENGTHS = Object.freeze([1, 2, 4, 8]);

/**
 * The smallest change that counts: ×1.5 (or ÷1.5) for sizes, spend and error rates, ×2 and +3
 * events for event rates, ×3 (or ÷3) for throughput (traffic moves by half within a day and
 * by a third within an hour on its own), +2 points of error rate, +15 points of share above the
 * baseline's 90th percentile, and for quality scores a drop of 5 % of the level and at least 0.02
 * points (two steps of a score reported to two decimals: one step can be rounding alone).
 */
export const MIN_EFFECT = Object.freeze({
  ratio: 1.5,
  countRatio: 2,
  trafficRatio: 3,
  countExcess: 3,
  errorPoints: 0.02,
  tailPoints: 0.15,
  qualityDrop: 0.05,
  qualityPoints: 0.02,
});

/**
 * A window "leans" a run's way when its own z points that way by at least this much: 1.5, about
 * the standard normal's 93rd percentile, so an ordinary window leans a given way 7 % of the time.
 */
export const LEAN_Z = 1.5;
/** The share of ordinary windows that lean a given way: the standard normal's tail beyond LEAN_Z, 1 − Φ(1.5). */
const LEAN_SHARE = 0.0668;
/**
 * A count of leaning windows is beyond chance when its binomial tail at LEAN_SHARE is below this:
 * 1 %, not 5 %, because against a reference of two to five windows (`continuationLength`) the
 * band is itself uncertain and an ordinary window leans more often than LEAN_SHARE.
 */
const BEYOND_CHANCE = 0.01;
/** The standard normal's 90th percentile, Φ⁻¹(0.9) (scipy.stats.norm.ppf(0.9)). */
const Z90 = 1.2815515655446004;
/**
 * The least spread a log-scale baseline is credited with: 0.05 in ln units, ±5 % (e^0.05 = 1.051),
 * so a flat baseline (a constant emitter, whole-millisecond rounding) cannot turn a 1 % change into
 * a z of hundreds. Derived from the detection's own bounds, not fitted: at the default threshold
 * (z 5) the floor alone flags a shift of e^(5 × 0.05) = ×1.28, below MIN_EFFECT.ratio's ×1.5, so it
 * never hides a change of the documented minimum size.
 */
export const LOG_FLOOR = 0.05;
/**
 * The least spread a linear-scale baseline (quality scores) is credited with, by the same rule as
 * LOG_FLOOR: the floor alone must never hide a change of the documented minimum size. The least
 * quality drop that counts is MIN_EFFECT.qualityPoints (0.02 points; 5 % of the level when that is
 * more); at the default threshold the floor alone flags 5 × 0.003 = 0.015, and at the longest fixed
 * run's 6.5 (RUN_LENGTHS' 8 windows), 0.0195, both below it. The 0.01 used before flagged 0.05 on its
 * own, above the minimum effect of any score under 1.0, so a steady emitter's drop of the minimum
 * size was not found (test/correlation/quality-floor.test.ts). onset.ts's size model uses the same
 * floor (its own 0.01 merged into this one, issue 17).
 */
export const LINEAR_FLOOR = 0.003;
/**
 * The allowance k of the windows' CUSUMs (Page 1954, "Continuous inspection schemes",
 * Biometrika 41): ½, half the shift of one standard deviation the scheme is tuned to find, the
 * classic choice (Montgomery, Introduction to Statistical Quality Control, §9.1).
 */
const CUSUM_K = 0.5;
/**
 * An unseen event counted as half: the Haldane–Anscombe ½ (Anscombe 1956, "On estimating binomial
 * response relations", Biometrika 43), which keeps the log of a count finite at 0 with the least
 * bias. A count's log trend is fitted to ln(c + ½), a rate never falls below half an event over its
 * baseline, an error rate below half a failure, a group's traffic below half a request a window.
 */
export const HALF_COUNT = 0.5;
/**
 * A count series is busy from a median of 5 a window: the usual rule for reading a Poisson count as
 * approximately normal (expected counts ≥ 5, as Cochran's rule for χ² tests, Biometrics 10, 1954);
 * a busy series gets a log-linear trend and median ratios, a sparser one (median 0–4) Poisson sums.
 */
export const BUSY_COUNT = 5;
/** Counts are winsorized at median + 3σ before they estimate a rate: Shewhart's 3-sigma control limit. */
const WINSOR_Z = 3;
/**
 * The fewest disjoint blocks a run's dispersion is read from (`runDispersion`): runs of up to a
 * third of the baseline. Three, the least that gives a spread at all with a spare; at the 24-window
 * baseline, runs of 8 windows, RUN_LENGTHS' longest.
 */
export const RUN_BLOCKS = 3;
/**
 * The sampling error of a window's p95 over that of its mean, for normal data: the asymptotic
 * standard error of the sample p-quantile is √(p(1 − p)) / φ(Φ⁻¹(p)) · σ/√n (Cramér 1946, §28.5);
 * at p 0.95, √0.0475 / φ(1.6449) = 2.1132.
 */
const P95_SE_RATIO = 2.11;
/**
 * A window the capture covers less than half of is not scored: its count alone would read as a
 * fall of ×2 or more, MIN_EFFECT.countRatio, from the coverage.
 */
const MIN_COVERAGE = 0.5;
/**
 * At most this many observations are sampled for a spread or a typical value: the median of
 * 20 000 draws has a standard error of 1.2533 / √20 000 = 0.9 % of σ for normal data, ample for a
 * spread, and the pass stays O(1) per window on large captures.
 */
const SPREAD_SAMPLE = 20_000;
/** A window's own median/MAD spread is used from 8 observations, where that estimate is nearly unbiased. */
const MIN_ROBUST_WINDOW = 8;
/**
 * Residuals the robust within-window spread needs (`withinSpread`; fewer: the pooled standard
 * deviation). Chosen, uncited: at 50 the MAD's σ has a standard error of about 1.17 / √50 = 16 %
 * (its Gaussian efficiency is 37 %, Rousseeuw & Croux 1993, JASA 88), the pooled SD's 10 %.
 * Swept at 25 and 100 in round seventeen on days where it binds. Row: docs/correlation.md, "The constants of detection".
 */
const MIN_ROBUST_RESIDUALS = 50;
/**
 * The error-rate baseline's floor (`ratioRate`): 0.01 %, below which a pooled failure share is not
 * read (besides HALF_COUNT failures over its requests, which binds first under 5 000 requests).
 * Derived: a tenth of the lowest base failure rate the suites' generators draw (0.1 %:
 * eval/world.ts draws 0.1–2 %, the held-out catalog 0.2–1 %, eval/third 0.2–3 %); swept at ½×
 * and 2× in round seventeen. Row: docs/correlation.md, "The constants of detection".
 */
const ERROR_RATE_FLOOR = 1e-4;
/**
 * The failure share of a baseline whose windows hold no requests: 0.1 %, the error rate of the
 * objective a service is presumed to meet. Cited: the error budget of a 99.9 % SLO, the SRE
 * Workbook's running example (Beyer et al. 2018, ch. 5 "Alerting on SLOs": "if the SLO is
 * 99.9 % over 30 days, alert if the error rate over the previous 10 minutes is ≥ 0.1 %"); Kiali's
 * default traffic health is Degraded from 0.1 % of application errors (kiali.io, "Traffic
 * Health"). Derived as well: the lowest base failure rate the suites' generators draw. One
 * constant for detection's error-rate baseline (`ratioRate`) and onset.ts's failure model
 * (`ratioModel`), the same idea. Round seventeen's trace: 0.05 % or 0.2 % decides nothing
 * differently on the 114 suite days read. Row: docs/correlation.md, "The constants of detection".
 */
export const ERROR_RATE_NO_TRAFFIC = 0.001;
/**
 * The error-rate baseline's ceiling: 99.9 %, so 1 − p0 > 0 in the Pearson residuals and the
 * binomial tail (a guard: any value under 1 serves; this one is chosen). Round seventeen's trace:
 * 99.95 % or 99.8 % decides nothing differently on the 114 suite days read. Row: docs/correlation.md, "The constants of detection".
 */
const ERROR_RATE_CEILING = 0.999;
/**
 * The tail test's baseline share above the p90 (`tailTest`), clamped to 2–50 %: 10 % by
 * construction, the clamp only guards an odd baseline. Above 50 % the "tail" would hold most
 * observations (the p90 would be under the median); the 2 % floor keeps p0 off 0 in the
 * binomial tail. The bounds themselves are chosen. Round seventeen's trace: the floor at 1 % or
 * 4 % decides nothing differently on the 114 suite days read; the ceiling at 25 % binds on most
 * of them and was swept there. Row: docs/correlation.md, "The constants of detection".
 */
const TAIL_SHARE_MIN = 0.02;
const TAIL_SHARE_MAX = 0.5;
/**
 * A baseline window gives its p90 to the tail test from 3 observations, and the test needs 3 such
 * windows (or all, when fewer): the fewest a median of p90s and a quantile are read from. Chosen;
 * swept at 2 and 6 in round seventeen. Row: docs/correlation.md, "The constants of detection".
 */
const TAIL_MIN = 3;
/**
 * The z a run of k windows needs over the threshold: ½ per doubling of k (`zFor`), for the extra
 * runs RUN_LENGTHS tests. Uncited: a Bonferroni correction over k tests would ask ln k / z more
 * (z_{α/k}² ≈ z_α² + 2 ln k), 0.14 per doubling at z 5; ½ is stricter than that. Swept at ¼
 * and 1 in round seventeen. Row: docs/correlation.md, "The constants of detection".
 */
const RUN_PENALTY_PER_DOUBLING = 0.5;

export interface ScoredSeries {
  readonly raw: RawSeries;
  readonly spec: IncidentSourceSpec;
  /** The windows the series was cut into (its scope's width: see `chooseWindowMs`). */
  readonly grid: Grid;
  /** Sorted observations. */
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly totals: Float64Array;
  readonly events: Int32Array;
  /** Window of each sorted observation. */
  readonly windowOf: Int32Array;
  /** First observation index of each window (length windows + 1). */
  readonly starts: Int32Array;
  /** This series' scored range of windows. */
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
  /** The baseline windows each flagged window was scored against (those before its run). */
  readonly refs: Map<number, readonly number[]>;
  readonly typical: number;
  /**
   * Windows flagged by a silence beyond the model's own gaps, not by their counts (analyze.ts
   * `withLongGap`): judged by that test, not by the counts' collapse gates (`isCollapse`).
   */
  readonly gapWindows?: ReadonlySet<number>;
  /**
   * Throughput: windows flagged only as part of a fall judged as one run against a frozen
   * reference (`frozenRunFalls`), not by their own counts: a silence among them was not judged
   * against the model's own lulls (analyze.ts `silentWindows`).
   */
  readonly runWindows?: ReadonlySet<number>;
}

export interface Grid {
  readonly origin: number;
  readonly width: number;
  readonly windows: number;
  readonly dataStart: number;
  readonly dataEnd: number;
}

interface Observations {
  readonly times: Float64Array;
  readonly values: Float64Array;
  readonly totals: Float64Array;
  readonly events: Int32Array;
}

/** The sorted copies of out-of-order series, made once per series (while it gains no observations). */
const sortedCopies = new WeakMap<RawSeries, Observations>();

/**
 * A series' observations in time order: views of its columns when they already are (the usual
 * case: events arrive in time order; nothing writes to them once scoring starts), else sorted
 * copies (ties keep arrival order). A series is scored up to four times (`scoreAll`), so copies
 * of ordered columns were most of the scoring's garbage.
 */
function sorted(raw: RawSeries): Observations {
  const n = raw.times.length;
  const t = raw.times.data;
  let ordered = true;
  for (let i = 1; i < n; i++) {
    if ((t[i] as number) < (t[i - 1] as number)) {
      ordered = false;
      break;
    }
  }
  if (ordered) {
    return {
      times: raw.times.data.subarray(0, n),
      values: raw.values.data.subarray(0, n),
      totals: raw.totals.data.subarray(0, n),
      events: raw.events.data.subarray(0, n),
    };
  }
  const known = sortedCopies.get(raw);
  if (known !== undefined && known.times.length === n) return known;
  const times = new Float64Array(n);
  const values = new Float64Array(n);
  const totals = new Float64Array(n);
  const events = new Int32Array(n);
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
  const copies = { times, values, totals, events };
  sortedCopies.set(raw, copies);
  return copies;
}

let scratch = new Float64Array(1024);

/** Rearranges `a[0, n)` so that `a[k]` holds the value of rank k (Hoare's quickselect, median-of-three pivot). */
function select(a: Float64Array, n: number, k: number): number {
  let lo = 0;
  let hi = n - 1;
  while (hi > lo) {
    const mid = (lo + hi) >> 1;
    let x = a[lo] as number;
    let y = a[mid] as number;
    let z = a[hi] as number;
    if (x > y) [x, y] = [y, x];
    if (y > z) [y, z] = [z, y];
    if (x > y) [x, y] = [y, x];
    const pivot = y;
    let i = lo;
    let j = hi;
    while (i <= j) {
      while ((a[i] as number) < pivot) i++;
      while ((a[j] as number) > pivot) j--;
      if (i <= j) {
        const t = a[i] as number;
        a[i] = a[j] as number;
        a[j] = t;
        i++;
        j--;
      }
    }
    if (k <= j) hi = j;
    else if (k >= i) lo = i;
    else break;
  }
  return a[k] as number;
}

/** Median of `a[0, n)`, n ≥ 1, rearranging it (`select`); the mean of the two middle values for an even n. */
function medianInPlace(a: Float64Array, n: number): number {
  const upper = select(a, n, n >> 1);
  if (n % 2 === 1) return upper;
  let lower = a[0] as number;
  for (let i = 1; i < n >> 1; i++) if ((a[i] as number) > lower) lower = a[i] as number;
  return (lower + upper) / 2;
}

/** Median of `xs` (the mean of the two middle values for an even count); NaN when empty. O(n) expected. */
export function medianOf(xs: ArrayLike<number>): number {
  const n = xs.length;
  if (n === 0) return Number.NaN;
  if (scratch.length < n) scratch = new Float64Array(2 * n);
  const a = scratch;
  for (let i = 0; i < n; i++) a[i] = xs[i] as number;
  return medianInPlace(a, n);
}

/** Quantile (type 7, as numpy's default and R's) of an ascending array slice. */
function quantileOfSorted(a: Float64Array, from: number, to: number, q: number): number {
  const n = to - from;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const x = a[from + lo] as number;
  return lo + 1 < n ? x + (h - lo) * ((a[from + lo + 1] as number) - x) : x;
}

function medianAndMad(ys: ArrayLike<number>): { center: number; spread: number } {
  const n = ys.length;
  const center = medianOf(ys);
  if (n === 0) return { center, spread: Number.NaN };
  // The deviations go where `medianOf` left the values (done with them): no array per call.
  const a = scratch;
  for (let i = 0; i < n; i++) a[i] = Math.abs((ys[i] as number) - center);
  return { center, spread: MAD_SCALE * medianInPlace(a, n) };
}

/** First index in the ascending `a[from, to)` whose value is greater than `x`. */
function upperBound(a: Float64Array, from: number, to: number, x: number): number {
  let lo = from;
  let hi = to;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((a[mid] as number) <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * A robust straight line through (x, y): the slope between the medians of the earlier and the
 * later half of the points (Wald–Bartlett with medians), the intercept the median residual.
 * `at(x)` is the line's value, held flat outside the points' range; only the points after the
 * last gap longer than the points that follow it are fitted (see inside). O(n log n).
 */
function robustTrend(allXs: readonly number[], allYs: readonly number[]): { at(x: number): number } {
  // A line follows the windows it saw in a row: where the baseline leaves out a stretch (windows
  // found anomalous) longer than what it holds after it, the windows before the gap are another
  // part of the day, and a line through both reads the slope of the earlier hours as running
  // through the gap (held-out --seed 5151 day 24: an evening's decline, fitted with one window
  // twelve hours later, put the spend baseline at 1/150 of every window's). The line is then
  // fitted on the windows after the gap, or, when they are too few for one, the level is the
  // median of them all.
  let from = 0;
  for (let i = allXs.length - 1; i > 0; i--) {
    const gap = (allXs[i] as number) - (allXs[i - 1] as number) - 1;
    if (gap > allXs.length - i) {
      from = i;
      break;
    }
  }
  const xs = allXs.slice(from);
  const ys = allYs.slice(from);
  const n = xs.length;
  const half = n >> 1;
  if (half < 2) {
    const m = medianOf(allYs);
    return { at: () => m };
  }
  const x1 = medianOf(xs.slice(0, half));
  const x2 = medianOf(xs.slice(n - half));
  const slope = x2 > x1 ? (medianOf(ys.slice(n - half)) - medianOf(ys.slice(0, half))) / (x2 - x1) : 0;
  const intercept = medianOf(ys.map((y, i) => y - slope * (xs[i] as number)));
  // Never extrapolated past the baseline: a trend holds where it was seen.
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  return { at: (x) => intercept + slope * Math.min(hi, Math.max(lo, x)) };
}

interface TestResult {
  readonly z: number;
  readonly bad: boolean;
  /** Whether the change is large enough to matter (MIN_EFFECT), whatever its z. */
  readonly big?: boolean;
  /** Whether the test applies at all (its premise, costly to read): a result that does not hold is dropped. */
  readonly holds?: () => boolean;
}

interface Baseline {
  readonly ref: readonly number[];
  /** Tests a run of windows (ascending) against this baseline. */
  test(run: readonly number[]): TestResult;
  /** The baseline of one window in the series' unit, and the band it may move in. */
  band(j: number): { baseline: number; lower: number; upper: number };
}

/**
 * Counts per window of a count series: an occurrence counts 1; a measurement that covers a span
 * (a throughput payload's window) counts its value, spread over the windows it covers. O(n).
 */
export function windowCounts(raw: RawSeries, grid: Grid): Float64Array {
  return windowCountsBy(raw, grid, () => "").get("") ?? new Float64Array(grid.windows);
}

/**
 * `windowCounts` per group of observations (`groupOf` the observation's index; undefined leaves
 * it out), e.g. per deployment. O(n + groups × windows).
 */
export function windowCountsBy(
  raw: RawSeries,
  grid: Grid,
  groupOf: (i: number) => string | undefined,
): Map<string, Float64Array> {
  const J = grid.windows;
  const groups = new Map<string, Float64Array>();
  const times = raw.times.data;
  const values = raw.values.data;
  const totals = raw.totals.data;
  for (let i = 0; i < raw.times.length; i++) {
    const key = groupOf(i);
    if (key === undefined) continue;
    let counted = groups.get(key);
    if (counted === undefined) {
      counted = new Float64Array(J);
      groups.set(key, counted);
    }
    const v = Math.max(0, values[i] as number);
    const d = totals[i] as number;
    const t = times[i] as number;
    if (!(d > 0)) {
      const j = Math.min(J - 1, Math.max(0, Math.floor((t - grid.origin) / grid.width)));
      counted[j] = (counted[j] as number) + v;
      continue;
    }
    const a = t - d / 2;
    const b = a + d;
    const ja = Math.max(0, Math.floor((a - grid.origin) / grid.width));
    const jb = Math.min(J - 1, Math.floor((b - grid.origin) / grid.width));
    for (let j = ja; j <= jb; j++) {
      const ws = grid.origin + j * grid.width;
      const overlap = Math.min(b, ws + grid.width) - Math.max(a, ws);
      if (overlap > 0) counted[j] = (counted[j] as number) + (v * overlap) / d;
    }
  }
  return groups;
}

/** A count series' expected count per window and its dispersion (φ ≥ 1), estimated on the baseline windows. */
interface CountRate {
  readonly rate: (j: number) => number;
  readonly phi: number;
  /**
   * The dispersion of a run of k windows' summed count (`runDispersion`): φ of the baseline's sums
   * over k consecutive windows, at least `phi`. Clustered arrivals (sessions, self-exciting bursts)
   * lull for longer than a window, so a run's count varies more than k independent windows would.
   */
  readonly phiAt: (k: number) => number;
  /**
   * The dispersion a fall is up against (`lowerDispersion`): of the baseline windows below their
   * rate, at least `phi`. The lulls of clustered traffic lie in the lower tail, which the MAD of
   * `phi` does not read.
   */
  readonly phiDown: number;
  /**
   * A sparse series' rate is a ratio of sums over the baseline: the events it rests on, so a rise
   * is tested against the rate's own uncertainty (see `countBaseline`). Undefined for busy series.
   */
  readonly basis?: { readonly events: number };
}

/**
 * The count model of `scoreSeries`' count baseline: against a traffic index (`exposure`) when
 * enough baseline windows have one, else a robust log-linear trend for busy series, else a
 * winsorized Poisson rate for sparse ones. The rate never falls below half a count over the
 * baseline.
 */
function countRate(
  ref: readonly number[],
  series: { adjusted: Float64Array; exposure: Float64Array | undefined; minHistory: number },
  findings = false,
): CountRate {
  const { adjusted, exposure } = series;
  const cs = ref.map((j) => adjusted[j] as number);
  const { center, spread } = medianAndMad(cs);
  const floor = HALF_COUNT / cs.length;
  // Dispersion around a fitted rate: the robust spread of the residuals, squared, over the level.
  const around = (rate: (j: number) => number): CountRate => {
    const residuals = ref.map((j, i) => (cs[i] as number) - rate(j));
    const level = medianOf(ref.map(rate));
    const phi = Math.max(1, (MAD_SCALE * medianOf(residuals.map(Math.abs))) ** 2 / level);
    const phiAt = runDispersion(residuals, ref.map(rate), phi, true);
    return { rate, phi, phiAt, phiDown: lowerDispersion(residuals, level, phi) };
  };
  const usable = exposure === undefined ? [] : ref.filter((j) => (exposure[j] as number) > 0);
  if (exposure !== undefined && usable.length >= Math.min(series.minHistory, ref.length)) {
    // The model's usual ratio to the traffic index, times the index now: the median ratio for
    // a busy model (robust to a burst in the baseline), the ratio of the sums (the Poisson
    // rate's maximum-likelihood estimate under exposure) for a sparse one, whose median window
    // count, and so its median ratio, is 0 — a baseline of 0 makes every request a spike.
    let sumC = 0;
    let sumE = 0;
    for (const j of usable) {
      sumC += adjusted[j] as number;
      sumE += exposure[j] as number;
    }
    if (center >= BUSY_COUNT) {
      const share = medianOf(usable.map((j) => (adjusted[j] as number) / (exposure[j] as number)));
      return around((j) => Math.max(share * (exposure[j] as number), floor));
    }
    const share = sumC / Math.max(sumE, 1e-12);
    return { ...around((j) => Math.max(share * (exposure[j] as number), floor)), basis: { events: sumC } };
  }
  if (center >= BUSY_COUNT) {
    // Busy series follow a robust log-linear trend of the baseline (a daily traffic curve
    // moves the rate between baseline and test), with the spread around it as dispersion.
    const trend = robustTrend(
      ref,
      cs.map((c) => Math.log(c + HALF_COUNT)),
    );
    return around((j) => Math.max(Math.exp(trend.at(j)) - HALF_COUNT, floor));
  }
  // Sparse series: winsorized mean and variance, so a burst the earlier passes missed cannot drag the rate up.
  const cap = center + WINSOR_Z * Math.max(spread, Math.sqrt(center), 1);
  let s = 0;
  let s2 = 0;
  const kept = cs.map((c) => Math.min(c, cap));
  for (const w of kept) {
    s += w;
    s2 += w * w;
  }
  const lambda = Math.max(s / cs.length, floor);
  const variance = Math.max(0, s2 / cs.length - (s / cs.length) ** 2);
  // Findings (threats, violations) are alarms: their φ is read from the baseline only when the
  // baseline shows overdispersion at all (`overdispersed`); requests come in sessions, so a
  // sparse model's traffic keeps its φ as measured.
  const poisson = findings && !overdispersed(cs.length, s / cs.length, variance);
  const phi = poisson ? 1 : Math.max(1, variance / lambda);
  const residuals = kept.map((w) => w - s / cs.length);
  return {
    rate: () => lambda,
    phi,
    // The moment estimate already reads both tails (the upper one winsorized).
    phiDown: phi,
    phiAt: poisson
      ? () => 1
      : runDispersion(
          residuals,
          residuals.map(() => lambda),
          phi,
          false,
        ),
    basis: { events: s },
  };
}

/**
 * The dispersion of runs of k windows (`CountRate.phiAt`) from the baseline's residuals (count
 * minus rate) and rates, in the baseline's order: the variance–time curve of a point process
 * (Cox and Lewis 1966, *The Statistical Analysis of Series of Events*, §5.2: Fano's factor at a
 * counting time of k windows). The residuals' straight-line trend over the baseline is taken out
 * first, as detrended fluctuation analysis does in each box (Peng et al. 1994, *Phys. Rev. E* 49):
 * a slow misfit between the rate and the series (a model ramping up against a flat traffic index)
 * is not the traffic's own variability, and summed over k windows it would grow like k². Each run
 * of k consecutive baseline windows then sums its residuals D and rates E, and φ_k is the scale
 * of D/√E squared — (MAD_SCALE · median |D/√E|)² when `robust` (the busy branches' MAD), else
 * mean D²/E (the sparse branch's moments) — never below the one-window φ. Poisson windows give
 * φ_k ≈ 1 at every k; sessions of S requests E[S²]/E[S] once k windows hold whole sessions.
 * k is capped at a third of the baseline (RUN_BLOCKS): a longer run takes the longest block's φ;
 * a baseline shorter than RUN_BLOCKS × 8 windows (24) gives the one-window φ at every k.
 */
export function runDispersion(
  residuals: readonly number[],
  rates: readonly number[],
  phi: number,
  robust: boolean,
): (k: number) => number {
  const n = residuals.length;
  // Read only from a full baseline: a short one's few blocks give a φ_k too noisy to test with.
  const longest = n >= RUN_BLOCKS * (RUN_LENGTHS[RUN_LENGTHS.length - 1] as number) ? Math.floor(n / RUN_BLOCKS) : 1;
  const known = new Map<number, number>();
  let detrended: number[] | undefined;
  return (k) => {
    const m = Math.min(k, longest);
    if (m <= 1) return phi;
    const cached = known.get(m);
    if (cached !== undefined) return cached;
    detrended ??= withoutLine(residuals);
    const scaled: number[] = [];
    let D = 0;
    let E = 0;
    for (let i = 0; i < n; i++) {
      D += detrended[i] as number;
      E += rates[i] as number;
      if (i >= m) {
        D -= detrended[i - m] as number;
        E -= rates[i - m] as number;
      }
      if (i >= m - 1) scaled.push(D / Math.sqrt(Math.max(E, 1e-12)));
    }
    const value = robust
      ? (MAD_SCALE * medianOf(scaled.map(Math.abs))) ** 2
      : scaled.reduce((t, x) => t + x * x, 0) / scaled.length;
    const result = Math.max(phi, value);
    known.set(m, result);
    return result;
  };
}

/**
 * The dispersion of a count's baseline below its rate, when the windows below it show more than
 * the one-window φ: the mean squared shortfall Σ r² / m over the m residuals r = count − rate
 * under 0, over the rate's level (the lower semivariance, the one-sided second moment of downside
 * risk: Markowitz 1959, *Portfolio Selection*, ch. 9; equal to the variance for a symmetric law).
 * A fall is tested in the lower tail, and φ (a MAD: the middle half of the residuals) does not
 * see it: a session or on/off model has a compact middle and deep lulls between sessions. It is
 * used only when the shortfalls are overdispersed against φ at the one-sided 5 % level
 * (DISPERSION_ALPHA): under φ each shortfall's r² / (φ·level) is about χ²(1), so the sum of m of
 * them is χ²(m) — Fisher's index of dispersion over the lower half, as `overdispersed` reads it
 * over the whole (Cochran 1954). The deepest shortfall is left out of both the sum and m (the
 * rest sum to less than χ²(m), so the gate errs toward φ): one deep window is no pattern of
 * lulls, and a rolling baseline takes a fall's first window before it is found (held-out 7373
 * day 20: with it, the collapse's second window reads φ 12 and the collapse is lost). Otherwise
 * φ. A burst in the baseline does not raise it (only windows below the rate count), and windows
 * found anomalous are out of the baseline already.
 */
export function lowerDispersion(residuals: readonly number[], level: number, phi: number): number {
  if (!(level > 0)) return phi;
  let m = -1; // the deepest shortfall left out

  let s2 = 0;
  let deepest = 0;
  for (const r of residuals)
    if (r < 0) {
      m++;
      s2 += r * r;
      deepest = Math.max(deepest, r * r);
    }
  s2 -= deepest;
  if (m <= 0) return phi;
  const d = s2 / (phi * level);
  return lnIncompleteGamma(m / 2, d / 2).lnQ < Math.log(DISPERSION_ALPHA) ? Math.max(phi, s2 / m / level) : phi;
}

/**
 * The dispersion a throughput run of k windows holding C requests is tested with: φ_k
 * (`runDispersion`), except for a silence — no request at all, over a run longer than any the
 * baseline held (`quiet` windows) — which keeps the one-window φ, as before φ_k. φ_k tends to the
 * Fano factor E[S²]/E[S] of the traffic's clusters (sessions, Hawkes bursts) of S requests: the
 * spread of the count a lull still has. A silence is another event: no cluster began in it. When
 * each cluster opens with a request and clusters begin as a Poisson stream (Hawkes immigrants,
 * session starts), P(no request over the run) ≤ P(no cluster began) = e^(−E/E[S]), E the run's
 * expected count (the avoidance function of a Poisson cluster process: Daley and Vere-Jones 2003,
 * *An Introduction to the Theory of Point Processes* I, §6.3). E[S] ≤ E[S²]/E[S], so φ_k
 * overstates a silence's dispersion by the clusters' spread of sizes (×1/(1 − n) for a Hawkes
 * process of branching ratio n: E[S] = 1/(1 − n), E[S²]/E[S] = 1/(1 − n)²), and the one-window φ
 * — E[S²]/E[S] too when clusters fit in a window — still bounds it. A baseline that was itself
 * silent as long shows clusters that do not fit: its silences are lulls, judged with φ_k.
 */
export function silenceDispersion(run: {
  readonly C: number;
  readonly k: number;
  readonly quiet: number;
  readonly phi1: number;
  readonly phiAt: (k: number) => number;
}): number {
  return run.C <= 0 && run.k > run.quiet ? run.phi1 : run.phiAt(run.k);
}

/** The most consecutive entries of `counts` at 0 (none: 0). */
export function longestEmptyRun(counts: readonly number[]): number {
  let longest = 0;
  let current = 0;
  for (const c of counts) {
    current = c > 0 ? 0 : current + 1;
    longest = Math.max(longest, current);
  }
  return longest;
}

/** `ys` less their least-squares straight line over the index 0…n−1. */
function withoutLine(ys: readonly number[]): number[] {
  const n = ys.length;
  const xm = (n - 1) / 2;
  const ym = ys.reduce((t, y) => t + y, 0) / Math.max(n, 1);
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (i - xm) * ((ys[i] as number) - ym);
    sxx += (i - xm) ** 2;
  }
  const b = sxx > 0 ? sxy / sxx : 0;
  return ys.map((y, i) => y - ym - b * (i - xm));
}

/**
 * The one-sided level of the index-of-dispersion test (`overdispersed`): 5 %, the usual level of
 * a goodness-of-fit pretest.
 */
const DISPERSION_ALPHA = 0.05;

/**
 * Whether n windows of a sparse count with this mean and (population) variance are more
 * dispersed than Poisson counts: Fisher's index of dispersion D = n · variance / mean is χ² with
 * n − 1 degrees of freedom under a constant Poisson rate (Cochran 1954, *Biometrics* 10), and
 * P(χ²(n − 1) ≥ D) = Q((n − 1)/2, D/2). At a fifth of an event a window, one window of two
 * among 24 gives φ̂ = 1.33 (D = 32, P = 0.10): the moment estimate alone would divide a burst's
 * evidence by it although nothing says the count is not Poisson.
 */
export function overdispersed(n: number, mean: number, variance: number): boolean {
  if (n < 2 || !(mean > 0) || !(variance > mean)) return false;
  const d = (n * variance) / mean;
  return lnIncompleteGamma((n - 1) / 2, d / 2).lnQ < Math.log(DISPERSION_ALPHA);
}

/** The odds (proportional : constant) a count's windows must give before traffic is taken as its exposure: 20 : 1. */
const EXPOSURE_LLR = Math.log(20);

/**
 * Whether a count over all events (policy violations, threats, …) follows the traffic: its
 * windows' Poisson likelihood under a rate proportional to `index` (the total traffic; the
 * exposure, an offset in a Poisson GLM) against a constant rate, over the fully covered windows
 * with traffic, counts winsorized so a burst cannot choose the model, the difference read on
 * the quasi-likelihood scale (÷ the proportional fit's dispersion φ ≥ 1). Both models have one
 * parameter: the proportional one is taken when it is at least 20 times likelier. A guardrail
 * that checks every request flags in proportion to them, and against a constant rate its
 * ordinary daily peak is a burst; an attacker's probes or a periodic audit keep their own pace,
 * and against the traffic their night is a burst. Too few windows (< 2 × minHistory) say neither. O(n + windows).
 */
export function followsTraffic(raw: RawSeries, grid: Grid, index: Float64Array, minHistory: number): boolean {
  return trafficExposure([{ counts: windowCounts(raw, grid), traffic: index }], grid, minHistory) !== undefined;
}

/** One deployment's part of a count over all events: its window counts and its deployment's requests per window. */
export interface ExposureGroup {
  readonly counts: Float64Array;
  readonly traffic: Float64Array;
}

/**
 * `followsTraffic` for a count whose events come from several deployments (environments), each
 * with its own traffic: a guardrail flags in proportion to the requests it checks, those of the
 * deployment it guards, and two tenants in two time zones peak twelve hours apart, so against
 * their summed traffic neither's violations follow it. The proportional model rates each
 * group's count against its own traffic (one parameter per group: its share, the ratio of its
 * sums), the constant model each group at its own mean (one per group as well), over the same
 * windows (those with traffic in all), each group's counts winsorized as `followsTraffic` does
 * and a group's traffic floored at half a request (a window with none of its requests and a
 * violation would otherwise rule the model out by itself); the proportional model is taken when
 * its log-likelihood gain, ÷ its Pearson dispersion (φ ≥ 1), reaches ln 20. Returns the exposure
 * per window (the groups' shares times their traffic, summed), or undefined for the constant
 * model. A single group's exposure is its traffic. O(groups × windows).
 */
export function trafficExposure(
  groups: readonly ExposureGroup[],
  grid: Grid,
  minHistory: number,
): Float64Array | undefined {
  const J = grid.windows;
  if (groups.length === 0) return undefined;
  const use: number[] = [];
  for (let j = 1; j < J - 1; j++) {
    const ws = grid.origin + j * grid.width;
    if (ws < grid.dataStart || ws + grid.width > grid.dataEnd + 1) continue;
    let traffic = 0;
    for (const g of groups) traffic += g.traffic[j] as number;
    if (traffic > 0) use.push(j);
  }
  if (use.length < 2 * minHistory) return undefined;
  // One group's windows all have traffic; several groups' may not each.
  const floor = groups.length > 1 ? HALF_COUNT : 0;
  let gain = 0;
  let pearson = 0;
  let counted = 0;
  let parameters = 0;
  const shares: number[] = [];
  for (const g of groups) {
    const { center, spread } = medianAndMad(use.map((j) => g.counts[j] as number));
    const cap = center + WINSOR_Z * Math.max(spread, Math.sqrt(center), 1);
    const cs = use.map((j) => Math.min(g.counts[j] as number, cap));
    const exposureOf = (j: number) => Math.max(g.traffic[j] as number, floor);
    let sumC = 0;
    let sumE = 0;
    for (const [i, j] of use.entries()) {
      sumC += cs[i] as number;
      sumE += exposureOf(j);
    }
    const share = sumC / sumE;
    shares.push(share);
    if (!(sumC > 0)) continue;
    const mean = sumC / use.length;
    parameters++;
    for (const [i, j] of use.entries()) {
      const c = cs[i] as number;
      const lambda = share * exposureOf(j);
      // ℓ(c; λ) = c·ln λ − λ (ln c! cancels between the two models).
      gain += c * Math.log(lambda / mean) - (lambda - mean);
      pearson += (c - lambda) ** 2 / lambda;
      counted++;
    }
  }
  if (parameters === 0) return undefined;
  const phi = Math.max(1, pearson / Math.max(1, counted - parameters));
  if (!(gain / phi >= EXPOSURE_LLR)) return undefined;
  if (groups.length === 1) return groups[0]?.traffic;
  const exposure = new Float64Array(J);
  for (const [k, g] of groups.entries())
    for (let j = 0; j < J; j++)
      exposure[j] = (exposure[j] as number) + (shares[k] as number) * (g.traffic[j] as number);
  return exposure;
}

/** What else `scoreSeries` knows about a series. */
export interface SeriesContext {
  /**
   * Counts only: an exposure per window — for throughput an index of the other models' traffic,
   * for a count over all events that follows it the total traffic (`followsTraffic`).
   */
  readonly exposure?: Float64Array | undefined;
  /** Windows (1) never taken into the baseline: another series of the model is anomalous there. */
  readonly exclude?: Uint8Array | undefined;
}

/**
 * Cuts `raw` into the grid's windows and scores every run of RUN_LENGTHS windows against its
 * baseline. `exposure` (counts) is an index of traffic per window — the other models' for
 * throughput, the total for a count over all events that follows it: the expected count is the
 * series' usual ratio to it, so a daily traffic curve that moves every model alike is no anomaly.
 *
 * Steps: `cutSeries` (windows), `aggregateWindows` (per-window statistics), `maskClearAnomalies`
 * (pass 1: windows no baseline may use), `scanWindows` (pass 2: every run against its baseline —
 * `ratioBaseline`, `countBaseline`, `sumBaseline` or `valueBaseline` by the series' kind).
 */
export function scoreSeries(
  raw: RawSeries,
  grid: Grid,
  settings: DetectionSettings,
  context: SeriesContext = {},
): ScoredSeries {
  const spec = INCIDENT_SIGNAL_SOURCES[raw.source] as IncidentSourceSpec;
  const cut = cutSeries(raw, grid, spec);
  const stats = aggregateWindows(cut);
  const s: SeriesWindows = {
    ...cut,
    ...stats,
    threshold: settings.threshold,
    minHistory: settings.minHistory,
    exposure: context.exposure,
    flagged: new Uint8Array(grid.windows),
  };
  const withData: number[] = [];
  for (let j = cut.first; j <= cut.last; j++) if (stats.has[j] === 1) withData.push(j);
  const typical = medianOf(withData.map((j) => stats.value[j] as number));
  const mask = maskClearAnomalies(s, withData, context.exclude);
  const scan = scanWindows(s, { withData, mask, exclude: context.exclude, settings });
  const runWindows = spec.signal === "throughput" ? frozenRunFalls(s, scan) : undefined;
  return {
    ...(runWindows !== undefined && runWindows.size > 0 ? { runWindows } : {}),
    raw,
    spec,
    grid,
    times: cut.times,
    values: cut.values,
    totals: cut.totals,
    events: cut.events,
    windowOf: cut.windowOf,
    starts: cut.starts,
    first: cut.first,
    last: cut.last,
    count: cut.count,
    has: stats.has,
    value: stats.value,
    baseline: scan.baseline,
    lower: scan.lower,
    upper: scan.upper,
    z: scan.z,
    flagged: s.flagged,
    refs: scan.refs,
    typical,
  };
}

/** Whether a series counts occurrences (count, sum): it exists over the whole range, observed or not. */
function countsOccurrences(spec: IncidentSourceSpec): boolean {
  return spec.kind === "count" || spec.kind === "sum";
}

/** The z a run of `k` windows needs: the threshold plus ½ per doubling of the run, for the extra tests. */
export function zFor(threshold: number, k: number): number {
  return threshold + RUN_PENALTY_PER_DOUBLING * Math.log2(k);
}

/** An observation on its series' test scale: ln (floored at 1e-12) for log-scaled series, else itself. */
function testScale(spec: IncidentSourceSpec, v: number): number {
  return spec.log ? Math.log(Math.max(v, 1e-12)) : v;
}

/** The earlier of two windows, either of which may be -1 (none). */
function earliest(a: number, b: number): number {
  if (a < 0) return b;
  return b < 0 ? a : Math.min(a, b);
}

/** Whether a window's own z points the run's way (`sign`) by at least 1.5 (unscored windows count as leaning). */
function leansBad(zz: number, sign: number): boolean {
  if (Number.isNaN(zz)) return true;
  return sign * zz >= LEAN_Z;
}

// ---------------------------------------------------------------------------------------------
// Windows and their statistics

/** A series' sorted observations cut into its grid's windows (the first fields of `ScoredSeries`). */
type SeriesCut = Pick<
  ScoredSeries,
  | "raw"
  | "spec"
  | "grid"
  | "times"
  | "values"
  | "totals"
  | "events"
  | "windowOf"
  | "starts"
  | "first"
  | "last"
  | "count"
>;

/** Sorts `raw`'s observations and puts each in its window; `first`..`last` is the range scored. */
function cutSeries(raw: RawSeries, grid: Grid, spec: IncidentSourceSpec): SeriesCut {
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
  const occurrence = countsOccurrences(spec);
  // A signal over all events exists for the whole range, and so do the findings of one model cut
  // from it (a count of threats aimed at the model, zero until the first); a model's own series
  // from its first observation.
  const overAll = raw.model === undefined || SIGNAL_SPECS[spec.signal].scope === "global";
  const first = overAll && occurrence ? 0 : n === 0 ? 0 : (windowOf[0] as number);
  const last = occurrence ? J - 1 : n === 0 ? -1 : (windowOf[n - 1] as number);
  return { raw, spec, grid, times, values, totals, events, windowOf, starts, first, last, count };
}

/** Per-window aggregates of a series: what its baselines are made of. */
interface WindowStats {
  /** Whether a window has data (1). */
  readonly has: Uint8Array;
  /** Window value in the series' unit (NaN without data). */
  readonly value: Float64Array;
  /** The displayed statistic on the test scale (NaN without data; not for ratios). */
  readonly display: Float64Array;
  /** Quantile, mean: Σ of the observations on the test scale, and their 90th percentile. */
  readonly sumT: Float64Array;
  readonly q90: Float64Array;
  /** Ratio: failures and requests. */
  readonly failed: Float64Array;
  readonly total: Float64Array;
  /** Count, sum: the coverage-adjusted count of events. */
  readonly adjusted: Float64Array;
  /** Sum: the coverage-adjusted Σ of the values, and Σ of their squares. */
  readonly sum: Float64Array;
  readonly sumSq: Float64Array;
  /** The observations; quantile, mean: each window's sorted ascending. */
  readonly slice: Float64Array;
  /** Quantile, mean: the within-window spread of single observations on the test scale. */
  readonly within: number;
  /** Sum: a typical positive observation (1 for other kinds). */
  readonly typicalObservation: number;
}

/** The per-window statistics of a cut series (see `WindowStats`), by its kind. */
function aggregateWindows(cut: SeriesCut): WindowStats {
  const { spec } = cut;
  const J = cut.grid.windows;
  const valueKind = spec.kind === "quantile" || spec.kind === "mean";
  const slice = Float64Array.from(cut.values);
  if (valueKind) sortEachWindow(slice, cut);
  const stats: WindowStats = {
    has: new Uint8Array(J),
    value: new Float64Array(J).fill(Number.NaN),
    display: new Float64Array(J).fill(Number.NaN),
    sumT: new Float64Array(J),
    q90: new Float64Array(J).fill(Number.NaN),
    failed: new Float64Array(J),
    total: new Float64Array(J),
    adjusted: new Float64Array(J),
    sum: new Float64Array(J),
    sumSq: new Float64Array(J),
    slice,
    within: valueKind ? withinSpread(slice, cut) : 0,
    typicalObservation: spec.kind === "sum" ? typicalObservation(cut.values) : 1,
  };
  if (countsOccurrences(spec)) occurrenceWindows(cut, stats);
  else if (spec.kind === "ratio") ratioWindows(cut, stats);
  else valueWindows(cut, stats);
  return stats;
}

/** Sorts each scored window's observations in `slice` (a copy of the series' values) in place. */
function sortEachWindow(slice: Float64Array, cut: SeriesCut): void {
  for (let j = cut.first; j <= cut.last; j++) {
    const from = cut.starts[j] as number;
    const to = cut.starts[j + 1] as number;
    if (to - from > 1) slice.subarray(from, to).sort();
  }
}

/**
 * The within-window spread of single observations on the test scale (the sampling error of a
 * window's mean): robust (MAD around each window's median) from windows of at least 8
 * observations, where that estimate is nearly unbiased; else the pooled standard deviation
 * (n − 1 per window). `slice` holds each window's observations sorted.
 */
function withinSpread(slice: Float64Array, cut: SeriesCut): number {
  const { spec, starts } = cut;
  const residuals: number[] = [];
  const step = Math.max(1, Math.floor(slice.length / SPREAD_SAMPLE));
  let squares = 0;
  let freedom = 0;
  for (let j = cut.first; j <= cut.last; j++) {
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    if (to - from < 2) continue;
    let mean = 0;
    for (let i = from; i < to; i++) mean += testScale(spec, slice[i] as number);
    mean /= to - from;
    for (let i = from; i < to; i++) squares += (testScale(spec, slice[i] as number) - mean) ** 2;
    freedom += to - from - 1;
    if (to - from < MIN_ROBUST_WINDOW) continue;
    const mid = testScale(spec, quantileOfSorted(slice, from, to, 0.5));
    for (let i = from; i < to; i += step) residuals.push(Math.abs(testScale(spec, slice[i] as number) - mid));
  }
  if (residuals.length >= MIN_ROBUST_RESIDUALS) return MAD_SCALE * medianOf(residuals);
  if (freedom > 0) return Math.sqrt(squares / freedom);
  return spec.log ? 0 : movingRangeSpread(slice, cut);
}

/**
 * The median moving range of consecutive readings over its expectation for a normal variable,
 * |N(0, 2σ²)|'s median: 0.6745 × √2 (Shewhart's chart of individuals, Montgomery, Introduction
 * to Statistical Quality Control, §6.4, with the median range for robustness).
 */
const MEDIAN_MOVING_RANGE = 0.9539;

/**
 * The spread of single readings of a score whose windows each hold one (a quality score reported
 * once an hour, read in 30- or 60-minute windows): no window has a within-window spread, and the
 * reference windows' own scatter is then read from 4–8 values, which by chance can sit within a
 * few thousandths of each other (fourth 2917 day 39: four hourly scores 0.8646–0.8706 of a
 * model whose scores scatter ±0.06; every later score 0.10 below read z −25, and each leaned
 * against that reference and never joined it, so the baseline stayed there two days and six
 * false incidents were opened). Individual readings are what Shewhart's chart of individuals
 * charts, with their spread from the moving range of consecutive readings: a level shift moves
 * one range of many, a slow drift none by much, so the median range is the readings' own
 * short-term scatter. Linear scores only: a size (latency, tokens) is read from many requests a
 * window, and its log scale is floored at ±5 % (LOG_FLOOR).
 */
function movingRangeSpread(slice: Float64Array, cut: SeriesCut): number {
  const { spec, starts } = cut;
  const ranges: number[] = [];
  let last = Number.NaN;
  for (let j = cut.first; j <= cut.last; j++) {
    const from = starts[j] as number;
    if ((starts[j + 1] as number) === from) continue;
    const v = testScale(spec, slice[from] as number);
    if (Number.isFinite(last)) ranges.push(Math.abs(v - last));
    last = v;
  }
  return ranges.length === 0 ? 0 : medianOf(ranges) / MEDIAN_MOVING_RANGE;
}

/** A sum series' typical observation: the median of its positive values (of about 20,000 sampled), 1 when none. */
function typicalObservation(values: Float64Array): number {
  const positive: number[] = [];
  const step = Math.max(1, Math.floor(values.length / SPREAD_SAMPLE));
  for (let i = 0; i < values.length; i += step) if ((values[i] as number) > 0) positive.push(values[i] as number);
  return positive.length > 0 ? medianOf(positive) : 1;
}

/** The share of each scored window the data covers (1 outside the scored range). */
function windowCoverage(cut: SeriesCut): Float64Array {
  const { grid } = cut;
  const coverage = new Float64Array(grid.windows).fill(1);
  // A windowed reporter that fell silent without a collapse covers only up to its last report's window.
  const end = Math.min(grid.dataEnd + 1, cut.raw.coveredUntil ?? Number.POSITIVE_INFINITY);
  for (let j = cut.first; j <= cut.last; j++) {
    const ws = grid.origin + j * grid.width;
    const covered = Math.min(ws + grid.width, end) - Math.max(ws, grid.dataStart);
    coverage[j] = Math.max(0, Math.min(1, covered / grid.width));
  }
  return coverage;
}

/** Count and sum windows: coverage-adjusted counts and sums; a window the data covers too little of has none. */
function occurrenceWindows(cut: SeriesCut, stats: WindowStats): void {
  const { spec, starts, values, grid } = cut;
  const { has, value, display, adjusted, sum, sumSq } = stats;
  const J = grid.windows;
  const coverage = windowCoverage(cut);
  const counted = spec.kind === "count" ? windowCounts(cut.raw, grid) : undefined;
  for (let j = cut.first; j <= cut.last; j++) {
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    // A partly covered window at either edge of the data says nothing about the rate: events
    // still arrive after the last one counted (requests complete after the capture ends).
    if ((coverage[j] as number) < 1 && (j === 0 || j === J - 1 || coverage[j + 1] === 0)) continue;
    if ((coverage[j] as number) < MIN_COVERAGE) continue;
    has[j] = 1;
    let s = 0;
    let s2 = 0;
    for (let i = from; i < to; i++) {
      const v = Math.max(0, values[i] as number);
      s += v;
      s2 += v * v;
    }
    const c = counted === undefined ? to - from : (counted[j] as number);
    adjusted[j] = c / (coverage[j] as number);
    sum[j] = s / (coverage[j] as number);
    sumSq[j] = s2;
    value[j] = counted === undefined ? s : c;
    display[j] = counted === undefined ? Math.log(s / (coverage[j] as number) + stats.typicalObservation) : c;
  }
}

/** Ratio windows: failures, requests and the error rate in percent. */
function ratioWindows(cut: SeriesCut, stats: WindowStats): void {
  const { starts, values, totals } = cut;
  for (let j = cut.first; j <= cut.last; j++) {
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    if (to === from) continue;
    stats.has[j] = 1;
    let f = 0;
    let tot = 0;
    for (let i = from; i < to; i++) {
      f += values[i] as number;
      tot += totals[i] as number;
    }
    stats.failed[j] = f;
    stats.total[j] = tot;
    stats.value[j] = tot > 0 ? (100 * f) / tot : 0;
  }
}

/** Quantile and mean windows: the sum on the test scale, the 90th percentile, and the p95 or the (geometric) mean. */
function valueWindows(cut: SeriesCut, stats: WindowStats): void {
  const { spec, starts, values } = cut;
  const { slice } = stats;
  for (let j = cut.first; j <= cut.last; j++) {
    const from = starts[j] as number;
    const to = starts[j + 1] as number;
    const k = to - from;
    if (k === 0) continue;
    stats.has[j] = 1;
    let st = 0;
    for (let i = from; i < to; i++) st += testScale(spec, values[i] as number);
    stats.sumT[j] = st;
    stats.q90[j] = quantileOfSorted(slice, from, to, 0.9);
    if (spec.kind === "quantile") {
      const q = quantileOfSorted(slice, from, to, 0.95);
      stats.value[j] = q;
      stats.display[j] = testScale(spec, q);
    } else {
      stats.value[j] = spec.log ? Math.exp(st / k) : st / k;
      stats.display[j] = st / k;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Baselines

/** What a series' baselines read: its windows, their statistics, the settings and the windows flagged so far. */
interface SeriesWindows extends SeriesCut, WindowStats {
  readonly threshold: number;
  readonly minHistory: number;
  /** Throughput only: the traffic index (see `SeriesContext`). */
  readonly exposure: Float64Array | undefined;
  /** Windows found anomalous (1), filled in as `scanWindows` goes. */
  readonly flagged: Uint8Array;
}

/**
 * The baseline of series `s` over the windows `ref`, by the series' kind. `whole`: pass 1's
 * baseline over the whole series, which holds the anomaly itself, so a throughput run keeps the
 * one-window φ there (k-window blocks of it would read the anomaly as dispersion).
 */
function baselineOf(s: SeriesWindows, ref: readonly number[], later: readonly number[] = [], whole = false): Baseline {
  const inflate = Math.sqrt(1 + Math.PI / (2 * Math.max(ref.length, 1)));
  switch (s.spec.kind) {
    case "ratio":
      return ratioBaseline(s, ref, inflate);
    case "count":
      return countBaseline(s, ref, whole);
    case "sum":
      return sumBaseline(s, ref, inflate);
    default:
      return valueBaseline(s, ref, inflate, later);
  }
}

/**
 * An error-rate baseline over windows `ref` (failures and requests per window): the pooled
 * failure share p0 (floored at half a failure over its requests, 0.1 % with none, 0.01 %; at
 * most 99.9 %) and the overdispersion φ ≥ 1 of its windows (MAD of their Pearson residuals,
 * times `inflate`²).
 */
function ratioRate(
  failed: (j: number) => number,
  total: (j: number) => number,
  ref: readonly number[],
  inflate: number,
): { p0: number; phi: number } {
  let f = 0;
  let tot = 0;
  for (const j of ref) {
    f += failed(j);
    tot += total(j);
  }
  const p0 = Math.min(
    ERROR_RATE_CEILING,
    Math.max(tot > 0 ? f / tot : 0, tot > 0 ? HALF_COUNT / tot : ERROR_RATE_NO_TRAFFIC, ERROR_RATE_FLOOR),
  );
  const residuals = ref.map((j) => {
    const t = total(j);
    return t > 0 ? Math.abs(failed(j) - t * p0) / Math.sqrt(t * p0 * (1 - p0)) : 0;
  });
  const totals = ref.map((j) => total(j));
  const sparse = medianOf(totals) * p0 < NORMAL_RESIDUAL_FAILURES;
  const expected = sparse ? binomialMedianResidual(totals, p0) : 1 / MAD_SCALE;
  const median = medianOf(residuals);
  const spread = expected > 0 ? median / expected : MAD_SCALE * median;
  const phi = Math.max(1, spread ** 2) * inflate * inflate;
  return { p0, phi };
}

/** Binomial terms of a window's residual distribution left out: each under 1e−9, and beyond ten σ (and ten failures) of the mean. */
const RESIDUAL_TAIL_LN = Math.log(1e-9);
const RESIDUAL_SDS = 10;
/**
 * Expected failures a window (their median over the reference) from which the binomial residual is
 * read as normal (its median |z| 1/MAD_SCALE within a few per cent): the exact mixture is for sparse
 * windows, where the discreteness is what it corrects.
 */
const NORMAL_RESIDUAL_FAILURES = 10;

/**
 * The median of |F − t·p0| / √(t·p0·(1 − p0)) over windows of `totals` requests when their failures
 * F are binomial at share p0 (the windows' mixture of exact binomial residual distributions; a
 * window without requests is a residual of 0). The MAD of a normal is 1/MAD_SCALE of its σ, and
 * the MAD-based dispersion φ = (MAD_SCALE · median)² assumes that; a window expecting about one
 * failure has a residual of 0 or 1 (0 or 2 failures) most of the time, its median 1, and the
 * normal reading made that φ ≈ 2.2 with no overdispersion at all (third --seed 6174 day 7: 25–35
 * requests a window at 2.8 %, about one failure a window, φ 1.5: a burst's 8 of 33 failing read
 * as z 3.6 and missed; read at φ 1, its two windows are flagged). Dividing by this median instead
 * measures only the spread beyond the binomial's own. O(windows · failures).
 */
function binomialMedianResidual(totals: readonly number[], p0: number): number {
  const mass = new Map<number, number>();
  const byTotal = new Map<number, number>();
  for (const t of totals) byTotal.set(t, (byTotal.get(t) ?? 0) + 1);
  for (const [t, windows] of byTotal) addResidualMass(mass, t, p0, windows);
  const entries = [...mass.entries()].sort((x, y) => x[0] - y[0]);
  let total = 0;
  for (const [, w] of entries) total += w;
  let cum = 0;
  for (const [r, w] of entries) {
    cum += w;
    if (cum >= total / 2) return r;
  }
  return 0;
}

/** Adds `windows` windows of `t` requests' binomial residual distribution at share p0 to `mass` (residual → weight). */
function addResidualMass(mass: Map<number, number>, t: number, p0: number, windows: number): void {
  const add = (r: number, w: number) => mass.set(r, (mass.get(r) ?? 0) + w);
  if (!(t > 0)) {
    add(0, windows);
    return;
  }
  const sd = Math.sqrt(t * p0 * (1 - p0));
  const n = Math.round(t);
  const lnN = lnGamma(n + 1);
  const from = Math.max(0, Math.floor(n * p0 - RESIDUAL_SDS * sd));
  const to = Math.min(n, Math.ceil(n * p0 + RESIDUAL_SDS * sd + RESIDUAL_SDS));
  for (let k = from; k <= to; k++) {
    const ln = lnN - lnGamma(k + 1) - lnGamma(n - k + 1) + k * Math.log(p0) + (n - k) * Math.log1p(-p0);
    if (ln >= RESIDUAL_TAIL_LN) add(Math.abs(k - t * p0) / sd, windows * Math.exp(ln));
  }
}

/**
 * The z of F failures in N requests against the failure share p0 under overdispersion φ: the
 * exact binomial tail (as F/φ of N/φ) for a rise (the normal approximation would call 1 failure
 * in 2 requests a 7σ event), the normal one for a fall; and whether the rise meets MIN_EFFECT.
 */
function ratioZ(F: number, N: number, p0: number, phi: number): { z: number; effect: boolean } {
  const rate = F / N;
  const z =
    rate > p0
      ? Math.max(0, zOfLogUpperTail(lnBinomialUpperTail(F / phi, N / phi, p0)))
      : (rate - p0) / Math.sqrt((phi * p0 * (1 - p0)) / N);
  return { z, effect: rate - p0 >= MIN_EFFECT.errorPoints && rate >= MIN_EFFECT.ratio * p0 };
}

/**
 * Whether the failures of flagged error-rate window `j` persist through it: its requests, in
 * time order, split into two halves of about as many requests each (`requestHalves`), and each
 * half leans the bad way against the window's own baseline (z ≥ LEAN_Z with the minimum effect),
 * as the second window of a change that straddles two windows must. This is the two-window test
 * of an incident's persistence at the resolution the window's own traffic gives: a batch of 120
 * requests landing in one window is twelve windows' worth of a model at the common width (10
 * requests a window), and a failure rate that holds through both halves of it is seen at two
 * distinct times; a blip (a restart dropping the requests in flight, a few seconds of 503s) fills
 * one half. False when the window cannot be split (one observation carries more than two thirds
 * of its requests: a windowed payload) or has no baseline. O(observations of the window + baseline windows).
 */
export function failuresPersistWithin(series: ScoredSeries, j: number): boolean {
  return halvesLean(series, j, [series.starts[j] as number, series.starts[j + 1] as number], 0);
}

/**
 * Whether the failures of flagged error-rate window `j` persist through their own stretch: the
 * window's observations from its first failure to its last split into two halves of about as
 * many requests each (`requestHalves`), each half spanning `minSpanMs` or more and leaning the
 * bad way against the window's own baseline (as in `failuresPersistWithin`). The two-halves
 * test at the window's resolution asks a burst to fill half the window's requests; the window is
 * as wide as the day's sparsest models need (up to hours), and a burst of a few minutes in a
 * 30-minute window fills a quarter of it, one half only (fourth 7171 day 7: 429s on 32 % of a
 * model's requests for 7 minutes, 12 of 168 failed in its 30-minute window, z 8.5, no
 * incident). Failures that hold through two halves of their own stretch, each at least as long
 * as the finest window, are seen at two distinct times as a burst two windows long would be; a
 * blip (a restart dropping the requests in flight, a few seconds of 503s) spans under a minute
 * and is no such pair. O(observations of the window + baseline windows).
 */
export function failuresPersistInStretch(series: ScoredSeries, j: number, minSpanMs: number): boolean {
  const { starts, values } = series;
  let from = starts[j] as number;
  let to = starts[j + 1] as number;
  while (from < to && !((values[from] as number) > 0)) from++;
  while (to > from && !((values[to - 1] as number) > 0)) to--;
  return halvesLean(series, j, [from, to], minSpanMs);
}

/**
 * Whether observations [from, to) of flagged error-rate window `j`, split into two halves of
 * about as many requests each (`requestHalves`), each span `minSpanMs` or more (0: any span) and
 * lean the bad way against `j`'s own baseline (`failureLean`). The test `failuresPersistWithin`
 * reads over the whole window and `failuresPersistInStretch` over its failures' own stretch.
 */
function halvesLean(series: ScoredSeries, j: number, [from, to]: [number, number], minSpanMs: number): boolean {
  const leans = failureLean(series, j);
  if (leans === undefined) return false;
  const cut = requestHalves(series.totals, from, to);
  if (cut < 0) return false;
  const { times } = series;
  const spans =
    minSpanMs <= 0 ||
    ((times[cut] as number) - (times[from] as number) >= minSpanMs &&
      (times[to - 1] as number) - (times[cut] as number) >= minSpanMs);
  return spans && leans(from, cut) && leans(cut, to);
}

/**
 * Whether the failures of flagged error-rate window `j` straddle its boundary with the window
 * next to it (`k`, j − 1 or j + 1): the half of each that meet at the boundary (`requestHalves`
 * of each window's requests) lean the bad way against `j`'s baseline as in
 * `failuresPersistWithin`, and neither holds under a third of the two halves' requests. The
 * grid's boundaries are where they fall, not where a change starts: a burst as long as a window
 * fills both halves of one window only when the grid happens to align with it; across a
 * boundary it fills the last half of one window and the first of the next, the same two halves
 * shifted by half a window. A blip at the boundary fills too few requests of either half to
 * make both lean; a batch's window beside a trickle is no pair of halves (the third). O(observations
 * of the two windows + baseline windows).
 */
export function failuresStraddle(series: ScoredSeries, j: number, k: number): boolean {
  if (k < series.first || k > series.last || series.has[k] !== 1) return false;
  const leans = failureLean(series, j);
  if (leans === undefined) return false;
  const [a, b] = k < j ? [k, j] : [j, k];
  const cutA = requestHalves(series.totals, series.starts[a] as number, series.starts[a + 1] as number);
  const cutB = requestHalves(series.totals, series.starts[b] as number, series.starts[b + 1] as number);
  if (cutA < 0 || cutB < 0) return false;
  const mid = series.starts[b] as number;
  const before = requestsIn(series.totals, cutA, mid);
  const after = requestsIn(series.totals, mid, cutB);
  if (3 * Math.min(before, after) < before + after) return false;
  return leans(cutA, mid) && leans(mid, cutB);
}

/**
 * Whether observations [a, b) of error-rate series `series` lean the bad way against window
 * `j`'s own baseline (z ≥ LEAN_Z with the minimum effect; the exact binomial tail under its
 * overdispersion φ); undefined when `j` has no baseline windows.
 */
function failureLean(series: ScoredSeries, j: number): ((a: number, b: number) => boolean) | undefined {
  const rate = windowFailureRate(series, j);
  if (rate === undefined) return undefined;
  const { p0, phi } = rate;
  const { values, totals } = series;
  return (a, b) => {
    const n = requestsIn(totals, a, b);
    if (!(n > 0)) return false;
    const r = ratioZ(requestsIn(values, a, b), n, p0, phi);
    return r.z >= LEAN_Z && r.effect;
  };
}

/**
 * The failure share p0 and overdispersion φ of flagged error-rate window `j`'s own baseline (its
 * reference windows, as `ratioBaseline` reads them); undefined when `j` has none.
 */
function windowFailureRate(series: ScoredSeries, j: number): { p0: number; phi: number } | undefined {
  if (series.spec.kind !== "ratio") return undefined;
  const ref = series.refs.get(j);
  if (ref === undefined || ref.length === 0) return undefined;
  const { starts, values, totals } = series;
  const inflate = Math.sqrt(1 + Math.PI / (2 * ref.length));
  return ratioRate(
    (w) => requestsIn(values, starts[w] as number, starts[w + 1] as number),
    (w) => requestsIn(totals, starts[w] as number, starts[w + 1] as number),
    ref,
    inflate,
  );
}

/**
 * The stretch of flagged error-rate window `j` its failures beyond its baseline's share fall in:
 * the shortest (ms, first failure to last) that holds F − p0·N of its F failures in N requests,
 * and the requests in it. A restart that drops the requests in flight fails them all within a
 * few seconds, however many the model serves a second, and the rest of the window fails at the
 * usual share; a fault fails requests for as long as it lasts. Undefined when the window has no
 * baseline or no excess, or when an observation carries more than one request (a windowed
 * payload: when in its span its failures fell is not known). O(observations of the window).
 */
export function excessFailureStretch(series: ScoredSeries, j: number): { ms: number; requests: number } | undefined {
  const rate = windowFailureRate(series, j);
  if (rate === undefined) return undefined;
  const { starts, values, totals, times } = series;
  const from = starts[j] as number;
  const to = starts[j + 1] as number;
  for (let i = from; i < to; i++) if ((totals[i] as number) > 1) return undefined;
  const excess = requestsIn(values, from, to) - rate.p0 * requestsIn(totals, from, to);
  if (!(excess > 0)) return undefined;
  let best: { ms: number; requests: number } | undefined;
  let held = 0;
  let a = from;
  for (let b = from; b < to; b++) {
    held += values[b] as number;
    while (held - (values[a] as number) >= excess) held -= values[a++] as number;
    const ms = (times[b] as number) - (times[a] as number);
    if (held >= excess && (best === undefined || ms < best.ms)) best = { ms, requests: b + 1 - a };
  }
  return best;
}

/** Σ of `of` over observations [a, b) (requests, or failures, of a stretch of a series). */
function requestsIn(of: Float64Array, a: number, b: number): number {
  let x = 0;
  for (let i = a; i < b; i++) x += of[i] as number;
  return x;
}

/**
 * Where observations [from, to) split into two halves of about as many requests each
 * (`totals`): the boundary between observations nearest half their requests (the later on a
 * tie); -1 when neither half can hold a third of them (one observation, a windowed payload,
 * carries more) or the window has one observation. The boundary is chosen from both sides of
 * the midpoint: taking observations until half the requests are reached overshoots by the one
 * that crosses it (fourth `--seed 4321` day 10: 5-minute reports of 13, 5, 12, 10 and 2
 * requests in a 30-minute window cut at 30 of 42, past two thirds, where 18 and 24 split it).
 */
export function requestHalves(totals: Float64Array, from: number, to: number): number {
  const N = requestsIn(totals, from, to);
  let best = -1;
  let gap = Number.POSITIVE_INFINITY;
  let first = 0;
  let acc = 0;
  for (let i = from + 1; i < to; i++) {
    acc += totals[i - 1] as number;
    if (Math.abs(acc - N / 2) <= gap) {
      gap = Math.abs(acc - N / 2);
      best = i;
      first = acc;
    }
  }
  return best >= 0 && 3 * first >= N && 3 * (N - first) >= N && first > 0 && N - first > 0 ? best : -1;
}

function ratioBaseline(s: SeriesWindows, ref: readonly number[], inflate: number): Baseline {
  const { failed, total, threshold: Z } = s;
  const { p0, phi } = ratioRate(
    (j) => failed[j] as number,
    (j) => total[j] as number,
    ref,
    inflate,
  );
  return {
    ref,
    test(run) {
      let F = 0;
      let N = 0;
      for (const j of run) {
        F += failed[j] as number;
        N += total[j] as number;
      }
      if (!(N > 0)) return { z: 0, bad: false };
      const { z: zz, effect } = ratioZ(F, N, p0, phi);
      return { z: zz, bad: zz >= zFor(Z, run.length) && effect, big: effect };
    },
    band(j) {
      const t = Math.max(total[j] as number, 1e-9);
      const sd = Math.sqrt((phi * p0 * (1 - p0)) / t);
      return { baseline: 100 * p0, lower: 100 * Math.max(0, p0 - Z * sd), upper: 100 * Math.min(1, p0 + Z * sd) };
    },
  };
}

function countBaseline(s: SeriesWindows, ref: readonly number[], whole = false): Baseline {
  const { adjusted, spec, threshold: Z } = s;
  const { rate, phi: phi1, phiAt, phiDown, basis: sparse } = countRate(ref, s, spec.signal !== "throughput");
  // Requests come in sessions (a user's calls, a batch), so a sparse model's traffic is bursty by
  // nature; findings (threats, violations) are alarms already and keep the known-rate test.
  const basis = spec.signal === "throughput" ? sparse : undefined;
  // What the baseline windows' rate adds up to over them (its events, or the floor when it has none).
  let baseExpected = 0;
  if (basis !== undefined) for (const j of ref) baseExpected += rate(j);
  // Silences the baseline itself holds: a run of no request at all that is no longer than these
  // is part of the traffic's own lulls and is judged with them; a longer one is not (`silenceDispersion`).
  const quiet = longestEmptyRun(ref.map((j) => adjusted[j] as number));
  return {
    ref,
    test(run) {
      let C = 0;
      let expected = 0;
      for (const j of run) {
        C += adjusted[j] as number;
        expected += rate(j);
      }
      let zz: number;
      const tested =
        spec.signal !== "throughput" || whole ? phi1 : silenceDispersion({ C, k: run.length, quiet, phi1, phiAt });
      // A fall is judged against how low the baseline's own windows went (`lowerDispersion`);
      // pass 1's whole-series baseline holds the fall itself and keeps the one-window φ.
      const phi = spec.signal === "throughput" && !whole && C < expected ? Math.max(tested, phiDown) : tested;
      if (C > expected && basis !== undefined && baseExpected > 0) {
        // A sparse rate is known only as well as the few events it rests on (none, often: the
        // rate is then the floor): the run's count is compared with the baseline's as two
        // Poisson counts, exactly — given their sum, the run's count is binomial with the run's
        // share of the expected events (the conditional test of two Poisson means, Przyborowski
        // and Wilenski 1940) — so six requests after seven quiet hours are not a ×100 surge.
        const pi = expected / (expected + baseExpected);
        zz = Math.max(0, zOfLogUpperTail(lnBinomialUpperTail(C / phi, (C + basis.events) / phi, pi)));
      } else if (C > expected) zz = Math.max(0, zOfLogUpperTail(lnPoissonUpperTail(C / phi, expected / phi)));
      else zz = -Math.max(0, zOfLogUpperTail(lnPoissonLowerTail(C / phi, expected / phi)));
      const need = zFor(Z, run.length);
      const ratio = spec.signal === "throughput" ? MIN_EFFECT.trafficRatio : MIN_EFFECT.countRatio;
      const more = C - expected >= MIN_EFFECT.countExcess && C >= ratio * expected;
      const fewer = expected - C >= MIN_EFFECT.countExcess && C <= expected / ratio;
      const up = zz >= need && more;
      const down = zz <= -need && fewer;
      return {
        z: zz,
        bad: (spec.direction !== "down" && up) || (spec.direction !== "up" && down),
        big: (spec.direction !== "down" && more) || (spec.direction !== "up" && fewer),
      };
    },
    band(j) {
      const lambda = rate(j);
      const sd = Math.sqrt(phi1 * lambda);
      return { baseline: lambda, lower: Math.max(0, lambda - Z * sd), upper: lambda + Z * sd };
    },
  };
}

function sumBaseline(s: SeriesWindows, ref: readonly number[], inflate: number): Baseline {
  const { display, adjusted, sum, sumSq, threshold: Z } = s;
  const ys = ref.map((j) => display[j] as number);
  const busy = medianOf(ref.map((j) => adjusted[j] as number)) >= BUSY_COUNT;
  const trend = busy ? robustTrend(ref, ys) : { at: () => medianOf(ys) };
  const centerAt = trend.at;
  const spread = MAD_SCALE * medianOf(ref.map((j, i) => Math.abs((ys[i] as number) - centerAt(j))));
  let events = 0;
  let s1 = 0;
  let s2 = 0;
  for (const j of ref) {
    events += adjusted[j] as number;
    s1 += sum[j] as number;
    s2 += sumSq[j] as number;
  }
  const lambda = events / Math.max(ref.length, 1);
  const m1 = events > 0 ? s1 / events : 0;
  const m2 = events > 0 ? s2 / events : 0;
  const c = s.typicalObservation;
  // Compound-Poisson noise of a baseline window: √(λ·E[x²]) / (λ·E[x] + c) on the log scale.
  const poisson = Math.sqrt(lambda * m2) / (lambda * m1 + c);
  return {
    ref,
    test(run) {
      // Stouffer's combination of the windows' z-scores: a run is as anomalous as its windows
      // are together, so one huge window does not make a long run of ordinary ones anomalous.
      let S = 0;
      let K = 0;
      let zsum = 0;
      let dsum = 0;
      const sd = Math.max(spread, poisson, LOG_FLOOR) * inflate;
      for (const j of run) {
        S += sum[j] as number;
        K += adjusted[j] as number;
        const d = (display[j] as number) - centerAt(j);
        dsum += d;
        zsum += d / sd;
      }
      const k = run.length;
      const zz = zsum / Math.sqrt(k);
      // The rise must come from more events than the baseline's Poisson noise allows, or from
      // at least three events that are each larger: one ordinary bill in a quiet window is no spike.
      const moreEvents = K - k * lambda >= MIN_EFFECT.countExcess && K >= MIN_EFFECT.countRatio * k * lambda;
      const largerEvents = K >= MIN_EFFECT.countExcess && S / K >= MIN_EFFECT.ratio * m1;
      const effect = dsum / k >= Math.log(MIN_EFFECT.ratio) && (moreEvents || largerEvents);
      return { z: zz, bad: zz >= zFor(Z, k) && effect, big: effect };
    },
    band(j) {
      const sd = Math.max(spread, poisson, LOG_FLOOR) * inflate;
      const center = centerAt(j);
      return {
        baseline: Math.max(0, Math.exp(center) - c),
        lower: Math.max(0, Math.exp(center - Z * sd) - c),
        upper: Math.exp(center + Z * sd) - c,
      };
    },
  };
}

function valueBaseline(s: SeriesWindows, ref: readonly number[], inflate: number, later: readonly number[]): Baseline {
  const { spec, count, sumT, display, within, threshold: Z } = s;
  // Location: the pooled mean of the transformed observations of the run.
  const loc = medianAndMad(ref.map((j) => (sumT[j] as number) / (count[j] as number)));
  const levelOf = comparableLevel(s, { ref, later }, loc);
  const shown = medianAndMad(ref.map((j) => display[j] as number));
  const floor = spec.log ? LOG_FLOOR : LINEAR_FLOOR;
  const back = (v: number) => (spec.log ? Math.exp(v) : v);
  const sharper = [tailTest(s, ref), modeShiftTest(s, ref)].filter((t) => t !== undefined);
  return {
    ref,
    test(run) {
      let N = 0;
      let S = 0;
      for (const j of run) {
        N += count[j] as number;
        S += sumT[j] as number;
      }
      if (N === 0) return { z: 0, bad: false };
      const sampling = within / Math.sqrt(N);
      const like = levelOf(N / run.length);
      const scatter = like.spread / Math.sqrt(run.length);
      const sd = Math.max(scatter, sampling, floor) * like.inflate;
      const delta = S / N - like.center;
      let zz = delta / sd;
      // A linear score's scale read from the windows' own scatter is an estimate from `like.windows`
      // values: its z is Student's t (below), not a normal z.
      if (!spec.log && scatter >= Math.max(sampling, floor)) zz = tAsZ(zz, like.windows - 1);
      const big = spec.log
        ? Math.abs(delta) >= Math.log(MIN_EFFECT.ratio)
        : Math.abs(delta) >= Math.max(MIN_EFFECT.qualityDrop * Math.abs(loc.center), MIN_EFFECT.qualityPoints);
      const need = zFor(Z, run.length);
      let bad = ((spec.direction !== "down" && zz >= need) || (spec.direction !== "up" && zz <= -need)) && big;
      let large = big;
      for (const sharp of sharper) {
        const t = sharp(run);
        // A test's premise (`holds`) is read only when its result would move the run.
        const moves = (t.z > zz && zz >= 0) || (t.bad && !bad) || (t.big === true && !large);
        if (!moves || t.holds?.() === false) continue;
        if (t.z > zz && zz >= 0) zz = t.z;
        if (t.bad) bad = true;
        if (t.big === true) large = true;
      }
      // Minimum support: a rise that opens an anomaly rests on at least MIN_EFFECT.countExcess
      // observations above the baseline's 90th percentile of single observations (location +
      // 1.2816 × within-window spread on the log scale), so one or two slow requests in a quiet
      // window are outliers; a window that continues an anomaly just found needs no more.
      if (
        bad &&
        zz > 0 &&
        spec.log &&
        !continuesAnomaly(s, run[0] as number) &&
        supportAbove(s, run, back(loc.center + Z90 * within)) < MIN_EFFECT.countExcess
      )
        bad = false;
      return { z: zz, bad, big: large };
    },
    band(j) {
      const sampling = ((spec.kind === "quantile" ? P95_SE_RATIO : 1) * within) / Math.sqrt(count[j] as number);
      const sd = Math.max(shown.spread, sampling, floor) * inflate;
      return { baseline: back(shown.center), lower: back(shown.center - Z * sd), upper: back(shown.center + Z * sd) };
    },
  };
}

/**
 * The normal z with the tail of Student's t with `df` degrees of freedom at `t`, sign kept. A new
 * window's distance from the centre of n reference windows, over the scale those same windows
 * give, is t-distributed with n − 1 degrees of freedom (the prediction interval of a new
 * observation; Student 1908, Hahn & Meeker, Statistical Intervals, 1991, §4.6 — `inflate`
 * already carries its √(1 + 1/n) part). Scale from six windows is a loose estimate: a value
 * 6.1 scales past the centre is one in 1,000 at 5 degrees of freedom (z 3.1), not one in 10⁹.
 * Quality scores reported once a window are the series whose scale comes from this scatter
 * alone (fourth suite, round seventeen); below 1 degree of freedom no conversion is made.
 */
function tAsZ(t: number, df: number): number {
  if (df < 1 || !Number.isFinite(t)) return t;
  const z = zOfLogUpperTail(lnStudentTUpperTail(Math.abs(t), df));
  return t < 0 ? -z : z;
}

/**
 * How far apart (a factor either way) the observation counts of windows may be to be compared as
 * one population: 4, within which their sampling errors differ by at most a factor 2 (√4).
 */
const COMPARABLE_COUNT = 4;
/**
 * Windows of comparable count are one population when their means scatter by at most this
 * multiple of their sampling error (within / √count): variance ×4, beyond what six or more
 * windows of one population show by chance (χ²₅ exceeds 4 × 5 with probability 0.13 %, scipy `chi2.sf(20, 5)`).
 */
const HOMOGENEOUS = 2;

/**
 * The level (median and spread of the window means) a run holding `perWindow` observations a
 * window is judged against: that of its baseline windows of comparable count (within a factor
 * COMPARABLE_COUNT of it), when at least `minHistory` of them exist; else that of every baseline
 * window (`all`). A model a cron job calls sends a batch of a hundred requests or more every 15
 * or 60 minutes over a trickle of one or two a window. The trickle windows' means scatter by a
 * single request's spread, and mixed into one baseline their median and MAD set the batch
 * windows' tolerance: a batch whose requests are all twice as large sits inside a band as wide
 * as one request's. The batch's requests are also a population of their own (a job's documents
 * are not a user's questions), so its windows are compared with earlier batches, and a trickle
 * window with the trickle. A series whose counts stay within the factor (steady or daily
 * traffic) is judged as before, against all its windows. The comparable windows of a reference are
 * one stretch of them sorted by count (`countRangeLevels`), each stretch's level computed once.
 */
function comparableLevel(
  s: SeriesWindows,
  windows: { readonly ref: readonly number[]; readonly later: readonly number[] },
  all: { center: number; spread: number },
): (perWindow: number) => { center: number; spread: number; inflate: number; windows: number } {
  const { count, sumT, minHistory } = s;
  const { ref, later } = windows;
  const inflateOf = (n: number): number => Math.sqrt(1 + Math.PI / (2 * Math.max(n, 1)));
  const whole = { center: all.center, spread: all.spread, inflate: inflateOf(ref.length), windows: ref.length };
  let lo = Number.POSITIVE_INFINITY;
  let hi = 0;
  for (const j of ref) {
    lo = Math.min(lo, count[j] as number);
    hi = Math.max(hi, count[j] as number);
  }
  const meanOf = (j: number): number => (sumT[j] as number) / (count[j] as number);
  // The reference's windows by count, built at the first run that needs them: the pass-1
  // baseline over every clean window is asked once per window of the series (about 2,000 on a
  // week of 5-minute windows), and its runs' counts fall in a few dozen distinct stretches.
  let byCount: ((from: number, to: number) => CountRangeLevel) | null | undefined;
  return (perWindow) => {
    const from = perWindow / COMPARABLE_COUNT;
    const to = perWindow * COMPARABLE_COUNT;
    if (lo >= from && hi <= to) return whole;
    // Latency is logged when a request ends, so a batch's windows differ by phase: its first
    // hold the batch's fast requests, the next its slow tail. Windows of a batch are no one
    // population for durations; latency keeps every window (and its tail test).
    if (s.spec.kind === "quantile") return whole;
    if (byCount === undefined) {
      const means = ref.map(meanOf);
      // Order statistics of values that hold a NaN depend on their order: the direct pass keeps it.
      byCount = means.some(Number.isNaN)
        ? null
        : countRangeLevels(
            ref.map((j) => count[j] as number),
            means,
          );
    }
    const range = byCount?.(from, to);
    let loc: { center: number; spread: number };
    let typical: number;
    let n: number;
    if (range !== undefined && range.n >= minHistory) {
      loc = range;
      typical = range.typical;
      n = range.n;
    } else if (range !== undefined && later.length === 0) return whole;
    else {
      const comparable = (j: number): boolean => (count[j] as number) >= from && (count[j] as number) <= to;
      const like = ref.filter(comparable);
      // Too few in the history: the nearest clean comparable windows after it, as any short history.
      for (const j of later) if (like.length < minHistory && comparable(j)) like.push(j);
      if (like.length < minHistory) return whole;
      loc = medianAndMad(like.map(meanOf));
      typical = medianOf(like.map((j) => count[j] as number));
      n = like.length;
    }
    // One population: the windows' means scatter by about their sampling error.
    if (loc.spread > (HOMOGENEOUS * s.within) / Math.sqrt(typical)) return whole;
    return { center: loc.center, spread: loc.spread, inflate: inflateOf(n), windows: n };
  };
}

/** The level of the windows whose count lies in a range (`countRangeLevels`). */
export interface CountRangeLevel {
  /** How many windows the range holds; the other fields are NaN when none. */
  readonly n: number;
  /** Median of their means. */
  readonly center: number;
  /** MAD of their means, scaled to a normal σ (× 1.4826). */
  readonly spread: number;
  /** Median of their counts. */
  readonly typical: number;
}

/**
 * For windows with counts `counts` and means `means` (same order, no NaN), a function from a
 * count range [from, to] to the median and MAD of the means and the median count of the windows
 * whose count lies in it: exactly what `medianAndMad` and `medianOf` give over those windows
 * (order statistics do not depend on the order the windows come in). The windows are sorted by
 * count once, so a range's windows are one stretch of them (two binary searches), and each
 * stretch's level is computed once: O(n log n) to build, O(log n) a range seen before, O(length)
 * a new one. `comparableLevel` asks it once per run: the pass-1 baseline over a week's clean
 * windows about 2,000 times for a few dozen distinct stretches.
 */
export function countRangeLevels(
  counts: ArrayLike<number>,
  means: ArrayLike<number>,
): (from: number, to: number) => CountRangeLevel {
  const n = counts.length;
  const order = orderByCount(counts);
  const sortedCounts = new Float64Array(n);
  const meansByCount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    sortedCounts[i] = counts[order[i] as number] as number;
    meansByCount[i] = means[order[i] as number] as number;
  }
  const memo = new Map<number, CountRangeLevel>();
  const none: CountRangeLevel = { n: 0, center: Number.NaN, spread: Number.NaN, typical: Number.NaN };
  return (from, to) => {
    // First window with count ≥ from, first with count > to.
    let a = 0;
    let b = n;
    while (a < b) {
      const mid = (a + b) >> 1;
      if ((sortedCounts[mid] as number) < from) a = mid + 1;
      else b = mid;
    }
    b = upperBound(sortedCounts, a, n, to);
    if (b <= a) return none;
    const key = a * (n + 1) + b;
    let level = memo.get(key);
    if (level === undefined) {
      const k = b - a;
      const { center, spread } = medianAndMad(meansByCount.subarray(a, b));
      const upper = sortedCounts[a + (k >> 1)] as number;
      const typical = k % 2 === 1 ? upper : ((sortedCounts[a + (k >> 1) - 1] as number) + upper) / 2;
      level = { n: k, center, spread, typical };
      memo.set(key, level);
    }
    return level;
  };
}

/**
 * Longest array `orderByCount` sorts by insertion: a rolling baseline's 24–30 windows sort
 * faster so than through `Array.prototype.sort` and a comparator call per comparison (round
 * twenty-two; the sort itself is the same: stable, ascending).
 */
const INSERTION_SORT_MAX = 64;

/** The indices of `counts` in ascending order of count, ties in index order (a stable sort). */
function orderByCount(counts: ArrayLike<number>): number[] {
  const n = counts.length;
  const order = Array.from({ length: n }, (_, i) => i);
  if (n > INSERTION_SORT_MAX) return order.sort((a, b) => (counts[a] as number) - (counts[b] as number));
  for (let i = 1; i < n; i++) {
    const x = order[i] as number;
    const c = counts[x] as number;
    let k = i;
    for (; k > 0 && (counts[order[k - 1] as number] as number) > c; k--) order[k] = order[k - 1] as number;
    order[k] = x;
  }
  return order;
}

/** Whether the last window with data before `j` is anomalous. */
function continuesAnomaly(s: SeriesWindows, j: number): boolean {
  for (let w = j - 1; w >= s.first; w--) if (s.has[w] === 1) return s.flagged[w] === 1;
  return false;
}

/** Observations of the run's windows above `threshold` (in the series' unit). */
function supportAbove(s: SeriesWindows, run: readonly number[], threshold: number): number {
  const { starts, slice } = s;
  let k = 0;
  for (const j of run)
    k += (starts[j + 1] as number) - upperBound(slice, starts[j] as number, starts[j + 1] as number, threshold);
  return k;
}

/**
 * The tail test of a size series against `ref`: the share of observations above the
 * baseline's 90th percentile (median of the baseline windows' p90s), exact binomial tail with
 * overdispersion. Undefined for falls, rates and linear scores.
 */
function tailTest(s: SeriesWindows, ref: readonly number[]): ((run: readonly number[]) => TestResult) | undefined {
  const { spec, count, q90, starts, slice, threshold: Z } = s;
  if (spec.direction === "down" || !spec.log) return undefined;
  const q90s = ref.filter((j) => (count[j] as number) >= TAIL_MIN).map((j) => q90[j] as number);
  if (q90s.length < Math.min(TAIL_MIN, ref.length)) return undefined;
  const q0 = medianOf(q90s);
  const aboveIn = (j: number) =>
    (starts[j + 1] as number) - upperBound(slice, starts[j] as number, starts[j + 1] as number, q0);
  let above = 0;
  let seen = 0;
  const ks: number[] = [];
  for (let i = 0; i < ref.length; i++) {
    ks.push(aboveIn(ref[i] as number));
    above += ks[i] as number;
    seen += count[ref[i] as number] as number;
  }
  if (seen === 0) return undefined;
  const p0 = Math.min(TAIL_SHARE_MAX, Math.max(TAIL_SHARE_MIN, above / seen));
  const residuals: number[] = [];
  for (let i = 0; i < ref.length; i++) {
    const n = count[ref[i] as number] as number;
    if (n > 0) residuals.push(Math.abs((ks[i] as number) - n * p0) / Math.sqrt(n * p0 * (1 - p0)));
  }
  const phi = Math.max(1, (MAD_SCALE * medianOf(residuals)) ** 2);
  return (run) => {
    let K = 0;
    let N = 0;
    const run90: number[] = [];
    for (const j of run) {
      K += aboveIn(j);
      N += count[j] as number;
      run90.push(q90[j] as number);
    }
    if (N === 0 || !(K > N * p0)) return { z: 0, bad: false };
    const zz = Math.max(0, zOfLogUpperTail(lnBinomialUpperTail(K / phi, N / phi, p0)));
    const share = K / N;
    const effect =
      K - N * p0 >= MIN_EFFECT.countExcess &&
      share >= Math.max(2 * p0, p0 + MIN_EFFECT.tailPoints) &&
      medianOf(run90) >= MIN_EFFECT.ratio * q0;
    return { z: zz, bad: zz >= zFor(Z, run.length) && effect, big: effect };
  };
}

/**
 * Two modes are told apart when Ashman's D = √2·|μ₁ − μ₂| / √(σ₁² + σ₂²) exceeds 2 (Ashman, Bird
 * and Zepeda 1994, "Detecting bimodality in astronomical datasets", AJ 108, 2348: a mixture of
 * two normals is cleanly separated from D > 2).
 */
const MODE_SEPARATION = 2;
/**
 * The lesser mode holds at least this share of the observations: 10 %, the share the tail test
 * already reads as the tail (the baseline's p90), so a heavy tail is not a mode.
 */
const MODE_MIN_WEIGHT = 0.1;
/**
 * At most this many observations (every m-th) fit the modes and the reference's density: 600,
 * at which Silverman's bandwidth is a quarter of its value at 2 observations a window's worth
 * (600^−1/5 = 0.28) and a mode of 10 % holds 60.
 */
const MODE_SAMPLE = 600;
/** Expectation–maximization steps of the two-normal fit (from a split at the median). */
const MODE_EM_STEPS = 40;
/**
 * The slowdowns (×) and the shares of requests slowed the shift test tries: ×1.5 (MIN_EFFECT's
 * least) to ×12 about evenly in ln, 15 % to all about evenly in ln share.
 */
/**
 * The least log-likelihood ratio at which the shift test's fitted slowdown counts as an effect
 * (`big`): ln 20 = 3.0, the 5 % point of its χ²₂ reading (P = e^−L; 2L = 5.99, the χ²₂ table's
 * 95th percentile), the conventional level at which a fitted share is told from none.
 */
const MODE_EFFECT_LR = Math.log(20);
const SHIFT_FACTORS = [1.5, 2.2, 3.3, 5, 7.5, 12].map(Math.log);
const SHIFT_SHARES = [0.15, 0.3, 0.55, 1];

/** Every m-th observation on the test scale of the windows `js` (at most about MODE_SAMPLE). */
function sampledObservations(s: SeriesWindows, js: readonly number[]): number[] {
  let total = 0;
  for (const j of js) total += (s.starts[j + 1] as number) - (s.starts[j] as number);
  const step = Math.max(1, Math.floor(total / MODE_SAMPLE));
  const out: number[] = [];
  const scaled = testScaled(s);
  let c = 0;
  for (const j of js)
    for (let i = s.starts[j] as number; i < (s.starts[j + 1] as number); i++)
      if (c++ % step === 0) out.push(scaled[i] as number);
  return out;
}

const scaledOf = new WeakMap<Float64Array, Float64Array>();
/** Series `s`'s observations on its test scale (`testScale`), once per series. */
function testScaled(s: SeriesWindows): Float64Array {
  const known = scaledOf.get(s.slice);
  if (known !== undefined) return known;
  const scaled = s.slice.map((v) => testScale(s.spec, v));
  scaledOf.set(s.slice, scaled);
  return scaled;
}

const shiftNeeds = new Map<string, number>();
/**
 * The least log-likelihood ratio L whose e^−L reaches the threshold of a run of k windows
 * (−ln of its normal tail; `modeShiftTest`), once per threshold and length.
 */
function shiftNeed(threshold: number, k: number): number {
  const key = `${threshold}:${k}`;
  let need = shiftNeeds.get(key);
  if (need === undefined) {
    need = -(Math.log(0.5) + lnIncompleteGamma(0.5, zFor(threshold, k) ** 2 / 2).lnQ);
    shiftNeeds.set(key, need);
  }
  return need;
}

/**
 * Whether observations `ys` are two modes (a fit of two normals by EM: Ashman's D above
 * MODE_SEPARATION, the lesser weight at least MODE_MIN_WEIGHT). A cached response returns in a
 * fraction of a generated one's time, so a model behind a prompt or semantic cache has two
 * latency populations. O(|ys| · MODE_EM_STEPS).
 */
export function twoModes(ys: readonly number[]): boolean {
  const n = ys.length;
  if (n < (2 * MIN_EFFECT.countExcess) / MODE_MIN_WEIGHT) return false;
  const fit = twoNormals(Float64Array.from(ys));
  if (fit === undefined) return false;
  const [a, b] = fit;
  const d = (Math.SQRT2 * Math.abs(a.m - b.m)) / Math.sqrt(a.v + b.v);
  return d > MODE_SEPARATION && Math.min(a.w, b.w) >= MODE_MIN_WEIGHT;
}

interface Normal {
  w: number;
  m: number;
  v: number;
}

/**
 * Two normals fitted to `ys` by MODE_EM_STEPS steps of EM from a split at the median (`twoModes`);
 * undefined when one of them loses every observation. Both normals' sums are taken in one pass
 * (each in the order of ys, so the fit is the one of a pass per normal).
 */
export function twoNormals(ys: Float64Array): [Normal, Normal] | undefined {
  const n = ys.length;
  const half = Float64Array.from(ys).sort()[n >> 1] as number;
  const [a, b] = [0, 1].map((c) => {
    const part = ys.filter((y) => (c === 0 ? y < half : y >= half));
    const m = part.reduce((x, y) => x + y, 0) / Math.max(1, part.length);
    const v = part.reduce((x, y) => x + (y - m) ** 2, 0) / Math.max(1, part.length);
    return { w: 0.5, m, v: Math.max(v, LOG_FLOOR * LOG_FLOOR) };
  }) as [Normal, Normal];
  const r = new Float64Array(n);
  for (let step = 0; step < MODE_EM_STEPS; step++) {
    const [ka, kb] = [a.w / Math.sqrt(a.v), b.w / Math.sqrt(b.v)];
    const [va, vb] = [2 * a.v, 2 * b.v];
    for (let i = 0; i < n; i++) {
      const y = ys[i] as number;
      const pa = ka * Math.exp(-((y - a.m) ** 2) / va);
      const pb = kb * Math.exp(-((y - b.m) ** 2) / vb);
      r[i] = pa + pb > 0 ? pa / (pa + pb) : y < half ? 1 : 0;
    }
    let [wa, sa, wb, sb] = [0, 0, 0, 0];
    for (let i = 0; i < n; i++) {
      const ra = r[i] as number;
      const y = ys[i] as number;
      wa += ra;
      sa += ra * y;
      wb += 1 - ra;
      sb += (1 - ra) * y;
    }
    if (!(wa > 0) || !(wb > 0)) return undefined;
    [a.m, b.m] = [sa / wa, sb / wb];
    let [qa, qb] = [0, 0];
    for (let i = 0; i < n; i++) {
      const ra = r[i] as number;
      const y = ys[i] as number;
      qa += ra * (y - a.m) ** 2;
      qb += (1 - ra) * (y - b.m) ** 2;
    }
    [a.v, b.v] = [Math.max(qa / wa, LOG_FLOOR * LOG_FLOOR), Math.max(qb / wb, LOG_FLOOR * LOG_FLOOR)];
    [a.w, b.w] = [wa / n, wb / n];
  }
  return [a, b];
}

/** The Gaussian kernel's weights e^(−d²/2) at d = 0…4 bins (`referenceDensity`). */
const KERNEL = [0, 1, 2, 3, 4].map((d) => Math.exp(-0.5 * d ** 2));

/**
 * The density of observations `ys` on a grid: a Gaussian kernel estimate with Silverman's
 * bandwidth (0.9·min(sd, IQR/1.34)·n^−1/5; Silverman 1986, Density Estimation, §3.4.2), binned
 * at the bandwidth, floored at half an observation per bin so that a value the reference never
 * held is rare, not impossible. Returns the density at y. O(|ys| + bins²).
 */
export function referenceDensity(ys: readonly number[]): (y: number) => number {
  const xs = Float64Array.from(ys).sort();
  const n = xs.length;
  let sum = 0;
  for (const x of xs) sum += x;
  const mean = sum / n;
  let squares = 0;
  for (const x of xs) squares += (x - mean) ** 2;
  const sd = Math.sqrt(squares / Math.max(1, n - 1));
  const iqr = quantileOfSorted(xs, 0, n, 0.75) - quantileOfSorted(xs, 0, n, 0.25);
  const h = Math.max(LOG_FLOOR, 0.9 * Math.min(sd, iqr > 0 ? iqr / 1.34 : sd) * n ** -0.2);
  const lo = (xs[0] as number) - 4 * h;
  const bins = Math.ceil(((xs[n - 1] as number) + 4 * h - lo) / h) + 1;
  const counts = new Float64Array(bins);
  for (const x of xs) {
    const b = Math.floor((x - lo) / h);
    counts[b] = (counts[b] as number) + 1;
  }
  const dens = new Float64Array(bins);
  for (let b = 0; b < bins; b++) {
    let acc = 0;
    for (let c = Math.max(0, b - 4); c < Math.min(bins, b + 5); c++)
      acc += (counts[c] as number) * (KERNEL[Math.abs(b - c)] as number);
    dens[b] = Math.max(acc / Math.sqrt(2 * Math.PI), 0.5) / (n * h);
  }
  const floor = 0.5 / (n * h);
  return (y) => {
    const b = Math.floor((y - lo) / h);
    return b < 0 || b >= bins ? floor : (dens[b] as number);
  };
}

/**
 * A slowdown of a share of requests on a model whose latencies are two modes (a cache's hits and
 * misses): the mean of ln latency over both modes has the modes' distance for its spread, and
 * the baseline's p90 sits in the slow mode, so a ×2.4 on half the requests moves neither much.
 * The run's observations are read instead against the reference's own density f (`referenceDensity`)
 * as a mixture, (1 − π)·f(y) + π·f(y − δ): a share π of requests slowed by e^δ, whichever mode
 * they came from. The likelihood ratio L = Σ ln(1 − π + π·f(y − δ)/f(y)), maximized over
 * SHIFT_FACTORS × SHIFT_SHARES, is read as Wilks's χ² with 2 degrees of freedom (P = e^−L).
 * Undefined unless the direction is up and the whole series' observations are two modes
 * (`twoModes`, once per series, a gate). The reference's own two modes, the test's premise, are
 * fitted only when a run's result would move its verdict (`holds`, read by `valueBaseline`): on
 * most runs the shift test finds nothing (no factor's bound reaches the run's threshold), and a
 * fit per baseline of a long two-mode series cost ×3 (held-out 5151 day 30).
 */
function modeShiftTest(s: SeriesWindows, ref: readonly number[]): ((run: readonly number[]) => TestResult) | undefined {
  const { spec, starts, threshold: Z } = s;
  if (spec.direction === "down" || !spec.log || spec.kind !== "quantile" || ref.length === 0) return undefined;
  // Two modes in the reference itself: a slowdown of most requests makes the whole series two
  // modes (before and after), which is no cache. The whole series is read first, once, as a gate.
  if (!seriesHasModes(s)) return undefined;
  const ys = sampledObservations(s, ref);
  if (ys.length < MIN_EFFECT.countExcess / MODE_MIN_WEIGHT) return undefined;
  const f = referenceDensity(ys);
  // The reference's own two modes, fitted once and only when a run's result would count.
  let modes: boolean | undefined;
  const holds = (): boolean => {
    modes ??= twoModes(ys);
    return modes;
  };
  const scaled = testScaled(s);
  return function shiftRun(run) {
    const obs: number[] = [];
    for (const j of run)
      for (let i = starts[j] as number; i < (starts[j + 1] as number); i++) obs.push(scaled[i] as number);
    const fit = shiftFit(f, obs, shiftNeed(Z, run.length));
    const zz = fit.l > 0 ? Math.max(0, zOfLogUpperTail(-fit.l)) : 0;
    // The fitted (δ, π) is an effect only where the fit can be told from no slowdown at all: the
    // grid's best pair on noise has a share too, and a `big` run defeats withinLevelShift's veto
    // and lets a borrowed pair flag its window (a 20 % slow tail, nothing injected, opened one).
    const effect = fit.share * obs.length >= MIN_EFFECT.countExcess && fit.l >= MODE_EFFECT_LR;
    return { z: zz, bad: zz >= zFor(Z, run.length) && effect, big: effect, holds };
  };
}

/**
 * The slowdown e^δ of a share π of observations `ys` that explains them best against density f
 * (`modeShiftTest`), over SHIFT_FACTORS × SHIFT_SHARES: its log-likelihood ratio l (0, share 0
 * when none beats the reference). A factor whose bound Σ ln max(1, f(y − δ)/f(y)) — l at any
 * share is below it — does not exceed max(l so far, `least`) is skipped. O(|ys| · grid).
 */
export function shiftFit(
  f: (y: number) => number,
  ys: readonly number[],
  least = 0,
): { readonly l: number; readonly delta: number; readonly share: number } {
  let best = { l: 0, delta: 0, share: 0 };
  const ratio = new Float64Array(ys.length);
  const dens = ys.map(f);
  for (const d of SHIFT_FACTORS) {
    let bound = 0;
    for (let k = 0; k < ys.length; k++) {
      ratio[k] = f((ys[k] as number) - d) / (dens[k] as number);
      if ((ratio[k] as number) > 1) bound += Math.log(ratio[k] as number);
    }
    if (bound <= Math.max(best.l, least)) continue;
    for (const p of SHIFT_SHARES) {
      let l = 0;
      for (let k = 0; k < ys.length; k++) l += Math.log(1 - p + p * (ratio[k] as number));
      if (l > best.l) best = { l, delta: d, share: p };
    }
  }
  return best;
}

const modesOf = new WeakMap<Float64Array, boolean>();
/** `twoModes` of the whole series' observations, once per series. */
function seriesHasModes(s: SeriesWindows): boolean {
  const known = modesOf.get(s.slice);
  if (known !== undefined) return known;
  const js: number[] = [];
  for (let j = s.first; j <= s.last; j++) js.push(j);
  const has = twoModes(sampledObservations(s, js));
  modesOf.set(s.slice, has);
  return has;
}

// ---------------------------------------------------------------------------------------------
// Pass 1 and pass 2

/**
 * Pass 1 of `scoreSeries`: one baseline over the whole series marks the windows later
 * baselines must avoid (the incident itself, when it is clear), so early windows can borrow
 * later history. The windows `exclude` names are marked too.
 */
function maskClearAnomalies(
  s: SeriesWindows,
  withData: readonly number[],
  exclude: Uint8Array | undefined,
): Uint8Array {
  const J = s.grid.windows;
  const mask = new Uint8Array(J);
  if (exclude !== undefined) for (let j = 0; j < J; j++) if (exclude[j] === 1) mask[j] = 1;
  const clean = withData.filter((j) => mask[j] === 0);
  if (clean.length > s.minHistory) {
    const whole = baselineOf(s, clean, [], true);
    for (const j of withData) if (whole.test([j]).bad) mask[j] = 1;
    // A fall in a count is bounded by an empty window: alone, a window of λ expected events can
    // never be rarer than P(0) = e^(−λ/φ), which is z 5 only from λ = 15 on (e^(−15) = 3.1e-7).
    // The windows of an outage of a model at ten requests a window are clear only as a run, and
    // unmasked they top up the short history of a capture that began minutes before it
    // (`referenceWindows`), pulling its baseline down to the outage's own level. Runs of
    // RUN_LENGTHS windows that fall clearly against the whole series are masked too.
    if (s.spec.kind === "count")
      for (const length of RUN_LENGTHS) {
        if (length === 1) continue;
        for (let i = 0; i + length <= withData.length; i++) {
          const run = withData.slice(i, i + length);
          const result = whole.test(run);
          if (result.bad && result.z < 0) for (const w of run) mask[w] = 1;
        }
      }
  }
  return mask;
}

/** What pass 2 starts from. */
interface ScanInput {
  /** The windows with data, ascending. */
  readonly withData: readonly number[];
  /** Pass 1's windows no baseline may use. */
  readonly mask: Uint8Array;
  readonly exclude: Uint8Array | undefined;
  readonly settings: DetectionSettings;
}

/** The state of pass 2 (`scanWindows`) and what it finds. */
interface Scan extends Omit<ScanInput, "settings"> {
  readonly s: SeriesWindows;
  /** Most windows a baseline takes. */
  readonly refWindows: number;
  /** Windows the history must hold before the CUSUMs run (`settings.baselineWindows`). */
  readonly baselineWindows: number;
  /** Whether CUSUM stretches are withheld from the baseline (value and error-rate series). */
  readonly frozen: boolean;
  /** The ordinary windows so far: what baselines are taken from. */
  readonly history: number[];
  /** The windows of a CUSUM stretch, kept out of the history until it ends or the reference span passes. */
  readonly withheld: number[];
  /** Baselines by the first window of the run they are for (null: too little history). */
  readonly cache: Map<number, Baseline | null>;
  /** Each window's own (single-window) z, and whether its own change meets MIN_EFFECT (1). */
  readonly ownZ: Float64Array;
  readonly ownBig: Uint8Array;
  /** Baseline, band and z per window (NaN when not scored), and each flagged window's baseline windows. */
  readonly baseline: Float64Array;
  readonly lower: Float64Array;
  readonly upper: Float64Array;
  readonly z: Float64Array;
  readonly refs: Map<number, readonly number[]>;
  /** Sign of the anomaly the last windows follow, 0 when none. */
  leaning: number;
  /** Page's one-sided CUSUMs of the windows' own z (see `advanceCusums`). */
  cusumUp: number;
  cusumDown: number;
  /** withData index where the rising (falling) stretch began, -1 when none. */
  upFrom: number;
  downFrom: number;
}

/**
 * Pass 2 of `scoreSeries`: each run against the most recent unflagged windows before it (frozen
 * during an anomaly), topped up with the nearest clean windows after it when the history is
 * short. Flags `s.flagged`; the scan returned holds each window's baseline, band and z.
 */
function scanWindows(s: SeriesWindows, input: ScanInput): Scan {
  const { settings } = input;
  const J = s.grid.windows;
  const nan = () => new Float64Array(J).fill(Number.NaN);
  const scan: Scan = {
    s,
    withData: input.withData,
    mask: input.mask,
    exclude: input.exclude,
    // Value and error-rate baselines span at least REFERENCE_MS (a slow drift must not be its own baseline).
    refWindows: countsOccurrences(s.spec)
      ? settings.baselineWindows
      : Math.max(settings.baselineWindows, Math.ceil((settings.referenceMs ?? 0) / s.grid.width)),
    baselineWindows: settings.baselineWindows,
    frozen: !countsOccurrences(s.spec),
    history: [],
    withheld: [],
    cache: new Map(),
    ownZ: nan(),
    ownBig: new Uint8Array(J),
    baseline: nan(),
    lower: nan(),
    upper: nan(),
    z: nan(),
    refs: new Map(),
    leaning: 0,
    cusumUp: 0,
    cusumDown: 0,
    upFrom: -1,
    downFrom: -1,
  };
  // Runs reach back at most this many windows with data (a CUSUM stretch at most refWindows):
  // baselines of earlier starts are never asked for again and leave the cache, which would
  // otherwise hold one per window until the series is scored (most of the scoring's old-space garbage).
  const reach = Math.max(RUN_LENGTHS[RUN_LENGTHS.length - 1] as number, scan.refWindows);
  let evicted = 0; // windows below this have left the cache
  for (let idx = 0; idx < scan.withData.length; idx++) {
    const j = scan.withData[idx] as number;
    const own = scoreOwnWindow(scan, idx);
    const found = testRuns(scan, idx, own);
    advanceCusums(scan, idx);
    const changed = earliest(found, admitWindows(scan, j));
    if (changed >= 0) forgetFlagged(scan, changed);
    if (found >= 0) dropEpisodeWindows(scan, found, idx);
    const oldest = scan.withData[Math.max(0, idx + 2 - reach)] as number;
    for (; evicted < oldest; evicted++) scan.cache.delete(evicted);
  }
  return scan;
}

/**
 * The baseline windows of a run that starts at window `start` and ends at withData[idx]: the
 * most recent `refWindows` of the history before it, topped up with the nearest clean windows
 * after it when the history is short; null when they are fewer than `minHistory`.
 */
function referenceWindows(scan: Scan, start: number, idx: number): number[] | null {
  const { history } = scan;
  const { minHistory } = scan.s;
  let pos = history.length;
  while (pos > 0 && (history[pos - 1] as number) >= start) pos--;
  const ref = history.slice(Math.max(0, pos - scan.refWindows), pos);
  if (ref.length < minHistory) {
    // The run's own continuation (`continuationLength`) is the stretch right after it: the rest
    // top up as they come.
    const later = laterClean(scan, idx);
    for (let k = continuationLength(scan.s, ref, later); k < later.length && ref.length < minHistory; k++) {
      ref.push(later[k] as number);
    }
  }
  return ref.length >= minHistory ? ref : null;
}

/**
 * How many of the clean windows `later` (nearest first), offered to top up a short reference
 * `ref`, are the run's own continuation and are passed over: those before the first that does not
 * lean toward a failure burst or a latency spike against it (its own z at least LEAN_Z with the
 * minimum effect, as a window leaves a history in `dropEpisodeWindows`). A burst longer than a
 * window fills the windows right after its first, and in a short capture the pass-1 mask cannot keep them out: its baseline over the
 * whole series holds the burst too, whose failures raise both the pooled share and the windows'
 * dispersion (fourth 4096 day 7: an hour of 5-minute windows, four of them failing at 18–31 %
 * against 2–4 % before, reads an 11 % share with a band to 50–100 %, and no window is flagged).
 * A window that already leans the burst's way is its continuation, not its reference, up to the
 * first that falls back: the burst has ended there. Only that stretch is passed over, not every
 * leaning window of the capture: a short history may itself be the odd level (a capture that
 * began with requests in flight holds no timeout in its first two minutes against a deadline of
 * 120 s, and every later window leans against it; those windows are the model's level, and
 * passing all of them over would leave the few that fall back by chance as its reference).
 * The same holds for latency (quantile) series: a ×4.75 spike six minutes into a one-hour capture
 * fills the windows after it (third 3030 day 6: a band of 21 ms to 15,000 s, z 1.4). And a spike
 * ends: past its continuation the capture is back at the history's level, and later windows lean
 * against it only by chance. When more of them lean than chance gives (BEYOND_CHANCE), the short
 * history is the odd level or the leaning level recurs, and nothing is passed over: a streaming
 * model's first five 1-minute windows sit below the rest of its hour (a capture's first minutes
 * can hold only the requests short enough to finish in them, and its p95 is 20–30 s), and 44 of
 * the 54 later windows lean against them (fourth 2468 day 12); a cron model's batches raise its latency every 15 minutes, and the first batch's
 * windows are no spike's but the level its later batches return to (third 8765 day 8). A
 * stretch that never falls back within the windows offered (`laterClean`'s, at most
 * `refWindows`) is the level too. And one window is no level to lean against: the test reads its
 * within-window spread alone, and a capture's first window is the one most likely odd (third
 * 3030 day 9: 3,000 requests a minute of 60–75 s, the first window's p95 5.9·10⁴ ms; 48 of the
 * next 58 windows leaned and the 10 after them, the error burst's fast failures among them, did
 * not; passed over, the reference was the first window and the burst's, and the latency was
 * flagged from the capture's third minute and took the burst's root). Other kinds (token and
 * event-rate series, whose bursts `dropEpisodeWindows` keeps out) top up as before.
 * O(|ref| + the windows' observations).
 */
function continuationLength(s: SeriesWindows, ref: readonly number[], later: readonly number[]): number {
  if (!(s.spec.kind === "ratio" || s.spec.kind === "quantile") || ref.length < 2) return 0;
  const base = baselineOf(s, ref);
  const leans = (j: number): boolean => {
    const own = base.test([j]);
    return own.big === true && leansBad(own.z, 1);
  };
  let k = 0;
  while (k < later.length && leans(later[k] as number)) k++;
  // A stretch that never falls back within the windows offered is the level, not a spike's.
  if (k === 0 || k === later.length) return 0;
  let rest = 0;
  for (let m = k; m < later.length; m++) if (leans(later[m] as number)) rest++;
  return lnBinomialUpperTail(rest, later.length - k, LEAN_SHARE) < Math.log(BEYOND_CHANCE) ? 0 : k;
}

/**
 * The clean windows (neither masked by pass 1 nor flagged) after withData[idx], nearest first, at
 * most `refWindows` of them: what a baseline short of windows comparable to its run may borrow
 * (`comparableLevel`).
 */
function laterClean(scan: Scan, idx: number): number[] {
  const { withData, mask } = scan;
  const { flagged } = scan.s;
  const out: number[] = [];
  for (let a = idx + 1; a < withData.length && out.length < scan.refWindows; a++) {
    const later = withData[a] as number;
    if (mask[later] === 0 && flagged[later] === 0) out.push(later);
  }
  return out;
}

/** The baseline of a run that starts at window `start` (cached until a window before it is flagged). */
function baselineFor(scan: Scan, start: number, idx: number): Baseline | null {
  if (scan.cache.has(start)) return scan.cache.get(start) as Baseline | null;
  const ref = referenceWindows(scan, start, idx);
  const b = ref === null ? null : baselineOf(scan.s, ref, countsOccurrences(scan.s.spec) ? [] : laterClean(scan, idx));
  scan.cache.set(start, b);
  return b;
}

/** Scores window withData[idx] alone: its baseline, band and own z. Returns that baseline (null: too little history). */
function scoreOwnWindow(scan: Scan, idx: number): Baseline | null {
  const j = scan.withData[idx] as number;
  const own = baselineFor(scan, j, idx);
  if (own !== null) {
    const single = own.test([j]);
    const band = own.band(j);
    scan.baseline[j] = band.baseline;
    scan.lower[j] = band.lower;
    scan.upper[j] = band.upper;
    scan.z[j] = single.z;
    scan.ownZ[j] = single.z;
    scan.ownBig[j] = single.big === true ? 1 : 0;
  }
  return own;
}

/** The CUSUM stretches that end at withData[idx] and are longer than the longest fixed run (at most the reference span). */
function cusumStretches(scan: Scan, idx: number): number[] {
  const stretches: number[] = [];
  for (const from of [scan.upFrom, scan.downFrom]) {
    const length = from < 0 ? 0 : Math.min(idx + 1 - from, scan.refWindows);
    if (length > (RUN_LENGTHS[RUN_LENGTHS.length - 1] as number) && !stretches.includes(length)) stretches.push(length);
  }
  return stretches;
}

/**
 * Tests every run that ends at window withData[idx] (RUN_LENGTHS, then the CUSUM stretches)
 * against the baseline before it, and flags the anomalous part of each anomalous run. `own` is
 * the window's own baseline. Returns the earliest window newly flagged, -1 when none.
 */
function testRuns(scan: Scan, idx: number, own: Baseline | null): number {
  const { withData } = scan;
  const { flagged } = scan.s;
  const j = withData[idx] as number;
  let changed = -1;
  // Whether the window before this one opened a change (it is anomalous, the one before it not).
  const opensChange =
    idx > 0 && flagged[withData[idx - 1] as number] === 1 && (idx < 2 || flagged[withData[idx - 2] as number] === 0);
  for (const length of [...RUN_LENGTHS, ...cusumStretches(scan, idx)]) {
    if (idx + 1 < length) break;
    const span = withData.slice(idx + 1 - length, idx + 1);
    // Only the windows not yet explained count: a run that reached into an anomaly already
    // found would borrow its evidence (and tie the normal windows after an incident to it) —
    // except the pair of a window and the one before it when that one opened a change: a
    // change that straddles two windows shows in the pair whichever of the two opened it (the
    // second still has to lean the bad way and show the minimum effect itself, in `flagRun`).
    const run = length === 1 || (length === 2 && opensChange) ? span : span.filter((w) => w === j || flagged[w] === 0);
    if (length > 1 && run.length < 2) continue;
    const b = length === 1 ? own : baselineFor(scan, span[0] as number, idx);
    if (b === null) continue;
    const result = b.test(run);
    if (!result.bad) continue;
    if (result.z > 0 && withinLevelShift(scan, idx, run, b)) continue;
    changed = earliest(changed, flagRun(scan, { baseline: b, run, result, borrowed: length === 2 && opensChange }));
  }
  return changed;
}

/**
 * Whether an anomalous rise of a size series is a lasting level shift under the minimum effect
 * (a deployment that made requests ×1.3–1.4 slower), not a change: the CUSUM baseline stays frozen
 * at the old level for up to the reference span while every run of 1–8 windows is tested against
 * it, and the runs' point estimates scatter around the new level, so some cross ×1.5 by chance
 * (`--seed 7373` days 3, 14, 18). Vetoed when all of these hold:
 *  - the run lies inside a rising CUSUM stretch with at least `minHistory` earlier unflagged
 *    windows (the new level, seen before the run);
 *  - the run does not stand out of those windows (tested against them as its baseline: a spike
 *    on top of the new level does — anomalous there by the same test, or the minimum effect above
 *    them at the one-window threshold Z: the run was already chosen among the run lengths by the
 *    test against the frozen baseline, whose ½ per doubling paid for that search, so the second
 *    look at the one run found pays none; fourth 2468 day 2, a tail spike of a 1-minute series
 *    read against a stretch its CUSUM opened on noise);
 *  - the stretch's earlier windows with the run, tested as one run against the frozen baseline,
 *    are under the minimum effect (the level, pooled over many requests, is precise);
 *  - the series is not still rising: a ramp or a memory leak keeps climbing, a deployment's level
 *    is flat. Over the stretch around the run (below), a trend significant by Mann–Kendall's test
 *    (one-sided 5 %) whose Sen slope would rise by at least MIN_EFFECT.ratio over the reference
 *    span marks a ramp, which keeps its anomalies (`--seed 991` day 35, `--seed 9595` days 31, 34).
 */
function withinLevelShift(scan: Scan, idx: number, run: readonly number[], b: Baseline): boolean {
  const { s, withData } = scan;
  const { spec, flagged, sumT, count } = s;
  const sizes = spec.log && (spec.kind === "quantile" || spec.kind === "mean");
  if (!scan.frozen || !sizes || scan.upFrom < 0) return false;
  const first = run[0] as number;
  const earlier: number[] = [];
  for (let a = scan.upFrom; a <= idx && (withData[a] as number) < first; a++)
    if (flagged[withData[a] as number] === 0) earlier.push(withData[a] as number);
  if (earlier.length < s.minHistory) return false;
  const onLevel = baselineOf(s, earlier).test(run);
  if (onLevel.bad || (onLevel.big === true && onLevel.z >= s.threshold) || b.test([...earlier, ...run]).big === true)
    return false;
  // The trend is read over the stretch's windows of the reference span before the run and the
  // windows after it while the series stays up (until two in a row fall under the level of the
  // earlier windows: a leak that ends in a restart has ended), at most a reference span after
  // the run's start; not over the run itself, whose windows were chosen for being high.
  const level = medianOf(earlier.map((w) => (sumT[w] as number) / (count[w] as number)));
  const ahead: number[] = [];
  let below = 0;
  for (let a = scan.upFrom; a < withData.length; a++) {
    const w = withData[a] as number;
    if (w < first - scan.refWindows) continue;
    if (w >= first + scan.refWindows) break;
    if (w >= first && w <= (run[run.length - 1] as number)) continue;
    if (w > (run[run.length - 1] as number)) {
      below = (sumT[w] as number) / (count[w] as number) < level ? below + 1 : 0;
      if (below >= 2) {
        ahead.pop();
        break;
      }
    }
    ahead.push(w);
  }
  const ys = ahead.map((w) => (sumT[w] as number) / (count[w] as number));
  const rise = senSlope(ahead, ys) * scan.refWindows;
  return !(mannKendallZ(ys) >= TREND_Z && rise >= Math.log(MIN_EFFECT.ratio));
}

/**
 * Mann–Kendall's trend statistic as a z (Mann 1945, Kendall 1975; continuity-corrected, no tie
 * correction: window means of continuous values do not tie): S = Σ sign(y_c − y_a) over a < c,
 * Var S = n(n − 1)(2n + 5)/18.
 */
export function mannKendallZ(ys: readonly number[]): number {
  const n = ys.length;
  let S = 0;
  for (let a = 0; a < n; a++) for (let c = a + 1; c < n; c++) S += Math.sign((ys[c] as number) - (ys[a] as number));
  if (S === 0) return 0;
  return (S - Math.sign(S)) / Math.sqrt((n * (n - 1) * (2 * n + 5)) / 18);
}

/** One-sided 5 % of the standard normal, Φ⁻¹(0.95) (scipy.stats.norm.ppf(0.95)): a trend that is significant. */
const TREND_Z = 1.6448536269514722;

/** Sen's slope (Sen 1968; Theil 1950): the median of the pairwise slopes of `ys` against `xs`. */
export function senSlope(xs: readonly number[], ys: readonly number[]): number {
  const slopes: number[] = [];
  for (let a = 0; a < xs.length; a++)
    for (let c = a + 1; c < xs.length; c++)
      slopes.push(((ys[c] as number) - (ys[a] as number)) / ((xs[c] as number) - (xs[a] as number)));
  return slopes.length === 0 ? 0 : medianOf(slopes);
}

/** An anomalous run `testRuns` found. */
interface FoundRun {
  readonly baseline: Baseline;
  readonly run: readonly number[];
  readonly result: TestResult;
  /** A pair that reaches into a window already found (its evidence is mostly borrowed). */
  readonly borrowed: boolean;
}

/**
 * The anomalous part of an anomalous run: of its suffixes that are anomalous too, the one with
 * the largest |z| (a scan statistic), so normal leading windows do not move the onset early…
 */
function anomalousPart(
  ownZ: Float64Array,
  found: FoundRun,
): { from: number; result: TestResult; sign: number; anyLeans: boolean } {
  const { baseline: b, run } = found;
  let result = found.result;
  let from = 0;
  for (let s = 1; s < run.length; s++) {
    const suffix = b.test(run.slice(s));
    if (suffix.bad && Math.abs(suffix.z) > Math.abs(result.z)) {
      result = suffix;
      from = s;
    }
  }
  // …and without its windows that do not themselves lean the bad way (unless none does: a
  // sustained shift too small to see in any one window).
  const sign = result.z < 0 ? -1 : 1;
  while (from < run.length - 1 && !leansBad(ownZ[run[from] as number] as number, sign)) from++;
  // …and only its stretch that hangs together at the end: a window that leans the bad way
  // but is cut off from the rest by two that do not is noise the run carried along, not
  // part of this change.
  const anyLeans = run.slice(from).some((w) => leansBad(ownZ[w] as number, sign));
  if (anyLeans) {
    let quiet = 0;
    for (let r = run.length - 1; r > from; r--) {
      if (leansBad(ownZ[run[r] as number] as number, sign)) quiet = 0;
      else if (++quiet >= 2) {
        if (r + quiet < run.length) from = r + quiet;
        break;
      }
    }
  }
  return { from, result, sign, anyLeans };
}

/**
 * Flags the anomalous part of a run (`anomalousPart`) and gives its windows the run's z where
 * that is larger. Returns the earliest window newly flagged, -1 when none.
 */
function flagRun(scan: Scan, found: FoundRun): number {
  const { run, borrowed } = found;
  const { flagged } = scan.s;
  const { ownZ, ownBig, z } = scan;
  const { from, result, sign, anyLeans } = anomalousPart(ownZ, found);
  let changed = -1;
  for (let r = from; r < run.length; r++) {
    const w = run[r] as number;
    if (anyLeans && !leansBad(ownZ[w] as number, sign) && flagged[w] === 0) continue;
    // A pair that reaches into a window already found flags the other one only when its own
    // change is large enough to matter: the pair's evidence is mostly borrowed.
    if (borrowed && flagged[w] === 0 && ownBig[w] !== 1) continue;
    if (flagged[w] === 0) {
      flagged[w] = 1;
      scan.refs.set(w, found.baseline.ref);
      changed = changed < 0 ? w : Math.min(changed, w);
    }
    const current = z[w] as number;
    if (Number.isNaN(current) || Math.abs(result.z) > Math.abs(current)) z[w] = result.z;
  }
  return changed;
}

/**
 * Page's one-sided CUSUMs of the windows' own z (value and error-rate series), advanced by
 * window withData[idx]: while one is above 0 the windows lean away from the baseline together
 * and are withheld from it (the baseline is frozen at the stretch's start); they are released
 * into it when the sum returns to 0 with nothing found. The stretch since the sum left 0 is
 * also tested as one run. A CUSUM needs its in-control level known (Page's scheme assumes
 * it): it runs only once the history holds a full baseline of `baselineWindows` windows (a
 * sparse series' `minHistory`: `cusumsMayRun`); before that the baseline still takes in every
 * ordinary window.
 */
function advanceCusums(scan: Scan, idx: number): void {
  if (!scan.frozen) return;
  const ownLean = scan.ownZ[scan.withData[idx] as number] as number;
  if (!cusumsMayRun(scan)) {
    scan.cusumUp = 0;
    scan.cusumDown = 0;
    scan.upFrom = -1;
    scan.downFrom = -1;
  } else if (Number.isFinite(ownLean)) {
    const { direction } = scan.s.spec;
    scan.cusumUp = direction === "down" ? 0 : Math.max(0, scan.cusumUp + ownLean - CUSUM_K);
    scan.cusumDown = direction === "up" ? 0 : Math.max(0, scan.cusumDown - ownLean - CUSUM_K);
    scan.upFrom = scan.cusumUp > 0 ? (scan.upFrom < 0 ? idx : scan.upFrom) : -1;
    scan.downFrom = scan.cusumDown > 0 ? (scan.downFrom < 0 ? idx : scan.downFrom) : -1;
  }
}

/**
 * Whether the CUSUMs may run: once the history holds a full baseline of `baselineWindows`
 * windows, or, for a sparse series — the history's windows hold a median of fewer than
 * BUSY_COUNT observations — once it holds `minHistory`, the windows every run test's verdict
 * already rests on (round twenty-four, vrun24). A sparse window is read from 1–4 requests and
 * no one window of a change reaches the threshold, so a change that begins before the history
 * is full was taken into the baseline window by window and the runs after it were judged
 * against the change itself (third 5353 day 33: a latency spike ×4.3 on a model at 1.3 requests
 * a minute in a one-hour capture, the windows' baseline 4.8 → 9.4 s). A dense series' windows
 * each see a change, so it keeps Page's premise of a known in-control level; so does a linear
 * score (quality), whose windows' z rests on the scale of the reference windows' scatter alone
 * (`tAsZ`: loose from 6 windows), where a size's rests on the whole series' within-window
 * spread and an error rate's on the binomial's (fourth seed 7 day 33: a second false quality
 * incident on a model scored a few times a window, measured with every sparse series).
 */
function cusumsMayRun(scan: Scan): boolean {
  const { history } = scan;
  const { spec } = scan.s;
  if (history.length >= scan.baselineWindows) return true;
  if (history.length < scan.s.minHistory || !(spec.log || spec.kind === "ratio")) return false;
  return medianOf(history.map((j) => scan.s.count[j] as number)) < BUSY_COUNT;
}

/**
 * Moves into the history the withheld windows whose wait is over and window `j` (just scored)
 * when it is ordinary. Returns the earliest window released from being withheld, -1 when none.
 */
function admitWindows(scan: Scan, j: number): number {
  const { history, withheld, ownZ } = scan;
  const { flagged } = scan.s;
  const stretching = scan.upFrom >= 0 || scan.downFrom >= 0;
  // Withheld at most for the reference span: a lasting shift too small to be an anomaly (a
  // deployment that made requests 20 % slower) becomes the baseline after that, while the
  // baseline of a ramp stays at least a reference span behind it.
  let released = -1;
  while (withheld.length > 0 && (withheld[0] as number) <= j - scan.refWindows) {
    const w = withheld.shift() as number;
    if (flagged[w] === 0) history.push(w);
    if (released < 0) released = w;
  }
  if (!stretching && withheld.length > 0) {
    // The stretch ended with nothing found in it: its windows were ordinary after all.
    for (const w of withheld) if (flagged[w] === 0) history.push(w);
    released = earliest(released, withheld[0] as number);
    withheld.length = 0;
  }
  // Hysteresis: after an anomalous window, the windows that still lean its way stay out of the
  // baseline until one does not (a series half in a change, or on its way back, is not yet
  // normal); so do the windows `exclude` names (another series of the model is anomalous there).
  const ownLean = ownZ[j] as number;
  if (flagged[j] === 1) scan.leaning = (scan.z[j] as number) < 0 ? -1 : 1;
  else if (!(scan.leaning !== 0 && Number.isFinite(ownLean) && scan.leaning * ownLean >= LEAN_Z)) {
    scan.leaning = 0;
    if (scan.exclude?.[j] !== 1) (stretching ? withheld : history).push(j);
  }
  return released;
}

/**
 * The unflagged windows of the history inside the change just found, that lean its way against
 * the baseline before the change, leave the history. The change begins at the flagged window
 * before `found` (the earliest window newly flagged) when that is at most the longest fixed run
 * (RUN_LENGTHS) before it — the runs `testRuns` joins — else at `found`; it reaches to
 * withData[idx]. Such windows were admitted while the baseline they were judged against still
 * held windows flagged only later (a change that began before the CUSUMs run, `cusumsMayRun`,
 * enters the history window by window until a run of them is found), or between two flagged
 * windows of one burst that each fall short of LEAN_Z alone; left in, they raise the baseline
 * that every later window of the series is judged against, and a second burst of the same fault
 * after the first recovered is judged against the first (third 6161 day 31: an error burst ×10
 * on a model, again 22 minutes later; the history took 4 of the first burst's 12 windows and its
 * error rate went 1.5 % → 4.6 %, and the second burst's 8- and 12-window runs reached z 5.6 and
 * 6.6, under 6.5 and 6.8). Sizes and error rates only: a linear score's window z rests on its
 * reference windows' own scatter (`tAsZ`), which dropping its leaning windows would narrow (fourth
 * seed 7 day 33: a second false quality incident on a model scored a few times a 120-minute
 * window, as with vrun24's early CUSUMs, `cusumsMayRun`); event rates and spend are not frozen.
 */
function dropEpisodeWindows(scan: Scan, found: number, idx: number): void {
  const { history, withData, cache, s } = scan;
  if (!scan.frozen || !(s.spec.log || s.spec.kind === "ratio")) return;
  const { flagged } = s;
  const j = withData[idx] as number;
  const longest = RUN_LENGTHS[RUN_LENGTHS.length - 1] as number;
  let from = found;
  for (let w = found - 1; w >= Math.max(0, found - longest); w--)
    if (flagged[w] === 1) {
      from = w;
      break;
    }
  const inside = history.filter((h) => h > from && h <= j);
  if (inside.length === 0) return;
  const ref = referenceWindows(scan, from, idx);
  if (ref === null) return;
  const before = baselineOf(s, ref);
  const sign = (scan.z[found] as number) < 0 ? -1 : 1;
  const leaving = new Set(inside.filter((h) => leansBad(before.test([h]).z, sign)));
  if (leaving.size === 0) return;
  for (let h = history.length - 1; h >= 0; h--) if (leaving.has(history[h] as number)) history.splice(h, 1);
  for (const key of [...cache.keys()]) if (key > from) cache.delete(key);
}

/** Windows flagged after the fact leave the history; baselines of runs after `changed` (which may have used them) are redone. */
function forgetFlagged(scan: Scan, changed: number): void {
  const { history, cache } = scan;
  const { flagged } = scan.s;
  for (let h = history.length - 1; h >= 0; h--) if (flagged[history[h] as number] === 1) history.splice(h, 1);
  for (const key of [...cache.keys()]) if (key > changed) cache.delete(key);
}

/**
 * Pass 3 of `scoreSeries` for throughput (round twenty-four, run24): a fall of a sparse or bursty
 * model that is plain as a run and in no one window. Pass 2's rolling reference follows such a
 * fall down (held-out --seed 1111 day 17: 0–2 a minute against 4–6, its reference 4.7 → 0.8 within
 * the fall) and no run of RUN_LENGTHS reaches its threshold. Here a run opens at a window ×3
 * (MIN_EFFECT.trafficRatio) under the level of a reference FROZEN there — the `refWindows` most
 * recent windows before it that neither pass masked or flagged, their rate (times the traffic
 * index for an index-rated series) — and goes on while each window stays under that level, cut
 * back to its last window ×3 under it. The run's total S_k is tested against the reference's
 * total R as two Poisson counts (`frozenRunZ`), in units of the model's own k-window Fano factor
 * (`allanFano`), so a model whose history lulls that long stays quiet, and a short reference's
 * own uncertainty counts. Runs are disjoint and each window opens at most one, so the run tests
 * add at most as many tests as the windows' single-window tests: the family doubles, and the
 * threshold is the one for a doubling (`zFor(Z, 2)`, Bonferroni). Measured in round twenty-four
 * and set aside for its false incidents; landed in round twenty-seven (coll27) with three guards,
 * each a way a daily curve or a stopped model reads as a fall: a reference that moves by itself
 * either way (`trendingReference`) is left to pass 2's trend; a run without a request is a
 * silence, the gap test's (`frozenRunTotals`); and on a capture of more than a day the expected
 * total follows the model's own fall over the same clock hours of its other days
 * (`sameHoursRatio`); and (coll27b) a run is tested only when the model is back at the level right after it
 * (`returnsToLevel`), since a fault is something a model comes back from. O(windows · refWindows²)
 * at worst.
 */
function frozenRunFalls(s: SeriesWindows, scan: Scan): Set<number> {
  const { withData } = scan;
  const runWindows = new Set<number>();
  const { adjusted, flagged, minHistory } = s;
  const count = (w: number) => Math.max(0, adjusted[w] as number);
  const clean: number[] = [];
  const cap = Math.max(1, Math.floor((withData.length - 1) / RUN_BLOCKS));
  let i = 0;
  while (i < withData.length) {
    const j = withData[i] as number;
    const ref = clean.slice(-scan.refWindows);
    const level = ref.length >= minHistory ? frozenLevel(s, ref) : undefined;
    const low = (w: number) => level !== undefined && count(w) * MIN_EFFECT.trafficRatio <= level(w);
    if (level === undefined || !low(j) || trendingReference(s, ref)) {
      if (scan.mask[j] === 0 && flagged[j] === 0) clean.push(j);
      i++;
      continue;
    }
    let e = i;
    let lastLow = i;
    while (
      e + 1 < withData.length &&
      e + 1 - i < cap &&
      count(withData[e + 1] as number) < level(withData[e + 1] as number)
    ) {
      e++;
      if (low(withData[e] as number)) lastLow = e;
    }
    const run = withData.slice(i, lastLow + 1);
    // A run must be seen to end: the model back at its frozen level right after its stretch under
    // it. One to the capture's last window is open (the model may have retired or the capture
    // stopped with its traffic: fourth --seed 7 day 15's falcon-ish-180b, two empty windows past
    // its day's end), and so is one still under the level at the cap: a model under a level for a
    // third of its windows holds another level (its night, or its first hours were its busy ones:
    // fourth --seed 8282 day 22, --seed 4321 day 9), not a fault it came back from. Pass 2's tests
    // judge those.
    if (run.length >= 2 && returnsToLevel(withData, e, count, level))
      for (const w of flagFrozenRun(s, scan, bothSides(s, scan, { run, level, ref, e }))) runWindows.add(w);
    for (const w of run) if (scan.mask[w] === 0 && flagged[w] === 0) clean.push(w);
    i = lastLow + 1;
  }
  return runWindows;
}

/**
 * A frozen run's reference read on both sides of it (round thirty, coll31): the clean windows
 * before it, topped up to `refWindows` with the clean windows after its stretch under the level
 * (`laterClean`, nearest first, up to the first that is ×3 under the level again), and the level
 * frozen over both. A run is tested only once the model is seen back at its level
 * (`returnsToLevel`), so the windows after it are the model's own level as much as those before:
 * a fall early in a capture (third --seed 3030 day 16, a 17-minute collapse from the capture's
 * seventh minute) has only a few windows before it, and a reference of six prices its own
 * uncertainty into a z short of the threshold, while the level it returns to is plain for half an
 * hour. Either side that moves by itself (`trendingReference`), or two sides that disagree
 * (`sidesAgree`), are not one level, and the run keeps the side before it alone.
 */
function bothSides(
  s: SeriesWindows,
  scan: Scan,
  at: { run: readonly number[]; level: (w: number) => number; ref: readonly number[]; e: number },
): { run: readonly number[]; level: (w: number) => number; ref: readonly number[] } {
  const { run, level, ref, e } = at;
  const after: number[] = [];
  for (const w of laterClean(scan, e)) {
    if (after.length + ref.length >= scan.refWindows) break;
    if (Math.max(0, s.adjusted[w] as number) * MIN_EFFECT.trafficRatio <= level(w)) break;
    after.push(w);
  }
  if (after.length < 2 || trendingReference(s, after) || !sidesAgree(s, ref, after, allanFano(s, scan.withData, run)))
    return { run, level, ref };
  const both = [...ref, ...after];
  const bothLevel = frozenLevel(s, both);
  return bothLevel === undefined ? { run, level, ref } : { run, level: bothLevel, ref: both };
}

/**
 * Whether a frozen run's two sides hold one level: the after side's total against its share of
 * both sides' exposure (windows, or the traffic index when rated), a binomial in units of the
 * model's Fano factor `fano`, within TREND_Z either way (the trend guard's 5 % a side). A model
 * back from a lull into a session burst (fourth --seed 1212 day 34's harbor-rag-13b, 45 requests
 * in two 2-hour windows after four empty ones, against 141 in sixteen before) is at no level yet,
 * and reading it as one raises the expected total of the lull into a fault.
 */
function sidesAgree(s: SeriesWindows, before: readonly number[], after: readonly number[], fano: number): boolean {
  const { adjusted, exposure } = s;
  const exp = (w: number) => (exposure === undefined ? 1 : Math.max(0, exposure[w] as number));
  const total = (ws: readonly number[], f: (w: number) => number) => ws.reduce((t, w) => t + f(w), 0);
  const xa = total(after, exp);
  const share = xa / (xa + total(before, exp));
  const ra = total(after, (w) => Math.max(0, adjusted[w] as number));
  const n = ra + total(before, (w) => Math.max(0, adjusted[w] as number));
  if (!(share > 0 && share < 1 && n > 0)) return false;
  return Math.abs(ra - n * share) < TREND_Z * Math.sqrt(fano * n * share * (1 - share));
}

/** Whether the window after a run's stretch under its level (its last at withData[e]) exists and is back at that level. */
function returnsToLevel(
  withData: readonly number[],
  e: number,
  count: (w: number) => number,
  level: (w: number) => number,
): boolean {
  const next = withData[e + 1];
  return next !== undefined && count(next) >= level(next);
}

/** The expected count per window of a reference frozen over windows `ref` (its rate, times the traffic index when rated). */
function frozenLevel(s: SeriesWindows, ref: readonly number[]): ((w: number) => number) | undefined {
  const { adjusted, exposure } = s;
  let sumC = 0;
  let sumE = 0;
  for (const w of ref) {
    sumC += Math.max(0, adjusted[w] as number);
    sumE += exposure === undefined ? 1 : Math.max(0, exposure[w] as number);
  }
  if (!(sumC > 0) || !(sumE > 0)) return undefined;
  const share = sumC / sumE;
  return exposure === undefined ? () => share : (w) => share * Math.max(0, exposure[w] as number);
}

/**
 * Whether a reference's counts (per unit of traffic index, when rated) move by themselves, either
 * way (Mann–Kendall, each side at 5 %): a reference falling into the run is a curve going into its
 * night (fourth --seed 2468 day 34), and one that rose into it is a curve at its top, whose turn
 * would read as a fall (fourth --seed 7 day 20's rowan-summarize). Neither has one level to freeze.
 * A rated series' own counts are read for a rise only (round twenty-eight, coll28): the frozen
 * level is a share times the index, so counts that fell with the other models' traffic while the
 * share held (an evening every model shares: held-out --seed 8484 day 19's gpt-4o, counts z −2.9,
 * share −1.0) give a level that follows the index down; a rise of the counts under a level share
 * is a curve at its top all the same, its turn unknown to the peers' index (seed 7 day 20).
 */
function trendingReference(s: SeriesWindows, ref: readonly number[]): boolean {
  const { adjusted, exposure } = s;
  const counts = ref.map((w) => Math.max(0, adjusted[w] as number));
  const own = mannKendallZ(counts);
  if (exposure === undefined) return Math.abs(own) >= TREND_Z;
  if (own >= TREND_Z) return true;
  return (
    Math.abs(mannKendallZ(ref.map((w, i) => (counts[i] as number) / Math.max(exposure[w] as number, 1e-9)))) >= TREND_Z
  );
}

/**
 * The z of a run's total S against its frozen reference's total R: given S + R, S is binomial
 * with the run's share π of their expectation (the conditional test of two Poisson means,
 * Przyborowski and Wilenski 1940, as `countBaseline` prices a sparse rise), both counts in units
 * of the Fano factor `fano` (a count of clustered events is about Poisson in clusters). Positive
 * for a fall.
 */
function frozenRunZ(S: number, R: number, pi: number, fano: number): number {
  const N = S + R;
  return zOfLogUpperTail(lnBinomialUpperTail((N - S) / fano, N / fano, 1 - pi));
}

/** Tests one run of windows below its frozen level (`frozenRunFalls`) and flags it when it fell beyond chance; returns the windows it flagged that pass 2 had not. */
function flagFrozenRun(
  s: SeriesWindows,
  scan: Scan,
  at: { run: readonly number[]; level: (w: number) => number; ref: readonly number[] },
): number[] {
  const { run, ref } = at;
  const newly: number[] = [];
  const totals = frozenRunTotals(s, at);
  if (totals === undefined) return newly;
  const { S, E, R } = totals;
  if (!(E - S >= MIN_EFFECT.countExcess && S * MIN_EFFECT.trafficRatio <= E)) return newly;
  const need = zFor(s.threshold, 2);
  const pi = E / (E + R);
  // Poisson first (F_k ≥ 1 only lowers the z): the Fano factor is read only for a run that may pass.
  if (frozenRunZ(S, R, pi, 1) < need) return newly;
  const z = frozenRunZ(S, R, pi, allanFano(s, scan.withData, run));
  if (z < need) return newly;
  // A window pass 2 flagged as a fall keeps its own z: the run's z is the run's evidence, and an
  // empty window of a narrowed scope would pass for a silence beyond doubt with it (analyze.ts
  // `silentWindows`; wide-window.test.ts, a fall to 30 % at 5-minute windows).
  for (const w of run) {
    const current = scan.z[w] as number;
    if (s.flagged[w] === 1 && current < 0) continue;
    if (s.flagged[w] === 0) {
      s.flagged[w] = 1;
      newly.push(w);
      scan.refs.set(w, ref);
    }
    scan.z[w] = -z;
  }
  return newly;
}

/**
 * A frozen run's total S, its expected total E at the frozen level and its reference's total R;
 * undefined for a run without a request. Such a run is a silence, which the gap test judges
 * against the model's own gaps (analyze.ts `longestGapBeyondOwn`, round twenty-six): fourth
 * --seed 31337 day 27's tern-1.5-flash, 15 hours without a request on a 2-day capture of a
 * session model, was an incident here and is none there. On a capture of more than a day E is
 * scaled by the model's own fall over the same clock hours on its other days
 * (`sameHoursRatio`) when they fall: a daily curve repeats from day to day, a fault does not.
 */
function frozenRunTotals(
  s: SeriesWindows,
  at: { run: readonly number[]; level: (w: number) => number; ref: readonly number[] },
): { S: number; E: number; R: number } | undefined {
  const { run, level, ref } = at;
  const count = (w: number) => Math.max(0, s.adjusted[w] as number);
  let S = 0;
  let E = 0;
  let R = 0;
  for (const w of run) {
    S += count(w);
    E += level(w);
  }
  for (const w of ref) R += count(w);
  if (S === 0) return undefined;
  const q = sameHoursRatio(s, run, ref);
  return { S, E: q !== undefined && q < 1 ? E * q : E, R };
}

/**
 * The Fano factor (variance ÷ mean, at least 1) of a series' own sums over k = `run.length`
 * consecutive windows, the run left out (`allanFanoOf`), so a model's sessions and lulls as long
 * as the run count as its own. k at most a third of the rest.
 */
function allanFano(s: SeriesWindows, withData: readonly number[], run: readonly number[]): number {
  const first = run[0] as number;
  const last = run[run.length - 1] as number;
  const rest: number[] = [];
  for (const w of withData) if (w < first || w > last) rest.push(Math.max(0, s.adjusted[w] as number));
  const k = Math.max(1, Math.min(run.length, Math.floor(rest.length / RUN_BLOCKS)));
  return Math.max(1, allanFanoOf(rest, k) ?? 1);
}

/**
 * The Fano factor of counts `xs` summed over k consecutive entries, read trend-free as the Allan
 * variance: half the mean squared difference of sums k entries apart, over the sums' mean (Allan
 * 1966), so a daily curve does not count as burstiness while a cluster process's sums vary by about
 * its mean cluster size E[S²]/E[S] (Cox and Lewis 1966, §5.2). Undefined with k or fewer sums or a
 * zero mean. O(xs).
 */
export function allanFanoOf(xs: readonly number[], k: number): number | undefined {
  const sums: number[] = [];
  let sum = 0;
  for (let i = 0; i < xs.length; i++) {
    sum += (xs[i] as number) - (i >= k ? (xs[i - k] as number) : 0);
    if (i >= k - 1) sums.push(sum);
  }
  if (sums.length <= k) return undefined;
  let sq = 0;
  for (let i = k; i < sums.length; i++) sq += ((sums[i] as number) - (sums[i - k] as number)) ** 2;
  const mean = sums.reduce((t, x) => t + x, 0) / sums.length;
  return mean > 0 ? sq / (sums.length - k) / 2 / mean : undefined;
}

/**
 * The same hours on the capture's other days: the rate over the run's clock windows on other
 * days, over the rate over the reference's clock windows on those days (pooled over every whole
 * day back and forth that fits the scored range); undefined on a capture too short for one.
 */
function sameHoursRatio(s: SeriesWindows, run: readonly number[], ref: readonly number[]): number | undefined {
  const D = 86_400_000 / s.grid.width;
  if (!Number.isInteger(D)) return undefined;
  const { adjusted, exposure } = s;
  const sums = { run: 0, runE: 0, ref: 0, refE: 0 };
  const finite = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? Math.max(0, x) : 0);
  const add = (w: number, key: "run" | "ref") => {
    sums[key] += finite(adjusted[w]);
    sums[key === "run" ? "runE" : "refE"] += exposure === undefined ? 1 : finite(exposure[w]);
  };
  const span = s.last - s.first;
  for (let d = -Math.floor(span / D); d * D <= span; d++) {
    const shift = d * D;
    if (d === 0 || [...run, ...ref].some((w) => w + shift < s.first || w + shift > s.last)) continue;
    for (const w of run) add(w + shift, "run");
    for (const w of ref) add(w + shift, "ref");
  }
  if (!(sums.ref > 0 && sums.runE > 0 && sums.refE > 0)) return undefined;
  return sums.run / sums.runE / (sums.ref / sums.refE);
}
