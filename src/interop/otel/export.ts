import { epochNanosOf } from "../../core/timestamp.js";
import { AnalyticsEvent } from "../../events/schema/event.js";
import { readUnixNanos } from "./otlp.js";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_REQUEST_STREAM,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
  GEN_AI_CLIENT_METRICS,
  GEN_AI_TOKEN_TYPE_VALUE_INPUT,
  GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from "./semconv.js";

/** OpenTelemetry attributes as an SDK takes them (`span.setAttributes`, `histogram.record`). */
export type OtelAttributes = Readonly<Record<string, string | number | boolean>>;

/** One value to record on a GenAI client histogram. */
export interface OtelMeasurement {
  readonly name:
    | typeof METRIC_GEN_AI_CLIENT_OPERATION_DURATION
    | typeof METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK
    | typeof METRIC_GEN_AI_CLIENT_TOKEN_USAGE;
  /** The unit the conventions give the metric: `s` or `{token}`. */
  readonly unit: string;
  readonly value: number;
  /** The event's timestamp as OTLP nanoseconds (a decimal string, as OTLP/JSON writes it). */
  readonly timeUnixNano: string;
  readonly attributes: OtelAttributes;
}

const STRING_TAGS = [
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_ID,
  ATTR_SERVER_ADDRESS,
  ATTR_ERROR_TYPE,
] as const;
const INT_TAGS = [
  ATTR_SERVER_PORT,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
] as const;

/*
 * The attributes the conventions allow on the client metrics (gen-ai-metrics.md): low-cardinality
 * ones only — never the response id or the token counts.
 */
const METRIC_KEYS = [
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_SERVER_ADDRESS,
  ATTR_SERVER_PORT,
] as const;

type Mappable = {
  event: AnalyticsEvent;
  data: Extract<AnalyticsEvent["payload"], { payload_type: "telemetry" }>["data"] | TokenCostData;
};
type TokenCostData = Extract<
  Extract<AnalyticsEvent["payload"], { payload_type: "cost" }>["data"],
  { cost_type: "token_cost" }
>;

function mappable(fn: string, value: AnalyticsEvent): Mappable {
  const parsed = AnalyticsEvent.safeParse(value);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(event)"}: ${i.message}`).join("; ");
    throw new TypeError(`${fn}: invalid AnalyticsEvent: ${issues}`);
  }
  const event = parsed.data;
  const payload = event.payload;
  if (payload.payload_type === "telemetry") return { event, data: payload.data };
  if (payload.payload_type === "cost" && payload.data.cost_type === "token_cost") return { event, data: payload.data };
  const kind =
    payload.payload_type === "cost"
      ? payload.data.cost_type
      : payload.payload_type === "security"
        ? payload.data.security_type
        : payload.payload_type === "governance"
          ? payload.data.governance_type
          : payload.data.custom_type;
  throw new RangeError(
    `${fn}: a ${payload.payload_type} ${JSON.stringify(kind)} payload has no GenAI attributes; telemetry payloads and token_cost map`,
  );
}

function fromTags(fn: string, tags: Readonly<Record<string, string>>): Record<string, string | number | boolean> {
  const out: Record<string, string | number | boolean> = {};
  for (const key of STRING_TAGS) {
    const value = tags[key];
    if (value !== undefined) out[key] = value;
  }
  if (out[ATTR_GEN_AI_PROVIDER_NAME] === undefined && tags[ATTR_GEN_AI_SYSTEM] !== undefined) {
    out[ATTR_GEN_AI_PROVIDER_NAME] = tags[ATTR_GEN_AI_SYSTEM];
  }
  for (const key of INT_TAGS) {
    const value = tags[key];
    if (value === undefined) continue;
    if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
      throw new RangeError(`${fn}: tag ${key} must be a whole number, received ${JSON.stringify(value)}`);
    }
    out[key] = Number(value);
  }
  const stream = tags[ATTR_GEN_AI_REQUEST_STREAM];
  if (stream !== undefined) {
    if (stream !== "true" && stream !== "false") {
      throw new RangeError(
        `${fn}: tag ${ATTR_GEN_AI_REQUEST_STREAM} must be "true" or "false", received ${JSON.stringify(stream)}`,
      );
    }
    out[ATTR_GEN_AI_REQUEST_STREAM] = stream === "true";
  }
  return out;
}

function attributesOf(fn: string, { event, data }: Mappable): Record<string, string | number | boolean> {
  const out = fromTags(fn, event.tags);
  out[ATTR_GEN_AI_REQUEST_MODEL] ??= data.model_id;
  if ("request_id" in data && out[ATTR_GEN_AI_RESPONSE_ID] === undefined && data.request_id !== event.tags.span_id) {
    // An event imported from a span without gen_ai.response.id carries the span id here, which is no response id.
    out[ATTR_GEN_AI_RESPONSE_ID] = data.request_id;
  }
  if ("telemetry_type" in data && data.telemetry_type === "latency" && data.ttft_ms != null) {
    out[ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK] = data.ttft_ms / 1000;
  }
  if (("telemetry_type" in data && data.telemetry_type === "token_usage") || "cost_type" in data) {
    out[ATTR_GEN_AI_USAGE_INPUT_TOKENS] = data.prompt_tokens;
    out[ATTR_GEN_AI_USAGE_OUTPUT_TOKENS] = data.completion_tokens;
  }
  return out;
}

/**
 * The OpenTelemetry GenAI span attributes of a hub event (the reverse of eventsFromOtlpTraces).
 * `gen_ai.request.model` = the `gen_ai.request.model` tag, else `model_id`; `gen_ai.response.id`
 * = its tag, else `request_id`; a latency event's `ttft_ms` becomes
 * `gen_ai.response.time_to_first_chunk` in seconds; token_usage and token_cost events give
 * `gen_ai.usage.input_tokens`/`output_tokens` (prompt and completion tokens). Tags named like
 * GenAI attributes (provider, operation, models, server, `error.type`, cache and reasoning
 * counts, `gen_ai.request.stream`) come back with their OTel types (int, boolean); a deprecated
 * `gen_ai.system` tag becomes `gen_ai.provider.name` when that is missing.
 * Accepts telemetry payloads and token_cost; other payloads are an error. O(tags).
 */
export function otelAttributesOf(event: AnalyticsEvent): OtelAttributes {
  return attributesOf("otelAttributesOf", mappable("otelAttributesOf", event));
}

/**
 * The GenAI client metric measurements of a hub event, with the low-cardinality attributes the
 * conventions define for them (gen-ai-metrics.md): a latency event gives
 * `gen_ai.client.operation.duration` (total_latency_ms / 1000 s, with `error.type` when tagged)
 * and, with `ttft_ms`, `gen_ai.client.operation.time_to_first_chunk`; a token_usage event gives
 * two `gen_ai.client.token.usage` values tagged `gen_ai.token.type` `input` and `output`. Other
 * telemetry and token_cost events give none (a token_cost event repeats a token_usage event's
 * counts, which would be counted twice). Record them on histograms built from
 * GEN_AI_CLIENT_METRICS. O(tags).
 */
export function otelMeasurementsOf(event: AnalyticsEvent): OtelMeasurement[] {
  const fn = "otelMeasurementsOf";
  const target = mappable(fn, event);
  const all = attributesOf(fn, target);
  const base: Record<string, string | number | boolean> = {};
  for (const key of METRIC_KEYS) {
    const value = all[key];
    if (value !== undefined) base[key] = value;
  }
  // OTLP times are unsigned 64-bit nanoseconds: an event before 1970 cannot be carried.
  const timeUnixNano = String(
    readUnixNanos(epochNanosOf(fn, "event.timestamp", target.event.timestamp), fn, "event.timestamp"),
  );
  const data = target.data;
  if ("cost_type" in data) return [];
  const measure = (
    name: OtelMeasurement["name"],
    value: number,
    attributes: Record<string, string | number | boolean>,
  ): OtelMeasurement => ({ name, unit: GEN_AI_CLIENT_METRICS[name].unit, value, timeUnixNano, attributes });
  if (data.telemetry_type === "latency") {
    const withError = all[ATTR_ERROR_TYPE] === undefined ? base : { ...base, [ATTR_ERROR_TYPE]: all[ATTR_ERROR_TYPE] };
    const out = [measure(METRIC_GEN_AI_CLIENT_OPERATION_DURATION, data.total_latency_ms / 1000, withError)];
    if (data.ttft_ms != null) {
      out.push(measure(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK, data.ttft_ms / 1000, { ...base }));
    }
    return out;
  }
  if (data.telemetry_type === "token_usage") {
    return [
      measure(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, data.prompt_tokens, {
        ...base,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_INPUT,
      }),
      measure(METRIC_GEN_AI_CLIENT_TOKEN_USAGE, data.completion_tokens, {
        ...base,
        [ATTR_GEN_AI_TOKEN_TYPE]: GEN_AI_TOKEN_TYPE_VALUE_OUTPUT,
      }),
    ];
  }
  return [];
}
