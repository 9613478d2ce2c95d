/*
 * The root of a latency spike is not an ordinary slow request just before it: hand-built days
 * (their own generator below, independent of eval/) of one model called about once a minute
 * (Poisson), durations 800 ms·e^(0.4·Z), slowed ×3 from a known start τ for 20 minutes. The last
 * request before τ began 60 s before it and took the baseline's 97th percentile (800 ms·e^(0.4·1.88)
 * = 1.69 s): one request in 33 of the baseline is that slow, and a gap of 60 s between requests
 * at one a minute is ordinary (e^−1 = 37 % of gaps are longer).
 *
 * The scorer's rule (eval/score.ts, issue 13): the root is a latency event of the slowed model
 * that ended within the first five minutes after τ. The change point alone cannot tell whether
 * the slow request was the change's first or the baseline's last (its likelihood ratio is a few
 * to one), so "the first slow request from the change point on" named the ordinary one on most
 * seeds; a slow request after it ends within five minutes of either start, which the posterior
 * of the change time says (onset.ts, `rootByMass`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 8, 14, 0, 0, 0);
const TAU = DAY_START + 2 * HOUR + 37 * MINUTE + 21_000;
const MODEL = "acme-sparse-chat";
/** The baseline's 97th percentile: 800 ms·e^(0.4·z₀.₉₇), z₀.₉₇ = 1.8808 (normal quantile). */
const P97_MS = 800 * Math.exp(0.4 * 1.8808);

/**
 * Four hours of requests from DAY_START at one a minute (Poisson), durations 800 ms·e^(0.4·Z),
 * ×`factor` for those that begin in [τ, τ + 20 min). With `tail`, no request begins in the
 * minute before τ but one at τ − 60 s taking P97_MS.
 */
function requests(seed: number, factor: number, tail: boolean): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; t < DAY_START + 4 * HOUR; ) {
    t += -Math.log(1 - u()) * MINUTE;
    const slowed = t >= TAU && t < TAU + 20 * MINUTE;
    const durationMs = 800 * Math.exp(0.4 * gaussian(u)) * (slowed ? factor : 1);
    if (tail && t >= TAU - MINUTE && t < TAU) continue;
    out.push({ beginMs: t, durationMs });
  }
  if (tail) out.push({ beginMs: TAU - MINUTE, durationMs: P97_MS });
  return out.sort((a, b) => a.beginMs - b.beginMs);
}

/** The incident on MODEL: its latency series' onset, and its root event's end and duration. */
function rootOf(events: readonly AnalyticsEvent[]) {
  const analysis = analyzeIncidents(events);
  const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
  const series = incident?.series.find((s) => s.signal === "latency_p95");
  const root = events.find((e) => e.event_id === incident?.root_cause?.root_event_id);
  const data = root?.payload.payload_type === "telemetry" ? root.payload.data : undefined;
  return {
    incidents: analysis.incidents.length,
    onsetMs: series === undefined ? Number.NaN : Date.parse(series.onset),
    rootEndMs: root === undefined ? Number.NaN : Date.parse(root.timestamp),
    rootMs: data !== undefined && "total_latency_ms" in data ? Number(data.total_latency_ms) : Number.NaN,
  };
}

describe("an ordinary slow request a minute before a latency spike is not its root", () => {
  it("roots a ×3 slowdown in one of its own requests on most seeds", () => {
    // Seeds 1–20, each a day of its own. The rule before (the first slow request from the change
    // point on) rooted 6 of them right, mostly naming the 97th-percentile request (the data give
    // it odds of a few to one for being the change's first); the change's own requests are right
    // on 14. Where the change point's posterior spreads over minutes before τ (the sparse
    // baseline does not place it), no request ending after τ is the better bet, so not all 20.
    let right = 0;
    let named = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const day = rootOf(requestLatencyEvents(MODEL, requests(seed, 3, true)));
      if (day.rootEndMs >= TAU && day.rootEndMs <= TAU + 5 * MINUTE) right++;
      if (Math.abs(day.rootMs - P97_MS) < 1) named++;
      // The onset is dated as before: within a window (five minutes at this span) of τ, or
      // before it when the baseline's requests already lean slow.
      if (Number.isFinite(day.onsetMs)) expect(day.onsetMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
    }
    expect(right).toBeGreaterThanOrEqual(12);
    expect(named).toBeLessThanOrEqual(4);
  });
});

describe("a sharp spike is still rooted in its first slow response", () => {
  for (const seed of [41, 42, 43]) {
    it(`names the first slowed request to end (seed ${seed})`, () => {
      const reqs = requests(seed, 6, false);
      const day = rootOf(requestLatencyEvents(MODEL, reqs));
      // The first request of the slowdown to end: the earliest end among those begun from τ.
      const firstEnd = Math.min(...reqs.filter((r) => r.beginMs >= TAU).map((r) => r.beginMs + r.durationMs));
      expect(day.incidents).toBe(1);
      expect(Math.abs(day.rootEndMs - firstEnd)).toBeLessThanOrEqual(1);
    });
  }
});
