/*
 * Policy violations that rise with the traffic a policy engine judged (`trafficExplains` in
 * analyze.ts). A policy engine evaluates requests, so its violations are a share of them: a
 * tenant's burst of traffic brings more violations at the same share, which is no governance
 * incident. Hand-built three-day captures (test/correlation/traffic-days.ts: a seeded Poisson
 * generator of its own, sharing no code with the evaluation suites): four models at a flat rate,
 * violations on a fixed share of the requests, and every model's traffic ×1.9 for three hours on
 * day two (held-out `--seed 991` day 47's shape: violations 7–9 an hour becoming 14–20 while the
 * requests went from about 35 to 80 an hour). The count does not follow the traffic over the whole
 * capture (flat traffic gives the proportional model nothing to win), so it is rated against a
 * constant rate, and the burst's windows flag.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { mulberry32 } from "../prng.js";
import { arrivals, HOUR, trafficDay, violations } from "./traffic-days.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
const PER_DAY = 480; // per model: 80 requests an hour over all four
const DAYS = 3;
const MINUTES = DAYS * 24 * 60;
/** The traffic burst: minutes [BURST_FROM, BURST_TO) on day two, every model ×FACTOR. */
const BURST_FROM = 1800;
const BURST_TO = 1980;
/** Under 2: the helper thins arrivals at twice a model's mean rate. */
const FACTOR = 1.9;
/** Minute 0 of the helpers' clock (test/correlation/helpers.ts `at`). */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);

const factor = (minute: number): number => (minute >= BURST_FROM && minute < BURST_TO ? FACTOR : 1);

/**
 * The capture: requests (flat, ×FACTOR in the burst) and violations on `share` of them, plus
 * `extra` violations a minute over `wave` (a policy change that rejects what it passed before).
 */
function capture(seed: number, options: { share: number; wave?: readonly [number, number]; extra?: number }) {
  const day = trafficDay({ seed, days: DAYS, models: MODELS, perDay: PER_DAY, depth: 0, factor: (_, m) => factor(m) });
  const rand = mulberry32(seed + 4099);
  const perMinute = (MODELS.length * PER_DAY) / (24 * 60);
  // Violations at `share` of the request rate, minute by minute: they follow the traffic.
  const flagged = arrivals(
    rand,
    (m) => perMinute * options.share * factor(m),
    perMinute * options.share * FACTOR,
    0,
    MINUTES,
  );
  const [w0, w1] = options.wave ?? [0, 0];
  const extra = options.extra ?? 0;
  const wave = w0 === w1 ? [] : arrivals(rand, () => extra, extra, w0, w1);
  return [...day.events, ...violations([...flagged, ...wave])];
}

describe("policy violations against the traffic their engine judged", { timeout: 180_000 }, () => {
  it("reports no incident for violations that rise with a burst of traffic, at the traffic's share", () => {
    for (const seed of [1, 2, 3, 4]) {
      const analysis = analyzeIncidents(capture(seed, { share: 0.25 }));
      // The count was scored and its burst windows were flagged (the test would pass vacuously
      // if the violations never looked anomalous against their constant rate).
      const series = analysis.series.find((s) => s.signal === "policy_violations");
      expect(series?.scored_windows).toBeGreaterThan(20);
      expect(analysis.incidents.map((i) => i.title)).toEqual([]);
    }
  });

  it("still finds a wave of violations while the traffic stays as it was", () => {
    // The same wave on day three, outside the traffic burst.
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(capture(seed, { share: 0.25, wave: [3300, 3390], extra: 0.6 }));
      const found = analysis.incidents.filter((i) => i.signals.includes("policy_violations"));
      expect(found).toHaveLength(1);
      expect(Math.abs(Date.parse(found[0]!.start) - (START + 3300 * 60_000))).toBeLessThanOrEqual(HOUR);
    }
  });
});
