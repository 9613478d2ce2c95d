/*
 * Confidence as a probability: logistic models over the evidence of an incident, fitted on every
 * incident the evaluation suites report on several draws (eval/ and eval/heldout/ at several
 * seeds; `npm run eval:calibrate`, eval/calibrate.ts, ridge λ chosen by leave-one-draw-out). The
 * features are documented with each model; the coefficients below are the fit's output, written
 * by that script, never tuned by hand.
 */

/** Evidence about the root of an incident. */
export interface RootEvidence {
  /** Series in the incident (capped at 6). */
  readonly series: number;
  /** Minutes from the root's onset to the next series' onset (capped at 30; 30 when alone). */
  readonly leadMinutes: number;
  /** 1 when the root was chosen among series whose onsets tie (within the tie tolerance). */
  readonly tie: number;
  /** 1 when some later series of the incident is an effect of the root in the relation table. */
  readonly explains: number;
  /** 1 when parent_event_id or correlation_id link the root's events to the effects'. */
  readonly idLinks: number;
  /** ln(peak |z| of the root / threshold). */
  readonly strength: number;
  /** ln(1 + observations per window of the root series around the onset). */
  readonly density: number;
  /** ln(anomalous windows of the root series); 0 for one window or a root under the threshold. */
  readonly windows: number;
  /** Models in the incident beyond the first (capped at 3): a change seen on several models at once. */
  readonly models: number;
  /** 1 when the root is a request-rate (throughput) series: a rate moves with traffic as well as with faults. */
  readonly rate: number;
  /** 1 when the root is a signal over all events (security, governance, budgets), not one model's. */
  readonly global: number;
  /** 1 when the root stayed under the threshold and was named on request-level evidence alone. */
  readonly sub: number;
}

/** Evidence that an incident is real. */
export interface IncidentEvidence {
  readonly series: number;
  /** Anomalous windows in the incident. */
  readonly windows: number;
  /** ln(peak |z| / threshold). */
  readonly strength: number;
  /** 1 when the incident is on a signal over all events (security, governance) only. */
  readonly globalOnly: number;
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
/** Fitted by eval/calibrate.ts on whether the root is right, over 192 reported incidents (50 of eval, 44 of heldout@770413, 54 of heldout@991, 44 of heldout@4242); ridge λ = 10, chosen by leave-one-draw-out log loss. */
export const ROOT_CONFIDENCE_MODEL: LogisticModel<RootEvidence> = Object.freeze({
  intercept: 2.6252,
  weights: Object.freeze({
    series: -0.231,
    leadMinutes: -0.0438,
    tie: 0.4762,
    explains: 0.0269,
    idLinks: -0.5225,
    strength: 1.1159,
    density: -0.4843,
    windows: 0.0931,
    models: 0.5325,
    rate: -0.012,
    global: 0.9329,
    sub: 1.769,
  }),
  ranges: Object.freeze({
    series: [1, 6] as const,
    leadMinutes: [0, 30] as const,
    tie: [0, 1] as const,
    explains: [0, 1] as const,
    idLinks: [0, 1] as const,
    strength: [0, 2.3521] as const,
    density: [0, 7.2385] as const,
    windows: [0, 4.9345] as const,
    models: [0, 3] as const,
    rate: [0, 1] as const,
    global: [0, 1] as const,
    sub: [0, 1] as const,
  }),
});

/** Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same incidents; ridge λ = 3, chosen by leave-one-draw-out log loss. */
export const INCIDENT_CONFIDENCE_MODEL: LogisticModel<IncidentEvidence> = Object.freeze({
  intercept: 0.0272,
  weights: Object.freeze({
    series: 0.3244,
    windows: 0.0859,
    strength: 1.6448,
    globalOnly: 1.2092,
  }),
  ranges: Object.freeze({
    series: [1, 6] as const,
    windows: [1, 20] as const,
    strength: [0.0527, 2.3521] as const,
    globalOnly: [0, 1] as const,
  }),
});
// END fitted models

interface SeriesLike {
  readonly onset: string;
  readonly signal: string;
  readonly model: string | null;
  readonly peak_z: number;
  readonly anomalous_windows: number;
  readonly onset_window_count: number;
  readonly series_id: string;
}
interface EvidenceLike {
  readonly from_series: string;
  readonly kind: "causal" | "related";
  readonly id_links: number;
}

/** Onsets closer than this are a tie: a minute, or a fifth of the window when windows are wider. */
export function tieToleranceMs(windowMs: number): number {
  return Math.max(60_000, windowMs / 5);
}

/**
 * The root evidence of an incident, from its findings alone (series in onset order with the
 * root first, and the evidence), so the evaluation can refit the model on results.
 */
export function rootEvidenceOf(
  incident: { readonly series: readonly SeriesLike[]; readonly evidence: readonly EvidenceLike[] },
  threshold: number,
  windowMs: number,
): RootEvidence {
  const [root, ...others] = incident.series;
  if (root === undefined) throw new RangeError("rootEvidenceOf: the incident has no series");
  const t = Date.parse(root.onset);
  const gaps = others.map((s) => Date.parse(s.onset) - t);
  const lead = others.length === 0 ? 30 : Math.min(30, Math.max(0, Math.min(...gaps) / 60_000));
  const models = new Set(incident.series.map((s) => s.model).filter((m) => m !== null));
  return {
    series: Math.min(incident.series.length, 6),
    leadMinutes: lead,
    tie: gaps.some((g) => g <= tieToleranceMs(windowMs)) ? 1 : 0,
    explains: incident.evidence.some((e) => e.from_series === root.series_id && e.kind === "causal") ? 1 : 0,
    idLinks: incident.evidence.some((e) => e.from_series === root.series_id && e.id_links > 0) ? 1 : 0,
    strength: Math.log(Math.max(Math.abs(root.peak_z), threshold) / threshold),
    density: Math.log(1 + root.onset_window_count),
    windows: Math.log(Math.max(1, root.anomalous_windows)),
    models: Math.min(3, Math.max(0, models.size - 1)),
    rate: root.signal === "throughput" ? 1 : 0,
    global: root.model === null ? 1 : 0,
    sub: root.anomalous_windows === 0 ? 1 : 0,
  };
}

/** The evidence that an incident is real, from its findings alone. */
export function incidentEvidenceOf(
  incident: { readonly series: readonly SeriesLike[] },
  threshold: number,
): IncidentEvidence {
  let windows = 0;
  let peak = 0;
  for (const s of incident.series) {
    windows += s.anomalous_windows;
    peak = Math.max(peak, Math.abs(s.peak_z));
  }
  return {
    series: incident.series.length,
    windows: Math.min(windows, 20),
    strength: Math.log(Math.max(peak, threshold) / threshold),
    globalOnly: incident.series.every((s) => s.model === null) ? 1 : 0,
  };
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
