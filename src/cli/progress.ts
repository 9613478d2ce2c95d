import type { CliIo, TextSink } from "./io.js";

/*
 * Progress on stderr for the long commands (validate, rollup, generate, …): drawn only when
 * stderr is a terminal, only when the total is known, and only once the run has lasted a
 * second (CliIo.progressDelayMs), so quick runs, pipes and logs stay clean. The bar redraws in
 * place when the whole percentage changes and erases itself at the end.
 *
 * A command adopts it in one line per input or loop: `const progress = inputProgress(io, input)`
 * then `progress.update(records)` per record (or chunk) and `progress.clear()` at the end.
 */

/** The default wait before a bar is drawn, in milliseconds. */
export const PROGRESS_DELAY_MS = 1000;

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

function bar(done: number, total: number, width: number): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const filled = Math.floor(fraction * width);
  const percent = `${Math.floor(fraction * 100)}%`.padStart(4);
  return `[${"#".repeat(filled)}${".".repeat(width - filled)}] ${percent}`;
}

/**
 * One frame of a bar over bytes: `[#########...........]  45%  1.2 GiB / 2.7 GiB  1,234,567 records`.
 * `done` is clamped to [0, total].
 */
export function progressLine(done: number, total: number, records: number, width = 30): string {
  return `${bar(done, total, width)}  ${formatBytes(Math.min(done, total))} / ${formatBytes(total)}  ${records.toLocaleString("en-US")} records`;
}

/** One frame of a bar over a count: `[#########...........]  45%  45,000 / 100,000 events`. */
export function countLine(done: number, total: number, noun: string, width = 30): string {
  return `${bar(done, total, width)}  ${Math.min(done, total).toLocaleString("en-US")} / ${total.toLocaleString("en-US")} ${noun}`;
}

export interface ProgressOptions {
  /** What is counted: bytes (with a record count beside them) or items of this name. Default bytes. */
  readonly unit?: "bytes" | { readonly noun: string };
  /** Milliseconds to wait before the first frame (default 0 here; commands pass PROGRESS_DELAY_MS). */
  readonly delayMs?: number;
  /** The clock (default `performance.now`). */
  readonly now?: () => number;
}

/** Redraws the bar in place on stderr when the whole percentage changes, and erases it at the end. */
export class ProgressBar {
  private lastPercent = -1;
  private readonly started: number;
  private readonly now: () => number;

  constructor(
    private readonly sink: TextSink,
    private readonly total: number,
    private readonly options: ProgressOptions = {},
  ) {
    this.now = options.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** `done` of the total; `records`, for a bar over bytes, the records read so far. */
  update(done: number, records = 0): void {
    const percent = this.total > 0 ? Math.floor((100 * Math.min(done, this.total)) / this.total) : 100;
    if (percent === this.lastPercent) return;
    if ((this.options.delayMs ?? 0) > 0 && this.now() - this.started < (this.options.delayMs ?? 0)) return;
    this.lastPercent = percent;
    const unit = this.options.unit ?? "bytes";
    const line = unit === "bytes" ? progressLine(done, this.total, records) : countLine(done, this.total, unit.noun);
    this.sink.write(`\r${line}`);
    void this.sink.flush();
  }

  clear(): void {
    if (this.lastPercent >= 0) this.sink.write("\r\x1b[2K");
    void this.sink.flush();
  }
}

/** What a command calls as it goes; does nothing when no bar is shown. */
export interface Progress {
  update(done: number, records?: number): void;
  clear(): void;
}

const NONE: Progress = { update: () => {}, clear: () => {} };

/**
 * A bar for a loop over `total` items named `noun` (e.g. events written), on a terminal only.
 * `update(done)` as items are done.
 */
export function countProgress(io: CliIo, total: number, noun: string): Progress {
  if (!io.stderrIsTty) return NONE;
  return new ProgressBar(io.stderr, total, { unit: { noun }, delayMs: io.progressDelayMs ?? PROGRESS_DELAY_MS });
}

/**
 * A bar over an input's bytes (compressed bytes for gzip), on a terminal and for an input of
 * known size (a file, not a pipe). `update(records)` as records are read: the bytes come from
 * the input itself.
 */
export function inputProgress(
  io: CliIo,
  input: { readonly size: number | undefined; readonly bytesRead: () => number },
): { update(records: number): void; clear(): void } {
  const size = input.size;
  if (!io.stderrIsTty || size === undefined) return NONE;
  const progress = new ProgressBar(io.stderr, size, { delayMs: io.progressDelayMs ?? PROGRESS_DELAY_MS });
  return { update: (records) => progress.update(input.bytesRead(), records), clear: () => progress.clear() };
}
