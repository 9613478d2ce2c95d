/*
 * A ramp's shape and what its start can be dated to: hand-built days (their own generator below,
 * independent of eval/), one model at 20 requests a minute, log-normal durations (median 2 s,
 * σ = 0.35 on the log scale), from a known start τ multiplied by 1 + 2·s(x) for x the share of a
 * 60-minute ramp gone by (×3 at its end), then a 30-minute plateau, then back to normal. The
 * analysis runs at 5-minute windows (the suites' most common width).
 *
 * - linear, s(x) = x: the rise is 2/60 = 3.3 % a minute from τ on. The data need about six
 *   minutes to show it at all (`evidenceMinutes`), but the line's continuation back to the flat
 *   level pins τ (the drift's start model, onset.ts `rampStart`, is this curve): dated within
 *   one window.
 * - convex, s(x) = x² (eval/fourth's "convex" variant): the first five minutes are slower by
 *   ×1.014 at most, far below one request's spread (σ = 0.35, ×1.42), and nothing in the data
 *   marks where the flat part ends. The earliest a test that knew τ could tell the ramp from the
 *   baseline is `evidenceMinutes` below: the cumulative shift of the mean log duration since τ
 *   over its standard error, σ/√(requests), reaching 3 (Shewhart's limit). The analysis must
 *   date the ramp no earlier than τ (a baseline request is no root) and no later than that
 *   minute plus a window: later would be the analysis's loss, earlier than it the data cannot.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/incidents/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 6, 3, 0, 0, 0);
const MODEL = "acme-ramp";
const PER_MINUTE = 20;
const SIGMA = 0.35;
const RAMP_MINUTES = 60;
const PLATEAU_MINUTES = 30;
const MAGNITUDE = 3;
const WINDOW = 5 * MINUTE;
const TAU = DAY_START + 3 * HOUR + 17 * MINUTE + 41_000;

type Shape = (x: number) => number;
const linear: Shape = (x) => x;
const convex: Shape = (x) => x * x;

/** The factor a request that began at `t` is slowed by. */
function slowdown(shape: Shape, t: number): number {
  if (t < TAU || t >= TAU + (RAMP_MINUTES + PLATEAU_MINUTES) * MINUTE) return 1;
  return 1 + (MAGNITUDE - 1) * shape(Math.min(1, (t - TAU) / (RAMP_MINUTES * MINUTE)));
}

/** Six hours of Poisson arrivals at PER_MINUTE, durations 2 s × e^(σ·Z) × the slowdown. */
function requests(seed: number, shape: Shape): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; ; ) {
    t += (-Math.log(1 - u()) / PER_MINUTE) * MINUTE;
    if (t >= DAY_START + 6 * HOUR) return out;
    out.push({ beginMs: t, durationMs: 2000 * Math.exp(SIGMA * gaussian(u)) * slowdown(shape, t) });
  }
}

/**
 * Minutes after τ until the expected rise of the mean log duration of the requests since τ
 * reaches 3 standard errors (σ/√n, n = PER_MINUTE·m requests), integrated on a 1-second grid.
 */
function evidenceMinutes(shape: Shape): number {
  let sum = 0;
  for (let s = 1; s <= RAMP_MINUTES * 60; s++) {
    sum += Math.log(slowdown(shape, TAU + s * 1000)) * (PER_MINUTE / 60);
    const n = (PER_MINUTE * s) / 60;
    if (sum / n / (SIGMA / Math.sqrt(n)) >= 3) return s / 60;
  }
  return RAMP_MINUTES;
}

function dated(seed: number, shape: Shape): { onsetMs: number; rootEndMs: number } {
  const events = requestLatencyEvents(MODEL, requests(seed, shape));
  const analysis = analyzeIncidents(events, { windowMs: WINDOW });
  const series = analysis.incidents
    .find((i) => i.models.includes(MODEL))
    ?.series.find((s) => s.signal === "latency_p95");
  const root = events.find((e) => e.event_id === series?.onset_event_id);
  return {
    onsetMs: series === undefined ? Number.NaN : Date.parse(series.onset),
    rootEndMs: root === undefined ? Number.NaN : Date.parse(root.timestamp),
  };
}

describe("a ramp's start is dated as far as its shape lets the data show it", () => {
  it("needs about 6 minutes of evidence for a linear ramp and about 17 for a convex one (the bound itself)", () => {
    // Linear: the shift s minutes in is ln(1 + 2s/60) ≈ s/30, its mean over m minutes m/60, over
    // σ/√(20·m): 3 at m = (3·0.35·60/√20)^(2/3) ≈ 5.8. Convex: ≈ 2s²/3600, mean m²/5400, 3 at
    // m = (3·0.35·5400/√20)^(2/5) ≈ 17.5. Both longer than the five minutes a root must fall in:
    // a linear ramp is dated inside them only because its shape (a straight rise from τ) is
    // assumed, and a convex one has no such line to extend back.
    expect(evidenceMinutes(linear)).toBeGreaterThan(5);
    expect(evidenceMinutes(linear)).toBeLessThan(7);
    expect(evidenceMinutes(convex)).toBeGreaterThan(16);
    expect(evidenceMinutes(convex)).toBeLessThan(19);
  });

  for (const seed of [1, 2, 3, 4]) {
    it(`dates a linear ramp to a plateau within one window of its start (seed ${seed})`, () => {
      const { onsetMs, rootEndMs } = dated(seed, linear);
      expect(Math.abs(onsetMs - TAU)).toBeLessThanOrEqual(WINDOW);
      expect(Math.abs(rootEndMs - TAU)).toBeLessThanOrEqual(WINDOW);
    });

    it(`dates a convex ramp after its start and within a window of when the data first show it (seed ${seed})`, () => {
      const { onsetMs } = dated(seed, convex);
      expect(onsetMs).toBeGreaterThanOrEqual(TAU);
      expect(onsetMs).toBeLessThanOrEqual(TAU + evidenceMinutes(convex) * MINUTE + WINDOW);
    });
  }
});
