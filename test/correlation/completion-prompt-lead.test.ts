/*
 * A completion runaway after a minute of long prompts (docs/correlation.md "Round thirty-two
 * (tok33)"; held-out `--seed 9191` day 14's shape). Hand-built days, independent of the
 * evaluation generators: one model's requests behind a gateway, prompts around 900 tokens and
 * outputs around 180. For one minute, five minutes before ONSET, the callers send prompts ×4 (a
 * long document pasted into a few questions) with ordinary outputs; from ONSET, 70 % of the
 * requests generate ×12 their output for 20 minutes (a decoding loop), prompts as ever. The long
 * prompts lift the total a window before the runaway; nothing about the model's generation changed
 * before ONSET. Expectations come from how each day was built.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/incidents/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest, rootNear } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
/** The runaway's start: 101 minutes into a three-hour day. */
const ONSET = START + 101 * MINUTE;
const MODEL = "claude-3-5-haiku";

/**
 * Three hours, a request every 10 s (Poisson): prompts log-normal around 900 tokens (σ 0.5), ×4
 * from ONSET − 5 min to ONSET − 4 min; outputs around 180 (σ 0.6), ×`runaway` on 70 % of the
 * requests from ONSET for 20 minutes; a duration of a time to first token (median 400 ms, σ 0.3)
 * plus 0.05 ms a prompt token plus 25 ms a generated token (±15 %).
 */
function day(seed: number, runaway: number): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  const every = 10_000;
  for (let t = START - Math.log(1 - r()) * every; t < START + 3 * 60 * MINUTE; t += -Math.log(1 - r()) * every) {
    const grows = t >= ONSET && t < ONSET + 20 * MINUTE && r() < 0.7;
    const longPrompt = t >= ONSET - 5 * MINUTE && t < ONSET - 4 * MINUTE;
    const prompt = Math.round(900 * Math.exp(0.5 * gaussian(r)) * (longPrompt ? 4 : 1));
    const completion = Math.max(1, Math.round(180 * Math.exp(0.6 * gaussian(r)) * (grows ? runaway : 1)));
    const ms = 400 * Math.exp(0.3 * gaussian(r)) + 0.05 * prompt + 25 * completion * Math.exp(0.15 * gaussian(r));
    out.push({ start: t, ms, prompt, completion });
  }
  return out;
}

describe("analyzeIncidents: a completion runaway after a minute of long prompts", { timeout: 300_000 }, () => {
  it("is rooted in its tokens within five minutes of its start, never at the long prompts", () => {
    let tokens = 0;
    const before: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const events = gatewayRequestEvents(MODEL, day(seed, 12));
      const v = rootNear(events, MODEL, ONSET);
      if ((v.signal === "token_usage" || v.signal === "completion_tokens") && v.inFirstFive) tokens++;
      if (v.signal !== undefined && !v.inFirstFive) before.push(seed);
    }
    // Nothing about the model's generation changed before ONSET: a root outside the first five
    // minutes is the long prompts.
    expect(before).toEqual([]);
    expect(tokens).toBeGreaterThanOrEqual(9);
  });

  it("the same traffic without the runaway is no incident", () => {
    const days: number[] = [];
    for (let seed = 1; seed <= 10; seed++) {
      const incidents = analyzeIncidents(gatewayRequestEvents(MODEL, day(seed, 1))).incidents;
      if (incidents.length > 0) days.push(seed);
    }
    expect(days).toEqual([]);
  });
});
