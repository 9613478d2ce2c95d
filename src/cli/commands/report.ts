import { writeFileSync } from "node:fs";
import { isAbsolute, relative, resolve } from "node:path";
import { analyzeIncidents } from "../../correlation/index.js";
import type { AnalyticsEvent } from "../../events/index.js";
import { type CommandSpec, helpText, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { type Input, openInput, reason } from "../input.js";
import type { CliIo } from "../io.js";
import { analysisFlags } from "./analysis-flags.js";

export const reportSpec: CommandSpec = {
  name: "report",
  summary: "Write a self-contained HTML report of AnalyticsEvents: charts, incidents, root causes, anomalies.",
  usage: "report FILE [options]",
  flags: {
    out: { type: "string", short: "o", value: "FILE", description: "The HTML file to write (default report.html)" },
    window: {
      type: "string",
      short: "w",
      value: "DURATION",
      description: "Window of the analysis and the charts, e.g. 5m or 1h (default: chosen from the data)",
    },
    threshold: {
      type: "string",
      value: "Z",
      description: "Robust |z| at which a window is anomalous (default: the analysis' default)",
    },
    locale: {
      type: "string",
      value: "TAG",
      description: "BCP 47 locale of the numbers and dates, e.g. de-DE (default en-US)",
    },
    title: { type: "string", value: "TEXT", description: 'Title of the report (default "LLM incident report")' },
  },
  details: `Reads NDJSON (or a JSON array) of AnalyticsEvents; FILE "-" reads stdin. All events are held in
memory. Runs the same incident analysis as \`correlate\` (so with the same options its claims are
those of \`correlate --format json\`) and writes one HTML file with no external resource: it
opens from disk, offline, and prints.

The report shows:
  - per model, latency p50/p95/p99 per window, anomalous windows shaded, incidents marked;
  - error rate, tokens and token cost per model and window, budget alerts marked;
  - per incident a root-cause card (what, when, confidence, evidence, recommendations) and
    its causal graph (laid out with dagre, the root cause outlined, time deltas on edges);
    or "No incident found";
  - the anomalous windows in a sortable table, and the totals of the data.
Charts are SVG rendered here (Vega-Lite), each with a caption and a data table as its text
alternative. Records that are not valid AnalyticsEvents are reported on stderr and left out
(exit status 1); an event_id seen before is reported and its repeat left out.

Exit status: 0 ok, 1 invalid records in the input, 2 usage error.

Example:
  llm-analytics-hub generate --events 10000 --incident > day.ndjson
  llm-analytics-hub report day.ndjson --out report.html`,
};

export async function reportCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(reportSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(reportSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length !== 1) {
    throw new UsageError("report", `expected one FILE (or - for stdin), received ${parsed.positionals.length}`);
  }
  const analysisOptions = analysisFlags("report", parsed);
  const outFlag = stringFlag(parsed, "out") ?? "report.html";
  const title = stringFlag(parsed, "title");
  // Loaded here, not at the top: Vega and dagre load only when a report is written.
  const { buildHtmlReport, ReportFormat } = await import("../report-html/build.js");
  let format: InstanceType<typeof ReportFormat>;
  try {
    format = new ReportFormat(stringFlag(parsed, "locale") ?? "en-US");
  } catch (error) {
    throw new UsageError("report", `--locale: ${reason(error).replace(/^ReportFormat: /, "")}`);
  }
  const file = parsed.positionals[0]!;
  if (file === "-" && io.stdinIsTty) throw new UsageError("report", "no input: give a FILE, or pipe events to stdin");
  const input = openInput("report", file, io);
  const { events, records, leftOut } = await readUniqueEvents(io, input);
  const analysis = analyzeIncidents(events, analysisOptions);
  const html = await buildHtmlReport(events, analysis, {
    source: input.name,
    format,
    ...(title === undefined ? {} : { title }),
  });
  const out = resolve(io.cwd, outFlag);
  try {
    writeFileSync(out, html);
  } catch (error) {
    throw new UsageError("report", `cannot write ${outFlag}: ${reason(error)}`);
  }
  const incidents = analysis.incidents.length;
  io.stdout.write(
    `wrote ${shownPath(io.cwd, out)} (${format.count(Buffer.byteLength(html))} bytes): ${format.count(events.length)} events, ` +
      `${format.count(analysis.anomalies.length)} anomalous windows, ${incidents === 0 ? "no incident found" : `${format.count(incidents)} ${incidents === 1 ? "incident" : "incidents"}`}\n`,
  );
  if (leftOut > 0) io.stderr.write(`${input.name}: ${leftOut} of ${records} records left out\n`);
  return leftOut > 0 ? EXIT_INVALID : EXIT_OK;
}

/** The input's valid events, the first of each event_id; the others are reported on stderr and left out. */
async function readUniqueEvents(
  io: CliIo,
  input: Input,
): Promise<{ events: AnalyticsEvent[]; records: number; leftOut: number }> {
  const events: AnalyticsEvent[] = [];
  const seen = new Set<string>();
  let leftOut = 0;
  const records = await forEachEvent(
    input,
    (event, line) => {
      if (seen.has(event.event_id)) {
        leftOut++;
        io.stderr.write(
          `${input.name}:${line}: event_id ${event.event_id} repeats an earlier event; the first is kept\n`,
        );
        return;
      }
      seen.add(event.event_id);
      events.push(event);
    },
    (error) => {
      leftOut++;
      io.stderr.write(`${input.name}:${error.line}: ${error.message}\n`);
    },
  );
  return { events, records, leftOut };
}

/** `out` relative to the working directory when it is inside it, else absolute. */
function shownPath(cwd: string, out: string): string {
  const rel = relative(cwd, out);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? out : rel;
}
