/*
 * How much evidence a window needs when it holds little: a sparse model's short session after
 * hours of silence (a count whose baseline rate rests on no events at all). Hand-built days: a
 * small seeded generator of its own (mulberry32, Poisson arrivals, log-normal latencies by
 * Box–Muller), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";

/** Minute 0 of `at` (14:00 UTC). */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;

let nextId = 1;
function request(model: string, minute: number, ms: number): AnalyticsEvent {
  const id = nextId++;
  return event({ id, minute, module: "llm-observatory", payload: latency(model, ms, `req-${id}`) });
}

/** Arrival minutes of a Poisson process of `perMinute` on [from, to). */
function poissonMinutes(rand: () => number, perMinute: number, from: number, to: number): number[] {
  const out: number[] = [];
  for (let m = from; ; ) {
    m += -Math.log(1 - rand()) / perMinute;
    if (m >= to) return out;
    out.push(m);
  }
}

/** A log-normal latency of median `median` ms and log-scale spread `sigma`. */
const logNormal = (rand: () => number, median: number, sigma: number) =>
  Math.exp(Math.log(median) + sigma * gaussian(rand));

const byTime = (a: AnalyticsEvent, b: AnalyticsEvent) => a.timestamp.localeCompare(b.timestamp);

/**
 * A day of four busy models (a request a minute each) and a sparse one whose requests come in
 * sessions of 2–4 within a quarter of an hour, every one to three hours, except for a quiet
 * stretch from hour 7 to hour 14; `late` adds requests at given minutes.
 */
function sessionDay(seed: number, late: (rand: () => number) => number[]): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  for (const model of ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"])
    for (const m of poissonMinutes(rand, 1, 0, 24 * 60)) events.push(request(model, m, logNormal(rand, 800, 0.4)));
  const session = (start: number) => {
    const k = 2 + Math.floor(3 * rand());
    for (let i = 0; i < k; i++) events.push(request("o3", start + 15 * rand(), logNormal(rand, 9000, 0.5)));
  };
  for (let s = 30; s < 7 * 60; s += 60 + 120 * rand()) session(s);
  for (let s = 15 * 60; s < 23 * 60; s += 60 + 120 * rand()) session(s);
  for (const m of late(rand)) events.push(request("o3", m, logNormal(rand, 9000, 0.5)));
  return events.sort(byTime);
}

/** Incidents whose series include `model`. */
function incidentsOn(analysis: ReturnType<typeof analyzeIncidents>, model: string) {
  return analysis.incidents.filter((i) => i.series.some((s) => s.series_id.includes(`model_id=${model}}`)));
}

describe("a sparse model's count is tested against what its baseline knows", () => {
  it("six requests in 25 minutes after seven quiet hours are not a surge (before: a ×144–192 throughput rise on 10 of 10 seeds)", () => {
    for (let seed = 1; seed <= 10; seed++) {
      // A session of six, a little larger than the usual two to four, at hour 14.
      const events = sessionDay(seed, (rand) => Array.from({ length: 6 }, (_, i) => 14 * 60 + 7 + 4 * i + rand()));
      const found = incidentsOn(analyzeIncidents(events), "o3");
      expect(found.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });

  it("a real surge of the same model (40 requests in 20 minutes) is still detected, as load that opens no incident", () => {
    // Detected: a throughput anomaly of o3 within one window (the day's widest is 15 minutes)
    // of minute 840. No incident: a rise of load alone is no incident kind (cron11's rule,
    // docs/correlation.md "Which clusters are incidents"); nothing else of o3 changed.
    for (let seed = 1; seed <= 6; seed++) {
      const events = sessionDay(seed, (rand) => Array.from({ length: 40 }, () => 14 * 60 + 20 * rand()));
      const analysis = analyzeIncidents(events);
      const rises = analysis.anomalies.filter((a) => a.model === "o3" && a.signal === "throughput" && a.z > 0);
      expect(rises.length, `seed ${seed}`).toBeGreaterThan(0);
      const start = Date.parse(rises[0]?.window_start ?? "");
      expect(Math.abs(start - (START + 840 * MINUTE)), `seed ${seed}`).toBeLessThanOrEqual(15 * MINUTE);
      expect(incidentsOn(analysis, "o3").map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
