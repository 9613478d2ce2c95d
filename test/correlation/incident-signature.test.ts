/*
 * Joining two models' incidents by how their requests failed (analyzeIncidents' grouping stage,
 * docs/correlation.md "One upstream, several models"). Hand-built days, independent of the
 * evaluation generators: one calling service sends requests to models of different providers;
 * expectations come from what each day was built with (which models failed, how, when).
 */
import { describe, expect, it } from "vitest";
import { failureClass, isTimeoutClass } from "../../src/correlation/incidents/signals.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { otelRequestEvent, uuidOf } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 6, 1, 6, 0, 0);
const ONSET = START + 4 * 60 * MINUTE + 7 * MINUTE + 11_000;

/** What happens to one model's requests from `fromMs` to `toMs`. */
interface Fault {
  readonly fromMs: number;
  readonly toMs: number;
  /** Share of requests that fail, and the HTTP status they fail with. */
  readonly failure?: number;
  readonly status?: string;
  /** Latency factor of the requests that succeed. */
  readonly slower?: number;
}

interface ModelSpec {
  readonly model: string;
  readonly provider: string;
  readonly host: string;
  /** Mean gap between requests. */
  readonly gapMs: number;
  readonly medianMs: number;
  readonly faults?: readonly Fault[];
}

/**
 * Six hours of OpenTelemetry-style request events from one service: Poisson arrivals per model,
 * log-normal latencies (σ 0.4), 0.6 % background failures spread over 429, 500 and 503, and the
 * given faults. A request slower than the 60-s client deadline fails as a 504.
 */
function serviceDay(seed: number, models: readonly ModelSpec[], service = "checkout"): AnalyticsEvent[] {
  const r = mulberry32(seed);
  const normal = () => gaussian(r);
  const out: AnalyticsEvent[] = [];
  let id = 1;
  for (const m of models) {
    for (let t = START - Math.log(1 - r()) * m.gapMs; t < START + 6 * 60 * MINUTE; t += -Math.log(1 - r()) * m.gapMs) {
      const fault = m.faults?.find((f) => t >= f.fromMs && t < f.toMs);
      let ms = m.medianMs * Math.exp(0.4 * normal()) * (fault?.slower ?? 1);
      let status: string | undefined;
      if (ms > 60_000) {
        status = "504";
        ms = 60_000;
      } else if (fault?.failure !== undefined && r() < fault.failure) status = fault.status;
      else if (r() < 0.006) status = ["429", "500", "503"][Math.floor(r() * 3)];
      out.push(
        otelRequestEvent({
          id: id++,
          start: t,
          ms,
          service,
          provider: m.provider,
          host: m.host,
          model: m.model,
          status,
        }),
      );
    }
  }
  return out;
}

const mistral = (faults: readonly Fault[] = []): ModelSpec => ({
  model: "mistral-small-latest",
  provider: "mistral_ai",
  host: "api.mistral.ai",
  gapMs: 15_000,
  medianMs: 1200,
  faults,
});
const openai = (faults: readonly Fault[] = []): ModelSpec => ({
  model: "gpt-4o-mini",
  provider: "openai",
  host: "api.openai.com",
  gapMs: 12_000,
  medianMs: 900,
  faults,
});
const anthropic = (faults: readonly Fault[] = []): ModelSpec => ({
  model: "claude-3-5-haiku-20241022",
  provider: "anthropic",
  host: "api.anthropic.com",
  gapMs: 14_000,
  medianMs: 1500,
  faults,
});

describe("failure classes (signals.ts)", () => {
  const failed = (tags: Record<string, string>) =>
    AnalyticsEvent.parse({
      event_id: uuidOf(1),
      timestamp: "2025-07-01T06:00:00Z",
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "prod",
      tags,
      payload: {
        payload_type: "telemetry",
        data: { telemetry_type: "latency", model_id: "m", request_id: "r", total_latency_ms: 10 },
      },
    });

  it("names a failure by its HTTP status first, else its error type, and a success not at all", () => {
    expect(failureClass(failed({ "http.status_code": "529", "litellm.exception": "ServiceUnavailableError" }))).toBe(
      "529",
    );
    expect(failureClass(failed({ "error.type": "OverloadedError", success: "false" }))).toBe("overloadederror");
    expect(failureClass(failed({ status: "failure", "litellm.exception": "Timeout" }))).toBe("timeout");
    expect(failureClass(failed({ "http.status_code": "200" }))).toBeUndefined();
    expect(failureClass(failed({ "gen_ai.request.model": "m" }))).toBeUndefined();
  });

  it("counts 504 Gateway Timeout, 408 Request Timeout (RFC 9110 §15.6.5, §15.5.9) and timeout error types as timeouts", () => {
    for (const cls of ["504", "408", "timeout", "apiconnectiontimeouterror", "deadline_exceeded", "readtimedout"])
      expect(isTimeoutClass(cls)).toBe(true);
    for (const cls of ["503", "529", "500", "429", "internalservererror", "overloaded_error"])
      expect(isTimeoutClass(cls)).toBe(false);
  });
});

describe("analyzeIncidents: two models of one service that fail the same way", { timeout: 120_000 }, () => {
  const end = ONSET + 40 * MINUTE;

  it("reports a gateway's 529s on two providers' models, three minutes apart and ending together, as one incident", () => {
    const events = serviceDay(7, [
      mistral([{ fromMs: ONSET, toMs: end, failure: 0.45, status: "529" }]),
      openai([{ fromMs: ONSET + 3 * MINUTE, toMs: end, failure: 0.4, status: "529" }]),
      anthropic(),
    ]);
    const { incidents } = analyzeIncidents(events);
    expect(incidents).toHaveLength(1);
    expect([...incidents[0]!.models].sort()).toEqual(["gpt-4o-mini", "mistral-small-latest"]);
    // The root is the model that failed first, within the first minutes of its onset.
    expect(incidents[0]!.root?.model).toBe("mistral-small-latest");
    const rootMs = Date.parse(incidents[0]!.root!.timestamp);
    expect(rootMs).toBeGreaterThanOrEqual(ONSET);
    expect(rootMs).toBeLessThan(ONSET + 5 * MINUTE);
  });

  it("keeps two error bursts that fail differently apart (529 on one model, 500 on the other)", () => {
    const events = serviceDay(7, [
      mistral([{ fromMs: ONSET, toMs: end, failure: 0.45, status: "529" }]),
      openai([{ fromMs: ONSET + 3 * MINUTE, toMs: end, failure: 0.4, status: "500" }]),
      anthropic(),
    ]);
    const { incidents } = analyzeIncidents(events);
    expect(incidents.map((i) => [...i.models]).sort()).toEqual([["gpt-4o-mini"], ["mistral-small-latest"]]);
  });

  it("keeps two slowdowns apart that both time out (a 504 is the latency both show, not a shared response)", () => {
    // Both models ×60 slower: most requests reach the 60-s deadline and fail as 504s.
    const events = serviceDay(11, [
      mistral([{ fromMs: ONSET, toMs: end, slower: 60 }]),
      openai([{ fromMs: ONSET + 3 * MINUTE, toMs: end + 3 * MINUTE, slower: 80 }]),
      anthropic(),
    ]);
    const { incidents } = analyzeIncidents(events);
    expect(incidents.map((i) => [...i.models]).sort()).toEqual([["gpt-4o-mini"], ["mistral-small-latest"]]);
  });
});

describe("analyzeIncidents: timeouts lead as latency", { timeout: 120_000 }, () => {
  it("joins a cascade over three models of one service when one of them shows its slowdown as timeouts only", () => {
    // The gateway slows every model it serves: two of them ×4 (their requests still succeed),
    // the third, whose requests already take 20 s, ×8, past the 60-s deadline: it shows as a
    // rise in 504s, its error rate leading, while the others lead with latency.
    const end = ONSET + 30 * MINUTE;
    const slow: ModelSpec = {
      ...anthropic(),
      medianMs: 20_000,
      faults: [{ fromMs: ONSET + 2 * MINUTE, toMs: end, slower: 8 }],
    };
    const events = serviceDay(13, [
      mistral([{ fromMs: ONSET, toMs: end, slower: 4 }]),
      openai([{ fromMs: ONSET + 5 * MINUTE, toMs: end, slower: 4 }]),
      slow,
    ]);
    const { incidents } = analyzeIncidents(events);
    expect(incidents).toHaveLength(1);
    expect([...incidents[0]!.models].sort()).toEqual([
      "claude-3-5-haiku-20241022",
      "gpt-4o-mini",
      "mistral-small-latest",
    ]);
    expect(incidents[0]!.root?.model).toBe("mistral-small-latest");
  });
});
