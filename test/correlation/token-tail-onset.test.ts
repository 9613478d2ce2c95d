/*
 * A large request of the baseline just before a token explosion is not its first request
 * (docs/correlation.md "Root cause", round sixteen's tok16). Hand-built days, independent of the
 * evaluation generators: one model's requests with prompt and output tokens and a duration of a
 * time to first token plus a time per generated token, and one ordinary request of the
 * baseline's top 1.5 % of sizes planted a minute before the explosion. Expectations come from
 * how each day was built: when the explosion began, and that the planted request is not of it.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/incidents/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
const ONSET = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
const MODEL = "gpt-4o";

/**
 * Four hours of one model, a request every 40 s (Poisson): prompts log-normal around 1,500
 * tokens (σ 0.5), outputs around 250 (σ 0.6), a duration of a time to first token (median
 * 600 ms, σ 0.3) plus 0.1 ms a prompt token plus 25 ms a generated token (±15 %). From ONSET for
 * 30 minutes 70 % of requests ask for six times the output. With `plantZ`, one more request
 * begins 60 s before ONSET with an output of 250·e^(0.6·plantZ) tokens (z 2.2: the baseline's
 * top 1.4 %) and the duration its size predicts.
 */
function day(seed: number, plantZ: number | undefined): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  const every = 40_000;
  for (let t = START - Math.log(1 - r()) * every; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * every) {
    const since = t - ONSET;
    const grows = since >= 0 && since < 30 * MINUTE && r() < 0.7;
    const prompt = Math.round(1500 * Math.exp(0.5 * gaussian(r)));
    const completion = Math.max(1, Math.round(250 * Math.exp(0.6 * gaussian(r)) * (grows ? 6 : 1)));
    const ms = 600 * Math.exp(0.3 * gaussian(r)) + 0.1 * prompt + 25 * completion * Math.exp(0.15 * gaussian(r));
    out.push({ start: t, ms, prompt, completion });
  }
  if (plantZ !== undefined) {
    const completion = Math.round(250 * Math.exp(0.6 * plantZ));
    out.push({ start: ONSET - MINUTE, ms: 600 + 150 + 25 * completion, prompt: 1500, completion });
    out.sort((a, b) => a.start - b.start);
  }
  return out;
}

const seeds = Array.from({ length: 20 }, (_, i) => i + 1);

/** Over the seeds: roots of the incident on MODEL nearest ONSET within its first five minutes, and before it. */
function tally(plantZ: number | undefined): { inFirstFive: number; before: number } {
  let inFirstFive = 0;
  let before = 0;
  for (const seed of seeds) {
    const near = analyzeIncidents(gatewayRequestEvents(MODEL, day(seed, plantZ)))
      .incidents.filter((i) => i.models.includes(MODEL))
      .sort((a, b) => Math.abs(Date.parse(a.start) - ONSET) - Math.abs(Date.parse(b.start) - ONSET))[0];
    const root = near?.root;
    if (root === undefined || root === null) continue;
    const t = Date.parse(root.timestamp);
    if (t >= ONSET && t <= ONSET + 5 * MINUTE) inFirstFive++;
    if (t < ONSET) before++;
  }
  return { inFirstFive, before };
}

describe("analyzeIncidents: a baseline's large request before a token explosion", { timeout: 300_000 }, () => {
  it("does not date the explosion at an ordinary request of the baseline's tail", () => {
    const t = tally(2.2);
    // Measured over seeds 1–20: main 12 roots within the first five minutes, five of the others
    // the planted request (seeds 1, 4, 11, 14, 19); with the tail-share rule 14, two (4, 14: dated
    // there by the token series' own change point, not by the same-request test).
    expect(t.inFirstFive).toBeGreaterThanOrEqual(14);
    expect(t.before).toBeLessThanOrEqual(2);
  });

  it("leaves the days without the planted request as they were", () => {
    // Measured: 16 of 20 within the first five minutes, with and without the rule.
    expect(tally(undefined).inFirstFive).toBeGreaterThanOrEqual(16);
  });
});
