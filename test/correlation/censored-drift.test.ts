/*
 * A drift's fit reads served requests only (src/correlation/incidents/onset.ts, `served`): a
 * timed-out request's duration is the client's deadline, a lower bound, and it has no size.
 * The shape of held-out --seed 9595 day 1, where reading them dated a ×5 spike five minutes
 * early: hand-built four-hour days (a generator of their own, independent of eval/) of three
 * models behind a proxy with three pods, each request a latency event (`http.status_code`) and,
 * when served, a token_usage event. On one model, 90 % of requests take ×5 for twenty minutes
 * from ONSET; from three minutes in (a queue has built) 15 % more time out at the 60-s deadline
 * (HTTP 504, written at the deadline) and 15 % fail fast (503). The deadline is clear of the
 * ordinary p95 (≥ ×1.5, so the timeouts stay in the latency series as censored observations).
 * In the five minutes before the spike its requests run ×1.3 (day 1 had such a stretch by
 * chance: the served requests before the step were already slower, z ≈ 3.4), so a drift begun
 * there is a candidate whose evidence stays under the bar on served requests alone. The
 * timeouts, ever later and at the deadline, look like a rise that keeps going and lift that
 * evidence past the bar: with them in the fit, seeds 4 and 6 are rooted in a request that ended
 * 4.3–5.1 minutes before the spike; without them no seed's root ended more than 1.2 minutes
 * before it (seed 11: a request of the slower stretch).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { tokenUsage, uuidOf } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 16, 8, 0, 0);
const ONSET = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
const DEADLINE_MS = 60_000;
const SPIKED = "claude-3-5-haiku";
/** Name, requests a minute, median time to the first token (ms), ms a generated token. */
const MODELS: readonly (readonly [string, number, number, number])[] = [
  ["gpt-4o", 6.75, 450, 12],
  [SPIKED, 5.25, 350, 8],
  ["gemini-2.0-flash", 3, 300, 5],
];

interface Day {
  readonly events: AnalyticsEvent[];
  /** The spiked model's served durations before the spike's warm-up (ms). */
  readonly ordinary: number[];
}

function day(seed: number): Day {
  const r = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const ordinary: number[] = [];
  let k = 0;
  for (const [model, perMinute, ttft, perToken] of MODELS) {
    for (let t = START; ; ) {
      t += (-Math.log(1 - r()) / perMinute) * MINUTE;
      if (t >= START + 4 * 60 * MINUTE) break;
      const pod = Math.floor(r() * 3);
      const completion = Math.max(1, Math.round(250 * Math.exp(0.65 * gaussian(r))));
      const spiked = model === SPIKED && t >= ONSET && t < ONSET + 20 * MINUTE;
      const warm = model === SPIKED && t >= ONSET - 5 * MINUTE && t < ONSET ? 1.3 : 1;
      const slow = (spiked && r() < 0.9 ? 5 : 1) * warm;
      let ms = (ttft * Math.exp(0.4 * gaussian(r)) + perToken * completion * Math.exp(0.15 * gaussian(r))) * slow;
      // A request queued behind a long one now and then (Pareto tail, α 1.3).
      if (r() < 0.004) ms += 2000 / (1 - r()) ** (1 / 1.3);
      let status = "200";
      if (ms >= DEADLINE_MS) {
        status = "504";
        ms = DEADLINE_MS;
      } else if (spiked && t >= ONSET + 3 * MINUTE && r() < 0.3) {
        if (r() < 0.5) {
          status = "504";
          ms = DEADLINE_MS;
        } else {
          status = "503";
          ms = 350 * Math.exp(0.6 * gaussian(r));
        }
      }
      if (model === SPIKED && status === "200" && t < ONSET - 5 * MINUTE) ordinary.push(ms);
      k++;
      const common = {
        timestamp: new Date(Math.round(t + ms)).toISOString(),
        source_module: "llm-observatory",
        event_type: "telemetry",
        severity: "info",
        environment: "production",
      };
      const request_id = `r${k}`;
      events.push(
        AnalyticsEvent.parse({
          ...common,
          event_id: uuidOf(k),
          tags: { "http.status_code": status, pod: `proxy-${pod}` },
          payload: {
            payload_type: "telemetry",
            data: { telemetry_type: "latency", model_id: model, request_id, total_latency_ms: Math.round(ms) },
          },
        }),
      );
      if (status !== "200") continue;
      events.push(
        AnalyticsEvent.parse({
          ...common,
          event_id: uuidOf(1_000_000 + k),
          payload: tokenUsage(model, request_id, 600, completion),
        }),
      );
    }
  }
  events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  return { events, ordinary };
}

/** When the request that dates the spiked model's latency series ended, in minutes after ONSET. */
function rootEnd(events: readonly AnalyticsEvent[]): number {
  const incident = analyzeIncidents(events).incidents.find((i) => i.models.includes(SPIKED));
  const series = incident?.series.find((s) => s.signal === "latency_p95");
  const root = events.find((e) => e.event_id === series?.onset_event_id);
  return root === undefined ? Number.NaN : (Date.parse(root.timestamp) - ONSET) / MINUTE;
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("a spike whose timeouts come minutes after it is not dated as a drift", { timeout: 180_000 }, () => {
  it("roots the spike at its start, not five minutes before it", () => {
    let right = 0;
    for (const seed of SEEDS) {
      const { events, ordinary } = day(seed);
      // The premise: the deadline is at least ×1.5 the ordinary p95, so the timeouts stay in the series.
      const sorted = [...ordinary].sort((x, y) => x - y);
      expect(DEADLINE_MS).toBeGreaterThanOrEqual(1.5 * (sorted[Math.floor(0.95 * (sorted.length - 1))] as number));
      const end = rootEnd(events);
      // Never a request of the drift the timeouts would make (4.3–5.1 minutes early on seeds 4
      // and 6 with them in the fit); one of the slower stretch just before (seed 11) is allowed.
      expect(end, `seed ${seed}`).toBeGreaterThanOrEqual(-2);
      if (end >= 0 && end <= 5) right++;
    }
    expect(right).toBeGreaterThanOrEqual(11);
  });
});
