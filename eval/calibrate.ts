/*
 * npm run eval:calibrate                 runs eval/ and eval/heldout/ at each held-out seed, fits,
 *                                        prints, writes confidence.ts
 * npx tsx eval/calibrate.ts --heldout-seeds 770413,991,4242 [--jobs 2] [--write]
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
 * separately) at several seeds, each draw a different set of days. A confidence must carry to
 * days nobody has seen, so every choice is made out of sample, by draw:
 * 1. ridge logistic regression (eval/fit.ts) with λ chosen by leave-one-draw-out log loss (fit on
 *    every draw but one, score the one left out), not by leave-one-out, which rewards fitting the
 *    quirks every draw's days share;
 * 2. Platt scaling of that model's logit, p = σ(a + b·η), with (a, b) fitted on the
 *    leave-one-draw-out logits (each draw predicted by a model fitted without it; Platt 1999,
 *    Niculescu-Mizil & Caruana 2005): b < 1 shrinks the stated confidences toward the pooled
 *    accuracy by as much as the draws say the features overstate. It is kept only when it lowers
 *    the leave-one-draw-out log loss (measured with (a, b) refitted inside each fold).
 * It prints, honestly out of sample, the reliability of each draw predicted by the procedure run
 * without that draw, the same pooled, and leave one day out over all draws; then, in sample, the
 * reliability the runners will print once the coefficients are written. With --write (the npm
 * script passes it) the block between the BEGIN/END markers of confidence.ts is replaced by the
 * fitted models: the coefficients are the fit's output, never edited by hand.
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
  logistic,
  ROOT_CONFIDENCE_MODEL,
  type RootEvidence,
  rootEvidenceOf,
} from "../src/correlation/incidents/confidence.js";
import type { DumpedIncident } from "./dump.js";
import { type Example, fitLogistic, fitLogisticCv, fitPlatt, groupedLoss, logit, plattModel } from "./fit.js";
import { HELDOUT_SEED } from "./heldout/suite.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const value = (flag: string): string | undefined => {
  const at = args.indexOf(flag);
  return at >= 0 ? args[at + 1] : undefined;
};
/** The held-out generator's draws fitted by default: its own seed and two more. */
const DEFAULT_HELDOUT_SEEDS = [HELDOUT_SEED, 991, 4242];
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

interface Scored {
  readonly confidence: number;
  readonly correct: boolean;
}

const MIN_BIN = 5;

interface Reliability {
  readonly n: number;
  readonly gap: number;
  readonly brier: number;
  readonly constant: number;
  readonly meanConfidence: number;
  readonly accuracy: number;
}

function reliability(title: string, scored: readonly Scored[], print = true): Reliability {
  if (print) {
    console.log(`\n${title}\n`);
    console.log("| confidence | incidents | mean confidence | observed accuracy | gap |");
    console.log("| --- | --- | --- | --- | --- |");
  }
  let worst = 0;
  for (let d = 0; d < 10; d++) {
    const inBin = scored.filter((p) => Math.min(9, Math.floor(p.confidence * 10)) === d);
    if (inBin.length === 0) continue;
    const mean = inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length;
    const acc = inBin.filter((p) => p.correct).length / inBin.length;
    if (inBin.length >= MIN_BIN) worst = Math.max(worst, Math.abs(mean - acc));
    if (print)
      console.log(
        `| ${(d / 10).toFixed(1)}–${((d + 1) / 10).toFixed(1)} | ${inBin.length} | ${mean.toFixed(3)} | ${acc.toFixed(3)} | ${Math.abs(mean - acc).toFixed(3)} |`,
      );
  }
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
  `\n${data.length} reported incidents: ${draws.map((s) => `${s} ${data.filter((d) => d.suite === s).length} (${data.filter((d) => d.suite === s && d.correct).length} with the right root)`).join(", ")}`,
);
if (draws.length < 2)
  throw new Error("eval/calibrate: fitting by draw needs at least two draws (dumps of different suites or seeds)");

interface Drawn<F> extends Example<F> {
  readonly draw: string;
  readonly day: string;
}
const root: Drawn<RootEvidence>[] = data.map((d) => ({
  x: rootEvidenceOf(d, d.threshold, d.windowMs),
  y: d.correct ? 1 : 0,
  draw: d.suite,
  day: `${d.suite}#${d.day}`,
}));
const incident: Drawn<IncidentEvidence>[] = data.map((d) => ({
  x: incidentEvidenceOf(d, d.threshold),
  y: d.matched ? 1 : 0,
  draw: d.suite,
  day: `${d.suite}#${d.day}`,
}));

// What each feature says on its own: its mean over right roots and over wrong ones.
console.log("\n| feature | mean, right roots | mean, wrong roots |\n| --- | --- | --- |");
for (const k of Object.keys(ROOT_CONFIDENCE_MODEL.weights) as (keyof RootEvidence)[]) {
  const mean = (ys: typeof root) => ys.reduce((s, e) => s + e.x[k], 0) / Math.max(1, ys.length);
  console.log(
    `| ${k} | ${mean(root.filter((e) => e.y === 1)).toFixed(3)} | ${mean(root.filter((e) => e.y === 0)).toFixed(3)} |`,
  );
}

interface Fitted<F> {
  /** The ridge model, λ by leave-one-draw-out log loss. */
  readonly ridge: LogisticModel<F>;
  readonly lambda: number;
  /** Platt's (a, b) on the ridge logit, fitted on leave-one-draw-out logits. */
  readonly platt: { a: number; b: number };
  /** The ridge model with Platt's (a, b) folded into its coefficients. */
  readonly scaled: LogisticModel<F>;
}

const byDraw = <F>(e: Example<F>) => (e as Drawn<F>).draw;

/** The whole procedure on `examples` (at least two draws): λ by leave-one-draw-out, then Platt on the out-of-draw logits. */
function fitAll<F extends object>(examples: readonly Drawn<F>[], template: LogisticModel<F>): Fitted<F> {
  const { model: ridge, lambda } = fitLogisticCv(examples, template, byDraw);
  const outOfDraw: { eta: number; y: number }[] = [];
  for (const g of new Set(examples.map((e) => e.draw))) {
    const m = fitLogistic(
      examples.filter((e) => e.draw !== g),
      template,
      lambda,
    );
    for (const e of examples) if (e.draw === g) outOfDraw.push({ eta: logit(m, e.x), y: e.y });
  }
  const platt = fitPlatt(outOfDraw);
  return { ridge, lambda, platt, scaled: plattModel(ridge, platt) };
}

const fmt = (p: { a: number; b: number }) => `a = ${p.a.toFixed(3)}, b = ${p.b.toFixed(3)}`;
const whole = fitAll(root, ROOT_CONFIDENCE_MODEL);
console.log(
  `\nRoot model: ridge λ = ${whole.lambda} (leave-one-draw-out log loss ${groupedLoss(root, ROOT_CONFIDENCE_MODEL, whole.lambda, byDraw).toFixed(3)}; leave-one-out would choose λ = ${fitLogisticCv(root, ROOT_CONFIDENCE_MODEL).lambda}); Platt on the out-of-draw logits: ${fmt(whole.platt)}`,
);

// Out of sample by draw: each draw predicted by the whole procedure run on the other draws.
const logLoss = (ps: readonly Scored[]) =>
  ps.reduce((s, p) => {
    const q = Math.min(1 - 1e-6, Math.max(1e-6, p.confidence));
    return s - (p.correct ? Math.log(q) : Math.log(1 - q));
  }, 0) / Math.max(1, ps.length);
const rows: { name: string; ridge: Reliability; scaled: Reliability }[] = [];
const pooledRidge: Scored[] = [];
const pooledScaled: Scored[] = [];
for (const g of draws) {
  const f = fitAll(
    root.filter((e) => e.draw !== g),
    ROOT_CONFIDENCE_MODEL,
  );
  const test = root.filter((e) => e.draw === g);
  const r = test.map((e) => ({ confidence: logistic(f.ridge, e.x), correct: e.y === 1 }));
  const sc = test.map((e) => ({ confidence: logistic(f.scaled, e.x), correct: e.y === 1 }));
  pooledRidge.push(...r);
  pooledScaled.push(...sc);
  console.log(`\nWithout ${g}: λ = ${f.lambda}, Platt ${fmt(f.platt)}`);
  rows.push({
    name: `fitted without ${g}, tested on ${g}`,
    ridge: reliability(`Out of sample: fitted without ${g}, ridge alone, reliability on ${g}`, r),
    scaled: reliability(`Out of sample: fitted without ${g}, ridge + Platt, reliability on ${g}`, sc),
  });
}
rows.push({
  name: "leave one draw out, pooled",
  ridge: reliability("Out of sample: leave one draw out, pooled, ridge alone", pooledRidge),
  scaled: reliability("Out of sample: leave one draw out, pooled, ridge + Platt", pooledScaled),
});
const usePlatt = logLoss(pooledScaled) < logLoss(pooledRidge);
console.log(
  `\nLeave-one-draw-out log loss: ridge alone ${logLoss(pooledRidge).toFixed(3)}, ridge + Platt ${logLoss(pooledScaled).toFixed(3)}: ${usePlatt ? "Platt scaling kept" : "ridge alone kept"}`,
);

const days = [...new Set(root.map((e) => e.day))];
const lodoRidge: Scored[] = [];
const lodoScaled: Scored[] = [];
for (const day of days) {
  const f = fitAll(
    root.filter((e) => e.day !== day),
    ROOT_CONFIDENCE_MODEL,
  );
  for (const e of root) {
    if (e.day !== day) continue;
    lodoRidge.push({ confidence: logistic(f.ridge, e.x), correct: e.y === 1 });
    lodoScaled.push({ confidence: logistic(f.scaled, e.x), correct: e.y === 1 });
  }
}
rows.push({
  name: `leave one day out, all draws (${days.length} days)`,
  ridge: reliability(
    `Out of sample: leave one day out over all draws (${days.length} days), ridge alone`,
    lodoRidge,
    false,
  ),
  scaled: reliability(
    `Out of sample: leave one day out over all draws (${days.length} days), ridge + Platt`,
    lodoScaled,
  ),
});

const chosen = usePlatt ? whole.scaled : whole.ridge;
const inSample = root.map((e) => ({ confidence: logistic(chosen, e.x), correct: e.y === 1 }));
rows.push({
  name: "in sample, all draws",
  ridge: reliability(
    "In sample, ridge alone",
    root.map((e) => ({ confidence: logistic(whole.ridge, e.x), correct: e.y === 1 })),
    false,
  ),
  scaled: reliability(
    "In sample, ridge + Platt",
    root.map((e) => ({ confidence: logistic(whole.scaled, e.x), correct: e.y === 1 })),
    false,
  ),
});
reliability("Reliability in sample of the model written: what the runners print once written", inSample);
for (const g of draws)
  reliability(
    `The same, ${g}'s incidents only`,
    inSample.filter((_, i) => root[i]?.draw === g),
  );

const cell = (r: Reliability) => `${r.meanConfidence.toFixed(3)} / ${r.gap.toFixed(3)} / ${r.brier.toFixed(3)}`;
console.log(
  "\n| reliability | incidents | accuracy (constant's Brier) | ridge: mean confidence / largest gap / Brier | ridge + Platt: the same |\n| --- | --- | --- | --- | --- |",
);
for (const r of rows)
  console.log(
    `| ${r.name} | ${r.ridge.n} | ${r.ridge.accuracy.toFixed(3)} (${r.ridge.constant.toFixed(3)}) | ${cell(r.ridge)} | ${cell(r.scaled)} |`,
  );

// Dumps kept out of the fit (`--test`): the model in place before this fit, and the refit.
const kept = readDumps(filesAfter("--test"));
for (const g of [...new Set(kept.map((d) => d.suite))]) {
  const test = kept.filter((d) => d.suite === g);
  const scored = (m: LogisticModel<RootEvidence>) =>
    test.map((d) => ({ confidence: logistic(m, rootEvidenceOf(d, d.threshold, d.windowMs)), correct: d.correct }));
  reliability(`Kept out of the fit, ${g}: the model in place before this fit`, scored(ROOT_CONFIDENCE_MODEL));
  reliability(`Kept out of the fit, ${g}: the refit`, scored(chosen));
}

const incidentWhole = fitAll(incident, INCIDENT_CONFIDENCE_MODEL);
const incidentChosen = usePlatt ? incidentWhole.scaled : incidentWhole.ridge;
console.log(
  `\nROOT_CONFIDENCE_MODEL (ridge λ = ${whole.lambda}${usePlatt ? `, Platt ${fmt(whole.platt)}` : ""}):\n${JSON.stringify(chosen)}`,
);
console.log(
  `INCIDENT_CONFIDENCE_MODEL (ridge λ = ${incidentWhole.lambda}${usePlatt ? `, Platt ${fmt(incidentWhole.platt)}` : ""}):\n${JSON.stringify(incidentChosen)}`,
);

if (write) {
  const source = readFileSync(CONFIDENCE_TS, "utf8");
  const begin = source.indexOf("// BEGIN fitted models");
  const end = source.indexOf("// END fitted models");
  if (begin < 0 || end < 0) throw new Error("eval/calibrate: confidence.ts has no BEGIN/END fitted models markers");
  const counts = draws.map((s) => `${data.filter((d) => d.suite === s).length} of ${s}`).join(", ");
  const how = (f: Fitted<object>) =>
    `ridge λ = ${f.lambda}, chosen by leave-one-draw-out log loss${usePlatt ? `; Platt-scaled (${fmt(f.platt)}) on the leave-one-draw-out logits` : ""}`;
  const block = `// BEGIN fitted models: written by \`npm run eval:calibrate\` (eval/calibrate.ts); do not edit by hand.
${modelText("ROOT_CONFIDENCE_MODEL", "RootEvidence", chosen, `Fitted by eval/calibrate.ts on whether the root is right, over ${data.length} reported incidents (${counts}); ${how(whole as Fitted<object>)}.`)}
${modelText("INCIDENT_CONFIDENCE_MODEL", "IncidentEvidence", incidentChosen, `Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same incidents; ${how(incidentWhole as Fitted<object>)}.`)}`;
  writeFileSync(CONFIDENCE_TS, source.slice(0, begin) + block + source.slice(end));
  console.log(`\nWrote both models into ${CONFIDENCE_TS.pathname} (run npx biome format --write on it).`);
}
