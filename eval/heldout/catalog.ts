/*
 * The held-out generator's world: models as they are named by the providers and gateways that
 * serve them (dated snapshots, Bedrock ids, LiteLLM's provider/ prefixes), with latency, size and
 * price profiles of their class. Independent of eval/world.ts and src/cli/synthetic.
 */

export type ModelClass = "frontier" | "small" | "reasoning" | "open" | "embedding";

export interface ModelEntry {
  /** The name the instrumentation reports (request model). */
  readonly name: string;
  /** The dated snapshot a provider answers with (OTel's gen_ai.response.model), when it differs. */
  readonly snapshot?: string;
  readonly provider: string;
  readonly klass: ModelClass;
  /** USD per million input / output tokens. */
  readonly priceIn: number;
  readonly priceOut: number;
}

export const CATALOG: readonly ModelEntry[] = [
  { name: "gpt-4o", snapshot: "gpt-4o-2024-08-06", provider: "openai", klass: "frontier", priceIn: 2.5, priceOut: 10 },
  {
    name: "gpt-4o-mini",
    snapshot: "gpt-4o-mini-2024-07-18",
    provider: "openai",
    klass: "small",
    priceIn: 0.15,
    priceOut: 0.6,
  },
  { name: "o1-mini", snapshot: "o1-mini-2024-09-12", provider: "openai", klass: "reasoning", priceIn: 3, priceOut: 12 },
  { name: "text-embedding-3-small", provider: "openai", klass: "embedding", priceIn: 0.02, priceOut: 0 },
  {
    name: "claude-3-5-sonnet-20241022",
    provider: "anthropic",
    klass: "frontier",
    priceIn: 3,
    priceOut: 15,
  },
  { name: "claude-3-5-haiku-20241022", provider: "anthropic", klass: "small", priceIn: 0.8, priceOut: 4 },
  { name: "gemini-1.5-pro-002", provider: "gcp.vertex_ai", klass: "frontier", priceIn: 1.25, priceOut: 5 },
  { name: "gemini-2.0-flash-001", provider: "gcp.vertex_ai", klass: "small", priceIn: 0.1, priceOut: 0.4 },
  {
    name: "anthropic.claude-3-haiku-20240307-v1:0",
    provider: "aws.bedrock",
    klass: "small",
    priceIn: 0.25,
    priceOut: 1.25,
  },
  { name: "amazon.nova-lite-v1:0", provider: "aws.bedrock", klass: "small", priceIn: 0.06, priceOut: 0.24 },
  { name: "meta.llama3-1-70b-instruct-v1:0", provider: "aws.bedrock", klass: "open", priceIn: 0.72, priceOut: 0.72 },
  { name: "meta-llama/Llama-3.1-8B-Instruct", provider: "vllm", klass: "open", priceIn: 0.05, priceOut: 0.08 },
  { name: "Qwen/Qwen2.5-Coder-32B-Instruct", provider: "vllm", klass: "open", priceIn: 0.2, priceOut: 0.2 },
  { name: "mistral-small-latest", provider: "mistral_ai", klass: "small", priceIn: 0.2, priceOut: 0.6 },
  { name: "codestral-2501", provider: "mistral_ai", klass: "open", priceIn: 0.3, priceOut: 0.9 },
  { name: "command-r-08-2024", provider: "cohere", klass: "small", priceIn: 0.15, priceOut: 0.6 },
  { name: "deepseek-chat", provider: "deepseek", klass: "frontier", priceIn: 0.27, priceOut: 1.1 },
  { name: "deepseek-reasoner", provider: "deepseek", klass: "reasoning", priceIn: 0.55, priceOut: 2.19 },
  { name: "llama-3.3-70b-versatile", provider: "groq", klass: "open", priceIn: 0.59, priceOut: 0.79 },
  { name: "grok-2-1212", provider: "xai", klass: "frontier", priceIn: 2, priceOut: 10 },
  { name: "gpt-4.1-nano", provider: "openai", klass: "small", priceIn: 0.1, priceOut: 0.4 },
  {
    name: "gpt-4-turbo",
    snapshot: "gpt-4-turbo-2024-04-09",
    provider: "openai",
    klass: "frontier",
    priceIn: 10,
    priceOut: 30,
  },
  { name: "claude-3-opus-20240229", provider: "anthropic", klass: "frontier", priceIn: 15, priceOut: 75 },
  { name: "gemini-1.5-flash-8b", provider: "gcp.vertex_ai", klass: "small", priceIn: 0.0375, priceOut: 0.15 },
  { name: "jina-embeddings-v3", provider: "jina", klass: "embedding", priceIn: 0.02, priceOut: 0 },
  { name: "phi-3.5-mini-instruct", provider: "azure.ai.inference", klass: "open", priceIn: 0.13, priceOut: 0.52 },
  { name: "ministral-8b-2410", provider: "mistral_ai", klass: "small", priceIn: 0.1, priceOut: 0.1 },
  { name: "sonnet-internal-ft", provider: "anthropic", klass: "frontier", priceIn: 3, priceOut: 15 },
  { name: "mixtral-8x22b-instruct", provider: "vllm", klass: "open", priceIn: 0.9, priceOut: 0.9 },
  { name: "text-embedding-004", provider: "gcp.vertex_ai", klass: "embedding", priceIn: 0.025, priceOut: 0 },
  { name: "o3", snapshot: "o3-2025-04-16", provider: "openai", klass: "reasoning", priceIn: 2, priceOut: 8 },
];

/** Latency and size of a class: time to first token (ms), decode speed (tokens/s), log-scale spread, sizes. */
export const CLASS_PROFILE: Readonly<
  Record<
    ModelClass,
    { ttft: number; tps: number; sigma: number; prompt: number; completion: number; failure: number; stream: number }
  >
> = {
  frontier: { ttft: 650, tps: 70, sigma: 0.55, prompt: 1400, completion: 320, failure: 0.006, stream: 0.6 },
  small: { ttft: 320, tps: 140, sigma: 0.5, prompt: 700, completion: 180, failure: 0.004, stream: 0.5 },
  reasoning: { ttft: 4200, tps: 90, sigma: 0.75, prompt: 1100, completion: 1900, failure: 0.01, stream: 0.2 },
  open: { ttft: 260, tps: 95, sigma: 0.65, prompt: 900, completion: 240, failure: 0.008, stream: 0.7 },
  embedding: { ttft: 60, tps: 0, sigma: 0.45, prompt: 380, completion: 0, failure: 0.002, stream: 0 },
};

export const GUARDRAIL_POLICIES = [
  { id: "gr-pii-redact", name: "PII redaction", rules: ["pii.ssn", "pii.email", "pii.phone"] },
  { id: "gr-jailbreak", name: "Jailbreak filter", rules: ["jailbreak.dan", "jailbreak.roleplay"] },
  { id: "gr-topic", name: "Off-topic use", rules: ["topic.medical", "topic.legal"] },
  { id: "gr-secrets", name: "Secrets in prompts", rules: ["secret.aws_key", "secret.private_key"] },
  { id: "gr-tool-egress", name: "Tool egress allow-list", rules: ["egress.domain"] },
] as const;

export const TEAMS = ["support-bot", "code-assist", "rag-search", "batch-summaries", "sales-email", "eval-harness"];
