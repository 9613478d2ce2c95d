import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode, toEpochNanos } from "../../src/core/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import {
  eventsFromOtlpTraces,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  type OtlpKeyValue,
  otelAttributesOf,
  otelMeasurementsOf,
} from "../../src/interop/otel.js";
import { CONFORMANCE_DIR } from "../conformance/fixtures.js";
import { deepFreeze, eventOf, otelFixture } from "./otel-helpers.js";

/** An accepted hub fixture, parsed as the hub reads it. */
function hubFixture(name: string): AnalyticsEvent {
  const read = decode(AnalyticsEvent, readFileSync(join(CONFORMANCE_DIR, "accept", name), "utf8"));
  if (!read.success) throw new Error(read.error.message);
  return read.data;
}

const imported = eventsFromOtlpTraces(otelFixture("anthropic-node.jsonl")).events;
const chatLatency = eventOf(imported, "00f067aa0ba902b7", "latency");
const chatUsage = eventOf(imported, "00f067aa0ba902b7", "token_usage");
const failed = eventOf(imported, "53995c3f42cd8ad8", "latency");

describe("otelAttributesOf", () => {
  it("maps a hub latency event without GenAI tags (conformance fixture event-telemetry-latency-full)", () => {
    const attributes = otelAttributesOf(deepFreeze(hubFixture("event-telemetry-latency-full.json")));
    expect(Object.keys(attributes).sort()).toEqual([
      "gen_ai.request.model",
      "gen_ai.response.id",
      "gen_ai.response.time_to_first_chunk",
    ]);
    expect(attributes["gen_ai.request.model"]).toBe("gpt-4o-mini");
    expect(attributes["gen_ai.response.id"]).toBe("chatcmpl-9xQ2mT7rLk4bYpZ1");
    // ttft_ms 212.4 → seconds
    expect(attributes["gen_ai.response.time_to_first_chunk"]).toBeCloseTo(0.2124, 12);
  });

  it("maps token counts of token_usage and token_cost events (conformance fixtures)", () => {
    expect(otelAttributesOf(hubFixture("event-telemetry-token-usage.json"))).toEqual({
      "gen_ai.request.model": "claude-sonnet-4",
      "gen_ai.response.id": "msg_01J0A8BC2D3E4F5G6H7J8K9L0M",
      "gen_ai.usage.input_tokens": 1840,
      "gen_ai.usage.output_tokens": 412,
    });
    expect(otelAttributesOf(hubFixture("event-cost-token-cost-gpt-4o-mini.json"))).toEqual({
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.id": "chatcmpl-A1b2C3d4E5",
      "gen_ai.usage.input_tokens": 2150,
      "gen_ai.usage.output_tokens": 380,
    });
  });

  it("gives back the typed GenAI attributes of an imported span", () => {
    expect(otelAttributesOf(chatLatency)).toEqual({
      "gen_ai.provider.name": "anthropic",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "claude-sonnet-4-20250514",
      "gen_ai.response.model": "claude-sonnet-4-20250514",
      "gen_ai.response.id": "msg_01XFDUDYJgAACzvnptvVoYEL",
      "server.address": "api.anthropic.com",
      "gen_ai.usage.cache_read.input_tokens": 2048,
      "gen_ai.usage.cache_creation.input_tokens": 512,
      "gen_ai.usage.reasoning.output_tokens": 120,
      "gen_ai.request.stream": true,
      "gen_ai.response.time_to_first_chunk": 0.4125,
    });
    expect(otelAttributesOf(failed)).toEqual({
      "gen_ai.provider.name": "anthropic",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "claude-sonnet-4-20250514",
      "server.address": "api.anthropic.com",
      "error.type": "overloaded_error",
    });
  });

  it("does not present the span-id fallback request_id as a response id", () => {
    const agent = eventOf(imported, "b7ad6b7169203331", "latency");
    expect((agent.payload.data as { request_id: string }).request_id).toBe("b7ad6b7169203331");
    expect(otelAttributesOf(agent)["gen_ai.response.id"]).toBeUndefined();
  });

  it("round-trips a span: hub events → attributes → OTLP span → the same hub payloads", () => {
    const attributes = { ...otelAttributesOf(chatLatency), ...otelAttributesOf(chatUsage) };
    const toKeyValue = ([key, value]: [string, string | number | boolean]): OtlpKeyValue => ({
      key,
      value:
        typeof value === "string"
          ? { stringValue: value }
          : typeof value === "boolean"
            ? { boolValue: value }
            : Number.isInteger(value)
              ? { intValue: String(value) }
              : { doubleValue: value },
    });
    // The event is stamped at the span's end; its start is the otel.span.start_time tag.
    const end = toEpochNanos(chatLatency.timestamp);
    const start = toEpochNanos(chatLatency.tags["otel.span.start_time"] as string);
    const durationNs = BigInt(
      Math.round((chatLatency.payload.data as { total_latency_ms: number }).total_latency_ms * 1e6),
    );
    expect(end - start).toBe(durationNs);
    const rebuilt = eventsFromOtlpTraces(
      {
        resourceSpans: [
          {
            resource: {
              attributes: [{ key: "deployment.environment.name", value: { stringValue: chatLatency.environment } }],
            },
            scopeSpans: [
              {
                spans: [
                  {
                    traceId: chatLatency.tags.trace_id as string,
                    spanId: chatLatency.tags.span_id as string,
                    parentSpanId: chatLatency.tags.parent_span_id as string,
                    startTimeUnixNano: String(start),
                    endTimeUnixNano: String(end),
                    attributes: Object.entries(attributes).map(toKeyValue),
                  },
                ],
              },
            ],
          },
        ],
      },
      {},
    ).events;
    // Not carried by the span attributes: the resource's service.name, the finish reasons (a
    // string array in OTel, which OtelAttributes does not hold) and the parent link (the parent
    // span is not in this input, so no parent_event_id names its missing event).
    const {
      "service.name": _service,
      "gen_ai.response.finish_reasons": _finish,
      "otel.scope.name": _scope,
      ...tagsWithoutResource
    } = chatLatency.tags;
    const { parent_event_id: _p1, ...latency } = chatLatency;
    const { parent_event_id: _p2, ...usage } = chatUsage;
    expect(rebuilt[0]).toEqual({ ...latency, tags: tagsWithoutResource });
    expect(rebuilt[1]).toEqual({ ...usage, tags: tagsWithoutResource });
  });

  it("rejects payloads without a GenAI meaning and invalid events, naming the function", () => {
    expect(() => otelAttributesOf(hubFixture("event-security-threat-prompt-injection.json"))).toThrow(
      /^otelAttributesOf: a security "threat" payload has no GenAI attributes; telemetry payloads and token_cost map$/,
    );
    expect(() => otelAttributesOf(hubFixture("event-cost-budget-warning.json"))).toThrow(
      /a cost "budget_alert" payload/,
    );
    expect(() => otelAttributesOf({ ...chatLatency, timestamp: "yesterday" })).toThrow(
      /^otelAttributesOf: invalid AnalyticsEvent: timestamp: Invalid timestamp/,
    );
    expect(() => otelAttributesOf({ ...chatLatency, tags: { ...chatLatency.tags, "server.port": "https" } })).toThrow(
      /otelAttributesOf: tag server\.port must be a whole number, received "https"/,
    );
  });
});

describe("otelMeasurementsOf", () => {
  it("gives duration and time to first chunk of a latency event, in seconds, at the event's time", () => {
    const measurements = otelMeasurementsOf(hubFixture("event-telemetry-latency-full.json"));
    expect(measurements.map((m) => [m.name, m.unit, m.timeUnixNano, m.attributes])).toEqual([
      // python3: datetime(2025, 6, 3, 14, 22, 5, tzinfo=timezone.utc).timestamp() = 1748960525, plus .123 s
      [METRIC_GEN_AI_CLIENT_OPERATION_DURATION, "s", "1748960525123000000", { "gen_ai.request.model": "gpt-4o-mini" }],
      [
        METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
        "s",
        "1748960525123000000",
        { "gen_ai.request.model": "gpt-4o-mini" },
      ],
    ]);
    expect(measurements[0]?.value).toBeCloseTo(0.8427, 12);
    expect(measurements[1]?.value).toBeCloseTo(0.2124, 12);
  });

  it("gives input and output token usage with gen_ai.token.type and only low-cardinality attributes", () => {
    const measurements = otelMeasurementsOf(chatUsage);
    const base = {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.request.model": "claude-sonnet-4-20250514",
      "gen_ai.response.model": "claude-sonnet-4-20250514",
      "server.address": "api.anthropic.com",
    };
    expect(measurements).toEqual([
      {
        name: METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
        unit: "{token}",
        value: 2680,
        // The event's time: the span's endTimeUnixNano, when the usage was recorded.
        timeUnixNano: "1750000003987654321",
        attributes: { ...base, "gen_ai.token.type": "input" },
      },
      {
        name: METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
        unit: "{token}",
        value: 412,
        // The event's time: the span's endTimeUnixNano, when the usage was recorded.
        timeUnixNano: "1750000003987654321",
        attributes: { ...base, "gen_ai.token.type": "output" },
      },
    ]);
  });

  it("puts error.type on the duration of a failed operation", () => {
    const [duration, ...rest] = otelMeasurementsOf(failed);
    expect(rest).toEqual([]);
    expect(duration?.value).toBeCloseTo(0.731, 12);
    expect(duration?.attributes["error.type"]).toBe("overloaded_error");
  });

  it("gives nothing for token_cost events (their counts repeat the token_usage event) and other telemetry", () => {
    expect(otelMeasurementsOf(hubFixture("event-cost-token-cost-gpt-4o-mini.json"))).toEqual([]);
    expect(otelMeasurementsOf(hubFixture("event-telemetry-throughput.json"))).toEqual([]);
    expect(() => otelMeasurementsOf(hubFixture("event-governance-audit-trail.json"))).toThrow(
      /^otelMeasurementsOf: a governance "audit_trail" payload has no GenAI attributes/,
    );
  });

  it("times a leap second as chrono does and refuses an event before 1970 (OTLP times are unsigned)", () => {
    const latency = hubFixture("event-telemetry-latency-full.json");
    // chrono 0.4.42 timestamp_nanos_opt: 23:59:59 (1483228799 s) plus subsec nanos 1.5e9.
    const leap = otelMeasurementsOf({ ...latency, timestamp: "2016-12-31T23:59:60.5Z" });
    expect(leap[0]?.timeUnixNano).toBe("1483228800500000000");
    expect(() => otelMeasurementsOf({ ...latency, timestamp: "1969-12-31T23:59:59Z" })).toThrow(
      /^otelMeasurementsOf: event\.timestamp: -1000000000 is outside the unsigned 64-bit range of OTLP times/,
    );
  });
});
