// Build, validate and decode analytics events. Run: npx tsx examples/events.ts
import assert from "node:assert/strict";
import { AnalyticsEvent, createCostEvent, createTelemetryEvent, decode, SEVERITY_ORDER } from "llm-analytics-hub";

// A fixed clock and random source make the example reproducible; omit them in a service.
const clock = { now: () => Date.parse("2025-06-03T14:22:05Z"), random: () => new Uint8Array(16).fill(7) };

// 1. Build: the payload's tag picks the variant; payload_type, event_id (UUID v7),
//    timestamp and schema_version are filled in.
const latency = createTelemetryEvent(
  { telemetry_type: "latency", model_id: "gpt-4o-mini", request_id: "req-42", total_latency_ms: 812.5, ttft_ms: 140 },
  { environment: "production", tags: { provider: "openai" } },
  clock,
);
console.log(JSON.stringify(latency));
assert.equal(latency.payload.payload_type, "telemetry");
assert.equal(latency.payload.data.ttft_ms, 140);
assert.equal(latency.timestamp, "2025-06-03T14:22:05Z");
assert.match(latency.event_id, /^0197362b-bac8-7/);

const cost = createCostEvent(
  {
    cost_type: "token_cost",
    model_id: "gpt-4o-mini",
    request_id: "req-42",
    prompt_tokens: 1200,
    completion_tokens: 300,
    total_tokens: 1500,
    cost_per_prompt_token: 0.15e-6,
    cost_per_completion_token: 0.6e-6,
    total_cost_usd: 0.00036,
    currency: "USD",
  },
  { environment: "production", parent_event_id: latency.event_id },
  clock,
);
assert.equal(cost.source_module, "llm-cost-ops");
assert.equal(cost.parent_event_id, latency.event_id);

// 2. Validate: a built event is a fixed point of parse; bad input names the path.
assert.deepEqual(AnalyticsEvent.parse(latency), latency);
const bad = AnalyticsEvent.safeParse({ ...latency, severity: "WARNING" });
assert.equal(bad.success, false);
assert.deepEqual(bad.error?.issues[0]?.path, ["severity"]);
console.log("rejected:", bad.error?.issues[0]?.message);

// 3. Decode JSON text as the hub reads it: offsets become UTC, a repeated field is an error,
//    and strict mode reports the typo `ttft` that the hub would silently drop.
const wire = `{"timestamp":"2025-06-03T19:52:05+05:30","source_module":"llm-observatory","event_type":"telemetry",
  "severity":"warning","environment":"production","payload":{"payload_type":"telemetry","data":{
  "telemetry_type":"latency","model_id":"claude-sonnet-4","request_id":"r-7","total_latency_ms":2310,"ttft":95}}}`;
const decoded = decode(AnalyticsEvent, wire);
assert.ok(decoded.success);
assert.equal(decoded.data.timestamp, "2025-06-03T14:22:05Z");
assert.equal(decoded.data.schema_version, "1.0.0");
// No event_id in the document: the id is derived from the content, the same on every parse.
assert.equal(decode(AnalyticsEvent, wire).data?.event_id, decoded.data.event_id);

const strict = decode(AnalyticsEvent, wire, { strict: true });
assert.equal(strict.success, false);
assert.deepEqual(strict.error?.issues[0]?.path, ["payload", "data"]);
console.log("strict:", strict.error?.issues[0]?.message);

const duplicate = decode(
  AnalyticsEvent,
  wire.replace('"severity":"warning"', '"severity":"warning","severity":"info"'),
);
assert.equal(duplicate.success, false);
console.log("duplicate:", duplicate.error?.issues[0]?.message);

assert.ok(SEVERITY_ORDER.atLeast(decoded.data.severity, "warning"));
console.log("events example: ok");
