/*
 * A model's silence longer than any of its own, whatever the window width (analyze.ts
 * `longestGapBeyondOwn`, `withLongGap`; issue 13, round twenty-five, coll25). Constructed truth:
 * days of a small seeded generator of the test's own (test/prng.ts `mulberry32`, Poisson arrivals
 * by traffic.ts `poissonEach`; clustered-days.ts for Hawkes traffic), sharing no code with the
 * evaluation suites:
 *  - a busy model's hard stop one window long (60–90 of its mean gaps) centred on a boundary of the
 *    day's 10- or 15-minute windows: each window keeps about half its requests, so no window's
 *    count falls ×3 (MIN_EFFECT.trafficRatio) (fourth --seed 8282 day 16's class: 28.7 minutes in
 *    30-minute windows);
 *  - the same generator without the stop;
 *  - fault-free Hawkes days, whose lulls between clusters are the models' own.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { type ClusteredModel, clusteredDay } from "./clustered-days.js";
import { onsetWithin } from "./helpers.js";
import { BUSY, lastBefore, MODELS, poissonDay } from "./traffic.js";

const MINUTE = 60_000;
const SEEDS = [1, 2, 3, 4, 5];
describe("a silence beyond the model's own gaps", { timeout: 300_000 }, () => {
  it("finds a busy model's hard stop that straddles two windows and fills neither", () => {
    let found = 0;
    for (const seed of SEEDS) {
      // The day's own width (10 or 15 minutes by the seed's counts); the stop is one window long, centred
      // on minute 300 (a boundary of both), so each window keeps about half its requests.
      const width = analyzeIncidents(poissonDay(seed)).method.window_ms / MINUTE;
      const from = 300 - 0.5 * width;
      const analysis = analyzeIncidents(poissonDay(seed, from, 300 + 0.5 * width));
      expect(analysis.method.window_ms / MINUTE).toBe(width);
      const on = analysis.incidents.filter((i) => i.models.includes(BUSY));
      expect(on.length, `seed ${seed}`).toBeLessThanOrEqual(1);
      if (on.length === 1 && onsetWithin(on[0]!, from, analysis.method.window_ms)) found++;
      // Its root is the busy model's last request before the stop (stamped at its start here, none in
      // flight after it): the rule of an outage (traffic-collapse.test.ts), not the first request of
      // the window the stop began in (round twenty-six: coll25's gap incidents had no baseline windows
      // and were rooted there, minutes before the stop).
      if (on.length === 1) expect(on[0]!.root_cause?.root_event_id, `seed ${seed}`).toBe(lastBefore(seed, from));
    }
    // A gap of E = 60–90 expected requests against a Poisson model's own longest, about ln N ≈ 8:
    // beyond doubt on every seed.
    expect(found).toBe(SEEDS.length);
  });

  it("opens nothing on the fault-free days", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(poissonDay(seed)).incidents, `seed ${seed}`).toHaveLength(0);
  });

  it("opens no incident for a Hawkes model's own lulls", () => {
    // Busy Hawkes traffic (clusters of mean 2.5 requests) whose lulls between clusters are many and
    // ordinary: the longest of them is no collapse.
    const hawkes: ClusteredModel[] = MODELS.map((m) => ({ ...m, arrival: "hawkes" }));
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const analysis = analyzeIncidents(clusteredDay(seed, 8, hawkes));
      const falls = analysis.incidents.filter((i) =>
        i.series.some((s) => s.signal === "throughput" && s.role === "root_cause"),
      );
      expect(falls, `seed ${seed}`).toHaveLength(0);
    }
  });
});
