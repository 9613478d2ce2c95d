/*
 * The held-out suite: seeded scenario days drawn from HELDOUT_SEED. Each day's tenants,
 * instrumentations, models (1–30, some tiny), sizes (1 h – 3 d, 1k – 100k events), severity
 * habits, cycles, bursts, clock skew, late delivery, deployments and faults come from its own
 * seed, so `npm run eval:heldout` always runs the same days and `--seed N` draws others.
 */
import { CATALOG } from "./catalog.js";
import type { DaySpec, Deploy, Fault, FaultKind, Instrumentation, SeverityHabit, TenantSpec } from "./day.js";
import { Rand } from "./rand.js";

export const HELDOUT_SEED = 77_0413;
/** Calls a day at most: ~100k events with the busiest mix of producers (~2.8 events a call). */
const MAX_CALLS = 36_000;

const MINUTE = 60_000;
const HOUR = 3_600_000;

/** Kinds and how many days of each. */
export const HELDOUT_PLAN: readonly (readonly [string, number])[] = [
  ["latency_spike", 6],
  ["error_burst", 5],
  ["token_explosion", 4],
  ["throughput_collapse", 4],
  ["attack_wave", 3],
  ["governance_cascade", 3],
  ["two_incidents", 4],
  ["gradual_drift", 3],
  ["memory_leak", 3],
  ["upstream_cascade", 4],
  ["incident_free", 4],
  ["incident_free_noisy", 4],
];

const SPANS_H = [1, 2, 3, 4, 6, 8, 12, 24, 36, 48, 72];
const INSTRUMENTATIONS: readonly Instrumentation[] = ["otel", "litellm", "sdk"];
const HABITS: readonly SeverityHabit[] = ["info", "emitter", "info", "random", "debug", "emitter"];

export interface HeldoutCase {
  readonly index: number;
  readonly spec: DaySpec;
  /** Approximate events (for the table). */
  readonly models: number;
}

export function heldoutSuite(seed = HELDOUT_SEED): DaySpec[] {
  const out: DaySpec[] = [];
  let index = 0;
  // Day 1 is the issue's own example: 4 h, 3 models, ~7,500 events, one model's p95 ×5 for
  // 20 minutes, then errors, token cost and a budget alert; severities left at info.
  out.push(issueExample(seed));
  index++;
  for (const [label, count] of HELDOUT_PLAN) {
    for (let c = 0; c < count; c++) {
      out.push(dayOf(seed, label, index, c));
      index++;
    }
  }
  return out;
}

function issueExample(seed: number): DaySpec {
  const startMs = Date.UTC(2025, 8, 16, 8, 0, 0);
  const tenant: TenantSpec = {
    id: "acme",
    instrumentation: "litellm",
    models: ["gpt-4o", "claude-3-5-haiku-20241022", "gemini-2.0-flash-001"],
    shares: [0.45, 0.35, 0.2],
    share: 1,
    environment: "production",
    pods: 3,
    rollupSeconds: 0,
    severity: "info",
    statusCodes: true,
    prices: true,
    agentShare: 0,
    peakHourUtc: 15,
  };
  return {
    name: "01-issue_example",
    label: "latency_spike",
    seed: seed * 7 + 1,
    startMs,
    spanMs: 4 * HOUR,
    calls: 3600,
    tenants: [tenant],
    diurnal: 0.3,
    weekend: 1,
    burstsPerHour: 0.3,
    burstMax: 1.8,
    skewed: false,
    outages: 0,
    duplicates: 0.002,
    deploys: [],
    faults: [
      {
        kind: "latency_spike",
        tenant: "acme",
        model: "claude-3-5-haiku-20241022",
        onsetMs: startMs + 2 * HOUR + 13 * MINUTE + 27_000,
        durationMs: 20 * MINUTE,
        magnitude: 5,
        fraction: 0.9,
        followOn: true,
      },
    ],
  };
}

function dayOf(seed: number, label: string, index: number, c: number): DaySpec {
  const r = new Rand(seed, `day/${index}`);
  const noisy = label === "incident_free_noisy";
  const spanH =
    label === "memory_leak" || label === "gradual_drift" ? r.choose([8, 12, 24, 36, 48]) : r.choose(SPANS_H);
  const spanMs = spanH * HOUR;
  // 1–30 models over 1–3 tenants; a few days with a single model.
  const nTenants = r.weighted([
    [1, 4],
    [2, 3],
    [3, 2],
  ] as const);
  const totalModels =
    index % 9 === 4
      ? 1
      : r.weighted([
          [2, 2],
          [3, 3],
          [5, 3],
          [8, 2],
          [14, 1],
          [22, 1],
          [30, 1],
        ] as const);
  const startMs = Date.UTC(2025, 8, 1 + (index % 27), r.intIn(0, 23), r.intIn(0, 59), r.intIn(0, 59));
  // Events: 1k – 100k, per model-hour in a realistic range.
  const perModelHour = r.lognormal(160, 0.9);
  let events = Math.round(Math.min(100_000, Math.max(1_000, totalModels * spanH * perModelHour)));
  if (index % 11 === 3) events = 1_000 + r.intIn(0, 800);
  if (index === 12 || index === 33) events = 100_000;
  const tenants: TenantSpec[] = [];
  const pool = [...CATALOG.map((m) => m.name)];
  let left = totalModels;
  for (let k = 0; k < nTenants && left > 0; k++) {
    const n = k === nTenants - 1 ? left : Math.max(1, Math.round(left / (nTenants - k)));
    left -= n;
    const models: string[] = [];
    for (let i = 0; i < n; i++) {
      // Tenants may share a popular model (the same id when they use the same instrumentation).
      const name =
        r.bernoulli(0.15) && i < 3
          ? (CATALOG[i] as { name: string }).name
          : pool.splice(r.intIn(0, pool.length - 1), 1)[0];
      if (name !== undefined && !models.includes(name)) models.push(name);
    }
    if (models.length === 0) models.push(pool.splice(0, 1)[0] as string);
    // Zipf-like shares with a tiny tail (some models get a fraction of a percent).
    const raw = models.map((_, i) => (r.bernoulli(0.2) && i > 0 ? 0.004 : 1 / (i + 1) ** r.uniform(0.6, 1.6)));
    const sum = raw.reduce((a, b) => a + b, 0);
    const instrumentation = INSTRUMENTATIONS[(index + k + c) % 3] as Instrumentation;
    tenants.push({
      id: ["acme", "globex", "initech"][k] as string,
      instrumentation,
      models,
      shares: raw.map((x) => x / sum),
      share: k === 0 ? 0.6 : 0.4 / (nTenants - 1),
      environment: r.choose(["production", "prod", "prd-eu-west-1", ""]),
      pods: r.intIn(1, 6),
      rollupSeconds: r.weighted([
        [0, 3],
        [60, 2],
        [300, 1],
      ] as const),
      severity: HABITS[(index + k) % HABITS.length] as SeverityHabit,
      statusCodes: r.bernoulli(0.7),
      prices: r.bernoulli(0.7),
      agentShare: r.bernoulli(0.4) ? r.uniform(0.1, 0.5) : 0,
      peakHourUtc: r.intIn(0, 23),
    });
  }
  // Fewer models than tenants leaves tenants out: their shares go to the others.
  const shareSum = tenants.reduce((a, t) => a + t.share, 0);
  for (const [k, t] of tenants.entries()) tenants[k] = { ...t, share: t.share / shareSum };
  const perCall = 2.2;
  // At least 700 calls: an SDK tenant whose streams report no usage writes ~1.5 events a call.
  const calls = Math.min(MAX_CALLS, Math.max(1000, Math.round(events / perCall)));

  // Deployments: baseline moves that are not incidents.
  const deploys: Deploy[] = [];
  const nDeploys = noisy ? r.intIn(2, 5) : r.intIn(0, 2);
  for (let i = 0; i < nDeploys; i++) {
    const t = r.choose(tenants);
    const model = r.choose(t.models);
    // A rollout moves part of a model's traffic to a peer that already carries a comparable
    // share (so neither side changes threefold); one rollout per model a day.
    const share = (m: string) => t.shares[t.models.indexOf(m)] as number;
    const peers = t.models.filter(
      (m) =>
        m !== model &&
        share(m) >= 0.3 * share(model) &&
        !deploys.some((d) => d.to !== undefined && (d.model === model || d.to === m || d.model === m)),
    );
    const to = peers.length > 0 && r.bernoulli(0.4) ? r.choose(peers) : undefined;
    deploys.push({
      atMs: startMs + r.uniform(0.1, 0.9) * spanMs,
      tenant: t.id,
      model,
      rampMs: r.choose([0, 0, 5, 20, 45]) * MINUTE,
      latency: r.uniform(0.75, 1.3),
      tokens: r.uniform(0.8, 1.25),
      shift: to === undefined ? 0 : r.uniform(0.15, 0.35),
      to,
    });
  }

  const spec0: Omit<DaySpec, "faults"> = {
    name: `${String(index + 1).padStart(2, "0")}-${label}`,
    label,
    seed: seed * 7 + index * 101 + 3,
    startMs,
    spanMs,
    calls,
    tenants,
    diurnal: spanH >= 12 ? r.uniform(0.2, 0.7) : r.uniform(0, 0.3),
    weekend: r.uniform(0.35, 0.9),
    burstsPerHour: noisy ? r.uniform(0.8, 3) : r.uniform(0, 0.6),
    burstMax: noisy ? r.uniform(2.2, 3.2) : r.uniform(1.4, 2.2),
    skewed: noisy || r.bernoulli(0.4),
    outages: noisy ? r.intIn(1, 3) : r.intIn(0, 1),
    duplicates: noisy ? 0.01 : r.uniform(0, 0.004),
    deploys,
  };
  const faults: Fault[] = [];
  const kinds: FaultKind[] = [];
  if (label === "two_incidents") {
    const pair = r.choose([
      ["latency_spike", "error_burst"],
      ["token_explosion", "latency_spike"],
      ["error_burst", "throughput_collapse"],
      ["latency_spike", "attack_wave"],
    ] as const);
    kinds.push(...pair);
  } else if (!label.startsWith("incident_free")) kinds.push(label as FaultKind);
  let spec1 = spec0;
  for (const kind of kinds) {
    let f = faultOf(spec1, kind, r, faults);
    if (f === undefined) {
      // No free model busy enough for this fault to be visible: more traffic on this day (at
      // most ~100k events); a day that cannot get there keeps the faults it has.
      const busiest = Math.max(
        ...spec1.tenants.flatMap((t) =>
          t.models
            .filter((m) => !faults.some((x) => x.tenant === t.id && x.model === m))
            .map((m) => expectedCalls(spec1, t, m, 10 * MINUTE)),
        ),
      );
      const calls = Math.min(MAX_CALLS, Math.ceil(spec1.calls * (100 / Math.max(1e-9, busiest)) * 1.2));
      spec1 = { ...spec1, calls: Math.max(spec1.calls, calls) };
      f = faultOf(spec1, kind, r, faults);
    }
    if (f !== undefined) faults.push(f);
  }
  return { ...spec1, faults };
}

/** Expected calls of one tenant's model during [a, b) (ignoring cycles). */
function expectedCalls(spec: Omit<DaySpec, "faults">, t: TenantSpec, model: string, durationMs: number): number {
  const i = t.models.indexOf(model);
  return (spec.calls * t.share * (t.shares[i] as number) * durationMs) / spec.spanMs;
}

function faultOf(spec: Omit<DaySpec, "faults">, kind: FaultKind, r: Rand, taken: readonly Fault[]): Fault | undefined {
  const [lo, hi] =
    kind === "gradual_drift"
      ? [60, 180]
      : kind === "memory_leak"
        ? [90, 300]
        : kind === "error_burst" || kind === "attack_wave"
          ? [6, 40]
          : kind === "throughput_collapse" || kind === "governance_cascade"
            ? [20, 80]
            : [12, 60];
  const durationMs = Math.min(Math.max(10 * MINUTE, 0.35 * spec.spanMs), Math.round(r.uniform(lo, hi)) * MINUTE);
  const first = taken[0];
  const onsetMs =
    first !== undefined
      ? first.onsetMs + Math.round(r.uniform(-8, 8) * MINUTE)
      : spec.startMs + Math.round(r.uniform(0.3, 0.65) * spec.spanMs);
  // The target: a model busy enough that the change is visible (≥ 40 calls during it, ≥ 1.5 a minute).
  const candidates = spec.tenants.flatMap((t) =>
    t.models
      .filter(
        (m) =>
          kind === "attack_wave" ||
          (expectedCalls(spec, t, m, durationMs) >= (kind === "throughput_collapse" ? 80 : 40) &&
            // at least 1.5 calls a minute, so the first five minutes of the fault hold requests
            expectedCalls(spec, t, m, 5 * MINUTE) >= 7.5),
      )
      .filter((m) => !taken.some((f) => f.model === m && f.tenant === t.id))
      .map((m) => ({ t, m })),
  );
  const needsModel = kind !== "governance_cascade";
  if (needsModel && candidates.length === 0) return undefined;
  const pick = needsModel ? r.choose(candidates) : { t: r.choose(spec.tenants), m: undefined };
  const magnitude =
    kind === "latency_spike"
      ? r.uniform(2.5, 7)
      : kind === "error_burst"
        ? // An OTel GenAI span hides the SDK's two retries: only p³ of the calls fail visibly.
          pick.t.instrumentation === "otel"
          ? r.uniform(0.5, 0.85)
          : r.uniform(0.1, 0.5)
        : kind === "token_explosion"
          ? r.uniform(4, 14)
          : kind === "throughput_collapse"
            ? r.uniform(0.02, 0.25)
            : kind === "attack_wave"
              ? r.uniform(15, 50)
              : kind === "governance_cascade"
                ? r.uniform(10, 30)
                : kind === "gradual_drift"
                  ? r.uniform(2.5, 4)
                  : kind === "memory_leak"
                    ? r.uniform(3, 5)
                    : r.uniform(3, 6);
  let cascade: { model: string; delayMs: number }[] | undefined;
  if (kind === "upstream_cascade" && pick.m !== undefined) {
    // The provider's other models first, then whatever else the tenant routes through the same gateway.
    const provider = (m: string) => CATALOG.find((e) => e.name === m)?.provider;
    const others = pick.t.models
      .filter((m) => m !== pick.m && expectedCalls(spec, pick.t, m, durationMs) >= 10)
      .sort(
        (a, b) =>
          Number(provider(b) === provider(pick.m as string)) - Number(provider(a) === provider(pick.m as string)),
      );
    cascade = others.slice(0, 3).map((m, i) => ({ model: m, delayMs: Math.round((i + 1) * r.uniform(2, 6) * MINUTE) }));
  }
  return {
    kind,
    tenant: pick.t.id,
    model: pick.m,
    onsetMs: Math.min(onsetMs, spec.startMs + spec.spanMs - durationMs - 5 * MINUTE),
    durationMs,
    magnitude,
    fraction: kind === "token_explosion" ? r.uniform(0.35, 1) : r.uniform(0.7, 1),
    followOn: r.bernoulli(0.65),
    ...(kind === "upstream_cascade" ? { leads: r.choose(["latency", "errors"] as const), cascade: cascade ?? [] } : {}),
  };
}
