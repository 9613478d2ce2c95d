/*
 * The fourth suite's generator (eval/fourth/): its random source against the distributions'
 * textbook properties, its plan against the ranges the suite promises, and generated days
 * against the wire format and against their own truth (an injected fault must show in the
 * events the labels call injected).
 */
import { describe, expect, it } from "vitest";
import { generateFourth } from "../../eval/fourth/day.js";
import { Rand } from "../../eval/fourth/rand.js";
import { DEFAULT_SEED, dayShape, fourthSuite } from "../../eval/fourth/suite.js";
import { AnalyticsEvent } from "../../src/events/index.js";

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)] as number;
};

describe("eval/fourth Rand", () => {
  it("draws lognormal medians, exponential means, Pareto tails and Poisson means as their definitions say", () => {
    const r = new Rand(1, 2);
    const n = 40_000;
    const logn = Array.from({ length: n }, () => r.lognormal(300, 0.5));
    expect(median(logn)).toBeGreaterThan(300 * 0.97);
    expect(median(logn)).toBeLessThan(300 * 1.03);
    const expo = Array.from({ length: n }, () => r.exponential(5));
    expect(expo.reduce((a, b) => a + b, 0) / n).toBeCloseTo(5, 0);
    // Pareto(xm = 1, α = 2): P(X > 2) = 2^-2 = 0.25.
    const tail = Array.from({ length: n }, () => r.pareto(1, 2)).filter((x) => x > 2).length / n;
    expect(tail).toBeGreaterThan(0.24);
    expect(tail).toBeLessThan(0.26);
    for (const lambda of [0.7, 12, 80]) {
      const mean = Array.from({ length: 20_000 }, () => r.poisson(lambda)).reduce((a, b) => a + b, 0) / 20_000;
      expect(Math.abs(mean - lambda)).toBeLessThan(0.05 * lambda + 0.03);
    }
  });

  it("gives the same stream for the same seed and stream, another for another stream", () => {
    const a = new Rand(7, 1);
    const b = new Rand(7, 1);
    const c = new Rand(7, 2);
    const xs = Array.from({ length: 5 }, () => a.u32());
    expect(Array.from({ length: 5 }, () => b.u32())).toEqual(xs);
    expect(Array.from({ length: 5 }, () => c.u32())).not.toEqual(xs);
  });
});

describe("eval/fourth suite", () => {
  const days = fourthSuite(DEFAULT_SEED);

  it("plans about 40 days over the promised ranges", () => {
    expect(days.length).toBe(40);
    const spans = days.map((d) => d.spanMs / 3_600_000);
    expect(Math.min(...spans)).toBe(1);
    expect(Math.max(...spans)).toBe(120);
    const models = days.map((d) => d.models.length);
    expect(Math.min(...models)).toBe(1);
    expect(Math.max(...models)).toBe(30);
    for (const d of days) {
      expect(d.targetEvents).toBeGreaterThanOrEqual(1_000);
      expect(d.targetEvents).toBeLessThanOrEqual(200_000);
    }
    expect(days.filter((d) => d.injections.length === 0).length).toBe(8);
    expect(days.filter((d) => d.injections.length === 2).length).toBe(4);
  });

  it("injects inside the day, on a model of the day, two incidents on two models", () => {
    for (const d of days) {
      for (const j of d.injections) {
        expect(j.trueOnsetMs).toBeGreaterThan(d.startMs);
        expect(j.trueOnsetMs + j.durationMs).toBeLessThanOrEqual(d.startMs + d.spanMs);
        if (j.kind === "governance_cascade") expect(j.model).toBeUndefined();
        else expect(d.models.map((m) => m.id)).toContain(j.model);
      }
      if (d.injections.length === 2) expect(d.injections[0]?.model).not.toBe(d.injections[1]?.model);
    }
  });

  it("is a function of the seed", () => {
    expect(fourthSuite(DEFAULT_SEED)).toEqual(days);
    expect(fourthSuite(DEFAULT_SEED + 1).map((d) => d.startMs)).not.toEqual(days.map((d) => d.startMs));
  });

  it("draws a traffic shape of mean 1 with a lunch dip below both peaks", () => {
    let s = 0;
    for (let i = 0; i < 1440; i++) s += dayShape(i / 60);
    expect(s / 1440).toBeCloseTo(1, 3);
    expect(dayShape(12.6)).toBeLessThan(dayShape(10.5));
    expect(dayShape(12.6)).toBeLessThan(dayShape(15.5));
    expect(dayShape(3)).toBeLessThan(0.5 * dayShape(10.5));
  });
});

describe("eval/fourth days", () => {
  const days = fourthSuite(DEFAULT_SEED);

  it("writes valid events, every one labelled, near the day's target count", () => {
    for (const d of [days[0], days[5]]) {
      if (d === undefined) throw new Error("missing day");
      const { events, labels } = generateFourth(d);
      let n = 0;
      for (const e of events) {
        expect(AnalyticsEvent.safeParse(e).success).toBe(true);
        expect(labels.has(e.event_id)).toBe(true);
        n++;
      }
      expect(labels.size).toBe(n);
      expect(n).toBeGreaterThan(0.5 * d.targetEvents);
      expect(n).toBeLessThan(2 * d.targetEvents);
    }
  });

  it("makes an injected latency spike show in the labelled latencies of its model", () => {
    const d = days.find((x) => x.injections[0]?.kind === "latency_spike" && x.injections[0].variant === "queue");
    const j = d?.injections[0];
    if (d === undefined || j === undefined) throw new Error("no queue spike in the suite");
    const { events, labels } = generateFourth(d);
    const before: number[] = [];
    const during: number[] = [];
    for (const e of events) {
      const l = labels.get(e.event_id);
      if (l?.kind !== "latency" || l.model !== j.model || e.payload.payload_type !== "telemetry") continue;
      if (e.payload.data.telemetry_type !== "latency") continue;
      if (l.ms < j.onsetMs) before.push(e.payload.data.total_latency_ms);
      else if (l.ms < j.onsetMs + j.durationMs) during.push(e.payload.data.total_latency_ms);
      // A request event's label is on its emitter's clock: its timestamp.
      expect(l.ms).toBe(Date.parse(e.timestamp));
    }
    // The queue variant adds an exponential delay of mean (magnitude − 1) × the typical latency.
    expect(median(during)).toBeGreaterThan((1 + 0.3 * (j.magnitude - 1)) * median(before));
  });
});
