/*
 * Counts over all events rated against the traffic (`followsTraffic`): a guardrail that checks
 * every request flags in proportion to them, so its count rises and falls with the daily curve;
 * rated against a constant rate or a short trend, the daily peak reads as a burst. Hand-built
 * two-day captures (test/correlation/traffic-days.ts: a seeded Poisson generator of its own):
 * four models whose requests follow a daily curve from 0.2 to 1.8 of their mean (trough at
 * minute 240 and every 24 h after, peak 12 h later; 1,200 requests a day in all, so one-hour
 * windows), policy violations on a tenth of the requests.
 */
import { describe, expect, it } from "vitest";
import { followsTraffic, type Grid, windowCounts } from "../../src/correlation/incidents/detect.js";
import { INCIDENT_SIGNAL_SOURCES } from "../../src/correlation/incidents/signals.js";
import { RawSeries } from "../../src/correlation/incidents/store.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { mulberry32 } from "../prng.js";
import { arrivals, daily, HOUR, threats, trafficDay, violations } from "./traffic-days.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
const PER_DAY = 300; // per model
const DAYS = 2;
const MINUTES = DAYS * 24 * 60;
/** Requests per minute over all models, on average. */
const TOTAL = (MODELS.length * PER_DAY) / (24 * 60);
/** Minute 0 of the helpers' clock (test/correlation/helpers.ts `at`). */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);

function capture(
  seed: number,
  options: { share?: number; burst?: readonly number[]; threatsPerMinute?: number; attack?: readonly number[] } = {},
) {
  const day = trafficDay({ seed, days: DAYS, models: MODELS, perDay: PER_DAY });
  const rand = mulberry32(seed + 1000);
  const share = options.share ?? 0.1;
  // Violations at a tenth of the request rate, minute by minute: they follow the daily curve.
  const flagged = arrivals(rand, (m) => TOTAL * share * daily(m), TOTAL * share * 2, 0, MINUTES);
  const [from, to] = options.burst ?? [0, 0];
  const burst = from === to ? [] : arrivals(rand, () => 1, 1, from as number, to as number);
  const rate = options.threatsPerMinute ?? 0;
  const steady = rate === 0 ? [] : arrivals(rand, () => rate, rate, 0, MINUTES);
  // An attack: two threats a minute over [attack[0], attack[1]).
  const [a0, a1] = options.attack ?? [0, 0];
  if (a0 !== a1) steady.push(...arrivals(rand, () => 2, 2, a0 as number, a1 as number));
  return { events: [...day.events, ...violations([...flagged, ...burst]), ...threats(steady)], burst };
}

describe("global counts that follow the traffic", { timeout: 120_000 }, () => {
  it("reports no incident for policy violations in proportion to a daily traffic curve", () => {
    for (const seed of [1, 2, 3, 4]) {
      const { events } = capture(seed);
      const analysis = analyzeIncidents(events);
      expect(analysis.method.window_ms).toBe(HOUR);
      expect(analysis.incidents.map((i) => i.title)).toEqual([]);
      // The series exists and was scored (the test would pass vacuously without it).
      const series = analysis.series.find((s) => s.signal === "policy_violations");
      expect(series?.scored_windows).toBeGreaterThan(30);
    }
  });

  it("still finds a burst of violations on top of the curve, at its trough", () => {
    // 30 extra violations in half an hour at minute 1,800 (20:00 on day two, two hours past
    // the curve's trough at minute 1,680: a third of its mean, some 1.6 violations an hour).
    for (const seed of [1, 2, 3]) {
      const { events } = capture(seed, { burst: [1800, 1830] });
      const analysis = analyzeIncidents(events);
      expect(analysis.incidents).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      expect(incident.signals).toContain("policy_violations");
      const start = Date.parse(incident.start);
      const burstStart = START + 1800 * 60_000;
      expect(Math.abs(start - burstStart)).toBeLessThanOrEqual(HOUR);
    }
  });

  it("keeps a count with a pace of its own off the traffic: steady threats, and an attack at the traffic's peak", () => {
    // Twenty threats an hour, day and night, and 60 more in half an hour at the curve's second
    // peak (minute 2,400 = 06:00 on day three). Rated against the traffic, the steady pace would
    // be a ratio that swings ×9 over the day, its spread would swallow the attack.
    for (const seed of [1, 2, 3]) {
      const steady = analyzeIncidents(capture(seed, { threatsPerMinute: 20 / 60 }).events);
      expect(steady.incidents.map((i) => i.title)).toEqual([]);
      expect(steady.series.find((s) => s.signal === "threats")?.scored_windows).toBeGreaterThan(30);
      const attacked = analyzeIncidents(capture(seed, { threatsPerMinute: 20 / 60, attack: [2400, 2430] }).events);
      expect(attacked.incidents.map((i) => i.signals.includes("threats"))).toEqual([true]);
      const start = Date.parse(attacked.incidents[0]!.start);
      expect(Math.abs(start - (START + 2400 * 60_000))).toBeLessThanOrEqual(HOUR);
    }
  });
});

describe("followsTraffic", () => {
  const POLICY_SOURCE = INCIDENT_SIGNAL_SOURCES.findIndex((s) => s.signal === "policy_violations");
  // Hand-built window counts: 48 one-hour windows, an index from 0.2 to 1.8.
  const grid: Grid = { origin: 0, width: HOUR, windows: 48, dataStart: 0, dataEnd: 48 * HOUR - 1 };
  const index = Float64Array.from({ length: 48 }, (_, j) => daily(j * 60 + 30));
  /** A count series with `counts[j]` occurrences spread over window j. */
  function series(counts: readonly number[]): RawSeries {
    const raw = new RawSeries(POLICY_SOURCE, undefined, undefined);
    counts.forEach((c, j) => {
      for (let k = 0; k < c; k++) {
        raw.times.push(j * HOUR + ((k + 0.5) / c) * HOUR);
        raw.values.push(1);
        raw.totals.push(0);
        raw.events.push(raw.events.length);
      }
    });
    return raw;
  }

  it("takes the traffic as exposure when the counts are proportional to it", () => {
    const counts = [...index].map((e) => Math.round(6 * e));
    expect(windowCounts(series(counts), grid).reduce((a, b) => a + b, 0)).toBe(counts.reduce((a, b) => a + b, 0));
    expect(followsTraffic(series(counts), grid, index, 6)).toBe(true);
  });

  it("keeps a constant rate off it, and a constant rate with one burst at the peak too", () => {
    expect(followsTraffic(series(Array(48).fill(6)), grid, index, 6)).toBe(false);
    const burst = Array(48).fill(6);
    burst[16] = 40; // at the curve's peak (16:00 with the trough at 04:00)
    expect(followsTraffic(series(burst), grid, index, 6)).toBe(false);
  });

  it("says neither with too few windows", () => {
    const short: Grid = { ...grid, windows: 10, dataEnd: 10 * HOUR - 1 };
    const counts = [...index].slice(0, 10).map((e) => Math.round(6 * e));
    expect(followsTraffic(series(counts), short, index.slice(0, 10), 6)).toBe(false);
  });
});
