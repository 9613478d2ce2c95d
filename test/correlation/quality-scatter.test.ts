/*
 * Quality scores reported once a window: the scale they are judged by is the scatter of a few
 * reference windows' single scores, an estimate, so a window's distance from their centre is
 * Student's t with n − 1 degrees of freedom, not a normal z (`tAsZ` in detect.ts). Before it, a
 * stationary hourly score (the fourth suite's quality series: uniform 0.7–0.9 plus noise) fired
 * "model quality fell" at z −6 to −11 for a score 2.3 of its own standard deviations low.
 * Hand-built days from a seeded generator of this file's own (mulberry32 + gaussian), sharing no
 * code with the evaluation suites' generators; tail values from scipy 1.11 (`stats.t.logsf`).
 */
import { describe, expect, it } from "vitest";
import { lnStudentTUpperTail } from "../../src/correlation/incidents/special.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, qualityScore, requestsEverySixMinutes } from "./helpers.js";

const HOURS = 48;

/**
 * Two days of one model: a request every six minutes (450–550 ms, so the analysis cuts hour-long
 * windows) and one quality score at a random minute of every hour (of a random half of the hours
 * when `half`), uniform in 0.7–0.9 plus N(0, 0.03) (standard deviation ≈ 0.065). From hour
 * `dropFrom` for `dropHours` hours every hour has a score, `drop` lower.
 */
function hourlyScores(
  seed: number,
  opts: { half?: boolean; drop?: number; dropFrom?: number; dropHours?: number } = {},
): AnalyticsEvent[] {
  const { half = false, drop = 0, dropFrom = 30, dropHours = 8 } = opts;
  const rand = mulberry32(seed);
  const events = requestsEverySixMinutes(rand, HOURS);
  let id = events.length + 1;
  for (let h = 0; h < HOURS; h++) {
    const dropped = drop > 0 && h >= dropFrom && h < dropFrom + dropHours;
    if (!dropped && half && rand() < 0.5) continue;
    const score = 0.7 + 0.2 * rand() + 0.03 * gaussian(rand) - (dropped ? drop : 0);
    events.push(
      event({
        id: id++,
        minute: h * 60 + 1 + Math.floor(58 * rand()),
        module: "llm-observatory",
        payload: qualityScore("m1", score),
      }),
    );
  }
  return events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : 1));
}

const qualityIncidents = (events: readonly AnalyticsEvent[]) =>
  analyzeIncidents(events).incidents.filter((i) => i.series.some((s) => s.signal === "quality"));

describe("lnStudentTUpperTail", () => {
  it.each([
    [6.1, 5, -7.061903223077941],
    [2.0, 10, -3.3051415512324533],
    [5.0, 23, -10.666127768028174],
    [0.5, 3, -1.1217049359318676],
    [40, 4, -13.66106721128188],
  ])("ln P(T ≥ %f) at %i degrees of freedom is scipy's t.logsf", (t, df, expected) => {
    expect(lnStudentTUpperTail(t, df)).toBeCloseTo(expected, 9);
  });

  it("is ln ½ at 0", () => {
    expect(lnStudentTUpperTail(0, 7)).toBeCloseTo(Math.log(0.5), 12);
  });
});

describe("quality scores once an hour: scale from a few windows", { timeout: 120_000 }, () => {
  // On the previous main, 8 quality incidents over seeds 1–12 with a score every hour, 4 with a
  // score on half the hours (reference scales of 6–16 single scores read as exact).
  it.each([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12])("a stationary score opens no incident (seed %i)", (seed) => {
    expect(qualityIncidents(hourlyScores(seed))).toEqual([]);
    expect(qualityIncidents(hourlyScores(seed, { half: true }))).toEqual([]);
  });

  it.each([1, 2, 3])("a drop of 0.5 (about 8 standard deviations) for twelve hours is found (seed %i)", (seed) => {
    const found = qualityIncidents(hourlyScores(seed, { drop: 0.5, dropHours: 12 }));
    expect(found.length).toBeGreaterThanOrEqual(1);
    const start = Date.parse(found[0]?.start ?? "");
    const onset = Date.UTC(2025, 5, 3, 14) + 30 * 3_600_000;
    expect(start).toBeGreaterThanOrEqual(onset);
    // Found while it lasts; its dating (onset.ts) is not what this file tests: with one score an
    // hour the drop's first windows alone do not clear the family-wise bar.
    expect(start).toBeLessThan(onset + 12 * 3_600_000);
  });
});
