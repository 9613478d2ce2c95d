/*
 * The third scenario generator (eval/third/): what it writes is what the hub reads, it is
 * deterministic per seed, and its producers have the shapes it claims (cumulative Prometheus
 * counters that reset at a restart, bare spans, linked bills). Expected values come from the
 * day's own specification (rates, times, the injected fault), never from the analysis.
 */
import { describe, expect, it } from "vitest";
import { generateThird, type ThirdDay, type ThirdModel } from "../../eval/third/day.js";
import { thirdSuite } from "../../eval/third/suite.js";
import { AnalyticsEvent } from "../../src/events/index.js";

const MINUTE = 60_000;
const START = Date.UTC(2026, 2, 3, 9, 0, 0);

const model = (over: Partial<ThirdModel>): ThirdModel => ({
  id: "gpt-4.1-mini-2025-04-14",
  profile: "chat",
  emitter: "spans",
  traffic: "steady",
  perMinute: 20,
  cronEveryMin: 60,
  cronSize: 0,
  baseErrorRate: 0.01,
  scrapeS: 30,
  environment: "production",
  ...over,
});

const day: ThirdDay = {
  name: "test",
  label: "error_burst",
  seed: 7,
  startMs: START,
  spanMs: 60 * MINUTE,
  models: [
    model({}),
    model({ id: "text-embedding-3-small", profile: "embed", emitter: "prom", perMinute: 30, scrapeS: 15 }),
    model({ id: "o4-mini", profile: "reason", emitter: "gateway", perMinute: 5 }),
  ],
  severity: "random",
  injections: [
    {
      kind: "error_burst",
      model: "text-embedding-3-small",
      onsetMs: START + 30 * MINUTE,
      durationMs: 10 * MINUTE,
      magnitude: 50,
      fraction: 0.5,
      effects: false,
    },
  ],
  deploys: [{ model: "text-embedding-3-small", ms: START + 15 * MINUTE, factor: 1.1 }],
  joins: [],
};

const all = (d: ThirdDay) => {
  const g = generateThird(d);
  return { events: [...g.events], labels: g.labels };
};

describe("the third generator", () => {
  const { events, labels } = all(day);

  it("writes events that parse as AnalyticsEvent unchanged in meaning, each with a label", () => {
    expect(events.length).toBeGreaterThan(2000);
    for (const e of events) {
      const parsed = AnalyticsEvent.parse(JSON.parse(JSON.stringify(e)));
      expect(parsed.event_id).toBe(e.event_id);
      expect(Date.parse(parsed.timestamp)).toBe(Date.parse(e.timestamp.replace(/(\.\d{3})\d+Z$/, "$1Z")));
      expect(labels.has(e.event_id)).toBe(true);
    }
    expect(labels.size).toBe(events.length);
  });

  it("is deterministic per seed and differs between seeds", () => {
    const again = all(day).events;
    expect(JSON.stringify(again)).toBe(JSON.stringify(events));
    const other = all({ ...day, seed: 8 }).events;
    expect(JSON.stringify(other)).not.toBe(JSON.stringify(events));
    expect(thirdSuite(11).map((d) => d.name)).toEqual(thirdSuite(11).map((d) => d.name));
    expect(JSON.stringify(thirdSuite(11))).not.toBe(JSON.stringify(thirdSuite(12)));
  });

  it("forwards cumulative Prometheus counters that only fall at the restart", () => {
    const scrapes = events
      .flatMap((e) =>
        e.payload.payload_type === "telemetry" && e.payload.data.telemetry_type === "error_rate"
          ? [
              {
                ms: Date.parse(e.timestamp),
                total: e.payload.data.total_requests,
                failed: e.payload.data.failed_requests,
              },
            ]
          : [],
      )
      .sort((a, b) => a.ms - b.ms);
    // The counters start where an hour to a day of earlier traffic left them.
    expect(scrapes[0]?.total).toBeGreaterThan(30 * 60);
    // One scrape per 15 s over the hour (the last bins may end after the capture).
    expect(scrapes.length).toBeGreaterThanOrEqual(236);
    expect(scrapes.length).toBeLessThanOrEqual(240);
    const drops = scrapes.filter((s, i) => i > 0 && s.total < (scrapes[i - 1]?.total ?? 0));
    expect(drops.map((s) => s.ms)).toEqual([START + 15 * MINUTE]);
    // After the restart the counter holds the requests since then: ~30 a minute over 45 min.
    const last = scrapes.at(-1);
    expect(last?.total).toBeGreaterThan(30 * 45 * 0.8);
    expect(last?.total).toBeLessThan(30 * 45 * 1.2);
    // Half the requests of the 10-minute burst failed: ~150 failures, a handful otherwise.
    expect(last?.failed).toBeGreaterThan(100);
  });

  it("writes bare spans without tokens or metrics, and links each bill to its request", () => {
    const spans = events.filter(
      (e) => e.payload.payload_type === "telemetry" && e.payload.data.model_id === "gpt-4.1-mini-2025-04-14",
    );
    expect(
      spans.every((e) => e.payload.payload_type === "telemetry" && e.payload.data.telemetry_type === "latency"),
    ).toBe(true);
    expect(spans.every((e) => /\.\d{9}Z$/.test(e.timestamp))).toBe(true);
    const failed = spans.filter((e) => e.tags["otel.status_code"] === "ERROR");
    expect(failed.every((e) => labels.get(e.event_id)?.kind === "failed_request")).toBe(true);
    const bills = events.filter((e) => e.payload.payload_type === "cost" && e.payload.data.cost_type === "token_cost");
    const byId = new Map(events.map((e) => [e.event_id, e]));
    expect(bills.length).toBeGreaterThan(150);
    for (const b of bills) {
      const parent = byId.get(b.parent_event_id ?? "");
      expect(parent?.correlation_id).toBe(b.correlation_id);
      expect(parent?.tags["http.status_code"]).toBe("200");
    }
  });

  it("labels as injected only failures inside the burst on its model", () => {
    const injected = [...labels.values()].filter((l) => l.injected);
    expect(injected.length).toBeGreaterThan(50);
    for (const l of injected) {
      expect(l.model).toBe("text-embedding-3-small");
      expect(l.ms).toBeGreaterThanOrEqual(START + 30 * MINUTE);
      expect(l.ms).toBeLessThan(START + 43 * MINUTE);
    }
  });
});
