import type { ScenarioOutcome } from "./score.js";
/** Formatting shared by the evaluation runners (eval/run.ts, eval/heldout/run.ts, eval/third/run.ts). */

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
