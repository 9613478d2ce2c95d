import { fromEpochMillis, TIMESTAMP_PATTERN, toEpochMillis } from "../../core/index.js";
import { uuidV4 } from "../../core/uuid-make.js";
import {
  type AnalyticsEvent,
  createCostEvent,
  createGovernanceEvent,
  createSecurityEvent,
  createTelemetryEvent,
  type EventClock,
  type EventCommonInput,
  type Severity,
} from "../../events/index.js";
import { type Random, seededRandom } from "../random.js";
import {
  BACKGROUND_RATES,
  BASE_FAILURE_RATE,
  BUDGET_THRESHOLDS,
  CLIENT_TIMEOUT_MS,
  COMPLETION_TOKENS,
  COMPLIANCE_EVERY_HOURS,
  ERROR_KINDS,
  type ErrorKind,
  expectedRequestCost,
  HOURLY_EVENTS,
  INCIDENT_ERROR_MIX,
  INCIDENT_MODELS,
  MODELS,
  type ModelProfile,
  NORMAL_ERROR_MIX,
  PEAK_INCIDENT_FAILURE_RATE,
  PROMPT_TOKENS,
  REGIONS,
  RETRY_PROMPT_TOKENS,
  TEAMS,
} from "./catalog.js";
import { TimeHeap } from "./heap.js";

export interface TrafficOptions {
  /** Exactly this many events are produced. */
  readonly events: number;
  readonly seed: number;
  /** RFC 3339 start of the traffic. */
  readonly start: string;
  /** The span the events are spread over (the last events land near start + span). */
  readonly spanMs: number;
  readonly incident: boolean;
  /** Default "production". */
  readonly environment?: string;
}

export interface TimeSpan {
  readonly start: string;
  readonly end: string;
}

/** What `--incident` injects, so reports can state it (and tests can check the data shows it). */
export interface IncidentPlan {
  readonly model: string;
  readonly provider: string;
  /** Carried by every incident event. */
  readonly correlationId: string;
  readonly window: TimeSpan;
  /** Time to first token ×5 on `model`. */
  readonly latencySpike: TimeSpan;
  /** Failure rate rising from 0.8% to 35% and back. */
  readonly errors: TimeSpan;
  /** Retries of long conversations: spend far above the model's rolling-hour budget. */
  readonly costSpike: TimeSpan;
}

export interface TrafficPlan {
  readonly start: string;
  readonly spanMs: number;
  /** Window of the per-model throughput and error-rate events. */
  readonly windowSeconds: number;
  /** Mean request arrivals per hour (the daily curve peaks at 1.5× this at 15:00 UTC). */
  readonly requestsPerHour: number;
  /** Rolling-hour spend limit per model, USD. */
  readonly budgets: Readonly<Record<string, number>>;
  readonly incident?: IncidentPlan;
}

const MINUTE = 60_000;
const HOUR = 3_600_000;
const WINDOW_CHOICES = [60, 300, 900, 3_600, 21_600, 86_400] as const;
/** Expected events per request: latency, cost (unless it failed), and the background events. */
const EVENTS_PER_REQUEST = 2 - BASE_FAILURE_RATE + Object.values(BACKGROUND_RATES).reduce((sum, rate) => sum + rate, 0);

/** Daily traffic curve, mean 1: 0.5 at 03:00 UTC, 1.5 at 15:00 UTC. */
function dailyFactor(ms: number): number {
  const hour = (ms / HOUR) % 24;
  return 1 + 0.5 * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/** Mean of `dailyFactor` over [start, start + span], by the midpoint rule on 1,000 steps. */
function meanDailyFactor(startMs: number, spanMs: number): number {
  const steps = 1000;
  let sum = 0;
  for (let i = 0; i < steps; i++) sum += dailyFactor(startMs + ((i + 0.5) * spanMs) / steps);
  return sum / steps;
}

const round = (value: number, digits: number): number => {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
};
/** Rounds up to two significant digits (a limit a person would set). */
const niceCeil = (value: number): number => {
  const magnitude = 10 ** (Math.floor(Math.log10(value)) - 1);
  return Math.ceil(value / magnitude) * magnitude;
};

/** Validates the options and derives the traffic plan. Throws a RangeError naming the broken precondition. */
export function planTraffic(options: TrafficOptions): TrafficPlan & { readonly startMs: number } {
  assertTrafficOptions(options);
  const startMs = toEpochMillis(options.start);
  const spanHours = options.spanMs / HOUR;
  const target = options.events * 1.02;
  // Smallest metrics window that keeps the periodic events under a fifth of the total.
  const windowSeconds =
    WINDOW_CHOICES.find((w) => (2 * MODELS.length * options.spanMs) / (w * 1000) <= 0.2 * target) ?? 86_400;
  const periodic = (2 * MODELS.length * options.spanMs) / (windowSeconds * 1000);
  const hourly = spanHours * (HOURLY_EVENTS + 1 / COMPLIANCE_EVERY_HOURS);
  const requests = Math.max(target - periodic - hourly, 0.5 * target) / EVENTS_PER_REQUEST;
  // The daily curve averages 1 over whole days only: scale so that the span, not a day, holds them.
  const requestsPerHour = requests / spanHours / meanDailyFactor(startMs, options.spanMs);
  const budgets: Record<string, number> = {};
  for (const model of MODELS) {
    const cost = expectedRequestCost(model);
    const peakHourSpend = 1.5 * requestsPerHour * model.share * cost;
    budgets[model.id] = niceCeil(Math.max(2.5 * peakHourSpend, 40 * cost));
  }
  const plan = {
    startMs,
    start: fromEpochMillis(startMs),
    spanMs: options.spanMs,
    windowSeconds,
    requestsPerHour,
    budgets,
  };
  if (!options.incident) return plan;
  return { ...plan, incident: planIncident(options, startMs) };
}

function assertTrafficOptions(options: TrafficOptions): void {
  if (!Number.isSafeInteger(options.events) || options.events < 1) {
    throw new RangeError(`planTraffic: events must be a positive integer, received ${options.events}`);
  }
  if (!(options.spanMs >= MINUTE)) {
    throw new RangeError(`planTraffic: the span must be at least one minute, received ${options.spanMs} ms`);
  }
  if (options.incident && options.spanMs < HOUR) {
    throw new RangeError(`planTraffic: an incident needs a span of at least one hour, received ${options.spanMs} ms`);
  }
  if (options.incident && options.events < 500) {
    throw new RangeError(`planTraffic: an incident needs at least 500 events, received ${options.events}`);
  }
  if (typeof options.start !== "string" || !TIMESTAMP_PATTERN.test(options.start)) {
    throw new RangeError(
      `planTraffic: start must be an RFC 3339 timestamp with an offset, received ${JSON.stringify(options.start)}`,
    );
  }
}

/**
 * The injected incident: a model drawn from its own random stream (so the traffic does not
 * depend on it), 15% of the span (10 to 90 minutes) from 55% of the way in; errors rise from a
 * fifth of the way in, the retry storm runs from 35% to 90%.
 */
function planIncident(options: TrafficOptions, startMs: number): IncidentPlan {
  const incidentRandom = seededRandom(options.seed, 1);
  const modelId = incidentRandom.pick(INCIDENT_MODELS);
  const model = MODELS.find((m) => m.id === modelId)!;
  const length = Math.round(Math.min(Math.max(0.15 * options.spanMs, 10 * MINUTE), 90 * MINUTE) / MINUTE) * MINUTE;
  const t0 = startMs + Math.round((0.55 * options.spanMs) / MINUTE) * MINUTE;
  const span = (from: number, to: number): TimeSpan => ({
    start: fromEpochMillis(t0 + Math.round(from * length)),
    end: fromEpochMillis(t0 + Math.round(to * length)),
  });
  return {
    model: model.id,
    provider: model.provider,
    correlationId: uuidV4(incidentRandom.bytes(16)),
    window: span(0, 1),
    latencySpike: span(0, 1),
    errors: span(0.2, 1),
    costSpike: span(0.35, 0.9),
  };
}

interface WindowTally {
  requests: number;
  failed: number;
  tokens: number;
  busyMs: number;
  breakdown: Partial<Record<ErrorKind, number>>;
}

interface Budget {
  readonly recent: { t: number; usd: number }[];
  head: number;
  spend: number;
  level: number;
}

/** How one request went: failed (with its kind) or served (with its tokens and speed). */
interface RequestOutcome {
  readonly kind?: ErrorKind;
  readonly processingMs: number;
  readonly otherMs: number;
  readonly ttftMs?: number;
  readonly tokensPerSecond?: number;
  readonly prompt: number;
  readonly completion: number;
}

/** A request once its latency is known: what its latency, cost and tally need. */
interface ServedRequest extends RequestOutcome {
  readonly model: ModelProfile;
  readonly tags: Record<string, string>;
  readonly requestId: string;
  /** When it completed (arrival + total latency). */
  readonly done: number;
  readonly totalMs: number;
  readonly parts: {
    queue_time_ms: number;
    processing_time_ms: number;
    network_time_ms: number;
    other_ms: number;
  };
}

type Item =
  | { readonly t: number; readonly seq: number; readonly kind: "arrival" | "storm" | "tick" | "hourly" }
  | { readonly t: number; readonly seq: number; readonly kind: "emit"; readonly build: () => AnalyticsEvent };

const TEST_NET_PREFIXES = ["192.0.2.", "198.51.100.", "203.0.113."] as const; // RFC 5737 documentation ranges
const ALPHANUMERIC = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const HEX = "0123456789abcdef";

/** The discrete-event simulation behind `syntheticEvents`. */
class Simulation {
  private readonly random: Random;
  private readonly queue = new TimeHeap<Item>();
  private seq = 0;
  private readonly plan: ReturnType<typeof planTraffic>;
  private readonly environment: string;
  private readonly ratePerMs: number;
  private readonly windowMs: number;
  private readonly tallies = new Map<number, Map<string, WindowTally>>();
  private readonly budgets = new Map<string, Budget>();
  private readonly incident:
    | {
        readonly plan: IncidentPlan;
        readonly model: ModelProfile;
        readonly start: number;
        readonly end: number;
        readonly errorsStart: number;
        readonly errorsPeak: number;
        readonly costStart: number;
        readonly costEnd: number;
        readonly stormPerMs: number;
        rootId?: string;
        firstErrorId?: string;
      }
    | undefined;
  private hourIndex = 0;

  constructor(options: TrafficOptions) {
    this.plan = planTraffic(options);
    this.random = seededRandom(options.seed, 0);
    this.environment = options.environment ?? "production";
    this.ratePerMs = this.plan.requestsPerHour / HOUR;
    this.windowMs = this.plan.windowSeconds * 1000;
    const incident = this.plan.incident;
    if (incident !== undefined) {
      const model = MODELS.find((m) => m.id === incident.model)!;
      const start = toEpochMillis(incident.window.start);
      const end = toEpochMillis(incident.window.end);
      const costStart = toEpochMillis(incident.costSpike.start);
      const costEnd = toEpochMillis(incident.costSpike.end);
      // Retries must outspend the rolling-hour limit with a wide margin: 4× the limit, at least 30 requests,
      // allowing for the ones that fail before they are billed.
      const retryCost = expectedRequestCost(model, RETRY_PROMPT_TOKENS);
      const retries = Math.max((4 * this.plan.budgets[model.id]!) / retryCost, 30) / (1 - PEAK_INCIDENT_FAILURE_RATE);
      this.incident = {
        plan: incident,
        model,
        start,
        end,
        errorsStart: toEpochMillis(incident.errors.start),
        errorsPeak: start + 0.7 * (end - start),
        costStart,
        costEnd,
        stormPerMs: retries / (costEnd - costStart),
      };
      this.push(costStart, "storm");
    } else {
      this.incident = undefined;
    }
    const startMs = this.plan.startMs;
    this.push(this.nextArrival(startMs), "arrival");
    this.push(startMs + this.windowMs, "tick");
    this.push(startMs + HOUR, "hourly");
  }

  /** Runs the simulation to the next event. */
  next(): AnalyticsEvent {
    for (;;) {
      const item = this.queue.pop()!;
      switch (item.kind) {
        case "emit":
          return item.build();
        case "arrival":
          this.push(this.nextArrival(item.t), "arrival");
          this.request(
            item.t,
            this.random.weighted(MODELS, (m) => m.share),
            false,
          );
          break;
        case "storm": {
          const incident = this.incident!;
          const next = item.t + this.random.exponential(1 / incident.stormPerMs);
          if (next < incident.costEnd) this.push(next, "storm");
          if (item.t > incident.costStart) this.request(item.t, incident.model, true);
          break;
        }
        case "tick":
          this.push(item.t + this.windowMs, "tick");
          this.closeWindow(item.t);
          break;
        case "hourly":
          this.push(item.t + HOUR, "hourly");
          this.hourly(item.t);
          break;
      }
    }
  }

  private push(t: number, kind: "arrival" | "storm" | "tick" | "hourly"): void {
    this.queue.push({ t, seq: this.seq++, kind });
  }

  private emit(t: number, build: () => AnalyticsEvent): void {
    this.queue.push({ t: Math.round(t), seq: this.seq++, kind: "emit", build });
  }

  private clock(t: number): EventClock {
    return { now: () => Math.round(t), random: () => this.random.bytes(16) };
  }

  private common(severity: Severity, tags: Record<string, string>, link?: EventLink): EventCommonInput {
    return {
      environment: this.environment,
      severity,
      tags,
      ...(link?.correlation_id === undefined ? {} : { correlation_id: link.correlation_id }),
      ...(link?.parent_event_id === undefined ? {} : { parent_event_id: link.parent_event_id }),
    };
  }

  /** Poisson arrivals following the daily curve (Lewis–Shedler thinning against the 1.5× peak). */
  private nextArrival(t: number): number {
    const peak = 1.5 * this.ratePerMs;
    let next = t;
    for (;;) {
      next += this.random.exponential(1 / peak);
      if (this.random.uniform() * 1.5 < dailyFactor(next)) return next;
    }
  }

  private inIncident(model: ModelProfile, t: number): boolean {
    const incident = this.incident;
    return incident !== undefined && model.id === incident.model.id && t >= incident.start && t <= incident.end;
  }

  /** Latency multiplier on `model` at `t`: ×5 during the spike, easing back over its last 15%. */
  private slowdown(model: ModelProfile, t: number): number {
    const incident = this.incident;
    if (incident === undefined || !this.inIncident(model, t)) return 1;
    const easeFrom = incident.start + 0.85 * (incident.end - incident.start);
    return t <= easeFrom ? 5 : 5 - (4 * (t - easeFrom)) / (incident.end - easeFrom);
  }

  private failureRate(model: ModelProfile, t: number): number {
    const incident = this.incident;
    if (incident === undefined || !this.inIncident(model, t) || t < incident.errorsStart) return BASE_FAILURE_RATE;
    const rise =
      t <= incident.errorsPeak
        ? (t - incident.errorsStart) / (incident.errorsPeak - incident.errorsStart)
        : (incident.end - t) / (incident.end - incident.errorsPeak);
    return BASE_FAILURE_RATE + (PEAK_INCIDENT_FAILURE_RATE - BASE_FAILURE_RATE) * rise;
  }

  private tokens(spec: { median: number; sigma: number; min: number; max: number }): number {
    const value = Math.round(this.random.lognormal(spec.median, spec.sigma));
    return Math.min(spec.max, Math.max(spec.min, value));
  }

  private id(prefix: string, length: number, alphabet = ALPHANUMERIC): string {
    let out = prefix;
    for (let i = 0; i < length; i++) out += alphabet[Math.floor(this.random.uniform() * alphabet.length)];
    return out;
  }

  private requestId(model: ModelProfile): string {
    switch (model.provider) {
      case "openai":
        return this.id("chatcmpl-", 24);
      case "anthropic":
        return this.id("msg_01", 22);
      case "google":
        return this.id("gen-", 20);
      default:
        return this.id("", 16, HEX);
    }
  }

  private ip(): string {
    return `${this.random.pick(TEST_NET_PREFIXES)}${this.random.int(1, 254)}`;
  }

  private user(): string {
    return `user-${String(this.random.int(1, 500)).padStart(4, "0")}`;
  }

  /** One request to `model` arriving at `t`: its latency event, its cost event, and background events. */
  private request(t: number, model: ModelProfile, retry: boolean): void {
    const random = this.random;
    const tags = {
      provider: model.provider,
      model: model.id,
      region: random.weighted(REGIONS, (r) => r.weight).id,
      team: retry ? "support-bot" : random.pick(TEAMS),
    };
    const requestId = this.requestId(model);
    const failed = random.chance(this.failureRate(model, t));
    const slow = this.slowdown(model, t);
    const queueMs = random.lognormal(12, 0.6) * (slow > 1 ? 4 : 1);
    const networkMs = random.lognormal(35, 0.35);
    const outcome = failed ? this.failedOutcome(model, t, slow) : this.servedOutcome(model, slow, retry);
    const parts = {
      queue_time_ms: round(queueMs, 1),
      processing_time_ms: round(outcome.processingMs, 1),
      network_time_ms: round(networkMs, 1),
      other_ms: round(outcome.otherMs, 1),
    };
    const totalMs = round(parts.queue_time_ms + parts.processing_time_ms + parts.network_time_ms + parts.other_ms, 1);
    const served: ServedRequest = { ...outcome, model, tags, requestId, done: t + totalMs, totalMs, parts };
    this.emit(served.done, () => this.latencyEvent(served));
    if (!failed) this.billRequest(served);
    if (!retry) this.background(t, model, requestId, tags);
  }

  /** A failed request: the kind of failure (the incident's mix during the incident) and the time it took. */
  private failedOutcome(model: ModelProfile, t: number, slow: number): RequestOutcome {
    const random = this.random;
    const mix = this.inIncident(model, t) ? INCIDENT_ERROR_MIX : NORMAL_ERROR_MIX;
    const kind = random.weighted(ERROR_KINDS, (k) => mix[k]);
    const processingMs =
      kind === "timeout"
        ? CLIENT_TIMEOUT_MS
        : kind === "server_error"
          ? random.lognormal(model.ttftMs * slow, 0.5)
          : random.lognormal(25, 0.4);
    return { kind, processingMs, otherMs: 0, prompt: 0, completion: 0 };
  }

  /** A served request: its tokens, time to first token and generation speed, all slower during the spike. */
  private servedOutcome(model: ModelProfile, slow: number, retry: boolean): RequestOutcome {
    const random = this.random;
    const prompt = this.tokens(retry ? RETRY_PROMPT_TOKENS : PROMPT_TOKENS);
    const completion = this.tokens(COMPLETION_TOKENS);
    const ttftMs = random.lognormal(model.ttftMs * slow, 0.45);
    const tokensPerSecond = random.lognormal(model.tokensPerSecond / (1 + (slow - 1) / 4), 0.18);
    const processingMs = ttftMs + (1000 * completion) / tokensPerSecond;
    return { processingMs, otherMs: random.lognormal(3, 0.5), ttftMs, tokensPerSecond, prompt, completion };
  }

  /** The request's latency event, counted into its metrics window when it is emitted. */
  private latencyEvent(r: ServedRequest): AnalyticsEvent {
    const { model, done, totalMs, kind } = r;
    this.tally(r);
    const severity: Severity = kind !== undefined ? "error" : totalMs > model.sloMs ? "warning" : "info";
    const link = this.incidentLink(model, done, "latency");
    const event = createTelemetryEvent(
      {
        telemetry_type: "latency",
        model_id: model.id,
        request_id: r.requestId,
        total_latency_ms: totalMs,
        ...(r.ttftMs === undefined ? {} : { ttft_ms: round(r.ttftMs, 1) }),
        ...(r.tokensPerSecond === undefined ? {} : { tokens_per_second: round(r.tokensPerSecond, 1) }),
        breakdown: r.parts,
      },
      this.common(severity, kind === undefined ? r.tags : { ...r.tags, error: kind }, link),
      this.clock(done),
    );
    this.rememberRoot(model, done, event.event_id);
    return event;
  }

  /** The token_cost event of a served request, billed a moment after it completes, and its spend. */
  private billRequest(r: ServedRequest): void {
    const { model, prompt, completion } = r;
    const billed = r.done + this.random.lognormal(250, 0.5);
    const usd = round((prompt * model.promptUsdPerMTok + completion * model.completionUsdPerMTok) / 1e6, 10);
    this.emit(billed, () => {
      const link = this.incidentLink(model, billed, "cost");
      const event = createCostEvent(
        {
          cost_type: "token_cost",
          model_id: model.id,
          request_id: r.requestId,
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          cost_per_prompt_token: model.promptUsdPerMTok / 1e6,
          cost_per_completion_token: model.completionUsdPerMTok / 1e6,
          total_cost_usd: usd,
          currency: "USD",
        },
        this.common("info", r.tags, link),
        this.clock(billed),
      );
      this.spend(model, billed, usd, event.event_id);
      return event;
    });
  }

  /** Counts a completed request into its metrics window. */
  private tally({ done, model, kind, prompt, completion, totalMs }: ServedRequest): void {
    const index = Math.floor((done - this.plan.startMs) / this.windowMs);
    let window = this.tallies.get(index);
    if (window === undefined) {
      window = new Map();
      this.tallies.set(index, window);
    }
    let tally = window.get(model.id);
    if (tally === undefined) {
      tally = { requests: 0, failed: 0, tokens: 0, busyMs: 0, breakdown: {} };
      window.set(model.id, tally);
    }
    tally.requests++;
    tally.tokens += prompt + completion;
    tally.busyMs += totalMs;
    if (kind !== undefined) {
      tally.failed++;
      tally.breakdown[kind] = (tally.breakdown[kind] ?? 0) + 1;
    }
  }

  /** At the end of a metrics window: throughput and error rate per model that served requests in it. */
  private closeWindow(end: number): void {
    const index = Math.round((end - this.plan.startMs) / this.windowMs) - 1;
    const window = this.tallies.get(index);
    this.tallies.delete(index);
    if (window === undefined) return;
    const seconds = this.plan.windowSeconds;
    for (const model of MODELS) {
      const tally = window.get(model.id);
      if (tally === undefined) continue;
      const tags = { provider: model.provider, model: model.id };
      this.emit(end, () => {
        const link = this.incidentLink(model, end - this.windowMs / 2, "window");
        return createTelemetryEvent(
          {
            telemetry_type: "throughput",
            model_id: model.id,
            requests_per_second: round(tally.requests / seconds, 4),
            tokens_per_second: round(tally.tokens / seconds, 2),
            // Little's law: mean requests in flight = busy time / window.
            concurrent_requests: Math.round(tally.busyMs / (seconds * 1000)),
            window_duration_seconds: seconds,
          },
          this.common("info", tags, link),
          this.clock(end),
        );
      });
      this.emit(end, () => {
        const rate = round((100 * tally.failed) / tally.requests, 2);
        const severity: Severity = rate >= 20 ? "critical" : rate >= 10 ? "error" : rate >= 5 ? "warning" : "info";
        const link = this.incidentLink(model, end - this.windowMs / 2, "errors");
        const breakdown: Record<string, number> = {};
        for (const kind of ERROR_KINDS)
          if (tally.breakdown[kind] !== undefined) breakdown[kind] = tally.breakdown[kind];
        const event = createTelemetryEvent(
          {
            telemetry_type: "error_rate",
            model_id: model.id,
            total_requests: tally.requests,
            failed_requests: tally.failed,
            error_rate_percent: rate,
            error_breakdown: breakdown,
            window_duration_seconds: seconds,
          },
          this.common(severity, tags, link),
          this.clock(end),
        );
        this.rememberFirstError(model, end - this.windowMs / 2, event.event_id, rate);
        return event;
      });
    }
  }

  /**
   * The incident's links for an event of `model` at `t`: every incident event carries the
   * incident's correlation id; the first latency event of the spike is the root, error events
   * point to the root, cost events to the first elevated error-rate event, budget alerts to the
   * cost event that crossed the threshold.
   */
  private incidentLink(
    model: ModelProfile,
    t: number,
    role: "latency" | "window" | "errors" | "cost",
  ): EventLink | undefined {
    const incident = this.incident;
    if (incident === undefined || !this.inIncident(model, t)) return undefined;
    const correlation_id = incident.plan.correlationId;
    if (incident.rootId === undefined) return role === "latency" ? { correlation_id } : undefined;
    if (role === "cost") return { correlation_id, parent_event_id: incident.firstErrorId ?? incident.rootId };
    return { correlation_id, parent_event_id: incident.rootId };
  }

  /** The first latency event of `model` inside the incident is its root. */
  private rememberRoot(model: ModelProfile, t: number, eventId: string): void {
    const incident = this.incident;
    if (incident === undefined || !this.inIncident(model, t)) return;
    if (incident.rootId === undefined) incident.rootId = eventId;
  }

  /** The first error-rate event of the incident at 5% or more, once errors have started. */
  private rememberFirstError(model: ModelProfile, t: number, eventId: string, errorRate: number): void {
    const incident = this.incident;
    if (incident === undefined || !this.inIncident(model, t)) return;
    if (incident.firstErrorId === undefined && errorRate >= 5 && t >= incident.errorsStart) {
      incident.firstErrorId = eventId;
    }
  }

  /** Adds a cost to the model's rolling-hour budget and raises an alert for each threshold it crosses. */
  private spend(model: ModelProfile, t: number, usd: number, costEventId: string): void {
    let budget = this.budgets.get(model.id);
    if (budget === undefined) {
      budget = { recent: [], head: 0, spend: 0, level: 0 };
      this.budgets.set(model.id, budget);
    }
    budget.recent.push({ t, usd });
    budget.spend += usd;
    while (budget.recent[budget.head]!.t <= t - HOUR) {
      budget.spend -= budget.recent[budget.head]!.usd;
      budget.head++;
    }
    if (budget.head > 1024 && budget.head * 2 > budget.recent.length) {
      budget.recent.splice(0, budget.head);
      budget.head = 0;
    }
    const limit = this.plan.budgets[model.id]!;
    const percent = (100 * budget.spend) / limit;
    if (percent < 70) budget.level = 0;
    while (budget.level < BUDGET_THRESHOLDS.length && percent >= BUDGET_THRESHOLDS[budget.level]!.percent) {
      const threshold = BUDGET_THRESHOLDS[budget.level]!;
      budget.level++;
      const spendNow = round(budget.spend, 6);
      const incident = this.incident;
      const link =
        incident !== undefined && this.inIncident(model, t) && incident.rootId !== undefined
          ? { correlation_id: incident.plan.correlationId, parent_event_id: costEventId }
          : undefined;
      this.emit(t, () =>
        createCostEvent(
          {
            cost_type: "budget_alert",
            budget_id: `budget-${model.id}-hourly`,
            budget_name: `${model.id} rolling-hour spend (${this.environment})`,
            budget_limit_usd: limit,
            current_spend_usd: spendNow,
            threshold_percent: threshold.percent,
            alert_type: threshold.type,
          },
          this.common(threshold.severity, { provider: model.provider, model: model.id }, link),
          this.clock(t),
        ),
      );
    }
  }

  /** Security and governance events that accompany ordinary traffic. */
  private background(t: number, model: ModelProfile, requestId: string, tags: Record<string, string>): void {
    const random = this.random;
    const at = t + random.lognormal(40, 0.5);
    const base = { provider: tags.provider!, model: model.id };
    if (random.chance(BACKGROUND_RATES.threat)) this.emit(at, () => this.threat(at, model, base));
    if (random.chance(BACKGROUND_RATES.auth)) this.emit(at, () => this.auth(at));
    if (random.chance(BACKGROUND_RATES.policyViolation)) {
      this.emit(at, () => this.policyViolation(at, model, requestId, tags));
    }
    if (random.chance(BACKGROUND_RATES.privacy)) this.emit(at, () => this.privacy(at, tags));
    if (random.chance(BACKGROUND_RATES.audit)) this.emit(at, () => this.audit(at));
  }

  private threat(t: number, model: ModelProfile, tags: Record<string, string>): AnalyticsEvent {
    const random = this.random;
    const kind = random.weighted(THREATS, (k) => k.weight);
    const level = random.pick(kind.levels);
    const status = random.weighted(MITIGATIONS, (m) => m.weight).status;
    const severity: Severity =
      level === "critical" ? "critical" : level === "high" ? "error" : level === "medium" ? "warning" : "info";
    return createSecurityEvent(
      {
        security_type: "threat",
        threat_id: this.id("thr_", 12),
        threat_type: kind.type,
        threat_level: level,
        source_ip: this.ip(),
        target_resource: `model:${model.id}`,
        attack_vector: random.pick(kind.vectors),
        mitigation_status: status,
        indicators_of_compromise: [...kind.indicators],
      },
      this.common(severity, tags),
      this.clock(t),
    );
  }

  private auth(t: number): AnalyticsEvent {
    const random = this.random;
    const action = random.weighted(AUTH, (a) => a.weight).action;
    const denied = action === "permission_denied";
    return createSecurityEvent(
      {
        security_type: "auth",
        user_id: this.user(),
        action,
        resource: random.pick([
          "api:/v1/chat/completions",
          "api:/v1/embeddings",
          "console:budgets",
          "console:api-keys",
        ]),
        success: !denied,
        ...(denied ? { failure_reason: "missing scope models:write" } : {}),
      },
      this.common(denied ? "warning" : "info", {}),
      this.clock(t),
    );
  }

  private policyViolation(
    t: number,
    model: ModelProfile,
    requestId: string,
    tags: Record<string, string>,
  ): AnalyticsEvent {
    const policy = this.random.weighted(POLICIES, (p) => p.weight);
    const severity: Severity =
      policy.severity === "critical" ? "critical" : policy.severity === "high" ? "error" : "warning";
    return createGovernanceEvent(
      {
        governance_type: "policy_violation",
        policy_id: policy.id,
        policy_name: policy.name,
        violation_description: policy.description.replace("{model}", model.id),
        violated_rules: [...policy.rules],
        resource_id: requestId,
        user_id: this.user(),
        severity: policy.severity,
        auto_remediated: policy.autoRemediated,
      },
      this.common(severity, { team: tags.team!, model: model.id }),
      this.clock(t),
    );
  }

  private privacy(t: number, tags: Record<string, string>): AnalyticsEvent {
    return createSecurityEvent(
      {
        security_type: "privacy",
        data_type: "conversation_transcript",
        operation: this.random.pick(["data_access", "data_collection", "data_deletion"] as const),
        user_consent: true,
        data_subjects: [this.user()],
        purpose: tags.team === "support-bot" ? "support ticket summarization" : "product analytics",
      },
      this.common("info", { team: tags.team! }),
      this.clock(t),
    );
  }

  private audit(t: number): AnalyticsEvent {
    const random = this.random;
    const change = random.pick(AUDIT_CHANGES);
    const from = random.int(change.from[0], change.from[1]);
    return createGovernanceEvent(
      {
        governance_type: "audit_trail",
        action: "update",
        actor: random.pick(["alice@example.com", "bob@example.com", "ops-bot@example.com"]),
        resource_type: change.resourceType,
        resource_id: change.resourceId,
        changes: { [change.field]: { from, to: Math.round(from * random.pick([0.5, 1.5, 2])) } },
        ip_address: this.ip(),
        user_agent: "llm-hub-console/2.3",
      },
      this.common("info", {}),
      this.clock(t),
    );
  }

  /** Hourly bookkeeping: API and resource cost lines, a lineage record, and a compliance check every 6 h. */
  private hourly(t: number): void {
    const hour = this.hourIndex++;
    const demand = (this.plan.requestsPerHour * dailyFactor(t - HOUR / 2)) / 100;
    this.apiCosts(t, demand);
    this.resourceCosts(t, demand);
    this.lineage(t);
    if (hour % COMPLIANCE_EVERY_HOURS === COMPLIANCE_EVERY_HOURS - 1) this.emit(t, () => this.compliance(t));
  }

  /** The hour's embeddings and rerank calls, their volume following the day's demand. */
  private apiCosts(t: number, demand: number): void {
    const random = this.random;
    const period = fromEpochMillis(t).slice(0, 7);
    const embeddings = Math.max(1, Math.round(random.lognormal(40 * demand, 0.2)));
    // text-embedding-3-small: $0.02 per 1M tokens, ~1,500 tokens per call.
    this.emit(t, () =>
      createCostEvent(
        {
          cost_type: "api_cost",
          provider: "openai",
          api_endpoint: "/v1/embeddings",
          request_count: embeddings,
          cost_per_request: 0.00003,
          total_cost_usd: round(embeddings * 0.00003, 8),
          billing_period: period,
        },
        this.common("info", { provider: "openai" }),
        this.clock(t),
      ),
    );
    const reranks = Math.max(1, Math.round(random.lognormal(12 * demand, 0.25)));
    // Cohere Rerank: $2.00 per 1,000 searches.
    this.emit(t, () =>
      createCostEvent(
        {
          cost_type: "api_cost",
          provider: "cohere",
          api_endpoint: "/v2/rerank",
          request_count: reranks,
          cost_per_request: 0.002,
          total_cost_usd: round(reranks * 0.002, 6),
          billing_period: period,
        },
        this.common("info", { provider: "cohere" }),
        this.clock(t),
      ),
    );
  }

  /** The hour's GPU time of the guardrail classifier and internet egress. */
  private resourceCosts(t: number, demand: number): void {
    const random = this.random;
    const utilization = Math.min(98, 35 + 40 * dailyFactor(t - HOUR / 2) * random.lognormal(1, 0.1));
    // An illustrative $2.00 per GPU-hour for the self-hosted guardrail classifier.
    this.emit(t, () =>
      createCostEvent(
        {
          cost_type: "resource_consumption",
          resource_type: "gpu",
          resource_id: "gpu-pool/guardrail-classifier",
          quantity: 2,
          unit: "gpu_hours",
          cost_usd: 4,
          utilization_percent: round(utilization, 1),
        },
        this.common("info", {}),
        this.clock(t),
      ),
    );
    const egressGb = round(random.lognormal(0.8 * demand, 0.3), 3);
    // Internet egress at $0.09 per GB.
    this.emit(t, () =>
      createCostEvent(
        {
          cost_type: "resource_consumption",
          resource_type: "network",
          resource_id: "egress/us-east-1",
          quantity: egressGb,
          unit: "GB",
          cost_usd: round(egressGb * 0.09, 6),
          utilization_percent: round(Math.min(100, 10 + 20 * dailyFactor(t)), 1),
        },
        this.common("info", {}),
        this.clock(t),
      ),
    );
  }

  /** The hourly rollup job's lineage record. */
  private lineage(t: number): void {
    this.emit(t, () =>
      createGovernanceEvent(
        {
          governance_type: "data_lineage",
          data_asset_id: "dataset:llm-request-logs",
          operation: "aggregate",
          source: "kafka://llm-events",
          destination: `s3://analytics-lake/llm/hourly/${fromEpochMillis(t).slice(0, 13).replace("T", "/")}`,
          transformation: "hourly rollup of latency, tokens and cost per model",
          lineage_path: ["llm-gateway", "kafka://llm-events", "rollup-job", "s3://analytics-lake"],
        },
        this.common("debug", {}),
        this.clock(t),
      ),
    );
  }

  private compliance(t: number): AnalyticsEvent {
    const random = this.random;
    const framework = random.pick(FRAMEWORKS);
    const findings = framework.controls.map((control) => {
      const status = random.weighted(["pass", "fail", "not_applicable"] as const, (s) =>
        s === "pass" ? 0.85 : s === "fail" ? 0.08 : 0.07,
      );
      return {
        control_id: control.id,
        status,
        description: control.description,
        ...(status === "fail" ? { evidence: `ticket GRC-${random.int(1000, 9999)}` } : {}),
      };
    });
    const applicable = findings.filter((f) => f.status !== "not_applicable");
    const passed = applicable.filter((f) => f.status === "pass").length;
    return createGovernanceEvent(
      {
        governance_type: "compliance_check",
        check_id: this.id("chk_", 10),
        framework: framework.name,
        controls_checked: framework.controls.map((c) => c.id),
        passed: passed === applicable.length,
        findings,
        score: applicable.length === 0 ? 1 : round(passed / applicable.length, 3),
      },
      this.common(passed === applicable.length ? "info" : "warning", {}),
      this.clock(t),
    );
  }
}

interface EventLink {
  readonly correlation_id?: string;
  readonly parent_event_id?: string;
}

const THREATS = [
  {
    type: "prompt_injection",
    weight: 0.45,
    levels: ["medium", "high"],
    vectors: ["user_prompt", "retrieved_document", "tool_output"],
    indicators: ["pattern:ignore-previous-instructions", "heuristic:role-override"],
  },
  {
    type: { other: "jailbreak" },
    weight: 0.2,
    levels: ["medium"],
    vectors: ["user_prompt"],
    indicators: ["classifier:jailbreak>0.9"],
  },
  {
    type: "malicious_input",
    weight: 0.15,
    levels: ["low", "medium"],
    vectors: ["file_upload", "user_prompt"],
    indicators: ["payload:oversized-unicode"],
  },
  {
    type: "data_exfiltration",
    weight: 0.1,
    levels: ["high", "critical"],
    vectors: ["tool_output", "retrieved_document"],
    indicators: ["pattern:markdown-image-exfil", "egress:unknown-domain"],
  },
  {
    type: "unauthorized_access",
    weight: 0.07,
    levels: ["high"],
    vectors: ["api_key"],
    indicators: ["key:revoked-key-reuse"],
  },
  {
    type: "denial_of_service",
    weight: 0.03,
    levels: ["high", "critical"],
    vectors: ["api_flood"],
    indicators: ["rate:>50x-baseline"],
  },
] as const;

const MITIGATIONS = [
  { status: "blocked", weight: 0.65 },
  { status: "detected", weight: 0.2 },
  { status: "investigating", weight: 0.1 },
  { status: "mitigated", weight: 0.05 },
] as const;

const AUTH = [
  { action: "token_generated", weight: 0.4 },
  { action: "login", weight: 0.3 },
  { action: "access_attempt", weight: 0.15 },
  { action: "permission_denied", weight: 0.1 },
  { action: "logout", weight: 0.05 },
] as const;

const POLICIES = [
  {
    id: "pol-pii-in-prompt",
    name: "No personal data in prompts",
    description: "Email address and phone number detected in a prompt to {model}; redacted before sending",
    rules: ["pii.email", "pii.phone"],
    severity: "medium",
    autoRemediated: true,
    weight: 0.5,
  },
  {
    id: "pol-approved-models",
    name: "Approved models per team",
    description: "{model} is not on the team's approved model list",
    rules: ["models.allowlist"],
    severity: "high",
    autoRemediated: false,
    weight: 0.2,
  },
  {
    id: "pol-context-limit",
    name: "Prompt size limit",
    description: "Prompt to {model} exceeded the 24,000-token policy limit and was truncated",
    rules: ["prompt.max_tokens"],
    severity: "low",
    autoRemediated: true,
    weight: 0.22,
  },
  {
    id: "pol-secrets",
    name: "No credentials in prompts",
    description: "An API key pattern was found in a prompt to {model} and masked",
    rules: ["secrets.api_key"],
    severity: "critical",
    autoRemediated: true,
    weight: 0.08,
  },
] as const;

const AUDIT_CHANGES = [
  {
    resourceType: "rate_limit",
    resourceId: "team/support-bot",
    field: "requests_per_minute",
    from: [300, 900],
  },
  { resourceType: "routing_rule", resourceId: "route/default-chat", field: "fallback_weight_percent", from: [5, 30] },
  { resourceType: "budget", resourceId: "budget/team-search", field: "monthly_limit_usd", from: [500, 5000] },
] as const;

const FRAMEWORKS = [
  {
    name: "SOC 2",
    controls: [
      { id: "CC6.1", description: "Logical access to model endpoints is restricted to authorized keys" },
      { id: "CC7.2", description: "Security events from the LLM gateway are monitored" },
      { id: "CC8.1", description: "Changes to routing rules are approved and logged" },
    ],
  },
  {
    name: "GDPR",
    controls: [
      { id: "Art.5(1)(c)", description: "Prompts are minimized: personal data is redacted" },
      { id: "Art.30", description: "Processing of conversation data is recorded" },
      { id: "Art.32", description: "Transcripts are encrypted at rest" },
    ],
  },
  {
    name: "ISO/IEC 42001",
    controls: [
      { id: "A.6.2.6", description: "AI system operation is monitored for performance drift" },
      { id: "A.8.3", description: "Users can report adverse impacts" },
    ],
  },
] as const;

/**
 * Realistic synthetic traffic of an LLM platform, in time order, exactly `options.events`
 * events: per request a latency event (lognormal time to first token and decode speed per
 * model) and a token-cost event at the providers' list prices; per window a throughput and an
 * error-rate event per model; background threats, auth, privacy, policy violations and audit
 * records; hourly API and resource costs, a lineage record, and compliance checks; budget
 * alerts when a model's rolling-hour spend crosses 80/90/100% of its limit. Requests follow a
 * daily curve (Poisson, thinned). With `incident`, one model suffers a latency spike, then
 * rising errors, then a retry storm that drives spend over its budget; those events share one
 * correlation_id and link to their causes with parent_event_id (see `planTraffic`).
 *
 * Deterministic: the same options give the same events, byte for byte once serialized
 * (xoshiro128** seeded by SplitMix64; no clock, no platform randomness). Every event is built
 * with the event builders, so each passes `AnalyticsEvent.parse`. Time O(events · log q) for a
 * queue of q pending events; memory O(q + events in the last hour of one model's budget).
 */
export function* syntheticEvents(options: TrafficOptions): Generator<AnalyticsEvent, void, undefined> {
  const simulation = new Simulation(options);
  for (let i = 0; i < options.events; i++) yield simulation.next();
}
