/*
 * A latency rise that is not a slowdown (docs/correlation.md, "Round thirty-three (burst34)").
 * Hand-built days, independent of the evaluation generators. (1) A gateway answers 504 at its
 * deadline for a share of a model's requests: each failure is written with the deadline as its
 * duration, so the p95 climbs to the deadline, while the requests it served take as long as
 * ever. The rise is the failures' own latency, a symptom of the burst, not its cause. (2) A
 * many-request model's quick requests are held for 40 minutes to a floor just under the ordinary
 * 90th percentile (a check of fixed duration run beside each request: a request takes the longer
 * of the two), then a burst of fast 500s. The latency series' level rises ×1.5 and is flagged,
 * while the share of requests above the ordinary 90th percentile stays 10 %: a move its
 * requests do not carry, which neither leads nor dates the burst. Expectations come from
 * how each day was built: when the burst began, which requests failed.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { taggedLatencyEvent } from "./helpers.js";

const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 2, 8, 0, 0);
const MODEL = "quill-mini";

interface Request {
  readonly start: number;
  readonly ms: number;
  readonly status: string | undefined;
}

interface Day {
  /** Median duration of a served request, ms (log-normal, σ 0.5). */
  readonly medianMs: number;
  /** The client's deadline: a request that would take longer fails with a 504 written then. */
  readonly deadlineMs: number;
  /** Mean gap between requests, ms (Poisson). */
  readonly gapMs: number;
  /** The burst: from `onset` for 20 minutes a `share` of requests fail with `status`. */
  readonly onset: number;
  readonly share: number;
  readonly status: "504" | "500";
  /** Before the burst, from this time on, every request takes at least `floor` × the ordinary p90. */
  readonly floorFrom?: number;
  readonly floor?: number;
  /** Share of requests failing fast with a 500 outside the burst (0.3 % unless given). */
  readonly background?: number;
}

/** Four hours of one model's requests, fast background 500s (0.3 %), and the day's faults. */
function requests(seed: number, d: Day): Request[] {
  const r = mulberry32(seed);
  const out: Request[] = [];
  // The ordinary p90 of a log-normal of σ 0.5: median · e^(0.5 · 1.2816).
  const p90 = d.medianMs * Math.exp(0.5 * 1.2816);
  for (let t = START - Math.log(1 - r()) * d.gapMs; t < START + 4 * 60 * MINUTE; t += -Math.log(1 - r()) * d.gapMs) {
    let ms = d.medianMs * Math.exp(0.5 * gaussian(r));
    if (d.floorFrom !== undefined && t >= d.floorFrom && t < d.onset) ms = Math.max(ms, (d.floor ?? 0) * p90);
    let status: string | undefined;
    const failing = t >= d.onset && t < d.onset + 20 * MINUTE && r() < d.share;
    if (failing && d.status === "504") [status, ms] = ["504", d.deadlineMs];
    else if (failing) [status, ms] = ["500", 150 * Math.exp(0.3 * gaussian(r))];
    else if (ms >= d.deadlineMs) [status, ms] = ["504", d.deadlineMs];
    else if (r() < (d.background ?? 0.003)) [status, ms] = ["500", 150 * Math.exp(0.3 * gaussian(r))];
    out.push({ start: t, ms, status });
  }
  return out;
}

function eventsOf(list: readonly Request[]): AnalyticsEvent[] {
  return list.map((q, k) =>
    taggedLatencyEvent({
      eventId: k + 1,
      requestId: `r${k + 1}`,
      start: q.start,
      ms: q.ms,
      model: MODEL,
      tags: { "gen_ai.request.model": MODEL, "http.status_code": q.status ?? "200" },
    }),
  );
}

/** The request behind an incident's root event (`taggedLatencyEvent` ids count the list from 1). */
const rootRequest = (list: readonly Request[], id: string): Request => list[Number.parseInt(id.slice(-12), 16) - 1]!;

describe("analyzeIncidents: 504s at the deadline are the failures' own latency", { timeout: 120_000 }, () => {
  it("roots the burst in a failed request, dated from when the failed requests began", () => {
    // Served requests of 2 s (median) against a 240-s deadline (none reaches it), one every
    // 10 s; for 20 minutes 30 % of requests fail with a 504 at the deadline, written 4 minutes
    // after they began, longer than the root choice's tie.
    const onset = START + 2 * 60 * MINUTE + 13 * MINUTE + 27_000;
    for (const seed of [1, 2, 3]) {
      const list = requests(seed, {
        medianMs: 2000,
        deadlineMs: 240_000,
        gapMs: 10_000,
        onset,
        share: 0.3,
        status: "504",
      });
      const analysis = analyzeIncidents(eventsOf(list));
      expect(analysis.incidents, `seed ${seed}`).toHaveLength(1);
      const incident = analysis.incidents[0]!;
      const start = Date.parse(incident.start);
      expect(Math.abs(start - onset), `seed ${seed}: start ${incident.start}`).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      // The root is one of the burst's failures (a 504 begun from the onset, within one window
      // of it), not an ordinary served request.
      const root = rootRequest(list, incident.root!.event_id);
      expect(root.status, `seed ${seed}`).toBe("504");
      expect(root.start, `seed ${seed}`).toBeGreaterThanOrEqual(onset);
      expect(root.start - onset, `seed ${seed}`).toBeLessThanOrEqual(analysis.method.window_ms);
      if (incident.signals.includes("error_rate")) expect(incident.root?.signal, `seed ${seed}`).toBe("error_rate");
    }
  });
});

describe("analyzeIncidents: a p95 its requests do not carry leads no burst", { timeout: 120_000 }, () => {
  it("dates a burst of 500s at its onset, not at an earlier latency move its requests do not carry", () => {
    // One request a second, 2-s median (σ 0.5); from 40 minutes before the burst every request
    // takes at least 0.9 × the ordinary p90 (3.4 s): the mean log-duration rises by about
    // ln 1.5, no request above the p90 changes; then for 20 minutes 40 % of requests fail fast
    // with a 500.
    const onset = START + 2 * 60 * MINUTE + 7 * MINUTE + 41_000;
    for (const seed of [1, 2, 3]) {
      const day: Day = {
        medianMs: 2000,
        deadlineMs: 60_000,
        gapMs: 1000,
        onset,
        share: 0.4,
        status: "500",
        floorFrom: onset - 40 * MINUTE,
        floor: 0.9,
      };
      const list = requests(seed, day);
      const analysis = analyzeIncidents(eventsOf(list));
      const about = analysis.incidents.filter((i) => i.signals.includes("error_rate"));
      expect(about, `seed ${seed}`).toHaveLength(1);
      const incident = about[0]!;
      expect(incident.root?.signal, `seed ${seed}`).toBe("error_rate");
      const start = Date.parse(incident.start);
      expect(Math.abs(start - onset), `seed ${seed}: start ${incident.start}`).toBeLessThanOrEqual(
        analysis.method.window_ms,
      );
      const root = rootRequest(list, incident.root!.event_id);
      expect(root.status, `seed ${seed}`).toBe("500");
      expect(root.start, `seed ${seed}`).toBeGreaterThanOrEqual(onset);
    }
  });
});

describe("analyzeIncidents: 504s at the deadline with no error-rate member", { timeout: 120_000 }, () => {
  it("stands the latency's rise for by a failed request, not a served one", () => {
    // One request every 20 s (about 15 a 5-minute window), 1.5-s median, a 30-s deadline; 4 % of
    // requests fail fast with a 500 all day, and for 20 minutes 12 % fail with a 504 at the
    // deadline: about 2 a window among the background's half, under the error rate's threshold
    // at this traffic, while the p95 of each window holding one climbs from about 3.4 s to 30 s.
    // The served requests take as long as ever: the rise is the failures' own latency (fourth
    // --seed 1089 day 7), and what stands for it is one of those failures.
    const onset = START + 2 * 60 * MINUTE + 11 * MINUTE + 9_000;
    let checked = 0;
    for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
      const list = requests(seed, {
        medianMs: 1500,
        deadlineMs: 30_000,
        gapMs: 20_000,
        onset,
        share: 0.12,
        status: "504",
        background: 0.04,
      });
      const analysis = analyzeIncidents(eventsOf(list));
      const incident = analysis.incidents.find((i) => i.signals.includes("latency_p95"));
      if (incident === undefined || incident.signals.includes("error_rate")) continue;
      checked++;
      const root = rootRequest(list, incident.root!.event_id);
      expect(root.status, `seed ${seed}`).toBe("504");
      expect(root.start + root.ms, `seed ${seed}`).toBeGreaterThanOrEqual(onset);
      expect(root.start + root.ms - onset, `seed ${seed}`).toBeLessThanOrEqual(5 * MINUTE);
    }
    expect(checked).toBeGreaterThanOrEqual(2);
  });
});
