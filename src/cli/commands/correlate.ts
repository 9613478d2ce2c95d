import { jsonText } from "../../core/json-writer.js";
import { INCIDENT_DEFAULTS, IncidentAnalyzer } from "../../correlation/index.js";
import { type CommandSpec, choiceFlag, helpText, parseCommandArgs } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { type Input, openInput } from "../input.js";
import type { CliIo } from "../io.js";
import { inputProgress } from "../progress.js";
import { analysisMarkdown, analysisText, scopeLine } from "../report.js";
import { analysisFlags } from "./analysis-flags.js";

export const correlateSpec: CommandSpec = {
  name: "correlate",
  summary: "Find the incidents in AnalyticsEvents: anomalies, their root cause, evidence, impact and graph.",
  usage: "correlate FILE [options]",
  flags: {
    window: {
      type: "string",
      short: "w",
      value: "DURATION",
      description: "Window width, e.g. 1m, 5m, 1h (default: chosen from the data)",
    },
    threshold: {
      type: "string",
      value: "Z",
      description: `|z| at or above which a window is anomalous (default ${INCIDENT_DEFAULTS.threshold})`,
    },
    format: { type: "string", short: "f", value: "text|json|markdown", description: "Output format (default text)" },
  },
  details: `Reads NDJSON (or a JSON array) of AnalyticsEvents; FILE "-" reads stdin. Events stream through:
only a few hundred bytes per event are kept, never the events.

1. Signals, per model: p95 latency, error rate, throughput, tokens per request, spend, quality;
   over all events: threat, failed-auth, vulnerability, privacy, compliance and policy-violation
   rates, failed compliance checks, audited changes, budget alerts. Taken from payloads and tags
   (model ids, failure tags such as http.status_code); severity is never used.
2. Detection: every window (auto width: about ${INCIDENT_DEFAULTS.targetPerWindow} requests per model and window) is scored
   against a robust baseline of the windows before it; runs of 1, 2, 4 and 8 windows are tested.
3. Incidents: anomalous windows of one model that overlap or follow each other; the global
   signals join through the relation table. No anomaly: no incident and no root cause.
4. Root cause: the earliest change, located to the event; effects follow the relation table.

--format json prints the IncidentAnalysis (see docs/correlation.md), markdown a report.
Records that are not valid AnalyticsEvents, and repeated event_ids, are reported on stderr and
left out (exit status 1). A progress line is drawn on stderr when it is a terminal and the run
takes more than a second.

Exit status: 0 ok (with or without incidents), 1 invalid records in the input, 2 usage error.

Example:
  llm-analytics-hub generate --events 20000 --incident > day.ndjson
  llm-analytics-hub correlate day.ndjson`,
};

export async function correlateCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(correlateSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(correlateSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError("correlate", `expected one FILE (or - for stdin), received ${parsed.positionals.length}`);
  }
  const analyzer = new IncidentAnalyzer(analysisFlags("correlate", parsed));
  const format = choiceFlag("correlate", parsed, "format", { choices: ["text", "json", "markdown"], fallback: "text" });
  const file = parsed.positionals[0]!;
  if (file === "-" && io.stdinIsTty)
    throw new UsageError("correlate", "no input: give a FILE, or pipe events to stdin");
  const input = openInput("correlate", file, io);
  const { records, leftOut } = await feedAnalyzer(io, input, analyzer);
  const analysis = analyzer.finish();

  if (format === "json") io.stdout.write(`${jsonText(analysis)}\n`);
  else if (format === "markdown") {
    io.stdout.write(
      `# Incident analysis of ${input.name}\n\n${scopeLine(input.name, analysis)}\n\n${analysisMarkdown(analysis).join("\n")}`,
    );
  } else io.stdout.write(analysisText(input.name, analysis));
  if (leftOut > 0) {
    io.stderr.write(`${input.name}: ${leftOut} of ${records} records left out\n`);
  }
  return leftOut > 0 ? EXIT_INVALID : EXIT_OK;
}

/** Streams the input's events into the analyzer; invalid records and repeated event_ids are reported and left out. */
async function feedAnalyzer(
  io: CliIo,
  input: Input,
  analyzer: IncidentAnalyzer,
): Promise<{ records: number; leftOut: number }> {
  const progress = inputProgress(io, input);
  let leftOut = 0;
  let seen = 0;
  const records = await forEachEvent(
    input,
    (event, line) => {
      if ((++seen & 1023) === 0) progress.update(seen);
      if (!analyzer.add(event)) {
        leftOut++;
        io.stderr.write(
          `${input.name}:${line}: event_id ${event.event_id} repeats an earlier event; the first is kept\n`,
        );
      }
    },
    (error) => {
      leftOut++;
      progress.clear();
      io.stderr.write(`${input.name}:${error.line}: ${error.message}\n`);
    },
  );
  progress.clear();
  return { records, leftOut };
}
