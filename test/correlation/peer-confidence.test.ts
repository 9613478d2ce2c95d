/*
 * The confidences of a day's incidents read against each other (analyze.ts `withPeerConfidences`,
 * confidence.ts `IncidentEvidence.outranked`; issue 13's calibration target, round twenty-eight,
 * cal28). Constructed truth: 6 hours of Poisson requests of two models (4 a minute, latencies
 * 800 ms · e^(0.2·Z)); one model slowed ×8 over minutes 120–140, the other ×2.5 over minutes
 * 240–260. Two independent incidents, the first the stronger by construction. The unit tests
 * (root-choice.test.ts) read `outranked` from a list of peers; this reads it through
 * `analyzeIncidents`: the weaker incident is stated with the stronger one counted against it, and
 * the stronger with nothing counted against it.
 */
import { describe, expect, it } from "vitest";
import { confidencesOf, incidentEvidenceOf, incidentPeakOf } from "../../src/correlation/incidents/confidence.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";
import { poissonEach } from "./traffic.js";

const STRONG = { model: "gpt-4o", from: 120, to: 140, factor: 8 };
const WEAK = { model: "claude-3-5-sonnet", from: 240, to: 260, factor: 2.5 };

/** The day: each model's requests, slowed by its fault's factor inside the fault. */
function twoFaultDay(seed: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const f of [STRONG, WEAK])
    poissonEach(rand, 4, { from: 0, to: 360 }, (t) => {
      const slow = t >= f.from && t < f.to ? f.factor : 1;
      const ms = 800 * Math.exp(0.2 * gaussian(rand)) * slow;
      events.push(event({ id, minute: t, module: "llm-observatory", payload: latency(f.model, ms, `r${id}`) }));
      id++;
    });
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

describe("a day's incidents stated against each other", { timeout: 120_000 }, () => {
  for (const seed of [1, 2, 3]) {
    it(`counts the stronger incident against the weaker one, and nothing against the stronger (seed ${seed})`, () => {
      const analysis = analyzeIncidents(twoFaultDay(seed));
      const threshold = analysis.method.threshold_z;
      expect(analysis.incidents).toHaveLength(2);
      const strong = analysis.incidents.find((i) => i.models.includes(STRONG.model))!;
      const weak = analysis.incidents.find((i) => i.models.includes(WEAK.model))!;
      expect(strong).toBeDefined();
      expect(weak).toBeDefined();
      expect(incidentPeakOf(strong, threshold)).toBeGreaterThan(incidentPeakOf(weak, threshold));
      const alone = { threshold, incidents: 2, peers: [] };
      const both = (other: typeof strong) => ({ threshold, incidents: 2, peers: [incidentPeakOf(other, threshold)] });
      expect(incidentEvidenceOf(weak, both(strong)).outranked).toBe(1);
      expect(incidentEvidenceOf(strong, both(weak)).outranked).toBe(0);
      // The stated confidences are the ones read with the other incident as a peer, and the
      // weaker's is below what it would be stated alone.
      expect(weak.root_cause?.confidence).toBeCloseTo(confidencesOf(weak, both(strong)).root, 12);
      expect(weak.confidence).toBeLessThan(confidencesOf(weak, alone).incident);
      expect(strong.confidence).toBeCloseTo(confidencesOf(strong, alone).incident, 12);
    });
  }
});
