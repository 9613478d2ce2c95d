import { describe, expect, it } from "vitest";
import { AnalyticsEvent } from "../../src/events/index.js";
import {
  CompositeMetric,
  compositeValue,
  createCompositeMetric,
  crossModuleInputsOf,
  crossModuleMetricsFromInputs,
  crossModuleMetricsOf,
  DEFAULT_HEALTH_WEIGHTS,
} from "../../src/metrics/index.js";

const common = (i: number, source_module: string, event_type: string) => ({
  event_id: `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`,
  timestamp: "2025-06-03T14:00:00Z",
  source_module,
  event_type,
  severity: "info",
  environment: "production",
});
const telemetry = (i: number, data: object) =>
  AnalyticsEvent.parse({ ...common(i, "llm-observatory", "telemetry"), payload: { payload_type: "telemetry", data } });
const cost = (i: number, data: object) =>
  AnalyticsEvent.parse({ ...common(i, "llm-cost-ops", "cost"), payload: { payload_type: "cost", data } });
const security = (i: number, data: object) =>
  AnalyticsEvent.parse({ ...common(i, "llm-sentinel", "security"), payload: { payload_type: "security", data } });
const governance = (i: number, data: object) =>
  AnalyticsEvent.parse({
    ...common(i, "llm-governance-dashboard", "governance"),
    payload: { payload_type: "governance", data },
  });

describe("compositeValue and createCompositeMetric", () => {
  it("is the weighted mean of the components", () => {
    // The hub's system-health example components (fixture composite-metric-system-health.json):
    // 0.5 × 0.999 + 0.3 × 0.962 + 0.2 × 0.88 = 0.9641 by hand. The fixture's stored value (0.9651)
    // is data, not computed by the hub.
    const components = Object.freeze([
      { name: "availability", source_module: "llm-observatory", value: 0.999, weight: 0.5 },
      { name: "latency_slo_attainment", source_module: "llm-observatory", value: 0.962, weight: 0.3 },
      { name: "security_posture", source_module: "llm-sentinel", value: 0.88, weight: 0.2 },
    ]);
    expect(compositeValue(components)).toBeCloseTo(0.9641, 12);
    // Weights need not add up to 1: 2 × 10 + 6 × 20 over 8 = 17.5.
    expect(
      compositeValue([
        { name: "a", source_module: "m", value: 10, weight: 2 },
        { name: "b", source_module: "m", value: 20, weight: 6 },
      ]),
    ).toBe(17.5);
    const built = createCompositeMetric({
      metric_id: "cm-system-health",
      name: "system_health_score",
      description: "Weighted blend",
      components,
      window: "six_hours",
      timestamp: "2025-06-03T20:00:00+02:00",
    });
    expect(CompositeMetric.parse(built)).toEqual(built);
    expect(built.source_modules).toEqual(["llm-observatory", "llm-sentinel"]);
    expect(built.formula).toBe("0.5*availability + 0.3*latency_slo_attainment + 0.2*security_posture");
    expect(built.timestamp).toBe("2025-06-03T18:00:00Z");
  });

  it("rejects unweighted composites (the hub never evaluates formula)", () => {
    expect(() =>
      compositeValue([{ name: "total_cost_usd", source_module: "llm-costops", value: 125.5, weight: null }]),
    ).toThrow(
      "compositeValue: components[0] (total_cost_usd) has no weight; only weighted composites can be evaluated (the formula is documentation only)",
    );
    expect(() => compositeValue([])).toThrow("compositeValue: components must be a non-empty array");
    expect(() => compositeValue([{ name: "a", source_module: "m", value: 1, weight: -1 }])).toThrow(
      /weight must be a finite number ≥ 0/,
    );
    expect(() => compositeValue([{ name: "a", source_module: "m", value: 1, weight: 0 }])).toThrow(
      "compositeValue: the weights add up to 0",
    );
  });
});

describe("cross-module metrics", () => {
  it("computes cost per request as the hub's example: 125.50 / 25000 = 0.00502", () => {
    const m = crossModuleMetricsFromInputs({
      totalCostUsd: 125.5,
      requestCount: 25000,
      throughput: null,
      errorRate: null,
      latencySloAttainment: null,
      threatScore: null,
      complianceRate: null,
      costEfficiency: null,
    });
    expect(m.cost_per_request).toBeCloseTo(0.00502, 15);
    expect(m).toMatchObject({
      error_adjusted_throughput: null,
      compliance_weighted_performance: null,
      security_adjusted_cost_efficiency: null,
      system_health_score: null,
    });
  });

  it("applies the documented formulas to events", () => {
    const events = Object.freeze([
      cost(1, {
        cost_type: "api_cost",
        provider: "openai",
        api_endpoint: "/v1/chat",
        request_count: 24998,
        cost_per_request: 0.005,
        total_cost_usd: 125.0,
        billing_period: "2025-06",
      }),
      cost(2, {
        cost_type: "token_cost",
        model_id: "gpt-4o-mini",
        request_id: "r1",
        prompt_tokens: 10,
        completion_tokens: 5,
        total_tokens: 15,
        cost_per_prompt_token: 0.01,
        cost_per_completion_token: 0.08,
        total_cost_usd: 0.5,
        currency: "USD",
      }),
      telemetry(3, { telemetry_type: "latency", model_id: "m", request_id: "r1", total_latency_ms: 900 }),
      telemetry(4, { telemetry_type: "latency", model_id: "m", request_id: "r2", total_latency_ms: 2500 }),
      telemetry(5, {
        telemetry_type: "throughput",
        model_id: "m",
        requests_per_second: 40,
        tokens_per_second: 900,
        concurrent_requests: 8,
        window_duration_seconds: 60,
      }),
      telemetry(6, {
        telemetry_type: "throughput",
        model_id: "m",
        requests_per_second: 50,
        tokens_per_second: 900,
        concurrent_requests: 8,
        window_duration_seconds: 60,
      }),
      telemetry(7, {
        telemetry_type: "error_rate",
        model_id: "m",
        total_requests: 1000,
        failed_requests: 20,
        error_rate_percent: 2,
        error_breakdown: {},
        window_duration_seconds: 60,
      }),
      cost(8, {
        cost_type: "resource_consumption",
        resource_type: "gpu",
        resource_id: "g1",
        quantity: 1,
        unit: "h",
        cost_usd: 30,
        utilization_percent: 90,
      }),
      cost(9, {
        cost_type: "resource_consumption",
        resource_type: "compute",
        resource_id: "c1",
        quantity: 1,
        unit: "h",
        cost_usd: 10,
        utilization_percent: 50,
      }),
      security(10, {
        security_type: "threat",
        threat_id: "t1",
        threat_type: "prompt_injection",
        threat_level: "high",
        target_resource: "chat",
        attack_vector: "prompt",
        mitigation_status: "blocked",
        indicators_of_compromise: [],
      }),
      security(11, {
        security_type: "threat",
        threat_id: "t2",
        threat_type: "data_exfiltration",
        threat_level: "medium",
        target_resource: "chat",
        attack_vector: "prompt",
        mitigation_status: "investigating",
        indicators_of_compromise: [],
      }),
      governance(12, {
        governance_type: "compliance_check",
        check_id: "c1",
        framework: "SOC2",
        controls_checked: [],
        passed: true,
        findings: [],
        score: 1,
      }),
      governance(13, {
        governance_type: "compliance_check",
        check_id: "c2",
        framework: "SOC2",
        controls_checked: [],
        passed: true,
        findings: [],
        score: 1,
      }),
      governance(14, {
        governance_type: "compliance_check",
        check_id: "c3",
        framework: "SOC2",
        controls_checked: [],
        passed: false,
        findings: [],
        score: 0,
      }),
    ]);
    const inputs = crossModuleInputsOf(events);
    // By hand from the events above (definitions in CrossModuleInputs):
    expect(inputs).toEqual({
      totalCostUsd: 125 + 0.5 + 30 + 10,
      requestCount: 24998 + 2, // api_cost requests + distinct request ids r1, r2
      throughput: 45,
      errorRate: 0.02,
      latencySloAttainment: 0.5, // 900 ms ≤ 2000 ms, 2500 ms is not
      threatScore: 0.5, // the active (investigating) medium threat; the blocked high one no longer counts
      complianceRate: 2 / 3,
      costEfficiency: (30 * 0.9 + 10 * 0.5) / 40,
    });
    const m = crossModuleMetricsOf(events);
    expect(m.cost_per_request).toBeCloseTo(165.5 / 25000, 15);
    expect(m.error_adjusted_throughput).toBeCloseTo(45 * 0.98, 12);
    expect(m.compliance_weighted_performance).toBeCloseTo(45 * 0.98 * (2 / 3), 12);
    expect(m.security_adjusted_cost_efficiency).toBeCloseTo(0.8 * 0.5, 12);
    const w = DEFAULT_HEALTH_WEIGHTS;
    const health =
      (w.availability * 0.98 + w.latency * 0.5 + w.security * 0.5 + w.compliance * (2 / 3) + w.cost * 0.8) /
      (w.availability + w.latency + w.security + w.compliance + w.cost);
    expect(m.system_health_score).toBeCloseTo(health, 12);
    // Custom weights: availability only.
    const only = crossModuleMetricsOf(events, {
      healthWeights: { availability: 1, latency: 0, security: 0, compliance: 0, cost: 0 },
    });
    expect(only.system_health_score).toBeCloseTo(0.98, 12);
  });

  it("leaves out components without data and reports bad options", () => {
    const m = crossModuleMetricsOf([
      telemetry(1, {
        telemetry_type: "error_rate",
        model_id: "m",
        total_requests: 10,
        failed_requests: 1,
        error_rate_percent: 10,
        error_breakdown: {},
        window_duration_seconds: 60,
      }),
    ]);
    expect(m.system_health_score).toBeCloseTo(0.9, 12);
    expect(m.cost_per_request).toBeNull();
    expect(() => crossModuleMetricsOf([], { latencySloMs: 0 })).toThrow(
      "crossModuleMetricsOf: options.latencySloMs must be a finite number greater than 0, received 0",
    );
    expect(() => crossModuleMetricsOf([], { healthWeights: { cost: -1 } })).toThrow(
      "crossModuleMetricsOf: options.healthWeights.cost must be a finite number ≥ 0, received -1",
    );
  });
});
