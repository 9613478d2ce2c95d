// Correlation: find the incident among unrelated events, name its root cause, draw it, and
// confirm it from the metrics; then let analyzeIncidents find it from the raw telemetry alone.
// Run: npx tsx examples/correlation.ts
import { strict as assert } from "node:assert";
import { checkEventGraph } from "llm-analytics-hub/checks";
import {
  analyzeIncidents,
  assessImpact,
  correlateEvents,
  createEventGraph,
  DEFAULT_CORRELATION_CONFIG,
  detectAnomalies,
  durationSeconds,
  laggedCorrelationOf,
  rankRootCauses,
  toMermaid,
} from "llm-analytics-hub/correlation";
import { AnalyticsEvent, type AnalyticsEventInput } from "llm-analytics-hub/events";

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const at = (hhmm: string) => `2025-06-03T${hhmm}:00Z`;
const common = (n: number, hhmm: string, source_module: AnalyticsEventInput["source_module"]) => ({
  event_id: id(n),
  timestamp: at(hhmm),
  source_module,
  environment: "production",
});

// The incident: each event names its cause in parent_event_id.
const incident: AnalyticsEventInput[] = [
  {
    ...common(1, "14:10", "llm-observatory"),
    event_type: "telemetry",
    severity: "warning",
    payload: {
      payload_type: "telemetry",
      data: { telemetry_type: "latency", model_id: "gpt-4o-mini", request_id: "r-1", total_latency_ms: 5120 },
    },
  },
  {
    ...common(2, "14:12", "llm-observatory"),
    event_type: "telemetry",
    severity: "error",
    parent_event_id: id(1),
    payload: {
      payload_type: "telemetry",
      data: {
        telemetry_type: "error_rate",
        model_id: "gpt-4o-mini",
        total_requests: 5000,
        failed_requests: 420,
        error_rate_percent: 8.4,
        error_breakdown: { timeout: 420 },
        window_duration_seconds: 60,
      },
    },
  },
  {
    ...common(3, "14:15", "llm-cost-ops"),
    event_type: "cost",
    severity: "warning",
    parent_event_id: id(2),
    payload: {
      payload_type: "cost",
      data: {
        cost_type: "token_cost",
        model_id: "gpt-4o-mini",
        request_id: "batch-7",
        prompt_tokens: 900_000,
        completion_tokens: 400_000,
        total_tokens: 1_300_000,
        cost_per_prompt_token: 0.00015,
        cost_per_completion_token: 0.0006,
        total_cost_usd: 375,
        currency: "USD",
      },
    },
  },
  {
    ...common(4, "14:17", "llm-cost-ops"),
    event_type: "alert",
    severity: "critical",
    parent_event_id: id(3),
    payload: {
      payload_type: "cost",
      data: {
        cost_type: "budget_alert",
        budget_id: "b-7",
        budget_name: "support-copilot",
        budget_limit_usd: 10_000,
        current_spend_usd: 10_375,
        threshold_percent: 100,
        alert_type: "exceeded",
      },
    },
  },
];
// Unrelated events: a blocked injection a minute after the spike, and a model registration.
const noise: AnalyticsEventInput[] = [
  {
    ...common(101, "14:11", "llm-sentinel"),
    event_type: "security",
    severity: "warning",
    payload: {
      payload_type: "security",
      data: {
        security_type: "threat",
        threat_id: "t-9",
        threat_type: "prompt_injection",
        threat_level: "medium",
        target_resource: "chat-api",
        attack_vector: "user prompt",
        mitigation_status: "blocked",
        indicators_of_compromise: [],
      },
    },
  },
  {
    ...common(102, "13:30", "llm-registry"),
    event_type: "lifecycle",
    severity: "info",
    payload: { payload_type: "custom", data: { custom_type: "model_registered", data: { model: "claude-sonnet-4" } } },
  },
];
const events = [...noise, ...incident].map((e) => AnalyticsEvent.parse(e));

// 1. Correlate: one correlation, typed by rule; the injection is only "related".
const [found, ...others] = correlateEvents(events, DEFAULT_CORRELATION_CONFIG);
assert.ok(found !== undefined && others.length === 0);
assert.equal(found.correlation_type, "cost_impact");
assert.deepEqual(
  found.events.map((e) => `${e.role}: ${e.summary}`),
  [
    "root_cause: latency 5120 ms on gpt-4o-mini",
    "related: prompt injection threat (medium) on chat-api",
    "contributor: error rate 8.4% (420 of 5000) on gpt-4o-mini",
    "contributor: token cost $375 on gpt-4o-mini",
    "effect: budget support-copilot exceeded: $10375 of $10000",
  ],
);
assert.equal(durationSeconds(found.time_window), 420);
console.log(
  `${found.correlation_type}: strength ${found.strength.toFixed(3)}, confidence ${found.confidence.toFixed(3)}`,
);

// 2. Graph and root cause.
const graph = createEventGraph(events, [found]);
assert.deepEqual(checkEventGraph(graph), []);
assert.equal(graph.metadata.node_count, 6);
const rca = rankRootCauses(graph);
assert.equal(rca.root_event_id, id(1));
assert.deepEqual(
  rca.causal_chain.filter((l) => l.relationship === "direct_cause").map((l) => l.time_delta_ms),
  [120_000, 180_000, 120_000],
);
console.log(`root cause ${rca.root_event_id} (confidence ${rca.confidence.toFixed(2)})`);
for (const r of rca.recommendations) console.log(`- ${r}`);
console.log(toMermaid(graph));

// 3. The metrics agree: latency spikes at 14:10, cost per minute five minutes later.
const minutes = Array.from({ length: 20 }, (_, i) => `2025-06-03T14:${String(i).padStart(2, "0")}:00Z`);
const latencyMs = [
  640, 652, 631, 645, 638, 660, 627, 649, 641, 655, 5120, 4800, 3900, 2500, 1500, 900, 700, 660, 650, 645,
];
const costUsd = [
  5.1, 4.8, 5.15, 5.0, 4.9, 5.2, 5.09, 4.87, 5.2, 4.91, 5.4, 4.86, 5.1, 5.05, 5.18, 94.5, 88.3, 70.1, 42.2, 22.3,
];
const spikes = detectAnomalies(
  latencyMs.map((value, i) => ({ timestamp: minutes[i] as string, value })),
  { metric: "latency_ms.p95", sourceModule: "llm-observatory", threshold: 3 },
);
assert.equal(spikes[0]?.timestamp, "2025-06-03T14:10:00Z");
assert.equal(spikes[0]?.anomaly_type, "spike");
const lag = laggedCorrelationOf(latencyMs, costUsd, { maxLag: 6 });
assert.equal(lag.lag, 5);
console.log(`cost follows latency by ${lag.lag} minutes (r = ${lag.coefficient.toFixed(4)})`);

// 4. Impact: a critical budget alert and a latency 7× its baseline.
const impact = assessImpact({ events, anomalies: spikes.slice(0, 1) });
assert.equal(impact.severity, "critical");
assert.deepEqual(impact.affected_modules, ["llm-observatory", "llm-sentinel", "llm-cost-ops", "llm-registry"]);
assert.equal(impact.performance_impact?.affected_requests, 420);
console.log(`impact ${impact.severity}: latency +${impact.performance_impact?.latency_increase_percent.toFixed(0)} %`);

// 5. The one entry point: analyzeIncidents reads the raw per-request telemetry of the same
// incident (no parent ids, every severity left at info), finds the anomalous windows, groups
// them, and roots the incident in the first slow request.
const minuteAt = (minute: number) => new Date(Date.UTC(2025, 5, 3, 13, 30) + minute * 60_000).toISOString();
const requests: AnalyticsEventInput[] = [];
for (let minute = 0; minute < 60; minute++) {
  for (let k = 0; k < 6; k++) {
    const n = minute * 6 + k;
    const slow = minute >= 40 && minute < 55; // 14:10 to 14:25: ×8
    requests.push({
      event_id: id(10_000 + n),
      timestamp: minuteAt(minute + k / 6),
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "latency",
          model_id: "gpt-4o-mini",
          request_id: `req-${n}`,
          total_latency_ms: (600 + ((n * 37) % 120)) * (slow ? 8 : 1),
        },
      },
    });
  }
}
const analysis = analyzeIncidents(requests.map((e) => AnalyticsEvent.parse(e)));
const [found2, ...rest] = analysis.incidents;
assert.ok(found2 !== undefined && rest.length === 0);
assert.equal(found2.root?.timestamp, "2025-06-03T14:10:00Z");
assert.equal(found2.root?.series_id, "latency_p95{model_id=gpt-4o-mini}");
console.log(analysis.summary);
