/*
 * The fourth suite's days (eval/fourth/): about 40 days drawn from a seed (31337 by default).
 * Written without reading the other three generators (only eval/score.ts, the runners' output
 * and the event schemas of src/events), so its traffic, latency, failure and incident models
 * share none of their assumptions on purpose:
 * - traffic: diurnal curves per model time zone with a lunch dip, weekends, and one of three
 *   arrival processes (Poisson, a Hawkes self-exciting process, on/off user sessions);
 * - latency: a lognormal body with a Pareto tail, a bimodal cache hit/miss mix, streaming
 *   requests whose total is time-to-first-token plus decode time of the completion;
 * - failures: client timeouts that censor the latency, retries with jittered exponential
 *   backoff, emitters that tag failures four different ways or not per request at all;
 * - emitters leave severity unset, set it honestly or set it at random; clocks are skewed per
 *   emitter (a few by minutes); models join and leave during the day with ramps; deploys move
 *   latency by up to 20 % (not incidents).
 * Injection onsets are at arbitrary milliseconds, not minute boundaries.
 */
import type { IncidentKind, Injection } from "../world.js";
import { Rand } from "./rand.js";

export const DEFAULT_SEED = 31337;
const MIN = 60_000;
const HOUR = 60 * MIN;

export type Emitter = "otel" | "gateway" | "sdk" | "bridge";
export type SeverityHabit = "unset" | "honest" | "wrong";
export type Arrival = "poisson" | "hawkes" | "sessions";

export interface FourthModel {
  readonly id: string;
  readonly emitter: Emitter;
  readonly severity: SeverityHabit;
  readonly arrival: Arrival;
  /** Mean requests per minute at a seasonal factor of 1. */
  readonly perMinute: number;
  /** Hawkes branching ratio and kernel mean (s); session length (requests) and think time (s). */
  readonly branching: number;
  readonly kernelS: number;
  readonly sessionLen: number;
  readonly thinkS: number;
  /** Local time zone (hours from UTC), diurnal amplitude (0 flat) and weekend traffic factor. */
  readonly tzH: number;
  readonly diurnal: number;
  readonly weekend: number;
  readonly medianMs: number;
  readonly sigma: number;
  readonly tailP: number;
  readonly tailAlpha: number;
  readonly cacheHit: number;
  readonly cacheFactor: number;
  readonly streaming: boolean;
  readonly ttftMs: number;
  readonly decodeTps: number;
  readonly promptMedian: number;
  readonly completionMedian: number;
  readonly tokenSigma: number;
  readonly maxTokens: number;
  readonly pricePrompt: number;
  readonly priceCompletion: number;
  readonly baseErrorRate: number;
  readonly timeoutMs: number;
  readonly retryP: number;
  readonly maxAttempts: number;
  /** Clock skew of the request emitter and of the billing exporter (ms, added to true time). */
  readonly skewMs: number;
  readonly billingSkewMs: number;
  /** Active from/to (true time) with a ramp of rampMs at either end; from = day start, to = day end when always on. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly rampMs: number;
  readonly joins: boolean;
  readonly leaves: boolean;
  /** bridge only: scrape interval, cumulative counters, empty windows left out. */
  readonly scrapeS: number;
  readonly cumulative: boolean;
  readonly skipEmpty: boolean;
  readonly environment: string;
  readonly service: string;
  readonly deploys: readonly { readonly ms: number; readonly factor: number }[];
}

export interface FourthInjection extends Injection {
  /**
   * When the fault starts in true time. `onsetMs`, what eval/score.ts scores against, is the
   * same instant on the clock of the degraded model's request emitter (true time + its skew):
   * an analysis sees only stamped times, and a skew of minutes must not count as a late onset.
   * Labels are on the same clock (see eval/fourth/day.ts).
   */
  readonly trueOnsetMs: number;
  readonly variant: string;
  /** gradual_drift: the ramp's length (the rest of durationMs is the plateau). */
  readonly rampMs: number;
}

export interface FourthDay {
  readonly name: string;
  readonly label: string;
  readonly seed: number;
  readonly startMs: number;
  readonly spanMs: number;
  readonly targetEvents: number;
  readonly models: readonly FourthModel[];
  readonly injections: readonly FourthInjection[];
  /** Background rates per hour of global events. */
  readonly threatsPerHour: number;
  readonly threatBranching: number;
  readonly policyPerHour: number;
  readonly authFailPerHour: number;
  readonly auditPerHour: number;
}

const PLAN: readonly [string, number][] = [
  ["latency_spike", 5],
  ["error_burst", 5],
  ["token_explosion", 4],
  ["throughput_collapse", 4],
  ["attack_wave", 3],
  ["governance_cascade", 3],
  ["two_incidents", 4],
  ["gradual_drift", 4],
  ["incident_free", 8],
];

const SPANS_H: readonly (readonly [number, number])[] = [
  [1, 3],
  [2, 2],
  [3, 2],
  [6, 2],
  [12, 2],
  [24, 3],
  [48, 2],
  [72, 1],
  [96, 1],
  [120, 1],
];

const NAMES = [
  "atlas-70b-chat",
  "quill-mini",
  "borealis-2-pro",
  "kestrel-8x7b",
  "fjord-large-2411",
  "saga-3-haiku-like",
  "tern-1.5-flash",
  "marlin-code-34b",
  "ember-9b-it",
  "cobalt-embed-v2",
  "lumen-vision-11b",
  "harbor-rag-13b",
  "osprey-405b",
  "vale-reasoner",
  "nimbus-lite-3",
  "pike-instruct-v0.3",
  "rowan-summarize",
  "sable-moe-141b",
  "tundra-2-mini",
  "wren-guard-8b",
  "zephyrine-7b-beta",
  "alder-sql-15b",
  "basalt-translate",
  "cinder-chat-2025-03",
  "dune-72b-long",
  "egret-small",
  "falcon-ish-180b",
  "gull-tools-v4",
  "heron-omni",
  "ibis-legal-20b",
];

/** The suite of a seed: the same seed always gives the same days. */
export function fourthSuite(seed: number): FourthDay[] {
  const out: FourthDay[] = [];
  let index = 0;
  for (const [label, count] of PLAN)
    for (let c = 0; c < count; c++) {
      out.push(planDay(seed, label, index));
      index++;
    }
  return out;
}

function planDay(seed: number, label: string, index: number): FourthDay {
  // Up to 40 redraws until the day can carry its incidents (a model busy enough around the onset).
  for (let attempt = 0; ; attempt++) {
    const rng = new Rand(seed * 1009 + index, 17 + attempt);
    const day = drawDay(rng, seed, label, index, attempt);
    if (day !== undefined) return day;
    if (attempt > 40) throw new Error(`fourth suite: day ${index + 1} (${label}) cannot carry its incidents`);
  }
}

function drawDay(rng: Rand, seed: number, label: string, index: number, attempt: number): FourthDay | undefined {
  let spanH = rng.weighted(SPANS_H);
  let nModels = Math.max(1, Math.min(30, Math.round(rng.logUniform(1, 30))));
  let target = Math.round(rng.logUniform(1_000, 200_000));
  // Coverage of the brief's extremes, whatever the draws: a 1-model 1k-event hour, a 30-model
  // day, a 5-day 200k-event day.
  if (index === 0) [spanH, nModels, target] = [1, 1, 1_000];
  if (index === 6 || index === 33) nModels = 30;
  if (index === 12 || index === 38) [spanH, target] = [120, 200_000];
  if (attempt > 10) target = Math.min(200_000, target * 2);
  target = Math.min(target, Math.round(nModels * spanH * 6_000));
  const spanMs = spanH * HOUR;
  const startMs = Date.UTC(2026, 2, 2 + (index % 24), rng.int(0, 23), rng.int(0, 59), rng.int(0, 59));
  const models = drawModels(rng, { startMs, spanMs, nModels, target });
  const day: Omit<FourthDay, "injections"> = {
    name: `${String(index + 1).padStart(2, "0")}-${label}`,
    label,
    seed: seed * 7919 + index * 104_729,
    startMs,
    spanMs,
    targetEvents: target,
    models,
    threatsPerHour: rng.logUniform(0.2, 6),
    threatBranching: rng.uniform(0, 0.6),
    policyPerHour: rng.logUniform(0.1, 4),
    authFailPerHour: rng.logUniform(0.5, 20),
    auditPerHour: rng.logUniform(0.5, 8),
  };
  const injections = drawInjections(rng, day, label);
  if (injections === undefined) return undefined;
  return { ...day, injections };
}

interface Frame {
  readonly startMs: number;
  readonly spanMs: number;
  readonly nModels: number;
  readonly target: number;
}

function drawModels(rng: Rand, f: Frame): FourthModel[] {
  const names = [...NAMES];
  for (let i = names.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [names[i], names[j]] = [names[j] as string, names[i] as string];
  }
  const s = rng.uniform(0.5, 1.5);
  const weights = Array.from({ length: f.nModels }, (_, i) => 1 / (i + 1) ** s);
  const total = weights.reduce((a, b) => a + b, 0);
  const models = weights.map((w, i) => drawModel(rng, f, names[i] as string, w / total));
  // Events per request: a request event and a token/bill event (2.05 with retries); the bridges'
  // scrape reports (two per scrape, whatever the traffic) and about 12 % background come first.
  const reports = models.reduce((s, m) => s + (m.emitter === "bridge" ? (2 * f.spanMs) / (m.scrapeS * 1000) : 0), 0);
  const requests = Math.max(0.3 * f.target, 0.88 * f.target - reports) / 2.05;
  const scale = requests / (f.spanMs / MIN);
  return models.map((m) => ({ ...m, perMinute: m.perMinute * scale }));
}

function drawModel(rng: Rand, f: Frame, id: string, perMinute: number): FourthModel {
  const size = rng.weighted([
    ["small", 3],
    ["mid", 4],
    ["large", 2],
  ] as const);
  const medianMs =
    size === "small" ? rng.uniform(200, 700) : size === "mid" ? rng.uniform(700, 2500) : rng.uniform(2000, 9000);
  const streaming = rng.chance(0.45);
  const cached = rng.chance(0.45);
  const span = f.spanMs;
  const lifecycle = f.nModels >= 3 && span >= 3 * HOUR ? rng.weighted(LIFECYCLE) : "always";
  const rampMs = rng.uniform(5, 40) * MIN;
  const fromMs = lifecycle === "joins" ? f.startMs + rng.uniform(0.1, 0.7) * span : f.startMs;
  const toMs = lifecycle === "leaves" ? f.startMs + rng.uniform(0.3, 0.95) * span : f.startMs + span;
  const active = (toMs - fromMs) / span;
  const emitter = rng.weighted(EMITTERS);
  const deploys =
    span >= 6 * HOUR && rng.chance(0.35)
      ? [{ ms: f.startMs + rng.uniform(0.1, 0.9) * span, factor: rng.logUniform(0.83, 1.2) }]
      : [];
  const bigSkew = rng.chance(0.12);
  const model: FourthModel = {
    id,
    emitter,
    severity: rng.weighted(SEVERITY_HABITS),
    arrival: rng.weighted(ARRIVALS),
    perMinute: perMinute / Math.max(0.2, active),
    branching: rng.uniform(0.2, 0.75),
    kernelS: rng.logUniform(3, 90),
    sessionLen: rng.logUniform(2, 25),
    thinkS: rng.logUniform(4, 60),
    tzH: rng.pick([-8, -5, -3, 0, 1, 2, 5.5, 8, 9]),
    diurnal: rng.weighted([
      [0, 2],
      [rng.uniform(0.3, 0.95), 5],
    ]),
    weekend: rng.uniform(0.3, 1),
    medianMs: streaming ? medianMs * 0.25 : medianMs,
    sigma: rng.uniform(0.2, 0.65),
    tailP: rng.logUniform(0.004, 0.05),
    tailAlpha: rng.uniform(1.3, 2.6),
    cacheHit: cached ? rng.uniform(0.1, 0.6) : 0,
    cacheFactor: rng.uniform(0.04, 0.2),
    streaming,
    ttftMs: rng.uniform(120, 900),
    decodeTps: rng.logUniform(25, 150),
    promptMedian: rng.logUniform(80, 3000),
    completionMedian: rng.logUniform(40, 700),
    tokenSigma: rng.uniform(0.4, 1.1),
    maxTokens: rng.pick([4096, 8192, 16384]),
    pricePrompt: rng.logUniform(5e-8, 1.5e-5),
    priceCompletion: rng.logUniform(2e-7, 6e-5),
    baseErrorRate: rng.logUniform(0.0005, 0.03),
    timeoutMs: rng.pick([30_000, 60_000, 120_000, 300_000]),
    retryP: rng.weighted([
      [0, 1],
      [rng.uniform(0.3, 0.95), 3],
    ]),
    maxAttempts: rng.int(2, 4),
    skewMs: Math.round(bigSkew ? rng.pick([-1, 1]) * rng.uniform(45_000, 180_000) : rng.normal() * 6_000),
    billingSkewMs: Math.round(rng.normal() * 15_000),
    fromMs,
    toMs,
    rampMs,
    joins: lifecycle === "joins",
    leaves: lifecycle === "leaves",
    // A scrape no more often than leaves 15 % of the day's events to the bridge's reports.
    scrapeS: Math.max(
      rng.pick([15, 30, 60, 60, 120]),
      [15, 30, 60, 120, 300].find((x) => (2 * f.spanMs) / (x * 1000) <= (0.15 * f.target) / f.nModels) ?? 300,
    ),
    cumulative: rng.chance(0.35),
    skipEmpty: rng.chance(0.4),
    environment: rng.weighted([
      ["production", 6],
      ["prod-eu", 2],
      ["live", 1],
    ]),
    service: rng.pick(["chat-api", "copilot-backend", "search-rerank", "support-bot", "batch-summarizer"]),
    deploys,
  };
  // Clients set their timeout well above the usual slow request: at least 4× the p95 (a first run
  // drew 30 s for a model whose long completions made 20 % of its requests time out every day,
  // so a token runaway showed only as timeouts, its tokens never billed).
  const timeout = Math.max(model.timeoutMs, 4 * p95Ms(model));
  return { ...model, timeoutMs: Math.ceil(timeout / 10_000) * 10_000 };
}

const LIFECYCLE: readonly (readonly ["always" | "joins" | "leaves", number])[] = [
  ["always", 78],
  ["joins", 12],
  ["leaves", 10],
];
const EMITTERS: readonly (readonly [Emitter, number])[] = [
  ["otel", 3],
  ["gateway", 3],
  ["sdk", 2],
  ["bridge", 2],
];
const SEVERITY_HABITS: readonly (readonly [SeverityHabit, number])[] = [
  ["unset", 5],
  ["honest", 3],
  ["wrong", 2],
];
const ARRIVALS: readonly (readonly [Arrival, number])[] = [
  ["poisson", 3],
  ["hawkes", 4],
  ["sessions", 3],
];

/** The seasonal traffic shape at a local hour: night floor, two peaks, a lunch dip (mean 1 over a day). */
export function dayShape(hour: number): number {
  return rawShape(hour) / SHAPE_MEAN;
}

function rawShape(hour: number): number {
  const g = (mu: number, w: number) => Math.exp(-0.5 * ((hour - mu) / w) ** 2);
  return Math.max(0.08, 0.18 + 1.1 * g(10.5, 1.8) + 1.0 * g(15.5, 2.2) + 0.35 * g(20.5, 1.5) - 0.45 * g(12.6, 0.5));
}

const SHAPE_MEAN = Array.from({ length: 1440 }, (_, i) => rawShape(i / 60)).reduce((a, b) => a + b, 0) / 1440;

/** Requests per minute of a model at true time t (before any injected fault). */
export function rateAt(m: FourthModel, t: number): number {
  if (t < m.fromMs || (m.leaves && t >= m.toMs + m.rampMs)) return 0;
  let r = m.perMinute;
  if (m.diurnal > 0 || m.weekend < 1) {
    const local = t + m.tzH * HOUR;
    const hour = (local / HOUR) % 24;
    r *= 1 - m.diurnal + m.diurnal * dayShape(hour);
    const weekday = new Date(local).getUTCDay();
    if (weekday === 0 || weekday === 6) r *= m.weekend;
  }
  if (m.joins && t < m.fromMs + m.rampMs) r *= Math.min(1, (t - m.fromMs) / m.rampMs + 0.02);
  if (m.leaves && t >= m.toMs) r *= Math.max(0, 1 - (t - m.toMs) / m.rampMs);
  return r;
}

/** Expected requests of a model in [a, b), summed minute by minute. */
export function expected(m: FourthModel, a: number, b: number): number {
  let s = 0;
  for (let t = a; t < b; t += MIN) s += rateAt(m, t + Math.min(MIN, b - t) / 2) * (Math.min(MIN, b - t) / MIN);
  return s;
}

const TWO_KINDS: readonly IncidentKind[] = ["latency_spike", "error_burst", "token_explosion", "throughput_collapse"];
type DayFrame = Omit<FourthDay, "injections">;

function drawInjections(rng: Rand, day: DayFrame, label: string): FourthInjection[] | undefined {
  if (label === "incident_free") return [];
  if (label === "two_incidents") {
    const first = drawInjection(rng, day, rng.pick(TWO_KINDS));
    if (first === undefined) return undefined;
    const onset = first.onsetMs + Math.round(rng.uniform(-5, 60) * MIN);
    const second = drawInjection(rng, day, rng.pick(TWO_KINDS), { exclude: first.model, onsetMs: onset });
    return second === undefined ? undefined : [first, second];
  }
  const one = drawInjection(rng, day, label as IncidentKind);
  return one === undefined ? undefined : [one];
}

interface Shape {
  readonly variant: string;
  readonly magnitude: number;
  readonly fraction: number;
  readonly durationMs: number;
  readonly rampMs: number;
}

function drawShape(rng: Rand, kind: IncidentKind, spanMs: number): Shape {
  const minutes = (lo: number, hi: number) => Math.min(0.35 * spanMs, rng.logUniform(lo, hi) * MIN);
  switch (kind) {
    case "latency_spike": {
      const variant = rng.weighted([
        ["multiply", 5],
        ["queue", 3],
        ["tail", 2],
      ] as const);
      const magnitude = variant === "tail" ? rng.uniform(0.2, 0.6) : rng.logUniform(2, 12);
      const fraction = variant === "multiply" ? rng.uniform(0.3, 1) : 1;
      return { variant, magnitude, fraction, durationMs: minutes(8, 120), rampMs: 0 };
    }
    case "error_burst":
      return {
        variant: rng.pick(["429", "503", "504", "500"]),
        magnitude: rng.uniform(0.06, 0.7),
        fraction: 1,
        durationMs: minutes(4, 60),
        rampMs: 0,
      };
    case "token_explosion":
      return {
        variant: rng.pick(["completion", "prompt"]),
        magnitude: rng.logUniform(3, 25),
        fraction: rng.uniform(0.2, 1),
        durationMs: minutes(10, 150),
        rampMs: 0,
      };
    case "throughput_collapse": {
      const hard = rng.chance(0.35);
      return {
        variant: hard ? "hard" : "partial",
        magnitude: hard ? 0 : rng.uniform(0.02, 0.3),
        fraction: 1,
        durationMs: minutes(10, 150),
        rampMs: 0,
      };
    }
    case "attack_wave":
      return {
        variant: rng.pick(["prompt_injection", "denial_of_service", "data_exfiltration", "unauthorized_access"]),
        magnitude: rng.logUniform(15, 400),
        fraction: 1,
        durationMs: minutes(3, 60),
        rampMs: 0,
      };
    case "governance_cascade":
      return {
        variant: rng.pick(["pii-redaction-v2", "jailbreak-filter-strict", "region-residency"]),
        magnitude: rng.logUniform(0.4, 12),
        fraction: 1,
        durationMs: minutes(10, 120),
        rampMs: 0,
      };
    case "gradual_drift": {
      const rampMs = Math.min(0.4 * spanMs, rng.logUniform(30, 240) * MIN);
      const plateau = Math.min(0.2 * spanMs, rng.logUniform(10, 120) * MIN);
      return {
        variant: rng.pick(["linear", "sigmoid", "convex"]),
        magnitude: rng.uniform(1.8, 5),
        fraction: 1,
        durationMs: rampMs + plateau,
        rampMs,
      };
    }
  }
}

function drawInjection(
  rng: Rand,
  day: DayFrame,
  kind: IncidentKind,
  at: { readonly exclude?: string | undefined; readonly onsetMs?: number } = {},
): FourthInjection | undefined {
  const shape = drawShape(rng, kind, day.spanMs);
  const latest = kind === "gradual_drift" ? 0.55 : 0.8;
  const onsetMs = Math.round(at.onsetMs ?? day.startMs + rng.uniform(0.3, latest) * day.spanMs);
  const endMs = Math.min(onsetMs + shape.durationMs, day.startMs + day.spanMs - 3 * MIN);
  if (endMs - onsetMs < 3 * MIN || onsetMs - day.startMs < 0.25 * day.spanMs) return undefined;
  const historyMs = Math.min(onsetMs - day.startMs, Math.max(30 * MIN, 0.2 * day.spanMs));
  const firstWindow = Math.min(endMs, onsetMs + 15 * MIN);
  const candidates = day.models.filter(
    (m) =>
      m.id !== at.exclude &&
      (!m.joins || m.fromMs + m.rampMs <= onsetMs - historyMs) &&
      (!m.leaves || m.toMs >= endMs) &&
      (kind === "attack_wave" ||
        (expected(m, onsetMs - historyMs, onsetMs) >= 60 && expected(m, onsetMs, firstWindow) >= 25)),
  );
  if (kind !== "governance_cascade" && candidates.length === 0) return undefined;
  const model = kind === "governance_cascade" ? undefined : rng.pick(candidates);
  const skew = kind === "attack_wave" || model === undefined ? 0 : model.skewMs;
  return {
    kind,
    model: model?.id,
    onsetMs: onsetMs + skew,
    trueOnsetMs: onsetMs,
    durationMs: Math.round(endMs - onsetMs),
    magnitude: shape.magnitude,
    fraction: shape.fraction,
    effects: rng.chance(0.6),
    variant: shape.variant,
    rampMs: Math.min(shape.rampMs, endMs - onsetMs),
  };
}

/** A model's typical (median) end-to-end latency. */
export function typicalMs(m: FourthModel): number {
  return m.streaming ? m.ttftMs + m.completionMedian / (m.decodeTps / 1000) : m.medianMs;
}

/**
 * About the 95th percentile of a model's end-to-end latency without faults (a streaming model's:
 * its time to first token's plus its decode time's, each 1.645 sigmas up; an upper bound).
 * Tail delays are of this order, so a tail shows in the total, not only in the time to first token.
 */
export function p95Ms(m: FourthModel): number {
  const body = (m.streaming ? m.ttftMs : m.medianMs) * Math.exp(1.645 * m.sigma);
  if (!m.streaming) return body;
  return body + (m.completionMedian * Math.exp(1.645 * 1.2 * m.tokenSigma) * 1000) / m.decodeTps;
}
