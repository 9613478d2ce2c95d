/*
 * An error burst (and a latency spike) in a one-hour capture that began minutes before it. The capture holds five
 * 5-minute windows before the burst, one short of the history a baseline needs, so the burst's
 * first window is scored against that history topped up with the windows after it — which are
 * the burst's own when it lasts longer than a window. A window the history already calls a
 * failure burst is no reference for it, nor is a window whose latency already leans toward the
 * spike a reference for the spike. Hand-built hours from a small Poisson generator
 * (test/correlation/traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const MODEL = "gpt-4o";
const OTHERS = ["claude-3-5-sonnet", "gemini-2.0-flash"];
const SPAN = 65;
/** The burst: from minute 27 for 20 minutes. */
const BURST_FROM = 27;
const BURST_TO = 47;

/** A fault on MODEL: from minute `from` to `to`, `share` of its requests fail and `slow` of them take ×`factor`. */
interface Fault {
  readonly from: number;
  readonly to: number;
  readonly share: number;
  readonly slow: number;
  readonly factor: number;
}

/**
 * 65 minutes: MODEL at 4 requests a minute and OTHERS at 1.5 (the automatic window is 5 minutes:
 * about 20 of MODEL's requests a window), each failing 1 % of its requests at random; during the
 * fault MODEL fails `share` of them (HTTP 503) and `slow` of them are ×`factor` slower.
 * Latencies log-normal around 800 ms (σ 0.3).
 */
function hour(seed: number, fault: Fault): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of [MODEL, ...OTHERS])
    for (const m of arrivals(rand, () => (model === MODEL ? 4 : 1.5), 4, 0, SPAN)) {
      const inFault = model === MODEL && m >= fault.from && m < fault.to;
      const failed = rand() < (inFault ? fault.share : 0.01);
      const n = id++;
      const slowed = inFault && rand() < fault.slow ? fault.factor : 1;
      const ms = slowed * 800 * Math.exp(0.3 * gaussian(rand));
      const tags = { "http.status_code": failed ? "503" : "200" };
      events.push(requestEnded({ n, model, minute: m, ms, requestId: `req-${n}`, tags }));
    }
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
  return events;
}

/** No fault: the share of failures is the hour's own 1 %. */
const QUIET: Fault = { from: 0, to: 0, share: 0.01, slow: 0, factor: 1 };

describe("an error burst in a capture too short for a history before it", { timeout: 120_000 }, () => {
  it("is found, dated within a window of its start and rooted in its errors", () => {
    // A quarter of MODEL's requests fail for 20 minutes (about 20 failures in 80 requests,
    // against 0.8 expected at 1 %). Before: the first window's baseline borrowed the
    // burst's next windows (a share near 10 % with a band to 50 % and more), and nothing was flagged.
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(
        hour(seed, { from: BURST_FROM, to: BURST_TO, share: 0.25, slow: 0, factor: 1 }),
      );
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(Math.abs(Date.parse(incident!.start) - (START + BURST_FROM * MINUTE))).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });

  it("is no incident when the hour holds no burst", () => {
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(hour(seed, QUIET));
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});

describe("a latency spike in a capture too short for a history before it", { timeout: 120_000 }, () => {
  // Two thirds of MODEL's requests ×4 slower from minute 8 for 20 minutes: the window's p95 rises
  // about ×4.6 (800 ms·e^(1.645·0.3) ≈ 1.3 s before, about 6 s during). Eight minutes hold one
  // 5-minute window before it, so the spike's first window was scored against the spike's own
  // next windows (the latency kind of the burst above).
  const SPIKE: Fault = { from: 8, to: 28, share: 0.01, slow: 2 / 3, factor: 4 };
  it("is found, dated within a window of its start and rooted in its latency", () => {
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(hour(seed, SPIKE));
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("latency_p95");
      expect(Math.abs(Date.parse(incident!.start) - (START + SPIKE.from * MINUTE))).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });
});
