/*
 * A throughput exporter with delta temporality that falls silent for good while the capture
 * goes on: a total collapse of its model's traffic when nothing else of the model comes later,
 * a dead reporter when the model's own requests go on. And a sparse model's collapse read from
 * its one-request and empty reports. Hand-built days: a small seeded generator of its own
 * (mulberry32, Poisson counts by inversion), sharing no code with the evaluation suites'.
 */
import { describe, expect, it } from "vitest";
import { EventStore } from "../../src/correlation/incidents/store.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32, poisson } from "../prng.js";
import { event, latency, throughput } from "./helpers.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const THROUGHPUT_PAYLOAD = 3;

const throughputReport = (id: number, model: string, endMinute: number, requests: number, window: number) =>
  event({ id, minute: endMinute, module: "llm-observatory", payload: throughput(model, requests, window) });

const request = (id: number, model: string, minute: number, ms: number): AnalyticsEvent =>
  event({ id, minute, module: "llm-observatory", payload: latency(model, ms, `r${id}`) });

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.3-70b", "command-r"];

interface Day {
  readonly events: AnalyticsEvent[];
  /** Per model, its reports (end minute, event id, requests). */
  readonly reports: Map<string, { minute: number; id: string; requests: number }[]>;
}

/**
 * `hours` of `window`-minute throughput reports on six models (`mean` requests a window), the
 * windows ending 23 s past the mark; `factor` scales a model's rate at a minute; a window with
 * no requests is left out (delta temporality). `exporterDiesAt`: the first model's exporter
 * sends nothing from then on. `requests`: every model also writes one latency event per request
 * (at a uniform time in its window).
 */
function exporterDay(options: {
  seed: number;
  hours: number;
  window: number;
  mean: number;
  factor: (model: string, minute: number) => number;
  exporterDiesAt?: number;
  requests?: boolean;
}): Day {
  const { seed, hours, window, mean, factor } = options;
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const reports = new Map<string, { minute: number; id: string; requests: number }[]>();
  let id = 1;
  for (const model of MODELS) {
    const list: { minute: number; id: string; requests: number }[] = [];
    for (let a = 23 / 60; a + window <= hours * 60; a += window) {
      // The rate at the window's middle; with `requests`, per minute of it (a collapse inside a window).
      let n = 0;
      for (let m = 0; m < window; m++) {
        const k = poisson(rand, (mean / window) * factor(model, a + m + 0.5));
        n += k;
        if (options.requests === true)
          for (let r = 0; r < k; r++) events.push(request(id++, model, a + m + rand(), 800 + 400 * rand()));
      }
      const dead = model === MODELS[0] && options.exporterDiesAt !== undefined && a + window > options.exporterDiesAt;
      if (n === 0 || dead) continue;
      const e = throughputReport(id++, model, a + window, n, window);
      events.push(e);
      list.push({ minute: a + window, id: e.event_id, requests: n });
    }
    reports.set(model, list);
  }
  return { events, reports };
}

function storeOf(events: readonly AnalyticsEvent[]): EventStore {
  const store = new EventStore();
  for (const e of events) store.add(e);
  store.seal();
  return store;
}

/** The middles (minutes after START) of the zero windows added to `model`'s reports. */
function zerosOf(store: EventStore, model: string): number[] {
  const s = store.series.find((r) => r.source === THROUGHPUT_PAYLOAD && r.model === model)!;
  const out: number[] = [];
  for (let i = 0; i < s.times.length; i++)
    if ((s.values.data[i] as number) === 0) out.push(((s.times.data[i] as number) - START) / MINUTE);
  return out.sort((a, b) => a - b);
}

describe("a throughput reporter that falls silent for good", { timeout: 120_000 }, () => {
  // gpt-4o's traffic stops at minute 181.5 (inside the window 180.4–185.4) and never comes back;
  // the other five models report until the capture ends at minute 240.
  const FROM = 181.5;
  const stop = (model: string, minute: number) => (model === "gpt-4o" && minute >= FROM ? 0 : 1);

  it("is a collapse at its last report + one window when nothing else of the model comes later", () => {
    for (const seed of [1, 2, 3]) {
      const day = exporterDay({ seed, hours: 4, window: 5, mean: 40, factor: stop });
      const list = day.reports.get("gpt-4o")!;
      // The exporter did fall silent for good (else the day tests nothing).
      expect(list[list.length - 1]!.minute).toBeLessThan(FROM + 5);
      const analysis = analyzeIncidents(day.events);
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o") && i.signals.includes("throughput"));
      expect(incident).toBeDefined();
      expect(Math.abs(Date.parse(incident!.start) - (START + FROM * MINUTE))).toBeLessThanOrEqual(5 * MINUTE);
      // The root is the last report (after which the reporter fell silent) or the one before it.
      const root = list.findIndex((r) => r.id === incident!.root_cause?.root_event_id);
      expect(root).toBeGreaterThanOrEqual(list.length - 2);
      // No incident on the models whose traffic did not change.
      expect(analysis.incidents.filter((i) => !i.models.includes("gpt-4o"))).toEqual([]);
    }
  });

  it("is no collapse when the model's own requests go on (the reporter died, not the traffic)", () => {
    for (const seed of [1, 2]) {
      const day = exporterDay({
        seed,
        hours: 4,
        window: 5,
        mean: 40,
        factor: () => 1,
        exporterDiesAt: FROM,
        requests: true,
      });
      const store = storeOf(day.events);
      store.fillMissingReports(THROUGHPUT_PAYLOAD);
      expect(zerosOf(store, "gpt-4o")).toEqual([]);
      expect(analyzeIncidents(day.events).incidents).toEqual([]);
    }
    // With the requests stopping too, the same exporter's silence is read as zeros.
    const collapsed = exporterDay({ seed: 1, hours: 4, window: 5, mean: 40, factor: stop, requests: true });
    const store = storeOf(collapsed.events);
    store.fillMissingReports(THROUGHPUT_PAYLOAD);
    expect(zerosOf(store, "gpt-4o").length).toBeGreaterThanOrEqual(8);
  });

  it("fills the whole windows that end before the others' third-latest observation, and only two or more", () => {
    // gpt-4o reports 30 requests per 5 minutes for windows ending 5 … 100; claude-3-5-sonnet
    // until `until`. gpt-4o's window m after its last ends at 100 + 5m; its middle is 97.5 + 5m.
    const day = (until: number, stray?: number) => {
      const events: AnalyticsEvent[] = [];
      let id = 1;
      for (let m = 5; m <= 100; m += 5) events.push(throughputReport(id++, "gpt-4o", m, 30, 5));
      for (let m = 5; m <= until; m += 5) events.push(throughputReport(id++, "claude-3-5-sonnet", m, 30, 5));
      if (stray !== undefined) events.push(request(id++, "mistral-large", stray, 900));
      const store = storeOf(events);
      store.fillMissingReports(THROUGHPUT_PAYLOAD);
      return zerosOf(store, "gpt-4o");
    };
    // The other reporter's third-latest observation is the middle of its window ending at 130 − 10 = 120: 117.5.
    // gpt-4o's windows ending 105, 110 and 115 end before it; the one ending 120 does not.
    expect(day(130)).toEqual([102.5, 107.5, 112.5]);
    // The capture ends with it (the other reporter too): nothing.
    expect(day(100)).toEqual([]);
    // One window of silence before the horizon (windows ending 105 only): not enough to tell from a late report.
    expect(day(115)).toEqual([]);
    // A single stray late event does not extend the capture.
    expect(day(100, 400)).toEqual([]);
  });
});

describe("a sparse model's collapse read from one-request and empty reports", { timeout: 120_000 }, () => {
  it("is dated within one window of its start, not at the first run of empty reports", () => {
    // 1-minute reports, gpt-4o at 6 requests a minute (the others at 40) falling to 8 % at minute
    // 150.4 for the rest of a four-hour day: its reports then hold 0 or 1 request and the empty
    // ones are left out. The fall must be dated by the first low report, as a count, not by
    // whether the empty ones were seen as zero or not.
    let checked = 0;
    for (const seed of [11, 12, 13, 14]) {
      const FROM = 150.4;
      const rand = mulberry32(seed);
      const events: AnalyticsEvent[] = [];
      let id = 1;
      for (const model of MODELS) {
        for (let a = 23 / 60; a + 1 <= 240; a += 1) {
          const mean = model === "gpt-4o" ? (a >= FROM ? 0.48 : 6) : 40;
          const n = poisson(rand, mean);
          if (n > 0) events.push(throughputReport(id++, model, a + 1, n, 1));
        }
      }
      const analysis = analyzeIncidents(events);
      const incident = analysis.incidents.find((i) => i.models.includes("gpt-4o"));
      expect(incident).toBeDefined();
      const width = analysis.series.find((s) => s.series_id.startsWith("throughput{model_id=gpt-4o"))!.window_ms;
      expect(Math.abs(Date.parse(incident!.start) - (START + FROM * MINUTE))).toBeLessThanOrEqual(
        Math.min(width, 2 * MINUTE),
      );
      checked++;
    }
    expect(checked).toBe(4);
  });
});
