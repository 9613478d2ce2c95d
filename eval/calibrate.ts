/*
 * npm run eval:calibrate                 runs eval/ and eval/heldout/ at each held-out seed, fits,
 *                                        prints, writes confidence.ts
 * npx tsx eval/calibrate.ts --heldout-seeds 770413,991,4242,5151,6262 [--jobs 2] [--write]
 *                                        the draws of the held-out generator to fit on (default
 *                                        below) and how many runners at once
 * npx tsx eval/calibrate.ts --from A B … fits on dumps already written (`--dump FILE` of
 *                                        eval/run.ts and eval/heldout/run.ts); add --write to
 *                                        write the coefficients
 * … --test C D                           also prints the reliability on dumps not fitted (a seed
 *                                        kept out), of the model in place and of the refit
 *
 * The one refit of the confidence models of src/correlation/incidents/confidence.ts, over every
 * incident the suites report on several draws: eval/'s generator and eval/heldout/'s (written
 * separately) at several seeds, each draw a different set of days. The stated root confidence
 * is a product of two logistic models (`confidencesOf`): P(incident real), fitted on every
 * reported incident (outcome: it matches an injection), and P(root right | real), fitted on the
 * real ones (outcome: the root is right). A confidence must carry to days nobody has seen, so
 * every choice is made out of sample, by draw: ridge logistic regression (eval/fit.ts) with λ
 * chosen by leave-one-draw-out log loss (fit on every draw but one, score the one left out), not
 * by leave-one-out, which rewards fitting the quirks every draw's days share. (Platt scaling of
 * the logit was measured in the sixth round and not kept: its (a, b) swung with the draw left
 * out; `fitPlatt` stays in eval/fit.ts.)
 * It prints, honestly out of sample, the reliability of each draw predicted by the procedure run
 * without that draw, the same pooled, and leave one day out over all draws; then, in sample, the
 * reliability the runners will print once the coefficients are written; with `--test`, the
 * reliability on draws kept out of the fit. With --write (the npm script passes it) the block
 * between the BEGIN/END markers of confidence.ts is replaced by the fitted models: the
 * coefficients are the fit's output, never edited by hand.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  INCIDENT_CONFIDENCE_MODEL,
  type IncidentEvidence,
  incidentEvidenceOf,
  type LogisticModel,
  ROOT_CONFIDENCE_MODEL,
  type RootEvidence,
  rootEvidenceOf,
} from "../src/correlation/incidents/confidence.js";
import type { DumpedIncident } from "./dump.js";
import { type ConfidenceFit, fitConfidence, type Outcome, rootConfidence } from "./fit.js";
import { HELDOUT_SEED } from "./heldout/suite.js";
import { largestGap, MIN_BIN, printReliability, reliabilityDeciles, type Scored } from "./reliability.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const value = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
/**
 * The held-out generator's draws fitted by default: its own seed and four more (the hidden days
 * are unseen draws, so the fit sees as many draws as a refit can afford; 7373 is kept out as
 * the check no fit has seen).
 */
const DEFAULT_HELDOUT_SEEDS = [HELDOUT_SEED, 991, 4242, 5151, 6262];
const heldoutSeeds = (value("--heldout-seeds") ?? DEFAULT_HELDOUT_SEEDS.join(",")).split(",").map((x) => {
  const n = Number(x);
  if (!Number.isInteger(n)) throw new Error(`eval/calibrate: --heldout-seeds wants integers, got ${JSON.stringify(x)}`);
  return n;
});
const jobs = Math.max(1, Number(value("--jobs") ?? 2));
const CONFIDENCE_TS = new URL("../src/correlation/incidents/confidence.ts", import.meta.url);

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
  let files: string[];
  if (args.includes("--from")) {
    files = filesAfter("--from");
  } else {
    const dir = mkdtempSync(join(tmpdir(), "calibrate-"));
    const runs: { script: string; extra: string[]; file: string }[] = [
      { script: "eval/run.ts", extra: [], file: join(dir, "eval.json") },
      ...heldoutSeeds.map((s) => ({
        script: "eval/heldout/run.ts",
        extra: ["--seed", String(s)],
        file: join(dir, `heldout-${s}.json`),
      })),
    ];
    files = runs.map((r) => r.file);
    console.log(
      `Running eval/run.ts and eval/heldout/run.ts at seeds ${heldoutSeeds.join(", ")} (${jobs} at a time)…\n`,
    );
    // The runners' own tables state the confidence of the coefficients in place before this fit.
    const outs = await pool(runs.map((r) => () => run(r.script, r.extra, r.file)));
    console.log(outs.join("\n"));
  }
  return readDumps(files);
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
  if (print) printReliability(title, deciles);
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

const data = await dumps();
const draws = [...new Set(data.map((d) => d.suite))];
console.log(
  `\n${data.length} reported incidents: ${draws.map((s) => `${s} ${data.filter((d) => d.suite === s).length} (${data.filter((d) => d.suite === s && !d.matched).length} false, ${data.filter((d) => d.suite === s && d.correct).length} with the right root)`).join(", ")}`,
);
if (draws.length < 2)
  throw new Error("eval/calibrate: fitting by draw needs at least two draws (dumps of different suites or seeds)");

interface Drawn extends Outcome {
  readonly draw: string;
  readonly day: string;
}
/** The dumps as the fit reads them; `incidents` counted from the day's rows in dumps written before it was a field. */
function outcomes(rows: readonly DumpedIncident[]): Drawn[] {
  const perDay = new Map<string, number>();
  for (const d of rows) perDay.set(`${d.suite}#${d.day}`, (perDay.get(`${d.suite}#${d.day}`) ?? 0) + 1);
  return rows.map((d) => ({
    incident: d,
    context: {
      threshold: d.threshold,
      windowMs: d.windowMs,
      incidents: d.incidents ?? (perDay.get(`${d.suite}#${d.day}`) as number),
    },
    matched: d.matched,
    correct: d.correct,
    draw: d.suite,
    day: `${d.suite}#${d.day}`,
  }));
}
const all = outcomes(data);
const byDraw = (o: Drawn) => o.draw;

// What each feature says on its own: incident features over real and false incidents, root
// features over right and wrong roots of real ones.
const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / Math.max(1, xs.length);
console.log("\n| feature | mean, real incidents | mean, false incidents |\n| --- | --- | --- |");
for (const k of Object.keys(INCIDENT_CONFIDENCE_MODEL.weights) as (keyof IncidentEvidence)[]) {
  const of = (os: readonly Drawn[]) => mean(os.map((o) => incidentEvidenceOf(o.incident, o.context)[k])).toFixed(3);
  console.log(`| ${k} | ${of(all.filter((o) => o.matched))} | ${of(all.filter((o) => !o.matched))} |`);
}
console.log(
  "\n| feature | mean, right roots of real incidents | mean, wrong roots of real incidents |\n| --- | --- | --- |",
);
for (const k of Object.keys(ROOT_CONFIDENCE_MODEL.weights) as (keyof RootEvidence)[]) {
  const of = (os: readonly Drawn[]) => mean(os.map((o) => rootEvidenceOf(o.incident)[k])).toFixed(3);
  console.log(
    `| ${k} | ${of(all.filter((o) => o.matched && o.correct))} | ${of(all.filter((o) => o.matched && !o.correct))} |`,
  );
}

const whole = fitConfidence(all, byDraw);
console.log(
  `\nIncident model (P real): ridge λ = ${whole.lambdas.incident}; root model (P root right | real): ridge λ = ${whole.lambdas.root}; both by leave-one-draw-out log loss`,
);

// Out of sample by draw: each draw predicted by the whole procedure run on the other draws.
const rows: { name: string; r: Reliability }[] = [];
const pooled: Scored[] = [];
const scoredBy = (fit: ConfidenceFit, os: readonly Drawn[]): Scored[] =>
  os.map((o) => ({ confidence: rootConfidence(fit, o), correct: o.correct }));
for (const g of draws) {
  const f = fitConfidence(
    all.filter((o) => o.draw !== g),
    byDraw,
  );
  const sc = scoredBy(
    f,
    all.filter((o) => o.draw === g),
  );
  pooled.push(...sc);
  rows.push({
    name: `fitted without ${g}, tested on ${g}`,
    r: reliability(
      `Out of sample: fitted without ${g} (λ ${f.lambdas.incident}, ${f.lambdas.root}), reliability on ${g}`,
      sc,
    ),
  });
}
rows.push({ name: "leave one draw out, pooled", r: reliability("Out of sample: leave one draw out, pooled", pooled) });

const days = [...new Set(all.map((o) => o.day))];
const lodo: Scored[] = [];
for (const day of days) {
  const f = fitConfidence(
    all.filter((o) => o.day !== day),
    byDraw,
  );
  lodo.push(
    ...scoredBy(
      f,
      all.filter((o) => o.day === day),
    ),
  );
}
rows.push({
  name: `leave one day out, all draws (${days.length} days)`,
  r: reliability(`Out of sample: leave one day out over all draws (${days.length} days)`, lodo),
});

const inSample = scoredBy(whole, all);
rows.push({
  name: "in sample, all draws",
  r: reliability("Reliability in sample of the models written: what the runners print once written", inSample),
});
for (const g of draws)
  reliability(
    `The same, ${g}'s incidents only`,
    inSample.filter((_, i) => all[i]?.draw === g),
  );

// Dumps kept out of the fit (`--test`): the models in place before this fit, and the refit.
const kept = outcomes(readDumps(filesAfter("--test")));
const inPlace: ConfidenceFit = {
  incident: INCIDENT_CONFIDENCE_MODEL,
  root: ROOT_CONFIDENCE_MODEL,
  lambdas: { incident: Number.NaN, root: Number.NaN },
};
for (const g of [...new Set(kept.map((o) => o.draw))]) {
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

if (write) {
  const source = readFileSync(CONFIDENCE_TS, "utf8");
  const begin = source.indexOf("// BEGIN fitted models");
  const end = source.indexOf("// END fitted models");
  if (begin < 0 || end < 0) throw new Error("eval/calibrate: confidence.ts has no BEGIN/END fitted models markers");
  const counts = draws.map((s) => `${data.filter((d) => d.suite === s).length} of ${s}`).join(", ");
  const real = all.filter((o) => o.matched).length;
  const block = `// BEGIN fitted models: written by \`npm run eval:calibrate\` (eval/calibrate.ts); do not edit by hand.
${modelText("ROOT_CONFIDENCE_MODEL", "RootEvidence", whole.root, `Fitted by eval/calibrate.ts on whether the root is right, over the ${real} real incidents (matching an injection) among ${data.length} reported (${counts}); ridge λ = ${whole.lambdas.root}, chosen by leave-one-draw-out log loss.`)}
${modelText("INCIDENT_CONFIDENCE_MODEL", "IncidentEvidence", whole.incident, `Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same ${data.length} incidents; ridge λ = ${whole.lambdas.incident}, chosen by leave-one-draw-out log loss.`)}`;
  writeFileSync(CONFIDENCE_TS, source.slice(0, begin) + block + source.slice(end));
  console.log(`\nWrote both models into ${CONFIDENCE_TS.pathname} (run npx biome format --write on it).`);
}
