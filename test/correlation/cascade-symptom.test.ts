/*
 * The root of a cascade through one upstream (docs/correlation.md, "Root cause", "One upstream's
 * symptom"): where the first model's own series cannot be ordered (a tie), the symptom every
 * other model of the cascade leads with is the upstream's; and a reporter whose clock is off by
 * more than its records' span still has its change dated by the model's requests. Hand-built
 * days (a seeded generator of their own, sharing no code with the evaluation suites):
 * expectations come from what each day was built with (which model failed first, how, when).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { errorRate, otelRequestEvent, uuidOf } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 6, 1, 6, 0, 0);
const ONSET = START + 4 * 60 * MINUTE + 7 * MINUTE + 11_000;
const END = ONSET + 40 * MINUTE;

/** What happens to one model's requests from `fromMs` on, until END. */
interface Fault {
  readonly fromMs: number;
  /** Share of requests that fail with HTTP 529 ("overloaded"). */
  readonly failure?: number;
  /** Latency factor of the requests that succeed. */
  readonly slower?: number;
}

interface ModelSpec {
  readonly model: string;
  readonly gapMs: number;
  readonly medianMs: number;
  readonly faults?: readonly Fault[];
}

/**
 * Six hours of OpenTelemetry-style request events from one service, every model behind one
 * gateway (one provider and host): Poisson arrivals per model, log-normal latencies (σ 0.4),
 * 0.5 % background failures (HTTP 500), and the given faults. `records` adds, for `records.model`,
 * an error-rate record per minute of the same requests, stamped by a reporter whose clock is
 * `records.skewMs` ahead. Returns the events and the ids of the failed requests.
 */
function gatewayDay(
  seed: number,
  models: readonly ModelSpec[],
  records?: { readonly model: string; readonly skewMs: number },
): { events: AnalyticsEvent[]; failed: Set<string>; recordIds: Set<string> } {
  const r = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const failed = new Set<string>();
  const recordIds = new Set<string>();
  let id = 1;
  for (const m of models) {
    const perMinute = new Map<number, { total: number; failed: number }>();
    for (let t = START - Math.log(1 - r()) * m.gapMs; t < START + 6 * 60 * MINUTE; t += -Math.log(1 - r()) * m.gapMs) {
      const active = (m.faults ?? []).filter((f) => t >= f.fromMs && t < END);
      const failure = Math.max(0, ...active.map((f) => f.failure ?? 0));
      const slower = Math.max(1, ...active.map((f) => f.slower ?? 1));
      const ms = m.medianMs * Math.exp(0.4 * gaussian(r)) * slower;
      const status = r() < failure ? "529" : r() < 0.005 ? "500" : undefined;
      const e = otelRequestEvent({
        id: id++,
        start: t,
        ms,
        service: "support-bot",
        provider: "openai",
        host: "llm-gateway.internal",
        model: m.model,
        status,
      });
      events.push(e);
      if (status !== undefined) failed.add(e.event_id);
      const minute = Math.floor((t + ms - START) / MINUTE);
      const slot = perMinute.get(minute) ?? { total: 0, failed: 0 };
      slot.total++;
      if (status !== undefined) slot.failed++;
      perMinute.set(minute, slot);
    }
    if (records?.model !== m.model) continue;
    for (let minute = 0; minute < 6 * 60; minute++) {
      const slot = perMinute.get(minute) ?? { total: 0, failed: 0 };
      const record = AnalyticsEvent.parse({
        event_id: uuidOf(1_000_000 + minute),
        timestamp: new Date(START + (minute + 1) * MINUTE + records.skewMs).toISOString(),
        source_module: "llm-observatory",
        event_type: "telemetry",
        severity: "info",
        environment: "prod",
        tags: { exporter: "prometheus-remote", "service.name": "support-bot" },
        payload: errorRate(m.model, slot.failed, slot.total),
      });
      events.push(record);
      recordIds.add(record.event_id);
    }
  }
  events.sort((x, y) => Date.parse(x.timestamp) - Date.parse(y.timestamp));
  return { events, failed, recordIds };
}

const first = (faults: readonly Fault[]): ModelSpec => ({
  model: "gpt-4o",
  gapMs: 10_000,
  medianMs: 1500,
  faults,
});
const second = (faults: readonly Fault[]): ModelSpec => ({
  model: "gpt-4o-mini",
  gapMs: 12_000,
  medianMs: 900,
  faults,
});
const third = (faults: readonly Fault[]): ModelSpec => ({ model: "o3-mini", gapMs: 14_000, medianMs: 2500, faults });

const SEEDS = [3, 4, 5, 6, 7];

function rootOf(events: readonly AnalyticsEvent[]) {
  const { incidents } = analyzeIncidents(events);
  const incident = incidents.find((i) => i.models.includes("gpt-4o"));
  expect(incident).toBeDefined();
  const root = incident!.series.find((s) => s.role === "root_cause");
  return { incident: incident!, signal: root?.series_id.split("{")[0], event: incident!.root_cause?.root_event_id };
}

describe("a cascade's root: the symptom the upstream shows on every model", { timeout: 240_000 }, () => {
  it("roots a gateway's 529s on the first model in its failures, not in the slowdown its retries make there", () => {
    // The first model's requests fail with 529s and, from 15 s before (within the tie), its
    // successful requests take 4× as long; the two models it spreads to 4 and 8 minutes later
    // only fail. On every seed the incident joins all three models.
    let errorsRoot = 0;
    for (const seed of SEEDS) {
      const d = gatewayDay(seed, [
        first([
          { fromMs: ONSET - 15_000, slower: 4 },
          { fromMs: ONSET, failure: 0.4 },
        ]),
        second([{ fromMs: ONSET + 4 * MINUTE, failure: 0.4 }]),
        third([{ fromMs: ONSET + 8 * MINUTE, failure: 0.4 }]),
      ]);
      const { incident, signal, event } = rootOf(d.events);
      expect([...incident.models].sort()).toEqual(["gpt-4o", "gpt-4o-mini", "o3-mini"]);
      expect(incident.root?.model).toBe("gpt-4o");
      if (signal === "error_rate" && event !== undefined && d.failed.has(event)) errorsRoot++;
    }
    expect(errorsRoot).toBe(SEEDS.length);
  });

  it("keeps the slowdown as root where the models the cascade spreads to slow down too", () => {
    // Counted where the three models are one incident (where the first model's slowdown shows
    // in a later window than its failures, it leads with failures and is left apart).
    let joined = 0;
    let latencyRoot = 0;
    for (const seed of SEEDS) {
      const d = gatewayDay(seed, [
        first([
          { fromMs: ONSET - 15_000, slower: 4 },
          { fromMs: ONSET, failure: 0.4 },
        ]),
        second([{ fromMs: ONSET + 4 * MINUTE, slower: 2.5 }]),
        third([{ fromMs: ONSET + 8 * MINUTE, slower: 2.5 }]),
      ]);
      const { incident, signal } = rootOf(d.events);
      expect(incident.root?.model).toBe("gpt-4o");
      if (incident.models.length < 3) continue;
      joined++;
      if (signal === "latency_p95") latencyRoot++;
    }
    expect(joined).toBeGreaterThanOrEqual(Math.min(3, SEEDS.length));
    expect(latencyRoot).toBe(joined);
  });
});

describe("a reporter whose clock is ahead by more than its records' span", { timeout: 240_000 }, () => {
  it("has a failure burst dated and rooted by the model's own failed requests", () => {
    // One model alone; its 1-minute error-rate records are stamped 100 s late (a pod whose
    // clock is off, within the two minutes two producers may disagree by).
    let requestRoot = 0;
    for (const seed of SEEDS) {
      const d = gatewayDay(seed, [first([{ fromMs: ONSET, failure: 0.4 }])], { model: "gpt-4o", skewMs: 100_000 });
      const { incident, event } = rootOf(d.events);
      expect(Math.abs(Date.parse(incident.start) - ONSET)).toBeLessThanOrEqual(MINUTE);
      if (event !== undefined && d.failed.has(event)) {
        const rootMs = Date.parse(incident.root!.timestamp);
        if (rootMs >= ONSET && rootMs <= ONSET + 5 * MINUTE) requestRoot++;
      }
    }
    expect(requestRoot).toBe(SEEDS.length);
  });
});
