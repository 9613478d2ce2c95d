/*
 * A day's anomalies outside every incident it reports lower the confidence of its incidents
 * (analyze.ts `straySeries`, confidence.ts `ConfidenceContext.strays`; issue 13's calibration
 * target, round thirty-one, cal32). Constructed truth: 6 hours of Poisson requests of two models
 * (4 a minute each, latencies 800 ms · e^(0.2·Z)); gpt-4o slowed ×8 over minutes 120–140 (the
 * fault: one incident, its root gpt-4o's latency). On the noisy day claude-3-5-sonnet also
 * receives a batch of 16 more requests a minute over minutes 240–250, served as fast as ever:
 * its throughput is anomalous, but load that hurt nothing joins no incident, so the analysis
 * flags a series it explains as nothing. gpt-4o's requests are the same on both days (drawn
 * first from the same seed), so its incident's findings are the same, and only the day around
 * it differs.
 */
import { describe, expect, it } from "vitest";
import { confidencesOf } from "../../src/correlation/incidents/confidence.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";
import { poissonEach } from "./traffic.js";

function day(seed: number, batch: boolean): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  const requests = (model: string, perMinute: number, from: number, to: number) =>
    poissonEach(rand, perMinute, { from, to }, (t) => {
      const slow = model === "gpt-4o" && t >= 120 && t < 140 ? 8 : 1;
      const ms = 800 * Math.exp(0.2 * gaussian(rand)) * slow;
      events.push(event({ id, minute: t, module: "llm-observatory", payload: latency(model, ms, `r${id}`) }));
      id++;
    });
  requests("gpt-4o", 4, 0, 360);
  requests("claude-3-5-sonnet", 4, 0, 360);
  if (batch) requests("claude-3-5-sonnet", 16, 240, 250);
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

describe("an incident on a day with anomalies outside it", { timeout: 120_000 }, () => {
  for (const seed of [1, 2, 3]) {
    it(`is stated less confidently than on a clean day (seed ${seed})`, () => {
      const clean = analyzeIncidents(day(seed, false));
      const noisy = analyzeIncidents(day(seed, true));
      const threshold = noisy.method.threshold_z;
      expect(clean.anomalies.filter((a) => a.incident_id === null)).toHaveLength(0);
      const strays = noisy.anomalies.filter((a) => a.incident_id === null);
      expect(strays.length).toBeGreaterThan(0);
      expect(new Set(strays.map((a) => a.series_id))).toEqual(new Set(["throughput{model_id=claude-3-5-sonnet}"]));
      expect(clean.incidents).toHaveLength(1);
      expect(noisy.incidents).toHaveLength(1);
      const [before, after] = [clean.incidents[0]!, noisy.incidents[0]!];
      expect(after.models).toEqual(["gpt-4o"]);
      expect(after.series).toEqual(before.series);
      // Stated with the one stray series counted, in every place the result states it, and
      // lower than the same findings on the clean day.
      const stated = confidencesOf(after, { threshold, incidents: 1, peers: [], strays: 1 });
      expect(after.confidence).toBeCloseTo(stated.incident, 12);
      expect(after.root_cause?.confidence).toBeCloseTo(stated.root, 12);
      expect(after.anomaly_correlation.root_cause?.confidence).toBeCloseTo(stated.root, 12);
      expect(after.root_cause!.confidence).toBeLessThan(before.root_cause!.confidence);
      expect(before.root_cause?.confidence).toBeCloseTo(confidencesOf(before, { threshold, incidents: 1 }).root, 12);
    });
  }
});
