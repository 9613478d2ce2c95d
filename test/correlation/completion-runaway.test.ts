/*
 * A runaway of generated output on retrieval-augmented requests. Eight hours of token bills of
 * one model at 3 requests a minute whose prompts carry retrieved context (3000·e^(0.3·Z) prompt
 * tokens) and whose answers are short (200·e^(0.5·Z) completion tokens), and four models at 0.7
 * a minute. From minute 300 to 320, 60 % of the busy model's requests generate five times their
 * tokens (a missing stop sequence, a loop, max_tokens raised): their completions ×5, about ×2.6
 * on the geometric mean per request (e^(0.6 · ln 5)), while the total per request moves
 * ×1.17 (e^(0.6 · ln(4000 / 3200))), under MIN_EFFECT's ×1.5, and the spend per token ×1.26 (the
 * completion price four times the prompt's), found on half the seeds. A series of the completion
 * tokens apart shows it whole: `completion_tokens` (signals.ts), as OpenAI's
 * usage.completion_tokens and OpenTelemetry's gen_ai.usage.output_tokens report them. Expected values are the
 * constructed truth: the runaway's interval, and nothing on the same requests without it.
 * Hand-built days from the tests' own Poisson generator (test/correlation/traffic.ts).
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { billsDay as bills } from "./traffic.js";

const START = Date.UTC(2025, 6, 1, 8, 0, 0);
const MINUTE = 60_000;
const SPAN = 8 * 60;
const RAG = "rag-answerer";
const OTHERS = ["claude-3-5-haiku", "mistral-small", "gemini-2.0-flash", "command-r"];
const PRICES = [1.5e-7, 6e-7] as const;
const RUNAWAY = { from: 300, to: 320 } as const;

/**
 * The day's bills. `runaway(model, minute, u)` multiplies a request's completion tokens by five;
 * the uniform it is given is drawn for every request, so each seed gives the same requests with
 * or without a runaway.
 */
function billsDay(seed: number, runaway: (model: string, minute: number, u: number) => boolean): AnalyticsEvent[] {
  const models = [
    { model: RAG, perMinute: 3, prompt: 3000, completion: 200, sigma: [0.3, 0.5] as const },
    ...OTHERS.map((model) => ({ model, perMinute: 0.7, prompt: 800, completion: 250, sigma: [0.3, 0.5] as const })),
  ];
  return bills(seed, { start: START, spanMinutes: SPAN, prices: PRICES }, models, (model, minute, u) => ({
    prompt: 1,
    completion: runaway(model, minute, u) ? 5 : 1,
  }));
}

const SEEDS = [1, 2, 3, 4, 5, 6];

describe("a runaway of completions on prompt-dominated requests", { timeout: 120_000 }, () => {
  it("is an incident on its model, dated within one window and rooted in its completion tokens", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(
        billsDay(seed, (model, minute, u) => model === RAG && minute >= RUNAWAY.from && minute < RUNAWAY.to && u < 0.6),
      );
      const width = analysis.method.window_ms;
      const incident = analysis.incidents.find((i) => i.models.includes(RAG));
      expect(incident, `seed ${seed}: ${analysis.summary}`).toBeDefined();
      const onset = START + RUNAWAY.from * MINUTE;
      expect(Math.abs(Date.parse(incident!.start) - onset), `seed ${seed}`).toBeLessThanOrEqual(width);
      expect(incident!.root?.signal, `seed ${seed}`).toBe("completion_tokens");
      // The root is one of the runaway's requests: in its first five minutes (eval/score.ts's rule).
      const rootMs = Date.parse(incident!.root!.timestamp);
      expect(rootMs, `seed ${seed}`).toBeGreaterThanOrEqual(onset);
      expect(rootMs, `seed ${seed}`).toBeLessThanOrEqual(onset + 5 * MINUTE);
      expect(analysis.incidents.filter((i) => i !== incident).map((i) => i.title)).toEqual([]);
    }
  });

  it("leaves the total tokens per request under the threshold", () => {
    // The constructed ×1.17. (The spend per token, ×1.26, crossed the threshold in the runaway's
    // window on 3 of these 6 seeds before the completion series existed: main f8997bc reported
    // those three as spend incidents and nothing on the other three.)
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(
        billsDay(seed, (model, minute, u) => model === RAG && minute >= RUNAWAY.from && minute < RUNAWAY.to && u < 0.6),
      );
      const flagged = analysis.anomalies.filter((a) => a.model === RAG).map((a) => a.signal);
      expect(flagged, `seed ${seed}`).toContain("completion_tokens");
      expect(flagged, `seed ${seed}`).not.toContain("token_usage");
    }
  });

  it("is nothing without the runaway: the same requests at their own sizes", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(billsDay(seed, () => false));
      expect(analysis.incidents.map((i) => `seed ${seed}: ${i.title}`)).toEqual([]);
    }
  });
});
