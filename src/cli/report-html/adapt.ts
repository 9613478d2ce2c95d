/*
 * From the library's incident analysis (`analyzeIncidents`, what `correlate --format json`
 * prints) to what the page shows. Nothing is recomputed here: every claim of the report about
 * anomalies, incidents, root causes, evidence and impact is a field of that result, only
 * re-worded and formatted in the report's one number format.
 */
import { toEpochMillis } from "../../core/index.js";
import { type IncidentAnalysis, type IncidentSignal, SIGNAL_SPECS } from "../../correlation/index.js";
import type { ReportFormat } from "./format.js";
import type { ChartSignal, ReportAnalysis, ReportIncident } from "./model.js";

const CHART_OF: Partial<Record<IncidentSignal, ChartSignal>> = {
  latency_p95: "latency",
  error_rate: "error_rate",
  token_usage: "tokens",
  cost: "cost",
};

const label = (signal: IncidentSignal): string => SIGNAL_SPECS[signal]?.label ?? signal.replaceAll("_", " ");

type AnalyzedIncident = IncidentAnalysis["incidents"][number];
type ImpactItem = { label: string; value: string };

export function fromIncidentAnalysis(analysis: IncidentAnalysis, f: ReportFormat): ReportAnalysis {
  const numberOf = new Map(analysis.incidents.map((incident, i) => [incident.incident_id, i + 1]));
  const seriesLabel = new Map(
    analysis.series.map((s) => [s.series_id, `${label(s.signal)}${s.model === null ? "" : ` of ${s.model}`}`]),
  );
  const incidents = analysis.incidents.map((incident, i) => reportIncident(incident, i + 1, seriesLabel, f));
  const m = analysis.method;
  return {
    windowMs: m.window_ms,
    summary: summaryOf(analysis, incidents, f),
    method: `Incident analysis (analyzeIncidents): ${f.duration(m.window_ms)} windows (${m.window_choice === "auto" ? "chosen from the data" : "given"}), a window is anomalous at robust |z| ≥ ${f.number(m.threshold_z)} against up to ${f.count(m.baseline_windows)} earlier windows (at least ${f.count(m.min_history_windows)}).`,
    anomalies: reportAnomalies(analysis, numberOf),
    incidents,
    signalLabel: (signal) => (signal in SIGNAL_SPECS ? label(signal as IncidentSignal) : undefined),
  };
}

function reportAnomalies(
  analysis: IncidentAnalysis,
  numberOf: ReadonlyMap<string, number>,
): ReportAnalysis["anomalies"] {
  const unitOf = new Map(analysis.series.map((s) => [s.series_id, s.unit]));
  return analysis.anomalies.map((a) => ({
    start: toEpochMillis(a.window_start),
    end: toEpochMillis(a.window_end),
    signal: a.signal,
    label: label(a.signal),
    chart: CHART_OF[a.signal],
    model: a.model,
    unit: unitOf.get(a.series_id) ?? "",
    observed: a.anomaly.observed,
    baseline: a.anomaly.baseline,
    z: a.z,
    score: a.anomaly.anomaly_score,
    type: a.anomaly.anomaly_type,
    incident: a.incident_id === null ? null : (numberOf.get(a.incident_id) ?? null),
  }));
}

function reportIncident(
  incident: AnalyzedIncident,
  number: number,
  seriesLabel: ReadonlyMap<string, string>,
  f: ReportFormat,
): ReportIncident {
  const root = incident.root;
  return {
    number,
    id: incident.incident_id,
    start: toEpochMillis(incident.start),
    end: toEpochMillis(incident.end),
    models: incident.models,
    severity: incident.severity,
    confidence: incident.confidence,
    root:
      root === null
        ? undefined
        : {
            eventId: root.event_id,
            at: toEpochMillis(root.timestamp),
            series: label(root.signal),
            model: root.model,
            chart: CHART_OF[root.signal],
            confidence: incident.root_cause?.confidence ?? 0,
            summary: root.summary,
          },
    series: incident.series.map((x) => ({
      label: label(x.signal),
      model: x.model,
      role: x.role,
      onset: toEpochMillis(x.onset),
      baseline: x.baseline,
      peak: x.peak,
      unit: x.unit,
    })),
    evidence: incident.evidence.map((e) => ({
      from: seriesLabel.get(e.from_series) ?? e.from_series,
      to: seriesLabel.get(e.to_series) ?? e.to_series,
      kind: e.kind,
      mechanism: e.mechanism,
      lagMs: e.lag_ms,
      correlation: e.lagged_correlation,
      idLinks: e.id_links,
      weight: e.weight,
    })),
    recommendations: incident.root_cause?.recommendations ?? [],
    impact: impactItems(incident.impact, f),
    graph: incident.graph,
  };
}

/** The impact lines of a card: performance, cost, security and modules, each only when it says something. */
function impactItems(impact: AnalyzedIncident["impact"], f: ReportFormat): ImpactItem[] {
  const items: ImpactItem[] = [];
  const p = impact.performance_impact;
  if (p !== null && p !== undefined) {
    if (p.latency_increase_percent > 0)
      items.push({ label: "Latency", value: `+${f.percent(p.latency_increase_percent)}` });
    if (p.error_rate_increase_percent > 0)
      items.push({ label: "Error rate", value: `+${f.percent(p.error_rate_increase_percent)}` });
    if (p.throughput_decrease_percent > 0)
      items.push({ label: "Throughput", value: `−${f.percent(p.throughput_decrease_percent)}` });
    if (p.affected_requests > 0) items.push({ label: "Requests affected", value: f.count(p.affected_requests) });
  }
  const c = impact.cost_impact;
  if (c !== null && c !== undefined && c.additional_cost_usd > 0) {
    items.push({
      label: "Extra spend",
      value: `${f.usd(c.additional_cost_usd)} (+${f.percent(c.cost_increase_percent)})`,
    });
  }
  const s = impact.security_impact;
  if (s !== null && s !== undefined) {
    const parts = [
      s.threats_detected > 0 ? `${f.count(s.threats_detected)} threats` : undefined,
      s.vulnerabilities_exposed > 0 ? `${f.count(s.vulnerabilities_exposed)} vulnerabilities` : undefined,
      s.compliance_violations > 0 ? `${f.count(s.compliance_violations)} compliance violations` : undefined,
      s.data_at_risk ? "data at risk" : undefined,
    ].filter((x) => x !== undefined);
    if (parts.length > 0) items.push({ label: "Security", value: parts.join(", ") });
  }
  if (impact.affected_modules.length > 0) items.push({ label: "Modules", value: impact.affected_modules.join(", ") });
  return items;
}

/** The one-sentence summary under the title: the incidents and their roots, or why there is none. */
function summaryOf(analysis: IncidentAnalysis, incidents: readonly ReportIncident[], f: ReportFormat): string {
  const m = analysis.method;
  const window = f.duration(m.window_ms);
  const series = f.count(analysis.series.length);
  if (incidents.length > 0) {
    const each = incidents.map((x) =>
      x.root === undefined
        ? `incident ${x.number} from ${f.dateTime(x.start)}, no root event named`
        : `incident ${x.number}, root cause ${x.root.series}${x.root.model === null ? "" : ` of ${x.root.model}`} at ${f.dateTime(x.root.at)}`,
    );
    return `${f.count(incidents.length)} ${incidents.length === 1 ? "incident" : "incidents"} in ${series} series over ${f.count(m.windows)} windows of ${window}: ${each.join("; ")}.`;
  }
  const n = analysis.anomalies.length;
  return n === 0
    ? `No incident found: no anomalous window in ${series} series over ${f.count(m.windows)} windows of ${window}.`
    : `No incident found: ${f.count(n)} anomalous ${n === 1 ? "window" : "windows"} in ${series} series, none forming an incident.`;
}
