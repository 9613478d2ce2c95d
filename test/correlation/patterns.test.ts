import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/index.js";
import {
  type CorrelationPattern,
  EventCorrelation,
  matchPattern,
  type PatternStep,
} from "../../src/correlation/index.js";
import { fixtureText } from "../conformance/fixtures.js";
import { custom, deepFreeze, event, latency, policyViolation, uuidOf } from "./helpers.js";

const parsed = decode(
  EventCorrelation,
  fixtureText({ file: "accept/event-correlation-causal-chain.json", type: "EventCorrelation", expect: "accept" }),
);
if (!parsed.success) throw parsed.error;
// "Model downgrade hurts quality": registry lifecycle (custom_type model_deployed), then within
// 450 000 ms observatory telemetry (telemetry_type model_performance), then governance.
const PATTERN = deepFreeze(parsed.data.pattern as CorrelationPattern);

const quality = (model: string, score: number) =>
  ({
    payload_type: "telemetry",
    data: { telemetry_type: "model_performance", model_id: model, quality_score: score, custom_metrics: {} },
  }) as const;

const deploy = (id: number, minute: number) =>
  event({
    id,
    minute,
    module: "llm-registry",
    type: "lifecycle",
    payload: custom("model_deployed", { model: "gpt-4o-mini" }),
  });
const drop = (id: number, minute: number) =>
  event({ id, minute, module: "llm-observatory", payload: quality("gpt-4o-mini", 0.71) });
const breach = (id: number, minute: number) =>
  event({ id, minute, module: "llm-governance-dashboard", severity: "error", payload: policyViolation("csat") });

describe("matchPattern", () => {
  it("follows the fixture pattern's steps, offset and conditions", () => {
    const events = deepFreeze([breach(3, 20), drop(2, 7.5), deploy(1, 0)]);
    const matches = matchPattern(events, PATTERN);
    expect(matches).toHaveLength(1);
    expect(matches[0]?.pattern_id).toBe("pat-downgrade-quality");
    expect(matches[0]?.steps.map((s) => [s.step.step_number, s.event.event_id, s.delay_ms])).toEqual([
      [1, uuidOf(1), null],
      [2, uuidOf(2), 450_000],
      [3, uuidOf(3), 750_000],
    ]);
  });

  it("treats time_offset_ms as a deadline after the previous step", () => {
    expect(matchPattern([deploy(1, 0), drop(2, 7.6), breach(3, 20)], PATTERN)).toEqual([]);
    // A step may not come before the previous one.
    expect(matchPattern([deploy(1, 5), drop(2, 4), breach(3, 20)], PATTERN)).toEqual([]);
  });

  it("requires every condition, module and event type", () => {
    const otherDeploy = event({
      id: 1,
      minute: 0,
      module: "llm-registry",
      type: "lifecycle",
      payload: custom("model_retired"),
    });
    expect(matchPattern([otherDeploy, drop(2, 5), breach(3, 20)], PATTERN)).toEqual([]);
    const wrongModule = event({
      id: 2,
      minute: 5,
      module: "llm-sentinel",
      type: "telemetry",
      payload: quality("m", 0.1),
    });
    expect(matchPattern([deploy(1, 0), wrongModule, breach(3, 20)], PATTERN)).toEqual([]);
  });

  it("backtracks when the earliest candidate cannot complete the pattern", () => {
    const steps: PatternStep[] = [
      {
        step_number: 1,
        module: "llm-observatory",
        event_type: "telemetry",
        conditions: { total_latency_ms: ">=4000" },
      },
      { step_number: 2, module: "llm-observatory", event_type: "telemetry", conditions: { total_latency_ms: "<1000" } },
      {
        step_number: 3,
        module: "llm-governance-dashboard",
        event_type: "governance",
        time_offset_ms: 60_000,
        conditions: { severity: ">=error", "tags.team": "support" },
      },
    ];
    const pattern = { pattern_id: "p", name: "n", description: "d", modules: [], sequence: steps };
    const tagged = (id: number, minute: number) => {
      const b = breach(id, minute);
      return deepFreeze({ ...b, tags: { team: "support" } });
    };
    const events = [
      event({ id: 1, minute: 0, module: "llm-observatory", payload: latency("m", 4800) }),
      event({ id: 2, minute: 1, module: "llm-observatory", payload: latency("m", 300) }), // its breach would be too late
      event({ id: 3, minute: 5, module: "llm-observatory", payload: latency("m", 250) }),
      event({ id: 4, minute: 3, module: "llm-observatory", payload: latency("m", 2000) }), // meets neither step
      tagged(5, 5.5),
      breach(6, 1.5), // right time after 2, but no team tag
    ];
    const matches = matchPattern(events, pattern);
    expect(matches.map((m) => m.steps.map((s) => s.event.event_id))).toEqual([[uuidOf(1), uuidOf(3), uuidOf(5)]]);
  });

  it("orders steps by step_number and reports non-overlapping matches", () => {
    const shuffled = { ...PATTERN, sequence: [...PATTERN.sequence].reverse() };
    const events = [deploy(1, 0), drop(2, 1), breach(3, 2), deploy(4, 30), drop(5, 31), breach(6, 40)];
    const matches = matchPattern(events, shuffled);
    expect(matches.map((m) => m.steps.map((s) => s.event.event_id))).toEqual([
      [uuidOf(1), uuidOf(2), uuidOf(3)],
      [uuidOf(4), uuidOf(5), uuidOf(6)],
    ]);
  });

  it("compares numbers numerically, severities by order, and external-enum objects by their value", () => {
    const one = (
      conditions: Record<string, string>,
      payload = latency("gpt-4o", 5120),
      severity: "info" | "error" = "info",
    ) =>
      matchPattern([event({ id: 1, minute: 0, module: "llm-observatory", severity, payload })], {
        pattern_id: "p",
        name: "n",
        description: "d",
        modules: [],
        sequence: [
          { step_number: 1, module: "llm-observatory", event_type: payload.payload_type as "telemetry", conditions },
        ],
      }).length;
    expect(one({ total_latency_ms: "5120" })).toBe(1);
    expect(one({ total_latency_ms: "5120.0" })).toBe(1);
    expect(one({ total_latency_ms: ">5120" })).toBe(0);
    expect(one({ total_latency_ms: "<=5120", model_id: "gpt-4o" })).toBe(1);
    expect(one({ model_id: "!=gpt-4o" })).toBe(0);
    expect(one({ ttft_ms: "<1" })).toBe(0); // missing fields meet no condition
    expect(one({ severity: ">=warning" })).toBe(0);
    expect(one({ severity: ">=warning" }, undefined, "error")).toBe(1);
    expect(one({ payload_type: "telemetry", environment: "production" })).toBe(1);
    const other: Parameters<typeof event>[0]["payload"] = {
      payload_type: "security",
      data: {
        security_type: "threat",
        threat_id: "t",
        threat_type: { other: "jailbreak" },
        threat_level: "high",
        target_resource: "r",
        attack_vector: "v",
        mitigation_status: "blocked",
        indicators_of_compromise: [],
      },
    };
    expect(one({ threat_type: "jailbreak" }, other)).toBe(1);
  });

  it("rejects patterns it cannot follow", () => {
    const base = { pattern_id: "p", name: "n", description: "d", modules: [] };
    const step = { step_number: 1, module: "llm-observatory", event_type: "telemetry", conditions: {} } as const;
    expect(() => matchPattern([], { ...base, sequence: [] })).toThrow('matchPattern: pattern "p" has no steps');
    expect(() => matchPattern([], { ...base, sequence: [step, step] })).toThrow(
      'matchPattern: pattern "p" repeats step_number 1',
    );
    expect(() =>
      matchPattern([], { ...base, sequence: [step, { ...step, step_number: 2, time_offset_ms: -5 }] }),
    ).toThrow(
      "matchPattern: step 2 time_offset_ms must be a whole number ≥ 0 (a deadline after the previous step), received -5",
    );
    expect(() =>
      matchPattern([], { ...base, sequence: [{ ...step, conditions: { total_latency_ms: ">fast" } }] }),
    ).toThrow('matchPattern: step 1 condition "total_latency_ms": ">fast" compares with "fast", which is not a number');
    expect(() => matchPattern([], { ...base, sequence: [{ ...step, conditions: { severity: ">=severe" } }] })).toThrow(
      'matchPattern: step 1 condition "severity": "severe" is not one of debug, info, warning, error, critical',
    );
  });
});
