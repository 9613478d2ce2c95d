import type { AnalyticsEvent } from "../../events/index.js";

/*
 * What a model's requests go through on their way to the model: the provider that serves it,
 * the host that answers, and the service that calls it. Two models that share one of these
 * share an upstream, and a degradation of that upstream shows on both at once. The fields are
 * those real producers write:
 *
 * - provider: OpenTelemetry GenAI `gen_ai.provider.name` (semantic conventions ≥ 1.37) and its
 *   deprecated predecessor `gen_ai.system`; OpenLLMetry / OpenInference `llm.provider` /
 *   `llm.system`; the Vercel AI SDK's `ai.model.provider` (`openai.chat`); LiteLLM's
 *   `custom_llm_provider`, which LiteLLM also writes as the prefix of its model ids
 *   (`openai/gpt-4o`, `bedrock/…`, `hosted_vllm/…`).
 * - host: OpenTelemetry `server.address` ("may help identify the actual system in use", the
 *   conventions say, since OpenAI-compatible clients report `openai` for any server); LiteLLM's
 *   `api_base` (StandardLoggingPayload), read for its host.
 * - caller: OpenTelemetry `service.name` (the calling service: its process, egress and gateway
 *   are on every call it makes); for events that name none (LiteLLM proxy callbacks, SDK
 *   wrappers), the event's `environment`, the deployment they come from as
 *   `EventStore.keyDeployments` defines it (an environment refined by `service.name`).
 */

/** The upstream of one model: every provider, host and calling service its events name. */
export interface UpstreamIdentity {
  readonly providers: Set<string>;
  readonly hosts: Set<string>;
  readonly callers: Set<string>;
  /** The `environment` of its events that name no calling service: their caller is that deployment. */
  readonly environments: Set<string>;
  /** The provider a LiteLLM-style model id names before its first slash (`openai/gpt-4o`), used when no event names one. */
  readonly prefix: string | undefined;
}

/** An empty identity for `model`. */
export function newUpstream(model: string): UpstreamIdentity {
  const slash = model.indexOf("/");
  return {
    providers: new Set(),
    hosts: new Set(),
    callers: new Set(),
    environments: new Set(),
    prefix: slash > 0 ? providerKey(model.slice(0, slash)) : undefined,
  };
}

const PROVIDER_TAGS = Object.freeze([
  "gen_ai.provider.name",
  "gen_ai.system",
  "llm.provider",
  "llm.system",
  "ai.model.provider",
  "custom_llm_provider",
  "litellm.custom_llm_provider",
]);
const HOST_TAGS = Object.freeze(["server.address", "api_base", "litellm.api_base"]);
const CALLER_TAGS = Object.freeze(["service.name"]);

/** Provider names as LiteLLM's model-id prefixes and the dialects spell them, keyed by their lower-case head. */
const PROVIDER_ALIASES: Readonly<Record<string, string>> = Object.freeze({
  bedrock: "aws.bedrock",
  "amazon-bedrock": "aws.bedrock",
  bedrock_converse: "aws.bedrock",
  sagemaker: "aws.sagemaker",
  vertex_ai: "gcp.vertex_ai",
  vertex: "gcp.vertex_ai",
  "google.vertex": "gcp.vertex_ai",
  vertex_ai_beta: "gcp.vertex_ai",
  gemini: "gcp.gemini",
  google: "gcp.gemini",
  "google-generative-ai": "gcp.gemini",
  azure: "azure.ai.openai",
  "azure-openai": "azure.ai.openai",
  azure_ai: "azure.ai.inference",
  mistral: "mistral_ai",
  mistralai: "mistral_ai",
  cohere_chat: "cohere",
  xai: "x_ai",
  together_ai: "together",
  watsonx: "ibm.watsonx.ai",
});

/** Dotted provider names of the conventions that are names, not `<provider>.<api>` ids. */
const DOTTED = /^(aws\.|gcp\.|azure\.ai\.|ibm\.watsonx\.ai$)/;

/** A provider name in one spelling per provider (lower case, aliases resolved, `openai.chat` → `openai`). */
export function providerKey(raw: string): string {
  const lower = raw.trim().toLowerCase();
  if (DOTTED.test(lower)) return lower;
  const alias = PROVIDER_ALIASES[lower];
  if (alias !== undefined) return alias;
  const head = lower.split(".")[0] ?? lower;
  return PROVIDER_ALIASES[head] ?? head;
}

/** The host of a server address or URL, lower case, without scheme, port or path. */
export function hostKey(raw: string): string {
  let s = raw.trim().toLowerCase();
  const scheme = s.indexOf("://");
  if (scheme >= 0) s = s.slice(scheme + 3);
  s = s.split("/")[0] ?? s;
  s = s.split("@").pop() ?? s;
  if (!s.startsWith("[")) s = s.split(":")[0] ?? s;
  return s;
}

/** Adds what `event` says about its model's upstream to `into`. O(tags). */
export function addUpstream(into: UpstreamIdentity, event: AnalyticsEvent): void {
  const tags = event.tags;
  let named = false;
  if (tags !== undefined) {
    for (const key of PROVIDER_TAGS) {
      const v = tags[key];
      if (typeof v === "string" && v !== "") into.providers.add(providerKey(v));
    }
    for (const key of HOST_TAGS) {
      const v = tags[key];
      if (typeof v === "string" && v !== "") into.hosts.add(hostKey(v));
    }
    for (const key of CALLER_TAGS) {
      const v = tags[key];
      if (typeof v === "string" && v !== "") {
        into.callers.add(v);
        named = true;
      }
    }
  }
  if (!named) into.environments.add(event.environment);
}

const providersOf = (u: UpstreamIdentity): ReadonlySet<string> =>
  u.providers.size > 0 || u.prefix === undefined ? u.providers : new Set([u.prefix]);

const intersects = (a: ReadonlySet<string>, b: ReadonlySet<string>): boolean => {
  for (const x of a) if (b.has(x)) return true;
  return false;
};

/**
 * Whether two models are served by one upstream: the same host, or the same provider unless
 * both name their hosts and those differ (an OpenAI-compatible client reports `openai` for any
 * server it talks to; the host is then the better witness).
 */
export function sameProvider(a: UpstreamIdentity, b: UpstreamIdentity): boolean {
  if (intersects(a.hosts, b.hosts)) return true;
  if (a.hosts.size > 0 && b.hosts.size > 0) return false;
  return intersects(providersOf(a), providersOf(b));
}

/**
 * Whether two models are called by one service: the same `service.name`, or, when neither names
 * its calling service (a LiteLLM proxy's callbacks, an SDK wrapper), the same `environment` —
 * one deployment, whose gateway and egress are on every call it makes.
 */
export function sameCaller(a: UpstreamIdentity, b: UpstreamIdentity): boolean {
  if (intersects(a.callers, b.callers)) return true;
  return a.callers.size === 0 && b.callers.size === 0 && intersects(a.environments, b.environments);
}
