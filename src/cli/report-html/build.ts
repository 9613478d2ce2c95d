/*
 * The report from events and their incident analysis: the entry point the `report` and `demo`
 * commands load on demand (it pulls in Vega and dagre).
 */
import { writeFileSync } from "node:fs";
import { analyzeIncidents, type IncidentAnalysis } from "../../correlation/index.js";
import type { AnalyticsEvent } from "../../events/index.js";
import { fromIncidentAnalysis } from "./adapt.js";
import { reportData } from "./data.js";
import { ReportFormat } from "./format.js";
import { renderHtmlReport } from "./render.js";

export { ReportFormat };

export interface BuildHtmlReportOptions {
  /** Where the events came from (a file name), shown in the header. */
  readonly source: string;
  readonly format?: ReportFormat;
  readonly title?: string;
}

/**
 * The HTML report of `events` (event_ids unique) and `analysis`, the result of
 * `analyzeIncidents` over the same events. Charts use the analysis' window.
 */
export async function buildHtmlReport(
  events: readonly AnalyticsEvent[],
  analysis: IncidentAnalysis,
  options: BuildHtmlReportOptions,
): Promise<string> {
  const format = options.format ?? new ReportFormat("en-US");
  return renderHtmlReport({
    source: options.source,
    data: reportData(events, analysis.method.window_ms),
    analysis: fromIncidentAnalysis(analysis, format),
    eventsById: new Map(events.map((e) => [e.event_id, e])),
    format,
    ...(options.title === undefined ? {} : { title: options.title }),
  });
}

/**
 * Writes the HTML report of `events` to `path` (the demo's one call); `analysis` is computed with
 * analyzeIncidents' defaults when not given. Returns the bytes written.
 */
export async function writeHtmlReport(
  path: string,
  events: readonly AnalyticsEvent[],
  options: BuildHtmlReportOptions & { readonly analysis?: IncidentAnalysis },
): Promise<number> {
  const html = await buildHtmlReport(events, options.analysis ?? analyzeIncidents(events), options);
  writeFileSync(path, html);
  return Buffer.byteLength(html);
}
