import type * as z from "zod";
import { type Issue, jsonPointer } from "../../core/issue.js";
import { DEFAULT_SOURCE_MODULES } from "../../events/build.js";
import type { Severity, SourceModule } from "../../events/schema/common.js";
import type { AnalyticsEvent, AnalyticsEventInput } from "../../events/schema/event.js";
import { FastAnalyticsEvent } from "../../fast/event.js";
import { assertNonNegative } from "../../stats/validate.js";
import { type Call, type Classified, classify, spanBase } from "./classify.js";
import { type OtelEventKind, spanEventId, traceCorrelationId } from "./ids.js";
import { type OtlpTracesInput, type SpanRecord, unixNanosToTimestamp } from "./otlp.js";
import { placeAt, type ReadIssue, readOtlpSpans, type SpanNoticeFields } from "./read.js";
import {
  ATTR_DEPLOYMENT_ENVIRONMENT,
  ATTR_DEPLOYMENT_ENVIRONMENT_NAME,
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
} from "./semconv.js";
import { type Notify, stringOf } from "./span-reader.js";
import { costOf, type Usage } from "./usage.js";

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
  "blank_line",
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
 * - no events for the span or document: `blank_line` (a blank line of JSON Lines input),
 *   `invalid_document` (a line or element that is not OTLP), `invalid_span` (unreadable ids or times), `not_gen_ai` (no LLM attributes in any
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

function assertOptions(options: OtlpImportOptions): void {
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
      assertNonNegative(FN, value as number, `options.prices[${JSON.stringify(model)}].${field}`);
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
  assertOptions(options);
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
