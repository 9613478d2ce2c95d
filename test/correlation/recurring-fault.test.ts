/*
 * The second fault of a day (round twenty-five, rec25). Hand-built days from a seeded generator of
 * their own (mulberry32, Poisson arrivals, log-normal latencies by Box–Muller, Bernoulli
 * failures), sharing no code with the evaluation suites' generators:
 *  - a recurring fault: one model's error rate 2 % → 22 % for 12 minutes, back to 2 %, and the
 *    same burst again 30 minutes after the first began. The first burst begins ten minutes into
 *    the capture, before the series' history holds the 24 windows its CUSUMs wait for, so its
 *    windows reach the history one by one until a run of them is found (third 6161 day 31: the
 *    history kept 4 of the first burst's 12 windows, and the second burst was judged against
 *    them and missed). Expected: two incidents on that model's error rate, one dated within one
 *    window of each burst's start — the construction's truth.
 *  - two models' unrelated latency spikes minutes apart (×6 on one, ×4 on the other from 5
 *    minutes later, no shared dependency, no trace linking them): two incidents, one per model.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { onsetWithin, requestEnded } from "./helpers.js";

const TARGET = "target-model-8b";
const OTHER = "other-model-70b";
/** The capture: minutes 0–80. */
const SPAN = 80;
/** The bursts of the recurring fault: [start, end) in minutes; the second 30 minutes after the first. */
const BURSTS: readonly [number, number][] = [
  [10, 22],
  [40, 52],
];

interface Model {
  readonly name: string;
  readonly perMinute: number;
  readonly medianMs: number;
  /** The failure share at minute m. */
  readonly failure: (m: number) => number;
  /** The latency factor at minute m. */
  readonly slow: (m: number) => number;
}

const steady = () => 1;

/** Requests of every model over [0, SPAN) (Poisson arrivals, log-normal latency, spread 0.4). */
function day(seed: number, models: readonly Model[]): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let n = 1;
  for (const model of models) {
    for (let m = 0; ; ) {
      m += -Math.log(1 - rand()) / model.perMinute;
      if (m >= SPAN) break;
      const ms = Math.exp(Math.log(model.medianMs) + 0.4 * gaussian(rand)) * model.slow(m);
      const failed = rand() < model.failure(m);
      const tags = { "http.status_code": failed ? "500" : "200" };
      events.push(requestEnded({ n: n++, model: model.name, minute: m, ms, requestId: `req-${n}`, tags }));
    }
  }
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

const inBurst = (m: number) => BURSTS.some(([from, to]) => m >= from && m < to);

/** The target model at 25 requests a minute with the recurring burst (or without, `burst` false); two busy peers. */
function recurringDay(seed: number, burst = true): AnalyticsEvent[] {
  const peer = (name: string, medianMs: number): Model => ({
    name,
    perMinute: 10,
    medianMs,
    failure: () => 0.01,
    slow: steady,
  });
  return day(seed, [
    { name: TARGET, perMinute: 25, medianMs: 900, failure: (m) => (burst && inBurst(m) ? 0.22 : 0.02), slow: steady },
    peer("peer-a", 1500),
    peer("peer-b", 700),
  ]);
}

const SEEDS = Array.from({ length: 40 }, (_, i) => i + 1);

describe("a recurring error burst on one model", () => {
  it("is reported as two incidents, each dated at its own burst, on at least half the seeds", () => {
    // Main 9426b61 reported both bursts on 15 of these 40 seeds (the second burst's runs were
    // judged against a history holding the first burst's unflagged windows); with the first
    // burst's leaning windows out of the history, 22 (of seeds 1–20, main's 5 are among its 9). The
    // first burst alone is found on 30 seeds by both: at a 22 % share over 25 requests a minute
    // a burst is near the data's limit at 1-minute windows. Half the seeds is the floor.
    const both = SEEDS.filter((seed) => {
      const analysis = analyzeIncidents(recurringDay(seed));
      const width = analysis.method.window_ms;
      const onTarget = analysis.incidents.filter((i) => i.models.includes(TARGET) && i.signals.includes("error_rate"));
      return BURSTS.every(([from]) => onTarget.some((i) => onsetWithin(i, from, width)));
    });
    expect(both.length).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });

  it("the same days without the bursts open no incident", () => {
    for (const seed of SEEDS.slice(0, 20)) expect(analyzeIncidents(recurringDay(seed, false)).incidents).toEqual([]);
  });
});

describe("two models' unrelated latency spikes minutes apart", () => {
  it("are two incidents, one per model, each dated at its own spike", () => {
    // Main 9426b61 passes this already (10 of 10 seeds): a guard on the grouping, not the change's test.
    // ×6 on the first model from minute 40, ×4 on the second from minute 45, both to minute 60;
    // no trace, no shared deployment: nothing says one caused the other.
    for (const seed of SEEDS.slice(0, 10)) {
      const events = day(seed, [
        { name: TARGET, perMinute: 12, medianMs: 900, failure: () => 0.01, slow: (m) => (m >= 40 && m < 60 ? 6 : 1) },
        { name: OTHER, perMinute: 12, medianMs: 2500, failure: () => 0.01, slow: (m) => (m >= 45 && m < 60 ? 4 : 1) },
        { name: "peer-a", perMinute: 10, medianMs: 1500, failure: () => 0.01, slow: steady },
      ]);
      const analysis = analyzeIncidents(events);
      const width = analysis.method.window_ms;
      const latency = analysis.incidents.filter((i) => i.signals.includes("latency_p95"));
      const first = latency.filter((i) => i.root?.model === TARGET);
      const second = latency.filter((i) => i.root?.model === OTHER);
      expect(first.length, `seed ${seed}`).toBe(1);
      expect(second.length, `seed ${seed}`).toBe(1);
      expect(onsetWithin(first[0] as { start: string }, 40, width), `seed ${seed}`).toBe(true);
      expect(onsetWithin(second[0] as { start: string }, 45, width), `seed ${seed}`).toBe(true);
      expect(first[0]?.models, `seed ${seed}`).toEqual([TARGET]);
    }
  });
});
