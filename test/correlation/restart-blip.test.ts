/*
 * A dense hour with a deployment's restart in it: a gateway in front of a model serving 1 000
 * requests a minute, 0.3 % of them failing at random, logs a `latency` event per request with
 * its `http.status_code`. At minute 40 the model restarts and every request that starts in the
 * restart's first four seconds fails with 503 (about 67, a twelfth of a minute's requests); the
 * model serves at its usual share before and after them. At 1-minute windows (the width of a
 * one-hour capture) the window holds about 70 failures of 1 000 against 3 expected, a z far
 * beyond twice the threshold, yet its failures beyond the usual share last four seconds: a blip
 * that retries absorb, no incident. A modest burst on the same model — 3 % more of its requests
 * failing for four minutes, the shortest error burst the suites draw — stays one.
 * Hand-built days from a small Poisson generator of their own (traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { onsetWithin, requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const MODEL = "grok-3-mini";
const OTHER = "gpt-4o-mini";
const SPAN = 60;
const RESTART = 40;

/**
 * One hour: MODEL at 1 000 requests a minute, OTHER at 20, both failing 0.3 % of their requests
 * at random; `fails(minute)` fails more of MODEL's (a request that begins at `minute`).
 * Latencies log-normal around 600 ms (σ 0.4); a failed request answers in its first 100 ms.
 */
function denseHour(seed: number, fails: (minute: number) => boolean): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let n = 0;
  const add = (model: string, minute: number, failed: boolean) => {
    n++;
    const ms = failed ? 100 * rand() : 600 * Math.exp(0.4 * gaussian(rand));
    const tags = { "http.status_code": failed ? "503" : "200" };
    events.push(requestEnded({ n, model, minute, ms, requestId: `req-${n}`, tags }));
  };
  for (const m of arrivals(rand, () => 1000, 1000, 0, SPAN)) add(MODEL, m, rand() < 0.003 || fails(m));
  for (const m of arrivals(rand, () => 20, 20, 0, SPAN)) add(OTHER, m, rand() < 0.003);
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  return events;
}

describe("failures beyond the usual share on a dense model", { timeout: 180_000 }, () => {
  it("are no incident when they last the four seconds of a restart", () => {
    // Before: one incident per seed, "error rate on grok-3-mini rose from 0.3 % to 7 %", from
    // the restart's window alone (one window, its z beyond twice the threshold).
    for (const seed of [1, 2]) {
      const analysis = analyzeIncidents(denseHour(seed, (m) => m >= RESTART && m < RESTART + 4 / 60));
      expect(analysis.method.window_ms).toBe(60_000);
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });

  it("are an incident when 3 % more requests fail for four minutes", () => {
    for (const seed of [1, 2]) {
      const analysis = analyzeIncidents(denseHour(seed, (m) => m >= RESTART && m < RESTART + 4 && rand3(m)));
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(onsetWithin(incident!, RESTART, analysis.method.window_ms), incident!.start).toBe(true);
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });
});

/** 3 % of requests by their start time (a hash of the millisecond, so that the share does not depend on the generator's draws). */
function rand3(minute: number): boolean {
  return Math.floor(minute * 60_000) % 100 < 3;
}
