import * as z from "zod";
import { f64, i64, u32, u64 } from "../core/integers.js";
import { lazyFields, lazySchema } from "../core/lazy.js";
import type { StringMap } from "../core/maps.js";
import { numberMap, stringMap } from "../core/maps.js";
import { named } from "../core/named.js";
import { createEnumOrder } from "../core/tagging.js";
import { TimeRange } from "../core/time-range.js";
import { Timestamp } from "../core/timestamp.js";
import { Uuid } from "../core/uuid.js";
import { EventType, Severity, SourceModule } from "../events/index.js";

/*
 * The wire contract of the hub's src/models/correlation.rs (WIRE_FORMAT.md §2.5): 22 structs
 * and 7 enums. Scores (`strength`, `confidence`, `anomaly_score`, `weight`, `density`, the
 * thresholds) are plain f64 on the wire, as in the hub: their 0..1 range is documented, and the
 * helpers of this module keep to it, but `parse` does not reject what the hub accepts.
 */

const UNIT_SCORE = "documented as 0..1 (not enforced on the wire)";

/** `CorrelationId(Uuid)`: a newtype whose wire form is the bare UUID string. */
export const CorrelationId = lazySchema(() =>
  Uuid.meta({ description: "Correlation id (a UUID; the hub's CorrelationId newtype)" }),
);
export type CorrelationId = z.infer<typeof CorrelationId>;

/**
 * `{start, end}`: the struct the hub calls `correlation::TimeWindow` is the library's shared
 * `TimeRange` (DESIGN.md §3: the metrics `TimeWindow` is an enum); its
 * `duration_seconds()` is `durationSeconds` of core.
 */
export { TimeRange };

export const CORRELATION_TYPES = [
  "causal_chain",
  "temporal",
  "pattern_match",
  "anomaly",
  "cost_impact",
  "security_incident",
  "performance_degradation",
  "compliance_cascade",
] as const;
export const CorrelationType = lazySchema(() => z.enum(CORRELATION_TYPES).meta({ description: "Kind of correlation" }));
export type CorrelationType = z.infer<typeof CorrelationType>;

export const EVENT_ROLES = ["root_cause", "contributor", "effect", "related"] as const;
export const EventRole = lazySchema(() =>
  z.enum(EVENT_ROLES).meta({ description: "Role of an event within a correlation" }),
);
export type EventRole = z.infer<typeof EventRole>;

export const CorrelatedEvent = lazySchema(() =>
  named<CorrelatedEvent>()(
    z.object(
      lazyFields({
        event_id: Uuid,
        source_module: SourceModule,
        event_type: EventType,
        severity: Severity,
        timestamp: Timestamp,
        role: EventRole,
        get summary() {
          return z.string().meta({ description: "One-line description of the event" });
        },
        get metrics() {
          return numberMap()
            .default(() => ({}))
            .meta({ description: "Key numbers of the event (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type CorrelatedEvent = {
  event_id: string;
  source_module: SourceModule;
  event_type: EventType;
  severity: Severity;
  timestamp: string;
  role: EventRole;
  /** One-line description of the event */
  summary: string;
  /** Key numbers of the event (defaults to {}; null is rejected) */
  metrics: Record<string, number>;
};

export const PatternStep = lazySchema(() =>
  named<PatternStep>()(
    z.object(
      lazyFields({
        get step_number() {
          return u32();
        },
        module: SourceModule,
        event_type: EventType,
        get time_offset_ms() {
          return i64()
            .nullish()
            .meta({ description: "Offset from the previous step in milliseconds (written as null when absent)" });
        },
        get conditions() {
          return stringMap().meta({
            description: "Field conditions the step's event must meet (required, may be empty)",
          });
        },
      }),
    ),
  ),
);
export type PatternStep = {
  step_number: number;
  module: SourceModule;
  event_type: EventType;
  /** Offset from the previous step in milliseconds (written as null when absent) */
  time_offset_ms?: number | null | undefined;
  /** Field conditions the step's event must meet (required, may be empty) */
  conditions: StringMap;
};

export const CorrelationPattern = lazySchema(() =>
  named<CorrelationPattern>()(
    z.object(
      lazyFields({
        get pattern_id() {
          return z.string();
        },
        get name() {
          return z.string();
        },
        get description() {
          return z.string();
        },
        get modules() {
          return z.array(SourceModule).meta({ description: "Modules the pattern involves" });
        },
        get sequence() {
          return z.array(PatternStep).meta({ description: "The expected steps, in order of step_number" });
        },
      }),
    ),
  ),
);
export type CorrelationPattern = {
  pattern_id: string;
  name: string;
  description: string;
  /** Modules the pattern involves */
  modules: SourceModule[];
  /** The expected steps, in order of step_number */
  sequence: PatternStep[];
};

export const EventCorrelation = lazySchema(() =>
  named<EventCorrelation>()(
    z
      .object(
        lazyFields({
          correlation_id: CorrelationId,
          correlation_type: CorrelationType,
          get events() {
            return z.array(CorrelatedEvent);
          },
          get strength() {
            return f64().meta({ description: `Correlation strength, ${UNIT_SCORE}` });
          },
          get confidence() {
            return f64().meta({ description: `Confidence in the correlation, ${UNIT_SCORE}` });
          },
          time_window: TimeRange,
          get pattern() {
            return CorrelationPattern.nullish().meta({ description: "The pattern matched (left out when none)" });
          },
          detected_at: Timestamp,
          get metadata() {
            return stringMap()
              .default(() => ({}))
              .meta({ description: "Free-form metadata (defaults to {}; null is rejected)" });
          },
        }),
      )
      .meta({ description: "A set of related events with their roles, strength and confidence" }),
  ),
);
export type EventCorrelation = {
  correlation_id: string;
  correlation_type: CorrelationType;
  events: CorrelatedEvent[];
  strength: number;
  confidence: number;
  time_window: TimeRange;
  detected_at: string;
  metadata: StringMap;
  pattern?: CorrelationPattern | null | undefined;
};

export const ANOMALY_TYPES = ["spike", "drop", "pattern_deviation", "frequency_anomaly", "distribution_shift"] as const;
export const AnomalyType = lazySchema(() => z.enum(ANOMALY_TYPES).meta({ description: "Kind of anomaly" }));
export type AnomalyType = z.infer<typeof AnomalyType>;

export const AnomalyEvent = lazySchema(() =>
  named<AnomalyEvent>()(
    z.object(
      lazyFields({
        event_id: Uuid,
        source_module: SourceModule,
        anomaly_type: AnomalyType,
        get anomaly_score() {
          return f64().meta({ description: `How anomalous, higher is more; ${UNIT_SCORE}` });
        },
        get baseline() {
          return f64();
        },
        get observed() {
          return f64();
        },
        get deviation() {
          return f64().meta({
            description:
              "Deviation from the baseline; the hub leaves the unit open (this library's detectors write observed − baseline)",
          });
        },
        timestamp: Timestamp,
        get metric() {
          return z.string().meta({ description: "The metric that is anomalous" });
        },
      }),
    ),
  ),
);
export type AnomalyEvent = {
  event_id: string;
  source_module: SourceModule;
  anomaly_type: AnomalyType;
  anomaly_score: number;
  baseline: number;
  observed: number;
  /** Deviation from the baseline; the hub leaves the unit open (this library's detectors write observed − baseline) */
  deviation: number;
  timestamp: string;
  /** The metric that is anomalous */
  metric: string;
};

export const CAUSAL_RELATIONSHIPS = ["direct_cause", "indirect_cause", "correlation", "amplification"] as const;
export const CausalRelationship = lazySchema(() => z.enum(CAUSAL_RELATIONSHIPS));
export type CausalRelationship = z.infer<typeof CausalRelationship>;

export const CausalLink = lazySchema(() =>
  named<CausalLink>()(
    z.object(
      lazyFields({
        from_event_id: Uuid,
        to_event_id: Uuid,
        relationship: CausalRelationship,
        get strength() {
          return f64().meta({ description: `Link strength, ${UNIT_SCORE}` });
        },
        get time_delta_ms() {
          return i64().meta({ description: "to.timestamp − from.timestamp in milliseconds (may be negative)" });
        },
      }),
    ),
  ),
);
export type CausalLink = {
  from_event_id: string;
  to_event_id: string;
  relationship: CausalRelationship;
  strength: number;
  /** to.timestamp − from.timestamp in milliseconds (may be negative) */
  time_delta_ms: number;
};

export const RootCauseAnalysis = lazySchema(() =>
  named<RootCauseAnalysis>()(
    z.object(
      lazyFields({
        root_event_id: Uuid,
        get confidence() {
          return f64().meta({ description: `Confidence in the root cause, ${UNIT_SCORE}` });
        },
        get causal_chain() {
          return z.array(CausalLink).meta({ description: "Links from the root cause to its effects" });
        },
        get contributing_factors() {
          return z.array(z.string());
        },
        get recommendations() {
          return z.array(z.string());
        },
      }),
    ),
  ),
);
export type RootCauseAnalysis = {
  root_event_id: string;
  confidence: number;
  /** Links from the root cause to its effects */
  causal_chain: CausalLink[];
  contributing_factors: string[];
  recommendations: string[];
};

export const IMPACT_SEVERITIES = ["negligible", "low", "medium", "high", "critical"] as const;
/** Impact severity (lowercase); ordered negligible < low < medium < high < critical (Rust `Ord`). */
export const ImpactSeverity = lazySchema(() =>
  z
    .enum(IMPACT_SEVERITIES)
    .meta({ description: "Impact severity, lowest to highest: negligible, low, medium, high, critical" }),
);
export type ImpactSeverity = z.infer<typeof ImpactSeverity>;
/** Ordering of ImpactSeverity in declaration order: `IMPACT_SEVERITY_ORDER.compare("low", "high") < 0`. */
export const IMPACT_SEVERITY_ORDER = createEnumOrder(IMPACT_SEVERITIES);

export const REPUTATION_RISKS = ["none", "low", "medium", "high", "severe"] as const;
/** Reputation risk (lowercase). Unlike ImpactSeverity, the hub defines no ordering for it. */
export const ReputationRisk = lazySchema(() => z.enum(REPUTATION_RISKS));
export type ReputationRisk = z.infer<typeof ReputationRisk>;

export const PerformanceImpact = lazySchema(() =>
  named<PerformanceImpact>()(
    z.object(
      lazyFields({
        get latency_increase_percent() {
          return f64();
        },
        get throughput_decrease_percent() {
          return f64();
        },
        get error_rate_increase_percent() {
          return f64();
        },
        get affected_requests() {
          return u64();
        },
      }),
    ),
  ),
);
export type PerformanceImpact = {
  latency_increase_percent: number;
  throughput_decrease_percent: number;
  error_rate_increase_percent: number;
  affected_requests: number;
};

export const CostImpact = lazySchema(() =>
  named<CostImpact>()(
    z.object(
      lazyFields({
        get additional_cost_usd() {
          return f64();
        },
        get cost_increase_percent() {
          return f64();
        },
        get wasted_resources_usd() {
          return f64();
        },
      }),
    ),
  ),
);
export type CostImpact = {
  additional_cost_usd: number;
  cost_increase_percent: number;
  wasted_resources_usd: number;
};

export const SecurityImpact = lazySchema(() =>
  named<SecurityImpact>()(
    z.object(
      lazyFields({
        get threats_detected() {
          return u64();
        },
        get vulnerabilities_exposed() {
          return u64();
        },
        get data_at_risk() {
          return z.boolean();
        },
        get compliance_violations() {
          return u64();
        },
      }),
    ),
  ),
);
export type SecurityImpact = {
  threats_detected: number;
  vulnerabilities_exposed: number;
  data_at_risk: boolean;
  compliance_violations: number;
};

export const BusinessImpact = lazySchema(() =>
  named<BusinessImpact>()(
    z.object(
      lazyFields({
        get users_affected() {
          return u64();
        },
        get sla_violations() {
          return u64();
        },
        get revenue_impact_usd() {
          return f64().nullish().meta({ description: "Revenue impact in USD (written as null when unknown)" });
        },
        reputation_risk: ReputationRisk,
      }),
    ),
  ),
);
export type BusinessImpact = {
  users_affected: number;
  sla_violations: number;
  /** Revenue impact in USD (written as null when unknown) */
  revenue_impact_usd?: number | null | undefined;
  reputation_risk: ReputationRisk;
};

export const ImpactAssessment = lazySchema(() =>
  named<ImpactAssessment>()(
    z.object(
      lazyFields({
        severity: ImpactSeverity,
        get affected_modules() {
          return z.array(SourceModule);
        },
        get performance_impact() {
          return PerformanceImpact.nullish().meta({ description: "Left out when none" });
        },
        get cost_impact() {
          return CostImpact.nullish().meta({ description: "Left out when none" });
        },
        get security_impact() {
          return SecurityImpact.nullish().meta({ description: "Left out when none" });
        },
        get business_impact() {
          return BusinessImpact.nullish().meta({ description: "Left out when none" });
        },
      }),
    ),
  ),
);
export type ImpactAssessment = {
  severity: ImpactSeverity;
  affected_modules: SourceModule[];
  /** Left out when none */
  performance_impact?: PerformanceImpact | null | undefined;
  /** Left out when none */
  cost_impact?: CostImpact | null | undefined;
  /** Left out when none */
  security_impact?: SecurityImpact | null | undefined;
  /** Left out when none */
  business_impact?: BusinessImpact | null | undefined;
};

export const AnomalyCorrelation = lazySchema(() =>
  named<AnomalyCorrelation>()(
    z
      .object(
        lazyFields({
          correlation_id: CorrelationId,
          get anomalies() {
            return z.array(AnomalyEvent);
          },
          get strength() {
            return f64().meta({ description: `Correlation strength, ${UNIT_SCORE}` });
          },
          get root_cause() {
            return RootCauseAnalysis.nullish().meta({ description: "Left out when none" });
          },
          impact: ImpactAssessment,
          detected_at: Timestamp,
        }),
      )
      .meta({ description: "Related anomalies with their root cause and impact" }),
  ),
);
export type AnomalyCorrelation = {
  correlation_id: string;
  anomalies: AnomalyEvent[];
  strength: number;
  impact: ImpactAssessment;
  detected_at: string;
  root_cause?: RootCauseAnalysis | null | undefined;
};

export const EDGE_RELATIONSHIPS = [
  "causes",
  "triggered_by",
  "related_to",
  "precedes",
  "follows",
  "correlates_with",
  "amplifies",
  "mitigates",
] as const;
export const EdgeRelationship = lazySchema(() =>
  z.enum(EDGE_RELATIONSHIPS).meta({ description: "Kind of edge between two events" }),
);
export type EdgeRelationship = z.infer<typeof EdgeRelationship>;

export const EventNode = lazySchema(() =>
  named<EventNode>()(
    z.object(
      lazyFields({
        get node_id() {
          return z.string();
        },
        event_id: Uuid,
        source_module: SourceModule,
        event_type: EventType,
        timestamp: Timestamp,
        get attributes() {
          return stringMap().meta({ description: "Node attributes (required, may be empty)" });
        },
      }),
    ),
  ),
);
export type EventNode = {
  node_id: string;
  event_id: string;
  source_module: SourceModule;
  event_type: EventType;
  timestamp: string;
  /** Node attributes (required, may be empty) */
  attributes: StringMap;
};

export const EventEdge = lazySchema(() =>
  named<EventEdge>()(
    z.object(
      lazyFields({
        get edge_id() {
          return z.string();
        },
        get from_node() {
          return z.string().meta({ description: "node_id of the source node (the hub does not check it exists)" });
        },
        get to_node() {
          return z.string().meta({ description: "node_id of the target node (the hub does not check it exists)" });
        },
        relationship_type: EdgeRelationship,
        get weight() {
          return f64().meta({ description: `Edge weight, ${UNIT_SCORE}` });
        },
        get properties() {
          return stringMap().meta({ description: "Edge properties (required, may be empty)" });
        },
      }),
    ),
  ),
);
export type EventEdge = {
  edge_id: string;
  /** node_id of the source node (the hub does not check it exists) */
  from_node: string;
  /** node_id of the target node (the hub does not check it exists) */
  to_node: string;
  relationship_type: EdgeRelationship;
  weight: number;
  /** Edge properties (required, may be empty) */
  properties: StringMap;
};

export const GraphMetadata = lazySchema(() =>
  named<GraphMetadata>()(
    z.object(
      lazyFields({
        get node_count() {
          return u64();
        },
        get edge_count() {
          return u64();
        },
        get connected_components() {
          return u64();
        },
        get avg_degree() {
          return f64();
        },
        get density() {
          return f64();
        },
      }),
    ),
  ),
);
export type GraphMetadata = {
  node_count: number;
  edge_count: number;
  connected_components: number;
  avg_degree: number;
  density: number;
};

export const EventGraph = lazySchema(() =>
  named<EventGraph>()(
    z
      .object(
        lazyFields({
          get graph_id() {
            return z.string();
          },
          time_range: TimeRange,
          get nodes() {
            return z.array(EventNode);
          },
          get edges() {
            return z.array(EventEdge);
          },
          get metadata() {
            return GraphMetadata.meta({
              description: "Stored counts; the hub never checks them against nodes and edges (see graphMetadataOf)",
            });
          },
        }),
      )
      .meta({ description: "Events as nodes and their relationships as directed edges" }),
  ),
);
export type EventGraph = {
  graph_id: string;
  time_range: TimeRange;
  nodes: EventNode[];
  edges: EventEdge[];
  metadata: GraphMetadata;
};

/** `default_min_strength()` of the hub's CorrelationQuery. */
export const DEFAULT_MIN_STRENGTH = 0.7;
/** `default_max_depth()` of the hub's CorrelationQuery. */
export const DEFAULT_MAX_DEPTH = 5;

export const CorrelationQuery = lazySchema(() =>
  named<CorrelationQuery>()(
    z
      .object(
        lazyFields({
          seed_event_id: Uuid,
          get time_window_minutes() {
            return i64().meta({ description: "Search window in minutes (negative values are accepted)" });
          },
          get min_strength() {
            return f64()
              .default(DEFAULT_MIN_STRENGTH)
              .meta({ description: "Minimum strength (defaults to 0.7; null is rejected)" });
          },
          get correlation_types() {
            return z
              .array(CorrelationType)
              .default(() => [])
              .meta({ description: "Types to include (defaults to []; null is rejected)" });
          },
          get include_modules() {
            return z
              .array(SourceModule)
              .default(() => [])
              .meta({ description: "Modules to include (defaults to []; null is rejected)" });
          },
          get max_depth() {
            return u32()
              .default(DEFAULT_MAX_DEPTH)
              .meta({ description: "Maximum causal-chain depth (defaults to 5; null is rejected)" });
          },
        }),
      )
      .meta({ description: "A search for the events correlated with a seed event" }),
  ),
);
export type CorrelationQuery = {
  seed_event_id: string;
  time_window_minutes: number;
  min_strength: number;
  correlation_types: CorrelationType[];
  include_modules: SourceModule[];
  max_depth: number;
};
/** What `CorrelationQuery.parse` accepts: the defaulted fields may be left out. */
export type CorrelationQueryInput = z.input<typeof CorrelationQuery>;

export const AlertThresholds = lazySchema(() =>
  named<AlertThresholds>()(
    z.object(
      lazyFields({
        get min_correlation_strength() {
          return f64();
        },
        get min_anomaly_score() {
          return f64();
        },
        get critical_impact_threshold() {
          return f64();
        },
      }),
    ),
  ),
);
export type AlertThresholds = {
  min_correlation_strength: number;
  min_anomaly_score: number;
  critical_impact_threshold: number;
};

export const CorrelationConfig = lazySchema(() =>
  named<CorrelationConfig>()(
    z
      .object(
        lazyFields({
          get auto_detect() {
            return z.boolean();
          },
          get patterns() {
            return z.array(CorrelationPattern);
          },
          get correlation_window_minutes() {
            return i64();
          },
          get min_events() {
            return u64();
          },
          alert_thresholds: AlertThresholds,
        }),
      )
      .meta({
        description:
          "Correlation settings. Every field is required on the wire (the hub's Default exists only in Rust; see DEFAULT_CORRELATION_CONFIG)",
      }),
  ),
);
export type CorrelationConfig = {
  auto_detect: boolean;
  patterns: CorrelationPattern[];
  correlation_window_minutes: number;
  min_events: number;
  alert_thresholds: AlertThresholds;
};

/** The thresholds of the hub's `CorrelationConfig::default()`. */
export const DEFAULT_ALERT_THRESHOLDS: Readonly<AlertThresholds> = Object.freeze({
  min_correlation_strength: 0.8,
  min_anomaly_score: 0.7,
  critical_impact_threshold: 0.9,
});

/** The hub's `CorrelationConfig::default()` (deeply frozen; spread it to change a field). */
export const DEFAULT_CORRELATION_CONFIG: Readonly<CorrelationConfig> = Object.freeze({
  auto_detect: true,
  patterns: Object.freeze([]) as unknown as CorrelationPattern[],
  correlation_window_minutes: 60,
  min_events: 2,
  alert_thresholds: DEFAULT_ALERT_THRESHOLDS,
});
