import { U32_MAX } from "../../core/integers.js";
import type { ModelPrice } from "./import.js";
import { GEN_AI_OPERATION_NAME_VALUE_EMBEDDINGS } from "./semconv.js";
import type { Notify, SpanReader } from "./span-reader.js";

/*
 * Token counts and cost of one call, with the provider semantics of cached and reasoning tokens.
 */

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

export interface Usage {
  /** Prompt tokens with cached ones included (the hub's prompt_tokens). */
  readonly prompt: number;
  /** Completion tokens with reasoning included. */
  readonly completion: number;
  readonly cacheRead: number;
  readonly cacheWrite: number;
  /** Whether any cache count was reported at all (0 counts as reported). */
  readonly cacheReported: boolean;
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
export function usageOf(r: SpanReader, call: CallFacts): CallUsage {
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
export function costOf(usage: Usage, price: ModelPrice, model: string, notify: Notify) {
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
