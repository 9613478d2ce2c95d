/*
 * The root of an attack wave whose guardrail verdicts (policy violations) follow it, when
 * ordinary violations of the background fall just before the wave's first threat, in the same
 * window. The relations table has threats → policy violations and not the reverse; held-out
 * --seed 1111 day 22 (5-minute windows) rooted its wave in such a violation, 117 s before the
 * first threat. Hand-built six-hour captures (test/correlation/traffic-days.ts: a seeded Poisson
 * generator of its own, sharing no code with the evaluation suites): four models at 2 requests a
 * minute, stray threats at 3 an hour and violations at 2 an hour on no model in particular; a
 * wave of a threat every 30 s for 25 minutes on one model from minute 182, its guardrail's
 * verdicts one every 75 s from 90 s after it, and two ordinary violations at minutes 180.05 and
 * 180.9 (5- or 10-minute windows: both in the window of the first threat). The truth is
 * constructed: which threats are the wave's.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { threatOnModel } from "./helpers.js";
import { arrivals, threats, trafficDay, violations } from "./traffic-days.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
const SPAN = 6 * 60;
const WAVE = { start: 182, minutes: 25, every: 0.5 };
const VERDICTS = { after: 1.5, every: 1.25 };
const STRAY_VIOLATIONS = [180.05, 180.9];

let nextId = 7_000_000;

function capture(seed: number): { events: AnalyticsEvent[]; wave: Set<string> } {
  const day = trafficDay({ seed, days: SPAN / (24 * 60), models: MODELS, perDay: 2 * 24 * 60, depth: 0 });
  const rand = mulberry32(seed + 104_729);
  const wave = new Set<string>();
  const events = [...day.events];
  events.push(...threats(arrivals(rand, () => 3 / 60, 3 / 60, 0, SPAN)));
  events.push(...violations(arrivals(rand, () => 2 / 60, 2 / 60, 0, SPAN).filter((m) => m < 170 || m > 220)));
  events.push(...violations(STRAY_VIOLATIONS));
  for (let m = WAVE.start; m < WAVE.start + WAVE.minutes; m += WAVE.every) {
    const e = threatOnModel(nextId++, MODELS[0]!, m);
    wave.add(e.event_id);
    events.push(e);
  }
  const verdicts: number[] = [];
  for (let m = WAVE.start + VERDICTS.after; m < WAVE.start + WAVE.minutes; m += VERDICTS.every) verdicts.push(m);
  events.push(...violations(verdicts));
  return { events, wave };
}

describe("an attack wave and its guardrail's verdicts after an ordinary violation", { timeout: 300_000 }, () => {
  it("is rooted in the wave's threat, not the violation before it in the same window", () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const c = capture(seed);
      const analysis = analyzeIncidents(c.events);
      const incidents = analysis.incidents.filter((i) => i.series.some((s) => s.signal === "threats"));
      expect(incidents.length, `seed ${seed}`).toBe(1);
      const incident = incidents[0]!;
      expect(
        incident.series.some((s) => s.signal === "policy_violations"),
        `seed ${seed}`,
      ).toBe(true);
      expect(c.wave.has(incident.root?.event_id ?? ""), `seed ${seed}`).toBe(true);
    }
  });
});
