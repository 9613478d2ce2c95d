/*
 * The first model of a cascade below the threshold (docs/correlation.md, "Incidents", "One
 * upstream, several models": quiet first models). A provider fault reaches a model with little
 * traffic first, then a busy model of the same service; the first model's failures are too few in
 * any window to be flagged, so the incident was found on the second model alone and rooted there.
 * Hand-built one-hour days (a seeded generator of their own, sharing no code with the evaluation
 * suites): expectations come from what each day was built with (which model failed first, how,
 * and when).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { otelRequestEvent } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 13, 14, 0, 0);
const ONSET = START + 28 * MINUTE + 31_000;
const END = ONSET + 21 * MINUTE;
const DAY_END = START + 60 * MINUTE;

interface ModelSpec {
  readonly model: string;
  readonly provider: string;
  /** Mean gap between requests (Poisson arrivals). */
  readonly gapMs: number;
  readonly medianMs: number;
  /** From when to END its requests fail, how often, and with which status. */
  readonly fault?: { readonly fromMs: number; readonly share: number; readonly status: string };
}

/**
 * One hour of OpenTelemetry-style request events from one service ("support-bot"), each model
 * at its own provider and host: log-normal latencies (σ 0.4), no background failures but a
 * 0.3 % HTTP 500, and each model's fault. Returns the events and the ids of failed requests.
 */
function serviceHour(seed: number, models: readonly ModelSpec[]): { events: AnalyticsEvent[]; failed: Set<string> } {
  const r = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const failed = new Set<string>();
  let id = 1;
  for (const m of models) {
    for (let t = START - Math.log(1 - r()) * m.gapMs; t < DAY_END; t += -Math.log(1 - r()) * m.gapMs) {
      const faulty = m.fault !== undefined && t >= m.fault.fromMs && t < END;
      const status = faulty && r() < m.fault!.share ? m.fault!.status : r() < 0.003 ? "500" : undefined;
      const e = otelRequestEvent({
        id: id++,
        start: t,
        ms: m.medianMs * Math.exp(0.4 * gaussian(r)),
        service: "support-bot",
        provider: m.provider,
        host: `api.${m.provider}.example`,
        model: m.model,
        status,
      });
      events.push(e);
      if (status !== undefined) failed.add(e.event_id);
    }
  }
  events.sort((x, y) => Date.parse(x.timestamp) - Date.parse(y.timestamp));
  return { events, failed };
}

/** The sparse first model: about 2.4 requests a minute, 4–5 in a 2-minute window. */
const quiet = (fault?: ModelSpec["fault"]): ModelSpec => ({
  model: "qwen-coder-32b",
  provider: "together",
  gapMs: 25_000,
  medianMs: 2000,
  ...(fault === undefined ? {} : { fault }),
});
/** The busy model the fault spreads to 4 minutes later, failing 35 % with 529s. */
const busy: ModelSpec = {
  model: "claude-3-5-sonnet",
  provider: "anthropic",
  gapMs: 5_000,
  medianMs: 1200,
  fault: { fromMs: ONSET + 4 * MINUTE, share: 0.35, status: "529" },
};
/** A third model of the service that nothing happens to. */
const calm: ModelSpec = { model: "codestral", provider: "mistral", gapMs: 8_000, medianMs: 900 };

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12];

describe("a cascade's first model below the threshold", { timeout: 240_000 }, () => {
  it("joins the incident found on the model it spread to, and roots it in its own first failures", () => {
    // The first model fails 15 % with 529s (0 to 2 of its 4–5 requests a window), the busy one
    // 35 % from 4 minutes later. Right: one incident holding both, its root a failed request
    // of the first model within five minutes of the fault's start. Where the first model's first
    // failure comes only after the busy model's, the data cannot say which failed first, so
    // not every seed can be right; before this rule none was (the first model was never in the
    // incident on a seed where it had no anomaly of its own).
    let quietDays = 0;
    let right = 0;
    for (const seed of SEEDS) {
      const d = serviceHour(seed, [quiet({ fromMs: ONSET, share: 0.15, status: "529" }), busy, calm]);
      const analysis = analyzeIncidents(d.events);
      const flagged = analysis.anomalies.some((a) => a.series_id === "error_rate{model_id=qwen-coder-32b}");
      if (!flagged) quietDays++;
      const incident = analysis.incidents.find((i) => i.models.includes("claude-3-5-sonnet"));
      expect(incident).toBeDefined();
      expect(incident!.models).not.toContain("codestral");
      const rootId = incident!.root_cause?.root_event_id;
      const rootMs = incident!.root == null ? Number.NaN : Date.parse(incident!.root.timestamp);
      if (
        incident!.models.includes("qwen-coder-32b") &&
        rootId !== undefined &&
        d.failed.has(rootId) &&
        incident!.root?.model === "qwen-coder-32b" &&
        rootMs >= ONSET &&
        rootMs <= ONSET + 5 * MINUTE
      )
        right++;
    }
    // The scenario is what it says: the first model is flagged on its own on few seeds if any.
    expect(quietDays).toBeGreaterThanOrEqual(SEEDS.length - 2);
    expect(right).toBeGreaterThanOrEqual(SEEDS.length / 2);
  });

  it("leaves a model apart whose failures are of another class", () => {
    // The same timing, but the first model fails with HTTP 503 while the busy one answers 529:
    // nothing says one upstream answered both.
    for (const seed of SEEDS) {
      const d = serviceHour(seed, [quiet({ fromMs: ONSET, share: 0.15, status: "503" }), busy, calm]);
      const incident = analyzeIncidents(d.events).incidents.find((i) => i.models.includes("claude-3-5-sonnet"));
      expect(incident).toBeDefined();
      expect(incident!.models).not.toContain("qwen-coder-32b");
      expect(incident!.root?.model).toBe("claude-3-5-sonnet");
    }
  });

  it("leaves a model apart whose failures stay at its background rate", () => {
    for (const seed of SEEDS) {
      const d = serviceHour(seed, [quiet(), busy, calm]);
      const incident = analyzeIncidents(d.events).incidents.find((i) => i.models.includes("claude-3-5-sonnet"));
      expect(incident).toBeDefined();
      expect(incident!.models).toEqual(["claude-3-5-sonnet"]);
    }
  });
});
