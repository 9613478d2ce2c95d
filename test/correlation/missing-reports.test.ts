/*
 * A throughput exporter that leaves out the windows without requests (delta temporality): its
 * missing report is a window of zero requests, once its cadence is established. Hand-built
 * days: a small seeded generator of its own (mulberry32, Poisson counts per window by
 * inversion), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { EventStore, REGULAR_REPORTS } from "../../src/correlation/incidents/store.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32, poisson } from "../prng.js";
import { event, latency, throughput } from "./helpers.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
/** The exporters' window: 5 minutes. */
const WINDOW = 5;

const throughputReport = (id: number, model: string, endMinute: number, requests: number): AnalyticsEvent =>
  event({ id, minute: endMinute, module: "llm-observatory", payload: throughput(model, requests, WINDOW) });

/** The models reporting; the collapse is on the first. */
const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.3-70b", "command-r"];
/** The capture: four hours. */
const HOURS = 4;

/**
 * Four hours of 5-minute throughput reports on six models (40 requests a window on average),
 * windows ending 23 s past the 5-minute mark; `factor` scales a model's mean in a window (by
 * its start minute). A window with no requests is left out (`dropEmpty`) or reported as 0.
 */
function exporterDay(seed: number, factor: (model: string, minute: number) => number, dropEmpty: boolean) {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const reports = new Map<string, { minute: number; id: string; requests: number }[]>();
  let id = 1;
  for (const model of MODELS) {
    const list: { minute: number; id: string; requests: number }[] = [];
    for (let a = 23 / 60; a + WINDOW <= HOURS * 60; a += WINDOW) {
      const n = poisson(rand, 40 * factor(model, a));
      if (n === 0 && dropEmpty) continue;
      const e = throughputReport(id++, model, a + WINDOW, n);
      events.push(e);
      list.push({ minute: a + WINDOW, id: e.event_id, requests: n });
    }
    reports.set(model, list);
  }
  return { events, reports };
}

describe("a regular throughput exporter's missing reports", { timeout: 120_000 }, () => {
  // The collapse: from minute 121.5 (inside the window 120.4–125.4): no requests for a quarter
  // hour, then 2 % of the traffic for three quarters of an hour.
  const FROM = 121.5;
  const collapse = (model: string, minute: number) => {
    if (model !== "gpt-4o" || minute + WINDOW <= FROM || minute >= FROM + 60) return 1;
    if (minute < FROM) return 0.3;
    return minute < FROM + 15 ? 0 : 0.02;
  };

  it("date a collapse whose first windows went unreported within one window of its start", () => {
    for (const seed of [1, 2, 3]) {
      const day = exporterDay(seed, collapse, true);
      const list = day.reports.get("gpt-4o")!;
      // The generator did leave out windows in the collapse's first quarter hour (else the day tests nothing).
      const first = list.findIndex((r) => r.minute - WINDOW > FROM);
      expect(list[first]!.minute - list[first - 1]!.minute).toBeGreaterThanOrEqual(3 * WINDOW);
      const analysis = analyzeIncidents(day.events);
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"));
      expect(incident).toBeDefined();
      const onset = Date.parse(incident!.start);
      expect(Math.abs(onset - (START + FROM * MINUTE))).toBeLessThanOrEqual(WINDOW * MINUTE);
      // The root is the last report before the silence or the first report inside the collapse,
      // never one that came after the unreported windows.
      const root = list.find((r) => r.id === incident!.root_cause?.root_event_id);
      expect(root).toBeDefined();
      expect(root!.minute).toBeLessThanOrEqual(list[first]!.minute);
      expect(root!.minute - FROM).toBeLessThanOrEqual(WINDOW);
      // No incident on the models whose traffic did not change.
      expect(analysis.incidents.filter((i) => !i.models.includes("gpt-4o"))).toEqual([]);
    }
  });

  function storeOf(events: readonly AnalyticsEvent[]): EventStore {
    const store = new EventStore();
    for (const e of events) store.add(e);
    store.seal();
    return store;
  }
  const THROUGHPUT_PAYLOAD = 3;
  const reportsOf = (store: EventStore) => {
    const s = store.series.find((r) => r.source === THROUGHPUT_PAYLOAD && r.model === "gpt-4o")!;
    const out: { minute: number; value: number }[] = [];
    for (let i = 0; i < s.times.length; i++)
      out.push({ minute: ((s.times.data[i] as number) - START) / MINUTE, value: s.values.data[i] as number });
    return out.sort((a, b) => a.minute - b.minute);
  };

  it("fill a gap of k windows with k − 1 zero windows, only after the cadence is established", () => {
    // Reports ending at minutes 5, 10, 15, 20, (25, 30 missing), 35, (40 missing), 45 and one
    // cut short by a restart at 47.5 (not a whole window: it breaks the cadence), then 52.5,
    // (57.5 missing), 62.5. Each covers 5 minutes, so its observation is at its middle.
    const ends = [5, 10, 15, 20, 35, 45, 47.5, 52.5, 62.5];
    const events = ends.map((m, k) => throughputReport(k + 1, "gpt-4o", m, 30));
    const store = storeOf(events);
    store.fillMissingReports(THROUGHPUT_PAYLOAD);
    const got = reportsOf(store);
    const zeros = got.filter((r) => r.value === 0).map((r) => r.minute + WINDOW / 2);
    // Three one-window gaps (5→10→15→20) establish the cadence: 25 and 30 are filled, and 40.
    // 47.5 breaks it (2.5 minutes), so after it only one regular gap (47.5→52.5) is seen
    // before the gap to 62.5: 57.5 is not filled.
    expect(REGULAR_REPORTS).toBe(3);
    expect(zeros).toEqual([25, 30, 40]);
    expect(got.length).toBe(ends.length + 3);
  });

  it("add no zeros before a reporter's first report, after its last while its model's requests go on, or before its cadence is known", () => {
    // Reports from minute 300 to 600 only, with a gap after the second report: the capture
    // runs from 0 to 1440 (the other model reports all day, and gpt-4o's own requests go on
    // all day: its exporter stopped, not its traffic), but nothing is added at its edges.
    const events: AnalyticsEvent[] = [];
    let id = 1;
    for (let m = 300; m <= 600; m += WINDOW) if (m !== 315) events.push(throughputReport(id++, "gpt-4o", m, 30));
    for (let m = WINDOW; m <= 24 * 60; m += WINDOW) events.push(throughputReport(id++, "claude-3-5-sonnet", m, 30));
    for (let m = 1; m <= 24 * 60; m += 2)
      events.push(event({ id: id++, minute: m, module: "llm-observatory", payload: latency("gpt-4o", 900, `r${m}`) }));
    const store = storeOf(events);
    store.fillMissingReports(THROUGHPUT_PAYLOAD);
    const got = reportsOf(store);
    expect(got.filter((r) => r.value === 0)).toEqual([]);
    expect(got[0]!.minute).toBeCloseTo(300 - WINDOW / 2, 6);
    expect(got[got.length - 1]!.minute).toBeCloseTo(600 - WINDOW / 2, 6);
  });

  it("leave a day whose empty windows were reported as 0 as it was", () => {
    // The same collapse with every window reported: the onset is within one window either way.
    const day = exporterDay(1, collapse, false);
    const store = storeOf(day.events);
    const before = store.observations;
    store.fillMissingReports(THROUGHPUT_PAYLOAD);
    expect(store.observations).toBe(before);
    const incident = analyzeIncidents(day.events).incidents.find((i) => i.models.includes("gpt-4o"));
    expect(incident).toBeDefined();
    expect(Math.abs(Date.parse(incident!.start) - (START + FROM * MINUTE))).toBeLessThanOrEqual(WINDOW * MINUTE);
  });
});
