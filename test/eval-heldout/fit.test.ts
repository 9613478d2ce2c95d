import { describe, expect, it } from "vitest";
import { generatorOf } from "../../eval/dump.js";
import {
  FEATURES,
  firstSplit,
  fitConfidence,
  fitLogistic,
  fitLogisticCv,
  fitPlatt,
  groupedLoss,
  LAMBDA_GRID,
  leaveGroupOut,
  logit,
  type Outcome,
  plattModel,
  zeroModel,
} from "../../eval/fit.js";
import type { LogisticModel } from "../../src/correlation/incidents/confidence.js";
import { incidentEvidenceOf, logistic, rootEvidenceOf } from "../../src/correlation/incidents/confidence.js";

const lg = (p: number) => Math.log(p / (1 - p));

describe("fitPlatt (eval/fit.ts, the recalibration step of eval/calibrate.ts)", () => {
  it("reproduces the observed frequencies at two logits (the saturated design's closed-form MLE)", () => {
    // At two distinct logits the maximum-likelihood σ(a + b·η) passes through the observed
    // frequencies exactly: b = (logit p₂ − logit p₁)/(η₂ − η₁), a = logit p₁ − b·η₁.
    const examples = [
      ...Array.from({ length: 10 }, (_, i) => ({ eta: -1, y: i < 3 ? 1 : 0 })), // p₁ = 0.3
      ...Array.from({ length: 20 }, (_, i) => ({ eta: 2, y: i < 16 ? 1 : 0 })), // p₂ = 0.8
    ];
    const b = (lg(0.8) - lg(0.3)) / 3;
    const a = lg(0.3) + b;
    const fit = fitPlatt(examples);
    expect(fit.b).toBeCloseTo(b, 8);
    expect(fit.a).toBeCloseTo(a, 8);
  });

  it("shrinks an overconfident logit: outcomes right half the time at η = ±4 give b = 0", () => {
    const examples = [-4, 4].flatMap((eta) => [
      { eta, y: 1 },
      { eta, y: 0 },
    ]);
    const fit = fitPlatt(examples);
    expect(fit.b).toBeCloseTo(0, 8);
    expect(fit.a).toBeCloseTo(0, 8);
  });
});

describe("plattModel", () => {
  it("folds σ(a + b·η) into the coefficients, clamping unchanged", () => {
    const m: LogisticModel<{ u: number; v: number }> = {
      intercept: 0.5,
      weights: { u: 1.5, v: -2 },
      ranges: { u: [0, 3], v: [-1, 1] },
    };
    const scaled = plattModel(m, { a: 0.25, b: 0.5 });
    for (const x of [
      { u: 0.2, v: 0.4 },
      { u: 5, v: -3 }, // beyond the ranges: both clamp the same way
    ]) {
      const want = 1 / (1 + Math.exp(-(0.25 + 0.5 * logit(m, x))));
      expect(logistic(scaled, x)).toBeCloseTo(want, 4);
    }
  });
});

describe("groupedLoss", () => {
  it("with one group per example is the leave-one-out log loss computed by hand", () => {
    const data = [0, 1, 2, 3, 4, 5].map((i) => ({ x: { u: i }, y: i % 2 === 0 ? 0 : 1 }));
    const template: LogisticModel<{ u: number }> = { intercept: 0, weights: { u: 0 }, ranges: { u: [0, 0] } };
    let want = 0;
    for (const [n, d] of data.entries()) {
      const m = fitLogistic(
        data.filter((_, k) => k !== n),
        template,
        3,
      );
      const q = logistic(m, d.x);
      want -= d.y * Math.log(q) + (1 - d.y) * Math.log(1 - q);
    }
    expect(groupedLoss(data, template, 3, (_, n) => String(n))).toBeCloseTo(want / data.length, 12);
  });
});

const sigma = (eta: number) => 1 / (1 + Math.exp(-eta));

describe("generatorOf (eval/dump.ts)", () => {
  it("reads the generator from the runners' draw tags (eval/run.ts `eval`, the others `NAME@SEED`)", () => {
    expect(["eval", "heldout@770413", "third@2026", "fourth@31337"].map(generatorOf)).toEqual([
      "eval",
      "heldout",
      "third",
      "fourth",
    ]);
  });
});

describe("firstSplit", () => {
  it("skips a grouping that leaves one group (nothing to fit on when it is left out)", () => {
    const data = ["a@1", "a@2", "a@3"];
    const chosen = firstSplit(data, [generatorOf, (d) => d]);
    expect(chosen?.("a@2")).toBe("a@2");
    expect(firstSplit(["a@1"], [generatorOf, (d) => d])).toBeUndefined();
  });
});

describe("weighted examples", () => {
  it("an example of weight 2 fits as that example twice (the likelihood counts it twice)", () => {
    const base = [0, 1, 2, 3, 4, 5, 6].map((u) => ({ x: { u }, y: [0, 0, 1, 0, 1, 1, 1][u] as number }));
    const twice = [...base, base[2] as (typeof base)[number], base[3] as (typeof base)[number]];
    const weighted = base.map((e, i) => ({ ...e, w: i === 2 || i === 3 ? 2 : 1 }));
    const template: LogisticModel<{ u: number }> = { intercept: 0, weights: { u: 0 }, ranges: { u: [0, 0] } };
    // λ near 0: the maximum-likelihood fit, the same whatever scale the features are standardized to.
    const a = fitLogistic(twice, template, 1e-9);
    const b = fitLogistic(weighted, template, 1e-9);
    expect(b.intercept).toBeCloseTo(a.intercept, 3);
    expect(b.weights.u).toBeCloseTo(a.weights.u, 3);
    const unweighted = fitLogistic(base, template, 1e-9);
    expect(Math.abs(unweighted.weights.u - a.weights.u)).toBeGreaterThan(0.01);
  });
});

describe("fitting by generator, on a constructed truth", () => {
  it("recovers a known logistic model from three generators that share it (λ by leaving one generator out)", () => {
    // Every generator draws its outcomes from σ(0.5 + 1.2u − 0.8v), the positives of each cell
    // set to the nearest count of 400·p, so a fit on any two predicts the third: the smallest λ
    // of the grid wins and the weights are the truth's, up to that rounding (≤ 0.5/400 in p).
    const truth = { b: 0.5, u: 1.2, v: -0.8 };
    const data = ["eval", "heldout@1", "third@2"].flatMap((g) =>
      [-1, 0, 1].flatMap((u) =>
        [0, 1].flatMap((v) => {
          const k = Math.round(400 * sigma(truth.b + truth.u * u + truth.v * v));
          return Array.from({ length: 400 }, (_, i) => ({ x: { u, v }, y: i < k ? 1 : 0, g }));
        }),
      ),
    );
    const template: LogisticModel<{ u: number; v: number }> = {
      intercept: 0,
      weights: { u: 0, v: 0 },
      ranges: { u: [0, 0], v: [0, 0] },
    };
    const fit = fitLogisticCv(data, template, (_, n) => generatorOf((data[n] as (typeof data)[number]).g));
    expect(fit.lambda).toBe(LAMBDA_GRID[0]);
    expect(fit.model.intercept).toBeCloseTo(truth.b, 1);
    expect(fit.model.weights.u).toBeCloseTo(truth.u, 1);
    expect(fit.model.weights.v).toBeCloseTo(truth.v, 1);
  });
});

/** A reported incident whose confidence features take the given values (confidence.ts `*EvidenceOf`; `early` in minutes). */
function incidentWith(f: { strength: number; windows: number; global: boolean; early: number }) {
  const onset = Date.parse("2025-01-01T12:00:00Z");
  return {
    series: [
      {
        onset: new Date(onset).toISOString(),
        model: f.global ? null : "m",
        peak_z: 5 * Math.exp(f.strength),
        first_window: new Date(onset + f.early * 60_000).toISOString(),
        anomalous_windows: f.windows,
      },
    ],
  };
}

interface Drawn extends Outcome {
  readonly generator: string;
}

/** The truth the generators below draw from: P(real) and P(root right | real) on the features' own scales. */
const TRUTH = {
  real: (strength: number, concurrent: number, windows: number) =>
    sigma(-1 + 3 * strength - 1.5 * concurrent + 0.8 * Math.log(windows)),
  root: (global: boolean, earlyMinutes: number) => sigma(1 + (global ? 1 : 0) - 0.5 * Math.log1p(earlyMinutes)),
};

/**
 * Outcomes of one generator on a grid of evidence, drawn from TRUTH, counts the nearest to n·p
 * per cell; `alwaysRight` makes every incident real with a right root instead.
 */
function generatorDays(generator: string, n: number, alwaysRight = false): Drawn[] {
  const out: Drawn[] = [];
  for (const strength of [0.2, 0.6, 1, 1.4])
    for (const concurrent of [0, 1])
      for (const windows of [1, 6])
        for (const global of [false, true])
          for (const early of [0, 10]) {
            const real = alwaysRight ? n : Math.round(n * TRUTH.real(strength, concurrent, windows));
            const right = alwaysRight ? n : Math.round(real * TRUTH.root(global, early));
            const incident = incidentWith({ strength, windows, global, early });
            const context = { threshold: 5, incidents: 1 + concurrent };
            for (let i = 0; i < n; i++)
              out.push({ incident, context, matched: i < real, correct: i < right, generator });
          }
  return out;
}

describe("FEATURES and zeroModel (eval/fit.ts)", () => {
  it("name the keys the evidence functions return, so a fit follows a feature change of confidence.ts", () => {
    const incident = incidentWith({ strength: 0.5, windows: 3, global: false, early: 2 });
    expect([...FEATURES.incident].sort()).toEqual(
      Object.keys(incidentEvidenceOf(incident, { threshold: 5, incidents: 1 })).sort(),
    );
    expect([...FEATURES.root].sort()).toEqual(Object.keys(rootEvidenceOf(incident)).sort());
    const zero = zeroModel<{ u: number; v: number }>(["u", "v"]);
    expect(logistic(zero, { u: 7, v: -3 })).toBe(0.5); // σ(0) whatever the evidence
  });
});

describe("fitConfidence and leaveGroupOut by generator, on a constructed truth", () => {
  const byGenerator = (o: Drawn) => o.generator;

  it("recovers both models when three generators share them", () => {
    const data = ["eval", "heldout", "fourth"].flatMap((g) => generatorDays(g, 60));
    const fit = fitConfidence(data, firstSplit(data, [byGenerator]));
    // Counts rounded to 60·p per cell move each cell's logit by up to ≈ 0.1: 0.2 on a weight whose
    // feature spans about 1 (strength 1.2, concurrent 1), less on wider ones (windows ln 6 ≈ 1.8,
    // early ln 11 ≈ 2.4).
    expect(Math.abs(fit.incident.intercept - -1)).toBeLessThan(0.2);
    expect(Math.abs(fit.incident.weights.strength - 3)).toBeLessThan(0.2);
    expect(Math.abs(fit.incident.weights.concurrent - -1.5)).toBeLessThan(0.2);
    expect(Math.abs(fit.incident.weights.windows - 0.8)).toBeLessThan(0.12);
    expect(Math.abs(fit.root.intercept - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.root.weights.global - 1)).toBeLessThan(0.2);
    expect(Math.abs(fit.root.weights.early - -0.5)).toBeLessThan(0.1);
  });

  it("states a generator left out what the others say, not its own outcomes", () => {
    // Two generators follow the truth; the third's incidents are all real with right roots. Left
    // out, the third is predicted by the truth the other two share (P real × P root | real).
    const data = [...generatorDays("heldout", 60), ...generatorDays("third", 60), ...generatorDays("odd", 30, true)];
    const out = leaveGroupOut(data, byGenerator, (train) => fitConfidence(train, firstSplit(train, [byGenerator])));
    let odd = 0;
    for (const [n, o] of data.entries()) {
      if (o.generator !== "odd") continue;
      odd++;
      const s = o.incident.series[0] as ReturnType<typeof incidentWith>["series"][number];
      const early = (Date.parse(s.first_window) - Date.parse(s.onset)) / 60_000;
      const want =
        TRUTH.real(Math.log(s.peak_z / 5), o.context.incidents - 1, s.anomalous_windows) *
        TRUTH.root(s.model === null, early);
      expect(Math.abs((out[n] as number) - want)).toBeLessThan(0.03);
    }
    expect(odd).toBe(64 * 30);
  });
});
