/*
 * A collapse early in a capture, before the baseline has its minimum history: the windows that
 * top the short history up come after the fall, and the test of regular traffic (`isCollapse`)
 * must not count the fall's own windows as the baseline's irregularity. Hand-built days: the
 * tests' seeded Poisson arrivals (test/correlation/traffic.ts `poissonEach`), steady traffic on
 * four models, no daily curve.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { at, event, latency } from "./helpers.js";
import { poissonEach } from "./traffic.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];

/**
 * Four hours of requests at `perMinute` each (one latency event per request); gpt-4o's traffic is
 * multiplied by `factor` over [from, to) minutes.
 */
function day(seed: number, perMinute: number, from: number, to: number, factor: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of MODELS) {
    poissonEach(rand, perMinute, { from: 0, to: 240 }, (m) => {
      // Thinning: a request of gpt-4o in the fall is kept with probability `factor`.
      if (model === "gpt-4o" && m >= from && m < to && rand() >= factor) return;
      const n = id++;
      events.push(
        event({
          id: n,
          minute: m,
          module: "llm-observatory",
          payload: latency(model, 300 + 400 * rand(), `req-${id}`),
        }),
      );
    });
  }
  return events;
}

describe("a collapse early in the capture", { timeout: 120_000 }, () => {
  it("is reported when the baseline's short history is topped up with the windows after it", () => {
    // Three requests a minute per model (5-minute windows): an outage of gpt-4o from minute 20 to
    // 60 leaves four whole windows of history before it, under the six a baseline needs.
    let found = 0;
    for (const seed of [11, 12, 13, 14, 15, 16]) {
      const analysis = analyzeIncidents(day(seed, 3, 20, 60, 0));
      const w = analysis.method.window_ms;
      // The premise: the fall starts before the sixth whole window of the capture.
      expect(20 * 60_000).toBeLessThan(6 * w);
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"));
      if (incident === undefined) continue;
      expect(Math.abs(Date.parse(incident.start) - Date.parse(at(20)))).toBeLessThanOrEqual(w);
      found++;
    }
    // Before: none of the six (the outage's own windows topped the history up, and its empty
    // windows counted against the regularity of its baseline); now five (seed 12's baseline
    // spreads as wide as its traffic index, which rests on three peers' counts).
    expect(found).toBeGreaterThanOrEqual(5);
  });

  it("is still no incident where the model's own traffic was as low before (a gap in bursty traffic)", () => {
    // The same days without a fall report nothing on gpt-4o.
    for (const seed of [11, 12, 13]) {
      const analysis = analyzeIncidents(day(seed, 3, 20, 60, 1));
      expect(analysis.incidents.filter((i) => i.models.includes("gpt-4o"))).toEqual([]);
    }
  });
});
