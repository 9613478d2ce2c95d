/*
 * npm run eval:calibrate                 runs both suites, fits, prints, writes confidence.ts
 * npx tsx eval/calibrate.ts --from A B   fits on dumps already written (`--dump FILE` of
 *                                        eval/run.ts and eval/heldout/run.ts); add --write to
 *                                        write the coefficients
 *
 * The one refit of the confidence models of src/correlation/incidents/confidence.ts, over every
 * incident both suites report (eval/'s generator and eval/heldout/'s, written separately), with
 * eval/fit.ts's ridge logistic regression (λ by leave-one-out). It prints how well the fit
 * generalizes, honestly out of sample:
 * - fit on one suite, reliability on the other (both ways): a generator the fit never saw;
 * - leave one day out over both suites: each day's incidents predicted by a model fitted (λ
 *   chosen again) on every other day of both;
 * and, in sample, the reliability the runners will print once the coefficients are written.
 * With --write (the npm script passes it) the block between the BEGIN/END markers of
 * confidence.ts is replaced by the fitted models: the coefficients are the fit's output, never
 * edited by hand.
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
import { type Example, fitLogisticCv } from "./fit.js";

const args = process.argv.slice(2);
const write = args.includes("--write");
const CONFIDENCE_TS = new URL("../src/correlation/incidents/confidence.ts", import.meta.url);

function run(script: string, dump: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn("npx", ["tsx", script, "--quiet", "--dump", dump], { stdio: ["ignore", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => {
      out += d.toString();
    });
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`${script} exited with ${code}`))));
  });
}

async function dumps(): Promise<DumpedIncident[]> {
  let files: string[];
  if (args.includes("--from")) {
    const at = args.indexOf("--from");
    files = args.slice(at + 1).filter((a) => !a.startsWith("--"));
  } else {
    const dir = mkdtempSync(join(tmpdir(), "calibrate-"));
    files = [join(dir, "eval.json"), join(dir, "heldout.json")];
    console.log("Running both suites (eval/run.ts and eval/heldout/run.ts, side by side)…\n");
    // The runners' own tables state the confidence of the coefficients in place before this fit.
    const [a, b] = await Promise.all([run("eval/run.ts", files[0]!), run("eval/heldout/run.ts", files[1]!)]);
    console.log(`${a}\n${b}`);
  }
  return files.flatMap((f) => JSON.parse(readFileSync(f, "utf8")) as DumpedIncident[]);
}

interface Scored {
  readonly confidence: number;
  readonly correct: boolean;
}

const MIN_BIN = 5;

function reliability(title: string, scored: readonly Scored[]): number {
  console.log(`\n${title}\n`);
  console.log("| confidence | incidents | mean confidence | observed accuracy | gap |");
  console.log("| --- | --- | --- | --- | --- |");
  let worst = 0;
  for (let d = 0; d < 10; d++) {
    const inBin = scored.filter((p) => Math.min(9, Math.floor(p.confidence * 10)) === d);
    if (inBin.length === 0) continue;
    const mean = inBin.reduce((s, p) => s + p.confidence, 0) / inBin.length;
    const acc = inBin.filter((p) => p.correct).length / inBin.length;
    if (inBin.length >= MIN_BIN) worst = Math.max(worst, Math.abs(mean - acc));
    console.log(
      `| ${(d / 10).toFixed(1)}–${((d + 1) / 10).toFixed(1)} | ${inBin.length} | ${mean.toFixed(3)} | ${acc.toFixed(3)} | ${Math.abs(mean - acc).toFixed(3)} |`,
    );
  }
  const brier = scored.reduce((s, p) => s + (p.confidence - (p.correct ? 1 : 0)) ** 2, 0) / Math.max(1, scored.length);
  const accuracy = scored.filter((p) => p.correct).length / Math.max(1, scored.length);
  console.log(
    `\nlargest gap (deciles of ≥ ${MIN_BIN}): ${worst.toFixed(3)}; Brier score ${brier.toFixed(3)} (a constant at the observed accuracy ${accuracy.toFixed(3)} scores ${(accuracy * (1 - accuracy)).toFixed(3)})`,
  );
  return worst;
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
const root = data.map((d) => ({ d, x: rootEvidenceOf(d, d.threshold, d.windowMs), y: d.correct ? 1 : 0 }));
const suites = [...new Set(data.map((d) => d.suite))];
console.log(
  `\n${data.length} reported incidents: ${suites.map((s) => `${s} ${data.filter((d) => d.suite === s).length} (${data.filter((d) => d.suite === s && d.correct).length} with the right root)`).join(", ")}`,
);

// What each feature says on its own: its mean over right roots and over wrong ones.
console.log("\n| feature | mean, right roots | mean, wrong roots |\n| --- | --- | --- |");
for (const k of Object.keys(ROOT_CONFIDENCE_MODEL.weights) as (keyof RootEvidence)[]) {
  const mean = (ys: typeof root) => ys.reduce((s, e) => s + e.x[k], 0) / Math.max(1, ys.length);
  console.log(
    `| ${k} | ${mean(root.filter((e) => e.y === 1)).toFixed(3)} | ${mean(root.filter((e) => e.y === 0)).toFixed(3)} |`,
  );
}

const refit = (examples: readonly Example<RootEvidence>[]) => fitLogisticCv(examples, ROOT_CONFIDENCE_MODEL);
const whole = refit(root);
const gaps: Record<string, number> = {};
gaps["in sample, both suites"] = reliability(
  `Reliability in sample (fitted on both suites, ridge λ = ${whole.lambda}): what the runners print once written`,
  root.map((e) => ({ confidence: logistic(whole.model, e.x), correct: e.y === 1 })),
);
for (const s of suites)
  gaps[`in sample, ${s}`] = reliability(
    `The same, ${s}'s incidents only`,
    root.filter((e) => e.d.suite === s).map((e) => ({ confidence: logistic(whole.model, e.x), correct: e.y === 1 })),
  );
for (const train of suites) {
  for (const test of suites) {
    if (train === test) continue;
    const m = refit(root.filter((e) => e.d.suite === train));
    gaps[`fitted on ${train}, tested on ${test}`] = reliability(
      `Out of sample: fitted on ${train} only (λ = ${m.lambda}), reliability on ${test}`,
      root.filter((e) => e.d.suite === test).map((e) => ({ confidence: logistic(m.model, e.x), correct: e.y === 1 })),
    );
  }
}
const days = [...new Set(root.map((e) => `${e.d.suite}#${e.d.day}`))];
const lodo = days.flatMap((day) => {
  const m = refit(root.filter((e) => `${e.d.suite}#${e.d.day}` !== day));
  return root
    .filter((e) => `${e.d.suite}#${e.d.day}` === day)
    .map((e) => ({ confidence: logistic(m.model, e.x), correct: e.y === 1 }));
});
gaps["leave one day out, both suites"] = reliability(
  `Out of sample: leave one day out over both suites (${days.length} days)`,
  lodo,
);

console.log("\n| reliability | largest gap |\n| --- | --- |");
for (const [k, v] of Object.entries(gaps)) console.log(`| ${k} | ${v.toFixed(3)} |`);

const incident = data.map((d) => ({ x: incidentEvidenceOf(d, d.threshold), y: d.matched ? 1 : 0 }));
const incidentFit = fitLogisticCv<IncidentEvidence>(incident, INCIDENT_CONFIDENCE_MODEL);
console.log(`\nROOT_CONFIDENCE_MODEL (ridge λ = ${whole.lambda}):\n${JSON.stringify(whole.model)}`);
console.log(`INCIDENT_CONFIDENCE_MODEL (ridge λ = ${incidentFit.lambda}):\n${JSON.stringify(incidentFit.model)}`);

if (write) {
  const source = readFileSync(CONFIDENCE_TS, "utf8");
  const begin = source.indexOf("// BEGIN fitted models");
  const end = source.indexOf("// END fitted models");
  if (begin < 0 || end < 0) throw new Error("eval/calibrate: confidence.ts has no BEGIN/END fitted models markers");
  const counts = suites.map((s) => `${data.filter((d) => d.suite === s).length} of ${s}`).join(", ");
  const block = `// BEGIN fitted models: written by \`npm run eval:calibrate\` (eval/calibrate.ts); do not edit by hand.
${modelText("ROOT_CONFIDENCE_MODEL", "RootEvidence", whole.model, `Fitted by eval/calibrate.ts on whether the root is right, over ${data.length} reported incidents (${counts}); ridge λ = ${whole.lambda}, chosen by leave-one-out.`)}
${modelText("INCIDENT_CONFIDENCE_MODEL", "IncidentEvidence", incidentFit.model, `Fitted by eval/calibrate.ts on whether a reported incident matches an injection, over the same incidents; ridge λ = ${incidentFit.lambda}, chosen by leave-one-out.`)}`;
  writeFileSync(CONFIDENCE_TS, source.slice(0, begin) + block + source.slice(end));
  console.log(`\nWrote both models into ${CONFIDENCE_TS.pathname} (run npx biome format --write on it).`);
}
