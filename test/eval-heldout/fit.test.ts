import { describe, expect, it } from "vitest";
import { fitLogistic, fitPlatt, groupedLoss, logit, plattModel } from "../../eval/fit.js";
import type { LogisticModel } from "../../src/correlation/incidents/confidence.js";
import { logistic } from "../../src/correlation/incidents/confidence.js";

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
