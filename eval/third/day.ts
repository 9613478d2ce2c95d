/*
 * The third scenario generator: one day of producers with shapes eval/world.ts and
 * eval/heldout/ do not have. Written without reading either (only the wire format, the
 * evaluation section of docs/correlation.md and eval/score.ts's ground-truth types), so that a
 * rule tuned to their shapes shows here as a miss or a false incident.
 *
 * Producers, per model (one emitter each):
 * - `spans`: a tracing exporter that writes one `latency` event per request and nothing else
 *   (no token counts, no metrics): failures are flagged by `otel.status_code: ERROR` and
 *   `error.type`; timestamps carry nanoseconds.
 * - `gateway`: a proxy writing a `latency` event per attempt and, for each success, a
 *   `token_cost` bill linked by `correlation_id`/`parent_event_id`; failures carry
 *   `http.status_code` 429/500/503/504.
 * - `prom`: a Prometheus bridge. The application writes a `latency` event per request but says
 *   nothing of failures there; every scrape (15, 30 or 60 s) the bridge forwards the
 *   *cumulative* counters `llm_requests_total` and `llm_request_failures_total` as an
 *   `error_rate` payload (totals since the process started, reset to 0 by every restart) and a
 *   recording rule's `rate()` as a `throughput` payload.
 * Traffic per model: Poisson with a rate from 1 request a minute to 50 a second, optionally a
 * diurnal swing or hourly/quarter-hourly cron batches on a trickle; latency is time to first
 * token plus completion tokens over a decode speed (embeddings: a short log-normal), capped by
 * a client timeout that fails the request. Noise: deployments (a latency level shift, a counter
 * reset, a failed request or two at the restart, an audit record), a tenant joining (traffic
 * steps up), auth, audit, compliance checks, billing batches, a stray threat or policy
 * violation, a budget warning. Severities: `info`, `debug`, set by the emitter, or random.
 */
import type { AnalyticsEvent } from "../../src/events/index.js";
import type { Injection, Label } from "../world.js";

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;

export type Emitter = "spans" | "gateway" | "prom";
export type Traffic = "steady" | "diurnal" | "cron";
export type SeverityHabit = "info" | "debug" | "emitter" | "random";
type Profile = "chat" | "fast" | "reason" | "embed";

export interface ThirdModel {
  readonly id: string;
  readonly profile: Profile;
  readonly emitter: Emitter;
  readonly traffic: Traffic;
  /** Mean requests per minute (for cron: the trickle between batches). */
  readonly perMinute: number;
  /** Cron: a batch every `cronEveryMin` minutes of `cronSize` requests over 1–3 minutes. */
  readonly cronEveryMin: number;
  readonly cronSize: number;
  readonly baseErrorRate: number;
  /** Prometheus scrape interval (prom emitters). */
  readonly scrapeS: number;
  readonly environment: string;
}

export interface ThirdDay {
  readonly name: string;
  readonly label: string;
  readonly seed: number;
  readonly startMs: number;
  readonly spanMs: number;
  readonly models: readonly ThirdModel[];
  readonly severity: SeverityHabit;
  readonly injections: readonly Injection[];
  /** Deployments: from `ms` on, the model's latency is multiplied by `factor`. */
  readonly deploys: readonly { readonly model: string; readonly ms: number; readonly factor: number }[];
  /** A tenant joining: from `ms` on, the model's traffic is multiplied by `factor`. */
  readonly joins: readonly { readonly model: string; readonly ms: number; readonly factor: number }[];
}

/** sfc32 seeded through splitmix32 from a string: independent streams per day × purpose. */
export class Rand {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  constructor(seed: number, stream = "") {
    let h = seed >>> 0;
    for (let i = 0; i < stream.length; i++) h = Math.imul(h ^ stream.charCodeAt(i), 0x9e3779b1) >>> 0;
    const next = () => {
      h = (h + 0x9e3779b9) >>> 0;
      let z = h;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next();
    for (let i = 0; i < 12; i++) this.next();
  }
  next(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return (t >>> 0) / 4294967296;
  }
  between(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  int(lo: number, hi: number): number {
    return Math.floor(this.between(lo, hi + 1));
  }
  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }
  logNormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.normal());
  }
  poisson(mean: number): number {
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit) {
      k++;
      p *= this.next();
    }
    return k;
  }
  uuid(): string {
    const hex = (n: number) =>
      Math.floor(this.next() * 16 ** n)
        .toString(16)
        .padStart(n, "0");
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${this.pick(["8", "9", "a", "b"])}${hex(3)}-${hex(12)}`;
  }
}

const PROFILES: Readonly<
  Record<Profile, { ttftMs: number; tps: number; completion: number; prompt: number; timeoutMs: number }>
> = {
  chat: { ttftMs: 450, tps: 70, completion: 220, prompt: 900, timeoutMs: 60_000 },
  fast: { ttftMs: 120, tps: 280, completion: 120, prompt: 400, timeoutMs: 20_000 },
  reason: { ttftMs: 2500, tps: 55, completion: 1400, prompt: 1200, timeoutMs: 120_000 },
  embed: { ttftMs: 35, tps: 0, completion: 0, prompt: 300, timeoutMs: 10_000 },
};
const PRICE: Readonly<Record<Profile, [number, number]>> = {
  chat: [2.5e-6, 1e-5],
  fast: [5e-8, 8e-8],
  reason: [1.1e-6, 4.4e-6],
  embed: [2e-8, 0],
};

interface Request {
  readonly model: ThirdModel;
  readonly endMs: number;
  readonly latencyMs: number;
  readonly failed: boolean;
  readonly status: string;
  readonly prompt: number;
  readonly completion: number;
  readonly injected: boolean;
  readonly tenant: string;
}

/** Multipliers an injection applies at time `ms` to one model. */
function effectsAt(day: ThirdDay, model: string, ms: number) {
  let latency = 1;
  let latencyShare = 0;
  let errorRate = 0;
  let tokens = 1;
  let tokenShare = 0;
  let traffic = 1;
  for (const i of day.injections) {
    if (i.model !== model || ms < i.onsetMs || ms >= i.onsetMs + i.durationMs) continue;
    const t = ms - i.onsetMs;
    if (i.kind === "latency_spike") {
      latency = Math.max(latency, i.magnitude);
      latencyShare = i.fraction;
    } else if (i.kind === "gradual_drift") {
      // A ramp over the first three quarters of the incident, then a plateau.
      const ramp = Math.min(1, t / (0.75 * i.durationMs));
      latency = Math.max(latency, 1 + (i.magnitude - 1) * ramp);
      latencyShare = 1;
    } else if (i.kind === "error_burst") errorRate = Math.max(errorRate, i.fraction);
    else if (i.kind === "token_explosion") {
      tokens = i.magnitude;
      tokenShare = i.fraction;
    } else if (i.kind === "throughput_collapse") traffic = Math.min(traffic, i.magnitude);
  }
  return { latency, latencyShare, errorRate, tokens, tokenShare, traffic };
}

function rateAt(day: ThirdDay, m: ThirdModel, ms: number): number {
  let rate = m.perMinute;
  if (m.traffic === "diurnal") {
    const hourOfDay = ((ms / HOUR) % 24) + 0;
    rate *= 1 + 0.6 * Math.sin(((hourOfDay - 9) / 24) * 2 * Math.PI);
  }
  for (const j of day.joins) if (j.model === m.id && ms >= j.ms) rate *= j.factor;
  return rate;
}

/** The requests that start in minute `minuteMs` on model `m`. */
function requestsOfMinute(day: ThirdDay, m: ThirdModel, minuteMs: number, rng: Rand): Request[] {
  const fx = effectsAt(day, m.id, minuteMs);
  let count = rng.poisson(rateAt(day, m, minuteMs) * fx.traffic);
  if (m.traffic === "cron") {
    const sinceBatch = Math.floor((minuteMs - day.startMs) / MINUTE) % m.cronEveryMin;
    if (sinceBatch < 2) count += rng.poisson((m.cronSize / 2) * fx.traffic);
  }
  const p = PROFILES[m.profile];
  const shift = day.deploys.filter((d) => d.model === m.id && d.ms <= minuteMs).reduce((f, d) => f * d.factor, 1);
  const out: Request[] = [];
  for (let k = 0; k < count; k++) {
    const startMs = minuteMs + Math.floor(rng.next() * MINUTE);
    let prompt = Math.max(1, Math.round(rng.logNormal(p.prompt, 0.8)));
    const explode = rng.chance(fx.tokenShare);
    // An embedding model has no completion: its explosion is in the input (a chunker gone wrong).
    if (explode && p.completion === 0) prompt = Math.round(prompt * fx.tokens);
    const completion =
      p.completion === 0 ? 0 : Math.round(rng.logNormal(p.completion, 0.6) * (explode ? fx.tokens : 1));
    let latency =
      m.profile === "embed"
        ? rng.logNormal(p.ttftMs + prompt / 40, 0.35)
        : rng.logNormal(p.ttftMs, 0.4) + (completion / p.tps) * 1000 * rng.logNormal(1, 0.15);
    latency *= shift;
    const slowed = rng.chance(fx.latencyShare);
    if (slowed) latency *= fx.latency;
    // A restart drops the requests in flight in its first seconds.
    const restarting = day.deploys.some((d) => d.model === m.id && startMs >= d.ms && startMs < d.ms + 4000);
    let failed = restarting || rng.chance(m.baseErrorRate);
    let status = restarting ? "503" : rng.pick(["500", "503", "429"]);
    const burst = rng.chance(fx.errorRate);
    if (burst) {
      failed = true;
      status = rng.pick(["503", "500", "429", "429"]);
    }
    if (failed) latency = Math.min(latency, rng.logNormal(p.ttftMs, 0.5));
    if (latency >= p.timeoutMs) {
      failed = true;
      status = "504";
      latency = p.timeoutMs;
    }
    const tenant = day.joins.some((j) => j.model === m.id && startMs >= j.ms) && rng.chance(0.5) ? "globex" : "acme";
    out.push({
      model: m,
      endMs: Math.round(startMs + latency),
      latencyMs: Math.round(latency * 10) / 10,
      failed,
      status,
      prompt,
      completion: failed ? 0 : completion,
      injected: slowed || burst || explode,
      tenant,
    });
  }
  return out;
}

const iso = (ms: number): string => new Date(ms).toISOString();
const nanos = (ms: number, rng: Rand): string =>
  `${iso(ms).slice(0, 23)}${String(rng.int(0, 999_999)).padStart(6, "0")}Z`;

export interface GeneratedThird {
  readonly events: Generator<AnalyticsEvent, void, undefined>;
  readonly labels: Map<string, Label>;
}

/** The day's events, minute by minute (not sorted within a minute), and their labels as they are drawn. */
export function generateThird(day: ThirdDay): GeneratedThird {
  const labels = new Map<string, Label>();
  return { events: events(day, labels), labels };
}

function* events(day: ThirdDay, labels: Map<string, Label>): Generator<AnalyticsEvent, void, undefined> {
  const rng = new Rand(day.seed, "events");
  const severity = (failed: boolean, high: boolean): AnalyticsEvent["severity"] => {
    if (day.severity === "info") return "info";
    if (day.severity === "debug") return "debug";
    if (day.severity === "random") return rng.pick(["debug", "info", "warning", "error", "critical"] as const);
    return high ? "critical" : failed ? "error" : "info";
  };
  const event: Make = (ms, label, fields) => {
    const id = rng.uuid();
    labels.set(id, { ...label, ms });
    return {
      event_id: id,
      timestamp: iso(ms),
      schema_version: "1.0.0",
      severity: "info",
      tags: {},
      ...fields,
    } as AnalyticsEvent;
  };
  // Prometheus bridge state per model: cumulative counters, completions per scrape, last scrape.
  const prom = new Map<string, { total: number; failed: number; bins: Map<number, [number, number, boolean]> }>();
  // The process ran before the capture: its counters start at 1 hour to 1 day of earlier traffic.
  const before = new Rand(day.seed, "counters");
  for (const m of day.models) {
    if (m.emitter !== "prom") continue;
    const total = Math.round(m.perMinute * before.between(60, 1440));
    prom.set(m.id, { total, failed: Math.round(total * m.baseErrorRate), bins: new Map() });
  }
  const endMs = day.startMs + day.spanMs;
  const scrapeUpTo = function* (m: ThirdModel, untilMs: number): Generator<AnalyticsEvent> {
    const state = prom.get(m.id);
    if (state === undefined) return;
    const step = m.scrapeS * 1000;
    for (const [bin, [n, f, injected]] of [...state.bins].sort((a, b) => a[0] - b[0])) {
      const at = day.startMs + (bin + 1) * step;
      if (at > untilMs) break;
      state.bins.delete(bin);
      if (at > endMs) continue;
      const restart = day.deploys.find((d) => d.model === m.id && d.ms > at - step && d.ms <= at);
      if (restart !== undefined) {
        state.total = 0;
        state.failed = 0;
      }
      state.total += n;
      state.failed += f;
      const env = { source_module: "llm-observatory" as const, event_type: "telemetry" as const };
      const tags = { job: "llm-gateway", instance: `${m.environment}-pod-0:9090`, exporter: "prometheus" };
      yield event(
        at,
        { kind: "error_rate", model: m.id, injected },
        {
          ...env,
          environment: m.environment,
          severity: severity(f > 0, false),
          tags,
          payload: {
            payload_type: "telemetry",
            data: {
              telemetry_type: "error_rate",
              model_id: m.id,
              total_requests: state.total,
              failed_requests: state.failed,
              error_rate_percent: state.total === 0 ? 0 : (100 * state.failed) / state.total,
              error_breakdown: {},
              window_duration_seconds: m.scrapeS,
            },
          },
        },
      );
      yield event(
        at,
        { kind: "throughput", model: m.id, injected: false },
        {
          ...env,
          environment: m.environment,
          severity: severity(false, false),
          tags,
          payload: {
            payload_type: "telemetry",
            data: {
              telemetry_type: "throughput",
              model_id: m.id,
              requests_per_second: n / m.scrapeS,
              tokens_per_second: 0,
              concurrent_requests: Math.round((n / m.scrapeS) * 2),
              window_duration_seconds: m.scrapeS,
            },
          },
        },
      );
    }
  };

  for (let minute = day.startMs; minute < endMs; minute += MINUTE) {
    for (const m of day.models) {
      for (const r of requestsOfMinute(day, m, minute, rng)) {
        if (r.endMs >= endMs) continue;
        const requestId =
          m.emitter === "spans" ? rng.uuid().replaceAll("-", "") : `chatcmpl-${rng.uuid().slice(0, 18)}`;
        const correlation = m.emitter === "gateway" ? rng.uuid() : null;
        const tags: Record<string, string> = { tenant: r.tenant };
        const tagged = r.failed && m.emitter !== "prom";
        if (r.failed && m.emitter === "spans") {
          tags["otel.status_code"] = "ERROR";
          tags["error.type"] = r.status === "504" ? "timeout" : r.status === "429" ? "RateLimitError" : "APIError";
        }
        if (m.emitter === "gateway") tags["http.status_code"] = r.failed ? r.status : "200";
        if (m.emitter === "spans") tags["service.name"] = `${r.tenant}-assistant`;
        const latency = event(
          r.endMs,
          { kind: tagged ? "failed_request" : "latency", model: m.id, injected: r.injected },
          {
            source_module: "llm-observatory",
            event_type: "telemetry",
            environment: m.environment,
            severity: severity(r.failed, false),
            correlation_id: correlation,
            tags,
            ...(m.emitter === "spans" ? { timestamp: nanos(r.endMs, rng) } : {}),
            payload: {
              payload_type: "telemetry",
              data: {
                telemetry_type: "latency",
                model_id: m.id,
                request_id: requestId,
                total_latency_ms: r.latencyMs,
                ...(m.emitter === "spans" || m.profile === "embed"
                  ? {}
                  : { ttft_ms: Math.min(r.latencyMs, PROFILES[m.profile].ttftMs) }),
              },
            },
          },
        );
        yield latency;
        if (m.emitter === "gateway" && !r.failed) {
          const [pp, pc] = PRICE[m.profile];
          yield event(
            r.endMs + 5,
            { kind: "cost", model: m.id, injected: r.injected },
            {
              source_module: "llm-cost-ops",
              event_type: "cost",
              environment: m.environment,
              severity: severity(false, false),
              correlation_id: correlation,
              parent_event_id: latency.event_id,
              tags: { tenant: r.tenant },
              payload: {
                payload_type: "cost",
                data: {
                  cost_type: "token_cost",
                  model_id: m.id,
                  request_id: requestId,
                  prompt_tokens: r.prompt,
                  completion_tokens: r.completion,
                  total_tokens: r.prompt + r.completion,
                  cost_per_prompt_token: pp,
                  cost_per_completion_token: pc,
                  total_cost_usd: r.prompt * pp + r.completion * pc,
                  currency: "USD",
                },
              },
            },
          );
        }
        const state = prom.get(m.id);
        if (state !== undefined) {
          const bin = Math.floor((r.endMs - day.startMs) / (m.scrapeS * 1000));
          const cell = state.bins.get(bin) ?? [0, 0, false];
          state.bins.set(bin, [cell[0] + 1, cell[1] + (r.failed ? 1 : 0), cell[2] || (r.failed && r.injected)]);
        }
      }
      // Scrapes whose completions are all in: no request outlives its timeout (≤ 2 min).
      yield* scrapeUpTo(m, minute - 2 * MINUTE);
    }
    yield* background(day, minute, rng, event, severity);
  }
  for (const m of day.models) yield* scrapeUpTo(m, Number.POSITIVE_INFINITY);
}

type Fields = Omit<AnalyticsEvent, "event_id" | "timestamp" | "schema_version" | "severity" | "tags"> & {
  readonly tags?: Record<string, string>;
  readonly severity?: AnalyticsEvent["severity"];
  readonly timestamp?: string;
};
type Make = (ms: number, label: Omit<Label, "ms">, fields: Fields) => AnalyticsEvent;

/** Security, governance, audit and billing events of minute `minute`, and the injected waves. */
function* background(
  day: ThirdDay,
  minute: number,
  rng: Rand,
  event: Make,
  severity: (failed: boolean, high: boolean) => AnalyticsEvent["severity"],
): Generator<AnalyticsEvent> {
  const at = () => minute + Math.floor(rng.next() * MINUTE);
  const env = day.models[0]?.environment ?? "production";
  const users = day.models.reduce((s, m) => s + m.perMinute, 0);
  // Auth: logins and token refreshes in proportion to traffic, ~2 % failing.
  for (let k = rng.poisson(Math.min(20, 0.05 * users + 0.2)); k > 0; k--) {
    const ok = !rng.chance(0.02);
    yield event(
      at(),
      { kind: "other", model: undefined, injected: false },
      {
        source_module: "llm-sentinel",
        event_type: "security",
        environment: env,
        severity: severity(!ok, false),
        payload: {
          payload_type: "security",
          data: {
            security_type: "auth",
            user_id: `user-${rng.int(1, 400)}`,
            action: rng.pick(["login", "token_generated", "access_attempt"]),
            resource: "/v1/chat/completions",
            success: ok,
            ...(ok ? {} : { failure_reason: "invalid_token" }),
          },
        },
      },
    );
  }
  const waves = day.injections.filter(
    (i) =>
      (i.kind === "attack_wave" || i.kind === "governance_cascade") &&
      minute >= i.onsetMs - MINUTE &&
      minute < i.onsetMs + i.durationMs,
  );
  // Stray threats (≈ 2 a day) and policy violations (≈ 6 a day), plus the injected waves.
  const threatRate = 2 / 1440 + waves.filter((w) => w.kind === "attack_wave").reduce((s, w) => s + w.magnitude, 0);
  const policyRate =
    6 / 1440 + waves.filter((w) => w.kind === "governance_cascade").reduce((s, w) => s + w.magnitude, 0);
  for (let k = rng.poisson(threatRate); k > 0; k--) {
    const ms = at();
    const wave = waves.find((w) => w.kind === "attack_wave" && ms >= w.onsetMs && ms < w.onsetMs + w.durationMs);
    if (wave === undefined && waves.some((w) => w.kind === "attack_wave") && rng.chance(0.9)) continue;
    const target = wave?.model ?? rng.pick(day.models).id;
    yield event(
      ms,
      { kind: "threat", model: target, injected: wave !== undefined },
      {
        source_module: "llm-sentinel",
        event_type: "security",
        environment: env,
        severity: severity(true, true),
        tags: { model: target },
        payload: {
          payload_type: "security",
          data: {
            security_type: "threat",
            threat_id: `thr-${rng.int(1e5, 1e6 - 1)}`,
            threat_type: rng.pick(["prompt_injection", "prompt_injection", "data_exfiltration", "malicious_input"]),
            threat_level: rng.pick(["medium", "high", "low"]),
            source_ip: `203.0.113.${rng.int(1, 254)}`,
            target_resource: target,
            attack_vector: "user_prompt",
            mitigation_status: rng.pick(["blocked", "detected"]),
            indicators_of_compromise: ["ignore previous instructions"],
          },
        },
      },
    );
  }
  for (let k = rng.poisson(policyRate); k > 0; k--) {
    const ms = at();
    const wave = waves.find((w) => w.kind === "governance_cascade" && ms >= w.onsetMs && ms < w.onsetMs + w.durationMs);
    if (wave === undefined && waves.some((w) => w.kind === "governance_cascade") && rng.chance(0.9)) continue;
    yield event(
      ms,
      { kind: "policy", model: undefined, injected: wave !== undefined },
      {
        source_module: "llm-policy-engine",
        event_type: "governance",
        environment: env,
        severity: severity(true, false),
        payload: {
          payload_type: "governance",
          data: {
            governance_type: "policy_violation",
            policy_id: "pol-pii-outbound",
            policy_name: "No PII in completions",
            violation_description: "completion contained an e-mail address",
            violated_rules: ["pii.email"],
            resource_id: `conv-${rng.int(1, 1e6)}`,
            user_id: `user-${rng.int(1, 400)}`,
            severity: rng.pick(["medium", "high"]),
            auto_remediated: rng.chance(0.7),
          },
        },
      },
    );
  }
  // Deployments write an audit record; compliance checks run hourly; billing lands hourly.
  for (const d of day.deploys) {
    if (d.ms >= minute && d.ms < minute + MINUTE)
      yield event(
        d.ms,
        { kind: "other", model: d.model, injected: false },
        {
          source_module: "llm-registry",
          event_type: "audit",
          environment: env,
          severity: severity(false, false),
          payload: {
            payload_type: "governance",
            data: {
              governance_type: "audit_trail",
              action: "deploy",
              actor: "ci-bot",
              resource_type: "model_route",
              resource_id: d.model,
              changes: { image: `gateway:${rng.int(100, 999)}` },
            },
          },
        },
      );
  }
  const offset = minute - day.startMs;
  if (offset % HOUR === 17 * MINUTE)
    yield event(
      minute + 5000,
      { kind: "other", model: undefined, injected: false },
      {
        source_module: "llm-governance-dashboard",
        event_type: "governance",
        environment: env,
        severity: severity(false, false),
        payload: {
          payload_type: "governance",
          data: {
            governance_type: "compliance_check",
            check_id: `chk-${offset / HOUR}`,
            framework: "SOC2",
            controls_checked: ["CC6.1", "CC7.2"],
            passed: true,
            findings: [],
            score: 0.97,
          },
        },
      },
    );
  if (offset % HOUR === 42 * MINUTE)
    yield event(
      minute + 1000,
      { kind: "other", model: undefined, injected: false },
      {
        source_module: "llm-cost-ops",
        event_type: "cost",
        environment: env,
        severity: severity(false, false),
        payload: {
          payload_type: "cost",
          data: {
            cost_type: "api_cost",
            provider: "openai",
            api_endpoint: "/v1/chat/completions",
            request_count: Math.round(users * 60),
            cost_per_request: 0.002,
            total_cost_usd: users * 60 * 0.002,
            billing_period: "hourly",
          },
        },
      },
    );
  // Budget alerts: a cost incident's, some minutes after its onset; and a routine daily warning.
  for (const i of day.injections) {
    const alertAt = i.onsetMs + Math.min(i.durationMs / 2, 8 * MINUTE);
    if (i.kind === "token_explosion" && i.effects && alertAt >= minute && alertAt < minute + MINUTE)
      yield budgetAlert(alertAt, i.model, false);
  }
  if (offset === Math.floor(day.spanMs / 3 / MINUTE) * MINUTE) yield budgetAlert(minute + 30_000, undefined, true);
  function budgetAlert(ms: number, model: string | undefined, routine: boolean): AnalyticsEvent {
    return event(
      ms,
      { kind: "other", model, injected: !routine },
      {
        source_module: "llm-cost-ops",
        event_type: "alert",
        environment: env,
        severity: severity(false, !routine),
        payload: {
          payload_type: "cost",
          data: {
            cost_type: "budget_alert",
            budget_id: "team-ml",
            budget_name: "ML platform monthly",
            budget_limit_usd: 5000,
            current_spend_usd: routine ? 4010 : 5120,
            threshold_percent: routine ? 80 : 100,
            alert_type: routine ? "warning" : "exceeded",
          },
        },
      },
    );
  }
}
