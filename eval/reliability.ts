/**
 * The reliability table of root_cause.confidence, shared by the suites' runners and
 * eval/calibrate.ts: stated confidence against observed accuracy per confidence decile.
 */

/** A reported incident's stated root confidence and whether its root was right. */
export interface Scored {
  readonly confidence: number;
  readonly correct: boolean;
}

/** One confidence decile: `d` in 0–9 (0.9–1.0 holds 1.0), its size, mean confidence and accuracy. */
export interface Decile {
  readonly d: number;
  readonly n: number;
  readonly mean: number;
  readonly acc: number;
}

/** Deciles holding fewer incidents than this are listed but not scored (one incident is 0 or 1). */
export const MIN_BIN = 5;

/** The ten confidence deciles of `scored` (empty ones with n 0). */
export function reliabilityDeciles(scored: readonly Scored[]): Decile[] {
  return Array.from({ length: 10 }, (_, d) => {
    const inBin = scored.filter((p) => Math.min(9, Math.floor(p.confidence * 10)) === d);
    const mean = inBin.reduce((s, p) => s + p.confidence, 0) / Math.max(1, inBin.length);
    const acc = inBin.filter((p) => p.correct).length / Math.max(1, inBin.length);
    return { d, n: inBin.length, mean, acc };
  });
}

/** The largest |mean confidence − accuracy| over deciles of at least MIN_BIN incidents (0 if none). */
export function largestGap(deciles: readonly Decile[]): number {
  return Math.max(0, ...deciles.filter((b) => b.n >= MIN_BIN).map((b) => Math.abs(b.mean - b.acc)));
}

/** The markdown table of the non-empty deciles, under a title line. */
export function printReliability(title: string, deciles: readonly Decile[]): void {
  console.log(`\n${title}\n`);
  console.log("| confidence | incidents | mean confidence | observed accuracy | gap |");
  console.log("| --- | --- | --- | --- | --- |");
  for (const b of deciles)
    if (b.n > 0)
      console.log(
        `| ${(b.d / 10).toFixed(1)}–${((b.d + 1) / 10).toFixed(1)} | ${b.n} | ${b.mean.toFixed(3)} | ${b.acc.toFixed(3)} | ${Math.abs(b.mean - b.acc).toFixed(3)} |`,
      );
}
