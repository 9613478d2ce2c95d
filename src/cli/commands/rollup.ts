import { closeSync, mkdtempSync, openSync, readSync, rmSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { jsonText } from "../../core/json-writer.js";
import type { AnalyticsEvent } from "../../events/index.js";
import type { RolledUpStats, RollupOptions } from "../../metrics/index.js";
import { LatePoint, RollupStream } from "../../metrics/rollup-stream.js";
import { type CommandSpec, choiceFlag, helpText, type ParsedArgs, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { BUILT_IN_DIMENSIONS, dimension, numericField, numericKeys } from "../fields.js";
import { formatStat, renderTable } from "../format.js";
import { type Input, openInput } from "../input.js";
import type { CliIo } from "../io.js";
import { inputProgress } from "../progress.js";
import { windowFlag } from "../windows.js";

export const rollupSpec: CommandSpec = {
  name: "rollup",
  summary: "Roll a numeric field of AnalyticsEvents up into AggregatedMetric windows (count, avg, p50/p95/p99, …).",
  usage: "rollup FILE --window WINDOW --field FIELD [--by TAG...] [options]",
  flags: {
    window: {
      type: "string",
      short: "w",
      value: "WINDOW",
      description: "one_minute … one_month, or the hub's labels 1m 5m 15m 1h 6h 1d 1w 1M (required)",
    },
    field: {
      type: "string",
      value: "FIELD",
      description: "Numeric field: a key of payload.data (total_latency_ms) or a dotted path (required)",
    },
    by: {
      type: "string",
      multiple: true,
      value: "TAG",
      description: `Group by an event tag or one of ${BUILT_IN_DIMENSIONS.join(", ")}`,
    },
    format: { type: "string", short: "f", value: "ndjson|table", description: "Output format (default ndjson)" },
    "time-zone": {
      type: "string",
      value: "ZONE",
      description: "Align days, weeks and months to the calendar in this IANA zone (default: fixed UTC windows)",
    },
    sketch: { type: "boolean", description: "Keep each window's quantile sketch (to merge windows later)" },
  },
  details: `Reads NDJSON (or a JSON array) of AnalyticsEvents, gzipped or not; FILE "-" reads stdin. Each event with a finite
number at FIELD is one point, named FIELD and tagged with the --by values it has. Windows are
aligned on the UTC epoch as in the hub, Prometheus and InfluxDB (or to calendar days in
--time-zone). Statistics are exact: percentiles by linear interpolation (R type 7, numpy's
default), population standard deviation.

Memory: the input streams; each point costs its value (8 bytes; 16 with --time-zone) until its
window is complete. Events in time order (a log as it was written) close their windows as time
advances: only the newest two windows per group are held. If an event arrives for a window
already closed, a FILE is read once more holding every value (12 bytes per point, 20 with
--time-zone); stdin always holds every value. Finished windows wait for the end in a temporary
file (the output is sorted by tags first). The results are the same either way.

Output: one AggregatedMetric per window and group as NDJSON (the hub reads it; --sketch adds a
"sketch" key it ignores), sorted by tags then window; or a table. Records that are not valid
AnalyticsEvents are reported on stderr and left out; the exit status is then 1.

On a terminal, a run that takes more than a second shows its progress on stderr.

Exit status: 0 ok, 1 invalid records in the input, 2 usage error (also when the input holds no
event, or no event has FIELD).

Examples:
  llm-analytics-hub rollup events.ndjson --window 5m --field total_latency_ms --by model_id
  llm-analytics-hub rollup events.ndjson -w one_hour --field total_cost_usd --by provider --format table`,
};

export async function rollupCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(rollupSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(rollupSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError("rollup", `expected one FILE (or - for stdin), received ${parsed.positionals.length}`);
  }
  const flags = rollupFlags(parsed);
  const file = parsed.positionals[0]!;
  if (file === "-" && io.stdinIsTty) throw new UsageError("rollup", "no input: give a FILE, or pipe events to stdin");
  const streams = new PassStreams(flags);
  try {
    const pass = await readInput(io, file, flags, streams);
    const kept = pass.stream.finish();
    if (flags.format === "table") io.stdout.write(rollupTable(kept as RolledUpStats[], flags.by));
    else await writeLines(io, streams.lines!, kept as number[]);
    if (pass.invalid > 0)
      io.stderr.write(
        `${pass.name}: ${pass.invalid} of ${pass.events} records are not valid AnalyticsEvents (left out)\n`,
      );
    return pass.invalid > 0 ? EXIT_INVALID : EXIT_OK;
  } finally {
    streams.close();
  }
}

interface RollupFlags {
  readonly window: RollupOptions["window"];
  readonly field: string;
  readonly by: readonly string[];
  readonly format: "ndjson" | "table";
  readonly timeZone: string | undefined;
  readonly sketch: boolean;
}

/** The command's flags, each checked (a missing or bad one is a usage error naming it). */
function rollupFlags(parsed: ParsedArgs): RollupFlags {
  const windowText = stringFlag(parsed, "window");
  if (windowText === undefined) throw new UsageError("rollup", "--window WINDOW is required");
  const window = windowFlag("rollup", windowText);
  const field = stringFlag(parsed, "field");
  if (field === undefined || field === "") throw new UsageError("rollup", "--field FIELD is required");
  const by = (parsed.values.by as string[] | undefined) ?? [];
  const format = choiceFlag("rollup", parsed, "format", { choices: ["ndjson", "table"], fallback: "ndjson" });
  const timeZone = stringFlag(parsed, "time-zone");
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new UsageError(
      "rollup",
      `--time-zone must be an IANA time zone such as Europe/Paris, received ${JSON.stringify(timeZone)}`,
    );
  }
  return { window, field, by, format, timeZone, sketch: parsed.values.sketch === true };
}

/**
 * A new RollupStream for each pass over the input. NDJSON keeps each finished window as its
 * output line, outside the JS heap (one store a pass; the previous pass's is closed).
 */
class PassStreams {
  lines: LineStore | undefined;

  constructor(private readonly flags: RollupFlags) {}

  next(order: "time" | "any"): RollupStream<Kept> {
    this.lines?.close();
    const store = new LineStore();
    this.lines = store;
    const { window, by, timeZone, format, sketch } = this.flags;
    return new RollupStream<Kept>("rollup", {
      window,
      groupBy: by,
      sketch,
      ...(timeZone === undefined ? {} : { alignment: "calendar" as const, timeZone }),
      order,
      encode: format === "table" ? (m) => m : (m) => store.add(`${jsonText(m)}\n`),
    });
  }

  close(): void {
    this.lines?.close();
  }
}

/**
 * Reads the input into a stream. A regular file can be read again: stream it in time order, and
 * read it once more holding every value if it turns out not to be in time order. Stdin and pipes
 * hold every value from the start. An input without events, or without the field, is a usage error.
 */
async function readInput(
  io: CliIo,
  file: string,
  flags: RollupFlags,
  streams: PassStreams,
): Promise<Pass & { readonly name: string }> {
  const { field, by } = flags;
  let input = openInput("rollup", file, io);
  const rereadable = input.path !== undefined && input.size !== undefined;
  let pass = await rollupPass(input, io, { field, by, stream: streams.next(rereadable ? "time" : "any"), reported: 0 });
  if (pass.late !== undefined) {
    input = openInput("rollup", file, io);
    pass = await rollupPass(input, io, { field, by, stream: streams.next("any"), reported: pass.late });
  }
  if (pass.events === 0) {
    throw new UsageError("rollup", `${input.name} holds no events: nothing to roll up`);
  }
  if (pass.points === 0 && pass.events - pass.invalid > 0) {
    const known = [...pass.seenKeys].sort();
    throw new UsageError(
      "rollup",
      `no event has a number at ${JSON.stringify(field)}${known.length > 0 ? `; numeric fields seen: ${known.join(", ")}` : ""}`,
    );
  }
  return { ...pass, name: input.name };
}

/** The NDJSON output, flushed every few thousand lines, so that a large output is not queued whole in memory. */
async function writeLines(io: CliIo, lines: LineStore, kept: readonly number[]): Promise<void> {
  for (let i = 0; i < kept.length; i++) {
    io.stdout.write(lines.line(kept[i]!));
    if (i % 4096 === 4095) await io.stdout.flush();
  }
}

/**
 * Output lines kept until they can be written (finished windows; the output is sorted by tags
 * before time). Up to 1 MiB they stay in one buffer; beyond, each full buffer goes to an unnamed
 * temporary file (created, then unlinked at once, so nothing is left behind even on a crash),
 * and lines are read back one at a time. Memory stays flat whatever the size of the output.
 */
export class LineStore {
  private readonly buffer: Buffer;
  private used = 0;
  /** Bytes already in the file. */
  private spilled = 0;
  private fd: number | undefined;
  private path: string | undefined;
  /** Offset and length of each line, in the file then the buffer. */
  private readonly where: number[] = [];

  constructor(bufferBytes = 1 << 20) {
    this.buffer = Buffer.allocUnsafe(bufferBytes);
  }

  add(line: string): number {
    const length = Buffer.byteLength(line);
    if (length > this.buffer.length - this.used) this.spill();
    const offset = this.spilled + this.used;
    if (length > this.buffer.length) {
      this.file();
      writeAll(this.fd as number, Buffer.from(line), this.spilled);
      this.spilled += length;
    } else {
      this.buffer.write(line, this.used);
      this.used += length;
    }
    this.where.push(offset, length);
    return this.where.length / 2 - 1;
  }

  line(id: number): string {
    const offset = this.where[2 * id] as number;
    const length = this.where[2 * id + 1] as number;
    if (offset >= this.spilled)
      return this.buffer.toString("utf8", offset - this.spilled, offset - this.spilled + length);
    const bytes = Buffer.allocUnsafe(length);
    for (let read = 0; read < length; ) {
      const n = readSync(this.fd as number, bytes, read, length - read, offset + read);
      if (n === 0) throw new Error("rollup: the temporary file of finished windows ended early");
      read += n;
    }
    return bytes.toString("utf8");
  }

  /** Closes (and, where the platform kept it, deletes) the temporary file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.path !== undefined) rmSync(dirname(this.path), { recursive: true, force: true });
    this.path = undefined;
  }

  private spill(): void {
    if (this.used === 0) return;
    this.file();
    writeAll(this.fd as number, this.buffer.subarray(0, this.used), this.spilled);
    this.spilled += this.used;
    this.used = 0;
  }

  private file(): void {
    if (this.fd !== undefined) return;
    const path = join(mkdtempSync(join(tmpdir(), "llm-analytics-hub-rollup-")), "windows.ndjson");
    this.fd = openSync(path, "w+", 0o600);
    try {
      // POSIX keeps an unlinked file while it is open; elsewhere `close` deletes it.
      rmSync(dirname(path), { recursive: true, force: true });
    } catch {
      this.path = path;
    }
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}

/** A finished window: its NDJSON line in a LineStore, or the result itself for the table. */
type Kept = RolledUpStats | number;

interface Pass {
  readonly stream: RollupStream<Kept>;
  readonly events: number;
  readonly invalid: number;
  readonly points: number;
  readonly seenKeys: ReadonlySet<string>;
  /** The line of the first point that arrived after its window closed (order "time" only). */
  readonly late: number | undefined;
}

interface PassOptions {
  readonly field: string;
  readonly by: readonly string[];
  readonly stream: RollupStream<Kept>;
  /** Invalid records on lines before this one were reported by an earlier pass and are only counted. */
  readonly reported: number;
}

/** One reading of the input into `stream`; stops at the first late point (order "time"), events then 0. */
async function rollupPass(input: Input, io: CliIo, { field, by, stream, reported }: PassOptions): Promise<Pass> {
  const seenKeys = new Set<string>();
  let invalid = 0;
  let read = 0;
  let points = 0;
  let late: number | undefined;
  const progress = inputProgress(io, input);
  const stop = new Error("late point");
  let events: number;
  try {
    events = await forEachEvent(
      input,
      (event, line) => {
        progress.update(++read + invalid);
        const value = numericField(event, field);
        if (value === undefined) {
          if (seenKeys.size < 200) for (const k of numericKeys(event)) seenKeys.add(k);
          return;
        }
        try {
          stream.add({ name: field, tags: tagsOf(event, by), timestamp: event.timestamp, value }, `line ${line}`);
        } catch (error) {
          if (!(error instanceof LatePoint)) throw error;
          late = line;
          throw stop;
        }
        points++;
      },
      (error) => {
        invalid++;
        if (error.line < reported) return;
        progress.clear();
        io.stderr.write(`${input.name}:${error.line}: ${error.message}\n`);
      },
    ).finally(() => progress.clear());
  } catch (error) {
    if (error !== stop) throw error;
    events = 0;
  }
  return { stream, events, invalid, points, seenKeys, late };
}

/** The event's value of each --by dimension it has. */
function tagsOf(event: AnalyticsEvent, by: readonly string[]): Record<string, string> {
  const tags: Record<string, string> = {};
  for (const name of by) {
    const v = dimension(event, name);
    if (v !== undefined) tags[name] = v;
  }
  return tags;
}

/** The rolled-up windows as a text table: window start, the group tags, then the statistics. */
export function rollupTable(metrics: readonly RolledUpStats[], by: readonly string[]): string {
  const rows = metrics.map((m) => {
    const v = m.values;
    return [
      m.window_start,
      ...by.map((k) => m.tags[k] ?? "-"),
      v.count,
      formatStat(v.avg),
      formatStat(v.p50),
      formatStat(v.p95),
      formatStat(v.p99),
      formatStat(v.min),
      formatStat(v.max),
      formatStat(v.sum),
    ];
  });
  const align = ["left", ...by.map(() => "left" as const), ...Array(8).fill("right")] as ("left" | "right")[];
  return `${renderTable(["window_start", ...by, "count", "avg", "p50", "p95", "p99", "min", "max", "sum"], rows, align)}\n`;
}

function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}
