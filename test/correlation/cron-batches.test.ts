/*
 * A model used by cron batch jobs: a trickle of requests plus a burst of a few hundred at fixed
 * times. Load that hurts nothing is no incident (a throughput rise is no incident kind, and the
 * gaps between batches are no collapse); a fault on that model is still found. Hand-built days
 * from a small Poisson generator of their own (test/correlation/traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const STEADY = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash"];
const BATCH = "nightly-summarizer";
const SPAN = 8 * 60;

interface Day {
  readonly events: AnalyticsEvent[];
}

/**
 * Eight hours: three models at 3 requests a minute, and BATCH at 0.5 a minute plus `burst`
 * requests within the first minute of every `every` minutes. Latencies log-normal around
 * 800 ms (σ 0.3); BATCH's are × `slow(minute)`.
 */
function batchDay(seed: number, every: number, burst: number, slow: (minute: number) => number = () => 1): Day {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  const add = (model: string, minute: number, factor: number) => {
    const ms = 800 * Math.exp(0.3 * gaussian(rand)) * factor;
    const n = id++;
    events.push(requestEnded({ n, model, minute, ms, requestId: `req-${n + 1}` }));
  };
  for (const model of STEADY) for (const m of arrivals(rand, () => 3, 3, 0, SPAN)) add(model, m, 1);
  const batch = arrivals(rand, () => 0.5, 0.5, 0, SPAN);
  for (let t = 7; t < SPAN; t += every) for (let k = 0; k < burst; k++) batch.push(t + rand());
  for (const m of batch) add(BATCH, m, slow(m));
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  return { events };
}

describe("a model used by cron batch jobs", { timeout: 120_000 }, () => {
  it("gives no incident when nothing else is wrong (hourly batches: the rises; every 15 minutes: the gaps)", () => {
    // Hourly batches at the automatic window: before, one "throughput rose ×80–135" incident
    // per batch. Batches every 15 minutes on 10-minute windows (the third suite's shape): every
    // third window holds no batch, and before, each of those read as a collapse to 0–5 %.
    for (const seed of [1, 2, 3]) {
      for (const [every, options] of [
        [60, {}],
        [15, { windowMs: 10 * MINUTE }],
      ] as const) {
        const analysis = analyzeIncidents(batchDay(seed, every, 200).events, options);
        const described = analysis.incidents.map((i) => `${every} min seed ${seed}: ${i.title}`);
        expect(described).toEqual([]);
      }
    }
  });

  it("still finds a latency spike on that model, rooted in its latency, inside a batch", () => {
    // Every request of BATCH ×4 slower from minute 185 to 215 (the batch at 187 within it).
    for (const seed of [1, 2, 3]) {
      const day = batchDay(seed, 60, 200, (m) => (m >= 185 && m < 215 ? 4 : 1));
      const analysis = analyzeIncidents(day.events);
      const incident = analysis.incidents.find((i) => i.models.includes(BATCH));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(incident!.root?.signal).toBe("latency_p95");
      const onsetMs = Date.parse(incident!.start);
      expect(Math.abs(onsetMs - (START + 185 * MINUTE))).toBeLessThanOrEqual(analysis.method.window_ms);
      expect(analysis.incidents.filter((i) => i !== incident)).toEqual([]);
    }
  });
});
