import { analyzeIncidents } from "../../src/correlation/index.js";
import { AnalyticsEvent, type AnalyticsEventInput, type SourceModule } from "../../src/events/index.js";
import { gaussian, mulberry32 } from "../prng.js";

/** Deep-freezes a value, so a helper that mutates its input throws in strict mode. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

/** A deterministic UUID from a small number: 00000000-0000-4000-8000-00000000000n (hex). */
export function uuidOf(n: number): string {
  return `00000000-0000-4000-8000-${n.toString(16).padStart(12, "0")}`;
}

/** Minutes after 2025-06-03T14:00:00Z as an RFC 3339 timestamp. */
export function at(minutes: number): string {
  return new Date(Date.UTC(2025, 5, 3, 14, 0, 0) + Math.round(minutes * 60_000)).toISOString().replace(".000Z", "Z");
}

/** Whether an incident's start is within one window of a fault's start (`minute`, as `at` reads it). */
export function onsetWithin(incident: { readonly start: string }, minute: number, windowMs: number): boolean {
  return Math.abs(Date.parse(incident.start) - Date.parse(at(minute))) <= windowMs;
}

type Payload = AnalyticsEventInput["payload"];

interface EventSpec {
  readonly id: number;
  readonly minute: number;
  readonly module: SourceModule;
  readonly type?: AnalyticsEventInput["event_type"];
  readonly severity?: AnalyticsEventInput["severity"];
  readonly parent?: number;
  readonly correlation?: number;
  readonly payload: Payload;
}

/** A parsed, frozen AnalyticsEvent. */
export function event(spec: EventSpec): AnalyticsEvent {
  const input: AnalyticsEventInput = {
    event_id: uuidOf(spec.id),
    timestamp: at(spec.minute),
    source_module: spec.module,
    event_type: spec.type ?? (spec.payload.payload_type === "custom" ? "audit" : spec.payload.payload_type),
    severity: spec.severity ?? "info",
    environment: "production",
    payload: spec.payload,
    ...(spec.parent === undefined ? {} : { parent_event_id: uuidOf(spec.parent) }),
    ...(spec.correlation === undefined ? {} : { correlation_id: uuidOf(spec.correlation) }),
  };
  return deepFreeze(AnalyticsEvent.parse(input));
}

/** A request logged as one `latency` event when it ends (`RequestEnd`). */
export interface RequestEnd {
  /** Event number (the id is `uuidOf(n)`). */
  readonly n: number;
  readonly model: string;
  /** When the request began, in minutes after 2025-06-03T14:00:00Z (`at`). */
  readonly minute: number;
  readonly ms: number;
  readonly requestId: string;
  readonly tags?: Record<string, string>;
}

/** The frozen `latency` event of a request, stamped at its end (began `minute`, took `ms`). */
export function requestEnded(r: RequestEnd): AnalyticsEvent {
  return deepFreeze(
    AnalyticsEvent.parse({
      event_id: uuidOf(r.n),
      timestamp: at(r.minute + r.ms / 60_000),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
      ...(r.tags === undefined ? {} : { tags: r.tags }),
      payload: {
        payload_type: "telemetry",
        data: { telemetry_type: "latency", model_id: r.model, request_id: r.requestId, total_latency_ms: r.ms },
      },
    }),
  );
}

/**
 * Every model's requests, each taking `ms`, as `requestEnded` events: `starts` maps a model to the
 * minutes its requests began; events are numbered 1… in the map's order, request ids `req-<n>`.
 */
export function requestsEnded(starts: ReadonlyMap<string, readonly number[]>, ms: number): AnalyticsEvent[] {
  let n = 0;
  return [...starts].flatMap(([model, minutes]) =>
    minutes.map((minute) => {
      n++;
      return requestEnded({ n, model, minute, ms, requestId: `req-${n}` });
    }),
  );
}

/** A request of one model: when it began and how long it took, in milliseconds. */
export interface TimedRequest {
  readonly beginMs: number;
  readonly durationMs: number;
}

/**
 * One `latency` event per request of `model`, stamped at its end (as a tracing SDK logs a
 * request), ids `firstId`…(firstId + n − 1) and request ids `req-<id>` in the order given,
 * returned in time order.
 */
export function requestLatencyEvents(model: string, reqs: readonly TimedRequest[], firstId = 1): AnalyticsEvent[] {
  return reqs
    .map((r, n) =>
      AnalyticsEvent.parse({
        event_id: uuidOf(n + firstId),
        timestamp: new Date(Math.round(r.beginMs + r.durationMs)).toISOString(),
        source_module: "llm-observatory",
        event_type: "telemetry",
        severity: "info",
        environment: "production",
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: model,
            request_id: `req-${n + firstId}`,
            total_latency_ms: Math.round(r.durationMs * 1000) / 1000,
          },
        },
      }),
    )
    .sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/** A request of one model with its output tokens (`sizedRequests`). */
export interface SizedRequest extends TimedRequest {
  readonly completion: number;
}

/**
 * Requests of one model over [`from`, `from + spanMs`), `perMinute` a minute (Poisson), each a
 * time to the first token plus its output tokens over a decoding speed: output tokens
 * 300·e^(0.9·Z), duration (350 ms·e^(0.25·Z) + 15 ms a token)·e^(0.08·Z)·slow(t).
 */
export function sizedRequests(
  seed: number,
  shape: {
    readonly from: number;
    readonly spanMs: number;
    readonly perMinute: number;
    readonly slow: (t: number) => number;
  },
): SizedRequest[] {
  const u = mulberry32(seed);
  const out: SizedRequest[] = [];
  for (let t = shape.from; t < shape.from + shape.spanMs; ) {
    t += (-Math.log(1 - u()) / shape.perMinute) * 60_000;
    const completion = Math.max(1, Math.round(300 * Math.exp(0.9 * gaussian(u))));
    const own = 350 * Math.exp(0.25 * gaussian(u)) + 15 * completion;
    out.push({ beginMs: t, durationMs: own * Math.exp(0.08 * gaussian(u)) * shape.slow(t), completion });
  }
  return out;
}

/**
 * A latency event (the duration rounded to `latencyDigits` decimals) and a token_usage event
 * (400 prompt tokens) per request of `model`, both at its end, ids 2n+1 and 2n+2 and request id
 * `req-(n+1)` for the n-th request given, returned in time order.
 */
export function sizedRequestEvents(
  model: string,
  reqs: readonly SizedRequest[],
  latencyDigits: number,
): AnalyticsEvent[] {
  const scale = 10 ** latencyDigits;
  const out: AnalyticsEvent[] = [];
  reqs.forEach((r, n) => {
    const common = {
      timestamp: new Date(Math.round(r.beginMs + r.durationMs)).toISOString(),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
    };
    const request_id = `req-${n + 1}`;
    const total_latency_ms = Math.round(r.durationMs * scale) / scale;
    out.push(
      AnalyticsEvent.parse({
        ...common,
        event_id: uuidOf(2 * n + 1),
        payload: {
          payload_type: "telemetry",
          data: { telemetry_type: "latency", model_id: model, request_id, total_latency_ms },
        },
      }),
      AnalyticsEvent.parse({
        ...common,
        event_id: uuidOf(2 * n + 2),
        payload: tokenUsage(model, request_id, 400, r.completion),
      }),
    );
  });
  return out.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/**
 * The incident on `model` of `analyzeIncidents(events)`: its latency series' onset, the end time
 * of that series' onset event (the request the change is dated by) and the incident's root signal.
 */
export function latencyOnset(events: readonly AnalyticsEvent[], model: string) {
  const analysis = analyzeIncidents(events);
  const incident = analysis.incidents.find((i) => i.models.includes(model));
  const series = incident?.series.find((s) => s.signal === "latency_p95");
  const root = events.find((e) => e.event_id === series?.onset_event_id);
  return {
    analysis,
    onsetMs: series === undefined ? Number.NaN : Date.parse(series.onset),
    rootEndMs: root === undefined ? Number.NaN : Date.parse(root.timestamp),
    rootSignal: incident?.root?.signal,
  };
}

export const latency = (model: string, ms: number, requestId = "r"): Payload => ({
  payload_type: "telemetry",
  data: { telemetry_type: "latency", model_id: model, request_id: requestId, total_latency_ms: ms },
});

/** A model_performance record: one quality score (rounded to three decimals, as an emitter reports it). */
export const qualityScore = (model: string, score: number): Payload => ({
  payload_type: "telemetry",
  data: {
    telemetry_type: "model_performance",
    model_id: model,
    accuracy: null,
    quality_score: Math.round(score * 1000) / 1000,
    user_satisfaction: null,
    custom_metrics: {},
  },
});

/** A token_usage record of one request: `prompt` and `completion` tokens, their sum as the total. */
export const tokenUsage = (model: string, requestId: string, prompt: number, completion: number): Payload => ({
  payload_type: "telemetry",
  data: {
    telemetry_type: "token_usage",
    model_id: model,
    request_id: requestId,
    prompt_tokens: prompt,
    completion_tokens: completion,
    total_tokens: prompt + completion,
  },
});

/** A throughput exporter's report of `requests` over its window of `windowMinutes`. */
export const throughput = (model: string, requests: number, windowMinutes: number): Payload => ({
  payload_type: "telemetry",
  data: {
    telemetry_type: "throughput",
    model_id: model,
    requests_per_second: requests / (windowMinutes * 60),
    tokens_per_second: 0,
    concurrent_requests: 0,
    window_duration_seconds: windowMinutes * 60,
  },
});

/** An error_rate record of `failed` of `total` requests over `windowSeconds` (0 % of none). */
export const errorRate = (model: string, failed: number, total: number, windowSeconds = 60): Payload => ({
  payload_type: "telemetry",
  data: {
    telemetry_type: "error_rate",
    model_id: model,
    total_requests: total,
    failed_requests: failed,
    error_rate_percent: total === 0 ? 0 : (100 * failed) / total,
    error_breakdown: {},
    window_duration_seconds: windowSeconds,
  },
});

export const tokenCost = (model: string, usd: number): Payload => ({
  payload_type: "cost",
  data: {
    cost_type: "token_cost",
    model_id: model,
    request_id: "r",
    prompt_tokens: 1000,
    completion_tokens: 500,
    total_tokens: 1500,
    cost_per_prompt_token: 0.000001,
    cost_per_completion_token: 0.000002,
    total_cost_usd: usd,
    currency: "USD",
  },
});

export const budgetAlert = (spend: number, limit: number): Payload => ({
  payload_type: "cost",
  data: {
    cost_type: "budget_alert",
    budget_id: "b-1",
    budget_name: "support-copilot monthly",
    budget_limit_usd: limit,
    current_spend_usd: spend,
    threshold_percent: 90,
    alert_type: spend > limit ? "exceeded" : "warning",
  },
});

export const threat = (threatType: "prompt_injection" | "data_exfiltration", status = "blocked"): Payload => ({
  payload_type: "security",
  data: {
    security_type: "threat",
    threat_id: "t-1",
    threat_type: threatType,
    threat_level: "high",
    target_resource: "chat-api",
    attack_vector: "prompt",
    mitigation_status: status as "blocked",
    indicators_of_compromise: [],
  },
});

/** A threat aimed at `model` (`target_resource` "model:<model>") at `minute`, event id `uuidOf(id)`. */
export function threatOnModel(id: number, model: string, minute: number): AnalyticsEvent {
  return event({
    id,
    minute,
    module: "llm-sentinel",
    payload: {
      payload_type: "security",
      data: {
        security_type: "threat",
        threat_id: `t-${id}`,
        threat_type: "prompt_injection",
        threat_level: "high",
        target_resource: `model:${model}`,
        attack_vector: "user_prompt",
        mitigation_status: "blocked",
        indicators_of_compromise: [],
      },
    },
  });
}

export const policyViolation = (name: string): Payload => ({
  payload_type: "governance",
  data: {
    governance_type: "policy_violation",
    policy_id: "p-1",
    policy_name: name,
    violation_description: "breach",
    violated_rules: ["r1"],
    resource_id: "res-1",
    severity: "high",
    auto_remediated: false,
  },
});

export const custom = (customType: string, data: unknown = {}): Payload => ({
  payload_type: "custom",
  data: { custom_type: customType, data: data as never },
});

/** One request as an OpenTelemetry GenAI client span becomes it: a latency event with the span's tags. */
export interface OtelRequest {
  readonly id: number;
  /** When the request began (epoch ms); the event is dated when it ended, `start + ms`. */
  readonly start: number;
  readonly ms: number;
  readonly service: string;
  readonly provider: string;
  readonly host: string;
  readonly model: string;
  /** The failure's `error.type` (an HTTP status), when the request failed. */
  readonly status?: string | undefined;
}

/**
 * A parsed latency event of one request that began at `start` and took `ms`, dated at its end,
 * with the producer's `tags` (environment prod, severity info).
 */
export function taggedLatencyEvent(r: {
  readonly eventId: number;
  readonly requestId: string;
  readonly start: number;
  readonly ms: number;
  readonly model: string;
  readonly tags: Record<string, string>;
}): AnalyticsEvent {
  return AnalyticsEvent.parse({
    event_id: uuidOf(r.eventId),
    timestamp: new Date(Math.round(r.start + r.ms)).toISOString(),
    source_module: "llm-observatory",
    event_type: "telemetry",
    severity: "info",
    environment: "prod",
    tags: r.tags,
    payload: {
      payload_type: "telemetry",
      data: {
        telemetry_type: "latency",
        model_id: r.model,
        request_id: r.requestId,
        total_latency_ms: Math.round(r.ms),
      },
    },
  });
}

/** A parsed latency event of one request, tagged as the OTel GenAI importer tags it. */
export function otelRequestEvent(request: OtelRequest): AnalyticsEvent {
  const tags: Record<string, string> = {
    "service.name": request.service,
    "gen_ai.provider.name": request.provider,
    "server.address": request.host,
    "gen_ai.request.model": request.model,
  };
  if (request.status !== undefined) {
    tags["error.type"] = request.status;
    tags["otel.status_code"] = "ERROR";
  }
  const { id, start, ms, model } = request;
  return taggedLatencyEvent({ eventId: id, requestId: `r${id + 1}`, start, ms, model, tags });
}

/** A gateway's request with its token counts; `status` set (e.g. "504") for one that hit the deadline. */
export interface PromptedRequest {
  readonly start: number;
  readonly ms: number;
  readonly prompt: number;
  readonly completion: number;
  readonly status?: string | undefined;
}

/**
 * A gateway's latency event per request of `model` (its HTTP status as a tag, "200" when served)
 * and a token_usage event per served one, both at its end: ids k+1 and 500001+k, request id
 * `r(k+1)` for the k-th request given, returned in time order.
 */
export function gatewayRequestEvents(model: string, list: readonly PromptedRequest[]): AnalyticsEvent[] {
  const out: AnalyticsEvent[] = [];
  list.forEach((q, k) => {
    const common = {
      timestamp: new Date(Math.round(q.start + q.ms)).toISOString(),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "prod",
    } as const;
    out.push(
      AnalyticsEvent.parse({
        ...common,
        event_id: uuidOf(k + 1),
        tags: { "http.status_code": q.status ?? "200" },
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: model,
            request_id: `r${k + 1}`,
            total_latency_ms: Math.round(q.ms),
          },
        },
      }),
    );
    if (q.status !== undefined) return;
    out.push(
      AnalyticsEvent.parse({
        ...common,
        event_id: uuidOf(500_000 + k + 1),
        payload: tokenUsage(model, `r${k + 1}`, q.prompt, q.completion),
      }),
    );
  });
  return out.sort((a, b) => Date.parse(a.timestamp) - Date.parse(b.timestamp));
}

/**
 * The incident on `model` of `analyzeIncidents(events)` that starts nearest `onsetMs`: its root's
 * signal, and whether the root is an event of the five minutes from `onsetMs`.
 */
export function rootNear(
  events: readonly AnalyticsEvent[],
  model: string,
  onsetMs: number,
): { signal: string | undefined; inFirstFive: boolean } {
  const near = analyzeIncidents(events)
    .incidents.filter((i) => i.models.includes(model))
    .sort((a, b) => Math.abs(Date.parse(a.start) - onsetMs) - Math.abs(Date.parse(b.start) - onsetMs))[0];
  const root = near?.root;
  if (root === undefined || root === null) return { signal: undefined, inFirstFive: false };
  const t = Date.parse(root.timestamp);
  return { signal: root.signal, inFirstFive: t >= onsetMs && t <= onsetMs + 5 * 60_000 };
}

/**
 * The hand-made incident of incident.test.ts as metrics, a value a minute from 13:50 to 14:20: p95
 * latency (ms) jumps at 14:10, the error rate (%) rises from 14:12, spend (USD) from 14:15 (cost =
 * 5 + 0.02 × (latency five minutes earlier − 640) + noise).
 */
export const HAND_INCIDENT: {
  readonly latencyP95: readonly number[];
  readonly errorPercent: readonly number[];
  readonly costUsd: readonly number[];
} = deepFreeze({
  latencyP95: [
    640, 652, 631, 645, 638, 660, 627, 649, 641, 655, 633, 647, 644, 636, 650, 642, 639, 651, 635, 646, 5120, 4800,
    3900, 2500, 1500, 900, 700, 660, 650, 645, 640,
  ],
  errorPercent: [
    0.8, 0.7, 0.9, 0.8, 0.75, 0.85, 0.8, 0.9, 0.7, 0.8, 0.82, 0.78, 0.8, 0.85, 0.75, 0.8, 0.9, 0.7, 0.8, 0.8, 0.85,
    0.78, 2.1, 4.5, 8.4, 7.9, 5.0, 3.0, 1.5, 1.0, 0.9,
  ],
  costUsd: [
    5.1, 4.8, 5.15, 5.0, 4.9, 5.2, 5.09, 4.87, 5.2, 4.91, 5.4, 4.86, 5.1, 5.05, 5.18, 4.93, 5.16, 5.05, 5.01, 5.14,
    5.08, 4.89, 5.33, 4.89, 5.18, 94.56, 88.28, 70.13, 42.21, 22.33, 10.09,
  ],
});

/**
 * One model's latency every six minutes for `hours` hours (450–550 ms, one `rand()` each, ids from
 * 1): a steady request stream that makes the analysis cut hour-long windows beside hourly scores.
 */
export function requestsEverySixMinutes(rand: () => number, hours: number, model = "m1"): AnalyticsEvent[] {
  const events: AnalyticsEvent[] = [];
  for (let m = 0; m < hours * 60; m += 6)
    events.push(
      event({
        id: events.length + 1,
        minute: m,
        module: "llm-observatory",
        payload: latency(model, Math.round(450 + 100 * rand())),
      }),
    );
  return events;
}
