/*
 * npm run eval:fourth [-- --seed S] [-- --pick 3,5] [-- --only NAME] [-- --verbose] [-- --quiet] [-- --dump FILE]
 *
 * analyzeIncidents with its defaults over the fourth generator's days (eval/fourth/), scored by
 * eval/score.ts and printed as eval/third/run.ts prints its suite: the targets of issue 13, the
 * reliability of root_cause.confidence and the outcome per scenario kind. The generator was
 * written without reading the other three, and no constant of the detection or root choice was
 * fitted on its days. The confidence model is, since round nineteen (eval/calibrate.ts over all
 * four generators): the reliability table is in sample; calibrate's leave-one-generator-out is
 * out of sample.
 */
import { analyzeDay } from "../analyze.js";
import { writeDump } from "../dump.js";
import { outcomeLine, printByKind, printFindings, printTargets, span, tallyTargets } from "../format.js";
import { largestGap, MIN_BIN, printReliability, reliabilityDeciles } from "../reliability.js";
import { type ScenarioOutcome, scoreScenario } from "../score.js";
import { generateFourth } from "./day.js";
import { DEFAULT_SEED, type FourthDay, fourthSuite } from "./suite.js";

const args = process.argv.slice(2);
const arg = (name: string): string | undefined => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const seed = Number(arg("--seed") ?? DEFAULT_SEED);
if (!Number.isInteger(seed)) throw new Error(`eval:fourth: --seed must be an integer, received ${arg("--seed")}`);
const only = arg("--only");
const pick = arg("--pick") === undefined ? undefined : new Set((arg("--pick") as string).split(",").map(Number));
const verbose = args.includes("--verbose");
const quiet = args.includes("--quiet");

interface Row {
  readonly day: FourthDay;
  readonly index: number;
  readonly events: number;
  readonly windowMs: number;
  readonly threshold: number;
  readonly outcome: ScenarioOutcome;
}

const iso = (ms: number) => new Date(Math.round(ms)).toISOString();

function describe(day: FourthDay): void {
  for (const m of day.models) {
    const life = m.joins ? ` joins ${iso(m.fromMs)}` : m.leaves ? ` leaves ${iso(m.toMs)}` : "";
    console.log(
      `  model ${m.id} ${m.emitter}${m.emitter === "bridge" ? `(${m.scrapeS}s${m.cumulative ? " cumulative" : ""}${m.skipEmpty ? " skip-empty" : ""})` : ""} ${m.arrival} ${m.perMinute.toFixed(2)}/min diurnal ${m.diurnal.toFixed(2)} tz ${m.tzH} severity ${m.severity} ${m.streaming ? `streaming ttft ${m.ttftMs.toFixed(0)}ms` : `median ${m.medianMs.toFixed(0)}ms`} σ ${m.sigma.toFixed(2)} tail ${(100 * m.tailP).toFixed(1)}%/α${m.tailAlpha.toFixed(1)} cache ${(100 * m.cacheHit).toFixed(0)}% errors ${(100 * m.baseErrorRate).toFixed(2)}% timeout ${m.timeoutMs / 1000}s retry ${m.retryP.toFixed(2)} skew ${(m.skewMs / 1000).toFixed(0)}s${life}`,
    );
    for (const d of m.deploys) console.log(`    deploy at ${iso(d.ms)} latency ×${d.factor.toFixed(2)}`);
  }
  for (const i of day.injections)
    console.log(
      `  injected ${i.kind}/${i.variant} on ${i.model ?? "-"} at ${iso(i.onsetMs)}${i.onsetMs === i.trueOnsetMs ? "" : ` (true ${iso(i.trueOnsetMs)})`} for ${(i.durationMs / 60_000).toFixed(1)} min${i.rampMs > 0 ? ` (ramp ${(i.rampMs / 60_000).toFixed(0)} min)` : ""}, ×${i.magnitude.toFixed(2)}, fraction ${i.fraction.toFixed(2)}, effects ${i.effects}`,
    );
}

function runDay(day: FourthDay, index: number): Row {
  const started = performance.now();
  const { events, labels } = generateFourth(day);
  const { analysis, events: n } = analyzeDay(day.name, events, 97);
  const outcome = scoreScenario(analysis, day.injections, labels);
  if (verbose) {
    describe(day);
    printFindings(analysis, 40, (inc) => {
      const root = inc.root_cause === null ? undefined : labels.get(inc.root_cause.root_event_id);
      return `    root ${inc.root?.timestamp} ${inc.root?.summary} label ${JSON.stringify(root)}`;
    });
  }
  if (!quiet) {
    const { truths, roots } = outcomeLine(outcome);
    const emitters = [...new Set(day.models.map((m) => m.emitter))].sort().join("+");
    const habits = [...new Set(day.models.map((m) => m.severity))].sort().join("+");
    console.log(
      `${day.name.padEnd(24)} ${String(n).padStart(7)} ev ${String(day.models.length).padStart(2)} models ${span(day.spanMs).padStart(4)} ${emitters.padEnd(24)} ${habits.padEnd(19)} w=${analysis.method.window_ms / 60_000}m ${((performance.now() - started) / 1000).toFixed(1)}s | ${truths || "no injection"} | false ${outcome.falseIncidents} | ${roots}`,
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
for (const [index, day] of fourthSuite(seed).entries()) {
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
    `fourth@${seed}`,
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
  `\n${rows.length} scenario days of the fourth generator, seed ${seed} (${targets.incidentDays} with incidents, ${targets.freeDays} without), ${total.toLocaleString("en-US")} events, ${targets.truths} injected incidents; defaults of analyzeIncidents\n`,
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
