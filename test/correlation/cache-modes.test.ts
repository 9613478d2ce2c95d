/*
 * A model behind a cache: its latencies are two modes, hits (median 150 ms) and misses (median
 * 3 s, spread by the response's length). A slowdown of half its requests by ×2.5 for 12 minutes
 * moves the mean of ln latency over both modes by 0.5·ln 2.5 = 0.46, against a spread of single
 * requests of about 1.7 (the modes' distance, not either mode's width): a window of 30 requests
 * reads z ≈ 1.5 and a run of eight windows z ≈ 4.2, under their thresholds (5, 6.5). Against
 * the reference's own density, the slowed share is a shifted copy of it and stands out
 * (detect.ts `modeShiftTest`, onset.ts `modeShiftModel`). Hand-built days from a small seeded
 * generator of their own (mulberry32, Poisson arrivals, log-normal durations by Box–Muller),
 * sharing no code with the suites'. The onset is scored as eval/score.ts does: within one window
 * (the analysis' `method.window_ms`) of the truth.
 *
 * `twoModes` is checked against samples whose Ashman D is known by construction:
 * D = √2·|μ₁ − μ₂| / √(σ₁² + σ₂²).
 */
import { describe, expect, it } from "vitest";
import { twoModes, twoNormals } from "../../src/correlation/incidents/detect.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 8, 9, 6, 0, 0);
const MODEL = "rag-13b";
/** The slowdown's start (at an arbitrary millisecond) and length. */
const TAU = DAY_START + 2 * HOUR + 20 * MINUTE + 17_345;
const LENGTH = 12 * MINUTE;

/**
 * Three hours of MODEL at 30 requests a minute (Poisson): 40 % cache hits (median 150 ms, σ 0.3),
 * the rest misses (median 3 s, σ 0.6); with `spike`, half the requests that begin in
 * [TAU, TAU + LENGTH) take ×2.5.
 */
function day(seed: number, spike: boolean): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; ; ) {
    t += (-Math.log(1 - u()) / 30) * MINUTE;
    if (t >= DAY_START + 3 * HOUR) break;
    const hit = u() < 0.4;
    let ms = hit ? 150 * Math.exp(0.3 * gaussian(u)) : 3000 * Math.exp(0.6 * gaussian(u));
    if (spike && t >= TAU && t < TAU + LENGTH && u() < 0.5) ms *= 2.5;
    out.push({ beginMs: t, durationMs: ms });
  }
  return out;
}

const SEEDS = [1, 2, 3, 4];

describe("a slowdown of half the requests of a model behind a cache", () => {
  it("is one latency incident on the model, dated within a window of its start (4 seeds)", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(requestLatencyEvents(MODEL, day(seed, true)));
      const series = `latency_p95{model_id=${MODEL}}`;
      const latency = analysis.incidents.filter((i) => i.root?.series_id === series);
      expect(latency, `seed ${seed}`).toHaveLength(1);
      const onset = latency[0]?.series.find((x) => x.series_id === series)?.onset;
      const start = Date.parse(onset ?? "");
      expect(Math.abs(start - TAU), `seed ${seed}`).toBeLessThanOrEqual(analysis.method.window_ms);
    }
  });

  it("opens nothing on the same days without it", () => {
    for (const seed of SEEDS)
      expect(analyzeIncidents(requestLatencyEvents(MODEL, day(seed, false))).incidents).toEqual([]);
  });
});

describe("twoModes", () => {
  const sample = (seed: number, parts: readonly { w: number; m: number; s: number }[]): number[] => {
    const u = mulberry32(seed);
    const out: number[] = [];
    for (let i = 0; i < 1500; i++) {
      let r = u();
      let p = parts[parts.length - 1] as (typeof parts)[0];
      for (const q of parts) {
        if (r < q.w) {
          p = q;
          break;
        }
        r -= q.w;
      }
      out.push(p.m + p.s * gaussian(u));
    }
    return out;
  };
  // Each sample's D = √2·|μ₁ − μ₂| / √(σ₁² + σ₂²) by construction.
  const cases: readonly { name: string; parts: { w: number; m: number; s: number }[]; modes: boolean }[] = [
    {
      name: "a cache: 40 % at ln 150 ms, σ 0.3, and 60 % at ln 3 s, σ 0.6 (D = √2·3.0/0.67 = 6.3)",
      parts: [
        { w: 0.4, m: Math.log(150), s: 0.3 },
        { w: 0.6, m: Math.log(3000), s: 0.6 },
      ],
      modes: true,
    },
    {
      name: "two halves 2 apart, σ 0.5 (D = 4)",
      parts: [
        { w: 0.5, m: 0, s: 0.5 },
        { w: 0.5, m: 2, s: 0.5 },
      ],
      modes: true,
    },
    { name: "one normal", parts: [{ w: 1, m: 8, s: 0.6 }], modes: false },
    {
      name: "two halves 0.5 apart, σ 0.5 (D = 1: one hump)",
      parts: [
        { w: 0.5, m: 0, s: 0.5 },
        { w: 0.5, m: 0.5, s: 0.5 },
      ],
      modes: false,
    },
    {
      name: "a 5 % tail far from the body (D = 6.3, under MODE_MIN_WEIGHT)",
      parts: [
        { w: 0.95, m: 8, s: 0.4 },
        { w: 0.05, m: 10.5, s: 0.4 },
      ],
      modes: false,
    },
  ];
  for (const [seed, c] of cases.entries())
    it(`${c.modes ? "finds two modes" : "finds one mode"}: ${c.name}`, () => {
      expect(twoModes(sample(seed + 1, c.parts))).toBe(c.modes);
    });

  // The fit itself (`twoNormals`, EM with both normals' sums in one pass) against the parts the
  // sample was drawn from: 1 500 draws put a weight within ±0.03 (3 standard errors of a share of
  // 0.4: √(0.4·0.6/1500) = 0.013) and a mean within ±0.05 (σ 0.6 over 900 draws: 0.02).
  it("fits the parts a two-mode sample was drawn from (weights, means, spreads)", () => {
    const parts = cases[0]?.parts ?? [];
    const fit = twoNormals(Float64Array.from(sample(1, parts)));
    expect(fit).toBeDefined();
    const [fast, slow] = [...(fit ?? [])].sort((x, y) => x.m - y.m);
    for (const [got, want] of [
      [fast, parts[0]],
      [slow, parts[1]],
    ] as const) {
      expect(Math.abs((got?.w ?? 0) - (want?.w ?? 1))).toBeLessThan(0.03);
      expect(Math.abs((got?.m ?? 0) - (want?.m ?? 1))).toBeLessThan(0.05);
      expect(Math.sqrt(got?.v ?? 0) / (want?.s ?? 1)).toBeGreaterThan(0.9);
      expect(Math.sqrt(got?.v ?? 0) / (want?.s ?? 1)).toBeLessThan(1.1);
    }
  });
});
