/*
 * Where an error burst is dated and rooted when its first failures are sparse: a burst on a model a
 * batch job calls that begins between two batches (its first failures in the trickle, the next
 * batch minutes later), and a burst on a model called a few times a minute. The failure named as
 * the root is the one most probably within five minutes of the change's start under the
 * posterior of the change time (onset.ts `failureRoot`), over a search that reaches back as far
 * as it needs to hold as many requests as the first anomalous window (`failureScopeStart`).
 * Hand-built days from a small Poisson generator of their own (test/correlation/traffic-days.ts
 * `arrivals`), sharing no code with the evaluation suites' generators.
 */
import { describe, expect, it } from "vitest";
import { analyzeIncidents } from "../../src/correlation/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";
import { requestEnded } from "./helpers.js";
import { arrivals } from "./traffic-days.js";

const START = Date.UTC(2025, 5, 3, 14, 0, 0);
const MINUTE = 60_000;
const STEADY = ["gpt-4o", "claude-3-5-sonnet", "gemini-2.0-flash"];
const MODEL = "ticket-classifier";

interface Request {
  readonly model: string;
  /** When it began, minutes after START. */
  readonly minute: number;
  readonly ms: number;
  readonly failed: boolean;
}

interface Day {
  readonly events: AnalyticsEvent[];
  /** MODEL's requests. */
  readonly requests: Request[];
}

/**
 * `hours` hours: three models at 3 requests a minute, and MODEL at `trickle` a minute plus, when
 * `batch` > 0, `batch` requests over the first minute of every 15 from minute 7. Every request
 * fails with probability 1.5 %; `fails(minute)` is MODEL's failure share at the minute its request
 * began, on top of that. Latencies log-normal around 800 ms (σ 0.3), failures returning in about
 * 150 ms; spans marked as OpenTelemetry marks a failure (`otel.status_code` ERROR, `error.type`).
 */
function day(
  seed: number,
  shape: { hours: number; trickle: number; batch: number; fails: (minute: number) => number },
): Day {
  const rand = mulberry32(seed);
  const span = shape.hours * 60;
  const all: Request[] = [];
  const add = (model: string, minute: number) => {
    const extra = model === MODEL ? shape.fails(minute) : 0;
    const failed = rand() < 0.015 || rand() < extra;
    const ms = failed ? 150 * Math.exp(0.3 * gaussian(rand)) : 800 * Math.exp(0.3 * gaussian(rand));
    all.push({ model, minute, ms, failed });
  };
  for (const model of STEADY) for (const m of arrivals(rand, () => 3, 3, 0, span)) add(model, m);
  for (const m of arrivals(rand, () => shape.trickle, shape.trickle, 0, span)) add(MODEL, m);
  if (shape.batch > 0)
    for (let t = 7; t < span; t += 15) for (let k = 0; k < shape.batch; k++) add(MODEL, t + (k + rand()) / shape.batch);
  const events = all.map((r, i) =>
    requestEnded({
      n: i + 1,
      model: r.model,
      minute: r.minute,
      ms: r.ms,
      requestId: `span-${i + 1}`,
      tags: r.failed ? { "otel.status_code": "ERROR", "error.type": "APIError" } : { "otel.status_code": "OK" },
    }),
  );
  events.sort((a, b) => (a.timestamp < b.timestamp ? -1 : a.timestamp > b.timestamp ? 1 : 0));
  return { events, requests: all.filter((r) => r.model === MODEL).sort((a, b) => a.minute - b.minute) };
}

/** When a request's event is written (it ends), in epoch ms. */
const endMs = (r: Request): number => START + r.minute * MINUTE + Math.round(r.ms);

/** The incident on MODEL and its root's time, or undefined. */
function rootOf(events: AnalyticsEvent[], windowMs: number): { signal: string; ms: number } | undefined {
  const analysis = analyzeIncidents(events, { windowMs });
  const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
  if (incident?.root === undefined || incident.root === null) return undefined;
  return { signal: incident.root.signal, ms: Date.parse(incident.root.timestamp) };
}

describe("an error burst that begins between two batches", { timeout: 240_000 }, () => {
  // Four hours at 2-minute windows; MODEL sends half a request a minute and a batch of 100 every
  // 15 minutes (minutes 172, 187, …). From minute 174.5, 40 % of its requests fail, until 200.
  // The burst is anomalous first in the batch at 187; the trickle between the batches holds
  // its first failures. The search used to start two windows (4 minutes) before the batch's
  // window and to ask of a failure that its next four requests agree 20 : 1, which trickle
  // requests minutes apart rarely did: the root was the batch's first failure, 12 minutes late.
  const T = 174.5;
  const shape = { hours: 4, trickle: 0.5, batch: 100, fails: (m: number) => (m >= T && m < 200 ? 0.4 : 0) };

  it("roots it in the trickle's first failure when one falls in its first five minutes", () => {
    let checked = 0;
    for (let seed = 1; seed <= 12; seed++) {
      const { events, requests } = day(seed, shape);
      // The seeds where the trickle shows the burst within five minutes of its start: a failure
      // ending in [T, T + 5 min), before the batch at 187.
      const early = requests.filter(
        (r) => r.failed && endMs(r) >= START + T * MINUTE && endMs(r) < START + (T + 5) * MINUTE,
      );
      if (early.length === 0) continue;
      checked++;
      const root = rootOf(events, 2 * MINUTE);
      expect(root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(root!.ms, `seed ${seed}`).toBeGreaterThanOrEqual(START + T * MINUTE);
      expect(root!.ms, `seed ${seed}`).toBeLessThan(START + (T + 5) * MINUTE);
    }
    expect(checked).toBeGreaterThanOrEqual(4);
  });

  it("does not take a stray failure of the trickle minutes before it for its start", () => {
    // The same days with one more failure of the trickle 6 minutes before the burst (an ordinary
    // failure: the model fails 1.5 % of its requests). The successes between it and the burst
    // say the change had not begun then.
    for (let seed = 1; seed <= 6; seed++) {
      const { events } = day(seed, shape);
      const stray = requestEnded({
        n: 900_001,
        model: MODEL,
        minute: T - 6,
        ms: 140,
        requestId: "span-stray",
        tags: { "otel.status_code": "ERROR", "error.type": "APIError" },
      });
      const root = rootOf([...events, stray], 2 * MINUTE);
      expect(root?.signal, `seed ${seed}`).toBe("error_rate");
      expect(root!.ms, `seed ${seed}`).toBeGreaterThanOrEqual(START + T * MINUTE);
    }
  });
});

describe("an error burst on a model expecting about a failure a window", { timeout: 240_000 }, () => {
  // Six hours at 5-minute windows; MODEL sends 6 requests a minute (about 30 a window) and fails
  // 3 % of them all day (the 1.5 % every request does and 1.5 % more): about one failure a window,
  // binomial, no overdispersion. From minute 183.7, 25 % fail for 15 minutes. A window's residual
  // |F − N·p| / √(N·p·(1 − p)) is then 0 or 1 for 0–2 failures, its median about 1, and read as
  // a normal's (median 0.674) it made the failures overdispersed ×2.2 when they are not
  // (detect.ts `binomialMedianResidual`; docs/correlation.md, "Round thirty-four (burst35)").
  const T = 183.7;
  const shape = {
    hours: 6,
    trickle: 6,
    batch: 0,
    fails: (m: number) => (m >= T && m < T + 15 ? 0.25 : 0.015),
  };

  it("finds it on MODEL and roots it in its errors", () => {
    let found = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const { events } = day(seed, shape);
      const root = rootOf(events, 5 * MINUTE);
      if (root === undefined) continue;
      found++;
      expect(root.signal, `seed ${seed}`).toBe("error_rate");
      expect(root.ms, `seed ${seed}`).toBeGreaterThanOrEqual(START + T * MINUTE);
    }
    expect(found).toBeGreaterThanOrEqual(5);
  });

  it("opens no incident on MODEL on the same days without the burst", () => {
    for (let seed = 1; seed <= 6; seed++) {
      const { events } = day(seed, { ...shape, fails: () => 0.015 });
      expect(rootOf(events, 5 * MINUTE), `seed ${seed}`).toBeUndefined();
    }
  });
});
