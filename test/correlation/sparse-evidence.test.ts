/*
 * How much evidence a window needs when it holds little: a sparse model's short session after
 * hours of silence (a count whose baseline rate rests on no events at all), and a slowdown that
 * begins in the middle of a window of a short capture (the window before the first one tested
 * holds the change's first minutes). Hand-built days: a small seeded generator of its own
 * (mulberry32, Poisson arrivals, log-normal latencies by Box–Muller), sharing no code with the
 * evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { at, deepFreeze, uuidOf } from "./helpers.js";

/** Minute 0 of `at` (14:00 UTC). */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;

let nextId = 1;
function request(model: string, minute: number, ms: number): AnalyticsEvent {
  const id = nextId++;
  return deepFreeze(
    AnalyticsEvent.parse({
      event_id: uuidOf(id),
      timestamp: at(minute),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
      payload: {
        payload_type: "telemetry",
        data: { telemetry_type: "latency", model_id: model, request_id: `req-${id}`, total_latency_ms: ms },
      },
    }),
  );
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

  it("a real surge of the same model (40 requests in 20 minutes) is still found", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const events = sessionDay(seed, (rand) => Array.from({ length: 40 }, () => 14 * 60 + 20 * rand()));
      const found = incidentsOn(analyzeIncidents(events), "o3");
      expect(found.length, `seed ${seed}`).toBe(1);
      const start = Date.parse(found[0]?.start ?? "");
      // Found within one window (the day's widest is 15 minutes) of minute 840.
      expect(Math.abs(start - (START + 840 * MINUTE)), `seed ${seed}`).toBeLessThanOrEqual(15 * MINUTE);
      expect(found[0]?.title, `seed ${seed}`).toMatch(/throughput on o3 rose/);
    }
  });
});

/**
 * A two-hour capture at 10-minute windows (six earlier windows are all a window's baseline has):
 * five models at 0.7 requests a minute and one at 2.5 (about 25 a window), half of whose
 * requests take 3–6 times as long for 18 minutes from minute 55, five minutes into a window.
 */
function onsetDay(seed: number, slowdown: boolean): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  for (const model of ["gpt-4o-mini", "claude-3-haiku", "gemini-1.5-flash", "mistral-small", "llama-3.1-8b"])
    for (const m of poissonMinutes(rand, 0.7, 0, 120)) events.push(request(model, m, logNormal(rand, 800, 0.4)));
  for (const m of poissonMinutes(rand, 2.5, 0, 120)) {
    let ms = logNormal(rand, 6000, 0.5);
    if (slowdown && m >= 55 && m < 73 && rand() < 0.5) ms *= 3 + 3 * rand();
    events.push(request("olmo-2-13b", m, ms));
  }
  return events.sort(byTime);
}

describe("the window before a change is no baseline for it", () => {
  const options = { windowMs: 10 * MINUTE };
  const SEEDS = 24;

  it("a slowdown that begins mid-window is found on at least 17 of 24 seeds (before: 11)", () => {
    const found: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const incidents = incidentsOn(analyzeIncidents(onsetDay(seed, true), options), "olmo-2-13b");
      const onset = START + 55 * MINUTE;
      // Found: an incident on the model whose start is within one window of the onset.
      if (incidents.some((i) => Math.abs(Date.parse(i.start) - onset) <= 10 * MINUTE)) found.push(seed);
    }
    expect(found.length, `found on seeds ${found.join(", ")}`).toBeGreaterThanOrEqual(17);
  });

  it("the same captures without the slowdown have no incident", () => {
    for (let seed = 1; seed <= SEEDS; seed++) {
      const analysis = analyzeIncidents(onsetDay(seed, false), options);
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
