import type { OtelAttributeMap, OtelValue, SpanRecord } from "./otlp.js";

/*
 * The attribute dialects of LLM spans in the wild, and where each hub field comes from in each
 * (docs/interop.md has the same table with sources):
 * - `otel`: the OpenTelemetry GenAI semantic conventions, current and deprecated names
 *   (open-telemetry/semantic-conventions-genai, docs/registry/attributes/gen-ai.md);
 * - `openllmetry`: Traceloop's OpenLLMetry (`traceloop.*`, `llm.*`, and its own `gen_ai.usage.*`
 *   spellings: @traceloop/ai-semantic-conventions);
 * - `openinference`: Arize OpenInference (`openinference.span.kind`, `llm.*`, `embedding.*`:
 *   @arizeai/openinference-semantic-conventions);
 * - `vercel`: the Vercel AI SDK's `ai.*` spans (ai-sdk.dev/docs/ai-sdk-core/telemetry).
 * Names used by one product only (the Anthropic SDK's own `gen_ai.usage.cache_write.input_tokens`,
 * Sentry's `gen_ai.usage.input_tokens.cached`) are read as aliases of the convention they mean.
 */

export const OTLP_DIALECTS = ["otel", "openllmetry", "openinference", "vercel"] as const;
export type OtlpDialect = (typeof OTLP_DIALECTS)[number];

/** Attribute names per field, in order of preference (the first present wins). */
export const SOURCES = {
  operation: ["gen_ai.operation.name", "llm.request.type"],
  provider: ["gen_ai.provider.name", "gen_ai.system", "llm.provider", "llm.system", "ai.model.provider"],
  requestModel: ["gen_ai.request.model", "llm.request.model", "ai.model.id"],
  responseModel: [
    "gen_ai.response.model",
    "llm.response.model",
    "ai.response.model",
    "llm.model_name",
    "embedding.model_name",
  ],
  responseId: ["gen_ai.response.id", "ai.response.id"],
  input: [
    "gen_ai.usage.input_tokens",
    "gen_ai.usage.prompt_tokens",
    "llm.token_count.prompt",
    "ai.usage.inputTokens",
    "ai.usage.promptTokens",
    "ai.usage.tokens",
  ],
  output: [
    "gen_ai.usage.output_tokens",
    "gen_ai.usage.completion_tokens",
    "llm.token_count.completion",
    "ai.usage.outputTokens",
    "ai.usage.completionTokens",
  ],
  total: ["gen_ai.usage.total_tokens", "llm.usage.total_tokens", "llm.token_count.total", "ai.usage.totalTokens"],
  cacheRead: [
    "gen_ai.usage.cache_read.input_tokens",
    "gen_ai.usage.cache_read_input_tokens",
    "gen_ai.usage.input_tokens.cached",
    "llm.token_count.prompt_details.cache_read",
    "ai.usage.cachedInputTokens",
    "ai.usage.inputTokenDetails.cacheReadTokens",
  ],
  cacheWrite: [
    "gen_ai.usage.cache_creation.input_tokens",
    "gen_ai.usage.cache_write.input_tokens",
    "gen_ai.usage.cache_creation_input_tokens",
    "gen_ai.usage.input_tokens.cache_write",
    "llm.token_count.prompt_details.cache_write",
    "ai.usage.inputTokenDetails.cacheWriteTokens",
  ],
  reasoning: [
    "gen_ai.usage.reasoning.output_tokens",
    "gen_ai.usage.reasoning_tokens",
    "gen_ai.usage.output_tokens.reasoning",
    "llm.token_count.completion_details.reasoning",
    "ai.usage.reasoningTokens",
    "ai.usage.outputTokenDetails.reasoningTokens",
  ],
  finishReasons: [
    "gen_ai.response.finish_reasons",
    "ai.response.finishReason",
    "llm.finish_reason",
    "llm.response.finish_reason",
  ],
  ttftSeconds: ["gen_ai.response.time_to_first_chunk"],
  ttftMs: ["ai.response.msToFirstChunk"],
  stream: ["gen_ai.request.stream", "llm.is_streaming"],
  serverAddress: ["server.address"],
  serverPort: ["server.port"],
  errorType: ["error.type"],
} as const;

export type SourceField = keyof typeof SOURCES;

/** The value of the first present attribute of a field, with its name. */
export function firstOf(attrs: OtelAttributeMap, field: SourceField): { key: string; value: OtelValue } | undefined {
  for (const key of SOURCES[field]) {
    const value = attrs.get(key);
    if (value !== undefined && value.type !== "empty") return { key, value };
  }
  return undefined;
}

/** Every present attribute of a field (to find disagreeing spellings). */
export function allOf(attrs: OtelAttributeMap, field: SourceField): { key: string; value: OtelValue }[] {
  const out: { key: string; value: OtelValue }[] = [];
  for (const key of SOURCES[field]) {
    const value = attrs.get(key);
    if (value !== undefined && value.type !== "empty") out.push({ key, value });
  }
  return out;
}

const VERCEL_OPERATIONS =
  /^ai\.(generateText|streamText|generateObject|streamObject|embed|embedMany)(\.(doGenerate|doStream|doEmbed))?$/;

/** The Vercel AI SDK operation id of a span (`ai.generateText.doGenerate`), if it is one. */
export function vercelOperation(span: SpanRecord): string | undefined {
  const id = span.attributes.get("ai.operationId");
  const candidate = id?.type === "string" ? id.value : span.name.split(" ")[0];
  return candidate !== undefined && VERCEL_OPERATIONS.test(candidate) ? candidate : undefined;
}

/** Which dialect a span speaks, or undefined for a span with no LLM attributes. */
export function dialectOf(span: SpanRecord): OtlpDialect | undefined {
  const attrs = span.attributes;
  if (attrs.has("openinference.span.kind")) return "openinference";
  if (
    vercelOperation(span) !== undefined ||
    attrs.has("ai.model.id") ||
    attrs.has("ai.operationId") ||
    attrs.has("ai.toolCall.name") ||
    span.name.startsWith("ai.toolCall")
  ) {
    return "vercel";
  }
  const traceloop =
    attrs.has("traceloop.span.kind") ||
    attrs.has("traceloop.entity.name") ||
    attrs.has("llm.request.type") ||
    attrs.has("llm.usage.total_tokens") ||
    span.scopeName.startsWith("@traceloop/");
  const genAi = [...attrs.keys()].some((k) => k.startsWith("gen_ai."));
  if (traceloop && (genAi || attrs.has("llm.request.type"))) return "openllmetry";
  if (traceloop && attrs.has("traceloop.span.kind")) return "openllmetry";
  if (genAi) return "otel";
  return undefined;
}

/**
 * Normalized `gen_ai.provider.name` values (the conventions' well-known values) for the
 * spellings the dialects use: OpenLLMetry's capitalized `gen_ai.system` ("OpenAI"), the Vercel
 * AI SDK's `<provider>.<api>` ids ("openai.chat", "anthropic.messages", "amazon-bedrock"),
 * OpenInference's `llm.provider` ("azure", "google", "aws").
 */
export function normalizeProvider(raw: string): string {
  const lower = raw.trim().toLowerCase();
  const head = lower.split(".")[0] ?? lower;
  if (lower === "aws.bedrock" || head === "amazon-bedrock" || head === "bedrock" || lower === "aws")
    return "aws.bedrock";
  if (lower.startsWith("azure") || head === "azure-openai")
    return lower === "azure.ai.inference" ? lower : "azure.ai.openai";
  if (lower.startsWith("gcp.")) return lower;
  if (head === "vertex" || head === "google.vertex" || lower.startsWith("google.vertex")) return "gcp.vertex_ai";
  if (head === "google" || head === "gemini" || head === "google-generative-ai") return "gcp.gemini";
  if (head === "xai") return "x_ai";
  if (head === "mistralai") return "mistral_ai";
  return head;
}

/** Operation names from the dialects' own vocabularies, as `gen_ai.operation.name` values. */
export function normalizeOperation(raw: string): string {
  switch (raw) {
    case "completion":
      return "text_completion";
    case "embedding":
      return "embeddings";
    default:
      return raw;
  }
}
