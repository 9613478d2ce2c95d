/*
 * A collapse in a short capture at fine windows (round sixteen's hand-built hour, coll16): six
 * models for one hour, gpt-4o at 3.5 requests a minute and the others at 2 (2-minute windows),
 * gpt-4o's traffic falling to 3 % for 21 minutes from minute 26. The fall is a third of the
 * capture, so a first pass whose reference is the whole series holds it; and at 7 requests a
 * window the count test is weak both ways. A seeded Poisson generator of its own (mulberry32,
 * exponential gaps, thinning in the fall), sharing no code with the evaluation suites'.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { at, event, latency } from "./helpers.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.1-70b", "command-r"];
/** The fall on gpt-4o: minutes [FROM, TO). */
const FROM = 26;
const TO = 47;
const SEEDS = [21, 22, 23, 24, 25, 26];

/** One hour of requests (one latency event each); gpt-4o's are kept with probability `factor` in the fall. */
function hour(seed: number, factor: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of MODELS) {
    const perMinute = model === "gpt-4o" ? 3.5 : 2;
    let m = 0;
    for (;;) {
      m += -Math.log(1 - rand()) / perMinute;
      if (m >= 60) break;
      if (model === "gpt-4o" && m >= FROM && m < TO && rand() >= factor) continue;
      const n = id++;
      events.push(
        event({ id: n, minute: m, module: "llm-observatory", payload: latency(model, 300 + 400 * rand(), `req-${n}`) }),
      );
    }
  }
  return events;
}

describe("a collapse in a one-hour capture at 2-minute windows", { timeout: 120_000 }, () => {
  it("is found on every seed, dated within a window of its start, and is the capture's only incident", () => {
    // Before (main c405ab4): four of six (seed 22 missed; seed 25 dated at minute 14.8, a false
    // fall before it). With the two-level first pass and the cache fix alone, five (seed 25 at
    // minute 17.5).
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(hour(seed, 0.03));
      const w = analysis.method.window_ms;
      // The premise: 2-minute windows, so the fall covers ten of the capture's thirty.
      expect(w).toBe(2 * 60_000);
      expect(analysis.incidents).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      expect(incident.models).toEqual(["gpt-4o"]);
      expect(incident.signals).toContain("throughput");
      expect(Math.abs(Date.parse(incident.start) - Date.parse(at(FROM)))).toBeLessThanOrEqual(w);
    }
  });

  it("opens no incident in the same hours without the fall", () => {
    // Before: seed 25 reported gpt-4o's traffic "fell to 31 %" at minute 14.8 (a log-linear trend
    // through windows of 6, 5, 9, 11, 13 requests set the next windows' rate at 16); nothing fell.
    for (const seed of SEEDS) expect(analyzeIncidents(hour(seed, 1)).incidents).toEqual([]);
  });
});
