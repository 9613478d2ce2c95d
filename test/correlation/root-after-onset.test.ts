/*
 * A collapse's root is an event of the degraded series stamped after its onset (issue 13: "an
 * event of the degraded series from the first 5 minutes of the true onset"), on a hand-built day
 * with its own generator below (independent of eval/): requests arrive as a Poisson process,
 * their durations are log-normal, and each request is logged when it ends (as a tracing SDK
 * logs it). At a hard collapse at τ no request begins from τ on, and those in flight end after
 * it: the last request before the silence is then the last one in flight, after τ, and the root
 * (`fallEvent`: the event most probably in the fall's first five minutes) is one of them.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestLatencyEvents, type TimedRequest } from "./helpers.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY_START = Date.UTC(2025, 9, 2, 0, 0, 0);
const TAU = DAY_START + 2 * HOUR + 41 * MINUTE + 7_000;
const FIVE_MINUTES = 5 * MINUTE;

/**
 * Four hours of requests from DAY_START, `perMinute` a minute (Poisson), durations
 * medianMs·e^(0.4·Z); `shape(begin)` gives each request's duration factor, 0 to drop it.
 */
function requests(
  seed: number,
  traffic: { readonly perMinute: number; readonly medianMs: number },
  shape: (beginMs: number) => number,
): TimedRequest[] {
  const u = mulberry32(seed);
  const out: TimedRequest[] = [];
  for (let t = DAY_START; t < DAY_START + 4 * HOUR; ) {
    t += (-Math.log(1 - u()) * MINUTE) / traffic.perMinute;
    const durationMs = traffic.medianMs * Math.exp(0.4 * gaussian(u));
    const factor = shape(t);
    if (factor > 0) out.push({ beginMs: t, durationMs: durationMs * factor });
  }
  return out;
}

/** The incident on `model` and its root event's end (NaN without one). */
function rootEnd(evs: readonly AnalyticsEvent[], model: string): number {
  const incident = analyzeIncidents(evs).incidents.find((i) => i.models.includes(model));
  const root = evs.find((e) => e.event_id === incident?.root_cause?.root_event_id);
  return root === undefined ? Number.NaN : Date.parse(root.timestamp);
}

describe("a hard collapse is rooted in a request in flight when it began", { timeout: 120_000 }, () => {
  const MODEL = "acme-rag-70b";
  const PEER = "acme-embed-small";
  it("names a request that ended after τ, within five minutes", () => {
    for (const seed of [21, 22, 23]) {
      // Requests of 4 s (median) at 12 a minute; none begins in [τ, τ + 40 min). The peer's
      // traffic is steady. One request begun at τ − 3 s and lasting 9 s is in flight at τ.
      const collapsed = requests(seed, { perMinute: 12, medianMs: 4_000 }, (t) =>
        t >= TAU && t < TAU + 40 * MINUTE ? 0 : 1,
      );
      const inFlight = { beginMs: TAU - 3_000, durationMs: 9_000 };
      const own = [...collapsed, inFlight];
      const peer = requests(seed + 100, { perMinute: 12, medianMs: 600 }, () => 1);
      const day = [...requestLatencyEvents(MODEL, own), ...requestLatencyEvents(PEER, peer, own.length + 1)].sort(
        (a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp),
      );
      const end = rootEnd(day, MODEL);
      expect(end).toBeGreaterThanOrEqual(TAU);
      expect(end).toBeLessThanOrEqual(TAU + FIVE_MINUTES);
    }
  });
});
