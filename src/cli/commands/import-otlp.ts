import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { gunzipSync } from "node:zlib";
import {
  eventsFromOtlpTraces,
  metricsFromOtlp,
  type OtlpImportNotice,
  type OtlpImportOptions,
  type OtlpMetricNotice,
  type PriceTable,
} from "../../interop/otel.js";
import { type CommandSpec, helpText, type ParsedArgs, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { renderPath } from "../format.js";
import { type Input, openInput, reason } from "../input.js";
import type { CliIo } from "../io.js";

export const importOtlpSpec: CommandSpec = {
  name: "import-otlp",
  summary: "Turn OpenTelemetry LLM spans (OTLP JSON, JSON Lines or protobuf) into AnalyticsEvent NDJSON.",
  usage: "import-otlp [FILE|-] [options]",
  flags: {
    environment: {
      type: "string",
      short: "e",
      value: "ENV",
      description: "The events' environment (default: the resource's deployment.environment.name, else \"unknown\")",
    },
    prices: {
      type: "string",
      short: "p",
      value: "FILE",
      description:
        'JSON price table, USD per million tokens: {"gpt-4o": {"input": 2.5, "cacheRead": 1.25, "output": 10}}; adds token_cost events',
    },
    tag: { type: "string", multiple: true, value: "KEY=VALUE", description: "A tag added to every event" },
    metrics: {
      type: "boolean",
      description:
        "Read OTLP metrics (gen_ai.client.* histograms, any gauge, sum, histogram or summary) instead, and write hub MetricType NDJSON (--environment, --prices and --tag apply to spans only)",
    },
    quiet: { type: "boolean", short: "q", description: "Print only the summary line on stderr, not each notice" },
  },
  details: `FILE defaults to stdin; "-" also reads stdin. Every form OTLP travels in is read: OTLP/JSON
(camelCase, or the snake_case protobuf JSON mapping), JSON Lines with one export per line (the
collector's file exporter), a bare JSON list of spans, binary OTLP protobuf
(ExportTraceServiceRequest, the Python/Go/Java SDK default), gzip-compressed or not. Spans in the
OpenTelemetry GenAI, OpenLLMetry, OpenInference and Vercel AI SDK dialects are recognized per span.

stdout: one AnalyticsEvent per line (latency, token_usage, token_cost per model call).
stderr: one line per notice — "<file>[:<line>]: <path> (span <id>): <message> [<code>]", the
path as in validate ($.resourceSpans[0].scopeSpans[0].spans[2]), the line for JSON Lines input —
for every span skipped and every attribute ignored, coerced or assumed (docs/interop.md lists
the codes), then a summary:
"N spans read: M mapped, K skipped (with a reason each), I unreadable; E events". Every span is
accounted for: read = mapped + skipped.

Exit status: 0 every span mapped or skipped with a reason (notices do not fail the run),
1 the input is not OTLP at all (no trace data, not JSON, not protobuf), 2 usage error
(bad flag, unreadable file or price table).

Examples:
  llm-analytics-hub import-otlp traces.jsonl --prices prices.json > events.ndjson
  curl -s … | llm-analytics-hub import-otlp - --environment production
  llm-analytics-hub import-otlp metrics.pb --metrics`,
};

function readPrices(file: string, io: CliIo): PriceTable {
  let text: string;
  try {
    text = readFileSync(resolve(io.cwd, file), "utf8");
  } catch (error) {
    throw new UsageError("import-otlp", `cannot read --prices ${file}: ${reason(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError("import-otlp", `--prices ${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) {
    throw new UsageError("import-otlp", `--prices ${file} must be a JSON object of model → {input, output, …}`);
  }
  return parsed as PriceTable;
}

/** A notice as a stderr line, placed as validate places its issues: `file:line: $.path (span …): message [code]`. */
function noticeText(name: string, notice: OtlpImportNotice | OtlpMetricNotice): string {
  const at = notice.line === undefined ? name : `${name}:${notice.line}`;
  const span = "spanId" in notice && notice.spanId !== undefined ? ` (span ${notice.spanId})` : "";
  const metric = "metric" in notice && notice.metric !== undefined ? ` (metric ${notice.metric})` : "";
  return `${at}: ${renderPath(notice.path)}${span}${metric}: ${notice.message} [${notice.code}]\n`;
}

/** The import options the flags give: environment, prices, tags. */
function importOptions(parsed: ParsedArgs, io: CliIo): OtlpImportOptions {
  const tags: Record<string, string> = {};
  for (const pair of (parsed.values.tag as string[] | undefined) ?? []) {
    const eq = pair.indexOf("=");
    if (eq <= 0) throw new UsageError("import-otlp", `--tag must be KEY=VALUE, received ${JSON.stringify(pair)}`);
    tags[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  const pricesFile = stringFlag(parsed, "prices");
  const environment = stringFlag(parsed, "environment");
  return {
    ...(environment === undefined ? {} : { environment }),
    ...(pricesFile === undefined ? {} : { prices: readPrices(pricesFile, io) }),
    ...(Object.keys(tags).length === 0 ? {} : { tags }),
  };
}

/** The whole input, gunzipped when it is gzip; a string when the gzip data is broken. */
async function readBody(input: Input): Promise<Uint8Array | string> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of input.chunks) chunks.push(chunk);
  const bytes: Uint8Array = Buffer.concat(chunks);
  if (bytes[0] !== 0x1f || bytes[1] !== 0x8b) return bytes;
  try {
    return gunzipSync(bytes);
  } catch (error) {
    return `broken gzip data: ${(error as Error).message}`;
  }
}

/** Where a run writes: the input's name for notices, and whether each notice is printed. */
interface Output {
  readonly io: CliIo;
  readonly name: string;
  readonly quiet: boolean;
}

function writeMetrics(bytes: Uint8Array, out: Output): void {
  const { metrics, notices } = metricsFromOtlp(bytes);
  for (const record of metrics) out.io.stdout.write(`${JSON.stringify(record.metric)}\n`);
  if (!out.quiet) for (const n of notices) out.io.stderr.write(noticeText(out.name, n));
  out.io.stderr.write(`import-otlp: ${metrics.length} metric points; ${notices.length} notices\n`);
}

function writeEvents(bytes: Uint8Array, options: OtlpImportOptions, out: Output): void {
  let result: ReturnType<typeof eventsFromOtlpTraces>;
  try {
    result = eventsFromOtlpTraces(bytes, options);
  } catch (error) {
    if (error instanceof RangeError && /options\./.test(error.message)) {
      throw new UsageError("import-otlp", error.message.replace(/^eventsFromOtlpTraces: /, ""));
    }
    throw error;
  }
  for (const event of result.events) out.io.stdout.write(`${JSON.stringify(event)}\n`);
  if (!out.quiet) for (const n of result.notices) out.io.stderr.write(noticeText(out.name, n));
  const s = result.spans;
  out.io.stderr.write(
    `import-otlp: ${s.read} spans read: ${s.mapped} mapped, ${s.skipped} skipped (with a reason each), ${s.invalid} unreadable; ${result.events.length} events\n`,
  );
}

export async function importOtlpCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(importOtlpSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(importOtlpSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 1) {
    throw new UsageError("import-otlp", `expected one FILE, received ${parsed.positionals.length}`);
  }
  const file = parsed.positionals[0] ?? "-";
  if (file === "-" && io.stdinIsTty) {
    throw new UsageError("import-otlp", "no input: give a FILE or pipe OTLP into stdin");
  }
  if (parsed.values.metrics === true) {
    const spanOnly = ["environment", "prices", "tag"].filter((flag) => parsed.values[flag] !== undefined);
    if (spanOnly.length > 0) {
      throw new UsageError("import-otlp", `--${spanOnly[0]} applies to spans, not to --metrics`);
    }
  }
  const options = importOptions(parsed, io);
  const input = openInput("import-otlp", file, io);
  const bytes = await readBody(input);
  if (typeof bytes === "string") {
    io.stderr.write(`llm-analytics-hub import-otlp: ${input.name}: ${bytes}\n`);
    return EXIT_INVALID;
  }
  const out: Output = { io, name: input.name, quiet: parsed.values.quiet === true };
  try {
    if (parsed.values.metrics === true) writeMetrics(bytes, out);
    else writeEvents(bytes, options, out);
    return EXIT_OK;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    if (error instanceof TypeError || error instanceof RangeError) {
      io.stderr.write(`llm-analytics-hub import-otlp: ${input.name}: ${error.message.replace(/^\w+: /, "")}\n`);
      return EXIT_INVALID;
    }
    throw error;
  }
}
