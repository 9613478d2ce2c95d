/*
 * npm run eval:heldout [-- --pick 3,5] [-- --only NAME] [-- --seed N] [-- --verbose] [-- --quiet] [-- --dump FILE]
 *
 * The held-out suite (eval/heldout/): analyzeIncidents with its defaults over days from a second,
 * independent generator, scored by eval/score.ts's unchanged rules, printed as the same target
 * table as `npm run eval`. The confidence models are fitted on both suites (`npm run
 * eval:calibrate`, eval/calibrate.ts), so the reliability table here is in sample; calibrate
 * prints the out-of-sample ones (one suite on the other, leave one day out over both).
 */
import { analyzeDay } from "../analyze.js";
import { writeDump } from "../dump.js";
import { outcomeLine, pct, printFindings, printTargets, span, tallyTargets } from "../format.js";
import { largestGap, MIN_BIN, printReliability, reliabilityDeciles } from "../reliability.js";
import { type ScenarioOutcome, scoreScenario } from "../score.js";
import { type DaySpec, generateDay } from "./day.js";
import { HELDOUT_SEED, heldoutSuite } from "./suite.js";

const args = process.argv.slice(2);
const value = (flag: string) => (args.includes(flag) ? args[args.indexOf(flag) + 1] : undefined);
const only = value("--only");
const pick = value("--pick") === undefined ? undefined : new Set((value("--pick") ?? "").split(",").map(Number));
const seed = value("--seed") === undefined ? HELDOUT_SEED : Number(value("--seed"));
const quiet = args.includes("--quiet");
const verbose = args.includes("--verbose");
const checkAll = args.includes("--check-all");

interface Row {
  readonly spec: DaySpec;
  readonly events: number;
  readonly models: number;
  readonly windowMs: number;
  readonly seconds: number;
  readonly outcome: ScenarioOutcome;
  /** The day's number in the suite (1-based). */
  readonly number: number;
  readonly threshold: number;
}

function runDay(spec: DaySpec, dayNumber: number): Row {
  const started = performance.now();
  const day = generateDay(spec);
  const { analysis, events: n } = analyzeDay(spec.name, day.events, checkAll ? 1 : 97);
  const outcome = scoreScenario(analysis, day.injections, day.labels);
  if (verbose) {
    for (const f of spec.faults)
      console.log(
        `  fault ${f.kind} on ${f.tenant}/${f.model} at ${new Date(f.onsetMs).toISOString()} for ${f.durationMs / 60_000} min ×${f.magnitude.toFixed(2)} fraction ${f.fraction.toFixed(2)} follow-on ${f.followOn}${f.cascade === undefined ? "" : ` leads ${f.leads} then ${f.cascade.map((x) => `${x.model}+${x.delayMs / 60_000}m`).join(", ")}`}`,
      );
    for (const i of day.injections)
      console.log(`  truth ${i.kind} model ${i.model} onset ${new Date(i.onsetMs).toISOString()}`);
    for (const d of spec.deploys)
      console.log(
        `  deploy ${d.tenant}/${d.model} at ${new Date(d.atMs).toISOString()} latency ×${d.latency.toFixed(2)} tokens ×${d.tokens.toFixed(2)}${d.to === undefined ? "" : ` ${Math.round(d.shift * 100)}% → ${d.to}`}`,
      );
    printFindings(analysis, 40, (inc) => {
      const root = inc.root_cause === null ? undefined : day.labels.get(inc.root_cause.root_event_id);
      return `    root ${inc.root?.timestamp} ${inc.root?.summary} conf ${inc.root_cause?.confidence.toFixed(2)} label ${JSON.stringify(root === undefined ? root : { ...root, at: new Date(root.ms).toISOString() })}`;
    });
  }
  return {
    spec,
    events: n,
    models: day.modelIds,
    windowMs: analysis.method.window_ms,
    seconds: (performance.now() - started) / 1000,
    outcome,
    number: dayNumber,
    threshold: analysis.method.threshold_z,
  };
}

const suite = heldoutSuite(seed);
const rows: Row[] = [];
for (const [index, spec] of suite.entries()) {
  if (only !== undefined && !spec.name.includes(only)) continue;
  if (pick !== undefined && !pick.has(index + 1)) continue;
  const row = runDay(spec, index + 1);
  rows.push(row);
  if (!quiet) {
    const o = row.outcome;
    const { truths, roots } = outcomeLine(o);
    const producers = spec.tenants.map((t) => `${t.instrumentation}/${t.severity}`).join(",");
    console.log(
      `${spec.name.padEnd(26)} ${String(row.events).padStart(6)} ev ${String(row.models).padStart(2)} ids ${span(spec.spanMs).padStart(4)} ${producers.padEnd(30)} w=${row.windowMs / 60_000}m ${row.seconds.toFixed(1)}s | ${truths || "no injection"} | false ${o.falseIncidents} | ${roots}`,
    );
  }
}

const targets = tallyTargets(
  rows.map((r) => ({
    injected: r.spec.faults.length > 0,
    modelDays: r.models * (r.spec.spanMs / 86_400_000),
    outcome: r.outcome,
  })),
);
const pairs = rows.flatMap((r) => r.outcome.calibration);
const bins = reliabilityDeciles(pairs);
const worstGap = largestGap(bins);
/** `--dump FILE`: every reported incident's findings and outcome (eval/dump.ts), for eval/calibrate.ts. */
if (value("--dump") !== undefined)
  writeDump(
    value("--dump") as string,
    `heldout@${seed}`,
    rows.map((r) => ({
      day: r.number,
      threshold: r.threshold,
      windowMs: r.windowMs,
      strays: r.outcome.strays,
      dayWindows: r.outcome.dayWindows,
      calibration: r.outcome.calibration,
    })),
  );
const totalEvents = rows.reduce((s, r) => s + r.events, 0);

console.log(
  `\nheld-out suite (seed ${seed}): ${rows.length} scenario days (${targets.incidentDays} with incidents, ${targets.freeDays} without), ${totalEvents.toLocaleString("en-US")} events, ${targets.truths} injected incidents; defaults of analyzeIncidents\n`,
);
printTargets({
  ...targets,
  gap: worstGap,
  gapHow: "in sample",
  minBin: MIN_BIN,
});
printReliability(
  "Reliability of root_cause.confidence (every reported incident; a false one counts as a wrong root)",
  bins,
  pairs,
);
const byLabel = new Map<string, { n: number; found: number; root: number; falseOnes: number; days: number }>();
for (const r of rows) {
  const tally = byLabel.get(r.spec.label) ?? { n: 0, found: 0, root: 0, falseOnes: 0, days: 0 };
  tally.days++;
  tally.falseOnes += r.outcome.falseIncidents;
  for (const t of r.outcome.truths) {
    tally.n++;
    if (t.found) tally.found++;
    if (t.rootCorrect) tally.root++;
  }
  byLabel.set(r.spec.label, tally);
}
console.log("\nBy scenario kind\n");
console.log("| kind | days | incidents | recall | root cause | false incidents |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const [label, t] of byLabel)
  console.log(`| ${label} | ${t.days} | ${t.n} | ${pct(t.found, t.n)} | ${pct(t.root, t.n)} | ${t.falseOnes} |`);
