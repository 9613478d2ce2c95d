/*
 * npm run eval:third [-- --seed S] [-- --pick 3,5] [-- --only NAME] [-- --verbose] [-- --quiet] [-- --dump FILE] [-- --no-cron]
 *
 * analyzeIncidents with its defaults over the third generator's days (eval/third/), scored by
 * eval/score.ts and printed as eval/run.ts prints its suite: the targets of issue 13, the
 * reliability of root_cause.confidence and the outcome per scenario kind. Since round nineteen
 * the confidence model is fitted on these days too (eval/calibrate.ts over all four generators),
 * so the reliability table is in sample; calibrate's leave-one-generator-out is out of sample.
 */
import { analyzeDay } from "../analyze.js";
import { writeDump } from "../dump.js";
import { outcomeLine, printByKind, printFindings, printTargets, span, tallyTargets } from "../format.js";
import { largestGap, MIN_BIN, printReliability, reliabilityDeciles } from "../reliability.js";
import { type ScenarioOutcome, scoreScenario } from "../score.js";
import { generateThird, type ThirdDay } from "./day.js";
import { DEFAULT_SEED, thirdSuite } from "./suite.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seed = Number(arg("--seed") ?? DEFAULT_SEED);
if (!Number.isInteger(seed)) throw new Error(`eval:third: --seed must be an integer, received ${arg("--seed")}`);
const only = arg("--only");
const pick = arg("--pick") === undefined ? undefined : new Set((arg("--pick") as string).split(",").map(Number));
const verbose = args.includes("--verbose");
const quiet = args.includes("--quiet");
/** `--no-cron`: the same days with cron batches spread evenly (to see what else fails). */
const cron = !args.includes("--no-cron");

interface Row {
  readonly day: ThirdDay;
  readonly index: number;
  readonly events: number;
  readonly windowMs: number;
  readonly threshold: number;
  readonly outcome: ScenarioOutcome;
}

function runDay(day: ThirdDay, index: number): Row {
  const started = performance.now();
  const { events, labels } = generateThird(day);
  const { analysis, events: n } = analyzeDay(day.name, events, 97);
  const outcome = scoreScenario(analysis, day.injections, labels);
  if (verbose) {
    for (const m of day.models)
      console.log(
        `  model ${m.id} ${m.emitter} ${m.traffic} ${m.perMinute.toFixed(1)}/min${m.traffic === "cron" ? ` +${m.cronSize} every ${m.cronEveryMin} min` : ""} errors ${(100 * m.baseErrorRate).toFixed(1)}% ${m.emitter === "prom" ? `scrape ${m.scrapeS}s` : ""}`,
      );
    for (const d of day.deploys)
      console.log(`  deploy ${d.model} at ${new Date(d.ms).toISOString()} latency ×${d.factor.toFixed(2)}`);
    for (const j of day.joins)
      console.log(`  tenant joins ${j.model} at ${new Date(j.ms).toISOString()} traffic ×${j.factor.toFixed(2)}`);
    for (const i of day.injections)
      console.log(
        `  injected ${i.kind} on ${i.model} at ${new Date(i.onsetMs).toISOString()} for ${(i.durationMs / 60_000).toFixed(1)} min, ×${i.magnitude.toFixed(2)}, fraction ${i.fraction.toFixed(2)}, effects ${i.effects}`,
      );
    printFindings(analysis, 40, (inc) => {
      const root = inc.root_cause === null ? undefined : labels.get(inc.root_cause.root_event_id);
      return `    root ${inc.root?.timestamp} ${inc.root?.summary} label ${JSON.stringify(root)}`;
    });
  }
  if (!quiet) {
    const { truths, roots } = outcomeLine(outcome);
    const emitters = [...new Set(day.models.map((m) => m.emitter))].join("+");
    console.log(
      `${day.name.padEnd(24)} ${String(n).padStart(7)} ev ${String(day.models.length).padStart(2)} models ${span(day.spanMs).padStart(4)} ${emitters.padEnd(18)} ${day.severity.padEnd(7)} w=${analysis.method.window_ms / 60_000}m ${((performance.now() - started) / 1000).toFixed(1)}s | ${truths || "no injection"} | false ${outcome.falseIncidents} | ${roots}`,
    );
  }
  return {
    day,
    index,
    events: n,
    windowMs: analysis.method.window_ms,
    threshold: analysis.method.threshold_z,
    outcome,
  };
}

const rows: Row[] = [];
for (const [index, day] of thirdSuite(seed, { cron }).entries()) {
  if (only !== undefined && !day.name.includes(only)) continue;
  if (pick !== undefined && !pick.has(index + 1)) continue;
  rows.push(runDay(day, index));
}

const incidentRows = rows.filter((r) => r.day.injections.length > 0);
const targets = tallyTargets(
  rows.map((r) => ({
    injected: r.day.injections.length > 0,
    modelDays: r.day.models.length * (r.day.spanMs / 86_400_000),
    outcome: r.outcome,
  })),
);
const scored = rows.flatMap((r) => r.outcome.calibration);
const bins = reliabilityDeciles(scored);
const gap = largestGap(bins);

if (arg("--dump") !== undefined)
  writeDump(
    arg("--dump") as string,
    `third@${seed}`,
    rows.map((r) => ({
      day: r.index + 1,
      threshold: r.threshold,
      windowMs: r.windowMs,
      strays: r.outcome.strays,
      dayWindows: r.outcome.dayWindows,
      calibration: r.outcome.calibration,
    })),
  );

const total = rows.reduce((s, r) => s + r.events, 0);
console.log(
  `\n${rows.length} scenario days of the third generator, seed ${seed}${cron ? "" : ", cron batches spread"} (${targets.incidentDays} with incidents, ${targets.freeDays} without), ${total.toLocaleString("en-US")} events, ${targets.truths} injected incidents; defaults of analyzeIncidents\n`,
);
printTargets({
  ...targets,
  gap,
  gapHow: "in sample",
  minBin: MIN_BIN,
});
printReliability(
  "Reliability of root_cause.confidence (every reported incident; a false one counts as a wrong root)",
  bins,
  scored,
);
printByKind(incidentRows.map((r) => ({ label: r.day.label, outcome: r.outcome })));
