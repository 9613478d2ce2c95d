/*
 * A steady model beside other models' cron jobs. A model's throughput is scored against a traffic
 * index over the busy models of its own calling service; three cron jobs of that service, each a
 * trickle of 0.5 requests a minute with a batch of 200 at the same minute of every hour, are such
 * models by their median (5 a 10-minute window), and in every batch window their traffic reads
 * ×40 at once. A steady model's ordinary window there was read as a fall to a seventh of a
 * baseline several times its own rate (third suite --seed 3779 day 5: 18 false incidents). A
 * scheduled job is no calling population (`mostlyBatches` in analyze.ts). Hand-built days from a
 * small Poisson generator of their own (test/correlation/traffic-days.ts `arrivals`).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { at, requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const MINUTE = 60_000;
const STEADY = "steady-coder";
const CRONS = ["report-job", "digest-job", "sync-job"];
const SPAN = 12 * 60;

/**
 * Twelve hours: STEADY at `rate` requests a minute (×`fall` from minute `fallFrom` for 40
 * minutes), each of CRONS at 0.5 a minute plus 200 requests within the first minute of every hour
 * (minute 7, 67, …). Latencies log-normal around 800 ms (σ 0.3).
 */
function cronNeighbours(seed: number, rate: number, fall = 1, fallFrom = 400): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  const add = (model: string, minute: number) => {
    const ms = 800 * Math.exp(0.3 * gaussian(rand));
    const n = id++;
    events.push(requestEnded({ n, model, minute, ms, requestId: `req-${n}` }));
  };
  const steady = (m: number) => (m >= fallFrom && m < fallFrom + 40 ? rate * fall : rate);
  for (const m of arrivals(rand, steady, rate, 0, SPAN)) add(STEADY, m);
  for (const model of CRONS) {
    const minutes = arrivals(rand, () => 0.5, 0.5, 0, SPAN);
    for (let t = 7; t < SPAN; t += 60) for (let k = 0; k < 200; k++) minutes.push(t + rand());
    for (const m of minutes) add(model, m);
  }
  return events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
}

const throughputIncidentsOn = (events: readonly AnalyticsEvent[], model: string) =>
  analyzeIncidents(events, { windowMs: 10 * MINUTE }).incidents.filter(
    (i) => i.models.includes(model) && i.series.some((s) => s.signal === "throughput"),
  );

describe("a steady model beside other models' hourly batches", { timeout: 120_000 }, () => {
  it.each([1, 2, 3])("opens no throughput incident on the steady model (seed %i)", (seed) => {
    // 18 a minute: 180 a window, the batches' windows ×40 over the cron jobs' median.
    expect(throughputIncidentsOn(cronNeighbours(seed, 18), STEADY).map((i) => i.title)).toEqual([]);
  });

  it.each([1, 2, 3])("still finds the steady model's own collapse to a tenth (seed %i)", (seed) => {
    // 40 minutes at ×0.1 from minute 400: about 72 requests where 720 were due.
    const found = throughputIncidentsOn(cronNeighbours(seed, 18, 0.1, 400), STEADY);
    expect(found.length).toBeGreaterThanOrEqual(1);
    const onset = Date.parse(at(400));
    expect(Math.abs(Date.parse(found[0]!.start) - onset)).toBeLessThanOrEqual(10 * MINUTE);
  });
});
