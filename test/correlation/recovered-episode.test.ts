/*
 * A fault that recovers and comes back (round thirty, two31): a model slowed for 12 minutes,
 * back at its ordinary level for 10, then slowed again for 12, is two episodes — as an alert
 * that resolved and fires again is two notifications — while one slowdown of the same total
 * length, or one whose slowed share leaves some minutes looking ordinary, stays one incident.
 * Hand-built hours from a small seeded generator of their own (mulberry32, Poisson arrivals,
 * log-normal durations by Box–Muller), sharing no code with the suites'. The expected outcomes
 * come from the construction: how many slowdowns there are and when they begin; an onset is
 * scored as eval/score.ts does, within one window (`method.window_ms`) of the truth.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 9, 14, 9, 0, 0);
const MODEL = "coder-32b";
const SERIES = `latency_p95{model_id=${MODEL}}`;

/** A slowdown: from `fromMs` for `lengthMs`, `share` of the requests begun in it take ×`factor`. */
interface Slowdown {
  readonly fromMs: number;
  readonly lengthMs: number;
  readonly factor: number;
  readonly share: number;
}

/** One hour of MODEL at 25 requests a minute (Poisson), median 2 s (σ 0.3), with `slowdowns`. */
function hour(seed: number, slowdowns: readonly Slowdown[]): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; ; ) {
    t += (-Math.log(1 - u()) / 25) * MINUTE;
    if (t >= DAY_START + HOUR) break;
    let ms = 2000 * Math.exp(0.3 * gaussian(u));
    const draw = u();
    for (const s of slowdowns) if (t >= s.fromMs && t < s.fromMs + s.lengthMs && draw < s.share) ms *= s.factor;
    out.push({ beginMs: t, durationMs: ms });
  }
  return out;
}

const SEEDS = [1, 2, 3, 4];
const FIRST = DAY_START + 12 * MINUTE + 26_000;
const AGAIN = FIRST + 22 * MINUTE; // 12 minutes slowed, 10 back at its level

function latencyIncidents(requests: readonly TimedRequest[]) {
  const analysis = analyzeIncidents(requestLatencyEvents(MODEL, requests));
  const starts = analysis.incidents
    .filter((i) => i.models.includes(MODEL))
    .map((i) => Date.parse(i.series.find((x) => x.series_id === SERIES)?.onset ?? i.start));
  return { starts, windowMs: analysis.method.window_ms };
}

describe("a fault that recovers and comes back", () => {
  it("is two incidents, each dated within a window of its start (4 seeds)", () => {
    for (const seed of SEEDS) {
      const spike = { lengthMs: 12 * MINUTE, factor: 6, share: 1 };
      const { starts, windowMs } = latencyIncidents(
        hour(seed, [
          { fromMs: FIRST, ...spike },
          { fromMs: AGAIN, ...spike },
        ]),
      );
      expect(starts, `seed ${seed}`).toHaveLength(2);
      expect(Math.abs((starts[0] as number) - FIRST), `seed ${seed}`).toBeLessThanOrEqual(windowMs);
      expect(Math.abs((starts[1] as number) - AGAIN), `seed ${seed}`).toBeLessThanOrEqual(windowMs);
    }
  });

  it("stays one incident when the model never recovers in between (4 seeds)", () => {
    for (const seed of SEEDS) {
      const whole = { fromMs: FIRST, lengthMs: 34 * MINUTE, factor: 6, share: 1 };
      expect(latencyIncidents(hour(seed, [whole])).starts, `seed ${seed}`).toHaveLength(1);
      // Half the requests slowed ×3: the p95 of a minute's 25 requests is a slowed one.
      const half = { fromMs: FIRST, lengthMs: 34 * MINUTE, factor: 3, share: 0.5 };
      expect(latencyIncidents(hour(seed, [half])).starts, `seed ${seed} (half)`).toHaveLength(1);
    }
  });
});
