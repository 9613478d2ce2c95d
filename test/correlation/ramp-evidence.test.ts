/*
 * A drift the least-squares gate cannot see: hand-built one-hour captures (their own generator
 * below, independent of eval/) of one model whose requests take a time to the first token plus
 * their output tokens over a decoding speed, both multiplied by slow(t). Each request reports a
 * latency event and a token_usage event with the same request_id.
 *
 * Output tokens are log-normal with σ = 0.9, so the durations spread ±90 % a request while the
 * drift adds 6 % of the level a minute. The gate's least squares on the durations then finds
 * the best ramp no better than the step (the spread swamps the first minutes of the slope), and
 * the step's change point comes 5–23 minutes after the drift began (on 6 of the 10 seeds with an
 * incident). The start's own model, with sizes regressed out (onset.ts, startPosterior), weighs
 * a drift against a step of the same size range by their evidence (Bayes factor) and checks
 * that the requests between the drift's start and the step were already slower than the
 * baseline; a drift passes both by a wide margin, and its start is dated within the five
 * minutes the root must fall in (eval/score.ts, issue 13). A sharp step on the same traffic must stay a step: its start
 * posterior sits on the step, so it is not a window earlier and the step's change point dates it.
 */
import { describe, expect, it } from "vitest";
import { latencyOnset, sizedRequestEvents, sizedRequests } from "./helpers.js";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2025, 6, 3, 2, 0, 0);
const MODEL = "acme-decoder";
const TAU = DAY_START + 21 * MINUTE + 13_000;

/** One hour of requests from DAY_START, 5 a minute; a latency event (whole ms) and a token_usage event each. */
const dayOf = (seed: number, slow: (t: number) => number) =>
  sizedRequestEvents(MODEL, sizedRequests(seed, { from: DAY_START, spanMs: 60 * MINUTE, perMinute: 5, slow }), 0);

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("a drift hidden from the least-squares gate by request sizes is weighed against a step by its evidence", () => {
  // ×(1 + 0.06·t) from τ to the end of the capture (×3.3 at its end, 39 minutes later).
  const drift = (t: number) => 1 + 0.06 * Math.max(0, (t - TAU) / MINUTE);
  it("dates a 6 %-a-minute drift on a one-hour capture within minutes of its start", () => {
    let found = 0;
    let right = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(dayOf(seed, drift), MODEL);
      if (Number.isNaN(onsetMs)) continue;
      found++;
      // Never dated more than a window (2 minutes at this capture's width) before it began, nor
      // as late as the step's change point (5–23 minutes late on seeds 4–8 and 12).
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 2 * MINUTE);
      expect(onsetMs, `seed ${seed}`).toBeLessThanOrEqual(TAU + 7 * MINUTE);
      if (rootEndMs >= TAU && rootEndMs <= TAU + 5 * MINUTE) right++;
    }
    expect(found).toBeGreaterThanOrEqual(8);
    // The step dated 1 of these days' roots right (the root must end within five minutes after τ).
    expect(right).toBeGreaterThanOrEqual(5);
  });

  it("does not date a sharp ×3 step as a drift begun minutes before it", () => {
    const step = (t: number) => (t >= TAU ? 3 : 1);
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(dayOf(seed, step), MODEL);
      if (Number.isNaN(onsetMs)) continue;
      // A drift's start a window before the step would date it minutes early (the step's own
      // change point may fall a few requests before it: a slow request of the baseline).
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 3 * MINUTE);
      expect(rootEndMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 3 * MINUTE);
    }
  });
});
