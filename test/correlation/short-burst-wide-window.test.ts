/*
 * An error burst of a few minutes inside one wide window. A day of sparse models is cut into
 * 30-minute windows; a 7-minute burst fills a quarter of its window, so its failures sit in one
 * half of the window's requests, and the two-halves test of a single window's persistence
 * (`failuresPersistWithin`) does not hold. Its own stretch of failures, split in two, holds
 * them in both halves, each several minutes long: a burst, seen at two distinct times. A blip
 * (as many failures within half a minute) is not. Hand-built days from a small Poisson
 * generator (test/correlation/traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const MINUTE = 60_000;
/** helpers.ts `at`'s minute 0. */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MODEL = "gpt-4o";
const OTHERS = ["claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.1-70b"];
/** Twelve hours. */
const SPAN = 720;
const WINDOW = 30 * MINUTE;
/** The burst: 7 minutes from minute 488 (8 minutes into the 22:00 window, all in its first half). */
const BURST_FROM = 488;

/** Failures on MODEL: from minute `from` to `to`, `share` of its requests fail. */
interface Fault {
  readonly from: number;
  readonly to: number;
  readonly share: number;
  /** Extra requests, all failing, spread evenly over the fault (retries of the requests it dropped). */
  readonly flood?: number;
}

/**
 * Twelve hours: MODEL at 6 requests a minute and OTHERS at 0.5, each failing 0.2 % of its
 * requests at random; during the fault MODEL fails `share` of them (HTTP 429). Latencies
 * log-normal around 800 ms (σ 0.3). Cut into 30-minute windows (about 180 of MODEL's requests a window).
 */
function day(seed: number, fault: Fault): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of [MODEL, ...OTHERS])
    for (const m of arrivals(rand, () => (model === MODEL ? 6 : 0.5), 6, 0, SPAN)) {
      const inFault = model === MODEL && m >= fault.from && m < fault.to;
      const failed = rand() < (inFault ? fault.share : 0.002);
      const n = id++;
      const ms = 800 * Math.exp(0.3 * gaussian(rand));
      const tags = { "http.status_code": failed ? "429" : "200" };
      events.push(requestEnded({ n, model, minute: m, ms, requestId: `req-${n}`, tags }));
    }
  for (let k = 0; k < (fault.flood ?? 0); k++) {
    const n = id++;
    const minute = fault.from + ((k + 0.5) * (fault.to - fault.from)) / (fault.flood ?? 1);
    const tags = { "http.status_code": "429" };
    events.push(requestEnded({ n, model: MODEL, minute, ms: 50, requestId: `req-${n}`, tags }));
  }
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  return events;
}

const SEEDS = [1, 2, 3];

describe("an error burst of a few minutes inside one 30-minute window", { timeout: 120_000 }, () => {
  it("is found, dated within a window of its start and rooted in its errors", () => {
    // 40 % of MODEL's requests fail for 7 minutes: about 17 failures in 42 requests, in a
    // window of about 180 against 0.4 expected at 0.2 % (z 5–10: flagged, under twice the threshold).
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(day(seed, { from: BURST_FROM, to: BURST_FROM + 7, share: 0.4 }), {
        windowMs: WINDOW,
      });
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(Math.abs(Date.parse(incident!.start) - (START + BURST_FROM * MINUTE))).toBeLessThanOrEqual(WINDOW);
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });

  it("is no incident when the day holds no burst, nor when its failures fall within half a minute", () => {
    for (const seed of SEEDS) {
      const quiet = analyzeIncidents(day(seed, { from: 0, to: 0, share: 0 }), { windowMs: WINDOW });
      expect(quiet.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
      // A blip: for half a minute every request fails, and 15 more, retried, fail fast (a
      // restart dropping the requests in flight): a window flagged as the burst's is, whose
      // failures, split in two, span seconds.
      const blip = analyzeIncidents(day(seed, { from: BURST_FROM, to: BURST_FROM + 0.5, share: 1, flood: 15 }), {
        windowMs: WINDOW,
      });
      expect(blip.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
