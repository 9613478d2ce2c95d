import type { ScenarioOutcome } from "./score.js";
/** Formatting shared by the two evaluation runners (eval/run.ts, eval/heldout/run.ts). */

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
