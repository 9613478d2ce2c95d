/*
 * The HTML incident report: one self-contained file with the charts (Vega-Lite, rendered to SVG
 * here), the causal graph of each incident (dagre layout, drawn as SVG), a root-cause card per
 * incident and a sortable anomalies table. Loaded only by the CLI's `report` and `demo`
 * commands (never by the library's entry points): it pulls in Vega and dagre.
 */
import { type ChartBand, type ChartRule, type ChartSeries, lineChartSvg, seriesStyle } from "./charts.js";
import type { ReportData } from "./data.js";
import type { ReportFormat, Unit } from "./format.js";
import { escapeHtml } from "./html-text.js";
import { incidentHtml } from "./incident.js";
import type { ChartSignal, HtmlReportInput, ReportAnalysis } from "./model.js";
import { figureHtml, type HtmlTable, pageHtml, tableHtml } from "./page.js";

const PERCENTILES = [
  { key: "p50", color: "#0072B2", dash: [1, 0] },
  { key: "p95", color: "#E69F00", dash: [6, 3] },
  { key: "p99", color: "#D55E00", dash: [2, 2] },
] as const;

/** What every section of one report reads: the input and the time axis all its charts share. */
interface ReportContext {
  readonly input: HtmlReportInput;
  readonly f: ReportFormat;
  readonly data: ReportData;
  readonly analysis: ReportAnalysis;
  readonly windowMs: number;
  /** The x domain of every chart: from the first event's window to the end of the last one's. */
  readonly domain: [number, number];
  readonly windowText: string;
  readonly title: string;
}

type ModelReport = ReportData["models"][number];

/** Builds the report's HTML. A few hundred milliseconds for a day of events (Vega renders each chart). */
export async function renderHtmlReport(input: HtmlReportInput): Promise<string> {
  const ctx = reportContext(input);
  const body = [
    headerHtml(ctx),
    incidentsSectionHtml(ctx),
    await latencySectionHtml(ctx),
    await usageSectionHtml(ctx),
    anomaliesSectionHtml(ctx),
    footerHtml(ctx),
  ].join("\n");
  return pageHtml({ title: `${ctx.title} — ${input.source}`, lang: ctx.f.locale, body });
}

function reportContext(input: HtmlReportInput): ReportContext {
  const { data, analysis, format: f } = input;
  const windowMs = data.windowMs;
  const domain: [number, number] =
    data.totals.events === 0
      ? [0, windowMs]
      : [windowStart(data.firstMs, windowMs), windowStart(data.lastMs, windowMs) + windowMs];
  const title = input.title ?? "LLM incident report";
  return { input, f, data, analysis, windowMs, domain, windowText: windowName(windowMs, f), title };
}

/** The title, the span of the data and the totals tiles. */
function headerHtml({ input, f, data, analysis, windowText, title }: ReportContext): string {
  const { totals } = data;
  const span =
    totals.events === 0
      ? "no events"
      : `${escapeHtml(f.dateTime(data.firstMs))} – ${escapeHtml(f.dateTime(data.lastMs))}`;
  const errorRate =
    totals.countedRequests > 0 ? f.percent((100 * totals.failedRequests) / totals.countedRequests) : "–";
  return [
    `<header><h1>${escapeHtml(title)}</h1>`,
    `<p class="lede">${escapeHtml(input.source)} · ${span} · ${escapeHtml(windowText)} windows</p>`,
    '<ul class="tiles" aria-label="Totals">',
    tile("events", f.count(totals.events), "totals-events"),
    tile("requests (latency events)", f.count(totals.requests), "totals-requests"),
    tile("error rate (error-rate events)", errorRate, "totals-error-rate"),
    tile("tokens", f.count(totals.tokens), "totals-tokens"),
    tile("token cost", f.usd(totals.tokenCostUsd), "totals-token-cost"),
    tile("budget alerts", f.count(totals.budgetAlerts), "totals-budget-alerts"),
    tile("anomalous windows", f.count(analysis.anomalies.length), "totals-anomalies"),
    tile("incidents", f.count(analysis.incidents.length), "totals-incidents"),
    "</ul>",
    `<p class="summary">${escapeHtml(analysis.summary)}</p>`,
    "</header>",
  ].join("\n");
}

/** Incidents: a card and a graph each, or one plain sentence. */
function incidentsSectionHtml({ input, f, analysis }: ReportContext): string {
  const parts = ['<section id="incidents" aria-labelledby="incidents-title"><h2 id="incidents-title">Incidents</h2>'];
  if (analysis.incidents.length === 0) {
    const n = analysis.anomalies.length;
    parts.push(
      `<article class="card quiet" id="no-incident"><h3>No incident found</h3><p>${
        n === 0
          ? "No series left its baseline: no anomalous window, no incident, no root cause."
          : `${f.count(n)} anomalous ${n === 1 ? "window" : "windows"} (listed below), none of them part of an incident: no root cause to report.`
      }</p></article>`,
    );
  }
  for (const incident of analysis.incidents) parts.push(incidentHtml(incident, input));
  parts.push("</section>");
  return parts.join("\n");
}

/**
 * The shaded bands of one chart: its anomalous windows and the incidents. On a model's own
 * chart, only that model's are marked; charts of every model mark them all.
 */
function bandsFor({ f, analysis }: ReportContext, chart: ChartSignal, model?: string): ChartBand[] {
  const anomalies = analysis.anomalies
    .filter((a) => a.chart === chart && (model === undefined || a.model === model))
    .map(
      (a): ChartBand => ({
        start: a.start,
        end: a.end,
        kind: "anomaly",
        label: `anomalous ${a.label}${a.model === null ? "" : ` of ${a.model}`} at ${f.time(a.start)}`,
      }),
    );
  const incidents = analysis.incidents
    .filter((i) => model === undefined || i.models.includes(model))
    .map(
      (i): ChartBand => ({
        start: i.start,
        end: Math.max(i.end, i.start + 1),
        kind: "incident",
        label: `incident ${i.number}`,
      }),
    );
  return [...anomalies, ...incidents];
}

/** The root-cause markers of one chart (of one model's, or of every model's). */
function rootRules({ analysis }: ReportContext, chart: ChartSignal, model?: string): ChartRule[] {
  return analysis.incidents.flatMap((i) =>
    i.root !== undefined && i.root.chart === chart && (model === undefined || i.root.model === model)
      ? [{ at: i.root.at, kind: "root" as const, label: `root cause of incident ${i.number}` }]
      : [],
  );
}

/** One latency chart per model: models hit by an incident first (in incident order), then the rest by requests. */
async function latencySectionHtml(ctx: ReportContext): Promise<string> {
  const { data, analysis, windowText } = ctx;
  const parts = [
    '<section id="latency" aria-labelledby="latency-title"><h2 id="latency-title">Latency per model</h2>',
    `<p class="legend-note">p50, p95 and p99 of total_latency_ms per ${escapeHtml(windowText)} window (quantile type 7).${legendNote(analysis)}</p>`,
  ];
  const incidentRank = (model: string): number => {
    const k = analysis.incidents.findIndex((i) => i.models.includes(model));
    return k < 0 ? Number.POSITIVE_INFINITY : k;
  };
  const latencyOrder = data.models
    .map((m, i) => ({ m, i }))
    .sort((a, b) => incidentRank(a.m.model) - incidentRank(b.m.model) || a.i - b.i);
  for (const { m, i } of latencyOrder) {
    if (m.latency.length > 0) parts.push(await latencyFigureHtml(ctx, m, i));
  }
  parts.push("</section>");
  return parts.join("\n");
}

/** The p50/p95/p99 chart of one model, with its caption and data table. */
async function latencyFigureHtml(ctx: ReportContext, m: ModelReport, index: number): Promise<string> {
  const { f, windowMs, domain, windowText } = ctx;
  const series: ChartSeries[] = PERCENTILES.map((p) => ({
    name: p.key,
    color: p.color,
    dash: p.dash,
    points: m.latency.map((w) => ({ t: w.start, v: w[p.key] })),
  }));
  const bands = bandsFor(ctx, "latency", m.model);
  const anomalous = bands.filter((b) => b.kind === "anomaly").length;
  const peak = m.latency.reduce((best, w) => (w.p95 > best.p95 ? w : best));
  const svg = await lineChartSvg(
    {
      title: `Latency of ${m.model}`,
      yTitle: "latency (ms)",
      unit: "plain",
      series,
      windowMs,
      domain,
      bands,
      rules: rootRules(ctx, "latency", m.model),
      height: 170,
      description: `Latency of ${m.model}: p50, p95 and p99 over ${m.latency.length} windows`,
    },
    f,
  );
  const anomalousStarts = new Set(bands.filter((b) => b.kind === "anomaly").map((b) => b.start));
  return figureHtml({
    id: `latency-${index + 1}`,
    kind: "latency",
    title: `Latency of ${m.model}`,
    svg,
    caption: escapeHtml(
      `${m.model}: ${f.count(m.latency.length)} windows with requests (${f.count(m.latency.reduce((s, w) => s + w.requests, 0))} requests); ` +
        `p95 typically ${f.ms(median(m.latency.map((w) => w.p95)))}, highest ${f.ms(peak.p95)} at ${f.time(peak.start)}; ` +
        `${f.count(anomalous)} anomalous ${anomalous === 1 ? "window" : "windows"} shaded.`,
    ),
    table: {
      caption: `Latency of ${m.model} per ${windowText} window`,
      headers: ["window start (UTC)", "requests", "p50", "p95", "p99", "anomalous"],
      kinds: ["text", "num", "num", "num", "num", "text"],
      rows: m.latency.map((w) => [
        escapeHtml(f.dateTime(w.start)),
        f.count(w.requests),
        f.ms(w.p50),
        f.ms(w.p95),
        f.ms(w.p99),
        anomalousStarts.has(w.start) ? "yes" : "",
      ]),
    },
  });
}

/** One model's line on a chart of every model. */
interface ModelLine {
  readonly model: string;
  readonly index: number;
  readonly points: { t: number; v: number }[];
  readonly cells: Map<number, string>;
}

/**
 * One line per model that has windows of one kind (`pick`), with its index in the data (for its
 * colour): each window's value on the chart and its cell in the data table.
 */
function modelLines<W extends { readonly start: number }>(
  data: ReportData,
  pick: (m: ModelReport) => readonly W[],
  value: (w: W) => number,
  cell: (w: W) => string,
): ModelLine[] {
  return data.models
    .map((m, i) => ({ m, i, points: pick(m) }))
    .filter((x) => x.points.length > 0)
    .map(({ m, i, points }) => ({
      model: m.model,
      index: i,
      points: points.map((w) => ({ t: w.start, v: value(w) })),
      cells: new Map(points.map((w) => [w.start, cell(w)])),
    }));
}

/** Errors, tokens and cost: one chart of every model each, then the budget alerts. */
async function usageSectionHtml(ctx: ReportContext): Promise<string> {
  return [
    '<section id="usage" aria-labelledby="usage-title"><h2 id="usage-title">Errors, tokens and cost per model</h2>',
    await errorRateFigureHtml(ctx),
    await tokensFigureHtml(ctx),
    await costFigureHtml(ctx),
    ...(ctx.data.budgetAlerts.length > 0 ? [budgetAlertsTableHtml(ctx)] : []),
    "</section>",
  ].join("\n");
}

function errorRateFigureHtml(ctx: ReportContext): Promise<string> {
  const { f, data } = ctx;
  return multiModelFigure(ctx, {
    id: "error-rate",
    chart: "error_rate",
    title: "Error rate per model",
    yTitle: "failed requests (%)",
    unit: "percent",
    what: "failed ÷ total requests of the error-rate events",
    models: modelLines(
      data,
      (m) => m.errors.filter((w) => w.total > 0),
      (w) => w.rate,
      (w) => `${f.percent(w.rate)} (${f.count(w.failed)} of ${f.count(w.total)})`,
    ),
  });
}

function tokensFigureHtml(ctx: ReportContext): Promise<string> {
  const { f, data } = ctx;
  return multiModelFigure(ctx, {
    id: "tokens",
    chart: "tokens",
    title: "Tokens per model",
    yTitle: "tokens per window",
    unit: "count",
    what: "total_tokens summed (token_usage events; token_cost events for models without them)",
    models: modelLines(
      data,
      (m) => m.tokens,
      (w) => w.value,
      (w) => f.count(w.value),
    ),
  });
}

function costFigureHtml(ctx: ReportContext): Promise<string> {
  const { f, data } = ctx;
  const budgetRules: ChartRule[] = data.budgetAlerts.map((a) => ({
    at: a.at,
    kind: "budget",
    label: `budget alert ${a.alertType}: ${a.budgetName} at ${f.percent(a.thresholdPercent)}`,
  }));
  return multiModelFigure(ctx, {
    id: "cost",
    chart: "cost",
    title: "Token cost per model",
    yTitle: "USD per window",
    unit: "usd",
    what: "total_cost_usd of the token_cost events summed; budget alerts marked ▼",
    extraRules: budgetRules,
    models: modelLines(
      data,
      (m) => m.cost,
      (w) => w.value,
      (w) => f.usd(w.value),
    ),
  });
}

function budgetAlertsTableHtml({ f, data }: ReportContext): string {
  return tableHtml({
    id: "budget-alerts",
    caption: `Budget alerts (${f.count(data.budgetAlerts.length)})`,
    headers: ["time (UTC)", "budget", "alert", "threshold", "spend", "limit"],
    kinds: ["text", "text", "text", "num", "num", "num"],
    rows: data.budgetAlerts.map((a) => [
      escapeHtml(f.dateTime(a.at)),
      escapeHtml(a.budgetName),
      escapeHtml(a.alertType),
      f.percent(a.thresholdPercent),
      f.usd(a.spendUsd),
      f.usd(a.limitUsd),
    ]),
  });
}

/** The sortable table of every anomalous window, or one sentence when there is none. */
function anomaliesSectionHtml({ f, analysis }: ReportContext): string {
  const parts = [
    '<section id="anomalies" aria-labelledby="anomalies-title">',
    `<h2 id="anomalies-title">Anomalous windows (${f.count(analysis.anomalies.length)})</h2>`,
  ];
  if (analysis.anomalies.length === 0) {
    parts.push("<p>None: no series left its baseline.</p>");
  } else {
    parts.push(
      '<p class="legend-note">Click a column heading to sort.</p>',
      tableHtml({
        id: "anomaly-table",
        sortable: true,
        headers: ["window (UTC)", "signal", "model", "type", "baseline", "observed", "z", "score", "incident"],
        kinds: ["text", "text", "text", "text", "num", "num", "num", "num", "num"],
        rows: analysis.anomalies.map((a) => [
          escapeHtml(f.dateTime(a.start)),
          escapeHtml(a.label),
          escapeHtml(a.model ?? "all"),
          escapeHtml(a.type.replaceAll("_", " ")),
          escapeHtml(f.measure(a.baseline, a.unit)),
          escapeHtml(f.measure(a.observed, a.unit)),
          escapeHtml(f.number(a.z)),
          escapeHtml(f.number(a.score)),
          a.incident === null ? "" : f.count(a.incident),
        ]),
        sortValues: analysis.anomalies.map((a) => [
          a.start,
          a.label,
          a.model ?? "",
          a.type,
          a.baseline,
          a.observed,
          a.z,
          a.score,
          a.incident ?? Number.NaN,
        ]),
      }),
    );
  }
  parts.push("</section>");
  return parts.join("\n");
}

function footerHtml({ input, f, analysis }: ReportContext): string {
  return `<footer><p>${escapeHtml(analysis.method)}</p><p>Numbers: ${escapeHtml(f.locale)} (three significant digits, whole integer part; money to the cent); times in UTC. Generated by llm-analytics-hub from ${escapeHtml(input.source)}; self-contained, opens offline.</p></footer>`;
}

interface MultiModelFigure {
  readonly id: string;
  readonly chart: ChartSignal;
  readonly title: string;
  readonly yTitle: string;
  readonly unit: Unit;
  readonly what: string;
  readonly extraRules?: readonly ChartRule[];
  readonly models: readonly ModelLine[];
}

/** A chart of one signal with a line per model, its caption (each model's peak) and its data table. */
async function multiModelFigure(ctx: ReportContext, options: MultiModelFigure): Promise<string> {
  const { f, windowMs, domain, windowText } = ctx;
  if (options.models.length === 0) {
    return `<figure class="chart empty" id="${options.id}" data-chart="${options.chart}"><h3>${escapeHtml(options.title)}</h3><figcaption>No ${escapeHtml(options.what)} in the data.</figcaption></figure>`;
  }
  const series = options.models.map((x) => ({ name: x.model, points: x.points, ...seriesStyle(x.index) }));
  const bands = bandsFor(ctx, options.chart);
  const rules = [...rootRules(ctx, options.chart), ...(options.extraRules ?? [])];
  const svg = await lineChartSvg(
    {
      title: options.title,
      yTitle: options.yTitle,
      unit: options.unit,
      series,
      windowMs,
      domain,
      bands,
      rules,
      description: `${options.title}: ${options.models.length} models`,
    },
    f,
  );
  const anomalous = bands.filter((b) => b.kind === "anomaly").length;
  const peaks = options.models.map((x) => {
    const top = x.points.reduce((best, p) => (p.v > best.v ? p : best));
    return `${x.model} highest ${f.value(top.v, options.unit)} at ${f.time(top.t)}`;
  });
  return figureHtml({
    id: options.id,
    kind: options.chart,
    title: options.title,
    svg,
    caption: escapeHtml(
      `${options.what}, per ${windowText} window, ${options.models.length} ${options.models.length === 1 ? "model" : "models"}: ${peaks.join("; ")}. ` +
        `${f.count(anomalous)} anomalous ${anomalous === 1 ? "window" : "windows"} shaded${rules.length > 0 ? `; ${f.count(rules.length)} ${rules.length === 1 ? "marker" : "markers"}` : ""}.`,
    ),
    table: multiModelTable(ctx, options),
  });
}

/** One row per window start any model has, one column per model. */
function multiModelTable({ f, windowText }: ReportContext, options: MultiModelFigure): HtmlTable {
  const starts = [...new Set(options.models.flatMap((x) => x.points.map((p) => p.t)))].sort((a, b) => a - b);
  return {
    caption: `${options.title} per ${windowText} window`,
    headers: ["window start (UTC)", ...options.models.map((x) => x.model)],
    kinds: ["text", ...options.models.map(() => "num" as const)],
    rows: starts.map((t) => [
      escapeHtml(f.dateTime(t)),
      ...options.models.map((x) => escapeHtml(x.cells.get(t) ?? "")),
    ]),
  };
}

function tile(label: string, value: string, id: string): string {
  return `<li id="${id}"><span class="label">${escapeHtml(label)}</span><span class="value">${escapeHtml(value)}</span></li>`;
}

function legendNote(analysis: ReportAnalysis): string {
  const parts = [" Shaded: windows the analysis found anomalous"];
  if (analysis.incidents.length > 0) parts.push("; red band: an incident; dashed red line: its root cause");
  return `${parts.join("")}.`;
}

function windowStart(ms: number, windowMs: number): number {
  return ms - (((ms % windowMs) + windowMs) % windowMs);
}

function windowName(windowMs: number, f: ReportFormat): string {
  return f.duration(windowMs);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
