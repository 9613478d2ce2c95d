/*
 * The root of a fall in traffic (throughput) on hand-built days (test/correlation/traffic-days.ts:
 * a seeded Poisson generator of its own, requests following a daily curve).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { at, uuidOf } from "./helpers.js";
import { MINUTE, trafficDay } from "./traffic-days.js";

/** Minute 0 of the helpers' clock (test/correlation/helpers.ts `at`). */
const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large"];
/** The fall: minutes 800–900 (03:20–05:00 on day two), on gpt-4o only. */
const FROM = 800;
const TO = 900;

function fallDay(seed: number, factor: number) {
  // One day, 2,000 requests per model (about 1.4 a minute on average; 10-minute windows); the
  // fall lasts 100 minutes.
  return trafficDay({
    seed,
    days: 1,
    models: MODELS,
    perDay: 2000,
    factor: (model, minute) => (model === "gpt-4o" && minute >= FROM && minute < TO ? factor : 1),
  });
}

function rootOf(day: ReturnType<typeof fallDay>) {
  const analysis = analyzeIncidents(day.events);
  const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"));
  expect(incident).toBeDefined();
  const root = day.events.find((e) => e.event_id === incident!.root_cause?.root_event_id);
  expect(root).toBeDefined();
  expect(root!.payload.payload_type === "telemetry" && root!.payload.data.model_id).toBe("gpt-4o");
  return { incident: incident!, rootMs: Date.parse(root!.timestamp), windowMs: analysis.method.window_ms };
}

describe("the root of a fall in traffic", { timeout: 120_000 }, () => {
  it("is the last request before an outage (no request comes after it in the incident's first windows)", () => {
    // Before, such an incident had no root: its representative was the first request after the
    // quiet stretch began, within the first two anomalous windows, and there is none.
    for (const seed of [1, 2, 3]) {
      const day = fallDay(seed, 0);
      const last = Math.max(...day.requests.get("gpt-4o")!.filter((m) => m < FROM));
      const { incident, rootMs, windowMs } = rootOf(day);
      // The generator's own last request before the outage, to the millisecond it was written at.
      expect(rootMs).toBe(START + Math.round(last * MINUTE));
      expect(Math.abs(Date.parse(incident.start) - (START + FROM * MINUTE))).toBeLessThanOrEqual(windowMs);
    }
  });

  /**
   * gpt-4o's requests with those in [from, to) minutes removed and requests added at `add`
   * (copies of one of its requests, new ids).
   */
  function reshape(day: ReturnType<typeof fallDay>, from: number, to: number, add: readonly number[]) {
    const minuteOf = (e: AnalyticsEvent) => (Date.parse(e.timestamp) - START) / MINUTE;
    const isModel = (e: AnalyticsEvent) =>
      e.payload.payload_type === "telemetry" && e.payload.data.model_id === "gpt-4o";
    const model = day.events.find(isModel)!;
    const kept = day.events.filter((e) => !(isModel(e) && minuteOf(e) >= from && minuteOf(e) < to));
    const added = add.map((minute, k) => {
      const copy = structuredClone(model) as AnalyticsEvent & { payload: { data: { request_id: string } } };
      copy.payload.data.request_id = `added-${k}`;
      return { ...copy, event_id: uuidOf(5_000_000 + k), timestamp: at(minute) } as AnalyticsEvent;
    });
    return { events: [...kept, ...added], requests: day.requests };
  }

  it("is the request in flight when traffic collapsed, when the next comes long after (held-out --seed 5151 day 19)", () => {
    // At about two requests a minute, the last baseline request 51 s before the collapse, one
    // that was in flight ending 2 s after it, and then nothing for 18 minutes (a collapse to a
    // few percent): the one request of the fall's first five minutes is the one in flight. The
    // first request after the quiet stretch (before: the root) is 18 minutes late.
    for (const seed of [1, 2, 3]) {
      const day = reshape(fallDay(seed, 0), FROM - 1, TO, [
        FROM - 51 / 60,
        FROM + 2 / 60,
        FROM + 18,
        FROM + 41,
        FROM + 77,
      ]);
      const { rootMs } = rootOf(day);
      expect(rootMs).toBe(START + (FROM + 2 / 60) * MINUTE);
    }
  });

  it("is the first request after the quiet stretch when it comes within five minutes, even 5.6 minutes after the last before it (held-out --seed 7373 day 20)", () => {
    // The last request 48 s before the collapse, the next 4.8 minutes after it: the change is
    // likelier after the last request than before it, so the first after it stands for it.
    for (const seed of [1, 2, 3]) {
      const day = reshape(fallDay(seed, 0), FROM - 48 / 60, TO, [FROM + 4.8, FROM + 26, FROM + 58]);
      const { rootMs } = rootOf(day);
      expect(rootMs).toBe(START + (FROM + 4.8) * MINUTE);
    }
  });
});
