/*
 * Bursts the window cut hides (round seventeen, burst17; its scan over event times, `scanBursts`
 * with `extendBursts`, measured and not merged: docs/correlation.md). What this guards on main and
 * on any later scan: a wave whose slow start the window cut hides is never dated before its first
 * threat, and found within a window of it at least where main finds it. Hand-built captures (test/correlation/traffic-days.ts:
 * a seeded Poisson generator of its own, sharing no code with the evaluation suites): an hour of
 * requests on four models at one-minute windows, stray threats at a steady pace, and an attack
 * wave whose first minutes bring a threat or two a minute before its full pace (held-out
 * `--seed 991` day 23's shape). The truth is the generator's: the wave's first threat.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { mulberry32 } from "../prng.js";
import { arrivals, MINUTE, threats, trafficDay } from "./traffic-days.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
const START = Date.UTC(2025, 5, 3, 14, 0, 0);

interface Shape {
  /** Stray threats a minute over the hour. */
  readonly stray: number;
  /** The wave's slow start: [start, start + slowMinutes) at slowRate a minute, then fastRate for fastMinutes. */
  readonly start: number;
  readonly slowMinutes: number;
  readonly slowRate: number;
  readonly fastMinutes: number;
  readonly fastRate: number;
}

/** The capture and the wave's first threat (minutes after START). */
function capture(seed: number, o: Shape) {
  const day = trafficDay({ seed, days: 1 / 24, models: MODELS, perDay: 24 * 60 * 10, depth: 0 });
  const rand = mulberry32(seed + 104_729);
  const strays = arrivals(rand, () => o.stray, o.stray, 0, 60).filter(
    (m) => m < o.start - 1 || m > o.start + o.slowMinutes + o.fastMinutes + 1,
  );
  const fastFrom = o.start + o.slowMinutes;
  const slow = arrivals(rand, () => o.slowRate, o.slowRate, o.start, fastFrom);
  const fast = arrivals(rand, () => o.fastRate, o.fastRate, fastFrom, fastFrom + o.fastMinutes);
  const wave = [...slow, ...fast];
  return { events: [...day.events, ...threats([...strays, ...wave])], first: wave[0] as number };
}

/** The threat incident's start (minutes after START) and the window width, or undefined. */
function threatStart(seed: number, o: Shape): { start: number | undefined; first: number; widthMin: number } {
  const { events, first } = capture(seed, o);
  const analysis = analyzeIncidents(events);
  const incident = analysis.incidents.find((i) => i.signals.includes("threats"));
  const start = incident === undefined ? undefined : (Date.parse(incident.start) - START) / MINUTE;
  return { start, first, widthMin: analysis.method.window_ms / MINUTE };
}

describe("a wave whose first minutes the window cut hides", { timeout: 900_000 }, () => {
  // Stray threats at 0.3 a minute; the wave brings 1.2 a minute for 3 minutes, then 4 a minute for
  // 8. At one-minute windows a threat or two a window is no evidence against 0.3 (z under 5), so
  // the window test finds the wave from its full pace; an interval from the wave's first threat
  // holds the slow start with the pace after it.
  const shape: Shape = { stray: 0.3, start: 40, slowMinutes: 3, slowRate: 1.2, fastMinutes: 8, fastRate: 4 };
  const seeds = [1, 2, 3, 4, 5, 6, 7, 8];
  it("is never dated before its first threat, and found within a window of it where main finds it", () => {
    let found = 0;
    for (const seed of seeds) {
      const { start, first, widthMin } = threatStart(seed, shape);
      expect(widthMin, `seed ${seed}`).toBe(1);
      expect(start, `seed ${seed}`).toBeDefined();
      // Never before the wave: no stray threat is taken into it (the confirmation's point).
      expect(start as number, `seed ${seed}`).toBeGreaterThanOrEqual(first - 1e-3);
      if ((start as number) - first <= widthMin) found++;
    }
    // Main (c405ab4): 3 of 8 within a window of the first threat (seed 6 dated 5.8 min late, from
    // the full pace). The scan at a5bc9ce found seed 6 too (4), by an extension beyond the onset
    // search's reach, which the reach limit (BURST_REACH) now refuses: 3, as main. On seeds 1, 4, 5
    // and 7 the slow start holds one or two threats before a gap: no change point confirms it.
    expect(found).toBeGreaterThanOrEqual(3);
  });
});
