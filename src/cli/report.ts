/* Report pieces shared by `correlate` and `demo`, as tables that render to text or Markdown. */
import type { EventCorrelation, EventGraph, RootCauseAnalysis } from "../correlation/index.js";
import type { FoundAnomaly } from "./analysis.js";
import { type Align, formatStat, renderMarkdownTable, renderTable } from "./format.js";

/** A table and how many rows were left out of it. */
export interface Table {
  readonly headers: readonly string[];
  readonly rows: readonly (readonly (string | number)[])[];
  readonly align: readonly Align[];
  readonly omitted: number;
}

export function tableText(table: Table): string {
  const text = renderTable(table.headers, table.rows, table.align);
  return table.omitted > 0 ? `${text}\n… and ${table.omitted} more` : text;
}

export function tableMarkdown(table: Table): string {
  const text = renderMarkdownTable(table.headers, table.rows, table.align);
  return table.omitted > 0 ? `${text}\n\n… and ${table.omitted} more.` : text;
}

const shortTime = (timestamp: string): string => timestamp.replace(/^\d{4}-\d\d-\d\dT/, "").replace(/(\.\d+)?Z$/, "Z");

/** Anomalies, in time order: window, metric, model, type, baseline, observed, score. */
export function anomalyTable(found: readonly FoundAnomaly[], limit: number): Table {
  return {
    headers: ["window", "metric", "model", "type", "baseline", "observed", "score"],
    rows: found
      .slice(0, limit)
      .map(({ model, anomaly }) => [
        anomaly.timestamp,
        withoutLabels(anomaly.metric),
        model,
        anomaly.anomaly_type,
        formatStat(anomaly.baseline),
        formatStat(anomaly.observed),
        anomaly.anomaly_score.toFixed(4),
      ]),
    align: ["left", "left", "left", "left", "right", "right", "right"],
    omitted: Math.max(0, found.length - limit),
  };
}

/**
 * Anomalies grouped by window, busiest first (then earliest): a window where several metrics
 * or models misbehave at once is where an incident is.
 */
export function anomalyWindowTable(found: readonly FoundAnomaly[], limit: number): Table {
  const groups = new Map<string, FoundAnomaly[]>();
  for (const f of found) {
    const list = groups.get(f.anomaly.timestamp) ?? [];
    list.push(f);
    groups.set(f.anomaly.timestamp, list);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length || a[0].localeCompare(b[0]));
  return {
    headers: ["window", "anomalies", "models", "metrics"],
    rows: sorted
      .slice(0, limit)
      .map(([window, list]) => [
        window,
        list.length,
        [...new Set(list.map((f) => f.model))].join(", "),
        [...new Set(list.map((f) => withoutLabels(f.anomaly.metric)))].join(", "),
      ]),
    align: ["left", "right", "left", "left"],
    omitted: Math.max(0, sorted.length - limit),
  };
}

/** Correlations, largest first: type, events, strength, confidence, time span, root cause. */
export function correlationTable(correlations: readonly EventCorrelation[], limit: number): Table {
  const sorted = [...correlations].sort((a, b) => b.events.length - a.events.length || b.strength - a.strength);
  return {
    headers: ["type", "events", "strength", "confidence", "span (UTC)", "root cause"],
    rows: sorted.slice(0, limit).map((c) => {
      const root = c.events.find((e) => e.role === "root_cause");
      return [
        c.correlation_type,
        c.events.length,
        c.strength.toFixed(2),
        c.confidence.toFixed(2),
        `${shortTime(c.time_window.start)}–${shortTime(c.time_window.end)}`,
        root?.summary ?? "-",
      ];
    }),
    align: ["left", "right", "right", "right", "left", "left"],
    omitted: Math.max(0, sorted.length - limit),
  };
}

/** The root cause as lines: the event, its confidence and reach, the top factors, the recommendations. */
export function rootCauseLines(rootCause: RootCauseAnalysis, graph: EventGraph): string[] {
  const node = graph.nodes.find((n) => n.event_id === rootCause.root_event_id);
  const what = node === undefined ? rootCause.root_event_id : (node.attributes.summary ?? node.event_type);
  const lines = [
    `root cause: ${what}`,
    `  event ${rootCause.root_event_id}${node === undefined ? "" : ` (${node.source_module}, ${node.timestamp})`}`,
    `  confidence ${rootCause.confidence.toFixed(2)}, explains ${rootCause.causal_chain.length} linked events`,
  ];
  const factors = rootCause.contributing_factors;
  if (factors.length > 0) {
    lines.push("contributing factors:", ...factors.slice(0, 5).map((f) => `  - ${f}`));
    if (factors.length > 5) lines.push(`  … and ${factors.length - 5} more`);
  }
  if (rootCause.recommendations.length > 0) {
    lines.push("recommendations:", ...rootCause.recommendations.map((r) => `  - ${r}`));
  }
  return lines;
}

/**
 * The metric name without a trailing `{labels}` part. Same result as `replace(/\{.*\}$/, "")`
 * without its quadratic scan (every "{" restarting a match to the end of the text).
 */
function withoutLabels(metric: string): string {
  const open = metric.indexOf("{", metric.lastIndexOf("\n") + 1);
  return open >= 0 && metric.endsWith("}") ? metric.slice(0, open) : metric;
}
