/*
 * Two throughput collapses the analysis used to find nothing for (round twenty, coll20;
 * docs/correlation.md "Collapses not found at all"), each on a constructed day whose truth is
 * known — its collapse's onset and length — and the same day without it:
 *  - a busy model's hour of silence on a day whose common window is 60 minutes (the model's
 *    own scope cut at 15): a narrowed scope's throughput opens no incident on its counts, but a
 *    window without a single request is evidence of one (held-out --seed 991 day 19);
 *  - a one-hour capture where the model's exporter also reports its requests every 5 minutes:
 *    12 reports are too few to be the model's throughput when 180 request events say the same
 *    (`SERIES_MIN_HISTORIES`; held-out --seed 4242 day 20).
 * And one the analysis still misses on some seeds (rounds twenty-one to twenty-three): a Poisson
 * model's 20-minute outage on a one-hour capture, whose empty windows a rolling reference learns;
 * and a silence whose reference's single windows dip to a third of its median (round twenty-three).
 * A small seeded generator of the test's own (test/prng.ts `mulberry32`, Poisson arrivals by
 * traffic.ts `poissonEach`, log-normal latencies), sharing no code with the evaluation suites.
 */
import { describe, expect, it } from "vitest";
import { generateFourth } from "../../eval/fourth/day.js";
import { fourthSuite } from "../../eval/fourth/suite.js";
import { scoreScenario } from "../../eval/score.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { event, latency, throughput } from "./helpers.js";
import { poissonEach } from "./traffic.js";

const MINUTE = 60_000;
const ORIGIN = Date.UTC(2025, 5, 3, 14, 0, 0);
const SEEDS = [1, 2, 3, 4, 5, 6];

/** The outage: `[from, to)` in minutes of the capture, and the share of requests that still arrive. */
interface Outage {
  readonly from: number;
  readonly to: number;
  readonly keep: number;
}

/**
 * Poisson requests of each [model, per minute] over [0, minutes), each a latency event
 * (log-normal, median 2 s, log spread 0.5); the requests of `faulty` inside the outage kept with
 * probability `keep` (a thinned Poisson process stays Poisson). Returns the events and each
 * model's request minutes.
 */
function requests(
  seed: number,
  day: { readonly minutes: number; readonly models: readonly (readonly [string, number])[] },
  faulty: { readonly model: string; readonly outage?: Outage },
): { events: AnalyticsEvent[]; minutes: Map<string, number[]> } {
  const rand = mulberry32(seed);
  const events: AnalyticsEvent[] = [];
  const minutes = new Map<string, number[]>();
  let id = 1;
  for (const [model, perMinute] of day.models) {
    const mine: number[] = [];
    minutes.set(model, mine);
    poissonEach(rand, perMinute, { from: 0, to: day.minutes }, (m) => {
      const o = model === faulty.model ? faulty.outage : undefined;
      if (o !== undefined && m >= o.from && m < o.to && rand() >= o.keep) return;
      const ms = Math.exp(Math.log(2000) + 0.5 * gaussian(rand));
      const n = id++;
      mine.push(m);
      events.push(event({ id: n, minute: m, module: "llm-observatory", payload: latency(model, ms, `req-${n}`) }));
    });
  }
  return { events, minutes };
}

/** The incidents whose series include the model's throughput. */
function onThroughput(events: readonly AnalyticsEvent[], model: string) {
  return analyzeIncidents([...events]).incidents.filter((i) =>
    i.series.some((s) => s.series_id === `throughput{model_id=${model}}`),
  );
}

describe("a busy model's silence on a day of 60-minute windows", () => {
  const BUSY = "gpt-4o";
  // Nineteen quieter models at 0.25 a minute: the median model has 10 requests a window only at
  // 60 minutes, so that is the common width and the busy model (3 a minute) is cut at the 5
  // minutes its own traffic supports (15 until round twenty-one's floor of 5).
  const models: [string, number][] = [
    [BUSY, 3],
    ...Array.from({ length: 19 }, (_, i): [string, number] => [`model-${i + 1}`, 0.25]),
  ];
  // An hour without a request from minute 800 (held-out --seed 991 day 19: ×0.02 for 56 minutes
  // of a model at 14 requests a window, 1, 0, 0, 0 in its four windows; at this model's 45 a
  // window ×0.02 would leave about one request in each, a fall the rule does not cover).
  const outage: Outage = { from: 800, to: 860, keep: 0 };
  const dayOf = (seed: number, o?: Outage) =>
    requests(seed, { minutes: 24 * 60, models }, { model: BUSY, ...(o === undefined ? {} : { outage: o }) });

  it("opens one incident on the busy model's throughput, within a window of the silence's onset", () => {
    for (const seed of SEEDS) {
      const { events } = dayOf(seed, outage);
      const analysis = analyzeIncidents(events);
      expect(analysis.method.window_ms).toBe(60 * MINUTE);
      const own = analysis.series.find((s) => s.series_id === `throughput{model_id=${BUSY}}`);
      expect(own?.window_ms).toBe(5 * MINUTE);
      const found = onThroughput(events, BUSY);
      expect(found).toHaveLength(1);
      const start = (Date.parse(found[0]!.start) - ORIGIN) / MINUTE;
      // Within 15 minutes (the scope's width until round twenty-one). At its 5-minute windows one
      // seed's silence is dated 9.2 minutes off: within the common 60-minute window the suites
      // score by, not within the scope's own (round twenty-one, tok21: left, docs "Wide days").
      expect(Math.abs(start - outage.from)).toBeLessThanOrEqual(15);
    }
  });

  it("opens no incident on the same days without the silence", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(dayOf(seed).events).incidents).toEqual([]);
  });
});

describe("a one-hour capture whose exporter reports every 5 minutes", () => {
  const MODEL = "gemini-2.0-flash";
  // The model at 2.5 requests a minute among eleven peers at 3 (held-out --seed 4242 day 20: 22
  // ids, the model's 138 requests in the hour), 65 minutes: the median model reaches 10 requests
  // a window at 5 minutes, which the capture's thirteen windows allow (twelve at least), and the
  // model's own traffic asks for 5 too. Its exporter writes a throughput report of the last 5
  // minutes' requests at every 5-minute mark: 13 reports, one a window.
  const models: [string, number][] = [
    [MODEL, 2.5],
    ...Array.from({ length: 11 }, (_, i): [string, number] => [`peer-${i + 1}`, 3]),
  ];
  // Four windows at 3 % from minute 35 (the day's ×0.03 for 21 minutes).
  const outage: Outage = { from: 35, to: 55, keep: 0.03 };

  function dayOf(seed: number, o?: Outage): AnalyticsEvent[] {
    const { events, minutes } = requests(
      seed,
      { minutes: 65, models },
      { model: MODEL, ...(o === undefined ? {} : { outage: o }) },
    );
    const mine = minutes.get(MODEL) ?? [];
    for (let end = 5; end <= 65; end += 5) {
      const n = mine.filter((m) => m >= end - 5 && m < end).length;
      events.push(
        event({ id: 100_000 + end, minute: end, module: "llm-observatory", payload: throughput(MODEL, n, 5) }),
      );
    }
    return events;
  }

  it("rates the model's throughput on its request events, not on 13 reports", () => {
    for (const seed of SEEDS) {
      const analysis = analyzeIncidents(dayOf(seed, outage));
      expect(analysis.method.window_ms).toBe(5 * MINUTE);
      const own = analysis.series.find((s) => s.series_id === `throughput{model_id=${MODEL}}`);
      // 95–130 request events against 13 reports: the events are the series. With 2 minimum
      // histories of 6 windows, 12 observations were enough and the reports were the series.
      expect(own?.observations).toBeGreaterThan(60);
    }
  });

  it("still finds the collapse within a window from the request events", () => {
    // Not every seed: on a 13-window capture the reference is six windows, and one seed's (11, 5,
    // 21, 24, 15, 15 requests) reads a dispersion near 4 at which four windows of 0–1 request
    // against 13 stay under the threshold — with the reports as the series too (docs/correlation.md
    // "Collapses not found at all": short captures are where the misses left are).
    let found = 0;
    for (const seed of SEEDS) {
      const events = dayOf(seed, outage);
      const incidents = onThroughput(events, MODEL);
      expect(incidents.length).toBeLessThanOrEqual(1);
      if (incidents.length === 0) continue;
      const start = (Date.parse(incidents[0]!.start) - ORIGIN) / MINUTE;
      expect(Math.abs(start - outage.from)).toBeLessThanOrEqual(5);
      found++;
    }
    expect(found).toBeGreaterThanOrEqual(SEEDS.length - 1);
  });

  it("opens no incident on the same captures without the collapse", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(dayOf(seed)).incidents).toEqual([]);
  });
});

describe("a Poisson model's outage its rolling reference would learn", () => {
  // docs/correlation.md, "A reference that learns the run it tests" (round twenty-one) and "A
  // throughput fall tested against a reference that has not learned it" (round twenty-two,
  // measured, not kept): a one-hour capture of three models at 3 Poisson requests a minute (the
  // median model has 6 a window at 2 minutes, the width chosen), one of them without a request
  // from minute 30 to 50.
  // Ten empty windows against 6 are a collapse by any reading; each alone, against a reference
  // whose 14 windows read a dispersion of 2–3 by the MAD's sampling spread, is z −1 to −2, and a
  // rolling reference took them in one by one.
  const MODEL = "gpt-4o";
  const models: [string, number][] = [
    [MODEL, 3],
    ["claude-3-5-sonnet", 3],
    ["gemini-2.0-flash", 3],
  ];
  const outage: Outage = { from: 30, to: 50, keep: 0 };
  const SEEDS_40 = Array.from({ length: 40 }, (_, i) => i + 1);
  const dayOf = (seed: number, o?: Outage) =>
    requests(seed, { minutes: 60, models }, { model: MODEL, ...(o === undefined ? {} : { outage: o }) }).events;

  /** Per seed, the start of the one incident on the model's throughput (minutes), or undefined. */
  const foundAt = (seed: number): number | undefined => {
    const events = dayOf(seed, outage);
    expect(analyzeIncidents(events).method.window_ms / MINUTE).toBe(2);
    const incidents = onThroughput(events, MODEL);
    expect(incidents.length, `seed ${seed}`).toBeLessThanOrEqual(1);
    return incidents.length === 1 ? (Date.parse(incidents[0]!.start) - ORIGIN) / MINUTE : undefined;
  };

  it("reports at most one incident on the model's throughput, dated within a window of the outage", {
    timeout: 120_000,
  }, () => {
    for (const seed of SEEDS_40) {
      const start = foundAt(seed);
      if (start !== undefined) expect(Math.abs(start - outage.from), `seed ${seed}`).toBeLessThanOrEqual(2);
    }
  });

  // The truth is 40 of 40; main d0b2e4e found 32 (round twenty-one's own draw of the same capture,
  // 31). Round twenty-three (docs/correlation.md, "A silence judged at its own length"): 33 once
  // a silence is judged against its reference's lulls of its own length (seed 5, whose reference
  // held windows of 2 where 6 are due), 37 once a silence the model's own clusters cannot explain
  // keeps its flag against the thin index's veto (the second test's reference learned the empty
  // windows). A reference frozen while a fall is open gained one seed and lost a held-out collapse
  // (round twenty-two: measured, not kept). Open (issue 13): this test is expected to fail until
  // every seed is found; when it passes, `it.fails` turns it red and it becomes `it`.
  it("finds the outage on at least 37 seeds of 40 (a floor: what is found stays found)", { timeout: 120_000 }, () => {
    expect(SEEDS_40.filter((seed) => foundAt(seed) !== undefined).length).toBeGreaterThanOrEqual(37);
  });

  it.fails("finds the outage on all 40 seeds (open: 37 today)", { timeout: 120_000 }, () => {
    const missed = SEEDS_40.filter((seed) => foundAt(seed) === undefined);
    expect(missed).toEqual([]);
  });

  it("opens no incident on the same captures without the outage", { timeout: 120_000 }, () => {
    for (const seed of SEEDS_40) expect(analyzeIncidents(dayOf(seed)).incidents, `seed ${seed}`).toEqual([]);
  });
});

describe("a silence judged against its reference's lulls of its own length", () => {
  // docs/correlation.md, "A silence judged at its own length" (round twenty-three, coll23). A
  // model at 6 requests a 2-minute window whose reference holds single windows of 2 (a third of
  // its median, as a Poisson count of mean 6 is on 6.2 % of windows), every fourth to sixth
  // window, and then no request for 20 minutes. By the one-window rule the reference is
  // irregular (3 of 14 windows at the median ÷ 3 or under, more than 1 in 8) and the outage opened
  // nothing; its sums over 4 windows are 20–24, none under 20 ÷ 3, so a silence of 4 windows or
  // more is longer than any lull the reference had. Counts are placed by hand (evenly inside
  // each window), the latencies log-normal as above; two peers at 6 a window hold the index.
  const MODEL = "gpt-4o";
  const WINDOW = 2;
  const pattern = [6, 6, 2, 6, 6, 6, 2, 6, 6, 6, 6, 2, 6, 6];

  /** Per 2-minute window of [0, 60), the model's request count, with or without the silence. */
  const countsOf = (silent: boolean): number[] =>
    Array.from({ length: 30 }, (_, w) => (silent && w >= 15 && w < 25 ? 0 : (pattern[w % pattern.length] as number)));

  const dayOf = (seed: number, silent: boolean): AnalyticsEvent[] => {
    const rand = mulberry32(seed);
    const events: AnalyticsEvent[] = [];
    let id = 1;
    const place = (model: string, counts: readonly number[]) =>
      counts.forEach((c, w) => {
        for (let i = 0; i < c; i++) {
          const n = id++;
          const ms = Math.exp(Math.log(2000) + 0.5 * gaussian(rand));
          const minute = WINDOW * (w + (i + 0.5) / c);
          events.push(event({ id: n, minute, module: "llm-observatory", payload: latency(model, ms, `req-${n}`) }));
        }
      });
    place(MODEL, countsOf(silent));
    for (const peer of ["claude-3-5-sonnet", "gemini-2.0-flash"])
      place(
        peer,
        Array.from({ length: 30 }, () => 6),
      );
    return events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  };

  it("opens one incident on the model's throughput, within a window of the silence's onset", () => {
    for (const seed of SEEDS) {
      const events = dayOf(seed, true);
      expect(analyzeIncidents(events).method.window_ms / MINUTE).toBe(WINDOW);
      const incidents = onThroughput(events, MODEL);
      expect(incidents, `seed ${seed}`).toHaveLength(1);
      const start = (Date.parse(incidents[0]!.start) - ORIGIN) / MINUTE;
      expect(Math.abs(start - 15 * WINDOW), `seed ${seed}`).toBeLessThanOrEqual(WINDOW);
    }
  });

  it("opens no incident on the same capture without it", () => {
    for (const seed of SEEDS) expect(analyzeIncidents(dayOf(seed, false)).incidents, `seed ${seed}`).toEqual([]);
  });
});

describe("a collapse after the model's one same-caller peer retired (round twenty-three, fresh23)", () => {
  // The fourth generator's seed 2468 day 27 (a draw no round has tuned on): ibis-legal-20b's
  // throughput collapses at 06:17 (sable-moe-141b's three minutes later, a second fault); its one
  // busy peer of the same caller stopped serving hours before, so the thin index (that peer's
  // traffic) holds nothing near the fall. The first
  // test flags 18 windows at z −5.5 to −6.3; until this round the thin index's veto removed them
  // all (a ratio against no traffic flags nothing). The truth is the generator's injection.
  it("finds the collapse within a window of its onset and roots it in the model's throughput", () => {
    const day = fourthSuite(2468)[26]!;
    const collapse = day.injections.find((i) => i.kind === "throughput_collapse");
    expect(collapse?.model).toBe("ibis-legal-20b");
    const { events, labels } = generateFourth(day);
    const outcome = scoreScenario(analyzeIncidents(events), day.injections, labels);
    const truth = outcome.truths.find((t) => t.injection === collapse);
    expect(truth?.found).toBe(true);
    expect(truth?.rootCorrect).toBe(true);
  });
});

describe("a Poisson model's fall to a fifth that its rolling reference follows down (round twenty-four, run24)", () => {
  // docs/correlation.md, "A fall judged as one run against a frozen reference" (round
  // twenty-four). Three-hour captures of three models at 5 Poisson requests a minute (the width
  // chosen is 2 or 5 minutes, 10 or 25 requests a window); from minute 90 to 106 each of one
  // model's requests is kept with probability 0.2 (a thinned Poisson process: ×0.2 for 16
  // minutes, 8 windows at 2 minutes). The truth is the construction: a collapse at minute 90.
  // A window of 2 against 10 is z −2.7 alone (P(Poisson(10) ≤ 2) = 0.28 %), and a rolling
  // reference learns the fall a window at a time; the run's 16 against 80 is beyond any threshold.
  // Main 7af9640 finds 30 of the 40 seeds within a window of the onset, round twenty-four's
  // frozen run 37 (measured, not kept); the floor sits between them. The brief's ~1 request a window is
  // below what a run of 8 can show at all: P(Poisson(8) ≤ 1) = 0.3 % is z 2.7, short of 5.
  const MODEL = "gpt-4o";
  const models: [string, number][] = [
    [MODEL, 5],
    ["claude-3-5-sonnet", 5],
    ["gemini-2.0-flash", 5],
  ];
  const fall: Outage = { from: 90, to: 106, keep: 0.2 };
  const SEEDS_40 = Array.from({ length: 40 }, (_, i) => i + 1);
  const dayOf = (seed: number, o?: Outage) =>
    requests(seed, { minutes: 180, models }, { model: MODEL, ...(o === undefined ? {} : { outage: o }) }).events;

  // Closed in round twenty-seven (coll27): run24's frozen run (commit 11c51b1, reverted for the
  // other incidents it opened on the fourth suite) is back with guards against them; main 13dad62
  // still found 30 (this test was `it.fails` there).
  it("finds the fall within a window of its onset on at least 35 seeds of 40", { timeout: 120_000 }, () => {
    const found = SEEDS_40.filter((seed) => {
      const events = dayOf(seed, fall);
      const width = analyzeIncidents(events).method.window_ms / MINUTE;
      return onThroughput(events, MODEL).some(
        (i) => Math.abs((Date.parse(i.start) - ORIGIN) / MINUTE - fall.from) <= width,
      );
    });
    expect(found.length).toBeGreaterThanOrEqual(35);
  });

  it("opens no incident on the same captures without the fall", { timeout: 120_000 }, () => {
    for (const seed of SEEDS_40) expect(analyzeIncidents(dayOf(seed)).incidents, `seed ${seed}`).toEqual([]);
  });
});

describe("a partial fall that the rolling reference follows down (round twenty-seven, coll27)", () => {
  // docs/correlation.md, "Round twenty-seven (coll27)": issue #13's class B. Three-hour captures
  // of three models at 5 Poisson requests a minute; from minute 90 to 130 each of one model's
  // requests is kept with probability 0.25 (a thinned Poisson process: ×0.25 for 40 minutes, the
  // fourth generator's partial collapses keep ×0.1–0.3 for 30–125 minutes). The truth is the
  // construction: a collapse at minute 90. At the 2- or 5-minute width chosen a window keeps 2.5
  // or 6 of 10 or 25, and the rolling reference learns the fall a window at a time; as one run
  // against the reference frozen where it opens, 50 against 200 is far beyond any threshold.
  // Main 13dad62 found 28 of the 40 seeds within a window of the onset (a scratch run of the same
  // construction), this round 34; the floor sits between them.
  const MODEL = "gpt-4o";
  const models: [string, number][] = [
    [MODEL, 5],
    ["claude-3-5-sonnet", 5],
    ["gemini-2.0-flash", 5],
  ];
  const fall: Outage = { from: 90, to: 130, keep: 0.25 };
  const SEEDS_40 = Array.from({ length: 40 }, (_, i) => i + 1);
  const dayOf = (seed: number, o?: Outage) =>
    requests(seed, { minutes: 180, models }, { model: MODEL, ...(o === undefined ? {} : { outage: o }) }).events;

  it("finds the fall within a window of its onset on at least 31 seeds of 40", { timeout: 180_000 }, () => {
    const found = SEEDS_40.filter((seed) => {
      const events = dayOf(seed, fall);
      const width = analyzeIncidents(events).method.window_ms / MINUTE;
      return onThroughput(events, MODEL).some(
        (i) => Math.abs((Date.parse(i.start) - ORIGIN) / MINUTE - fall.from) <= width,
      );
    });
    expect(found.length).toBeGreaterThanOrEqual(31);
  });

  it("opens no incident on the same captures without the fall", { timeout: 180_000 }, () => {
    for (const seed of SEEDS_40) expect(analyzeIncidents(dayOf(seed)).incidents, `seed ${seed}`).toEqual([]);
  });
});

describe("a bursty model's busy hours that end before the capture does (round twenty-seven, coll27b)", () => {
  // docs/correlation.md, "Round twenty-seven (coll27)": coll27's frozen run read a model's first,
  // busy hours as its level (fourth --seed 8282 day 22, --seed 4321 day 9). Three-hour captures:
  // two models at 5 Poisson requests a minute, and one whose requests come in sessions (0.4 a
  // minute, 5 requests each within 6 minutes) until minute 110, and at a fifth of that rate after
  // it to the capture's end: its busy hours end, as a daily curve's do, and the capture never sees
  // them come back. No fault is injected, so any incident on the model is false. Its 70 quieter
  // minutes are more than a third of the capture: under the frozen level at the run's cap, never
  // back at it. At 7003fca 15 of the 40 seeds opened one (a scratch run of the same construction),
  // with the run required to end 4; the ceiling sits between them.
  const MODEL = "gpt-4o";
  const SEEDS_40 = Array.from({ length: 40 }, (_, i) => i + 1);
  const dayOf = (seed: number) => {
    const rand = mulberry32(seed);
    const events: AnalyticsEvent[] = [];
    let id = 1;
    const push = (model: string, m: number) => {
      const n = id++;
      const ms = Math.exp(Math.log(2000) + 0.5 * gaussian(rand));
      events.push(event({ id: n, minute: m, module: "llm-observatory", payload: latency(model, ms, `req-${n}`) }));
    };
    for (const model of ["claude-3-5-sonnet", "gemini-2.0-flash"])
      poissonEach(rand, 5, { from: 0, to: 180 }, (m) => push(model, m));
    poissonEach(rand, 2 / 5, { from: 0, to: 180 }, (m) => {
      if (m >= 110 && rand() >= 0.2) return;
      for (let k = 0; k < 5; k++) {
        const t = m + rand() * 6;
        if (t < 180) push(MODEL, t);
      }
    });
    return events.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
  };

  it("opens an incident on the model on at most 9 seeds of 40", { timeout: 180_000 }, () => {
    const opened = SEEDS_40.filter((seed) => onThroughput(dayOf(seed), MODEL).length > 0);
    expect(opened.length).toBeLessThanOrEqual(9);
  });
});
