import { canonicalTimestamp, TIMESTAMP_PATTERN } from "../core/timestamp.js";
import type { AnalyticsEvent, CostPayload, TelemetryPayload, ThreatLevel } from "../events/index.js";
import { assertArray, assertFinite, assertNonNegative, assertPositive } from "../stats/validate.js";
import type { ComponentMetric, CompositeMetric, CrossModuleMetrics, TimeWindow } from "./schema.js";
import { TIME_WINDOW_SECONDS } from "./windows.js";

/**
 * A CompositeMetric's value from its weighted components: the weighted mean
 * Σ weightᵢ·valueᵢ / Σ weightᵢ (equal to the weighted sum when the weights add up to 1, as in
 * the hub's examples). The hub never evaluates `formula`, so unweighted composites (ratios such
 * as cost per request) cannot be evaluated from components and are rejected. O(k).
 *
 * @throws RangeError when there are no components, a weight is missing or negative, all
 *   weights are 0, or a value is not finite.
 */
export function compositeValue(components: readonly ComponentMetric[]): number {
  const fn = "compositeValue";
  if (!Array.isArray(components) || components.length === 0) {
    throw new RangeError(`${fn}: components must be a non-empty array`);
  }
  let weighted = 0;
  let weights = 0;
  components.forEach((c, i) => {
    assertFinite(fn, c.value, `components[${i}].value`);
    if (c.weight === null || c.weight === undefined) {
      throw new RangeError(
        `${fn}: components[${i}] (${c.name}) has no weight; only weighted composites can be evaluated (the formula is documentation only)`,
      );
    }
    assertNonNegative(fn, c.weight, `components[${i}].weight`);
    weighted += c.weight * c.value;
    weights += c.weight;
  });
  if (weights === 0) throw new RangeError(`${fn}: the weights add up to 0`);
  return weighted / weights;
}

export interface CompositeMetricInput {
  readonly metric_id: string;
  readonly name: string;
  readonly description: string;
  readonly components: readonly ComponentMetric[];
  readonly window: TimeWindow;
  /** RFC 3339 (injected, never read from a clock). */
  readonly timestamp: string;
  /** Defaults to the weighted-mean formula spelled out from the components. */
  readonly formula?: string;
}

/**
 * A CompositeMetric whose `value` is `compositeValue(components)` and whose `source_modules`
 * are the components' modules in first-seen order. O(k).
 * @throws RangeError as `compositeValue`, or for a bad timestamp or window.
 */
export function createCompositeMetric(input: CompositeMetricInput): CompositeMetric {
  const fn = "createCompositeMetric";
  if (typeof input?.timestamp !== "string" || !TIMESTAMP_PATTERN.test(input.timestamp)) {
    throw new RangeError(
      `${fn}: timestamp must be an RFC 3339 timestamp with an offset, received ${String(input?.timestamp)}`,
    );
  }
  if (!(input.window in TIME_WINDOW_SECONDS))
    throw new RangeError(`${fn}: unknown window ${JSON.stringify(input.window)}`);
  const value = compositeValue(input.components);
  const weights = input.components.reduce((s, c) => s + (c.weight as number), 0);
  const formula =
    input.formula ??
    input.components.map((c) => `${c.weight}*${c.name}`).join(" + ") + (weights === 1 ? "" : ` / ${weights}`);
  return {
    metric_id: input.metric_id,
    name: input.name,
    description: input.description,
    source_modules: [...new Set(input.components.map((c) => c.source_module))],
    components: input.components.map((c) => ({ ...c })),
    value,
    formula,
    window: input.window,
    timestamp: canonicalTimestamp(input.timestamp),
  };
}

/** The figures CrossModuleMetrics are computed from; each is `null` when no event provides it. */
export interface CrossModuleInputs {
  /** Σ total_cost_usd of token_cost and api_cost events + Σ cost_usd of resource_consumption events. */
  readonly totalCostUsd: number;
  /** Distinct request_ids of latency, token_usage and token_cost events + Σ request_count of api_cost events. */
  readonly requestCount: number;
  /** Mean requests_per_second of throughput events. */
  readonly throughput: number | null;
  /** Σ failed_requests / Σ total_requests of error_rate events, in [0, 1]. */
  readonly errorRate: number | null;
  /** Share of latency events with total_latency_ms ≤ `latencySloMs`. */
  readonly latencySloAttainment: number | null;
  /**
   * The highest threat-level weight among active threats (mitigation detected or investigating):
   * low 0.25, medium 0.5, high 0.75, critical 1; 0 when there are security events but no
   * active threat; null without security events.
   */
  readonly threatScore: number | null;
  /** Share of compliance_check events that passed. */
  readonly complianceRate: number | null;
  /** Cost-weighted utilization of resource_consumption events: Σ cost_usd·utilization% / 100 / Σ cost_usd. */
  readonly costEfficiency: number | null;
}

export const HEALTH_COMPONENTS = ["availability", "latency", "security", "compliance", "cost"] as const;
export type HealthComponent = (typeof HEALTH_COMPONENTS)[number];

/**
 * Weights of the system health score: availability (1 − error rate) 0.35, latency SLO
 * attainment 0.25, security (1 − threat score) 0.2, compliance pass rate 0.1, cost efficiency
 * 0.1. The hub only says "weighted average across all modules"; these are this library's.
 */
export const DEFAULT_HEALTH_WEIGHTS: Readonly<Record<HealthComponent, number>> = Object.freeze({
  availability: 0.35,
  latency: 0.25,
  security: 0.2,
  compliance: 0.1,
  cost: 0.1,
});

/** Threat level → threat score contribution. */
export const THREAT_LEVEL_SCORES: Readonly<Record<ThreatLevel, number>> = Object.freeze({
  low: 0.25,
  medium: 0.5,
  high: 0.75,
  critical: 1,
});

export interface CrossModuleOptions {
  /** Latency SLO in milliseconds for `latencySloAttainment`; 2000 by default. */
  readonly latencySloMs?: number;
  /** Replaces some or all of DEFAULT_HEALTH_WEIGHTS (non-negative numbers). */
  readonly healthWeights?: Partial<Record<HealthComponent, number>>;
}

/**
 * Extracts the inputs of the cross-module formulas from analytics events (see
 * CrossModuleInputs for each definition). O(n).
 * @throws RangeError when latencySloMs is not a positive number.
 */
export function crossModuleInputsOf(
  events: readonly AnalyticsEvent[],
  options?: CrossModuleOptions,
): CrossModuleInputs {
  return inputsOf("crossModuleInputsOf", events, options);
}

/** Running sums of `inputsOf`, one pass over the events. */
interface InputTally {
  cost: number;
  readonly requestIds: Set<string>;
  apiRequests: number;
  rpsSum: number;
  rpsCount: number;
  failed: number;
  total: number;
  latencies: number;
  withinSlo: number;
  securityEvents: number;
  threat: number;
  checks: number;
  passed: number;
  resourceCost: number;
  utilizedCost: number;
}

/** `crossModuleInputsOf` with errors naming `fn`, the public function that was called. */
function inputsOf(fn: string, events: readonly AnalyticsEvent[], options?: CrossModuleOptions): CrossModuleInputs {
  assertArray(fn, events, "events", "AnalyticsEvent");
  const slo = assertPositive(fn, options?.latencySloMs ?? 2000, "options.latencySloMs");
  const t: InputTally = {
    cost: 0,
    requestIds: new Set<string>(),
    apiRequests: 0,
    rpsSum: 0,
    rpsCount: 0,
    failed: 0,
    total: 0,
    latencies: 0,
    withinSlo: 0,
    securityEvents: 0,
    threat: 0,
    checks: 0,
    passed: 0,
    resourceCost: 0,
    utilizedCost: 0,
  };
  for (const e of events) {
    const p = e.payload;
    if (p.payload_type === "telemetry") tallyTelemetry(t, p.data, slo);
    else if (p.payload_type === "cost") tallyCost(t, p.data);
    else if (p.payload_type === "security") {
      t.securityEvents++;
      const d = p.data;
      if (
        d.security_type === "threat" &&
        (d.mitigation_status === "detected" || d.mitigation_status === "investigating")
      ) {
        t.threat = Math.max(t.threat, THREAT_LEVEL_SCORES[d.threat_level as ThreatLevel]);
      }
    } else if (p.payload_type === "governance" && p.data.governance_type === "compliance_check") {
      t.checks++;
      if (p.data.passed) t.passed++;
    }
  }
  return {
    totalCostUsd: t.cost,
    requestCount: t.requestIds.size + t.apiRequests,
    throughput: t.rpsCount > 0 ? t.rpsSum / t.rpsCount : null,
    errorRate: t.total > 0 ? t.failed / t.total : null,
    latencySloAttainment: t.latencies > 0 ? t.withinSlo / t.latencies : null,
    threatScore: t.securityEvents > 0 ? t.threat : null,
    complianceRate: t.checks > 0 ? t.passed / t.checks : null,
    costEfficiency: t.resourceCost > 0 ? t.utilizedCost / t.resourceCost : null,
  };
}

function tallyTelemetry(t: InputTally, d: TelemetryPayload, slo: number): void {
  if (d.telemetry_type === "latency") {
    t.requestIds.add(d.request_id);
    t.latencies++;
    if (d.total_latency_ms <= slo) t.withinSlo++;
  } else if (d.telemetry_type === "token_usage") t.requestIds.add(d.request_id);
  else if (d.telemetry_type === "throughput") {
    t.rpsSum += d.requests_per_second;
    t.rpsCount++;
  } else if (d.telemetry_type === "error_rate") {
    t.failed += d.failed_requests;
    t.total += d.total_requests;
  }
}

function tallyCost(t: InputTally, d: CostPayload): void {
  if (d.cost_type === "token_cost") {
    t.cost += d.total_cost_usd;
    t.requestIds.add(d.request_id);
  } else if (d.cost_type === "api_cost") {
    t.cost += d.total_cost_usd;
    t.apiRequests += d.request_count;
  } else if (d.cost_type === "resource_consumption") {
    t.cost += d.cost_usd;
    t.resourceCost += d.cost_usd;
    t.utilizedCost += (d.cost_usd * d.utilization_percent) / 100;
  }
}

function weightsOf(fn: string, options: CrossModuleOptions | undefined): Record<HealthComponent, number> {
  const w = { ...DEFAULT_HEALTH_WEIGHTS, ...(options?.healthWeights ?? {}) };
  for (const k of HEALTH_COMPONENTS) {
    assertNonNegative(fn, w[k], `options.healthWeights.${k}`);
  }
  return w;
}

/**
 * CrossModuleMetrics from their inputs, by the formulas of the hub's
 * docs/DATA_MODELS_DOCUMENTATION.md (WIRE_FORMAT.md §3), each `null` when an input is missing:
 * - cost_per_request = totalCostUsd / requestCount (the hub's example: 125.50 / 25000 = 0.00502);
 * - error_adjusted_throughput = throughput × (1 − errorRate);
 * - security_adjusted_cost_efficiency = costEfficiency × (1 − threatScore);
 * - system_health_score = Σ wₖ·scoreₖ / Σ wₖ over the components that have data (availability
 *   = 1 − errorRate, latency = latencySloAttainment, security = 1 − threatScore, compliance =
 *   complianceRate, cost = costEfficiency; weights DEFAULT_HEALTH_WEIGHTS);
 * - compliance_weighted_performance: the hub gives no formula; this library uses
 *   error_adjusted_throughput × complianceRate.
 * O(1).
 */
export function crossModuleMetricsFromInputs(
  inputs: CrossModuleInputs,
  options?: CrossModuleOptions,
): CrossModuleMetrics {
  return metricsFromInputs("crossModuleMetricsFromInputs", inputs, options);
}

/** `crossModuleMetricsFromInputs` with errors naming `fn`, the public function that was called. */
function metricsFromInputs(fn: string, inputs: CrossModuleInputs, options?: CrossModuleOptions): CrossModuleMetrics {
  const w = weightsOf(fn, options);
  const i = inputs;
  const eat = i.throughput !== null && i.errorRate !== null ? i.throughput * (1 - i.errorRate) : null;
  const scores: [HealthComponent, number | null][] = [
    ["availability", i.errorRate === null ? null : 1 - i.errorRate],
    ["latency", i.latencySloAttainment],
    ["security", i.threatScore === null ? null : 1 - i.threatScore],
    ["compliance", i.complianceRate],
    ["cost", i.costEfficiency],
  ];
  let weighted = 0;
  let weights = 0;
  for (const [k, s] of scores) {
    if (s === null || w[k] === 0) continue;
    weighted += w[k] * s;
    weights += w[k];
  }
  return {
    cost_per_request: i.requestCount > 0 ? i.totalCostUsd / i.requestCount : null,
    error_adjusted_throughput: eat,
    compliance_weighted_performance: eat !== null && i.complianceRate !== null ? eat * i.complianceRate : null,
    security_adjusted_cost_efficiency:
      i.costEfficiency !== null && i.threatScore !== null ? i.costEfficiency * (1 - i.threatScore) : null,
    system_health_score: weights > 0 ? weighted / weights : null,
  };
}

/**
 * CrossModuleMetrics computed from analytics events: `crossModuleInputsOf` then
 * `crossModuleMetricsFromInputs` (see both for every definition). O(n).
 */
export function crossModuleMetricsOf(
  events: readonly AnalyticsEvent[],
  options?: CrossModuleOptions,
): CrossModuleMetrics {
  const fn = "crossModuleMetricsOf";
  return metricsFromInputs(fn, inputsOf(fn, events, options), options);
}
