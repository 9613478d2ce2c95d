import * as z from "zod";
import { TimeRange } from "../../core/time-range.js";
import { Timestamp } from "../../core/timestamp.js";
import { Uuid } from "../../core/uuid.js";
import { SourceModule } from "../../events/index.js";
import {
  AnomalyCorrelation,
  AnomalyEvent,
  EventCorrelation,
  EventGraph,
  EventRole,
  ImpactAssessment,
  ImpactSeverity,
  RootCauseAnalysis,
} from "../schema.js";
import { INCIDENT_SIGNALS } from "./signals.js";

/*
 * The result of `analyzeIncidents`: what the CLI's `correlate --format json` prints, what the
 * demo and the reports are drawn from. Not a hub type; it carries the hub's types
 * (AnomalyEvent, EventCorrelation, EventGraph, RootCauseAnalysis, ImpactAssessment,
 * AnomalyCorrelation) where they fit, and the series data a chart needs. Field names are
 * snake_case like the wire types around them. `version` changes when a field changes meaning
 * or goes away; added fields do not change it.
 */

export const IncidentSignal = z.enum(INCIDENT_SIGNALS).meta({ description: "A watched signal" });
export type IncidentSignal = z.infer<typeof IncidentSignal>;

const score = (description: string) => z.number().min(0).max(1).meta({ description });

export const SeriesWindow = z
  .object({
    window_start: Timestamp,
    value: z
      .number()
      .nullable()
      .meta({ description: "The window's value in the series' unit; null when it has no data" }),
    baseline: z
      .number()
      .nullable()
      .meta({ description: "The baseline the window was scored against (null before scoring was possible)" }),
    lower: z.number().nullable().meta({ description: "Lowest value not anomalous (baseline band at the threshold)" }),
    upper: z.number().nullable().meta({ description: "Highest value not anomalous (baseline band at the threshold)" }),
    z: z.number().nullable().meta({ description: "Robust z-score of the window (signed); null when not scored" }),
    count: z.number().int().min(0).meta({ description: "Observations in the window" }),
    anomalous: z.boolean(),
  })
  .meta({ description: "One window of a series" });
export type SeriesWindow = z.infer<typeof SeriesWindow>;

export const AnalyzedSeries = z
  .object({
    series_id: z.string().meta({ description: 'Stable name, e.g. "latency_p95{model_id=gpt-4o}"' }),
    signal: IncidentSignal,
    model: z.string().nullable().meta({ description: "The model, or null for a signal over all events" }),
    source: z.string().meta({ description: "What the series is computed from (payload and fields)" }),
    source_module: SourceModule,
    metric: z.string().meta({ description: "Metric name used in AnomalyEvent.metric" }),
    unit: z.string(),
    kind: z.enum(["quantile", "mean", "sum", "ratio", "count"]),
    direction: z.enum(["up", "down", "both"]).meta({ description: "Which change counts as an anomaly" }),
    observations: z.number().int().min(0),
    windows_with_data: z.number().int().min(0),
    scored_windows: z.number().int().min(0).meta({ description: "Windows with enough history to be scored" }),
    anomalous_windows: z.number().int().min(0),
    typical: z.number().nullable().meta({ description: "Median window value over the whole series" }),
    points: z
      .array(SeriesWindow)
      .nullable()
      .meta({ description: "Every window of the analysed range (given for series in an incident, else null)" }),
  })
  .meta({ description: "A series the analysis scored" });
export type AnalyzedSeries = z.infer<typeof AnalyzedSeries>;

export const DetectedAnomaly = z
  .object({
    anomaly: AnomalyEvent,
    series_id: z.string(),
    signal: IncidentSignal,
    model: z.string().nullable(),
    window_start: Timestamp,
    window_end: Timestamp,
    z: z.number().meta({ description: "Robust z-score (signed: negative for a fall)" }),
    count: z.number().int().min(0).meta({ description: "Observations in the window" }),
    incident_id: Uuid.nullable().meta({ description: "The incident it belongs to; null when it opened none" }),
  })
  .meta({ description: "An anomalous window of one series" });
export type DetectedAnomaly = z.infer<typeof DetectedAnomaly>;

export const IncidentSeries = z
  .object({
    series_id: z.string(),
    signal: IncidentSignal,
    model: z.string().nullable(),
    role: EventRole.meta({
      description: "root_cause, contributor (causes another), effect, or related (no causal path)",
    }),
    onset: Timestamp.meta({ description: "When the series left its baseline (change point at event level)" }),
    onset_event_id: Uuid.nullable().meta({ description: "The series' first event of the change" }),
    first_window: Timestamp,
    last_window: Timestamp,
    anomalous_windows: z.number().int().min(1),
    baseline: z.number().meta({ description: "Baseline before the onset, in the series' unit" }),
    peak: z.number().meta({ description: "Most anomalous window value, in the series' unit" }),
    peak_z: z.number(),
    peak_score: score("anomaly_score of the most anomalous window"),
    unit: z.string(),
  })
  .meta({ description: "A series affected by an incident" });
export type IncidentSeries = z.infer<typeof IncidentSeries>;

export const CausalEvidence = z
  .object({
    from_series: z.string(),
    to_series: z.string(),
    kind: z.enum(["causal", "related"]).meta({
      description:
        "causal: a relation of the table, from an earlier onset to a later one; related: moved together without one",
    }),
    mechanism: z.string().nullable().meta({ description: "The table's reason for the relation (null when related)" }),
    lag_ms: z.number().meta({ description: "to.onset − from.onset" }),
    lagged_correlation: z
      .number()
      .nullable()
      .meta({ description: "Spearman coefficient of the two window series at the best lag (null: too few windows)" }),
    lag_windows: z
      .number()
      .int()
      .nullable()
      .meta({ description: "That best lag, in windows (positive: to follows from)" }),
    id_links: z.number().int().min(0).meta({
      description: "Events of the effect whose parent_event_id or correlation_id points at the cause's events",
    }),
    weight: score("Strength of the evidence for this edge"),
  })
  .meta({ description: "Why two series of an incident are linked" });
export type CausalEvidence = z.infer<typeof CausalEvidence>;

export const IncidentRoot = z
  .object({
    event_id: Uuid,
    timestamp: Timestamp,
    series_id: z.string(),
    signal: IncidentSignal,
    model: z.string().nullable(),
    summary: z.string(),
  })
  .meta({ description: "The root-cause event and the series it belongs to" });
export type IncidentRoot = z.infer<typeof IncidentRoot>;

export const Incident = z
  .object({
    incident_id: Uuid,
    title: z.string().meta({ description: "One line: what happened where" }),
    start: Timestamp.meta({ description: "The onset of the earliest series" }),
    end: Timestamp.meta({ description: "End of the last anomalous window" }),
    models: z.array(z.string()),
    signals: z.array(IncidentSignal),
    severity: ImpactSeverity,
    confidence: score("Probability that the incident is real (calibrated on the evaluation suite)"),
    series: z.array(IncidentSeries).meta({ description: "Affected series, earliest onset first" }),
    root: IncidentRoot.nullable(),
    root_cause: RootCauseAnalysis.nullable().meta({
      description: "confidence: probability that the root is right (calibrated on the evaluation suite)",
    }),
    evidence: z.array(CausalEvidence),
    anomalies: z.array(AnomalyEvent),
    correlation: EventCorrelation,
    graph: EventGraph,
    impact: ImpactAssessment,
    anomaly_correlation: AnomalyCorrelation,
  })
  .meta({ description: "Anomalies that belong together, their root cause and impact" });
export type Incident = z.infer<typeof Incident>;

export const IncidentAnalysis = z
  .object({
    version: z.literal(1),
    detected_at: Timestamp,
    summary: z.string().meta({ description: "Plain sentences: the incidents, or that there is none" }),
    input: z.object({
      events: z.number().int().min(0).meta({ description: "Events analysed (duplicates left out)" }),
      duplicate_events: z.number().int().min(0).meta({ description: "Events whose event_id repeated an earlier one" }),
      events_with_signals: z.number().int().min(0),
      observations: z.number().int().min(0),
      time_range: TimeRange.nullable(),
      models: z.array(z.string()),
    }),
    method: z.object({
      window_ms: z.number().int().min(1),
      window_choice: z.enum(["auto", "given"]),
      windows: z.number().int().min(0),
      threshold_z: z.number(),
      min_history_windows: z.number().int(),
      baseline_windows: z.number().int(),
    }),
    series: z.array(AnalyzedSeries),
    anomalies: z.array(DetectedAnomaly),
    incidents: z.array(Incident),
  })
  .meta({ description: "Incidents found in a batch of AnalyticsEvents (analyzeIncidents)" });
export type IncidentAnalysis = z.infer<typeof IncidentAnalysis>;
