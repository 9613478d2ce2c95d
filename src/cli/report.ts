/*
 * The incident report `correlate` prints and the demo writes, from one IncidentAnalysis: a
 * summary, then per incident its root cause, the affected series in onset order, the evidence
 * for each link, the impact and the graph; then the most anomalous windows. Every sentence is
 * read off the analysis; nothing is claimed that the analysis does not hold.
 */
import {
  type CausalEvidence,
  type DetectedAnomaly,
  type Incident,
  type IncidentAnalysis,
  SIGNAL_SPECS,
  toMermaid,
} from "../correlation/index.js";
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

function duration(ms: number): string {
  const a = Math.abs(ms);
  const text =
    a < 60_000
      ? `${Math.round(a / 1000)} s`
      : a < 3_600_000
        ? `${Math.round(a / 60_000)} min`
        : `${(a / 3_600_000).toFixed(1)} h`;
  return ms < 0 ? `−${text}` : text;
}

/** A window width in words: `5-minute`, `1-hour`. */
export function windowWords(ms: number): string {
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000}-hour`;
  if (ms % 60_000 === 0) return `${ms / 60_000}-minute`;
  return `${ms / 1000}-second`;
}

function valueWithUnit(value: number, unit: string): string {
  if (unit === "%") return `${formatStat(value)}%`;
  if (unit === "USD") return `$${formatStat(value)}`;
  return `${formatStat(value)} ${unit}`;
}

/** The most anomalous windows, highest score first: window, series, kind, baseline, observed, z, score, incident. */
export function anomalyTable(anomalies: readonly DetectedAnomaly[], limit: number): Table {
  const sorted = [...anomalies].sort(
    (a, b) => b.anomaly.anomaly_score - a.anomaly.anomaly_score || a.window_start.localeCompare(b.window_start),
  );
  return {
    headers: ["window", "series", "type", "baseline", "observed", "z", "score", "incident"],
    rows: sorted
      .slice(0, limit)
      .map((a) => [
        a.window_start,
        a.series_id,
        a.anomaly.anomaly_type,
        formatStat(a.anomaly.baseline),
        formatStat(a.anomaly.observed),
        a.z.toFixed(1),
        a.anomaly.anomaly_score.toFixed(3),
        a.incident_id === null ? "-" : a.incident_id.slice(0, 8),
      ]),
    align: ["left", "left", "left", "right", "right", "right", "right", "left"],
    omitted: Math.max(0, sorted.length - limit),
  };
}

/** The affected series of an incident in onset order. */
export function incidentSeriesTable(incident: Incident): Table {
  return {
    headers: ["role", "series", "onset", "windows", "baseline", "peak", "peak z", "score"],
    rows: incident.series.map((s) => [
      s.role,
      s.series_id,
      shortTime(s.onset),
      s.anomalous_windows,
      valueWithUnit(s.baseline, s.unit),
      valueWithUnit(s.peak, s.unit),
      s.peak_z.toFixed(1),
      s.peak_score.toFixed(3),
    ]),
    align: ["left", "left", "left", "right", "right", "right", "right", "right"],
    omitted: 0,
  };
}

function evidenceLine(e: CausalEvidence): string {
  const facts = [`onset ${duration(e.lag_ms)} later`];
  if (e.lagged_correlation !== null) {
    facts.push(
      `Spearman ${e.lagged_correlation.toFixed(2)} at lag ${e.lag_windows} window${e.lag_windows === 1 ? "" : "s"}`,
    );
  }
  if (e.id_links > 0) facts.push(`${e.id_links} events linked by parent/correlation id`);
  const arrow = e.kind === "causal" ? "→" : "~";
  const why =
    e.kind === "causal" ? `: ${e.mechanism}` : ": moved in the same incident, but no relation of the table explains it";
  return `${e.from_series} ${arrow} ${e.to_series} (weight ${e.weight.toFixed(2)}; ${facts.join(", ")})${why}`;
}

function impactLines(incident: Incident): string[] {
  const i = incident.impact;
  const out = [`severity ${i.severity}; modules ${i.affected_modules.join(", ")}`];
  const p = i.performance_impact;
  if (p !== undefined && p !== null) {
    const parts: string[] = [];
    if (p.latency_increase_percent > 0) parts.push(`latency +${p.latency_increase_percent.toFixed(0)}%`);
    if (p.error_rate_increase_percent > 0) parts.push(`error rate +${p.error_rate_increase_percent.toFixed(0)}%`);
    if (p.throughput_decrease_percent > 0) parts.push(`throughput −${p.throughput_decrease_percent.toFixed(0)}%`);
    if (p.affected_requests > 0)
      parts.push(`${p.affected_requests.toLocaleString("en-US")} failed requests above the baseline`);
    if (parts.length > 0) out.push(`performance: ${parts.join(", ")}`);
  }
  const c = i.cost_impact;
  if (c !== undefined && c !== null && c.additional_cost_usd > 0) {
    out.push(
      `cost: $${formatStat(c.additional_cost_usd)} above the baseline (+${c.cost_increase_percent.toFixed(0)}%)`,
    );
  }
  const s = i.security_impact;
  if (s !== undefined && s !== null) {
    out.push(
      `security: ${s.threats_detected} threats, ${s.compliance_violations} violations${s.data_at_risk ? ", data at risk" : ""}`,
    );
  }
  return out;
}

/** One incident as plain lines (no tables). */
export function incidentHeadline(incident: Incident, index: number): string {
  return `Incident ${index + 1}: ${incident.title}`;
}

export function rootLines(incident: Incident): string[] {
  const root = incident.root;
  const rc = incident.root_cause;
  if (root === null || rc === null) return ["root cause: none found (the series have no event to name)"];
  return [
    `root cause: ${root.summary}`,
    `  event ${root.event_id} at ${root.timestamp}, the first event of ${root.series_id}'s change (${SIGNAL_SPECS[root.signal].label})`,
    `  confidence ${rc.confidence.toFixed(2)} that this is the root; incident confidence ${incident.confidence.toFixed(2)}`,
  ];
}

/** An incident as text: headline, root, series table, evidence, impact, recommendations, Mermaid graph. */
export function incidentText(incident: Incident, index: number): string[] {
  const out = [
    incidentHeadline(incident, index),
    `  ${incident.start} – ${incident.end}; models: ${incident.models.length === 0 ? "none (signals over all events)" : incident.models.join(", ")}`,
    ...rootLines(incident).map((l) => `  ${l}`),
    "",
    tableText(incidentSeriesTable(incident)),
  ];
  if (incident.evidence.length > 0) out.push("", "evidence:", ...incident.evidence.map((e) => `  ${evidenceLine(e)}`));
  out.push("", "impact:", ...impactLines(incident).map((l) => `  ${l}`));
  const recs = incident.root_cause?.recommendations ?? [];
  if (recs.length > 0) out.push("", "recommendations:", ...recs.map((r) => `  - ${r}`));
  out.push("", "graph (Mermaid):", "```mermaid", toMermaid(incident.graph).trimEnd(), "```");
  return out;
}

/** The header line of an analysis: what was read and how it was cut. */
export function scopeLine(name: string, analysis: IncidentAnalysis): string {
  const i = analysis.input;
  const range = i.time_range === null ? "no timestamps" : `${i.time_range.start} – ${i.time_range.end}`;
  return `${name}: ${i.events.toLocaleString("en-US")} events (${i.events_with_signals.toLocaleString("en-US")} with signals), ${i.models.length} model${i.models.length === 1 ? "" : "s"}, ${range}; ${analysis.method.windows.toLocaleString("en-US")} ${windowWords(analysis.method.window_ms)} windows (${analysis.method.window_choice}), threshold |z| ≥ ${analysis.method.threshold_z}`;
}

/** The whole analysis as text. */
export function analysisText(name: string, analysis: IncidentAnalysis, anomalyLimit = 20): string {
  const out = [scopeLine(name, analysis), "", analysis.summary];
  for (const [k, incident] of analysis.incidents.entries()) out.push("", ...incidentText(incident, k));
  out.push("", `Most anomalous windows (${analysis.anomalies.length} in all)`);
  out.push(analysis.anomalies.length === 0 ? "none" : tableText(anomalyTable(analysis.anomalies, anomalyLimit)));
  return `${out.join("\n")}\n`;
}

/** The analysis as Markdown sections (## per incident), for `correlate --format markdown` and the demo report. */
export function analysisMarkdown(analysis: IncidentAnalysis, anomalyLimit = 20): string[] {
  const out = ["```text", analysis.summary, "```", ""];
  for (const [k, incident] of analysis.incidents.entries()) {
    out.push(`### ${incidentHeadline(incident, k)}`, "");
    out.push(
      `${incident.start} – ${incident.end}; models: ${incident.models.length === 0 ? "none (signals over all events)" : incident.models.join(", ")}; severity ${incident.severity}.`,
      "",
    );
    out.push(...rootLines(incident).map((l) => `- ${l.trim()}`), "");
    out.push(tableMarkdown(incidentSeriesTable(incident)), "");
    if (incident.evidence.length > 0)
      out.push("Evidence:", "", ...incident.evidence.map((e) => `- ${evidenceLine(e)}`), "");
    out.push("Impact:", "", ...impactLines(incident).map((l) => `- ${l}`), "");
    const recs = incident.root_cause?.recommendations ?? [];
    if (recs.length > 0) out.push("Recommendations:", "", ...recs.map((r) => `- ${r}`), "");
    out.push("```mermaid", toMermaid(incident.graph).trimEnd(), "```", "");
  }
  out.push(`### Most anomalous windows (${analysis.anomalies.length} in all)`, "");
  out.push(
    analysis.anomalies.length === 0 ? "None." : tableMarkdown(anomalyTable(analysis.anomalies, anomalyLimit)),
    "",
  );
  return out;
}
