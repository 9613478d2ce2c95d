/**
 * The reliability table of root_cause.confidence, shared by the suites' runners and
 * eval/calibrate.ts: stated confidence against observed accuracy per confidence decile, with the
 * accuracy each decile would show by chance if its stated confidences were exact.
 */
import { Prng } from "./prng.js";

/** A reported incident's stated root confidence and whether its root was right. */
export interface Scored {
  readonly confidence: number;
  readonly correct: boolean;
}

/**
 * One confidence decile: `d` in 0–9 (0.9–1.0 holds 1.0), its size, mean confidence and accuracy,
 * and [lo, hi], the central CHANCE_LEVEL range of the accuracy its incidents would show if each
 * were right with exactly its stated confidence (`calibratedRange`).
 */
export interface Decile {
  readonly d: number;
  readonly n: number;
  readonly mean: number;
  readonly acc: number;
  readonly lo: number;
  readonly hi: number;
}

/** Deciles holding fewer incidents than this are listed but not scored (one incident is 0 or 1). */
export const MIN_BIN = 5;

/** The coverage of the range a decile's accuracy falls in by chance: the conventional 95 %. */
export const CHANCE_LEVEL = 0.95;

/**
 * The distribution of how many of independent trials succeed, trial i with probability ps[i]
 * (the Poisson binomial distribution), by convolving one trial at a time: pmf[k] for k = 0…n.
 */
export function poissonBinomial(ps: readonly number[]): number[] {
  let pmf = [1];
  for (const p of ps) {
    const next = new Array<number>(pmf.length + 1).fill(0);
    for (const [k, q] of pmf.entries()) {
      next[k] = (next[k] as number) + q * (1 - p);
      next[k + 1] = (next[k + 1] as number) + q * p;
    }
    pmf = next;
  }
  return pmf;
}

/**
 * The central `level` range of the share of right roots among incidents stated `ps`, if each is
 * right with exactly its stated confidence: the α/2 and 1 − α/2 quantiles (α = 1 − level; the
 * smallest k whose cumulative probability reaches each) of the Poisson binomial, over n.
 */
export function calibratedRange(ps: readonly number[], level = CHANCE_LEVEL): readonly [number, number] {
  if (ps.length === 0) return [0, 0];
  const pmf = poissonBinomial(ps);
  const quantile = (q: number) => {
    let cdf = 0;
    for (const [k, p] of pmf.entries()) {
      cdf += p;
      if (cdf >= q - 1e-12) return k;
    }
    return ps.length;
  };
  const tail = (1 - level) / 2;
  return [quantile(tail) / ps.length, quantile(1 - tail) / ps.length];
}

const decileOf = (confidence: number) => Math.min(9, Math.floor(confidence * 10));

/** The ten confidence deciles of `scored` (empty ones with n 0); `ranged` false leaves lo = hi = 0. */
function binned(scored: readonly Scored[], ranged: boolean): Decile[] {
  return Array.from({ length: 10 }, (_, d) => {
    const inBin = scored.filter((p) => decileOf(p.confidence) === d);
    const mean = inBin.reduce((s, p) => s + p.confidence, 0) / Math.max(1, inBin.length);
    const acc = inBin.filter((p) => p.correct).length / Math.max(1, inBin.length);
    const [lo, hi] = ranged ? calibratedRange(inBin.map((p) => p.confidence)) : [0, 0];
    return { d, n: inBin.length, mean, acc, lo, hi };
  });
}

/** The ten confidence deciles of `scored` (empty ones with n 0), each with its chance range. */
export function reliabilityDeciles(scored: readonly Scored[]): Decile[] {
  return binned(scored, true);
}

/** The largest |mean confidence − accuracy| over deciles of at least MIN_BIN incidents (0 if none). */
export function largestGap(deciles: readonly Decile[]): number {
  return Math.max(0, ...deciles.filter((b) => b.n >= MIN_BIN).map((b) => Math.abs(b.mean - b.acc)));
}

/**
 * How often the largest decile gap (`largestGap`) would reach `observed` by chance alone: the
 * share of `draws` replays of `scored` in which each incident is right with exactly its stated
 * confidence (Monte Carlo, the evaluation's seeded Prng, so the runners print the same number
 * each run). A per-draw gap that chance reaches often is sampling, not miscalibration
 * (docs/correlation.md, "Round twenty-two: how much of a draw's gap is chance").
 */
export function chanceOfGap(scored: readonly Scored[], observed: number, draws = 2000, seed = 1): number {
  const rng = new Prng(seed);
  let reached = 0;
  for (let i = 0; i < draws; i++) {
    const replay = scored.map((p) => ({ confidence: p.confidence, correct: rng.next() < p.confidence }));
    if (largestGap(binned(replay, false)) >= observed - 1e-12) reached++;
  }
  return reached / draws;
}

/**
 * The markdown table of the non-empty deciles, under a title line; with `scored`, a line under
 * it saying how many deciles fall outside their chance range and how often chance alone reaches
 * the largest gap.
 */
export function printReliability(title: string, deciles: readonly Decile[], scored?: readonly Scored[]): void {
  const pct = Math.round(CHANCE_LEVEL * 100);
  console.log(`\n${title}\n`);
  console.log(
    `| confidence | incidents | mean confidence | observed accuracy | gap | accuracy ${pct} % of draws would show if the confidences were exact |`,
  );
  console.log("| --- | --- | --- | --- | --- | --- |");
  for (const b of deciles)
    if (b.n > 0)
      console.log(
        `| ${(b.d / 10).toFixed(1)}–${((b.d + 1) / 10).toFixed(1)} | ${b.n} | ${b.mean.toFixed(3)} | ${b.acc.toFixed(3)} | ${Math.abs(b.mean - b.acc).toFixed(3)} | ${b.lo.toFixed(2)}–${b.hi.toFixed(2)}${b.acc < b.lo || b.acc > b.hi ? " (outside)" : ""} |`,
      );
  if (scored === undefined) return;
  const filled = deciles.filter((b) => b.n > 0);
  const outside = filled.filter((b) => b.acc < b.lo || b.acc > b.hi).length;
  const gap = largestGap(deciles);
  console.log(
    `\n${outside} of ${filled.length} deciles outside the range; a largest gap (deciles of ≥ ${MIN_BIN}) of ${gap.toFixed(3)} or more would occur by chance in ${(100 * chanceOfGap(scored, gap)).toFixed(0)} % of draws of these incidents with exact confidences.`,
  );
}
