import { mkdirSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { compareTimestamps, toEpochMillis } from "../../core/index.js";
import { jsonText } from "../../core/json-writer.js";
import { analyzeIncidents, type IncidentAnalysis, toMermaid } from "../../correlation/index.js";
import { AnalyticsEvent } from "../../events/index.js";
import { allJsonSchemas, schemaFileText } from "../../json-schema/index.js";
import { type MetricPoint, mergeRollups, type RolledUpMetric, rollup } from "../../metrics/index.js";
import { type CommandSpec, helpText, integerFlag, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_INVALID, EXIT_OK, UsageError } from "../errors.js";
import { forEachEvent } from "../events-input.js";
import { formatStat } from "../format.js";
import { openInput, reason } from "../input.js";
import { type CliIo, FileSink, writeFileAtomic } from "../io.js";
import {
  anomalyTable,
  incidentSeriesTable,
  incidentText,
  rootLines,
  scopeLine,
  type Table,
  tableMarkdown,
  tableText,
  windowWords,
} from "../report.js";
import { MODELS } from "../synthetic/catalog.js";
import { type IncidentPlan, planTraffic, syntheticEvents, type TrafficOptions } from "../synthetic/traffic.js";
import { runValidation } from "./validate.js";

export const DEMO_EVENTS = 30_000;

export const demoSpec: CommandSpec = {
  name: "demo",
  summary: "Generate a day of traffic with an incident, then validate, roll up, analyze and report it.",
  usage: "demo [options]",
  flags: {
    out: { type: "string", short: "o", value: "DIR", description: "Output folder (default demo-output)" },
    events: { type: "string", short: "n", value: "N", description: `Events to generate (default ${DEMO_EVENTS})` },
    seed: { type: "string", short: "s", value: "S", description: "Seed of the synthetic traffic (default 1)" },
  },
  details: `Steps: generate a day (24 h from 2025-06-03T00:00:00Z) of AnalyticsEvents from all four modules with
an injected incident; validate the NDJSON as the hub reads it; write the JSON Schema of every
wire type; roll latency, errors and spend up per model; run analyzeIncidents over the day with
its defaults (anomalies per model and signal, incidents, root cause, evidence, impact, graph);
check the finding against the injected incident. The report is printed and written, with the
data, to the output folder:

  events.ndjson      the generated events
  json-schema/       one draft 2020-12 schema per wire type
  rollups.ndjson     5-minute latency and hourly spend per model (AggregatedMetric)
  incident.mmd       the incident graph (Mermaid)
  report.md          the report, with the graphs
  report.html        the HTML report: charts, root-cause cards, causal graphs (self-contained)

The same seed gives the same files. Exit status: 0 ok (one incident, on the injected model,
starting within one window of the injected spike, its root a latency event of that model from
the spike's first five minutes), 1 the analysis missed it, reported other incidents, or the
generated data did not validate, 2 usage error.`,
};

interface Section {
  readonly title: string;
  readonly text: readonly string[];
  readonly table?: Table;
  readonly mermaid?: string;
}

/** Where the demo writes and how it speaks: each section is printed as it is added, and kept for report.md. */
interface DemoRun {
  readonly io: CliIo;
  readonly dir: string;
  /** `dir` as the user sees it: relative to the working directory. */
  readonly shown: string;
  readonly sections: Section[];
  say(line: string): void;
  section(s: Section): void;
}

export async function demoCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(demoSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(demoSpec));
    return EXIT_OK;
  }
  if (parsed.positionals.length > 0) {
    throw new UsageError("demo", `unexpected argument ${JSON.stringify(parsed.positionals[0])}`);
  }
  const events = integerFlag("demo", parsed, "events", { min: 2_000, max: 2_000_000 }) ?? DEMO_EVENTS;
  const seed = integerFlag("demo", parsed, "seed", { min: 0, max: Number.MAX_SAFE_INTEGER }) ?? 1;
  const run = startRun(io, stringFlag(parsed, "out") ?? "demo-output");

  const { incident, eventsPath } = generateStep(run, events, seed);
  const summary = await validateStep(run, eventsPath);
  schemaStep(run);
  const all = await readEvents(run, eventsPath);
  rollupStep(run, all, incident);
  const analysis = analyzeStep(run, all, incident);
  const { found, others } = checkStep(run, analysis, all, incident);

  const { dir, shown } = run;
  writeFileAtomic(join(dir, "report.md"), markdownReport(run.sections, incident, seed, events));
  // The HTML report loads Vega and dagre: imported here, only when the demo runs. It shows the
  // same analysis as report.md.
  await (await import("../report-html/build.js")).writeHtmlReport(join(dir, "report.html"), all, {
    source: "events.ndjson",
    analysis,
  });
  run.say(
    `
wrote ${join(shown, "report.md")}, ${join(shown, "report.html")}, ${join(shown, "incident.mmd")}, ${join(shown, "rollups.ndjson")}`,
  );
  return found && others === 0 && summary.invalid === 0 ? EXIT_OK : EXIT_INVALID;
}

/** Creates the output folder and the printer of the run's sections. */
function startRun(io: CliIo, outFlag: string): DemoRun {
  const dir = resolve(io.cwd, outFlag);
  try {
    mkdirSync(join(dir, "json-schema"), { recursive: true });
  } catch (error) {
    throw new UsageError("demo", `cannot create ${outFlag}: ${reason(error)}`);
  }
  const say = (line: string): void => {
    io.stdout.write(`${line}\n`);
    void io.stdout.flush();
  };
  const sections: Section[] = [];
  const section = (s: Section): void => {
    sections.push(s);
    say(`\n== ${s.title}`);
    for (const line of s.text) say(line);
    if (s.table !== undefined) say(tableText(s.table));
    if (s.mermaid !== undefined) say(`\`\`\`mermaid\n${s.mermaid.trimEnd()}\n\`\`\``);
  };
  return { io, dir, shown: relative(io.cwd, dir) || ".", sections, say, section };
}

/** 1. A day of synthetic traffic with an injected incident, written as NDJSON. */
function generateStep(run: DemoRun, events: number, seed: number): { incident: IncidentPlan; eventsPath: string } {
  const options: TrafficOptions = {
    events,
    seed,
    start: "2025-06-03T00:00:00Z",
    spanMs: 86_400_000,
    incident: true,
  };
  const incident = planTraffic(options).incident as IncidentPlan;
  const eventsPath = join(run.dir, "events.ndjson");
  const file = new FileSink(eventsPath);
  for (const event of syntheticEvents(options)) file.write(`${jsonText(event)}\n`);
  file.close();
  run.section({
    title: "1. Generate",
    text: [
      `${events.toLocaleString("en-US")} events of one day (seed ${seed}) → ${join(run.shown, "events.ndjson")} (${file.bytes.toLocaleString("en-US")} bytes)`,
      `injected incident on ${incident.model} (${incident.provider}), correlation_id ${incident.correlationId}:`,
      `  latency ×5        ${incident.latencySpike.start} → ${incident.latencySpike.end}`,
      `  errors up to 35%  ${incident.errors.start} → ${incident.errors.end}`,
      `  retry storm       ${incident.costSpike.start} → ${incident.costSpike.end}`,
    ],
  });
  return { incident, eventsPath };
}

/** 2. The file read back as the hub reads it, strict and with the semantic checks. */
async function validateStep(run: DemoRun, eventsPath: string): Promise<{ invalid: number }> {
  const summary = await runValidation({
    input: openInput("demo", eventsPath, run.io),
    type: "AnalyticsEvent",
    schema: AnalyticsEvent,
    strict: true,
    checks: true,
    inputFormat: "ndjson",
    maxRecordBytes: 1 << 20,
    onReject: (record) => run.say(`  line ${record.line}: ${record.issues.map((i) => i.message).join("; ")}`),
  });
  run.section({
    title: "2. Validate",
    text: [
      `${summary.records.toLocaleString("en-US")} lines read as the hub reads them, strict (unknown keys are errors) and with the semantic checks: ${summary.valid.toLocaleString("en-US")} valid, ${summary.invalid} invalid`,
    ],
  });
  return summary;
}

/** 3. The JSON Schema of every wire type. */
function schemaStep(run: DemoRun): void {
  const schemas = allJsonSchemas();
  for (const [name, schema] of Object.entries(schemas)) {
    writeFileAtomic(join(run.dir, "json-schema", `${name}.json`), schemaFileText(schema));
  }
  run.section({
    title: "3. JSON Schema",
    text: [`${Object.keys(schemas).length} draft 2020-12 schemas → ${join(run.shown, "json-schema")}/`],
  });
}

async function readEvents(run: DemoRun, eventsPath: string): Promise<AnalyticsEvent[]> {
  const all: AnalyticsEvent[] = [];
  await forEachEvent(
    openInput("demo", eventsPath, run.io),
    (event) => {
      all.push(event);
    },
    (error) => run.say(`  line ${error.line}: ${error.message}`),
  );
  return all;
}

/** 4. 5-minute latency and hourly spend per model, written as AggregatedMetric lines; the day per model. */
function rollupStep(run: DemoRun, all: readonly AnalyticsEvent[], incident: IncidentPlan): void {
  const latency5m = rollup(points(all, "total_latency_ms", latencyOf), {
    window: "five_minutes",
    groupBy: ["model_id"],
  });
  const cost1h = rollup(points(all, "total_cost_usd", costOf), { window: "one_hour", groupBy: ["model_id"] });
  const rollupFile = new FileSink(join(run.dir, "rollups.ndjson"));
  for (const { sketch: _sketch, ...aggregated } of [...latency5m, ...cost1h]) {
    rollupFile.write(`${jsonText(aggregated)}\n`);
  }
  rollupFile.close();
  run.section({
    title: "4. Roll up",
    text: [
      `5-minute latency and hourly spend per model → ${join(run.shown, "rollups.ndjson")}; the day per model, its`,
      "percentiles merged from the 5-minute windows' sketches (within 1% of exact), errors from the error-rate events:",
    ],
    table: modelSummary(all, mergeRollups(latency5m, { window: "one_day" }), cost1h),
  });
  run.section({
    title: `   ${incident.model}, hour by hour around the incident`,
    text: [],
    table: hourlyTable(all, incident),
  });
}

/** 5 and 6. One analysis over the whole day, with the library's defaults; the graph of the injected model's incident. */
function analyzeStep(run: DemoRun, all: readonly AnalyticsEvent[], injected: IncidentPlan): IncidentAnalysis {
  const analysis = analyzeIncidents(all);
  run.section({
    title: "5. Detect anomalies",
    text: [
      scopeLine("events.ndjson", analysis),
      `${analysis.anomalies.length} anomalous windows; each is scored against the windows before it (robust baseline, runs of 1–8 windows). Highest scores first:`,
    ],
    table: anomalyTable(analysis.anomalies, 12),
  });
  run.section({ title: "6. Incidents", text: analysis.summary.split("\n") });
  for (const [k, incident] of analysis.incidents.entries()) {
    run.section({
      title: `   incident ${k + 1}: ${incident.title}`,
      text: [
        `${incident.start} – ${incident.end}; models: ${incident.models.join(", ") || "none"}; severity ${incident.severity}`,
        ...rootLines(incident),
        ...incidentText(incident, k).filter((line) => line.startsWith("  ") && /→|~/.test(line)),
      ],
      table: incidentSeriesTable(incident),
      mermaid: toMermaid(incident.graph),
    });
  }
  const main = analysis.incidents.find((i) => i.models.includes(injected.model));
  if (main !== undefined) writeFileAtomic(join(run.dir, "incident.mmd"), toMermaid(main.graph));
  return analysis;
}

/**
 * 7. The finding checked against what was injected: an incident on the model that starts within
 * one window of the spike, whose root is one of the model's latency events from the spike's
 * first five minutes.
 */
function checkStep(
  run: DemoRun,
  analysis: IncidentAnalysis,
  all: readonly AnalyticsEvent[],
  incident: IncidentPlan,
): { found: boolean; others: number } {
  const windowMs = analysis.method.window_ms;
  const main = analysis.incidents.find((i) => i.models.includes(incident.model));
  const spikeStart = toEpochMillis(incident.latencySpike.start);
  const rootEvent = all.find((e) => e.event_id === main?.root_cause?.root_event_id);
  const rootTime = rootEvent === undefined ? Number.NaN : toEpochMillis(rootEvent.timestamp);
  const onsetOk = main !== undefined && Math.abs(toEpochMillis(main.start) - spikeStart) <= windowMs;
  const found =
    onsetOk &&
    rootEvent !== undefined &&
    rootEvent.payload.payload_type === "telemetry" &&
    rootEvent.payload.data.telemetry_type === "latency" &&
    rootEvent.payload.data.model_id === incident.model &&
    rootTime >= spikeStart &&
    rootTime <= spikeStart + 5 * 60_000;
  const others = analysis.incidents.length - (main === undefined ? 0 : 1);
  run.section({
    title: "7. Check",
    text: [
      found
        ? `found the injected incident: it starts ${Math.round((toEpochMillis(main.start) - spikeStart) / 1000)} s from the injected spike (windows of ${windowWords(windowMs)} width), and the root cause is a slow ${incident.model} request at ${rootEvent.timestamp}, ${Math.round((rootTime - spikeStart) / 1000)} s into the spike`
        : `MISSED: the injected incident starts with ${incident.model}'s latency spike at ${incident.latencySpike.start}, but ${main === undefined ? "no incident covers that model" : `the incident found starts at ${main.start} and names ${rootEvent === undefined ? "no root" : `${rootEvent.event_id} at ${rootEvent.timestamp}`}`}`,
      `${others} other incident${others === 1 ? "" : "s"} reported`,
    ],
  });
  return { found, others };
}

type Extract = (event: AnalyticsEvent) => { model: string; value: number } | undefined;

const latencyOf: Extract = (e) =>
  e.payload.payload_type === "telemetry" && e.payload.data.telemetry_type === "latency"
    ? { model: e.payload.data.model_id, value: e.payload.data.total_latency_ms }
    : undefined;

const costOf: Extract = (e) =>
  e.payload.payload_type === "cost" && e.payload.data.cost_type === "token_cost"
    ? { model: e.payload.data.model_id, value: e.payload.data.total_cost_usd }
    : undefined;

/** Metric points called `name`, one per event `extract` finds a value in, tagged with the model. */
function points(events: readonly AnalyticsEvent[], name: string, extract: Extract): MetricPoint[] {
  const out: MetricPoint[] = [];
  for (const e of events) {
    const found = extract(e);
    if (found !== undefined)
      out.push({ name, timestamp: e.timestamp, value: found.value, tags: { model_id: found.model } });
  }
  return out;
}

/** Per model over the day: requests, p50/p95 latency, error rate (failed / total of the error-rate events), spend. */
function modelSummary(
  events: readonly AnalyticsEvent[],
  latencyDay: readonly RolledUpMetric[],
  hourlyCost: readonly RolledUpMetric[],
): Table {
  const errors = new Map<string, { failed: number; total: number }>();
  for (const e of events) {
    const p = e.payload;
    if (p.payload_type === "telemetry" && p.data.telemetry_type === "error_rate") {
      const tally = errors.get(p.data.model_id) ?? { failed: 0, total: 0 };
      tally.failed += p.data.failed_requests;
      tally.total += p.data.total_requests;
      errors.set(p.data.model_id, tally);
    }
  }
  const spend = new Map<string, number>();
  for (const m of hourlyCost) spend.set(m.tags.model_id ?? "", (spend.get(m.tags.model_id ?? "") ?? 0) + m.values.sum);
  const rows = MODELS.map((model) => {
    const day = latencyDay.find((m) => m.tags.model_id === model.id);
    const e = errors.get(model.id) ?? { failed: 0, total: 0 };
    return [
      model.id,
      day?.values.count ?? 0,
      day === undefined ? "-" : formatStat(day.values.p50),
      day === undefined ? "-" : formatStat(day.values.p95),
      e.total === 0 ? "-" : `${((100 * e.failed) / e.total).toFixed(2)}%`,
      `$${(spend.get(model.id) ?? 0).toFixed(2)}`,
    ];
  });
  return {
    headers: ["model", "requests", "p50 ms", "p95 ms", "errors", "spend"],
    rows,
    align: ["left", "right", "right", "right", "right", "right"],
    omitted: 0,
  };
}

/** The incident model hour by hour, from two hours before the incident to two after. */
function hourlyTable(events: readonly AnalyticsEvent[], incident: IncidentPlan): Table {
  const from = toEpochMillis(incident.window.start) - 2 * 3_600_000;
  const to = toEpochMillis(incident.window.end) + 2 * 3_600_000;
  const points: { name: string; timestamp: string; value: number }[] = [];
  const failed = new Map<string, { failed: number; total: number }>();
  for (const e of events) {
    const t = toEpochMillis(e.timestamp);
    if (t < from || t > to) continue;
    const p = e.payload;
    if (p.payload_type === "telemetry" && p.data.model_id === incident.model) {
      if (p.data.telemetry_type === "latency")
        points.push({ name: "latency", timestamp: e.timestamp, value: p.data.total_latency_ms });
      if (p.data.telemetry_type === "error_rate") {
        const hour = e.timestamp.slice(0, 13);
        const tally = failed.get(hour) ?? { failed: 0, total: 0 };
        tally.failed += p.data.failed_requests;
        tally.total += p.data.total_requests;
        failed.set(hour, tally);
      }
    }
    if (p.payload_type === "cost" && p.data.cost_type === "token_cost" && p.data.model_id === incident.model) {
      points.push({ name: "cost", timestamp: e.timestamp, value: p.data.total_cost_usd });
    }
  }
  const hourly = rollup(points, { window: "one_hour" });
  const hours = [...new Set(hourly.map((m) => m.window_start))].sort(compareTimestamps);
  return {
    headers: ["hour (UTC)", "requests", "p95 ms", "errors", "spend"],
    rows: hours.map((h) => {
      const latency = hourly.find((m) => m.name === "latency" && m.window_start === h);
      const cost = hourly.find((m) => m.name === "cost" && m.window_start === h);
      const e = failed.get(h.slice(0, 13));
      return [
        h.slice(11, 16),
        latency?.values.count ?? 0,
        latency === undefined ? "-" : formatStat(latency.values.p95),
        e === undefined || e.total === 0 ? "-" : `${((100 * e.failed) / e.total).toFixed(1)}%`,
        `$${(cost?.values.sum ?? 0).toFixed(2)}`,
      ];
    }),
    align: ["left", "right", "right", "right", "right"],
    omitted: 0,
  };
}

function markdownReport(sections: readonly Section[], incident: IncidentPlan, seed: number, events: number): string {
  const parts = [
    "# LLM Analytics Hub demo report",
    "",
    `A day of synthetic traffic (${events.toLocaleString("en-US")} events, seed ${seed}) with an incident injected on ${incident.model}, run through the library end to end. Regenerate with \`npm run demo\`.`,
  ];
  for (const s of sections) {
    parts.push("", `## ${s.title.trim()}`, "");
    if (s.text.length > 0) parts.push("```text", ...s.text, "```", "");
    if (s.table !== undefined) parts.push(tableMarkdown(s.table), "");
    if (s.mermaid !== undefined) parts.push("```mermaid", s.mermaid.trimEnd(), "```", "");
  }
  return `${parts
    .join("\n")
    .replace(/\n{3,}/g, "\n\n")
    .trimEnd()}\n`;
}
