import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AnalyticsEvent } from "../../src/events/index.js";
import {
  eventsFromOtlpTraces,
  metricsFromOtlp,
  type OtlpImportResult,
  type PriceTable,
  spanEventId,
} from "../../src/interop/otel.js";
import { HOLD_MS, type MockProvider, type Reply, startMockProvider } from "./otel-real/mock-provider.js";

/*
 * Real instrumentations, real provider clients, real OTel SDK serializers. Each case runs
 * test/interop/otel-real/driver.cjs in a child process (the SDK and one instrumentation
 * registered before `require("openai")`, as a user wires them), pointed at a mock provider on
 * 127.0.0.1 that this test starts and stops. Expected numbers come from what the mock sent
 * (its usage blocks, ids, models, status codes) and the providers' published prices — never
 * from the import itself. Versions: see package.json (pinned to releases that run on Node 20).
 *
 * What each instrumentation exports is its own behaviour, checked here too: OpenLLMetry 0.27
 * and OpenInference 4.2 end no span for a call whose promise rejects (the 429), OpenLLMetry
 * does not instrument embeddings, and neither reads the usage of a streamed completion.
 */

const here = dirname(fileURLToPath(import.meta.url));
const DRIVER = join(here, "otel-real", "driver.cjs");

// USD per million tokens: OpenAI gpt-4o-mini 0.15 / cached 0.075 / 0.60, text-embedding-3-small
// 0.02; Anthropic Claude Sonnet 4 3 / cache write 3.75 / cache read 0.30 / 15 (list prices).
const PRICES: PriceTable = {
  "gpt-4o-mini": { input: 0.15, cacheRead: 0.075, output: 0.6 },
  "text-embedding-3-small": { input: 0.02, output: 0 },
  "claude-sonnet-4-20250514": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 },
};

interface Call {
  readonly api: "openai.chat" | "openai.embeddings" | "anthropic.messages";
  readonly params: Record<string, unknown>;
  readonly reply: Reply;
}

const user = [{ role: "user", content: "hi" }];
const OPENAI_CALLS: Call[] = [
  {
    api: "openai.chat",
    params: { model: "gpt-4o-mini", messages: user },
    reply: {
      kind: "openai-chat",
      id: "chatcmpl-real-1",
      model: "gpt-4o-mini-2024-07-18",
      finish: "stop",
      text: "Hello there",
      usage: {
        prompt_tokens: 2006,
        completion_tokens: 300,
        total_tokens: 2306,
        prompt_tokens_details: { cached_tokens: 1920, audio_tokens: 0 },
        completion_tokens_details: { reasoning_tokens: 192, audio_tokens: 0 },
      },
    },
  },
  {
    api: "openai.chat",
    params: { model: "gpt-4o-mini", stream: true, stream_options: { include_usage: true }, messages: user },
    reply: {
      kind: "openai-chat",
      id: "chatcmpl-real-2",
      model: "gpt-4o-mini-2024-07-18",
      finish: "length",
      text: "one two three",
      usage: { prompt_tokens: 50, completion_tokens: 3, total_tokens: 53 },
    },
  },
  {
    api: "openai.chat",
    params: { model: "gpt-4o-mini", messages: user },
    reply: {
      kind: "error",
      status: 429,
      body: { error: { message: "Rate limit reached", type: "requests", param: null, code: "rate_limit_exceeded" } },
    },
  },
  {
    api: "openai.embeddings",
    params: { model: "text-embedding-3-small", input: "hello world" },
    reply: { kind: "openai-embeddings", model: "text-embedding-3-small", promptTokens: 8, vectors: 1 },
  },
];

// The calls ask for the alias claude-sonnet-4-0, and the API answers with the snapshot it
// resolves to (its `model` field), as Anthropic's API does for aliases.
const ANTHROPIC_CALLS: Call[] = [
  {
    api: "anthropic.messages",
    params: { model: "claude-sonnet-4-0", max_tokens: 100, messages: user },
    reply: {
      kind: "anthropic-message",
      id: "msg_real_1",
      model: "claude-sonnet-4-20250514",
      stop: "end_turn",
      text: "Hi",
      usage: { input_tokens: 12, output_tokens: 85, cache_creation_input_tokens: 500, cache_read_input_tokens: 3000 },
    },
  },
  {
    api: "anthropic.messages",
    params: { model: "claude-sonnet-4-0", max_tokens: 100, stream: true, messages: user },
    reply: {
      kind: "anthropic-message",
      id: "msg_real_2",
      model: "claude-sonnet-4-20250514",
      stop: "max_tokens",
      text: "a b c",
      usage: { input_tokens: 20, output_tokens: 7, cache_creation_input_tokens: 0, cache_read_input_tokens: 100 },
    },
  },
  {
    api: "anthropic.messages",
    params: { model: "claude-sonnet-4-0", max_tokens: 100, messages: user },
    reply: {
      kind: "error",
      status: 429,
      body: { type: "error", error: { type: "rate_limit_error", message: "Number of request tokens exceeded" } },
    },
  },
];

interface Run {
  readonly json: OtlpImportResult;
  readonly protobuf: OtlpImportResult;
  readonly metricsJson: Buffer | undefined;
  readonly metricsProtobuf: Buffer | undefined;
  readonly exchanges: MockProvider["exchanges"];
  readonly outcomes: { ok: boolean; error?: string; status?: number }[];
}

let mock: MockProvider;
const dirs: string[] = [];

beforeAll(async () => {
  mock = await startMockProvider();
});
afterAll(async () => {
  await mock.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

async function drive(instrumentation: string, calls: Call[], parent?: unknown): Promise<Run> {
  const dir = mkdtempSync(join(tmpdir(), "otel-real-"));
  dirs.push(dir);
  const before = mock.exchanges.length;
  mock.script(...calls.map((c) => c.reply));
  writeFileSync(
    join(dir, "plan.json"),
    JSON.stringify({ baseUrl: mock.url, parent, calls: calls.map(({ api, params }) => ({ api, params })) }),
  );
  const child = spawn(process.execPath, [DRIVER, instrumentation, join(dir, "plan.json"), dir], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (d) => {
    stderr += d;
  });
  const code = await new Promise<number | null>((resolve) => child.on("close", resolve));
  if (code !== 0) throw new Error(`driver ${instrumentation} exited ${code}: ${stderr}`);
  const optional = (name: string) => {
    try {
      return readFileSync(join(dir, name));
    } catch {
      return undefined;
    }
  };
  return {
    // Bytes, as an HTTP body arrives: JSON from JsonTraceSerializer, protobuf from ProtobufTraceSerializer.
    json: eventsFromOtlpTraces(readFileSync(join(dir, "traces.json")), { prices: PRICES }),
    protobuf: eventsFromOtlpTraces(readFileSync(join(dir, "traces.pb")), { prices: PRICES }),
    metricsJson: optional("metrics.json"),
    metricsProtobuf: optional("metrics.pb"),
    exchanges: mock.exchanges.slice(before),
    outcomes: JSON.parse(readFileSync(join(dir, "outcomes.json"), "utf8")),
  };
}

const kind = (e: AnalyticsEvent) => {
  const data = e.payload.data as { telemetry_type?: string; cost_type?: string };
  return data.telemetry_type ?? data.cost_type;
};
const byRequest = (events: AnalyticsEvent[], requestId: string, k: string) =>
  events.find((e) => (e.payload.data as { request_id?: string }).request_id === requestId && kind(e) === k);
const costOf = (e: AnalyticsEvent | undefined): number => {
  if (e === undefined) throw new Error("no token_cost event");
  return (e.payload.data as { total_cost_usd: number }).total_cost_usd;
};

/** Every parent_event_id names an event of the same import (the latency event of an ancestor). */
function expectParentsExist(events: AnalyticsEvent[]): void {
  const ids = new Set(events.map((e) => e.event_id));
  for (const e of events) if (e.parent_event_id != null) expect(ids.has(e.parent_event_id)).toBe(true);
}

/**
 * The span's latency lies within what the server saw: it covers the server's hold, request to
 * reply. And the timestamp convention: the event is stamped when the call ended (the span's
 * end, after the server's reply), the span's start is the tag `otel.span.start_time` (before
 * the server got the request), and the two are `total_latency_ms` apart.
 */
function expectLatencyCovers(run: Run, requestIndex: number, latency: AnalyticsEvent | undefined): void {
  const exchange = run.exchanges[requestIndex];
  expect(exchange).toBeDefined();
  expect(latency).toBeDefined();
  const data = latency?.payload.data as { total_latency_ms: number };
  const endMs = Date.parse(latency?.timestamp ?? "");
  const startMs = Date.parse(latency?.tags["otel.span.start_time"] ?? "");
  // The client starts the span before sending and ends it after the reply (1 ms rounding each way).
  expect(startMs).toBeLessThanOrEqual((exchange?.receivedAtMs ?? 0) + 1);
  expect(endMs).toBeGreaterThanOrEqual((exchange?.finishedAtMs ?? 0) - 1);
  // Date.parse keeps milliseconds, the latency nanoseconds: within 1 ms of each other.
  expect(Math.abs(endMs - startMs - data.total_latency_ms)).toBeLessThan(1);
  expect(data.total_latency_ms).toBeGreaterThanOrEqual(HOLD_MS);
  expect(data.total_latency_ms).toBeLessThan(10_000);
}

/**
 * Every event of a chat call, failed or not, carries the model the call asked for (the
 * request's `model`), and a successful call keeps the model the provider answered with as the
 * `gen_ai.response.model` tag.
 */
function expectOneModelId(run: Run, calls: Call[]): void {
  const requested = new Set(calls.filter((c) => c.api !== "openai.embeddings").map((c) => c.params.model));
  const chats = run.json.events.filter((e) => e.tags["gen_ai.operation.name"] === "chat");
  const failed = chats.filter((e) => e.severity === "error");
  const ok = chats.filter((e) => e.severity !== "error");
  expect(failed.length).toBeGreaterThan(0);
  expect(ok.length).toBeGreaterThan(0);
  expect(new Set(chats.map((e) => (e.payload.data as { model_id: string }).model_id))).toEqual(requested);
  const answered = new Set(
    calls.flatMap((c) =>
      c.reply.kind === "openai-chat" || c.reply.kind === "anthropic-message" ? [c.reply.model] : [],
    ),
  );
  // The provider answered with another name than the one asked for (a dated snapshot).
  for (const model of answered) expect(requested.has(model)).toBe(false);
  for (const e of ok) expect(answered.has(e.tags["gen_ai.response.model"] as string)).toBe(true);
  for (const e of failed) expect(e.tags["gen_ai.response.model"]).toBeUndefined();
}

describe("@opentelemetry/instrumentation-openai 0.21 + openai 6 (SDK 2.x JSON and protobuf serializers)", () => {
  let run: Run;
  const agent = {
    name: "invoke_agent Support",
    attributes: {
      "gen_ai.operation.name": "invoke_agent",
      "gen_ai.agent.name": "Support",
      "gen_ai.provider.name": "openai",
      "gen_ai.request.model": "gpt-4o-mini",
      // The agent's own summed usage, as agent frameworks report it.
      "gen_ai.usage.input_tokens": 2064,
      "gen_ai.usage.output_tokens": 303,
    },
  };
  beforeAll(async () => {
    run = await drive("otel-openai", OPENAI_CALLS, agent);
  }, 60_000);

  it("reads the protobuf export exactly as the JSON export", () => {
    expect(run.protobuf).toEqual(run.json);
    expect(run.outcomes.map((o) => o.error ?? "ok")).toEqual(["ok", "ok", "RateLimitError", "ok"]);
  });

  it("maps every span: four calls and the agent, none skipped", () => {
    expect(run.json.spans).toEqual({ read: 5, mapped: 5, skipped: 0, invalid: 0 });
  });

  it("takes tokens from the provider's usage block and prices them", () => {
    const { events, notices } = run.json;
    const sent = OPENAI_CALLS[0]?.reply as Extract<Reply, { kind: "openai-chat" }>;
    expect(byRequest(events, "chatcmpl-real-1", "token_usage")?.payload.data).toMatchObject({
      model_id: OPENAI_CALLS[0]?.params.model,
      prompt_tokens: sent.usage.prompt_tokens,
      completion_tokens: sent.usage.completion_tokens,
      total_tokens: sent.usage.total_tokens,
    });
    // The instrumentation sends no cached-token count, so every prompt token is priced uncached:
    // (2006 × 0.15 + 300 × 0.60) / 1e6, and a notice says the cost is not exact (the true cost,
    // with 1920 cached tokens, is (86 × 0.15 + 1920 × 0.075 + 300 × 0.60) / 1e6 = 0.0003369).
    expect(costOf(byRequest(events, "chatcmpl-real-1", "token_cost"))).toBeCloseTo(0.0004809, 15);
    expect(notices).toContainEqual(
      expect.objectContaining({ code: "inexact_cost", message: expect.stringMatching(/no cache token counts/) }),
    );
    const streamed = OPENAI_CALLS[1]?.reply as Extract<Reply, { kind: "openai-chat" }>;
    expect(byRequest(events, "chatcmpl-real-2", "token_usage")?.payload.data).toMatchObject({
      prompt_tokens: streamed.usage.prompt_tokens,
      completion_tokens: streamed.usage.completion_tokens,
    });
    expect(run.exchanges[1]?.sentUsage).toBe(true);
  });

  it("keeps finish reasons and the response id", () => {
    const chat = byRequest(run.json.events, "chatcmpl-real-1", "latency");
    expect(chat?.tags["gen_ai.response.finish_reasons"]).toBe("stop");
    expect(byRequest(run.json.events, "chatcmpl-real-2", "latency")?.tags["gen_ai.response.finish_reasons"]).toBe(
      "length",
    );
  });

  it("gives embeddings zero completion tokens and the embedding price", () => {
    const usage = run.json.events.find(
      (e) => kind(e) === "token_usage" && e.tags["gen_ai.operation.name"] === "embeddings",
    );
    expect(usage?.payload.data).toMatchObject({
      model_id: "text-embedding-3-small",
      prompt_tokens: 8,
      completion_tokens: 0,
    });
    const cost = run.json.events.find(
      (e) => kind(e) === "token_cost" && e.tags["gen_ai.operation.name"] === "embeddings",
    );
    expect(costOf(cost)).toBeCloseTo((8 * 0.02) / 1e6, 18);
  });

  it("gives the failed and the successful calls of gpt-4o-mini one model id, the requested one", () => {
    expectOneModelId(run, OPENAI_CALLS);
  });

  it("turns the 429 into an error latency event with the client's error class", () => {
    const failed = run.json.events.filter((e) => e.severity === "error");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.tags["error.type"]).toBe("RateLimitError");
    expect(failed[0]?.tags["otel.status_description"]).toMatch(/^429 /);
    expect(run.exchanges[2]?.reply.kind === "error" && run.exchanges[2].reply.status).toBe(429);
    const failedSpan = failed[0]?.tags.span_id;
    expect(run.json.events.filter((e) => e.tags.span_id === failedSpan).map(kind)).toEqual(["latency"]);
  });

  it("links every call to the agent's event, and counts the agent's summed tokens once", () => {
    const agentEvent = run.json.events.find((e) => e.tags["gen_ai.operation.name"] === "invoke_agent");
    expect(agentEvent).toBeDefined();
    expect(run.json.events.filter((e) => e.tags.span_id === agentEvent?.tags.span_id).map(kind)).toEqual(["latency"]);
    expect(run.json.notices).toContainEqual(expect.objectContaining({ code: "aggregate_usage" }));
    const calls = run.json.events.filter((e) => e.tags.span_id !== agentEvent?.tags.span_id);
    for (const e of calls) {
      expect(e.parent_event_id).toBe(spanEventId(e.tags.trace_id as string, agentEvent?.tags.span_id as string));
    }
    expectParentsExist(run.json.events);
    // Summed over the calls, the tokens are the mock's: 2006 + 50 + 8 prompt, 300 + 3 + 0 completion.
    const usage = run.json.events.filter((e) => kind(e) === "token_usage");
    const sum = (k: "prompt_tokens" | "completion_tokens") =>
      usage.reduce((a, e) => a + (e.payload.data as unknown as Record<string, number>)[k]!, 0);
    expect([sum("prompt_tokens"), sum("completion_tokens")]).toEqual([2064, 303]);
  });

  it("measures latency that covers what the server saw", () => {
    expectLatencyCovers(run, 0, byRequest(run.json.events, "chatcmpl-real-1", "latency"));
    expectLatencyCovers(run, 1, byRequest(run.json.events, "chatcmpl-real-2", "latency"));
  });

  it("gives the resource without deployment.environment.name the default environment, with one notice", () => {
    expect(new Set(run.json.events.map((e) => e.environment))).toEqual(new Set(["unknown"]));
    expect(run.json.notices.filter((n) => n.code === "default_environment")).toHaveLength(1);
  });

  it("reads the instrumentation's GenAI client histograms losslessly (JSON and protobuf)", () => {
    expect(run.metricsJson).toBeDefined();
    const json = metricsFromOtlp(run.metricsJson);
    const pb = metricsFromOtlp(run.metricsProtobuf);
    expect(pb.metrics).toEqual(json.metrics);
    const tokens = json.metrics.filter((m) => m.metric.name === "gen_ai.client.token.usage");
    const point = (type: string, operation: string) =>
      tokens.find(
        (m) => m.metric.tags["gen_ai.token.type"] === type && m.metric.tags["gen_ai.operation.name"] === operation,
      )?.metric as Extract<(typeof tokens)[number]["metric"], { metric_type: "histogram" }>;
    // From the mock's usage blocks: chat input 2006 + 50, output 300 + 3; embeddings input 8.
    expect(point("input", "chat").stats).toMatchObject({ count: 2, sum: 2056, min: 50, max: 2006 });
    expect(point("output", "chat").stats).toMatchObject({ count: 2, sum: 303, min: 3, max: 300 });
    expect(point("input", "embeddings").stats).toMatchObject({ count: 1, sum: 8 });
    // Bucket bounds are the conventions' 1, 4, 16, …; 2006 lies in (1024, 4096], 50 in (16, 64].
    const input = tokens.find(
      (m) => m.metric.tags["gen_ai.token.type"] === "input" && m.metric.tags["gen_ai.operation.name"] === "chat",
    );
    expect(input?.explicitBounds?.slice(0, 4)).toEqual([1, 4, 16, 64]);
    expect(input?.bucketCounts?.reduce((a, b) => a + b, 0)).toBe(2);
    expect(input?.bucketCounts?.[input.explicitBounds?.indexOf(64) ?? -1]).toBe(1);
    expect(input?.bucketCounts?.[input.explicitBounds?.indexOf(4096) ?? -1]).toBe(1);
    // Its path walks the SDK's own export down to the data point (resourceMetrics → scopeMetrics
    // → metrics → histogram → dataPoints, as the OTLP proto nests them).
    expect(input?.path.slice(0, 1)).toEqual(["resourceMetrics"]);
    expect(input?.path.slice(-3, -1)).toEqual(["histogram", "dataPoints"]);
    let walked: unknown = JSON.parse(String(run.metricsJson));
    for (const key of input?.path ?? []) walked = (walked as Record<string | number, unknown>)[key];
    const walkedPoint = walked as { count: unknown; bucketCounts: unknown[] };
    expect(Number(walkedPoint.count)).toBe(2);
    expect(walkedPoint.bucketCounts.map(Number)).toEqual(input?.bucketCounts);
    const durations = json.metrics.filter((m) => m.metric.name === "gen_ai.client.operation.duration");
    expect(durations.find((m) => m.metric.tags["error.type"] === "RateLimitError")).toBeDefined();
    for (const d of durations) {
      const h = d.metric as Extract<typeof d.metric, { metric_type: "histogram" }>;
      expect(h.stats.min).toBeGreaterThanOrEqual(HOLD_MS / 1000);
      expect(d.unit).toBe("s");
      expect(d.temporality).toBe("cumulative");
    }
  });
});

describe("@traceloop/instrumentation-openai 0.27 (OpenLLMetry) + openai 6", () => {
  let run: Run;
  beforeAll(async () => {
    run = await drive("traceloop-openai", OPENAI_CALLS);
  }, 60_000);

  it("reads both serializations alike and accounts for every exported span", () => {
    expect(run.protobuf).toEqual(run.json);
    // The agent span (not GenAI) and the two chat calls; the 429 and the embeddings are not exported.
    expect(run.json.spans).toEqual({ read: 3, mapped: 2, skipped: 1, invalid: 0 });
    expect(run.json.notices).toContainEqual(expect.objectContaining({ code: "not_gen_ai", spanName: "agent run" }));
  });

  it("takes the usage of the plain completion and says the streamed one has none", () => {
    const sent = OPENAI_CALLS[0]?.reply as Extract<Reply, { kind: "openai-chat" }>;
    expect(byRequest(run.json.events, "chatcmpl-real-1", "token_usage")?.payload.data).toMatchObject({
      prompt_tokens: sent.usage.prompt_tokens,
      completion_tokens: sent.usage.completion_tokens,
      total_tokens: sent.usage.total_tokens,
    });
    expect(byRequest(run.json.events, "chatcmpl-real-2", "token_usage")).toBeUndefined();
    expect(run.json.notices).toContainEqual(
      expect.objectContaining({
        code: "no_usage",
        spanId: byRequest(run.json.events, "chatcmpl-real-2", "latency")?.tags.span_id,
      }),
    );
  });

  it("names the exported calls by the requested model (the 429 is not exported)", () => {
    const chats = run.json.events.filter((e) => e.tags["gen_ai.operation.name"] === "chat");
    expect(chats.length).toBeGreaterThan(0);
    for (const e of chats)
      expect((e.payload.data as { model_id: string }).model_id).toBe(OPENAI_CALLS[0]?.params.model);
  });

  it("never links to the agent span, which has no event", () => {
    for (const e of run.json.events) expect(e.parent_event_id).toBeUndefined();
    expect(run.json.events[0]?.tags.parent_span_id).toMatch(/^[0-9a-f]{16}$/);
    expectLatencyCovers(run, 0, byRequest(run.json.events, "chatcmpl-real-1", "latency"));
  });
});

describe("@arizeai/openinference-instrumentation-openai 4.2 (OpenInference) + openai 6", () => {
  let run: Run;
  beforeAll(async () => {
    run = await drive("openinference-openai", OPENAI_CALLS);
  }, 60_000);

  it("reads both serializations alike; the OpenInference dialect is detected per span", () => {
    expect(run.protobuf).toEqual(run.json);
    expect(new Set(run.json.events.map((e) => e.tags["otel.dialect"]))).toEqual(new Set(["openinference"]));
    expect(run.json.spans).toEqual({ read: 4, mapped: 3, skipped: 1, invalid: 0 });
  });

  it("counts cached and reasoning tokens inside the totals and prices the cache exactly", () => {
    const chat = run.json.events.find(
      (e) => kind(e) === "token_usage" && (e.payload.data as { prompt_tokens: number }).prompt_tokens === 2006,
    );
    // llm.model_name holds the response's model; the requested one is in llm.invocation_parameters.
    expect(chat?.payload.data).toMatchObject({ model_id: OPENAI_CALLS[0]?.params.model, completion_tokens: 300 });
    const sent = OPENAI_CALLS[0]?.reply as Extract<Reply, { kind: "openai-chat" }>;
    expect(chat?.tags["gen_ai.response.model"]).toBe(sent.model);
    expect(chat?.tags["gen_ai.usage.cache_read.input_tokens"]).toBe("1920");
    expect(chat?.tags["gen_ai.usage.reasoning.output_tokens"]).toBe("192");
    expect(chat?.tags["gen_ai.request.model"]).toBe("gpt-4o-mini");
    // (86 × 0.15 + 1920 × 0.075 + 300 × 0.60) / 1e6: the request model's price, cache priced once.
    const cost = run.json.events.find((e) => kind(e) === "token_cost" && e.tags.span_id === chat?.tags.span_id);
    expect(costOf(cost)).toBeCloseTo(0.0003369, 15);
    expect(chat?.tags["gen_ai.response.finish_reasons"]).toBe("stop");
  });

  it("maps the embeddings span and says it carries no token counts", () => {
    const embedding = run.json.events.find((e) => e.tags["gen_ai.operation.name"] === "embeddings");
    expect(embedding?.payload.data).toMatchObject({ model_id: "text-embedding-3-small" });
    expect(run.json.notices).toContainEqual(
      expect.objectContaining({ code: "no_usage", spanId: embedding?.tags.span_id }),
    );
    expectParentsExist(run.json.events);
  });
});

describe("@traceloop/instrumentation-anthropic 0.27 (OpenLLMetry) + @anthropic-ai/sdk 0.80", () => {
  let run: Run;
  beforeAll(async () => {
    run = await drive("traceloop-anthropic", ANTHROPIC_CALLS);
  }, 60_000);

  it("reads both serializations alike", () => {
    expect(run.protobuf).toEqual(run.json);
    expect(run.outcomes.map((o) => o.error ?? "ok")).toEqual(["ok", "ok", "RateLimitError"]);
    expect(run.json.spans).toEqual({ read: 4, mapped: 3, skipped: 1, invalid: 0 });
  });

  it("adds Anthropic's cache reads and writes to its input_tokens, so totals and cost are right", () => {
    // Anthropic's usage: input_tokens 12 excludes cache_read 3000 and cache_creation 500.
    const first = run.json.events.find(
      (e) => kind(e) === "token_usage" && e.tags["gen_ai.usage.cache_read.input_tokens"] === "3000",
    );
    expect(first?.payload.data).toMatchObject({
      prompt_tokens: 12 + 3000 + 500,
      completion_tokens: 85,
      total_tokens: 3597,
    });
    expect(first?.tags["gen_ai.usage.input_tokens"]).toBe("12");
    // (12 × 3 + 500 × 3.75 + 3000 × 0.30 + 85 × 15) / 1e6 = 0.004086
    const cost = run.json.events.find((e) => kind(e) === "token_cost" && e.tags.span_id === first?.tags.span_id);
    expect(costOf(cost)).toBeCloseTo(0.004086, 15);
    // Streamed: input 20 + cache_read 100 (cache ≤ input would be ambiguous without the known scope).
    const second = run.json.events.find(
      (e) => kind(e) === "token_usage" && e.tags["gen_ai.usage.cache_read.input_tokens"] === "100",
    );
    expect(second?.payload.data).toMatchObject({ prompt_tokens: 120, completion_tokens: 7 });
    expect(
      costOf(run.json.events.find((e) => kind(e) === "token_cost" && e.tags.span_id === second?.tags.span_id)),
    ).toBeCloseTo((20 * 3 + 100 * 0.3 + 7 * 15) / 1e6, 15);
    expect(run.json.notices.filter((n) => n.code === "usage_assumed" || n.code === "usage_conflict")).toEqual([]);
  });

  it("keeps the finish reason OpenLLMetry reports (Anthropic's end_turn as the conventions' stop)", () => {
    const first = run.json.events.find((e) => e.tags["gen_ai.usage.cache_read.input_tokens"] === "3000");
    expect(run.exchanges[0]?.reply.kind === "anthropic-message" && run.exchanges[0].reply.stop).toBe("end_turn");
    expect(first?.tags["gen_ai.response.finish_reasons"]).toBe("stop");
  });

  it("gives the failed and the successful calls one model id, the requested alias", () => {
    expectOneModelId(run, ANTHROPIC_CALLS);
  });

  it("turns the 429 into an error latency event", () => {
    const failed = run.json.events.filter((e) => e.severity === "error");
    expect(failed).toHaveLength(1);
    expect(failed[0]?.tags["otel.status_code"]).toBe("ERROR");
    expect(failed[0]?.tags["error.type"]).toBeTruthy();
    expectLatencyCovers(run, 2, failed[0]);
    expectParentsExist(run.json.events);
  });
});
