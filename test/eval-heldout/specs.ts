/** Small held-out day specs for tests: a tenant and a day with quiet defaults, overridden per test. */
import { type DaySpec, generateDay, type TenantSpec } from "../../eval/heldout/day.js";
import { scoreScenario } from "../../eval/score.js";
import { analyzeIncidents } from "../../src/correlation/index.js";

export const START = Date.UTC(2025, 8, 16, 9, 0, 0);
const HOUR = 3_600_000;

export function tenant(
  partial: Partial<TenantSpec> & Pick<TenantSpec, "id" | "instrumentation" | "models">,
): TenantSpec {
  return {
    shares: partial.models.map(() => 1 / partial.models.length),
    share: 1,
    environment: "production",
    pods: 2,
    rollupSeconds: 0,
    severity: "info",
    statusCodes: true,
    prices: true,
    agentShare: 0,
    peakHourUtc: 14,
    ...partial,
  };
}

export function day(partial: Partial<DaySpec> & Pick<DaySpec, "tenants">): DaySpec {
  return {
    name: "test",
    label: "test",
    seed: 11,
    startMs: START,
    spanMs: 3 * HOUR,
    calls: 2000,
    diurnal: 0.2,
    weekend: 1,
    burstsPerHour: 0.3,
    burstMax: 1.8,
    skewed: false,
    outages: 0,
    duplicates: 0,
    deploys: [],
    faults: [],
    ...partial,
  };
}

/** Generates a day and runs `analyzeIncidents` on it with its defaults; the outcome is scored by eval/score.ts against the injected truth. */
export function analyzeDay(spec: DaySpec) {
  const generated = generateDay(spec);
  const analysis = analyzeIncidents(generated.events);
  return { generated, analysis, outcome: scoreScenario(analysis, generated.injections, generated.labels) };
}
