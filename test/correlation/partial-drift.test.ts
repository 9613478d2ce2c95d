/*
 * A drift that reaches a share of the requests: hand-built six-hour days (their own generator
 * below, independent of eval/), one model at 5 requests a minute, log-normal durations (median
 * 2 s, σ = 0.35 on the log scale); from a known start τ, 80 % of the requests (those routed to the
 * degrading replica, say) are multiplied by 1 + 2·x for x the share of a 60-minute ramp gone by
 * (×3 at its end), then a 30-minute plateau; the other 20 % stay as they were. The analysis runs
 * at 2-minute windows.
 *
 * The p95's windows cross the threshold only well into the ramp (15–25 minutes after τ), so
 * the start must come from the ramp's own fit (`rampStart`, onset.ts). The slowed share pulls
 * away from the unslowed one as the ramp grows: the log durations after τ spread more and more
 * (a gap of ln 3 ≈ 1.1 at the ramp's end against σ = 0.35), while their mean rises from τ. A
 * posterior with a spread of its own after τ dates where the spread is widest, 5–10 minutes
 * late (97624d5: every seed 299–606 s after τ); read with one spread either side, as a factor
 * that scales durations leaves the log spread of each request alone, it dates where the mean
 * begins to rise. Each seed must be dated within one window of τ and rooted within it (at least
 * five of the six), none more than a window before it.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/incidents/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 6, 3, 0, 0, 0);
const MODEL = "acme-replicas";
const PER_MINUTE = 5;
const SIGMA = 0.35;
const RAMP_MINUTES = 60;
const PLATEAU_MINUTES = 30;
const MAGNITUDE = 3;
const SHARE = 0.8;
const WINDOW = 2 * MINUTE;
const TAU = DAY_START + 3 * HOUR + 17 * MINUTE + 41_000;
const SEEDS = [1, 2, 3, 4, 5, 6];

/** The factor a request that began at `t` is slowed by, when it is among the slowed share. */
function slowdown(t: number): number {
  if (t < TAU || t >= TAU + (RAMP_MINUTES + PLATEAU_MINUTES) * MINUTE) return 1;
  return 1 + (MAGNITUDE - 1) * Math.min(1, (t - TAU) / (RAMP_MINUTES * MINUTE));
}

/** Six hours of Poisson arrivals at PER_MINUTE, durations 2 s × e^(σ·Z), SHARE of them × the slowdown. */
function requests(seed: number): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; ; ) {
    t += (-Math.log(1 - u()) / PER_MINUTE) * MINUTE;
    if (t >= DAY_START + 6 * HOUR) return out;
    const z = gaussian(u);
    const factor = u() < SHARE ? slowdown(t) : 1;
    out.push({ beginMs: t, durationMs: 2000 * Math.exp(SIGMA * z) * factor });
  }
}

function dated(seed: number): { onsetMs: number; rootEndMs: number } {
  const events = requestLatencyEvents(MODEL, requests(seed));
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

describe("a drift that slows a share of the requests is dated from its start", () => {
  it("dates the ramp within one window of τ on at least five of six seeds, none a window early", () => {
    let within = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = dated(seed);
      expect(onsetMs).toBeGreaterThanOrEqual(TAU - WINDOW);
      if (Math.abs(onsetMs - TAU) <= WINDOW && Math.abs(rootEndMs - TAU) <= WINDOW) within++;
    }
    expect(within).toBeGreaterThanOrEqual(5);
  });
});
