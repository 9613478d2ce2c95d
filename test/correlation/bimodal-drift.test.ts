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
 * reads, and the start is dated from the ramp. Two more things kept it 2–8 minutes late (round
 * thirty-two, drift33): by 100 minutes the drift (×3) carries a cache hit past the baseline's
 * valley between the modes, where it read as a slow request far below its mode (each request is
 * now read in the mode nearest it once the curve is taken out, `nearestModeSse`), and the rate
 * grid's 20 % steps against a rate an hour of data pins to a few percent (refined around its
 * largest term, `overRates`). Now at least seven of the eight seeds are rooted within the five
 * minutes after τ a root must fall in (eval/score.ts), none more than two minutes before it.
 * A sharp step on the same traffic stays a step; so does a queue's added wait on a sparse model
 * (a cache hit then waits as long as a miss), dated by the step the same fit weighs the drift
 * against where the change point of the requests' own ℓ lies later (`stepOr`, onset.ts).
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

const QUEUE_MEAN_MS = 8000;

/** A second deterministic draw in (0, 1) for request n of a seed (its wait in the queue). */
const u01 = (seed: number, n: number): number => {
  const x = Math.sin(seed * 104_723 + n * 7919 + 0.5) * 24_634.6345;
  return x - Math.floor(x);
};

/** Six hours at one and a half requests a minute, 40 % cache hits, an exponential wait added from τ. */
const queueDayOf = (seed: number) =>
  sizedRequestEvents(
    MODEL,
    sizedRequests(seed, { from: DAY_START, spanMs: 360 * MINUTE, perMinute: 1.5, slow: () => 1 }).map((r, n) => {
      const own = hit(seed, n) ? r.durationMs * HIT_FACTOR : r.durationMs;
      const wait = r.beginMs >= TAU ? -Math.log(1 - u01(seed, n)) * QUEUE_MEAN_MS : 0;
      return { ...r, durationMs: own + wait };
    }),
    0,
  );

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
      if (rootEndMs >= TAU && rootEndMs <= TAU + 5 * MINUTE) right++;
    }
    expect(found).toBeGreaterThanOrEqual(7);
    expect(right).toBeGreaterThanOrEqual(7);
  });

  it("dates a sharp ×3 step on the same traffic as a step", () => {
    let right = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(
        dayOf(seed, (t) => (t >= TAU ? 3 : 1)),
        MODEL,
      );
      if (Number.isNaN(onsetMs)) continue;
      // Not before it by more than the start grid's 30 s (a slow request of the baseline just
      // before the step may be read as its first).
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 30_000);
      if (rootEndMs >= TAU && rootEndMs <= TAU + 5 * MINUTE) right++;
    }
    expect(right).toBeGreaterThanOrEqual(7);
  });

  it("dates a queue's added wait on a sparse two-mode model within the five minutes after it", () => {
    // One and a half requests a minute; from τ every request first waits an exponential time
    // with a mean of 8 s (about the misses' own duration: a cache hit then looks like a miss).
    let right = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(queueDayOf(seed), MODEL);
      if (Number.isNaN(onsetMs)) continue;
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 30_000);
      if (rootEndMs >= TAU && rootEndMs <= TAU + 5 * MINUTE) right++;
    }
    expect(right).toBeGreaterThanOrEqual(6);
  });
});
