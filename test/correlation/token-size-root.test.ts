/*
 * Token explosions whose token series stays under the threshold and whose slow requests time
 * out (docs/correlation.md "Root cause", round fourteen's rule 2). Hand-built days, independent of the evaluation
 * generators: one model's requests with prompt and output tokens and a duration of a time to
 * first token plus a time per generated token. Expectations come from how each day was built:
 * when the explosion or the slowdown began and which requests it touched.
 */
import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest, rootNear } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
const ONSET = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
const MODEL = "gpt-4o";

interface Day {
  /** Mean seconds between requests (Poisson). */
  readonly everyS: number;
  readonly promptMedian: number;
  readonly completionMedian: number;
  /** From ONSET for 30 minutes, the share of requests the fault touches. */
  readonly share: number;
  /** A touched request's prompt and output tokens are multiplied by these. */
  readonly promptTimes: number;
  readonly completionTimes: number;
  /** A touched request's duration is multiplied by this (a slowdown, not a size change). */
  readonly slower: number;
  /** The client's deadline. */
  readonly deadlineMs: number;
  /** Time to read the prompt, per prompt token (prefill; 0 when it is negligible). */
  readonly prefillMsPerToken: number;
  /** Of the touched requests, the share whose output grows (all when undefined); the others grow in their prompt only. */
  readonly completionShare?: number;
}

/**
 * Four hours of one model: prompt tokens log-normal (σ 0.5), output tokens log-normal (σ 0.6),
 * a duration of a time to first token (median 600 ms, σ 0.3, plus the prompt's prefill) plus
 * 25 ms a generated token (±15 %), times the fault's slowdown. A request that would outlast the deadline fails at it,
 * with no token event (a client that gave up has no usage to report).
 */
function day(seed: number, d: Day): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  const every = d.everyS * 1000;
  for (let t = START - Math.log(1 - r()) * every; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * every) {
    const touched = t >= ONSET && t < ONSET + 30 * MINUTE && r() < d.share;
    const prompt = Math.round(d.promptMedian * Math.exp(0.5 * gaussian(r)) * (touched ? d.promptTimes : 1));
    const grows = touched && (d.completionShare === undefined || r() < d.completionShare);
    const completion = Math.max(
      1,
      Math.round(d.completionMedian * Math.exp(0.6 * gaussian(r)) * (grows ? d.completionTimes : 1)),
    );
    const ms =
      (600 * Math.exp(0.3 * gaussian(r)) +
        d.prefillMsPerToken * prompt +
        25 * completion * Math.exp(0.15 * gaussian(r))) *
      (touched ? d.slower : 1);
    out.push(
      ms >= d.deadlineMs
        ? { start: t, ms: d.deadlineMs, status: "504", prompt, completion: 0 }
        : { start: t, ms, status: undefined, prompt, completion },
    );
  }
  return out;
}

/** The incident on MODEL nearest the onset: its root's signal, and whether the root is of the first five minutes. */
function verdict(list: readonly PromptedRequest[]): { signal: string | undefined; inFirstFive: boolean } {
  return rootNear(gatewayRequestEvents(MODEL, list), MODEL, ONSET);
}

describe("analyzeIncidents: a token explosion whose grown outputs time out", { timeout: 300_000 }, () => {
  // A context that grows: 75 % of requests carry three times the prompt (read at 1 ms a token);
  // half of those also ask for twelve times the output, which outlasts the 60-s deadline, so they
  // fail with no token event. The slow requests are timeouts of no known size and served requests
  // slowed by their prompts, not their outputs: the same-request test has nothing to read. What
  // shows is timeouts, and requests whose totals grew. Sparse traffic (one request every 30 or
  // 45 s on average) keeps the token series under the threshold on some seeds.
  const censored: Day = {
    everyS: 30,
    promptMedian: 2000,
    completionMedian: 400,
    share: 0.75,
    promptTimes: 3,
    completionTimes: 12,
    slower: 1,
    deadlineMs: 60_000,
    prefillMsPerToken: 1,
    completionShare: 0.5,
  };
  const seeds = Array.from({ length: 20 }, (_, i) => i + 1);
  const days = [censored, { ...censored, everyS: 45 }];

  it("is rooted in the tokens when their series moved with the latency", () => {
    let tokens = 0;
    for (const d of days)
      for (const seed of seeds) {
        const v = verdict(day(seed, d));
        if (v.signal === "token_usage" && v.inFirstFive) tokens++;
      }
    // Measured over the 40 days: 13 before the token series could join on its own change point
    // (the series over the threshold, or the same-request test), 15 with it (every 30 s: seed 6,
    // an error-rate root before; every 45 s: seed 9, a latency root before); none lost.
    expect(tokens).toBeGreaterThanOrEqual(15);
  });

  it("timeouts from a slowdown, sizes unchanged, are never rooted in the tokens", () => {
    for (const d of days)
      for (const seed of seeds) {
        const v = verdict(day(seed, { ...d, promptTimes: 1, completionTimes: 1, slower: 12 }));
        expect(v.signal, `every ${d.everyS} s, seed ${seed}`).not.toBe("token_usage");
        expect(v.signal, `every ${d.everyS} s, seed ${seed}`).toBeDefined();
      }
  });
});
