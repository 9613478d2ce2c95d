// OpenTelemetry GenAI spans → hub events → OTel metrics and CloudEvents. Run: npx tsx examples/interop.ts
import assert from "node:assert/strict";
import {
  eventsFromOtlpTraces,
  fromCloudEvent,
  GEN_AI_CLIENT_METRICS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  otelMeasurementsOf,
  type PriceTable,
  toCloudEvent,
} from "llm-analytics-hub/interop";

// 1. One line of a Collector file export: a streaming Anthropic chat span with prompt caching.
const exportLine = JSON.stringify({
  resourceSpans: [
    {
      resource: {
        attributes: [
          { key: "service.name", value: { stringValue: "research-agent" } },
          { key: "deployment.environment.name", value: { stringValue: "production" } },
        ],
      },
      scopeSpans: [
        {
          spans: [
            {
              traceId: "0af7651916cd43dd8448eb211c80319c",
              spanId: "00f067aa0ba902b7",
              name: "chat claude-sonnet-4-20250514",
              kind: 3,
              startTimeUnixNano: "1750000000250000000",
              endTimeUnixNano: "1750000003987654321",
              attributes: [
                { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                { key: "gen_ai.provider.name", value: { stringValue: "anthropic" } },
                { key: "gen_ai.request.model", value: { stringValue: "claude-sonnet-4-20250514" } },
                { key: "gen_ai.response.id", value: { stringValue: "msg_01XFDUDYJgAACzvnptvVoYEL" } },
                { key: "gen_ai.response.time_to_first_chunk", value: { doubleValue: 0.4125 } },
                // OTel's input tokens include the cached ones: 120 uncached + 2048 read + 512 written.
                { key: "gen_ai.usage.input_tokens", value: { intValue: "2680" } },
                { key: "gen_ai.usage.output_tokens", value: { intValue: "412" } },
                { key: "gen_ai.usage.cache_read.input_tokens", value: { intValue: "2048" } },
                { key: "gen_ai.usage.cache_creation.input_tokens", value: { intValue: "512" } },
              ],
            },
          ],
        },
      ],
    },
  ],
});

// USD per million tokens.
const prices: PriceTable = {
  "claude-sonnet-4-20250514": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
};

const { events, notices } = eventsFromOtlpTraces(`${exportLine}\n`, { prices });
// Anthropic's API counts cached tokens apart from input_tokens, the conventions inside it; this
// span's instrumentation is not one the library knows, so it says which reading it used.
assert.deepEqual(
  notices.map((n) => n.code),
  ["usage_assumed"],
);
const [latency, usage, cost] = events;
assert.ok(latency && usage && cost);
console.log(latency.timestamp, latency.payload.data);
// Stamped when the call ended (endTimeUnixNano); the start is kept as a tag.
assert.equal(latency.timestamp, "2025-06-15T15:06:43.987654321Z");
assert.equal(latency.tags["otel.span.start_time"], "2025-06-15T15:06:40.250Z");
assert.deepEqual(latency.payload.data, {
  telemetry_type: "latency",
  model_id: "claude-sonnet-4-20250514",
  request_id: "msg_01XFDUDYJgAACzvnptvVoYEL",
  total_latency_ms: 3737.654321,
  ttft_ms: 412.5,
});
assert.equal(latency.correlation_id, usage.correlation_id);

// Every input token is priced once: (120 × 3 + 2048 × 0.30 + 512 × 3.75 + 412 × 15) / 1e6.
const totalCost = (cost.payload.data as { total_cost_usd: number }).total_cost_usd;
console.log("total_cost_usd", totalCost);
assert.ok(Math.abs(totalCost - 0.0090744) < 1e-12);

// 2. Back to OpenTelemetry: measurements for histograms with the recommended boundaries.
const [duration] = otelMeasurementsOf(latency);
console.log(duration?.name, duration?.value, duration?.attributes);
assert.equal(duration?.name, METRIC_GEN_AI_CLIENT_OPERATION_DURATION);
assert.equal(duration?.unit, "s");
assert.equal(GEN_AI_CLIENT_METRICS[METRIC_GEN_AI_CLIENT_OPERATION_DURATION].buckets[0], 0.01);

// 3. CloudEvents 1.0, structured JSON mode (Content-Type: application/cloudevents+json).
const ce = toCloudEvent(cost);
console.log(ce.type, ce.source, ce.correlationid);
assert.equal(ce.type, "io.llm-analytics-hub.cost.token_cost");
assert.equal(ce.source, "urn:llm-analytics-hub:module:llm-cost-ops");
assert.equal(ce.dataschema, "urn:llm-analytics-hub:schema:v1:AnalyticsEvent");
assert.deepEqual(fromCloudEvent(JSON.stringify(ce)), cost);
console.log("ok");
