/*
 * One incident on the page: the root-cause card (what, when, confidence, evidence,
 * recommendations, impact, affected series) and its causal graph, side by side when the graph
 * is narrow.
 */
import { eventSummary } from "../../correlation/describe.js";
import type { ReportFormat } from "./format.js";
import { drawEventGraph } from "./graph.js";
import { escapeHtml } from "./html-text.js";
import type { HtmlReportInput, ReportIncident } from "./model.js";
import { figureHtml, tableHtml } from "./page.js";

export function incidentHtml(incident: ReportIncident, input: HtmlReportInput): string {
  const id = `incident-${incident.number}`;
  const parts = ['<div class="incident-row">', ...rootCauseCard(incident, input, id)];
  const graph = incidentGraph(incident, input, id);
  if (graph !== undefined) parts.push(graph.figure);
  parts.push("</div>");
  // The links as text, below the row (inside the narrow graph figure the table would be cramped).
  if (graph !== undefined) {
    parts.push(
      `<details class="figure-data" aria-describedby="${id}-graph"><summary>Data: links of incident ${incident.number}</summary>${graph.links}</details>`,
    );
  }
  return parts.join("\n");
}

/** The card: what and when, confidence, impact, then the affected series, evidence and recommendations. */
function rootCauseCard(incident: ReportIncident, input: HtmlReportInput, id: string): string[] {
  const f = input.format;
  const root = incident.root;
  const rootEvent = root === undefined ? undefined : input.eventsById?.get(root.eventId);
  const what =
    root === undefined
      ? "no root cause could be named"
      : rootEvent === undefined
        ? root.summary
        : eventSummary(rootEvent, f);
  const parts = [
    `<article class="card incident" id="${id}" aria-labelledby="${id}-title"${root === undefined ? "" : ` data-root-event-id="${escapeHtml(root.eventId)}"`}>`,
    `<h3 id="${id}-title">Incident ${incident.number}: ${escapeHtml(incidentTitle(incident, f))}</h3>`,
    "<dl>",
    `<dt>Root cause</dt><dd class="root-what">${escapeHtml(what)}</dd>`,
    ...whenAndConfidence(incident, f),
    `<dt>Severity</dt><dd>${escapeHtml(incident.severity)}</dd>`,
    `<dt>Models</dt><dd>${escapeHtml(incident.models.length === 0 ? "–" : incident.models.join(", "))}</dd>`,
    ...incident.impact.map((item) => `<dt>${escapeHtml(item.label)}</dt><dd>${escapeHtml(item.value)}</dd>`),
    "</dl>",
  ];
  if (incident.series.length > 0) parts.push(seriesTable(incident, f));
  if (incident.evidence.length > 0) parts.push(...evidenceList(incident, f));
  if (incident.recommendations.length > 0) {
    parts.push(
      '<h4>Recommendations</h4><ul class="recommendations">',
      ...incident.recommendations.map((r) => `<li>${escapeHtml(r)}</li>`),
      "</ul>",
    );
  }
  parts.push("</article>");
  return parts;
}

function whenAndConfidence(incident: ReportIncident, f: ReportFormat): string[] {
  const root = incident.root;
  if (root === undefined) {
    return [
      `<dt>When</dt><dd>${escapeHtml(f.dateTime(incident.start))} – ${escapeHtml(f.dateTime(incident.end))}</dd>`,
      `<dt>Confidence</dt><dd>${escapeHtml(f.percent(100 * incident.confidence))} that the incident is real</dd>`,
    ];
  }
  return [
    `<dt>When</dt><dd>${escapeHtml(f.dateTime(root.at))} (incident ${escapeHtml(f.dateTime(incident.start))} – ${escapeHtml(f.dateTime(incident.end))}, ${escapeHtml(f.duration(incident.end - incident.start))})</dd>`,
    `<dt>Confidence</dt><dd>${escapeHtml(f.percent(100 * root.confidence))} that this is the root cause; ${escapeHtml(f.percent(100 * incident.confidence))} that the incident is real</dd>`,
    `<dt>Event</dt><dd><code>${escapeHtml(root.eventId)}</code></dd>`,
  ];
}

function seriesTable(incident: ReportIncident, f: ReportFormat): string {
  return tableHtml({
    caption: "Affected series, earliest onset first",
    headers: ["series", "model", "role", "onset (UTC)", "baseline", "peak"],
    kinds: ["text", "text", "text", "text", "num", "num"],
    rows: incident.series.map((s) => [
      escapeHtml(s.label),
      escapeHtml(s.model ?? "all"),
      escapeHtml(s.role.replaceAll("_", " ")),
      escapeHtml(f.clock(s.onset)),
      escapeHtml(f.measure(s.baseline, s.unit)),
      escapeHtml(f.measure(s.peak, s.unit)),
    ]),
  });
}

function evidenceList(incident: ReportIncident, f: ReportFormat): string[] {
  return [
    '<h4>Evidence</h4><ul class="evidence">',
    ...incident.evidence.map((e) => {
      const facts = [
        `onset ${f.duration(e.lagMs, true)}`,
        e.correlation === null ? undefined : `lagged correlation ${f.number(e.correlation)}`,
        e.idLinks > 0 ? `${f.count(e.idLinks)} linked ${e.idLinks === 1 ? "event" : "events"}` : undefined,
        `weight ${f.number(e.weight)}`,
      ].filter((x) => x !== undefined);
      const verb = e.kind === "causal" ? "→" : "~";
      return `<li>${escapeHtml(`${e.from} ${verb} ${e.to}`)}${e.mechanism === null ? "" : `: ${escapeHtml(e.mechanism)}`} <span class="legend-note">(${escapeHtml(facts.join(", "))})</span></li>`;
    }),
    "</ul>",
  ];
}

/** The incident's causal graph as a figure and its links as a table; undefined when there is nothing to draw. */
function incidentGraph(
  incident: ReportIncident,
  input: HtmlReportInput,
  id: string,
): { figure: string; links: string } | undefined {
  const f = input.format;
  const drawn = drawEventGraph(incident.graph, f, {
    rootEventId: incident.root?.eventId,
    idPrefix: `${id}-graph`,
    ...(input.eventsById === undefined ? {} : { describe: (eventId: string) => describeById(input, eventId) }),
    ...(input.analysis.signalLabel === undefined ? {} : { seriesLabel: input.analysis.signalLabel }),
  });
  if (drawn.svg === undefined) return undefined;
  const nodeText = (eventId: string): string => {
    const n = drawn.nodes.find((x) => x.event_id === eventId);
    return n === undefined ? eventId : (describeById(input, eventId) ?? n.attributes.summary ?? n.event_type);
  };
  const figure = figureHtml({
    id: `${id}-graph`,
    kind: "graph",
    title: `Causal graph of incident ${incident.number}`,
    svg: `<div class="graph-scroll">${drawn.svg}</div>`,
    caption: escapeHtml(
      `${f.count(drawn.nodes.length)} events and ${f.count(drawn.edges.length)} links${drawn.omittedNodes > 0 ? ` (${f.count(drawn.omittedNodes)} more events of the incident not drawn)` : ""}; ` +
        `causes ${drawn.direction === "LR" ? "left of" : "above"} their effects; the root cause is outlined; each arrow is labelled with the time from its source to its target (for incident graphs, between the onsets of their series).`,
    ),
  });
  const links = tableHtml({
    caption: `Links of incident ${incident.number}`,
    headers: ["from", "to", "relationship", "time delta", "weight"],
    kinds: ["text", "text", "text", "num", "num"],
    rows: drawn.edges.map(({ edge, deltaMs }) => [
      escapeHtml(nodeText(edge.from_node)),
      escapeHtml(nodeText(edge.to_node)),
      escapeHtml(edge.relationship_type.replaceAll("_", " ")),
      escapeHtml(f.duration(deltaMs, true)),
      escapeHtml(f.number(edge.weight)),
    ]),
  });
  return { figure, links };
}

/** "p95 latency of gpt-4o rose from 2,345 ms to 11,833 ms", from the root series' baseline and peak. */
function incidentTitle(incident: ReportIncident, f: ReportFormat): string {
  const first = incident.series.find((s) => s.role === "root_cause") ?? incident.series[0];
  if (first === undefined) return "anomalies without a named root";
  const where = `${first.label}${first.model === null ? "" : ` of ${first.model}`}`;
  const verb = first.peak >= first.baseline ? "rose" : "fell";
  const others = [...new Set(incident.series.filter((s) => s !== first).map((s) => s.label))];
  return `${where} ${verb} from ${f.measure(first.baseline, first.unit)} to ${f.measure(first.peak, first.unit)}${others.length > 0 ? `; then ${others.join(", ")}` : ""}`;
}

function describeById(input: HtmlReportInput, eventId: string): string | undefined {
  const event = input.eventsById?.get(eventId);
  return event === undefined ? undefined : eventSummary(event, input.format);
}
