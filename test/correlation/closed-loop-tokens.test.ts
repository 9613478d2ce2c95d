/*
 * A token explosion on a closed-loop client (docs/correlation.md "Root cause", round twenty-seven,
 * tok27; third `--seed 5353` day 15's shape). Hand-built days, independent of the evaluation
 * generators: forty sessions behind a gateway, each sending its next request a think time
 * (exponential, mean 10 s) after the previous one's response, so the request rate falls when the
 * calls slow. The explosion grows the outputs ×8 on 80 % of the requests, which take longer in
 * proportion: the traffic falls with them, and the fall, dated within the tie of the tokens'
 * change, is a traffic mix the relations table lets change tokens per request. Expectations come
 * from how each day was built: the tokens changed at ONSET, and the traffic only fell because of
 * them.
 */
import { describe, expect, it } from "vitest";
import { gaussian, mulberry32 } from "../prng.js";
import { gatewayRequestEvents, type PromptedRequest, rootNear } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
/** The change: 121 min 17 s into the day, for 25 minutes. */
const ONSET = START + 121 * MINUTE + 17_000;
const MODEL = "sonar-reasoning";

/**
 * Three hours of 40 sessions: prompts log-normal around 600 tokens (σ 0.5), outputs around 250
 * (σ 0.5), a duration of a time to first token (median 300 ms, σ 0.3) plus 0.05 ms a prompt token
 * plus 20 ms a generated token (±10 %); the next request of a session a think time after the
 * response. From ONSET, 80 % of the requests' outputs ×`outputs`, and every request ×`slowdown`.
 */
function day(seed: number, change: { readonly outputs: number; readonly slowdown: number }): PromptedRequest[] {
  const r = mulberry32(seed);
  const out: PromptedRequest[] = [];
  for (let k = 0; k < 40; k++) {
    let t = START + r() * 10_000;
    while (t < START + 3 * 60 * MINUTE) {
      const during = t >= ONSET && t < ONSET + 25 * MINUTE;
      const grows = during && r() < 0.8;
      const prompt = Math.round(600 * Math.exp(0.5 * gaussian(r)));
      const completion = Math.max(1, Math.round(250 * Math.exp(0.5 * gaussian(r)) * (grows ? change.outputs : 1)));
      const ms =
        (300 * Math.exp(0.3 * gaussian(r)) + 0.05 * prompt + 20 * completion * Math.exp(0.1 * gaussian(r))) *
        (during ? change.slowdown : 1);
      out.push({ start: t, ms, prompt, completion });
      t += ms - Math.log(1 - r()) * 10_000;
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

describe("analyzeIncidents: a token explosion whose slow calls make a closed-loop client's traffic fall", {
  timeout: 300_000,
}, () => {
  it("is rooted in the tokens, not in the traffic's fall", () => {
    const roots: string[] = [];
    for (let seed = 1; seed <= 6; seed++) {
      const v = rootNear(gatewayRequestEvents(MODEL, day(seed, { outputs: 8, slowdown: 1 })), MODEL, ONSET);
      roots.push(`${seed} ${v.signal} ${v.inFirstFive}`);
    }
    const tokens = (x: string) => / (token_usage|completion_tokens) true$/.test(x);
    expect(roots.filter((x) => !tokens(x))).toEqual([]);
  });

  it("a slowdown of every call, sizes unchanged, whose traffic falls the same way, is rooted in the latency", () => {
    const roots: string[] = [];
    for (let seed = 1; seed <= 3; seed++) {
      const v = rootNear(gatewayRequestEvents(MODEL, day(seed, { outputs: 1, slowdown: 4 })), MODEL, ONSET);
      roots.push(`${seed} ${v.signal}`);
    }
    expect(roots.filter((x) => !x.endsWith(" latency_p95"))).toEqual([]);
  });
});
