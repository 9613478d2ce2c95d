/*
 * Faults on a model a cron batch job calls (a trickle of requests plus a batch of a hundred or
 * more at fixed times), and a collapse that runs to the end of the capture. Hand-built days from
 * a small Poisson generator of their own (test/correlation/traffic-days.ts `arrivals`, bills by
 * traffic.ts `tokenBill`), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { deepFreeze, uuidOf } from "./helpers.js";
import { tokenBill } from "./traffic.js";
import { arrivals } from "./traffic-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const STEADY = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash"];
const BATCH = "nightly-summarizer";

interface Request {
  readonly model: string;
  /** When it began, minutes after START. */
  readonly minute: number;
  readonly ms: number;
  readonly tokens: number;
  readonly failed: boolean;
}

/** A gateway's two events of one request: its latency (tagged 503 when it failed) and, when served, its token bill. */
function gatewayEvents(r: Request, id: number): AnalyticsEvent[] {
  const end = new Date(START + Math.round(r.minute * MINUTE + r.ms)).toISOString();
  const out: AnalyticsEvent[] = [
    deepFreeze(
      AnalyticsEvent.parse({
        event_id: uuidOf(2 * id),
        timestamp: end,
        source_module: "llm-observatory",
        event_type: "telemetry",
        severity: "info",
        environment: "production",
        ...(r.failed ? { tags: { "http.status_code": "503" } } : {}),
        payload: {
          payload_type: "telemetry",
          data: { telemetry_type: "latency", model_id: r.model, request_id: `req-${id}`, total_latency_ms: r.ms },
        },
      }),
    ),
  ];
  if (!r.failed) {
    const completion = Math.round(r.tokens / 3);
    const prompt = r.tokens - completion;
    out.push(
      tokenBill({
        n: 2 * id + 1,
        timestamp: end,
        model: r.model,
        requestId: `req-${id}`,
        prompt,
        completion,
        prices: [0.000001, 0.000004],
      }),
    );
  }
  return out;
}

interface Fault {
  /** Tokens of BATCH's requests that begin at `minute` are multiplied by this. */
  readonly tokens?: (minute: number) => number;
  /** The share of BATCH's requests that begin at `minute` and fail. */
  readonly errors?: (minute: number) => number;
  /** Latencies of BATCH's requests that begin at `minute` are multiplied by this. */
  readonly slow?: (minute: number) => number;
  /** Hours of the capture (6 unless given). */
  readonly hours?: number;
}

/**
 * Six hours: three models at 3 requests a minute, and BATCH at 0.5 a minute plus `burst`
 * requests in the first minute of every `every` minutes from minute 7. Latencies log-normal
 * around 800 ms (σ 0.3), tokens log-normal around 600 (σ 0.7), 0.5 % of requests failing.
 */
function batchDay(seed: number, every: number, burst: number, fault: Fault = {}): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const span = (fault.hours ?? 6) * 60;
  const requests: Request[] = [];
  const add = (model: string, minute: number) => {
    const isBatch = model === BATCH;
    const tokens = Math.max(
      1,
      Math.round(600 * Math.exp(0.7 * gaussian(rand)) * (isBatch ? (fault.tokens?.(minute) ?? 1) : 1)),
    );
    const failed = rand() < 0.005 || (isBatch && rand() < (fault.errors?.(minute) ?? 0));
    const slow = isBatch ? (fault.slow?.(minute) ?? 1) : 1;
    const ms = failed
      ? 150 * Math.exp(0.3 * gaussian(rand))
      : 800 * Math.exp(0.3 * gaussian(rand)) * (tokens / 600) ** 0.3 * slow;
    requests.push({ model, minute, ms, tokens, failed });
  };
  for (const model of STEADY) for (const m of arrivals(rand, () => 3, 3, 0, span)) add(model, m);
  const batch = arrivals(rand, () => 0.5, 0.5, 0, span);
  for (let t = 7; t < span; t += every) for (let k = 0; k < burst; k++) batch.push(t + rand());
  for (const m of batch) add(BATCH, m);
  const events = requests.flatMap((r, i) => gatewayEvents(r, i + 1));
  return events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
}

describe("faults on a model a cron batch job calls", { timeout: 180_000 }, () => {
  it("finds its requests growing ×2.5 in tokens, judged batch against batch, rooted in its tokens", () => {
    // Batches of 150 every 15 minutes on 1-minute windows; from minute 200 every request of
    // BATCH is ×2.5 larger. The trickle's one or two requests a window scatter by a request's
    // spread (σ 0.7); mixed into one baseline with the batches, that spread set the batches'
    // tolerance (×30 at z 5), and every batch window was left out of the token baselines as
    // "anomalous" (its throughput rose), so the batches at 202 and 217 read z 1–2: missed.
    for (const seed of [1, 2, 3]) {
      const events = batchDay(seed, 15, 150, { tokens: (m) => (m >= 200 ? 2.5 : 1) });
      const analysis = analyzeIncidents(events, { windowMs: MINUTE });
      const incident = analysis.incidents.find((i) => i.models.includes(BATCH));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(["token_usage", "completion_tokens", "cost"], `seed ${seed}`).toContain(incident!.root?.signal);
      // Dated near the change (by minute 202's batch at the latest), not at the batch before it
      // (minute 187); a chance large request of the trickle a few minutes before may date it.
      const onsetMs = Date.parse(incident!.start);
      expect(onsetMs, `seed ${seed}`).toBeGreaterThanOrEqual(START + 195 * MINUTE);
      expect(onsetMs, `seed ${seed}`).toBeLessThanOrEqual(START + 204 * MINUTE);
    }
  });

  it("gives no incident on the same days without a fault", () => {
    for (const seed of [1, 2, 3]) {
      const analysis = analyzeIncidents(batchDay(seed, 15, 150), { windowMs: MINUTE });
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });

  it("dates a short slowdown after a batch at the slowdown, not as a ramp through a few trickle requests", () => {
    // One hour, a batch of 200 at minute 7; BATCH's requests ×8 slower from minute 30 to 40
    // (four or five of the trickle's requests). A ramp fitted from the batch through the dozen
    // trickle requests before the slowdown won against a step and dated it minutes early
    // (seed 1: minute 24.9); a ramp now needs RAMP_SIDE requests between its start and the step.
    for (const seed of [1, 2, 4, 5]) {
      const events = batchDay(seed, 60, 200, { slow: (m) => (m >= 30 && m < 40 ? 8 : 1), hours: 1 });
      const analysis = analyzeIncidents(events, { windowMs: MINUTE });
      const incident = analysis.incidents.find((i) => i.models.includes(BATCH));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("latency_p95");
      expect(Date.parse(incident!.start), `seed ${seed}`).toBeGreaterThanOrEqual(START + 28 * MINUTE);
    }
  });

  it("roots an error burst that starts just after a batch in the errors, not in the batch's ordinary load", () => {
    // Hourly batches of 200; 30 % of BATCH's requests fail from minute 247.5, half a minute
    // after the batch at 247 began. The batch's rise shares the errors' first window and began
    // 30 s before them; the model carried four batches as large before without harm, so it is
    // its schedule, not the cause (before: root "throughput rose").
    for (const seed of [1, 2, 3]) {
      const events = batchDay(seed, 60, 200, { errors: (m) => (m >= 247.5 && m < 275 ? 0.3 : 0) });
      const analysis = analyzeIncidents(events, { windowMs: 5 * MINUTE });
      const incident = analysis.incidents.find((i) => i.models.includes(BATCH));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(Date.parse(incident!.root!.timestamp), `seed ${seed}`).toBeGreaterThanOrEqual(START + 247.5 * MINUTE);
    }
  });

  it("leaves out of the incident a batch as large as one the model carried once before without harm", () => {
    // Three hours, hourly batches of 200 at 7, 67 and 127; 30 % of BATCH's requests fail from
    // minute 127.5. One earlier batch as large, served with an ordinary error rate, already shows
    // that this much load does not make the failures: the batch's rise neither roots the
    // incident nor joins it. Before (round twelve's rules: three earlier rises to leave the
    // cluster, a strictly larger earlier window to yield the root) seed 1 was rooted in
    // "throughput rose": its earlier batches drew a few requests fewer.
    for (const seed of [1, 2, 3]) {
      const events = batchDay(seed, 60, 200, { hours: 3, errors: (m) => (m >= 127.5 && m < 150 ? 0.3 : 0) });
      const analysis = analyzeIncidents(events, { windowMs: 5 * MINUTE });
      const incident = analysis.incidents.find((i) => i.models.includes(BATCH));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(incident!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(incident!.signals, `seed ${seed}`).not.toContain("throughput");
    }
  });
});

describe("a collapse that runs to the end of the capture", { timeout: 120_000 }, () => {
  it("is scored, not trimmed as the capture's ragged edge", () => {
    // One hour; a model at 120 requests a minute falls to ×0.04 from minute 43 to the end, a
    // second model sends 1.5 a minute. Every window from 43 on holds under a quarter of the
    // median window's observations, and all 17 were trimmed as the capture's ragged edge: no
    // anomaly at all. A cut explains one partial window plus the longest request in flight
    // (a few seconds here).
    for (const seed of [1, 2]) {
      const rand = mulberry32(seed);
      const requests: Request[] = [];
      const busy = arrivals(rand, (m) => (m >= 43 ? 120 * 0.04 : 120), 120, 0, 60);
      for (const minute of busy)
        requests.push({
          model: "gpt-4.1-mini",
          minute,
          ms: 900 * Math.exp(0.4 * gaussian(rand)),
          tokens: 700,
          failed: false,
        });
      for (const minute of arrivals(rand, () => 1.5, 1.5, 0, 60))
        requests.push({
          model: "text-embedding-3-small",
          minute,
          ms: 60 * Math.exp(0.3 * gaussian(rand)),
          tokens: 300,
          failed: false,
        });
      const events = requests
        .flatMap((r, i) => gatewayEvents(r, i + 1))
        .filter((e) => Date.parse(e.timestamp) < START + 60 * MINUTE);
      const analysis = analyzeIncidents(events);
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4.1-mini"));
      expect(incident, `seed ${seed}`).toBeDefined();
      expect(incident!.root?.signal).toBe("throughput");
      expect(Math.abs(Date.parse(incident!.start) - (START + 43 * MINUTE))).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
    }
  });
});
