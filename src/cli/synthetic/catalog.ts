/*
 * The models, prices and behaviour the synthetic traffic is drawn from. Prices are the
 * providers' published list prices in USD per million tokens (mid-2025):
 * - OpenAI (openai.com/api/pricing): gpt-4o-mini $0.15 in / $0.60 out, gpt-4o $2.50 / $10.00;
 * - Anthropic (anthropic.com/pricing): claude-sonnet-4 $3 / $15, claude-3-5-haiku $0.80 / $4;
 * - Google (ai.google.dev/gemini-api/docs/pricing): gemini-2.5-pro $1.25 / $10 (prompts up to
 *   200k tokens; the generator stays far below), gemini-2.5-flash $0.30 / $2.50;
 * - Together AI (together.ai/pricing): Llama 3.1 70B Instruct Turbo $0.88 / $0.88.
 * Latency figures (time to first token, decode speed) are illustrative medians in the range
 * public benchmarks report for these models; they shape the data, they are not measurements.
 */

export interface ModelProfile {
  readonly id: string;
  readonly provider: string;
  /** Share of all requests. */
  readonly share: number;
  readonly promptUsdPerMTok: number;
  readonly completionUsdPerMTok: number;
  /** Median time to first token, ms. */
  readonly ttftMs: number;
  /** Median decode speed, tokens per second. */
  readonly tokensPerSecond: number;
  /** Latency above which a request's event is a warning. */
  readonly sloMs: number;
}

export const MODELS: readonly ModelProfile[] = [
  {
    id: "gpt-4o-mini",
    provider: "openai",
    share: 0.3,
    promptUsdPerMTok: 0.15,
    completionUsdPerMTok: 0.6,
    ttftMs: 380,
    tokensPerSecond: 85,
    sloMs: 10_000,
  },
  {
    id: "gpt-4o",
    provider: "openai",
    share: 0.14,
    promptUsdPerMTok: 2.5,
    completionUsdPerMTok: 10,
    ttftMs: 520,
    tokensPerSecond: 70,
    sloMs: 12_000,
  },
  {
    id: "claude-sonnet-4",
    provider: "anthropic",
    share: 0.16,
    promptUsdPerMTok: 3,
    completionUsdPerMTok: 15,
    ttftMs: 1_100,
    tokensPerSecond: 60,
    sloMs: 15_000,
  },
  {
    id: "claude-3-5-haiku",
    provider: "anthropic",
    share: 0.1,
    promptUsdPerMTok: 0.8,
    completionUsdPerMTok: 4,
    ttftMs: 650,
    tokensPerSecond: 65,
    sloMs: 12_000,
  },
  {
    id: "gemini-2.5-pro",
    provider: "google",
    share: 0.08,
    promptUsdPerMTok: 1.25,
    completionUsdPerMTok: 10,
    ttftMs: 2_400,
    tokensPerSecond: 140,
    sloMs: 20_000,
  },
  {
    id: "gemini-2.5-flash",
    provider: "google",
    share: 0.13,
    promptUsdPerMTok: 0.3,
    completionUsdPerMTok: 2.5,
    ttftMs: 520,
    tokensPerSecond: 220,
    sloMs: 8_000,
  },
  {
    id: "llama-3.1-70b",
    provider: "together",
    share: 0.09,
    promptUsdPerMTok: 0.88,
    completionUsdPerMTok: 0.88,
    ttftMs: 300,
    tokensPerSecond: 120,
    sloMs: 8_000,
  },
];

/** The models an incident may hit (busy, expensive ones, so the cost spike shows). */
export const INCIDENT_MODELS = ["claude-sonnet-4", "gpt-4o", "gemini-2.5-pro"] as const;

/** Token counts: lognormal, clamped. */
export const PROMPT_TOKENS = { median: 700, sigma: 0.9, min: 16, max: 32_000 } as const;
export const COMPLETION_TOKENS = { median: 220, sigma: 0.7, min: 1, max: 4_096 } as const;
/** Retries in the incident resend one long conversation: large prompts with little spread. */
export const RETRY_PROMPT_TOKENS = { median: 6_000, sigma: 0.25, min: 16, max: 32_000 } as const;

export const REGIONS = [
  { id: "us-east-1", weight: 0.5 },
  { id: "eu-west-1", weight: 0.3 },
  { id: "ap-southeast-1", weight: 0.2 },
] as const;

export const TEAMS = ["search", "support-bot", "code-assist", "analytics"] as const;

/** Failure kinds and their shares outside an incident, and during one (timeouts dominate). */
export const ERROR_KINDS = ["rate_limit", "server_error", "timeout", "invalid_request"] as const;
export type ErrorKind = (typeof ERROR_KINDS)[number];
export const NORMAL_ERROR_MIX: Readonly<Record<ErrorKind, number>> = {
  rate_limit: 0.4,
  server_error: 0.25,
  timeout: 0.2,
  invalid_request: 0.15,
};
export const INCIDENT_ERROR_MIX: Readonly<Record<ErrorKind, number>> = {
  rate_limit: 0.1,
  server_error: 0.3,
  timeout: 0.6,
  invalid_request: 0,
};
export const BASE_FAILURE_RATE = 0.008;
export const PEAK_INCIDENT_FAILURE_RATE = 0.35;
/** The client gives up after 30 s. */
export const CLIENT_TIMEOUT_MS = 30_000;

/** Per request, the chance that each background event accompanies it. */
export const BACKGROUND_RATES = {
  threat: 0.004,
  auth: 0.008,
  policyViolation: 0.003,
  privacy: 0.001,
  audit: 0.0005,
} as const;

/** Events written every hour: two API cost lines, two resource lines, one lineage record. */
export const HOURLY_EVENTS = 5;
/** A compliance check every six hours. */
export const COMPLIANCE_EVERY_HOURS = 6;

/** Budget alert thresholds (percent of the rolling-hour limit) and the alert type each raises. */
export const BUDGET_THRESHOLDS = [
  { percent: 80, type: "warning", severity: "warning" },
  { percent: 90, type: "critical", severity: "error" },
  { percent: 100, type: "exceeded", severity: "critical" },
] as const;

/** Mean of a lognormal with the given median and shape: median · e^(σ²/2). */
export function lognormalMean(median: number, sigma: number): number {
  return median * Math.exp((sigma * sigma) / 2);
}

/** Expected USD of one successful request to `model` with the normal token mix. */
export function expectedRequestCost(
  model: ModelProfile,
  prompt: { median: number; sigma: number } = PROMPT_TOKENS,
): number {
  return (
    (lognormalMean(prompt.median, prompt.sigma) * model.promptUsdPerMTok +
      lognormalMean(COMPLETION_TOKENS.median, COMPLETION_TOKENS.sigma) * model.completionUsdPerMTok) /
    1e6
  );
}
