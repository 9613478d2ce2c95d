import { canonicalTimestamp, epochMillisOf, fromEpochMillis } from "../core/timestamp.js";
import { SOURCE_MODULES, type SourceModule } from "../events/index.js";
import { MAD_NORMAL_SCALE, mean, median, medianAbsoluteDeviation, stddev } from "../stats/index.js";
import { type KolmogorovSmirnovMethod, kolmogorovSmirnov } from "../stats/kolmogorov-smirnov.js";
import {
  assertFinite,
  assertPositive,
  assertProbability,
  assertWholeAtLeast,
  assertWithinUnit,
} from "../stats/validate.js";
import { contentId } from "./ids.js";
import type { AnomalyEvent, AnomalyType } from "./schema.js";
import { anomalyScore } from "./scoring.js";

/** One observation of a metric. */
export interface MetricSample {
  readonly timestamp: string;
  readonly value: number;
}

export const ANOMALY_METHODS = ["zscore", "mad", "ewma"] as const;
/**
 * - `zscore`: mean and population standard deviation of the previous `maxSamples` values (the hub's detector);
 * - `mad`: median and 1.4826 × median absolute deviation of the same window (robust: outliers in the baseline barely move it);
 * - `ewma`: exponentially weighted mean and variance of all previous values (smoothing `alpha`), which follows slow drifts.
 */
export type AnomalyMethod = (typeof ANOMALY_METHODS)[number];

/**
 * The hub's anomaly detector (src/analytics/anomaly.rs): sensitivity 0.95, at least 10 samples,
 * the last 100 kept. The hub has no EWMA; `alpha` 0.3 for `ewma` is the weight λ of the
 * NIST/SEMATECH e-Handbook of Statistical Methods, §6.3.2.4 "EWMA Control Charts": "usually set
 * between 0.2 and 0.3 (Hunter)", and 0.3 in its worked example; of that range, the most weight
 * on recent values, so the baseline follows a drift soonest.
 */
export const ANOMALY_DETECTOR_DEFAULTS = Object.freeze({
  sensitivity: 0.95,
  minSamples: 10,
  maxSamples: 100,
  alpha: 0.3,
});

export interface DetectAnomaliesOptions {
  /** The metric's name, written to `AnomalyEvent.metric`. */
  readonly metric: string;
  /** The module the metric belongs to. */
  readonly sourceModule: SourceModule;
  /** Default `"zscore"`. */
  readonly method?: AnomalyMethod;
  /** In [0, 1]; the threshold is 3 − 2 × sensitivity as in the hub (default 0.95, so 1.1). */
  readonly sensitivity?: number;
  /** A |z| threshold (> 0) that replaces the one derived from `sensitivity`. */
  readonly threshold?: number;
  /** Samples needed before one can be scored (default 10, the hub's; at least 2). */
  readonly minSamples?: number;
  /** The baseline window of `zscore` and `mad` (default 100, the hub's). */
  readonly maxSamples?: number;
  /** EWMA smoothing factor in (0, 1] (default 0.3). */
  readonly alpha?: number;
  /** The id of the anomaly at `index`; by default a v5 UUID of its content. */
  readonly eventId?: (sample: MetricSample, index: number, anomalyType: AnomalyType) => string;
}

interface Baseline {
  readonly center: number;
  readonly scale: number;
}

/** z of `value` against a baseline; a zero scale gives 0 at the centre and ±∞ elsewhere (never NaN). */
function zOf(value: number, b: Baseline): number {
  const d = value - b.center;
  if (b.scale === 0) return d === 0 ? 0 : d > 0 ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY;
  return d / b.scale;
}

function assertSeries(fn: string, series: readonly MetricSample[]): number[] {
  if (!Array.isArray(series)) throw new TypeError(`${fn}: series must be an array of { timestamp, value }`);
  const times: number[] = [];
  for (const [i, s] of series.entries()) {
    const t = epochMillisOf(fn, `series[${i}].timestamp`, s?.timestamp);
    assertFinite(fn, s.value, `series[${i}].value`);
    const previous = times[i - 1];
    if (previous !== undefined && t < previous) {
      throw new RangeError(`${fn}: series must be in time order, but series[${i}] is earlier than series[${i - 1}]`);
    }
    times.push(t);
  }
  return times;
}

function assertCommon(fn: string, options: { metric: unknown; sourceModule: unknown }): void {
  if (typeof options.metric !== "string" || options.metric === "") {
    throw new RangeError(
      `${fn}: options.metric must be a non-empty string, received ${JSON.stringify(options.metric)}`,
    );
  }
  if (!(SOURCE_MODULES as readonly unknown[]).includes(options.sourceModule)) {
    throw new RangeError(
      `${fn}: options.sourceModule must be one of ${SOURCE_MODULES.join(", ")}, received ${JSON.stringify(options.sourceModule)}`,
    );
  }
}

function thresholdOf(fn: string, options: DetectAnomaliesOptions): number {
  if (options.threshold !== undefined) return assertPositive(fn, options.threshold, "options.threshold");
  const sensitivity = assertProbability(
    fn,
    options.sensitivity ?? ANOMALY_DETECTOR_DEFAULTS.sensitivity,
    "options.sensitivity",
  );
  return 3 - 2 * sensitivity;
}

function defaultId(
  kind: string,
  options: { metric: string; sourceModule: SourceModule },
  method: string,
): (sample: MetricSample, index: number, anomalyType: AnomalyType) => string {
  return (sample, _index, anomalyType) =>
    contentId(kind, [options.sourceModule, options.metric, method, anomalyType, canonicalTimestamp(sample.timestamp)]);
}

/**
 * Scores every sample of a metric series against the baseline of the samples before it and
 * returns the anomalous ones (|z| > threshold) as AnomalyEvents, in time order.
 *
 * - Threshold: `3 − 2 × sensitivity` as the hub's detector (default sensitivity 0.95 gives 1.1,
 *   which flags about 27 % of normal noise; raise it or pass `threshold: 3` for rare alerts).
 * - Baseline: see `AnomalyMethod`; sample i is scored once `minSamples` samples precede it, so a
 *   series of `minSamples` samples or fewer yields no anomalies.
 * - A flat baseline (zero spread) never divides by zero: a value equal to it scores 0, any other
 *   value scores 1.
 * - `anomaly_type` is `spike` above the baseline and `drop` below; `baseline` is the centre
 *   (mean, median or EWMA), `deviation` is observed − baseline, and `anomaly_score` is
 *   `anomalyScore(z, threshold)` = |z| / (|z| + threshold): 0.5 at the threshold, rising toward 1.
 *
 * O(n · maxSamples) for `zscore`, O(n · maxSamples) expected for `mad`, O(n) for `ewma`.
 * Semantics: the hub's z-score detector; MAD scaled as R's `mad()`; EWMA mean and variance
 * as pandas' `Series.ewm(alpha=α, adjust=False).mean()` and `.var(bias=True)`.
 *
 * @throws RangeError on a timestamp that is not RFC 3339, a non-finite value, samples out of
 *   time order, or an option out of range.
 */
export function detectAnomalies(series: readonly MetricSample[], options: DetectAnomaliesOptions): AnomalyEvent[] {
  return detect("detectAnomalies", series, options, undefined);
}

function detect(
  fn: string,
  series: readonly MetricSample[],
  options: DetectAnomaliesOptions,
  forcedType: AnomalyType | undefined,
): AnomalyEvent[] {
  assertCommon(fn, options);
  assertSeries(fn, series);
  const method = options.method ?? "zscore";
  if (!(ANOMALY_METHODS as readonly string[]).includes(method)) {
    throw new RangeError(
      `${fn}: options.method must be one of ${ANOMALY_METHODS.join(", ")}, received ${JSON.stringify(method)}`,
    );
  }
  const threshold = thresholdOf(fn, options);
  const minSamples = assertWholeAtLeast(
    fn,
    options.minSamples ?? ANOMALY_DETECTOR_DEFAULTS.minSamples,
    2,
    "options.minSamples",
  );
  const maxSamples = assertWholeAtLeast(
    fn,
    options.maxSamples ?? ANOMALY_DETECTOR_DEFAULTS.maxSamples,
    minSamples,
    "options.maxSamples",
  );
  const alpha = options.alpha ?? ANOMALY_DETECTOR_DEFAULTS.alpha;
  assertWithinUnit(fn, alpha, "(0, 1]", "options.alpha");
  const eventId = options.eventId ?? defaultId(forcedType ?? "anomaly", options, method);
  const values = series.map((s) => s.value);
  const baselines = method === "ewma" ? ewmaBaselines(values, alpha) : undefined;
  const out: AnomalyEvent[] = [];
  for (let i = minSamples; i < series.length; i++) {
    let baseline: Baseline;
    if (baselines !== undefined) {
      baseline = baselines[i] as Baseline;
    } else {
      const window = values.slice(Math.max(0, i - maxSamples), i);
      baseline =
        method === "zscore"
          ? { center: mean(window), scale: stddev(window) }
          : { center: median(window), scale: medianAbsoluteDeviation(window, { scale: MAD_NORMAL_SCALE }) };
    }
    const sample = series[i] as MetricSample;
    const z = zOf(sample.value, baseline);
    if (!(Math.abs(z) > threshold)) continue;
    const anomalyType: AnomalyType = forcedType ?? (z > 0 ? "spike" : "drop");
    out.push({
      event_id: eventId(sample, i, anomalyType),
      source_module: options.sourceModule,
      anomaly_type: anomalyType,
      anomaly_score: anomalyScore(z, threshold),
      baseline: baseline.center,
      observed: sample.value,
      deviation: sample.value - baseline.center,
      timestamp: canonicalTimestamp(sample.timestamp),
      metric: options.metric,
    });
  }
  return out;
}

/**
 * baselines[i] = EWMA mean and standard deviation of values[0..i) (adjust=False weights),
 * updated incrementally (Finch 2009, "Incremental calculation of weighted mean and variance").
 */
function ewmaBaselines(values: readonly number[], alpha: number): Baseline[] {
  const out = new Array<Baseline>(values.length);
  let m = values[0] as number;
  let v = 0;
  out[0] = { center: m, scale: 0 };
  for (let i = 1; i < values.length; i++) {
    out[i] = { center: m, scale: Math.sqrt(v) };
    const diff = (values[i] as number) - m;
    const increment = alpha * diff;
    m += increment;
    v = (1 - alpha) * (v + diff * increment);
  }
  return out;
}

export interface FrequencyAnomalyOptions extends Omit<DetectAnomaliesOptions, "eventId"> {
  /** Bucket width in milliseconds (buckets are aligned to multiples of it since the epoch). */
  readonly bucketMs: number;
  /** First bucket's start (default: the bucket of the earliest timestamp). */
  readonly start?: string;
  /** End of the counted range, exclusive (default: just after the latest timestamp). */
  readonly end?: string;
  readonly eventId?: (sample: MetricSample, index: number, anomalyType: AnomalyType) => string;
}

/**
 * Counts events per time bucket (empty buckets count 0) and flags the buckets whose count is
 * anomalous against the earlier buckets, by `detectAnomalies`' rules, as `frequency_anomaly`
 * (a burst or a silence). `timestamp` is the bucket's start and `observed` its count.
 * O(n + buckets · maxSamples).
 *
 * @throws RangeError on a bad timestamp, a bucket width that is not a whole number of
 *   milliseconds ≥ 1, or a timestamp outside [start, end).
 */
export function detectFrequencyAnomalies(
  timestamps: readonly string[],
  options: FrequencyAnomalyOptions,
): AnomalyEvent[] {
  const fn = "detectFrequencyAnomalies";
  assertCommon(fn, options);
  const bucketMs = assertWholeAtLeast(fn, options.bucketMs, 1, "options.bucketMs");
  if (!Array.isArray(timestamps)) throw new TypeError(`${fn}: timestamps must be an array of RFC 3339 strings`);
  const times = timestamps.map((t, i) => epochMillisOf(fn, `timestamps[${i}]`, t));
  if (times.length === 0 && (options.start === undefined || options.end === undefined)) return [];
  const first =
    options.start !== undefined
      ? epochMillisOf(fn, "options.start", options.start)
      : times.reduce((a, b) => Math.min(a, b));
  const startBucket = Math.floor(first / bucketMs);
  const endExclusive =
    options.end !== undefined
      ? epochMillisOf(fn, "options.end", options.end)
      : times.reduce((a, b) => Math.max(a, b)) + 1;
  const bucketCount = Math.max(0, Math.ceil(endExclusive / bucketMs) - startBucket);
  const counts = new Array<number>(bucketCount).fill(0);
  for (const [i, t] of times.entries()) {
    const k = Math.floor(t / bucketMs) - startBucket;
    if (t < startBucket * bucketMs || t >= endExclusive || k >= bucketCount) {
      throw new RangeError(`${fn}: timestamps[${i}] lies outside the counted range [start, end)`);
    }
    counts[k] = (counts[k] as number) + 1;
  }
  const series = counts.map((value, k) => ({ timestamp: fromEpochMillis((startBucket + k) * bucketMs), value }));
  return detect(fn, series, options, "frequency_anomaly");
}

export interface DistributionShiftOptions {
  readonly metric: string;
  readonly sourceModule: SourceModule;
  /** Significance level in (0, 1): a shift is reported when the p-value is below it (default 0.05). */
  readonly alpha?: number;
  /** The KS p-value method (default "auto", see `kolmogorovSmirnov`). */
  readonly method?: KolmogorovSmirnovMethod;
  readonly eventId?: (sample: MetricSample) => string;
}

export interface DistributionShift {
  /** The two-sample Kolmogorov–Smirnov statistic D. */
  readonly statistic: number;
  readonly pValue: number;
  readonly method: "exact" | "asymptotic";
  /** The `distribution_shift` anomaly when pValue < alpha, else null. */
  readonly anomaly: AnomalyEvent | null;
}

/**
 * Tests whether `current` comes from a different distribution than `reference` with the
 * two-sample Kolmogorov–Smirnov test (see `kolmogorovSmirnov`), and reports a
 * `distribution_shift` anomaly when the p-value is below `alpha`: `anomaly_score` is
 * 1 − p-value, `baseline` and `observed` the medians of the two samples, `deviation` observed −
 * baseline, and `timestamp` the latest current sample's. O((n + m) log(n + m)), plus the exact
 * p-value's O(n·m) for small samples.
 *
 * @throws RangeError when either sample is empty or invalid, or alpha is not in (0, 1).
 */
export function detectDistributionShift(
  reference: readonly MetricSample[],
  current: readonly MetricSample[],
  options: DistributionShiftOptions,
): DistributionShift {
  const fn = "detectDistributionShift";
  assertCommon(fn, options);
  assertSeries(fn, reference);
  assertSeries(fn, current);
  if (reference.length === 0 || current.length === 0) {
    throw new RangeError(`${fn}: reference and current must each hold at least one sample`);
  }
  // The conventional 5 % significance level (Fisher, Statistical Methods for Research Workers, 1925).
  const alpha = options.alpha ?? 0.05;
  assertWithinUnit(fn, alpha, "(0, 1)", "options.alpha");
  const before = reference.map((s) => s.value);
  const after = current.map((s) => s.value);
  const test = kolmogorovSmirnov(before, after, options.method === undefined ? undefined : { method: options.method });
  if (!(test.pValue < alpha)) return { ...test, anomaly: null };
  const last = current[current.length - 1] as MetricSample;
  const baseline = median(before);
  const observed = median(after);
  const timestamp = canonicalTimestamp(last.timestamp);
  const id =
    options.eventId?.(last) ??
    contentId("distribution_shift", [
      options.sourceModule,
      options.metric,
      canonicalTimestamp((reference[0] as MetricSample).timestamp),
      canonicalTimestamp((current[0] as MetricSample).timestamp),
      timestamp,
    ]);
  return {
    ...test,
    anomaly: {
      event_id: id,
      source_module: options.sourceModule,
      anomaly_type: "distribution_shift",
      anomaly_score: 1 - test.pValue,
      baseline,
      observed,
      deviation: observed - baseline,
      timestamp,
      metric: options.metric,
    },
  };
}
