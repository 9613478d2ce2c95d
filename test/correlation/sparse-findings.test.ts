/*
 * A sparse count of findings (threats, policy violations) is tested as Poisson unless its
 * baseline shows overdispersion (`overdispersed` in detect.ts, round fifteen). A scanner flags
 * ordinary traffic at a steady low rate, a fifth of a threat per 5-minute window; among 24
 * baseline windows, one holding two is common (a chance of about 1 in 4), and its moment
 * estimate φ̂ = variance / mean = 1.33 divided a wave's evidence by it: 5 threats in a window
 * and 3 in the next (held-out `--seed 5151` day 22's shape) read z 4.1 and were missed.
 * Hand-built captures (test/correlation/traffic-days.ts, its own seeded generator).
 */
import { describe, expect, it } from "vitest";
import { overdispersed } from "../../src/correlation/incidents/detect.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { mulberry32 } from "../prng.js";
import { arrivals, MINUTE, threats, trafficDay } from "./traffic-days.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet"];

describe("overdispersed: Fisher's index of dispersion against χ²(n − 1) at 5 %", () => {
  // Reference quantiles and tails from scipy.stats.chi2: ppf(0.95, 23) = 35.1725,
  // ppf(0.95, 10) = 18.3070, sf(32, 23) = 0.1001.
  it("calls 24 windows overdispersed only past χ²(23)'s 95th percentile", () => {
    // D = n · variance / mean; mean 0.5, so variance = D / 48.
    expect(overdispersed(24, 0.5, 35.3 / 48)).toBe(true);
    expect(overdispersed(24, 0.5, 35.0 / 48)).toBe(false);
    // 4 events in 24 windows, one window holding 2: mean 1/6, variance 2/9, D = 32 (P = 0.10).
    expect(overdispersed(24, 1 / 6, 2 / 9)).toBe(false);
  });

  it("uses n − 1 degrees of freedom", () => {
    expect(overdispersed(11, 2, (18.4 * 2) / 11)).toBe(true);
    expect(overdispersed(11, 2, (18.2 * 2) / 11)).toBe(false);
  });

  it("is false without events, without spread, or with under-Poisson spread", () => {
    expect(overdispersed(24, 0, 0)).toBe(false);
    expect(overdispersed(24, 1, 0)).toBe(false);
    expect(overdispersed(24, 1, 0.9)).toBe(false);
    expect(overdispersed(1, 1, 5)).toBe(false);
  });
});

/**
 * A day of requests on two models, stray threats at two an hour (none in the two hours before the
 * wave but `before`'s), and a wave of threats at `wave` minutes.
 */
function dayWithWave(seed: number, before: readonly number[], wave: readonly number[]) {
  const day = trafficDay({ seed, days: 1, models: MODELS, perDay: 24 * 60 * 3 });
  const start = wave[0] as number;
  const rand = mulberry32(seed + 101);
  const strays = arrivals(rand, () => 2 / 60, 2 / 60, 0, 24 * 60).filter((m) => m < start - 125 || m > start + 30);
  return [...day.events, ...threats([...strays, ...before]), ...threats(wave)];
}

const threatIncident = (events: Parameters<typeof analyzeIncidents>[0]) =>
  analyzeIncidents(events, { windowMs: 5 * MINUTE }).incidents.find((i) => i.signals.includes("threats"));

describe("a short wave over a sparse baseline with one window of two", { timeout: 300_000 }, () => {
  // Wave at 20:35:20 (minute 395 + 1/3 after 14:00): 5 threats in its first window, 3 in the next.
  const w = 395 + 1 / 3;
  const wave = [w, w + 0.9, w + 1.7, w + 2.9, w + 3.6, w + 5.2, w + 6.8, w + 8.5];
  // The two hours before it hold four strays, two of them in one window (φ̂ = 1.33).
  const before = [w - 100.3, w - 62.4, w - 61.0, w - 20.7];

  it("is found, dated within a window of its first threat, and rooted in its threats", () => {
    for (const seed of [1, 2, 3, 4]) {
      const events = dayWithWave(seed, before, wave);
      const incident = threatIncident(events);
      expect(incident, `seed ${seed}`).toBeDefined();
      const startMin = (Date.parse(incident?.start ?? "") - Date.UTC(2025, 5, 3, 14)) / MINUTE;
      expect(Math.abs(startMin - w), `seed ${seed}`).toBeLessThan(5);
      const root = Date.parse(incident?.root?.timestamp ?? "");
      const rootMin = (root - Date.UTC(2025, 5, 3, 14)) / MINUTE;
      expect(rootMin, `seed ${seed}`).toBeGreaterThanOrEqual(w - 1e-6);
      expect(rootMin, `seed ${seed}`).toBeLessThan(w + 5);
    }
  });
});

describe("Poisson strays alone", { timeout: 300_000 }, () => {
  it("give no threat incident over three days at two an hour", () => {
    for (const seed of [31, 32, 33, 34]) {
      const day = trafficDay({ seed, days: 3, models: MODELS, perDay: 24 * 60 * 3 });
      const rand = mulberry32(seed + 7);
      const strays = arrivals(rand, () => 2 / 60, 2 / 60, 0, 3 * 24 * 60);
      const incident = threatIncident([...day.events, ...threats(strays)]);
      expect(incident, `seed ${seed}`).toBeUndefined();
    }
  });
});
