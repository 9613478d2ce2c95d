/*
 * A spend baseline across a stretch of anomalous windows. A model billed per request on 2-hour
 * windows: an evening whose traffic falls, six windows of busier traffic, one quiet window, then
 * a day and a half of ordinary traffic. When spend was scored as a sum per window against its
 * own trend, the baseline of the later windows held the evening and the quiet window only; a
 * straight line through them read the decline as running on, and held-out `--seed 5151` day 24
 * got a spend baseline of 1/150 of its windows' spend, which kept every later window out of the
 * history for good (on main before that fix the baseline of every window after the quiet one
 * read $0, z ≈ 8 each). Spend is now scored per token (round seventeen, spend17: the bills are
 * the throughput's to judge), so traffic cannot move its baseline at all: the later windows'
 * baseline is the price the bills were billed at. Hand-built from a small generator of its own
 * (mulberry32; bills by test/correlation/traffic.ts `tokenBill`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { tokenBill } from "./traffic.js";
import { HOUR, MINUTE } from "./traffic-days.js";

const START = Date.UTC(2025, 8, 24, 10, 0, 0);
const MODEL = "embedder-v3";
const WINDOW = 2 * HOUR;

/**
 * Requests per 2-hour window: an evening falling from 20 to 3, six windows of 60, a quiet one
 * (3), then eighteen windows of 12.
 */
const PER_WINDOW = [20, 16, 12, 9, 6, 4, 3, 60, 60, 60, 60, 60, 60, 3, ...Array<number>(18).fill(12)];

/** One `token_cost` bill per request, log-normal around $0.00001 (σ 0.5), spread evenly (jittered) over its window. */
function billedDay(seed: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const [w, n] of PER_WINDOW.entries()) {
    for (let r = 0; r < n; r++) {
      const m = w * 120 + (120 * (r + rand())) / n;
      const usd = 0.00001 * Math.exp(0.5 * gaussian(rand));
      const k = id++;
      events.push(
        tokenBill({
          n: k,
          timestamp: new Date(START + Math.round(m * MINUTE)).toISOString(),
          model: MODEL,
          requestId: `req-${k}`,
          prompt: 500,
          completion: 0,
          prices: [usd / 500, 0],
          usd,
        }),
      );
    }
  }
  return events;
}

describe("a spend baseline across anomalous windows", { timeout: 120_000 }, () => {
  it("stays at the level of the windows it holds, not a line run on through the gap", () => {
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(billedDay(seed), { windowMs: WINDOW, seriesPoints: "all" });
      const cost = analysis.series.find((s) => s.signal === "cost" && s.model === MODEL);
      expect(cost).toBeDefined();
      const points = cost?.points ?? [];
      // The windows after the quiet one (window 13): the baseline is the bills' price per token,
      // $0.00001 / 500 tokens (the median of the log-normal), not a line run on to ~0: within a
      // factor of 1.5 of it (a window mean of 3–60 bills, σ 0.5 each).
      const later = points.slice(14).filter((p) => p.baseline !== null);
      expect(later.length).toBeGreaterThan(10);
      for (const p of later) {
        expect(p.baseline as number).toBeGreaterThan(0.00001 / 500 / 1.5);
        expect(p.baseline as number).toBeLessThan((0.00001 / 500) * 1.5);
      }
      // And with an ordinary baseline, ordinary spend is no incident.
      const lateSpend = analysis.incidents.filter(
        (i) => i.signals.includes("cost") && Date.parse(i.start) >= START + 14 * WINDOW,
      );
      expect(lateSpend).toEqual([]);
    }
  });
});
