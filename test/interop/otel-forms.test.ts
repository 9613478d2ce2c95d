import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { context, SpanKind, SpanStatusCode, trace } from "@opentelemetry/api";
import { JsonTraceSerializer, ProtobufTraceSerializer } from "@opentelemetry/otlp-transformer";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from "@opentelemetry/sdk-trace-base";
import protobuf from "protobufjs";
import { beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { eventsFromOtlpTraces, type PriceTable, spanEventId } from "../../src/interop/otel.js";
import { ROOT, runInProcess } from "../cli/helpers.js";

/*
 * Every form OTLP trace data travels in, produced by independent tools from the same spans:
 * the OpenTelemetry JS SDK 2.x serializers (@opentelemetry/otlp-transformer JsonTraceSerializer
 * and ProtobufTraceSerializer: hex ids, camelCase), protobufjs decoding the protobuf bytes with
 * the official .proto files and `keepCase` (the protobuf JSON mapping with the original
 * snake_case field names and base64 ids, as Python's MessageToJson(preserving_proto_field_name)
 * writes it), the collector file exporter's JSON Lines, and a bare span list. All must give the
 * same events.
 */

const here = dirname(fileURLToPath(import.meta.url));
const PRICES: PriceTable = { "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 } };
const T0 = 1_750_000_000_000; // ms

function hrTime(ms: number): [number, number] {
  return [Math.floor(ms / 1000), (ms % 1000) * 1e6];
}

let finished: ReadableSpan[];
let jsonBytes: Uint8Array;
let protoBytes: Uint8Array;

beforeAll(() => {
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "forms", "deployment.environment.name": "staging" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const tracer = provider.getTracer("forms-test");
  const root = tracer.startSpan("invoke_agent Planner", {
    kind: SpanKind.INTERNAL,
    startTime: hrTime(T0),
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.request.model": "gpt-4o-mini" },
  });
  const ctx = trace.setSpan(context.active(), root);
  const chat = tracer.startSpan(
    "chat gpt-4o-mini",
    {
      kind: SpanKind.CLIENT,
      startTime: hrTime(T0 + 10),
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
        "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
        "gen_ai.response.id": "chatcmpl-forms",
        "gen_ai.response.finish_reasons": ["stop", "length"],
        "gen_ai.usage.input_tokens": 1200,
        "gen_ai.usage.output_tokens": 80,
        "gen_ai.usage.cache_read.input_tokens": 1024,
        "server.port": 443,
      },
    },
    ctx,
  );
  chat.end(hrTime(T0 + 1510));
  const failed = tracer.startSpan(
    "chat gpt-4o-mini",
    {
      kind: SpanKind.CLIENT,
      startTime: hrTime(T0 + 1600),
      attributes: {
        "gen_ai.operation.name": "chat",
        "gen_ai.provider.name": "openai",
        "gen_ai.request.model": "gpt-4o-mini",
      },
    },
    ctx,
  );
  failed.recordException({ name: "APIConnectionError", message: "socket hang up" });
  failed.setStatus({ code: SpanStatusCode.ERROR, message: "socket hang up" });
  failed.end(hrTime(T0 + 1700));
  root.end(hrTime(T0 + 2000));
  finished = exporter.getFinishedSpans();
  jsonBytes = JsonTraceSerializer.serializeRequest(finished) as Uint8Array;
  protoBytes = ProtobufTraceSerializer.serializeRequest(finished) as Uint8Array;
});

const payloads = (events: AnalyticsEvent[]) =>
  events.map((e) => [e.event_id, e.parent_event_id, e.payload, e.severity]);

describe("eventsFromOtlpTraces: every form of the same export gives the same events", () => {
  it("maps the SDK's JSON bytes: finish reasons, cache-aware cost, error type from the exception event", () => {
    const { events, notices, spans } = eventsFromOtlpTraces(jsonBytes, { prices: PRICES });
    expect(spans).toEqual({ read: 3, mapped: 3, skipped: 0, invalid: 0 });
    const chat = events.find((e) => e.tags["gen_ai.response.id"] === "chatcmpl-forms");
    expect(chat?.tags["gen_ai.response.finish_reasons"]).toBe("stop,length");
    expect(chat?.payload.data).toMatchObject({ total_latency_ms: 1500 });
    const cost = events.find(
      (e) => e.tags["gen_ai.response.id"] === "chatcmpl-forms" && e.payload.payload_type === "cost",
    );
    // (176 × 0.15 + 1024 × 0.075 + 80 × 0.60) / 1e6
    expect((cost!.payload.data as { total_cost_usd: number }).total_cost_usd).toBeCloseTo(0.0001512, 15);
    const error = events.find((e) => e.severity === "error");
    expect(error?.tags["error.type"]).toBe("APIConnectionError");
    // Both calls link to the agent span's event, which exists.
    const agent = events.find((e) => e.tags["gen_ai.operation.name"] === "invoke_agent");
    expect(chat?.parent_event_id).toBe(spanEventId(agent?.tags.trace_id as string, agent?.tags.span_id as string));
    expect(notices.map((n) => n.code)).toEqual(["no_usage", "no_usage"]);
  });

  it("reads JSON text, a parsed object, protobuf bytes and an ArrayBuffer alike", () => {
    const reference = eventsFromOtlpTraces(jsonBytes, { prices: PRICES });
    const text = new TextDecoder().decode(jsonBytes);
    expect(eventsFromOtlpTraces(text, { prices: PRICES })).toEqual(reference);
    expect(eventsFromOtlpTraces(JSON.parse(text), { prices: PRICES })).toEqual(reference);
    expect(eventsFromOtlpTraces(protoBytes, { prices: PRICES })).toEqual(reference);
    const buffer = protoBytes.buffer.slice(protoBytes.byteOffset, protoBytes.byteOffset + protoBytes.byteLength);
    expect(eventsFromOtlpTraces(buffer as ArrayBuffer, { prices: PRICES })).toEqual(reference);
  });

  it("reads the snake_case protobuf JSON mapping with base64 ids (protobufjs, official protos, keepCase)", () => {
    const root = new protobuf.Root();
    root.resolvePath = (_o, file) => join(ROOT, "proto", file);
    root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto", { keepCase: true });
    const type = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
    const snake = type.toObject(type.decode(protoBytes), { longs: String, bytes: String, enums: Number });
    expect(Object.keys(snake)).toEqual(["resource_spans"]);
    const text = JSON.stringify(snake);
    expect(text).toContain('"start_time_unix_nano":"');
    expect(payloads(eventsFromOtlpTraces(text).events)).toEqual(payloads(eventsFromOtlpTraces(jsonBytes).events));
  });

  it("tells protobuf that starts with the bytes \\n{ or \\n[ from JSON (0x0a is field 1 and a newline)", () => {
    const root = new protobuf.Root();
    root.resolvePath = (_o, file) => join(ROOT, "proto", file);
    root.loadSync("opentelemetry/proto/collector/trace/v1/trace_service.proto");
    const type = root.lookupType("opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest");
    for (const second of [0x7b, 0x5b]) {
      let bytes: Uint8Array | undefined;
      for (let pad = 0; pad < 120 && bytes?.[1] !== second; pad++) {
        const span = {
          traceId: Buffer.from("0123456789abcdef0123456789abcdef", "hex"),
          spanId: Buffer.from("0123456789abcdef", "hex"),
          name: "x".repeat(pad),
          startTimeUnixNano: "1750000000000000000",
          endTimeUnixNano: "1750000001000000000",
          attributes: [{ key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } }],
        };
        bytes = type.encode(type.fromObject({ resourceSpans: [{ scopeSpans: [{ spans: [span] }] }] })).finish();
      }
      expect([bytes?.[0], bytes?.[1]]).toEqual([0x0a, second]);
      const result = eventsFromOtlpTraces(bytes as Uint8Array, { environment: "test" });
      expect(result.events.map((e) => e.payload.data)).toEqual([
        expect.objectContaining({ model_id: "gpt-4o", total_latency_ms: 1000 }),
      ]);
    }
  });

  it("reads the collector's JSON Lines and a bare span list", () => {
    const text = new TextDecoder().decode(jsonBytes);
    const reference = eventsFromOtlpTraces(jsonBytes);
    const lines = eventsFromOtlpTraces(`${text}\n${text}\n`);
    expect(lines.events).toEqual([...reference.events, ...reference.events]);
    const spans = JSON.parse(text).resourceSpans[0].scopeSpans[0].spans;
    const bare = eventsFromOtlpTraces(spans, { environment: "staging" });
    expect(payloads(bare.events)).toEqual(payloads(reference.events));
  });
});

describe("eventsFromOtlpTraces: the Vercel AI SDK's ai.* spans", () => {
  // Span names and attributes as ai-sdk.dev/docs/ai-sdk-core/telemetry lists them (AI SDK 5):
  // an outer ai.streamText span summing its steps, and one ai.streamText.doStream per call.
  const attr = (key: string, value: string | number | string[]) => ({
    key,
    value:
      typeof value === "string"
        ? { stringValue: value }
        : typeof value === "number"
          ? { intValue: String(value) }
          : { arrayValue: { values: value.map((v) => ({ stringValue: v })) } },
  });
  const span = (
    spanId: string,
    parent: string | undefined,
    name: string,
    start: string,
    end: string,
    attributes: unknown[],
  ) => ({
    traceId: "4bf92f3577b34da6a3ce929d0e0e4736",
    spanId,
    ...(parent === undefined ? {} : { parentSpanId: parent }),
    name,
    kind: 1,
    startTimeUnixNano: start,
    endTimeUnixNano: end,
    attributes,
    status: { code: 0 },
  });
  const doc = {
    resourceSpans: [
      {
        resource: { attributes: [attr("service.name", "next-app")] },
        scopeSpans: [
          {
            scope: { name: "ai" },
            spans: [
              span(
                "00f067aa0ba902b7",
                undefined,
                "ai.streamText chat-route",
                "1750000000000000000",
                "1750000002500000000",
                [
                  attr("operation.name", "ai.streamText chat-route"),
                  attr("ai.operationId", "ai.streamText"),
                  attr("ai.model.id", "claude-sonnet-4-20250514"),
                  attr("ai.model.provider", "anthropic.messages"),
                  attr("ai.usage.inputTokens", 700),
                  attr("ai.usage.outputTokens", 120),
                ],
              ),
              span(
                "b7ad6b7169203331",
                "00f067aa0ba902b7",
                "ai.streamText.doStream chat-route",
                "1750000000100000000",
                "1750000002400000000",
                [
                  attr("operation.name", "ai.streamText.doStream chat-route"),
                  attr("ai.operationId", "ai.streamText.doStream"),
                  attr("ai.model.id", "claude-sonnet-4-20250514"),
                  attr("ai.model.provider", "anthropic.messages"),
                  attr("ai.response.model", "claude-sonnet-4-20250514"),
                  attr("ai.response.id", "msg_vercel_1"),
                  attr("ai.response.finishReason", "stop"),
                  attr("ai.response.msToFirstChunk", 420),
                  attr("ai.usage.inputTokens", 700),
                  attr("ai.usage.outputTokens", 120),
                  attr("gen_ai.system", "anthropic.messages"),
                  attr("gen_ai.request.model", "claude-sonnet-4-20250514"),
                ],
              ),
              span(
                "c3d4e5f6a7b8c9d0",
                "00f067aa0ba902b7",
                "ai.toolCall getWeather",
                "1750000001000000000",
                "1750000001100000000",
                [attr("operation.name", "ai.toolCall"), attr("ai.toolCall.name", "getWeather")],
              ),
            ],
          },
        ],
      },
    ],
  };

  it("maps doStream as the model call, the outer span as its latency only, and skips the tool call", () => {
    const { events, notices, spans } = eventsFromOtlpTraces(doc as never, { environment: "production" });
    expect(spans).toEqual({ read: 3, mapped: 2, skipped: 1, invalid: 0 });
    const call = events.filter((e) => e.tags.span_id === "b7ad6b7169203331");
    expect(call.map((e) => (e.payload.data as { telemetry_type: string }).telemetry_type)).toEqual([
      "latency",
      "token_usage",
    ]);
    expect(call[0]?.payload.data).toMatchObject({
      model_id: "claude-sonnet-4-20250514",
      request_id: "msg_vercel_1",
      ttft_ms: 420,
      total_latency_ms: 2300,
    });
    expect(call[0]?.tags).toMatchObject({
      "otel.dialect": "vercel",
      "gen_ai.provider.name": "anthropic",
      "gen_ai.system": "anthropic.messages",
      "gen_ai.operation.name": "chat",
      "gen_ai.request.stream": "true",
      "gen_ai.response.finish_reasons": "stop",
    });
    expect(call[1]?.payload.data).toMatchObject({ prompt_tokens: 700, completion_tokens: 120 });
    expect(call[0]?.parent_event_id).toBe(spanEventId("4bf92f3577b34da6a3ce929d0e0e4736", "00f067aa0ba902b7"));
    const outer = events.filter((e) => e.tags.span_id === "00f067aa0ba902b7");
    expect(outer.map((e) => (e.payload.data as { telemetry_type: string }).telemetry_type)).toEqual(["latency"]);
    expect(notices.map((n) => [n.spanId, n.code])).toEqual([
      ["00f067aa0ba902b7", "aggregate_usage"],
      ["c3d4e5f6a7b8c9d0", "not_model_call"],
    ]);
  });
});

describe("llm-analytics-hub import-otlp", () => {
  it("writes NDJSON events for protobuf, gzip and JSON input, notices and a summary on stderr", async () => {
    const reference = eventsFromOtlpTraces(jsonBytes).events;
    for (const stdin of [Buffer.from(protoBytes), gzipSync(protoBytes), Buffer.from(jsonBytes)]) {
      const run = await runInProcess(["import-otlp", "-"], { stdin });
      expect(run.code).toBe(0);
      expect(
        run.stdout
          .trim()
          .split("\n")
          .map((l) => JSON.parse(l)),
      ).toEqual(reference);
      // Placed as validate places its issues: input, JSONPath of the span in the OTLP nesting, code.
      expect(run.stderr).toMatch(
        /^<stdin>: \$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[\d\] \(span [0-9a-f]{16}\): no token counts .*\[no_usage\]$/m,
      );
      expect(run.stderr).toMatch(
        /import-otlp: 3 spans read: 3 mapped, 0 skipped \(with a reason each\), 0 unreadable; 4 events\n$/,
      );
    }
  });

  it("names the line of a JSON Lines notice, and the root of its document as $", async () => {
    const line = JSON.stringify(JSON.parse(Buffer.from(jsonBytes).toString("utf8")));
    const run = await runInProcess(["import-otlp", "-"], {
      stdin: Buffer.from(`${line}\n{"resourceSpans": [\n${line}\n`),
    });
    expect(run.code).toBe(0);
    expect(run.stderr).toMatch(
      /^<stdin>:2: \$: not an OTLP\/JSON export \(.*\); the line is skipped \[invalid_document\]$/m,
    );
    expect(run.stderr).toMatch(
      /^<stdin>:3: \$\.resourceSpans\[0\]\.scopeSpans\[0\]\.spans\[\d\] \(span [0-9a-f]{16}\): .*\[no_usage\]$/m,
    );
  });

  it("exits 1 on input that is not OTLP and 2 on usage errors", async () => {
    const bad = await runInProcess(["import-otlp", "-"], { stdin: Buffer.from('{"hello": "world"}') });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/not OTLP trace data: \(input\): no OTLP trace data/);
    expect((await runInProcess(["import-otlp", "no-such-file.json"])).code).toBe(2);
    expect((await runInProcess(["import-otlp", "-", "--tag", "novalue"], { stdin: Buffer.from(jsonBytes) })).code).toBe(
      2,
    );
    const collide = await runInProcess(["import-otlp", "-", "--tag", "trace_id=x"], { stdin: Buffer.from(jsonBytes) });
    expect(collide.code).toBe(2);
  });
});

describe("OpenTelemetry JS SDK 3.x serializers (otlp-transformer 0.301, Node ≥ 22.15)", () => {
  // Made by otel-fixtures/sdk3/generate.cjs on Node 22 (the 3.x packages refuse Node 20); its
  // span definitions (the same as this file's 2.x spans) are the reference.
  const fixture = (name: string) => readFileSync(join(here, "otel-fixtures", "sdk3", name));

  it("reads their JSON and protobuf exports alike, with the same events as the 2.x serializers give", () => {
    const json = eventsFromOtlpTraces(fixture("traces.json"), { prices: PRICES });
    const pb = eventsFromOtlpTraces(fixture("traces.pb"), { prices: PRICES });
    expect(pb).toEqual(json);
    expect(json.spans).toEqual({ read: 3, mapped: 3, skipped: 0, invalid: 0 });
    const v2 = eventsFromOtlpTraces(jsonBytes, { prices: PRICES });
    const shape = (events: AnalyticsEvent[]) =>
      events.map((e) => [e.payload, e.severity, e.tags["error.type"], e.parent_event_id === undefined]);
    // Same spans, same events (ids differ: the SDK draws them), finish reasons aside (2.x spans had two).
    const withoutFinish = (events: AnalyticsEvent[]) =>
      shape(events).map(([payload, ...rest]) => [
        { ...(payload as object), data: { ...((payload as { data: object }).data as object), request_id: "" } },
        ...rest,
      ]);
    expect(withoutFinish(json.events)).toEqual(withoutFinish(v2.events));
    const chat = json.events.find((e) => e.tags["gen_ai.response.id"] === "chatcmpl-sdk3");
    expect(chat?.tags["gen_ai.response.finish_reasons"]).toBe("stop");
  });
});

describe("the protobuf descriptor", () => {
  it("is what scripts/build-otlp-proto.ts makes of the official .proto files in proto/", () => {
    const run = spawnSync(
      process.execPath,
      ["--import", "tsx", join(ROOT, "scripts", "build-otlp-proto.ts"), "--check"],
      {
        cwd: ROOT,
        encoding: "utf8",
      },
    );
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
  });
});
