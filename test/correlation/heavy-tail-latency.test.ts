/*
 * A model whose latencies are heavy-tailed (a share of its requests far slower than the rest, at
 * random) opens no incident on a day with nothing injected. Round seventeen (drift17) measured a
 * median location test for latency windows beside the mean-of-logs and tail tests; on the second
 * shape below it reported a latency incident on one of ten seeds, and it was not merged
 * (docs/correlation.md, "Round seventeen, drift17"). This keeps that shape's verdict fixed for
 * any later location test. Hand-built days: a small seeded generator of its own (mulberry32,
 * Poisson arrivals, log-normal latencies by Box–Muller), sharing no code with the suites'.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency } from "./helpers.js";

const MODEL = "gpt-4.1-mini";

interface Shape {
  /** Share of requests drawn from the slow tail. */
  readonly tailShare: number;
  /** Log-scale spread of the ordinary requests. */
  readonly sigma: number;
}

/**
 * Six hours of one model at 2 requests a minute (Poisson): log-normal latencies of median 3 s and
 * log-scale spread `sigma`; a request of the tail (probability `tailShare`) is slower by
 * e^(1 + 1.2·|N(0, 1)|), ×2.7 at least and ×30 at the tail's 95th percentile.
 */
function day(seed: number, shape: Shape): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (let m = 0; ; ) {
    m += -Math.log(1 - rand()) / 2;
    if (m >= 6 * 60) break;
    let ms = Math.exp(Math.log(3000) + shape.sigma * gaussian(rand));
    if (rand() < shape.tailShare) ms *= Math.exp(1 + 1.2 * Math.abs(gaussian(rand)));
    events.push(event({ id, minute: m, module: "llm-observatory", payload: latency(MODEL, ms, `req-${id}`) }));
    id++;
  }
  return events;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];

describe("heavy-tailed latencies with nothing injected", () => {
  for (const shape of [
    { tailShare: 0.15, sigma: 0.35 },
    { tailShare: 0.2, sigma: 0.3 },
  ])
    it(`open no incident (${100 * shape.tailShare} % of requests in a slow tail, σ ${shape.sigma}, 10 seeds)`, () => {
      for (const seed of SEEDS) expect(analyzeIncidents(day(seed, shape)).incidents).toEqual([]);
    });
});
