/*
 * The AnalyticsEvent contract written by hand in TypeBox, for the benchmark only: what a team
 * choosing TypeBox for speed would write. The runner checks that its verdict equals Zod's on
 * every document it measures (the printout says so), so the comparison is like for like.
 */
import { type TSchema, Type } from "@sinclair/typebox";
import { TIMESTAMP_PATTERN, UUID_PATTERN } from "../src/core/index.js";
import {
  AUTH_ACTIONS,
  BUDGET_ALERT_TYPES,
  COMPLIANCE_STATUSES,
  DATA_OPERATIONS,
  EVENT_TYPES,
  MITIGATION_STATUSES,
  POLICY_VIOLATION_SEVERITIES,
  PRIVACY_OPERATIONS,
  REMEDIATION_STATUSES,
  RESOURCE_TYPES,
  SEVERITIES,
  SOURCE_MODULES,
  THREAT_LEVELS,
  THREAT_TYPES,
} from "../src/events/index.js";

const oneOf = (values: readonly string[]) => Type.Union(values.map((v) => Type.Literal(v)));
const uuid = () => Type.String({ pattern: UUID_PATTERN.source });
const f64 = () => Type.Number();
const int = (maximum: number) => Type.Integer({ minimum: 0, maximum });
const u32 = () => int(4294967295);
const u64 = () => int(Number.MAX_SAFE_INTEGER);
const opt = (t: TSchema) => Type.Optional(Type.Union([t, Type.Null()]));
const strings = () => Type.Array(Type.String());
const other = (units: readonly string[]) =>
  Type.Union([oneOf(units), Type.Object({ other: Type.String() }, { additionalProperties: false })]);
const tagged = (tag: string, name: string, fields: Record<string, TSchema>) =>
  Type.Object({ [tag]: Type.Literal(name), ...fields });

const telemetry = Type.Union([
  tagged("telemetry_type", "latency", {
    model_id: Type.String(),
    request_id: Type.String(),
    total_latency_ms: f64(),
    ttft_ms: opt(f64()),
    tokens_per_second: opt(f64()),
    breakdown: opt(
      Type.Object({ queue_time_ms: f64(), processing_time_ms: f64(), network_time_ms: f64(), other_ms: f64() }),
    ),
  }),
  tagged("telemetry_type", "throughput", {
    model_id: Type.String(),
    requests_per_second: f64(),
    tokens_per_second: f64(),
    concurrent_requests: u32(),
    window_duration_seconds: u32(),
  }),
  tagged("telemetry_type", "error_rate", {
    model_id: Type.String(),
    total_requests: u64(),
    failed_requests: u64(),
    error_rate_percent: f64(),
    error_breakdown: Type.Record(Type.String(), u64()),
    window_duration_seconds: u32(),
  }),
  tagged("telemetry_type", "token_usage", {
    model_id: Type.String(),
    request_id: Type.String(),
    prompt_tokens: u32(),
    completion_tokens: u32(),
    total_tokens: u32(),
  }),
  tagged("telemetry_type", "model_performance", {
    model_id: Type.String(),
    accuracy: opt(f64()),
    quality_score: opt(f64()),
    user_satisfaction: opt(f64()),
    custom_metrics: Type.Record(Type.String(), f64()),
  }),
]);

const security = Type.Union([
  tagged("security_type", "threat", {
    threat_id: Type.String(),
    threat_type: other(THREAT_TYPES),
    threat_level: oneOf(THREAT_LEVELS),
    source_ip: opt(Type.String()),
    target_resource: Type.String(),
    attack_vector: Type.String(),
    mitigation_status: oneOf(MITIGATION_STATUSES),
    indicators_of_compromise: strings(),
  }),
  tagged("security_type", "vulnerability", {
    vulnerability_id: Type.String(),
    cve_id: opt(Type.String()),
    severity_score: f64(),
    affected_component: Type.String(),
    description: Type.String(),
    remediation_status: oneOf(REMEDIATION_STATUSES),
  }),
  tagged("security_type", "compliance_violation", {
    violation_id: Type.String(),
    regulation: Type.String(),
    requirement: Type.String(),
    violation_description: Type.String(),
    affected_data_types: strings(),
    remediation_required: Type.Boolean(),
  }),
  tagged("security_type", "auth", {
    user_id: Type.String(),
    action: oneOf(AUTH_ACTIONS),
    resource: Type.String(),
    success: Type.Boolean(),
    failure_reason: opt(Type.String()),
  }),
  tagged("security_type", "privacy", {
    data_type: Type.String(),
    operation: oneOf(PRIVACY_OPERATIONS),
    user_consent: Type.Boolean(),
    data_subjects: strings(),
    purpose: Type.String(),
  }),
]);

const cost = Type.Union([
  tagged("cost_type", "token_cost", {
    model_id: Type.String(),
    request_id: Type.String(),
    prompt_tokens: u32(),
    completion_tokens: u32(),
    total_tokens: u32(),
    cost_per_prompt_token: f64(),
    cost_per_completion_token: f64(),
    total_cost_usd: f64(),
    currency: Type.String(),
  }),
  tagged("cost_type", "api_cost", {
    provider: Type.String(),
    api_endpoint: Type.String(),
    request_count: u64(),
    cost_per_request: f64(),
    total_cost_usd: f64(),
    billing_period: Type.String(),
  }),
  tagged("cost_type", "resource_consumption", {
    resource_type: other(RESOURCE_TYPES),
    resource_id: Type.String(),
    quantity: f64(),
    unit: Type.String(),
    cost_usd: f64(),
    utilization_percent: f64(),
  }),
  tagged("cost_type", "budget_alert", {
    budget_id: Type.String(),
    budget_name: Type.String(),
    budget_limit_usd: f64(),
    current_spend_usd: f64(),
    threshold_percent: f64(),
    alert_type: oneOf(BUDGET_ALERT_TYPES),
  }),
]);

const governance = Type.Union([
  tagged("governance_type", "policy_violation", {
    policy_id: Type.String(),
    policy_name: Type.String(),
    violation_description: Type.String(),
    violated_rules: strings(),
    resource_id: Type.String(),
    user_id: opt(Type.String()),
    severity: oneOf(POLICY_VIOLATION_SEVERITIES),
    auto_remediated: Type.Boolean(),
  }),
  tagged("governance_type", "audit_trail", {
    action: Type.String(),
    actor: Type.String(),
    resource_type: Type.String(),
    resource_id: Type.String(),
    changes: Type.Record(Type.String(), Type.Unknown()),
    ip_address: opt(Type.String()),
    user_agent: opt(Type.String()),
  }),
  tagged("governance_type", "compliance_check", {
    check_id: Type.String(),
    framework: Type.String(),
    controls_checked: strings(),
    passed: Type.Boolean(),
    findings: Type.Array(
      Type.Object({
        control_id: Type.String(),
        status: oneOf(COMPLIANCE_STATUSES),
        description: Type.String(),
        evidence: opt(Type.String()),
      }),
    ),
    score: f64(),
  }),
  tagged("governance_type", "data_lineage", {
    data_asset_id: Type.String(),
    operation: oneOf(DATA_OPERATIONS),
    source: opt(Type.String()),
    destination: opt(Type.String()),
    transformation: opt(Type.String()),
    lineage_path: strings(),
  }),
]);

const payload = Type.Union([
  Type.Object({ payload_type: Type.Literal("telemetry"), data: telemetry }),
  Type.Object({ payload_type: Type.Literal("security"), data: security }),
  Type.Object({ payload_type: Type.Literal("cost"), data: cost }),
  Type.Object({ payload_type: Type.Literal("governance"), data: governance }),
  Type.Object({
    payload_type: Type.Literal("custom"),
    // serde_json::Value: the key is required, any JSON value (null included).
    data: Type.Object({ custom_type: Type.String(), data: Type.Unknown() }),
  }),
]);

export const TypeBoxAnalyticsEvent = Type.Object({
  event_id: Type.Optional(uuid()),
  timestamp: Type.String({ pattern: TIMESTAMP_PATTERN.source }),
  source_module: oneOf(SOURCE_MODULES),
  event_type: oneOf(EVENT_TYPES),
  correlation_id: opt(uuid()),
  parent_event_id: opt(uuid()),
  schema_version: Type.Optional(Type.String()),
  severity: oneOf(SEVERITIES),
  environment: Type.String(),
  tags: Type.Optional(Type.Record(Type.String(), Type.String())),
  payload,
});
