import type { AnalyticsEvent, SourceModule } from "../../events/index.js";
import { eventModel } from "../describe.js";
import { isExposedVulnerability } from "../impact.js";
import type { IncidentSignal } from "./schema.js";

/*
 * Where the signals of incident analysis come from: every payload of WIRE_FORMAT.md §2.1 that
 * carries a rate, a size or an occurrence worth watching, and the places unseen emitters put a
 * model id or a failure (payload fields first, then tags).
 */

export const INCIDENT_SIGNALS = [
  "latency_p95",
  "error_rate",
  "throughput",
  "token_usage",
  "completion_tokens",
  "cost",
  "quality",
  "threats",
  "auth_failures",
  "vulnerabilities",
  "privacy_violations",
  "compliance_violations",
  "policy_violations",
  "failed_compliance_checks",
  "audit_changes",
  "budget_alerts",
] as const;
// A signal incident analysis watches: the type of the IncidentSignal schema (one declaration, so
// the API reference links every use of it to that schema).
export type { IncidentSignal } from "./schema.js";

/**
 * How a window's value is formed from its observations:
 * - `quantile`: the 95th percentile (latency);
 * - `mean`: the geometric mean for sizes (tokens per request), the mean of rates and scores;
 * - `sum`: the total of a window's observations (no source since spend is scored per token);
 * - `ratio`: failed / total over the window (error rate);
 * - `count`: how many events (security and governance event rates, budget alerts, requests).
 */
export type IncidentSignalKind = "quantile" | "mean" | "sum" | "ratio" | "count";

/** Which way is bad: `up` (a rise is the incident), `down` (a fall is), `both`. */
export type IncidentSignalDirection = "up" | "down" | "both";

export interface IncidentSignalSpec {
  readonly signal: IncidentSignal;
  /** Plain words for reports: "p95 latency". */
  readonly label: string;
  readonly family: "performance" | "cost" | "security" | "governance";
  /** `model`: one series per model; `global`: one series over every event of the kind. */
  readonly scope: "model" | "global";
  /** A secondary signal joins incidents but never opens one alone (a budget alert is an effect). */
  readonly secondary: boolean;
  readonly sourceModule: SourceModule;
}

export const SIGNAL_SPECS: Readonly<Record<IncidentSignal, IncidentSignalSpec>> = Object.freeze({
  latency_p95: spec({
    signal: "latency_p95",
    label: "p95 latency",
    family: "performance",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  error_rate: spec({
    signal: "error_rate",
    label: "error rate",
    family: "performance",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  throughput: spec({
    signal: "throughput",
    label: "throughput",
    family: "performance",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  token_usage: spec({
    signal: "token_usage",
    label: "tokens per request",
    family: "cost",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  completion_tokens: spec({
    signal: "completion_tokens",
    label: "completion tokens per request",
    family: "cost",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  cost: spec({
    signal: "cost",
    label: "spend per token",
    family: "cost",
    scope: "model",
    secondary: false,
    sourceModule: "llm-cost-ops",
  }),
  quality: spec({
    signal: "quality",
    label: "model quality",
    family: "performance",
    scope: "model",
    secondary: false,
    sourceModule: "llm-observatory",
  }),
  threats: spec({
    signal: "threats",
    label: "threat rate",
    family: "security",
    scope: "global",
    secondary: false,
    sourceModule: "llm-sentinel",
  }),
  auth_failures: spec({
    signal: "auth_failures",
    label: "failed authentications",
    family: "security",
    scope: "global",
    secondary: false,
    sourceModule: "llm-sentinel",
  }),
  vulnerabilities: spec({
    signal: "vulnerabilities",
    label: "vulnerability reports",
    family: "security",
    scope: "global",
    secondary: false,
    sourceModule: "llm-sentinel",
  }),
  privacy_violations: spec({
    signal: "privacy_violations",
    label: "privacy events without consent",
    family: "security",
    scope: "global",
    secondary: false,
    sourceModule: "llm-sentinel",
  }),
  compliance_violations: spec({
    signal: "compliance_violations",
    label: "compliance violations",
    family: "security",
    scope: "global",
    secondary: false,
    sourceModule: "llm-sentinel",
  }),
  policy_violations: spec({
    signal: "policy_violations",
    label: "policy violations",
    family: "governance",
    scope: "global",
    secondary: false,
    sourceModule: "llm-policy-engine",
  }),
  failed_compliance_checks: spec({
    signal: "failed_compliance_checks",
    label: "failed compliance checks",
    family: "governance",
    scope: "global",
    secondary: true,
    sourceModule: "llm-governance-dashboard",
  }),
  audit_changes: spec({
    signal: "audit_changes",
    label: "audited changes",
    family: "governance",
    scope: "global",
    secondary: true,
    sourceModule: "llm-governance-dashboard",
  }),
  budget_alerts: spec({
    signal: "budget_alerts",
    label: "budget alerts",
    family: "cost",
    scope: "global",
    secondary: true,
    sourceModule: "llm-cost-ops",
  }),
});

function spec({ signal, label, family, scope, secondary, sourceModule }: IncidentSignalSpec): IncidentSignalSpec {
  return Object.freeze({ signal, label, family, scope, secondary, sourceModule });
}

/**
 * The concrete sources of each signal. A signal can be measured several ways (an error rate from
 * `error_rate` payloads or from failed requests); per model the analysis keeps the first source
 * in this list that has data (see `SOURCE_PRIORITY`).
 */
export interface IncidentSourceSpec {
  readonly id: number;
  readonly name: string;
  readonly signal: IncidentSignal;
  readonly kind: IncidentSignalKind;
  readonly direction: IncidentSignalDirection;
  /** Values are compared on a log scale (sizes and rates), else linearly (quality scores). */
  readonly log: boolean;
  /** The metric name written to AnomalyEvent.metric (labels are added per model). */
  readonly metric: string;
  readonly unit: string;
  /** What the source reads, for the docs and the report. */
  readonly from: string;
  /** Lower is preferred when a model has several sources of one signal. */
  readonly priority: number;
  /** A secondary source joins incidents but never opens one (billing records, periodic checks). */
  readonly secondary: boolean;
}

/** A source's spec: `priority` 0, `log` true and `secondary` false unless given. */
const source = ({
  id,
  name,
  signal,
  kind,
  direction,
  metric,
  unit,
  from,
  priority = 0,
  log = true,
  secondary = false,
}: Omit<IncidentSourceSpec, "priority" | "log" | "secondary"> &
  Partial<Pick<IncidentSourceSpec, "priority" | "log" | "secondary">>): IncidentSourceSpec =>
  Object.freeze({ id, name, signal, kind, direction, log, metric, unit, from, priority, secondary });

export const INCIDENT_SIGNAL_SOURCES: readonly IncidentSourceSpec[] = Object.freeze([
  source({
    id: 0,
    name: "latency",
    signal: "latency_p95",
    kind: "quantile",
    direction: "up",
    metric: "latency_p95_ms",
    unit: "ms",
    from: "telemetry latency total_latency_ms (failed requests left out)",
  }),
  source({
    id: 1,
    name: "error_rate_payload",
    signal: "error_rate",
    kind: "ratio",
    direction: "up",
    metric: "error_rate_percent",
    unit: "%",
    from: "telemetry error_rate failed_requests / total_requests",
    priority: 0,
  }),
  source({
    id: 2,
    name: "error_rate_requests",
    signal: "error_rate",
    kind: "ratio",
    direction: "up",
    metric: "error_rate_percent",
    unit: "%",
    from: "failed requests (tags such as error, status, http.status_code ≥ 500 or 429; custom error events) / requests",
    priority: 1,
  }),
  source({
    id: 3,
    name: "throughput_payload",
    signal: "throughput",
    kind: "count",
    direction: "both",
    metric: "requests_per_window",
    unit: "requests",
    from: "telemetry throughput requests_per_second × window_duration_seconds, spread over the time it covers",
    priority: 0,
  }),
  source({
    id: 4,
    name: "throughput_requests",
    signal: "throughput",
    kind: "count",
    direction: "both",
    metric: "requests_per_window",
    unit: "requests",
    from: "request events (latency and custom error events)",
    priority: 1,
  }),
  source({
    id: 5,
    name: "throughput_billed",
    signal: "throughput",
    kind: "count",
    direction: "both",
    metric: "requests_per_window",
    unit: "requests",
    from: "token_cost events (when a model has no latency events)",
    priority: 2,
  }),
  source({
    id: 6,
    name: "tokens_telemetry",
    signal: "token_usage",
    kind: "mean",
    direction: "up",
    metric: "tokens_per_request",
    unit: "tokens",
    from: "telemetry token_usage total_tokens (geometric mean per request)",
    priority: 0,
  }),
  source({
    id: 7,
    name: "tokens_billed",
    signal: "token_usage",
    kind: "mean",
    direction: "up",
    metric: "tokens_per_request",
    unit: "tokens",
    from: "cost token_cost total_tokens (geometric mean per request)",
    priority: 1,
  }),
  source({
    id: 8,
    name: "cost_tokens",
    signal: "cost",
    kind: "mean",
    direction: "up",
    metric: "cost_per_token_usd",
    unit: "USD",
    from: "cost token_cost total_cost_usd / total_tokens (geometric mean per bill; the bill's tokens as its total)",
    priority: 0,
  }),
  source({
    id: 9,
    name: "quality",
    signal: "quality",
    kind: "mean",
    direction: "down",
    metric: "quality_score",
    unit: "score",
    from: "telemetry model_performance quality_score, else accuracy, else user_satisfaction",
    priority: 0,
    log: false,
  }),
  source({
    id: 10,
    name: "threats",
    signal: "threats",
    kind: "count",
    direction: "up",
    metric: "threat_events",
    unit: "events",
    from: "security threat",
  }),
  source({
    id: 11,
    name: "auth_failures",
    signal: "auth_failures",
    kind: "count",
    direction: "up",
    metric: "failed_auth_events",
    unit: "events",
    from: "security auth with success false",
  }),
  source({
    id: 12,
    name: "vulnerabilities",
    signal: "vulnerabilities",
    kind: "count",
    direction: "up",
    metric: "vulnerability_events",
    unit: "events",
    from: "security vulnerability",
  }),
  source({
    id: 13,
    name: "privacy_violations",
    signal: "privacy_violations",
    kind: "count",
    direction: "up",
    metric: "privacy_events_without_consent",
    unit: "events",
    from: "security privacy with user_consent false",
  }),
  source({
    id: 14,
    name: "compliance_violations",
    signal: "compliance_violations",
    kind: "count",
    direction: "up",
    metric: "compliance_violation_events",
    unit: "events",
    from: "security compliance_violation",
  }),
  source({
    id: 15,
    name: "policy_violations",
    signal: "policy_violations",
    kind: "count",
    direction: "up",
    metric: "policy_violation_events",
    unit: "events",
    from: "governance policy_violation",
  }),
  source({
    id: 16,
    name: "failed_compliance_checks",
    signal: "failed_compliance_checks",
    kind: "count",
    direction: "up",
    metric: "failed_compliance_checks",
    unit: "events",
    from: "governance compliance_check with passed false",
  }),
  source({
    id: 17,
    name: "audit_changes",
    signal: "audit_changes",
    kind: "count",
    direction: "up",
    metric: "audit_events",
    unit: "events",
    from: "governance audit_trail",
  }),
  source({
    id: 18,
    name: "budget_alerts",
    signal: "budget_alerts",
    kind: "count",
    direction: "up",
    metric: "budget_alerts",
    unit: "events",
    from: "cost budget_alert",
  }),
  source({
    id: 19,
    name: "completion_telemetry",
    signal: "completion_tokens",
    kind: "mean",
    direction: "up",
    metric: "completion_tokens_per_request",
    unit: "tokens",
    from: "telemetry token_usage completion_tokens (geometric mean per request that generated any)",
    priority: 0,
  }),
  source({
    id: 20,
    name: "completion_billed",
    signal: "completion_tokens",
    kind: "mean",
    direction: "up",
    metric: "completion_tokens_per_request",
    unit: "tokens",
    from: "cost token_cost completion_tokens (geometric mean per request that generated any)",
    priority: 1,
  }),
]);

export const SOURCE = {
  latency: 0,
  errorPayload: 1,
  errorRequests: 2,
  throughputPayload: 3,
  throughputRequests: 4,
  throughputBilled: 5,
  tokensTelemetry: 6,
  tokensBilled: 7,
  costTokens: 8,
  quality: 9,
  threats: 10,
  authFailures: 11,
  vulnerabilities: 12,
  privacyViolations: 13,
  complianceViolations: 14,
  policyViolations: 15,
  failedComplianceChecks: 16,
  auditChanges: 17,
  budgetAlerts: 18,
  completionTelemetry: 19,
  completionBilled: 20,
} as const;

/** What an observation is out of, and the time it covers (see `ObservationSink`). */
export interface ObservationExtent {
  /** A ratio's denominator (requests); a windowed count's window (ms); else 0. */
  readonly total: number;
  /** The time a windowed payload covers (ms; 0 for an instant). */
  readonly span: number;
  /**
   * An `error_rate` payload's totals as sent and who sent them (`reporterOf`), so that a
   * reporter whose totals are cumulative counters can be read as increments
   * (`EventStore.readCounters`).
   */
  readonly report?: { readonly reporter: string; readonly requests: number; readonly failures: number };
}

/** The extent of an instant measurement or occurrence. */
export const INSTANT: ObservationExtent = Object.freeze({ total: 0, span: 0 });
/** The extent of one request's failure (0 or 1) in an error rate. */
const ONE_REQUEST: ObservationExtent = Object.freeze({ total: 1, span: 0 });

/** Receives what `observe` finds in an event. */
export interface ObservationSink {
  /**
   * One observation of `source` for `model` (undefined for global sources) at `t` (epoch ms;
   * for windowed payloads the middle of the window they cover). `value` is the measured number
   * (1 for an occurrence, the failures for a ratio); `extent` what it is out of and the time it
   * covers (INSTANT when left out).
   */
  observation(source: number, model: string | undefined, t: number, value: number, extent?: ObservationExtent): void;
  /** A registry's record that `model` left service or (re)entered it at `t` (`modelLifecycle`). */
  lifecycle?(model: string, t: number, state: ModelLifecycle): void;
}

/** Tag keys that name the model, in the order they are tried (OpenTelemetry GenAI first). */
export const INCIDENT_MODEL_TAG_KEYS = Object.freeze([
  "gen_ai.request.model",
  "gen_ai.response.model",
  "model_id",
  "model",
  "llm.model",
  "llm.model_name",
  "llm.request.model",
  "ai.model.id",
  "model_name",
  "deployment",
]);

/** The model an event is about: the payload's `model_id` (telemetry, token_cost, a custom payload's data), else a model tag. */
export function modelOfEvent(event: AnalyticsEvent): string | undefined {
  const named = eventModel(event);
  if (named !== undefined) return named;
  const p = event.payload;
  if (p.payload_type === "custom") {
    const inner = customModel(p.data.data);
    if (inner !== undefined) return inner;
  }
  return modelTag(event.tags);
}

function modelTag(tags: Readonly<Record<string, string>> | undefined): string | undefined {
  if (tags === undefined) return undefined;
  for (const key of INCIDENT_MODEL_TAG_KEYS) {
    const value = tags[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

function customModel(data: unknown): string | undefined {
  if (typeof data !== "object" || data === null || Array.isArray(data)) return undefined;
  const record = data as Record<string, unknown>;
  for (const key of ["model_id", "model", "gen_ai.request.model"]) {
    const value = record[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return undefined;
}

const FAILED_WORDS = new Set(["error", "errored", "failed", "failure", "fail", "timeout", "timed_out", "exception"]);
const TRUE_WORDS = new Set(["true", "1", "yes"]);
const FALSE_WORDS = new Set(["", "false", "0", "no", "none", "null", "ok"]);

/**
 * Whether a request event's tags say it failed: `error`/`error.type`/`error_type` set to
 * anything but false-like, `status`/`outcome`/`otel.status_code`/`result` naming a failure,
 * `success` false, or an HTTP status (`http.status_code`, `http.response.status_code`,
 * `status_code`) of 429 or ≥ 500. Severity is never used: emitters often leave it at info.
 */
export function isFailedRequest(tags: Readonly<Record<string, string>> | undefined): boolean {
  if (tags === undefined) return false;
  for (const key in tags) {
    const value = tags[key];
    if (value === undefined) continue;
    switch (key.toLowerCase()) {
      case "error":
      case "error.type":
      case "error_type":
      case "exception.type":
        if (!FALSE_WORDS.has(value.toLowerCase())) return true;
        break;
      case "status":
      case "outcome":
      case "result":
      case "otel.status_code":
      case "request.status":
        if (FAILED_WORDS.has(value.toLowerCase())) return true;
        break;
      case "success":
      case "ok":
        if (!TRUE_WORDS.has(value.toLowerCase()) && FALSE_WORDS.has(value.toLowerCase())) return true;
        break;
      case "http.status_code":
      case "http.response.status_code":
      case "status_code":
      case "http_status": {
        const code = Number(value);
        if (code === 429 || (code >= 500 && code <= 599)) return true;
        break;
      }
    }
  }
  return false;
}

const CUSTOM_ERROR = /error|fail|exception|timeout/i;

/**
 * Tags that tell apart the processes behind one model's series: Prometheus' target labels
 * (`job`, `instance`), OpenTelemetry's resource attributes (`service.instance.id`, `host.name`,
 * `k8s.pod.name`, `container.id`, `process.pid`) and their common spellings. Each process keeps
 * its own counters, so the replicas of one deployment are separate reporters.
 */
const REPORTER_TAGS = Object.freeze([
  "job",
  "instance",
  "service.instance.id",
  "host.name",
  "host",
  "hostname",
  "k8s.pod.name",
  "k8s.pod.uid",
  "pod",
  "pod_name",
  "container.id",
  "container_id",
  "process.pid",
]);

/**
 * Who sent a windowed report, within its model and deployment (which key the series already):
 * the module, the window it says it covers and the values of `REPORTER_TAGS`. Reports that name
 * no process are one reporter per module and window; if they came from several processes their
 * totals interleave and are never read as one counter (`counterIncrements`). O(tags).
 */
export function reporterOf(event: AnalyticsEvent, windowSeconds: number): string {
  const tags = event.tags;
  let key = `${event.source_module}\u0000${windowSeconds}`;
  if (tags !== undefined)
    for (const name of REPORTER_TAGS) {
      const v = tags[name];
      if (typeof v === "string" && v !== "") key += `\u0000${name}=${v}`;
    }
  return key;
}

/** Tags that name how a request failed, most specific first: an HTTP status, then an error type. */
const FAILURE_CLASS_TAGS = Object.freeze([
  "http.status_code",
  "http.response.status_code",
  "status_code",
  "http_status",
  "error.type",
  "error_type",
  "exception.type",
  "litellm.exception",
]);

/**
 * How a failed request failed, as its producer names it: the HTTP status (`529`), else the
 * error type (`overloadederror`, `timeout`), lower case; undefined for a request that did not
 * fail or names no class. A custom error event's class is its `custom_type`. O(tags).
 */
export function failureClass(event: AnalyticsEvent): string | undefined {
  const p = event.payload;
  if (p.payload_type === "custom")
    return CUSTOM_ERROR.test(p.data.custom_type) ? p.data.custom_type.toLowerCase() : undefined;
  if (p.payload_type !== "telemetry" || p.data.telemetry_type !== "latency") return undefined;
  const tags = event.tags;
  if (tags === undefined || !isFailedRequest(tags)) return undefined;
  for (const key of FAILURE_CLASS_TAGS) {
    const v = tags[key];
    if (typeof v === "string" && v !== "" && !FALSE_WORDS.has(v.toLowerCase())) return v.trim().toLowerCase();
  }
  return undefined;
}

/**
 * Whether a failure class is a timeout: the client's deadline ran out (HTTP 504 and 408, error
 * types naming a timeout or deadline). Such a failure is a latency beyond the deadline, not a
 * response of the upstream.
 */
export function isTimeoutClass(cls: string): boolean {
  return cls === "504" || cls === "408" || /time[_ .-]?out|timed[_ .-]?out|deadline/.test(cls);
}

/** Whether a failed request event timed out (its class is a timeout, `isTimeoutClass`). */
function timedOut(event: AnalyticsEvent): boolean {
  const cls = failureClass(event);
  return cls !== undefined && isTimeoutClass(cls);
}

/**
 * Every observation `event` contributes, handed to `sink` (most events give one; a token_cost
 * event gives tokens, spend and, for models without latency events, a request). Events that
 * feed no signal (audit-free lineage, passed compliance checks, custom payloads that are not
 * request errors) give none. O(tags) per event.
 */
export function observe(event: AnalyticsEvent, t: number, sink: ObservationSink): number {
  const p = event.payload;
  switch (p.payload_type) {
    case "telemetry":
      return observeTelemetry(event, p.data, t, sink);
    case "cost":
      return observeCost(p.data, t, sink);
    case "security":
      return observeSecurity(p.data, t, sink);
    case "governance":
      return observeGovernance(event, p.data, t, sink);
    case "custom":
      return observeCustom(event, p.data, t, sink);
  }
}

type DataOf<K extends AnalyticsEvent["payload"]["payload_type"]> = Extract<
  AnalyticsEvent["payload"],
  { payload_type: K }
>["data"];

/** `observe` for telemetry: latency gives a request (latency, error, throughput); windowed payloads spread over their window. */
function observeTelemetry(event: AnalyticsEvent, d: DataOf<"telemetry">, t: number, sink: ObservationSink): number {
  switch (d.telemetry_type) {
    case "latency": {
      const failed = isFailedRequest(event.tags);
      if (!failed || timedOut(event)) sink.observation(SOURCE.latency, d.model_id, t, d.total_latency_ms);
      sink.observation(SOURCE.errorRequests, d.model_id, t, failed ? 1 : 0, ONE_REQUEST);
      sink.observation(SOURCE.throughputRequests, d.model_id, t, 1);
      return 3;
    }
    case "error_rate": {
      const mid = t - (d.window_duration_seconds * 1000) / 2;
      const report = {
        reporter: reporterOf(event, d.window_duration_seconds),
        requests: d.total_requests,
        failures: d.failed_requests,
      };
      if (d.total_requests > 0) {
        sink.observation(SOURCE.errorPayload, d.model_id, mid, Math.min(d.failed_requests, d.total_requests), {
          total: d.total_requests,
          span: d.window_duration_seconds * 1000,
          report,
        });
      } else if (d.error_rate_percent >= 0) {
        // No request count: the percentage stands for one request's worth of evidence.
        sink.observation(SOURCE.errorPayload, d.model_id, mid, Math.min(d.error_rate_percent, 100) / 100, {
          total: 1,
          span: d.window_duration_seconds * 1000,
          report,
        });
      }
      return 1;
    }
    case "throughput": {
      const mid = t - (d.window_duration_seconds * 1000) / 2;
      // The requests the rate stands for (rate × window), spread over the window it covers.
      sink.observation(SOURCE.throughputPayload, d.model_id, mid, d.requests_per_second * d.window_duration_seconds, {
        total: d.window_duration_seconds * 1000,
        span: d.window_duration_seconds * 1000,
      });
      return 1;
    }
    case "token_usage":
      sink.observation(SOURCE.tokensTelemetry, d.model_id, t, d.total_tokens);
      // The output apart (a request that generated nothing, an embedding, gives none).
      if (!(d.completion_tokens > 0)) return 1;
      sink.observation(SOURCE.completionTelemetry, d.model_id, t, d.completion_tokens);
      return 2;
    case "model_performance": {
      const q = d.quality_score ?? d.accuracy ?? d.user_satisfaction;
      if (q === undefined || q === null) return 0;
      sink.observation(SOURCE.quality, d.model_id, t, q);
      return 1;
    }
  }
  return 0;
}

/**
 * `observe` for cost: a token bill gives tokens, its spend per token (the tokens as its total, so
 * the bill's spend is value × total) and a request; budget alerts count; batch billing records
 * give none. A window's spend is its bills times their tokens each times the price of a token:
 * the bills are the throughput's to judge, the tokens each the token series', and the spend
 * series judges the price alone (docs/correlation.md, Signals). A bill without tokens has no
 * price per token and gives no spend; nor does a bill of $0 (a request a cache answered, a free
 * tier): a price per token of 0 has no logarithm, and its floor (detect.ts `testScale`, 1e-12) made the
 * window's geometric mean the share of cached requests, ×1000 between a window of 3 hits in 13
 * and one of 7, which no price did (fourth --seed 4321 day 28, --seed 9876 days 25 and 30:
 * models 40–58 % cached, their spend per token flagged at z 6–75). The share a cache answers is
 * its own, not the price's.
 */
function observeCost(d: DataOf<"cost">, t: number, sink: ObservationSink): number {
  switch (d.cost_type) {
    case "token_cost": {
      sink.observation(SOURCE.tokensBilled, d.model_id, t, d.total_tokens);
      sink.observation(SOURCE.throughputBilled, d.model_id, t, 1);
      const completions = d.completion_tokens > 0 ? 1 : 0;
      if (completions === 1) sink.observation(SOURCE.completionBilled, d.model_id, t, d.completion_tokens);
      if (!(d.total_tokens > 0) || !(d.total_cost_usd > 0)) return 2 + completions;
      const extent = { total: d.total_tokens, span: 0 };
      sink.observation(SOURCE.costTokens, d.model_id, t, d.total_cost_usd / d.total_tokens, extent);
      return 3 + completions;
    }
    case "budget_alert":
      sink.observation(SOURCE.budgetAlerts, undefined, t, 1);
      return 1;
    case "api_cost":
    case "resource_consumption":
      // Billing records, usually written in periodic batches: not a real-time signal.
      return 0;
  }
  return 0;
}

/**
 * `observe` for security: each finding counts (a successful auth, a consented privacy event or a
 * patched or accepted vulnerability gives none: the rule of SecurityCounts in correlation/impact.ts).
 */
function observeSecurity(d: DataOf<"security">, t: number, sink: ObservationSink): number {
  switch (d.security_type) {
    case "threat":
      sink.observation(SOURCE.threats, undefined, t, 1);
      return 1;
    case "auth":
      if (d.success) return 0;
      sink.observation(SOURCE.authFailures, undefined, t, 1);
      return 1;
    case "vulnerability":
      if (!isExposedVulnerability(d.remediation_status)) return 0;
      sink.observation(SOURCE.vulnerabilities, undefined, t, 1);
      return 1;
    case "privacy":
      if (d.user_consent) return 0;
      sink.observation(SOURCE.privacyViolations, undefined, t, 1);
      return 1;
    case "compliance_violation":
      sink.observation(SOURCE.complianceViolations, undefined, t, 1);
      return 1;
  }
  return 0;
}

/** `observe` for governance: violations, failed checks and audited changes count; lineage gives none. */
function observeGovernance(event: AnalyticsEvent, d: DataOf<"governance">, t: number, sink: ObservationSink): number {
  switch (d.governance_type) {
    case "policy_violation":
      sink.observation(SOURCE.policyViolations, undefined, t, 1);
      return 1;
    case "compliance_check":
      if (d.passed) return 0;
      sink.observation(SOURCE.failedComplianceChecks, undefined, t, 1);
      return 1;
    case "audit_trail": {
      sink.observation(SOURCE.auditChanges, undefined, t, 1);
      const life = modelLifecycle(event, d);
      if (life !== undefined) sink.lifecycle?.(life.model, t, life.state);
      return 1;
    }
    case "data_lineage":
      return 0;
  }
  return 0;
}

/** Whether a model is in service after a registry change: it left (`retired`) or entered it (`active`). */
export type ModelLifecycle = "retired" | "active";

/**
 * The words of an audit record's action or new status that take a model out of service, and
 * those that put one in. Sources: MLflow's model registry stages ("Archived"; "Staging",
 * "Production") and its `delete_registered_model`; Kubernetes and Argo Rollouts (scale down,
 * undeploy, delete; deploy, promote); OpenAI's, Anthropic's and Google's model lifecycle pages
 * (deprecated, retired, shut down, sunset; available, released); the hub's own registry records
 * ("model.retire", "model.register"; `changes.status` "retired" or "active"). Matched per word
 * of the action (split at anything not a letter) and of the new value of a status-like change.
 */
export const MODEL_LIFECYCLE_WORDS: Readonly<Record<ModelLifecycle, ReadonlySet<string>>> = Object.freeze({
  retired: new Set(
    "retire retired retirement deprecate deprecated deprecation decommission decommissioned disable disabled remove removed undeploy undeployed delete deleted archive archived sunset shutdown deactivate deactivated inactive".split(
      " ",
    ),
  ),
  active: new Set(
    "register registered deploy deployed enable enabled activate activated active restore restored promote promoted release released production staging available".split(
      " ",
    ),
  ),
});

/** Resource types of an audit record that name a model (the hub's, MLflow's registered model and version). */
const MODEL_RESOURCE_TYPES: ReadonlySet<string> = new Set([
  "model",
  "llm",
  "model_version",
  "registered_model",
  "model_deployment",
]);

/** Change keys that hold a model's lifecycle state (the hub's `status`, MLflow's `stage`/`current_stage`). */
const LIFECYCLE_KEYS: ReadonlySet<string> = new Set(["status", "state", "stage", "current_stage", "lifecycle"]);

/**
 * A registry's record that a model left service or entered it: a governance `audit_trail` whose
 * resource is a model (`MODEL_RESOURCE_TYPES`) and whose new status (a `LIFECYCLE_KEYS` change,
 * its value or its `to`), else its action, is a word of `MODEL_LIFECYCLE_WORDS`. The model is the
 * event's model tag, else the resource id. Undefined for every other audit record.
 */
export function modelLifecycle(
  event: AnalyticsEvent,
  d: {
    readonly action: string;
    readonly resource_type: string;
    readonly resource_id: string;
    readonly changes: unknown;
  },
): { model: string; state: ModelLifecycle } | undefined {
  if (!MODEL_RESOURCE_TYPES.has(d.resource_type.toLowerCase())) return undefined;
  const model = modelTag(event.tags) ?? (d.resource_id === "" ? undefined : d.resource_id);
  if (model === undefined) return undefined;
  const state = lifecycleWord(statusOf(d.changes)) ?? lifecycleWord(d.action);
  return state === undefined ? undefined : { model, state };
}

function statusOf(changes: unknown): string | undefined {
  if (typeof changes !== "object" || changes === null) return undefined;
  for (const [key, value] of Object.entries(changes as Record<string, unknown>)) {
    if (!LIFECYCLE_KEYS.has(key.toLowerCase())) continue;
    const to = typeof value === "object" && value !== null ? (value as Record<string, unknown>).to : value;
    if (typeof to === "string") return to;
  }
  return undefined;
}

function lifecycleWord(text: string | undefined): ModelLifecycle | undefined {
  if (text === undefined) return undefined;
  const words = text.toLowerCase().split(/[^a-z]+/);
  // The last word decides ("model.retire", "archive_then_restore" → active).
  for (let i = words.length - 1; i >= 0; i--) {
    const w = words[i]!;
    if (MODEL_LIFECYCLE_WORDS.retired.has(w)) return "retired";
    if (MODEL_LIFECYCLE_WORDS.active.has(w)) return "active";
  }
  return undefined;
}

/** `observe` for custom payloads: a request error when its type says so and a model is named. */
function observeCustom(event: AnalyticsEvent, d: DataOf<"custom">, t: number, sink: ObservationSink): number {
  if (!CUSTOM_ERROR.test(d.custom_type)) return 0;
  const model = modelOfEvent(event);
  if (model === undefined) return 0;
  sink.observation(SOURCE.errorRequests, model, t, 1, ONE_REQUEST);
  sink.observation(SOURCE.throughputRequests, model, t, 1);
  return 2;
}

/**
 * The level a policy engine gave a violation (its payload's `severity`: low to critical), the
 * other mark of a governance cascade besides its policy: a rule that misfires, or a policy rolled
 * out, writes its violations at the level the rule carries, while the baseline's violations come
 * at the levels of every rule. Undefined for every other event.
 */
export function findingLevel(event: AnalyticsEvent): string | undefined {
  const p = event.payload;
  if (p.payload_type !== "governance" || p.data.governance_type !== "policy_violation") return undefined;
  return p.data.severity ?? undefined;
}

/**
 * What an event of a global signal is about, to find the subject a burst concentrates on: its
 * model when one is named, else the threat's target, the policy, the auth resource, the budget.
 */
export function subjectOf(event: AnalyticsEvent): string | undefined {
  const model = modelOfEvent(event);
  if (model !== undefined) return model;
  const p = event.payload;
  if (p.payload_type === "security") {
    const d = p.data;
    if (d.security_type === "threat") return d.target_resource;
    if (d.security_type === "auth") return d.resource;
    if (d.security_type === "vulnerability") return d.affected_component;
    if (d.security_type === "compliance_violation") return d.regulation;
    if (d.security_type === "privacy") return d.data_type;
  } else if (p.payload_type === "governance") {
    const d = p.data;
    if (d.governance_type === "policy_violation") return d.policy_id;
    if (d.governance_type === "compliance_check") return d.framework;
    if (d.governance_type === "audit_trail") return d.resource_type;
  } else if (p.payload_type === "cost" && p.data.cost_type === "budget_alert") {
    return p.data.budget_id;
  } else if (p.payload_type === "cost" && p.data.cost_type === "api_cost") {
    return p.data.provider;
  }
  return undefined;
}

/**
 * The size of the request a token event reports, as its duration sees it: the output
 * (completion) tokens when there are any, since decoding them is what takes time (a request's
 * duration grows with the tokens it generates, while prompt tokens are read in one fast pass);
 * else the total tokens (embeddings generate none). NaN for events that report no tokens.
 */
export function requestSize(event: AnalyticsEvent): number {
  const p = event.payload;
  let d: { readonly completion_tokens: number; readonly total_tokens: number } | undefined;
  if (p.payload_type === "telemetry" && p.data.telemetry_type === "token_usage") d = p.data;
  else if (p.payload_type === "cost" && p.data.cost_type === "token_cost") d = p.data;
  if (d === undefined) return Number.NaN;
  return d.completion_tokens > 0 ? d.completion_tokens : d.total_tokens;
}

/** A 32-bit FNV-1a hash of a request id (0 when there is none), to tell events of one request apart cheaply. */
export function requestKey(event: AnalyticsEvent): number {
  const p = event.payload;
  let id: string | undefined;
  if (
    p.payload_type === "telemetry" &&
    (p.data.telemetry_type === "latency" || p.data.telemetry_type === "token_usage")
  ) {
    id = p.data.request_id;
  } else if (p.payload_type === "cost" && p.data.cost_type === "token_cost") {
    id = p.data.request_id;
  }
  if (id === undefined || id === "") return 0;
  let h = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) {
    h ^= id.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h === 0 ? 1 : h;
}
