import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkAnalyticsEvent } from "../../src/checks/index.js";
import { decode, toEpochNanos } from "../../src/core/index.js";
import { BLANK_LINE_MESSAGE } from "../../src/core/json-lines.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import {
  eventsFromOtlpTraces,
  OTEL_ID_NAMESPACE,
  type PriceTable,
  spanEventId,
  traceCorrelationId,
  unixNanosToTimestamp,
} from "../../src/interop/otel.js";
import { attrs, deepFreeze, eventOf, oneSpan, otelFixture } from "./otel-helpers.js";

/*
 * Reference values. Timestamps: python3 `datetime.fromtimestamp(s, timezone.utc)` plus the
 * nanosecond remainder, written with the hub's 0/3/6/9 fraction digits (WIRE_FORMAT.md §1 rule 1).
 * UUIDs: python3 `uuid.uuid5(uuid.uuid5(uuid.NAMESPACE_URL, "llm-analytics-hub/otel"), name)` with
 * the names the doc comments of traceCorrelationId/spanEventId define. Durations and costs: exact
 * python3 `fractions.Fraction` arithmetic; prices are the providers' published list prices in USD
 * per million tokens (OpenAI gpt-4o-mini 0.15 / cached 0.075 / 0.60, text-embedding-3-small 0.02,
 * gpt-4o 2.50 / 1.25 / 10; Anthropic Claude Sonnet 4 3 / cache write 3.75 / cache read 0.30 / 15).
 */
const PRICES: PriceTable = {
  "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "claude-sonnet-4-20250514": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
  "gpt-4o": { input: 2.5, cacheRead: 1.25, output: 10 },
};

const kindOf = (e: AnalyticsEvent) => {
  const data = e.payload.data as { telemetry_type?: string; cost_type?: string };
  return data.telemetry_type ?? data.cost_type;
};

describe("OTEL_ID_NAMESPACE and the derived ids", () => {
  it("match python3 uuid.uuid5", () => {
    expect(OTEL_ID_NAMESPACE).toBe("21d50cfe-6cc4-50ba-872b-210369fa8538");
    expect(traceCorrelationId("5b8efff798038103d269b633813fc60c")).toBe("5611cf09-7439-5b55-b3b9-a9782b1ad818");
    expect(spanEventId("5b8efff798038103d269b633813fc60c", "5fb397be34d26b51")).toBe(
      "1c60b25c-26f7-5cd0-87f8-1140ccbfe6fd",
    );
    expect(spanEventId("5b8efff798038103d269b633813fc60c", "5fb397be34d26b51", "token_usage")).toBe(
      "f6efe3cb-630b-5606-8bec-649bc1554287",
    );
    expect(spanEventId("5b8efff798038103d269b633813fc60c", "5fb397be34d26b51", "token_cost")).toBe(
      "5a5d7ff9-916d-54a0-956c-a383b4fca0a4",
    );
  });

  it("ignore the case of hex ids (OTLP/JSON ids are case-insensitive hex)", () => {
    expect(traceCorrelationId("5B8EFFF798038103D269B633813FC60C")).toBe(
      traceCorrelationId("5b8efff798038103d269b633813fc60c"),
    );
    expect(spanEventId("5B8EFFF798038103D269B633813FC60C", "5FB397BE34D26B51")).toBe(
      "1c60b25c-26f7-5cd0-87f8-1140ccbfe6fd",
    );
  });

  it("reject ids that are not OTLP hex ids", () => {
    expect(() => traceCorrelationId("W47/95gDgQPSabYzgT/GDA==")).toThrow(/traceCorrelationId: traceId: .*not base64/);
    expect(() => traceCorrelationId("00000000000000000000000000000000")).toThrow(/all-zero trace id is invalid/);
    expect(() => spanEventId("5b8efff798038103d269b633813fc60c", "123")).toThrow(/spanEventId: spanId: .*16 hex/);
    expect(() => spanEventId("5b8efff798038103d269b633813fc60c", "5fb397be34d26b51", "cost" as "latency")).toThrow(
      /spanEventId: kind must be one of latency, token_usage, token_cost, received cost/,
    );
  });
});

describe("unixNanosToTimestamp", () => {
  it("keep all nine fraction digits (python3 datetime reference)", () => {
    expect(unixNanosToTimestamp("1749996123104000123")).toBe("2025-06-15T14:02:03.104000123Z");
    expect(unixNanosToTimestamp(1749996124400000000n)).toBe("2025-06-15T14:02:04.400Z");
    expect(unixNanosToTimestamp("1750000000000000000")).toBe("2025-06-15T15:06:40Z");
    expect(unixNanosToTimestamp("1750000000000001000")).toBe("2025-06-15T15:06:40.000001Z");
    expect(unixNanosToTimestamp(0)).toBe("1970-01-01T00:00:00Z");
    // 2^64 − 1 ns: python3 datetime.fromtimestamp(18446744073, timezone.utc) → 2554-07-21T23:34:33
    expect(unixNanosToTimestamp("18446744073709551615")).toBe("2554-07-21T23:34:33.709551615Z");
  });

  it("round-trip every OTLP nanosecond count through core's toEpochNanos (property)", () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 18_446_744_073_709_551_615n }), (ns) => {
        expect(toEpochNanos(unixNanosToTimestamp(ns))).toBe(ns);
      }),
    );
  });

  it("reject what OTLP cannot carry", () => {
    expect(() => unixNanosToTimestamp(1.7e18)).toThrow(/unixNanosToTimestamp: .*beyond 2\^53 − 1.*decimal strings/);
    expect(() => unixNanosToTimestamp(-1)).toThrow(/unixNanosToTimestamp: -1 is outside the unsigned 64-bit range/);
    expect(() => unixNanosToTimestamp("12.5")).toThrow(/unixNanosToTimestamp: expected nanoseconds/);
    expect(() => unixNanosToTimestamp("18446744073709551616")).toThrow(/outside the unsigned 64-bit range/);
  });
});

describe("eventsFromOtlpTraces: OpenAI spans from the Python instrumentation (v1.36 names)", () => {
  const input = deepFreeze(JSON.parse(otelFixture("openai-python.json")));
  const { events, notices } = eventsFromOtlpTraces(input, { prices: PRICES });

  it("makes latency, token_usage and token_cost events for each GenAI span, in order", () => {
    expect(events.map((e) => [e.tags.span_id, kindOf(e)])).toEqual([
      ["5fb397be34d26b51", "latency"],
      ["5fb397be34d26b51", "token_usage"],
      ["5fb397be34d26b51", "token_cost"],
      ["a3c1e2d4f5b60718", "latency"],
      ["a3c1e2d4f5b60718", "token_usage"],
      ["a3c1e2d4f5b60718", "token_cost"],
    ]);
  });

  it("lists the HTTP server span as not GenAI", () => {
    expect(notices).toEqual([
      {
        code: "not_gen_ai",
        path: ["resourceSpans", 0, "scopeSpans", 0, "spans", 0],
        traceId: "5b8efff798038103d269b633813fc60c",
        spanId: "051581bf3cb55c13",
        spanName: "POST /v1/answer",
        // The place is in path, not repeated in the message.
        message: expect.stringMatching(/^no LLM attributes/),
      },
    ]);
  });

  it("maps the chat span to a complete latency event", () => {
    expect(eventOf(events, "5fb397be34d26b51", "latency")).toEqual({
      event_id: "1c60b25c-26f7-5cd0-87f8-1140ccbfe6fd",
      // Stamped at the span's end (endTimeUnixNano 1749996124337456789), when the call ended.
      timestamp: "2025-06-15T14:02:04.337456789Z",
      source_module: "llm-observatory",
      event_type: "telemetry",
      correlation_id: "5611cf09-7439-5b55-b3b9-a9782b1ad818",
      // Its parent is the HTTP server span, which gives no event: no parent_event_id (never a
      // link to an event that does not exist); the parent span id stays a tag.
      schema_version: "1.0.0",
      severity: "info",
      environment: "production",
      tags: {
        trace_id: "5b8efff798038103d269b633813fc60c",
        span_id: "5fb397be34d26b51",
        parent_span_id: "051581bf3cb55c13",
        // startTimeUnixNano 1749996123104000123
        "otel.span.start_time": "2025-06-15T14:02:03.104000123Z",
        "service.name": "support-bot",
        "gen_ai.provider.name": "openai",
        "gen_ai.operation.name": "chat",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.id": "chatcmpl-BfRk2hX5mWqzv3GQ1u8YtNc0ZpLa",
        "gen_ai.usage.cache_read.input_tokens": "1024",
        "gen_ai.response.finish_reasons": "stop",
        "otel.dialect": "otel",
        "otel.scope.name": "opentelemetry.instrumentation.openai_v2",
        "server.address": "api.openai.com",
        "server.port": "443",
      },
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "latency",
          // The requested model (gen_ai.request.model); the dated response model is a tag.
          model_id: "gpt-4o-mini",
          request_id: "chatcmpl-BfRk2hX5mWqzv3GQ1u8YtNc0ZpLa",
          // 1749996124337456789 − 1749996123104000123 ns = 1233.456666 ms
          total_latency_ms: 1233.456666,
        },
      },
    });
  });

  it("takes the token counts as OTel reports them: cached tokens are inside input_tokens", () => {
    const usage = eventOf(events, "5fb397be34d26b51", "token_usage");
    expect(usage.event_id).toBe("f6efe3cb-630b-5606-8bec-649bc1554287");
    expect(usage.payload.data).toEqual({
      telemetry_type: "token_usage",
      model_id: "gpt-4o-mini",
      request_id: "chatcmpl-BfRk2hX5mWqzv3GQ1u8YtNc0ZpLa",
      prompt_tokens: 1245,
      completion_tokens: 87,
      total_tokens: 1332,
    });
  });

  it("prices the 1024 cached input tokens at the cached price, once", () => {
    const cost = eventOf(events, "5fb397be34d26b51", "token_cost");
    expect(cost.event_id).toBe("5a5d7ff9-916d-54a0-956c-a383b4fca0a4");
    expect(cost.source_module).toBe("llm-cost-ops");
    expect(cost.event_type).toBe("cost");
    const data = cost.payload.data as Record<string, unknown>;
    expect(data).toMatchObject({
      cost_type: "token_cost",
      model_id: "gpt-4o-mini",
      prompt_tokens: 1245,
      completion_tokens: 87,
      total_tokens: 1332,
      currency: "USD",
    });
    // (221 × 0.15 + 1024 × 0.075 + 87 × 0.60) / 1e6 = 0.00016215; prompt 0.00010995 / 1245 tokens
    expect(data.total_cost_usd).toBeCloseTo(0.00016215, 15);
    expect(data.cost_per_prompt_token).toBeCloseTo(8.831325301204819e-8, 20);
    expect(data.cost_per_completion_token).toBeCloseTo(6e-7, 20);
  });

  it("gives an embeddings span (no output count) zero completion tokens", () => {
    const latency = eventOf(events, "a3c1e2d4f5b60718", "latency");
    // endTimeUnixNano 1749996124512345678; the start (…124400000000) stays a tag.
    expect(latency.timestamp).toBe("2025-06-15T14:02:04.512345678Z");
    expect(latency.tags["otel.span.start_time"]).toBe("2025-06-15T14:02:04.400Z");
    expect((latency.payload.data as { total_latency_ms: number }).total_latency_ms).toBeCloseTo(112.345678, 9);
    expect(eventOf(events, "a3c1e2d4f5b60718", "token_usage").payload.data).toMatchObject({
      prompt_tokens: 37,
      completion_tokens: 0,
      total_tokens: 37,
    });
    // 37 × 0.02 / 1e6
    expect(
      (eventOf(events, "a3c1e2d4f5b60718", "token_cost").payload.data as { total_cost_usd: number }).total_cost_usd,
    ).toBeCloseTo(7.4e-7, 18);
  });

  it("normalizes upper-case hex ids and reads the span ids the same either way", () => {
    const latency = eventOf(events, "5fb397be34d26b51", "latency");
    expect(latency.tags.trace_id).toBe("5b8efff798038103d269b633813fc60c");
    expect(latency.correlation_id).toBe(eventOf(events, "a3c1e2d4f5b60718", "latency").correlation_id);
  });
});

describe("eventsFromOtlpTraces: Anthropic spans from a JS exporter (JSON Lines, current names)", () => {
  const text = otelFixture("anthropic-node.jsonl");
  const { events, notices } = eventsFromOtlpTraces(text, { prices: PRICES });

  it("reads every line of the file", () => {
    expect(events.map((e) => [e.tags.span_id, kindOf(e)])).toEqual([
      ["b7ad6b7169203331", "latency"],
      ["00f067aa0ba902b7", "latency"],
      ["00f067aa0ba902b7", "token_usage"],
      ["00f067aa0ba902b7", "token_cost"],
      ["53995c3f42cd8ad8", "latency"],
    ]);
    // The chat span reports 2048 cache reads inside 4096 input tokens from an instrumentation this
    // library has not checked: Anthropic's API counts them apart, the conventions inside, so the
    // conventions' reading is used and said.
    expect(notices.map((n) => [n.spanId, n.code])).toEqual([
      ["b7ad6b7169203331", "no_usage"],
      ["00f067aa0ba902b7", "usage_assumed"],
      ["53995c3f42cd8ad8", "no_usage"],
    ]);
    expect(notices[0]).toMatchObject({ line: 1, path: ["resourceSpans", 0, "scopeSpans", 0, "spans", 0] });
    expect(notices[2]).toMatchObject({ line: 2, path: ["resourceSpans", 0, "scopeSpans", 0, "spans", 0] });
  });

  it("links the chat span to the agent span that invoked it", () => {
    const agent = eventOf(events, "b7ad6b7169203331", "latency");
    const chat = eventOf(events, "00f067aa0ba902b7", "latency");
    expect(agent.event_id).toBe("73e4a70b-1a77-54ec-8518-f0c319fb7643");
    expect(agent.parent_event_id).toBeUndefined();
    expect(agent.correlation_id).toBe("3507483f-7fd3-528f-a1b6-0685e36156c2");
    expect(chat.parent_event_id).toBe(agent.event_id);
    expect(chat.correlation_id).toBe(agent.correlation_id);
    expect(agent.payload.data).toEqual({
      telemetry_type: "latency",
      model_id: "claude-sonnet-4-20250514",
      request_id: "b7ad6b7169203331",
      total_latency_ms: 4250,
    });
  });

  it("maps the streaming span's time to first chunk to ttft_ms", () => {
    const chat = eventOf(events, "00f067aa0ba902b7", "latency");
    expect(chat.event_id).toBe("30b68429-4a88-5e8d-9208-a6b22451db6a");
    // endTimeUnixNano 1750000003987654321; startTimeUnixNano 1750000000250000000 as a tag.
    expect(chat.timestamp).toBe("2025-06-15T15:06:43.987654321Z");
    expect(chat.tags["otel.span.start_time"]).toBe("2025-06-15T15:06:40.250Z");
    expect(chat.environment).toBe("staging");
    const data = chat.payload.data as { ttft_ms: number; total_latency_ms: number };
    // gen_ai.response.time_to_first_chunk 0.4125 s
    expect(data.ttft_ms).toBeCloseTo(412.5, 9);
    // 1750000003987654321 − 1750000000250000000 ns
    expect(data.total_latency_ms).toBeCloseTo(3737.654321, 9);
    expect(chat.tags["gen_ai.request.stream"]).toBe("true");
  });

  it("keeps the cache and reasoning counts as tags and never adds them to the token counts", () => {
    const usage = eventOf(events, "00f067aa0ba902b7", "token_usage");
    expect(usage.payload.data).toMatchObject({ prompt_tokens: 2680, completion_tokens: 412, total_tokens: 3092 });
    expect(usage.tags).toMatchObject({
      "gen_ai.usage.cache_read.input_tokens": "2048",
      "gen_ai.usage.cache_creation.input_tokens": "512",
      "gen_ai.usage.reasoning.output_tokens": "120",
    });
  });

  it("prices cache reads and writes once each (not on top of the input price)", () => {
    const data = eventOf(events, "00f067aa0ba902b7", "token_cost").payload.data as unknown as Record<string, number>;
    // (120 × 3 + 2048 × 0.30 + 512 × 3.75 + 412 × 15) / 1e6 = 0.0090744
    expect(data.total_cost_usd).toBeCloseTo(0.0090744, 12);
    // Counting the cached tokens twice (2680 × 3 + 2048 × 0.30 + 512 × 3.75 + 412 × 15) would give 0.0167544.
    expect(Math.abs((data.total_cost_usd as number) - 0.0167544)).toBeGreaterThan(0.007);
    // prompt cost 0.0028944 / 2680 tokens
    expect(data.cost_per_prompt_token).toBeCloseTo(1.08e-6, 18);
    expect(data.cost_per_completion_token).toBeCloseTo(1.5e-5, 18);
  });

  it("turns the failed span into an error latency event with error.type", () => {
    const failed = eventOf(events, "53995c3f42cd8ad8", "latency");
    expect(failed.severity).toBe("error");
    expect(failed.event_id).toBe("1cb71f7e-6770-5136-85b7-00a221664385");
    expect(failed.correlation_id).toBe("665c8643-f8bd-5b58-8c46-8c417cfa64b2");
    // endTimeUnixNano 1750000010731000000 (a failed call is stamped at its end too).
    expect(failed.timestamp).toBe("2025-06-15T15:06:50.731Z");
    expect(failed.tags["otel.span.start_time"]).toBe("2025-06-15T15:06:50Z");
    expect(failed.tags).toMatchObject({
      "error.type": "overloaded_error",
      "otel.status_code": "ERROR",
      "otel.status_description": "Overloaded",
    });
    expect((failed.payload.data as { total_latency_ms: number }).total_latency_ms).toBe(731);
  });
});

describe("eventsFromOtlpTraces: deprecated names (OpenLLMetry-style spans)", () => {
  const { events, notices } = eventsFromOtlpTraces(otelFixture("openllmetry-legacy.json"), { prices: PRICES });

  it("reads gen_ai.system, gen_ai.usage.prompt_tokens/completion_tokens and deployment.environment", () => {
    const usage = eventOf(events, "1a2b3c4d5e6f7a8b", "token_usage");
    expect(usage.environment).toBe("production");
    // endTimeUnixNano 1750003602468000000
    expect(usage.timestamp).toBe("2025-06-15T16:06:42.468Z");
    expect(usage.correlation_id).toBe("9b8ecf80-d254-5cac-8fcf-9c0d2f5c9ed8");
    // gen_ai.request.model "gpt-4o", the id the failed call below gets too; the response's
    // "gpt-4o-2024-08-06" is a tag.
    expect(usage.tags["gen_ai.response.model"]).toBe("gpt-4o-2024-08-06");
    expect(usage.payload.data).toMatchObject({
      model_id: "gpt-4o",
      prompt_tokens: 820,
      completion_tokens: 164,
      total_tokens: 984,
    });
    expect(usage.tags["gen_ai.provider.name"]).toBe("openai");
    // OpenLLMetry's llm.request.type "chat" is the operation.
    expect(usage.tags["gen_ai.operation.name"]).toBe("chat");
    expect(usage.tags["otel.dialect"]).toBe("openllmetry");
    expect(usage.tags["otel.status_code"]).toBe("OK");
  });

  it("falls back to the request model's price when the response model has none", () => {
    const cost = eventOf(events, "1a2b3c4d5e6f7a8b", "token_cost");
    expect(cost.event_id).toBe("01b29373-b357-507d-a33c-05d044618ce6");
    // (820 × 2.50 + 164 × 10) / 1e6 = 0.00369
    expect((cost.payload.data as { total_cost_usd: number }).total_cost_usd).toBeCloseTo(0.00369, 15);
  });

  it("takes error.type from the exception event when the span has none", () => {
    const failed = eventOf(events, "2b3c4d5e6f7a8b9c", "latency");
    expect(failed.event_id).toBe("68c88e86-1005-593d-ac5e-f2b76d0c6293");
    expect(failed.severity).toBe("error");
    expect(failed.tags["error.type"]).toBe("openai.RateLimitError");
    expect(failed.payload.data).toMatchObject({ model_id: "gpt-4o", request_id: "2b3c4d5e6f7a8b9c" });
    expect(notices).toEqual([
      // gpt-4o has a cache price but the span reports no cache counts: the cost is an upper bound.
      expect.objectContaining({ spanId: "1a2b3c4d5e6f7a8b", code: "inexact_cost" }),
      expect.objectContaining({ spanId: "2b3c4d5e6f7a8b9c", code: "no_usage" }),
    ]);
  });
});

describe("eventsFromOtlpTraces: every event is a valid hub event", () => {
  const all = [
    ...eventsFromOtlpTraces(JSON.parse(otelFixture("openai-python.json")), { prices: PRICES }).events,
    ...eventsFromOtlpTraces(otelFixture("anthropic-node.jsonl"), { prices: PRICES }).events,
    ...eventsFromOtlpTraces(otelFixture("openllmetry-legacy.json"), { prices: PRICES }).events,
  ];

  it("passes AnalyticsEvent.parse unchanged and survives a JSON round trip through decode", () => {
    // 6 events from the OpenAI export, 5 from the Anthropic lines, 4 from the legacy spans
    expect(all).toHaveLength(15);
    for (const event of all) {
      expect(AnalyticsEvent.parse(event)).toEqual(event);
      const read = decode(AnalyticsEvent, JSON.stringify(event));
      expect(read.success ? read.data : read.error.issues).toEqual(event);
    }
  });

  it("passes the semantic checks (checkAnalyticsEvent)", () => {
    for (const event of all) expect(checkAnalyticsEvent(event), event.event_id).toEqual([]);
  });

  it("keeps the invariants the hub does not check", () => {
    const ids = new Set(all.map((e) => e.event_id));
    expect(ids.size).toBe(all.length);
    for (const event of all) {
      const data = event.payload.data as unknown as Record<string, number>;
      if ("prompt_tokens" in data) {
        expect(data.total_tokens).toBe((data.prompt_tokens as number) + (data.completion_tokens as number));
      }
      if ("total_cost_usd" in data) {
        const priced =
          (data.prompt_tokens as number) * (data.cost_per_prompt_token as number) +
          (data.completion_tokens as number) * (data.cost_per_completion_token as number);
        expect(data.total_cost_usd).toBeCloseTo(priced, 15);
      }
      if ("ttft_ms" in data) expect(data.ttft_ms).toBeLessThanOrEqual(data.total_latency_ms as number);
      if (event.payload.payload_type === "telemetry") expect(event.event_type).toBe("telemetry");
      if (event.payload.payload_type === "cost") expect(event.event_type).toBe("cost");
    }
  });
});

describe("eventsFromOtlpTraces: cached tokens are never counted twice (properties)", () => {
  const usageSpan = (input: number, output: number, read: number, write: number) =>
    oneSpan({
      attributes: attrs({
        "gen_ai.operation.name": { s: "chat" },
        "gen_ai.provider.name": { s: "anthropic" },
        "gen_ai.request.model": { s: "m" },
        "gen_ai.usage.input_tokens": { i: String(input) },
        "gen_ai.usage.output_tokens": { i: String(output) },
        "gen_ai.usage.cache_read.input_tokens": { i: String(read) },
        "gen_ai.usage.cache_creation.input_tokens": { i: String(write) },
      }),
    });
  const split = fc
    .tuple(
      fc.integer({ min: 0, max: 200_000 }),
      fc.integer({ min: 0, max: 50_000 }),
      fc.double({ min: 0, max: 1, noNaN: true }),
      fc.double({ min: 0, max: 1, noNaN: true }),
    )
    .map(([input, output, a, b]) => {
      const read = Math.floor(input * a);
      const write = Math.floor((input - read) * b);
      return { input, output, read, write };
    });
  const costOf = (doc: unknown, prices: PriceTable) => {
    const event = eventsFromOtlpTraces(doc as never, { prices }).events.find((e) => e.payload.payload_type === "cost");
    return event?.payload.data as unknown as Record<string, number>;
  };

  it("costs exactly input × price when the cache prices equal the input price, however the input splits", () => {
    fc.assert(
      fc.property(split, fc.double({ min: 0.01, max: 100, noNaN: true }), ({ input, output, read, write }, p) => {
        const data = costOf(usageSpan(input, output, read, write), {
          m: { input: p, cacheRead: p, cacheWrite: p, output: 2 * p },
        });
        expect(data.prompt_tokens).toBe(input);
        expect(data.total_cost_usd).toBeCloseTo(((input + 2 * output) * p) / 1e6, 9);
      }),
      { numRuns: 100 },
    );
  });

  it("costs no more than pricing every input token at the dearest input price", () => {
    fc.assert(
      fc.property(split, ({ input, output, read, write }) => {
        const data = costOf(usageSpan(input, output, read, write), {
          m: { input: 3, cacheRead: 0.3, cacheWrite: 3.75, output: 15 },
        });
        expect(data.total_cost_usd).toBeLessThanOrEqual((input * 3.75 + output * 15) / 1e6 + 1e-12);
        expect(data.total_cost_usd).toBeGreaterThanOrEqual((input * 0.3 + output * 15) / 1e6 - 1e-12);
      }),
      { numRuns: 100 },
    );
  });
});

describe("eventsFromOtlpTraces: inputs, options and notices", () => {
  it("accepts one export, an array of exports, JSON text and JSON Lines with blank lines", () => {
    const doc = JSON.parse(otelFixture("openai-python.json"));
    const one = eventsFromOtlpTraces(doc, { prices: PRICES });
    expect(eventsFromOtlpTraces(JSON.stringify(doc), { prices: PRICES })).toEqual(one);
    const two = eventsFromOtlpTraces([doc, doc], { prices: PRICES });
    expect(two.events).toEqual([...one.events, ...one.events]);
    expect(two.notices.map((n) => n.path)).toEqual([
      [0, "resourceSpans", 0, "scopeSpans", 0, "spans", 0],
      [1, "resourceSpans", 0, "scopeSpans", 0, "spans", 0],
    ]);
    const lines = `\n${JSON.stringify(doc)}\n\n${JSON.stringify(doc)}\n`;
    const read = eventsFromOtlpTraces(lines, { prices: PRICES });
    expect(read.events).toEqual(two.events);
    // Blank lines are skipped with a word, as `validate` and `validateEventLines` report them
    // (core/json-lines.ts); the end after the last terminator is no line.
    expect(read.notices.filter((n) => n.code === "blank_line")).toEqual([
      { code: "blank_line", line: 1, path: [], message: BLANK_LINE_MESSAGE },
      { code: "blank_line", line: 3, path: [], message: BLANK_LINE_MESSAGE },
    ]);
    expect(eventsFromOtlpTraces({}).events).toEqual([]);
  });

  it("reads the pre-1.0 instrumentationLibrarySpans key", () => {
    const doc = oneSpan({}) as { resourceSpans: { scopeSpans: unknown }[] };
    const [rs] = doc.resourceSpans;
    const old = {
      resourceSpans: [
        { resource: (rs as unknown as { resource: unknown }).resource, instrumentationLibrarySpans: rs?.scopeSpans },
      ],
    };
    const { events, notices } = eventsFromOtlpTraces(old as never);
    expect(events).toHaveLength(1);
    expect(notices[0]?.path).toEqual(["resourceSpans", 0, "instrumentationLibrarySpans", 0, "spans", 0]);
  });

  it("does not mutate its input and returns the same events every time", () => {
    const frozen = deepFreeze(JSON.parse(otelFixture("openai-python.json")));
    const before = JSON.stringify(frozen);
    const first = eventsFromOtlpTraces(frozen, deepFreeze({ prices: PRICES, tags: { team: "search" } }));
    const second = eventsFromOtlpTraces(frozen, { prices: PRICES, tags: { team: "search" } });
    expect(second).toEqual(first);
    expect(JSON.stringify(frozen)).toBe(before);
    expect(first.events.every((e) => e.tags.team === "search")).toBe(true);
  });

  it("uses options.environment and options.sourceModules over the defaults", () => {
    const { events } = eventsFromOtlpTraces(JSON.parse(otelFixture("openai-python.json")), {
      prices: PRICES,
      environment: "eu-prod",
      sourceModules: { telemetry: "llm-analytics-hub" },
    });
    expect(new Set(events.map((e) => e.environment))).toEqual(new Set(["eu-prod"]));
    expect(events.map((e) => e.source_module)).toEqual([
      "llm-analytics-hub",
      "llm-analytics-hub",
      "llm-cost-ops",
      "llm-analytics-hub",
      "llm-analytics-hub",
      "llm-cost-ops",
    ]);
  });

  it("makes no cost events without a price table, and a no_price notice for an unpriced model", () => {
    const doc = JSON.parse(otelFixture("openai-python.json"));
    const unpriced = eventsFromOtlpTraces(doc);
    expect(unpriced.events.filter((e) => e.payload.payload_type === "cost")).toEqual([]);
    expect(unpriced.notices.map((n) => n.code)).toEqual(["not_gen_ai"]);
    const partial = eventsFromOtlpTraces(doc, {
      prices: { "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 } },
    });
    expect(partial.notices.map((n) => [n.spanId, n.code])).toEqual([
      ["051581bf3cb55c13", "not_gen_ai"],
      ["a3c1e2d4f5b60718", "no_price"],
    ]);
    expect(partial.notices[1]?.message).toContain('"text-embedding-3-small"');
  });

  it("lists a tool span as not_model_call and a chat span without any model as no_model", () => {
    const tool = oneSpan({
      attributes: attrs({ "gen_ai.operation.name": { s: "execute_tool" }, "gen_ai.tool.name": { s: "search" } }),
    });
    const { events, notices } = eventsFromOtlpTraces(tool as never);
    expect(events).toEqual([]);
    expect(notices.map((n) => n.code)).toEqual(["not_model_call"]);
    const chat = oneSpan({ attributes: attrs({ "gen_ai.operation.name": { s: "chat" } }) });
    expect(eventsFromOtlpTraces(chat as never).notices.map((n) => n.code)).toEqual(["no_model"]);
  });

  it("uses the span id as request_id when there is no gen_ai.response.id", () => {
    const { events } = eventsFromOtlpTraces(oneSpan({}) as never);
    expect(events[0]?.payload.data).toMatchObject({ request_id: "0123456789abcdef", model_id: "gpt-4o" });
  });

  it("accepts token counts written as whole doubles (JS SDKs) and ints written as numbers", () => {
    const doc = oneSpan({
      attributes: attrs({
        "gen_ai.provider.name": { s: "openai" },
        "gen_ai.request.model": { s: "gpt-4o" },
        "gen_ai.usage.input_tokens": { d: 12 },
        "gen_ai.usage.output_tokens": { i: 5 },
      }),
    });
    const usage = eventsFromOtlpTraces(doc as never).events[1];
    expect(usage?.payload.data).toMatchObject({ prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 });
  });
});

describe("eventsFromOtlpTraces: one bad span never costs the batch", () => {
  // Paths of keys and indices, as OTLP/JSON nests a span: resourceSpans → scopeSpans → spans.
  const span0 = ["resourceSpans", 0, "scopeSpans", 0, "spans", 0];
  const usage = (extra: Record<string, { s: string } | { i: string | number } | { d: number }>) =>
    oneSpan({
      attributes: attrs({ "gen_ai.provider.name": { s: "openai" }, "gen_ai.request.model": { s: "gpt-4o" }, ...extra }),
    });
  /** The export of `oneSpan(bad)` followed by a second, valid span: the valid one must still map. */
  const withGoodSpan = (bad: Record<string, unknown>) => {
    const doc = oneSpan(bad) as { resourceSpans: { scopeSpans: { spans: Record<string, unknown>[] }[] }[] };
    const good = {
      ...(oneSpan({}) as typeof doc).resourceSpans[0]!.scopeSpans[0]!.spans[0]!,
      spanId: "1111111111111111",
    };
    doc.resourceSpans[0]!.scopeSpans[0]!.spans.push(good);
    return doc;
  };
  // The spans here mostly carry no token counts: their no_usage notices are left out.
  const reasons = (r: { notices: { code: string; attribute?: string }[] }) =>
    r.notices.filter((n) => n.code !== "no_usage").map((n) => [n.code, n.attribute]);

  it("skips a span with unreadable ids or times, naming it, and maps the others", () => {
    for (const [bad, attribute, pattern] of [
      [{ traceId: "xyz" }, "traceId", /traceId: expected a 16-byte id/],
      [{ spanId: "0000000000000000" }, "spanId", /the all-zero span id is invalid/],
      [{ parentSpanId: "xyz" }, "parentSpanId", /parentSpanId: expected a 8-byte id/],
      [{ endTimeUnixNano: "1749999999000000000" }, "endTimeUnixNano", /ends \(1749999999000000000\) before it starts/],
      [{ endTimeUnixNano: "0" }, "endTimeUnixNano", /0 means unset/],
      [{ startTimeUnixNano: "1.5e18" }, "startTimeUnixNano", /expected nanoseconds/],
      [{ status: { code: 7 } }, "status", /status\.code: expected 0, 1 or 2/],
    ] as const) {
      const result = eventsFromOtlpTraces(withGoodSpan(bad) as never, { environment: "test" });
      expect(result.events.map((e) => e.tags.span_id)).toEqual(["1111111111111111"]);
      const notice = result.notices.find((n) => n.code === "invalid_span");
      expect(notice?.path).toEqual(span0);
      expect(notice?.attribute).toBe(attribute);
      expect(notice?.message).toMatch(pattern);
      expect(result.spans).toEqual({ read: 1, mapped: 1, skipped: 0, invalid: 1 });
    }
  });

  it("reads an all-zero parent span id as no parent (a root span)", () => {
    const result = eventsFromOtlpTraces(oneSpan({ parentSpanId: "0000000000000000" }) as never);
    expect(result.events[0]?.tags.parent_span_id).toBeUndefined();
    expect(result.spans.invalid).toBe(0);
  });

  it("reads base64 ids (the protobuf JSON mapping) as the same hex ids", () => {
    // base64 of the bytes 0123456789abcdef0123456789abcdef and 0123456789abcdef (python3 base64.b64encode)
    const result = eventsFromOtlpTraces(
      oneSpan({ traceId: "ASNFZ4mrze8BI0VniavN7w==", spanId: "ASNFZ4mrze8=" }) as never,
    );
    expect(result.events[0]?.tags.trace_id).toBe("0123456789abcdef0123456789abcdef");
    expect(result.events[0]?.tags.span_id).toBe("0123456789abcdef");
  });

  it("reads times sent as JSON numbers beyond 2^53 with a notice that digits may be lost", () => {
    const result = eventsFromOtlpTraces(oneSpan({ startTimeUnixNano: 1750000000000000000 }) as never);
    expect(result.events).toHaveLength(1);
    expect(reasons(result)).toEqual([["coerced_value", "startTimeUnixNano"]]);
    expect(result.notices.find((n) => n.code === "coerced_value")?.path).toEqual([...span0, "startTimeUnixNano"]);
  });

  it("points each notice at its place with the keys the input uses, and at nothing else", () => {
    // The protobuf JSON mapping's snake_case names: the path must walk the input as written.
    const span = {
      ...((oneSpan({}) as { resourceSpans: { scopeSpans: { spans: unknown[] }[] }[] }).resourceSpans[0]!.scopeSpans[0]!
        .spans[0] as object),
    };
    const attributes = [
      ...attrs({ "gen_ai.provider.name": { s: "openai" }, "gen_ai.request.model": { s: "gpt-4o" } }),
      ...attrs({ "gen_ai.provider.name": { s: "x" } }),
    ];
    const doc = {
      resource_spans: [{ resource: { attributes: [] }, scope_spans: [{ spans: [{ ...span, attributes }] }] }],
    };
    const { notices } = eventsFromOtlpTraces(doc as never);
    const duplicate = notices.find((n) => n.code === "invalid_attribute");
    expect(duplicate?.path).toEqual(["resource_spans", 0, "scope_spans", 0, "spans", 0, "attributes", 2]);
    let walked: unknown = doc;
    for (const key of duplicate?.path ?? []) walked = (walked as Record<PropertyKey, unknown>)[key];
    expect(walked).toEqual({ key: "gen_ai.provider.name", value: { stringValue: "x" } });
    expect(duplicate?.message).toMatch(/^attribute gen_ai\.provider\.name appears twice/);
    expect(notices.find((n) => n.code === "default_environment")?.path).toEqual(["resource_spans", 0, "resource"]);
  });

  it("reports span events it cannot read, and keeps the span", () => {
    const model = attrs({ "gen_ai.provider.name": { s: "openai" }, "gen_ai.request.model": { s: "gpt-4o" } });
    const notAnEvent = eventsFromOtlpTraces(oneSpan({ attributes: model, events: [{ name: "ok" }, 7] }) as never);
    expect(notAnEvent.events).toHaveLength(1);
    const own = (r: typeof notAnEvent) => r.notices.filter((n) => n.code !== "no_usage");
    expect(own(notAnEvent).map((n) => [n.code, n.attribute, n.path.slice(-2)])).toEqual([
      ["invalid_attribute", "events", ["events", 1]],
    ]);
    const notAList = eventsFromOtlpTraces(oneSpan({ attributes: model, events: { name: "x" } }) as never);
    expect(own(notAList).map((n) => [n.code, n.attribute, n.path.at(-1), n.message])).toEqual([
      ["invalid_attribute", "events", "events", expect.stringMatching(/expected an array/)],
    ]);
  });

  it("ignores a malformed attribute with a notice and keeps the span", () => {
    const dup = oneSpan({
      attributes: [
        ...attrs({ "gen_ai.provider.name": { s: "openai" }, "gen_ai.request.model": { s: "gpt-4o" } }),
        ...attrs({ "gen_ai.provider.name": { s: "x" } }),
      ],
    });
    const d = eventsFromOtlpTraces(dup as never);
    expect(reasons(d)).toEqual([["invalid_attribute", "gen_ai.provider.name"]]);
    expect(d.events[0]?.tags["gen_ai.provider.name"]).toBe("x");
    const two = oneSpan({
      attributes: [
        ...attrs({ "gen_ai.request.model": { s: "gpt-4o" } }),
        { key: "gen_ai.system", value: { stringValue: "a", intValue: "1" } },
      ],
    });
    const t = eventsFromOtlpTraces(two as never);
    expect(t.events).toHaveLength(1);
    expect(t.notices[0]?.message).toMatch(/an AnyValue holds one value, but stringValue and intValue are set/);
  });

  it("reads counts sent as strings or whole doubles, and ignores impossible ones with a notice", () => {
    const strings = eventsFromOtlpTraces(
      usage({
        "gen_ai.usage.input_tokens": { s: "12" },
        "gen_ai.usage.output_tokens": { d: 3 },
        "server.port": { s: "443" },
      }) as never,
    );
    expect(strings.events[1]?.payload.data).toMatchObject({
      prompt_tokens: 12,
      completion_tokens: 3,
      total_tokens: 15,
    });
    expect(strings.events[0]?.tags["server.port"]).toBe("443");
    expect(reasons(strings)).toEqual([
      ["coerced_value", "gen_ai.usage.input_tokens"],
      ["coerced_value", "server.port"],
    ]);
    const half = eventsFromOtlpTraces(
      usage({ "gen_ai.usage.input_tokens": { d: 12.5 }, "gen_ai.usage.output_tokens": { i: 1 } }) as never,
    );
    expect(half.notices.map((n) => [n.code, n.attribute])).toEqual([
      ["invalid_attribute", "gen_ai.usage.input_tokens"],
      ["no_usage", undefined],
    ]);
    expect(half.events).toHaveLength(1);
    const negative = eventsFromOtlpTraces(usage({ "gen_ai.usage.input_tokens": { i: "-3" } }) as never);
    expect(negative.notices[0]?.message).toMatch(/a count cannot be negative, received -3/);
    const model = eventsFromOtlpTraces(usage({ "gen_ai.request.model": { i: 4 } }) as never);
    expect(model.events[0]?.payload.data).toMatchObject({ model_id: "4" });
    expect(reasons(model)).toEqual([["coerced_value", "gen_ai.request.model"]]);
  });

  it("reads counts that only fit the provider's own semantics that way, saying so", () => {
    // OpenAI-style span whose cache counts exceed input_tokens: only the reading "input excludes
    // the cache" fits, so prompt_tokens = 100 + 90 + 20 = 210.
    const cache = eventsFromOtlpTraces(
      usage({
        "gen_ai.usage.input_tokens": { i: 100 },
        "gen_ai.usage.output_tokens": { i: 5 },
        "gen_ai.usage.cache_read.input_tokens": { i: 90 },
        "gen_ai.usage.cache_creation.input_tokens": { i: 20 },
      }) as never,
    );
    expect(cache.events[1]?.payload.data).toMatchObject({ prompt_tokens: 210, completion_tokens: 5 });
    expect(reasons(cache)).toEqual([["usage_conflict", "gen_ai.usage.input_tokens"]]);
    const reasoning = eventsFromOtlpTraces(
      usage({
        "gen_ai.usage.input_tokens": { i: 1 },
        "gen_ai.usage.output_tokens": { i: 5 },
        "gen_ai.usage.reasoning.output_tokens": { i: 6 },
      }) as never,
    );
    expect(reasoning.events[1]?.payload.data).toMatchObject({ completion_tokens: 11 });
    const spellings = eventsFromOtlpTraces(
      usage({
        "gen_ai.usage.input_tokens": { i: 10 },
        "gen_ai.usage.prompt_tokens": { i: 11 },
        "gen_ai.usage.output_tokens": { i: 1 },
      }) as never,
    );
    expect(spellings.events[1]?.payload.data).toMatchObject({ prompt_tokens: 10 });
    expect(spellings.notices[0]?.message).toMatch(
      /gen_ai\.usage\.input_tokens is 10 but gen_ai\.usage\.prompt_tokens is 11; gen_ai\.usage\.input_tokens is used/,
    );
    const big = eventsFromOtlpTraces(
      usage({ "gen_ai.usage.input_tokens": { i: "4294967295" }, "gen_ai.usage.output_tokens": { i: 1 } }) as never,
    );
    expect(big.events).toHaveLength(1);
    expect(big.notices[0]?.message).toMatch(/exceed the u32 maximum/);
  });

  it("ignores a time to first chunk longer than the span, with a notice", () => {
    const long = eventsFromOtlpTraces(usage({ "gen_ai.response.time_to_first_chunk": { d: 1.5 } }) as never);
    expect(long.events[0]?.payload.data).not.toHaveProperty("ttft_ms");
    expect(long.notices[0]?.message).toMatch(/time_to_first_chunk \(1500 ms\) is longer than the span \(1000 ms\)/);
  });

  it("prices cached tokens without a cache price at the input price, saying the cost is inexact", () => {
    const doc = usage({
      "gen_ai.usage.input_tokens": { i: 100 },
      "gen_ai.usage.output_tokens": { i: 5 },
      "gen_ai.usage.cache_read.input_tokens": { i: 90 },
    });
    const result = eventsFromOtlpTraces(doc as never, { prices: { "gpt-4o": { input: 2.5, output: 10 } } });
    // (100 × 2.5 + 5 × 10) / 1e6
    expect((result.events[2]!.payload.data as { total_cost_usd: number }).total_cost_usd).toBeCloseTo(0.0003, 15);
    expect(reasons(result)).toEqual([["inexact_cost", undefined]]);
    expect(result.notices[0]?.message).toMatch(/90 cache-read input tokens priced at the input price/);
  });

  it("gives a resource without an environment the documented default, once per resource", () => {
    const doc = {
      resourceSpans: [{ scopeSpans: withGoodSpan({}).resourceSpans[0]?.scopeSpans }],
    };
    const result = eventsFromOtlpTraces(doc as never);
    expect(result.events.map((e) => e.environment)).toEqual(["unknown", "unknown"]);
    expect(result.notices.filter((n) => n.code !== "no_usage")).toEqual([
      expect.objectContaining({ code: "default_environment", path: ["resourceSpans", 0, "resource"] }),
    ]);
  });

  it("rejects bad options, naming the option", () => {
    const run = (options: object) => () => eventsFromOtlpTraces(oneSpan({}) as never, options);
    expect(run({ tags: { trace_id: "x" } })).toThrow(
      /options\.tags\["trace_id"\] collides with a tag the OTLP mapping writes/,
    );
    expect(run({ prices: { "gpt-4o": { input: -1, output: 1 } } })).toThrow(
      /eventsFromOtlpTraces: options.prices\["gpt-4o"\]\.input must be a finite number ≥ 0, received -1$/,
    );
    expect(run({ prices: { "gpt-4o": { input: 1 } } })).toThrow(/options\.prices\["gpt-4o"\]\.output must be/);
  });

  it("skips a bad JSON line with a notice, and rejects input that is not OTLP at all", () => {
    const doc = JSON.stringify(oneSpan({}));
    const lines = eventsFromOtlpTraces(`${doc}\n{"resourceSpans": [\n`);
    expect(lines.events).toHaveLength(1);
    expect(lines.notices[0]).toMatchObject({ code: "invalid_document", line: 2, path: [] });
    expect(() => eventsFromOtlpTraces("[1]")).toThrow(
      /^eventsFromOtlpTraces: the input is not OTLP trace data: \/0: no OTLP trace data/,
    );
    expect(() => eventsFromOtlpTraces("hello")).toThrow(/^eventsFromOtlpTraces: the input is not OTLP\/JSON/);
    expect(() => eventsFromOtlpTraces("")).toThrow(/the input is empty/);
    expect(() => eventsFromOtlpTraces(new Uint8Array())).toThrow(/the input is empty \(0 bytes\)/);
    expect(() => eventsFromOtlpTraces({ data: [] } as never)).toThrow(/found data/);
    expect(() => eventsFromOtlpTraces({ resourceMetrics: [] } as never)).toThrow(/OTLP metrics, not traces/);
    expect(() => eventsFromOtlpTraces(new Uint8Array([0x1f, 0x8b, 8, 0]))).toThrow(/gzip-compressed/);
    expect(() => eventsFromOtlpTraces(new Uint8Array([0xff, 0xff, 0xff]))).toThrow(
      /neither OTLP\/JSON nor an OTLP protobuf ExportTraceServiceRequest/,
    );
  });
});

describe("eventsFromOtlpTraces: one model id per requested model, stamped at the span's end, in every dialect", () => {
  // Each dialect's names for the requested model and the model that answered (a dated snapshot,
  // as OpenAI answers gpt-4o with gpt-4o-2024-08-06): a successful call has both, a failed one
  // (no response) only the request's. OpenInference writes llm.model_name from the request and
  // overwrites it with the response's; the request's stays in llm.invocation_parameters.
  const ok = {
    otel: {
      "gen_ai.operation.name": "chat",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
    },
    openllmetry: {
      "llm.request.type": "chat",
      "gen_ai.system": "OpenAI",
      "gen_ai.request.model": "gpt-4o",
      "gen_ai.response.model": "gpt-4o-2024-08-06",
    },
    openinference: {
      "openinference.span.kind": "LLM",
      "llm.invocation_parameters": '{"model":"gpt-4o","temperature":0}',
      "llm.model_name": "gpt-4o-2024-08-06",
    },
    vercel: {
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.provider": "openai.chat",
      "ai.model.id": "gpt-4o",
      "ai.response.model": "gpt-4o-2024-08-06",
    },
  } as const;
  const failed = {
    otel: { "gen_ai.operation.name": "chat", "gen_ai.request.model": "gpt-4o", "error.type": "RateLimitError" },
    openllmetry: { "llm.request.type": "chat", "gen_ai.system": "OpenAI", "gen_ai.request.model": "gpt-4o" },
    openinference: {
      "openinference.span.kind": "LLM",
      "llm.invocation_parameters": '{"model":"gpt-4o","temperature":0}',
      "llm.model_name": "gpt-4o",
    },
    vercel: {
      "ai.operationId": "ai.generateText.doGenerate",
      "ai.model.provider": "openai.chat",
      "ai.model.id": "gpt-4o",
    },
  } as const;
  const str = (o: Readonly<Record<string, string>>) =>
    attrs(Object.fromEntries(Object.entries(o).map(([k, v]) => [k, { s: v }])));

  for (const dialect of ["otel", "openllmetry", "openinference", "vercel"] as const) {
    it(`${dialect}: a failed and a successful call of gpt-4o get the model id gpt-4o`, () => {
      const good = eventsFromOtlpTraces(oneSpan({ attributes: str(ok[dialect]) }) as never).events;
      const bad = eventsFromOtlpTraces(
        oneSpan({ attributes: str(failed[dialect]), status: { code: 2, message: "429 Rate limit reached" } }) as never,
      ).events;
      expect(good[0]?.tags["otel.dialect"]).toBe(dialect);
      expect(bad[0]?.tags["otel.dialect"]).toBe(dialect);
      expect(bad[0]?.severity).toBe("error");
      expect(good[0]?.severity).toBe("info");
      expect(good[0]?.payload.data).toMatchObject({ model_id: "gpt-4o" });
      expect(bad[0]?.payload.data).toMatchObject({ model_id: "gpt-4o" });
      // Nothing lost: the model that answered stays a tag.
      expect(good[0]?.tags["gen_ai.response.model"]).toBe("gpt-4o-2024-08-06");
      expect(good[0]?.tags["gen_ai.request.model"]).toBe("gpt-4o");
      // oneSpan's span runs from 1750000000 s to 1750000001 s: stamped at its end, start as a tag.
      for (const e of [good[0], bad[0]]) {
        expect(e?.timestamp).toBe("2025-06-15T15:06:41Z");
        expect(e?.tags["otel.span.start_time"]).toBe("2025-06-15T15:06:40Z");
        expect(e?.payload.data).toMatchObject({ total_latency_ms: 1000 });
      }
    });
  }

  it("names a call by the response's model only when the span has no request model", () => {
    const only = oneSpan({
      attributes: str({ "gen_ai.operation.name": "chat", "gen_ai.response.model": "gpt-4o-2024-08-06" }),
    });
    const { events } = eventsFromOtlpTraces(only as never);
    expect(events[0]?.payload.data).toMatchObject({ model_id: "gpt-4o-2024-08-06" });
  });
});
