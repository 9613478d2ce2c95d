import { isUtf8 } from "node:buffer";
import { resolve } from "node:path";
import type * as z from "zod";
import { checkValueErrors } from "../../checks/index.js";
import { decode } from "../../core/index.js";
import type { Issue } from "../../core/issue.js";
import { BLANK_LINE_MESSAGE, isBlankLine } from "../../core/json-lines.js";
import { fastPathOfSchema } from "../../fast/index.js";
import { type CommandSpec, choiceFlag, helpText, integerFlag, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { renderPath } from "../format.js";
import { type Input, openInput, reason, samePath } from "../input.js";
import { type CliIo, FileSink } from "../io.js";
import { inputProgress, type Progress } from "../progress.js";
import { DetectingSplitter, INPUT_FORMATS, type InputFormat, type Layout, type SplitItem } from "../records.js";
import { schemaByName } from "../schemas.js";
import { firstInvalidUtf8 } from "../utf8.js";

export const DEFAULT_MAX_RECORD_BYTES = 64 * 1024 * 1024;

export const validateSpec: CommandSpec = {
  name: "validate",
  summary:
    "Check NDJSON (one document per line), a JSON array, or one JSON document against a wire type, as the Rust hub reads it.",
  usage: "validate [FILE|-] [options]",
  flags: {
    type: {
      type: "string",
      short: "t",
      value: "NAME",
      description: "Wire type to validate against (default AnalyticsEvent)",
    },
    strict: { type: "boolean", description: "Also report keys the type does not read (the hub drops them silently)" },
    check: {
      type: "boolean",
      description: "Also run the semantic checks (token sums, score ranges, window order, …); their errors invalidate",
    },
    format: { type: "string", short: "f", value: "text|json", description: "Report format (default text)" },
    out: { type: "string", short: "o", value: "FILE", description: "Write the valid records here, byte for byte" },
    rejects: {
      type: "string",
      short: "r",
      value: "FILE",
      description: "Write the invalid records here, byte for byte",
    },
    "input-format": {
      type: "string",
      value: "auto|ndjson|json",
      description: "How to read the input (default auto: a JSON array, NDJSON, or one document)",
    },
    "max-record-bytes": {
      type: "string",
      value: "N",
      description: `Longest record read whole; longer ones are rejected and passed through (default ${DEFAULT_MAX_RECORD_BYTES})`,
    },
  },
  details: `FILE defaults to stdin; "-" also reads stdin; gzip input (recognized by its content, e.g. a .gz
file) is decompressed as it is read. NDJSON is streamed: memory stays flat however large the
input. Each invalid record is reported with its line, the path of each problem and the message,
then a summary with the number of issues per code. Decoding follows the hub: a repeated field,
an integer written as 12.0, invalid UTF-8 and a blank line are errors. --check adds the
semantic checks the hub never makes (docs/checks.md): their errors make a record invalid.

With --out and --rejects, every record lands in exactly one of the two files, byte for byte
(line terminators included); for a JSON array each file is a JSON array of the elements' text.
The files are written atomically: they appear, whole, only when the run ends, and an
interrupted run (Ctrl-C) leaves neither. On a terminal, a run that takes more than a second
shows its progress on stderr.

Exit status: 0 all valid, 1 invalid data, 2 usage error (bad flag, missing file, unknown type).

Examples:
  llm-analytics-hub validate events.ndjson
  llm-analytics-hub validate events.ndjson --strict --out good.ndjson --rejects bad.ndjson
  cat batch.json | llm-analytics-hub validate - --type TimeSeriesBatch --format json`,
};

/** One problem in a record, as reported (the library's one issue shape, plus a position). */
export interface RecordIssue extends Issue {
  /** Where in the input, when the problem has a position of its own (invalid JSON). */
  readonly line?: number;
  readonly column?: number;
}

/** A record that failed, with its position in the input. */
export interface RejectedRecord {
  readonly line: number;
  /** Position of the element for a JSON array (0-based); absent for NDJSON lines. */
  readonly index?: number;
  readonly issues: readonly RecordIssue[];
}

export interface ValidationSummary {
  readonly input: string;
  readonly type: string;
  readonly layout: Layout;
  readonly strict: boolean;
  readonly checks: boolean;
  readonly records: number;
  readonly valid: number;
  readonly invalid: number;
  /** Problems of the input as a whole (an unterminated array). */
  readonly structural: number;
  /** Number of issues per code, codes in alphabetical order. */
  readonly issues: Readonly<Record<string, number>>;
}

export interface ValidationOptions {
  readonly input: Input;
  readonly type: string;
  readonly schema: z.ZodType;
  readonly strict: boolean;
  /** Run `checkValueErrors` on each record that parses; a finding makes the record invalid. */
  readonly checks?: boolean;
  readonly inputFormat: InputFormat;
  readonly maxRecordBytes: number;
  /** Paths to write valid and invalid records to. */
  readonly out?: string;
  readonly rejects?: string;
  /** Called for each invalid record, in input order. */
  readonly onReject: (record: RejectedRecord) => void;
  /** Told the records read after each chunk of input (see `inputProgress`). */
  readonly progress?: Pick<Progress, "clear"> & { update(records: number): void };
}

/** Writes records to a file, framing them as a JSON array when the input was one. */
class RecordWriter {
  private count = 0;
  private readonly sink: FileSink;

  constructor(
    path: string,
    private readonly layout: () => Layout | undefined,
  ) {
    this.sink = new FileSink(path);
  }

  begin(): void {
    if (this.layout() === "array") this.sink.write(this.count === 0 ? "[\n" : ",\n");
    this.count++;
  }

  bytes(raw: Uint8Array): void {
    this.sink.write(raw);
  }

  /** A whole record: an NDJSON line keeps its own terminator, a document gets a final newline. */
  record(raw: Uint8Array): void {
    this.begin();
    this.bytes(raw);
    if (this.layout() === "document") this.sink.write("\n");
  }

  close(): void {
    if (this.layout() === "array") this.sink.write(this.count === 0 ? "[]\n" : "\n]\n");
    this.sink.close();
  }

  /** Deletes what was written (a run that fails leaves no partial file). */
  discard(): void {
    this.sink.discard();
  }
}

const BOM = "\uFEFF";

function issueCode(issue: z.core.$ZodIssue): string {
  if (issue.code === "custom") {
    const reasonCode = (issue.params as { reason?: unknown } | undefined)?.reason;
    return typeof reasonCode === "string" ? reasonCode : "custom";
  }
  return issue.code;
}

/** The issues of one decoded record, with invalid-JSON positions made absolute in the input. */
function recordIssues(
  error: z.ZodError,
  record: Extract<SplitItem, { kind: "record" }>,
  text: string,
  pathPrefix: readonly PropertyKey[],
): RecordIssue[] {
  return error.issues.map((issue): RecordIssue => {
    const code = issueCode(issue);
    if (code === "invalid_json") {
      const params = (issue as { params?: unknown }).params as { line: number; column: number };
      const line = record.line + params.line - 1;
      const column = params.line === 1 ? record.column + params.column - 1 : params.column;
      const message = text.startsWith(BOM)
        ? "Invalid JSON: the record starts with a byte order mark (U+FEFF), which JSON readers such as the hub's serde_json reject"
        : issue.message.replace(/ at line \d+ column \d+$/, "");
      return { code, path: pathPrefix, message, line, column };
    }
    return { code, path: [...pathPrefix, ...issue.path], message: issue.message };
  });
}

/**
 * Streams `options.input` through the splitter and the schema: each record is decoded with
 * `decode` (strict when asked) and written, unchanged, to `out` or `rejects`. Memory holds one
 * record at a time (at most `maxRecordBytes`); longer records are rejected and streamed through.
 */
export async function runValidation(options: ValidationOptions): Promise<ValidationSummary> {
  const run = new ValidationRun(options);
  await run.consume();
  return run.summary();
}

/** The state of one `runValidation`: the splitter, the two output files and the counts. */
class ValidationRun {
  private readonly splitter: DetectingSplitter;
  private readonly out: RecordWriter | undefined;
  private readonly rejects: RecordWriter | undefined;
  private records = 0;
  private valid = 0;
  private structural = 0;
  private readonly issueCounts = new Map<string, number>();
  /** Inside a record over the size limit, whose parts are streamed to `rejects`. */
  private oversizedOpen = false;

  constructor(private readonly options: ValidationOptions) {
    this.splitter = new DetectingSplitter(options.inputFormat, options.maxRecordBytes);
    const layout = (): Layout | undefined => this.splitter.layout;
    this.out = options.out === undefined ? undefined : new RecordWriter(options.out, layout);
    this.rejects = options.rejects === undefined ? undefined : new RecordWriter(options.rejects, layout);
  }

  /** Reads the whole input; on failure, deletes what was written. */
  async consume(): Promise<void> {
    const { input, progress } = this.options;
    try {
      for await (const chunk of input.chunks) {
        this.splitter.push(chunk, this.handle);
        progress?.update(this.records);
      }
      this.splitter.end(this.handle);
      this.out?.close();
      this.rejects?.close();
    } catch (error) {
      this.out?.discard();
      this.rejects?.discard();
      throw error;
    } finally {
      progress?.clear();
    }
  }

  summary(): ValidationSummary {
    const issues: Record<string, number> = {};
    for (const code of [...this.issueCounts.keys()].sort()) issues[code] = this.issueCounts.get(code)!;
    return {
      input: this.options.input.name,
      type: this.options.type,
      layout: this.splitter.layout ?? "ndjson",
      strict: this.options.strict,
      checks: this.options.checks === true,
      records: this.records,
      valid: this.valid,
      invalid: this.records - this.valid,
      structural: this.structural,
      issues,
    };
  }

  private readonly handle = (item: SplitItem): void => {
    const index = item.kind !== "unterminated" && item.role === "element" ? item.index : undefined;
    const prefix: PropertyKey[] = index === undefined ? [] : [index];
    switch (item.kind) {
      case "part":
        if (!this.oversizedOpen) {
          this.oversizedOpen = true;
          this.rejects?.begin();
        }
        this.rejects?.bytes(item.raw);
        return;
      case "oversized":
        this.oversizedOpen = false;
        this.records++;
        this.reject(item.line, index, [
          {
            code: "record_too_large",
            path: prefix,
            message: `the record is ${item.size} bytes, over the limit of ${this.options.maxRecordBytes} (--max-record-bytes)`,
          },
        ]);
        return;
      case "unterminated":
        this.structural++;
        this.count("unterminated_array");
        this.options.onReject({
          line: item.line,
          issues: [{ code: "unterminated_array", path: [], message: "the input ended before the array's closing ]" }],
        });
        return;
      case "record":
        this.record(item, index, prefix);
        return;
    }
  };

  private record(item: Extract<SplitItem, { kind: "record" }>, index: number | undefined, prefix: PropertyKey[]): void {
    this.records++;
    const issues = checkRecord(item, prefix, this.options);
    if (issues.length === 0) {
      this.valid++;
      this.out?.record(item.raw);
    } else {
      this.reject(item.line, index, issues);
      this.rejects?.record(item.raw);
    }
  }

  private count(code: string): void {
    this.issueCounts.set(code, (this.issueCounts.get(code) ?? 0) + 1);
  }

  private reject(line: number, index: number | undefined, issues: RecordIssue[]): void {
    for (const issue of issues) this.count(issue.code);
    this.options.onReject(index === undefined ? { line, issues } : { line, index, issues });
  }
}

function checkRecord(
  item: Extract<SplitItem, { kind: "record" }>,
  prefix: readonly PropertyKey[],
  options: ValidationOptions,
): RecordIssue[] {
  if (item.role === "trailing") {
    return [{ code: "trailing_content", path: [], message: "content after the array's closing ]" }];
  }
  const content = item.content;
  if (isBlankLine(content)) {
    return item.role === "line"
      ? [{ code: "blank_line", path: [], message: BLANK_LINE_MESSAGE }]
      : [{ code: "empty_element", path: prefix, message: "empty array element (a stray or trailing comma)" }];
  }
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  if (!isUtf8(bytes)) {
    const at = firstInvalidUtf8(bytes);
    return [
      {
        code: "invalid_utf8",
        path: prefix,
        message: `invalid UTF-8: byte 0x${bytes[at]!.toString(16).padStart(2, "0")} at byte ${at} of the record does not start a valid sequence`,
      },
    ];
  }
  const text = bytes.toString("utf8");
  // A published type takes its generated fast path, whose result equals decode's (test/fast pins it).
  const fast = options.strict ? undefined : fastPathOfSchema(options.schema);
  const result = fast ? fast.decode(text) : decode(options.schema, text, { strict: options.strict });
  if (!result.success) return recordIssues(result.error, item, text, prefix);
  if (options.checks !== true) return [];
  return checkValueErrors(options.schema, result.data).map((finding) => ({
    code: finding.code,
    path: [...prefix, ...finding.path],
    message: finding.message,
  }));
}

/** `location: message [code]` lines for one rejected record. */
export function textReport(name: string, record: RejectedRecord): string {
  return record.issues
    .map((issue) => {
      const at = issue.line === undefined ? `${record.line}` : `${issue.line}:${issue.column}`;
      const path = issue.path.length > 0 || issue.code !== "invalid_json" ? `${renderPath(issue.path)}: ` : "";
      return `${name}:${at}: ${path}${issue.message} [${issue.code}]\n`;
    })
    .join("");
}

function jsonIssue(issue: RecordIssue): Record<string, unknown> {
  return {
    code: issue.code,
    path: issue.path.map((p) => (typeof p === "symbol" ? String(p) : p)),
    message: issue.message,
    ...(issue.line === undefined ? {} : { line: issue.line, column: issue.column }),
  };
}

const LAYOUT_UNITS: Record<Layout, [string, string]> = {
  ndjson: ["line", "lines"],
  array: ["element", "elements"],
  document: ["document", "documents"],
};

/** The closing summary in text form. */
export function textSummary(summary: ValidationSummary): string {
  const [one, many] = LAYOUT_UNITS[summary.layout];
  const unit = summary.records === 1 ? one : many;
  const mode = `${summary.type}${summary.strict ? ", strict" : ""}${summary.checks ? ", checks" : ""}`;
  const verdict =
    summary.invalid === 0 && summary.structural === 0
      ? summary.records === 0
        ? "nothing to validate"
        : summary.records === 1
          ? "valid"
          : "all valid"
      : `${summary.valid} valid, ${summary.invalid} invalid`;
  const lines = [`${summary.input}: ${summary.records} ${unit}, ${verdict} (${mode})`];
  const codes = Object.entries(summary.issues);
  if (codes.length > 0) {
    const width = Math.max(...codes.map(([, n]) => String(n).length));
    lines.push("issues by code:", ...codes.map(([code, n]) => `  ${String(n).padStart(width)}  ${code}`));
  }
  return `${lines.join("\n")}\n`;
}

export async function validateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(validateSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(validateSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError(
      "validate",
      `expected at most one FILE, received ${parsed.positionals.length}: ${parsed.positionals.join(" ")}`,
    );
  }
  const { name: type, schema } = schemaByName("validate", stringFlag(parsed, "type") ?? "AnalyticsEvent");
  const format = choiceFlag("validate", parsed, "format", { choices: ["text", "json"], fallback: "text" });
  const inputFormat = choiceFlag("validate", parsed, "input-format", { choices: INPUT_FORMATS, fallback: "auto" });
  const maxRecordBytes =
    integerFlag("validate", parsed, "max-record-bytes", { min: 1, max: Number.MAX_SAFE_INTEGER }) ??
    DEFAULT_MAX_RECORD_BYTES;
  const { input, outPath, rejectsPath } = openFiles(io, parsed.positionals[0] ?? "-", parsed.values);
  const summary = await withFileErrorsAsUsage(() =>
    runValidation({
      input,
      type,
      schema,
      strict: parsed.values.strict === true,
      checks: parsed.values.check === true,
      inputFormat,
      maxRecordBytes,
      ...(outPath === undefined ? {} : { out: outPath }),
      ...(rejectsPath === undefined ? {} : { rejects: rejectsPath }),
      onReject: rejectPrinter(io, input, format),
      progress: inputProgress(io, input),
    }),
  );
  if (format === "json") io.stdout.write(`${JSON.stringify({ kind: "summary", ...summary })}\n`);
  else io.stdout.write(textSummary(summary));
  return summary.invalid > 0 || summary.structural > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Opens the input and resolves --out and --rejects, refusing a pair that would overwrite each other or the input. */
function openFiles(
  io: CliIo,
  file: string,
  values: { readonly out?: unknown; readonly rejects?: unknown },
): { input: Input; outPath: string | undefined; rejectsPath: string | undefined } {
  const outPath = resolveOutput(io, values.out);
  const rejectsPath = resolveOutput(io, values.rejects);
  if (outPath !== undefined && rejectsPath !== undefined && samePath(outPath, rejectsPath)) {
    throw new UsageError("validate", "--out and --rejects must be different files");
  }
  if (file === "-" && io.stdinIsTty) {
    throw new UsageError("validate", "no input: give a FILE, or pipe documents to stdin");
  }
  const input = openInput("validate", file, io);
  for (const [flag, path] of [
    ["--out", outPath],
    ["--rejects", rejectsPath],
  ] as const) {
    if (path !== undefined && input.path !== undefined && samePath(path, input.path)) {
      throw new UsageError("validate", `${flag} must not be the input file (it would be overwritten)`);
    }
  }
  return { input, outPath, rejectsPath };
}

/** Prints each invalid record as it is found: a JSON line, or `location: message [code]` lines. */
function rejectPrinter(io: CliIo, input: Input, format: "text" | "json"): (record: RejectedRecord) => void {
  return (record) => {
    if (format === "json") {
      const position = record.index === undefined ? { line: record.line } : { line: record.line, index: record.index };
      io.stdout.write(`${JSON.stringify({ kind: "invalid", ...position, issues: record.issues.map(jsonIssue) })}\n`);
    } else {
      io.stdout.write(textReport(input.name, record));
    }
  };
}

/** A file system error (ENOENT, EACCES, …) becomes a usage error naming the file; anything else is rethrown. */
async function withFileErrorsAsUsage<T>(run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (typeof code === "string" && /^E[A-Z]+$/.test(code)) {
      const path = (error as NodeJS.ErrnoException).path;
      throw new UsageError(
        "validate",
        `cannot ${path === undefined ? "read or write a file" : `open ${path}`}: ${reason(error)}`,
      );
    }
    throw error;
  }
}

function resolveOutput(io: CliIo, value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  if (value === "" || value === "-") {
    throw new UsageError("validate", "--out and --rejects take a file path (stdout carries the report)");
  }
  return resolve(io.cwd, value);
}
