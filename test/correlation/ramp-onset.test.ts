/*
 * Dating a gradual drift: hand-built days (their own generator below, independent of eval/), a
 * model whose request durations are log-normal and, from a known start τ, multiplied by
 * 1 + k·(t − τ) (a leak or a growing queue), and a sharp slowdown on a day whose traffic and
 * latency follow a daily curve, which a ramp model must not date early.
 *
 * Tolerance. The root is right (eval/score.ts, issue 13) when it is a request of the slowed
 * series that ended within five minutes after τ. On the drift days below (k = 3 % a minute,
 * spread σ = 0.35 on the log scale, 8 requests a minute) the start is pinned to about a minute:
 * a request t minutes after τ is slower by ln(1 + k·t) ≈ 0.03·t, and the broken-stick's
 * change point is known to about σ / (k·√(requests after it)) · c, with c ≈ 2–3 for the slope
 * estimated alongside: 0.35 / (0.03·√(8·60)) · 3 ≈ 1.6 min. Dated at the posterior's 95 %
 * point, the start lands 0–4 minutes after τ, inside the five.
 */
import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../prng.js";
import { latencyOnset, requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 4, 12, 0, 0, 0);
const MODEL = "acme-large";

/**
 * Requests of one model over `hours` from DAY_START: arrivals a Poisson process at
 * `rate(t)` a minute (thinning), durations median 2 s × e^(σ·Z) × `slow(t, u)`.
 */
function requests(
  seed: number,
  hours: number,
  rate: (t: number) => number,
  slow: (t: number, u: () => number) => number,
): TimedRequest[] {
  const u = mulberry32(seed);
  const peak = 20;
  const out: TimedRequest[] = [];
  for (let t = DAY_START; t < DAY_START + hours * HOUR; ) {
    t += (-Math.log(1 - u()) / peak) * MINUTE;
    if (u() * peak > rate(t)) continue;
    out.push({ beginMs: t, durationMs: 2000 * Math.exp(0.35 * gaussian(u)) * slow(t, u) });
  }
  return out;
}

describe("a gradual drift is dated at its start", () => {
  const TAU = DAY_START + 3 * HOUR + 20 * MINUTE + 13_000;
  // ×(1 + 0.03·t) for 90 minutes (×3.7), then flat: a drift the size of the suites' (×2.5–5 over 1–5 h).
  const drift = (t: number) => 1 + 0.03 * Math.min(90, Math.max(0, (t - TAU) / MINUTE));
  for (const seed of [1, 2, 3, 4]) {
    it(`dates a 3 %-a-minute drift within five minutes after it began, and roots it in a request that ended there (seed ${seed})`, () => {
      const { onsetMs, rootEndMs, rootSignal } = latencyOnset(
        requestLatencyEvents(
          MODEL,
          requests(seed, 6, () => 8, drift),
        ),
        MODEL,
      );
      expect(rootSignal).toBe("latency_p95");
      // Not before the start: a request of the baseline is no part of the change.
      expect(onsetMs).toBeGreaterThanOrEqual(TAU);
      expect(onsetMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
      expect(rootEndMs).toBeGreaterThanOrEqual(TAU);
      expect(rootEndMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
    });
  }
});

describe("a sharp slowdown on a daily curve is not dated early", () => {
  const TAU = DAY_START + 4 * HOUR + 41 * MINUTE + 7_000;
  // Traffic climbs from 3 to 15 requests a minute over the day (a morning ramp-up), and latency
  // with it by up to 30 % (load): a slow rise before the change that a ramp could take for its start.
  const load = (t: number) => (t - DAY_START) / (6 * HOUR);
  const rate = (t: number) => 3 + 12 * load(t);
  // From TAU, 70 % of requests ×2.5 (a partial slowdown, the hardest to tell from a ramp).
  const slow = (t: number, u: () => number) => (1 + 0.3 * load(t)) * (t >= TAU && u() < 0.7 ? 2.5 : 1);
  for (const seed of [11, 12, 13, 14]) {
    it(`dates a ×2.5 slowdown of 70 % of requests at its start, not on the curve before it (seed ${seed})`, () => {
      const { onsetMs, rootEndMs } = latencyOnset(requestLatencyEvents(MODEL, requests(seed, 6, rate, slow)), MODEL);
      // A slowdown is dated when its first slow request began; a request of the baseline slow by
      // chance (one in ~100 lies 2.6σ out, where ×2.5 puts the slowed ones) can lead it by one
      // gap between requests (a few seconds here), never by the 15–24 minutes a ramp fitted to
      // the curve would.
      expect(onsetMs).toBeGreaterThanOrEqual(TAU - MINUTE);
      expect(onsetMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
      expect(rootEndMs).toBeGreaterThanOrEqual(TAU);
      expect(rootEndMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
    });
  }
});
