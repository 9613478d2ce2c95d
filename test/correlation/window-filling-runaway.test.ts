/*
 * A token runaway as long as the window it lands in. Eight hours of token bills: one model at 2
 * requests a minute and four at 0.7, so the median model reaches ten requests a window at 15
 * minutes and every series is cut at 15 (`chooseWindowMs`). From minute 300.5 to 314.5 (14
 * minutes inside the window 300–315) 40 % of the busy model's requests bill four times the
 * tokens: the window's geometric mean per request rises about ×1.7 (e^(0.4 · ln 4)), over
 * the threshold but short of twice it, and no other window holds any of it. One window is no
 * incident (a blip fills one) unless the change holds through both halves of its requests
 * (`sizesPersistWithin`, the size twin of `failuresPersistWithin`), as this one does; the
 * same large requests packed into the window's first minutes fill one half and stay a blip.
 * Before round twenty the runaway was an anomaly and no incident (held-out --seed 5151 day 15,
 * fourth --seed 7 day 11). Hand-built days from the tests' own Poisson generator
 * (test/correlation/traffic.ts).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { billsDay as bills } from "./traffic.js";

const START = Date.UTC(2025, 6, 1, 8, 0, 0);
const MINUTE = 60_000;
const SPAN = 8 * 60;
const BUSY = "gpt-4o-mini";
const SPARSE = ["claude-3-5-haiku", "mistral-small", "gemini-2.0-flash", "command-r"];
const PRICES = [1.5e-7, 6e-7] as const;
/** The runaway: [from, to) in minutes, inside the 15-minute window from minute 300. */
const RUNAWAY = { from: 300.5, to: 314.5 } as const;

/**
 * The day's bills: BUSY at 2 a minute and SPARSE at 0.7, prompt tokens 800·e^(0.45·Z) and
 * completion tokens 250·e^(0.45·Z). `large(model, minute)` multiplies a request's tokens by
 * four; the uniform it is given is drawn for every request, so each seed gives the same
 * requests with or without a runaway.
 */
function billsDay(seed: number, large: (model: string, minute: number, u: number) => boolean): AnalyticsEvent[] {
  const models = [BUSY, ...SPARSE].map((model) => ({
    model,
    perMinute: model === BUSY ? 2 : 0.7,
    prompt: 800,
    completion: 250,
    sigma: [0.45, 0.45] as const,
  }));
  return bills(seed, { start: START, spanMinutes: SPAN, prices: PRICES }, models, (model, minute, u) => {
    const factor = large(model, minute, u) ? 4 : 1;
    return { prompt: factor, completion: factor };
  });
}

const SEEDS = [1, 2, 3, 4];

describe("a token runaway that fills one window", { timeout: 120_000 }, () => {
  it("is an incident on its model, dated within one window and rooted in its tokens", () => {
    for (const seed of SEEDS) {
      const events = billsDay(
        seed,
        (model, minute, u) => model === BUSY && minute >= RUNAWAY.from && minute < RUNAWAY.to && u < 0.4,
      );
      const analysis = analyzeIncidents(events);
      expect(analysis.method.window_ms, `seed ${seed}`).toBe(15 * MINUTE);
      const incident = analysis.incidents.find((i) => i.models.includes(BUSY));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      const onset = START + RUNAWAY.from * MINUTE;
      expect(Math.abs(Date.parse(incident!.start) - onset), `seed ${seed}`).toBeLessThanOrEqual(15 * MINUTE);
      // Prompts and completions both ×4: the total per request, or the completions apart.
      expect(["token_usage", "completion_tokens"], `seed ${seed}`).toContain(incident!.root?.signal);
      // The root is one of the runaway's requests: in its first five minutes (eval/score.ts's rule).
      const rootMs = Date.parse(incident!.root!.timestamp);
      expect(rootMs, `seed ${seed}`).toBeGreaterThanOrEqual(onset);
      expect(rootMs, `seed ${seed}`).toBeLessThanOrEqual(onset + 5 * MINUTE);
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });

  it("is nothing without the runaway: the same requests at their own sizes", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(billsDay(seed, () => false));
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });

  it("is no incident when as many large requests fill only the window's first half", () => {
    // Every request of minutes 300–306 ×4: about 12 of the window's 30, the runaway's 40 %, so
    // the window's mean rises as much, but its second half is as ever.
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(
        billsDay(seed, (model, minute) => model === BUSY && minute >= 300 && minute < 306),
      );
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
