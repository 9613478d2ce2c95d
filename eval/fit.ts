/*
 * Fitting the confidence models of src/correlation/incidents/confidence.ts: logistic regression
 * by Newton–Raphson (IRLS) on standardized features with a ridge penalty λ·Σw² on the weights
 * (not the intercept), λ chosen by cross-validation of the log loss over a grid — leave one out,
 * or leave one group (a generator's draw) out (Hastie, Tibshirani & Friedman, *The Elements of
 * Statistical Learning*, §4.4.4 and §7.10) — and optionally Platt scaling of the fitted logit on
 * out-of-sample predictions (`fitPlatt`).
 * The fitted model keeps the range of each feature in the training data; `logistic` clamps a
 * feature into that range, so a day with evidence beyond anything fitted (a z of 10⁴, say) is not
 * extrapolated into a confidence of 1.
 */
import {
  type ConfidenceContext,
  confidencesOf,
  type IncidentEvidence,
  incidentEvidenceOf,
  type LogisticModel,
  logistic,
  type RootEvidence,
  rootEvidenceOf,
} from "../src/correlation/incidents/confidence.js";

export interface Example<F> {
  readonly x: F;
  readonly y: number;
  /** The example's weight in the likelihood and in the cross-validated loss (1 when absent). */
  readonly w?: number | undefined;
}

/** The ridge penalties cross-validation chooses from. */
export const LAMBDA_GRID = Object.freeze([0.3, 1, 3, 10, 30, 100, 300, 1000]);

/** Logistic regression with ridge penalty `lambda` on the standardized weights. */
export function fitLogistic<F extends object>(
  data: readonly Example<F>[],
  template: LogisticModel<F>,
  lambda: number,
): LogisticModel<F> {
  const keys = Object.keys(template.weights) as (keyof F)[];
  const value = (x: F, k: keyof F): number => x[k] as number;
  const mean = keys.map((k) => data.reduce((s, d) => s + value(d.x, k), 0) / Math.max(1, data.length));
  const sd = keys.map((k, i) => {
    const v = data.reduce((s, d) => s + (value(d.x, k) - (mean[i] as number)) ** 2, 0) / Math.max(1, data.length);
    return Math.sqrt(v);
  });
  // Features without spread in the data carry no evidence: weight 0.
  const used = keys.map((_, i) => (sd[i] as number) > 1e-12);
  const p = keys.length + 1;
  let beta = new Array<number>(p).fill(0);
  const row = (x: F) => [
    1,
    ...keys.map((k, i) => (used[i] ? (value(x, k) - (mean[i] as number)) / (sd[i] as number) : 0)),
  ];
  const rows = data.map((d) => row(d.x));
  for (let iter = 0; iter < 100; iter++) {
    const g = new Array<number>(p).fill(0);
    const h = Array.from({ length: p }, () => new Array<number>(p).fill(0));
    for (const [n, d] of data.entries()) {
      const r = rows[n] as number[];
      const eta = r.reduce((s, v, i) => s + v * (beta[i] as number), 0);
      const mu = 1 / (1 + Math.exp(-eta));
      const c = d.w ?? 1;
      const w = c * mu * (1 - mu);
      for (let i = 0; i < p; i++) {
        g[i] = (g[i] as number) + c * (d.y - mu) * (r[i] as number);
        for (let j = 0; j < p; j++) h[i]![j] = (h[i]![j] as number) + w * (r[i] as number) * (r[j] as number);
      }
    }
    for (let i = 1; i < p; i++) {
      g[i] = (g[i] as number) - lambda * (beta[i] as number);
      h[i]![i] = (h[i]![i] as number) + lambda;
    }
    const step = solve(h, g);
    beta = beta.map((b, i) => b + (step[i] as number));
    if (step.every((s) => Math.abs(s) < 1e-10)) break;
  }
  // Back to the raw feature scale.
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  let intercept = beta[0] as number;
  const weights: Record<string, number> = {};
  const ranges: Record<string, readonly [number, number]> = {};
  for (const [i, k] of keys.entries()) {
    const w = used[i] ? (beta[i + 1] as number) / (sd[i] as number) : 0;
    intercept -= w * (mean[i] as number);
    weights[k as string] = w;
    const xs = data.map((d) => value(d.x, k));
    ranges[k as string] = [round(Math.min(...xs)), round(Math.max(...xs))];
  }
  for (const k of Object.keys(weights)) weights[k] = round(weights[k] as number);
  return { intercept: round(intercept), weights, ranges } as unknown as LogisticModel<F>;
}

/**
 * Mean log loss of leaving each group out in turn, every example predicted by a model fitted on
 * the other groups (probabilities clipped to [1e-6, 1 − 1e-6]; weighted by the examples' `w`). With one group per example this
 * is leave-one-out; with one group per draw of a generator it measures how the fit carries to a
 * draw it never saw.
 */
export function groupedLoss<F extends object>(
  data: readonly Example<F>[],
  template: LogisticModel<F>,
  lambda: number,
  groupOf: (e: Example<F>, n: number) => string,
): number {
  const groups = data.map(groupOf);
  let loss = 0;
  let total = 0;
  for (const g of new Set(groups)) {
    const model = fitLogistic(
      data.filter((_, m) => groups[m] !== g),
      template,
      lambda,
    );
    for (const [n, d] of data.entries()) {
      if (groups[n] !== g) continue;
      const q = Math.min(1 - 1e-6, Math.max(1e-6, logistic(model, d.x)));
      loss -= (d.w ?? 1) * (d.y * Math.log(q) + (1 - d.y) * Math.log(1 - q));
      total += d.w ?? 1;
    }
  }
  return loss / (total > 0 ? total : 1);
}

/**
 * The fit at the λ of LAMBDA_GRID with the smallest cross-validated log loss (the larger λ on
 * ties): leave one group out when `groupOf` is given (at least two groups), else leave one out.
 */
export function fitLogisticCv<F extends object>(
  data: readonly Example<F>[],
  template: LogisticModel<F>,
  groupOf?: (e: Example<F>, n: number) => string,
): { model: LogisticModel<F>; lambda: number; loss: number } {
  const by = groupOf ?? ((_: Example<F>, n: number) => String(n));
  let best = { lambda: LAMBDA_GRID[LAMBDA_GRID.length - 1] as number, loss: Number.POSITIVE_INFINITY };
  for (const lambda of [...LAMBDA_GRID].reverse()) {
    const loss = groupedLoss(data, template, lambda, by);
    if (loss < best.loss - 1e-9) best = { lambda, loss };
  }
  return { model: fitLogistic(data, template, best.lambda), ...best };
}

/** The logit of a model's probability, η = b₀ + Σ bᵢ·clamp(xᵢ). */
export function logit<F extends object>(model: LogisticModel<F>, x: F): number {
  const q = logistic(model, x);
  return Math.log(q / (1 - q));
}

/**
 * Platt scaling (Platt 1999; Niculescu-Mizil & Caruana, ICML 2005): the outcome regressed on the
 * logit η of predictions made out of sample, p = σ(a + b·η), by unpenalized logistic regression.
 * b < 1 shrinks an overconfident model's logit toward a; b = 1, a = 0 leaves it as it is.
 * Newton–Raphson from (0, 1) with step halving.
 */
export function fitPlatt(examples: readonly { readonly eta: number; readonly y: number }[]): { a: number; b: number } {
  const logLik = (a: number, b: number) =>
    examples.reduce((s, e) => {
      const z = a + b * e.eta;
      // log σ(z) = −log(1 + e^−z), computed stably.
      const logSig = (t: number) => (t >= 0 ? -Math.log1p(Math.exp(-t)) : t - Math.log1p(Math.exp(t)));
      return s + (e.y === 1 ? logSig(z) : logSig(-z));
    }, 0);
  let a = 0;
  let b = 1;
  for (let iter = 0; iter < 200; iter++) {
    let ga = 0;
    let gb = 0;
    let haa = 1e-9;
    let hab = 0;
    let hbb = 1e-9;
    for (const e of examples) {
      const mu = 1 / (1 + Math.exp(-(a + b * e.eta)));
      const w = mu * (1 - mu);
      ga += e.y - mu;
      gb += (e.y - mu) * e.eta;
      haa += w;
      hab += w * e.eta;
      hbb += w * e.eta * e.eta;
    }
    const det = haa * hbb - hab * hab;
    if (Math.abs(det) < 1e-12) break;
    let da = (hbb * ga - hab * gb) / det;
    let db = (haa * gb - hab * ga) / det;
    // Newton's step, halved until the likelihood does not fall (a full step can overshoot far
    // from the optimum).
    const before = logLik(a, b);
    for (let h = 0; h < 30 && logLik(a + da, b + db) < before - 1e-12; h++) {
      da /= 2;
      db /= 2;
    }
    a += da;
    b += db;
    if (Math.abs(da) < 1e-10 && Math.abs(db) < 1e-10) break;
  }
  return { a, b };
}

/** The model whose probability is σ(a + b·η(x)): the same features, weights scaled by b. */
export function plattModel<F extends object>(
  model: LogisticModel<F>,
  { a, b }: { a: number; b: number },
): LogisticModel<F> {
  const round = (x: number) => Math.round(x * 1e4) / 1e4;
  const weights: Record<string, number> = {};
  for (const [k, w] of Object.entries(model.weights)) weights[k] = round(b * (w as number));
  return { ...model, intercept: round(a + b * model.intercept), weights } as unknown as LogisticModel<F>;
}

function solve(a: number[][], b: number[]): number[] {
  const n = b.length;
  const m = a.map((r, i) => [...r, b[i] as number]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[piv]![c]!)) piv = r;
    [m[c], m[piv]] = [m[piv]!, m[c]!];
    const d = m[c]![c]!;
    if (Math.abs(d) < 1e-12) continue;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / d;
      for (let k = c; k <= n; k++) m[r]![k] = m[r]![k]! - f * m[c]![k]!;
    }
  }
  return m.map((r, i) => (Math.abs(r[i]!) < 1e-12 ? 0 : r[n]! / r[i]!));
}

/** One reported incident as the confidence fit reads it: its findings, the analysis around it, its outcome. */
export interface Outcome {
  readonly incident: { readonly series: readonly Parameters<typeof rootEvidenceOf>[0]["series"][number][] };
  readonly context: ConfidenceContext;
  /** The incident matches an injected fault. */
  readonly matched: boolean;
  /** The root is right (a false incident's root is wrong). */
  readonly correct: boolean;
  /** Its weight in both fits (1 when absent; eval/calibrate.ts can weigh generators equally). */
  readonly weight?: number | undefined;
}

/**
 * The features each model of confidence.ts reads, by name: the keys its evidence function returns
 * (on any incident; here a one-series probe), so a fit after a feature change of confidence.ts
 * starts from the new features, not from the keys of the coefficients in place.
 */
export const FEATURES: {
  readonly incident: readonly (keyof IncidentEvidence)[];
  readonly root: readonly (keyof RootEvidence)[];
} = (() => {
  const probe = { onset: "2025-01-01T00:00:00Z", model: null, peak_z: 1, first_window: "2025-01-01T00:00:00Z" };
  const incident = { series: [{ ...probe, anomalous_windows: 1 }] };
  return Object.freeze({
    incident: Object.keys(incidentEvidenceOf(incident, { threshold: 1, incidents: 1 })) as (keyof IncidentEvidence)[],
    root: Object.keys(rootEvidenceOf(incident)) as (keyof RootEvidence)[],
  });
})();

/** A model over `keys` with every coefficient 0: the template a fit reads the features from. */
export function zeroModel<F extends object>(keys: readonly (keyof F)[]): LogisticModel<F> {
  return {
    intercept: 0,
    weights: Object.fromEntries(keys.map((k) => [k, 0])),
    ranges: Object.fromEntries(keys.map((k) => [k, [0, 0] as const])),
  } as unknown as LogisticModel<F>;
}

export interface ConfidenceFit {
  readonly incident: LogisticModel<IncidentEvidence>;
  readonly root: LogisticModel<RootEvidence>;
  readonly lambdas: { readonly incident: number; readonly root: number };
}

/**
 * Both confidence models of confidence.ts: P(real) on every reported incident (outcome: it
 * matches an injection), P(root right | real) on the real ones only (outcome: the root is right);
 * each by `fitLogisticCv`, λ by leaving one group out when `groupOf` is given (a draw), else one
 * example. The stated root confidence is their product (`confidencesOf`).
 */
export function fitConfidence<O extends Outcome>(data: readonly O[], groupOf?: (o: O) => string): ConfidenceFit {
  const by = <F>(rows: readonly O[]) =>
    groupOf === undefined ? undefined : (_: Example<F>, n: number) => groupOf(rows[n] as O);
  const real = data.filter((o) => o.matched);
  const incident = fitLogisticCv(
    data.map((o) => ({ x: incidentEvidenceOf(o.incident, o.context), y: o.matched ? 1 : 0, w: o.weight })),
    zeroModel<IncidentEvidence>(FEATURES.incident),
    by<IncidentEvidence>(data),
  );
  const root = fitLogisticCv(
    real.map((o) => ({ x: rootEvidenceOf(o.incident, o.context), y: o.correct ? 1 : 0, w: o.weight })),
    zeroModel<RootEvidence>(FEATURES.root),
    by<RootEvidence>(real),
  );
  return {
    incident: incident.model,
    root: root.model,
    lambdas: { incident: incident.lambda, root: root.lambda },
  };
}

/** The root confidence a fit states for an outcome: P(real) × P(root right | real). */
export function rootConfidence(fit: ConfidenceFit, o: Outcome): number {
  return confidencesOf(o.incident, o.context, fit).root;
}

/**
 * The first of `groupings` that splits `data` into at least two groups (a fit by leaving one
 * group out needs one to leave out and one to fit on), or undefined when none does.
 */
export function firstSplit<O>(
  data: readonly O[],
  groupings: readonly ((o: O) => string)[],
): ((o: O) => string) | undefined {
  return groupings.find((g) => new Set(data.map(g)).size >= 2);
}

/**
 * Each outcome's root confidence stated by a fit that never saw its group: the procedure `fitOn`
 * run on the other groups, for each group in turn. With a draw as the group it measures how a
 * fit carries to unseen days of generators it knows; with a generator (eval/dump.ts
 * `generatorOf`), to days written by an emitter it never saw, which is what the hidden days are.
 */
export function leaveGroupOut<O extends Outcome>(
  data: readonly O[],
  groupOf: (o: O) => string,
  fitOn: (train: readonly O[]) => ConfidenceFit,
): number[] {
  const out = new Array<number>(data.length).fill(Number.NaN);
  for (const g of new Set(data.map(groupOf))) {
    const fitted = fitOn(data.filter((o) => groupOf(o) !== g));
    for (const [n, o] of data.entries()) if (groupOf(o) === g) out[n] = rootConfidence(fitted, o);
  }
  return out;
}
