import { describe, expect, it } from "vitest";
import {
  ATTR_ERROR_TYPE,
  ATTR_GEN_AI_OPERATION_NAME,
  ATTR_GEN_AI_PROVIDER_NAME,
  ATTR_GEN_AI_REQUEST_MODEL,
  ATTR_GEN_AI_RESPONSE_MODEL,
  ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
  ATTR_GEN_AI_SYSTEM,
  ATTR_GEN_AI_TOKEN_TYPE,
  ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_COMPLETION_TOKENS,
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
  ATTR_GEN_AI_USAGE_PROMPT_TOKENS,
  ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
  ERROR_TYPE_VALUE_OTHER,
  GEN_AI_CLIENT_METRICS,
  METRIC_GEN_AI_CLIENT_OPERATION_DURATION,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK,
  METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
} from "../../src/interop/otel.js";
import { GEN_AI_DURATION_BOUNDARIES, GEN_AI_TOKEN_USAGE_BOUNDARIES } from "../../src/metrics/index.js";

// Expected text copied from open-telemetry/semantic-conventions-genai: docs/registry/attributes/gen-ai.md
// (attribute keys), docs/gen-ai/gen-ai-metrics.md (metric names, units, "This metric SHOULD be
// specified with ExplicitBucketBoundaries of [...]"), and semantic-conventions'
// registry-deprecated.yaml ("Replaced by `gen_ai.provider.name`" etc.).
describe("GenAI semantic convention constants", () => {
  it("name the attributes as the registry does", () => {
    expect([
      ATTR_GEN_AI_OPERATION_NAME,
      ATTR_GEN_AI_PROVIDER_NAME,
      ATTR_GEN_AI_REQUEST_MODEL,
      ATTR_GEN_AI_RESPONSE_MODEL,
      ATTR_GEN_AI_RESPONSE_TIME_TO_FIRST_CHUNK,
      ATTR_GEN_AI_USAGE_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_OUTPUT_TOKENS,
      ATTR_GEN_AI_USAGE_CACHE_READ_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_CACHE_CREATION_INPUT_TOKENS,
      ATTR_GEN_AI_USAGE_REASONING_OUTPUT_TOKENS,
      ATTR_GEN_AI_TOKEN_TYPE,
      ATTR_ERROR_TYPE,
    ]).toEqual([
      "gen_ai.operation.name",
      "gen_ai.provider.name",
      "gen_ai.request.model",
      "gen_ai.response.model",
      "gen_ai.response.time_to_first_chunk",
      "gen_ai.usage.input_tokens",
      "gen_ai.usage.output_tokens",
      "gen_ai.usage.cache_read.input_tokens",
      "gen_ai.usage.cache_creation.input_tokens",
      "gen_ai.usage.reasoning.output_tokens",
      "gen_ai.token.type",
      "error.type",
    ]);
    expect([ATTR_GEN_AI_SYSTEM, ATTR_GEN_AI_USAGE_PROMPT_TOKENS, ATTR_GEN_AI_USAGE_COMPLETION_TOKENS]).toEqual([
      "gen_ai.system",
      "gen_ai.usage.prompt_tokens",
      "gen_ai.usage.completion_tokens",
    ]);
    expect(ERROR_TYPE_VALUE_OTHER).toBe("_OTHER");
  });

  it("name the client metrics and their units as gen-ai-metrics.md does", () => {
    expect(METRIC_GEN_AI_CLIENT_TOKEN_USAGE).toBe("gen_ai.client.token.usage");
    expect(METRIC_GEN_AI_CLIENT_OPERATION_DURATION).toBe("gen_ai.client.operation.duration");
    expect(METRIC_GEN_AI_CLIENT_OPERATION_TIME_TO_FIRST_CHUNK).toBe("gen_ai.client.operation.time_to_first_chunk");
    expect(METRIC_GEN_AI_CLIENT_OPERATION_TIME_PER_OUTPUT_CHUNK).toBe("gen_ai.client.operation.time_per_output_chunk");
    expect(Object.entries(GEN_AI_CLIENT_METRICS).map(([name, m]) => [name, m.instrument, m.unit])).toEqual([
      ["gen_ai.client.token.usage", "histogram", "{token}"],
      ["gen_ai.client.operation.duration", "histogram", "s"],
      ["gen_ai.client.operation.time_to_first_chunk", "histogram", "s"],
      ["gen_ai.client.operation.time_per_output_chunk", "histogram", "s"],
    ]);
  });

  it("carry the recommended ExplicitBucketBoundaries verbatim", () => {
    expect(GEN_AI_TOKEN_USAGE_BOUNDARIES).toEqual([
      1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864,
    ]);
    expect(GEN_AI_DURATION_BOUNDARIES).toEqual([
      0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92,
    ]);
    expect(GEN_AI_CLIENT_METRICS[METRIC_GEN_AI_CLIENT_TOKEN_USAGE].buckets).toBe(GEN_AI_TOKEN_USAGE_BOUNDARIES);
    expect(GEN_AI_CLIENT_METRICS[METRIC_GEN_AI_CLIENT_OPERATION_DURATION].buckets).toBe(GEN_AI_DURATION_BOUNDARIES);
  });
});
