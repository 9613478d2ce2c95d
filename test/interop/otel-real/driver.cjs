"use strict";
/*
 * Run by test/interop/otel-real.test.ts in a child process, wired the way a user wires
 * OpenTelemetry: the SDK and one instrumentation registered first, then the provider's client
 * loaded with `require` (so the instrumentation's require hook patches it), then real calls
 * against the mock provider whose URL the test passes. The finished spans and metrics are
 * written with the SDK's own OTLP serializers (JSON and protobuf), as an exporter would send
 * them.
 *
 *   node driver.cjs <instrumentation> <plan.json> <out-dir>
 *
 * plan.json: { "baseUrl": "...", "parent": { "name": "...", "attributes": {...} }, "calls": [{
 * "api": "openai.chat" | "openai.embeddings" | "anthropic.messages", "params": {...} }] }. Every
 * call runs inside one parent span (named and attributed as the plan says: an `invoke_agent`
 * span, or a plain span), one after the other; a call that fails is recorded and the next one
 * runs.
 */
const { readFileSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
const api = require("@opentelemetry/api");
const { NodeTracerProvider, SimpleSpanProcessor, InMemorySpanExporter } = require("@opentelemetry/sdk-trace-node");
const { resourceFromAttributes } = require("@opentelemetry/resources");
const {
  MeterProvider,
  PeriodicExportingMetricReader,
  InMemoryMetricExporter,
  AggregationTemporality,
} = require("@opentelemetry/sdk-metrics");
const { registerInstrumentations } = require("@opentelemetry/instrumentation");
const {
  JsonTraceSerializer,
  ProtobufTraceSerializer,
  JsonMetricsSerializer,
  ProtobufMetricsSerializer,
} = require("@opentelemetry/otlp-transformer");

const [which, planFile, outDir] = process.argv.slice(2);
const plan = JSON.parse(readFileSync(planFile, "utf8"));

function instrumentation(name) {
  switch (name) {
    case "otel-openai": {
      const { OpenAIInstrumentation } = require("@opentelemetry/instrumentation-openai");
      return new OpenAIInstrumentation();
    }
    case "traceloop-openai": {
      const { OpenAIInstrumentation } = require("@traceloop/instrumentation-openai");
      return new OpenAIInstrumentation({ enrichTokens: false });
    }
    case "traceloop-anthropic": {
      const { AnthropicInstrumentation } = require("@traceloop/instrumentation-anthropic");
      return new AnthropicInstrumentation();
    }
    case "openinference-openai": {
      const { OpenAIInstrumentation } = require("@arizeai/openinference-instrumentation-openai");
      return new OpenAIInstrumentation();
    }
    default:
      throw new Error(`driver: unknown instrumentation ${name}`);
  }
}

// No deployment.environment.name: the SDK's default resource, as most applications run.
const resource = resourceFromAttributes({ "service.name": "otel-real-test" });
const spans = new InMemorySpanExporter();
const tracerProvider = new NodeTracerProvider({ resource, spanProcessors: [new SimpleSpanProcessor(spans)] });
tracerProvider.register();
const metrics = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
const reader = new PeriodicExportingMetricReader({ exporter: metrics, exportIntervalMillis: 3_600_000 });
const meterProvider = new MeterProvider({ resource, readers: [reader] });
api.metrics.setGlobalMeterProvider(meterProvider);
registerInstrumentations({ instrumentations: [instrumentation(which)], tracerProvider, meterProvider });

async function call(step) {
  if (step.api === "anthropic.messages") {
    const Anthropic = require("@anthropic-ai/sdk");
    const client = new (Anthropic.default ?? Anthropic)({ apiKey: "test-key", baseURL: plan.baseUrl, maxRetries: 0 });
    if (step.params.stream) {
      const stream = await client.messages.create(step.params);
      for await (const _event of stream) {
        // drain
      }
      return;
    }
    await client.messages.create(step.params);
    return;
  }
  const OpenAI = require("openai");
  const client = new (OpenAI.default ?? OpenAI)({ apiKey: "test-key", baseURL: `${plan.baseUrl}/v1`, maxRetries: 0 });
  if (step.api === "openai.embeddings") {
    await client.embeddings.create(step.params);
    return;
  }
  if (step.params.stream) {
    const stream = await client.chat.completions.create(step.params);
    for await (const _chunk of stream) {
      // drain
    }
    return;
  }
  await client.chat.completions.create(step.params);
}

async function main() {
  const tracer = api.trace.getTracer("otel-real-driver");
  const outcomes = [];
  const parentPlan = plan.parent ?? { name: "agent run", attributes: {} };
  await tracer.startActiveSpan(parentPlan.name, { attributes: parentPlan.attributes }, async (parent) => {
    for (const step of plan.calls) {
      try {
        await call(step);
        outcomes.push({ ok: true });
      } catch (error) {
        outcomes.push({ ok: false, error: error?.constructor?.name, status: error?.status });
      }
    }
    parent.end();
  });
  // Streams end their span when the iterator finishes; give the instrumentations' promise
  // handlers a turn before collecting.
  await new Promise((resolve) => setTimeout(resolve, 50));
  await tracerProvider.forceFlush();
  await reader.forceFlush();
  const finished = spans.getFinishedSpans();
  writeFileSync(join(outDir, "traces.json"), JsonTraceSerializer.serializeRequest(finished));
  writeFileSync(join(outDir, "traces.pb"), ProtobufTraceSerializer.serializeRequest(finished));
  const collected = metrics.getMetrics();
  const last = collected[collected.length - 1];
  if (last !== undefined) {
    writeFileSync(join(outDir, "metrics.json"), JsonMetricsSerializer.serializeRequest(last));
    writeFileSync(join(outDir, "metrics.pb"), ProtobufMetricsSerializer.serializeRequest(last));
  }
  writeFileSync(join(outDir, "outcomes.json"), JSON.stringify(outcomes));
  await tracerProvider.shutdown();
  await meterProvider.shutdown();
}

main().catch((error) => {
  process.stderr.write(`driver: ${error?.stack ?? error}\n`);
  process.exitCode = 1;
});
