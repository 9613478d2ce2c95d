/*
 * An error burst in a one-hour capture that began 25 minutes before it. The capture holds five
 * 5-minute windows before the burst, one short of the history a baseline needs, so the burst's
 * first window is scored against that history topped up with the windows after it — which are
 * the burst's own when it lasts longer than a window. A window the history already calls a
 * failure burst is no reference for it. Hand-built hours from a small Poisson generator
 * (test/correlation/traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const MODEL = "gpt-4o";
const OTHERS = ["claude-3-5-sonnet", "gemini-2.0-flash"];
const SPAN = 65;
/** The burst: from minute 27 for 20 minutes. */
const BURST_FROM = 27;
const BURST_TO = 47;

/**
 * 65 minutes: MODEL at 4 requests a minute and OTHERS at 1.5 (the automatic window is 5 minutes:
 * about 20 of MODEL's requests a window), each failing 1 % of its requests at random; during the
 * burst MODEL fails `share` of them (HTTP 503).
 * Latencies log-normal around 800 ms (σ 0.3).
 */
function hour(seed: number, share: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of [MODEL, ...OTHERS])
    for (const m of arrivals(rand, () => (model === MODEL ? 4 : 1.5), 4, 0, SPAN)) {
      const inBurst = model === MODEL && m >= BURST_FROM && m < BURST_TO;
      const failed = rand() < (inBurst ? share : 0.01);
      const n = id++;
      const ms = 800 * Math.exp(0.3 * gaussian(rand));
      const tags = { "http.status_code": failed ? "503" : "200" };
      events.push(requestEnded({ n, model, minute: m, ms, requestId: `req-${n}`, tags }));
    }
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  return events;
}

describe("an error burst in a capture too short for a history before it", { timeout: 120_000 }, () => {
  it("is found, dated within a window of its start and rooted in its errors", () => {
    // A quarter of MODEL's requests fail for 20 minutes (about 20 failures in 80 requests,
    // against 0.8 expected at 1 %). Before: the first window's baseline borrowed the
    // burst's next windows (a share near 10 % with a band to 50 % and more), and nothing was flagged.
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(hour(seed, 0.25));
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(Math.abs(Date.parse(incident!.start) - (START + BURST_FROM * MINUTE))).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });

  it("is no incident when the hour holds no burst", () => {
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(hour(seed, 0.01));
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
