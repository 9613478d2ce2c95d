/*
 * npm run eval [-- --only NAME] [-- --fit] [-- --quiet]
 *
 * Runs analyzeIncidents with its defaults over every scenario day of the suite (eval/suite.ts),
 * scores it against the injected ground truth (eval/score.ts) and prints the targets of issue
 * 13 and the reliability table of the root-cause confidence over the whole suite. The
 * confidence models of confidence.ts are fitted on this suite and the held-out one together
 * (`npm run eval:calibrate`, eval/calibrate.ts, writes them; `--fit` here only shows a refit on
 * this suite alone), so that table is in-sample; a second table is out of sample:
 * two-fold cross-validation (a model fitted on the even days predicts the odd ones, and the
 * other way round), and a third leaves one day out at a time: fair estimates of how calibrated
 * the confidence is on days not seen.
 */

import { analyzeDay } from "./analyze.js";
import { writeDump } from "./dump.js";
import { fitConfidence, type Outcome, rootConfidence } from "./fit.js";
import { outcomeLine, printByKind, printFindings, printTargets, span, tallyTargets } from "./format.js";
import { largestGap, MIN_BIN, printReliability, reliabilityDeciles } from "./reliability.js";
import { type ScenarioOutcome, scoreScenario } from "./score.js";
import { scenarioSuite } from "./suite.js";
import { generate, type ScenarioSpec } from "./world.js";

const args = process.argv.slice(2);
const only = args.includes("--only") ? args[args.indexOf("--only") + 1] : undefined;
/** `--pick 3,5,15`: only the scenarios of these numbers (1-based, as printed). */
const pick = args.includes("--pick")
  ? new Set((args[args.indexOf("--pick") + 1] ?? "").split(",").map((x) => Number(x)))
  : undefined;
const fit = args.includes("--fit");
const quiet = args.includes("--quiet");
const verbose = args.includes("--verbose");

interface Row {
  readonly spec: ScenarioSpec;
  readonly index: number;
  readonly events: number;
  readonly windowMs: number;
  readonly seconds: number;
  readonly outcome: ScenarioOutcome;
  readonly threshold: number;
}

function runScenario(spec: ScenarioSpec, index: number): Row {
  const started = performance.now();
  const { events, labels } = generate(spec);
  const { analysis, events: n } = analyzeDay(spec.name, events, 211);
  const outcome = scoreScenario(analysis, spec.injections, labels);
  if (verbose) {
    for (const i of spec.injections) {
      console.log(
        `  injected ${i.kind} on ${i.model} at ${new Date(i.onsetMs).toISOString()} for ${i.durationMs / 60_000} min, ×${i.magnitude.toFixed(2)}, fraction ${i.fraction.toFixed(2)}, effects ${i.effects}`,
      );
    }
    printFindings(analysis, 60, (inc) => {
      const root = inc.root_cause === null ? undefined : labels.get(inc.root_cause.root_event_id);
      return `    root ${inc.root?.timestamp} ${inc.root?.summary} label ${JSON.stringify(root)}`;
    });
  }
  return {
    spec,
    index,
    events: n,
    windowMs: analysis.method.window_ms,
    seconds: (performance.now() - started) / 1000,
    outcome,
    threshold: analysis.method.threshold_z,
  };
}

const suite = scenarioSuite();
const rows: Row[] = [];
for (const [index, spec] of suite.entries()) {
  if (only !== undefined && !spec.name.includes(only)) continue;
  if (pick !== undefined && !pick.has(index + 1)) continue;
  const row = runScenario(spec, index);
  rows.push(row);
  if (!quiet) {
    const o = row.outcome;
    const { truths, roots } = outcomeLine(o);
    console.log(
      `${spec.name.padEnd(24)} ${String(row.events).padStart(7)} ev ${String(spec.models).padStart(2)} models ${span(spec.spanMs).padStart(4)} ${spec.dialect.padEnd(9)} ${spec.severity.padEnd(7)} w=${row.windowMs / 60_000}m ${row.seconds.toFixed(1)}s | ${truths || "no injection"} | false ${o.falseIncidents} | ${roots}`,
    );
  }
}

// Targets.
const incidentRows = rows.filter((r) => r.spec.injections.length > 0);
const targets = tallyTargets(
  rows.map((r) => ({
    injected: r.spec.injections.length > 0,
    modelDays: r.spec.models * (r.spec.spanMs / 86_400_000),
    outcome: r.outcome,
  })),
);

// Calibration over the whole suite (the confidence the library states), and out of sample.
const pairs = (rs: readonly Row[]) => rs.flatMap((r) => r.outcome.calibration.map((c) => ({ ...c, row: r })));
type Pair = ReturnType<typeof pairs>[number] & Outcome;
const allPairs: Pair[] = pairs(rows).map((p) => ({
  ...p,
  context: {
    threshold: p.row.threshold,
    incidents: p.row.outcome.calibration.length,
    strays: p.row.outcome.strays.series,
  },
}));
const deciles = reliabilityDeciles(allPairs);
const worstGap = largestGap(deciles);
const crossValidated = [0, 1].flatMap((half) => {
  const fitted = fitConfidence(allPairs.filter((p) => p.row.index % 2 !== half));
  return allPairs
    .filter((p) => p.row.index % 2 === half)
    .map((p) => ({ confidence: rootConfidence(fitted, p), correct: p.correct }));
});
const cvDeciles = reliabilityDeciles(crossValidated);
// Leave one day out: a model fitted on every other day predicts each day's incidents (the
// lower-variance estimate on a suite this small: each fit sees all days but one).
const leaveOneDayOut = [...new Set(allPairs.map((p) => p.row.index))].flatMap((day) => {
  const fitted = fitConfidence(allPairs.filter((p) => p.row.index !== day));
  return allPairs
    .filter((p) => p.row.index === day)
    .map((p) => ({ confidence: rootConfidence(fitted, p), correct: p.correct }));
});
const lodoDeciles = reliabilityDeciles(leaveOneDayOut);
/** `--dump FILE`: every reported incident's findings and outcome (eval/dump.ts), for eval/calibrate.ts. */
if (args.includes("--dump")) {
  writeDump(
    args[args.indexOf("--dump") + 1] ?? "eval-dump.json",
    "eval",
    rows.map((r) => ({
      day: r.index + 1,
      threshold: r.threshold,
      windowMs: r.windowMs,
      strays: r.outcome.strays,
      dayWindows: r.outcome.dayWindows,
      calibration: r.outcome.calibration,
    })),
  );
}

const totalEvents = rows.reduce((s, r) => s + r.events, 0);
console.log(
  `\n${rows.length} scenario days (${targets.incidentDays} with incidents, ${targets.freeDays} without), ${totalEvents.toLocaleString("en-US")} events, ${targets.truths} injected incidents; defaults of analyzeIncidents\n`,
);
printTargets({
  ...targets,
  gap: worstGap,
  gapHow: "whole suite",
  minBin: MIN_BIN,
});
console.log(
  `| the same out of sample (two-fold cross-validation) | ${largestGap(cvDeciles).toFixed(3)} | ≤ 0.1 | ${largestGap(cvDeciles) <= 0.1 ? "yes" : "no"} |`,
);
console.log(
  `| the same out of sample (leave one day out) | ${largestGap(lodoDeciles).toFixed(3)} | ≤ 0.1 | ${largestGap(lodoDeciles) <= 0.1 ? "yes" : "no"} |`,
);
const halfAccuracy = [0, 1].map((h) => {
  const half = allPairs.filter((p) => p.row.index % 2 === h);
  return half.filter((p) => p.correct).length / Math.max(1, half.length);
});
console.log(
  `\nObserved root accuracy of the two halves of the two-fold split: ${halfAccuracy.map((a) => a.toFixed(3)).join(" and ")} (a gap no fit on the other half can close).`,
);

printReliability(
  "Reliability of root_cause.confidence over the suite (every reported incident; a false one counts as a wrong root)",
  deciles,
  allPairs,
);
printReliability("The same, out of sample (two-fold cross-validation of the fit)", cvDeciles, crossValidated);
printReliability("The same, out of sample (leave one day out)", lodoDeciles, leaveOneDayOut);

printByKind(incidentRows.map((r) => ({ label: r.spec.label, outcome: r.outcome })));

if (fit) {
  const fitted = fitConfidence(allPairs);
  console.log(
    `\nINCIDENT_CONFIDENCE_MODEL fitted on this suite alone (ridge λ = ${fitted.lambdas.incident}, by leave-one-out):\n${JSON.stringify(fitted.incident)}`,
  );
  console.log(
    `ROOT_CONFIDENCE_MODEL (P root right | real; ridge λ = ${fitted.lambdas.root}, by leave-one-out):\n${JSON.stringify(fitted.root)}`,
  );
  const refit = allPairs.map((p) => ({ confidence: rootConfidence(fitted, p), correct: p.correct }));
  printReliability(
    `With these coefficients (largest gap ${largestGap(reliabilityDeciles(refit)).toFixed(3)})`,
    reliabilityDeciles(refit),
  );
}
