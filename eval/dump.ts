/*
 * The calibration dump the four suite runners write with `--dump FILE`: per reported incident, the
 * findings the confidence models read (its series in onset order, root first, and its causal
 * evidence), the detection threshold and window, and the outcome by eval/score.ts. Keeping the
 * findings rather than the features lets eval/calibrate.ts refit after a feature changes
 * without rerunning the suites.
 */
import { writeFileSync } from "node:fs";
import type { Incident } from "../src/correlation/index.js";

export interface DumpedIncident {
  /**
   * The draw: "eval" (eval/'s suite), or "heldout@SEED", "third@SEED", "fourth@SEED" (that
   * generator's suite at that seed); `generatorOf` reads the generator from it.
   */
  readonly suite: string;
  /** The day's number in its suite (1-based, as the runners print it). */
  readonly day: number;
  readonly threshold: number;
  /** The coarsest window width of the incident's series (before round eighteen the day's common width); `confidencesOf` read it up to round eighteen, eval/calibrate.ts scores it as a candidate. */
  readonly windowMs: number;
  /** Incidents the day's analysis reports in all (a confidence feature; absent in dumps written before it). */
  readonly incidents?: number;
  /** The day's anomalous windows that opened no incident, and their series (eval/score.ts `straysOf`; absent in dumps written before round thirty). */
  readonly strays?: { readonly windows: number; readonly series: number };
  /** The windows of the day's common grid (`method.windows`; absent in dumps written before round thirty-one). */
  readonly dayWindows?: number;
  readonly series: Incident["series"];
  readonly evidence: Incident["evidence"];
  /** The root is right (eval/score.ts); a false incident's root is wrong. */
  readonly correct: boolean;
  /** The incident matches an injection. */
  readonly matched: boolean;
}

/** The generator of a draw: its tag before the seed ("heldout@991" → "heldout", "eval" → "eval"). */
export function generatorOf(draw: string): string {
  const at = draw.indexOf("@");
  return at < 0 ? draw : draw.slice(0, at);
}

export function writeDump(
  file: string,
  suite: string,
  rows: readonly {
    readonly day: number;
    readonly threshold: number;
    readonly windowMs: number;
    readonly strays: { readonly windows: number; readonly series: number };
    readonly dayWindows?: number;
    readonly calibration: readonly {
      readonly incident: Incident;
      readonly windowMs: number;
      readonly correct: boolean;
      readonly matched: boolean;
    }[];
  }[],
): void {
  const out: DumpedIncident[] = rows.flatMap((r) =>
    r.calibration.map((c) => ({
      suite,
      day: r.day,
      threshold: r.threshold,
      windowMs: c.windowMs,
      incidents: r.calibration.length,
      strays: r.strays,
      ...(r.dayWindows === undefined ? {} : { dayWindows: r.dayWindows }),
      series: c.incident.series,
      evidence: c.incident.evidence,
      correct: c.correct,
      matched: c.matched,
    })),
  );
  writeFileSync(file, `${JSON.stringify(out)}\n`);
}
