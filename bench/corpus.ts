/*
 * A reproducible corpus of analytics events as an ingest service receives them: every payload
 * variant in a realistic proportion (latency, token usage and token cost dominate), the shapes
 * the hub writes (UUIDs, millisecond timestamps, nulls for absent `Option`s), and invalid events
 * carrying one realistic defect each (the defects of the hub's reject fixtures).
 */

import { mulberry32 } from "../test/prng.js";

type Json = string | number | boolean | null | Json[] | { [k: string]: Json };
type Obj = { [k: string]: Json };

const MODELS = ["gpt-4o-mini", "gpt-4o", "claude-sonnet-4", "gemini-2.5-pro", "llama-3.1-70b", "mistral-large"];
const PROVIDERS = ["openai", "anthropic", "google", "together", "mistral"];
const ENVIRONMENTS = ["production", "production", "production", "staging", "development"];

class Gen {
  constructor(readonly r: () => number) {}
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.r() * (hi - lo + 1));
  }
  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)] as T;
  }
  float(lo: number, hi: number, digits = 2): number {
    return Number((lo + this.r() * (hi - lo)).toFixed(digits));
  }
  hex(n: number): string {
    let s = "";
    for (let i = 0; i < n; i++) s += "0123456789abcdef"[Math.floor(this.r() * 16)];
    return s;
  }
  uuid(): string {
    return `0197${this.hex(4)}-${this.hex(4)}-7${this.hex(3)}-${"89ab"[this.int(0, 3)]}${this.hex(3)}-${this.hex(12)}`;
  }
  timestamp(): string {
    const ms = Date.UTC(2025, 5, 3, 14, 0, 0) + this.int(0, 3_600_000);
    return new Date(ms).toISOString();
  }
  maybe<T>(p: number, value: () => T): T | null {
    return this.r() < p ? value() : null;
  }
}

type Variant = { weight: number; family: string; eventType: string; module: string; data: (g: Gen) => Obj };

const VARIANTS: Variant[] = [
  {
    weight: 25,
    family: "telemetry",
    eventType: "telemetry",
    module: "llm-observatory",
    data: (g) => {
      const total = g.float(80, 4000);
      const d: Obj = {
        telemetry_type: "latency",
        model_id: g.pick(MODELS),
        request_id: `req-${g.hex(12)}`,
        total_latency_ms: total,
        ttft_ms: g.float(20, 900),
        tokens_per_second: g.float(20, 180),
      };
      if (g.r() < 0.5) {
        d.breakdown = {
          queue_time_ms: g.float(0, 50),
          processing_time_ms: g.float(50, total),
          network_time_ms: g.float(5, 80),
          other_ms: g.float(0, 10),
        };
      }
      return d;
    },
  },
  {
    weight: 20,
    family: "telemetry",
    eventType: "telemetry",
    module: "llm-observatory",
    data: (g) => {
      const p = g.int(10, 8000);
      const c = g.int(1, 2000);
      return {
        telemetry_type: "token_usage",
        model_id: g.pick(MODELS),
        request_id: `req-${g.hex(12)}`,
        prompt_tokens: p,
        completion_tokens: c,
        total_tokens: p + c,
      };
    },
  },
  {
    weight: 5,
    family: "telemetry",
    eventType: "telemetry",
    module: "llm-observatory",
    data: (g) => ({
      telemetry_type: "throughput",
      model_id: g.pick(MODELS),
      requests_per_second: g.float(1, 400),
      tokens_per_second: g.float(100, 40000),
      concurrent_requests: g.int(1, 256),
      window_duration_seconds: 60,
    }),
  },
  {
    weight: 5,
    family: "telemetry",
    eventType: "telemetry",
    module: "llm-observatory",
    data: (g) => {
      const total = g.int(1000, 100000);
      const failed = g.int(0, 400);
      return {
        telemetry_type: "error_rate",
        model_id: g.pick(MODELS),
        total_requests: total,
        failed_requests: failed,
        error_rate_percent: Number(((failed / total) * 100).toFixed(3)),
        error_breakdown: { rate_limited: Math.floor(failed / 2), timeout: failed - Math.floor(failed / 2) },
        window_duration_seconds: 300,
      };
    },
  },
  {
    weight: 3,
    family: "telemetry",
    eventType: "lifecycle",
    module: "llm-registry",
    data: (g) => ({
      telemetry_type: "model_performance",
      model_id: g.pick(MODELS),
      accuracy: g.float(0.7, 0.99, 3),
      quality_score: g.maybe(0.7, () => g.float(0.5, 1, 3)),
      user_satisfaction: g.maybe(0.5, () => g.float(3, 5, 2)),
      custom_metrics: { bleu: g.float(0.2, 0.6, 3), rouge_l: g.float(0.3, 0.7, 3) },
    }),
  },
  {
    weight: 3,
    family: "security",
    eventType: "security",
    module: "llm-sentinel",
    data: (g) => ({
      security_type: "threat",
      threat_id: `thr-${g.hex(8)}`,
      threat_type:
        g.r() < 0.85 ? g.pick(["prompt_injection", "data_exfiltration", "malicious_input"]) : { other: "jailbreak" },
      threat_level: g.pick(["low", "medium", "high", "critical"]),
      source_ip: g.maybe(0.8, () => `203.0.113.${g.int(1, 254)}`),
      target_resource: `/v1/chat/completions/${g.pick(MODELS)}`,
      attack_vector: "user_prompt",
      mitigation_status: g.pick(["detected", "blocked", "mitigated"]),
      indicators_of_compromise: ["ignore previous instructions", `pattern-${g.hex(4)}`],
    }),
  },
  {
    weight: 2,
    family: "security",
    eventType: "security",
    module: "llm-sentinel",
    data: (g) => ({
      security_type: "vulnerability",
      vulnerability_id: `vuln-${g.hex(6)}`,
      cve_id: g.maybe(0.6, () => `CVE-2025-${g.int(1000, 49999)}`),
      severity_score: g.float(2, 9.8, 1),
      affected_component: "tokenizer",
      description: "Out-of-bounds read in the tokenizer on crafted unicode input",
      remediation_status: g.pick(["identified", "patch_available", "patched"]),
    }),
  },
  {
    weight: 1,
    family: "security",
    eventType: "security",
    module: "llm-sentinel",
    data: (g) => ({
      security_type: "compliance_violation",
      violation_id: `cv-${g.hex(6)}`,
      regulation: g.pick(["GDPR", "HIPAA", "SOC2"]),
      requirement: "Art. 5(1)(c) data minimisation",
      violation_description: "Prompt logged with personal data",
      affected_data_types: ["email", "phone"],
      remediation_required: true,
    }),
  },
  {
    weight: 5,
    family: "security",
    eventType: "audit",
    module: "llm-sentinel",
    data: (g) => {
      const success = g.r() < 0.9;
      return {
        security_type: "auth",
        user_id: `u_${g.int(1000, 9999)}`,
        action: g.pick(["login", "access_attempt", "token_generated", "permission_denied"]),
        resource: "/v1/models",
        success,
        failure_reason: success ? null : "invalid_token",
      };
    },
  },
  {
    weight: 1,
    family: "security",
    eventType: "security",
    module: "llm-sentinel",
    data: (g) => ({
      security_type: "privacy",
      data_type: "conversation",
      operation: g.pick(["data_access", "data_deletion", "consent_update"]),
      user_consent: g.r() < 0.9,
      data_subjects: [`u_${g.int(1000, 9999)}`],
      purpose: "support",
    }),
  },
  {
    weight: 15,
    family: "cost",
    eventType: "cost",
    module: "llm-cost-ops",
    data: (g) => {
      const p = g.int(10, 8000);
      const c = g.int(1, 2000);
      const pp = 0.15e-6;
      const cp = 0.6e-6;
      return {
        cost_type: "token_cost",
        model_id: g.pick(MODELS),
        request_id: `req-${g.hex(12)}`,
        prompt_tokens: p,
        completion_tokens: c,
        total_tokens: p + c,
        cost_per_prompt_token: pp,
        cost_per_completion_token: cp,
        total_cost_usd: p * pp + c * cp,
        currency: "USD",
      };
    },
  },
  {
    weight: 4,
    family: "cost",
    eventType: "cost",
    module: "llm-cost-ops",
    data: (g) => {
      const n = g.int(100, 50000);
      return {
        cost_type: "api_cost",
        provider: g.pick(PROVIDERS),
        api_endpoint: "/v1/chat/completions",
        request_count: n,
        cost_per_request: 0.00502,
        total_cost_usd: n * 0.00502,
        billing_period: "2025-06",
      };
    },
  },
  {
    weight: 3,
    family: "cost",
    eventType: "cost",
    module: "llm-cost-ops",
    data: (g) => ({
      cost_type: "resource_consumption",
      resource_type: g.r() < 0.9 ? g.pick(["compute", "gpu", "storage", "network"]) : { other: "tpu" },
      resource_id: `node-${g.hex(6)}`,
      quantity: g.float(0.5, 64),
      unit: "gpu_hours",
      cost_usd: g.float(1, 400),
      utilization_percent: g.float(5, 99, 1),
    }),
  },
  {
    weight: 2,
    family: "cost",
    eventType: "alert",
    module: "llm-cost-ops",
    data: (g) => ({
      cost_type: "budget_alert",
      budget_id: `bud-${g.hex(6)}`,
      budget_name: "Inference – EU",
      budget_limit_usd: 10000,
      current_spend_usd: g.float(7000, 12000),
      threshold_percent: 80,
      alert_type: g.pick(["warning", "critical", "exceeded"]),
    }),
  },
  {
    weight: 2,
    family: "governance",
    eventType: "governance",
    module: "llm-policy-engine",
    data: (g) => ({
      governance_type: "policy_violation",
      policy_id: `pol-${g.hex(6)}`,
      policy_name: "No PII in prompts",
      violation_description: "Email address found in prompt",
      violated_rules: ["pii.email"],
      resource_id: `req-${g.hex(12)}`,
      user_id: g.maybe(0.7, () => `u_${g.int(1000, 9999)}`),
      severity: g.pick(["low", "medium", "high", "critical"]),
      auto_remediated: g.r() < 0.5,
    }),
  },
  {
    weight: 3,
    family: "governance",
    eventType: "audit",
    module: "llm-governance-dashboard",
    data: (g) => ({
      governance_type: "audit_trail",
      action: "update",
      actor: `u_${g.int(1000, 9999)}`,
      resource_type: "model_config",
      resource_id: g.pick(MODELS),
      changes: { temperature: { from: 0.7, to: g.float(0, 1) }, max_tokens: 4096, enabled: true },
      ip_address: g.maybe(0.8, () => `198.51.100.${g.int(1, 254)}`),
      user_agent: null,
    }),
  },
  {
    weight: 1,
    family: "governance",
    eventType: "governance",
    module: "llm-governance-dashboard",
    data: (g) => ({
      governance_type: "compliance_check",
      check_id: `chk-${g.hex(6)}`,
      framework: "SOC2",
      controls_checked: ["CC6.1", "CC6.7", "CC7.2"],
      passed: false,
      findings: [
        { control_id: "CC6.1", status: "pass", description: "Access reviewed", evidence: null },
        { control_id: "CC7.2", status: "fail", description: "Alerting gap", evidence: "ticket SEC-118" },
      ],
      score: g.float(0.5, 1, 3),
    }),
  },
  {
    weight: 1,
    family: "governance",
    eventType: "governance",
    module: "llm-governance-dashboard",
    data: (g) => ({
      governance_type: "data_lineage",
      data_asset_id: `ds-${g.hex(6)}`,
      operation: g.pick(["create", "read", "transform", "aggregate"]),
      source: "s3://raw/conversations",
      destination: g.maybe(0.7, () => "s3://curated/conversations"),
      transformation: "redact_pii",
      lineage_path: ["s3://raw/conversations", "redactor", "s3://curated/conversations"],
    }),
  },
  {
    weight: 3,
    family: "custom",
    eventType: "lifecycle",
    module: "llm-analytics-hub",
    data: (g) => ({
      custom_type: "model_deployed",
      data: { model: g.pick(MODELS), version: `2025.06.${g.int(1, 30)}`, replicas: g.int(1, 8), canary: g.r() < 0.3 },
    }),
  },
];

function event(g: Gen, v: Variant): Obj {
  const e: Obj = {
    event_id: g.uuid(),
    timestamp: g.timestamp(),
    source_module: v.module,
    event_type: v.eventType,
  };
  if (g.r() < 0.4) e.correlation_id = g.uuid();
  if (g.r() < 0.2) e.parent_event_id = g.uuid();
  e.schema_version = "1.0.0";
  e.severity = g.pick(["debug", "info", "info", "info", "warning", "error"]);
  e.environment = g.pick(ENVIRONMENTS);
  e.tags = { provider: g.pick(PROVIDERS), region: g.pick(["eu-west-1", "us-east-1"]) };
  e.payload = { payload_type: v.family, data: v.data(g) };
  return e;
}

/** One realistic defect (each is a reason the hub rejects an event). */
const DEFECTS: ((e: Obj, g: Gen) => void)[] = [
  (e) => {
    e.severity = "WARNING";
  },
  (e) => {
    e.source_module = "llm-costops";
  },
  (e) => {
    e.timestamp = (e.timestamp as string).replace("Z", "");
  },
  (e) => {
    e.event_id = "not-a-uuid";
  },
  (e) => {
    delete e.environment;
  },
  (e) => {
    e.tags = null;
  },
  (e) => {
    (e.tags as Obj).retries = 3;
  },
  (e, g) => {
    // A required payload field left out.
    const data = (e.payload as Obj).data as Obj;
    const keys = Object.keys(data).filter((k) => !k.endsWith("_type") && data[k] !== null);
    delete data[g.pick(keys)];
  },
  (e, g) => {
    // A number where a string is read, or a string where a number is.
    const data = (e.payload as Obj).data as Obj;
    const keys = Object.keys(data).filter((k) => !k.endsWith("_type"));
    const k = g.pick(keys);
    data[k] = typeof data[k] === "number" ? String(data[k]) : 42;
  },
  (e) => {
    const data = (e.payload as Obj).data as Obj;
    const tag = Object.keys(data).find((k) => k.endsWith("_type")) as string;
    data[tag] = `${data[tag] as string}_v2`;
  },
  (e) => {
    (e.payload as Obj).payload_type = "Telemetry";
  },
  (e) => {
    delete (e.payload as Obj).data;
  },
];

export interface Corpus {
  readonly valid: readonly unknown[];
  readonly invalid: readonly unknown[];
  /** valid and invalid interleaved, about one invalid in ten. */
  readonly mixed: readonly unknown[];
}

/** `n` valid events and `n / 5` invalid ones, seeded. */
export function eventCorpus(n: number, seed = 42): Corpus {
  const g = new Gen(mulberry32(seed));
  const total = VARIANTS.reduce((s, v) => s + v.weight, 0);
  const draw = (): Variant => {
    let x = g.r() * total;
    for (const v of VARIANTS) {
      x -= v.weight;
      if (x < 0) return v;
    }
    return VARIANTS[0] as Variant;
  };
  const valid: unknown[] = [];
  for (let i = 0; i < n; i++) valid.push(event(g, draw()));
  // Every variant at least once, whatever n is.
  VARIANTS.forEach((v, i) => {
    valid[i % valid.length] = event(g, v);
  });
  const invalid: unknown[] = [];
  for (let i = 0; i < Math.ceil(n / 5); i++) {
    const e = event(g, draw());
    (DEFECTS[i % DEFECTS.length] as (e: Obj, g: Gen) => void)(e, g);
    invalid.push(e);
  }
  const mixed: unknown[] = [];
  let k = 0;
  for (let i = 0; i < valid.length; i++) {
    mixed.push(valid[i]);
    if (i % 9 === 8 && k < invalid.length) mixed.push(invalid[k++]);
  }
  // Round-trip through JSON: the values an ingest service holds after JSON.parse.
  const plain = (xs: unknown[]) => xs.map((x) => JSON.parse(JSON.stringify(x)) as unknown);
  return { valid: plain(valid), invalid: plain(invalid), mixed: plain(mixed) };
}

/** The number of payload variants the corpus covers (for the report). */
export const VARIANT_COUNT = VARIANTS.length;
