/*
 * Names and recommended histogram boundaries from the OpenTelemetry semantic conventions for
 * generative AI (status: Development). Sources, quoted in the tests:
 * - attributes: open-telemetry/semantic-conventions-genai, docs/registry/attributes/gen-ai.md
 *   (the GenAI conventions moved there from open-telemetry/semantic-conventions after v1.37);
 * - metrics and their ExplicitBucketBoundaries: docs/gen-ai/gen-ai-metrics.md of the same repository;
 * - deprecated names: semantic-conventions model/gen-ai/deprecated/registry-deprecated.yaml
 *   (`gen_ai.system` → `gen_ai.provider.name`, `gen_ai.usage.prompt_tokens` →
 *   `gen_ai.usage.input_tokens`, `gen_ai.usage.completion_tokens` → `gen_ai.usage.output_tokens`);
 * - `error.type`, `server.*`, `service.name`, `deployment.environment.name`, `exception.type`:
 *   the stable general registry of open-telemetry/semantic-conventions.
 * Constant names follow `@opentelemetry/semantic-conventions` (ATTR_…, METRIC_…).
 */

/** The name of the operation being performed (`chat`, `embeddings`, `text_completion`, …). */
import { GEN_AI_DURATION_BOUNDARIES, GEN_AI_TOKEN_USAGE_BOUNDARIES } from "../../metrics/histogram.js";

export const ATTR_GEN_AI_OPERATION_NAME = "gen_ai.operation.name" as const;
/** The GenAI provider as identified by the instrumentation (`openai`, `anthropic`, `aws.bedrock`, …). */
export const ATTR_GEN_AI_PROVIDER_NAME = "gen_ai.provider.name" as const;
/** The name of the model a request is made to. */
export const ATTR_GEN_AI_REQUEST_MODEL = "gen_ai.request.model" as const;
/** Whether the request was made in streaming mode (boolean). */
export const ATTR_GEN_AI_REQUEST_STREAM = "gen_ai.request.stream" as const;
/** The name of the model that generated the response. */
export const ATTR_GEN_AI_RESPONSE_MODEL = "gen_ai.response.model" as const;
/** The unique identifier of the completion (`chatcmpl-123`). */
export const ATTR_GEN_AI_RESPONSE_ID = "gen_ai.response.id" as const;
/** Reasons the model stopped generating, one per choice (string[]). */
export const ATTR_GEN_AI_RESPONSE_FINISH_REASONS = "gen_ai.response.finish_reasons" as const;
/** Time to the first chunk of a streaming response, in seconds (double). */
export const ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK = "gen_ai.response.time_to_first_chunk" as const;
/** Input (prompt) tokens. The conventions say it SHOULD include every kind of input token, cached ones included. */
export const ATTR_GEN_AI_USAGE_INPUT_TOKENS = "gen_ai.usage.input_tokens" as const;
/** Output (completion) tokens, reasoning tokens included. */
export const ATTR_GEN_AI_USAGE_OUTPUT_TOKENS = "gen_ai.usage.output_tokens" as const;
/** Input tokens served from a provider-managed cache; SHOULD be included in `gen_ai.usage.input_tokens`. */
export const ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS = "gen_ai.usage.cache_read.input_tokens" as const;
/** Input tokens written to a provider-managed cache; SHOULD be included in `gen_ai.usage.input_tokens`. */
export const ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS = "gen_ai.usage.cache_creation.input_tokens" as const;
/** Output tokens used for reasoning; SHOULD be included in `gen_ai.usage.output_tokens`. */
export const ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS = "gen_ai.usage.reasoning.output_tokens" as const;
/** The kind of token a `gen_ai.client.token.usage` measurement counts (`input` or `output`). */
export const ATTR_GEN_AI_TOKEN_TYPE = "gen_ai.token.type" as const;

/** @deprecated Replaced by `gen_ai.provider.name` (still emitted by instrumentations on the v1.36 conventions). */
export const ATTR_GEN_AI_SYSTEM = "gen_ai.system" as const;
/** @deprecated Replaced by `gen_ai.usage.input_tokens`. */
export const ATTR_GEN_AI_USAGE_PROMPT_TOKENS = "gen_ai.usage.prompt_tokens" as const;
/** @deprecated Replaced by `gen_ai.usage.output_tokens`. */
export const ATTR_GEN_AI_USAGE_COMPLETION_TOKENS = "gen_ai.usage.completion_tokens" as const;

/** The class of error an operation ended with (stable; `_OTHER` when the instrumentation has no better value). */
export const ATTR_ERROR_TYPE = "error.type" as const;
/** The exception type recorded on an `exception` span event. */
export const ATTR_EXCEPTION_TYPE = "exception.type" as const;
/** GenAI server address. */
export const ATTR_SERVER_ADDRESS = "server.address" as const;
/** GenAI server port (int). */
export const ATTR_SERVER_PORT = "server.port" as const;
/** Resource attribute: the logical name of the service. */
export const ATTR_SERVICE_NAME = "service.name" as const;
/** Resource attribute: the deployment environment (`production`, `staging`). */
export const ATTR_DEPLOYMENT_ENVIRONMENT_NAME = "deployment.environment.name" as const;
/** @deprecated Resource attribute replaced by `deployment.environment.name`. */
export const ATTR_DEPLOYMENT_ENVIRONMENT = "deployment.environment" as const;

/** `error.type` fallback value when an operation failed and nothing names the error. */
export const ERROR_TYPE_VALUE_OTHER = "_OTHER" as const;
/** `gen_ai.token.type` values. */
export const GEN_AI_TOKEN_TYPE_VALUE_INPUT = "input" as const;
export const GEN_AI_TOKEN_TYPE_VALUE_OUTPUT = "output" as const;
/** The `gen_ai.operation.name` of an embeddings request, which generates no output tokens. */
export const GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS = "embeddings" as const;

/** Histogram of input and output tokens per operation, unit `{token}`. */
export const METRIC_GEN_AI_CLIENT_TOKEN_USAGE = "gen_ai.client.token.usage" as const;
/** Histogram of GenAI operation durations, unit `s` (required by the conventions). */
export const METRIC_GEN_AI_CLIENT_OPERATION_DURATION = "gen_ai.client.operation.duration" as const;
/** Histogram of the time to the first chunk of streaming responses, unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK =
  "gen_ai.client.operation.time_to_first_chunk" as const;
/** Histogram of the time between output chunks of streaming responses, unit `s`. */
export const METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK =
  "gen_ai.client.operation.time_per_output_chunk" as const;

// The recommended ExplicitBucketBoundaries are the metrics module's GEN_AI_*_BOUNDARIES (one
// source): token usage powers of 4 from 1 to 4^13; operation duration, time to first chunk and
// time per output chunk all 0.01 s doubling to 81.92 s.

/** One GenAI client metric instrument as the conventions define it. */
export interface GenAiMetricDefinition {
  readonly instrument: "histogram";
  readonly unit: string;
  readonly description: string;
  readonly buckets: readonly number[];
}

/** The GenAI client metrics with their unit and recommended boundaries, ready for an SDK view. */
export const GEN_AI_CLIENT_METRICS = {
  [METRIC_GEN_AI_CLIENT_TOKEN_USAGE]: {
    instrument: "histogram",
    unit: "{token}",
    description: "Number of input and output tokens used.",
    buckets: GEN_AI_TOKEN_USAGE_BOUNDARIES,
  },
  [METRIC_GEN_AI_CLIENT_OPERATION_DURATION]: {
    instrument: "histogram",
    unit: "s",
    description: "GenAI operation duration.",
    buckets: GEN_AI_DURATION_BOUNDARIES,
  },
  [METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK]: {
    instrument: "histogram",
    unit: "s",
    description:
      "Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream.",
    buckets: GEN_AI_DURATION_BOUNDARIES,
  },
  [METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK]: {
    instrument: "histogram",
    unit: "s",
    description:
      "Time per output chunk, recorded for each chunk received after the first one, measured as the time elapsed from the end of the previous chunk to the end of the current chunk.",
    buckets: GEN_AI_DURATION_BOUNDARIES,
  },
} as const satisfies Record<string, GenAiMetricDefinition>;
