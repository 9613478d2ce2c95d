/*
 * A scenario day for the evaluation suite: LLM traffic of 1–20 models from one of three
 * emitter dialects, background events from every module, and injected incidents with their
 * ground truth. Written independently of the demo generator (src/cli/synthetic): its own
 * random source, model catalogue, event shapes, tags, severities and failure reporting.
 *
 * Time advances minute by minute; each minute's events are sorted and yielded, so a day of
 * 300k events never sits in memory. Every event is a plain AnalyticsEvent object.
 */
import type { AnalyticsEvent, Severity, SourceModule } from "../src/events/index.js";
import { Prng } from "./prng.js";

export type Dialect = "gateway" | "collector" | "sdk";
export type SeverityMode = "info" | "emitter" | "random";
export type IncidentKind =
  | "latency_spike"
  | "error_burst"
  | "token_explosion"
  | "throughput_collapse"
  | "attack_wave"
  | "governance_cascade"
  | "gradual_drift";

/** The series an injected incident degrades first. */
export type TruthSignal = "latency" | "errors" | "tokens" | "throughput" | "threats" | "policy";

export const TRUTH_SIGNAL: Readonly<Record<IncidentKind, TruthSignal>> = {
  latency_spike: "latency",
  gradual_drift: "latency",
  error_burst: "errors",
  token_explosion: "tokens",
  throughput_collapse: "throughput",
  attack_wave: "threats",
  governance_cascade: "policy",
};

export interface Injection {
  readonly kind: IncidentKind;
  /** The model it hits (the attack's target for attack_wave; none for governance_cascade). */
  readonly model: string | undefined;
  readonly onsetMs: number;
  readonly durationMs: number;
  /** Multiplier of the degraded quantity (latency, tokens, failure rate, event rate), or the remaining share of traffic. */
  readonly magnitude: number;
  /** Share of requests affected (latency_spike, token_explosion). */
  readonly fraction: number;
  /** Whether follow-on effects are injected (errors after a slowdown, retries, budget alerts, policy violations). */
  readonly effects: boolean;
}

export interface ScenarioSpec {
  readonly name: string;
  readonly label: string;
  readonly seed: number;
  readonly startMs: number;
  readonly spanMs: number;
  readonly models: number;
  readonly targetEvents: number;
  readonly dialect: Dialect;
  readonly severity: SeverityMode;
  /** Amplitude of the daily traffic curve (0 = flat). */
  readonly seasonality: number;
  readonly injections: readonly Injection[];
}

export const EVENT_KINDS = [
  "latency",
  "failed_request",
  "tokens",
  "cost",
  "error_rate",
  "throughput",
  "threat",
  "policy",
  "other",
] as const;
export type EventKind = (typeof EVENT_KINDS)[number];

/** What the generator knows about each event it wrote: kind, model, time, and whether an injection made it. */
export interface Label {
  readonly kind: EventKind;
  readonly model: string | undefined;
  readonly ms: number;
  readonly injected: boolean;
}

const MODEL_NAMES = [
  "northwind-xl",
  "contoso-chat-7b",
  "mistral-large-2407",
  "qwen2.5-72b-instruct",
  "o3-mini",
  "sonar-pro",
  "command-r-plus",
  "phi-4",
  "deepseek-v3",
  "granite-3.1-8b",
  "jamba-1.5-large",
  "nova-pro",
  "yi-lightning",
  "gemma-2-27b",
  "falcon-180b",
  "olmo-2-13b",
  "reka-core",
  "titan-text-premier",
  "solar-pro",
  "dbrx-instruct",
] as const;

interface ModelProfile {
  readonly id: string;
  readonly provider: string;
  readonly share: number;
  readonly ttftMs: number;
  readonly tokensPerSecond: number;
  readonly sigma: number;
  readonly failure: number;
  readonly promptMedian: number;
  readonly completionMedian: number;
  readonly promptPrice: number;
  readonly completionPrice: number;
  readonly dailyBudget: number;
}

const PROVIDERS = ["azure", "bedrock", "vertex", "self-hosted", "together"] as const;
const TEAMS = ["payments", "search-ui", "docs-bot", "ops", "growth", "legal-review"] as const;
const POLICIES = [
  { id: "p-pii", name: "PII in prompts", rules: ["pii.email"], severity: "medium" },
  { id: "p-tools", name: "Tool use allow-list", rules: ["tools.allow"], severity: "high" },
  { id: "p-size", name: "Prompt size", rules: ["prompt.max"], severity: "low" },
  { id: "p-export", name: "Data export", rules: ["export.block"], severity: "critical" },
] as const;
const THREAT_KINDS = ["prompt_injection", "malicious_input", "data_exfiltration", "unauthorized_access"] as const;

/** Events per request, by dialect (latency + tokens + cost, or fewer). */
const PER_REQUEST: Record<Dialect, number> = { gateway: 2.97, collector: 1.98, sdk: 2 };

export interface Generated {
  readonly events: Generator<AnalyticsEvent, void, undefined>;
  readonly labels: Map<string, Label>;
  readonly models: readonly string[];
}

/** The scenario's events (time-ordered per minute) and, filled as they are drawn, their labels. */
export function generate(spec: ScenarioSpec): Generated {
  const labels = new Map<string, Label>();
  const rng = new Prng(spec.seed, 1);
  const models = buildModels(spec, rng);
  return { events: run(spec, models, labels), labels, models: models.map((m) => m.id) };
}

/** The model ids a scenario uses (drawn the same way `generate` draws them). */
export function scenarioModels(spec: ScenarioSpec): string[] {
  return buildModels(spec, new Prng(spec.seed, 1)).map((m) => m.id);
}

function buildModels(spec: ScenarioSpec, rng: Prng): ModelProfile[] {
  const names = [...MODEL_NAMES];
  const chosen: ModelProfile[] = [];
  let total = 0;
  const raw: number[] = [];
  for (let i = 0; i < spec.models; i++) {
    const w = 1 / (i + 1) ** rng.between(0.4, 1.1);
    raw.push(w);
    total += w;
  }
  for (let i = 0; i < spec.models; i++) {
    const id = names.splice(rng.int(0, names.length - 1), 1)[0] as string;
    const promptPrice = rng.between(0.1, 8) / 1e6;
    chosen.push({
      id,
      provider: rng.pick(PROVIDERS),
      share: (raw[i] as number) / total,
      ttftMs: rng.between(150, 1500),
      tokensPerSecond: rng.between(25, 160),
      sigma: rng.between(0.25, 0.55),
      failure: rng.between(0.001, 0.02),
      promptMedian: rng.between(150, 2500),
      completionMedian: rng.between(40, 700),
      promptPrice,
      completionPrice: promptPrice * rng.between(2, 5),
      dailyBudget: 0,
    });
  }
  return chosen;
}

interface Pending {
  ms: number;
  event: AnalyticsEvent;
}

function* run(spec: ScenarioSpec, models: ModelProfile[], labels: Map<string, Label>): Generator<AnalyticsEvent> {
  const rng = new Prng(spec.seed, 2);
  const minutes = Math.max(1, Math.round(spec.spanMs / 60_000));
  const payloadSeconds = spec.spanMs <= 12 * 3_600_000 ? 60 : 300;
  const perMinutePeriodic = spec.dialect === "collector" ? (2 * models.length * 60) / payloadSeconds : 0;
  const hours = spec.spanMs / 3_600_000;
  // Background: threats, auth, privacy, policy, audit … per hour, scaled with the traffic a little.
  const bg = {
    threat: rng.between(1, 12),
    auth: rng.between(5, 40),
    authFailure: rng.between(0.02, 0.08),
    privacy: rng.between(0.5, 6),
    policy: rng.between(0.5, 8),
    audit: rng.between(0.5, 4),
    vulnerability: rng.between(0.01, 0.1),
    complianceViolation: rng.between(0.01, 0.08),
  };
  const backgroundPerHour =
    bg.threat + bg.auth + bg.privacy + bg.policy + bg.audit + bg.vulnerability + bg.complianceViolation + 6;
  const available = Math.max(
    spec.targetEvents * 0.5,
    spec.targetEvents - backgroundPerHour * hours - perMinutePeriodic * minutes,
  );
  const requestsPerMinute = available / PER_REQUEST[spec.dialect] / minutes;
  const phase = rng.between(0, 2 * Math.PI);
  const season = (ms: number) => 1 + spec.seasonality * Math.sin((2 * Math.PI * ms) / 86_400_000 + phase);
  for (const m of models) {
    const tokens = m.promptMedian * m.promptPrice + m.completionMedian * m.completionPrice;
    (m as { dailyBudget: number }).dailyBudget =
      tokens * 1.6 * requestsPerMinute * m.share * 1440 * rng.between(1.05, 1.5);
  }
  const spend = new Map<string, { day: number; usd: number; level: number }>();
  const env = spec.dialect === "collector" ? "prod-eu" : "production";
  const tally = new Map<string, { requests: number; failed: number; tokens: number }>();

  const sev = (kind: Severity): Severity => {
    if (spec.severity === "info") return "info";
    if (spec.severity === "random") return rng.pick(["debug", "info", "info", "warning", "error", "critical"] as const);
    return kind;
  };
  const stamp = (ms: number): string => {
    const iso = new Date(Math.floor(ms)).toISOString();
    if (spec.dialect === "sdk") return `${iso.slice(0, 23)}${String(rng.int(0, 999)).padStart(3, "0")}Z`;
    return iso;
  };
  const common = (
    ms: number,
    module: SourceModule,
    type: AnalyticsEvent["event_type"],
    severity: Severity,
    tags: Record<string, string>,
  ) => ({
    event_id: rng.uuid(),
    timestamp: stamp(ms),
    source_module: module,
    event_type: type,
    schema_version: "1.0.0",
    severity,
    environment: env,
    tags,
  });

  const active = (kind: IncidentKind, model: string | undefined, ms: number): Injection | undefined =>
    spec.injections.find(
      (i) =>
        i.kind === kind &&
        (model === undefined || i.model === model) &&
        ms >= i.onsetMs &&
        ms < i.onsetMs + i.durationMs,
    );
  const lag = (i: Injection, salt: number) => 60_000 * (2 + ((i.onsetMs / 60_000 + salt * 7) % 8)); // 2–9 min, fixed per injection

  for (let k = 0; k < minutes; k++) {
    const t0 = spec.startMs + k * 60_000;
    const batch: Pending[] = [];
    const push = (ms: number, event: AnalyticsEvent, kind: EventKind, model: string | undefined, injected: boolean) => {
      batch.push({ ms, event });
      labels.set(event.event_id, { kind, model, ms: Math.floor(ms), injected });
    };

    for (const m of models) {
      let rate = requestsPerMinute * m.share * season(t0);
      const collapse = active("throughput_collapse", m.id, t0);
      if (collapse !== undefined) rate *= collapse.magnitude;
      // Clients retry failed and timed-out requests a few minutes into a slowdown or an error burst.
      for (const i of spec.injections) {
        if ((i.kind === "latency_spike" || i.kind === "error_burst") && i.effects && i.model === m.id) {
          if (t0 >= i.onsetMs + lag(i, 3) && t0 < i.onsetMs + i.durationMs) rate *= 1.4;
        }
      }
      const n = rng.poisson(rate);
      for (let r = 0; r < n; r++) {
        const ms = t0 + rng.next() * 60_000;
        request(ms, m, push);
      }
      if (spec.dialect === "collector" && ((k + 1) * 60) % payloadSeconds === 0) {
        const end = t0 + 60_000;
        const t = tally.get(m.id) ?? { requests: 0, failed: 0, tokens: 0 };
        tally.set(m.id, { requests: 0, failed: 0, tokens: 0 });
        const tp = {
          ...common(end, "llm-observatory", "telemetry", sev("info"), {}),
          payload: {
            payload_type: "telemetry",
            data: {
              telemetry_type: "throughput",
              model_id: m.id,
              requests_per_second: Math.round((t.requests / payloadSeconds) * 1e4) / 1e4,
              tokens_per_second: Math.round((t.tokens / payloadSeconds) * 100) / 100,
              concurrent_requests: Math.round((t.requests * m.ttftMs) / (payloadSeconds * 1000)),
              window_duration_seconds: payloadSeconds,
            },
          },
        } as AnalyticsEvent;
        push(end, tp, "throughput", m.id, false);
        if (t.requests > 0) {
          const pct = Math.round((10_000 * t.failed) / t.requests) / 100;
          const er = {
            ...common(end, "llm-observatory", "telemetry", sev(pct > 10 ? "error" : pct > 3 ? "warning" : "info"), {}),
            payload: {
              payload_type: "telemetry",
              data: {
                telemetry_type: "error_rate",
                model_id: m.id,
                total_requests: t.requests,
                failed_requests: t.failed,
                error_rate_percent: pct,
                error_breakdown: t.failed > 0 ? { upstream_5xx: t.failed } : {},
                window_duration_seconds: payloadSeconds,
              },
            },
          } as AnalyticsEvent;
          push(end, er, "error_rate", m.id, false);
        }
      }
    }

    background(t0, push);
    batch.sort((a, b) => a.ms - b.ms);
    for (const p of batch) yield p.event;
  }

  function request(
    ms: number,
    m: ModelProfile,
    push: (ms: number, e: AnalyticsEvent, kind: EventKind, model: string | undefined, injected: boolean) => void,
  ) {
    let failure = m.failure;
    const burst = active("error_burst", m.id, ms);
    if (burst !== undefined) failure = Math.max(failure, burst.magnitude);
    let slow = 1;
    let injected = false;
    const spike = active("latency_spike", m.id, ms);
    if (spike !== undefined && rng.chance(spike.fraction)) {
      slow = spike.magnitude;
      injected = true;
    }
    const drift = active("gradual_drift", m.id, ms);
    if (drift !== undefined) {
      const ramp = Math.min(1, (ms - drift.onsetMs) / (0.7 * drift.durationMs));
      slow = 1 + (drift.magnitude - 1) * ramp;
      injected = true;
    }
    if (spike?.effects && ms >= spike.onsetMs + lag(spike, 1))
      failure = Math.max(failure, 0.04 + 0.3 * (spike.magnitude / 10));
    const failed = rng.chance(failure);
    let completion = Math.max(1, Math.round(rng.logNormal(m.completionMedian, 0.6)));
    let prompt = Math.max(1, Math.round(rng.logNormal(m.promptMedian, 0.8)));
    const explosion = active("token_explosion", m.id, ms);
    let tokensInjected = false;
    if (explosion !== undefined && rng.chance(explosion.fraction)) {
      completion = Math.min(120_000, Math.round(completion * explosion.magnitude));
      prompt = Math.round(prompt * (1 + explosion.magnitude / 10));
      tokensInjected = true;
    }
    const ttft = rng.logNormal(m.ttftMs * slow, m.sigma);
    const decode = (1000 * completion) / (m.tokensPerSecond / Math.sqrt(slow));
    const timeout = failed && rng.chance(spike !== undefined ? 0.8 : 0.15);
    let latency = failed ? (timeout ? 30_000 + rng.between(0, 500) : rng.logNormal(90, 0.5)) : ttft + decode;
    if (!failed && rng.chance(0.001)) latency *= 20; // isolated outliers are not incidents
    const done = ms + latency;
    const requestId = `req_${rng.u32().toString(36)}${rng.u32().toString(36)}`;
    const t = tally.get(m.id) ?? { requests: 0, failed: 0, tokens: 0 };
    t.requests++;
    if (failed) t.failed++;
    else t.tokens += prompt + completion;
    tally.set(m.id, t);
    const status = failed ? (timeout ? "504" : rng.pick(["429", "500", "503"])) : "200";
    const slowSeverity =
      latency > 4 * (m.ttftMs + (1000 * m.completionMedian) / m.tokensPerSecond) ? "warning" : "info";

    if (spec.dialect === "gateway") {
      const e = {
        ...common(done, "llm-observatory", "telemetry", sev(failed ? "error" : slowSeverity), {
          "gen_ai.request.model": m.id,
          "http.status_code": status,
          "service.name": "llm-gateway",
        }),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: m.id,
            request_id: requestId,
            total_latency_ms: Math.round(latency * 10) / 10,
            ...(failed ? {} : { ttft_ms: Math.round(ttft * 10) / 10 }),
          },
        },
      } as AnalyticsEvent;
      push(done, e, failed ? "failed_request" : "latency", m.id, injected || (failed && burst !== undefined));
    } else if (!failed) {
      const tags: Record<string, string> =
        spec.dialect === "sdk" ? { model_id: m.id, status: "ok", sdk: "py/1.4.2" } : {};
      const e = {
        ...common(done, "llm-observatory", "telemetry", sev(slowSeverity), tags),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "latency",
            model_id: m.id,
            request_id: requestId,
            total_latency_ms: Math.round(latency),
          },
        },
      } as AnalyticsEvent;
      push(done, e, "latency", m.id, injected);
    } else if (spec.dialect === "sdk") {
      const e = {
        ...common(done, "llm-observatory", "alert", sev("error"), { model_id: m.id, status: "error" }),
        payload: {
          payload_type: "custom",
          data: {
            custom_type: "llm.request.error",
            data: {
              model: m.id,
              error_type: status === "429" ? "rate_limited" : "upstream_error",
              request_id: requestId,
            },
          },
        },
      } as AnalyticsEvent;
      push(done, e, "failed_request", m.id, burst !== undefined);
    }
    if (failed) return;
    const billed = done + rng.between(50, 2000);
    const usd = prompt * m.promptPrice + completion * m.completionPrice;
    if (spec.dialect === "gateway") {
      const u = {
        ...common(done + 5, "llm-observatory", "telemetry", sev("info"), { "gen_ai.request.model": m.id }),
        payload: {
          payload_type: "telemetry",
          data: {
            telemetry_type: "token_usage",
            model_id: m.id,
            request_id: requestId,
            prompt_tokens: prompt,
            completion_tokens: completion,
            total_tokens: prompt + completion,
          },
        },
      } as AnalyticsEvent;
      push(done + 5, u, "tokens", m.id, tokensInjected);
    }
    const c = {
      ...common(
        billed,
        "llm-cost-ops",
        "cost",
        sev("info"),
        spec.dialect === "gateway" ? { tenant: rng.pick(TEAMS) } : { team: rng.pick(TEAMS) },
      ),
      payload: {
        payload_type: "cost",
        data: {
          cost_type: "token_cost",
          model_id: m.id,
          request_id: requestId,
          prompt_tokens: prompt,
          completion_tokens: completion,
          total_tokens: prompt + completion,
          cost_per_prompt_token: m.promptPrice,
          cost_per_completion_token: m.completionPrice,
          total_cost_usd: Math.round(usd * 1e8) / 1e8,
          currency: "USD",
        },
      },
    } as AnalyticsEvent;
    push(billed, c, spec.dialect === "gateway" ? "cost" : "tokens", m.id, tokensInjected);
    // Budget alerts on the model's daily spend (80 / 90 / 100 %): ordinary days cross some of them too.
    const day = Math.floor(billed / 86_400_000);
    const s = spend.get(m.id) ?? { day, usd: 0, level: 0 };
    if (s.day !== day) Object.assign(s, { day, usd: 0, level: 0 });
    s.usd += usd;
    spend.set(m.id, s);
    const levels = [80, 90, 100];
    while (s.level < 3 && s.usd >= (m.dailyBudget * (levels[s.level] as number)) / 100) {
      const pct = levels[s.level] as number;
      s.level++;
      const type = pct === 100 ? "exceeded" : pct === 90 ? "critical" : "warning";
      const b = {
        ...common(billed + 1000, "llm-cost-ops", "alert", sev(pct === 100 ? "critical" : "warning"), { model: m.id }),
        payload: {
          payload_type: "cost",
          data: {
            cost_type: "budget_alert",
            budget_id: `budget-${m.id}`,
            budget_name: `${m.id} daily`,
            budget_limit_usd: Math.round(m.dailyBudget * 100) / 100,
            current_spend_usd: Math.round(s.usd * 100) / 100,
            threshold_percent: pct,
            alert_type: type,
          },
        },
      } as AnalyticsEvent;
      push(billed + 1000, b, "other", m.id, false);
    }
  }

  function background(
    t0: number,
    push: (ms: number, e: AnalyticsEvent, kind: EventKind, model: string | undefined, injected: boolean) => void,
  ) {
    const perMinute = (perHour: number) => rng.poisson(perHour / 60);
    const at = () => t0 + rng.next() * 60_000;
    // Threats, with an attack wave on top.
    let threats = perMinute(bg.threat);
    const wave = active("attack_wave", undefined, t0);
    const waveCount = wave === undefined ? 0 : rng.poisson((Math.max(bg.threat, 4) * wave.magnitude) / 60);
    threats += waveCount;
    for (let i = 0; i < threats; i++) {
      const injected = i >= threats - waveCount;
      const ms = at();
      const target = injected && wave?.model !== undefined ? wave.model : rng.pick(models).id;
      const level = injected
        ? rng.pick(["high", "critical"] as const)
        : rng.pick(["low", "medium", "medium", "high"] as const);
      const e = {
        ...common(
          ms,
          "llm-sentinel",
          "security",
          sev(level === "critical" ? "critical" : level === "high" ? "error" : "warning"),
          spec.dialect === "gateway" ? { "gen_ai.request.model": target } : {},
        ),
        payload: {
          payload_type: "security",
          data: {
            security_type: "threat",
            threat_id: `thr-${rng.u32().toString(16)}`,
            threat_type: injected ? "prompt_injection" : rng.pick(THREAT_KINDS),
            threat_level: level,
            source_ip: injected ? `203.0.113.${rng.int(1, 20)}` : null,
            target_resource: `endpoint:/chat/${target}`,
            attack_vector: injected ? "indirect prompt in retrieved page" : "user prompt",
            mitigation_status: rng.pick(["detected", "blocked", "blocked", "mitigated"] as const),
            indicators_of_compromise: injected ? ["ioc:wave"] : [],
          },
        },
      } as AnalyticsEvent;
      push(ms, e, "threat", target, injected);
    }
    // Auth, with failures; a wave brings credential stuffing with it.
    const authWave = wave?.effects && t0 >= wave.onsetMs + 3 * 60_000 ? rng.poisson(wave.magnitude / 3) : 0;
    const auths = perMinute(bg.auth) + authWave;
    for (let i = 0; i < auths; i++) {
      const ms = at();
      const ok = i >= auths - authWave ? false : !rng.chance(bg.authFailure);
      const e = {
        ...common(ms, "llm-sentinel", "security", sev(ok ? "info" : "warning"), {}),
        payload: {
          payload_type: "security",
          data: {
            security_type: "auth",
            user_id: `u${rng.int(1, 900)}`,
            action: rng.pick(["login", "token_generated", "access_attempt"] as const),
            resource: "console",
            success: ok,
            ...(ok ? {} : { failure_reason: "bad credentials" }),
          },
        },
      } as AnalyticsEvent;
      push(ms, e, "other", undefined, false);
    }
    for (let i = perMinute(bg.privacy); i > 0; i--) {
      const ms = at();
      const e = {
        ...common(ms, "llm-sentinel", "security", sev("info"), {}),
        payload: {
          payload_type: "security",
          data: {
            security_type: "privacy",
            data_type: "chat_transcript",
            operation: "data_access",
            user_consent: !rng.chance(0.03),
            data_subjects: [`s${rng.int(1, 99)}`],
            purpose: "support",
          },
        },
      } as AnalyticsEvent;
      push(ms, e, "other", undefined, false);
    }
    if (rng.chance(bg.vulnerability / 60)) {
      const ms = at();
      push(
        ms,
        {
          ...common(ms, "llm-sentinel", "security", sev("warning"), {}),
          payload: {
            payload_type: "security",
            data: {
              security_type: "vulnerability",
              vulnerability_id: `v-${rng.u32()}`,
              cve_id: null,
              severity_score: rng.between(3, 9),
              affected_component: "tokenizer-service",
              description: "dependency advisory",
              remediation_status: "identified",
            },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
    }
    if (rng.chance(bg.complianceViolation / 60)) {
      const ms = at();
      push(
        ms,
        {
          ...common(ms, "llm-sentinel", "security", sev("error"), {}),
          payload: {
            payload_type: "security",
            data: {
              security_type: "compliance_violation",
              violation_id: `cv-${rng.u32()}`,
              regulation: "GDPR",
              requirement: "Art. 5",
              violation_description: "retention exceeded",
              affected_data_types: [],
              remediation_required: true,
            },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
    }
    // Policy violations, with a cascade on top.
    const cascade = active("governance_cascade", undefined, t0);
    const cascadeCount = cascade === undefined ? 0 : rng.poisson((Math.max(bg.policy, 3) * cascade.magnitude) / 60);
    const waveViolations =
      wave?.effects && t0 >= wave.onsetMs + lag(wave, 2) ? rng.poisson((Math.max(bg.policy, 3) * 6) / 60) : 0;
    const policies = perMinute(bg.policy) + cascadeCount + waveViolations;
    for (let i = 0; i < policies; i++) {
      const injected = i >= policies - cascadeCount - waveViolations && i < policies - waveViolations;
      const ms = at();
      const policy = injected ? POLICIES[3] : rng.pick(POLICIES);
      const e = {
        ...common(
          ms,
          rng.chance(0.5) ? "llm-policy-engine" : "llm-governance-dashboard",
          "governance",
          sev(policy.severity === "critical" ? "critical" : policy.severity === "high" ? "error" : "warning"),
          injected ? { team: "legal-review" } : { team: rng.pick(TEAMS) },
        ),
        payload: {
          payload_type: "governance",
          data: {
            governance_type: "policy_violation",
            policy_id: policy.id,
            policy_name: policy.name,
            violation_description: "violation",
            violated_rules: [...policy.rules],
            resource_id: `res-${rng.int(1, 500)}`,
            user_id: null,
            severity: policy.severity,
            auto_remediated: rng.chance(0.5),
          },
        },
      } as AnalyticsEvent;
      push(ms, e, "policy", undefined, injected);
    }
    const remediations =
      cascade?.effects && t0 >= cascade.onsetMs + lag(cascade, 4)
        ? rng.poisson(((cascade.magnitude * 2) / 60) * 10)
        : 0;
    for (let i = perMinute(bg.audit) + remediations; i > 0; i--) {
      const ms = at();
      push(
        ms,
        {
          ...common(ms, "llm-governance-dashboard", "audit", sev("info"), {}),
          payload: {
            payload_type: "governance",
            data: {
              governance_type: "audit_trail",
              action: "update",
              actor: `admin${rng.int(1, 5)}@example.org`,
              resource_type: "routing_rule",
              resource_id: `rule-${rng.int(1, 30)}`,
              changes: { weight: { from: 1, to: 2 } },
              ip_address: null,
              user_agent: null,
            },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
    }
    if (cascade?.effects && Math.abs(t0 - (cascade.onsetMs + 15 * 60_000)) < 30_000) {
      for (let i = 0; i < 3; i++) {
        const ms = at();
        push(
          ms,
          {
            ...common(ms, "llm-governance-dashboard", "governance", sev("warning"), {}),
            payload: {
              payload_type: "governance",
              data: {
                governance_type: "compliance_check",
                check_id: `chk-${rng.u32()}`,
                framework: "SOC 2",
                controls_checked: ["CC6.1"],
                passed: false,
                findings: [{ control_id: "CC6.1", status: "fail", description: "export controls", evidence: null }],
                score: 0.4,
              },
            },
          } as AnalyticsEvent,
          "other",
          undefined,
          false,
        );
      }
    }
    // Hourly bookkeeping from every other module.
    const minuteOfHour = Math.floor(t0 / 60_000) % 60;
    if (minuteOfHour === 0) {
      for (const provider of new Set(models.map((m) => m.provider))) {
        push(
          t0 + 1,
          {
            ...common(t0 + 1, "llm-cost-ops", "cost", sev("info"), { provider }),
            payload: {
              payload_type: "cost",
              data: {
                cost_type: "api_cost",
                provider,
                api_endpoint: "/embeddings",
                request_count: rng.int(50, 500),
                cost_per_request: 0.0001,
                total_cost_usd: rng.between(0.005, 0.05),
                billing_period: "2025-06",
              },
            },
          } as AnalyticsEvent,
          "other",
          undefined,
          false,
        );
      }
      push(
        t0 + 2,
        {
          ...common(t0 + 2, "llm-cost-ops", "cost", sev("info"), {}),
          payload: {
            payload_type: "cost",
            data: {
              cost_type: "resource_consumption",
              resource_type: { other: "tpu" },
              resource_id: "pool-a",
              quantity: 4,
              unit: "chip_hours",
              cost_usd: 12,
              utilization_percent: rng.between(20, 90),
            },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
      push(
        t0 + 3,
        {
          ...common(t0 + 3, "llm-governance-dashboard", "governance", sev("debug"), {}),
          payload: {
            payload_type: "governance",
            data: {
              governance_type: "data_lineage",
              data_asset_id: "warehouse.llm_calls",
              operation: "aggregate",
              source: null,
              destination: null,
              transformation: null,
              lineage_path: ["kafka", "warehouse"],
            },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
      push(
        t0 + 4,
        {
          ...common(t0 + 4, "llm-analytics-hub", "audit", sev("info"), {}),
          payload: {
            payload_type: "custom",
            data: { custom_type: "report_generated", data: { rows: rng.int(10, 1000) } },
          },
        } as AnalyticsEvent,
        "other",
        undefined,
        false,
      );
      if (Math.floor(t0 / 3_600_000) % 4 === 0) {
        push(
          t0 + 5,
          {
            ...common(t0 + 5, "llm-governance-dashboard", "governance", sev("info"), {}),
            payload: {
              payload_type: "governance",
              data: {
                governance_type: "compliance_check",
                check_id: `chk-${rng.u32()}`,
                framework: "ISO 42001",
                controls_checked: ["A.6"],
                passed: !rng.chance(0.05),
                findings: [],
                score: 0.95,
              },
            },
          } as AnalyticsEvent,
          "other",
          undefined,
          false,
        );
      }
      if (spec.dialect === "sdk") {
        for (const m of models) {
          const q = Math.min(1, Math.max(0, rng.between(0.8, 0.9)));
          push(
            t0 + 6,
            {
              ...common(t0 + 6, "llm-observatory", "telemetry", sev("info"), { model_id: m.id }),
              payload: {
                payload_type: "telemetry",
                data: {
                  telemetry_type: "model_performance",
                  model_id: m.id,
                  accuracy: null,
                  quality_score: q,
                  user_satisfaction: null,
                  custom_metrics: {},
                },
              },
            } as AnalyticsEvent,
            "other",
            m.id,
            false,
          );
        }
      }
      if (rng.chance(0.1)) {
        push(
          t0 + 7,
          {
            ...common(t0 + 7, "llm-registry", "lifecycle", sev("info"), {}),
            payload: {
              payload_type: "custom",
              data: {
                custom_type: "model_deployed",
                data: { model: rng.pick(models).id, version: `v${rng.int(1, 9)}` },
              },
            },
          } as AnalyticsEvent,
          "other",
          undefined,
          false,
        );
      }
    }
  }
}
