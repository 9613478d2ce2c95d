import { resolve } from "node:path";
import { Timestamp } from "../../core/index.js";
import { jsonText } from "../../core/json-writer.js";
import {
  type CommandSpec,
  helpText,
  integerFlag,
  type ParsedArgs,
  parseCommandArgs,
  parseDurationMs,
  stringFlag,
} from "../args.js";
import { EXIT_OK, UsageError } from "../errors.js";
import { reason } from "../input.js";
import { type CliIo, FileSink, yieldToEventLoop } from "../io.js";
import { countProgress, type Progress } from "../progress.js";
import { planTraffic, syntheticEvents, type TrafficOptions } from "../synthetic/traffic.js";

export const DEFAULT_START = "2025-06-03T00:00:00Z";
export const DEFAULT_SPAN = "24h";
export const DEFAULT_SEED = 1;

export const generateSpec: CommandSpec = {
  name: "generate",
  summary: "Write realistic synthetic AnalyticsEvent NDJSON from all four modules, the same for the same seed.",
  usage: "generate --events N [options]",
  flags: {
    events: { type: "string", short: "n", value: "N", description: "Number of events to write (required)" },
    seed: {
      type: "string",
      short: "s",
      value: "S",
      description: `Seed of the random source (default ${DEFAULT_SEED})`,
    },
    incident: {
      type: "boolean",
      description: "Inject an incident: latency spike, rising errors, cost spike and budget alert, linked",
    },
    start: { type: "string", value: "TIME", description: `RFC 3339 start of the traffic (default ${DEFAULT_START})` },
    span: {
      type: "string",
      value: "DURATION",
      description: `Time the events spread over, e.g. 90m, 6h, 1d (default ${DEFAULT_SPAN})`,
    },
    environment: { type: "string", value: "ENV", description: 'The events\' environment (default "production")' },
    out: { type: "string", short: "o", value: "FILE", description: "Write to FILE instead of stdout" },
  },
  details: `The traffic: per request a latency event (lognormal time to first token and decode speed per
model) and a token-cost event at list prices (gpt-4o-mini $0.15/$0.60 per 1M tokens, gpt-4o
$2.50/$10, claude-sonnet-4 $3/$15, claude-3-5-haiku $0.80/$4, gemini-2.5-pro $1.25/$10,
gemini-2.5-flash $0.30/$2.50, llama-3.1-70b $0.88/$0.88); throughput and error-rate events per
model and window; threats, auth, privacy, policy violations and audit records; hourly API and
resource costs; budget alerts when a model's rolling-hour spend crosses 80/90/100% of its limit.
Arrivals follow a daily curve peaking at 15:00 UTC. Output is byte-identical for the same flags.

--incident (needs at least 500 events and a span of an hour or more) picks a model and, from 55%
of the span on, slows it ×5, raises its failure rate to 35%, and sends a retry storm that pushes
its spend over budget. All incident events share one correlation_id; parent_event_id links
errors to the first slow request, costs to the first error-rate event, budget alerts to the
cost that crossed the threshold. The plan is printed on stderr.

--out FILE is written atomically: it appears, whole, when the run ends, and an interrupted run
(Ctrl-C) leaves no partial file. On a terminal, a run that takes more than a second shows its
progress on stderr.

Exit status: 0 ok, 2 usage error.

Examples:
  llm-analytics-hub generate --events 1000 --seed 7 > events.ndjson
  llm-analytics-hub generate --events 20000 --incident --out day.ndjson`,
};

export async function generateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(generateSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(generateSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError("generate", `unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  }
  const options = trafficOptions(parsed);
  let plan: ReturnType<typeof planTraffic>;
  try {
    plan = planTraffic(options);
  } catch (error) {
    throw new UsageError("generate", (error as Error).message.replace(/^planTraffic: /, ""));
  }
  if (plan.incident !== undefined) {
    const i = plan.incident;
    io.stderr.write(
      `incident: ${i.model} (${i.provider}) ${i.window.start} → ${i.window.end}, correlation_id ${i.correlationId}\n`,
    );
  }
  const progress = countProgress(io, options.events, "events");
  const outFlag = stringFlag(parsed, "out");
  if (outFlag === undefined) {
    await writeEvents((line) => io.stdout.write(line), options, progress);
    progress.clear();
    return EXIT_OK;
  }
  let file: FileSink;
  try {
    file = new FileSink(resolve(io.cwd, outFlag));
  } catch (error) {
    throw new UsageError("generate", `cannot write ${outFlag}: ${reason(error)}`);
  }
  try {
    await writeEvents((line) => file.write(line), options, progress);
    file.close();
  } catch (error) {
    file.discard();
    throw error;
  } finally {
    progress.clear();
  }
  return EXIT_OK;
}

/** The generator's options from the flags, each checked (a bad one is a usage error naming it). */
function trafficOptions(parsed: ParsedArgs): TrafficOptions {
  const events = integerFlag("generate", parsed, "events", { min: 1, max: 100_000_000 });
  if (events === undefined) throw new UsageError("generate", "--events N is required");
  const seed = integerFlag("generate", parsed, "seed", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? DEFAULT_SEED;
  const startText = stringFlag(parsed, "start") ?? DEFAULT_START;
  const parsedStart = Timestamp.safeParse(startText);
  if (!parsedStart.success) {
    throw new UsageError(
      "generate",
      `--start must be an RFC 3339 timestamp with an offset, received ${JSON.stringify(startText)}`,
    );
  }
  const spanMs = parseDurationMs("generate", "span", stringFlag(parsed, "span") ?? DEFAULT_SPAN);
  return {
    events,
    seed,
    start: parsedStart.data,
    spanMs,
    incident: parsed.values.incident === true,
    environment: stringFlag(parsed, "environment") ?? "production",
  };
}

/** Writes the events as NDJSON lines, telling the progress and yielding to the event loop every 1024 events. */
async function writeEvents(write: (line: string) => void, options: TrafficOptions, progress: Progress): Promise<void> {
  let written = 0;
  for (const event of syntheticEvents(options)) {
    write(`${jsonText(event)}\n`);
    if (++written % 1024 === 0) {
      progress.update(written);
      await yieldToEventLoop();
    }
  }
}
