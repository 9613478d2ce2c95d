export {
  type AnalyzeIncidentsOptions,
  analyzeIncidents,
  chooseWindowMs,
  INCIDENT_DEFAULTS,
  IncidentAnalyzer,
} from "./analyze.js";
export { CAUSAL_RELATIONS, type CausalRelation, causalRelationOf } from "./relations.js";
export {
  AnalyzedSeries,
  CausalEvidence,
  DetectedAnomaly,
  Incident,
  IncidentAnalysis,
  IncidentRoot,
  IncidentSeries,
  IncidentSignal,
  SeriesWindow,
} from "./schema.js";
export {
  INCIDENT_MODEL_TAG_KEYS,
  INCIDENT_SIGNAL_SOURCES,
  INCIDENT_SIGNALS,
  type IncidentSignalDirection,
  type IncidentSignalKind,
  type IncidentSignalSpec,
  type IncidentSourceSpec,
  isFailedRequest,
  modelOfEvent,
  SIGNAL_SPECS,
} from "./signals.js";
