/*
 * A latency spike on top of a lasting level shift (fourth 2468 day 2: a tail spike of a busy
 * model's 1-minute series read against a CUSUM stretch that had opened a few windows before).
 * A rise inside a rising CUSUM stretch is vetoed as the stretch's new level (`withinLevelShift`)
 * unless it stands out of the stretch's earlier windows. On main e208b6c "stands out" was the
 * run test's own bar, zFor(Z, k) = Z + ½·log₂ k, which already paid for choosing the run among
 * the run lengths; a two-window spike the minimum effect above the new level at z between Z and
 * Z + ½ was vetoed as the level. Now the one run found is read at Z.
 *
 * Hand-built, deterministic hours: one model at 20 requests a minute, each minute's latencies
 * the median × e^(σ·q) for q the 20 normal quantiles Φ⁻¹((i + ½)/20) (Python's
 * statistics.NormalDist().inv_cdf), in a fixed shuffled order. From minute LEVEL_AT every
 * request is ×LEVEL (a deployment under the minimum effect ×1.5: no incident by itself); the
 * spike multiplies the requests of minutes SPIKE_AT and SPIKE_AT + 1 by SPIKE on top of it,
 * ×SPIKE ≥ 1.5 above the new level.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { requestEnded } from "./helpers.js";

const MODEL = "steady-chat";
/** Φ⁻¹((i + ½)/20), i = 0…19 (Python 3 statistics.NormalDist().inv_cdf, rounded to 4 places). */
const Q = [
  -1.96, -1.4395, -1.1503, -0.9346, -0.7554, -0.5978, -0.4538, -0.3186, -0.1891, -0.0627, 0.0627, 0.1891, 0.3186,
  0.4538, 0.5978, 0.7554, 0.9346, 1.1503, 1.4395, 1.96,
];
const PER_MINUTE = Q.length;
const MINUTES = 180;
const MEDIAN_MS = 2000;
const SIGMA = 0.5;
/** The level shift: from minute 120 on, every request ×1.15 (own z about 1.3 a window: the CUSUM rises). */
const LEVEL_AT = 120;
const LEVEL = 1.15;
/** The spike: minutes 132–133, ten windows into the stretch. */
const SPIKE_AT = 132;
const SPIKE_MINUTES = 2;
/** The spike's factor on top of the new level: at least the minimum effect ×1.5. */
const SPIKE = 1.64;
const ORIGIN = Date.UTC(2025, 5, 3, 14, 0, 0);

function day(spike: number): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  let n = 1;
  for (let m = 0; m < MINUTES; m++) {
    const level = m >= LEVEL_AT ? LEVEL : 1;
    const slow = m >= SPIKE_AT && m < SPIKE_AT + SPIKE_MINUTES ? spike : 1;
    for (let i = 0; i < PER_MINUTE; i++) {
      const q = Q[(i * 7 + m) % PER_MINUTE] as number;
      const ms = MEDIAN_MS * Math.exp(SIGMA * q) * level * slow;
      events.push(
        requestEnded({ n: n++, model: MODEL, minute: m + (i + 0.5) / PER_MINUTE, ms, requestId: `req-${n}` }),
      );
    }
  }
  return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

describe("a latency spike on top of a lasting level shift", () => {
  it("opens an incident on the model's latency, dated within one window of the spike", () => {
    const analysis = analyzeIncidents(day(SPIKE));
    const spikes = analysis.incidents.filter((i) => i.signals.includes("latency_p95"));
    expect(spikes).toHaveLength(1);
    const start = (Date.parse((spikes[0] as { start: string }).start) - ORIGIN) / 60_000;
    const width = analysis.method.window_ms / 60_000;
    expect(Math.abs(start - SPIKE_AT)).toBeLessThanOrEqual(width);
  });

  it("the same hours without the spike (the level shift alone) open no incident", () => {
    expect(analyzeIncidents(day(1)).incidents).toEqual([]);
  });
});
