import type * as z from "zod";
import { U32_MAX } from "../../core/integers.js";
import { type Issue, jsonPointer } from "../../core/issue.js";
import { DEFAULT_SOURCE_MODULES } from "../../events/build.js";
import type { Severity, SourceModule } from "../../events/schema/common.js";
import type { AnalyticsEvent, AnalyticsEventInput } from "../../events/schema/event.js";
import { FastAnalyticsEvent } from "../../fast/event.js";
import {
  allOf,
  dialectOf,
  firstOf,
  normalizeOperation,
  normalizeProvider,
  type OtlpDialect,
  type SourceField,
  vercelOperation,
} from "./dialects.js";
import { type OtelEventKind, spanEventId, traceCorrelationId } from "./ids.js";
import { type OtelValue, type OtlpTracesInput, type SpanRecord, unixNanosToTimestamp } from "./otlp.js";
import { placeAt, type ReadIssue, readOtlpSpans, type SpanNoticeFields } from "./read.js";
import {
  ATTR_DEPLOYMENT_ENVIRONMENT,
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
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
  ERROR_TYPE_VALUE_OTHER,
  GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS,
} from "./semconv.js";

const FN = "eventsFromOtlpTraces";

/** Prices of one model, in USD per million tokens. */
export interface ModelPrice {
  /** Uncached input tokens. */
  readonly input: number;
  /** Output tokens (reasoning tokens are output tokens and cost the same). */
  readonly output: number;
  /** Input tokens read from the provider's prompt cache (without it they are priced at `input`, with an `inexact_cost` notice). */
  readonly cacheRead?: number;
  /** Input tokens written to the provider's prompt cache (without it they are priced at `input`, with an `inexact_cost` notice). */
  readonly cacheWrite?: number;
}

/** Prices by model name (`gen_ai.response.model` is looked up first, then `gen_ai.request.model`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

/** The `environment` of events whose resource names none and no `options.environment` is given. */
export const OTLP_DEFAULT_ENVIRONMENT = "unknown";

export interface OtlpImportOptions {
  /**
   * The events' `environment`. Default: the resource's `deployment.environment.name` (or the
   * deprecated `deployment.environment`), else OTLP_DEFAULT_ENVIRONMENT (`"unknown"`) with one
   * `default_environment` notice per resource.
   */
  readonly environment?: string;
  /**
   * The events' `source_module` per family. Default: `llm-observatory` for the telemetry events
   * and `llm-cost-ops` for the cost events (DEFAULT_SOURCE_MODULES), the modules that emit those
   * payload families on the hub's platform.
   */
  readonly sourceModules?: { readonly telemetry?: SourceModule; readonly cost?: SourceModule };
  /** Prices for `token_cost` events; without a table no cost events are made. */
  readonly prices?: PriceTable;
  /** Tags added to every event; a key the mapping itself writes (see OTLP_IMPORT_TAG_KEYS) is an error. */
  readonly tags?: Readonly<Record<string, string>>;
}

/** Codes of the notices after which a span gives no event at all. */
export const OTLP_SKIP_CODES = [
  "invalid_document",
  "invalid_span",
  "not_gen_ai",
  "not_model_call",
  "no_model",
] as const;

export const OTLP_IMPORT_NOTICE_CODES = [
  ...OTLP_SKIP_CODES,
  "invalid_attribute",
  "coerced_value",
  "default_environment",
  "no_usage",
  "usage_assumed",
  "usage_conflict",
  "aggregate_usage",
  "no_price",
  "inexact_cost",
] as const;
/**
 * Why part of the input gave fewer or less certain events than it could:
 * - no events for the span or document: `invalid_document` (a line or element that is not
 *   OTLP), `invalid_span` (unreadable ids or times), `not_gen_ai` (no LLM attributes in any
 *   dialect), `not_model_call` (a GenAI span that calls no model: tools, retrievers, …),
 *   `no_model` (a model call or agent span without any model name);
 * - events made, something left out or assumed: `invalid_attribute` (an attribute of the wrong
 *   type, ignored), `coerced_value` (a number sent as a string, read as the number),
 *   `default_environment` (no environment on the resource: `"unknown"`), `no_usage` (token
 *   counts missing: no token_usage/token_cost), `usage_assumed` (whether `input_tokens`
 *   includes cached tokens could not be told; the conventions' reading was used),
 *   `usage_conflict` (spellings or totals that disagree; which one was used), `aggregate_usage`
 *   (an agent/workflow span whose model calls are in the input: its summed tokens are not
 *   counted again), `no_price` (model not in the price table: no token_cost),
 *   `inexact_cost` (the cost could not be computed exactly, and why).
 */
export type OtlpImportNoticeCode = (typeof OTLP_IMPORT_NOTICE_CODES)[number];

/**
 * A notice, in the library's one issue shape (`Issue`): a stable `code`, the `path` of keys and
 * indices from the root of the input's document (`["resourceSpans", 0, "scopeSpans", 0,
 * "spans", 2]`, as the input spells the keys; `[]` is the document itself) and a `message`
 * that does not repeat the place. `jsonPointer(path)` gives the pointer for display.
 */
export interface OtlpImportNotice extends Issue<OtlpImportNoticeCode>, SpanNoticeFields {
  /** Keys and indices from the document's root (never a symbol). */
  readonly path: readonly (string | number)[];
}

export interface OtlpImportResult {
  /** The events, in input order; per span: latency, then token_usage, then token_cost. */
  readonly events: AnalyticsEvent[];
  /** Every problem, omission and assumption, in input order. */
  readonly notices: OtlpImportNotice[];
  /**
   * Every span accounted for: `read` = `mapped` + `skipped` (spans with a skip notice); `invalid`
   * spans could not be read at all (an `invalid_span` notice each).
   */
  readonly spans: {
    readonly read: number;
    readonly mapped: number;
    readonly skipped: number;
    readonly invalid: number;
  };
}

/** The tag keys the OTLP mapping writes (caller tags may not reuse them). */
export const OTLP_IMPORT_TAG_KEYS = [
  "trace_id",
  "span_id",
  "parent_span_id",
  "otel.span.start_time",
  "otel.dialect",
  "otel.scope.name",
  ATTR_SERVICE_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_FINISH_REASONS,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_ERROR_TYPE,
  "otel.status_code",
  "otel.status_description",
] as const;

/*
 * Whether an instrumentation's `input_tokens` includes the provider's cache reads and writes,
 * for providers whose API reports them apart (Anthropic: `input_tokens` excludes
 * `cache_read_input_tokens` and `cache_creation_input_tokens`). Checked against the releases
 * named, driving the real packages (test/interop/otel-real.test.ts).
 */
const KNOWN_INPUT_SEMANTICS: Readonly<Record<string, "includes_cache" | "excludes_cache">> = {
  // 0.27.0: passes Anthropic's input_tokens through, cache counts beside it.
  "@traceloop/instrumentation-anthropic": "excludes_cache",
  // @anthropic-ai/sdk 1.x's own spans: input_tokens = input + cache reads + cache writes.
  "com.anthropic.sdk.typescript": "includes_cache",
  // 0.2.x: llm.token_count.prompt = input + cache reads + cache writes.
  "@arizeai/openinference-instrumentation-anthropic": "includes_cache",
};

/** Providers whose API counts cached input tokens apart from `input_tokens`. */
function apiExcludesCache(provider: string | undefined, model: string): boolean {
  if (provider === "anthropic" || provider === "aws.bedrock") return true;
  return provider === "gcp.vertex_ai" && model.startsWith("claude");
}

interface Usage {
  /** Prompt tokens with cached ones included (the hub's prompt_tokens). */
  readonly prompt: number;
  /** Completion tokens with reasoning included. */
  readonly completion: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  /** Whether any cache count was reported at all (0 counts as reported). */
  readonly cacheReported: boolean;
}

interface Call {
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

type Notify = (code: OtlpImportNoticeCode, message: string, attribute?: string) => void;

function typeName(value: OtelValue): string {
  if (value.type === "empty") return "an empty value";
  return `${value.type === "int" || value.type === "array" ? "an" : "a"} ${value.type}Value`;
}

/** Typed attribute access for one span, reporting every coercion and rejection. */
class SpanReader {
  constructor(
    readonly span: SpanRecord,
    readonly notify: Notify,
  ) {}

  string(field: SourceField): { key: string; value: string } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "string") return value.value === "" ? undefined : { key, value: value.value };
    if (value.type === "int" || value.type === "double" || value.type === "bool") {
      this.notify("coerced_value", `${key} is ${typeName(value)}; read as the string "${value.value}"`, key);
      return { key, value: String(value.value) };
    }
    this.notify("invalid_attribute", `${key}: expected a stringValue, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  private toCount(key: string, value: OtelValue): bigint | undefined {
    let count: bigint | undefined;
    if (value.type === "int") count = value.value;
    else if (value.type === "double" && Number.isSafeInteger(value.value)) count = BigInt(value.value);
    else if (value.type === "string" && /^\s*\d+(\.0+)?\s*$/.test(value.value)) {
      count = BigInt(value.value.trim().replace(/\.0+$/, ""));
      this.notify("coerced_value", `${key} is the stringValue ${JSON.stringify(value.value)}; read as ${count}`, key);
    }
    if (count === undefined) {
      const shown =
        value.type === "double" || value.type === "string"
          ? `${typeName(value)} ${JSON.stringify(value.value)}`
          : typeName(value);
      this.notify("invalid_attribute", `${key}: expected a whole number, received ${shown}; ignored`, key);
      return undefined;
    }
    if (count < 0n) {
      this.notify("invalid_attribute", `${key}: a count cannot be negative, received ${count}; ignored`, key);
      return undefined;
    }
    return count;
  }

  /** A count; spellings of the same field that disagree give a `usage_conflict` notice (the first wins). */
  count(field: SourceField): { key: string; value: bigint } | undefined {
    let chosen: { key: string; value: bigint } | undefined;
    for (const { key, value } of allOf(this.span.attributes, field)) {
      const count = this.toCount(key, value);
      if (count === undefined) continue;
      if (chosen === undefined) chosen = { key, value: count };
      else if (chosen.value !== count) {
        this.notify(
          "usage_conflict",
          `${chosen.key} is ${chosen.value} but ${key} is ${count}; ${chosen.key} is used`,
          key,
        );
      }
    }
    return chosen;
  }

  number(field: SourceField): { key: string; value: number } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "double" && Number.isFinite(value.value)) return { key, value: value.value };
    if (value.type === "int") return { key, value: Number(value.value) };
    if (value.type === "string" && value.value.trim() !== "" && Number.isFinite(Number(value.value))) {
      this.notify("coerced_value", `${key} is the stringValue ${JSON.stringify(value.value)}; read as a number`, key);
      return { key, value: Number(value.value) };
    }
    this.notify("invalid_attribute", `${key}: expected a number, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  bool(field: SourceField): { key: string; value: boolean } | undefined {
    const found = firstOf(this.span.attributes, field);
    if (found === undefined) return undefined;
    const { key, value } = found;
    if (value.type === "bool") return { key, value: value.value };
    if (value.type === "string" && (value.value === "true" || value.value === "false")) {
      this.notify("coerced_value", `${key} is the stringValue "${value.value}"; read as a boolean`, key);
      return { key, value: value.value === "true" };
    }
    this.notify("invalid_attribute", `${key}: expected a boolValue, received ${typeName(value)}; ignored`, key);
    return undefined;
  }

  /** Finish reasons: a string array, one string, a JSON array in a string, or OpenLLMetry's `gen_ai.completion.N.finish_reason`. */
  finishReasons(): string[] | undefined {
    const found = firstOf(this.span.attributes, "finishReasons");
    if (found !== undefined) {
      const { key, value } = found;
      if (value.type === "array") {
        const reasons = value.value.flatMap((v) => (v.type === "string" ? [v.value] : []));
        if (reasons.length !== value.value.length) {
          this.notify("invalid_attribute", `${key}: non-string items ignored`, key);
        }
        return reasons;
      }
      if (value.type === "string") {
        if (value.value.startsWith("[")) {
          try {
            const parsed: unknown = JSON.parse(value.value);
            if (Array.isArray(parsed) && parsed.every((r) => typeof r === "string")) return parsed;
          } catch {}
        }
        return [value.value];
      }
      this.notify("invalid_attribute", `${key}: expected strings, received ${typeName(value)}; ignored`, key);
    }
    const numbered = [...this.span.attributes.entries()]
      .map(([key, value]) => ({ match: /^gen_ai\.completion\.(\d+)\.finish_reason$/.exec(key), value }))
      .filter((e) => e.match !== null && e.value.type === "string")
      .sort((a, b) => Number(a.match?.[1]) - Number(b.match?.[1]))
      .map((e) => (e.value as { value: string }).value);
    return numbered.length > 0 ? numbered : undefined;
  }
}

function stringOf(attrs: ReadonlyMap<string, OtelValue>, key: string): string | undefined {
  const value = attrs.get(key);
  return value?.type === "string" && value.value !== "" ? value.value : undefined;
}

function errorTypeOf(span: SpanRecord, declared: string | undefined): string | undefined {
  if (declared !== undefined) return declared;
  if (span.statusCode !== 2) return undefined;
  // Instrumentations without error.type record the failure as an `exception` span event.
  for (let i = span.events.length - 1; i >= 0; i--) {
    const event = span.events[i];
    if (event?.name !== "exception") continue;
    const type = stringOf(event.attributes, ATTR_EXCEPTION_TYPE);
    if (type !== undefined) return type;
  }
  return ERROR_TYPE_VALUE_OTHER;
}

const AGGREGATE_OPERATIONS = new Set(["invoke_agent", "create_agent", "invoke_workflow"]);
const NOT_MODEL_OPERATIONS = new Set(["execute_tool"]);
const OPENINFERENCE_KINDS: Readonly<Record<string, { operation?: string; aggregate?: boolean; call?: boolean }>> = {
  LLM: { operation: "chat", call: true },
  EMBEDDING: { operation: GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS, call: true },
  AGENT: { operation: "invoke_agent", aggregate: true },
  CHAIN: { aggregate: true },
};

type Classified = { readonly skip: OtlpImportNotice } | { readonly call: Call };

/** Where a notice about `span` points, with the span's ids and name. */
const spanBase = (span: SpanRecord) => ({
  ...placeAt(span.place),
  traceId: span.traceId,
  spanId: span.spanId,
  spanName: span.name,
});

function classify(span: SpanRecord, notices: OtlpImportNotice[]): Classified {
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

/** A count as read, with the attribute it came from. */
type Count = { readonly key: string; readonly value: bigint };

/** Every token count a span reports. */
interface Counts {
  readonly input: Count | undefined;
  readonly output: Count | undefined;
  readonly total: Count | undefined;
  readonly cacheRead: Count | undefined;
  readonly cacheWrite: Count | undefined;
  readonly reasoning: Count | undefined;
}

/** Counts with the input and output a token_usage event needs. */
type CompleteCounts = Counts & { readonly input: Count; readonly output: Count };

interface CallUsage {
  /** The hub's counts; undefined when they cannot be told (with a `no_usage` notice). */
  readonly value: Usage | undefined;
  readonly reportedInput: bigint | undefined;
  readonly cacheRead: bigint | undefined;
  readonly cacheWrite: bigint | undefined;
  readonly reasoning: bigint | undefined;
}

interface CallFacts {
  readonly provider: string | undefined;
  readonly model: string;
  readonly operation: string | undefined;
}

/**
 * The hub's token counts from whatever the span reports, with provider semantics:
 * `prompt_tokens` includes cached input tokens and `completion_tokens` includes reasoning
 * tokens, as the conventions define `gen_ai.usage.input_tokens`/`output_tokens`. An
 * instrumentation that passes Anthropic's `input_tokens` through (cache reads and writes
 * excluded) is recognized by the numbers (cache > input, or a total that counts the cache), by
 * its scope (KNOWN_INPUT_SEMANTICS), else the conventions are assumed with a notice.
 */
function usageOf(r: SpanReader, call: CallFacts): CallUsage {
  const counts: Counts = {
    input: r.count("input"),
    output: r.count("output"),
    total: r.count("total"),
    cacheRead: r.count("cacheRead"),
    cacheWrite: r.count("cacheWrite"),
    reasoning: r.count("reasoning"),
  };
  const complete = completeCounts(counts, call.operation, r.notify);
  return {
    value: complete === undefined ? undefined : tokenUsage(r, call, complete),
    reportedInput: counts.input?.value,
    cacheRead: counts.cacheRead?.value,
    cacheWrite: counts.cacheWrite?.value,
    reasoning: counts.reasoning?.value,
  };
}

/** The counts when input and output are both known (an embeddings call's missing output is 0), else a `no_usage` notice. */
function completeCounts(counts: Counts, operation: string | undefined, notify: Notify): CompleteCounts | undefined {
  const { input, total } = counts;
  let { output } = counts;
  if (input === undefined && output === undefined && total === undefined) {
    notify(
      "no_usage",
      "no token counts (input_tokens/output_tokens or a dialect's spelling), so no token_usage or token_cost event",
    );
    return undefined;
  }
  // An embeddings call generates no tokens: a missing output count there is zero, not unknown.
  if (output === undefined && input !== undefined && operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) {
    output = { key: "(embeddings)", value: 0n };
  }
  if (input === undefined || output === undefined) {
    notify(
      "no_usage",
      `no ${input === undefined ? "input" : "output"} token count, so no token_usage or token_cost event`,
    );
    return undefined;
  }
  return { ...counts, input, output };
}

/** prompt = input (+ the cache when input excludes it), completion = output (+ reasoning when apart); checked against the total and u32. */
function tokenUsage(r: SpanReader, call: CallFacts, c: CompleteCounts): Usage | undefined {
  const cache = (c.cacheRead?.value ?? 0n) + (c.cacheWrite?.value ?? 0n);
  const excludesCache = inputExcludesCache(r, call, c);
  const reasoningApart = reasoningOutsideOutput(c, excludesCache ? cache : 0n);
  const prompt = excludesCache ? c.input.value + cache : c.input.value;
  const completion = reasoningApart ? c.output.value + (c.reasoning?.value ?? 0n) : c.output.value;
  if (reasoningApart) {
    r.notify(
      "usage_conflict",
      `${c.reasoning?.key} (${c.reasoning?.value}) is not inside ${c.output.key} (${c.output.value}) as the conventions say; completion_tokens = ${completion}`,
      c.reasoning?.key,
    );
  }
  const { total } = c;
  if (total !== undefined && total.value !== prompt + completion && total.value !== c.input.value + c.output.value) {
    r.notify(
      "usage_conflict",
      `${total.key} (${total.value}) is neither prompt + completion (${prompt + completion}) nor input + output; it is ignored`,
      total.key,
    );
  }
  if (prompt + completion > BigInt(U32_MAX)) {
    r.notify(
      "no_usage",
      `${prompt} + ${completion} tokens exceed the u32 maximum of the hub's token counts; no token events`,
    );
    return undefined;
  }
  return {
    prompt: Number(prompt),
    completion: Number(completion),
    cacheRead: Number(c.cacheRead?.value ?? 0n),
    cacheWrite: Number(c.cacheWrite?.value ?? 0n),
    cacheReported: c.cacheRead !== undefined || c.cacheWrite !== undefined,
  };
}

/**
 * Whether the input count leaves the cached tokens out (Anthropic's API does): certain when the
 * cache exceeds it or the total counts the cache on top; else as the instrumentation is known to
 * report it (KNOWN_INPUT_SEMANTICS); else the conventions' reading, with a `usage_assumed` notice
 * for providers whose API reports the cache apart.
 */
function inputExcludesCache(r: SpanReader, call: CallFacts, c: CompleteCounts): boolean {
  const cr = c.cacheRead?.value ?? 0n;
  const cw = c.cacheWrite?.value ?? 0n;
  const cache = cr + cw;
  if (cache === 0n) return false;
  const { input, output, total } = c;
  const semantics = KNOWN_INPUT_SEMANTICS[r.span.scopeName];
  if (cache > input.value) {
    if (semantics === undefined) {
      // Certain from the numbers; worth saying, since the span contradicts the conventions.
      r.notify(
        "usage_conflict",
        `cache reads (${cr}) + writes (${cw}) exceed ${input.key} (${input.value}), which the conventions say includes them: read as ${call.provider ?? "the provider"}'s count without cached tokens, prompt_tokens = ${input.value + cache}`,
        input.key,
      );
    }
    return true;
  }
  if (total !== undefined && total.value === input.value + output.value + cache) return true;
  if (!apiExcludesCache(call.provider, call.model)) return false;
  if (semantics !== undefined) return semantics === "excludes_cache";
  r.notify(
    "usage_assumed",
    `${input.key} (${input.value}) may or may not include the ${cache} cached input tokens (${call.provider}'s API reports them apart; the conventions include them); read as including them, as the conventions say. If this instrumentation passes the API's count through, prompt_tokens is ${cache} too low`,
    input.key,
  );
  return false;
}

/** Whether reasoning tokens were reported beside the output count rather than inside it. */
function reasoningOutsideOutput(c: CompleteCounts, cacheApart: bigint): boolean {
  const { reasoning, output, input, total } = c;
  if (reasoning === undefined) return false;
  if (reasoning.value > output.value) return true;
  return (
    reasoning.value > 0n &&
    total !== undefined &&
    total.value === input.value + cacheApart + output.value + reasoning.value
  );
}

/** The cost of one call, with the notices of whatever made it inexact. */
function costOf(usage: Usage, price: ModelPrice, model: string, notify: Notify) {
  const readPrice = price.cacheRead ?? price.input;
  const writePrice = price.cacheWrite ?? price.input;
  if (usage.cacheRead > 0 && price.cacheRead === undefined) {
    notify(
      "inexact_cost",
      `${usage.cacheRead} cache-read input tokens priced at the input price: the price of ${JSON.stringify(model)} has no cacheRead`,
    );
  }
  if (usage.cacheWrite > 0 && price.cacheWrite === undefined) {
    notify(
      "inexact_cost",
      `${usage.cacheWrite} cache-write input tokens priced at the input price: the price of ${JSON.stringify(model)} has no cacheWrite`,
    );
  }
  const cachePriced =
    (price.cacheRead !== undefined && price.cacheRead !== price.input) ||
    (price.cacheWrite !== undefined && price.cacheWrite !== price.input);
  if (!usage.cacheReported && cachePriced && usage.prompt > 0) {
    notify(
      "inexact_cost",
      `no cache token counts reported: all ${usage.prompt} input tokens priced as uncached; if some were cache reads (or writes) the true cost is lower (or higher)`,
    );
  }
  // Each input token is priced once: uncached, cache read or cache write.
  const uncached = usage.prompt - usage.cacheRead - usage.cacheWrite;
  const promptCost = (uncached * price.input + usage.cacheRead * readPrice + usage.cacheWrite * writePrice) / 1e6;
  const completionCost = (usage.completion * price.output) / 1e6;
  return {
    costPerPromptToken: usage.prompt > 0 ? promptCost / usage.prompt : price.input / 1e6,
    costPerCompletionToken: price.output / 1e6,
    total: promptCost + completionCost,
  };
}

function checkOptions(options: OtlpImportOptions): void {
  if (options.environment !== undefined && (typeof options.environment !== "string" || options.environment === "")) {
    throw new TypeError(
      `${FN}: options.environment must be a non-empty string, received ${String(options.environment)}`,
    );
  }
  for (const [key, value] of Object.entries(options.tags ?? {})) {
    if (typeof value !== "string") {
      throw new TypeError(`${FN}: options.tags[${JSON.stringify(key)}] must be a string, received ${typeof value}`);
    }
    if ((OTLP_IMPORT_TAG_KEYS as readonly string[]).includes(key)) {
      throw new RangeError(`${FN}: options.tags[${JSON.stringify(key)}] collides with a tag the OTLP mapping writes`);
    }
  }
  for (const [model, price] of Object.entries(options.prices ?? {})) {
    for (const field of ["input", "output", "cacheRead", "cacheWrite"] as const) {
      const value: unknown = price?.[field];
      if (value === undefined && (field === "cacheRead" || field === "cacheWrite")) continue;
      if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
        throw new RangeError(
          `${FN}: options.prices[${JSON.stringify(model)}].${field} must be a finite number ≥ 0 (USD per million tokens), received ${String(value)}`,
        );
      }
    }
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
}

const spanKey = (traceId: string, spanId: string) => `${traceId}:${spanId}`;

/**
 * Hub events from the LLM spans of OpenTelemetry trace data, in any form OTLP travels in:
 * a parsed export (camelCase OTLP/JSON or snake_case protobuf JSON), an array of exports, a
 * bare list of spans, JSON text or JSON Lines (the collector's file exporter), UTF-8 JSON
 * bytes, or binary OTLP protobuf bytes (`ExportTraceServiceRequest`, decoded with protobufjs
 * from the official opentelemetry-proto definitions). Ids may be hex or base64; numbers may be
 * strings, ints or doubles.
 *
 * Spans are read in four dialects, detected per span (see docs/interop.md for every
 * attribute's source): the OpenTelemetry GenAI conventions (current and deprecated names),
 * OpenLLMetry, OpenInference and the Vercel AI SDK's `ai.*` spans. Each model call gives, in
 * this order: a telemetry `latency` event (severity `error` when it failed); a `token_usage`
 * event when its counts are known; a cost `token_cost` event when `options.prices` has its
 * model. `prompt_tokens` always includes cached input tokens and `completion_tokens` reasoning
 * tokens, whatever the provider's own convention (Anthropic reports cache reads and writes
 * apart from `input_tokens`, OpenAI inside it), so totals and costs add up either way; the
 * cost prices every input token once (uncached, cache read, cache write). `model_id` is the
 * requested model (`gen_ai.request.model` or the dialect's name for it), which failed and
 * successful calls share, else the response's; both stay in tags. Every event of a span is
 * stamped at the span's end, when the call's measurements are complete (the tag
 * `otel.span.start_time` keeps its start), like events a gateway or SDK callback writes.
 *
 * Nothing is lost silently and one bad span never costs the batch: every span is mapped or
 * skipped on its own, and `notices` names each skipped span, ignored or coerced attribute,
 * assumption and inexact cost with its code, place (`path`, and `line` for JSON Lines), ids
 * and attribute; `spans` counts them. An agent/workflow span whose model calls are in the
 * input keeps its latency event, not its summed tokens. `parent_event_id` names the nearest ancestor span of the input that has an
 * event, never an event that does not exist. Input that holds no OTLP trace data at all
 * throws a TypeError naming the function. Pure; O(spans + attributes).
 *
 * @example
 * const { events, notices } = eventsFromOtlpTraces(await request.bytes(), { prices });
 */
export function eventsFromOtlpTraces(input: OtlpTracesInput, options: OtlpImportOptions = {}): OtlpImportResult {
  checkOptions(options);
  const { spans, issues } = readOtlpSpans(input, FN);
  const { notices, bySpan } = splitReaderIssues(issues);
  const own = spans.map((span) => [...(bySpan.get(spanKey(span.traceId, span.spanId)) ?? [])]);
  const classified = spans.map((span, i) => classify(span, own[i] as OtlpImportNotice[]));
  const batch: Batch = {
    options,
    tree: new SpanTree(spans, classified),
    events: [],
    notices,
    defaulted: new Set(),
    correlationIds: new Map(),
  };
  let mapped = 0;
  classified.forEach((c, i) => {
    const spanNotices = own[i] as OtlpImportNotice[];
    if ("skip" in c) {
      notices.push(...spanNotices, c.skip);
      return;
    }
    mapped++;
    mapCall(c.call, spanNotices, batch);
    notices.push(...spanNotices);
  });
  const invalid = issues.filter((i) => i.code === "invalid_span").length;
  return {
    events: batch.events,
    notices,
    spans: { read: spans.length, mapped, skipped: spans.length - mapped, invalid },
  };
}

/** The reader's notices: those about documents come first, those about a span go with the span's own. */
function splitReaderIssues(issues: readonly ReadIssue[]): {
  notices: OtlpImportNotice[];
  bySpan: Map<string, OtlpImportNotice[]>;
} {
  const notices: OtlpImportNotice[] = [];
  const bySpan = new Map<string, OtlpImportNotice[]>();
  for (const notice of issues) {
    if (notice.spanId !== undefined && notice.traceId !== undefined && notice.code !== "invalid_span") {
      const key = spanKey(notice.traceId, notice.spanId);
      bySpan.set(key, [...(bySpan.get(key) ?? []), notice]);
    } else notices.push(notice);
  }
  return { notices, bySpan };
}

/** The spans of the input by id: which get events, and which have a model call below them. */
class SpanTree {
  private readonly byId = new Map<string, SpanRecord>();
  private readonly mapped = new Set<string>();
  private readonly callBelow = new Set<string>();

  constructor(spans: readonly SpanRecord[], classified: readonly Classified[]) {
    for (const span of spans) this.byId.set(spanKey(span.traceId, span.spanId), span);
    for (const c of classified) {
      if (!("call" in c)) continue;
      const span = c.call.span;
      this.mapped.add(spanKey(span.traceId, span.spanId));
      if (c.call.aggregate) continue;
      for (const parent of this.ancestors(span)) this.callBelow.add(spanKey(span.traceId, parent));
    }
  }

  /** The span ids of `span`'s ancestors in the input, nearest first; a cycle ends the walk. */
  private *ancestors(span: SpanRecord): Generator<string> {
    const seen = new Set<string>();
    let parent = span.parentSpanId;
    while (parent !== undefined) {
      const key = spanKey(span.traceId, parent);
      if (seen.has(key)) return;
      seen.add(key);
      yield parent;
      parent = this.byId.get(key)?.parentSpanId;
    }
  }

  /** Whether a (non-aggregate) model call of the input lies below `span`. */
  hasCallBelow(span: SpanRecord): boolean {
    return this.callBelow.has(spanKey(span.traceId, span.spanId));
  }

  /** The event id of the nearest ancestor that has events, never one that does not exist. */
  eventParent(span: SpanRecord): string | undefined {
    for (const parent of this.ancestors(span)) {
      if (this.mapped.has(spanKey(span.traceId, parent))) return spanEventId(span.traceId, parent);
    }
    return undefined;
  }
}

/** What the mapping of every span shares. */
interface Batch {
  readonly options: OtlpImportOptions;
  readonly tree: SpanTree;
  readonly events: AnalyticsEvent[];
  readonly notices: OtlpImportNotice[];
  /** The resources already given a `default_environment` notice. */
  readonly defaulted: Set<string>;
  readonly correlationIds: Map<string, string>;
}

/** Where the events of one span go, and what they share. */
interface SpanEvents {
  readonly span: SpanRecord;
  readonly shared: Pick<
    AnalyticsEventInput,
    "timestamp" | "correlation_id" | "parent_event_id" | "environment" | "tags"
  >;
  readonly sourceModules: OtlpImportOptions["sourceModules"];
  readonly notify: Notify;
  readonly events: AnalyticsEvent[];
}

/** The events of one model call: latency, then token_usage and token_cost when its usage is known. */
function mapCall(call: Call, own: OtlpImportNotice[], batch: Batch): void {
  const { span } = call;
  const base = spanBase(span);
  const to: SpanEvents = {
    span,
    shared: sharedFields(call, batch),
    sourceModules: batch.options.sourceModules,
    notify: (code, message, attribute) =>
      own.push({ code, ...base, ...(attribute === undefined ? {} : { attribute }), message }),
    events: batch.events,
  };
  pushEvent(to, "latency", call.isError ? "error" : "info", {
    payload_type: "telemetry",
    data: {
      telemetry_type: "latency",
      model_id: call.model,
      request_id: call.requestId,
      total_latency_ms: Number(span.endNanos - span.startNanos) / 1e6,
      ...(call.ttftMs === undefined ? {} : { ttft_ms: call.ttftMs }),
    },
  });
  const usage = call.usage;
  if (usage === undefined) return;
  if (call.aggregate && batch.tree.hasCallBelow(span)) {
    to.notify(
      "aggregate_usage",
      `${call.operation ?? "agent"} span: its ${usage.prompt} + ${usage.completion} tokens sum model calls that are in the input and get their own events, so no token_usage or token_cost event here (they would be counted twice)`,
    );
    return;
  }
  const tokens = {
    prompt_tokens: usage.prompt,
    completion_tokens: usage.completion,
    total_tokens: usage.prompt + usage.completion,
  };
  pushEvent(to, "token_usage", "info", {
    payload_type: "telemetry",
    data: { telemetry_type: "token_usage", model_id: call.model, request_id: call.requestId, ...tokens },
  });
  if (batch.options.prices !== undefined) pushCost(to, call, usage, batch.options.prices);
}

/** The token_cost event of a call whose model the price table has; else a `no_price` notice. */
function pushCost(to: SpanEvents, call: Call, usage: Usage, prices: PriceTable): void {
  const priced = [call.responseModel, call.requestModel].find(
    (m): m is string => m !== undefined && Object.hasOwn(prices, m),
  );
  if (priced === undefined) {
    to.notify(
      "no_price",
      `the price table has no ${[call.responseModel, call.requestModel]
        .filter(Boolean)
        .map((m) => JSON.stringify(m))
        .join(" or ")}, so no token_cost event`,
    );
    return;
  }
  const cost = costOf(usage, prices[priced] as ModelPrice, priced, to.notify);
  pushEvent(to, "token_cost", "info", {
    payload_type: "cost",
    data: {
      cost_type: "token_cost",
      model_id: call.model,
      request_id: call.requestId,
      prompt_tokens: usage.prompt,
      completion_tokens: usage.completion,
      total_tokens: usage.prompt + usage.completion,
      cost_per_prompt_token: cost.costPerPromptToken,
      cost_per_completion_token: cost.costPerCompletionToken,
      total_cost_usd: cost.total,
      currency: "USD",
    },
  });
}

/** The fields every event of a call shares: time, correlation, parent, environment, tags. */
function sharedFields(call: Call, batch: Batch): SpanEvents["shared"] {
  const { span } = call;
  const parentEventId = batch.tree.eventParent(span);
  let correlationId = batch.correlationIds.get(span.traceId);
  if (correlationId === undefined) {
    correlationId = traceCorrelationId(span.traceId);
    batch.correlationIds.set(span.traceId, correlationId);
  }
  return {
    // Stamped when the call ended, as the hub's producers stamp an event when they emit it (a
    // latency is known only then); the start stays in the tag otel.span.start_time.
    timestamp: unixNanosToTimestamp(span.endNanos),
    correlation_id: correlationId,
    ...(parentEventId === undefined ? {} : { parent_event_id: parentEventId }),
    environment: environmentOf(span, batch),
    tags: { ...batch.options.tags, ...call.tags },
  };
}

/** `options.environment`, else the resource's, else OTLP_DEFAULT_ENVIRONMENT with one notice per resource. */
function environmentOf(span: SpanRecord, batch: Batch): string {
  const named =
    batch.options.environment ??
    stringOf(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT_NAME) ??
    stringOf(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT);
  if (named !== undefined) return named;
  const resource = span.resourcePlace;
  const key = resource === undefined ? "" : `${resource.line ?? 0} ${jsonPointer(resource.path)}`;
  if (!batch.defaulted.has(key)) {
    batch.defaulted.add(key);
    batch.notices.push({
      code: "default_environment",
      // Spans read without a resource (a bare span or scopeSpans): the first such span.
      ...placeAt(resource ?? span.place),
      attribute: ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
      message: `no ${ATTR_DEPLOYMENT_ENVIRONMENT_NAME} (${resource === undefined ? "spans read without a resource" : "the SDK default resource has none"}): the events of its spans get environment "${OTLP_DEFAULT_ENVIRONMENT}"; pass options.environment to choose one`,
    });
  }
  return OTLP_DEFAULT_ENVIRONMENT;
}

/** One event of the span, checked by the generated parser; an invalid one is left out with a notice. */
function pushEvent(
  to: SpanEvents,
  kind: OtelEventKind,
  severity: Severity,
  payload: AnalyticsEventInput["payload"],
): void {
  const family = kind === "token_cost" ? "cost" : "telemetry";
  const { shared } = to;
  const document: AnalyticsEventInput = {
    event_id: spanEventId(to.span.traceId, to.span.spanId, kind),
    timestamp: shared.timestamp,
    source_module: to.sourceModules?.[family] ?? DEFAULT_SOURCE_MODULES[family],
    event_type: family,
    correlation_id: shared.correlation_id,
    ...(shared.parent_event_id === undefined ? {} : { parent_event_id: shared.parent_event_id }),
    severity,
    environment: shared.environment,
    tags: { ...shared.tags },
    payload,
  };
  // The generated parser: AnalyticsEvent.parse's exact output, without Zod's interpreter.
  const parsed = FastAnalyticsEvent.safeParse(document);
  if (!parsed.success) {
    to.notify(
      "invalid_attribute",
      `the ${kind} event is not a valid hub event (${issuesText(parsed.error)}); it is left out`,
    );
    return;
  }
  to.events.push(parsed.data);
}
