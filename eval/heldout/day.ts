/*
 * One held-out scenario day: multi-tenant LLM traffic as real producers emit it, with injected
 * faults and their ground truth. Written without reusing eval/world.ts or src/cli/synthetic.
 *
 * Producers, one per tenant:
 * - `otel`: OpenTelemetry GenAI client spans (gen_ai.* attributes; the SDK's own retries hidden
 *   inside one span; gen_ai.response.model only when a response came back; agent spans around
 *   some calls), exported every 5 s per pod by a batch processor and converted with this
 *   library's eventsFromOtlpTraces — events are stamped at span start.
 * - `litellm`: a LiteLLM-style proxy's success/failure callbacks: one latency event per attempt,
 *   stamped at the end, model ids with the provider prefix (`openai/gpt-4o`), a `token_cost` per
 *   success, failures marked `status: failure` and (per tenant) an `http.status_code`.
 * - `sdk`: an OpenAI/Anthropic SDK wrapper's callbacks: latency per attempt with `error.type` and
 *   `success: false` on failures, a `token_usage` child event (none for streams without usage),
 *   buffered and flushed every 10 s.
 * plus, per tenant, an optional metrics exporter (error_rate and throughput per 60 s or 300 s
 * window, stamped at the window's end, labelled with the requested model), a guardrail (threats, auth), a policy engine (policy
 * violations, audit, compliance checks) and a cost monitor (budget alerts from cumulative spend).
 *
 * The world: a non-homogeneous Poisson arrival process per tenant × model (daily and weekly
 * cycles, bursts), log-normal latencies with Pareto queueing tails and client timeouts, retries
 * with backoff, deployments that move a baseline, clock skew per pod, batched, late and
 * duplicated delivery. Events come out in arrival order, not time order.
 */
import type { AnalyticsEvent, Severity } from "../../src/events/index.js";
import { eventsFromOtlpTraces, type OtlpKeyValue, type OtlpSpan } from "../../src/interop/otel.js";
import type { EventKind, IncidentKind, Injection, Label } from "../world.js";
import { CATALOG, CLASS_PROFILE, GUARDRAIL_POLICIES, type ModelEntry, TEAMS } from "./catalog.js";
import { Rand } from "./rand.js";

export type FaultKind =
  | "latency_spike"
  | "error_burst"
  | "token_explosion"
  | "throughput_collapse"
  | "attack_wave"
  | "governance_cascade"
  | "gradual_drift"
  | "memory_leak"
  | "upstream_cascade";
export type Instrumentation = "otel" | "litellm" | "sdk";
/** How an emitter sets `severity`: always info, always debug, by what happened, or at random. */
export type SeverityHabit = "info" | "debug" | "emitter" | "random";

export interface TenantSpec {
  readonly id: string;
  readonly instrumentation: Instrumentation;
  /** Catalogue names. */
  readonly models: readonly string[];
  /** Share of each model in the tenant's traffic (same order). */
  readonly shares: readonly number[];
  /** Share of the day's requests. */
  readonly share: number;
  readonly environment: string;
  readonly pods: number;
  /** Window of the metrics exporter in seconds, 0 for none. */
  readonly rollupSeconds: number;
  readonly severity: SeverityHabit;
  /** litellm: whether failures carry `http.status_code` (else only `status: failure`). */
  readonly statusCodes: boolean;
  /** otel: whether a price table makes token_cost events. */
  readonly prices: boolean;
  /** otel: share of calls inside an agent span that names a model. */
  readonly agentShare: number;
  /** Hour (UTC) of the tenant's daily peak. */
  readonly peakHourUtc: number;
}

export interface Fault {
  readonly kind: FaultKind;
  readonly tenant: string;
  /** Catalogue name of the model hit (the first one for upstream_cascade; the attack's target). */
  readonly model: string | undefined;
  readonly onsetMs: number;
  readonly durationMs: number;
  readonly magnitude: number;
  readonly fraction: number;
  readonly followOn: boolean;
  /** upstream_cascade: what degrades first on each model. */
  readonly leads?: "latency" | "errors";
  /** upstream_cascade: the other models of the provider and when they follow. */
  readonly cascade?: readonly { readonly model: string; readonly delayMs: number }[];
}

export interface Deploy {
  readonly atMs: number;
  readonly tenant: string;
  readonly model: string;
  readonly rampMs: number;
  readonly latency: number;
  readonly tokens: number;
  /** Share of the model's traffic moved to `to` (a rollout). */
  readonly shift: number;
  readonly to: string | undefined;
}

export interface DaySpec {
  readonly name: string;
  readonly label: string;
  readonly seed: number;
  readonly startMs: number;
  readonly spanMs: number;
  /** Calls the applications make over the span (before retries). */
  readonly calls: number;
  readonly tenants: readonly TenantSpec[];
  /** Amplitude of the daily cycle (0 = flat). */
  readonly diurnal: number;
  /** Weekend traffic factor (1 = none). */
  readonly weekend: number;
  /** Traffic bursts per hour per tenant and their largest factor. */
  readonly burstsPerHour: number;
  readonly burstMax: number;
  /** Whether some pods' clocks are off by tens of seconds. */
  readonly skewed: boolean;
  /** Exporter outages per tenant (events held back, delivered late). */
  readonly outages: number;
  /** Share of events delivered twice. */
  readonly duplicates: number;
  readonly deploys: readonly Deploy[];
  readonly faults: readonly Fault[];
}

export interface HeldoutDay {
  /** Events in arrival order. */
  readonly events: AnalyticsEvent[];
  readonly labels: Map<string, Label>;
  /** The ground truth in eval/score.ts's terms (one per fault). */
  readonly injections: Injection[];
  /** Distinct model ids the events carry. */
  readonly modelIds: number;
}

const SECOND = 1000;
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;
const SLICE = 10 * SECOND;

const LITELLM_PREFIX: Readonly<Record<string, string>> = {
  openai: "openai",
  anthropic: "anthropic",
  "gcp.vertex_ai": "vertex_ai",
  "aws.bedrock": "bedrock",
  vllm: "hosted_vllm",
  mistral_ai: "mistral",
  cohere: "cohere_chat",
  deepseek: "deepseek",
  groq: "groq",
  xai: "xai",
  jina: "jina_ai",
  "azure.ai.inference": "azure_ai",
};

function entryOf(name: string): ModelEntry {
  const e = CATALOG.find((m) => m.name === name);
  if (e === undefined) throw new Error(`heldout: unknown model ${name}`);
  return e;
}

/**
 * The model id a tenant's events carry for a call that succeeded, and for one that failed.
 * eventsFromOtlpTraces names both by the requested model (the dated snapshot a success answers
 * with is only its span's gen_ai.response.model).
 */
export function reportedIds(t: TenantSpec, name: string): { ok: string; failed: string } {
  const e = entryOf(name);
  if (t.instrumentation === "otel") return { ok: e.name, failed: e.name };
  if (t.instrumentation === "litellm") {
    const id = `${LITELLM_PREFIX[e.provider] ?? e.provider}/${e.name}`;
    return { ok: id, failed: id };
  }
  return { ok: e.name, failed: e.name };
}

interface Stream {
  readonly tenant: TenantSpec;
  readonly entry: ModelEntry;
  readonly key: string;
  readonly ids: { ok: string; failed: string };
  /** Calls per millisecond at cycle 1. */
  readonly rate: number;
  readonly ttft: number;
  readonly tps: number;
  readonly sigma: number;
  readonly prompt: number;
  readonly completion: number;
  readonly failure: number;
  readonly stream: number;
  readonly timeoutMs: number;
}

interface Attempt {
  readonly stream: Stream;
  readonly pod: number;
  readonly startMs: number;
  readonly latencyMs: number;
  readonly ttftMs: number | undefined;
  readonly failed: boolean;
  readonly status: number;
  readonly errorType: string | undefined;
  readonly prompt: number;
  readonly completion: number;
  readonly finish: string;
  readonly streamed: boolean;
  readonly injected: boolean;
  readonly attempt: number;
}

interface Pending {
  readonly arrival: number;
  readonly event: AnalyticsEvent;
}

interface Effect {
  latency: number;
  slowShare: number;
  slowFactor: number;
  failure: number;
  statuses: readonly number[];
  tokens: number;
  tokenShare: number;
  traffic: number;
  injected: boolean;
  contextErrors: number;
}

const retryable = (status: number) => status === 429 || status >= 500;

export function generateDay(spec: DaySpec): HeldoutDay {
  const rand = new Rand(spec.seed, "day");
  const endMs = spec.startMs + spec.spanMs;
  const out: Pending[] = [];
  const labels = new Map<string, Label>();

  // Clocks: every emitter instance has its own offset; some pods are badly off.
  const skewOf = new Map<string, number>();
  const skew = (emitter: string): number => {
    let s = skewOf.get(emitter);
    if (s === undefined) {
      s = rand.gauss() * 0.8 * SECOND;
      if (spec.skewed && rand.bernoulli(0.25)) s += rand.choose([-1, 1]) * rand.uniform(20, 110) * SECOND;
      skewOf.set(emitter, s);
    }
    return s;
  };
  // Exporter outages: what a tenant emits inside one is delivered when it ends.
  const outages = new Map<string, [number, number][]>();
  for (const t of spec.tenants) {
    const list: [number, number][] = [];
    for (let i = 0; i < spec.outages; i++) {
      const a = spec.startMs + rand.float() * spec.spanMs;
      list.push([a, a + rand.uniform(2, 20) * MINUTE]);
    }
    outages.set(t.id, list);
  }
  const deliver = (tenant: string, emittedMs: number, event: AnalyticsEvent, label: Label, delayMs: number) => {
    let arrival = emittedMs + delayMs;
    for (const [a, b] of outages.get(tenant) ?? [])
      if (emittedMs >= a && emittedMs < b) arrival = b + rand.uniform(0, 30) * SECOND;
    out.push({ arrival, event });
    labels.set(event.event_id as string, label);
    if (rand.bernoulli(spec.duplicates)) out.push({ arrival: arrival + rand.uniform(1, 90) * SECOND, event });
  };
  const iso = (ms: number) => new Date(Math.round(ms)).toISOString();
  const severityOf = (habit: SeverityHabit, natural: Severity): Severity =>
    habit === "info"
      ? "info"
      : habit === "debug"
        ? "debug"
        : habit === "random"
          ? rand.choose(["debug", "info", "warning", "error", "critical"] as const)
          : natural;

  // Streams: tenant × model.
  const cycleMean = 1; // the cycle below averages to 1 over a day
  const streams: Stream[] = [];
  for (const t of spec.tenants) {
    t.models.forEach((name, i) => {
      const entry = entryOf(name);
      const p = CLASS_PROFILE[entry.klass];
      const r = new Rand(spec.seed, `profile/${t.id}/${name}`);
      streams.push({
        tenant: t,
        entry,
        key: `${t.id}/${name}`,
        ids: reportedIds(t, name),
        rate: (spec.calls * t.share * (t.shares[i] as number)) / spec.spanMs / cycleMean,
        ttft: p.ttft * r.uniform(0.7, 1.4),
        tps: p.tps * r.uniform(0.7, 1.3),
        sigma: p.sigma * r.uniform(0.85, 1.2),
        prompt: p.prompt * r.uniform(0.5, 1.8),
        completion: p.completion * r.uniform(0.6, 1.5),
        failure: p.failure * r.uniform(0.4, 2),
        stream: p.stream,
        timeoutMs: r.choose([30, 60, 60, 120, 600]) * SECOND,
      });
    });
  }

  // Bursts: batch jobs and launches, per tenant (all its models or one).
  const bursts: { tenant: string; model: string | undefined; a: number; b: number; factor: number }[] = [];
  for (const t of spec.tenants) {
    const n = rand.poisson((spec.burstsPerHour * spec.spanMs) / HOUR);
    for (let i = 0; i < n; i++) {
      const a = spec.startMs + rand.float() * spec.spanMs;
      bursts.push({
        tenant: t.id,
        model: rand.bernoulli(0.5) ? rand.choose(t.models) : undefined,
        a,
        b: a + Math.min(20 * MINUTE, rand.exponential(3 * MINUTE) + 30 * SECOND),
        factor: rand.uniform(1.3, spec.burstMax),
      });
    }
  }

  const cycle = (t: TenantSpec, ms: number): number => {
    const hour = ((ms % DAY) / HOUR - t.peakHourUtc + 24) % 24;
    const daily = 1 + spec.diurnal * Math.cos((2 * Math.PI * hour) / 24);
    const dow = new Date(ms).getUTCDay();
    return daily * (dow === 0 || dow === 6 ? spec.weekend : 1);
  };

  const deployOf = (s: Stream, ms: number) => {
    let latency = 1;
    let tokens = 1;
    let traffic = 1;
    for (const d of spec.deploys) {
      if (d.tenant !== s.tenant.id || ms < d.atMs) continue;
      const ramp = Math.min(1, (ms - d.atMs) / Math.max(1, d.rampMs));
      if (d.model === s.entry.name) {
        latency *= 1 + (d.latency - 1) * ramp;
        tokens *= 1 + (d.tokens - 1) * ramp;
        traffic *= 1 - d.shift * ramp;
      }
    }
    // Traffic moved onto this model by rollouts elsewhere.
    let gained = 0;
    for (const d of spec.deploys) {
      if (d.tenant !== s.tenant.id || d.to !== s.entry.name || ms < d.atMs) continue;
      const from = streams.find((x) => x.tenant.id === d.tenant && x.entry.name === d.model);
      if (from !== undefined && s.rate > 0)
        gained += (d.shift * Math.min(1, (ms - d.atMs) / Math.max(1, d.rampMs)) * from.rate) / s.rate;
    }
    return { latency, tokens, traffic: traffic + gained };
  };

  const effectOf = (s: Stream, ms: number): Effect => {
    const e: Effect = {
      latency: 1,
      slowShare: 0,
      slowFactor: 1,
      failure: s.failure,
      statuses: [429, 500, 503, 502],
      tokens: 1,
      tokenShare: 0,
      traffic: 1,
      injected: false,
      contextErrors: 0,
    };
    for (const f of spec.faults) {
      if (f.tenant !== s.tenant.id) continue;
      let onset = f.onsetMs;
      let kind: FaultKind = f.kind;
      if (f.kind === "upstream_cascade") {
        const member = f.model === s.entry.name ? 0 : f.cascade?.find((c) => c.model === s.entry.name)?.delayMs;
        if (member === undefined) continue;
        onset += member;
        kind = f.leads === "errors" ? "error_burst" : "latency_spike";
      } else if (f.model !== s.entry.name) continue;
      const end = f.onsetMs + f.durationMs;
      if (ms < onset || ms >= end) continue;
      const since = ms - onset;
      switch (kind) {
        case "latency_spike":
          e.slowShare = f.fraction;
          e.slowFactor = f.magnitude;
          if ((f.followOn || f.kind === "upstream_cascade") && since > 3 * MINUTE) {
            e.failure = Math.max(e.failure, 0.06 + 0.02 * f.magnitude);
            e.statuses = f.kind === "upstream_cascade" ? [529, 503] : [504, 503];
          }
          break;
        case "error_burst":
          e.failure = Math.max(
            e.failure,
            f.kind !== "upstream_cascade"
              ? f.magnitude
              : // OTel spans hide the SDK's retries (see suite.ts): a stronger failure rate shows.
                s.tenant.instrumentation === "otel"
                ? Math.min(0.85, 0.15 * f.magnitude)
                : Math.min(0.5, 0.07 * f.magnitude),
          );
          e.statuses = f.kind === "upstream_cascade" ? [529, 529, 503] : [503, 500, 502];
          e.injected = true;
          if (f.kind === "upstream_cascade" && since > 2 * MINUTE) {
            e.slowShare = 0.6;
            e.slowFactor = 2;
          }
          break;
        case "token_explosion":
          e.tokenShare = f.fraction;
          e.tokens = f.magnitude;
          if (f.followOn && since > 4 * MINUTE) e.contextErrors = 0.05;
          break;
        case "throughput_collapse":
          e.traffic *= f.magnitude;
          e.injected = true;
          break;
        case "gradual_drift":
          e.latency *= 1 + (f.magnitude - 1) * Math.min(1, since / (0.7 * f.durationMs));
          e.injected = true;
          break;
        case "memory_leak": {
          const x = since / f.durationMs;
          e.latency *= 1 + (f.magnitude - 1) * x;
          if (x > 0.7) {
            e.failure = Math.max(e.failure, 0.5 * (x - 0.7));
            e.statuses = [502, 503];
          }
          e.injected = true;
          break;
        }
        default:
          break;
      }
    }
    return e;
  };

  // One attempt of a call.
  const attemptOf = (s: Stream, startMs: number, attempt: number, pod: number): Attempt => {
    const d = deployOf(s, startMs);
    const e = effectOf(s, startMs);
    const r = rand;
    let injected = e.injected;
    let prompt = Math.max(1, Math.round(r.lognormal(s.prompt * d.tokens, 0.7)));
    let completion = s.completion === 0 ? 0 : Math.max(1, Math.round(r.lognormal(s.completion * d.tokens, 0.65)));
    let finish = "stop";
    if (e.tokenShare > 0 && r.bernoulli(e.tokenShare)) {
      completion = Math.round(completion * e.tokens);
      prompt = Math.round(prompt * (1 + e.tokens / 8));
      injected = true;
      if (completion > 16_384) {
        completion = 16_384;
        finish = "length";
      }
    }
    let slow = e.latency * d.latency;
    if (e.slowShare > 0 && r.bernoulli(e.slowShare)) {
      slow *= e.slowFactor;
      injected = true;
    }
    const streamed = r.bernoulli(s.stream);
    const ttft = r.lognormal(s.ttft * slow, s.sigma);
    const decode = s.tps === 0 ? 0 : ((1000 * completion) / s.tps) * Math.exp(0.15 * r.gauss()) * slow;
    let latency = ttft + decode;
    if (r.bernoulli(0.004)) latency += r.pareto(2 * SECOND, 1.3); // queueing behind a long request
    let failed = false;
    let status = 200;
    let errorType: string | undefined;
    if (latency > s.timeoutMs) {
      failed = true;
      status = 504;
      errorType = "timeout";
      latency = s.timeoutMs + r.uniform(0, 300);
    } else if (r.bernoulli(e.failure)) {
      failed = true;
      status = r.choose(e.statuses);
      errorType = status === 429 ? "rate_limit_exceeded" : status === 529 ? "overloaded_error" : "server_error";
      latency = status === 504 ? s.timeoutMs : r.lognormal(status === 429 ? 90 : 350, 0.6);
      if (e.failure > s.failure) injected = true;
    } else if (e.contextErrors > 0 && r.bernoulli(e.contextErrors)) {
      failed = true;
      status = 400;
      errorType = "context_length_exceeded";
      latency = r.lognormal(120, 0.4);
    }
    return {
      stream: s,
      pod,
      startMs,
      latencyMs: latency,
      ttftMs: streamed && !failed ? Math.min(ttft, latency) : undefined,
      failed,
      status,
      errorType,
      prompt,
      completion: failed ? 0 : completion,
      finish,
      streamed,
      injected,
      attempt,
    };
  };

  // A call with the client's retries (max 2, exponential backoff with jitter; 429 waits longer).
  const callOf = (s: Stream, startMs: number): Attempt[] => {
    const pod = rand.intIn(0, s.tenant.pods - 1);
    const attempts: Attempt[] = [];
    let at = startMs;
    for (let k = 0; k < 3; k++) {
      const a = attemptOf(s, at, k, pod);
      attempts.push(a);
      if (!a.failed || !retryable(a.status)) break;
      at =
        a.startMs +
        a.latencyMs +
        (a.status === 429 ? rand.uniform(1, 8) * SECOND : 500 * 2 ** k * rand.uniform(0.5, 1.5));
    }
    return attempts;
  };

  // Traffic.
  const calls: Attempt[][] = [];
  for (let t0 = spec.startMs; t0 < endMs; t0 += SLICE) {
    for (const s of streams) {
      let rate = s.rate * cycle(s.tenant, t0) * deployOf(s, t0).traffic * effectOf(s, t0).traffic;
      for (const b of bursts)
        if (b.tenant === s.tenant.id && (b.model === undefined || b.model === s.entry.name) && t0 >= b.a && t0 < b.b)
          rate *= b.factor;
      const n = rand.poisson(rate * SLICE);
      for (let i = 0; i < n; i++) {
        const at = t0 + rand.float() * SLICE;
        calls.push(callOf(s, at));
      }
    }
  }

  // Producers.
  const otelGroups = new Map<string, { tenant: TenantSpec; pod: number; tick: number; spans: OtlpSpan[] }>();
  const spanInfo = new Map<string, { ms: number; injected: boolean; failed: boolean }>();
  const tally = new Map<string, { n: number; failed: number; tokens: number; byStatus: Record<string, number> }[]>();
  const spend = new Map<string, { ms: number; usd: number }[]>();

  for (const attempts of calls) {
    const s = attempts[0]!.stream;
    const t = s.tenant;
    for (const a of attempts) {
      const endAt = a.startMs + a.latencyMs;
      if (t.rollupSeconds > 0) {
        const w = Math.floor((endAt - spec.startMs) / (t.rollupSeconds * SECOND));
        const list = tally.get(s.key) ?? [];
        const cell = list[w] ?? { n: 0, failed: 0, tokens: 0, byStatus: {} };
        list[w] = cell;
        cell.n++;
        if (a.failed && (a.status === 429 || a.status >= 500)) {
          cell.failed++;
          cell.byStatus[String(a.status)] = (cell.byStatus[String(a.status)] ?? 0) + 1;
        }
        cell.tokens += a.prompt + a.completion;
        tally.set(s.key, list);
      }
      if (!a.failed) {
        const usd = (a.prompt * s.entry.priceIn + a.completion * s.entry.priceOut) / 1e6;
        const list = spend.get(t.id) ?? [];
        list.push({ ms: endAt, usd });
        spend.set(t.id, list);
      }
    }
    if (t.instrumentation === "otel") emitOtel(attempts);
    else if (t.instrumentation === "litellm") for (const a of attempts) emitLitellm(a);
    else emitSdk(attempts);
  }

  function emitOtel(attempts: Attempt[]) {
    const first = attempts[0]!;
    const last = attempts[attempts.length - 1]!;
    const s = first.stream;
    const t = s.tenant;
    const emitter = `${t.id}/otel/${first.pod}`;
    const off = skew(emitter);
    const nanos = (ms: number) => (BigInt(Math.round((ms + off) * 1000)) * 1000n).toString();
    const traceId = rand.hex(32);
    const spanId = rand.hex(16);
    const endMs = last.startMs + last.latencyMs;
    const attrs: OtlpKeyValue[] = [
      { key: "gen_ai.operation.name", value: { stringValue: s.entry.klass === "embedding" ? "embeddings" : "chat" } },
      { key: "gen_ai.provider.name", value: { stringValue: s.entry.provider } },
      { key: "gen_ai.request.model", value: { stringValue: s.entry.name } },
      { key: "server.address", value: { stringValue: `${s.entry.provider.split(".").pop()}.api.example` } },
    ];
    if (rand.bernoulli(0.7)) attrs.push({ key: "gen_ai.request.max_tokens", value: { intValue: "16384" } });
    if (!last.failed) {
      attrs.push({ key: "gen_ai.response.model", value: { stringValue: s.entry.snapshot ?? s.entry.name } });
      attrs.push({ key: "gen_ai.response.id", value: { stringValue: `chatcmpl-${rand.hex(24)}` } });
      attrs.push({
        key: "gen_ai.response.finish_reasons",
        value: { arrayValue: { values: [{ stringValue: last.finish }] } },
      });
      // Streams without stream_options.include_usage report no usage.
      if (!last.streamed || rand.bernoulli(0.6)) {
        const input = attempts.reduce((x, y) => Math.max(x, y.prompt), 0);
        attrs.push({ key: "gen_ai.usage.input_tokens", value: { intValue: String(input) } });
        if (s.entry.klass !== "embedding")
          attrs.push({ key: "gen_ai.usage.output_tokens", value: { intValue: String(last.completion) } });
      }
    } else {
      attrs.push({ key: "error.type", value: { stringValue: String(last.status) } });
    }
    const span: OtlpSpan = {
      traceId,
      spanId,
      name: `chat ${s.entry.name}`,
      kind: 3,
      startTimeUnixNano: nanos(first.startMs),
      endTimeUnixNano: nanos(endMs),
      attributes: attrs,
      status: last.failed ? { code: 2, message: `Error code: ${last.status}` } : { code: 0 },
    };
    const injected = attempts.some((a) => a.injected);
    // A span that began just before the onset and whose retry ran into the fault is of the
    // fault from that retry on: its label time is when the fault reached it.
    const reached = attempts.find((a) => a.injected)?.startMs ?? first.startMs;
    spanInfo.set(`${traceId}:${spanId}`, { ms: reached, injected, failed: last.failed });
    const spans: OtlpSpan[] = [span];
    let exportEnd = endMs;
    if (rand.bernoulli(t.agentShare)) {
      // An agent run around the call: planning before it, a tool call after it.
      const agentId = rand.hex(16);
      const agentStart = first.startMs - rand.uniform(20, 400);
      const toolEnd = endMs + rand.lognormal(600, 0.8);
      exportEnd = toolEnd + rand.uniform(5, 50);
      (span as { parentSpanId?: string }).parentSpanId = agentId;
      spans.push({
        traceId,
        spanId: rand.hex(16),
        parentSpanId: agentId,
        name: "execute_tool search_docs",
        kind: 1,
        startTimeUnixNano: nanos(endMs + 2),
        endTimeUnixNano: nanos(toolEnd),
        attributes: [
          { key: "gen_ai.operation.name", value: { stringValue: "execute_tool" } },
          { key: "gen_ai.tool.name", value: { stringValue: "search_docs" } },
        ],
      });
      spans.push({
        traceId,
        spanId: agentId,
        name: "invoke_agent support",
        kind: 1,
        startTimeUnixNano: nanos(agentStart),
        endTimeUnixNano: nanos(exportEnd),
        attributes: [
          { key: "gen_ai.operation.name", value: { stringValue: "invoke_agent" } },
          { key: "gen_ai.agent.name", value: { stringValue: "support" } },
          { key: "gen_ai.request.model", value: { stringValue: s.entry.name } },
        ],
      });
      spanInfo.set(`${traceId}:${agentId}`, { ms: agentStart, injected, failed: false });
    }
    // BatchSpanProcessor: spans leave on the first 5-s tick after they end (the agent's later).
    for (const sp of spans) {
      const ended = Number(BigInt(sp.endTimeUnixNano as string) / 1_000_000n) - off;
      const tick = Math.ceil(ended / 5000);
      const key = `${t.id}|${first.pod}|${tick}`;
      let g = otelGroups.get(key);
      if (g === undefined) {
        g = { tenant: t, pod: first.pod, tick, spans: [] };
        otelGroups.set(key, g);
      }
      g.spans.push(sp);
    }
  }

  function emitLitellm(a: Attempt) {
    const s = a.stream;
    const t = s.tenant;
    const emitter = `${t.id}/proxy/${a.pod}`;
    const off = skew(emitter);
    const endAt = a.startMs + a.latencyMs;
    const callId = rand.uuid();
    const tags: Record<string, string> = {
      "litellm.call_type": s.entry.klass === "embedding" ? "aembedding" : "acompletion",
      "litellm.model_group": s.entry.name,
      "litellm.api_base": `https://${s.entry.provider.split(".").pop()}.example/v1`,
      team: TEAMS[Math.abs(hashOf(s.key)) % TEAMS.length] as string,
      status: a.failed ? "failure" : "success",
    };
    if (a.attempt > 0) tags["litellm.retry"] = String(a.attempt);
    if (a.failed) {
      tags["litellm.exception"] =
        a.status === 429
          ? "RateLimitError"
          : a.status === 400
            ? "ContextWindowExceededError"
            : a.status === 504
              ? "Timeout"
              : "ServiceUnavailableError";
      if (t.statusCodes) tags["http.status_code"] = String(a.status);
    }
    const natural: Severity = a.failed ? "error" : a.latencyMs > 20 * SECOND ? "warning" : "info";
    const latencyEvent: AnalyticsEvent = {
      event_id: rand.uuid(),
      timestamp: iso(endAt + off),
      source_module: "llm-observatory",
      event_type: "telemetry",
      correlation_id: callId,
      schema_version: "1.0.0",
      severity: severityOf(t.severity, natural),
      environment: t.environment,
      tags,
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "latency",
          model_id: s.ids.ok,
          request_id: `chatcmpl-${rand.hex(20)}`,
          total_latency_ms: Math.round(a.latencyMs * 1000) / 1000,
          ...(a.ttftMs === undefined ? {} : { ttft_ms: Math.round(a.ttftMs * 1000) / 1000 }),
        },
      },
    } as AnalyticsEvent;
    deliver(
      t.id,
      endAt,
      latencyEvent,
      label(a.failed ? "failed_request" : "latency", s.ids.ok, endAt, a.injected),
      rand.uniform(5, 400),
    );
    if (!a.failed) {
      const total = (a.prompt * s.entry.priceIn + a.completion * s.entry.priceOut) / 1e6;
      const costEvent = {
        event_id: rand.uuid(),
        timestamp: iso(endAt + off + 3),
        source_module: "llm-cost-ops",
        event_type: "cost",
        correlation_id: callId,
        schema_version: "1.0.0",
        severity: severityOf(t.severity, "info"),
        environment: t.environment,
        tags: { "litellm.model_group": s.entry.name, team: tags.team as string },
        payload: {
          payload_type: "cost",
          data: {
            cost_type: "token_cost",
            model_id: s.ids.ok,
            request_id:
              latencyEvent.payload.payload_type === "telemetry"
                ? (latencyEvent.payload.data as { request_id: string }).request_id
                : "",
            prompt_tokens: a.prompt,
            completion_tokens: a.completion,
            total_tokens: a.prompt + a.completion,
            cost_per_prompt_token: s.entry.priceIn / 1e6,
            cost_per_completion_token: s.entry.priceOut / 1e6,
            total_cost_usd: total,
            currency: "USD",
          },
        },
      } as AnalyticsEvent;
      deliver(t.id, endAt + 3, costEvent, label("cost", s.ids.ok, endAt, a.injected), rand.uniform(5, 600));
    }
  }

  function emitSdk(attempts: Attempt[]) {
    const s = attempts[0]!.stream;
    const t = s.tenant;
    const emitter = `${t.id}/app/${attempts[0]!.pod}`;
    const off = skew(emitter);
    const callId = rand.uuid();
    for (const a of attempts) {
      const endAt = a.startMs + a.latencyMs;
      // The wrapper buffers and flushes every 10 s.
      const flush = Math.ceil(endAt / 10_000) * 10_000 - endAt + rand.uniform(20, 300);
      const tags: Record<string, string> = {
        sdk: s.entry.provider === "anthropic" ? "anthropic-sdk-node/0.33.1" : "openai-node/4.77.0",
        model: s.entry.name,
        attempt: String(a.attempt),
      };
      if (a.failed) {
        tags["error.type"] =
          a.status === 429
            ? "RateLimitError"
            : a.status === 504
              ? "APIConnectionTimeoutError"
              : a.status === 400
                ? "BadRequestError"
                : "InternalServerError";
        tags.success = "false";
      }
      const natural: Severity = a.failed ? (a.attempt === 2 ? "error" : "warning") : "info";
      const id = rand.uuid();
      const data: Record<string, unknown> = {
        telemetry_type: "latency",
        model_id: s.ids.ok,
        request_id: s.entry.provider === "anthropic" ? `msg_${rand.hex(24)}` : `chatcmpl-${rand.hex(24)}`,
        total_latency_ms: Math.round(a.latencyMs),
      };
      if (a.ttftMs !== undefined) data.ttft_ms = Math.round(a.ttftMs);
      if (!a.failed && a.completion > 0 && rand.bernoulli(0.5))
        data.tokens_per_second =
          Math.round((a.completion / Math.max(0.05, (a.latencyMs - (a.ttftMs ?? 0)) / 1000)) * 10) / 10;
      const latencyEvent = {
        event_id: id,
        timestamp: iso(endAt + off),
        source_module: "llm-observatory",
        event_type: "telemetry",
        correlation_id: callId,
        schema_version: "1.0.0",
        severity: severityOf(t.severity, natural),
        environment: t.environment,
        tags,
        payload: { payload_type: "telemetry", data },
      } as AnalyticsEvent;
      deliver(
        t.id,
        endAt,
        latencyEvent,
        label(a.failed ? "failed_request" : "latency", s.ids.ok, endAt, a.injected),
        flush,
      );
      if (!a.failed && (!a.streamed || rand.bernoulli(0.5))) {
        const usage = {
          event_id: rand.uuid(),
          timestamp: iso(endAt + off + 1),
          source_module: "llm-observatory",
          event_type: "telemetry",
          correlation_id: callId,
          parent_event_id: id,
          schema_version: "1.0.0",
          severity: severityOf(t.severity, "info"),
          environment: t.environment,
          tags: { sdk: tags.sdk as string },
          payload: {
            payload_type: "telemetry",
            data: {
              telemetry_type: "token_usage",
              model_id: s.ids.ok,
              request_id: data.request_id as string,
              prompt_tokens: a.prompt,
              completion_tokens: a.completion,
              total_tokens: a.prompt + a.completion,
            },
          },
        } as AnalyticsEvent;
        deliver(t.id, endAt, usage, label("tokens", s.ids.ok, endAt, a.injected), flush + 1);
      }
    }
  }

  function label(kind: EventKind, model: string | undefined, ms: number, injected: boolean): Label {
    return { kind, model, ms: Math.floor(ms), injected };
  }

  // OTel batches through the library's importer.
  for (const g of otelGroups.values()) {
    const t = g.tenant;
    const resource: OtlpKeyValue[] = [
      { key: "service.name", value: { stringValue: `${t.id}-api` } },
      { key: "telemetry.sdk.language", value: { stringValue: "python" } },
    ];
    if (t.environment !== "")
      resource.push({ key: "deployment.environment.name", value: { stringValue: t.environment } });
    const prices: Record<string, { input: number; output: number }> = {};
    if (t.prices)
      for (const name of t.models) {
        const e = entryOf(name);
        prices[e.snapshot ?? e.name] = { input: e.priceIn, output: e.priceOut };
        prices[e.name] = { input: e.priceIn, output: e.priceOut };
      }
    const result = eventsFromOtlpTraces(
      {
        resourceSpans: [
          {
            resource: { attributes: resource },
            scopeSpans: [
              { scope: { name: "opentelemetry.instrumentation.openai_v2", version: "2.1b0" }, spans: g.spans },
            ],
          },
        ],
      },
      t.prices ? { prices } : {},
    );
    const sent = g.tick * 5000 - skew(`${t.id}/otel/${g.pod}`);
    for (const ev of result.events) {
      const info = spanInfo.get(`${ev.tags.trace_id}:${ev.tags.span_id}`);
      if (info === undefined) throw new Error(`heldout: event of an unknown span ${ev.tags.span_id}`);
      const p = ev.payload;
      let kind: EventKind = "other";
      let model: string | undefined;
      if (p.payload_type === "telemetry" && p.data.telemetry_type === "latency") {
        kind = info.failed ? "failed_request" : "latency";
        model = p.data.model_id;
      } else if (p.payload_type === "telemetry" && p.data.telemetry_type === "token_usage") {
        kind = "tokens";
        model = p.data.model_id;
      } else if (p.payload_type === "cost" && p.data.cost_type === "token_cost") {
        kind = "cost";
        model = p.data.model_id;
      }
      const natural = ev.severity;
      const event = { ...ev, severity: severityOf(t.severity, natural) } as AnalyticsEvent;
      deliver(t.id, sent, event, label(kind, model, info.ms, info.injected), rand.uniform(30, 900));
    }
  }

  // Metrics exporters: error_rate and throughput per window, stamped at the window's end.
  for (const s of streams) {
    const t = s.tenant;
    if (t.rollupSeconds === 0) continue;
    const w = t.rollupSeconds * SECOND;
    const off = skew(`${t.id}/exporter`);
    const list = tally.get(s.key) ?? [];
    const windows = Math.floor(spec.spanMs / w);
    for (let i = 0; i < windows; i++) {
      const cell = list[i] ?? { n: 0, failed: 0, tokens: 0, byStatus: {} };
      if (cell.n === 0 && rand.bernoulli(0.7)) continue;
      const a = spec.startMs + i * w;
      const end = a + w;
      const injected = spec.faults.some((f) => f.tenant === t.id && f.onsetMs < end && f.onsetMs + f.durationMs > a);
      const common = {
        timestamp: iso(end + off),
        source_module: "llm-observatory",
        event_type: "telemetry",
        schema_version: "1.0.0",
        environment: t.environment,
        tags: { exporter: "prometheus-remote", window: `${t.rollupSeconds}s` },
      } as const;
      const errEvent = {
        ...common,
        event_id: rand.uuid(),
        severity: severityOf(t.severity, cell.failed > 0.05 * cell.n ? "warning" : "info"),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "error_rate",
            model_id: s.ids.failed,
            total_requests: cell.n,
            failed_requests: cell.failed,
            error_rate_percent: cell.n === 0 ? 0 : (100 * cell.failed) / cell.n,
            error_breakdown: cell.byStatus,
            window_duration_seconds: t.rollupSeconds,
          },
        },
      } as AnalyticsEvent;
      deliver(
        t.id,
        end + 15 * SECOND,
        errEvent,
        label("error_rate", s.ids.failed, end, injected),
        rand.uniform(0, 2000),
      );
      const thrEvent = {
        ...common,
        event_id: rand.uuid(),
        severity: severityOf(t.severity, "info"),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "throughput",
            model_id: s.ids.failed,
            requests_per_second: cell.n / t.rollupSeconds,
            tokens_per_second: cell.tokens / t.rollupSeconds,
            concurrent_requests: Math.round(cell.n / 4),
            window_duration_seconds: t.rollupSeconds,
          },
        },
      } as AnalyticsEvent;
      deliver(
        t.id,
        end + 15 * SECOND,
        thrEvent,
        label("throughput", s.ids.failed, end, injected),
        rand.uniform(0, 2000),
      );
    }
  }

  emitBackground();

  function emitBackground() {
    for (const t of spec.tenants) {
      const r = new Rand(spec.seed, `background/${t.id}`);
      const guardOff = skew(`${t.id}/guard`);
      const policyOff = skew(`${t.id}/policy`);
      const threatRate = r.uniform(0.3, 4) / HOUR;
      const policyRate = r.uniform(0.5, 6) / HOUR;
      const auditRate = r.uniform(0.3, 3) / HOUR;
      const authRate = r.uniform(3, 25) / HOUR;
      const attack = spec.faults.find((f) => f.tenant === t.id && f.kind === "attack_wave");
      const cascade = spec.faults.find((f) => f.tenant === t.id && f.kind === "governance_cascade");
      const within = (f: Fault | undefined, ms: number, lag = 0) =>
        f !== undefined && ms >= f.onsetMs + lag && ms < f.onsetMs + f.durationMs;
      const ipPool = Array.from({ length: 6 }, () => `203.0.113.${r.intIn(2, 250)}`);
      for (let t0 = spec.startMs; t0 < endMs; t0 += MINUTE) {
        const c = Math.sqrt(cycle(t, t0));
        // Threats from the guardrail.
        const attackRate = within(attack, t0) ? Math.max(60 / HOUR, threatRate * attack!.magnitude) : 0;
        const nThreat = r.poisson((threatRate * c + attackRate) * MINUTE);
        for (let i = 0; i < nThreat; i++) {
          const ms = t0 + r.float() * MINUTE;
          const injected = attackRate > 0 && r.bernoulli(attackRate / (attackRate + threatRate * c));
          const target = injected && attack?.model !== undefined ? attack.model : r.choose(t.models);
          const level = injected
            ? r.choose(["high", "critical", "high"] as const)
            : r.choose(["low", "medium", "low", "high"] as const);
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(ms + guardOff),
            source_module: "llm-sentinel",
            event_type: "security",
            schema_version: "1.0.0",
            severity: severityOf(
              t.severity,
              level === "critical" ? "critical" : level === "high" ? "error" : "warning",
            ),
            environment: t.environment,
            tags: { guard: "prompt-shield", model: target, ...(injected ? { campaign: "c-17" } : {}) },
            payload: {
              payload_type: "security",
              data: {
                security_type: "threat",
                threat_id: `thr_${r.hex(12)}`,
                threat_type: injected
                  ? r.choose(["prompt_injection", "data_exfiltration"] as const)
                  : r.choose(["prompt_injection", "malicious_input", "unauthorized_access"] as const),
                threat_level: level,
                source_ip: r.bernoulli(0.3) ? null : injected ? r.choose(ipPool) : `198.51.100.${r.intIn(1, 254)}`,
                target_resource: `model:${target}`,
                attack_vector: "user_prompt",
                mitigation_status: r.choose(["blocked", "blocked", "detected"] as const),
                indicators_of_compromise: injected ? ["ignore previous instructions"] : [],
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, ms, ev, label("threat", target, ms, injected), r.uniform(50, 3000));
        }
        // Policy violations: background, a governance cascade, and the guardrail's verdicts after an attack.
        const cascadeRate = within(cascade, t0) ? Math.max(40 / HOUR, policyRate * cascade!.magnitude) : 0;
        const attackPolicy =
          attack?.followOn && within(attack, t0, 90 * SECOND)
            ? 0.4 * Math.max(60 / HOUR, threatRate * attack.magnitude)
            : 0;
        const nPolicy = r.poisson((policyRate * c + cascadeRate + attackPolicy) * MINUTE);
        for (let i = 0; i < nPolicy; i++) {
          const ms = t0 + r.float() * MINUTE;
          const extra = cascadeRate + attackPolicy;
          const injected = extra > 0 && r.bernoulli(extra / (extra + policyRate * c));
          const pol = injected && cascadeRate > 0 ? GUARDRAIL_POLICIES[0] : r.choose(GUARDRAIL_POLICIES);
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(ms + policyOff),
            source_module: "llm-policy-engine",
            event_type: "governance",
            schema_version: "1.0.0",
            severity: severityOf(t.severity, injected ? "error" : "warning"),
            environment: t.environment,
            tags: { engine: "opa", app: r.choose(TEAMS) },
            payload: {
              payload_type: "governance",
              data: {
                governance_type: "policy_violation",
                policy_id: pol.id,
                policy_name: pol.name,
                violation_description: `${pol.name}: ${r.choose(pol.rules)} matched`,
                violated_rules: [r.choose(pol.rules)],
                resource_id: r.choose(t.models),
                ...(r.bernoulli(0.5) ? { user_id: `u_${r.hex(6)}` } : {}),
                severity: injected ? "high" : r.choose(["low", "medium"] as const),
                auto_remediated: r.bernoulli(0.6),
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, ms, ev, label("policy", undefined, ms, injected && cascadeRate > 0), r.uniform(100, 5000));
        }
        // Auth: logins, a few failures; an attack brings failures with it.
        const authFail = attack?.followOn && within(attack, t0, 2 * MINUTE) ? 20 / HOUR : 0;
        const nAuth = r.poisson((authRate * c + authFail) * MINUTE);
        for (let i = 0; i < nAuth; i++) {
          const ms = t0 + r.float() * MINUTE;
          const ok = r.bernoulli(authFail > 0 ? 0.4 : 0.93);
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(ms + guardOff),
            source_module: "llm-sentinel",
            event_type: "security",
            schema_version: "1.0.0",
            severity: severityOf(t.severity, ok ? "info" : "warning"),
            environment: t.environment,
            tags: {},
            payload: {
              payload_type: "security",
              data: {
                security_type: "auth",
                user_id: `key_${r.hex(8)}`,
                action: ok ? "login" : "access_attempt",
                resource: "/v1/chat/completions",
                success: ok,
                ...(ok ? {} : { failure_reason: "invalid api key" }),
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, ms, ev, label("other", undefined, ms, false), r.uniform(50, 3000));
        }
        // Audit trail; a cascade brings policy edits.
        const nAudit = r.poisson(
          (auditRate + (cascade?.followOn && within(cascade, t0, 10 * MINUTE) ? 12 / HOUR : 0)) * MINUTE,
        );
        for (let i = 0; i < nAudit; i++) {
          const ms = t0 + r.float() * MINUTE;
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(ms + policyOff),
            source_module: "llm-governance-dashboard",
            event_type: "audit",
            schema_version: "1.0.0",
            severity: severityOf(t.severity, "info"),
            environment: t.environment,
            tags: {},
            payload: {
              payload_type: "governance",
              data: {
                governance_type: "audit_trail",
                action: r.choose(["policy.update", "key.rotate", "model.enable", "budget.update"]),
                actor: `admin-${r.intIn(1, 4)}`,
                resource_type: "policy",
                resource_id: r.choose(GUARDRAIL_POLICIES).id,
                changes: { enabled: r.bernoulli(0.5) },
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, ms, ev, label("other", undefined, ms, false), r.uniform(100, 8000));
        }
        // Compliance check at the top of every hour (failing during a cascade).
        if ((t0 - spec.startMs) % HOUR === 0 && r.bernoulli(0.9)) {
          const failing = cascade?.followOn === true && within(cascade, t0);
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(t0 + 7 * SECOND + policyOff),
            source_module: "llm-governance-dashboard",
            event_type: "governance",
            schema_version: "1.0.0",
            severity: severityOf(t.severity, failing ? "error" : "info"),
            environment: t.environment,
            tags: { framework: "SOC2" },
            payload: {
              payload_type: "governance",
              data: {
                governance_type: "compliance_check",
                check_id: `chk_${r.hex(8)}`,
                framework: "SOC2",
                controls_checked: ["CC6.1", "CC7.2"],
                passed: !failing && r.bernoulli(0.97),
                findings: [],
                score: failing ? 0.6 : 0.98,
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, t0, ev, label("other", undefined, t0, false), r.uniform(1000, 20_000));
        }
      }
      // Budget alerts from the day's cumulative spend (thresholds 50, 80, 100 % of a budget
      // sized so that a normal day ends near 85 %).
      const list = (spend.get(t.id) ?? []).sort((a, b) => a.ms - b.ms);
      const days = Math.max(1, spec.spanMs / DAY);
      const normal = list.reduce((acc, x) => acc + x.usd, 0) / days;
      const budget = Math.max(1, Math.round((normal / 0.85) * r.uniform(0.9, 1.3)));
      let dayStart = Math.floor(spec.startMs / DAY) * DAY;
      let cum = 0;
      let next = 0;
      const thresholds = [50, 80, 100];
      for (const x of list) {
        if (x.ms >= dayStart + DAY) {
          dayStart = Math.floor(x.ms / DAY) * DAY;
          cum = 0;
          next = 0;
        }
        cum += x.usd;
        while (next < thresholds.length && cum >= (budget * (thresholds[next] as number)) / 100) {
          const pct = thresholds[next] as number;
          const ms = x.ms + r.uniform(30, 300) * SECOND; // the monitor polls
          const injected = spec.faults.some(
            (f) => f.tenant === t.id && ms >= f.onsetMs && ms < f.onsetMs + f.durationMs + HOUR,
          );
          const ev = {
            event_id: r.uuid(),
            timestamp: iso(ms),
            source_module: "llm-cost-ops",
            event_type: "alert",
            schema_version: "1.0.0",
            severity: severityOf(t.severity, pct >= 100 ? "critical" : pct >= 80 ? "warning" : "info"),
            environment: t.environment,
            tags: { tenant: t.id },
            payload: {
              payload_type: "cost",
              data: {
                cost_type: "budget_alert",
                budget_id: `bud_${t.id}`,
                budget_name: `${t.id} daily LLM spend`,
                budget_limit_usd: budget,
                current_spend_usd: Math.round(cum * 100) / 100,
                threshold_percent: pct,
                alert_type: pct >= 100 ? "exceeded" : pct >= 80 ? "critical" : "warning",
              },
            },
          } as AnalyticsEvent;
          deliver(t.id, ms, ev, label("other", undefined, ms, injected), r.uniform(100, 2000));
          next++;
        }
      }
    }
  }

  out.sort((a, b) => a.arrival - b.arrival);
  const events = out.map((p) => p.event);
  const ids = new Set<string>();
  for (const e of events) {
    const p = e.payload;
    if (
      (p.payload_type === "telemetry" || (p.payload_type === "cost" && p.data.cost_type === "token_cost")) &&
      "model_id" in p.data
    )
      ids.add(p.data.model_id as string);
  }
  return { events, labels, injections: spec.faults.map((f) => truthOf(spec, f)), modelIds: ids.size };
}

/** The fault in eval/score.ts's terms: the kind whose signal degrades first, on the model id that carries it. */
export function truthOf(spec: DaySpec, f: Fault): Injection {
  const tenant = spec.tenants.find((t) => t.id === f.tenant);
  if (tenant === undefined) throw new Error(`heldout: fault on unknown tenant ${f.tenant}`);
  const kind: IncidentKind =
    f.kind === "memory_leak"
      ? "gradual_drift"
      : f.kind === "upstream_cascade"
        ? f.leads === "errors"
          ? "error_burst"
          : "latency_spike"
        : f.kind;
  let model: string | undefined;
  if (f.model !== undefined && f.kind !== "governance_cascade") {
    const ids = reportedIds(tenant, f.model);
    model = kind === "error_burst" ? ids.failed : ids.ok;
    if (f.kind === "attack_wave") model = f.model;
  }
  return {
    kind,
    model,
    onsetMs: f.onsetMs,
    durationMs: f.durationMs,
    magnitude: f.magnitude,
    fraction: f.fraction,
    effects: f.followOn,
  };
}

function hashOf(text: string): number {
  let h = 0;
  for (let i = 0; i < text.length; i++) h = (Math.imul(h, 31) + text.charCodeAt(i)) | 0;
  return h;
}
