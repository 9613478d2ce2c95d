/*
 * The automatic window (chooseWindowMs): the smallest width of the ladder 1, 2, 5, 10, 15, 30,
 * 60, 120 … min at which the median model has 10 request observations per window, at most a
 * twelfth of the span. Expected widths are worked out by hand from that documented rule; the
 * many-model day is scored against the generator's injected truth.
 */
import { describe, expect, it } from "vitest";
import type { DaySpec } from "../../eval/heldout/day.js";
import { chooseWindowMs } from "../../src/correlation/index.js";
import { analyzeDay, day as baseDay, START, tenant } from "../eval-heldout/specs.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

describe("chooseWindowMs", () => {
  it("sizes the window for the median model", () => {
    // Three models of 600 in 6 h: 600 / 360 min = 1.67 per minute, 10 per window needs 6 min → 10 min.
    expect(chooseWindowMs(6 * HOUR, [600, 600, 600])).toBe(10 * MINUTE);
    // 12 hours, median of 1,000, 900, 800, 130, 20 is 800: 800 / 720 min ≈ 1.11 per minute → 9 min → 10 min.
    expect(chooseWindowMs(12 * HOUR, [20, 1000, 130, 900, 800])).toBe(10 * MINUTE);
    // Even count: the median of 300 and 900 is 600; 600 in 24 h → 24 min → 30 min.
    expect(chooseWindowMs(24 * HOUR, [300, 900])).toBe(30 * MINUTE);
  });

  it("cuts a short or quiet capture into at least twelve windows", () => {
    // One hour with 30 requests: 10 per window needs 20 min, but a twelfth of the span is 5 min.
    expect(chooseWindowMs(HOUR, [30])).toBe(5 * MINUTE);
    // Nothing at all: the cap.
    expect(chooseWindowMs(HOUR, [])).toBe(5 * MINUTE);
    // A long tail of sparse models sets the cap even beside a busy one: one day, one model of
    // 4,000 and 29 of 30, median 30 → 480 min → capped at 24 h / 12 = 120 min. (The busy model's
    // series are then cut at a width of their own: the blocks below.)
    expect(chooseWindowMs(24 * HOUR, [4000, ...Array(29).fill(30)])).toBe(120 * MINUTE);
  });
});

describe("widths per model scope", () => {
  it("keeps one width for every series when the median model reaches the target in it", () => {
    // Six hours, 3,000 calls shared 60/30/10 %: the median model's ≈ 900 requests are 2.5 a
    // minute, 10 per window at 5 minutes (not the cap of 30). The busiest model's own traffic
    // (≈ 1,800) would support 2 minutes, but a width the median model supports is every scope's.
    const { analysis } = analyzeDay(
      baseDay({
        seed: 63,
        spanMs: 6 * HOUR,
        calls: 3000,
        burstsPerHour: 0,
        tenants: [
          tenant({
            id: "a",
            instrumentation: "otel",
            models: ["gpt-4o", "gpt-4o-mini", "o3"],
            shares: [0.6, 0.3, 0.1],
          }),
        ],
        faults: [],
      }),
    );
    expect(analysis.method.window_ms).toBe(5 * MINUTE);
    expect(analysis.series.length).toBeGreaterThan(0);
    for (const s of analysis.series) expect(s.window_ms).toBe(5 * MINUTE);
    expect(analysis.summary).not.toMatch(/narrower windows/);
  });
});

describe("a many-model day with one busy model's short incident", () => {
  // Twelve hours; three busy models carry 75 % of 6,000 calls, 25 sparse models share the rest
  // (60 calls each, one per 12 minutes). A latency spike of ×3.5 on three quarters of one busy
  // model's requests lasts 20 minutes: in 60-minute windows (what the median model would choose)
  // it is a third of a window; in the windows its own traffic supports it fills several.
  const busy = ["gpt-4o", "claude-3-5-sonnet-20241022", "gemini-2.0-flash-001"];
  const sparse = [
    "gpt-4o-mini",
    "o1-mini",
    "claude-3-5-haiku-20241022",
    "gemini-1.5-pro-002",
    "amazon.nova-lite-v1:0",
    "meta.llama3-1-70b-instruct-v1:0",
    "meta-llama/Llama-3.1-8B-Instruct",
    "Qwen/Qwen2.5-Coder-32B-Instruct",
    "mistral-small-latest",
    "codestral-2501",
    "command-r-08-2024",
    "deepseek-chat",
    "deepseek-reasoner",
    "llama-3.3-70b-versatile",
    "grok-2-1212",
    "gpt-4.1-nano",
    "gpt-4-turbo",
    "claude-3-opus-20240229",
    "gemini-1.5-flash-8b",
    "phi-3.5-mini-instruct",
    "ministral-8b-2410",
    "mixtral-8x22b-instruct",
    "o3",
    "jina-embeddings-v3",
    "text-embedding-004",
  ];
  const models = [...busy, ...sparse];
  const shares = models.map((_, i) => (i < busy.length ? 0.25 : 0.25 / sparse.length));
  const onset = START + 7 * HOUR + 23 * MINUTE + 17_000;
  const spec = (instrumentation: "otel" | "litellm" | "sdk", seed: number): DaySpec =>
    baseDay({
      seed,
      spanMs: 12 * HOUR,
      calls: 6000,
      diurnal: 0.1,
      burstsPerHour: 0,
      burstMax: 1,
      tenants: [tenant({ id: "a", instrumentation, models, shares })],
      faults: [
        {
          kind: "latency_spike",
          tenant: "a",
          model: "gpt-4o",
          onsetMs: onset,
          durationMs: 20 * MINUTE,
          magnitude: 3.5,
          fraction: 0.75,
          followOn: false,
        },
      ],
    });

  for (const [instrumentation, seed] of [
    ["otel", 61],
    ["litellm", 62],
  ] as const) {
    // The median model (60 requests) asks for 120-minute windows, capped at a twelfth of the span
    // (60 minutes): the 20-minute spike would be diluted in them. The busy model's own traffic
    // (1,500 requests in 12 h, 2.1 a minute) supports 5-minute windows, and its series are cut at
    // that width (a width per scope, docs/correlation.md "Choosing the window").
    it(`finds it and roots it in the degraded series (${instrumentation})`, () => {
      const { analysis, outcome } = analyzeDay(spec(instrumentation, seed));
      // The common width is the median model's (capped at 12 h / 12); the busy models' own is 5 min.
      expect(analysis.method.window_ms).toBe(60 * MINUTE);
      // LiteLLM names models with their provider prefix (`openai/gpt-4o`).
      const widths = (model: string) =>
        new Set(
          analysis.series.filter((s) => s.model === model || s.model?.endsWith(`/${model}`)).map((s) => s.window_ms),
        );
      for (const m of busy) expect(widths(m)).toEqual(new Set([5 * MINUTE]));
      for (const m of sparse.filter((x) => widths(x).size > 0)) expect(widths(m)).toEqual(new Set([60 * MINUTE]));
      for (const s of analysis.series.filter((x) => x.model === null)) expect(s.window_ms).toBe(60 * MINUTE);
      expect(outcome.truths).toHaveLength(1);
      const truth = outcome.truths[0]!;
      expect(truth.found).toBe(true);
      expect(truth.rootCorrect).toBe(true);
      expect(outcome.falseIncidents).toBe(0);
    });
  }
});
