/*
 * A fall of a size series is dated from its lower tail: onset.ts's `sizeModel` reads the share of
 * observations below the baseline's FALL_TAIL_QUANTILE (the 10th percentile, the 90th of a rise
 * mirrored), and quality scores are the one size series that is judged for a fall. The case the
 * suites never generate (their size faults are rises, round seventeen's c17on): a lowered
 * max_tokens truncates a share of a model's responses from a known instant, and the grader scores
 * the truncated ones lower. Hand-built days, a small seeded generator of the test's own
 * (mulberry32, traffic.ts `poissonEach`), sharing no code with the evaluation suites' generators.
 * Expectations come from how each day was built: the first truncated response is the onset.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { at, event, latency, qualityScore } from "./helpers.js";
import { poissonEach } from "./traffic.js";

const MODEL = "m1";
/** Minutes after `at(0)`: the lowered max_tokens takes effect here, for half an hour. */
const CHANGE = 187.3;
const LASTS = 30;
const LEVEL = 0.82;
const SPREAD = 0.05;

/**
 * Four hours of one model: requests at 2 a minute (Poisson), each a latency event (log-normal
 * around 900 ms) and its response's quality score a second later, N(0.82, 0.05) clipped to 0..1.
 * From CHANGE for LASTS minutes a request is truncated with probability `share` and its score is
 * N(`truncated`, 0.05). Returns the events and the minute of the first truncated response.
 */
function truncatedDay(seed: number, truncated: number, share: number): { events: AnalyticsEvent[]; first: number } {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  let id = 1;
  let first = Number.POSITIVE_INFINITY;
  poissonEach(rand, 2, { from: 0, to: 240 }, (minute) => {
    const ms = Math.round(900 * Math.exp(0.3 * gaussian(rand)));
    const cut = minute >= CHANGE && minute < CHANGE + LASTS && rand() < share;
    if (cut) first = Math.min(first, minute);
    const score = Math.min(1, Math.max(0, (cut ? truncated : LEVEL) + SPREAD * gaussian(rand)));
    events.push(event({ id: id++, minute, module: "llm-observatory", payload: latency(MODEL, ms, `r${id}`) }));
    events.push(
      event({ id: id++, minute: minute + 1 / 60, module: "llm-observatory", payload: qualityScore(MODEL, score) }),
    );
  });
  return { events, first };
}

/** Over seeds 1–20: the quality incident's onset relative to the first truncated response (ms), or undefined when none was found. */
function onsets(truncated: number, share: number): (number | undefined)[] {
  return Array.from({ length: 20 }, (_, k) => {
    const { events, first } = truncatedDay(k + 1, truncated, share);
    const firstMs = Date.parse(at(first));
    const quality = analyzeIncidents(events)
      .incidents.flatMap((i) => i.series.filter((s) => s.signal === "quality"))
      .sort((a, b) => Math.abs(Date.parse(a.onset) - firstMs) - Math.abs(Date.parse(b.onset) - firstMs))[0];
    return quality === undefined ? undefined : Date.parse(quality.onset) - firstMs;
  });
}

describe("analyzeIncidents: a fall of quality scores is dated at its first low score", { timeout: 300_000 }, () => {
  it("dates a truncation that scores 0.55 at its first truncated responses", () => {
    // Built: the baseline's 10th percentile is 0.82 − 1.2816 · 0.05 = 0.756; a truncated score is
    // below it with probability Φ((0.756 − 0.55) / 0.05) = Φ(4.1) ≈ 1, so the tail's share rises
    // from 10 % to 0.1 + 0.5 · 0.9 = 55 % (×5.5 > the ×1.5 TAIL_SHARE_RISE) and the moved
    // component is the truncated scores. A score of the baseline is below 0.6 (4.4 σ under its
    // level) once in 200 000: none of the baseline's lies in the moved component by chance, so
    // the onset is the first truncated response (to the second: its score is stamped a second
    // after the request), or the next when ordinary responses between them pull the change point
    // on (an ordinary response is half as likely after the change, ln ½ each): the next truncated
    // response comes a minute later on average (one a minute), within two minutes 86 % of the time.
    const found = onsets(0.55, 0.5);
    expect(found.every((d) => d !== undefined)).toBe(true);
    const dated = found as number[];
    expect(dated.every((d) => d >= 0 && d <= 2 * 60_000)).toBe(true);
    expect(dated.filter((d) => d <= 2_000).length).toBeGreaterThanOrEqual(15);
  });

  it("never dates a milder truncation (0.70, 2.4 σ under the level) before its first truncated response", () => {
    // Built: a truncated score is below the 10th percentile (0.756) with probability
    // Φ((0.756 − 0.70) / 0.05) = Φ(1.12) = 87 %, a baseline score 10 %: the moved component
    // overlaps the baseline's lower tail, and a change point before the first truncated response
    // would be dated on a chance low score of the baseline. The mean falls by 0.5 · 0.12 = 0.06
    // (7.3 %, over the 5 % minimum effect) but a window's mean of about 10 scores has a standard
    // error of √(0.05² + 0.25 · 0.12²) / √10 = 0.025 (z about 2.4 a window), so not every day is
    // found; those found are dated at or after the truncation and within ROOT_SPAN_MS (5 min).
    // Round twenty (const20): the 5th, 20th and 30th percentiles each dated one day of the 20 (seed
    // 12) 92 s before the first truncated response; the 10th none.
    const dated = onsets(0.7, 0.5).filter((d): d is number => d !== undefined);
    expect(dated.length).toBeGreaterThanOrEqual(1);
    expect(dated.every((d) => d >= 0 && d <= 5 * 60_000)).toBe(true);
  });
});
