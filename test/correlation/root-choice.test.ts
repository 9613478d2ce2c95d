import fc from "fast-check";
/*
 * Root choice within an incident: a token explosion makes the same requests slow, so its latency
 * change is as large as its token change and often crosses the threshold first; the root must
 * still be the tokens. A slowdown of large and small requests alike must stay rooted in latency,
 * although slow requests are the larger ones in any traffic. Days come from the held-out
 * generator (eval/heldout/), expectations from its injected faults and event labels, never from
 * running the analysis.
 */
import { describe, expect, it } from "vitest";
import type { Fault, TenantSpec } from "../../eval/heldout/day.js";
import { scoreScenario } from "../../eval/score.js";
import { scenarioSuite } from "../../eval/suite.js";
import { generate } from "../../eval/world.js";
import {
  confidencesOf,
  incidentEvidenceOf,
  incidentPeakOf,
  rootEvidenceOf,
} from "../../src/correlation/incidents/confidence.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { analyzeDay, day, START, tenant } from "../eval-heldout/specs.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;

function fault(kind: Fault["kind"], model: string, magnitude: number, fraction: number): Fault {
  return {
    kind,
    tenant: "a",
    model,
    onsetMs: START + 110 * MINUTE + 13_000,
    durationMs: 35 * MINUTE,
    magnitude,
    fraction,
    followOn: false,
  };
}

describe("root choice between tokens and the latency they cause", () => {
  it("roots a token explosion seen only through a LiteLLM proxy's token_cost events in the tokens", () => {
    // No token_usage telemetry: the sizes come from token_cost, linked to the latency events by request_id.
    const { analysis, outcome } = analyzeDay(
      day({
        seed: 25,
        tenants: [tenant({ id: "a", instrumentation: "litellm", models: ["gpt-4o", "gpt-4o-mini"] })],
        faults: [fault("token_explosion", "gpt-4o", 8, 0.6)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
    expect(["token_usage", "completion_tokens"]).toContain(
      analysis.incidents.find((i) => i.models.includes("openai/gpt-4o"))?.root?.signal,
    );
  });

  it("roots a token explosion that two ordinary large requests precede in an exploded request (suite day 21)", () => {
    // Day 21 of the first suite: a model with about one request a minute; two ordinary requests of
    // three times the median size end 115 s and 8 s before the explosion starts. The token series'
    // change point must not be dated on them (the candidates reach ln 100 below the best CUSUM
    // value when the change is that informative: onset.ts candidateLevel).
    const spec = scenarioSuite()[20]!;
    expect(spec.label).toBe("token_explosion");
    const { events, labels } = generate(spec);
    const outcome = scoreScenario(analyzeIncidents(events), spec.injections, labels);
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });

  // An ordinary large request, slow because large, began 26 s before the explosion: the latency
  // change point takes it as the first of the change, and the token change used to be dated by
  // it (the first large slow request from there). The token series' own change-point likelihood
  // puts it outside the change (its total tokens are ordinary), so the alignment dates the
  // tokens at the first large slow request inside that likelihood set (analyze.ts alignPair,
  // onset.ts changeCandidates).
  it("roots a token explosion reported through SDK callbacks (token_usage as a child event) in the tokens", () => {
    const { outcome } = analyzeDay(
      day({
        seed: 22,
        tenants: [tenant({ id: "a", instrumentation: "sdk", models: ["gpt-4.1-nano", "claude-3-5-haiku-20241022"] })],
        faults: [fault("token_explosion", "gpt-4.1-nano", 9, 0.7)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });

  it("roots a token explosion in the tokens when SDK callbacks omit the token event of some requests", () => {
    // Three of the first five slow requests have no token_usage event: their sizes are unknown,
    // and they used to count as slow requests that are not large (alignPair counts only the
    // slow requests of known size).
    const { outcome } = analyzeDay(
      day({
        seed: 34,
        tenants: [tenant({ id: "a", instrumentation: "sdk", models: ["gpt-4.1-nano", "claude-3-5-haiku-20241022"] })],
        faults: [fault("token_explosion", "gpt-4.1-nano", 9, 0.9)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });

  it("keeps a slowdown rooted in latency although its slow requests are the larger ones", () => {
    const { outcome } = analyzeDay(
      day({
        seed: 23,
        tenants: [tenant({ id: "a", instrumentation: "litellm", models: ["gpt-4o", "gpt-4o-mini"] })],
        faults: [fault("latency_spike", "gpt-4o", 3, 0.8)],
      }),
    );
    expect(outcome.truths[0]?.found).toBe(true);
    expect(outcome.truths[0]?.rootWhy).toBe("ok");
  });
});

describe("a slow drift's token series is read where the drift crossed", () => {
  const MIDNIGHT = Date.UTC(2025, 8, 16, 0, 0, 0);
  // Two and a half hours of drift at one-minute windows: the latency is anomalous for over a
  // hundred windows, and the token series, unchanged, peaks above z 1.645 in some of them by
  // chance; read there, the slow requests (the larger ones in any traffic) rooted the drift in
  // the tokens.
  const cases: readonly [TenantSpec["instrumentation"], number][] = [
    ["sdk", 4],
    ["litellm", 2],
    ["litellm", 4],
  ];
  for (const [instrumentation, seed] of cases) {
    it(`keeps a ×3 drift over 150 min rooted in latency (${instrumentation}, seed ${seed})`, () => {
      const { analysis } = analyzeDay(
        day({
          seed,
          startMs: MIDNIGHT,
          spanMs: 8 * HOUR,
          calls: 6000,
          diurnal: 0.1,
          tenants: [tenant({ id: "a", instrumentation, models: ["gpt-4o"] })],
          faults: [
            {
              kind: "gradual_drift",
              tenant: "a",
              model: "gpt-4o",
              onsetMs: MIDNIGHT + 3 * HOUR + 7 * MINUTE + 13_000,
              durationMs: 150 * MINUTE,
              magnitude: 3,
              fraction: 1,
              followOn: false,
            },
          ],
        }),
      );
      const incident = analysis.incidents.find((i) => i.models.some((m) => m.endsWith("gpt-4o")));
      expect(incident?.root?.signal).toBe("latency_p95");
    });
  }
});

describe("confidence features (confidence.ts)", () => {
  const series = (over: Record<string, unknown>) => ({
    onset: "2025-09-16T10:00:00Z",
    first_window: "2025-09-16T10:00:00Z",
    model: "m1",
    peak_z: 11,
    anomalous_windows: 3,
    ...over,
  });

  it("rootEvidenceOf: ln(1 + minutes the onset precedes its first anomalous window), a global root", () => {
    // Onset 09:52:30, first anomalous window from 10:00 → 7.5 min early → ln 8.5; the next
    // series' onset is not read (leadMinutes left the model in round nineteen).
    const x = rootEvidenceOf({
      series: [series({ onset: "2025-09-16T09:52:30Z" }), series({ onset: "2025-09-16T10:10:00Z", model: "m2" })],
    });
    expect(x.early).toBeCloseTo(Math.log(8.5), 14);
    expect(x).toEqual({ early: x.early, global: 0, outside: 0, ramp: 0, strays: 0 });
    // An onset inside its first window is not early (ln 1 = 0); no model → global.
    expect(rootEvidenceOf({ series: [series({ onset: "2025-09-16T10:01:00Z", model: null })] })).toEqual({
      early: 0,
      global: 1,
      outside: 0,
      ramp: 0,
      strays: 0,
    });
    // The series flagged outside every incident of the analysis: ln(1 + their count).
    const one = { series: [series({ onset: "2025-09-16T10:01:00Z" })] };
    expect(rootEvidenceOf(one, { strays: 0 }).strays).toBe(0);
    expect(rootEvidenceOf(one, { strays: 1 }).strays).toBeCloseTo(Math.log(2), 14);
    expect(rootEvidenceOf(one, { strays: 7 }).strays).toBeCloseTo(Math.log(8), 14);
    // Dated two hours before its window (a slow ramp): minutes capped at 30 → ln 31.
    expect(rootEvidenceOf({ series: [series({ onset: "2025-09-16T08:00:00Z" })] }).early).toBeCloseTo(Math.log(31), 14);
    expect(() => rootEvidenceOf({ series: [] })).toThrow(/rootEvidenceOf: the incident has no series/);
    // A leap-second onset is an instant, not NaN (Date.parse's): 23:59:60.5 is 1483228800500 ms,
    // as chrono's timestamp_millis gives it (test/core/timestamp.test.ts), 4 min 59.5 s before a
    // first window at 00:05:00 (1483229100000 ms).
    const leap = rootEvidenceOf({
      series: [series({ onset: "2016-12-31T23:59:60.500Z", first_window: "2017-01-01T00:05:00Z" })],
    });
    expect(leap.early).toBeCloseTo(Math.log1p((1_483_229_100_000 - 1_483_228_800_500) / 60_000), 14);
  });

  it("rootEvidenceOf: a model's root whose own posterior puts it outside the change's first five minutes", () => {
    // onset_mass is P(the change began in the five minutes before the root's event): under even
    // odds the event more likely lies outside the change's first five minutes (outside 1).
    const outside = (over: Record<string, unknown>) => rootEvidenceOf({ series: [series(over)] }).outside;
    expect(outside({ onset_mass: 0.02 })).toBe(1);
    expect(outside({ onset_mass: 0.49 })).toBe(1);
    expect(outside({ onset_mass: 0.5 })).toBe(0);
    expect(outside({ onset_mass: 0.97 })).toBe(0);
    // No posterior (a fallback, an event chosen by another rule): nothing said.
    expect(outside({ onset_mass: null })).toBe(0);
    expect(outside({})).toBe(0);
    // A step's root dated (its plausible range from the onset given) but moved off the posterior,
    // its mass dropped (timeouts dated back to when their requests began): no posterior vouches
    // for it, as under even odds (round twenty-nine, cal29).
    const range = { from: "2025-09-16T10:00:00Z", to: "2025-09-16T10:00:30Z" };
    expect(outside({ onset_interval: range, onset_mass: null })).toBe(1);
    expect(outside({ onset_interval: range })).toBe(1);
    expect(outside({ onset_interval: range, onset_mass: 0.9 })).toBe(0);
    expect(outside({ onset_interval: null, onset_mass: null })).toBe(0);
    // A ramp's start (its interval before the root) is `ramp`'s, and a global root its own events.
    expect(outside({ onset_interval: { from: "2025-09-16T09:40:00Z", to: range.from }, onset_mass: null })).toBe(0);
    expect(outside({ onset_interval: range, onset_mass: null, model: null })).toBe(0);
    // A signal over all events (an attack wave's threats) is its own events, whatever the dating's mass.
    expect(outside({ onset_mass: 0.02, model: null })).toBe(0);
    // Only the root's mass is read, not a later series'.
    expect(
      rootEvidenceOf({ series: [series({ onset_mass: 0.9 }), series({ onset_mass: 0.01, model: "m2" })] }).outside,
    ).toBe(0);
  });

  it("incidentEvidenceOf: strength of the strongest series, other incidents of the analysis, the root's flagged windows", () => {
    const x = incidentEvidenceOf(
      {
        series: [
          series({ peak_z: 6, anomalous_windows: 8 }),
          series({ peak_z: -11, model: "m2", anomalous_windows: 20 }),
        ],
      },
      { threshold: 5.5, incidents: 3 },
    );
    // |−11| / 5.5 = 2 → ln 2; two other incidents; the root (first series) flagged 8 windows → ln 8
    // (the second series' 20 are not read).
    expect(x.strength).toBeCloseTo(Math.log(2), 14);
    expect(x.concurrent).toBe(2);
    expect(x.windows).toBeCloseTo(Math.log(8), 14);
    // A peak under the threshold (a root named on request-level evidence) has strength 0; a
    // crowded analysis is capped at 3; a root under the threshold (0 windows) counts as one → 0.
    expect(
      incidentEvidenceOf({ series: [series({ peak_z: 2, anomalous_windows: 0 })] }, { threshold: 5.5, incidents: 9 }),
    ).toEqual({ strength: 0, concurrent: 3, windows: 0, outranked: 0 });
    expect(() => incidentEvidenceOf({ series: [series({})] }, { threshold: 5.5, incidents: 0 })).toThrow(
      /incidentEvidenceOf: wants threshold > 0 and incidents ≥ 1/,
    );
    expect(() => incidentEvidenceOf({ series: [] }, { threshold: 5.5, incidents: 1 })).toThrow(
      /incidentEvidenceOf: the incident has no series/,
    );
  });

  it("rootEvidenceOf: a ramp's root is a ramp, not outside its change, whatever its mass", () => {
    // A drift dated by its start's 90 % credible interval, 09:40–09:59:30, ending at the root's
    // event (10:00): 20 minutes of start hold at most about a quarter of the mass in any five, so
    // the mass of a right root is low by the ramp's width. Constructed: mass 0.2.
    const ramp = { onset_interval: { from: "2025-09-16T09:40:00Z", to: "2025-09-16T09:59:30Z" }, onset_mass: 0.2 };
    expect(rootEvidenceOf({ series: [series(ramp)] })).toMatchObject({ outside: 0, ramp: 1 });
    // A step's plausible range begins at its onset (later change points within the likelihood's
    // factor): a low mass there says the change came after the root, as a hard stop's does.
    const step = { onset_interval: { from: "2025-09-16T10:00:00Z", to: "2025-09-16T10:04:00Z" }, onset_mass: 0.2 };
    expect(rootEvidenceOf({ series: [series(step)] })).toMatchObject({ outside: 1, ramp: 0 });
    // A fall in traffic has no interval (a hard stop's root is the last request before it): outside.
    expect(rootEvidenceOf({ series: [series({ onset_interval: null, onset_mass: 0.01 })] })).toMatchObject({
      outside: 1,
      ramp: 0,
    });
    // A ramp over all events (global) is neither: its events are the wave's own.
    expect(rootEvidenceOf({ series: [series({ ...ramp, model: null })] })).toMatchObject({ outside: 0, ramp: 0 });
  });

  it("incidentEvidenceOf: a silence counts at the threshold, and the other incidents at least as strong", () => {
    // A throughput window without a request (peak 0) at the gap test's z of −15: it crossed the
    // threshold (5), and that is all the z of an extrapolated tail says → strength ln(5/5) = 0.
    const silence = series({ signal: "throughput", peak: 0, peak_z: -15 });
    expect(incidentEvidenceOf({ series: [silence] }, { threshold: 5, incidents: 1 }).strength).toBe(0);
    expect(incidentPeakOf({ series: [silence] }, 5)).toBe(5);
    // A fall that kept some requests is an ordinary count: |−15| / 5 → ln 3; a latency series'
    // value is never a count of requests.
    const fall = series({ signal: "throughput", peak: 2, peak_z: -15 });
    expect(incidentEvidenceOf({ series: [fall] }, { threshold: 5, incidents: 1 }).strength).toBeCloseTo(
      Math.log(3),
      14,
    );
    // The silence beside a latency peak of 10: the latency's is the incident's peak (ln 2).
    const both = { series: [silence, series({ signal: "latency_p95", peak: 900, peak_z: 10, model: "m2" })] };
    expect(incidentEvidenceOf(both, { threshold: 5, incidents: 1 }).strength).toBeCloseTo(Math.log(2), 14);
    // Four incidents on a day: this one's peak 10; others at 6 and 5.2 (under it) and one at 10
    // (a tie is not under it) → outranked 1; peers under the threshold compare at it.
    const crowded = { threshold: 5, incidents: 4, peers: [6, 5.2, 10] };
    expect(incidentEvidenceOf(both, crowded)).toMatchObject({ concurrent: 3, outranked: 1 });
    expect(incidentEvidenceOf({ series: [silence] }, { threshold: 5, incidents: 3, peers: [4, 6] }).outranked).toBe(2);
    // Five stronger peers are capped at 3; no peers given (one incident, or none known) → 0.
    expect(incidentEvidenceOf(both, { threshold: 5, incidents: 6, peers: [11, 12, 13, 14, 15] }).outranked).toBe(3);
    expect(incidentEvidenceOf(both, { threshold: 5, incidents: 4 }).outranked).toBe(0);
  });

  it("confidencesOf: the root's confidence is P(real) × P(root right | real)", () => {
    const models = {
      incident: {
        intercept: 1,
        weights: { strength: 2, concurrent: -1, windows: 0.5, outranked: -3 },
        ranges: {
          strength: [0, 3] as const,
          concurrent: [0, 3] as const,
          windows: [0, 5] as const,
          outranked: [0, 3] as const,
        },
      },
      root: {
        intercept: 1,
        weights: { early: -1, global: 1, outside: -2, ramp: -4, strays: -1 },
        ranges: {
          early: [0, 4] as const,
          global: [0, 1] as const,
          outside: [0, 1] as const,
          ramp: [0, 1] as const,
          strays: [0, 3] as const,
        },
      },
    };
    // 11 = 2 × 5.5; one window (ln 1 = 0); onset e − 1 minutes before its first window (ln(1 + e − 1) = 1).
    const incident = {
      series: [
        series({
          peak_z: 11,
          anomalous_windows: 1,
          onset: new Date(Date.parse("2025-09-16T10:00:00Z") - (Math.E - 1) * 60_000).toISOString(),
        }),
      ],
    };
    const c = confidencesOf(incident, { threshold: 5.5, incidents: 2, peers: [3] }, models);
    // Incident: σ(1 + 2·ln 2 − 1 + 0.5·0 − 3·0) = σ(ln 4) = 0.8 exactly (e^{−2 ln 2} = 1/4; the
    // one peer, 3, is under the threshold and this peak: outranked 0).
    expect(c.incident).toBeCloseTo(0.8, 14);
    // Root | real, a model's root (global 0, no interval: ramp 0): σ(1 − 1·1 + 1·0) = σ(0) = 0.5 (the ISO string keeps milliseconds: ln(e) within 1e-5); product 0.4.
    expect(c.root).toBeCloseTo(0.4, 5);
    // The same incident on a day with two series flagged outside every incident:
    // σ(0 − 1·ln 3) = 1/4, × 0.8 = 0.2.
    const stray = confidencesOf(incident, { threshold: 5.5, incidents: 2, peers: [3], strays: 2 }, models);
    expect(stray.incident).toBeCloseTo(0.8, 14);
    expect(stray.root).toBeCloseTo(0.2, 5);
  });

  const foundOf = fc.array(
    fc.record({
      onsetS: fc.integer({ min: 0, max: 86_400 }),
      earlyS: fc.integer({ min: -600, max: 20_000 }),
      z: fc.double({ min: -1e6, max: 1e6, noNaN: true }),
      global: fc.boolean(),
      windows: fc.integer({ min: 0, max: 500 }),
    }),
    { minLength: 1, maxLength: 8 },
  );
  const at = (s: number) => new Date(Date.UTC(2025, 8, 16) + s * 1000).toISOString();
  const found = (raw: { onsetS: number; earlyS: number; z: number; global: boolean; windows: number }[]) =>
    raw.map((r) => ({
      onset: at(r.onsetS),
      first_window: at(r.onsetS + r.earlyS),
      model: r.global ? null : "m1",
      peak_z: r.z,
      anomalous_windows: r.windows,
    }));

  it("confidencesOf with the fitted models: both in (0, 1), the root's never above the incident's", () => {
    fc.assert(
      fc.property(foundOf, fc.integer({ min: 1, max: 40 }), (raw, incidents) => {
        const c = confidencesOf({ series: found(raw) }, { threshold: 5, incidents });
        expect(c.incident).toBeGreaterThan(0);
        expect(c.incident).toBeLessThan(1);
        expect(c.root).toBeGreaterThan(0);
        expect(c.root).toBeLessThanOrEqual(c.incident);
      }),
    );
  });

  it("the fitted models are monotone in the evidence a user reads: stronger, longer, alone, on time → not less confident", () => {
    // docs/correlation.md "Confidence": each feature has one direction; a refit that flipped one
    // would state less confidence for more evidence. Each step below adds evidence in one feature.
    fc.assert(
      fc.property(foundOf, fc.integer({ min: 1, max: 40 }), (raw, incidents) => {
        const base = found(raw);
        const c = confidencesOf({ series: base }, { threshold: 5, incidents });
        const [root, ...rest] = base as [(typeof base)[number], ...typeof base];
        const variant = (over: Partial<typeof root>) =>
          confidencesOf({ series: [{ ...root, ...over }, ...rest] }, { threshold: 5, incidents });
        const stronger = variant({ peak_z: 2 * Math.max(...base.map((s) => Math.abs(s.peak_z)), 5) });
        const longer = variant({ anomalous_windows: root.anomalous_windows + 5 });
        const onTime = variant({ first_window: root.onset });
        const alone = confidencesOf({ series: base }, { threshold: 5, incidents: Math.max(1, incidents - 1) });
        // Another incident of the analysis above this one (a peer at 10⁷, beyond any peak here)
        // states it no higher than the same analysis with that incident under it.
        const under = confidencesOf({ series: base }, { threshold: 5, incidents, peers: [0] });
        const over = confidencesOf({ series: base }, { threshold: 5, incidents, peers: [1e7] });
        expect(under.incident).toBeGreaterThanOrEqual(over.incident);
        for (const more of [stronger, longer, alone]) expect(more.incident).toBeGreaterThanOrEqual(c.incident);
        expect(onTime.root).toBeGreaterThanOrEqual(c.root);
      }),
    );
  });
});
