/*
 * A token explosion whose total of tokens is weakly informative (docs/correlation.md "Root cause",
 * round twenty-seven, tok27; held-out `--seed 3939` day 15's shape). Hand-built days, independent
 * of the evaluation generators: one model's requests behind a gateway, prompts spread widely (a
 * chat model's short questions and long pasted contexts) and outputs far smaller than them, so the
 * total of a request is mostly its prompt. The explosion grows the outputs ×6 and the prompts
 * ×1.3: its totals move by less than their own spread, and a large prompt of the baseline a few
 * minutes before it (one planted 200 s before, and the traffic's own) can take the total's change
 * point. Its slow requests are the large outputs, whose time the size line explains. Expectations
 * come from how each day was built: the change begins at ONSET and nothing changed before it.
 */
import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest, rootNear } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
/** The explosion's start: 100 minutes and 60 s into the day, for 25 minutes. */
const ONSET = START + 101 * MINUTE;
const MODEL = "deepseek-chat";

interface Day {
  /** From ONSET, the factor on the outputs of 95 % of the requests (1: none). */
  readonly outputs: number;
  /** From ONSET, the factor on those requests' prompts (1: none). */
  readonly prompts: number;
  /** From ONSET, the factor on every request's duration (1: none). */
  readonly slowdown: number;
}

/**
 * Three hours of one model, a request every 12 s (Poisson): prompts log-normal around 2,500
 * tokens (σ 1.2), outputs around 400 (σ 0.6), a duration of a time to first token (median 400 ms,
 * σ 0.3) plus 0.05 ms a prompt token plus 25 ms a generated token (±15 %). A request of the
 * baseline 200 s before ONSET carries a 50,000-token prompt and an ordinary output, and takes
 * what its size says.
 */
function day(seed: number, d: Day): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  const every = 12_000;
  for (let t = START - Math.log(1 - r()) * every; t < START + 3 * 60 * MINUTE; t += -Math.log(1 - r()) * every) {
    const during = t >= ONSET && t < ONSET + 25 * MINUTE;
    const grows = during && r() < 0.95;
    const prompt = Math.round(2500 * Math.exp(1.2 * gaussian(r)) * (grows ? d.prompts : 1));
    const completion = Math.max(1, Math.round(400 * Math.exp(0.6 * gaussian(r)) * (grows ? d.outputs : 1)));
    const ms = 400 * Math.exp(0.3 * gaussian(r)) + 0.05 * prompt + 25 * completion * Math.exp(0.15 * gaussian(r));
    out.push({ start: t, ms: ms * (during ? d.slowdown : 1), prompt, completion });
  }
  out.push({ start: ONSET - 200_000, ms: 400 + 0.05 * 50_000 + 25 * 400, prompt: 50_000, completion: 400 });
  return out.sort((a, b) => a.start - b.start);
}

describe("analyzeIncidents: a token explosion on a weakly informative total", { timeout: 300_000 }, () => {
  it("is rooted in its tokens within five minutes of its start, never in a request before it", () => {
    const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
    let tokens = 0;
    const before: number[] = [];
    for (const seed of seeds) {
      const events = gatewayRequestEvents(MODEL, day(seed, { outputs: 6, prompts: 1.3, slowdown: 1 }));
      const v = rootNear(events, MODEL, ONSET);
      if ((v.signal === "token_usage" || v.signal === "completion_tokens") && v.inFirstFive) tokens++;
      if (v.signal !== undefined && !v.inFirstFive) before.push(seed);
    }
    // A root outside the first five minutes is a request of the baseline (the planted prompt, or
    // another large one): nothing changed before ONSET.
    expect(before).toEqual([]);
    expect(tokens).toBeGreaterThanOrEqual(18);
  });

  it("a slowdown with the sizes unchanged, and the same large prompt before it, is rooted in the latency", () => {
    let tokens = 0;
    let latency = 0;
    for (let seed = 1; seed <= 10; seed++) {
      const events = gatewayRequestEvents(MODEL, day(seed, { outputs: 1, prompts: 1, slowdown: 3 }));
      const v = rootNear(events, MODEL, ONSET);
      if (v.signal === "token_usage" || v.signal === "completion_tokens") tokens++;
      if (v.signal === "latency_p95") latency++;
    }
    expect(tokens).toBe(0);
    expect(latency).toBeGreaterThanOrEqual(9);
  });
});
