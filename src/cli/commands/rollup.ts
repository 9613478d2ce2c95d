import { jsonText } from "../../core/json-writer.js";
import { type MetricPoint, type RolledUpMetric, rollup } from "../../metrics/index.js";
import { type CommandSpec, choiceFlag, helpText, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { BUILT_IN_DIMENSIONS, dimension, numericField, numericKeys } from "../fields.js";
import { formatStat, renderTable } from "../format.js";
import { openInput } from "../input.js";
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
default), population standard deviation. The points are held in memory.

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
  const windowText = stringFlag(parsed, "window");
  if (windowText === undefined) throw new UsageError("rollup", "--window WINDOW is required");
  const window = windowFlag("rollup", windowText);
  const field = stringFlag(parsed, "field");
  if (field === undefined || field === "") throw new UsageError("rollup", "--field FIELD is required");
  const by = (parsed.values.by as string[] | undefined) ?? [];
  const format = choiceFlag("rollup", parsed, "format", ["ndjson", "table"], "ndjson");
  const timeZone = stringFlag(parsed, "time-zone");
  if (timeZone !== undefined && !isTimeZone(timeZone)) {
    throw new UsageError(
      "rollup",
      `--time-zone must be an IANA time zone such as Europe/Paris, received ${JSON.stringify(timeZone)}`,
    );
  }
  const file = parsed.positionals[0]!;
  if (file === "-" && io.stdinIsTty) throw new UsageError("rollup", "no input: give a FILE, or pipe events to stdin");
  const input = openInput("rollup", file, io);

  const points: MetricPoint[] = [];
  const seenKeys = new Set<string>();
  let invalid = 0;
  let read = 0;
  const progress = inputProgress(io, input);
  const events = await forEachEvent(
    input,
    (event) => {
      progress.update(++read + invalid);
      const value = numericField(event, field);
      if (value === undefined) {
        if (seenKeys.size < 200) for (const k of numericKeys(event)) seenKeys.add(k);
        return;
      }
      const tags: Record<string, string> = {};
      for (const name of by) {
        const v = dimension(event, name);
        if (v !== undefined) tags[name] = v;
      }
      points.push({ name: field, timestamp: event.timestamp, value, tags });
    },
    (error) => {
      invalid++;
      progress.clear();
      io.stderr.write(`${input.name}:${error.line}: ${error.message}\n`);
    },
  ).finally(() => progress.clear());
  if (events === 0) {
    throw new UsageError("rollup", `${input.name} holds no events: nothing to roll up`);
  }
  if (points.length === 0 && events - invalid > 0) {
    const known = [...seenKeys].sort();
    throw new UsageError(
      "rollup",
      `no event has a number at ${JSON.stringify(field)}${known.length > 0 ? `; numeric fields seen: ${known.join(", ")}` : ""}`,
    );
  }
  const metrics = rollup(points, {
    window,
    groupBy: by,
    ...(timeZone === undefined ? {} : { alignment: "calendar" as const, timeZone }),
  });
  if (format === "table") io.stdout.write(rollupTable(metrics, by));
  else {
    for (const metric of metrics) {
      const { sketch, ...aggregated } = metric;
      io.stdout.write(`${jsonText(parsed.values.sketch === true ? metric : aggregated)}\n`);
      void sketch;
    }
  }
  if (invalid > 0)
    io.stderr.write(`${input.name}: ${invalid} of ${events} records are not valid AnalyticsEvents (left out)\n`);
  return invalid > 0 ? EXIT_INVALID : EXIT_OK;
}

/** The rolled-up windows as a text table: window start, the group tags, then the statistics. */
export function rollupTable(metrics: readonly RolledUpMetric[], by: readonly string[]): string {
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
