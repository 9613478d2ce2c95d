/*
 * A slowdown that shows only as timeouts (docs/correlation.md "Timeouts and latency"). Hand-built
 * days, independent of the evaluation generators: a reasoning model whose requests take about
 * 28 s is called with a 120-s client deadline; a request that would take longer fails at the
 * deadline (a gateway's 504, or an OpenTelemetry span with `error.type` TimeoutError) and is
 * written when it failed, 120 s after it began. Expectations come from how each day was built:
 * when the slowdown began, which requests it slowed.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { uuidOf } from "./helpers.js";

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
 * Four hours of one model's requests, one every 6 s on average (Poisson), log-normal durations
 * (median 28 s, σ 0.5: 0.2 % reach the deadline), 0.5 % fast background 500s, and the fault.
 */
function requests(seed: number, fault: Fault | undefined, medianMs = 28_000): Request[] {
  const r = mulberry32(seed);
  const out: Request[] = [];
  for (let t = START - Math.log(1 - r()) * 6000; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * 6000) {
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

function eventsOf(list: readonly Request[], dialect: Dialect): AnalyticsEvent[] {
  return list.map((q, k) => {
    const tags: Record<string, string> = { "gen_ai.request.model": MODEL };
    if (dialect === "gateway") tags["http.status_code"] = q.status ?? "200";
    else if (q.status !== undefined) {
      tags["otel.status_code"] = "ERROR";
      tags["error.type"] = q.status === "504" ? "TimeoutError" : "InternalServerError";
    }
    return AnalyticsEvent.parse({
      event_id: uuidOf(k + 1),
      timestamp: new Date(Math.round(q.start + q.ms)).toISOString(),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "prod",
      tags,
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "latency",
          model_id: MODEL,
          request_id: `r${k + 1}`,
          total_latency_ms: Math.round(q.ms),
        },
      },
    });
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
