/*
 * `npm run bench`: the performance figures of docs/performance.md, printed as one table.
 *
 *   npm run bench                      everything (a few minutes on a busy 2-core machine)
 *   npm run bench -- validation ndjson only these sections
 *   npm run bench -- --quick           smaller inputs and budgets (a smoke run)
 *   npm run bench -- --json out.json   also write the rows and notes as JSON
 *
 * Sections: validation, ndjson, quantiles, sketch, rollup, package, otlp.
 */
import { writeFileSync } from "node:fs";
import { cpus } from "node:os";
import { quantileBench, rollupBench, sketchBench } from "./figures.js";
import { otlpBench } from "./otlp.js";
import { packageBench } from "./package.js";
import { type Notes, printTable, type Row } from "./report.js";
import { ndjsonBench, validationBench } from "./validation.js";

const SECTIONS = {
  validation: validationBench,
  ndjson: ndjsonBench,
  quantiles: quantileBench,
  sketch: sketchBench,
  rollup: rollupBench,
  package: packageBench,
  otlp: otlpBench,
} as const;
type Section = keyof typeof SECTIONS;

const args = process.argv.slice(2);
const quick = args.includes("--quick");
const jsonAt = args.indexOf("--json");
const jsonFile = jsonAt === -1 ? undefined : args[jsonAt + 1];
const asked = args.filter((a, i) => !a.startsWith("--") && (jsonAt === -1 || i !== jsonAt + 1));
for (const a of asked) {
  if (!(a in SECTIONS))
    throw new Error(`bench: unknown section ${JSON.stringify(a)}; known: ${Object.keys(SECTIONS).join(", ")}`);
}
const chosen = (asked.length > 0 ? asked : Object.keys(SECTIONS)) as Section[];

const rows: Row[] = [];
const notes: Notes = [];
const machine = `${cpus()[0]?.model ?? "unknown CPU"}, ${cpus().length} logical CPUs, node ${process.version}, ${process.platform}/${process.arch}`;
console.log(`llm-analytics-hub benchmarks — ${machine}`);
console.log("times: process CPU time (see bench/harness.ts); ratios: medians of per-round ratios in this process\n");
const started = Date.now();
for (const name of chosen) {
  const t0 = Date.now();
  process.stdout.write(`${name} … `);
  await SECTIONS[name](rows, notes, quick);
  console.log(`${((Date.now() - t0) / 1000).toFixed(0)} s`);
}
console.log(`\n${printTable(rows)}\n`);
for (const note of notes) console.log(`- ${note}`);
console.log(`\n${((Date.now() - started) / 1000).toFixed(0)} s wall in total${quick ? " (--quick)" : ""}`);
if (jsonFile) writeFileSync(jsonFile, `${JSON.stringify({ machine, quick, rows, notes }, null, 2)}\n`);
