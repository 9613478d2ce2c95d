/*
 * reportData against numbers worked out by hand. Percentiles are numpy's default (linear,
 * Hyndman & Fan type 7): for [100, 200, 300, 400], p50 = 250, p95 = 100 + 0.95·3·100 = 385,
 * p99 = 100 + 0.99·3·100 = 397 (numpy.percentile([100,200,300,400], [50,95,99]) gives the same).
 */
import { describe, expect, it } from "vitest";
import { reportData } from "../../src/cli/report-html/data.js";
import { AnalyticsEvent } from "../../src/events/index.js";

let n = 0;
const id = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, "0")}`;

function wire(timestamp: string, module: string, type: string, payload: object): AnalyticsEvent {
  return AnalyticsEvent.parse({
    event_id: id(),
    timestamp,
    source_module: module,
    event_type: type,
    schema_version: "1.0.0",
    severity: "info",
    environment: "test",
    tags: {},
    payload,
  });
}

const latency = (t: string, model: string, ms: number) =>
  wire(t, "llm-observatory", "telemetry", {
    payload_type: "telemetry",
    data: { telemetry_type: "latency", model_id: model, request_id: `r${n}`, total_latency_ms: ms },
  });
const errors = (t: string, model: string, failed: number, total: number) =>
  wire(t, "llm-observatory", "telemetry", {
    payload_type: "telemetry",
    data: {
      telemetry_type: "error_rate",
      model_id: model,
      total_requests: total,
      failed_requests: failed,
      error_rate_percent: total === 0 ? 0 : (100 * failed) / total,
      error_breakdown: {},
      window_duration_seconds: 60,
    },
  });
const tokenCost = (t: string, model: string, tokens: number, usd: number) =>
  wire(t, "llm-cost-ops", "cost", {
    payload_type: "cost",
    data: {
      cost_type: "token_cost",
      model_id: model,
      request_id: `r${n}`,
      prompt_tokens: tokens,
      completion_tokens: 0,
      total_tokens: tokens,
      cost_per_prompt_token: usd / tokens,
      cost_per_completion_token: 0,
      total_cost_usd: usd,
      currency: "USD",
    },
  });
const tokenUsage = (t: string, model: string, tokens: number) =>
  wire(t, "llm-observatory", "telemetry", {
    payload_type: "telemetry",
    data: {
      telemetry_type: "token_usage",
      model_id: model,
      request_id: `r${n}`,
      prompt_tokens: tokens,
      completion_tokens: 0,
      total_tokens: tokens,
    },
  });
const budget = (t: string) =>
  wire(t, "llm-cost-ops", "cost", {
    payload_type: "cost",
    data: {
      cost_type: "budget_alert",
      budget_id: "b1",
      budget_name: "team budget",
      budget_limit_usd: 100,
      current_spend_usd: 80,
      threshold_percent: 80,
      alert_type: "warning",
    },
  });

const FIVE_MIN = 300_000;
const at = (hhmmss: string) => `2025-06-03T${hhmmss}Z`;
const ms = (hhmmss: string) => Date.parse(at(hhmmss));

describe("reportData", () => {
  const events = Object.freeze([
    latency(at("10:00:01"), "a", 100),
    latency(at("10:01:00"), "a", 400),
    latency(at("10:04:59.999"), "a", 300),
    latency(at("10:02:00"), "a", 200),
    latency(at("10:05:00"), "a", 1000), // next window: the boundary belongs to it
    latency(at("10:20:00"), "b", 50),
    errors(at("10:03:00"), "a", 1, 10),
    errors(at("10:04:00"), "a", 3, 30),
    errors(at("10:07:00"), "a", 0, 0),
    tokenCost(at("10:01:30"), "a", 1000, 0.25),
    tokenCost(at("10:06:00"), "a", 500, 0.125),
    tokenCost(at("10:21:00"), "b", 70, 0.5),
    tokenUsage(at("10:21:00"), "b", 64),
    budget(at("10:22:00")),
  ]);
  const data = reportData(events, FIVE_MIN);
  const a = data.models.find((m) => m.model === "a")!;
  const b = data.models.find((m) => m.model === "b")!;

  it("computes type-7 percentiles per model and window", () => {
    // numpy.percentile gives 250, 385, 397; the interpolation here may land an ulp away (384.99999999999994).
    expect(a.latency.map((w) => [w.start, w.requests])).toEqual([
      [ms("10:00:00"), 4],
      [ms("10:05:00"), 1],
    ]);
    expect(a.latency[0]!.p50).toBeCloseTo(250, 9);
    expect(a.latency[0]!.p95).toBeCloseTo(385, 9);
    expect(a.latency[0]!.p99).toBeCloseTo(397, 9);
    expect(a.latency[1]).toMatchObject({ p50: 1000, p95: 1000, p99: 1000 });
    expect(b.latency).toEqual([{ start: ms("10:20:00"), requests: 1, p50: 50, p95: 50, p99: 50 }]);
  });

  it("sums failed and total requests per window before dividing", () => {
    // (1 + 3) / (10 + 30) = 10 %, not the mean of 10 % and 10 %; an empty window has no rate.
    expect(a.errors[0]).toEqual({ start: ms("10:00:00"), failed: 4, total: 40, rate: 10 });
    expect(a.errors[1]?.total).toBe(0);
    expect(a.errors[1]?.rate).toBeNaN();
  });

  it("takes tokens from token_usage events, from token_cost only for models without them", () => {
    expect(a.tokenSource).toBe("token_cost");
    expect(a.tokens).toEqual([
      { start: ms("10:00:00"), value: 1000 },
      { start: ms("10:05:00"), value: 500 },
    ]);
    expect(b.tokenSource).toBe("token_usage");
    expect(b.tokens).toEqual([{ start: ms("10:20:00"), value: 64 }]);
  });

  it("sums token cost per window and lists budget alerts", () => {
    expect(a.cost).toEqual([
      { start: ms("10:00:00"), value: 0.25 },
      { start: ms("10:05:00"), value: 0.125 },
    ]);
    expect(data.budgetAlerts).toHaveLength(1);
    expect(data.budgetAlerts[0]).toMatchObject({ at: ms("10:22:00"), alertType: "warning", thresholdPercent: 80 });
  });

  it("totals what it read", () => {
    expect(data.totals).toMatchObject({
      events: 14,
      requests: 6,
      failedRequests: 4,
      countedRequests: 40,
      tokens: 1000 + 500 + 64,
      tokenCostUsd: 0.875,
      costUsd: 0.875,
      budgetAlerts: 1,
    });
    expect(data.totals.byModule).toEqual({ "llm-observatory": 10, "llm-cost-ops": 4 });
    expect(data.firstMs).toBe(ms("10:00:01"));
    expect(data.lastMs).toBe(ms("10:22:00"));
  });

  it("orders models by requests, most first", () => {
    expect(data.models.map((m) => m.model)).toEqual(["a", "b"]);
  });

  it("handles no events and rejects a bad window", () => {
    const none = reportData([], FIVE_MIN);
    expect(none.models).toEqual([]);
    expect(none.firstMs).toBeNaN();
    expect(() => reportData(events, 0)).toThrow(/reportData: windowMs must be a positive whole number, received 0/);
  });
});
