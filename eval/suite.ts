/*
 * The evaluation suite: 56 seeded scenario days. Kinds, sizes, spans, model counts, emitter
 * dialects and severity habits are drawn from the master seed, so `npm run eval` always runs
 * the same days. Injections go to a model that sends at least 30 requests during the incident
 * (an incident on a model with no traffic cannot be seen by anyone) — see scenarioSuite.
 */
import { Prng } from "./prng.js";
import type { Dialect, IncidentKind, Injection, ScenarioSpec, SeverityMode } from "./world.js";
import { scenarioModels } from "./world.js";

const HOUR = 3_600_000;
const MINUTE = 60_000;
export const MASTER_SEED = 20250603;

const PLAN: readonly [string, number][] = [
  ["latency_spike", 8],
  ["error_burst", 7],
  ["token_explosion", 6],
  ["throughput_collapse", 6],
  ["attack_wave", 5],
  ["governance_cascade", 5],
  ["two_incidents", 5],
  ["gradual_drift", 4],
  ["incident_free", 10],
];

const SPANS_H = [1, 2, 4, 8, 24, 48, 72, 168];
const MODEL_COUNTS = [1, 2, 3, 4, 6, 8, 12, 20];
const DIALECTS: readonly Dialect[] = ["gateway", "collector", "sdk"];
const SEVERITIES: readonly SeverityMode[] = ["info", "emitter", "info", "random"];

export function scenarioSuite(): ScenarioSpec[] {
  const out: ScenarioSpec[] = [];
  let index = 0;
  for (const [label, count] of PLAN) {
    for (let c = 0; c < count; c++) {
      out.push(scenario(label, index, c));
      index++;
    }
  }
  return out;
}

function scenario(label: string, index: number, c: number): ScenarioSpec {
  const rng = new Prng(MASTER_SEED + index, 7);
  const spanH = SPANS_H[(index * 5 + c) % SPANS_H.length] as number;
  let models = MODEL_COUNTS[(index * 3 + c * 7) % MODEL_COUNTS.length] as number;
  if (index === 3) models = 1;
  const perModelHour = rng.between(150, 1500);
  let targetEvents = Math.round(Math.min(300_000, Math.max(1_000, models * spanH * perModelHour)));
  if (index === 3) targetEvents = 1_000;
  if (index === 11 || index === 40) targetEvents = 300_000;
  const startMs = Date.UTC(2025, 5, 2 + (index % 20), rng.int(0, 23), 0, 0);
  const spanMs = spanH * HOUR;
  const base = {
    name: `${String(index + 1).padStart(2, "0")}-${label}`,
    label,
    seed: MASTER_SEED * 31 + index,
    startMs,
    spanMs,
    models,
    targetEvents,
    dialect: DIALECTS[(index + c) % DIALECTS.length] as Dialect,
    severity: SEVERITIES[index % SEVERITIES.length] as SeverityMode,
    seasonality: spanH >= 24 ? rng.pick([0, 0.3, 0.5]) : rng.pick([0, 0, 0.2]),
  };
  const draft: ScenarioSpec = { ...base, injections: [] };
  const ids = scenarioModels(draft);
  const share = shares(draft);
  const requestsPerMinute = targetEvents / 2.5 / (spanMs / MINUTE);
  const busy = (durationMs: number) =>
    ids.filter((_, i) => (share[i] as number) * requestsPerMinute * (durationMs / MINUTE) >= 30);
  const injections: Injection[] = [];
  const inject = (kind: IncidentKind, exclude?: string, onsetMs?: number): Injection | undefined => {
    const duration = durationOf(kind, spanMs, rng);
    const candidates = busy(duration).filter((m) => m !== exclude);
    const needsModel = kind !== "governance_cascade";
    if (needsModel && candidates.length === 0) return undefined;
    const onset = onsetMs ?? startMs + Math.round((rng.between(0.3, 0.7) * spanMs) / MINUTE) * MINUTE;
    const injection: Injection = {
      kind,
      model: kind === "governance_cascade" ? undefined : rng.pick(candidates),
      onsetMs: onset,
      durationMs: Math.min(duration, startMs + spanMs - onset - 5 * MINUTE),
      magnitude: magnitudeOf(kind, rng),
      fraction: kind === "token_explosion" ? rng.between(0.4, 1) : rng.between(0.7, 1),
      effects: rng.chance(0.6),
    };
    injections.push(injection);
    return injection;
  };
  if (label === "two_incidents") {
    const kinds: IncidentKind[] = ["latency_spike", "error_burst", "token_explosion", "throughput_collapse"];
    const first = inject(rng.pick(kinds));
    if (first !== undefined) inject(rng.pick(kinds), first.model, first.onsetMs + rng.int(-10, 10) * MINUTE);
  } else if (label !== "incident_free") {
    inject(label as IncidentKind);
  }
  return { ...base, models: ids.length, injections };
}

/** The share of traffic of each model (as buildModels draws it). */
function shares(spec: ScenarioSpec): number[] {
  const rng = new Prng(spec.seed, 1);
  const raw: number[] = [];
  let total = 0;
  for (let i = 0; i < spec.models; i++) {
    const w = 1 / (i + 1) ** rng.between(0.4, 1.1);
    raw.push(w);
    total += w;
  }
  return raw.map((w) => w / total);
}

function durationOf(kind: IncidentKind, spanMs: number, rng: Prng): number {
  const cap = Math.max(10 * MINUTE, 0.3 * spanMs);
  const [lo, hi] =
    kind === "gradual_drift"
      ? [60, 180]
      : kind === "error_burst" || kind === "attack_wave"
        ? [8, 45]
        : kind === "throughput_collapse" || kind === "governance_cascade"
          ? [20, 90]
          : [12, 75];
  return Math.min(cap, Math.round(rng.between(lo, hi)) * MINUTE);
}

function magnitudeOf(kind: IncidentKind, rng: Prng): number {
  switch (kind) {
    case "latency_spike":
      return rng.between(2.5, 8);
    case "gradual_drift":
      return rng.between(2.5, 4);
    case "error_burst":
      return rng.between(0.08, 0.4);
    case "token_explosion":
      return rng.between(4, 15);
    case "throughput_collapse":
      return rng.between(0.03, 0.3);
    case "attack_wave":
      return rng.between(10, 40);
    case "governance_cascade":
      return rng.between(10, 30);
  }
}
