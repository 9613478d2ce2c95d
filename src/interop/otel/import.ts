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
import { placeAt, readOtlpSpans } from "./read.js";
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
export interface OtlpImportNotice extends Issue<OtlpImportNoticeCode> {
  /** The 1-based line of the document, for JSON Lines input (the collector's file exporter). */
  readonly line?: number;
  /** Keys and indices from the document's root (never a symbol). */
  readonly path: readonly (string | number)[];
  /** The span's ids and name, when the notice concerns a span whose ids are readable. */
  readonly traceId?: string;
  readonly spanId?: string;
  readonly spanName?: string;
  /** The attribute (or OTLP field) concerned, when there is one. */
  readonly attribute?: string;
  readonly message: string;
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
  const attrs = span.attributes;
  let operation = r.string("operation")?.value;
  if (operation !== undefined) operation = normalizeOperation(operation);
  let aggregate = false;
  let streamed: boolean | undefined;
  if (dialect === "openinference") {
    const kind = stringOf(attrs, "openinference.span.kind")?.toUpperCase() ?? "";
    const known = OPENINFERENCE_KINDS[kind];
    if (known === undefined) {
      return skipWith("not_model_call", `an OpenInference ${kind || "(no kind)"} span calls no model`);
    }
    operation ??= known.operation;
    aggregate = known.aggregate === true;
  } else if (dialect === "vercel") {
    const op = vercelOperation(span);
    if (op === undefined) return skipWith("not_model_call", `a Vercel AI SDK ${span.name} span calls no model`);
    if (op.endsWith(".doEmbed")) operation = GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS;
    else if (op.includes(".do")) operation = operation && operation !== op ? operation : "chat";
    else {
      aggregate = true;
      operation = op;
    }
    if (op.endsWith(".doStream")) streamed = true;
  } else {
    const traceloopKind = stringOf(attrs, "traceloop.span.kind");
    if (traceloopKind === "tool") return skipWith("not_model_call", "an OpenLLMetry tool span calls no model");
    if (traceloopKind === "workflow" || traceloopKind === "agent" || traceloopKind === "task") aggregate = true;
  }
  if (operation !== undefined && NOT_MODEL_OPERATIONS.has(operation)) {
    return skipWith("not_model_call", `gen_ai.operation.name ${operation} calls no model`);
  }
  if (operation !== undefined && AGGREGATE_OPERATIONS.has(operation)) aggregate = true;

  let requestModel = r.string("requestModel");
  // OpenInference keeps the request's model only inside llm.invocation_parameters (JSON).
  const invocation = dialect === "openinference" ? stringOf(attrs, "llm.invocation_parameters") : undefined;
  if (requestModel === undefined && invocation !== undefined) {
    try {
      const parsed: unknown = JSON.parse(invocation);
      const m = (parsed as { model?: unknown } | null)?.model;
      if (typeof m === "string" && m !== "") requestModel = { key: "llm.invocation_parameters", value: m };
    } catch {
      notify("invalid_attribute", "llm.invocation_parameters is not JSON; ignored", "llm.invocation_parameters");
    }
  }
  // OpenInference's llm.model_name is the request's model until the response overwrites it.
  const responseModel = r.string("responseModel");
  // One model id per requested model, whatever the outcome: every call has the request's model
  // (the conventions require it when available), only a call that got a response has the
  // response's (often a dated snapshot: gpt-4o → gpt-4o-2024-08-06). Naming successes by the
  // response and failures by the request would split one model's traffic in two. The response
  // model stays in its tag.
  const model = requestModel?.value ?? responseModel?.value;
  if (model === undefined) {
    return skipWith(
      "no_model",
      `${aggregate ? "an agent/workflow span" : "a model call"} without gen_ai.request.model, gen_ai.response.model or a dialect's model attribute, so no model_id`,
    );
  }
  const providerRaw = r.string("provider")?.value;
  const provider = providerRaw === undefined ? undefined : normalizeProvider(providerRaw);
  const durationMs = Number(span.endNanos - span.startNanos) / 1e6;

  // Time to first chunk: seconds in the conventions, milliseconds in the Vercel AI SDK.
  let ttftMs: number | undefined;
  const ttftS = r.number("ttftSeconds");
  const ttftVercel = ttftS === undefined ? r.number("ttftMs") : undefined;
  const ttft =
    ttftS !== undefined
      ? { key: ttftS.key, ms: ttftS.value * 1000 }
      : ttftVercel && { key: ttftVercel.key, ms: ttftVercel.value };
  if (ttft !== undefined) {
    if (!(ttft.ms >= 0) || ttft.ms > durationMs) {
      notify(
        "invalid_attribute",
        `${ttft.key} (${ttft.ms} ms) is ${ttft.ms < 0 ? "negative" : `longer than the span (${durationMs} ms)`}; ignored`,
        ttft.key,
      );
    } else ttftMs = ttft.ms;
  }

  const usage = usageOf(r, { provider, model, operation });
  const responseId = r.string("responseId")?.value;
  const stream = r.bool("stream")?.value ?? streamed;
  const serverAddress = r.string("serverAddress")?.value;
  const serverPort = r.count("serverPort")?.value;
  const finishReasons = r.finishReasons();
  const errorType = errorTypeOf(span, r.string("errorType")?.value);

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
  put(ATTR_GEN_AI_PROVIDER_NAME, provider);
  if (providerRaw !== undefined && providerRaw !== provider) put(ATTR_GEN_AI_SYSTEM, providerRaw);
  put(ATTR_GEN_AI_OPERATION_NAME, operation);
  put(ATTR_GEN_AI_REQUEST_MODEL, requestModel?.value);
  put(ATTR_GEN_AI_RESPONSE_MODEL, responseModel?.value);
  put(ATTR_GEN_AI_RESPONSE_ID, responseId);
  if (finishReasons !== undefined) put(ATTR_GEN_AI_RESPONSE_FINISH_REASONS, finishReasons.join(","));
  put(ATTR_GEN_AI_REQUEST_STREAM, stream);
  if (
    usage?.reportedInput !== undefined &&
    (usage.value === undefined || usage.reportedInput !== BigInt(usage.value.prompt))
  ) {
    put(ATTR_GEN_AI_USAGE_INPUT_TOKENS, usage.reportedInput);
  }
  put(ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS, usage?.cacheRead);
  put(ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS, usage?.cacheWrite);
  put(ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS, usage?.reasoning);
  put(ATTR_SERVER_ADDRESS, serverAddress);
  put(ATTR_SERVER_PORT, serverPort);
  put(ATTR_ERROR_TYPE, errorType);
  if (span.statusCode !== 0) put("otel.status_code", span.statusCode === 2 ? "ERROR" : "OK");
  if (span.statusCode === 2) put("otel.status_description", span.statusMessage);

  return {
    call: {
      span,
      dialect,
      model,
      requestModel: requestModel?.value,
      responseModel: responseModel?.value,
      operation,
      aggregate,
      usage: usage?.value,
      ttftMs,
      isError: errorType !== undefined,
      requestId: responseId ?? span.spanId,
      tags,
    },
  };
}

/**
 * The hub's token counts from whatever the span reports, with provider semantics:
 * `prompt_tokens` includes cached input tokens and `completion_tokens` includes reasoning
 * tokens, as the conventions define `gen_ai.usage.input_tokens`/`output_tokens`. An
 * instrumentation that passes Anthropic's `input_tokens` through (cache reads and writes
 * excluded) is recognized by the numbers (cache > input, or a total that counts the cache), by
 * its scope (KNOWN_INPUT_SEMANTICS), else the conventions are assumed with a notice.
 */
function usageOf(
  r: SpanReader,
  call: { readonly provider: string | undefined; readonly model: string; readonly operation: string | undefined },
):
  | {
      value: Usage | undefined;
      reportedInput: bigint | undefined;
      cacheRead: bigint | undefined;
      cacheWrite: bigint | undefined;
      reasoning: bigint | undefined;
    }
  | undefined {
  const { span, notify } = r;
  const { provider, model, operation } = call;
  const input = r.count("input");
  let output = r.count("output");
  const total = r.count("total");
  const cacheRead = r.count("cacheRead");
  const cacheWrite = r.count("cacheWrite");
  const reasoning = r.count("reasoning");
  const reported = {
    reportedInput: input?.value,
    cacheRead: cacheRead?.value,
    cacheWrite: cacheWrite?.value,
    reasoning: reasoning?.value,
  };
  if (input === undefined && output === undefined && total === undefined) {
    notify(
      "no_usage",
      "no token counts (input_tokens/output_tokens or a dialect's spelling), so no token_usage or token_cost event",
    );
    return { value: undefined, ...reported };
  }
  // An embeddings call generates no tokens: a missing output count there is zero, not unknown.
  if (output === undefined && input !== undefined && operation === GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS) {
    output = { key: "(embeddings)", value: 0n };
  }
  if (input === undefined || output === undefined) {
    const missing = input === undefined ? "input" : "output";
    notify("no_usage", `no ${missing} token count, so no token_usage or token_cost event`);
    return { value: undefined, ...reported };
  }
  const cr = cacheRead?.value ?? 0n;
  const cw = cacheWrite?.value ?? 0n;
  const cache = cr + cw;
  let excludesCache = false;
  if (cache > 0n) {
    const semantics = KNOWN_INPUT_SEMANTICS[span.scopeName];
    if (cache > input.value) excludesCache = true;
    else if (total !== undefined && total.value === input.value + output.value + cache && cache > 0n)
      excludesCache = true;
    else if (semantics !== undefined && apiExcludesCache(provider, model))
      excludesCache = semantics === "excludes_cache";
    else if (apiExcludesCache(provider, model)) {
      notify(
        "usage_assumed",
        `${input.key} (${input.value}) may or may not include the ${cache} cached input tokens (${provider}'s API reports them apart; the conventions include them); read as including them, as the conventions say. If this instrumentation passes the API's count through, prompt_tokens is ${cache} too low`,
        input.key,
      );
    }
  }
  let reasoningApart = false;
  if (reasoning !== undefined && reasoning.value > output.value) reasoningApart = true;
  else if (
    reasoning !== undefined &&
    reasoning.value > 0n &&
    total !== undefined &&
    total.value === input.value + (excludesCache ? cache : 0n) + output.value + reasoning.value
  ) {
    reasoningApart = true;
  }
  const prompt = excludesCache ? input.value + cache : input.value;
  const completion = reasoningApart ? output.value + (reasoning?.value ?? 0n) : output.value;
  if (excludesCache && KNOWN_INPUT_SEMANTICS[span.scopeName] === undefined && cache > input.value) {
    // Certain from the numbers; worth saying, since the span contradicts the conventions.
    notify(
      "usage_conflict",
      `cache reads (${cr}) + writes (${cw}) exceed ${input.key} (${input.value}), which the conventions say includes them: read as ${provider ?? "the provider"}'s count without cached tokens, prompt_tokens = ${prompt}`,
      input.key,
    );
  }
  if (reasoningApart) {
    notify(
      "usage_conflict",
      `${reasoning?.key} (${reasoning?.value}) is not inside ${output.key} (${output.value}) as the conventions say; completion_tokens = ${completion}`,
      reasoning?.key,
    );
  }
  if (total !== undefined && total.value !== prompt + completion && total.value !== input.value + output.value) {
    notify(
      "usage_conflict",
      `${total.key} (${total.value}) is neither prompt + completion (${prompt + completion}) nor input + output; it is ignored`,
      total.key,
    );
  }
  if (prompt + completion > BigInt(U32_MAX)) {
    notify(
      "no_usage",
      `${prompt} + ${completion} tokens exceed the u32 maximum of the hub's token counts; no token events`,
    );
    return { value: undefined, ...reported };
  }
  return {
    value: {
      prompt: Number(prompt),
      completion: Number(completion),
      cacheRead: Number(cr),
      cacheWrite: Number(cw),
      cacheReported: cacheRead !== undefined || cacheWrite !== undefined,
    },
    ...reported,
  };
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
  const notices: OtlpImportNotice[] = [];
  // Reader notices about documents come first; those about a span go with the span's own.
  const bySpan = new Map<string, OtlpImportNotice[]>();
  for (const notice of issues) {
    if (notice.spanId !== undefined && notice.traceId !== undefined && notice.code !== "invalid_span") {
      const key = spanKey(notice.traceId, notice.spanId);
      bySpan.set(key, [...(bySpan.get(key) ?? []), notice]);
    } else notices.push(notice);
  }
  const invalid = issues.filter((i) => i.code === "invalid_span").length;

  const spanNotices = new Map<SpanRecord, OtlpImportNotice[]>();
  const classified = spans.map((span) => {
    const own: OtlpImportNotice[] = [...(bySpan.get(spanKey(span.traceId, span.spanId)) ?? [])];
    const result = classify(span, own);
    spanNotices.set(span, own);
    return result;
  });

  // Which spans get events, and which have a model call below them in the input.
  const byId = new Map<string, SpanRecord>();
  for (const span of spans) byId.set(spanKey(span.traceId, span.spanId), span);
  const mapped = new Set<string>();
  const hasCallBelow = new Set<string>();
  for (const c of classified) {
    if (!("call" in c)) continue;
    const span = c.call.span;
    mapped.add(spanKey(span.traceId, span.spanId));
    if (c.call.aggregate) continue;
    const seen = new Set<string>();
    let parent = span.parentSpanId;
    while (parent !== undefined) {
      const key = spanKey(span.traceId, parent);
      if (seen.has(key)) break;
      seen.add(key);
      hasCallBelow.add(key);
      parent = byId.get(key)?.parentSpanId;
    }
  }
  const eventParent = (span: SpanRecord): string | undefined => {
    const seen = new Set<string>();
    let parent = span.parentSpanId;
    while (parent !== undefined) {
      const key = spanKey(span.traceId, parent);
      if (seen.has(key)) return undefined;
      seen.add(key);
      if (mapped.has(key)) return spanEventId(span.traceId, parent);
      parent = byId.get(key)?.parentSpanId;
    }
    return undefined;
  };

  const events: AnalyticsEvent[] = [];
  const defaulted = new Set<string>();
  const correlationIds = new Map<string, string>();
  let mappedCount = 0;
  let skippedCount = 0;
  classified.forEach((c, index) => {
    const span = spans[index] as SpanRecord;
    const own = spanNotices.get(span) ?? [];
    if ("skip" in c) {
      notices.push(...own, c.skip);
      skippedCount++;
      return;
    }
    mappedCount++;
    const call = c.call;
    const base = spanBase(span);
    const notify: Notify = (code, message, attribute) =>
      own.push({ code, ...base, ...(attribute === undefined ? {} : { attribute }), message });
    let environment =
      options.environment ??
      stringOf(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT_NAME) ??
      stringOf(span.resource, ATTR_DEPLOYMENT_ENVIRONMENT);
    if (environment === undefined) {
      environment = OTLP_DEFAULT_ENVIRONMENT;
      const resource = span.resourcePlace;
      const key = resource === undefined ? "" : `${resource.line ?? 0} ${jsonPointer(resource.path)}`;
      if (!defaulted.has(key)) {
        defaulted.add(key);
        notices.push({
          code: "default_environment",
          // Spans read without a resource (a bare span or scopeSpans): the first such span.
          ...placeAt(resource ?? span.place),
          attribute: ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
          message: `no ${ATTR_DEPLOYMENT_ENVIRONMENT_NAME} (${resource === undefined ? "spans read without a resource" : "the SDK default resource has none"}): the events of its spans get environment "${OTLP_DEFAULT_ENVIRONMENT}"; pass options.environment to choose one`,
        });
      }
    }
    const parentEventId = eventParent(span);
    // Stamped when the call ended, as the hub's producers stamp an event when they emit it (a
    // latency is known only then); the start stays in the tag otel.span.start_time.
    const timestamp = unixNanosToTimestamp(span.endNanos);
    let correlationId = correlationIds.get(span.traceId);
    if (correlationId === undefined) {
      correlationId = traceCorrelationId(span.traceId);
      correlationIds.set(span.traceId, correlationId);
    }
    const tags = { ...options.tags, ...call.tags };
    const make = (
      kind: OtelEventKind,
      family: "telemetry" | "cost",
      severity: Severity,
      payload: AnalyticsEventInput["payload"],
    ) => {
      const document: AnalyticsEventInput = {
        event_id: spanEventId(span.traceId, span.spanId, kind),
        timestamp,
        source_module: options.sourceModules?.[family] ?? DEFAULT_SOURCE_MODULES[family],
        event_type: family,
        correlation_id: correlationId,
        ...(parentEventId === undefined ? {} : { parent_event_id: parentEventId }),
        severity,
        environment,
        tags: { ...tags },
        payload,
      };
      // The generated parser: AnalyticsEvent.parse's exact output, without Zod's interpreter.
      const parsed = FastAnalyticsEvent.safeParse(document);
      if (!parsed.success) {
        notify(
          "invalid_attribute",
          `the ${kind} event is not a valid hub event (${issuesText(parsed.error)}); it is left out`,
        );
        return;
      }
      events.push(parsed.data);
    };
    make("latency", "telemetry", call.isError ? "error" : "info", {
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
    if (usage !== undefined && call.aggregate && hasCallBelow.has(spanKey(span.traceId, span.spanId))) {
      notify(
        "aggregate_usage",
        `${call.operation ?? "agent"} span: its ${usage.prompt} + ${usage.completion} tokens sum model calls that are in the input and get their own events, so no token_usage or token_cost event here (they would be counted twice)`,
      );
    } else if (usage !== undefined) {
      make("token_usage", "telemetry", "info", {
        payload_type: "telemetry",
        data: {
          telemetry_type: "token_usage",
          model_id: call.model,
          request_id: call.requestId,
          prompt_tokens: usage.prompt,
          completion_tokens: usage.completion,
          total_tokens: usage.prompt + usage.completion,
        },
      });
      if (options.prices !== undefined) {
        const prices = options.prices;
        const priced = [call.responseModel, call.requestModel].find(
          (m): m is string => m !== undefined && Object.hasOwn(prices, m),
        );
        if (priced === undefined) {
          notify(
            "no_price",
            `the price table has no ${[call.responseModel, call.requestModel]
              .filter(Boolean)
              .map((m) => JSON.stringify(m))
              .join(" or ")}, so no token_cost event`,
          );
        } else {
          const cost = costOf(usage, prices[priced] as ModelPrice, priced, notify);
          make("token_cost", "cost", "info", {
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
      }
    }
    notices.push(...own);
  });
  return { events, notices, spans: { read: spans.length, mapped: mappedCount, skipped: skippedCount, invalid } };
}
