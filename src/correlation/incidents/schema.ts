import * as z from "zod";
import { lazyFields, lazySchema } from "../../core/lazy.js";
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

export const IncidentSignal = lazySchema(() => z.enum(INCIDENT_SIGNALS).meta({ description: "A watched signal" }));
export type IncidentSignal = z.infer<typeof IncidentSignal>;

const score = (description: string) => z.number().min(0).max(1).meta({ description });

export const SeriesWindow = lazySchema(() =>
  z
    .object(
      lazyFields({
        window_start: Timestamp,
        get value() {
          return z
            .number()
            .nullable()
            .meta({ description: "The window's value in the series' unit; null when it has no data" });
        },
        get baseline() {
          return z
            .number()
            .nullable()
            .meta({ description: "The baseline the window was scored against (null before scoring was possible)" });
        },
        get lower() {
          return z
            .number()
            .nullable()
            .meta({ description: "Lowest value not anomalous (baseline band at the threshold)" });
        },
        get upper() {
          return z
            .number()
            .nullable()
            .meta({ description: "Highest value not anomalous (baseline band at the threshold)" });
        },
        get z() {
          return z
            .number()
            .nullable()
            .meta({ description: "Robust z-score of the window (signed); null when not scored" });
        },
        get count() {
          return z.number().int().min(0).meta({ description: "Observations in the window" });
        },
        get anomalous() {
          return z.boolean();
        },
      }),
    )
    .meta({ description: "One window of a series" }),
);
export type SeriesWindow = z.infer<typeof SeriesWindow>;

/** AnalyzedSeries's fields, each built on first read (the object is built on first use). */
const analyzedSeriesFields = lazyFields({
  get series_id() {
    return z.string().meta({
      description:
        'Stable name, e.g. "latency_p95{model_id=gpt-4o}"; "latency_p95{model_id=gpt-4o,environment=prod,service_name=checkout}" when the model\'s series are kept per deployment',
    });
  },
  signal: IncidentSignal,
  get model() {
    return z.string().nullable().meta({ description: "The model, or null for a signal over all events" });
  },
  get deployment() {
    return z.object({ environment: z.string(), service_name: z.string().nullable() }).nullable().meta({
      description:
        "The deployment (event environment and service.name tag) the series is kept for when at least two deployments call the model with enough traffic each; null when pooled",
    });
  },
  get source() {
    return z.string().meta({ description: "What the series is computed from (payload and fields)" });
  },
  source_module: SourceModule,
  get metric() {
    return z.string().meta({ description: "Metric name used in AnomalyEvent.metric" });
  },
  get unit() {
    return z.string();
  },
  get kind() {
    return z.enum(["quantile", "mean", "sum", "ratio", "count"]);
  },
  get direction() {
    return z.enum(["up", "down", "both"]).meta({ description: "Which change counts as an anomaly" });
  },
  get window_ms() {
    return z.number().int().min(1).meta({
      description:
        "Width of this series' windows in ms: its scope's own width, narrower than method.window_ms for a model busy enough to support it",
    });
  },
  get observations() {
    return z.number().int().min(0);
  },
  get windows_with_data() {
    return z.number().int().min(0);
  },
  get scored_windows() {
    return z.number().int().min(0).meta({ description: "Windows with enough history to be scored" });
  },
  get anomalous_windows() {
    return z.number().int().min(0);
  },
  get typical() {
    return z.number().nullable().meta({ description: "Median window value over the whole series" });
  },
  get points() {
    return z
      .array(SeriesWindow)
      .nullable()
      .meta({ description: "Every window of the analysed range (given for series in an incident, else null)" });
  },
});

export const AnalyzedSeries = lazySchema(() =>
  z.object(analyzedSeriesFields).meta({ description: "A series the analysis scored" }),
);
export type AnalyzedSeries = z.infer<typeof AnalyzedSeries>;

export const DetectedAnomaly = lazySchema(() =>
  z
    .object(
      lazyFields({
        anomaly: AnomalyEvent,
        get series_id() {
          return z.string();
        },
        signal: IncidentSignal,
        get model() {
          return z.string().nullable();
        },
        window_start: Timestamp,
        window_end: Timestamp,
        get z() {
          return z.number().meta({ description: "Robust z-score (signed: negative for a fall)" });
        },
        get count() {
          return z.number().int().min(0).meta({ description: "Observations in the window" });
        },
        get incident_id() {
          return Uuid.nullable().meta({ description: "The incident it belongs to; null when it opened none" });
        },
      }),
    )
    .meta({ description: "An anomalous window of one series" }),
);
export type DetectedAnomaly = z.infer<typeof DetectedAnomaly>;

/** IncidentSeries's fields, each built on first read (the object is built on first use). */
const incidentSeriesFields = lazyFields({
  get series_id() {
    return z.string();
  },
  signal: IncidentSignal,
  get model() {
    return z.string().nullable();
  },
  get role() {
    return EventRole.meta({
      description: "root_cause, contributor (causes another), effect, or related (no causal path)",
    });
  },
  get onset() {
    return Timestamp.meta({ description: "When the series left its baseline (change point at event level)" });
  },
  get onset_event_id() {
    return Uuid.nullable().meta({ description: "The series' first event of the change" });
  },
  get onset_interval() {
    return z
      .object({ from: Timestamp, to: Timestamp })
      .nullable()
      .meta({
        description:
          "When the change may have begun, as far as the series' own observations say: a gradual drift's 90 % " +
          "credible interval of its start (the onset is its end); a step's onset to the latest change point " +
          "within a factor 20 of the best likelihood; null where not measured (a fall in traffic, a fallback)",
      });
  },
  get onset_mass() {
    return z
      .number()
      .min(0)
      .max(1)
      .nullable()
      .meta({
        description:
          "The probability, under the posterior of the change time the series was dated by, that the change " +
          "began within the five minutes before its onset event was written (that event is among the change's " +
          "first five minutes); null where no posterior was computed (a fallback, an event chosen by another rule)",
      });
  },
  first_window: Timestamp,
  last_window: Timestamp,
  get anomalous_windows() {
    return z.number().int().min(1);
  },
  get onset_window_count() {
    return z.number().int().min(0).meta({ description: "Observations in the first anomalous window" });
  },
  get baseline() {
    return z.number().meta({ description: "Baseline before the onset, in the series' unit" });
  },
  get peak() {
    return z.number().meta({ description: "Most anomalous window value, in the series' unit" });
  },
  get peak_z() {
    return z.number();
  },
  get peak_score() {
    return score("anomaly_score of the most anomalous window");
  },
  get unit() {
    return z.string();
  },
});

export const IncidentSeries = lazySchema(() =>
  z.object(incidentSeriesFields).meta({ description: "A series affected by an incident" }),
);
export type IncidentSeries = z.infer<typeof IncidentSeries>;

export const CausalEvidence = lazySchema(() =>
  z
    .object(
      lazyFields({
        get from_series() {
          return z.string();
        },
        get to_series() {
          return z.string();
        },
        get kind() {
          return z.enum(["causal", "related"]).meta({
            description:
              "causal: a relation of the table, from an earlier onset to a later one; related: moved together without one",
          });
        },
        get mechanism() {
          return z.string().nullable().meta({ description: "The table's reason for the relation (null when related)" });
        },
        get lag_ms() {
          return z.number().meta({ description: "to.onset − from.onset" });
        },
        get lagged_correlation() {
          return z.number().nullable().meta({
            description: "Spearman coefficient of the two window series at the best lag (null: too few windows)",
          });
        },
        get lag_windows() {
          return z
            .number()
            .int()
            .nullable()
            .meta({ description: "That best lag, in windows (positive: to follows from)" });
        },
        get id_links() {
          return z.number().int().min(0).meta({
            description: "Events of the effect whose parent_event_id or correlation_id points at the cause's events",
          });
        },
        get weight() {
          return score("Strength of the evidence for this edge");
        },
      }),
    )
    .meta({ description: "Why two series of an incident are linked" }),
);
export type CausalEvidence = z.infer<typeof CausalEvidence>;

export const IncidentRoot = lazySchema(() =>
  z
    .object(
      lazyFields({
        event_id: Uuid,
        timestamp: Timestamp,
        get series_id() {
          return z.string();
        },
        signal: IncidentSignal,
        get model() {
          return z.string().nullable();
        },
        get summary() {
          return z.string();
        },
      }),
    )
    .meta({ description: "The root-cause event and the series it belongs to" }),
);
export type IncidentRoot = z.infer<typeof IncidentRoot>;

export const Incident = lazySchema(() =>
  z
    .object(
      lazyFields({
        incident_id: Uuid,
        get title() {
          return z.string().meta({ description: "One line: what happened where" });
        },
        get start() {
          return Timestamp.meta({ description: "The onset of the earliest series" });
        },
        get end() {
          return Timestamp.meta({ description: "End of the last anomalous window" });
        },
        get models() {
          return z.array(z.string());
        },
        get signals() {
          return z.array(IncidentSignal);
        },
        severity: ImpactSeverity,
        get confidence() {
          return score("Probability that the incident is real (calibrated on the evaluation suite)");
        },
        get series() {
          return z.array(IncidentSeries).meta({ description: "Affected series, earliest onset first" });
        },
        get root() {
          return IncidentRoot.nullable();
        },
        get root_cause() {
          return RootCauseAnalysis.nullable().meta({
            description: "confidence: probability that the root is right (calibrated on the evaluation suite)",
          });
        },
        get evidence() {
          return z.array(CausalEvidence);
        },
        get anomalies() {
          return z.array(AnomalyEvent);
        },
        correlation: EventCorrelation,
        graph: EventGraph,
        impact: ImpactAssessment,
        anomaly_correlation: AnomalyCorrelation,
      }),
    )
    .meta({ description: "Anomalies that belong together, their root cause and impact" }),
);
export type Incident = z.infer<typeof Incident>;

export const IncidentAnalysis = lazySchema(() =>
  z
    .object(
      lazyFields({
        get version() {
          return z.literal(1);
        },
        detected_at: Timestamp,
        get summary() {
          return z.string().meta({ description: "Plain sentences: the incidents, or that there is none" });
        },
        get input() {
          return z.object({
            events: z.number().int().min(0).meta({ description: "Events analysed (duplicates left out)" }),
            duplicate_events: z
              .number()
              .int()
              .min(0)
              .meta({ description: "Events whose event_id repeated an earlier one" }),
            events_with_signals: z.number().int().min(0),
            observations: z.number().int().min(0),
            time_range: TimeRange.nullable(),
            models: z.array(z.string()),
          });
        },
        get method() {
          return z.object({
            window_ms: z.number().int().min(1).meta({
              description:
                "The common window width: signals over all events and every model as sparse as the median one (see series[].window_ms)",
            }),
            window_choice: z.enum(["auto", "given"]),
            windows: z.number().int().min(0),
            threshold_z: z.number(),
            min_history_windows: z.number().int(),
            baseline_windows: z.number().int(),
          });
        },
        get series() {
          return z.array(AnalyzedSeries);
        },
        get anomalies() {
          return z.array(DetectedAnomaly);
        },
        get incidents() {
          return z.array(Incident);
        },
      }),
    )
    .meta({ description: "Incidents found in a batch of AnalyticsEvents (analyzeIncidents)" }),
);
export type IncidentAnalysis = z.infer<typeof IncidentAnalysis>;
