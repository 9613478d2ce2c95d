/** One line of the printed table. */
export interface Row {
  readonly section: string;
  readonly case: string;
  /** The median, formatted with its unit. */
  readonly median: string;
  /** `1.00× baseline` style comparison, or "" where there is none. */
  readonly ratio: string;
  /** The target for this line and whether this run met it, or "". */
  readonly target: string;
}

/** Notes printed under the table (agreement checks, what could not be measured and why). */
export type Notes = string[];

export const perSecond = (nsPerUnit: number, unit: string): string => {
  const rate = 1e9 / nsPerUnit;
  if (rate >= 1e6) return `${(rate / 1e6).toFixed(2)} M ${unit}/s`;
  if (rate >= 1e3) return `${(rate / 1e3).toFixed(1)} k ${unit}/s`;
  return `${rate.toFixed(1)} ${unit}/s`;
};

export const times = (x: number, baseline: string): string => `${x.toFixed(2)}× ${baseline}`;

export const target = (met: boolean, text: string): string => `${met ? "met" : "MISSED"}: ${text}`;

export function printTable(rows: readonly Row[]): string {
  const headers = ["section", "case", "median", "ratio (same process)", "target"] as const;
  const cells = rows.map((r) => [r.section, r.case, r.median, r.ratio, r.target]);
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((c) => (c[i] as string).length)));
  const line = (c: readonly string[]) => `| ${c.map((x, i) => x.padEnd(widths[i] as number)).join(" | ")} |`;
  return [line(headers), `|${widths.map((w) => "-".repeat(w + 2)).join("|")}|`, ...cells.map(line)].join("\n");
}
