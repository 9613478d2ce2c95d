/*
 * The root of a fall in traffic (throughput) on hand-built days (test/correlation/traffic-days.ts:
 * a seeded Poisson generator of its own, requests following a daily curve).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
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
});
