import { jsonText } from "../../core/json-writer.js";
import { ANOMALY_METHODS, toMermaid } from "../../correlation/index.js";
import { type AnalyticsEvent, SEVERITIES } from "../../events/index.js";
import { analyzeIncidents, findAnomalies, metricSeries, notableEvents } from "../analysis.js";
import { type CommandSpec, choiceFlag, helpText, integerFlag, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { openInput } from "../input.js";
import type { CliIo } from "../io.js";
import { anomalyTable, correlationTable, rootCauseLines, tableText } from "../report.js";
import { windowFlag } from "../windows.js";

export const correlateSpec: CommandSpec = {
  name: "correlate",
  summary: "Find anomalies, correlations, the event graph (Mermaid) and the root cause in AnalyticsEvents.",
  usage: "correlate FILE [options]",
  flags: {
    window: {
      type: "string",
      short: "w",
      value: "WINDOW",
      description: "Window of the metric series anomalies are looked for in (default 15m)",
    },
    method: {
      type: "string",
      value: ANOMALY_METHODS.join("|"),
      description: "Anomaly baseline: the hub's z-score, median/MAD, or EWMA (default zscore)",
    },
    threshold: { type: "string", value: "Z", description: "|z| above which a window is anomalous (default 4)" },
    "min-severity": {
      type: "string",
      value: "LEVEL",
      description: "Correlate events of at least this severity, plus linked ones (default warning)",
    },
    "graph-nodes": { type: "string", value: "N", description: "Most nodes in the drawn incident graph (default 20)" },
    format: { type: "string", short: "f", value: "text|json", description: "Output format (default text)" },
  },
  details: `Reads NDJSON (or a JSON array) of AnalyticsEvents; FILE "-" reads stdin. All events are held in
memory.

1. Anomalies: per model and window, the p95 of total_latency_ms, the mean error_rate_percent and
   the summed total_cost_usd; each window is scored against the windows before it.
2. Correlations: the events of at least --min-severity, and every event carrying a
   correlation_id or parent_event_id, are linked by parent ids, shared correlation ids and
   closeness in time (the hub's correlation engine rules), and grouped.
3. The event graph of those events, the most likely root cause with its causal chain and
   recommendations, and a Mermaid flowchart of the incident it starts (the root and the first
   event of each kind it led to).

--format json prints one object: anomalies, correlations, graph, root_cause, mermaid.
Records that are not valid AnalyticsEvents are reported on stderr and left out (exit status 1).

Exit status: 0 ok, 1 invalid records in the input, 2 usage error.

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
  const window = windowFlag("correlate", stringFlag(parsed, "window") ?? "15m");
  const method = choiceFlag("correlate", parsed, "method", ANOMALY_METHODS, "zscore");
  const thresholdText = stringFlag(parsed, "threshold") ?? "4";
  const threshold = Number(thresholdText);
  if (!/^\d+(\.\d+)?$/.test(thresholdText) || !(threshold > 0)) {
    throw new UsageError(
      "correlate",
      `--threshold must be a positive number, received ${JSON.stringify(thresholdText)}`,
    );
  }
  const minSeverity = choiceFlag("correlate", parsed, "min-severity", SEVERITIES, "warning");
  const maxNodes = integerFlag("correlate", parsed, "graph-nodes", 2, 500) ?? 20;
  const format = choiceFlag("correlate", parsed, "format", ["text", "json"], "text");
  const file = parsed.positionals[0]!;
  if (file === "-" && io.stdinIsTty)
    throw new UsageError("correlate", "no input: give a FILE, or pipe events to stdin");
  const input = openInput("correlate", file, io);

  const events: AnalyticsEvent[] = [];
  const seen = new Set<string>();
  let invalid = 0;
  let duplicates = 0;
  const records = await forEachEvent(
    input,
    (event, line) => {
      if (seen.has(event.event_id)) {
        duplicates++;
        io.stderr.write(
          `${input.name}:${line}: event_id ${event.event_id} repeats an earlier event; the first is kept\n`,
        );
        return;
      }
      seen.add(event.event_id);
      events.push(event);
    },
    (error) => {
      invalid++;
      io.stderr.write(`${input.name}:${error.line}: ${error.message}\n`);
    },
  );
  const { series } = metricSeries(events, window);
  const anomalies = findAnomalies(series, { method, threshold });
  const notable = notableEvents(events, minSeverity);
  const analysis = analyzeIncidents(notable, maxNodes);
  const mermaid = analysis.displayGraph === undefined ? undefined : toMermaid(analysis.displayGraph);

  if (format === "json") {
    io.stdout.write(
      `${jsonText({
        events: events.length,
        correlated_events: notable.length,
        anomalies: anomalies.map((a) => a.anomaly),
        correlations: analysis.correlations,
        graph: analysis.graph,
        root_cause: analysis.rootCause ?? null,
        mermaid: mermaid ?? null,
      })}\n`,
    );
  } else {
    const out: string[] = [
      `${input.name}: ${events.length} events; ${notable.length} correlated (severity ≥ ${minSeverity} or linked)`,
      "",
      `Anomalies (${anomalies.length}; ${method}, |z| > ${threshold}, ${window} windows)`,
      anomalies.length === 0 ? "none" : tableText(anomalyTable(anomalies, 25)),
      "",
      `Correlations (${analysis.correlations.length})`,
      analysis.correlations.length === 0 ? "none" : tableText(correlationTable(analysis.correlations, 10)),
      "",
    ];
    if (analysis.rootCause !== undefined) out.push(...rootCauseLines(analysis.rootCause, analysis.graph), "");
    if (mermaid !== undefined) out.push("Incident graph (Mermaid)", "```mermaid", mermaid.trimEnd(), "```", "");
    io.stdout.write(`${out.join("\n")}\n`);
  }
  if (invalid > 0 || duplicates > 0) {
    io.stderr.write(`${input.name}: ${invalid + duplicates} of ${records} records left out\n`);
  }
  return invalid > 0 || duplicates > 0 ? EXIT_INVALID : EXIT_OK;
}
