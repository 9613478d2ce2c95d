/*
 * The confidence of a hard stop's root (confidence.ts `RootEvidence.outside`; issue 13's
 * calibration target, round twenty-seven, cal27). Constructed truth: 8 hours of Poisson requests
 * of four models (test/prng.ts `mulberry32`, traffic.ts `poissonDay`, long-silence.test.ts's
 * day), the busy one (6 a minute) sending none for 40 minutes from minute 300. No request of the
 * busy model lies in the stop's first five minutes, so no root the analysis can name is right by
 * the issue's rule (an event of the degraded series from the first five minutes of the onset):
 * the root is its last request before the stop (the outage rule, traffic-collapse.test.ts), and
 * the posterior the fall is dated by places the change after that request. The incident is as
 * real as any (a 40-minute silence of a busy model, far beyond the threshold), so before round
 * twenty-seven the root was stated at about 0.87, the confidence of an ordinary right root.
 */
import { describe, expect, it } from "vitest";
import { confidencesOf, incidentPeakOf, rootEvidenceOf } from "../../src/correlation/incidents/confidence.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { at } from "./helpers.js";
import { BUSY, lastBefore, poissonDay } from "./traffic.js";

const STOP = { from: 300, to: 340 };

/** The day (traffic.ts `poissonDay`, `BUSY` silent over the stop), and `BUSY`'s last request before the stop. */
function hardStopDay(seed: number): { events: AnalyticsEvent[]; lastBefore: string | undefined } {
  return { events: poissonDay(seed, STOP.from, STOP.to), lastBefore: lastBefore(seed, STOP.from) };
}

describe("a hard stop's root: stated as the request before the change it is", { timeout: 120_000 }, () => {
  for (const seed of [1, 2, 3]) {
    it(`states the last request before a busy model's stop below the same root read inside the change (seed ${seed})`, () => {
      const { events, lastBefore } = hardStopDay(seed);
      const analysis = analyzeIncidents(events);
      const on = analysis.incidents.filter((i) => i.models.includes(BUSY));
      expect(on).toHaveLength(1);
      const incident = on[0]!;
      expect(Math.abs(Date.parse(incident.start) - Date.parse(at(STOP.from)))).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      const root = incident.series[0]!;
      expect(root.signal).toBe("throughput");
      expect(incident.root_cause?.root_event_id).toBe(lastBefore);
      // The change began after the named request: its posterior mass in the change's first five
      // minutes is under even odds, and the root evidence says so.
      expect(root.onset_mass).not.toBeNull();
      expect(root.onset_mass!).toBeLessThan(0.5);
      expect(rootEvidenceOf(incident).outside).toBe(1);
      // The same findings with the root's own mass in the change state the root higher: the
      // stated confidence reads where the root lies, not only how strong the silence is.
      const threshold = analysis.method.threshold_z;
      const peers = analysis.incidents.filter((i) => i !== incident).map((i) => incidentPeakOf(i, threshold));
      const context = { threshold, incidents: analysis.incidents.length, peers };
      const stated = confidencesOf(incident, context);
      expect(incident.root_cause?.confidence).toBeCloseTo(stated.root, 12);
      const inside = confidencesOf({ series: [{ ...root, onset_mass: 1 }, ...incident.series.slice(1)] }, context);
      expect(inside.incident).toBeCloseTo(stated.incident, 12);
      expect(stated.root).toBeLessThan(inside.root);
    });
  }
});
