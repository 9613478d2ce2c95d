/*
 * An error-rate reporter that forwards cumulative counters (a Prometheus bridge sending
 * `requests_total`/`failures_total` at every scrape, reset to 0 when its process restarts) is
 * read as Prometheus' `increase()` reads a counter: the differences of consecutive reports, a fall
 * being a reset from 0. Hand-built days: a small seeded generator of its own (mulberry32, Poisson
 * counts per scrape by inversion), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import {
  type CounterReport,
  counterIncrements,
  MIN_COUNTER_REPORTS,
} from "../../src/correlation/incidents/counters.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32, poisson } from "../prng.js";
import { at, deepFreeze, errorRate, uuidOf } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.parse(at(0));
/** The scrape interval: 30 s. */
const SCRAPE = 0.5;
const MODEL = "gpt-4o";

/** One scrape's forwarded counters, as an `error_rate` payload tagged with the scraped target. */
function scrape(id: number, minute: number, pod: string, total: number, failed: number): AnalyticsEvent {
  return deepFreeze(
    AnalyticsEvent.parse({
      event_id: uuidOf(id),
      timestamp: at(minute),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
      tags: { job: "llm-gateway", instance: `${pod}:9090` },
      payload: errorRate(MODEL, failed, total, SCRAPE * 60),
    }),
  );
}

interface Scrape {
  readonly id: string;
  readonly minute: number;
  readonly pod: string;
}

/**
 * Four hours of two pods behind one model, each scraped every 30 s (scrapes 7 s past the
 * half-minute), each counting since its own start (days of earlier traffic: the counters start
 * high). Per pod and scrape, Poisson(`perScrape`) requests, of which a share `failShare(minute)` fails
 * (a binomial draw). Pod-1 restarts at minute 60, and a deployment restarts both at minute 200
 * (counters back to 0), where each pod's first scrape counts 1 failure in 4 requests, as a
 * restart's first requests can.
 */
function bridgeDay(seed: number, failShare: (minute: number) => number, perScrape = 12) {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const scrapes: Scrape[] = [];
  let id = 1;
  for (const [pod, restarts, total0] of [
    ["pod-0", [200], 812_345],
    ["pod-1", [60, 200], 95_432],
  ] as const) {
    let total: number = total0;
    let failed = Math.round(total0 * 0.01);
    for (let minute = 7 / 60 + SCRAPE; minute <= 240; minute += SCRAPE) {
      let n = poisson(rand, perScrape);
      let f = 0;
      for (let i = 0; i < n; i++) if (rand() < failShare(minute - SCRAPE / 2)) f++;
      const restart = restarts.find((r) => minute - SCRAPE < r && minute >= r);
      if (restart !== undefined) {
        total = 0;
        failed = 0;
        if (restart === 200) {
          n = 4;
          f = 1;
        }
      }
      total += n;
      failed += f;
      const e = scrape(id++, minute, pod, total, failed);
      events.push(e);
      scrapes.push({ id: e.event_id, minute, pod });
    }
  }
  return { events, scrapes };
}

describe("counterIncrements", () => {
  it("reads a counter as Prometheus' increase() does: differences, a fall counted from 0", () => {
    // Prometheus (promql/functions.go, extrapolatedRate): over samples of a counter the increase
    // is last − first plus, at each reset, the value before it: 9 − 5 + 30 = 34 here; each
    // interval's share is the difference, or the new value after a reset.
    const values = [5, 7, 10, 12, 15, 16, 20, 21, 25, 30, 2, 4, 9];
    const reports: CounterReport[] = values.map((v, i) => ({ t: i * 15_000, requests: v * 10, failures: v }));
    const inc = counterIncrements(Object.freeze(reports.map((r) => Object.freeze(r))))!;
    expect(inc).toBeDefined();
    expect(inc.map((x) => x.failures)).toEqual([2, 3, 2, 3, 1, 4, 1, 4, 5, 2, 2, 5]);
    expect(inc.reduce((a, x) => a + x.failures, 0)).toBe(34);
    expect(inc.map((x) => x.requests)).toEqual([20, 30, 20, 30, 10, 40, 10, 40, 50, 20, 20, 50]);
    // The first report is the baseline: no increment is read from it.
    expect(inc.map((x) => x.report)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    // Two resets in twelve steps are more than a restarting process makes: not a counter.
    const twice = [...values.slice(0, 6), 1, 3, 6, 2, 4, 9, 12];
    expect(counterIncrements(twice.map((v, i) => ({ t: i * 15_000, requests: v * 10, failures: v })))).toBeUndefined();
  });

  it("gives the same increments whatever order the reports come in", () => {
    const reports: CounterReport[] = [100, 110, 125, 125, 140, 150, 160, 170, 180, 190, 3, 20, 31].map((v, i) => ({
      t: i * 30_000,
      requests: v,
      failures: Math.floor(v / 10),
    }));
    const shuffled = [4, 0, 12, 6, 2, 10, 5, 1, 11, 3, 9, 7, 8].map((i) => reports[i]!);
    const inOrder = counterIncrements(reports)!.map((x) => [reports[x.report]!.t, x.requests, x.failures]);
    const fromShuffled = counterIncrements(shuffled)!.map((x) => [shuffled[x.report]!.t, x.requests, x.failures]);
    expect(fromShuffled).toEqual(inOrder);
    // The step from 125 to 125 adds no request: no increment (no request, no error rate).
    expect(inOrder.map(([, n]) => n)).toEqual([10, 15, 15, 10, 10, 10, 10, 10, 3, 17, 11]);
  });

  it("leaves per-window counts, too few reports and totals that never move as they are", () => {
    const rand = mulberry32(7);
    const perWindow: CounterReport[] = Array.from({ length: 40 }, (_, i) => {
      const n = poisson(rand, 30);
      return { t: i * 60_000, requests: n, failures: Math.min(n, poisson(rand, 1)) };
    });
    expect(counterIncrements(perWindow)).toBeUndefined();
    const rising = (k: number): CounterReport[] =>
      Array.from({ length: k }, (_, i) => ({ t: i * 60_000, requests: 1000 + 10 * i, failures: 10 + i }));
    expect(counterIncrements(rising(MIN_COUNTER_REPORTS - 1))).toBeUndefined();
    expect(counterIncrements(rising(3))).toBeUndefined();
    expect(counterIncrements(rising(MIN_COUNTER_REPORTS))).toHaveLength(MIN_COUNTER_REPORTS - 1);
    const flat: CounterReport[] = Array.from({ length: 20 }, (_, i) => ({ t: i * 60_000, requests: 50, failures: 0 }));
    expect(counterIncrements(flat)).toBeUndefined();
    // Rising totals whose failures fall now and then are per-window failures, not a counter.
    const mixed = rising(20).map((r, i) => ({ ...r, failures: i % 3 === 0 ? 0 : r.failures }));
    expect(counterIncrements(mixed)).toBeUndefined();
  });
});

describe("an error-rate reporter that forwards cumulative counters", { timeout: 120_000 }, () => {
  // The burst: 40 % of the requests fail from minute 121 for 15 minutes (1 % otherwise).
  const FROM = 121;
  const burst = (minute: number) => (minute >= FROM && minute < FROM + 15 ? 0.4 : 0.01);

  it("finds a burst at its start, rooted in the first scrape that shows it", () => {
    for (const seed of [1, 2, 3]) {
      const day = bridgeDay(seed, burst);
      const analysis = analyzeIncidents(day.events);
      expect(analysis.incidents).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      expect(incident.signals).toContain("error_rate");
      const width = analysis.method.window_ms;
      expect(Math.abs(Date.parse(incident.start) - (START + FROM * MINUTE))).toBeLessThanOrEqual(width);
      // Read per scrape, the burst runs 15 minutes; read as cumulative ratios, for hours.
      expect(Date.parse(incident.end) - (START + (FROM + 15) * MINUTE)).toBeLessThanOrEqual(2 * width);
      const root = day.scrapes.find((s) => s.id === incident.root_cause?.root_event_id);
      expect(root).toBeDefined();
      expect(root!.minute).toBeGreaterThan(FROM);
      expect(root!.minute).toBeLessThanOrEqual(FROM + 2 * SCRAPE);
      // The rise is the burst's size, not a cumulative ratio's few tenths of a percent.
      const series = incident.series.find((s) => s.series_id.startsWith("error_rate"))!;
      const anomalies = analysis.anomalies.filter((a) => a.series_id === series.series_id);
      expect(Math.max(...anomalies.map((a) => a.anomaly.observed))).toBeGreaterThan(25);
    }
  });

  it("reports no incident at the restarts of a day without a burst", () => {
    // Busy pods, and quiet ones (2 requests a scrape), where the cumulative ratio just after the
    // restart, 2 failures in 8 requests, read as a 25 % error rate.
    for (const perScrape of [12, 2])
      for (const seed of [1, 2, 3]) {
        const day = bridgeDay(seed, () => 0.01, perScrape);
        const analysis = analyzeIncidents(day.events);
        expect(analysis.incidents).toEqual([]);
      }
  });
});
