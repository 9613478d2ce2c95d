/*
 * A slowdown that shows only as timeouts (docs/correlation.md "Timeouts and latency"). Hand-built
 * days, independent of the evaluation generators: a reasoning model whose requests take about
 * 28 s is called with a 120-s client deadline; a request that would take longer fails at the
 * deadline (a gateway's 504, or an OpenTelemetry span with `error.type` TimeoutError) and is
 * written when it failed, 120 s after it began. Expectations come from how each day was built:
 * when the slowdown began, which requests it slowed.
 */
import { describe, expect, it } from "vitest";
import { MIN_EFFECT } from "../../src/correlation/incidents/detect.js";
import { SOURCE } from "../../src/correlation/incidents/signals.js";
import { EventStore } from "../../src/correlation/incidents/store.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { taggedLatencyEvent, tokenUsage, uuidOf } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
const ONSET = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
const DEADLINE_MS = 120_000;
const MODEL = "deepseek-reasoner";

type Dialect = "gateway" | "otel";

interface Fault {
  /** Share of requests the fault touches from ONSET for 20 minutes. */
  readonly share: number;
  /** Latency factor of a touched request. */
  readonly slower?: number;
  /** A touched request fails at once with this HTTP status instead. */
  readonly status?: string;
}

interface Request {
  readonly start: number;
  readonly ms: number;
  readonly status: string | undefined;
}

/**
 * Four hours of one model's requests, one every 6 s (`gapMs`) on average (Poisson), log-normal durations
 * (median 28 s, σ 0.5: 0.2 % reach the deadline), 0.5 % fast background 500s, and the fault.
 */
function requests(seed: number, fault: Fault | undefined, medianMs = 28_000, gapMs = 6000): Request[] {
  const r = mulberry32(seed);
  const out: Request[] = [];
  for (let t = START - Math.log(1 - r()) * gapMs; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * gapMs) {
    const touched = fault !== undefined && t >= ONSET && t < ONSET + 20 * MINUTE && r() < fault.share;
    let ms = medianMs * Math.exp(0.5 * gaussian(r)) * (touched ? (fault?.slower ?? 1) : 1);
    let status: string | undefined;
    if (touched && fault?.status !== undefined) {
      status = fault.status;
      ms = 300 * Math.exp(0.3 * gaussian(r));
    } else if (ms >= DEADLINE_MS) {
      status = "504";
      ms = DEADLINE_MS;
    } else if (r() < 0.005) {
      status = "500";
      ms = 300 * Math.exp(0.3 * gaussian(r));
    }
    out.push({ start: t, ms, status });
  }
  return out;
}

function eventsOf(list: readonly Request[], dialect: Dialect, model = MODEL): AnalyticsEvent[] {
  return list.map((q, k) => {
    const tags: Record<string, string> = { "gen_ai.request.model": model };
    if (dialect === "gateway") tags["http.status_code"] = q.status ?? "200";
    else if (q.status !== undefined) {
      tags["otel.status_code"] = "ERROR";
      tags["error.type"] = q.status === "504" ? "TimeoutError" : "InternalServerError";
    }
    return taggedLatencyEvent({ eventId: k + 1, requestId: `r${k + 1}`, start: q.start, ms: q.ms, model, tags });
  });
}

describe("analyzeIncidents: a slowdown seen only as timeouts", { timeout: 120_000 }, () => {
  for (const dialect of ["gateway", "otel"] as const) {
    it(`dates it as latency from when the slowed requests began (${dialect})`, () => {
      for (const seed of [1, 3, 4]) {
        // 60 % of requests ×6.6 slower (median 185 s): four in five of them reach the deadline.
        const list = requests(seed, { share: 0.6, slower: 6.6 });
        const analysis = analyzeIncidents(eventsOf(list, dialect));
        expect(analysis.incidents, `seed ${seed}`).toHaveLength(1);
        const incident = analysis.incidents[0]!;
        // The failures are written 120 s after the slowdown began; its start is dated from the
        // requests' own start, within one window of the onset.
        const start = Date.parse(incident.start);
        expect(Math.abs(start - ONSET), `seed ${seed}: start ${incident.start}`).toBeLessThanOrEqual(
          analysis.method.window_ms,
        );
        expect(incident.root?.signal, `seed ${seed}`).toBe("latency_p95");
        // The root is a request the slowdown touched: begun from the onset, written within five minutes of it.
        const root = list[Number.parseInt(incident.root!.event_id.slice(-12), 16) - 1]!;
        expect(root.start, `seed ${seed}`).toBeGreaterThanOrEqual(ONSET);
        expect(root.start + root.ms - ONSET, `seed ${seed}`).toBeLessThanOrEqual(5 * MINUTE);
      }
    });
  }

  it("reports no incident for the day's few ordinary timeouts", () => {
    for (const seed of [4, 5]) {
      const list = requests(seed, undefined);
      expect(list.filter((q) => q.status === "504").length, `seed ${seed}`).toBeGreaterThan(0);
      expect(analyzeIncidents(eventsOf(list, "gateway")).incidents, `seed ${seed}`).toEqual([]);
    }
  });

  it("still roots a burst of fast failures in the error rate (only timeouts are latency)", () => {
    const list = requests(6, { share: 0.4, status: "503" });
    const { incidents } = analyzeIncidents(eventsOf(list, "gateway"));
    expect(incidents).toHaveLength(1);
    expect(incidents[0]!.root?.signal).toBe("error_rate");
  });
});

describe("analyzeIncidents: a model that times out as a rule", { timeout: 120_000 }, () => {
  it("dates the rise in timeouts from when the timed-out requests began", () => {
    // Requests take 75 s (median) against the 120-s deadline: about a sixth time out on an
    // ordinary day, so the p95 is the deadline itself and no slowdown can move it. 90 % of
    // requests ×6.5 slower: nearly all of them time out, written 120 s after they began.
    for (const seed of [1, 2, 5]) {
      const list = requests(seed, { share: 0.9, slower: 6.5 }, 75_000);
      const before = list.filter((q) => q.start < ONSET);
      const share = before.filter((q) => q.status === "504").length / before.length;
      expect(share, `seed ${seed}`).toBeGreaterThan(0.1);
      const analysis = analyzeIncidents(eventsOf(list, "gateway"));
      expect(analysis.incidents, `seed ${seed}`).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      // The change shows in the share past the deadline, the error rate; the latency series says nothing.
      expect(incident.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(incident.signals, `seed ${seed}`).not.toContain("latency_p95");
      const start = Date.parse(incident.start);
      expect(Math.abs(start - ONSET), `seed ${seed}: start ${incident.start}`).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
    }
  });
});

/**
 * Four hours of a model called with a 60-s deadline, one request every 5 s on average, log-normal
 * durations (σ 0.5) around a median that wanders ±20 % over 40 minutes (a provider's load) and is
 * `lift` times higher for `minutes` from ONSET: a shift under the minimum effect (×1.5), no
 * incident. A request that would take 60 s or more fails at the deadline with a 504.
 */
function nearDeadline(seed: number, medianMs: number, lift: number, minutes: number): Request[] {
  const r = mulberry32(seed);
  const out: Request[] = [];
  for (let t = START - Math.log(1 - r()) * 5000; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * 5000) {
    const level = 1 + 0.2 * Math.sin((2 * Math.PI * (t - START)) / (40 * MINUTE));
    const shifted = t >= ONSET && t < ONSET + minutes * MINUTE ? lift : 1;
    const ms = medianMs * level * shifted * Math.exp(0.5 * gaussian(r));
    out.push(ms >= 60_000 ? { start: t, ms: 60_000, status: "504" } : { start: t, ms, status: undefined });
  }
  return out;
}

describe("a model whose ordinary requests run near the deadline", { timeout: 120_000 }, () => {
  it("keeps its timeouts out of the latency series; a far deadline keeps them in", () => {
    // Median 22 s (σ 0.5, level ±20 %): the ordinary p95 is about 22·e^(0.5·1.645) = 50 s, the
    // 60-s deadline ×1.2 above it, under the minimum effect (×1.5): its timeouts go to the error
    // rate only. Median 8 s: p95 18 s, the deadline ×3.3 above: its timeouts, a slowdown's, stay.
    const latencyCount = (list: readonly Request[]) => {
      const store = new EventStore();
      for (const e of eventsOf(list, "gateway")) store.add(e);
      store.seal();
      store.dropCensoredLatency(SOURCE.latency, MIN_EFFECT.ratio);
      return store.series.find((r) => r.source === SOURCE.latency)!.times.length;
    };
    for (const seed of [1, 2]) {
      const near = nearDeadline(seed, 22_000, 1, 0);
      const nearTimeouts = near.filter((q) => q.status === "504").length;
      expect(nearTimeouts / near.length, `seed ${seed}`).toBeGreaterThan(0.01);
      expect(nearTimeouts / near.length, `seed ${seed}`).toBeLessThan(0.05);
      expect(latencyCount(near), `seed ${seed}`).toBe(near.length - nearTimeouts);
      // A slowdown past the deadline on a third of the requests for 20 minutes: they time out.
      const far = nearDeadline(seed, 8_000, 1, 0).map((q) =>
        q.start >= ONSET && q.start < ONSET + 20 * MINUTE && Math.floor(q.start) % 3 === 0
          ? { start: q.start, ms: 60_000, status: "504" }
          : q,
      );
      const farTimeouts = far.filter((q) => q.status === "504").length;
      expect(farTimeouts, `seed ${seed}`).toBeGreaterThan(20);
      expect(latencyCount(far), `seed ${seed}`).toBe(far.length);
    }
  });

  it("reports no latency incident when its level shifts by less than the minimum effect", () => {
    // Some 2-4 % of requests time out, more while the level is up (×1.3 for an hour, ×1.35 for
    // half an hour: under the minimum effect). With the timeouts in its latency series the p95
    // flips from a served request to the deadline (×1.2-1.3) as their share wanders; on these
    // draws the detector's minimum effect holds that back too (the test above pins the rule).
    for (const [medianMs, lift, minutes, seeds] of [
      [22_000, 1.3, 60, [1, 2, 3, 8]],
      [20_000, 1.35, 30, [1, 2]],
    ] as const) {
      for (const seed of seeds) {
        const list = nearDeadline(seed, medianMs, lift, minutes);
        const share = list.filter((q) => q.status === "504").length / list.length;
        expect(share, `seed ${seed}`).toBeGreaterThan(0.01);
        expect(share, `seed ${seed}`).toBeLessThan(0.05);
        const { incidents } = analyzeIncidents(eventsOf(list, "gateway"));
        // The timeouts' rise may be an error-rate change of its own; a latency change it is not.
        for (const incident of incidents)
          expect(incident.signals, `${medianMs} ms, seed ${seed}`).not.toContain("latency_p95");
      }
    }
  });
});

interface SizedRequest extends Request {
  readonly completion: number;
}

/**
 * Four hours of gpt-4o behind a 40-s client deadline, one request every 4 s on average: output
 * tokens log-normal (median 300, σ 0.6), a duration of a time to first token (median 600 ms) plus
 * 25 ms a token (±15 %): median 8 s. From ONSET for 30 minutes 60 % of requests ask for six
 * times the tokens (a prompt change): median 45 s, so more than half of them time out. A
 * timed-out request records no output (its token event says 0 completion tokens, as a client
 * that gave up reads it), as the held-out generator's gateway does.
 */
function tokenExplosion(seed: number): SizedRequest[] {
  const r = mulberry32(seed);
  const out: SizedRequest[] = [];
  for (let t = START - Math.log(1 - r()) * 4000; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * 4000) {
    const exploded = t >= ONSET && t < ONSET + 30 * MINUTE && r() < 0.6;
    const completion = Math.round(300 * Math.exp(0.6 * gaussian(r)) * (exploded ? 6 : 1));
    const ms = 600 * Math.exp(0.3 * gaussian(r)) + 25 * completion * Math.exp(0.15 * gaussian(r));
    out.push(
      ms >= 40_000
        ? { start: t, ms: 40_000, status: "504", completion: 0 }
        : { start: t, ms, status: undefined, completion },
    );
  }
  return out;
}

function sizedEventsOf(list: readonly SizedRequest[]): AnalyticsEvent[] {
  const latencyEvents = eventsOf(list, "gateway", "gpt-4o");
  const tokenEvents = list.map((q, k) =>
    AnalyticsEvent.parse({
      event_id: uuidOf(100_000 + k + 1),
      timestamp: new Date(Math.round(q.start + q.ms)).toISOString(),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "prod",
      payload: tokenUsage("gpt-4o", `r${k + 1}`, 500, q.completion),
    }),
  );
  return [...latencyEvents, ...tokenEvents].sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

describe("analyzeIncidents: a token explosion whose large requests time out", { timeout: 120_000 }, () => {
  it("roots it in the tokens when they are in the incident: a timed-out request has no size to test", () => {
    // The timed-out requests record no output, so on some draws the token total hardly moves and
    // the incident is the latency and the timeouts alone; where the slow requests that were
    // served are the large ones, the tokens join the incident and are its root. Had the timed-out
    // requests (slow, size 0) counted among the first five slow requests, the large ones would
    // not be three of them: the tokens joined on none of these seeds.
    let withTokens = 0;
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const list = tokenExplosion(seed);
      const timedOut = list.filter((q) => q.status === "504" && q.start >= ONSET).length;
      expect(timedOut, `seed ${seed}`).toBeGreaterThan(100);
      const { incidents } = analyzeIncidents(sizedEventsOf(list));
      expect(incidents, `seed ${seed}`).toHaveLength(1);
      const incident = incidents[0]!;
      if (!incident.signals.includes("token_usage")) continue;
      withTokens++;
      // The tokens: their total per request, or the completions apart (the explosion's own part).
      expect(["token_usage", "completion_tokens"], `seed ${seed}`).toContain(incident.root?.signal);
    }
    expect(withTokens).toBeGreaterThanOrEqual(2);
  });
});

describe("a timeout-bound model's slowdown stands for itself in a served request", { timeout: 120_000 }, () => {
  /** The request behind an incident's root event (`taggedLatencyEvent` ids count the list from 1). */
  const rootRequest = (list: readonly Request[], id: string): Request => list[Number.parseInt(id.slice(-12), 16) - 1]!;

  it("roots it in a slow served request the change touched, not in a timeout", () => {
    // Median 75 s against the 120-s deadline, one request a second: a sixth of the requests time
    // out on an ordinary day, so the timeouts stay out of the latency series and the change is
    // the error rate's. 90 % of requests ×2 slower (median 150 s): two thirds of them time out,
    // and of the third still served over a quarter run 105-120 s, above the ordinary served 90th
    // percentile (the uncensored 0.75 quantile, 75·e^(0.5·0.67) ≈ 105 s), where one in ten would.
    for (const seed of [1, 2, 5]) {
      const list = requests(seed, { share: 0.9, slower: 2 }, 75_000, 1000);
      const analysis = analyzeIncidents(eventsOf(list, "gateway"));
      expect(analysis.incidents, `seed ${seed}`).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      expect(incident.root?.signal, `seed ${seed}`).toBe("error_rate");
      const root = rootRequest(list, incident.root!.event_id);
      // A served request (no 504), begun after the change began, written within five minutes of it.
      expect(root.status, `seed ${seed}`).toBeUndefined();
      expect(root.start, `seed ${seed}`).toBeGreaterThanOrEqual(ONSET);
      expect(root.start + root.ms - ONSET, `seed ${seed}`).toBeLessThanOrEqual(5 * MINUTE);
      expect(incident.root_cause?.root_event_id, `seed ${seed}`).toBe(incident.root!.event_id);
    }
  });

  it("keeps a timeout as the root when the served requests are as ever (a gateway's fast 504s)", () => {
    // 40 % of requests answered at once with a 504 (a gateway giving up on a dead upstream in
    // 300 ms): failures of the timeout class, but nothing the served requests show.
    for (const seed of [1, 2]) {
      const list = requests(seed, { share: 0.4, status: "504" }, 75_000);
      const { incidents } = analyzeIncidents(eventsOf(list, "gateway"));
      expect(incidents, `seed ${seed}`).toHaveLength(1);
      expect(incidents[0]!.root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(rootRequest(list, incidents[0]!.root!.event_id).status, `seed ${seed}`).toBe("504");
    }
  });
});

/**
 * Four hours of a chat model called through a gateway with a 30-s deadline, two requests a minute
 * (Poisson), served in 2.2 s·e^(0.26·Z); from ONSET for 40 minutes a share `hung` of the requests
 * hang on a dead upstream until the gateway gives up and answers 504 at the deadline, written
 * then. The served requests are as ever.
 */
function hungUpstream(seed: number, hung: number): Request[] {
  const r = mulberry32(seed);
  const out: Request[] = [];
  for (let t = START - Math.log(1 - r()) * 30_000; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * 30_000) {
    const touched = t >= ONSET && t < ONSET + 40 * MINUTE && r() < hung;
    out.push(
      touched
        ? { start: t, ms: 30_000, status: "504" }
        : { start: t, ms: 2200 * Math.exp(0.26 * gaussian(r)), status: undefined },
    );
  }
  return out;
}

describe("a burst of requests hung until the gateway's deadline", { timeout: 120_000 }, () => {
  it("is rooted in the failures, not in the latency the same timed-out requests read from their start", () => {
    // The latency series holds the timeouts (the deadline is far above the served p95) and dates
    // the change at the first hung request's start; the error series counts that request's
    // failure when the deadline fired, 30 s later. Both read the one request; what it shows is a
    // failure (`seenMs` in analyze.ts). The truth: a burst of failures, the served requests as ever.
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const list = hungUpstream(seed, 0.6);
      const { incidents } = analyzeIncidents(eventsOf(list, "gateway", "chat-34b"));
      expect(incidents, `seed ${seed}`).toHaveLength(1);
      const incident = incidents[0]!;
      expect(incident.root?.signal, `seed ${seed}`).toBe("error_rate");
      const root = list[Number.parseInt(incident.root!.event_id.slice(-12), 16) - 1]!;
      expect(root.status, `seed ${seed}`).toBe("504");
      expect(root.start, `seed ${seed}`).toBeGreaterThanOrEqual(ONSET);
      expect(root.start + root.ms - ONSET, `seed ${seed}`).toBeLessThanOrEqual(5 * MINUTE);
    }
  });
});
