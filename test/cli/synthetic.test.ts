import { beforeAll, describe, expect, it } from "vitest";
import { checkValue } from "../../src/checks/index.js";
import { planTraffic, syntheticEvents, type TrafficOptions } from "../../src/cli/synthetic/traffic.js";
import { decode, toEpochMillis } from "../../src/core/index.js";
import { AnalyticsEvent, SOURCE_MODULES } from "../../src/events/index.js";

const DAY: TrafficOptions = {
  events: 12_000,
  seed: 11,
  start: "2025-06-03T00:00:00Z",
  spanMs: 86_400_000,
  incident: true,
};

// List prices in USD per 1M tokens (input / output), from the providers' pricing pages:
// openai.com/api/pricing, anthropic.com/pricing, ai.google.dev/gemini-api/docs/pricing
// (prompts ≤ 200k tokens), together.ai/pricing (Llama 3.1 70B Instruct Turbo).
const LIST_PRICES: Record<string, [number, number]> = {
  "gpt-4o-mini": [0.15, 0.6],
  "gpt-4o": [2.5, 10],
  "claude-sonnet-4": [3, 15],
  "claude-3-5-haiku": [0.8, 4],
  "gemini-2.5-pro": [1.25, 10],
  "gemini-2.5-flash": [0.3, 2.5],
  "llama-3.1-70b": [0.88, 0.88],
};

type Data = Record<string, unknown>;
const data = (e: AnalyticsEvent): Data => e.payload.data as unknown as Data;
const kind = (e: AnalyticsEvent): string => {
  const d = data(e);
  return String(d.telemetry_type ?? d.security_type ?? d.cost_type ?? d.governance_type ?? d.custom_type);
};

let events: AnalyticsEvent[];
let lines: string[];

beforeAll(() => {
  events = [...syntheticEvents(DAY)];
  lines = events.map((e) => JSON.stringify(e));
});

describe("syntheticEvents", () => {
  it("yields exactly the requested number of events, in time order, with unique ids", () => {
    expect(events).toHaveLength(DAY.events);
    const times = events.map((e) => toEpochMillis(e.timestamp));
    expect(times.every((t, i) => i === 0 || times[i - 1]! <= t)).toBe(true);
    expect(new Set(events.map((e) => e.event_id)).size).toBe(events.length);
    expect(times[0]).toBeGreaterThanOrEqual(toEpochMillis(DAY.start));
  });

  it("is byte-identical for the same options and differs for another seed", () => {
    const again = [...syntheticEvents(DAY)].map((e) => JSON.stringify(e));
    expect(again).toEqual(lines);
    const small = (seed: number) => [...syntheticEvents({ ...DAY, seed, events: 600 })].map((e) => JSON.stringify(e));
    expect(small(11)).toEqual(small(11));
    expect(small(12)).not.toEqual(small(11));
  });

  it("writes only events the hub's reader accepts, with no unknown keys, each a fixed point of parse", () => {
    const failures = lines.filter((line) => !decode(AnalyticsEvent, line, { strict: true }).success);
    expect(failures).toEqual([]);
    for (const e of events.slice(0, 500)) expect(AnalyticsEvent.parse(e)).toEqual(e);
  });

  it("passes the semantic checks: token sums, costs at the stated prices, error rates, latency parts", () => {
    const findings = events.flatMap((e) =>
      checkValue(AnalyticsEvent, e).map((f) => `${e.event_id} ${f.code} ${f.path}`),
    );
    expect(findings).toEqual([]);
  });

  it("covers the four modules and the event kinds the issue names", () => {
    const modules = new Set(events.map((e) => e.source_module));
    for (const m of ["llm-observatory", "llm-sentinel", "llm-cost-ops", "llm-governance-dashboard"] as const) {
      expect(modules.has(m)).toBe(true);
      expect(SOURCE_MODULES).toContain(m);
    }
    const kinds = new Set(events.map(kind));
    for (const k of [
      "latency",
      "throughput",
      "error_rate",
      "token_cost",
      "api_cost",
      "budget_alert",
      "threat",
      "policy_violation",
    ]) {
      expect(kinds.has(k), k).toBe(true);
    }
  });

  it("prices tokens at the providers' list prices, and total_tokens is their sum", () => {
    const costs = events.filter((e) => kind(e) === "token_cost").map(data);
    expect(costs.length).toBeGreaterThan(1000);
    for (const d of costs) {
      const [input, output] = LIST_PRICES[String(d.model_id)]!;
      expect(d.cost_per_prompt_token).toBeCloseTo(input / 1e6, 15);
      expect(d.cost_per_completion_token).toBeCloseTo(output / 1e6, 15);
      expect(d.total_tokens).toBe((d.prompt_tokens as number) + (d.completion_tokens as number));
      const expected = ((d.prompt_tokens as number) * input + (d.completion_tokens as number) * output) / 1e6;
      expect(Math.abs((d.total_cost_usd as number) - expected)).toBeLessThan(1e-9);
    }
  });

  it("draws time to first token lognormally around each model's median", () => {
    // gpt-4o-mini outside the incident: ln(ttft) ~ N(ln 380, 0.45²); 5 standard errors.
    const logs = events
      .filter((e) => kind(e) === "latency" && data(e).model_id === "gpt-4o-mini" && data(e).ttft_ms !== undefined)
      .map((e) => Math.log(data(e).ttft_ms as number));
    const n = logs.length;
    const mean = logs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    expect(n).toBeGreaterThan(800);
    expect(Math.abs(mean - Math.log(380))).toBeLessThan((5 * 0.45) / Math.sqrt(n));
    expect(Math.abs(sd - 0.45)).toBeLessThan(0.03);
  });

  it("keeps the latency breakdown and error rates consistent", () => {
    for (const e of events) {
      const d = data(e);
      if (kind(e) === "latency") {
        const b = d.breakdown as Record<string, number>;
        const sum = b.queue_time_ms! + b.processing_time_ms! + b.network_time_ms! + b.other_ms!;
        expect(Math.abs(sum - (d.total_latency_ms as number))).toBeLessThan(0.051);
      }
      if (kind(e) === "error_rate") {
        const failed = d.failed_requests as number;
        const total = d.total_requests as number;
        expect(failed).toBeLessThanOrEqual(total);
        expect(d.error_rate_percent).toBeCloseTo((100 * failed) / total, 2);
        const breakdown = Object.values(d.error_breakdown as Record<string, number>).reduce((s, n) => s + n, 0);
        expect(breakdown).toBe(failed);
      }
    }
  });

  it("follows a daily curve: the afternoon is busier than the night", () => {
    const hourOf = (e: AnalyticsEvent): number => new Date(e.timestamp).getUTCHours();
    const latency = events.filter((e) => kind(e) === "latency" && e.correlation_id === undefined);
    const night = latency.filter((e) => hourOf(e) < 6).length;
    const afternoon = latency.filter((e) => hourOf(e) >= 12 && hourOf(e) < 18).length;
    expect(afternoon / night).toBeGreaterThan(1.8);
  });
});

describe("the injected incident", () => {
  const plan = planTraffic(DAY).incident!;
  const inIncident = (): AnalyticsEvent[] => events.filter((e) => e.correlation_id === plan.correlationId);

  it("starts with one root: a slow request on the incident model inside the latency spike", () => {
    const roots = inIncident().filter((e) => e.parent_event_id === undefined);
    expect(roots).toHaveLength(1);
    const root = roots[0]!;
    expect(kind(root)).toBe("latency");
    expect(data(root).model_id).toBe(plan.model);
    const t = toEpochMillis(root.timestamp);
    expect(t).toBeGreaterThanOrEqual(toEpochMillis(plan.latencySpike.start));
    expect(t).toBeLessThanOrEqual(toEpochMillis(plan.latencySpike.end));
  });

  it("links every other incident event to an earlier event by parent_event_id", () => {
    const seenBefore = new Set<string>();
    for (const e of events) {
      if (e.correlation_id === plan.correlationId && e.parent_event_id !== undefined) {
        expect(seenBefore.has(e.parent_event_id!)).toBe(true);
      }
      seenBefore.add(e.event_id);
    }
    expect(inIncident().length).toBeGreaterThan(100);
  });

  it("raises errors on the model, then spend over its budget: warning, critical and exceeded alerts", () => {
    const rates = inIncident()
      .filter((e) => kind(e) === "error_rate")
      .map((e) => data(e).error_rate_percent as number);
    expect(Math.max(...rates)).toBeGreaterThan(20);
    const alerts = inIncident().filter((e) => kind(e) === "budget_alert");
    expect(alerts.map((e) => data(e).alert_type)).toEqual(["warning", "critical", "exceeded"]);
    const byId = new Map(events.map((e) => [e.event_id, e]));
    for (const alert of alerts) {
      const d = data(alert);
      expect(d.current_spend_usd as number).toBeGreaterThanOrEqual(
        ((d.threshold_percent as number) / 100) * (d.budget_limit_usd as number) - 1e-9,
      );
      expect(kind(byId.get(alert.parent_event_id!)!)).toBe("token_cost");
    }
    expect(toEpochMillis(alerts[0]!.timestamp)).toBeGreaterThanOrEqual(toEpochMillis(plan.costSpike.start));
  });
});

describe("planTraffic", () => {
  it("rejects impossible options with the broken precondition", () => {
    expect(() => planTraffic({ ...DAY, events: 0 })).toThrow(
      "planTraffic: events must be a positive integer, received 0",
    );
    expect(() => planTraffic({ ...DAY, spanMs: 1000 })).toThrow(/the span must be at least one minute/);
    expect(() => planTraffic({ ...DAY, events: 499 })).toThrow(/an incident needs at least 500 events, received 499/);
    expect(() => planTraffic({ ...DAY, spanMs: 1_800_000 })).toThrow(/an incident needs a span of at least one hour/);
    expect(() => planTraffic({ ...DAY, start: "2025-06-03T00:00:00" })).toThrow(
      'planTraffic: start must be an RFC 3339 timestamp with an offset, received "2025-06-03T00:00:00"',
    );
  });
});
