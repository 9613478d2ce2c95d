/*
 * Root choice within an incident: a token explosion makes the same requests slow, so its latency
 * change is as large as its token change and often crosses the threshold first; the root must
 * still be the tokens. A slowdown of large and small requests alike must stay rooted in latency,
 * although slow requests are the larger ones in any traffic. Days come from the held-out
 * generator (eval/heldout/), expectations from its injected faults and event labels, never from
 * running the analysis.
 */
import { describe, expect, it } from "vitest";
import { type DaySpec, type FaultSpec, generateDay, type TenantSpec } from "../../eval/heldout/day.js";
import { scoreScenario } from "../../eval/score.js";
import { analyzeIncidents } from "../../src/correlation/index.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 16, 9, 0, 0);

function tenant(partial: Partial<TenantSpec> & Pick<TenantSpec, "id" | "instrumentation" | "models">): TenantSpec {
  return {
    shares: partial.models.map(() => 1 / partial.models.length),
    share: 1,
    environment: "production",
    pods: 2,
    rollupSeconds: 0,
    severity: "info",
    statusCodes: true,
    prices: true,
    agentShare: 0,
    peakHourUtc: 14,
    ...partial,
  };
}

function day(partial: Partial<DaySpec> & Pick<DaySpec, "tenants">): DaySpec {
  return {
    name: "test",
    label: "test",
    seed: 11,
    startMs: START,
    spanMs: 3 * HOUR,
    calls: 2000,
    diurnal: 0.2,
    weekend: 1,
    burstsPerHour: 0.3,
    burstMax: 1.8,
    skewed: false,
    outages: 0,
    duplicates: 0,
    deploys: [],
    faults: [],
    ...partial,
  };
}

function fault(kind: FaultSpec["kind"], model: string, magnitude: number, fraction: number): FaultSpec {
  return {
    kind,
    tenant: "a",
    model,
    onsetMs: START + 110 * MINUTE + 13_000,
    durationMs: 35 * MINUTE,
    magnitude,
    fraction,
    followOn: false,
  };
}

function outcomeOf(spec: DaySpec) {
  const generated = generateDay(spec);
  const analysis = analyzeIncidents(generated.events);
  return { analysis, outcome: scoreScenario(analysis, generated.injections, generated.labels) };
}

describe("root choice between tokens and the latency they cause", () => {
  it("roots a token explosion seen only through a LiteLLM proxy's token_cost events in the tokens", () => {
    // No token_usage telemetry: the sizes come from token_cost, linked to the latency events by request_id.
    const { analysis, outcome } = outcomeOf(
      day({
        seed: 25,
        tenants: [tenant({ id: "a", instrumentation: "litellm", models: ["gpt-4o", "gpt-4o-mini"] })],
        faults: [fault("token_explosion", "gpt-4o", 8, 0.6)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
    expect(analysis.incidents.find((i) => i.models.includes("openai/gpt-4o"))?.root?.signal).toBe("token_usage");
  });

  it("roots a token explosion reported through SDK callbacks (token_usage as a child event) in the tokens", () => {
    const { outcome } = outcomeOf(
      day({
        seed: 22,
        tenants: [tenant({ id: "a", instrumentation: "sdk", models: ["gpt-4.1-nano", "claude-3-5-haiku-20241022"] })],
        faults: [fault("token_explosion", "gpt-4.1-nano", 9, 0.7)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });

  it("keeps a slowdown rooted in latency although its slow requests are the larger ones", () => {
    const { outcome } = outcomeOf(
      day({
        seed: 23,
        tenants: [tenant({ id: "a", instrumentation: "litellm", models: ["gpt-4o", "gpt-4o-mini"] })],
        faults: [fault("latency_spike", "gpt-4o", 3, 0.8)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });
});
