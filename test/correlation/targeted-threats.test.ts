/*
 * Two simultaneous faults on two models of different traffic stay two incidents (issue 13 §2),
 * when the second is a short wave of threats aimed at a sparse model among many. Hand-built
 * twelve-hour captures (a seeded Poisson generator of their own, test/correlation/traffic-days.ts's
 * `arrivals`, sharing no code with the evaluation suites): sixteen models, one busy (6 requests a
 * minute) and fifteen sparse (one every two minutes), so the analysis cuts 30-minute windows; a
 * scanner's stray threats on any of the sixteen at 8 an hour; a ×5 slowdown of every request of
 * the busy model for 40 minutes; a wave of 12 threats on one sparse model, one every 45 s,
 * starting 5 minutes after the slowdown (held-out --seed 6262 day 27's shape). Over all models
 * the wave is 12 threats in a window that holds 4 strays on average (P(Poisson(4) ≥ 16) ≈ 6e-6,
 * z ≈ 4.4: below the threshold 5); on the attacked model its strays are 0.25 a window. The truth is constructed: which
 * requests were slowed and which threats were the wave's, and when each began.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
import { onsetWithin, requestEnded, threatOnModel } from "./helpers.js";
import { arrivals, MINUTE } from "./traffic-days.js";

const BUSY = "gpt-4o";
const SPARSE = [
  "mistral-small",
  "claude-3-haiku",
  "gemini-1.5-flash",
  "llama-3.1-8b",
  "command-r",
  "phi-3.5-mini",
  "qwen-2.5-7b",
  "gemma-2-9b",
  "mixtral-8x7b",
  "deepseek-chat",
  "jamba-mini",
  "granite-3-8b",
  "olmo-2-13b",
  "nova-lite",
  "yi-large",
];
const TARGET = "command-r";
const SPAN = 12 * 60;
const SPIKE = { start: 400, minutes: 40, factor: 5 };
/** The wave: a threat every 45 s for 9 minutes (an attacker's script keeps its pace). */
const WAVE = { start: 405, threats: 12, every: 0.75 };
const STRAYS_PER_MINUTE = 8 / 60;

interface Capture {
  readonly events: AnalyticsEvent[];
  /** Event ids of the slowed requests, and of the wave's threats. */
  readonly slowed: Set<string>;
  readonly wave: Set<string>;
}

function capture(seed: number, faults: { spike: boolean; wave: boolean }): Capture {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const slowed = new Set<string>();
  const wave = new Set<string>();
  let n = 1;
  for (const model of [BUSY, ...SPARSE]) {
    const perMinute = model === BUSY ? 6 : 0.5;
    for (const minute of arrivals(rand, () => perMinute, perMinute, 0, SPAN)) {
      const slow = faults.spike && model === BUSY && minute >= SPIKE.start && minute < SPIKE.start + SPIKE.minutes;
      const ms = (300 + 400 * rand()) * (slow ? SPIKE.factor : 1);
      const e = requestEnded({ n: n++, model, minute, ms, requestId: `req-${n}` });
      if (slow) slowed.add(e.event_id);
      events.push(e);
    }
  }
  const all = [BUSY, ...SPARSE];
  for (const minute of arrivals(rand, () => STRAYS_PER_MINUTE, STRAYS_PER_MINUTE, 0, SPAN))
    events.push(threatOnModel(n++, all[Math.floor(rand() * all.length)] as string, minute));
  if (faults.wave)
    for (let k = 0; k < WAVE.threats; k++) {
      const e = threatOnModel(n++, TARGET, WAVE.start + k * WAVE.every);
      wave.add(e.event_id);
      events.push(e);
    }
  return { events, slowed, wave };
}

const SEEDS = [1, 2, 3, 4, 5];

describe("a threat wave on a sparse model during a slowdown of a busy one", { timeout: 300_000 }, () => {
  it("is an incident of its own, each with its own root and onset", () => {
    for (const seed of SEEDS) {
      const c = capture(seed, { spike: true, wave: true });
      const analysis = analyzeIncidents(c.events);
      const windowMs = analysis.method.window_ms;
      expect(windowMs).toBe(30 * MINUTE);
      const slow = analysis.incidents.filter((i) => c.slowed.has(i.root?.event_id ?? ""));
      const attack = analysis.incidents.filter((i) => c.wave.has(i.root?.event_id ?? ""));
      expect(slow.length, `seed ${seed}`).toBe(1);
      expect(attack.length, `seed ${seed}`).toBe(1);
      expect(slow[0]!.models).toEqual([BUSY]);
      expect(attack[0]!.models).toEqual([TARGET]);
      expect(onsetWithin(slow[0]!, SPIKE.start, windowMs), `seed ${seed}`).toBe(true);
      expect(onsetWithin(attack[0]!, WAVE.start, windowMs), `seed ${seed}`).toBe(true);
      expect(analysis.incidents.length, `seed ${seed}`).toBe(2);
    }
  });

  it("is one incident when it is the only fault", () => {
    for (const seed of SEEDS) {
      const c = capture(seed, { spike: false, wave: true });
      const analysis = analyzeIncidents(c.events);
      expect(analysis.incidents.length, `seed ${seed}`).toBe(1);
      const incident = analysis.incidents[0]!;
      expect(c.wave.has(incident.root?.event_id ?? ""), `seed ${seed}`).toBe(true);
      expect(incident.models).toEqual([TARGET]);
      expect(onsetWithin(incident, WAVE.start, analysis.method.window_ms), `seed ${seed}`).toBe(true);
    }
  });

  it("gives no incident from the stray threats alone", () => {
    for (const seed of SEEDS) {
      const c = capture(seed, { spike: false, wave: false });
      expect(analyzeIncidents(c.events).incidents, `seed ${seed}`).toEqual([]);
    }
  });
});
