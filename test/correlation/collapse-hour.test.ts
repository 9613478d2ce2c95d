/*
 * A collapse in a short capture at fine windows (round sixteen's hand-built hour, coll16): six
 * models for one hour, gpt-4o at 3.5 requests a minute and the others at 2 (2-minute windows),
 * gpt-4o's traffic falling to 3 % for 21 minutes from minute 26. The fall is a third of the
 * capture, so a first pass whose reference is the whole series holds it; and at 7 requests a
 * window the count test is weak both ways. A seeded Poisson generator of its own (mulberry32,
 * exponential gaps, thinning in the fall), sharing no code with the evaluation suites'.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { at, event, latency } from "./helpers.js";

const MODELS = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash", "mistral-large", "llama-3.1-70b", "command-r"];
/** The fall on gpt-4o: minutes [FROM, TO). */
const FROM = 26;
const TO = 47;
/** Round sixteen's seeds. */
const SEEDS = [21, 22, 23, 24, 25, 26];
/**
 * Where main (c405ab4) is known to give another verdict than the construction's; those cases run
 * as `it.fails` and turn red when the behaviour changes, so whoever fixes them moves them here
 * out. Seed 22: the fall is missed (its 4-window run is tested against a baseline that holds the
 * fall). coll27's frozen run (detect.ts `frozenRunFalls`) found it, but the fall (21 minutes, 11
 * windows) is longer than the run's cap (a third of the 30 windows), and a run still under its
 * level at the cap is not tested (coll27b: a run must be seen to end). Seed 25: gpt-4o's first windows (6, 5, 9, 11, 13 requests) set the busy count's log-linear
 * trend rising, which puts the next windows' rate at 16, and two windows of 5 "fall" at minute
 * 14.8, with or without the fall (the real fall joins that incident).
 */
const KNOWN_FALL = new Set([22, 25]);
const KNOWN_QUIET = new Set([25]);

/** One hour of requests (one latency event each); gpt-4o's are kept with probability `factor` in the fall. */
function hour(seed: number, factor: number): AnalyticsEvent[] {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  for (const model of MODELS) {
    const perMinute = model === "gpt-4o" ? 3.5 : 2;
    let m = 0;
    for (;;) {
      m += -Math.log(1 - rand()) / perMinute;
      if (m >= 60) break;
      if (model === "gpt-4o" && m >= FROM && m < TO && rand() >= factor) continue;
      const n = id++;
      events.push(
        event({ id: n, minute: m, module: "llm-observatory", payload: latency(model, 300 + 400 * rand(), `req-${n}`) }),
      );
    }
  }
  return events;
}

function foundAlone(seed: number): void {
  const analysis = analyzeIncidents(hour(seed, 0.03));
  const w = analysis.method.window_ms;
  // The premise: 2-minute windows, so the fall covers ten of the capture's thirty.
  expect(w).toBe(2 * 60_000);
  expect(analysis.incidents).toHaveLength(1);
  const incident = analysis.incidents[0]!;
  expect(incident.models).toEqual(["gpt-4o"]);
  expect(incident.signals).toContain("throughput");
  expect(Math.abs(Date.parse(incident.start) - Date.parse(at(FROM)))).toBeLessThanOrEqual(w);
}

describe("a collapse in a one-hour capture at 2-minute windows", { timeout: 120_000 }, () => {
  for (const seed of SEEDS) {
    (KNOWN_FALL.has(seed) ? it.fails : it)(
      `is found, dated within a window of its start, and is the capture's only incident (seed ${seed})`,
      () => foundAlone(seed),
    );
    (KNOWN_QUIET.has(seed) ? it.fails : it)(
      `opens no incident in the same hour without the fall (seed ${seed})`,
      () => {
        expect(analyzeIncidents(hour(seed, 1)).incidents).toEqual([]);
      },
    );
  }
});
