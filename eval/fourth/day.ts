/*
 * One day of the fourth generator (see eval/fourth/suite.ts for what it models). Time advances
 * in 15-minute chunks: each model's arrivals (Poisson, Hawkes offspring, session requests and
 * retries, which may spill into later chunks) are simulated request by request, every event is
 * stamped at the request's completion by its emitter's (skewed) clock, and events are yielded
 * sorted once no later chunk can stamp an earlier time. Labels carry the true time.
 */
import { fromEpochMillis } from "../../src/core/timestamp.js";
import type { AnalyticsEvent, Severity, SourceModule } from "../../src/events/index.js";
import type { EventKind, Label } from "../world.js";
import { Rand } from "./rand.js";
import { type FourthDay, type FourthInjection, type FourthModel, p95Ms, rateAt, typicalMs } from "./suite.js";

const SEC = 1000;
const MIN = 60 * SEC;
const CHUNK = 15 * MIN;

export interface FourthGenerated {
  /** The day's events, roughly in time order; labels fill while they are read. */
  readonly events: Iterable<AnalyticsEvent>;
  readonly labels: Map<string, Label>;
}

export function generateFourth(day: FourthDay): FourthGenerated {
  const labels = new Map<string, Label>();
  return { events: run(day, labels), labels };
}

interface Pending {
  readonly t: number;
  readonly attempt: number;
}

interface ModelState {
  readonly m: FourthModel;
  readonly arrivals: Rand;
  readonly draws: Rand;
  readonly faults: readonly FourthInjection[];
  carry: Pending[];
  /** bridge: per scrape bucket (true time) requests, failures and tokens; cumulative totals. */
  readonly buckets: Map<number, { total: number; failed: number; tokens: number }>;
  cumTotal: number;
  cumFailed: number;
  nextRestart: number;
  lastReport: number;
}

interface Fault {
  latencyMul: number;
  queueMs: number;
  tailP: number;
  errorP: number;
  errorKind: string;
  tokenMul: number;
  tokenPart: string;
  tokenFraction: number;
  latencyFraction: number;
  rateMul: number;
}

class Writer {
  readonly out: { ms: number; e: AnalyticsEvent }[] = [];
  readonly ids: Rand;

  constructor(
    readonly day: FourthDay,
    readonly labels: Map<string, Label>,
  ) {
    this.ids = new Rand(day.seed, 9);
  }

  emit(
    label: { kind: EventKind; model: string | undefined; ms: number; injected: boolean },
    stampedMs: number,
    event: Omit<AnalyticsEvent, "event_id" | "timestamp" | "schema_version">,
  ): string {
    const id = this.ids.uuid();
    const ms = Math.round(stampedMs);
    this.labels.set(id, { kind: label.kind, model: label.model, ms: Math.round(label.ms), injected: label.injected });
    this.out.push({ ms, e: { event_id: id, timestamp: fromEpochMillis(ms), schema_version: "1.0.0", ...event } });
    return id;
  }
}

function* run(day: FourthDay, labels: Map<string, Label>): Generator<AnalyticsEvent> {
  const w = new Writer(day, labels);
  const states: ModelState[] = day.models.map((m, i) => ({
    m,
    arrivals: new Rand(day.seed, 100 + i),
    draws: new Rand(day.seed, 300 + i),
    faults: day.injections.filter((j) => j.model === m.id && j.kind !== "attack_wave"),
    carry: [],
    buckets: new Map(),
    cumTotal: 0,
    cumFailed: 0,
    nextRestart: day.startMs + new Rand(day.seed, 500 + i).exponential(30 * 3_600_000),
    lastReport: -1,
  }));
  const bg = new Rand(day.seed, 7);
  const end = day.startMs + day.spanMs;
  for (let a = day.startMs; a < end; a += CHUNK) {
    const b = Math.min(end, a + CHUNK);
    for (const s of states) {
      arrive(s, a, b);
      serve(w, s, b, end);
      if (s.m.emitter === "bridge") report(w, s, b);
    }
    background(w, bg, a, b);
    yield* flush(w, b === end ? Number.POSITIVE_INFINITY : a - 5 * MIN);
  }
}

/** Yields, in stamped order, the buffered events stamped before `until`. */
function* flush(w: Writer, until: number): Generator<AnalyticsEvent> {
  w.out.sort((x, y) => x.ms - y.ms);
  let n = 0;
  while (n < w.out.length && (w.out[n] as { ms: number }).ms < until) n++;
  const ready = w.out.splice(0, n);
  for (const r of ready) yield r.e;
}

/** New arrivals of [a, b) into the model's pending list (offspring and session requests may fall later). */
function arrive(s: ModelState, a: number, b: number): void {
  const { m, arrivals: r } = s;
  for (let t = a; t < b; t += MIN) {
    const len = Math.min(MIN, b - t);
    const rate = rateAt(m, t + len / 2) * (len / MIN);
    if (rate <= 0) continue;
    if (m.arrival === "poisson") {
      const n = r.poisson(rate);
      for (let i = 0; i < n; i++) s.carry.push({ t: t + r.next() * len, attempt: 0 });
    } else if (m.arrival === "hawkes") {
      const n = r.poisson(rate * (1 - m.branching));
      for (let i = 0; i < n; i++) {
        const queue = [t + r.next() * len];
        while (queue.length > 0) {
          const x = queue.pop() as number;
          s.carry.push({ t: x, attempt: 0 });
          const kids = r.poisson(m.branching);
          for (let k = 0; k < kids; k++) queue.push(x + r.exponential(m.kernelS * SEC));
        }
      }
    } else {
      const n = r.poisson(rate / m.sessionLen);
      for (let i = 0; i < n; i++) {
        let x = t + r.next() * len;
        const count = r.geometric(m.sessionLen);
        for (let k = 0; k < count; k++) {
          s.carry.push({ t: x, attempt: 0 });
          x += r.lognormal(m.thinkS * SEC, 0.8);
        }
      }
    }
  }
}

function faultAt(s: ModelState, t: number): { f: Fault; injected: boolean } {
  const f: Fault = {
    latencyMul: 1,
    queueMs: 0,
    tailP: s.m.tailP,
    errorP: 0,
    errorKind: "",
    tokenMul: 1,
    tokenPart: "",
    tokenFraction: 0,
    latencyFraction: 1,
    rateMul: 1,
  };
  let injected = false;
  for (const j of s.faults) {
    if (t < j.trueOnsetMs || t >= j.trueOnsetMs + j.durationMs) continue;
    injected = true;
    if (j.kind === "latency_spike") {
      if (j.variant === "multiply") [f.latencyMul, f.latencyFraction] = [j.magnitude, j.fraction];
      // The queue's delay is exponential with mean (magnitude − 1) × p95 / 3: its own 95th
      // percentile (3 means) is (magnitude − 1) × the usual p95, so the p95 rises about magnitude×.
      else if (j.variant === "queue") f.queueMs = ((j.magnitude - 1) * p95Ms(s.m)) / 3;
      else f.tailP = j.magnitude;
    } else if (j.kind === "gradual_drift") {
      const x = Math.min(1, (t - j.trueOnsetMs) / Math.max(1, j.rampMs));
      const shape = j.variant === "linear" ? x : j.variant === "convex" ? x * x : 1 / (1 + Math.exp(-10 * (x - 0.5)));
      f.latencyMul = 1 + (j.magnitude - 1) * shape;
    } else if (j.kind === "error_burst") [f.errorP, f.errorKind] = [j.magnitude, j.variant];
    else if (j.kind === "token_explosion")
      [f.tokenMul, f.tokenPart, f.tokenFraction] = [j.magnitude, j.variant, j.fraction];
    else if (j.kind === "throughput_collapse") f.rateMul = j.magnitude;
  }
  return { f, injected };
}

function deployFactor(m: FourthModel, t: number): number {
  let f = 1;
  for (const d of m.deploys) if (t >= d.ms) f *= d.factor;
  return f;
}

/** Serves the pending requests that start before b; retries go back to the pending list. */
function serve(w: Writer, s: ModelState, b: number, end: number): void {
  // Retries of this chunk's failures may start in it too: serve until nothing pending starts before b.
  for (;;) {
    s.carry.sort((x, y) => x.t - y.t);
    let n = 0;
    while (n < s.carry.length && (s.carry[n] as Pending).t < b) n++;
    if (n === 0) return;
    const now = s.carry.splice(0, n);
    for (const p of now) {
      if (p.t >= end) continue;
      // A request of a model that has left (a session or offspring after the ramp) is not made.
      if (s.m.leaves && p.t >= s.m.toMs + s.m.rampMs) continue;
      request(w, s, p, end);
    }
  }
}

interface Outcome {
  latencyMs: number;
  ttftMs: number | undefined;
  failed: string | undefined;
  prompt: number;
  completion: number;
  cached: boolean;
  injected: boolean;
}

function request(w: Writer, s: ModelState, p: Pending, end: number): void {
  const { m, draws: r } = s;
  const { f, injected } = faultAt(s, p.t);
  if (f.rateMul < 1 && !r.chance(f.rateMul)) return;
  const o = draw(r, m, f, p.t);
  o.injected = injected;
  const done = p.t + o.latencyMs;
  if (done >= end) return;
  write(w, s, o, done, p.attempt);
  if (o.failed !== undefined && p.attempt + 1 < m.maxAttempts && r.chance(m.retryP)) {
    const backoff = r.uniform(0, 1) * 500 * 2 ** (p.attempt + 1) + (o.failed === "429" ? r.uniform(1, 5) * SEC : 0);
    s.carry.push({ t: done + backoff, attempt: p.attempt + 1 });
  }
}

function draw(r: Rand, m: FourthModel, f: Fault, t: number): Outcome {
  let prompt = Math.max(1, Math.round(r.lognormal(m.promptMedian, m.tokenSigma)));
  let completion = Math.max(1, Math.min(m.maxTokens, Math.round(r.lognormal(m.completionMedian, m.tokenSigma * 1.2))));
  if (f.tokenMul > 1 && r.chance(f.tokenFraction)) {
    if (f.tokenPart === "completion") completion = Math.min(m.maxTokens, Math.round(completion * f.tokenMul));
    else prompt = Math.min(200_000, Math.round(prompt * f.tokenMul));
  }
  const cached = r.chance(m.cacheHit);
  const scale = deployFactor(m, t) * (r.chance(f.latencyFraction) ? f.latencyMul : 1);
  let first = r.lognormal(m.streaming ? m.ttftMs : m.medianMs, m.sigma);
  if (cached) first *= m.cacheFactor;
  // The tail: a Pareto delay (queueing, cold starts) of at least the 95th percentile of the whole
  // request, before the first token.
  if (r.chance(f.tailP)) first += p95Ms(m) * r.pareto(1, m.tailAlpha);
  first = first * scale + (f.queueMs > 0 ? r.exponential(f.queueMs) : 0);
  // Prefill grows with the prompt: about 1 ms per 4 prompt tokens beyond the model's usual prompt.
  first += Math.max(0, prompt - m.promptMedian) / 4;
  let latency = first;
  let ttft: number | undefined;
  if (m.streaming) {
    ttft = first;
    latency = cached ? first * 1.3 : first + (completion / r.lognormal(m.decodeTps, 0.2)) * SEC * scale;
  }
  let failed: string | undefined;
  if (r.chance(f.errorP)) failed = f.errorKind;
  else if (r.chance(m.baseErrorRate)) failed = r.pick(["500", "503", "429"]);
  if (failed !== undefined) {
    ttft = undefined;
    latency =
      failed === "504" ? m.timeoutMs : failed === "500" ? latency * r.uniform(0.05, 0.6) : r.lognormal(120, 0.6);
  } else if (latency >= m.timeoutMs) {
    failed = "timeout";
    if (m.streaming && !cached) {
      const decodeMs = Math.max(0, latency - first);
      completion = Math.max(1, Math.round((completion * Math.max(0, m.timeoutMs - first)) / Math.max(1, decodeMs)));
    }
    latency = m.timeoutMs;
    ttft = undefined;
  }
  return { latencyMs: Math.max(1, latency), ttftMs: ttft, failed, prompt, completion, cached, injected: false };
}

const STATUS: Readonly<Record<string, string>> = {
  "429": "429",
  "500": "500",
  "503": "503",
  "504": "504",
  timeout: "504",
};
const ERROR_TYPE: Readonly<Record<string, string>> = {
  "429": "rate_limit_exceeded",
  "500": "internal_server_error",
  "503": "service_unavailable",
  "504": "gateway_timeout",
  timeout: "timeout",
};

function severityOf(r: Rand, m: FourthModel, failed: string | undefined, slow: boolean): Severity {
  if (m.severity === "unset") return "info";
  if (m.severity === "wrong")
    return r.weighted([
      ["info", 5],
      ["warning", 2],
      ["error", 1],
      ["debug", 1],
      ["critical", 0.3],
    ] as const);
  if (failed !== undefined) return failed === "429" ? "warning" : "error";
  return slow ? "warning" : "info";
}

function write(w: Writer, s: ModelState, o: Outcome, done: number, attempt: number): void {
  const { m, draws: r } = s;
  const requestId = `req-${w.ids.u32().toString(36)}${w.ids.u32().toString(36)}`;
  const stamped = done + m.skewMs;
  const severity = severityOf(r, m, o.failed, o.latencyMs > m.timeoutMs / 3);
  const base = { source_module: "llm-observatory" as SourceModule, event_type: "telemetry" as const, severity };
  const env = m.environment;
  // Labels of a model's events are on its request emitter's clock, as its injections' onsets.
  const label = (kind: EventKind, ms: number) => ({ kind, model: m.id, ms: ms + m.skewMs, injected: o.injected });
  const retryTag: Record<string, string> = attempt > 0 ? { "retry.attempt": String(attempt) } : {};
  const latencyData = {
    telemetry_type: "latency" as const,
    model_id: m.id,
    request_id: requestId,
    total_latency_ms: Math.round(o.latencyMs * 10) / 10,
    ...(o.ttftMs === undefined ? {} : { ttft_ms: Math.round(o.ttftMs * 10) / 10 }),
    ...(m.streaming && o.failed === undefined ? { tokens_per_second: (o.completion / o.latencyMs) * SEC } : {}),
  };
  if (m.emitter === "otel") {
    const tags: Record<string, string> = {
      "gen_ai.request.model": m.id,
      "gen_ai.operation.name": "chat",
      "service.name": m.service,
      ...retryTag,
    };
    if (o.failed !== undefined)
      Object.assign(tags, { "error.type": ERROR_TYPE[o.failed], "otel.status_code": "ERROR" });
    const corr = w.ids.uuid();
    w.emit(label(o.failed === undefined ? "latency" : "failed_request", done), stamped, {
      ...base,
      environment: env,
      correlation_id: corr,
      tags,
      payload: { payload_type: "telemetry", data: latencyData },
    });
    if (o.failed === undefined)
      w.emit(label("tokens", done), stamped, {
        ...base,
        environment: env,
        correlation_id: corr,
        tags: { "gen_ai.request.model": m.id, "service.name": m.service },
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "token_usage",
            model_id: m.id,
            request_id: requestId,
            prompt_tokens: o.prompt,
            completion_tokens: o.completion,
            total_tokens: o.prompt + o.completion,
          },
        },
      });
    return;
  }
  if (m.emitter === "gateway") {
    const status = o.failed === undefined ? "200" : (STATUS[o.failed] as string);
    w.emit(label(o.failed === undefined ? "latency" : "failed_request", done), stamped, {
      ...base,
      environment: env,
      tags: { "http.status_code": status, route: "/v1/chat/completions", upstream: m.id, ...retryTag },
      payload: { payload_type: "telemetry", data: latencyData },
    });
  } else if (m.emitter === "sdk") {
    if (o.failed === undefined)
      w.emit(label("latency", done), stamped, {
        ...base,
        environment: env,
        tags: { model: m.id, sdk: "python-3.4.1", ...retryTag },
        payload: { payload_type: "telemetry", data: latencyData },
      });
    else
      w.emit(label("failed_request", done), stamped, {
        ...base,
        source_module: "llm-analytics-hub",
        event_type: "lifecycle",
        environment: env,
        tags: { sdk: "python-3.4.1", ...retryTag },
        payload: {
          payload_type: "custom",
          data: {
            custom_type: "llm.request.error",
            data: { model: m.id, request_id: requestId, error: ERROR_TYPE[o.failed] ?? o.failed, attempt },
          },
        },
      });
  } else {
    // bridge: per-request latency of successes only; failures show in the scraped error rate.
    tally(s, done, o);
    if (o.failed === undefined)
      w.emit(label("latency", done), stamped, {
        ...base,
        environment: env,
        tags: { "gen_ai.request.model": m.id },
        payload: { payload_type: "telemetry", data: latencyData },
      });
  }
  // A request the client gave up on was still generated, and billed, up to the timeout.
  if (o.failed === undefined || o.failed === "timeout") bill(w, s, o, done, requestId);
}

function bill(w: Writer, s: ModelState, o: Outcome, done: number, requestId: string): void {
  const m = s.m;
  const cost = o.cached ? 0 : o.prompt * m.pricePrompt + o.completion * m.priceCompletion;
  const at = done + s.draws.lognormal(800, 0.7);
  w.emit({ kind: "cost", model: m.id, ms: at + m.skewMs, injected: o.injected }, at + m.billingSkewMs, {
    source_module: "llm-cost-ops",
    event_type: "cost",
    severity: "info",
    environment: m.environment,
    tags: { team: m.service },
    payload: {
      payload_type: "cost",
      data: {
        cost_type: "token_cost",
        model_id: m.id,
        request_id: requestId,
        prompt_tokens: o.prompt,
        completion_tokens: o.completion,
        total_tokens: o.prompt + o.completion,
        cost_per_prompt_token: m.pricePrompt,
        cost_per_completion_token: m.priceCompletion,
        total_cost_usd: Math.round(cost * 1e8) / 1e8,
        currency: "USD",
      },
    },
  });
}

function tally(s: ModelState, done: number, o: Outcome): void {
  const key = Math.floor(done / (s.m.scrapeS * SEC));
  const b = s.buckets.get(key) ?? { total: 0, failed: 0, tokens: 0 };
  b.total++;
  if (o.failed !== undefined) b.failed++;
  else b.tokens += o.prompt + o.completion;
  s.buckets.set(key, b);
}

/** bridge: the scrape reports (error rate and throughput) of every window that ended before b. */
function report(w: Writer, s: ModelState, b: number): void {
  const m = s.m;
  const step = m.scrapeS * SEC;
  const last = Math.floor(b / step) - 1;
  const first = s.lastReport < 0 ? Math.ceil(Math.max(w.day.startMs, m.fromMs) / step) : s.lastReport + 1;
  for (let k = first; k <= last; k++) {
    const x = s.buckets.get(k) ?? { total: 0, failed: 0, tokens: 0 };
    s.buckets.delete(k);
    const endMs = (k + 1) * step;
    if (m.leaves && endMs > m.toMs + m.rampMs + step) break;
    if (endMs >= s.nextRestart) {
      s.cumTotal = 0;
      s.cumFailed = 0;
      s.nextRestart = endMs + s.draws.exponential(30 * 3_600_000);
    }
    s.cumTotal += x.total;
    s.cumFailed += x.failed;
    s.lastReport = k;
    if (x.total === 0 && m.skipEmpty && !m.cumulative) continue;
    scrape(w, s, x, endMs);
  }
}

function scrape(w: Writer, s: ModelState, x: { total: number; failed: number; tokens: number }, endMs: number): void {
  const m = s.m;
  const total = m.cumulative ? s.cumTotal : x.total;
  const failed = m.cumulative ? s.cumFailed : x.failed;
  const injected = faultAt(s, endMs - 1).injected;
  const tags = { job: "llm-bridge", instance: `${m.service}-0:9464`, model: m.id };
  const common = {
    source_module: "llm-observatory" as SourceModule,
    event_type: "telemetry" as const,
    severity: "info" as Severity,
    environment: m.environment,
    tags,
  };
  const stamped = endMs + m.skewMs;
  w.emit({ kind: "error_rate", model: m.id, ms: stamped, injected }, stamped, {
    ...common,
    payload: {
      payload_type: "telemetry",
      data: {
        telemetry_type: "error_rate",
        model_id: m.id,
        total_requests: total,
        failed_requests: failed,
        error_rate_percent: total === 0 ? 0 : (100 * failed) / total,
        error_breakdown: failed === 0 ? {} : { upstream: failed },
        window_duration_seconds: m.scrapeS,
      },
    },
  });
  w.emit({ kind: "throughput", model: m.id, ms: stamped, injected }, stamped, {
    ...common,
    payload: {
      payload_type: "telemetry",
      data: {
        telemetry_type: "throughput",
        model_id: m.id,
        requests_per_second: x.total / m.scrapeS,
        tokens_per_second: x.tokens / m.scrapeS,
        concurrent_requests: Math.round((x.total / m.scrapeS) * (typicalMs(m) / SEC)),
        window_duration_seconds: m.scrapeS,
      },
    },
  });
}

/** Global events of [a, b): background threats (self-exciting), policy, auth, audit, checks, bills, and the injected waves. */
function background(w: Writer, r: Rand, a: number, b: number): void {
  const d = w.day;
  const hours = (b - a) / 3_600_000;
  const n = r.poisson(d.threatsPerHour * hours * (1 - d.threatBranching));
  for (let i = 0; i < n; i++) {
    let t = a + r.next() * (b - a);
    threat(w, r, t, undefined, "scanner");
    // A scanner's follow-ups: at most two, so a background cluster stays below what a security
    // team would call a wave (a first run let clusters grow to 7 threats in 10 minutes, unlabelled).
    for (let k = 0; k < 2 && r.chance(d.threatBranching); k++) {
      t += r.exponential(60 * SEC);
      threat(w, r, t, undefined, "scanner");
    }
  }
  for (let i = r.poisson(d.policyPerHour * hours); i > 0; i--) policy(w, r, a + r.next() * (b - a), undefined);
  for (let i = r.poisson(d.authFailPerHour * hours); i > 0; i--) auth(w, r, a + r.next() * (b - a), false);
  for (let i = r.poisson(d.auditPerHour * hours); i > 0; i--) audit(w, r, a + r.next() * (b - a), false, "");
  if (Math.floor(a / 3_600_000) !== Math.floor(b / 3_600_000) || a === d.startMs) hourly(w, r, b);
  for (const m of d.models) {
    if (m.joins && m.fromMs >= a && m.fromMs < b) lifecycle(w, m, m.fromMs, "model.register");
    if (m.leaves && m.toMs >= a && m.toMs < b) lifecycle(w, m, m.toMs, "model.retire");
  }
  for (const j of d.injections) {
    if (j.kind === "attack_wave") wave(w, r, j, a, b);
    else if (j.kind === "governance_cascade") cascade(w, r, j, a, b);
    else if (j.kind === "token_explosion" && j.effects) budget(w, r, j, a, b);
  }
}

/** The registry's record of a model joining or leaving (what a platform knows of a planned change). */
function lifecycle(w: Writer, m: FourthModel, t: number, action: string): void {
  w.emit({ kind: "other", model: m.id, ms: t + m.skewMs, injected: false }, t, {
    source_module: "llm-registry",
    event_type: "audit",
    severity: "info",
    environment: m.environment,
    tags: { model_id: m.id },
    payload: {
      payload_type: "governance",
      data: {
        governance_type: "audit_trail",
        action,
        actor: "release-bot",
        resource_type: "model",
        resource_id: m.id,
        changes: { status: action === "model.retire" ? "retired" : "active" },
      },
    },
  });
}

const THREAT_TYPES = ["prompt_injection", "data_exfiltration", "malicious_input", "unauthorized_access"] as const;

function threat(w: Writer, r: Rand, t: number, j: FourthInjection | undefined, vector: string): void {
  const type = j?.variant ?? r.pick(THREAT_TYPES);
  const level = r.weighted([
    ["low", 4],
    ["medium", 3],
    ["high", 2],
    ["critical", 1],
  ] as const);
  w.emit({ kind: "threat", model: j?.model, ms: t, injected: j !== undefined }, t + 2_000, {
    source_module: "llm-sentinel",
    event_type: "security",
    severity: r.chance(0.5) ? "info" : level === "critical" ? "critical" : "warning",
    environment: "production",
    tags: { detector: vector },
    payload: {
      payload_type: "security",
      data: {
        security_type: "threat",
        threat_id: `thr-${w.ids.u32().toString(16)}`,
        threat_type: type as (typeof THREAT_TYPES)[number],
        threat_level: level,
        source_ip: `203.0.113.${r.int(1, 254)}`,
        target_resource: j?.model === undefined ? "api-gateway" : `model/${j.model}`,
        attack_vector: vector,
        mitigation_status: r.pick(["detected", "blocked", "investigating"]),
        indicators_of_compromise: [],
      },
    },
  });
}

function policy(w: Writer, r: Rand, t: number, j: FourthInjection | undefined): void {
  const name = j?.variant ?? r.pick(["output-toxicity", "pii-in-prompt", "cost-ceiling", "tool-allowlist"]);
  const model = r.pick(w.day.models).id;
  w.emit({ kind: "policy", model: undefined, ms: t, injected: j !== undefined }, t + 1_500, {
    source_module: "llm-policy-engine",
    event_type: "governance",
    severity: r.chance(0.6) ? "info" : "warning",
    environment: "production",
    tags: { policy_bundle: j === undefined ? "stable" : "rollout-42" },
    payload: {
      payload_type: "governance",
      data: {
        governance_type: "policy_violation",
        policy_id: `pol-${name}`,
        policy_name: name,
        violation_description: `request to ${model} violated ${name}`,
        violated_rules: [`${name}/r${r.int(1, 9)}`],
        resource_id: `model/${model}`,
        user_id: `u-${r.int(1, 5000)}`,
        severity: r.pick(["low", "medium", "high"]),
        auto_remediated: r.chance(0.7),
      },
    },
  });
}

function auth(w: Writer, r: Rand, t: number, injected: boolean): void {
  w.emit({ kind: "other", model: undefined, ms: t, injected }, t, {
    source_module: "llm-sentinel",
    event_type: "security",
    severity: "info",
    environment: "production",
    tags: {},
    payload: {
      payload_type: "security",
      data: {
        security_type: "auth",
        user_id: `u-${r.int(1, 5000)}`,
        action: r.pick(["login", "access_attempt", "permission_denied"]),
        resource: "api",
        success: false,
        failure_reason: r.pick(["bad_token", "expired", "mfa_failed"]),
      },
    },
  });
}

function audit(w: Writer, r: Rand, t: number, injected: boolean, what: string): void {
  w.emit({ kind: "other", model: undefined, ms: t, injected }, t, {
    source_module: "llm-governance-dashboard",
    event_type: "audit",
    severity: "info",
    environment: "production",
    tags: {},
    payload: {
      payload_type: "governance",
      data: {
        governance_type: "audit_trail",
        action: what === "" ? r.pick(["update", "grant", "rotate_key"]) : "policy.update",
        actor: `ops-${r.int(1, 20)}`,
        resource_type: what === "" ? "project" : "policy",
        resource_id: what === "" ? `prj-${r.int(1, 40)}` : `pol-${what}`,
        changes: what === "" ? {} : { enforcement: "strict" },
      },
    },
  });
}

/** Hourly billing batches (not watched by the analysis), a compliance check and per-model quality scores. */
function hourly(w: Writer, r: Rand, t: number): void {
  w.emit({ kind: "other", model: undefined, ms: t, injected: false }, t, {
    source_module: "llm-cost-ops",
    event_type: "cost",
    severity: "info",
    environment: "production",
    tags: {},
    payload: {
      payload_type: "cost",
      data: {
        cost_type: "api_cost",
        provider: "upstream",
        api_endpoint: "/v1/chat/completions",
        request_count: r.int(100, 100_000),
        cost_per_request: 0.002,
        total_cost_usd: r.uniform(1, 200),
        billing_period: new Date(t).toISOString().slice(0, 13),
      },
    },
  });
  const passed = r.chance(0.9);
  w.emit({ kind: "other", model: undefined, ms: t, injected: false }, t + 30_000, {
    source_module: "llm-governance-dashboard",
    event_type: "governance",
    severity: "info",
    environment: "production",
    tags: {},
    payload: {
      payload_type: "governance",
      data: {
        governance_type: "compliance_check",
        check_id: `chk-${w.ids.u32().toString(16)}`,
        framework: "SOC2",
        controls_checked: ["CC6.1", "CC7.2"],
        passed,
        findings: passed ? [] : [{ control_id: "CC7.2", status: "fail", description: "log retention" }],
        score: passed ? 100 : 80,
      },
    },
  });
  for (const m of w.day.models) {
    if (rateAt(m, t) <= 0 || !r.chance(0.5)) continue;
    w.emit({ kind: "other", model: m.id, ms: t, injected: false }, t + m.skewMs, {
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: m.environment,
      tags: {},
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "model_performance",
          model_id: m.id,
          quality_score: Math.min(1, Math.max(0, r.uniform(0.7, 0.9) + 0.03 * r.normal())),
          custom_metrics: {},
        },
      },
    });
  }
}

/** An attack wave's threats in [a, b): front-loaded, the first a few seconds after the onset; auth failures follow. */
function wave(w: Writer, r: Rand, j: FourthInjection, a: number, b: number): void {
  const wr = new Rand(w.day.seed + Math.floor(j.trueOnsetMs / MIN), 41);
  const count = Math.round(j.magnitude);
  const gamma = wr.uniform(1, 2.2);
  for (let i = 0; i < count; i++) {
    const t = i === 0 ? j.trueOnsetMs + wr.uniform(0, 8) * SEC : j.trueOnsetMs + j.durationMs * wr.next() ** gamma;
    const lag = wr.uniform(20, 120) * SEC;
    const follow = j.effects && wr.chance(0.4);
    if (t >= a && t < b) threat(w, r, t, j, "waf-rule-931");
    if (follow && t + lag >= a && t + lag < b) auth(w, r, t + lag, true);
  }
}

/** A governance cascade in [a, b): a policy rollout (audited before the onset when effects) and its violations. */
function cascade(w: Writer, r: Rand, j: FourthInjection, a: number, b: number): void {
  const before = j.trueOnsetMs - 45 * SEC;
  if (j.effects && before >= a && before < b) audit(w, r, before, true, j.variant);
  const cr = new Rand(w.day.seed + Math.floor(j.trueOnsetMs / MIN), 43);
  const count = Math.max(1, cr.poisson((j.magnitude * j.durationMs) / MIN));
  for (let i = 0; i < count; i++) {
    const t = i === 0 ? j.trueOnsetMs + cr.uniform(0, 5) * SEC : j.trueOnsetMs + cr.next() * j.durationMs;
    if (t >= a && t < b) policy(w, r, t, j);
  }
}

/** Budget alerts a few minutes into a token runaway. */
function budget(w: Writer, r: Rand, j: FourthInjection, a: number, b: number): void {
  const t = j.trueOnsetMs + (3 + (j.trueOnsetMs % 9)) * MIN;
  if (t < a || t >= b || t >= j.trueOnsetMs + j.durationMs) return;
  w.emit({ kind: "other", model: j.model, ms: t, injected: true }, t, {
    source_module: "llm-cost-ops",
    event_type: "alert",
    severity: "warning",
    environment: "production",
    tags: { model: j.model ?? "" },
    payload: {
      payload_type: "cost",
      data: {
        cost_type: "budget_alert",
        budget_id: "bud-llm-monthly",
        budget_name: "LLM spend (monthly)",
        budget_limit_usd: 50_000,
        current_spend_usd: 40_000 + r.uniform(0, 12_000),
        threshold_percent: 80,
        alert_type: "warning",
      },
    },
  });
}
