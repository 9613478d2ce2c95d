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
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";

const MINUTE = 60_000;
const DAY_START = Date.UTC(2025, 6, 3, 2, 0, 0);
const MODEL = "acme-decoder";
const TAU = DAY_START + 21 * MINUTE + 13_000;

interface Request {
  readonly beginMs: number;
  readonly durationMs: number;
  readonly completion: number;
}

/**
 * One hour of one model's requests from DAY_START, 5 a minute (Poisson): output tokens
 * 300·e^(0.9·Z), duration (350 ms·e^(0.25·Z) + 15 ms a token)·e^(0.08·Z)·slow(t).
 */
function requests(seed: number, slow: (t: number) => number): Request[] {
  const u = mulberry32(seed);
  const out: Request[] = [];
  for (let t = DAY_START; t < DAY_START + 60 * MINUTE; ) {
    t += (-Math.log(1 - u()) / 5) * MINUTE;
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
          data: { telemetry_type: "latency", model_id: MODEL, request_id, total_latency_ms: Math.round(r.durationMs) },
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
    onsetMs: series === undefined ? Number.NaN : Date.parse(series.onset),
    rootEndMs: root === undefined ? Number.NaN : Date.parse(root.timestamp),
  };
}

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("a drift hidden from the least-squares gate by request sizes is weighed against a step by its evidence", () => {
  // ×(1 + 0.06·t) from τ to the end of the capture (×3.3 at its end, 39 minutes later).
  const drift = (t: number) => 1 + 0.06 * Math.max(0, (t - TAU) / MINUTE);
  it("dates a 6 %-a-minute drift on a one-hour capture within minutes of its start", () => {
    let found = 0;
    let right = 0;
    for (const seed of SEEDS) {
      const { onsetMs, rootEndMs } = latencyOnset(eventsOf(requests(seed, drift)));
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
      const { onsetMs, rootEndMs } = latencyOnset(eventsOf(requests(seed, step)));
      if (Number.isNaN(onsetMs)) continue;
      // A drift's start a window before the step would date it minutes early (the step's own
      // change point may fall a few requests before it: a slow request of the baseline).
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 3 * MINUTE);
      expect(rootEndMs, `seed ${seed}`).toBeGreaterThanOrEqual(TAU - 3 * MINUTE);
    }
  });
});
