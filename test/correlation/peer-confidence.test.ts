/*
 * The confidences of a day's incidents read against each other (analyze.ts `withPeerConfidences`,
 * confidence.ts `IncidentEvidence.outranked`; issue 13's calibration target, round twenty-eight,
 * cal28). Constructed truth: 6 hours of Poisson requests of two models (4 a minute, latencies
 * 800 ms · e^(0.2·Z)); one model slowed ×8 over minutes 120–140, the other ×2.5 over minutes
 * 240–260. Two independent incidents, the first the stronger by construction. The unit tests
 * (root-choice.test.ts) read `outranked` from a list of peers; this reads it through
 * `analyzeIncidents`: the weaker incident is stated with the stronger one counted against it, and
 * the stronger with nothing counted against it.
 * A crowded day (round twenty-nine, cal29): three models, each slowed once, ×8, ×4 and ×2.5 over
 * twenty minutes apart from the others' faults (minutes 60–80, 180–200, 300–320 of 7 hours). Three
 * independent incidents whose strength is ordered by construction. Each is stated with the
 * stronger ones counted against it (the strongest with none: the weaker do not lower it), the
 * same confidence wherever the result states it, and each weaker one lower than on a day
 * holding its fault alone (the same traffic, the other two models unslowed).
 */
import { describe, expect, it } from "vitest";
import { confidencesOf, incidentEvidenceOf, incidentPeakOf } from "../../src/correlation/incidents/confidence.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";
import { poissonEach } from "./traffic.js";

interface Fault {
  readonly model: string;
  readonly from: number;
  readonly to: number;
  readonly factor: number;
}
const STRONG = { model: "gpt-4o", from: 120, to: 140, factor: 8 };
const WEAK = { model: "claude-3-5-sonnet", from: 240, to: 260, factor: 2.5 };

/** The day: each model's requests, slowed by its fault's factor inside the fault when `faulty` says so. */
function faultDay(
  seed: number,
  faults: readonly Fault[],
  minutes = 360,
  faulty: (f: Fault) => boolean = () => true,
): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const f of faults)
    poissonEach(rand, 4, { from: 0, to: minutes }, (t) => {
      const slow = faulty(f) && t >= f.from && t < f.to ? f.factor : 1;
      const ms = 800 * Math.exp(0.2 * gaussian(rand)) * slow;
      events.push(event({ id, minute: t, module: "llm-observatory", payload: latency(f.model, ms, `r${id}`) }));
      id++;
    });
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

describe("a day's incidents stated against each other", { timeout: 120_000 }, () => {
  for (const seed of [1, 2, 3]) {
    it(`counts the stronger incident against the weaker one, and nothing against the stronger (seed ${seed})`, () => {
      const analysis = analyzeIncidents(faultDay(seed, [STRONG, WEAK]));
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

/** The crowded day's faults, strongest first; each on its own model, twenty minutes apart from the others by an hour and more. */
const CROWD: readonly Fault[] = [
  { model: "gpt-4o", from: 60, to: 80, factor: 8 },
  { model: "claude-3-5-sonnet", from: 180, to: 200, factor: 4 },
  { model: "gemini-1.5-pro", from: 300, to: 320, factor: 2.5 },
];

describe("a crowded day's incidents stated against each other", { timeout: 180_000 }, () => {
  for (const seed of [1, 2]) {
    it(`states each incident with the stronger ones counted against it (seed ${seed})`, () => {
      const analysis = analyzeIncidents(faultDay(seed, CROWD, 420));
      const threshold = analysis.method.threshold_z;
      expect(analysis.incidents).toHaveLength(3);
      const found = CROWD.map((f) => analysis.incidents.find((i) => i.models.includes(f.model))!);
      for (const i of found) expect(i).toBeDefined();
      const peaks = found.map((i) => incidentPeakOf(i, threshold));
      expect(peaks[0]).toBeGreaterThan(peaks[1]!);
      expect(peaks[1]).toBeGreaterThan(peaks[2]!);
      const withPeers = (k: number) => ({ threshold, incidents: 3, peers: peaks.filter((_, j) => j !== k) });
      for (const [k, incident] of found.entries()) {
        // Outranked by the stronger faults only, and stated so in every place the result says it.
        expect(incidentEvidenceOf(incident, withPeers(k)).outranked).toBe(k);
        const stated = confidencesOf(incident, withPeers(k));
        expect(incident.confidence).toBeCloseTo(stated.incident, 12);
        expect(incident.correlation.confidence).toBeCloseTo(stated.incident, 12);
        expect(incident.root_cause?.confidence).toBeCloseTo(stated.root, 12);
        expect(incident.anomaly_correlation.root_cause?.confidence).toBeCloseTo(stated.root, 12);
      }
      // The strongest is not lowered by the weaker: as stated with no peer counted against it.
      const strongest = found[0]!;
      const unranked = { threshold, incidents: 3, peers: [] };
      expect(strongest.confidence).toBeCloseTo(confidencesOf(strongest, unranked).incident, 12);
      for (const [k, incident] of found.entries()) {
        if (k === 0) continue;
        expect(incident.confidence).toBeLessThan(confidencesOf(incident, unranked).incident);
        // Each weaker one is stated lower than on a day holding its fault alone.
        const alone = analyzeIncidents(faultDay(seed, CROWD, 420, (f) => f === CROWD[k]));
        expect(alone.incidents).toHaveLength(1);
        expect(alone.incidents[0]!.models).toContain(CROWD[k]!.model);
        expect(incident.confidence).toBeLessThan(alone.incidents[0]!.confidence);
        expect(incident.root_cause!.confidence).toBeLessThan(alone.incidents[0]!.root_cause!.confidence);
      }
    });
  }
});
