/*
 * A latency spike on a sparse model (about 1.3 requests a minute, 2-minute windows of 1–4
 * requests) in a one-hour capture: no window of it reaches the threshold, and it begins before the
 * series' history holds 24 windows. Before round twenty-four (vrun24) its CUSUMs did not run
 * there, so nothing held the spike's windows out of the baseline, which learned the spike (third
 * 5353 day 33's nova-pro latency, baseline 4.8 → 9.4 s). Hand-built days: a seeded generator of
 * its own (mulberry32, Poisson arrivals, log-normal latencies by Box–Muller), sharing no code with
 * the evaluation suites' generators; two busy models at 5 a minute make the common width 2 minutes.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";

const SPARSE = "sparse-model-7b";
/** The spike: minutes 24–48 of the hour (window 12 of 30 on), two thirds of the requests ×4. */
const FROM = 24;
const TO = 48;

interface Day {
  readonly failed?: (model: string, minute: number, rand: () => number) => boolean;
  readonly slow?: boolean;
}

/**
 * One hour: busy-a (5 a minute, median 1.5 s), busy-b (5 a minute, 0.9 s), both log-scale spread
 * 0.4, and the sparse model (1.3 a minute, median 3 s, spread 0.8); with `slow`, two thirds of the
 * sparse model's requests begun in [FROM, TO) take ×4. Failures (HTTP 500) as `failed` says.
 */
function day(seed: number, spec: Day): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const models: [string, number, number, number][] = [
    ["busy-a", 5, 1500, 0.4],
    ["busy-b", 5, 900, 0.4],
    [SPARSE, 1.3, 3000, 0.8],
  ];
  const events: AnalyticsEvent[] = [];
  let n = 1;
  for (const [model, rate, median, sigma] of models) {
    for (let m = 0; ; ) {
      m += -Math.log(1 - rand()) / rate;
      if (m >= 60) break;
      let ms = Math.exp(Math.log(median) + sigma * gaussian(rand));
      if (spec.slow === true && model === SPARSE && m >= FROM && m < TO && rand() < 2 / 3) ms *= 4;
      const failed = spec.failed?.(model, m, rand) ?? false;
      const tags = { "http.status_code": failed ? "500" : "200" };
      events.push(requestEnded({ n: n++, model, minute: m, ms, requestId: `req-${n}`, tags }));
    }
  }
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

const ORIGIN = Date.UTC(2025, 5, 3, 14, 0, 0);

/** Whether an incident on the sparse model with `signal` overlaps the fault (its windows' reach). */
function found(events: readonly AnalyticsEvent[], signal: "latency_p95" | "error_rate"): boolean {
  return analyzeIncidents(events).incidents.some(
    (i) =>
      i.signals.includes(signal) &&
      JSON.stringify(i).includes(SPARSE) &&
      (Date.parse(i.start) - ORIGIN) / 60_000 <= TO + 2 &&
      (Date.parse(i.end) - ORIGIN) / 60_000 >= FROM,
  );
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe("a sparse model's latency spike before its history is full", () => {
  it("is found on at least a fifth of the seeds (4 of these 40 on main 7af9640)", () => {
    // At the data's limit: about 31 requests, 21 of them ×4 on a spread of 0.8, against about
    // 31 before. The floor is the change's, not a goal: a fifth of the seeds is what a run whose
    // windows stay out of the baseline must at least give, and what main 7af9640 did not.
    const hits = SEEDS.filter((seed) => found(day(seed, { slow: true }), "latency_p95"));
    expect(hits.length).toBeGreaterThanOrEqual(SEEDS.length / 5);
  });

  it("the same days without the spike open no incident", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(day(seed, {})).incidents).toEqual([]);
  });

  it("a sparse error burst (2 % → 50 % for 24 min) is found on half the seeds, and no day without it opens one", () => {
    // The error-rate CUSUM runs early too: main 7af9640 found 19 of these 40, and every seed it
    // found is still found. Half the seeds is the floor; a day without the burst opens nothing.
    const burst = (model: string, m: number, rand: () => number) =>
      rand() < (model === SPARSE ? (m >= FROM && m < TO ? 0.5 : 0.02) : 0.01);
    const base = (model: string, _m: number, rand: () => number) => rand() < (model === SPARSE ? 0.02 : 0.01);
    const hits = SEEDS.filter((seed) => found(day(seed, { failed: burst }), "error_rate"));
    expect(hits.length).toBeGreaterThanOrEqual(SEEDS.length / 2);
    for (const seed of SEEDS) expect(analyzeIncidents(day(seed, { failed: base })).incidents).toEqual([]);
  });
});
