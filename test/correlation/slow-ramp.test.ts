/*
 * Slow ramps (a gradual drift, a memory leak) at one-minute windows: the baseline must not
 * follow the ramp (it is frozen while the windows lean one way, Page's CUSUM, and spans at least
 * two hours), and the onset is the ramp's start (a hinge fitted over the hours around it), not
 * where it crossed the threshold. Days from the held-out generator (eval/heldout/), expectations
 * from its injected truth; the scorer is eval/score.ts.
 */
import { describe, expect, it } from "vitest";
import { type DaySpec, type FaultKind, generateDay } from "../../eval/heldout/day.js";
import { scoreScenario } from "../../eval/score.js";
import { analyzeIncidents } from "../../src/correlation/index.js";
import { day, tenant } from "../eval-heldout/specs.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
const START = Date.UTC(2025, 8, 16, 0, 0, 0);
const MODEL = "claude-3-5-haiku-20241022";

const TENANT = tenant({ id: "a", instrumentation: "sdk", models: [MODEL] });

function rampDay(seed: number, spanMs: number, calls: number, diurnal: number, faults: DaySpec["faults"]): DaySpec {
  return day({ name: "ramp", label: "ramp", seed, startMs: START, spanMs, calls, diurnal, tenants: [TENANT], faults });
}

describe("slow ramps at one-minute windows", () => {
  // 8 hours, ~12 calls a minute: the automatic window is one minute, so a 24-window baseline
  // would be 24 minutes long and follow a ramp of two hours (held-out finding H13).
  const cases: readonly [number, FaultKind, number, number][] = [
    [4, "gradual_drift", 3.4, 150],
    [7, "memory_leak", 4, 240],
    [9, "gradual_drift", 2.6, 120],
  ];
  for (const [seed, kind, magnitude, minutes] of cases) {
    it(`finds a ${kind} ×${magnitude} over ${minutes} min and dates it within ten minutes of its start (seed ${seed})`, () => {
      const onsetMs = START + 3 * HOUR + 7 * MINUTE + 13_000;
      const spec = rampDay(seed, 8 * HOUR, 6000, 0.1, [
        {
          kind,
          tenant: "a",
          model: MODEL,
          onsetMs,
          durationMs: minutes * MINUTE,
          magnitude,
          fraction: 1,
          followOn: false,
        },
      ]);
      const generated = generateDay(spec);
      const analysis = analyzeIncidents(generated.events);
      expect(analysis.method.window_ms).toBe(MINUTE);
      const outcome = scoreScenario(analysis, generated.injections, generated.labels);
      const truth = outcome.truths[0];
      expect(truth?.onsetErrorMs).not.toBeNull();
      // Within ten minutes of the start, where the ramp is 4–12 % of the way up: far below the
      // ×1.5 at which a window crosses the threshold (a 24-window baseline found none of these).
      expect(Math.abs(truth?.onsetErrorMs ?? Number.POSITIVE_INFINITY)).toBeLessThanOrEqual(10 * MINUTE);
      const incident = analysis.incidents.find((i) => i.models.includes(MODEL));
      expect(incident?.signals).toContain("latency_p95");
      expect(outcome.falseIncidents).toBe(0);
    });
  }

  it("opens no latency or error-rate incident on a day of ordinary traffic with a strong daily cycle", () => {
    for (const seed of [3, 8]) {
      const analysis = analyzeIncidents(generateDay(rampDay(seed, 24 * HOUR, 20_000, 0.6, [])).events);
      expect(analysis.method.window_ms).toBe(MINUTE);
      const slow = analysis.incidents.filter(
        (i) => i.signals.includes("latency_p95") || i.signals.includes("error_rate"),
      );
      expect(slow).toEqual([]);
    }
  });
});
