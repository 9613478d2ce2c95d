/*
 * The analysis `correlate` and `demo` run over a batch of events: per-model metric series and
 * their anomalies, the correlations among the notable events, their event graph, the root
 * cause, and a small graph of the main incident for display.
 */
import {
  type AnomalyEvent,
  type AnomalyMethod,
  buildEventGraph,
  correlateEvents,
  DEFAULT_CORRELATION_CONFIG,
  detectAnomalies,
  type EventCorrelation,
  type EventGraph,
  type EventNode,
  type RootCauseAnalysis,
  rankRootCauses,
} from "../correlation/index.js";
import { type AnalyticsEvent, type Severity, type SourceModule, severityOrder } from "../events/index.js";
import { type MetricPoint, type RolledUpMetric, rollup, type TimeWindow } from "../metrics/index.js";

/** One metric series per model, from the events' payloads. */
export interface MetricSeries {
  /** e.g. `p95 total_latency_ms`. */
  readonly metric: string;
  readonly model: string;
  readonly sourceModule: SourceModule;
  readonly samples: { readonly timestamp: string; readonly value: number }[];
}

interface SeriesRule {
  readonly field: string;
  readonly statistic: "p95" | "avg" | "sum";
  readonly sourceModule: SourceModule;
  readonly value: (event: AnalyticsEvent) => { model: string; value: number } | undefined;
}

/** The series anomalies are looked for in: latency p95, error rate, and spend, per model and window. */
const SERIES_RULES: readonly SeriesRule[] = [
  {
    field: "total_latency_ms",
    statistic: "p95",
    sourceModule: "llm-observatory",
    value: (e) => {
      const p = e.payload;
      return p.payload_type === "telemetry" && p.data.telemetry_type === "latency"
        ? { model: p.data.model_id, value: p.data.total_latency_ms }
        : undefined;
    },
  },
  {
    field: "error_rate_percent",
    statistic: "avg",
    sourceModule: "llm-observatory",
    value: (e) => {
      const p = e.payload;
      return p.payload_type === "telemetry" && p.data.telemetry_type === "error_rate"
        ? { model: p.data.model_id, value: p.data.error_rate_percent }
        : undefined;
    },
  },
  {
    field: "total_cost_usd",
    statistic: "sum",
    sourceModule: "llm-cost-ops",
    value: (e) => {
      const p = e.payload;
      return p.payload_type === "cost" && p.data.cost_type === "token_cost"
        ? { model: p.data.model_id, value: p.data.total_cost_usd }
        : undefined;
    },
  },
];

/**
 * Rolls the events up per model and window (see `rollup`) into the series of SERIES_RULES:
 * p95 latency, mean error rate, and summed token cost. Also returns the rolled-up windows.
 */
export function metricSeries(
  events: readonly AnalyticsEvent[],
  window: TimeWindow,
): { series: MetricSeries[]; rollups: RolledUpMetric[] } {
  const points: MetricPoint[] = [];
  for (const event of events) {
    for (const rule of SERIES_RULES) {
      const found = rule.value(event);
      if (found !== undefined) {
        points.push({
          name: rule.field,
          timestamp: event.timestamp,
          value: found.value,
          tags: { model_id: found.model },
        });
      }
    }
  }
  const rollups = rollup(points, { window, groupBy: ["model_id"] });
  const byKey = new Map<string, MetricSeries>();
  for (const m of rollups) {
    const rule = SERIES_RULES.find((r) => r.field === m.name)!;
    const model = m.tags.model_id ?? "";
    const key = `${m.name} ${model}`;
    let series = byKey.get(key);
    if (series === undefined) {
      series = { metric: `${rule.statistic} ${m.name}`, model, sourceModule: rule.sourceModule, samples: [] };
      byKey.set(key, series);
    }
    series.samples.push({ timestamp: m.window_start, value: m.values[rule.statistic] });
  }
  return { series: [...byKey.values()], rollups };
}

export interface AnomalyOptions {
  readonly method: AnomalyMethod;
  readonly threshold: number;
}

/** A detected anomaly and the series it belongs to. */
export interface FoundAnomaly {
  readonly model: string;
  readonly anomaly: AnomalyEvent;
}

/** `detectAnomalies` on every series; the anomalies in time order, then by metric and model. */
export function findAnomalies(series: readonly MetricSeries[], options: AnomalyOptions): FoundAnomaly[] {
  const found: FoundAnomaly[] = [];
  for (const s of series) {
    const anomalies = detectAnomalies(s.samples, {
      metric: `${s.metric}{model_id=${s.model}}`,
      sourceModule: s.sourceModule,
      method: options.method,
      threshold: options.threshold,
    });
    for (const anomaly of anomalies) found.push({ model: s.model, anomaly });
  }
  return found.sort(
    (a, b) =>
      a.anomaly.timestamp.localeCompare(b.anomaly.timestamp) ||
      a.anomaly.metric.localeCompare(b.anomaly.metric) ||
      a.model.localeCompare(b.model),
  );
}

/** Events worth correlating: at least `minSeverity`, or linked to others by correlation_id or parent_event_id. */
export function notableEvents(events: readonly AnalyticsEvent[], minSeverity: Severity): AnalyticsEvent[] {
  return events.filter(
    (e) =>
      severityOrder.atLeast(e.severity, minSeverity) ||
      (e.correlation_id !== undefined && e.correlation_id !== null) ||
      (e.parent_event_id !== undefined && e.parent_event_id !== null),
  );
}

export interface IncidentAnalysis {
  readonly correlations: EventCorrelation[];
  readonly graph: EventGraph;
  /** Undefined when there is nothing to analyse. */
  readonly rootCause: RootCauseAnalysis | undefined;
  /** The correlation that holds the root cause. */
  readonly incident: EventCorrelation | undefined;
  /** A graph of at most `maxNodes` nodes of that incident: the root, the chain to each kind of effect. */
  readonly displayGraph: EventGraph | undefined;
}

/**
 * Correlates `events` (`correlateEvents` with the hub's default configuration), builds their
 * graph, ranks the root cause, and cuts a readable graph of the incident it belongs to.
 */
export function analyzeIncidents(events: readonly AnalyticsEvent[], maxNodes: number): IncidentAnalysis {
  const correlations = correlateEvents(events, DEFAULT_CORRELATION_CONFIG);
  if (events.length === 0) {
    return { correlations, graph: emptyGraph(), rootCause: undefined, incident: undefined, displayGraph: undefined };
  }
  const graph = buildEventGraph(events, correlations);
  const rootCause = rankRootCauses(graph);
  const incident = correlations.find((c) => c.events.some((e) => e.event_id === rootCause.root_event_id));
  const displayGraph = incidentGraph(events, graph, rootCause, incident, maxNodes);
  return { correlations, graph, rootCause, incident, displayGraph };
}

function emptyGraph(): EventGraph {
  const now = "1970-01-01T00:00:00Z";
  return buildEventGraph([], [], { timeRange: { start: now, end: now }, graphId: "empty" });
}

const severityRank = (node: EventNode): number => severityOrder.rank((node.attributes.severity ?? "info") as Severity);

/**
 * Picks the nodes to draw: the root; then, over the root's causal links in time order, the first
 * node of each kind (payload subtype, severity and model), most severe kinds first; then every
 * node on the chain between those and the root, so the drawing stays connected. At most
 * `maxNodes` (the chain's connecting nodes may add a few when the chain is deep).
 */
function incidentGraph(
  events: readonly AnalyticsEvent[],
  graph: EventGraph,
  rootCause: RootCauseAnalysis,
  incident: EventCorrelation | undefined,
  maxNodes: number,
): EventGraph {
  const nodes = new Map(graph.nodes.map((n) => [n.event_id, n]));
  // Only causal links: events merely close in time ("correlation" links) would crowd the drawing.
  const causal = rootCause.causal_chain.filter((l) => l.relationship !== "correlation");
  const parentOf = new Map<string, string>();
  for (const link of causal) parentOf.set(link.to_event_id, link.from_event_id);
  const chain = causal.map((l) => nodes.get(l.to_event_id)).filter((n) => n !== undefined);
  const firstOfKind = new Map<string, EventNode>();
  for (const node of chain) {
    const kind = [node.attributes.subtype, node.attributes.severity, node.attributes.model_id].join("|");
    if (!firstOfKind.has(kind)) firstOfKind.set(kind, node);
  }
  const candidates = [...firstOfKind.values()].sort((a, b) => severityRank(b) - severityRank(a));
  const chosen = new Set<string>([rootCause.root_event_id]);
  for (const node of candidates) {
    if (chosen.size >= maxNodes) break;
    let id: string | undefined = node.event_id;
    while (id !== undefined && !chosen.has(id)) {
      chosen.add(id);
      id = parentOf.get(id);
    }
  }
  const picked = events.filter((e) => chosen.has(e.event_id));
  const restricted: EventCorrelation[] =
    incident === undefined ? [] : [{ ...incident, events: incident.events.filter((e) => chosen.has(e.event_id)) }];
  return buildEventGraph(picked, restricted);
}
