/*
 * A model whose reporter writes throughput and error-rate records over 5-minute spans while the
 * same model also writes one event per request (a LiteLLM proxy's callbacks beside its metrics
 * exporter): a change that begins inside a record is dated by the requests, not by the first
 * record that shows it whole. Hand-built days: a small seeded generator of its own (mulberry32,
 * Poisson counts by inversion), sharing no code with the evaluation suites'.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32, poisson } from "../prng.js";
import { errorRate, event, requestEnded, throughput } from "./helpers.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const SPAN = 5;
const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.3-70b", "command-r"];
/** The change on gpt-4o: 3.5 minutes into the record that ends at 245.38 minutes. */
const ONSET = 243.9;

/** An error-rate record over the reporter's 5-minute span. */
const errorReport = (id: number, model: string, endMinute: number, failed: number, total: number) =>
  event({ id, minute: endMinute, module: "llm-observatory", payload: errorRate(model, failed, total, SPAN * 60) });

interface Day {
  readonly events: AnalyticsEvent[];
  /** Event ids of the records, and time (epoch ms) of each request event, by id. */
  readonly records: Set<string>;
  readonly requestMs: Map<string, number>;
}

/**
 * Six hours of six models at `perMinute` requests a minute, each request a latency event (failed
 * ones tagged with HTTP 503), and per model a throughput and an error-rate record every five
 * minutes (spans ending 23 s past the mark). From ONSET gpt-4o's requests go on at `rate` times
 * their rate and fail with probability `failing` (1 % before); `recordsOnly` keeps the requests
 * at their rate (the records alone change: a reporter that undercounts).
 */
function day(options: { seed: number; rate: number; failing: number; requests?: boolean; recordsOnly?: boolean }): Day {
  const rand = mulberry32(options.seed);
  const perMinute = 8;
  const events: AnalyticsEvent[] = [];
  const records = new Set<string>();
  const requestMs = new Map<string, number>();
  let id = 1;
  for (const model of MODELS) {
    for (let a = 23 / 60; a + SPAN <= 6 * 60; a += SPAN) {
      let total = 0;
      let failed = 0;
      for (let m = 0; m < SPAN; m++) {
        for (let k = poisson(rand, perMinute); k > 0; k--) {
          const minute = a + m + rand();
          const hit = model === "gpt-4o" && minute >= ONSET;
          const fails = rand() < (hit ? options.failing : 0.01);
          const kept = !hit || options.recordsOnly === true || rand() < options.rate;
          if (hit && !kept) continue;
          total++;
          if (fails) failed++;
          if (options.requests === false) continue;
          const ms = 700 + 600 * rand();
          const e = requestEnded({
            n: id++,
            model,
            minute,
            ms,
            requestId: `q${id}`,
            ...(fails ? { tags: { "http.status_code": "503" } } : {}),
          });
          events.push(e);
          requestMs.set(e.event_id, Date.parse(e.timestamp));
        }
      }
      const reported =
        model === "gpt-4o" && options.recordsOnly === true && a + SPAN > ONSET
          ? Math.round(total * options.rate)
          : total;
      if (reported > 0) {
        const t = event({
          id: id++,
          minute: a + SPAN,
          module: "llm-observatory",
          payload: throughput(model, reported, SPAN),
        });
        const f = errorReport(id++, model, a + SPAN, failed, Math.max(total, failed));
        events.push(t, f);
        records.add(t.event_id).add(f.event_id);
      }
    }
  }
  events.sort((x, y) => Date.parse(x.timestamp) - Date.parse(y.timestamp));
  return { events, records, requestMs };
}

const SEEDS = [11, 12, 13, 14, 15];

function gpt4oIncident(events: readonly AnalyticsEvent[], signal: string) {
  const incident = analyzeIncidents(events).incidents.find(
    (i) => i.models.includes("gpt-4o") && i.signals.includes(signal as never),
  );
  expect(incident).toBeDefined();
  return incident!;
}

describe("a reporter's change dated by its model's own requests", { timeout: 240_000 }, () => {
  it("roots a fall in traffic in a request of its first five minutes, not in the next whole record", () => {
    let rootedInFirstFive = 0;
    for (const seed of SEEDS) {
      const d = day({ seed, rate: 0.08, failing: 0.01 });
      const incident = gpt4oIncident(d.events, "throughput");
      // Dated by the requests: within two minutes of the fall (the record it began in starts 3.5 minutes before it).
      expect(Math.abs(Date.parse(incident.start) - (START + ONSET * MINUTE))).toBeLessThanOrEqual(2 * MINUTE);
      const root = incident.root_cause!.root_event_id;
      const ms = d.requestMs.get(root);
      if (ms !== undefined && ms >= START + ONSET * MINUTE && ms <= START + (ONSET + 5) * MINUTE) rootedInFirstFive++;
    }
    expect(rootedInFirstFive).toBeGreaterThanOrEqual(4);
  });

  it("roots a failure burst in a failed request of its first five minutes", () => {
    let rootedInFirstFive = 0;
    for (const seed of SEEDS) {
      const d = day({ seed, rate: 1, failing: 0.4 });
      const incident = gpt4oIncident(d.events, "error_rate");
      expect(Math.abs(Date.parse(incident.start) - (START + ONSET * MINUTE))).toBeLessThanOrEqual(2 * MINUTE);
      const ms = d.requestMs.get(incident.root_cause!.root_event_id);
      if (ms !== undefined && ms >= START + ONSET * MINUTE && ms <= START + (ONSET + 5) * MINUTE) rootedInFirstFive++;
    }
    expect(rootedInFirstFive).toBeGreaterThanOrEqual(4);
  });

  it("keeps the record's dating where the requests do not show the fall, or there are none", () => {
    for (const seed of SEEDS.slice(0, 2)) {
      // The records fall to 8 % while the requests go on: the requests date nothing.
      const undercount = day({ seed, rate: 0.08, failing: 0.01, recordsOnly: true });
      const incident = gpt4oIncident(undercount.events, "throughput");
      expect(undercount.records.has(incident.root_cause!.root_event_id)).toBe(true);
      // No request events at all: the records alone.
      const recordsOnly = day({ seed, rate: 0.08, failing: 0.01, requests: false });
      const alone = gpt4oIncident(recordsOnly.events, "throughput");
      expect(recordsOnly.records.has(alone.root_cause!.root_event_id)).toBe(true);
    }
  });
});
