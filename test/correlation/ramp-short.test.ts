/*
 * A gradual drift on a one-hour capture: a hand-built day (its own generator below, independent
 * of eval/) of one model whose requests take a time to the first token plus their output tokens
 * over a decoding speed, both multiplied by 1 + k·(t − τ) from τ, twenty minutes into the
 * capture, on (a leak or a growing queue). Each request reports a latency event and a
 * token_usage event with the same request_id.
 *
 * What it checks. Output tokens are log-normal with σ = 0.9, so durations spread about ±90 % a
 * request, while the drift moves them 6 % a minute. Over the forty minutes the gate fits (twenty
 * before τ, the drift's first twenty after it) that spread hides the ramp's shape: a step at the
 * first anomalous window fits the durations as well as a ramp from τ (the gate's likelihood
 * ratio is about 0 on these seeds), the change is dated by the step's change point, 6–10 minutes
 * late, and its first slow response ends past the five minutes the root must fall in (issue 13).
 * With what the sizes explain taken out of the durations the ramp wins by a wide margin and the
 * drift's start posterior dates it.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2025, 8, 14, 9, 0, 0);
const MODEL = "acme-short";

interface Request {
  readonly beginMs: number;
  readonly durationMs: number;
  readonly completion: number;
}

/**
 * One hour of one model's requests from DAY_START, `perMinute` a minute (Poisson): output tokens
 * 300·e^(0.9·Z), duration (350 ms·e^(0.25·Z) + 15 ms a token)·e^(0.08·Z)·slow(t).
 */
function requests(seed: number, perMinute: number, slow: (t: number) => number): Request[] {
  const u = mulberry32(seed);
  const out: Request[] = [];
  for (let t = DAY_START; t < DAY_START + 60 * MINUTE; ) {
    t += (-Math.log(1 - u()) / perMinute) * MINUTE;
    const completion = Math.max(1, Math.round(300 * Math.exp(0.9 * gaussian(u))));
    const own = 350 * Math.exp(0.25 * gaussian(u)) + 15 * completion;
    out.push({ beginMs: t, durationMs: own * Math.exp(0.08 * gaussian(u)) * slow(t), completion });
  }
  return out;
}

const id = (n: number): string => `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;

/** A latency event and a token_usage event per request, both at its end. */
function eventsOf(reqs: readonly Request[]): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  reqs.forEach((r, n) => {
    const common = {
      timestamp: new Date(Math.round(r.beginMs + r.durationMs)).toISOString(),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
    };
    const request_id = `req-${n + 1}`;
    out.push(
      AnalyticsEvent.parse({
        ...common,
        event_id: id(2 * n + 1),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: MODEL,
            request_id,
            total_latency_ms: Math.round(r.durationMs * 1000) / 1000,
          },
        },
      }),
      AnalyticsEvent.parse({
        ...common,
        event_id: id(2 * n + 2),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "token_usage",
            model_id: MODEL,
            request_id,
            prompt_tokens: 400,
            completion_tokens: r.completion,
            total_tokens: 400 + r.completion,
          },
        },
      }),
    );
  });
  return out.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** The latency series of the incident on MODEL: its onset and the end time of its onset event. */
function latencyOnset(events: readonly AnalyticsEvent[]) {
  const analysis = analyzeIncidents(events);
  const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
  const series = incident?.series.find((s) => s.signal === "latency_p95");
  const root = events.find((e) => e.event_id === series?.onset_event_id);
  return {
    incidents: analysis.incidents.length,
    onsetMs: series === undefined ? Number.NaN : Date.parse(series.onset),
    rootEndMs: root === undefined ? Number.NaN : Date.parse(root.timestamp),
  };
}

describe("a drift starting twenty minutes into a one-hour capture", () => {
  const TAU = DAY_START + 20 * MINUTE + 13_000;
  // ×(1 + 0.15·t) for fourteen minutes from τ, then flat at ×3.1 to the end of the capture.
  const drift = (t: number) => 1 + 0.15 * Math.min(14, Math.max(0, (t - TAU) / MINUTE));
  for (let seed = 1; seed <= 10; seed++) {
    it(`is found and dated within five minutes of its start (seed ${seed})`, () => {
      const { incidents, onsetMs, rootEndMs } = latencyOnset(eventsOf(requests(seed, 8, drift)));
      expect(incidents).toBe(1);
      expect(Math.abs(onsetMs - TAU)).toBeLessThanOrEqual(5 * MINUTE);
      // The root is a request of the drift's first five minutes; the start's grid is 30 s, so
      // its first request may end a few seconds before τ, never a minute.
      expect(rootEndMs).toBeGreaterThanOrEqual(TAU - MINUTE);
      expect(rootEndMs).toBeLessThanOrEqual(TAU + 5 * MINUTE);
    });
  }
});
