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
import { followsTraffic, type Grid, trafficExposure, windowCounts } from "../../src/correlation/incidents/detect.js";
import { INCIDENT_SIGNAL_SOURCES } from "../../src/correlation/incidents/signals.js";
import { RawSeries } from "../../src/correlation/incidents/store.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
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

describe("global counts that follow their own deployment's traffic", { timeout: 120_000 }, () => {
  // Two tenants, each its own environment with two models, whose daily curves peak twelve hours
  // apart (held-out --seed 5151 day 12: "prod" and "prd-eu-west-1"); each one's guardrail flags
  // a share of its own requests, three in ten of one's and one in twenty of the other's. Their
  // summed traffic is flat, so against it neither the violations' curve nor a constant rate
  // fits; against a constant, or a trend of the last day, the first tenant's peak was read as a
  // burst (before: 2, 2, 2 and 0 "policy violations rose" incidents on the four seeds).
  const TENANTS: Readonly<Record<string, { environment: string; trough: number; share: number }>> = {
    "gpt-4o": { environment: "prod", trough: 4, share: 0.3 },
    "claude-3-5-sonnet": { environment: "prod", trough: 4, share: 0.3 },
    "gemini-2.0-flash": { environment: "prd-eu-west-1", trough: 16, share: 0.05 },
    "mistral-large": { environment: "prd-eu-west-1", trough: 16, share: 0.05 },
  };
  function tenants(seed: number, burst: readonly number[] = []) {
    const day = trafficDay({
      seed,
      days: DAYS,
      models: MODELS,
      perDay: PER_DAY,
      environment: (m) => TENANTS[m]!.environment,
      troughHour: (m) => TENANTS[m]!.trough,
    });
    const rand = mulberry32(seed + 2000);
    const flagged: AnalyticsEvent[] = [];
    for (const [model, minutes] of day.requests) {
      const picked = minutes.filter(() => rand() < TENANTS[model]!.share);
      const environment = TENANTS[model]!.environment;
      flagged.push(...violations(picked).map((e) => ({ ...e, environment }) as AnalyticsEvent));
    }
    const extra = violations(burst).map((e) => ({ ...e, environment: "prd-eu-west-1" }) as AnalyticsEvent);
    return [...day.events, ...flagged, ...extra];
  }

  it("reports no incident for each tenant's violations in proportion to its own requests", () => {
    for (const seed of [1, 2, 3, 4]) {
      const analysis = analyzeIncidents(tenants(seed));
      expect(analysis.method.window_ms).toBe(HOUR);
      expect(analysis.incidents.map((i) => i.title)).toEqual([]);
      expect(analysis.series.find((s) => s.signal === "policy_violations")?.scored_windows).toBeGreaterThan(30);
    }
  });

  it("still finds a burst of the quieter tenant's violations at its own peak", () => {
    // 25 more in half an hour at minute 1,680 (18:00 on day two), the second tenant's peak (its
    // trough is at minute 960, the first's at minute 240 and 1,680), where the two tenants send
    // some 4 violations an hour together.
    for (const seed of [1, 2, 3]) {
      const burst = arrivals(mulberry32(seed + 3000), () => 25 / 30, 25 / 30, 1680, 1710);
      const analysis = analyzeIncidents(tenants(seed, burst));
      expect(analysis.incidents.map((i) => i.signals.includes("policy_violations"))).toEqual([true]);
      expect(Math.abs(Date.parse(analysis.incidents[0]!.start) - (START + 1680 * 60_000))).toBeLessThanOrEqual(HOUR);
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

  it("rates each deployment's counts against its own traffic (trafficExposure)", () => {
    // Two deployments whose curves peak twelve hours apart: their summed traffic is flat (the
    // two cosines cancel), so against it the violations' curve is no better than a constant.
    const a = Float64Array.from({ length: 48 }, (_, j) => daily(j * 60 + 30));
    const b = Float64Array.from({ length: 48 }, (_, j) => daily(j * 60 + 30, 0.8, 16));
    const total = a.map((x, j) => x + (b[j] as number));
    const countsA = [...a].map((e) => Math.round(6 * e));
    const countsB = [...b].map((e) => Math.round(2 * e));
    const both = countsA.map((c, j) => c + (countsB[j] as number));
    expect(followsTraffic(series(both), grid, total, 6)).toBe(false);
    const groups = [
      { counts: windowCounts(series(countsA), grid), traffic: a },
      { counts: windowCounts(series(countsB), grid), traffic: b },
    ];
    const exposure = trafficExposure(groups, grid, 6);
    expect(exposure).toBeDefined();
    // The expected count of each window is 6·a + 2·b, up to the rounding of the counts (±0.5 each).
    for (let j = 0; j < 48; j++) {
      const expected = 6 * (a[j] as number) + 2 * (b[j] as number);
      expect(Math.abs((exposure![j] as number) - expected)).toBeLessThan(0.1 * expected);
    }
    // One group is followsTraffic itself, and a constant count in each deployment follows neither.
    expect(trafficExposure([{ counts: windowCounts(series(both), grid), traffic: total }], grid, 6)).toBeUndefined();
    const flat = [
      { counts: windowCounts(series(Array(48).fill(4)), grid), traffic: a },
      { counts: windowCounts(series(Array(48).fill(2)), grid), traffic: b },
    ];
    expect(trafficExposure(flat, grid, 6)).toBeUndefined();
  });

  it("says neither with too few windows", () => {
    const short: Grid = { ...grid, windows: 10, dataEnd: 10 * HOUR - 1 };
    const counts = [...index].slice(0, 10).map((e) => Math.round(6 * e));
    expect(followsTraffic(series(counts), short, index.slice(0, 10), 6)).toBe(false);
  });
});
