/*
 * The held-out generator (eval/heldout/) and analyzeIncidents on a few of its days, kept small.
 * Expected outcomes come from the generator's own ground truth (the faults it injected and the
 * labels of the events it wrote), never from running the analysis.
 */
import { describe, expect, it } from "vitest";
import { type DaySpec, generateDay } from "../../eval/heldout/day.js";
import { heldoutSuite } from "../../eval/heldout/suite.js";
import { scoreScenario } from "../../eval/score.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { analyzeDay, day, START, tenant } from "./specs.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

describe("the held-out generator", () => {
  const spec = day({
    seed: 5,
    spanMs: HOUR,
    calls: 600,
    skewed: true,
    outages: 1,
    duplicates: 0.01,
    tenants: [
      tenant({
        id: "a",
        instrumentation: "otel",
        models: ["gpt-4o", "claude-3-5-haiku-20241022"],
        agentShare: 0.3,
        share: 0.4,
        rollupSeconds: 60,
      }),
      tenant({ id: "b", instrumentation: "litellm", models: ["gpt-4o-mini"], share: 0.3, severity: "random" }),
      tenant({ id: "c", instrumentation: "sdk", models: ["gemini-2.0-flash-001"], share: 0.3, severity: "emitter" }),
    ],
  });
  const generated = generateDay(spec);

  it("writes events the hub reads, each with a label", () => {
    expect(generated.events.length).toBeGreaterThan(1000);
    for (const e of generated.events) {
      expect(AnalyticsEvent.safeParse(e).success).toBe(true);
      expect(generated.labels.has(e.event_id as string)).toBe(true);
    }
  });

  it("delivers late, out of order and twice, as real exporters do", () => {
    const times = generated.events.map((e) => Date.parse(e.timestamp));
    const backwards = times.filter((t, i) => i > 0 && t < (times[i - 1] as number)).length;
    expect(backwards).toBeGreaterThan(0);
    const ids = generated.events.map((e) => e.event_id);
    expect(new Set(ids).size).toBeLessThan(ids.length);
  });

  it("answers an OTel call with its dated snapshot, which the import keeps as a tag beside the requested name", () => {
    const latency = generated.events.filter(
      (e) => e.payload.payload_type === "telemetry" && e.payload.data.telemetry_type === "latency",
    );
    const models = new Set(latency.map((e) => (e.payload.data as { model_id: string }).model_id));
    expect(models.has("gpt-4o")).toBe(true);
    expect(models.has("gpt-4o-2024-08-06")).toBe(false);
    expect(latency.some((e) => e.tags["gen_ai.response.model"] === "gpt-4o-2024-08-06")).toBe(true);
    expect(models.has("openai/gpt-4o-mini")).toBe(true);
  });

  it("is deterministic for a seed", () => {
    const again = generateDay(spec);
    expect(again.events.map((e) => e.event_id)).toEqual(generated.events.map((e) => e.event_id));
  });

  it("draws at least 40 days from 1 hour to 3 days, incident-free ones among them", () => {
    const suite = heldoutSuite();
    expect(suite.length).toBeGreaterThanOrEqual(40);
    expect(Math.min(...suite.map((d) => d.spanMs))).toBe(HOUR);
    expect(Math.max(...suite.map((d) => d.spanMs))).toBe(72 * HOUR);
    expect(suite.filter((d) => d.faults.length === 0).length).toBeGreaterThanOrEqual(8);
  });
});

describe("analyzeIncidents on held-out days", () => {
  it("finds no incident on a quiet multi-tenant day", () => {
    const spec = day({
      seed: 21,
      spanMs: 6 * HOUR,
      calls: 4000,
      tenants: [
        tenant({
          id: "a",
          instrumentation: "litellm",
          models: ["gpt-4o", "claude-3-5-haiku-20241022", "gemini-2.0-flash-001"],
          share: 0.6,
        }),
        tenant({ id: "b", instrumentation: "sdk", models: ["gpt-4o-mini", "mistral-small-latest"], share: 0.4 }),
      ],
    });
    const analysis = analyzeIncidents(generateDay(spec).events);
    expect(analysis.incidents).toEqual([]);
  });

  it("dates the issue's latency spike within one window and roots it in the slowed model", () => {
    const spec = heldoutSuite()[0] as DaySpec;
    expect(spec.label).toBe("latency_spike");
    const generated = generateDay(spec);
    const analysis = analyzeIncidents(generated.events);
    const [truth] = scoreScenario(analysis, generated.injections, generated.labels).truths;
    expect(truth?.found).toBe(true);
    expect(Math.abs(truth?.onsetErrorMs ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(analysis.method.window_ms);
    expect(truth?.rootWhy).toBe("ok");
    expect(analysis.incidents).toHaveLength(1);
  });

  it("finds an error burst reported through SDK callbacks and roots it in the failures", () => {
    const onsetMs = START + 100 * MINUTE + 17_000;
    const spec = day({
      seed: 33,
      calls: 3000,
      tenants: [
        tenant({
          id: "a",
          instrumentation: "sdk",
          models: ["gpt-4o", "claude-3-5-sonnet-20241022"],
          severity: "random",
        }),
      ],
      faults: [
        {
          kind: "error_burst",
          tenant: "a",
          model: "gpt-4o",
          onsetMs,
          durationMs: 20 * MINUTE,
          magnitude: 0.3,
          fraction: 1,
          followOn: false,
        },
      ],
    });
    const { outcome } = analyzeDay(spec);
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
    expect(outcome.falseIncidents).toBe(0);
  });
});
