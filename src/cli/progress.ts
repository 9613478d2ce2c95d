import type { TextSink } from "./io.js";

/** Inputs at least this large get a progress bar (when stderr is a terminal). */
export const PROGRESS_MIN_BYTES = 64 * 1024 * 1024;

/** Whether `validate` draws a progress bar: only on a terminal, and only for a large input of known size. */
export function showProgress(stderrIsTty: boolean, inputBytes: number | undefined): boolean {
  return stderrIsTty && inputBytes !== undefined && inputBytes >= PROGRESS_MIN_BYTES;
}

const UNITS = ["B", "KiB", "MiB", "GiB", "TiB"] as const;

/** `1536` → `"1.5 KiB"`: binary units, one decimal from KiB up. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${value} B` : `${value.toFixed(1)} ${UNITS[unit]}`;
}

/**
 * One frame of the bar: `[#########...........]  45%  1.2 GiB / 2.7 GiB  1,234,567 records`.
 * `done` is clamped to [0, total].
 */
export function progressLine(done: number, total: number, records: number, width = 30): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}  ${formatBytes(Math.min(done, total))} / ${formatBytes(total)}  ${records.toLocaleString("en-US")} records`;
}

/** Redraws the bar in place on stderr when the whole percentage changes, and erases it at the end. */
export class ProgressBar {
  private lastPercent = -1;

  constructor(
    private readonly sink: TextSink,
    private readonly total: number,
  ) {}

  update(done: number, records: number): void {
    const percent = Math.floor((100 * done) / this.total);
    if (percent === this.lastPercent) return;
    this.lastPercent = percent;
    this.sink.write(`\r${progressLine(done, this.total, records)}`);
    void this.sink.flush();
  }

  clear(): void {
    if (this.lastPercent >= 0) this.sink.write("\r\x1b[2K");
    void this.sink.flush();
  }
}
