/*
 * A model's own daily cycle is no collapse (`dailyCycleExplains` in analyze.ts): hand-built
 * multi-day captures (test/correlation/traffic-days.ts, a seeded Poisson generator of its own)
 * where one tenant, alone on its calling service, sleeps twelve hours after the others.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { trafficDay } from "./traffic-days.js";

/** Four models of one service, and one model of a service used in office hours only. */
const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "command-r"];
const OFF = "command-r";

/** The office service's rate: a third from 20:00 to 08:00 (hours counted from the capture's start). */
function office(minute: number): number {
  const hour = (minute / 60) % 24;
  return hour >= 8 && hour < 20 ? 1 : 0.3;
}

function cycleDay(seed: number, fall: (minute: number) => number = () => 1) {
  return trafficDay({
    seed,
    days: 3,
    models: MODELS,
    perDay: 3000,
    depth: 0.6,
    factor: (m, minute) => (m === OFF ? office(minute) * fall(minute) : 1),
    environment: (m) => (m === OFF ? "office" : "prod"),
  });
}

function throughputIncidentsOn(events: Parameters<typeof analyzeIncidents>[0], model: string) {
  return analyzeIncidents(events).incidents.filter((i) => i.models.includes(model) && i.signals.includes("throughput"));
}

describe("a model's own daily cycle", { timeout: 180_000 }, () => {
  it("opens no throughput incident when the same hours of the other days were as low", () => {
    // Every model follows a daily curve from 0.4 to 1.6 of its mean; the office service's model
    // drops to 0.3 of it at 20:00 every evening: against the other service's index each evening
    // reads as a fall of ×3.3 from hours of regular traffic, but the same hours of the other
    // evenings hold as few requests (the seasonal naive forecast).
    for (const seed of [1, 2, 3]) {
      const day = cycleDay(seed);
      expect(throughputIncidentsOn(day.events, OFF)).toEqual([]);
    }
  });

  it("still finds a collapse that the other days' same hours do not share", () => {
    // Day three, 10:00–11:30 after the capture's start (office hours): the office model's traffic
    // falls to 5 %, ×20 below both the index and the same hours of days one and two.
    const from = 2 * 24 * 60 + 10 * 60;
    const to = from + 90;
    for (const seed of [1, 2, 3]) {
      const day = cycleDay(seed, (minute) => (minute >= from && minute < to ? 0.05 : 1));
      const found = throughputIncidentsOn(day.events, OFF);
      expect(found.length).toBeGreaterThanOrEqual(1);
      const startMin = (Date.parse(found[0]!.start) - Date.UTC(2025, 5, 3, 14, 0, 0)) / 60_000;
      expect(startMin).toBeGreaterThan(from - 60);
      expect(startMin).toBeLessThan(to);
    }
  });
});
