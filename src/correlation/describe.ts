import type {
  AnalyticsEvent,
  CostPayload,
  EventType,
  GovernancePayload,
  SecurityPayload,
  SourceModule,
  TelemetryPayload,
} from "../events/index.js";

/** The domain an event speaks about, used by the correlation rules. */
export type EventDomain = "telemetry" | "security" | "cost" | "governance" | "lifecycle" | "audit" | "alert";

const MODULE_DOMAIN: Partial<Record<SourceModule, EventDomain>> = {
  "llm-observatory": "telemetry",
  "llm-sentinel": "security",
  "llm-cost-ops": "cost",
  "llm-governance-dashboard": "governance",
  "llm-policy-engine": "governance",
};

const PAYLOAD_DOMAINS = new Set<string>(["telemetry", "security", "cost", "governance"]);

/**
 * The event's domain, first rule that applies: the payload family (telemetry, security, cost,
 * governance); else an `event_type` of one of those four; else the emitting module's own domain
 * (llm-cost-ops → cost, llm-sentinel → security, …) for alert, audit and lifecycle events with
 * a custom payload; else the `event_type` itself.
 */
export function eventDomain(event: AnalyticsEvent): EventDomain {
  return domainOf(event.payload.payload_type, event.event_type, event.source_module);
}

/** `eventDomain`'s rule from its three inputs (a graph node has no payload, only its attributes). */
export function domainOf(payloadType: string | undefined, eventType: EventType, module: SourceModule): EventDomain {
  if (payloadType !== undefined && PAYLOAD_DOMAINS.has(payloadType)) return payloadType as EventDomain;
  if (PAYLOAD_DOMAINS.has(eventType)) return eventType as EventDomain;
  return MODULE_DOMAIN[module] ?? (eventType as EventDomain);
}

/** The payload's own kind: `telemetry_type`, `security_type`, `cost_type`, `governance_type` or `custom_type`. */
export function payloadSubtype(event: AnalyticsEvent): string {
  const p = event.payload;
  switch (p.payload_type) {
    case "telemetry":
      return p.data.telemetry_type;
    case "security":
      return p.data.security_type;
    case "cost":
      return p.data.cost_type;
    case "governance":
      return p.data.governance_type;
    case "custom":
      return p.data.custom_type;
  }
}

/** The model an event is about, when its payload names one. */
export function eventModel(event: AnalyticsEvent): string | undefined {
  const p = event.payload;
  if (p.payload_type === "telemetry") return p.data.model_id;
  if (p.payload_type === "cost" && p.data.cost_type === "token_cost") return p.data.model_id;
  return undefined;
}

/** How `eventSummary` writes numbers: plainly by default; the HTML report passes its locale format. */
export interface SummaryNumberFormat {
  /** A measured value (a rate, a score). */
  number(value: number): string;
  /** A whole count (requests, tokens). */
  count(value: number): string;
  /** A percentage given in percent (12.3 → "12.3%"). */
  percent(value: number): string;
  /** US dollars. */
  usd(value: number): string;
  /** Milliseconds, with the unit. */
  ms(value: number): string;
}

const PLAIN_NUMBERS: SummaryNumberFormat = {
  number: String,
  count: String,
  percent: (value) => `${value}%`,
  usd: (value) => `$${value}`,
  ms: (value) => `${value} ms`,
};

/** A one-line, human-readable summary of an event, from its payload; numbers written by `f` (plainly when left out). */
export function eventSummary(event: AnalyticsEvent, f: SummaryNumberFormat = PLAIN_NUMBERS): string {
  const p = event.payload;
  let summary: string | undefined;
  if (p.payload_type === "telemetry") summary = telemetrySummary(p.data, f);
  else if (p.payload_type === "security") summary = securitySummary(p.data, f);
  else if (p.payload_type === "cost") summary = costSummary(p.data, f);
  else if (p.payload_type === "governance") summary = governanceSummary(p.data);
  else if (p.payload_type === "custom") summary = p.data.custom_type;
  return summary ?? `${event.source_module} ${event.event_type}`;
}

function telemetrySummary(d: TelemetryPayload, f: SummaryNumberFormat): string | undefined {
  switch (d.telemetry_type) {
    case "latency":
      return `latency ${f.ms(d.total_latency_ms)} on ${d.model_id}`;
    case "throughput":
      return `throughput ${f.number(d.requests_per_second)} req/s on ${d.model_id}`;
    case "error_rate":
      return `error rate ${f.percent(d.error_rate_percent)} (${f.count(d.failed_requests)} of ${f.count(d.total_requests)}) on ${d.model_id}`;
    case "token_usage":
      return `${f.count(d.total_tokens)} tokens on ${d.model_id}`;
    case "model_performance":
      return `model performance of ${d.model_id}`;
  }
  return undefined;
}

function securitySummary(d: SecurityPayload, f: SummaryNumberFormat): string | undefined {
  switch (d.security_type) {
    case "threat": {
      const kind = typeof d.threat_type === "string" ? d.threat_type : d.threat_type.other;
      return `${kind.replaceAll("_", " ")} threat (${d.threat_level}) on ${d.target_resource}`;
    }
    case "vulnerability":
      return `vulnerability ${d.cve_id ?? d.vulnerability_id} (score ${f.number(d.severity_score)}) in ${d.affected_component}`;
    case "compliance_violation":
      return `${d.regulation} violation: ${d.requirement}`;
    case "auth":
      return `auth ${d.action} by ${d.user_id} on ${d.resource}${d.success ? "" : " failed"}`;
    case "privacy":
      return `privacy ${d.operation} of ${d.data_type}`;
  }
  return undefined;
}

function costSummary(d: CostPayload, f: SummaryNumberFormat): string | undefined {
  switch (d.cost_type) {
    case "token_cost":
      return `token cost ${f.usd(d.total_cost_usd)} on ${d.model_id}`;
    case "api_cost":
      return `API cost ${f.usd(d.total_cost_usd)} at ${d.provider}`;
    case "resource_consumption": {
      const kind = typeof d.resource_type === "string" ? d.resource_type : d.resource_type.other;
      return `${kind} ${d.resource_id} cost ${f.usd(d.cost_usd)}`;
    }
    case "budget_alert":
      return `budget ${d.budget_name} ${d.alert_type}: ${f.usd(d.current_spend_usd)} of ${f.usd(d.budget_limit_usd)}`;
  }
  return undefined;
}

function governanceSummary(d: GovernancePayload): string | undefined {
  switch (d.governance_type) {
    case "policy_violation":
      return `policy ${d.policy_name} violated (${d.severity}) on ${d.resource_id}`;
    case "audit_trail":
      return `audit ${d.action} by ${d.actor} on ${d.resource_type} ${d.resource_id}`;
    case "compliance_check":
      return `${d.framework} check ${d.check_id} ${d.passed ? "passed" : "failed"}`;
    case "data_lineage":
      return `lineage ${d.operation} of ${d.data_asset_id}`;
  }
  return undefined;
}

/**
 * The event's key numbers: every finite number among the payload's top-level fields
 * (`total_latency_ms`, `error_rate_percent`, `total_cost_usd`, …; for a custom payload, the
 * top-level numbers of `data` when it is an object). Nested objects are not flattened.
 */
export function eventMetrics(event: AnalyticsEvent): Record<string, number> {
  const p = event.payload;
  const source: unknown = p.payload_type === "custom" ? p.data.data : p.data;
  const metrics: Record<string, number> = {};
  if (typeof source !== "object" || source === null || Array.isArray(source)) return metrics;
  for (const [key, value] of Object.entries(source)) {
    if (typeof value === "number" && Number.isFinite(value)) metrics[key] = value;
  }
  return metrics;
}
