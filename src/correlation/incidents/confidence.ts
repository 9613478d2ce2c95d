/*
 * Confidence as a probability: logistic models over the evidence of an incident, fitted on every
 * incident the four evaluation suites report on the draws a round measures on (eval/,
 * eval/heldout/, eval/third/, eval/fourth/; since round twenty-seven the twenty draws that round
 * measured on, `npx tsx eval/calibrate.ts --from DIR/*.json --write`; ridge λ chosen by
 * leave-one-generator-out log loss). The features are documented with each model; the
 * coefficients below are the fit's output, written by that script, never tuned by hand.
 */

import { toEpochMillis } from "../../core/timestamp.js";

/**
 * Evidence that the root is right, given that the incident is real: P(root right | real). The
 * confidence of a root is P(incident real) × this (`confidencesOf`), so it never exceeds the
 * incident's and a doubtful incident cannot carry a confident root.
 */
export interface RootEvidence {
  /**
   * ln(1 + the minutes by which the root's onset precedes the start of its first anomalous
   * window; 0 when it falls inside it; minutes capped at 30): the change point was placed before
   * any window crossed the threshold, as on a slow ramp, where the start of a drift is least
   * certain. On a log scale because the first minutes say the most: a weight linear in minutes,
   * fitted on generators whose drifts are rare, states almost nothing for the 20–30 min leads of
   * a generator where slow drifts are common and mostly rooted right.
   */
  readonly early: number;
  /** 1 when the root is a signal over all events (security, governance, budgets), not one model's. */
  readonly global: number;
  /**
   * 1 when the root is one model's series, the posterior of the change time it was dated by
   * places its event outside the change's first five minutes more likely than not (`onset_mass` <
   * ONSET_MASS_EVEN; 0 without a mass), and that posterior does not lie before the root (`ramp`
   * 0). A root is right when its event lies in the change's first five minutes, and the mass is
   * that probability under the series' own change model. The class it was added for (round
   * twenty-seven, cal27): a hard stop, where no request comes after the stop and the root is the
   * last request before it (mass near 0), stated like any strong incident because a silence's z
   * is far beyond the threshold. A signal over all events (`global`) is left out: its events are
   * the attack's or the cascade's own, right whatever the dating's mass (round twenty-four,
   * iso24). A ramp's root is left out too (round twenty-eight, cal28): a gradual change's start
   * is spread over its credible interval, which ends at the root (the onset of a drift is the
   * interval's end), so five minutes of it hold little mass even when the root is right; `ramp`
   * states that class. A root moved off the posterior that dated it counts too (round
   * twenty-nine, cal29): a step's root (its plausible range given, `onset_interval`) without a
   * mass is one a rule moved after the posterior dated the change (failures that are timeouts are
   * dated back by their run to when their requests began, analyze.ts, and their mass dropped), so
   * no posterior vouches for the moved event being among the change's first minutes; on round
   * twenty-nine's twenty draws all eight such real roots (error rates) were wrong. A fallback (no
   * range, no mass) says nothing, as before.
   */
  readonly outside: number;
  /**
   * 1 when the root is one model's series dated by a ramp's posterior: its onset interval (the
   * 90 % credible interval of a gradual change's start, `IncidentSeries.onset_interval`) begins
   * before the root's onset. Where a slow drift began is least certain, wherever the window that
   * first crossed the threshold lies (`early` reads that lead, not the kind of change).
   */
  readonly ramp: number;
  /**
   * ln(1 + the series the analysis flags anomalous in a window that joined no incident it
   * reports, `ConfidenceContext.strays`): the detector crossed its threshold on a series it then
   * explained as nothing, so the day's baseline is not clean — its noise reaches the threshold,
   * and the change that caused an incident may lie among the series left out of it, or the root
   * be noise that crossed first (round thirty-one, cal32; round thirty, cal31: real incidents'
   * roots right 87 % on days without such series, 74 % with). On a log scale: the first stray
   * series says the baseline is not clean; each further one says less (of the forms measured, any
   * such series and their windows per window of the day, only this lowered the out-of-sample
   * decile gap, Brier and log loss together).
   */
  readonly strays: number;
}

/** Evidence that an incident is real (matches a fault rather than noise): P(real). */
export interface IncidentEvidence {
  /**
   * ln(peak evidence z over the incident's series / threshold, `incidentPeakOf`): how far the
   * strongest window stands out. A silence (a throughput window without a request) counts at the
   * threshold (`evidenceZOf`).
   */
  readonly strength: number;
  /**
   * Other incidents the same analysis reports (capped at 3). Faults are rare and the threshold is
   * set for a few false alarms per many series-windows; when one analysis reports many incidents
   * at once, the input is noisier than the threshold assumes (or one upstream change was split
   * into several incidents, of which one holds the root), so each is less likely to be real.
   */
  readonly concurrent: number;
  /**
   * ln(windows the root's series stayed anomalous; at least 1): noise crosses the threshold for a
   * window or two, a fault holds over many. A root under the threshold (joined by its change
   * point, no window of its own flagged) counts as one window.
   */
  readonly windows: number;
  /**
   * Other incidents of the same analysis whose peak evidence (`incidentPeakOf`) is at least this
   * one's (capped at 3; 0 where the context gives no peers). Noise that crowds an analysis
   * crosses the threshold near it; a fault among that noise stands above it (round twenty-eight,
   * cal28: the strongest of a crowded day's incidents was stated like its weakest by `concurrent`
   * alone).
   */
  readonly outranked: number;
}

export interface LogisticModel<F> {
  readonly intercept: number;
  readonly weights: { readonly [K in keyof F]: number };
  /**
   * The range [min, max] of each feature in the data the model was fitted on: `logistic` clamps
   * a feature into it, so evidence beyond anything fitted is not extrapolated.
   */
  readonly ranges: { readonly [K in keyof F]: readonly [number, number] };
}

// BEGIN fitted models: written by `npm run eval:calibrate` (eval/calibrate.ts); do not edit by hand.
/** Fitted by eval/calibrate.ts on whether the root is right, over the 682 real incidents (matching an injection) among 790 reported (50 of eval, 38 of fourth@1212, 42 of fourth@2020, 35 of fourth@2727, 49 of fourth@3535, 38 of fourth@4096, 35 of fourth@6464, 36 of fourth@7171, 44 of fourth@9876, 46 of heldout@1729, 43 of heldout@3939, 46 of heldout@6543, 41 of heldout@8484, 43 of heldout@8642, 44 of heldout@9191, 31 of third@3030, 30 of third@5353, 33 of third@6868, 36 of third@8128, 30 of third@8765); ridge λ = 30, chosen by leave-one-generator-out log loss. */
export const ROOT_CONFIDENCE_MODEL: LogisticModel<RootEvidence> = Object.freeze({
  intercept: 2.1297,
  weights: Object.freeze({
    early: -0.3383,
    global: 0.2894,
    outside: -2.5975,
    ramp: -1.3362,
    strays: -0.4746,
  }),
  ranges: Object.freeze({
    early: [0, 3.434] as const,
    global: [0, 1] as const,
    outside: [0, 1] as const,
    ramp: [0, 1] as const,
    strays: [0, 2.7726] as const,
  }),
});

/** Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same 790 incidents; ridge λ = 3, chosen by leave-one-generator-out log loss. */
export const INCIDENT_CONFIDENCE_MODEL: LogisticModel<IncidentEvidence> = Object.freeze({
  intercept: 0.7949,
  weights: Object.freeze({
    strength: 1.6037,
    concurrent: -1.0497,
    windows: 0.9431,
    outranked: -1.1233,
  }),
  ranges: Object.freeze({
    strength: [0, 3.2604] as const,
    concurrent: [0, 3] as const,
    windows: [0, 5.0304] as const,
    outranked: [0, 3] as const,
  }),
});
// END fitted models

interface SeriesLike {
  readonly onset: string;
  readonly model: string | null;
  /** The posterior mass of the onset event in the change's first five minutes (null where none was computed). */
  readonly onset_mass?: number | null;
  /** A ramp's credible interval of its start, or a step's plausible range from its onset (null where not measured). */
  readonly onset_interval?: { readonly from: string; readonly to: string } | null;
  readonly signal?: string;
  /** The value of the series' peak window (0 for a throughput window without a request). */
  readonly peak?: number;
  readonly peak_z: number;
  readonly first_window: string;
  readonly anomalous_windows: number;
}

/** What the confidences read besides the incident's findings: the analysis around it. */
export interface ConfidenceContext {
  /** The detection threshold (|z|). */
  readonly threshold: number;
  /** Incidents the analysis reports in all, this one included. */
  readonly incidents: number;
  /** The peak evidence (`incidentPeakOf`) of each other incident the analysis reports (none when absent). */
  readonly peers?: readonly number[];
  /**
   * Series the analysis flags anomalous in a window that joined no incident it reports (its
   * anomalies with no `incident_id`, counted by series; 0 when absent).
   */
  readonly strays?: number;
}

/**
 * The `onset_mass` under which a root is more likely outside its change's first five minutes than
 * in them: even odds, not a fitted cut (the iso24 map of round twenty-four cut at 0.6, where the
 * twelve draws' accuracy by mass stepped).
 */
export const ONSET_MASS_EVEN = 0.5;

/** Onsets closer than this are a tie: a minute, or a fifth of the window when windows are wider. */
export function tieToleranceMs(windowMs: number): number {
  return Math.max(60_000, windowMs / 5);
}

/**
 * The evidence that the root is right, from the incident's findings (series in onset order, root
 * first) and the stray series of the analysis around it, so the evaluation can refit the model
 * on results.
 */
export function rootEvidenceOf(
  incident: { readonly series: readonly SeriesLike[] },
  context: Pick<ConfidenceContext, "strays"> = {},
): RootEvidence {
  const root = incident.series[0];
  if (root === undefined) throw new RangeError("rootEvidenceOf: the incident has no series");
  // core's reader, not Date.parse: a leap second (…:60.5Z) is an instant there and NaN here.
  const t = toEpochMillis(root.onset);
  return {
    early: Math.log1p(Math.min(30, Math.max(0, toEpochMillis(root.first_window) - t) / 60_000)),
    global: root.model === null ? 1 : 0,
    outside: outsideOf(root),
    ramp: rampOf(root),
    strays: Math.log1p(Math.max(0, context.strays ?? 0)),
  };
}

/** `RootEvidence.ramp`: a model's root dated by a posterior that lies before it (a ramp's start). */
function rampOf(root: SeriesLike): number {
  const interval = root.onset_interval;
  if (root.model === null || interval === null || interval === undefined) return 0;
  return toEpochMillis(interval.from) < toEpochMillis(root.onset) ? 1 : 0;
}

/**
 * `RootEvidence.outside`: the root's event more likely outside the change's first five minutes
 * than in them, or moved off the posterior that dated the change (a step's range without a mass).
 */
function outsideOf(root: SeriesLike): number {
  if (root.model === null || rampOf(root) === 1) return 0;
  const m = root.onset_mass;
  if (m === null || m === undefined) return root.onset_interval === null || root.onset_interval === undefined ? 0 : 1;
  return m < ONSET_MASS_EVEN ? 1 : 0;
}

/**
 * A series' evidence as a z: |peak_z|, but the threshold for a silence (its peak window a
 * throughput window without a request). A silence's z is the gap test's (analyze.ts
 * `longestGapBeyondOwn`), read from a tail fitted to a few of the model's longest gaps and
 * extrapolated far beyond them: it says the silence crossed the threshold, not by how much a
 * window's count did, and a lull of clustered traffic reaches −10 to −20 as a stop does.
 */
export function evidenceZOf(s: SeriesLike, threshold: number): number {
  if (s.signal === "throughput" && s.peak === 0) return threshold;
  return Math.abs(s.peak_z);
}

/** The strongest evidence z over an incident's series (`evidenceZOf`; 0 without series). */
export function incidentPeakOf(incident: { readonly series: readonly SeriesLike[] }, threshold: number): number {
  let peak = 0;
  for (const s of incident.series) peak = Math.max(peak, evidenceZOf(s, threshold));
  return peak;
}

/** The evidence that an incident is real, from its findings and the analysis around it. */
export function incidentEvidenceOf(
  incident: { readonly series: readonly SeriesLike[] },
  context: ConfidenceContext,
): IncidentEvidence {
  const { threshold, incidents, peers = [] } = context;
  if (!(threshold > 0) || !(incidents >= 1))
    throw new RangeError(`incidentEvidenceOf: wants threshold > 0 and incidents ≥ 1, got ${threshold}, ${incidents}`);
  const root = incident.series[0];
  if (root === undefined) throw new RangeError("incidentEvidenceOf: the incident has no series");
  const peak = incidentPeakOf(incident, threshold);
  return {
    strength: Math.log(Math.max(peak, threshold) / threshold),
    concurrent: Math.min(3, incidents - 1),
    windows: Math.log(Math.max(1, root.anomalous_windows)),
    outranked: Math.min(3, peers.filter((p) => Math.max(p, threshold) >= Math.max(peak, threshold)).length),
  };
}

/**
 * The two confidences of an incident: that it is real, σ(incident model), and that its root is
 * right, P(real) × σ(root model) (the root model is fitted on real incidents only).
 */
export function confidencesOf(
  incident: { readonly series: readonly SeriesLike[] },
  context: ConfidenceContext,
  models: {
    readonly incident: LogisticModel<IncidentEvidence>;
    readonly root: LogisticModel<RootEvidence>;
  } = { incident: INCIDENT_CONFIDENCE_MODEL, root: ROOT_CONFIDENCE_MODEL },
): { readonly incident: number; readonly root: number } {
  const real = logistic(models.incident, incidentEvidenceOf(incident, context));
  return { incident: real, root: real * logistic(models.root, rootEvidenceOf(incident, context)) };
}

/** σ(intercept + Σ weight·clamp(feature, range)), in (0, 1). */
export function logistic<F extends object>(model: LogisticModel<F>, features: F): number {
  let x = model.intercept;
  for (const key of Object.keys(model.weights) as (keyof F)[]) {
    const [lo, hi] = model.ranges[key];
    x += (model.weights[key] as number) * Math.min(hi, Math.max(lo, features[key] as number));
  }
  return 1 / (1 + Math.exp(-x));
}
