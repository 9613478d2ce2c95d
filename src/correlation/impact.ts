import {
  type AnalyticsEvent,
  type SecurityPayload,
  type Severity,
  SOURCE_MODULES,
  type SourceModule,
} from "../events/index.js";
import { assertFinite, assertProbability, assertWholeAtLeast, describe } from "../stats/validate.js";
import {
  type AlertThresholds,
  type AnomalyEvent,
  type BusinessImpact,
  type CostImpact,
  DEFAULT_ALERT_THRESHOLDS,
  type ImpactAssessment,
  type ImpactSeverity,
  type PerformanceImpact,
  type ReputationRisk,
  type SecurityImpact,
} from "./schema.js";

export const IMPACT_METRIC_KINDS = ["latency", "error_rate", "throughput", "cost"] as const;
/** What an anomalous metric measures, for the impact percentages. */
export type ImpactMetricKind = (typeof IMPACT_METRIC_KINDS)[number];

/**
 * The words that name each metric kind, with where each comes from. A metric name is split into
 * words at every character that is not a letter or digit (`gen_ai.server.time_to_first_token` →
 * gen, ai, server, time, to, first, token) and matched against these, in this order:
 *
 * - latency: `latency` (the hub's `total_latency_ms`), `ttft` (the hub's `ttft_ms`), `duration`
 *   (OpenTelemetry semantic conventions: `gen_ai.client.operation.duration`,
 *   `gen_ai.server.request.duration`, `http.server.request.duration`), and the phrase
 *   `time_to_first_token` / `time_per_output_token` (OTel's GenAI server metrics);
 * - error_rate: `error`, `errors`, `failure`, `failures`, `failed` (the hub's `error_rate`,
 *   `failed_requests`; OTel's `error.type`; Prometheus' `*_errors_total` convention);
 * - throughput: `throughput` (the hub's telemetry type), `rps`, and the phrase `requests_per`
 *   (the hub's `requests_per_second`);
 * - cost: `cost`, `spend`, `usd` (the hub's `total_cost_usd`, `cost_usd`, `current_spend_usd`).
 */
const IMPACT_METRIC_WORDS: Readonly<
  Record<ImpactMetricKind, { readonly words: readonly string[]; readonly phrases: readonly string[] }>
> = Object.freeze({
  latency: { words: ["latency", "ttft", "duration"], phrases: ["time_to_first_token", "time_per_output_token"] },
  error_rate: { words: ["error", "errors", "failure", "failures", "failed"], phrases: [] },
  throughput: { words: ["throughput", "rps"], phrases: ["requests_per"] },
  cost: { words: ["cost", "spend", "usd"], phrases: [] },
});

/**
 * The kind of a metric from its name (case-insensitive; camelCase split into words), by the
 * words above,
 * first kind that applies in the order latency, error_rate, throughput, cost; otherwise none
 * (the anomaly still counts for severity and modules).
 */
export function impactMetricKindOf(metric: string): ImpactMetricKind | undefined {
  if (typeof metric !== "string")
    throw new TypeError(`impactMetricKindOf: metric must be a string, received ${describe(metric)}`);
  const lower = metric.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toLowerCase();
  const words = new Set(lower.split(/[^a-z0-9]+/));
  const joined = lower.replace(/[^a-z0-9]+/g, "_");
  for (const kind of IMPACT_METRIC_KINDS) {
    const rule = IMPACT_METRIC_WORDS[kind];
    if (rule.words.some((w) => words.has(w)) || rule.phrases.some((p) => joined.includes(p))) return kind;
  }
  return undefined;
}

export interface ImpactInput {
  /** The events of the incident (modules, severities, security and cost payloads, failed requests). */
  readonly events?: readonly AnalyticsEvent[];
  /** The anomalies of the incident (baseline → observed changes). */
  readonly anomalies?: readonly AnomalyEvent[];
  /** Metric name → kind, overriding `impactMetricKindOf`'s naming rule. */
  readonly metricKinds?: Readonly<Record<string, ImpactMetricKind>>;
  /** Business figures only the caller knows; without them there is no business_impact. */
  readonly business?: {
    readonly users_affected: number;
    readonly sla_violations: number;
    readonly revenue_impact_usd?: number | null;
  };
  /** Default: the hub's CorrelationConfig thresholds (min_anomaly_score 0.7, critical_impact_threshold 0.9). */
  readonly thresholds?: AlertThresholds;
}

/**
 * The lowest score of each ImpactSeverity below critical: the bounds of CVSS v3.1's qualitative
 * severity rating scale (FIRST, Common Vulnerability Scoring System v3.1: Specification
 * Document, §5 "Qualitative Severity Rating Scale": low 0.1–3.9, medium 4.0–6.9, high 7.0–8.9,
 * critical 9.0–10.0) divided by ten. Critical is the hub's `critical_impact_threshold`, whose
 * default 0.9 is CVSS's 9.0; a score below low is negligible (CVSS's "none").
 */
const IMPACT_SEVERITY_FLOOR = Object.freeze({ low: 0.1, medium: 0.4, high: 0.7 });

/**
 * Severity of an event as an impact score: debug 0, info 0.1, warning 0.4, error 0.7, critical 1,
 * the floors above, so that an event alone maps the hub's five Severity levels onto its five
 * ImpactSeverity levels rank for rank (debug → negligible, info → low, warning → medium, error →
 * high, critical → critical).
 */
const SEVERITY_SCORE: Readonly<Record<Severity, number>> = Object.freeze({
  debug: 0,
  info: IMPACT_SEVERITY_FLOOR.low,
  warning: IMPACT_SEVERITY_FLOOR.medium,
  error: IMPACT_SEVERITY_FLOOR.high,
  critical: 1,
});

const REPUTATION: Record<ImpactSeverity, ReputationRisk> = {
  negligible: "none",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "severe",
};

const SETTLED_THREATS: ReadonlySet<string> = new Set(["blocked", "mitigated", "resolved"]);
const SETTLED_VULNERABILITIES: ReadonlySet<string> = new Set(["patched", "accepted"]);

/**
 * Security findings counted toward a SecurityImpact. The one rule for `assessImpact` (per event,
 * `countSecurityFinding`) and `analyzeIncidents` (per window of its security series):
 * a vulnerability counts while it is not patched or accepted; a compliance violation, a policy
 * violation or a failed compliance check is a violation; a privacy event without consent is data
 * at risk but no violation (consent is one lawful basis of several, GDPR Art. 6(1), so its absence
 * alone breaks no rule); an unsettled data_exfiltration threat and a compliance violation that
 * names data types are data at risk too.
 */
export interface SecurityCounts {
  threats: number;
  vulnerabilities: number;
  violations: number;
  /** Findings that put data at risk. */
  dataExposures: number;
}

/** A SecurityCounts of nothing. */
export function emptySecurityCounts(): SecurityCounts {
  return { threats: 0, vulnerabilities: 0, violations: 0, dataExposures: 0 };
}

/** Whether a vulnerability report is still exposed: not patched and not accepted. */
export function isExposedVulnerability(remediationStatus: string): boolean {
  return !SETTLED_VULNERABILITIES.has(remediationStatus);
}

/** Adds one security payload to `c` by the rule of SecurityCounts. */
export function countSecurityFinding(c: SecurityCounts, d: SecurityPayload): void {
  if (d.security_type === "threat") {
    c.threats++;
    if (d.threat_type === "data_exfiltration" && !SETTLED_THREATS.has(d.mitigation_status)) c.dataExposures++;
  } else if (d.security_type === "vulnerability") {
    if (isExposedVulnerability(d.remediation_status)) c.vulnerabilities++;
  } else if (d.security_type === "compliance_violation") {
    c.violations++;
    if (d.affected_data_types.length > 0) c.dataExposures++;
  } else if (d.security_type === "privacy") {
    if (!d.user_consent) c.dataExposures++;
  }
}

/** The SecurityImpact of counted findings (counts rounded to whole numbers, as the hub's u64). */
export function securityImpactOf(c: SecurityCounts): SecurityImpact {
  return {
    threats_detected: Math.round(c.threats),
    vulnerabilities_exposed: Math.round(c.vulnerabilities),
    data_at_risk: c.dataExposures > 0,
    compliance_violations: Math.round(c.violations),
  };
}

/**
 * The most an anomaly adds to the severity score: the floor of "high" (a doubled metric is high;
 * critical needs a critical event or data at risk, since an anomaly's size alone says nothing of
 * harm done).
 */
const ANOMALY_WEIGHT = IMPACT_SEVERITY_FLOOR.high;

/** |observed − baseline| / |baseline|: 1 when the value doubled or vanished; ∞ from a zero baseline. */
function magnitude(a: AnomalyEvent): number {
  const change = Math.abs(a.observed - a.baseline);
  if (change === 0) return 0;
  return a.baseline === 0 ? Number.POSITIVE_INFINITY : change / Math.abs(a.baseline);
}

function relativeChange(fn: string, a: AnomalyEvent, i: number): number {
  if (!(a.baseline > 0)) {
    throw new RangeError(
      `${fn}: anomalies[${i}] (${a.metric}) has baseline ${a.baseline}; a percent change needs a baseline above 0`,
    );
  }
  return (100 * (a.observed - a.baseline)) / a.baseline;
}

/**
 * An ImpactAssessment of an incident's events and anomalies, by documented rules:
 *
 * - `severity`: the largest of the event severity scores (debug 0, info 0.1, warning 0.4,
 *   error 0.7, critical 1), 0.7 × min(1, |observed − baseline| / |baseline|) for each anomaly
 *   whose `anomaly_score` is at least `min_anomaly_score` (an anomaly's statistical certainty
 *   says nothing about its size, so a doubled metric counts as high and no anomaly alone as
 *   critical), and 1 when data is at risk; mapped to critical (≥ critical_impact_threshold),
 *   high (≥ 0.7), medium (≥ 0.4), low (≥ 0.1) or negligible: CVSS v3.1's qualitative
 *   severity scale divided by ten.
 * - `affected_modules`: every module of the events and anomalies, in SourceModule order.
 * - `performance_impact` (when an anomaly is of kind latency, throughput or error_rate, or an
 *   error_rate telemetry event is present): the largest latency increase and throughput
 *   decrease and the largest error-rate increase, each in percent of its baseline (an error
 *   rate going from 0.5 % to 3.9 % is +680 %, as in the hub's own example documents), and
 *   `affected_requests` =
 *   Σ failed_requests of the error_rate events. An unobserved component is 0.
 * - `cost_impact` (when a cost anomaly or a cost payload is present): `additional_cost_usd` =
 *   Σ (observed − baseline) of the cost anomalies, `cost_increase_percent` = that sum over Σ
 *   baseline × 100, `wasted_resources_usd` = Σ cost_usd × (1 − utilization_percent / 100) of
 *   resource_consumption events (the cost of idle capacity).
 * - `security_impact` (when a security payload or a governance violation is present):
 *   threats, vulnerabilities not patched or accepted, `data_at_risk` (an unsettled
 *   data_exfiltration threat, a privacy event without consent, or a compliance violation
 *   naming data types), and compliance violations (compliance_violation payloads, policy
 *   violations and failed compliance checks).
 * - `business_impact` only from `input.business`, with `reputation_risk` from the severity
 *   (negligible → none … critical → severe; severe whenever data is at risk).
 *
 * O(events + anomalies).
 *
 * @throws RangeError when a latency, throughput, error-rate or cost anomaly has a baseline ≤ 0
 *   (no percent change exists; give an error rate a floor such as 0.1 %), a utilization is outside [0, 100], or a threshold or business figure is
 *   out of range.
 */
export function assessImpact(input: ImpactInput): ImpactAssessment {
  const fn = "assessImpact";
  const events = input.events ?? [];
  const thresholds = input.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const minAnomaly = assertProbability(fn, thresholds.min_anomaly_score, "thresholds.min_anomaly_score");
  const critical = assertProbability(fn, thresholds.critical_impact_threshold, "thresholds.critical_impact_threshold");

  const modules = new Set<SourceModule>();
  let score = 0;
  for (const e of events) {
    modules.add(e.source_module);
    score = Math.max(score, SEVERITY_SCORE[e.severity]);
  }
  const fromAnomalies = anomalyTotals(input, minAnomaly, modules);
  const fromEvents = eventTotals(events);
  const dataAtRisk = fromEvents.security.dataExposures > 0;
  score = dataAtRisk ? 1 : Math.max(score, fromAnomalies.score);

  const severity = impactSeverityOf(score, critical);
  const assessment: ImpactAssessment = {
    severity,
    affected_modules: SOURCE_MODULES.filter((m) => modules.has(m)),
  };
  if (fromAnomalies.performanceSeen || fromEvents.performanceSeen) {
    assessment.performance_impact = {
      latency_increase_percent: fromAnomalies.latency,
      throughput_decrease_percent: fromAnomalies.throughput,
      error_rate_increase_percent: fromAnomalies.errorRate,
      affected_requests: fromEvents.affectedRequests,
    } satisfies PerformanceImpact;
  }
  if (fromAnomalies.costSeen || fromEvents.costSeen) {
    const { costDelta, costBaseline } = fromAnomalies;
    assessment.cost_impact = {
      additional_cost_usd: costDelta,
      cost_increase_percent: costBaseline > 0 ? (100 * costDelta) / costBaseline : 0,
      wasted_resources_usd: fromEvents.wasted,
    } satisfies CostImpact;
  }
  if (fromEvents.securitySeen) assessment.security_impact = securityImpactOf(fromEvents.security);
  if (input.business !== undefined) {
    assessment.business_impact = businessImpactOf(input.business, severity, dataAtRisk);
  }
  return assessment;
}

/**
 * The ImpactSeverity of a score in [0, 1]: the CVSS v3.1 qualitative severity rating scale
 * (FIRST, CVSS v3.1 Specification §5: low 0.1–3.9, medium 4.0–6.9, high 7.0–8.9, critical
 * 9.0–10.0) divided by ten, with critical from `critical_impact_threshold` (the hub's default
 * 0.9 is CVSS's 9.0) and negligible for CVSS's "none".
 */
function impactSeverityOf(score: number, critical: number): ImpactSeverity {
  if (score >= critical) return "critical";
  if (score >= IMPACT_SEVERITY_FLOOR.high) return "high";
  if (score >= IMPACT_SEVERITY_FLOOR.medium) return "medium";
  if (score >= IMPACT_SEVERITY_FLOOR.low) return "low";
  return "negligible";
}

interface AnomalyTotals {
  score: number;
  latency: number;
  throughput: number;
  errorRate: number;
  performanceSeen: boolean;
  costDelta: number;
  costBaseline: number;
  costSeen: boolean;
}

/** The anomalies' part of assessImpact: their severity score, percent changes and cost sums; adds their modules. */
function anomalyTotals(input: ImpactInput, minAnomaly: number, modules: Set<SourceModule>): AnomalyTotals {
  const fn = "assessImpact";
  const t: AnomalyTotals = {
    score: 0,
    latency: 0,
    throughput: 0,
    errorRate: 0,
    performanceSeen: false,
    costDelta: 0,
    costBaseline: 0,
    costSeen: false,
  };
  for (const [i, a] of (input.anomalies ?? []).entries()) {
    modules.add(a.source_module);
    assertProbability(fn, a.anomaly_score, `anomalies[${i}].anomaly_score`);
    if (a.anomaly_score >= minAnomaly) t.score = Math.max(t.score, ANOMALY_WEIGHT * Math.min(1, magnitude(a)));
    const kind = input.metricKinds?.[a.metric] ?? impactMetricKindOf(a.metric);
    if (kind === undefined) continue;
    const change = relativeChange(fn, a, i);
    if (kind === "latency") t.latency = Math.max(t.latency, change);
    else if (kind === "throughput") t.throughput = Math.max(t.throughput, -change);
    else if (kind === "error_rate") t.errorRate = Math.max(t.errorRate, change);
    else {
      t.costDelta += a.observed - a.baseline;
      t.costBaseline += a.baseline;
      t.costSeen = true;
      continue;
    }
    t.performanceSeen = true;
  }
  return t;
}

interface EventTotals {
  affectedRequests: number;
  performanceSeen: boolean;
  wasted: number;
  costSeen: boolean;
  security: SecurityCounts;
  securitySeen: boolean;
}

/** The events' part of assessImpact: failed requests, idle cost, threats, vulnerabilities, violations, data at risk. */
function eventTotals(events: readonly AnalyticsEvent[]): EventTotals {
  const t: EventTotals = {
    affectedRequests: 0,
    performanceSeen: false,
    wasted: 0,
    costSeen: false,
    security: emptySecurityCounts(),
    securitySeen: false,
  };
  for (const [i, e] of events.entries()) {
    const p = e.payload;
    if (p.payload_type === "telemetry" && p.data.telemetry_type === "error_rate") {
      t.affectedRequests += p.data.failed_requests;
      t.performanceSeen = true;
    } else if (p.payload_type === "cost") {
      t.costSeen = true;
      if (p.data.cost_type === "resource_consumption") {
        const u = p.data.utilization_percent;
        if (!(u >= 0 && u <= 100)) {
          throw new RangeError(`assessImpact: events[${i}] has utilization_percent ${u}; it must be within [0, 100]`);
        }
        t.wasted += p.data.cost_usd * (1 - u / 100);
      }
    } else if (p.payload_type === "security") {
      t.securitySeen = true;
      countSecurityFinding(t.security, p.data);
    } else if (p.payload_type === "governance") {
      const d = p.data;
      if (d.governance_type === "policy_violation" || (d.governance_type === "compliance_check" && !d.passed)) {
        t.security.violations++;
        t.securitySeen = true;
      }
    }
  }
  return t;
}

function businessImpactOf(
  b: NonNullable<ImpactInput["business"]>,
  severity: ImpactSeverity,
  dataAtRisk: boolean,
): BusinessImpact {
  const fn = "assessImpact";
  const revenue = b.revenue_impact_usd ?? null;
  if (revenue !== null) assertFinite(fn, revenue, "business.revenue_impact_usd");
  return {
    users_affected: assertWholeAtLeast(fn, b.users_affected, 0, "business.users_affected"),
    sla_violations: assertWholeAtLeast(fn, b.sla_violations, 0, "business.sla_violations"),
    revenue_impact_usd: revenue,
    reputation_risk: dataAtRisk ? "severe" : REPUTATION[severity],
  };
}
