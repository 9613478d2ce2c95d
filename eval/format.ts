import type { IncidentAnalysis } from "../src/correlation/index.js";
import type { ScenarioOutcome } from "./score.js";
/** Formatting shared by the evaluation runners (eval/run.ts, eval/heldout/run.ts, eval/third/run.ts, eval/fourth/run.ts). */

/** `a` of `b` as a percentage with one decimal, "–" when there is nothing to count. */
export const pct = (a: number, b: number): string => (b === 0 ? "–" : `${((100 * a) / b).toFixed(1)}%`);

/** A day's length in days when it is at least one, else in hours: "1.5d", "3h". */
export const span = (ms: number): string => (ms >= 86_400_000 ? `${ms / 86_400_000}d` : `${ms / 3_600_000}h`);

/** One day's outcome as the runners print it: each injection's verdict, then each reported root with its confidence. */
export function outcomeLine(o: ScenarioOutcome): { truths: string; roots: string } {
  const truths = o.truths
    .map(
      (t) =>
        `${t.found ? "found" : "MISSED"}${t.onsetErrorMs === null ? "" : ` (${Math.round(t.onsetErrorMs / 1000)} s)`}, root ${t.rootWhy}`,
    )
    .join("; ");
  const roots = o.calibration
    .map((c) => `${c.incident.root?.series_id ?? "-"}@${c.confidence.toFixed(2)}${c.correct ? "" : "✗"}`)
    .join(" ");
  return { truths, roots };
}

/** The "By scenario kind" table: per day label, the injected incidents, their recall and right roots. */
export function printByKind(days: readonly { readonly label: string; readonly outcome: ScenarioOutcome }[]): void {
  const byLabel = new Map<string, { n: number; found: number; root: number }>();
  for (const { label, outcome } of days) {
    const tally = byLabel.get(label) ?? { n: 0, found: 0, root: 0 };
    for (const t of outcome.truths) {
      tally.n++;
      if (t.found) tally.found++;
      if (t.rootCorrect) tally.root++;
    }
    byLabel.set(label, tally);
  }
  console.log("\nBy scenario kind\n");
  console.log("| kind | incidents | recall | root cause |");
  console.log("| --- | --- | --- | --- |");
  for (const [label, t] of byLabel) console.log(`| ${label} | ${t.n} | ${pct(t.found, t.n)} | ${pct(t.root, t.n)} |`);
}

/** What the target table reads: the suite's tallies (the runners count them from their days). */
/** What the target table counts over a suite's days (`tallyTargets`). */
export interface TargetCounts {
  readonly rootOk: number;
  readonly found: number;
  readonly truths: number;
  readonly falseOnFree: number;
  /** Model-days of the incident-free days: what false incidents are counted per. */
  readonly modelDays: number;
  /** Incident days with more than one other incident. */
  readonly crowded: number;
  readonly incidentDays: number;
  readonly freeDays: number;
  /** Other incidents reported on incident days, in all. */
  readonly others: number;
}

/** One scenario day as the targets read it, whichever generator wrote it. */
export interface TalliedDay {
  /** Whether the day has an injected incident. */
  readonly injected: boolean;
  /** Its models × its span in days. */
  readonly modelDays: number;
  readonly outcome: ScenarioOutcome;
}

/** The target table's counts over a suite's days: the same tally for every runner. */
export function tallyTargets(days: readonly TalliedDay[]): TargetCounts {
  const incident = days.filter((d) => d.injected);
  const free = days.filter((d) => !d.injected);
  const truths = incident.flatMap((d) => d.outcome.truths);
  return {
    rootOk: truths.filter((t) => t.rootCorrect).length,
    found: truths.filter((t) => t.found).length,
    truths: truths.length,
    falseOnFree: free.reduce((s, d) => s + d.outcome.falseIncidents, 0),
    modelDays: free.reduce((s, d) => s + d.modelDays, 0),
    crowded: incident.filter((d) => d.outcome.falseIncidents > 1).length,
    incidentDays: incident.length,
    freeDays: free.length,
    others: incident.reduce((s, d) => s + d.outcome.falseIncidents, 0),
  };
}

export interface TargetTally extends TargetCounts {
  /** The largest calibration gap per confidence decile, and how it was measured ("in sample", …). */
  readonly gap: number;
  readonly gapHow: string;
  readonly minBin: number;
}

/** The issue's targets as a Markdown table: its header and the five rows every runner prints. */
export function printTargets(t: TargetTally): void {
  const yes = (ok: boolean) => (ok ? "yes" : "no");
  const per10 = t.modelDays === 0 ? 0 : (10 * t.falseOnFree) / t.modelDays;
  console.log("| target | result | goal | met |");
  console.log("| --- | --- | --- | --- |");
  console.log(
    `| root cause top-1 accuracy | ${t.rootOk}/${t.truths} = ${pct(t.rootOk, t.truths)} | ≥ 95 % | ${yes(t.rootOk >= 0.95 * t.truths)} |`,
  );
  console.log(
    `| incident recall, onset within one window | ${t.found}/${t.truths} = ${pct(t.found, t.truths)} | ≥ 95 % | ${yes(t.found >= 0.95 * t.truths)} |`,
  );
  console.log(
    `| false incidents per 10 incident-free model-days | ${t.falseOnFree} in ${t.modelDays.toFixed(1)} model-days = ${per10.toFixed(2)} | ≤ 1 | ${yes(per10 <= 1)} |`,
  );
  console.log(
    `| incident days with more than one other incident | ${t.crowded} of ${t.incidentDays} (${t.others} other incidents in all) | 0 | ${yes(t.crowded === 0)} |`,
  );
  console.log(
    `| calibration: largest gap per confidence decile of ≥ ${t.minBin} incidents (${t.gapHow}) | ${t.gap.toFixed(3)} | ≤ 0.1 | ${yes(t.gap <= 0.1)} |`,
  );
}

/**
 * A day's findings as `--verbose` prints them: the first `limit` anomalies, then each incident with
 * its series and the line `rootLine` writes for its root (each runner labels it from its own truth).
 */
export function printFindings(
  analysis: IncidentAnalysis,
  limit: number,
  rootLine: (incident: IncidentAnalysis["incidents"][number]) => string,
): void {
  for (const a of analysis.anomalies.slice(0, limit))
    console.log(
      `  anomaly ${a.window_start} ${a.series_id} z=${a.z.toFixed(1)} ${a.anomaly.baseline.toPrecision(4)} → ${a.anomaly.observed.toPrecision(4)} n=${a.count} ${a.incident_id === null ? "" : a.incident_id.slice(0, 6)}`,
    );
  for (const inc of analysis.incidents) {
    console.log(`  INCIDENT ${inc.incident_id.slice(0, 6)} ${inc.start} – ${inc.end}: ${inc.title}`);
    for (const x of inc.series)
      console.log(
        `    ${x.role} ${x.series_id} onset ${x.onset} windows ${x.anomalous_windows} z ${x.peak_z.toFixed(1)}`,
      );
    console.log(rootLine(inc));
  }
}
