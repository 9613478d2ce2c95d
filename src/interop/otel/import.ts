import type * as z from "zod";
import { U32_MAX } from "../../core/integers.js";
import { DEFAULT_SOURCE_MODULES } from "../../events/build.js";
import type { Severity, SourceModule } from "../../events/schema/common.js";
import { AnalyticsEvent, type AnalyticsEventInput } from "../../events/schema/event.js";
import { type OtelEventKind, spanEventId, traceCorrelationId } from "./ids.js";
import {
  type OtelAttributeMap,
  type OtelValue,
  type OtlpTracesInput,
  readOtlpSpans,
  type SpanRecord,
  unixNanosToTimestamp,
} from "./otlp.js";
import {
  ATTR_DEPLOYMENT_ENVIRONMENT,
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
  ATTR_ERROR_TYPE,
  ATTR_EXCEPTION_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
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
  /** Input tokens read from the provider's prompt cache; required when a span reports cache reads. */
  readonly cacheRead?: number;
  /** Input tokens written to the provider's prompt cache; required when a span reports cache writes. */
  readonly cacheWrite?: number;
}

/** Prices by model name (`gen_ai.response.model` is looked up first, then `gen_ai.request.model`). */
export type PriceTable = Readonly<Record<string, ModelPrice>>;

export interface OtlpImportOptions {
  /** The events' `environment`. Default: the resource's `deployment.environment.name` (or the deprecated `deployment.environment`). */
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

export const OTLP_IMPORT_NOTICE_REASONS = ["not_gen_ai", "no_model", "no_usage", "no_price"] as const;
/**
 * Why a span gave fewer events than it could: `not_gen_ai` (no `gen_ai.operation.name`,
 * `gen_ai.provider.name` or `gen_ai.system`: no events), `no_model` (neither model attribute: no
 * events), `no_usage` (input or output token count missing: no token_usage or token_cost event),
 * `no_price` (a price table was given without the model: no token_cost event).
 */
export type OtlpImportNoticeReason = (typeof OTLP_IMPORT_NOTICE_REASONS)[number];

export interface OtlpImportNotice {
  readonly reason: OtlpImportNoticeReason;
  /** The span's place in the input, e.g. `resourceSpans[0].scopeSpans[0].spans[2]`. */
  readonly path: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly spanName: string;
  readonly message: string;
}

export interface OtlpImportResult {
  /** The events, in input order; per span: latency, then token_usage, then token_cost. */
  readonly events: AnalyticsEvent[];
  /** Every span that gave fewer than all its events, and why. */
  readonly notices: OtlpImportNotice[];
}

/** The tag keys the OTLP mapping writes (caller tags may not reuse them). */
export const OTLP_IMPORT_TAG_KEYS = [
  "trace_id",
  "span_id",
  "parent_span_id",
  ATTR_SERVICE_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  ATTR_ERROR_TYPE,
  "otel.status_code",
  "otel.status_description",
] as const;

interface Usage {
  readonly input: number;
  readonly output: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
}

interface GenAiSpan {
  readonly span: SpanRecord;
  readonly model: string;
  readonly requestModel: string | undefined;
  readonly responseModel: string | undefined;
  readonly requestId: string;
  readonly usage: Usage | undefined;
  readonly missingUsage: string | undefined;
  readonly ttftMs: number | undefined;
  readonly isError: boolean;
  readonly tags: Record<string, string>;
}

const where = (span: SpanRecord) => `${span.path} (span ${span.spanId})`;

function typeName(value: OtelValue): string {
  if (value.type === "empty") return "an empty value";
  return `${value.type === "int" || value.type === "array" ? "an" : "a"} ${value.type}Value`;
}

function stringAttr(attrs: OtelAttributeMap, key: string, at: string): string | undefined {
  const value = attrs.get(key);
  if (value === undefined || value.type === "empty") return undefined;
  if (value.type !== "string") {
    throw new TypeError(`${FN}: ${at}: attribute ${key}: expected a stringValue, received ${typeName(value)}`);
  }
  return value.value;
}

function boolAttr(attrs: OtelAttributeMap, key: string, at: string): boolean | undefined {
  const value = attrs.get(key);
  if (value === undefined || value.type === "empty") return undefined;
  if (value.type !== "bool") {
    throw new TypeError(`${FN}: ${at}: attribute ${key}: expected a boolValue, received ${typeName(value)}`);
  }
  return value.value;
}

/** A non-negative whole number: an intValue, or a doubleValue holding a whole number (JS SDKs write those). */
function countAttr(attrs: OtelAttributeMap, key: string, at: string): bigint | undefined {
  const value = attrs.get(key);
  if (value === undefined || value.type === "empty") return undefined;
  let count: bigint;
  if (value.type === "int") count = value.value;
  else if (value.type === "double" && Number.isSafeInteger(value.value)) count = BigInt(value.value);
  else {
    const shown = value.type === "double" ? `doubleValue ${value.value}` : typeName(value);
    throw new TypeError(`${FN}: ${at}: attribute ${key}: expected a whole number (intValue), received ${shown}`);
  }
  if (count < 0n) throw new RangeError(`${FN}: ${at}: attribute ${key}: a count cannot be negative, received ${count}`);
  return count;
}

function secondsAttr(attrs: OtelAttributeMap, key: string, at: string): number | undefined {
  const value = attrs.get(key);
  if (value === undefined || value.type === "empty") return undefined;
  const seconds = value.type === "double" ? value.value : value.type === "int" ? Number(value.value) : undefined;
  if (seconds === undefined) {
    throw new TypeError(
      `${FN}: ${at}: attribute ${key}: expected seconds as a doubleValue, received ${typeName(value)}`,
    );
  }
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`${FN}: ${at}: attribute ${key}: expected finite seconds ≥ 0, received ${seconds}`);
  }
  return seconds;
}

/** The current attribute, or the deprecated one; both present must agree. */
function countCurrentOrDeprecated(
  attrs: OtelAttributeMap,
  current: string,
  deprecated: string,
  at: string,
): bigint | undefined {
  const now = countAttr(attrs, current, at);
  const old = countAttr(attrs, deprecated, at);
  if (now !== undefined && old !== undefined && now !== old) {
    throw new RangeError(`${FN}: ${at}: ${current} is ${now} but the deprecated ${deprecated} is ${old}`);
  }
  return now ?? old;
}

function u32(value: bigint, what: string, at: string): number {
  if (value > BigInt(U32_MAX)) {
    throw new RangeError(`${FN}: ${at}: ${what} ${value} exceeds the u32 maximum ${U32_MAX} of the hub's token counts`);
  }
  return Number(value);
}

function isGenAiSpan(attrs: OtelAttributeMap): boolean {
  return attrs.has(ATTR_GEN_AI_OPERATION_NAME) || attrs.has(ATTR_GEN_AI_PROVIDER_NAME) || attrs.has(ATTR_GEN_AI_SYSTEM);
}

function errorTypeOf(span: SpanRecord, at: string): string | undefined {
  const declared = stringAttr(span.attributes, ATTR_ERROR_TYPE, at);
  if (declared !== undefined) return declared;
  if (span.statusCode !== 2) return undefined;
  // Instrumentations older than error.type record the failure as an `exception` span event.
  for (let i = span.events.length - 1; i >= 0; i--) {
    const event = span.events[i];
    if (event?.name !== "exception") continue;
    const type = event.attributes.get(ATTR_EXCEPTION_TYPE);
    if (type?.type === "string" && type.value !== "") return type.value;
  }
  return ERROR_TYPE_VALUE_OTHER;
}

function readGenAiSpan(span: SpanRecord): GenAiSpan | OtlpImportNotice {
  const at = where(span);
  const attrs = span.attributes;
  const notice = (reason: OtlpImportNoticeReason, message: string): OtlpImportNotice => ({
    reason,
    path: span.path,
    traceId: span.traceId,
    spanId: span.spanId,
    spanName: span.name,
    message,
  });
  if (!isGenAiSpan(attrs)) {
    return notice(
      "not_gen_ai",
      `${at}: not a GenAI span (no ${ATTR_GEN_AI_OPERATION_NAME}, ${ATTR_GEN_AI_PROVIDER_NAME} or ${ATTR_GEN_AI_SYSTEM})`,
    );
  }
  const provider = stringAttr(attrs, ATTR_GEN_AI_PROVIDER_NAME, at);
  const system = stringAttr(attrs, ATTR_GEN_AI_SYSTEM, at);
  const operation = stringAttr(attrs, ATTR_GEN_AI_OPERATION_NAME, at);
  const requestModel = stringAttr(attrs, ATTR_GEN_AI_REQUEST_MODEL, at);
  const responseModel = stringAttr(attrs, ATTR_GEN_AI_RESPONSE_MODEL, at);
  const responseId = stringAttr(attrs, ATTR_GEN_AI_RESPONSE_ID, at);
  const stream = boolAttr(attrs, ATTR_GEN_AI_REQUEST_STREAM, at);
  const serverAddress = stringAttr(attrs, ATTR_SERVER_ADDRESS, at);
  const serverPort = countAttr(attrs, ATTR_SERVER_PORT, at);
  const model = responseModel || requestModel;
  if (!model) {
    return notice(
      "no_model",
      `${at}: no ${ATTR_GEN_AI_RESPONSE_MODEL} or ${ATTR_GEN_AI_REQUEST_MODEL}, so no model_id`,
    );
  }

  const input = countCurrentOrDeprecated(attrs, ATTR_GEN_AI_USAGE_INPUT_TOKENS, ATTR_GEN_AI_USAGE_PROMPT_TOKENS, at);
  let output = countCurrentOrDeprecated(
    attrs,
    ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
    ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
    at,
  );
  const cacheRead = countAttr(attrs, ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, at);
  const cacheWrite = countAttr(attrs, ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, at);
  const reasoning = countAttr(attrs, ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, at);
  // An embeddings call generates no tokens: a missing output count there is zero, not unknown.
  if (output === undefined && input !== undefined && operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) output = 0n;
  // The conventions include cache reads and writes in gen_ai.usage.input_tokens (and reasoning in
  // output_tokens); counts that do not fit inside come from an instrumentation that reports them
  // separately, and adding them up here would count them twice.
  if (input !== undefined && (cacheRead ?? 0n) + (cacheWrite ?? 0n) > input) {
    throw new RangeError(
      `${FN}: ${at}: cache_read (${cacheRead ?? 0n}) + cache_creation (${cacheWrite ?? 0n}) input tokens exceed ${ATTR_GEN_AI_USAGE_INPUT_TOKENS} (${input}), which must include them`,
    );
  }
  if (output !== undefined && reasoning !== undefined && reasoning > output) {
    throw new RangeError(
      `${FN}: ${at}: ${ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS} (${reasoning}) exceeds ${ATTR_GEN_AI_USAGE_OUTPUT_TOKENS} (${output}), which must include them`,
    );
  }
  let usage: Usage | undefined;
  let missingUsage: string | undefined;
  if (input !== undefined && output !== undefined) {
    usage = {
      input: u32(input, "the input token count", at),
      output: u32(output, "the output token count", at),
      cacheRead: Number(cacheRead ?? 0n),
      cacheWrite: Number(cacheWrite ?? 0n),
    };
    u32(input + output, "the total token count", at);
  } else {
    const missing = [
      input === undefined ? ATTR_GEN_AI_USAGE_INPUT_TOKENS : "",
      output === undefined ? ATTR_GEN_AI_USAGE_OUTPUT_TOKENS : "",
    ]
      .filter(Boolean)
      .join(" and ");
    missingUsage = `${at}: no ${missing}, so no token_usage or token_cost event`;
  }

  const durationMs = Number(span.endNanos - span.startNanos) / 1e6;
  const ttftSeconds = secondsAttr(attrs, ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK, at);
  const ttftMs = ttftSeconds === undefined ? undefined : ttftSeconds * 1000;
  if (ttftMs !== undefined && ttftMs > durationMs) {
    throw new RangeError(
      `${FN}: ${at}: ${ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK} (${ttftMs} ms) is longer than the span (${durationMs} ms)`,
    );
  }

  const errorType = errorTypeOf(span, at);
  const tags: Record<string, string> = { trace_id: span.traceId, span_id: span.spanId };
  const put = (key: string, value: string | bigint | boolean | undefined) => {
    if (value !== undefined) tags[key] = String(value);
  };
  put("parent_span_id", span.parentSpanId);
  put(ATTR_SERVICE_NAME, stringAttr(span.resource, ATTR_SERVICE_NAME, `${at} resource`));
  put(ATTR_GEN_AI_PROVIDER_NAME, provider ?? system);
  if (system !== undefined && provider !== undefined) put(ATTR_GEN_AI_SYSTEM, system);
  put(ATTR_GEN_AI_OPERATION_NAME, operation);
  put(ATTR_GEN_AI_REQUEST_MODEL, requestModel);
  put(ATTR_GEN_AI_RESPONSE_MODEL, responseModel);
  put(ATTR_GEN_AI_RESPONSE_ID, responseId);
  put(ATTR_GEN_AI_REQUEST_STREAM, stream);
  put(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, cacheRead);
  put(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, cacheWrite);
  put(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, reasoning);
  put(ATTR_SERVER_ADDRESS, serverAddress);
  put(ATTR_SERVER_PORT, serverPort);
  put(ATTR_ERROR_TYPE, errorType);
  if (span.statusCode !== 0) put("otel.status_code", span.statusCode === 2 ? "ERROR" : "OK");
  if (span.statusCode === 2) put("otel.status_description", span.statusMessage);

  return {
    span,
    model,
    requestModel,
    responseModel,
    requestId: responseId || span.spanId,
    usage,
    missingUsage,
    ttftMs,
    isError: errorType !== undefined,
    tags,
  };
}

/** USD per token of the prompt after cache prices, and the prompt and completion costs. */
function costOf(usage: Usage, price: ModelPrice, model: string, at: string) {
  if (usage.cacheRead > 0 && price.cacheRead === undefined) {
    throw new RangeError(
      `${FN}: ${at}: ${usage.cacheRead} input tokens were read from the cache but the price of ${JSON.stringify(model)} has no cacheRead`,
    );
  }
  if (usage.cacheWrite > 0 && price.cacheWrite === undefined) {
    throw new RangeError(
      `${FN}: ${at}: ${usage.cacheWrite} input tokens were written to the cache but the price of ${JSON.stringify(model)} has no cacheWrite`,
    );
  }
  // Cached tokens are part of the input count: each input token is priced once, at the
  // uncached, cache-read or cache-write price.
  const uncached = usage.input - usage.cacheRead - usage.cacheWrite;
  const promptCost =
    (uncached * price.input + usage.cacheRead * (price.cacheRead ?? 0) + usage.cacheWrite * (price.cacheWrite ?? 0)) /
    1e6;
  const completionCost = (usage.output * price.output) / 1e6;
  return {
    costPerPromptToken: usage.input > 0 ? promptCost / usage.input : price.input / 1e6,
    costPerCompletionToken: price.output / 1e6,
    total: promptCost + completionCost,
  };
}

function checkOptions(options: OtlpImportOptions): void {
  if (options.environment !== undefined && typeof options.environment !== "string") {
    throw new TypeError(`${FN}: options.environment must be a string, received ${typeof options.environment}`);
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

/**
 * Hub events from OpenTelemetry GenAI spans in OTLP/JSON (`resourceSpans`, as the Collector's
 * file exporter writes them; one document, an array of them, or JSON Lines text).
 *
 * Each span carrying `gen_ai.operation.name`, `gen_ai.provider.name` or the deprecated
 * `gen_ai.system` gives, in this order:
 * - a telemetry `latency` event: `total_latency_ms` = end − start, `ttft_ms` =
 *   `gen_ai.response.time_to_first_chunk` × 1000 when present; severity `error` when the span
 *   failed (status code 2 or `error.type`), otherwise `info`;
 * - a telemetry `token_usage` event when both token counts are known: `prompt_tokens` =
 *   `gen_ai.usage.input_tokens` (or the deprecated `…prompt_tokens`), `completion_tokens` =
 *   `…output_tokens` (or `…completion_tokens`); an embeddings span without output count has 0;
 * - a cost `token_cost` event when `options.prices` has the model.
 *
 * Semantics (OpenTelemetry GenAI semantic conventions, attribute registry): input tokens
 * include cache reads and writes, output tokens include reasoning tokens. Costs price every
 * input token once — uncached ones at `input`, cache reads at `cacheRead`, cache writes at
 * `cacheWrite` — so cached tokens are never counted twice; `cost_per_prompt_token` is that
 * prompt cost divided by the prompt tokens, and `total_cost_usd` = prompt × it + completion ×
 * `cost_per_completion_token`. The cache and reasoning counts travel as tags.
 *
 * Ids: `correlation_id` = traceCorrelationId(traceId), `event_id` = spanEventId(traceId,
 * spanId, kind), `parent_event_id` = spanEventId(traceId, parentSpanId) (the parent span's own
 * event, which exists when the parent is a GenAI span of the same import). `timestamp` is the
 * span start with all nine fraction digits; `model_id` is `gen_ai.response.model`, else
 * `gen_ai.request.model`; `request_id` is `gen_ai.response.id`, else the span id. Every event
 * passes `AnalyticsEvent.parse`; spans that give fewer events are listed in `notices`.
 *
 * Malformed input (ids, times, attribute types, counts that contradict the conventions, a
 * time to first chunk longer than the span, cache tokens without a cache price) throws an
 * error naming the function and the path. Pure; O(spans + attributes).
 */
export function eventsFromOtlpTraces(input: OtlpTracesInput, options: OtlpImportOptions = {}): OtlpImportResult {
  checkOptions(options);
  const events: AnalyticsEvent[] = [];
  const notices: OtlpImportNotice[] = [];
  for (const span of readOtlpSpans(input, FN)) {
    const read = readGenAiSpan(span);
    if ("reason" in read) {
      notices.push(read);
      continue;
    }
    const at = where(span);
    const environment =
      options.environment ??
      stringAttr(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT_NAME, `${at} resource`) ??
      stringAttr(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT, `${at} resource`);
    if (environment === undefined) {
      throw new TypeError(
        `${FN}: ${at}: no environment: pass options.environment or set ${ATTR_DEPLOYMENT_ENVIRONMENT_NAME} on the resource`,
      );
    }
    const tags = { ...options.tags, ...read.tags };
    const make = (
      kind: OtelEventKind,
      family: "telemetry" | "cost",
      severity: Severity,
      payload: AnalyticsEventInput["payload"],
    ) => {
      const document: AnalyticsEventInput = {
        event_id: spanEventId(span.traceId, span.spanId, kind),
        timestamp: unixNanosToTimestamp(span.startNanos),
        source_module: options.sourceModules?.[family] ?? DEFAULT_SOURCE_MODULES[family],
        event_type: family,
        correlation_id: traceCorrelationId(span.traceId),
        ...(span.parentSpanId === undefined ? {} : { parent_event_id: spanEventId(span.traceId, span.parentSpanId) }),
        severity,
        environment,
        tags: { ...tags },
        payload,
      };
      const parsed = AnalyticsEvent.safeParse(document);
      if (!parsed.success) {
        throw new RangeError(`${FN}: ${at}: the ${kind} event is invalid: ${issuesText(parsed.error)}`);
      }
      events.push(parsed.data);
    };

    make("latency", "telemetry", read.isError ? "error" : "info", {
      payload_type: "telemetry",
      data: {
        telemetry_type: "latency",
        model_id: read.model,
        request_id: read.requestId,
        total_latency_ms: Number(span.endNanos - span.startNanos) / 1e6,
        ...(read.ttftMs === undefined ? {} : { ttft_ms: read.ttftMs }),
      },
    });
    const usage = read.usage;
    if (usage === undefined) {
      notices.push({
        reason: "no_usage",
        path: span.path,
        traceId: span.traceId,
        spanId: span.spanId,
        spanName: span.name,
        message: read.missingUsage ?? `${at}: no token counts`,
      });
      continue;
    }
    make("token_usage", "telemetry", "info", {
      payload_type: "telemetry",
      data: {
        telemetry_type: "token_usage",
        model_id: read.model,
        request_id: read.requestId,
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
      },
    });
    if (options.prices === undefined) continue;
    const priced = [read.responseModel, read.requestModel].find(
      (m): m is string => m !== undefined && Object.hasOwn(options.prices as object, m),
    );
    if (priced === undefined) {
      notices.push({
        reason: "no_price",
        path: span.path,
        traceId: span.traceId,
        spanId: span.spanId,
        spanName: span.name,
        message: `${at}: the price table has no ${[read.responseModel, read.requestModel]
          .filter(Boolean)
          .map((m) => JSON.stringify(m))
          .join(" or ")}, so no token_cost event`,
      });
      continue;
    }
    const cost = costOf(usage, options.prices[priced] as ModelPrice, priced, at);
    make("token_cost", "cost", "info", {
      payload_type: "cost",
      data: {
        cost_type: "token_cost",
        model_id: read.model,
        request_id: read.requestId,
        prompt_tokens: usage.input,
        completion_tokens: usage.output,
        total_tokens: usage.input + usage.output,
        cost_per_prompt_token: cost.costPerPromptToken,
        cost_per_completion_token: cost.costPerCompletionToken,
        total_cost_usd: cost.total,
        currency: "USD",
      },
    });
  }
  return { events, notices };
}
