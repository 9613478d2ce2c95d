import { dialectOf, normalizeOperation, normalizeProvider, type OtlpDialect, vercelOperation } from "./dialects.js";
import type { OtlpImportNotice, OtlpImportNoticeCode } from "./import.js";
import { type SpanRecord, unixNanosToTimestamp } from "./otlp.js";
import { placeAt } from "./read.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_SERVICE_NAME,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from "./semconv.js";
import { errorTypeOf, type Notify, SpanReader, stringOf } from "./span-reader.js";
import { type Usage, usageOf } from "./usage.js";

/*
 * What a span is: a model call or agent span in one of the dialects (with its model, usage,
 * timing and tags), or a span that gives no events, and why.
 */

/** A model call or agent span, read: what its events are made of. */
export interface Call {
  readonly span: SpanRecord;
  readonly dialect: OtlpDialect;
  readonly model: string;
  readonly requestModel: string | undefined;
  readonly responseModel: string | undefined;
  readonly operation: string | undefined;
  readonly aggregate: boolean;
  readonly usage: Usage | undefined;
  readonly ttftMs: number | undefined;
  readonly isError: boolean;
  readonly requestId: string;
  readonly tags: Record<string, string>;
}

const AGGREGATE_OPERATIONS = new Set(["invoke_agent", "create_agent", "invoke_workflow"]);
const NOT_MODEL_OPERATIONS = new Set(["execute_tool"]);
const OPENINFERENCE_KINDS: Readonly<Record<string, { operation?: string; aggregate?: boolean; call?: boolean }>> = {
  LLM: { operation: "chat", call: true },
  EMBEDDING: { operation: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, call: true },
  AGENT: { operation: "invoke_agent", aggregate: true },
  CHAIN: { aggregate: true },
};

export type Classified = { readonly skip: OtlpImportNotice } | { readonly call: Call };

/** Where a notice about `span` points, with the span's ids and name. */
export const spanBase = (span: SpanRecord) => ({
  ...placeAt(span.place),
  traceId: span.traceId,
  spanId: span.spanId,
  spanName: span.name,
});

export function classify(span: SpanRecord, notices: OtlpImportNotice[]): Classified {
  const base = spanBase(span);
  const notify: Notify = (code, message, attribute) =>
    notices.push({ code, ...base, ...(attribute === undefined ? {} : { attribute }), message });
  const skipWith = (code: OtlpImportNoticeCode, message: string): Classified => ({
    skip: { code, ...base, message: `${message}; no events` },
  });
  const dialect = dialectOf(span);
  if (dialect === undefined) {
    return skipWith(
      "not_gen_ai",
      "no LLM attributes (no gen_ai.*, OpenInference, OpenLLMetry or Vercel AI SDK ai.* span)",
    );
  }
  const r = new SpanReader(span, notify);
  const shape = callShape(r, dialect);
  if ("skip" in shape) return skipWith("not_model_call", shape.skip);
  const models = modelsOf(r, dialect);
  // One model id per requested model, whatever the outcome: every call has the request's model
  // (the conventions require it when available), only a call that got a response has the
  // response's (often a dated snapshot: gpt-4o → gpt-4o-2024-08-06). Naming successes by the
  // response and failures by the request would split one model's traffic in two. The response
  // model stays in its tag.
  const model = models.request ?? models.response;
  if (model === undefined) {
    return skipWith(
      "no_model",
      `${shape.aggregate ? "an agent/workflow span" : "a model call"} without gen_ai.request.model, gen_ai.response.model or a dialect's model attribute, so no model_id`,
    );
  }
  return { call: callOf(r, { dialect, shape, models, model }) };
}

/** What kind of call a span is, from its dialect's markers and `gen_ai.operation.name`. */
interface CallShape {
  readonly operation: string | undefined;
  /** An agent/workflow span, whose token counts sum the model calls below it. */
  readonly aggregate: boolean;
  /** Streamed, when the dialect says so by the span's name (Vercel's doStream). */
  readonly streamed?: boolean;
}

type ShapeOrSkip = CallShape | { readonly skip: string };

function callShape(r: SpanReader, dialect: OtlpDialect): ShapeOrSkip {
  const named = r.string("operation")?.value;
  const operation = named === undefined ? undefined : normalizeOperation(named);
  const shape =
    dialect === "openinference"
      ? openInferenceShape(r.span, operation)
      : dialect === "vercel"
        ? vercelShape(r.span, operation)
        : otelShape(r.span, operation);
  if ("skip" in shape) return shape;
  if (shape.operation !== undefined && NOT_MODEL_OPERATIONS.has(shape.operation)) {
    return { skip: `gen_ai.operation.name ${shape.operation} calls no model` };
  }
  if (shape.operation !== undefined && AGGREGATE_OPERATIONS.has(shape.operation)) return { ...shape, aggregate: true };
  return shape;
}

/** OpenInference: `openinference.span.kind` (LLM, EMBEDDING, AGENT, CHAIN; others call no model). */
function openInferenceShape(span: SpanRecord, operation: string | undefined): ShapeOrSkip {
  const kind = stringOf(span.attributes, "openinference.span.kind")?.toUpperCase() ?? "";
  const known = OPENINFERENCE_KINDS[kind];
  if (known === undefined) return { skip: `an OpenInference ${kind || "(no kind)"} span calls no model` };
  return { operation: operation ?? known.operation, aggregate: known.aggregate === true };
}

/** Vercel AI SDK: `ai.generateText.doGenerate` and its siblings call the model, the outer spans aggregate. */
function vercelShape(span: SpanRecord, operation: string | undefined): ShapeOrSkip {
  const op = vercelOperation(span);
  if (op === undefined) return { skip: `a Vercel AI SDK ${span.name} span calls no model` };
  const streamed = op.endsWith(".doStream") ? { streamed: true } : {};
  if (op.endsWith(".doEmbed"))
    return { operation: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, aggregate: false, ...streamed };
  if (op.includes(".do"))
    return { operation: operation && operation !== op ? operation : "chat", aggregate: false, ...streamed };
  return { operation: op, aggregate: true, ...streamed };
}

/** OTel GenAI and OpenLLMetry: `traceloop.span.kind` marks tools (no model) and workflows/agents/tasks. */
function otelShape(span: SpanRecord, operation: string | undefined): ShapeOrSkip {
  const kind = stringOf(span.attributes, "traceloop.span.kind");
  if (kind === "tool") return { skip: "an OpenLLMetry tool span calls no model" };
  return { operation, aggregate: kind === "workflow" || kind === "agent" || kind === "task" };
}

/** The requested and the responding model, as the span names them. */
function modelsOf(r: SpanReader, dialect: OtlpDialect): { request?: string; response?: string } {
  let request = r.string("requestModel")?.value;
  // OpenInference keeps the request's model only inside llm.invocation_parameters (JSON).
  const invocation = dialect === "openinference" ? stringOf(r.span.attributes, "llm.invocation_parameters") : undefined;
  if (request === undefined && invocation !== undefined) {
    try {
      const parsed: unknown = JSON.parse(invocation);
      const m = (parsed as { model?: unknown } | null)?.model;
      if (typeof m === "string" && m !== "") request = m;
    } catch {
      r.notify("invalid_attribute", "llm.invocation_parameters is not JSON; ignored", "llm.invocation_parameters");
    }
  }
  // OpenInference's llm.model_name is the request's model until the response overwrites it.
  const response = r.string("responseModel")?.value;
  return { ...(request === undefined ? {} : { request }), ...(response === undefined ? {} : { response }) };
}

/** Time to first chunk: seconds in the conventions, milliseconds in the Vercel AI SDK; never longer than the span. */
function ttftOf(r: SpanReader): number | undefined {
  const durationMs = Number(r.span.endNanos - r.span.startNanos) / 1e6;
  const seconds = r.number("ttftSeconds");
  const vercel = seconds === undefined ? r.number("ttftMs") : undefined;
  const ttft =
    seconds !== undefined
      ? { key: seconds.key, ms: seconds.value * 1000 }
      : vercel && { key: vercel.key, ms: vercel.value };
  if (ttft === undefined) return undefined;
  if (ttft.ms >= 0 && ttft.ms <= durationMs) return ttft.ms;
  r.notify(
    "invalid_attribute",
    `${ttft.key} (${ttft.ms} ms) is ${ttft.ms < 0 ? "negative" : `longer than the span (${durationMs} ms)`}; ignored`,
    ttft.key,
  );
  return undefined;
}

/** A model call or agent span, read in full. */
function callOf(
  r: SpanReader,
  found: {
    readonly dialect: OtlpDialect;
    readonly shape: CallShape;
    readonly models: { readonly request?: string; readonly response?: string };
    readonly model: string;
  },
): Call {
  const { span } = r;
  const { dialect, shape, models, model } = found;
  const providerRaw = r.string("provider")?.value;
  const provider = providerRaw === undefined ? undefined : normalizeProvider(providerRaw);
  const ttftMs = ttftOf(r);
  const usage = usageOf(r, { provider, model, operation: shape.operation });
  const responseId = r.string("responseId")?.value;
  const stream = r.bool("stream")?.value ?? shape.streamed;
  const serverAddress = r.string("serverAddress")?.value;
  const serverPort = r.count("serverPort")?.value;
  const finishReasons = r.finishReasons();
  const errorType = errorTypeOf(span, r.string("errorType")?.value);
  const tags = callTags(span, dialect, {
    [ATTR_GEN_AI_PROVIDER_NAME]: provider,
    [ATTR_GEN_AI_SYSTEM]: providerRaw !== provider ? providerRaw : undefined,
    [ATTR_GEN_AI_OPERATION_NAME]: shape.operation,
    [ATTR_GEN_AI_REQUEST_MODEL]: models.request,
    [ATTR_GEN_AI_RESPONSE_MODEL]: models.response,
    [ATTR_GEN_AI_RESPONSE_ID]: responseId,
    [ATTR_GEN_AI_RESPONSE_FINISH_REASONS]: finishReasons?.join(","),
    [ATTR_GEN_AI_REQUEST_STREAM]: stream,
    // The reported input count, when prompt_tokens differs from it (Anthropic's, cache apart).
    [ATTR_GEN_AI_USAGE_INPUT_TOKENS]:
      usage?.value === undefined || usage.reportedInput !== BigInt(usage.value.prompt)
        ? usage?.reportedInput
        : undefined,
    [ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS]: usage?.cacheRead,
    [ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS]: usage?.cacheWrite,
    [ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS]: usage?.reasoning,
    [ATTR_SERVER_ADDRESS]: serverAddress,
    [ATTR_SERVER_PORT]: serverPort,
    [ATTR_ERROR_TYPE]: errorType,
  });
  return {
    span,
    dialect,
    model,
    requestModel: models.request,
    responseModel: models.response,
    operation: shape.operation,
    aggregate: shape.aggregate,
    usage: usage?.value,
    ttftMs,
    isError: errorType !== undefined,
    requestId: responseId ?? span.spanId,
    tags,
  };
}

/**
 * A call's tags: the span's ids, start, dialect, scope and service, then `read` (the call's
 * attributes as read, in tag order; undefined ones left out), then the span's status.
 */
function callTags(
  span: SpanRecord,
  dialect: OtlpDialect,
  read: Readonly<Record<string, string | bigint | boolean | number | undefined>>,
): Record<string, string> {
  const tags: Record<string, string> = {
    trace_id: span.traceId,
    span_id: span.spanId,
    "otel.span.start_time": unixNanosToTimestamp(span.startNanos),
  };
  const put = (key: string, value: string | bigint | boolean | number | undefined) => {
    if (value !== undefined) tags[key] = String(value);
  };
  put("parent_span_id", span.parentSpanId);
  put("otel.dialect", dialect);
  if (span.scopeName !== "") put("otel.scope.name", span.scopeName);
  put(ATTR_SERVICE_NAME, stringOf(span.resource, ATTR_SERVICE_NAME));
  for (const [key, value] of Object.entries(read)) put(key, value);
  if (span.statusCode !== 0) put("otel.status_code", span.statusCode === 2 ? "ERROR" : "OK");
  if (span.statusCode === 2) put("otel.status_description", span.statusMessage);
  return tags;
}
