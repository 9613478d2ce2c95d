/*
 * What the HTML report shows about anomalies and incidents, independent of how the analysis
 * names its fields: the page renders this; `fromIncidentAnalysis` fills it from the result of
 * the library's incident analysis (the same result `correlate --format json` prints).
 */
import type { EventGraph } from "../../correlation/index.js";
import type { AnalyticsEvent } from "../../events/index.js";
import type { ReportData } from "./data.js";
import type { ReportFormat } from "./format.js";

/** The signals the charts draw, and how the anomalies of the analysis map onto them. */
export type ChartSignal = "latency" | "error_rate" | "tokens" | "cost";

export interface ReportAnomaly {
  readonly start: number;
  readonly end: number;
  /** The analysis' signal name, e.g. "latency_p95". */
  readonly signal: string;
  /** Plain words: "p95 latency". */
  readonly label: string;
  /** The chart its window is shaded on, if any. */
  readonly chart: ChartSignal | undefined;
  readonly model: string | null;
  /** The series' unit as the analysis names it ("ms", "%", "USD", "tokens", …). */
  readonly unit: string;
  readonly observed: number;
  readonly baseline: number;
  /** Signed robust z-score. */
  readonly z: number;
  /** anomaly_score, 0..1. */
  readonly score: number;
  readonly type: string;
  /** 1-based number of the incident it belongs to, or null. */
  readonly incident: number | null;
}

export interface ReportEvidence {
  readonly from: string;
  readonly to: string;
  readonly kind: "causal" | "related";
  readonly mechanism: string | null;
  readonly lagMs: number;
  readonly correlation: number | null;
  readonly idLinks: number;
  readonly weight: number;
}

export interface ReportIncidentSeries {
  readonly label: string;
  readonly model: string | null;
  readonly role: string;
  readonly onset: number;
  readonly baseline: number;
  readonly peak: number;
  readonly unit: string;
}

export interface ReportIncident {
  /** 1-based, in time order. */
  readonly number: number;
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly models: readonly string[];
  /** Impact severity (negligible … critical). */
  readonly severity: string;
  /** Probability that the incident is real, 0..1. */
  readonly confidence: number;
  readonly root:
    | {
        readonly eventId: string;
        readonly at: number;
        /** The series the root event starts: label and model. */
        readonly series: string;
        readonly model: string | null;
        /** The chart the root's series is drawn on, if any. */
        readonly chart: ChartSignal | undefined;
        /** Probability that the root is right, 0..1. */
        readonly confidence: number;
        /** The analysis' one-line summary of the event (used when the event itself is not at hand). */
        readonly summary: string;
      }
    | undefined;
  readonly series: readonly ReportIncidentSeries[];
  readonly evidence: readonly ReportEvidence[];
  readonly recommendations: readonly string[];
  readonly impact: readonly { readonly label: string; readonly value: string }[];
  readonly graph: EventGraph;
}

export interface ReportAnalysis {
  /** The analysis window, ms. */
  readonly windowMs: number;
  /** The analysis' plain-language summary. */
  readonly summary: string;
  readonly method: string;
  readonly anomalies: readonly ReportAnomaly[];
  readonly incidents: readonly ReportIncident[];
  /** Plain words for a signal name of the analysis ("latency_p95" → "p95 latency"). */
  readonly signalLabel?: (signal: string) => string | undefined;
}

export interface HtmlReportInput {
  /** Where the events came from (a file name), shown in the header. */
  readonly source: string;
  readonly data: ReportData;
  readonly analysis: ReportAnalysis;
  /** Events by id, to describe graph nodes and the root cause in the report's number format. */
  readonly eventsById?: ReadonlyMap<string, AnalyticsEvent>;
  readonly format: ReportFormat;
  readonly title?: string;
}
