import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/index.js";
import {
  AnomalyCorrelation,
  type AnomalyEvent,
  assessImpact,
  ImpactAssessment,
  impactMetricKindOf,
} from "../../src/correlation/index.js";
import { fixtureText } from "../conformance/fixtures.js";
import { budgetAlert, deepFreeze, errorRate, event, latency, policyViolation, threat, tokenCost } from "./helpers.js";

const anomaly = (metric: string, baseline: number, observed: number, score = 0.9): AnomalyEvent => ({
  event_id: "00000000-0000-4000-8000-000000000abc",
  source_module: "llm-observatory",
  anomaly_type: observed > baseline ? "spike" : "drop",
  anomaly_score: score,
  baseline,
  observed,
  deviation: observed - baseline,
  timestamp: "2025-06-03T14:10:00Z",
  metric,
});

describe("impactMetricKindOf", () => {
  it("classifies metric names by documented keywords", () => {
    expect(impactMetricKindOf("latency_ms.p95")).toBe("latency");
    expect(impactMetricKindOf("TTFT_ms")).toBe("latency");
    expect(impactMetricKindOf("error_rate_percent")).toBe("error_rate");
    expect(impactMetricKindOf("requests_per_minute")).toBe("throughput");
    expect(impactMetricKindOf("hourly_spend")).toBe("cost");
    expect(impactMetricKindOf("audit_count")).toBeUndefined();
  });

  it("knows OpenTelemetry's GenAI and HTTP duration metrics and matches whole words only", () => {
    // Metric names from the OpenTelemetry semantic conventions (gen-ai-metrics.md, http-metrics.md).
    expect(impactMetricKindOf("gen_ai.client.operation.duration")).toBe("latency");
    expect(impactMetricKindOf("gen_ai.server.time_to_first_token")).toBe("latency");
    expect(impactMetricKindOf("http.server.request.duration")).toBe("latency");
    expect(impactMetricKindOf("llm_errors_total")).toBe("error_rate");
    expect(impactMetricKindOf("totalLatencyMs")).toBe("latency");
    // "cost" inside "costume", "rps" inside "corps": no kind (a substring rule said cost / throughput).
    expect(impactMetricKindOf("costume_changes")).toBeUndefined();
    expect(impactMetricKindOf("marine_corps_tokens")).toBeUndefined();
  });
});

describe("assessImpact", () => {
  it("matches the hub-written accept/anomaly-correlation-full.json impact from its own anomalies", () => {
    const parsed = decode(
      AnomalyCorrelation,
      fixtureText({ file: "accept/anomaly-correlation-full.json", type: "AnomalyCorrelation", expect: "accept" }),
    );
    if (!parsed.success) throw parsed.error;
    const doc = deepFreeze(parsed.data);
    const impact = assessImpact({ anomalies: doc.anomalies });
    // The fixture states latency +700 % (640 → 5120.5: +700.08 %) and throughput −76.7 % (1800 → 420).
    expect(impact.severity).toBe(doc.impact.severity);
    expect(impact.affected_modules).toEqual(doc.impact.affected_modules);
    expect(impact.performance_impact?.latency_increase_percent).toBeCloseTo(700, 0);
    expect(impact.performance_impact?.throughput_decrease_percent).toBeCloseTo(76.7, 1);
    expect(ImpactAssessment.parse(impact)).toEqual(impact);
  });

  it("assesses a performance incident that spills into cost", () => {
    const events = [
      event({ id: 1, minute: 10, module: "llm-observatory", severity: "warning", payload: latency("m", 5120) }),
      event({ id: 2, minute: 12, module: "llm-observatory", severity: "error", payload: errorRate("m", 420, 5000) }),
      event({ id: 3, minute: 15, module: "llm-cost-ops", payload: tokenCost("m", 412.8) }),
      event({
        id: 4,
        minute: 17,
        module: "llm-cost-ops",
        type: "alert",
        severity: "error",
        payload: budgetAlert(10400, 10000),
      }),
    ];
    const anomalies = [
      anomaly("latency_ms.p95", 640, 5120),
      anomaly("error_rate_percent", 0.8, 8.4),
      { ...anomaly("hourly_cost_usd", 120, 412.8), source_module: "llm-cost-ops" as const },
      { ...anomaly("tokens", 100, 150), source_module: "llm-cost-ops" as const },
    ];
    const impact = assessImpact(deepFreeze({ events, anomalies }));
    expect(impact).toEqual({
      // error events score 0.7, so do the anomalies (each at least doubled its baseline): high
      severity: "high",
      affected_modules: ["llm-observatory", "llm-cost-ops"],
      performance_impact: {
        latency_increase_percent: 700, // (5120 − 640) / 640
        throughput_decrease_percent: 0,
        error_rate_increase_percent: expect.closeTo(950, 10) as unknown as number, // (8.4 − 0.8) / 0.8
        affected_requests: 420,
      },
      cost_impact: {
        additional_cost_usd: expect.closeTo(292.8, 12) as unknown as number, // 412.8 − 120
        cost_increase_percent: expect.closeTo(244, 12) as unknown as number, // 292.8 / 120
        wasted_resources_usd: 0,
      },
    });
  });

  it("maps severity through the thresholds, weighing anomalies by size above min_anomaly_score", () => {
    const info = [event({ id: 1, minute: 1, module: "llm-registry", type: "lifecycle", payload: latency("m", 1) })];
    expect(assessImpact({ events: info }).severity).toBe("low");
    const critical = [
      event({ id: 2, minute: 1, module: "llm-sentinel", severity: "critical", payload: latency("m", 1) }),
    ];
    expect(assessImpact({ events: critical }).severity).toBe("critical");
    // accept/anomaly-correlation-business-only.json: audit_count 118 → 131 at score 0.52 is negligible.
    expect(assessImpact({ anomalies: [anomaly("audit_count", 118, 131, 0.52)] }).severity).toBe("negligible");
    // 0.7 × 13/118 = 0.077 → negligible; 0.7 × 60/100 = 0.42 → medium; doubled → 0.7 → high.
    expect(assessImpact({ anomalies: [anomaly("audit_count", 118, 131, 0.99)] }).severity).toBe("negligible");
    expect(assessImpact({ anomalies: [anomaly("audit_count", 100, 160, 0.99)] }).severity).toBe("medium");
    expect(assessImpact({ anomalies: [anomaly("audit_count", 100, 200, 0.99)] }).severity).toBe("high");
    expect(assessImpact({ anomalies: [anomaly("audit_count", 0, 3, 0.99)] }).severity).toBe("high");
    const thresholds = { min_correlation_strength: 0.8, min_anomaly_score: 0.5, critical_impact_threshold: 0.6 };
    expect(assessImpact({ anomalies: [anomaly("audit_count", 100, 300, 0.52)], thresholds }).severity).toBe("critical");
    expect(assessImpact({})).toEqual({ severity: "negligible", affected_modules: [] });
  });

  it("counts security exposure, data at risk and compliance violations", () => {
    const events = [
      event({
        id: 1,
        minute: 1,
        module: "llm-sentinel",
        severity: "warning",
        payload: threat("data_exfiltration", "detected"),
      }),
      event({ id: 2, minute: 2, module: "llm-sentinel", payload: threat("prompt_injection") }),
      event({
        id: 3,
        minute: 3,
        module: "llm-sentinel",
        payload: {
          payload_type: "security",
          data: {
            security_type: "vulnerability",
            vulnerability_id: "v-1",
            severity_score: 7.5,
            affected_component: "gateway",
            description: "d",
            remediation_status: "identified",
          },
        },
      }),
      event({ id: 4, minute: 4, module: "llm-policy-engine", payload: policyViolation("pii") }),
      event({
        id: 5,
        minute: 5,
        module: "llm-governance-dashboard",
        payload: {
          payload_type: "governance",
          data: {
            governance_type: "compliance_check",
            check_id: "c-1",
            framework: "SOC2",
            controls_checked: ["CC6.1"],
            passed: false,
            findings: [],
            score: 0.5,
          },
        },
      }),
    ];
    const impact = assessImpact({ events, business: { users_affected: 5210, sla_violations: 3 } });
    expect(impact.security_impact).toEqual({
      threats_detected: 2,
      vulnerabilities_exposed: 1,
      data_at_risk: true,
      compliance_violations: 2,
    });
    expect(impact.severity).toBe("critical");
    expect(impact.business_impact).toEqual({
      users_affected: 5210,
      sla_violations: 3,
      revenue_impact_usd: null,
      reputation_risk: "severe",
    });
    expect(impact.affected_modules).toEqual(["llm-sentinel", "llm-governance-dashboard", "llm-policy-engine"]);
  });

  it("prices idle capacity as wasted resources and derives reputation from severity", () => {
    const resource = event({
      id: 1,
      minute: 1,
      module: "llm-cost-ops",
      severity: "warning",
      payload: {
        payload_type: "cost",
        data: {
          cost_type: "resource_consumption",
          resource_type: { other: "tpu" },
          resource_id: "pod-1",
          quantity: 8,
          unit: "hours",
          cost_usd: 200,
          utilization_percent: 35,
        },
      },
    });
    const impact = assessImpact({
      events: [resource],
      business: { users_affected: 0, sla_violations: 0, revenue_impact_usd: 12.5 },
    });
    expect(impact.cost_impact).toEqual({ additional_cost_usd: 0, cost_increase_percent: 0, wasted_resources_usd: 130 });
    expect(impact.business_impact).toEqual({
      users_affected: 0,
      sla_violations: 0,
      revenue_impact_usd: 12.5,
      reputation_risk: "medium",
    });
    expect(() =>
      assessImpact({
        events: [resource],
        business: { users_affected: 0, sla_violations: 0, revenue_impact_usd: Number.POSITIVE_INFINITY },
      }),
    ).toThrow("assessImpact: business.revenue_impact_usd must be a finite number, received Infinity");
  });

  it("rejects a baseline that leaves no percent change, and out-of-range figures", () => {
    expect(() => assessImpact({ anomalies: [anomaly("latency_ms", 0, 50)] })).toThrow(
      "assessImpact: anomalies[0] (latency_ms) has baseline 0; a percent change needs a baseline above 0",
    );
    expect(() => assessImpact({ anomalies: [anomaly("latency_ms", 10, 50, 1.4)] })).toThrow(
      "assessImpact: anomalies[0].anomaly_score must be within [0, 1], received 1.4",
    );
    expect(() => assessImpact({ business: { users_affected: -1, sla_violations: 0 } })).toThrow(
      "assessImpact: business.users_affected must be a whole number ≥ 0, received -1",
    );
    expect(() => assessImpact({ anomalies: [anomaly("error_rate_percent", 0, 4.2)] })).toThrow(
      "assessImpact: anomalies[0] (error_rate_percent) has baseline 0",
    );
  });
});
