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
import { rootEvidenceOf } from "../../src/correlation/incidents/confidence.js";
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
    expect(analysis.incidents.find((i) => i.models.includes("openai/gpt-4o"))?.root?.signal).toBe("token_usage");
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

describe("rootEvidenceOf", () => {
  const series = (over: Record<string, unknown>) => ({
    onset: "2025-09-16T10:00:00Z",
    signal: "latency_p95",
    model: "m1",
    peak_z: 11,
    anomalous_windows: 3,
    onset_window_count: 9,
    series_id: "latency_p95{model_id=m1}",
    ...over,
  });

  it("reads the root's windows, the models involved and the kind of root from the findings", () => {
    const x = rootEvidenceOf(
      {
        series: [
          series({ signal: "throughput", series_id: "throughput{model_id=m1}" }),
          series({ onset: "2025-09-16T10:10:00Z", model: "m2", series_id: "latency_p95{model_id=m2}" }),
        ],
        evidence: [],
      },
      5.5,
      120_000,
    );
    expect(x.windows).toBeCloseTo(Math.log(3), 12);
    expect(x.models).toBe(1);
    expect(x.rate).toBe(1);
    expect(x.global).toBe(0);
    expect(x.sub).toBe(0);
    expect(x.leadMinutes).toBe(10);
    expect(x.strength).toBeCloseTo(Math.log(2), 12);
    expect(x.density).toBeCloseTo(Math.log(10), 12);
  });

  it("marks a global root and a root under the threshold", () => {
    expect(
      rootEvidenceOf({ series: [series({ model: null, signal: "threats" })], evidence: [] }, 5.5, 60_000).global,
    ).toBe(1);
    const sub = rootEvidenceOf({ series: [series({ anomalous_windows: 0, peak_z: 2 })], evidence: [] }, 5.5, 60_000);
    expect(sub.sub).toBe(1);
    expect(sub.windows).toBe(0);
    expect(sub.strength).toBe(0);
  });
});
