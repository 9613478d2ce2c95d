import { describe, expect, it } from "vitest";
import {
  CORRELATION_ENGINE_DEFAULTS,
  causalStrength,
  correlationConfidence,
  noisyOr,
  temporalStrength,
} from "../../src/correlation/index.js";

const obs = (timestamp: string) => Object.freeze({ timestamp, source_module: "llm-observatory" as const });
const sen = (timestamp: string) => Object.freeze({ timestamp, source_module: "llm-sentinel" as const });

describe("temporalStrength (the hub engine's formula)", () => {
  // Expected values are the hub formula clamp((1 − |Δt|/window) × m, 0, 1) of
  // correlation_engine.rs evaluated by hand, with |Δt| and window in whole seconds.
  it("keeps the hub's constants", () => {
    expect(CORRELATION_ENGINE_DEFAULTS).toEqual({
      temporalWindowMs: 300_000,
      minStrength: 0.6,
      causalStrength: 0.9,
      performanceImpactStrength: 0.8,
      complianceImpactStrength: 0.75,
      sameModuleFactor: 0.5,
    });
  });

  it("decays linearly across modules: 1 − 60/300 = 0.8", () => {
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:01:00Z"))).toBeCloseTo(0.8, 15);
    expect(temporalStrength(sen("2025-06-03T14:01:00Z"), obs("2025-06-03T14:00:00Z"))).toBeCloseTo(0.8, 15);
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:00:00Z"))).toBe(1);
  });

  it("halves within one module and truncates Δt to whole seconds, as the hub-written temporal fixture", () => {
    // accept/event-correlation-temporal.json: two llm-sentinel events 17.099 s apart, strength 0.47.
    // (1 − 17/300) × 0.5 = 0.471666…
    const s = temporalStrength(
      { timestamp: "2025-06-21T03:12:44.901Z", source_module: "llm-sentinel" },
      { timestamp: "2025-06-21T03:13:02Z", source_module: "llm-sentinel" },
    );
    expect(s).toBeCloseTo((1 - 17 / 300) * 0.5, 15);
    expect(Math.round(s * 100) / 100).toBe(0.47);
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), obs("2025-06-03T14:00:00Z"))).toBe(0.5);
  });

  it("counts nanoseconds exactly before truncating (0.9999999 s is 0 whole seconds)", () => {
    expect(temporalStrength(obs("2025-06-03T14:00:00.0000001Z"), sen("2025-06-03T14:00:01Z"))).toBe(1);
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T16:00:00.5+02:00"))).toBe(1);
  });

  it("is 0 at and beyond the window, and honours a custom window", () => {
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:05:00Z"))).toBe(0);
    expect(temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T15:00:00Z"))).toBe(0);
    expect(
      temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:05:00Z"), { windowMs: 600_000 }),
    ).toBeCloseTo(0.5, 15);
  });

  it("rejects windows under one second and bad timestamps, naming the function", () => {
    expect(() => temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:00:00Z"), { windowMs: 0 })).toThrow(
      "temporalStrength: options.windowMs must be a finite number greater than 0, received 0",
    );
    expect(() => temporalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:00:00Z"), { windowMs: 500 })).toThrow(
      "temporalStrength: options.windowMs must be at least 1000",
    );
    expect(() => causalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:00:00Z"), 600_000 as never)).toThrow(
      "causalStrength: options must be an object such as { windowMs }, received 600000",
    );
    expect(() => temporalStrength(obs("2025-06-03 14:00:00"), sen("2025-06-03T14:00:00Z"))).toThrow(
      "temporalStrength: a.timestamp must be an RFC 3339 timestamp",
    );
  });
});

describe("causalStrength", () => {
  // s = 0.5 + 0.5 × max(0, 1 − |Δt|/window), halved when the child precedes its parent.
  it("decays from 1 to its 0.5 floor over the window", () => {
    expect(causalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:00:00Z"))).toBe(1);
    expect(causalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:30:00Z"))).toBeCloseTo(0.75, 15);
    expect(causalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T16:00:00Z"))).toBe(0.5);
    expect(causalStrength(obs("2025-06-03T14:00:00Z"), sen("2025-06-03T14:05:00Z"), { windowMs: 600_000 })).toBeCloseTo(
      0.75,
      15,
    );
  });

  it("halves a link whose child is timestamped before its parent", () => {
    expect(causalStrength(obs("2025-06-03T14:30:00Z"), sen("2025-06-03T14:00:00Z"))).toBeCloseTo(0.375, 15);
  });
});

describe("correlationConfidence (Fisher z)", () => {
  it("agrees with 1 − 2·scipy.stats.norm.sf(arctanh|r|·√(n − 3))", () => {
    // scipy 1.17.1
    expect(correlationConfidence(0.5, 10)).toBeCloseTo(0.8538671411178457, 13);
    expect(correlationConfidence(-0.3, 50)).toBeCloseTo(0.9661588606850537, 13);
    expect(correlationConfidence(0.99, 5)).toBeCloseTo(0.9998181143467104, 13);
    expect(correlationConfidence(0.1, 4)).toBeCloseTo(0.07992190435734714, 13);
    expect(correlationConfidence(0.8, 30)).toBeCloseTo(0.9999999886061915, 13);
  });

  it("is 0 without information and 1 for a perfect coefficient", () => {
    expect(correlationConfidence(0.9, 3)).toBe(0);
    expect(correlationConfidence(0.9, 0)).toBe(0);
    expect(correlationConfidence(0, 100)).toBe(0);
    expect(correlationConfidence(1, 4)).toBe(1);
    expect(correlationConfidence(-1, 10)).toBe(1);
  });

  it("rejects a coefficient outside [−1, 1] and a fractional n", () => {
    expect(() => correlationConfidence(1.5, 10)).toThrow(
      "correlationConfidence: r must be within [-1, 1], received 1.5",
    );
    expect(() => correlationConfidence(Number.NaN, 10)).toThrow("correlationConfidence: r must be within [-1, 1]");
    expect(() => correlationConfidence(0.5, 2.5)).toThrow("correlationConfidence: n must be a whole number ≥ 0");
  });
});

describe("noisyOr", () => {
  it("combines independent evidence as 1 − Π(1 − p)", () => {
    expect(noisyOr([0.5, 0.5])).toBeCloseTo(0.75, 15);
    expect(noisyOr([0.9, 0.7 * 0.8])).toBeCloseTo(1 - 0.1 * 0.44, 15);
    expect(noisyOr([])).toBe(0);
    expect(noisyOr([1, 0.3])).toBe(1);
  });

  it("rejects evidence outside [0, 1]", () => {
    expect(() => noisyOr([0.2, 1.2])).toThrow("noisyOr: evidence[1] must be within [0, 1], received 1.2");
  });
});
