/*
 * A deployment that moves a model's latency to a new, lasting level below the minimum effect
 * (×1.5) is no incident, while a slow ramp or a spike after such a deployment still is.
 * Hand-built days: a small seeded generator of its own (mulberry32, Poisson arrivals, log-normal
 * latencies by Box–Muller), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { mannKendallZ, senSlope } from "../../src/correlation/incidents/detect.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";

const MODEL = "mixtral-8x22b-instruct";
/** The deployment: four hours into the capture. */
const DEPLOY = 240;

let nextId = 1;
function request(minute: number, ms: number): AnalyticsEvent {
  const id = nextId++;
  return event({ id, minute, module: "llm-observatory", payload: latency(MODEL, ms, `req-${id}`) });
}

/**
 * Eight hours of one model at 12 requests a minute (Poisson), log-normal latencies of median
 * 2 s and log-scale spread 0.5, multiplied by `factor(minute)`.
 */
function day(seed: number, factor: (minute: number) => number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  for (let m = 0; ; ) {
    m += -Math.log(1 - rand()) / 12;
    if (m >= 8 * 60) break;
    events.push(request(m, Math.exp(Math.log(2000) + 0.5 * gaussian(rand)) * factor(m)));
  }
  return events;
}

/** A deployment at DEPLOY that makes every request ×1.4 slower for good. */
const deployment = (m: number) => (m >= DEPLOY ? 1.4 : 1);

/** Latency incidents as [start, end] in minutes after the capture's first request. */
function latencyIncidents(events: readonly AnalyticsEvent[]): [number, number][] {
  const origin = Date.parse(events[0]?.timestamp ?? "");
  return analyzeIncidents(events)
    .incidents.filter((i) => i.signals.includes("latency_p95"))
    .map((i) => [(Date.parse(i.start) - origin) / 60_000, (Date.parse(i.end) - origin) / 60_000]);
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("a deployment's new latency level", () => {
  it("a ×1.4 deployment opens no incident once its new level is established", () => {
    // Before the veto, 16 incidents on 7 of these 8 seeds, up to 2 h 16 min after the
    // deployment (runs of 1–8 windows scattering around ×1.4 against the frozen old level).
    // What is left opens with the deployment itself: a stretch with no earlier windows has
    // nothing to judge a run by.
    const all = SEEDS.flatMap((seed) => latencyIncidents(day(seed, deployment)));
    for (const [start] of all) expect(Math.abs(start - DEPLOY)).toBeLessThanOrEqual(5);
    expect(all.length).toBeLessThanOrEqual(3);
  });

  it("a ramp to ×3 over 30 min an hour after the deployment is still found", () => {
    const ramp = (m: number) => deployment(m) * 3 ** Math.min(1, Math.max(0, (m - 300) / 30));
    for (const seed of SEEDS) {
      const found = latencyIncidents(day(seed, ramp));
      // An incident open through the ramp's top (minute 330 on), starting before it.
      expect(found.some(([start, end]) => start <= 320 && end >= 400)).toBe(true);
    }
  });

  it("a ×3 spike of 10 min an hour after the deployment is still found, and only it", () => {
    const spike = (m: number) => deployment(m) * (m >= 300 && m < 310 ? 3 : 1);
    for (const seed of SEEDS) {
      const found = latencyIncidents(day(seed, spike));
      expect(found.some(([start, end]) => start <= 302 && end >= 308)).toBe(true);
      // Nothing after the spike: the level it returns to is the deployment's.
      expect(found.filter(([start]) => start > 310)).toEqual([]);
    }
  });
});

describe("the trend statistics", () => {
  it("Mann–Kendall's z of 1, 3, 2, 5, 4 (S 6 = τ 0.6 × 10 pairs, scipy.stats.kendalltau; Var S 50/3)", () => {
    expect(mannKendallZ([1, 3, 2, 5, 4])).toBeCloseTo(1.224744871391589, 12);
    expect(mannKendallZ([4, 5, 2, 3, 1])).toBeCloseTo(-1.224744871391589, 12);
    expect(mannKendallZ([0.1, 0.5, 0.2, 0.9, 1.3, 1.1])).toBeCloseTo(1.8786728732554487, 12);
  });
  it("Sen's slope equals scipy.stats.theilslopes", () => {
    expect(senSlope([0, 1, 2, 3, 4], [1, 3, 2, 5, 4])).toBeCloseTo(0.875, 12);
    expect(senSlope([0, 2, 3, 7, 8, 10], [0.1, 0.5, 0.2, 0.9, 1.3, 1.1])).toBeCloseTo(0.1142857142857143, 12);
  });
});
