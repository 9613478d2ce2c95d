import { type AnalyticsEvent, type Severity, SOURCE_MODULES, type SourceModule } from "../events/index.js";
import { assertProbability, assertWholeAtLeast } from "../stats/validate.js";
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
 * Severity of an event as an impact score: debug 0, info 0.1, warning 0.4, error 0.7, critical 1.
 * The values are the cut-points of the impact levels below (low ≥ 0.1, medium ≥ 0.4, high ≥ 0.7,
 * critical ≥ the hub's critical_impact_threshold 0.9), so an event alone maps the hub's five
 * Severity levels onto its five ImpactSeverity levels rank for rank (debug → negligible, info →
 * low, warning → medium, error → high, critical → critical).
 */
const SEVERITY_SCORE: Record<Severity, number> = { debug: 0, info: 0.1, warning: 0.4, error: 0.7, critical: 1 };

const REPUTATION: Record<ImpactSeverity, ReputationRisk> = {
  negligible: "none",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "severe",
};

const SETTLED_THREATS = new Set(["blocked", "mitigated", "resolved"]);
const SETTLED_VULNERABILITIES = new Set(["patched", "accepted"]);

/** The most an anomaly adds to the severity score: "high"; critical needs a critical event or data at risk. */
const ANOMALY_WEIGHT = 0.7;

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
 *   high (≥ 0.7), medium (≥ 0.4), low (≥ 0.1) or negligible.
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
  const anomalies = input.anomalies ?? [];
  const thresholds = input.thresholds ?? DEFAULT_ALERT_THRESHOLDS;
  const minAnomaly = assertProbability(fn, thresholds.min_anomaly_score, "thresholds.min_anomaly_score");
  const critical = assertProbability(fn, thresholds.critical_impact_threshold, "thresholds.critical_impact_threshold");

  const modules = new Set<SourceModule>();
  let score = 0;
  for (const e of events) {
    modules.add(e.source_module);
    score = Math.max(score, SEVERITY_SCORE[e.severity]);
  }

  let latency = 0;
  let throughput = 0;
  let errorRate = 0;
  let performanceSeen = false;
  let costDelta = 0;
  let costBaseline = 0;
  let costSeen = false;
  for (const [i, a] of anomalies.entries()) {
    modules.add(a.source_module);
    assertProbability(fn, a.anomaly_score, `anomalies[${i}].anomaly_score`);
    if (a.anomaly_score >= minAnomaly) score = Math.max(score, ANOMALY_WEIGHT * Math.min(1, magnitude(a)));
    const kind = input.metricKinds?.[a.metric] ?? impactMetricKindOf(a.metric);
    if (kind === "latency") {
      latency = Math.max(latency, relativeChange(fn, a, i));
      performanceSeen = true;
    } else if (kind === "throughput") {
      throughput = Math.max(throughput, -relativeChange(fn, a, i));
      performanceSeen = true;
    } else if (kind === "error_rate") {
      errorRate = Math.max(errorRate, relativeChange(fn, a, i));
      performanceSeen = true;
    } else if (kind === "cost") {
      relativeChange(fn, a, i);
      costDelta += a.observed - a.baseline;
      costBaseline += a.baseline;
      costSeen = true;
    }
  }

  let affectedRequests = 0;
  let wasted = 0;
  let threats = 0;
  let vulnerabilities = 0;
  let violations = 0;
  let dataAtRisk = false;
  let securitySeen = false;
  for (const [i, e] of events.entries()) {
    const p = e.payload;
    if (p.payload_type === "telemetry" && p.data.telemetry_type === "error_rate") {
      affectedRequests += p.data.failed_requests;
      performanceSeen = true;
    } else if (p.payload_type === "cost") {
      costSeen = true;
      if (p.data.cost_type === "resource_consumption") {
        const u = p.data.utilization_percent;
        if (!(u >= 0 && u <= 100)) {
          throw new RangeError(`${fn}: events[${i}] has utilization_percent ${u}; it must be within [0, 100]`);
        }
        wasted += p.data.cost_usd * (1 - u / 100);
      }
    } else if (p.payload_type === "security") {
      securitySeen = true;
      const d = p.data;
      if (d.security_type === "threat") {
        threats++;
        if (d.threat_type === "data_exfiltration" && !SETTLED_THREATS.has(d.mitigation_status)) dataAtRisk = true;
      } else if (d.security_type === "vulnerability") {
        if (!SETTLED_VULNERABILITIES.has(d.remediation_status)) vulnerabilities++;
      } else if (d.security_type === "compliance_violation") {
        violations++;
        if (d.affected_data_types.length > 0) dataAtRisk = true;
      } else if (d.security_type === "privacy") {
        if (!d.user_consent) dataAtRisk = true;
      }
    } else if (p.payload_type === "governance") {
      const d = p.data;
      if (d.governance_type === "policy_violation" || (d.governance_type === "compliance_check" && !d.passed)) {
        violations++;
        securitySeen = true;
      }
    }
  }
  if (dataAtRisk) score = 1;

  const severity: ImpactSeverity =
    score >= critical
      ? "critical"
      : score >= 0.7
        ? "high"
        : score >= 0.4
          ? "medium"
          : score >= 0.1
            ? "low"
            : "negligible";
  const assessment: ImpactAssessment = {
    severity,
    affected_modules: SOURCE_MODULES.filter((m) => modules.has(m)),
  };
  if (performanceSeen) {
    const performance: PerformanceImpact = {
      latency_increase_percent: latency,
      throughput_decrease_percent: throughput,
      error_rate_increase_percent: errorRate,
      affected_requests: affectedRequests,
    };
    assessment.performance_impact = performance;
  }
  if (costSeen) {
    const cost: CostImpact = {
      additional_cost_usd: costDelta,
      cost_increase_percent: costBaseline > 0 ? (100 * costDelta) / costBaseline : 0,
      wasted_resources_usd: wasted,
    };
    assessment.cost_impact = cost;
  }
  if (securitySeen) {
    const security: SecurityImpact = {
      threats_detected: threats,
      vulnerabilities_exposed: vulnerabilities,
      data_at_risk: dataAtRisk,
      compliance_violations: violations,
    };
    assessment.security_impact = security;
  }
  if (input.business !== undefined) {
    const b = input.business;
    const revenue = b.revenue_impact_usd ?? null;
    if (revenue !== null && !Number.isFinite(revenue)) {
      throw new RangeError(`${fn}: business.revenue_impact_usd must be a finite number or null, received ${revenue}`);
    }
    const business: BusinessImpact = {
      users_affected: assertWholeAtLeast(fn, b.users_affected, 0, "business.users_affected"),
      sla_violations: assertWholeAtLeast(fn, b.sla_violations, 0, "business.sla_violations"),
      revenue_impact_usd: revenue,
      reputation_risk: dataAtRisk ? "severe" : REPUTATION[severity],
    };
    assessment.business_impact = business;
  }
  return assessment;
}
