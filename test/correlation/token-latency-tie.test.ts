/*
 * A model's tokens and its latency flagged in the same window (docs/correlation.md "Root cause",
 * round twenty-six). Hand-built days, independent of the evaluation generators: one model's
 * requests with prompt and output tokens and a duration of a time to first token, a time per
 * prompt token and a time per generated token. Expectations come from how each day was built:
 * when the change began and what it was.
 */
import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest, rootNear } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
const ONSET = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
const MODEL = "gpt-4o";

interface Day {
  /** From ONSET for 30 minutes, the factor on the outputs of 90 % of the requests (1: none). */
  readonly completionTimes: number;
  /** From ONSET for 30 minutes, the factor on every request's duration (1: none). */
  readonly slowdown: number;
  /** A request of the baseline 150 s before ONSET whose prompt is ×40 the median (its output ordinary). */
  readonly largePromptBefore: boolean;
}

/**
 * Four hours of one model, a request every 15 s (Poisson): prompts log-normal around 800 tokens
 * (σ 0.7), outputs around 300 (σ 0.6), a duration of a time to first token (median 400 ms, σ 0.3)
 * plus 0.05 ms a prompt token plus 20 ms a generated token (±15 %). An explosion grows the outputs
 * of 90 % of the requests and their prompts by 1 + factor / 8 (a longer conversation): those
 * requests take longer in proportion to their outputs, in the same window as their sizes grow.
 */
function day(seed: number, d: Day): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  const every = 15_000;
  for (let t = START - Math.log(1 - r()) * every; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * every) {
    const since = t - ONSET;
    const during = since >= 0 && since < 30 * MINUTE;
    const grows = during && r() < 0.9 && d.completionTimes !== 1;
    const prompt = Math.round(800 * Math.exp(0.7 * gaussian(r)) * (grows ? 1 + d.completionTimes / 8 : 1));
    const completion = Math.max(1, Math.round(300 * Math.exp(0.6 * gaussian(r)) * (grows ? d.completionTimes : 1)));
    const slow = during ? d.slowdown : 1;
    const ms =
      (400 * Math.exp(0.3 * gaussian(r)) + 0.05 * prompt + 20 * completion * Math.exp(0.15 * gaussian(r))) * slow;
    out.push({ start: t, ms, prompt, completion });
  }
  if (d.largePromptBefore) {
    const start = ONSET - 150_000;
    const prompt = 40 * 800;
    const completion = 300;
    out.push({ start, ms: 400 + 0.05 * prompt + 20 * completion, prompt, completion });
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

const seeds = Array.from({ length: 10 }, (_, i) => i + 1);

function tally(d: Day): { tokens: number; latency: number } {
  let tokens = 0;
  let latency = 0;
  for (const seed of seeds) {
    const v = rootNear(gatewayRequestEvents(MODEL, day(seed, d)), MODEL, ONSET);
    if ((v.signal === "token_usage" || v.signal === "completion_tokens") && v.inFirstFive) tokens++;
    if (v.signal === "latency_p95" && v.inFirstFive) latency++;
  }
  return { tokens, latency };
}

describe("analyzeIncidents: a model's tokens and latency changed in one window", { timeout: 300_000 }, () => {
  it("outputs ×6 that take proportionally longer are rooted in the tokens", () => {
    const { tokens, latency } = tally({ completionTimes: 6, slowdown: 1, largePromptBefore: false });
    expect(latency).toBe(0);
    expect(tokens).toBeGreaterThanOrEqual(9);
  });

  it("a large prompt of the baseline just before the explosion does not date it", () => {
    // The request 150 s before the onset is as large in total tokens as the explosion's, and as
    // fast as its ordinary output says: the slow requests from the latency's onset are the large
    // outputs, and the token change is dated at the first of them, not at the prompt.
    const { tokens } = tally({ completionTimes: 6, slowdown: 1, largePromptBefore: true });
    expect(tokens).toBeGreaterThanOrEqual(9);
  });

  it("a slowdown with the sizes unchanged is rooted in the latency", () => {
    const { tokens, latency } = tally({ completionTimes: 1, slowdown: 3, largePromptBefore: false });
    expect(tokens).toBe(0);
    expect(latency).toBeGreaterThanOrEqual(9);
  });

  it("a slowdown with a large prompt of the baseline just before it is rooted in the latency", () => {
    const { tokens, latency } = tally({ completionTimes: 1, slowdown: 3, largePromptBefore: true });
    expect(tokens).toBe(0);
    expect(latency).toBeGreaterThanOrEqual(9);
  });
});
