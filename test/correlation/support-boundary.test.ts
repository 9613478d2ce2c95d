/*
 * A latency spike of exactly three requests on a sparse model in a one-hour capture (third
 * 6161 day 5: cohere/embed-english-v3.0 at 0.5 requests a minute, three of its requests ×5.6).
 * An incident on a size series needs its own requests to carry the rise (`requestSupport`): of
 * the flagged windows' N requests, K above the series' ordinary 90th percentile, with the exact
 * binomial tail P(X ≥ K), X ~ Binomial(N, 0.1), at most 0.1 %. Three of three is 0.1³ = 0.001,
 * the level itself; on main 9426b61 it read z 3.0902323047 (Acklam's quantile) against the exact
 * Φ⁻¹(0.999) = 3.0902323062 and was passed over. Two of two (0.01) must still be passed over: a
 * window p95 of one or two requests is an ordinary tail draw, not an incident.
 *
 * Hand-built, deterministic days: two busy models at 5 requests a minute (the common width 2
 * minutes), the sparse model one request every 2 minutes (one a window), latencies median × e^(σ·q)
 * with q cycling through fixed standard-normal quantiles; the spike multiplies the requests of
 * windows 15 on (minutes 30–) by SLOW.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { requestEnded } from "./helpers.js";

const SPARSE = "sparse-embed";
/** Standard normal quantiles (scipy.stats.norm.ppf of 0.1, 0.3, 0.6, 0.2, 0.8, 0.5, 0.4, 0.7, 0.9, 0.45). */
const Q = [-1.2816, -0.5244, 0.2533, -0.8416, 0.8416, 0, -0.2533, 0.5244, 1.2816, -0.1257];
/** The spike's first window (minute 30 of the hour) and its slowdown. */
const FROM = 15;
const SLOW = 6;
const ORIGIN = Date.UTC(2025, 5, 3, 14, 0, 0);

/** One hour; `slowed` of the sparse model's requests from window FROM on are ×SLOW (log spread `sigma`). */
function day(slowed: number, sigma: number): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  let n = 1;
  for (const [model, perMinute, median] of [
    ["busy-a", 5, 1500],
    ["busy-b", 5, 900],
  ] as const) {
    for (let i = 0; i < 60 * perMinute; i++) {
      const ms = median * Math.exp(0.4 * (Q[(i * 7) % Q.length] as number));
      events.push(
        requestEnded({
          n: n++,
          model,
          minute: i / perMinute + 0.05,
          ms,
          requestId: `req-${n}`,
        }),
      );
    }
  }
  for (let k = 0; k < 30; k++) {
    const slow = k >= FROM && k < FROM + slowed ? SLOW : 1;
    const ms = 3000 * Math.exp(sigma * (Q[(k * 3) % Q.length] as number)) * slow;
    events.push(
      requestEnded({
        n: n++,
        model: SPARSE,
        minute: 2 * k + 0.7,
        ms,
        requestId: `req-${n}`,
      }),
    );
  }
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** The incidents on the sparse model's latency, as minutes of the hour they start at. */
function spikeStarts(events: readonly AnalyticsEvent[]): number[] {
  return analyzeIncidents(events)
    .incidents.filter((i) => i.signals.includes("latency_p95") && JSON.stringify(i).includes(SPARSE))
    .map((i) => (Date.parse(i.start) - ORIGIN) / 60_000);
}

describe("a size series' own requests at exactly the 0.1 % support level", () => {
  for (const sigma of [0.3, 0.5]) {
    it(`three slow requests of three (tail 0.001) open the incident, dated within the spike's first window (spread ${sigma})`, () => {
      const starts = spikeStarts(day(3, sigma));
      expect(starts).toHaveLength(1);
      // The spike's first window is minutes 30–32: the onset within one window of it.
      expect(starts[0]).toBeGreaterThanOrEqual(2 * FROM);
      expect(starts[0]).toBeLessThan(2 * FROM + 2);
    });

    it(`two slow requests of two (tail 0.01) stay under the level (spread ${sigma})`, () => {
      expect(spikeStarts(day(2, sigma))).toEqual([]);
    });

    it(`the same hour without the spike opens no incident (spread ${sigma})`, () => {
      expect(analyzeIncidents(day(0, sigma)).incidents).toEqual([]);
    });
  }
});
