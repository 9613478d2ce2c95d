/*
 * A drift on a model called about once a minute: hand-built six-hour captures (the sized
 * requests of helpers.ts: a time to the first token plus output tokens over a decoding speed,
 * log-normal sizes, a 0.08 log spread once the size is known), one request a minute on
 * average, every duration multiplied by 1 + 0.05·(t − τ) (minutes) from τ, four hours in.
 *
 * The step's change point then comes a few minutes after τ, and only a handful of requests
 * (fewer than RAMP_SIDE, 10) began between the drift's dated start and it, while the whole
 * ramp after them pins the start with evidence far beyond the bound (ln B ≥ 10·ln 2) those
 * ten requests would give. The requests seen are slower than the baseline by more than three
 * standard errors. Such a drift is dated from its start, not the step: within the five minutes
 * a root must fall in (eval/score.ts, issue 13). A sharp step on the same traffic stays a step.
 */
import { describe, expect, it } from "vitest";
import { latencyOnset, sizedRequestEvents, sizedRequests } from "./helpers.js";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2025, 6, 3, 0, 0, 0);
const MODEL = "acme-sparse";
const TAU = DAY_START + 240 * MINUTE + 13_000;

/** Six hours of requests from DAY_START, one a minute; a latency and a token_usage event each. */
const dayOf = (seed: number, slow: (t: number) => number) =>
  sizedRequestEvents(MODEL, sizedRequests(seed, { from: DAY_START, spanMs: 360 * MINUTE, perMinute: 1, slow }), 0);

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("a drift seen in fewer than ten requests before the step is dated from its start when its evidence is very strong", () => {
  it("dates a 5 %-a-minute drift at one request a minute within five minutes of its start", () => {
    let found = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(
        dayOf(seed, (t) => 1 + 0.05 * Math.max(0, (t - TAU) / MINUTE)),
        MODEL,
      );
      if (Number.isNaN(onsetMs)) continue;
      found++;
      // Not before it began (a request of the baseline), and the root ends within the five
      // minutes after τ that a root must fall in; the step's change point comes 6–20 minutes late
      // on some seeds.
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 2 * MINUTE);
      expect(rootEndMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU);
      expect(rootEndMs, `seed ${seed}`).toBeLessThanOrEqual(TAU + 5 * MINUTE);
    }
    expect(found).toBeGreaterThanOrEqual(10);
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
