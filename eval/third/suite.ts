/*
 * The third suite's days, all drawn from one seed (`npm run eval:third -- --seed S`): spans of
 * 1 hour to 7 days, 1 to 20 models, traffic from 1 request a minute to 50 a second (the fast
 * rate only on 1-hour days, so a day stays under ~300k events), incidents in the middle of the
 * capture, in its first minutes or running off its end, incidents that recover and recur, and
 * incident-free days made busy with deployments, a tenant joining, cron batches and daily swings.
 * An incident goes to a model that sends at least 30 requests while it lasts (one nobody calls
 * cannot be seen), a token explosion to a model whose emitter reports tokens.
 */
import type { IncidentKind, Injection } from "../world.js";
import { type Emitter, Rand, type SeverityHabit, type ThirdDay, type ThirdModel, type Traffic } from "./day.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
export const DEFAULT_SEED = 424_242;
const MAX_EVENTS = 300_000;

const PLAN: readonly [string, number][] = [
  ["latency_spike", 6],
  ["error_burst", 5],
  ["token_explosion", 4],
  ["throughput_collapse", 4],
  ["attack_wave", 3],
  ["governance_cascade", 3],
  ["gradual_drift", 3],
  ["recurring", 3],
  ["two_incidents", 3],
  ["incident_free", 8],
];

const CATALOG: readonly [string, ThirdModel["profile"]][] = [
  ["gpt-4.1-mini-2025-04-14", "chat"],
  ["anthropic/claude-3-5-haiku-20241022", "fast"],
  ["claude-sonnet-4-20250514", "chat"],
  ["vertex_ai/gemini-2.0-flash-001", "fast"],
  ["bedrock/meta.llama3-1-70b-instruct-v1:0", "chat"],
  ["text-embedding-3-small", "embed"],
  ["o4-mini", "reason"],
  ["llama-3.1-8b-instant", "fast"],
  ["azure/prod-gpt4o-eastus2", "chat"],
  ["cohere/embed-english-v3.0", "embed"],
  ["deepseek-r1-distill-llama-70b", "reason"],
  ["together_ai/Qwen/Qwen2.5-Coder-32B-Instruct", "chat"],
  ["ft:gpt-4o-mini-2024-07-18:acme::9xYzQ1", "chat"],
  ["mistral/codestral-2501", "fast"],
  ["voyage-3-lite", "embed"],
  ["gemma-2-9b-it", "fast"],
  ["grok-3-mini", "reason"],
  ["amazon.nova-pro-v1:0", "chat"],
  ["command-r7b-12-2024", "fast"],
  ["sonar-reasoning", "reason"],
];

const DURATION_MIN: Readonly<Record<IncidentKind, [number, number]>> = {
  latency_spike: [10, 40],
  error_burst: [5, 30],
  token_explosion: [15, 45],
  throughput_collapse: [15, 60],
  attack_wave: [10, 30],
  governance_cascade: [10, 30],
  gradual_drift: [60, 180],
};

/**
 * The suite's days at `seed`. `cron: false` (`--no-cron`, a diagnostic) draws the same days with
 * every cron model's batches spread evenly over time instead (the same requests a minute on average).
 */
export function thirdSuite(seed = DEFAULT_SEED, options: { readonly cron?: boolean } = {}): ThirdDay[] {
  const out: ThirdDay[] = [];
  for (const [label, count] of PLAN) for (let c = 0; c < count; c++) out.push(drawDay(seed, out.length, label));
  if (options.cron !== false) return out;
  return out.map((d) => ({
    ...d,
    models: d.models.map((m) =>
      m.traffic === "cron" ? { ...m, traffic: "steady", perMinute: m.perMinute + m.cronSize / m.cronEveryMin } : m,
    ),
  }));
}

/** Expected requests of a model over [from, from + ms) before any incident (deploys and joins aside). */
function expected(m: ThirdModel, ms: number): number {
  const batches = m.traffic === "cron" ? (ms / MINUTE / m.cronEveryMin) * m.cronSize : 0;
  return m.perMinute * (ms / MINUTE) + batches;
}

function drawDay(seed: number, index: number, label: string): ThirdDay {
  const rng = new Rand(seed, `day-${index}`);
  const spanMs = rng.pick([1, 1, 4, 4, 24, 24, 168]) * HOUR;
  const startMs = Date.UTC(2026, 2, 1 + (index % 28), rng.int(0, 23), rng.pick([0, 0, 17, 30]), 0);
  const count = rng.pick([1, 2, 3, 5, 8, 20]);
  const ids = [...CATALOG].sort(() => rng.next() - 0.5).slice(0, count);
  const dominant = rng.pick<Emitter>(["spans", "gateway", "prom"]);
  const minutes = spanMs / MINUTE;
  let models: ThirdModel[] = ids.map(([id, profile], i) => {
    const traffic: Traffic = rng.pick(["steady", "steady", "diurnal", "diurnal", "cron"]);
    // Zipf-like shares: the first model is the busiest; some are called once a minute.
    let perMinute = rng.chance(0.2) ? 1 : Math.exp(rng.between(Math.log(2), Math.log(60))) / (1 + i / 2);
    if (spanMs === HOUR && i === 0 && rng.chance(0.4)) perMinute = 3000;
    return {
      id,
      profile,
      emitter: rng.chance(0.7) ? dominant : rng.pick<Emitter>(["spans", "gateway", "prom"]),
      traffic,
      perMinute: traffic === "cron" ? Math.min(perMinute, 0.5) : perMinute,
      cronEveryMin: rng.pick([15, 60]),
      cronSize: rng.int(30, 300),
      baseErrorRate: Math.exp(rng.between(Math.log(0.002), Math.log(0.03))),
      scrapeS: rng.pick([15, 30, 60]),
      environment: rng.chance(0.8) ? "production" : "prod-eu",
    };
  });
  // Keep the day under MAX_EVENTS (a gateway writes two events per success).
  const total = models.reduce((s, m) => s + expected(m, spanMs) * (m.emitter === "gateway" ? 2 : 1.1), 0);
  if (total > MAX_EVENTS) {
    const k = MAX_EVENTS / total;
    models = models.map((m) => ({
      ...m,
      perMinute: m.perMinute * k,
      cronSize: Math.max(10, Math.round(m.cronSize * k)),
    }));
  }
  const placement = rng.pick(["middle", "middle", "middle", "middle", "start", "end"] as const);
  const endMs = startMs + spanMs;
  const injections: Injection[] = [];
  const inject = (kind: IncidentKind, onsetHint?: number, exclude?: string, maxShare = 0.45): Injection | undefined => {
    const [lo, hi] = DURATION_MIN[kind];
    let durationMs = Math.round(Math.min(rng.between(lo, hi), maxShare * minutes)) * MINUTE;
    let onsetMs =
      onsetHint ??
      (placement === "start"
        ? startMs + Math.max(5 * MINUTE, Math.min(0.08 * spanMs, HOUR))
        : placement === "end"
          ? endMs - rng.between(0.5, 0.9) * durationMs
          : startMs + rng.between(0.3, 0.7) * spanMs);
    onsetMs = Math.round(onsetMs / 1000) * 1000 + rng.int(0, 59) * 1000;
    durationMs = Math.min(durationMs, endMs - onsetMs);
    if (durationMs < 5 * MINUTE) return undefined;
    const candidates = models.filter(
      (m) =>
        m.id !== exclude &&
        expected(m, durationMs) >= 30 &&
        (kind !== "token_explosion" || m.emitter === "gateway") &&
        (kind !== "gradual_drift" || expected(m, 30 * MINUTE) >= 30),
    );
    if (kind !== "governance_cascade" && candidates.length === 0) return undefined;
    const fraction =
      kind === "error_burst"
        ? rng.between(0.15, 0.6)
        : kind === "latency_spike"
          ? rng.between(0.4, 1)
          : rng.between(0.5, 1);
    const magnitude: Record<IncidentKind, number> = {
      latency_spike: rng.between(2.5, 8),
      error_burst: 0, // set below: the failure rate over the model's usual one
      token_explosion: rng.between(3, 10),
      throughput_collapse: rng.between(0, 0.15),
      attack_wave: rng.between(1, 8), // threats a minute
      governance_cascade: rng.between(1, 6), // violations a minute
      gradual_drift: rng.between(2, 4),
    };
    const model = kind === "governance_cascade" ? undefined : rng.pick(candidates);
    const injection: Injection = {
      kind,
      model: model?.id,
      onsetMs,
      durationMs,
      magnitude: kind === "error_burst" ? fraction / (model?.baseErrorRate ?? 1) : magnitude[kind],
      fraction,
      effects: rng.chance(0.7),
    };
    injections.push(injection);
    return injection;
  };
  const kinds: IncidentKind[] = ["latency_spike", "error_burst", "token_explosion", "throughput_collapse"];
  if (label === "recurring") {
    // Recovers and comes back: two faults of one kind on one model, a fifth of the span each at most.
    const first = inject(
      rng.pick<IncidentKind>(["latency_spike", "error_burst"]),
      startMs + rng.between(0.15, 0.3) * spanMs,
      undefined,
      0.2,
    );
    if (first !== undefined) {
      const again =
        Math.round((first.onsetMs + first.durationMs + Math.max(10 * MINUTE, rng.between(0.1, 0.25) * spanMs)) / 1000) *
        1000;
      injections.push({ ...first, onsetMs: again, durationMs: Math.min(first.durationMs, endMs - again) });
    }
  } else if (label === "two_incidents") {
    const first = inject(rng.pick(kinds));
    if (first !== undefined) inject(rng.pick(kinds), first.onsetMs + rng.int(0, 10) * MINUTE, first.model);
  } else if (label !== "incident_free") inject(label as IncidentKind);
  // Deployments and a tenant joining, kept 30 minutes away from any incident on their model.
  const quiet = (model: string, ms: number) =>
    injections.every(
      (i) => i.model !== model || ms < i.onsetMs - 30 * MINUTE || ms > i.onsetMs + i.durationMs + 30 * MINUTE,
    );
  const busy = label === "incident_free";
  const deploys: ThirdDay["deploys"][number][] = [];
  for (let k = busy ? rng.int(1, 3) : rng.chance(0.4) ? 1 : 0; k > 0; k--) {
    const model = rng.pick(models).id;
    const ms = Math.round(startMs + rng.between(0.15, 0.85) * spanMs);
    if (quiet(model, ms)) deploys.push({ model, ms, factor: rng.between(0.8, 1.3) });
  }
  const joins: ThirdDay["joins"][number][] = [];
  if (rng.chance(busy ? 0.5 : 0.15)) {
    const model = rng.pick(models).id;
    const ms = Math.round(startMs + rng.between(0.2, 0.8) * spanMs);
    if (quiet(model, ms)) joins.push({ model, ms, factor: rng.between(1.5, 2.5) });
  }
  return {
    name: `${String(index + 1).padStart(2, "0")}-${label}`,
    label,
    seed: seed * 1000 + index,
    startMs,
    spanMs,
    models,
    severity: rng.pick<SeverityHabit>(["info", "info", "debug", "emitter", "random"]),
    injections,
    deploys,
    joins,
  };
}
