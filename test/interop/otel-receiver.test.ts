import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";
import { SpanKind } from "@opentelemetry/api";
import { OTLPTraceExporter as HttpJsonExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { OTLPTraceExporter as HttpProtoExporter } from "@opentelemetry/exporter-trace-otlp-proto";
import { resourceFromAttributes } from "@opentelemetry/resources";
import { BasicTracerProvider, SimpleSpanProcessor, type SpanExporter } from "@opentelemetry/sdk-trace-base";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsEvent } from "../../src/events/index.js";
import { ROOT } from "../cli/helpers.js";

/*
 * The example receiver (examples/otlp-receiver/server.ts), run as a user runs it (tsx, --port 0,
 * events on stdout), on 127.0.0.1, fed by the real OTLP/HTTP
 * exporters of the OpenTelemetry JS SDK 2.x: @opentelemetry/exporter-trace-otlp-http (JSON) and
 * @opentelemetry/exporter-trace-otlp-proto (protobuf), plain and gzip-compressed. The expected
 * values are the attributes and times the test gives its spans.
 */

let child: ChildProcess;
let url: string;
const lines: string[] = [];
let stderr = "";

beforeAll(async () => {
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "examples", "otlp-receiver", "server.ts"),
      "--port",
      "0",
      "--prices",
      '{"gpt-4o-mini":{"input":0.15,"output":0.6}}',
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let partial = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    const text = partial + chunk.toString("utf8");
    const parts = text.split("\n");
    partial = parts.pop() ?? "";
    lines.push(...parts.filter(Boolean));
  });
  url = await new Promise<string>((resolve, reject) => {
    child.stderr?.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      const match = /receiver on (http:\/\/127\.0\.0\.1:\d+)\/v1\/traces/.exec(stderr);
      if (match) resolve(match[1] as string);
    });
    child.once("exit", (code) => reject(new Error(`receiver exited ${code}: ${stderr}`)));
  });
}, 30_000);
afterAll(() => {
  child.kill("SIGINT");
});

/** The events of one response id, once the receiver has written them (bounded wait). */
async function eventsFor(responseId: string, count: number): Promise<AnalyticsEvent[]> {
  for (let i = 0; i < 100; i++) {
    const found = lines
      .map((l) => JSON.parse(l) as AnalyticsEvent)
      .filter((e) => (e.payload.data as { request_id?: string }).request_id === responseId);
    if (found.length >= count) return found;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`no events for ${responseId}; stderr: ${stderr}`);
}

async function exportOneSpan(exporter: SpanExporter, responseId: string): Promise<void> {
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": "receiver-test", "deployment.environment.name": "ci" }),
    spanProcessors: [new SimpleSpanProcessor(exporter)],
  });
  const start = 1_750_000_000_000;
  const span = provider.getTracer("receiver-test").startSpan("chat gpt-4o-mini", {
    kind: SpanKind.CLIENT,
    startTime: [start / 1000, 0],
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.id": responseId,
      "gen_ai.usage.input_tokens": 1000,
      "gen_ai.usage.output_tokens": 250,
      "gen_ai.usage.cache_read.input_tokens": 0,
    },
  });
  span.end([start / 1000 + 1, 250_000_000]);
  await provider.forceFlush();
  await provider.shutdown();
}

describe("examples/otlp-receiver with the SDK's own OTLP/HTTP exporters", () => {
  for (const [name, make] of [
    ["exporter-trace-otlp-http (JSON)", (url: string) => new HttpJsonExporter({ url })],
    [
      "exporter-trace-otlp-http (JSON, gzip)",
      (url: string) => new HttpJsonExporter({ url, compression: "gzip" as never }),
    ],
    ["exporter-trace-otlp-proto (protobuf)", (url: string) => new HttpProtoExporter({ url })],
    [
      "exporter-trace-otlp-proto (protobuf, gzip)",
      (url: string) => new HttpProtoExporter({ url, compression: "gzip" as never }),
    ],
  ] as const) {
    it(`receives ${name} and writes the hub events as NDJSON`, async () => {
      const responseId = `chatcmpl-${name.replace(/\W+/g, "-")}`;
      await exportOneSpan(make(`${url}/v1/traces`), responseId);
      const events = await eventsFor(responseId, 3);
      expect(events.map((e) => e.payload.data)).toEqual([
        { telemetry_type: "latency", model_id: "gpt-4o-mini", request_id: responseId, total_latency_ms: 1250 },
        {
          telemetry_type: "token_usage",
          model_id: "gpt-4o-mini",
          request_id: responseId,
          prompt_tokens: 1000,
          completion_tokens: 250,
          total_tokens: 1250,
        },
        {
          cost_type: "token_cost",
          model_id: "gpt-4o-mini",
          request_id: responseId,
          prompt_tokens: 1000,
          completion_tokens: 250,
          total_tokens: 1250,
          // 1000 × 0.15 / 1e6 and 250 × 0.60 / 1e6
          cost_per_prompt_token: 1.5e-7,
          cost_per_completion_token: 6e-7,
          total_cost_usd: 0.0003,
          currency: "USD",
        },
      ]);
      expect(events[0]?.environment).toBe("ci");
      // Stamped when the span ended ([1750000001 s, 250000000 ns]); its start stays a tag.
      expect(events[0]?.timestamp).toBe("2025-06-15T15:06:41.250Z");
      expect(events[0]?.tags["otel.span.start_time"]).toBe("2025-06-15T15:06:40Z");
    });
  }

  it("answers what is not OTLP/HTTP traces with the status the protocol gives", async () => {
    const post = (path: string, type: string, body: string) =>
      fetch(`${url}${path}`, { method: "POST", headers: { "content-type": type }, body });
    expect((await post("/v1/metrics", "application/json", "{}")).status).toBe(404);
    expect((await post("/v1/traces", "text/plain", "{}")).status).toBe(415);
    const bad = await post("/v1/traces", "application/json", '{"not":"otlp"}');
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { message: string }).message).toMatch(/not OTLP trace data/);
    expect((await fetch(`${url}/v1/traces`)).status).toBe(405);
  });
});
