/*
 * A drift on a model whose durations fall into two modes: hand-built six-hour captures (the
 * sized requests of helpers.ts, three a minute), of which a random 40 % are cache hits answered
 * in a tenth of the time, every duration multiplied by 1 + 0.02·(t − τ) (minutes) from τ, four
 * hours in (a leak: ×2.2 an hour later).
 *
 * Pooled, the log durations spread by about 1.1 where each mode's own spread is under 0.3: a
 * Gaussian baseline reads the gap between the modes as noise, and the drift's first minutes
 * (a few percent) vanish in it: the p95's windows cross the threshold only once the drift is
 * about ×1.7–2 (35–50 minutes in), and the pooled fit dated every seed 11–63 minutes late.
 * With the lower mode regressed out (`lowerMode`, onset.ts) each mode's spread is what the fit
 * reads, and the start is dated from the ramp: at least six of the eight seeds rooted within
 * ten minutes after τ, none more than two minutes before it. (Not yet within the five minutes
 * a root must fall in, eval/score.ts: the posterior is still a few minutes late; see
 * docs/correlation.md, round thirty-one, drift32.) A sharp step on the same traffic stays a step.
 */
import { describe, expect, it } from "vitest";
import { latencyOnset, sizedRequestEvents, sizedRequests } from "./helpers.js";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2025, 6, 3, 0, 0, 0);
const MODEL = "acme-bimodal";
const TAU = DAY_START + 240 * MINUTE + 13_000;
const HIT_SHARE = 0.4;
const HIT_FACTOR = 0.1;

/** A deterministic draw in [0, 1) for request n of a seed (which requests hit the cache). */
const hit = (seed: number, n: number): boolean => {
  const x = Math.sin(seed * 7919 + n * 104_729) * 43_758.5453;
  return x - Math.floor(x) < HIT_SHARE;
};

/** Six hours of requests from DAY_START, three a minute, 40 % of them cache hits. */
const dayOf = (seed: number, slow: (t: number) => number) =>
  sizedRequestEvents(
    MODEL,
    sizedRequests(seed, { from: DAY_START, spanMs: 360 * MINUTE, perMinute: 3, slow }).map((r, n) =>
      hit(seed, n) ? { ...r, durationMs: r.durationMs * HIT_FACTOR } : r,
    ),
    0,
  );

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];

describe("a drift on a model with two latency modes is dated from its start", () => {
  it("dates a 2 %-a-minute drift from its ramp, not the step", () => {
    let found = 0;
    let right = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(
        dayOf(seed, (t) => 1 + 0.02 * Math.max(0, (t - TAU) / MINUTE)),
        MODEL,
      );
      if (Number.isNaN(onsetMs)) continue;
      found++;
      // Not before it began (a request of the baseline).
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 2 * MINUTE);
      if (rootEndMs >= TAU && rootEndMs <= TAU + 10 * MINUTE) right++;
    }
    expect(found).toBeGreaterThanOrEqual(6);
    expect(right).toBeGreaterThanOrEqual(6);
  });

  it("does not date a sharp ×3 step on the same traffic before it", () => {
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(
        dayOf(seed, (t) => (t >= TAU ? 3 : 1)),
        MODEL,
      );
      if (Number.isNaN(onsetMs)) continue;
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 2 * MINUTE);
      expect(rootEndMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU);
    }
  });
});
