/*
 * A day whose common window is wide (the median model has its 10 requests per window only at
 * 60 minutes) and a busy model's short incident: the busy model's series are cut at the width
 * its own traffic supports, but no finer than 5 minutes (docs/correlation.md "Choosing the
 * window", round fourteen; the floor 15 minutes until round twenty-one). Hand-built days: a small seeded generator of its own (mulberry32,
 * Poisson arrivals, log-normal latencies by Box–Muller), sharing no code with the evaluation
 * suites' generators.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";

const MINUTE = 60_000;
const BUSY = "gpt-4o";
/** Nineteen quieter models: 0.25 requests a minute each, 360 in the day. */
const QUIET = Array.from({ length: 19 }, (_, i) => `model-${i + 1}`);
/** The spike: 25 minutes from 03:20 of the second day (minute 800 of the capture). */
const SPIKE_AT = 800;
const SPIKE_MINUTES = 25;

/**
 * 24 hours: the busy model at 3 requests a minute (about 4,300), the quiet ones at 0.25; every
 * request log-normal, median 2 s, log-scale spread 0.5. `spike(minute)` multiplies the busy
 * model's latency; `keep(minute)` is the share of its requests that arrive (thinning a Poisson
 * process keeps it Poisson).
 */
function day(
  seed: number,
  spike: (minute: number) => number,
  keep: (minute: number) => number = () => 1,
): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  const models: [string, number][] = [[BUSY, 3], ...QUIET.map((m): [string, number] => [m, 0.25])];
  for (const [model, perMinute] of models) {
    for (let m = 0; ; ) {
      m += -Math.log(1 - rand()) / perMinute;
      if (m >= 24 * 60) break;
      if (model === BUSY && rand() >= keep(m)) continue;
      const factor = model === BUSY ? spike(m) : 1;
      const ms = Math.exp(Math.log(2000) + 0.5 * gaussian(rand)) * factor;
      const n = id++;
      events.push(event({ id: n, minute: m, module: "llm-observatory", payload: latency(model, ms, `req-${n}`) }));
    }
  }
  return events;
}

/** ×3.5 on three requests of four during the spike (the others as usual). */
function spikeOf(seed: number): (minute: number) => number {
  const rand = mulberry32(seed * 7919);
  return (m) => (m >= SPIKE_AT && m < SPIKE_AT + SPIKE_MINUTES && rand() < 0.75 ? 3.5 : 1);
}

const SEEDS = [1, 2, 3, 4, 5, 6];

describe("a wide common window and a busy model's short incident", () => {
  it("cuts the busy model at the 5 minutes its traffic supports and the others at the common 60", () => {
    // Median model: 360 requests in 24 h, 15 an hour: 10 per window at 60 minutes (30 give 7.5),
    // under the span's cap of 120 minutes, so not capped. The busy model's 3 a minute support
    // 5-minute windows on their own (15 a window; 2 minutes would give 6, under the target of 10),
    // which the floor (5 minutes) allows.
    const analysis = analyzeIncidents(day(1, () => 1));
    expect(analysis.method.window_ms).toBe(60 * MINUTE);
    const widths = (model: string | null) =>
      new Set(analysis.series.filter((s) => s.model === model).map((s) => s.window_ms));
    expect(widths(BUSY)).toEqual(new Set([5 * MINUTE]));
    for (const m of QUIET) expect(widths(m)).toEqual(new Set([60 * MINUTE]));
  });

  it("finds the 25-minute spike and roots it in the busy model's latency at its onset", () => {
    // At 60-minute windows the spike is under half of one window; at 5 minutes it fills four
    // or five whole (an incident needs two windows or |z| ≥ 10).
    for (const seed of SEEDS) {
      const events = day(seed, spikeOf(seed));
      const origin = Date.UTC(2025, 5, 3, 14, 0, 0);
      const incidents = analyzeIncidents(events).incidents.filter((i) =>
        i.series.some((s) => s.series_id === `latency_p95{model_id=${BUSY}}`),
      );
      expect(incidents).toHaveLength(1);
      const start = (Date.parse(incidents[0]!.start) - origin) / MINUTE;
      expect(Math.abs(start - SPIKE_AT)).toBeLessThan(15);
      // Rooted in the busy model's latency, at a request within a few minutes of the onset (the
      // spike's first slow requests; an ordinary one seconds before it where the change point
      // falls between them).
      const root = incidents[0]!.series.find((s) => s.role === "root_cause");
      expect(root?.series_id).toBe(`latency_p95{model_id=${BUSY}}`);
      const rootMinute = (Date.parse(incidents[0]!.root?.timestamp ?? "") - origin) / MINUTE;
      expect(Math.abs(rootMinute - SPIKE_AT)).toBeLessThan(5);
    }
  });

  it("opens no incident on the same days without the spike", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(day(seed, () => 1)).incidents).toEqual([]);
  });

  it("keeps a narrowed model's fall in traffic as an anomaly that opens no incident", () => {
    // The busy model's traffic at 30 % for an hour: at 5-minute windows (15 requests → 4.5) its
    // throughput is flagged, but a narrowed scope's counts open no incident on their own (sessions
    // and bursts that 60-minute windows average out; docs/correlation.md "Wide days").
    const fall = (m: number) => (m >= SPIKE_AT && m < SPIKE_AT + 60 ? 0.3 : 1);
    let flagged = 0;
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(day(seed, () => 1, fall));
      flagged += analysis.anomalies.filter((a) => a.series_id === `throughput{model_id=${BUSY}}` && a.z < 0).length;
      expect(analysis.incidents).toEqual([]);
    }
    expect(flagged).toBeGreaterThan(0);
  });
});
