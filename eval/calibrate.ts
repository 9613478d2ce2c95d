/*
 * npm run eval:calibrate                 runs the four suites' runners on their draws (eval/;
 *                                        eval/heldout/, eval/third/, eval/fourth/ at each seed
 *                                        below), fits, prints, writes confidence.ts
 * npx tsx eval/calibrate.ts --heldout-seeds 770413,991 --third-seeds 424242 --fourth-seeds 31337,7
 *                           [--jobs 2] [--write]
 *                                        the draws to run and fit on (defaults below; an empty
 *                                        list, `--third-seeds ""`, runs none) and how many
 *                                        runners at once
 * npx tsx eval/calibrate.ts --from A B … fits on dumps already written (`--dump FILE` of any of
 *                                        the four runners); add --write to write the
 *                                        coefficients. A round's end, on the merged main's
 *                                        twelve dumps in DIR (then biome format confidence.ts):
 *                                        npx tsx eval/calibrate.ts --from DIR/*.json --write
 * … --group draw                         chooses λ by leaving one draw out (the procedure up to
 *                                        round seventeen) instead of one generator
 * … --equal-generators                   weighs every generator the same in the fit (each
 *                                        incident 1 / its generator's count, scaled to the total)
 * … --test C D                           also prints the reliability on dumps not fitted (a seed
 *                                        kept out), of the model in place and of the refit
 *
 * The one refit of the confidence models of src/correlation/incidents/confidence.ts, over every
 * incident the suites report on several draws of four generators written separately (eval/,
 * eval/heldout/, eval/third/, eval/fourth/; a dump's draw is tagged `eval` or `GENERATOR@SEED`,
 * eval/dump.ts). The stated root confidence is a product of two logistic models
 * (`confidencesOf`): P(incident real), fitted on every reported incident (outcome: it matches an
 * injection), and P(root right | real), fitted on the real ones (outcome: the root is right).
 * The hidden days come from generators nobody here has seen, so every choice is made out of
 * sample by GENERATOR: ridge logistic regression (eval/fit.ts) with λ chosen by
 * leave-one-generator-out log loss (fit on every generator's draws but one, score the one left
 * out; by draw when the data hold one generator). Leave-one-draw-out (`--group draw`) rewards
 * what the draws of one generator share. (Platt scaling was measured in the sixth round and not
 * kept: its (a, b) swung with the draw left out; `fitPlatt` stays in eval/fit.ts.)
 * It prints, out of sample: each generator predicted by the procedure run without it (per draw
 * and pooled: the reliability a generator nobody saw would get), each draw without it, and leave
 * one day out; then the coefficients in place, the procedure of rounds up to seventeen (eval/ and
 * eval/heldout/ only, λ by draw) and this one (all generators given, λ by generator) side by side,
 * each generator scored by a fit without it, and on how many draws the refit beats the
 * coefficients in place by the largest decile gap and by the Brier score (most draws by both is
 * the condition for writing it); what each feature says per generator, each
 * generator fitted alone, the leave-one-generator-out log loss with each feature left out, each
 * candidate feature added or swapped in, and the product confidence of the best-ranked feature
 * sets (largest decile gap, Brier and log loss; each feature left out, the day's stray anomalies
 * in either model and both); then, in sample, the reliability the runners will print once the coefficients are written.
 * With --write the block between the BEGIN/END markers of confidence.ts is replaced by the fitted
 * models: the coefficients are the fit's output, never edited by hand.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  INCIDENT_CONFIDENCE_MODEL,
  incidentEvidenceOf,
  incidentPeakOf,
  type LogisticModel,
  logistic,
  ROOT_CONFIDENCE_MODEL,
  rootEvidenceOf,
} from "../src/correlation/incidents/confidence.js";
import { type DumpedIncident, generatorOf } from "./dump.js";
import {
  type ConfidenceFit,
  type Example,
  FEATURES,
  firstSplit,
  fitConfidence,
  fitLogisticCv,
  leaveGroupOut,
  type Outcome,
  rootConfidence,
  zeroModel,
} from "./fit.js";
import { DEFAULT_SEED as FOURTH_SEED } from "./fourth/suite.js";
import { HELDOUT_SEED } from "./heldout/suite.js";
import { chanceOfGap, largestGap, MIN_BIN, printReliability, reliabilityDeciles, type Scored } from "./reliability.js";
import { DEFAULT_SEED as THIRD_SEED } from "./third/suite.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const value = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
const seedsOf = (flag: string, fallback: readonly number[]): number[] =>
  (value(flag) ?? fallback.join(","))
    .split(",")
    .filter((x) => x.trim() !== "")
    .map((x) => {
      const n = Number(x);
      if (!Number.isInteger(n)) throw new Error(`eval/calibrate: ${flag} wants integers, got ${JSON.stringify(x)}`);
      return n;
    });
/**
 * The draws run by default: the twelve the rounds measure on (eval/; the held-out generator at
 * seven seeds, the third and fourth at two each). Every generator is left out in turn when the
 * procedure is scored, so none needs to be kept out of the fit as a check.
 */
const heldoutSeeds = seedsOf("--heldout-seeds", [HELDOUT_SEED, 991, 4242, 5151, 6262, 7373, 9595]);
const thirdSeeds = seedsOf("--third-seeds", [THIRD_SEED, 2026]);
const fourthSeeds = seedsOf("--fourth-seeds", [FOURTH_SEED, 7]);
const jobs = Math.max(1, Number(value("--jobs") ?? 2));
const group = value("--group") ?? "generator";
const equalWeights = args.includes("--equal-generators");
if (group !== "generator" && group !== "draw")
  throw new Error(`eval/calibrate: --group wants generator or draw, got ${JSON.stringify(group)}`);
const CONFIDENCE_TS = new URL("../src/correlation/incidents/confidence.ts", import.meta.url);
/** The generators the fits of rounds up to seventeen saw (the comparison's "λ by draw, eval/ and eval/heldout/"). */
const FAMILY = ["eval", "heldout"];

function run(script: string, extra: readonly string[], dump: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", script, ...extra, "--quiet", "--dump", dump], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

/** Runs the tasks `jobs` at a time, results in order. */
async function pool<T>(tasks: readonly (() => Promise<T>)[]): Promise<T[]> {
  const out: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      out[i] = await (tasks[i] as () => Promise<T>)();
    }
  };
  await Promise.all(Array.from({ length: Math.min(jobs, tasks.length) }, worker));
  return out;
}

/** The file arguments after `flag`, up to the next flag. */
function filesAfter(flag: string): string[] {
  const at = args.indexOf(flag);
  const files: string[] = [];
  if (at < 0) return files;
  for (const a of args.slice(at + 1)) {
    if (a.startsWith("--")) break;
    files.push(a);
  }
  return files;
}
const readDumps = (files: readonly string[]) =>
  files.flatMap((f) => JSON.parse(readFileSync(f, "utf8")) as DumpedIncident[]);

async function dumps(): Promise<DumpedIncident[]> {
  if (args.includes("--from")) return readDumps(filesAfter("--from"));
  const dir = mkdtempSync(join(tmpdir(), "calibrate-"));
  const at = (script: string, name: string, seeds: readonly number[]) =>
    seeds.map((s) => ({ script, extra: ["--seed", String(s)], file: join(dir, `${name}-${s}.json`) }));
  const runs = [
    { script: "eval/run.ts", extra: [] as string[], file: join(dir, "eval.json") },
    ...at("eval/heldout/run.ts", "heldout", heldoutSeeds),
    ...at("eval/third/run.ts", "third", thirdSeeds),
    ...at("eval/fourth/run.ts", "fourth", fourthSeeds),
  ];
  console.log(
    `Running ${runs.map((r) => `${r.script} ${r.extra.join(" ")}`.trim()).join(", ")} (${jobs} at a time)…\n`,
  );
  // The runners' own tables state the confidence of the coefficients in place before this fit.
  const outs = await pool(runs.map((r) => () => run(r.script, r.extra, r.file)));
  console.log(outs.join("\n"));
  return readDumps(runs.map((r) => r.file));
}

interface Reliability {
  readonly n: number;
  readonly gap: number;
  readonly brier: number;
  readonly constant: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
}

function reliability(title: string, scored: readonly Scored[], print = true): Reliability {
  const deciles = reliabilityDeciles(scored);
  const worst = largestGap(deciles);
  if (print) printReliability(title, deciles, scored);
  const n = Math.max(1, scored.length);
  const brier = scored.reduce((s, p) => s + (p.confidence - (p.correct ? 1 : 0)) ** 2, 0) / n;
  const accuracy = scored.filter((p) => p.correct).length / n;
  const meanConfidence = scored.reduce((s, p) => s + p.confidence, 0) / n;
  if (print)
    console.log(
      `\nlargest gap (deciles of ≥ ${MIN_BIN}): ${worst.toFixed(3)}; mean confidence ${meanConfidence.toFixed(3)}, accuracy ${accuracy.toFixed(3)}; Brier score ${brier.toFixed(3)} (a constant at the observed accuracy scores ${(accuracy * (1 - accuracy)).toFixed(3)})`,
    );
  return { n: scored.length, gap: worst, brier, constant: accuracy * (1 - accuracy), meanConfidence, accuracy };
}

function modelText<F extends object>(name: string, type: string, model: LogisticModel<F>, note: string): string {
  const keys = Object.keys(model.weights) as (keyof F & string)[];
  const weights = keys.map((k) => `    ${k}: ${model.weights[k]},`).join("\n");
  const ranges = keys.map((k) => `    ${k}: [${model.ranges[k][0]}, ${model.ranges[k][1]}] as const,`).join("\n");
  return `/** ${note} */
export const ${name}: LogisticModel<${type}> = Object.freeze({
  intercept: ${model.intercept},
  weights: Object.freeze({
${weights}
  }),
  ranges: Object.freeze({
${ranges}
  }),
});
`;
}

interface Drawn extends Outcome {
  readonly dumped: DumpedIncident;
  readonly draw: string;
  readonly generator: string;
  readonly day: string;
}
/**
 * The dumps as the fit reads them; `incidents` counted from the day's rows in dumps written before
 * it was a field, each incident's `peers` (the peak evidence of the day's other incidents,
 * confidence.ts `incidentPeakOf`) from the day's rows (a dump holds every incident its day's
 * analysis reports), and `strays` (the day's series flagged outside every incident) as dumped;
 * dumps written before round thirty lack it, and read as days without strays.
 */
function outcomes(rows: readonly DumpedIncident[]): Drawn[] {
  const dayOf = (d: DumpedIncident) => `${d.suite}#${d.day}`;
  const perDay = new Map<string, DumpedIncident[]>();
  for (const d of rows) perDay.set(dayOf(d), [...(perDay.get(dayOf(d)) ?? []), d]);
  return rows.map((d) => {
    const day = perDay.get(dayOf(d)) as DumpedIncident[];
    return {
      dumped: d,
      incident: d,
      context: {
        threshold: d.threshold,
        incidents: d.incidents ?? day.length,
        peers: day.filter((o) => o !== d).map((o) => incidentPeakOf(o, o.threshold)),
        ...(d.strays === undefined ? {} : { strays: d.strays.series }),
      },
      matched: d.matched,
      correct: d.correct,
      draw: d.suite,
      generator: generatorOf(d.suite),
      day: dayOf(d),
    };
  });
}
const byDraw = (o: Drawn) => o.draw;
const byGenerator = (o: Drawn) => o.generator;
const byDay = (o: Drawn) => o.day;

/**
 * Each generator's incidents weighted so every generator weighs the same in the fit and in the
 * λ criterion (the total weight stays the number of incidents): without it the generator with
 * the most draws (eval/heldout/, seven) sets the coefficients.
 */
function equalGenerators(train: readonly Drawn[]): Drawn[] {
  const count = new Map<string, number>();
  for (const o of train) count.set(o.generator, (count.get(o.generator) ?? 0) + 1);
  return train.map((o) => ({ ...o, weight: train.length / (count.size * (count.get(o.generator) as number)) }));
}

/**
 * The fitting procedure: both models, λ by leaving one generator out (`--group generator`) or
 * one draw out, falling back to the next finer grouping the training data can be split by;
 * `equal` weighs generators equally (`equalGenerators`).
 */
const procedure =
  (by: "generator" | "draw", equal = false) =>
  (train: readonly Drawn[]): ConfidenceFit =>
    fitConfidence(
      equal ? equalGenerators(train) : train,
      firstSplit(train, by === "generator" ? [byGenerator, byDraw, byDay] : [byDraw, byDay]),
    );

const data = await dumps();
const all = outcomes(data);
const draws = [...new Set(all.map(byDraw))];
const generators = [...new Set(all.map(byGenerator))];
console.log(
  `\n${data.length} reported incidents: ${draws.map((s) => `${s} ${all.filter((d) => d.draw === s).length} (${all.filter((d) => d.draw === s && !d.matched).length} false, ${all.filter((d) => d.draw === s && d.correct).length} with the right root)`).join(", ")}`,
);
if (draws.length < 2)
  throw new Error("eval/calibrate: fitting by draw needs at least two draws (dumps of different suites or seeds)");
const fitAs = procedure(group === "generator" && generators.length >= 2 ? "generator" : "draw", equalWeights);
const grouping = group === "generator" && generators.length >= 2 ? "generator" : "draw";

const scoredBy = (fit: ConfidenceFit, os: readonly Drawn[]): Scored[] =>
  os.map((o) => ({ confidence: rootConfidence(fit, o), correct: o.correct }));
const scoredAt = (confidences: readonly number[], os: readonly Drawn[]): Scored[] =>
  os.map((o, n) => ({ confidence: confidences[n] as number, correct: o.correct }));
const inPlace: ConfidenceFit = {
  incident: INCIDENT_CONFIDENCE_MODEL,
  root: ROOT_CONFIDENCE_MODEL,
  lambdas: { incident: Number.NaN, root: Number.NaN },
};
const rows: { name: string; r: Reliability }[] = [];

/** Each generator predicted by the procedure run on the others: per draw, pooled per generator, and over all. */
function leaveOneGeneratorOut(): void {
  if (generators.length < 2) return;
  const out = leaveGroupOut(all, byGenerator, fitAs);
  for (const g of generators) {
    const f = fitAs(all.filter((o) => o.generator !== g));
    const note = `fitted without ${g} (λ ${f.lambdas.incident}, ${f.lambdas.root})`;
    const mine = all.map((o, n) => ({ o, c: out[n] as number })).filter(({ o }) => o.generator === g);
    const ofDraws = [...new Set(mine.map(({ o }) => o.draw))];
    for (const d of ofDraws) {
      const these = mine.filter(({ o }) => o.draw === d);
      const r = reliability(
        `Out of sample: ${note}, reliability on ${d}`,
        these.map(({ o, c }) => ({ confidence: c, correct: o.correct })),
      );
      rows.push({ name: `generator left out: ${d}`, r });
    }
    if (ofDraws.length > 1) {
      const r = reliability(
        `Out of sample: ${note}, reliability on ${g}'s ${ofDraws.length} draws pooled`,
        mine.map(({ o, c }) => ({ confidence: c, correct: o.correct })),
      );
      rows.push({ name: `generator left out: ${g} pooled`, r });
    }
  }
  const r = reliability("Out of sample: leave one generator out, pooled", scoredAt(out, all));
  rows.push({ name: "leave one generator out, pooled", r });
}

/** Each draw predicted by the procedure run on every other draw (its own generator's other draws included). */
function leaveOneDrawOut(): void {
  const out = leaveGroupOut(all, byDraw, fitAs);
  for (const d of draws) {
    const these = all.map((o, n) => ({ o, c: out[n] as number })).filter(({ o }) => o.draw === d);
    const r = reliability(
      `Out of sample: fitted without ${d}, reliability on ${d}`,
      these.map(({ o, c }) => ({ confidence: c, correct: o.correct })),
      false,
    );
    rows.push({ name: `draw left out: ${d}`, r });
  }
  rows.push({
    name: "leave one draw out, pooled",
    r: reliability("Out of sample: leave one draw out, pooled", scoredAt(out, all)),
  });
  const days = new Set(all.map(byDay)).size;
  const lodo = leaveGroupOut(all, byDay, fitAs);
  rows.push({
    name: `leave one day out, all draws (${days} days)`,
    r: reliability(`Out of sample: leave one day out over all draws (${days} days)`, scoredAt(lodo, all)),
  });
}

const fmt = (r: Reliability) => (r.n === 0 ? "—" : `${r.gap.toFixed(3)} / ${r.brier.toFixed(3)}`);

/**
 * The coefficients in place, the procedure of rounds up to seventeen (eval/ and eval/heldout/
 * only, λ by draw) and this one's (every generator given, λ by draw and by generator), each
 * generator scored by a fit that did not see it (the coefficients in place saw the draws they
 * were fitted on, as they were then: since round nineteen all four generators, so in sample
 * wherever the dumps are those draws).
 */
function compareProcedures(): void {
  const family = (train: readonly Drawn[]) => train.filter((o) => FAMILY.includes(o.generator));
  const columns: { name: string; conf: number[] }[] = [
    { name: "in place", conf: all.map((o) => rootConfidence(inPlace, o)) },
    {
      name: `${FAMILY.join("+")} only, λ by draw`,
      conf: leaveGroupOut(all, byGenerator, (train) =>
        family(train).length > 0 ? procedure("draw")(family(train)) : inPlace,
      ),
    },
    { name: "all generators, λ by draw", conf: leaveGroupOut(all, byGenerator, procedure("draw")) },
    { name: "all generators, λ by generator", conf: leaveGroupOut(all, byGenerator, procedure("generator")) },
    {
      name: "the same, generators weighted equally",
      conf: leaveGroupOut(all, byGenerator, procedure("generator", true)),
    },
  ];
  console.log(
    `\nEach generator scored by fits without it (largest decile gap of ≥ ${MIN_BIN} / Brier; a constant's Brier at the observed accuracy in brackets):\n`,
  );
  console.log(`| draw | incidents | accuracy | ${columns.map((c) => c.name).join(" | ")} |`);
  console.log(`| --- | --- | --- | ${columns.map(() => "---").join(" | ")} |`);
  const line = (name: string, keep: (o: Drawn) => boolean) => {
    const idx = all.flatMap((o, n) => (keep(o) ? [n] : []));
    const cells = columns.map((c) =>
      fmt(
        reliability(
          "",
          idx.map((n) => ({ confidence: c.conf[n] as number, correct: (all[n] as Drawn).correct })),
          false,
        ),
      ),
    );
    const acc = idx.filter((n) => (all[n] as Drawn).correct).length / Math.max(1, idx.length);
    console.log(
      `| ${name} | ${idx.length} | ${acc.toFixed(3)} (${(acc * (1 - acc)).toFixed(3)}) | ${cells.join(" | ")} |`,
    );
  };
  for (const g of generators) {
    const ofDraws = draws.filter((d) => generatorOf(d) === g);
    for (const d of ofDraws) line(d, (o) => o.draw === d);
    if (ofDraws.length > 1) line(`${g} pooled`, (o) => o.generator === g);
  }
  line("all pooled", () => true);
  const chosen = columns[grouping === "draw" ? 2 : equalWeights ? 4 : 3] as (typeof columns)[number];
  refitVerdict(columns[0]?.conf as number[], chosen);
}

/**
 * On how many draws the refit this run writes is better than the coefficients in place, by the
 * largest decile gap and by the Brier score counted separately, each draw scored by the refit's
 * procedure run without its generator; the condition for writing it is a majority of draws by
 * both (round nineteen; up to round eighteen every draw by both, which no refit met in five
 * rounds: the coefficients in place are in sample on the generators they were fitted on, and a
 * draw's gap reads one decile of 5–15 incidents, ±0.2 by chance).
 */
function refitVerdict(inPlaceConf: readonly number[], refit: { name: string; conf: number[] }): void {
  const worse = { gap: [] as string[], brier: [] as string[] };
  for (const d of draws) {
    const idx = all.flatMap((o, n) => (o.draw === d ? [n] : []));
    const of = (conf: readonly number[]) =>
      reliability(
        "",
        idx.map((n) => ({ confidence: conf[n] as number, correct: (all[n] as Drawn).correct })),
        false,
      );
    const [before, after] = [of(inPlaceConf), of(refit.conf)];
    if (!(after.gap < before.gap)) worse.gap.push(d);
    if (!(after.brier < before.brier)) worse.brier.push(d);
  }
  const n = draws.length;
  const better = (w: readonly string[]) => `${n - w.length} of ${n}${w.length > 0 ? ` (not on ${w.join(", ")})` : ""}`;
  const most = 2 * worse.gap.length < n && 2 * worse.brier.length < n;
  console.log(
    `\nThe refit (${refit.name}) against the coefficients in place, each draw out of sample: largest decile gap lower on ${better(worse.gap)}; Brier lower on ${better(worse.brier)}: ${most ? "better on most draws by both (write it)" : "not better on most draws by both: do not write it"}`,
  );
}

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
type Features = Record<string, number>;
/**
 * Evidence the models do not read, measured as candidates to add to a model or to replace one of
 * its features (from the dumped findings; confidence.ts reads none of them): the root series'
 * own strength rather than the incident's strongest, how many series and models the incident
 * spans, whether its root is a throughput fall, whether any other incident is reported
 * (`concurrent` capped at 1), the most windows any of the incident's series flagged (rather
 * than the root's), and the three features the models read up to round eighteen: the window
 * width (ln minutes; its weight has opposite signs by generator), the root's lead before its
 * first flagged window in minutes (linear) and its lead to the next series' onset. Since round
 * thirty-four (cal35): ln(1 + the observations in the root's first anomalous window), the data a
 * change is dated from (a sparse series' first event after a change comes late), and ln(1 + the
 * minutes the root's onset follows the earliest onset among the incident's series, ≤ 30), a root
 * a rule chose over an earlier member (an error rate over its failures' own latency, burst34).
 */
/**
 * The day's anomalous series outside every incident its analysis reports (eval/score.ts
 * `straysOf`, dumped since round thirty): a baseline the detector crossed on series it then
 * explained as nothing, so the day's noise reaches the threshold and the cause may lie among
 * them (round thirty, cal31: real incidents' roots right 87 % on days without, 74 % with). Any
 * such series; ln(1 + their count); the same times the incident's strength (`strength` of
 * P(real)), for the reading that a root far above the threshold is right on a noisy day too.
 */
const strays = (o: Drawn) => o.dumped.strays?.series ?? 0;
const STRAY_CANDIDATES: Readonly<Record<string, (o: Drawn) => number>> = {
  straysAny: (o) => (strays(o) > 0 ? 1 : 0),
  straysLn: (o) => Math.log1p(strays(o)),
  straysAnyStrength: (o) => (strays(o) > 0 ? incidentEvidenceOf(o.incident, o.context).strength : 0),
};
/** The day's stray windows per window of its common grid (dumped since round thirty-one). */
const STRAY_RATE: Readonly<Record<string, (o: Drawn) => number>> = {
  strayRate: (o) => (o.dumped.strays?.windows ?? 0) / Math.max(1, o.dumped.dayWindows ?? 1),
};
const CANDIDATES: Readonly<Record<string, (o: Drawn) => number>> = {
  rootStrength: (o) => {
    const t = o.context.threshold;
    return Math.log(Math.max(Math.abs(o.dumped.series[0]?.peak_z ?? 0), t) / t);
  },
  series: (o) => Math.log(o.dumped.series.length),
  models: (o) => new Set(o.dumped.series.map((s) => s.model)).size,
  fall: (o) => (o.dumped.series[0]?.signal === "throughput" && (o.dumped.series[0]?.peak_z ?? 0) < 0 ? 1 : 0),
  concurrentAny: (o) => (o.context.incidents > 1 ? 1 : 0),
  maxWindows: (o) => Math.log(Math.max(1, ...o.dumped.series.map((s) => s.anomalous_windows))),
  windowMinutes: (o) => Math.log(o.dumped.windowMs / 60_000),
  earlyMinutes: (o) => Math.expm1(rootEvidenceOf(o.incident).early),
  leadMinutes: (o) => {
    const [root, ...others] = o.dumped.series;
    if (root === undefined || others.length === 0) return 30;
    const t = Date.parse(root.onset);
    return Math.min(30, Math.max(0, Math.min(...others.map((s) => Date.parse(s.onset) - t)) / 60_000));
  },
  onsetCount: (o) => Math.log1p(o.dumped.series[0]?.onset_window_count ?? 0),
  trails: (o) => {
    const [root, ...others] = o.dumped.series;
    if (root === undefined) return 0;
    const t = Date.parse(root.onset);
    return Math.log1p(Math.min(30, Math.max(0, ...others.map((s) => t - Date.parse(s.onset))) / 60_000));
  },
  ...(data.every((d) => d.strays !== undefined) ? STRAY_CANDIDATES : {}),
  ...(data.every((d) => d.strays !== undefined && d.dayWindows !== undefined) ? STRAY_RATE : {}),
};
const withCandidates = (o: Drawn, base: object): Features => {
  const x: Features = { ...(base as Features) };
  for (const [k, f] of Object.entries(CANDIDATES)) x[k] = f(o);
  return x;
};
/** Each model's outcome and its features plus the candidates, on the incidents it is fitted on. */
const MODELS = [
  {
    name: "P(real)",
    keys: [...FEATURES.incident] as string[],
    on: (os: readonly Drawn[]) => os,
    x: (o: Drawn) => withCandidates(o, incidentEvidenceOf(o.incident, o.context)),
    y: (o: Drawn) => o.matched,
    split: "real / false incidents",
  },
  {
    name: "P(root | real)",
    keys: [...FEATURES.root] as string[],
    on: (os: readonly Drawn[]) => os.filter((o) => o.matched),
    x: (o: Drawn) => withCandidates(o, rootEvidenceOf(o.incident, o.context)),
    y: (o: Drawn) => o.correct,
    split: "right / wrong roots of real incidents",
  },
] as const;

/** What each feature (and candidate) says on its own, per generator: a feature that carries separates the same way in each. */
function featureMeans(): void {
  const cols = ["all", ...generators];
  const of = (g: string) => (g === "all" ? all : all.filter((o) => o.generator === g));
  for (const m of MODELS) {
    console.log(
      `\n| feature: mean, ${m.split} | ${cols.join(" | ")} |\n| --- | ${cols.map(() => "---").join(" | ")} |`,
    );
    for (const k of [...m.keys, ...Object.keys(CANDIDATES)]) {
      const avg = (os: readonly Drawn[]) => mean(os.map((o) => m.x(o)[k] as number)).toFixed(3);
      const cell = (g: string) => {
        const os = m.on(of(g));
        return `${avg(os.filter(m.y))} / ${avg(os.filter((o) => !m.y(o)))}`;
      };
      console.log(`| ${k}${m.keys.includes(k) ? "" : " (candidate)"} | ${cols.map(cell).join(" | ")} |`);
    }
  }
}

const template = (keys: readonly string[]): LogisticModel<Features> => zeroModel<Features>(keys);

/**
 * Whether the features carry across generators: each generator fitted alone (weights that flip
 * sign or vanish between generators mean different things per emitter), and the
 * leave-one-generator-out log loss of each model with each feature left out, each candidate
 * added, and each feature replaced by each candidate (lower is better; a feature whose removal
 * lowers it does not carry).
 */
function featureTransfer(): void {
  console.log("\nEach generator fitted alone (λ by draw, by day with one draw):\n");
  for (const g of generators) {
    const f = procedure("draw")(all.filter((o) => o.generator === g));
    console.log(
      `${g}: P(real) λ ${f.lambdas.incident} ${JSON.stringify(f.incident.intercept)} ${JSON.stringify(f.incident.weights)}; P(root | real) λ ${f.lambdas.root} ${JSON.stringify(f.root.intercept)} ${JSON.stringify(f.root.weights)}`,
    );
  }
  if (generators.length < 2) return;
  console.log("\n| model | features | leave-one-generator-out log loss (best λ) |\n| --- | --- | --- |");
  for (const m of MODELS) {
    const os = m.on(all);
    const ex: Example<Features>[] = os.map((o) => ({ x: m.x(o), y: m.y(o) ? 1 : 0 }));
    const byGen = (_: unknown, n: number) => (os[n] as Drawn).generator;
    const variants: [string, string[]][] = [["as fitted", [...m.keys]]];
    for (const k of m.keys) variants.push([`without ${k}`, m.keys.filter((j) => j !== k)]);
    for (const c of Object.keys(CANDIDATES)) {
      variants.push([`+ ${c}`, [...m.keys, c]]);
      for (const k of m.keys) variants.push([`${k} → ${c}`, [...m.keys.filter((j) => j !== k), c]]);
    }
    for (const [label, keys] of variants) {
      const r = fitLogisticCv(ex, template(keys), byGen);
      console.log(`| ${m.name} | ${label} | ${r.loss.toFixed(4)} (λ ${r.lambda}) |`);
    }
  }
}

/**
 * The product confidence of a feature set (`incident` keys for P(real), `root` for P(root | real),
 * among the models' features and the candidates), each generator scored by both models fitted on
 * the others (λ by leaving one of those out): what a feature change would state on a generator
 * nobody saw, measured before confidence.ts is changed to compute it.
 */
function featureSetGaps(label: string, keys: { readonly incident: string[]; readonly root: string[] }): void {
  const fitOn = (m: (typeof MODELS)[number], ks: string[], train: readonly Drawn[]) => {
    const os = m.on(train);
    const by = firstSplit(os, [byGenerator, byDraw]) ?? byDay;
    const ex = os.map((o) => ({ x: m.x(o), y: m.y(o) ? 1 : 0 }));
    return fitLogisticCv(ex, template(ks), (_, n) => by(os[n] as Drawn)).model;
  };
  const [inc, root] = MODELS;
  const scored = new Map<Drawn, number>();
  for (const g of generators) {
    const train = all.filter((o) => o.generator !== g);
    const p = fitOn(inc, keys.incident, train);
    const q = fitOn(root, keys.root, train);
    for (const o of all) if (o.generator === g) scored.set(o, logistic(p, inc.x(o)) * logistic(q, root.x(o)));
  }
  const cell = (keep: (o: Drawn) => boolean) => {
    const os = all.filter(keep);
    return fmt(
      reliability(
        "",
        os.map((o) => ({ confidence: scored.get(o) as number, correct: o.correct })),
        false,
      ),
    );
  };
  const loss = mean(all.map((o) => logLoss(scored.get(o) as number, o.correct))).toFixed(4);
  const cells = [...draws.map((d) => `${d} ${cell((o) => o.draw === d)}`), `pooled ${cell(() => true)} / ${loss}`];
  console.log(`| ${label} | ${cells.join("; ")} |`);
}

/** The log loss of a stated probability of an outcome (clipped to [1e-6, 1 − 1e-6], as eval/fit.ts `groupedLoss`). */
const logLoss = (p: number, y: boolean) => -Math.log(y ? Math.max(1e-6, p) : Math.max(1e-6, 1 - p));

/**
 * The models' own feature set against its nearest alternatives, the features of round eighteen
 * and the day's stray anomalies (`STRAY_CANDIDATES`, where the dumps hold them) in each model.
 */
function compareFeatureSets(): void {
  if (generators.length < 2) return;
  const [inc, root] = MODELS;
  console.log(
    "\n| features (P(real); P(root | real)) | each draw scored by fits without its generator: largest decile gap / Brier (pooled: / log loss) |\n| --- | --- |",
  );
  featureSetGaps("as fitted", { incident: [...inc.keys], root: [...root.keys] });
  const without = (ks: readonly string[], k: string) => ks.filter((j) => j !== k);
  // Each feature left out: what the models were before a feature was added, refitted on these dumps.
  for (const k of inc.keys)
    featureSetGaps(`without ${k} (P(real))`, { incident: without(inc.keys, k), root: [...root.keys] });
  for (const k of root.keys)
    featureSetGaps(`without ${k} (P(root | real))`, { incident: [...inc.keys], root: without(root.keys, k) });
  featureSetGaps("+ leadMinutes (P(root | real))", { incident: [...inc.keys], root: [...root.keys, "leadMinutes"] });
  // Round thirty-four (cal35): the observations the root was dated from, and a root dated after another member's onset.
  for (const k of ["onsetCount", "trails"])
    featureSetGaps(`+ ${k} (P(root | real))`, { incident: [...inc.keys], root: [...root.keys, k] });
  featureSetGaps("windows → maxWindows (P(real))", {
    incident: [...without(inc.keys, "windows"), "maxWindows"],
    root: [...root.keys],
  });
  featureSetGaps("round eighteen's: windows → windowMinutes; early in minutes, + leadMinutes", {
    incident: [...without(inc.keys, "windows"), "windowMinutes"],
    root: [...without(root.keys, "early"), "earlyMinutes", "leadMinutes"],
  });
  const strayForms = Object.keys(CANDIDATES).filter((k) => k in STRAY_CANDIDATES || k in STRAY_RATE);
  for (const k of strayForms.filter((f) => f !== "straysAnyStrength")) {
    featureSetGaps(`+ ${k} (P(root | real))`, { incident: [...inc.keys], root: [...root.keys, k] });
    featureSetGaps(`+ ${k} (P(real))`, { incident: [...inc.keys, k], root: [...root.keys] });
    featureSetGaps(`+ ${k} (both)`, { incident: [...inc.keys, k], root: [...root.keys, k] });
  }
  if (strayForms.includes("straysAnyStrength"))
    featureSetGaps("+ straysAny, straysAnyStrength (P(root | real))", {
      incident: [...inc.keys],
      root: [...root.keys, "straysAny", "straysAnyStrength"],
    });
}

function writeModels(whole: ConfidenceFit): void {
  const source = readFileSync(CONFIDENCE_TS, "utf8");
  const begin = source.indexOf("// BEGIN fitted models");
  const end = source.indexOf("// END fitted models");
  if (begin < 0 || end < 0) throw new Error("eval/calibrate: confidence.ts has no BEGIN/END fitted models markers");
  const counts = draws.map((s) => `${all.filter((d) => d.draw === s).length} of ${s}`).join(", ");
  const real = all.filter((o) => o.matched).length;
  const how = `chosen by leave-one-${grouping}-out log loss`;
  const block = `// BEGIN fitted models: written by \`npm run eval:calibrate\` (eval/calibrate.ts); do not edit by hand.
${modelText("ROOT_CONFIDENCE_MODEL", "RootEvidence", whole.root, `Fitted by eval/calibrate.ts on whether the root is right, over the ${real} real incidents (matching an injection) among ${all.length} reported (${counts}); ridge λ = ${whole.lambdas.root}, ${how}.`)}
${modelText("INCIDENT_CONFIDENCE_MODEL", "IncidentEvidence", whole.incident, `Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same ${all.length} incidents; ridge λ = ${whole.lambdas.incident}, ${how}.`)}`;
  writeFileSync(CONFIDENCE_TS, source.slice(0, begin) + block + source.slice(end));
  console.log(`\nWrote both models into ${CONFIDENCE_TS.pathname} (run npx biome format --write on it).`);
}

/**
 * The coefficients in place over every dump pooled (the reading of "over the suite" that sampling
 * disturbs least), then each draw's largest decile gap against chance: how often a draw of the
 * same incidents with exact confidences reaches it, and how many draws would exceed the issue's
 * 0.1 with exact confidences (round twenty-two: about 6 of 12 on the twelve draws).
 */
function inPlaceAgainstChance(): void {
  const scored = scoredBy(inPlace, all);
  reliability("The coefficients in place, all dumps pooled", scored);
  console.log(
    "\n| draw | incidents | largest decile gap (≥ 5), in place | chance of a gap this large with exact confidences | chance of a gap over 0.1 |\n| --- | --- | --- | --- | --- |",
  );
  let expected = 0;
  for (const d of draws) {
    const these = scored.filter((_, n) => all[n]?.draw === d);
    const gap = largestGap(reliabilityDeciles(these));
    const over = chanceOfGap(these, 0.1 + 1e-9);
    expected += over;
    console.log(
      `| ${d} | ${these.length} | ${gap.toFixed(3)} | ${chanceOfGap(these, gap).toFixed(2)} | ${over.toFixed(2)} |`,
    );
  }
  console.log(
    `\nWith exact confidences, ${expected.toFixed(1)} of ${draws.length} draws would show a largest gap over 0.1.`,
  );
}

featureMeans();
inPlaceAgainstChance();
const whole = fitAs(all);
console.log(
  `\nIncident model (P real): ridge λ = ${whole.lambdas.incident}; root model (P root right | real): ridge λ = ${whole.lambdas.root}; both by leave-one-${grouping}-out log loss`,
);
leaveOneGeneratorOut();
leaveOneDrawOut();
compareProcedures();
featureTransfer();
compareFeatureSets();

const inSample = scoredBy(whole, all);
rows.push({
  name: "in sample, all draws",
  r: reliability("Reliability in sample of the models written: what the runners print once written", inSample),
});
for (const d of draws)
  reliability(
    `The same, ${d}'s incidents only`,
    inSample.filter((_, i) => all[i]?.draw === d),
  );

// Dumps kept out of the fit (`--test`): the models in place before this fit, and the refit.
const kept = outcomes(readDumps(filesAfter("--test")));
for (const g of [...new Set(kept.map(byDraw))]) {
  const test = kept.filter((o) => o.draw === g);
  reliability(`Kept out of the fit, ${g}: the models in place before this fit`, scoredBy(inPlace, test));
  const r = reliability(`Kept out of the fit, ${g}: the refit`, scoredBy(whole, test));
  rows.push({ name: `kept out of the fit: ${g}, the refit`, r });
}

console.log(
  "\n| reliability of root_cause.confidence | incidents | observed accuracy (Brier of a constant at it) | mean confidence | largest decile gap (≥ 5) | Brier |\n| --- | --- | --- | --- | --- | --- |",
);
for (const { name, r } of rows)
  console.log(
    `| ${name} | ${r.n} | ${r.accuracy.toFixed(3)} (${r.constant.toFixed(3)}) | ${r.meanConfidence.toFixed(3)} | ${r.gap.toFixed(3)} | ${r.brier.toFixed(3)} |`,
  );

console.log(`\nINCIDENT_CONFIDENCE_MODEL (ridge λ = ${whole.lambdas.incident}):\n${JSON.stringify(whole.incident)}`);
console.log(`ROOT_CONFIDENCE_MODEL (ridge λ = ${whole.lambdas.root}):\n${JSON.stringify(whole.root)}`);

if (write) writeModels(whole);
