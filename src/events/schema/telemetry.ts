import * as z from "zod";
import { f64, u32, u64 } from "../../core/integers.js";
import { numberMap, unsignedMap } from "../../core/maps.js";
import { tagUnion } from "../../core/tagging.js";

export const LatencyBreakdown = z.object({
  queue_time_ms: f64(),
  processing_time_ms: f64(),
  network_time_ms: f64(),
  other_ms: f64(),
});
export type LatencyBreakdown = z.infer<typeof LatencyBreakdown>;

export const LatencyMetrics = z.object({
  model_id: z.string(),
  request_id: z.string(),
  total_latency_ms: f64().meta({ description: "End-to-end latency in milliseconds" }),
  ttft_ms: f64().nullish().meta({ description: "Time to first token in milliseconds" }),
  tokens_per_second: f64().nullish(),
  breakdown: LatencyBreakdown.nullish(),
});
export type LatencyMetrics = z.infer<typeof LatencyMetrics>;

export const ThroughputMetrics = z.object({
  model_id: z.string(),
  requests_per_second: f64(),
  tokens_per_second: f64(),
  concurrent_requests: u32(),
  window_duration_seconds: u32(),
});
export type ThroughputMetrics = z.infer<typeof ThroughputMetrics>;

export const ErrorRateMetrics = z.object({
  model_id: z.string(),
  total_requests: u64(),
  failed_requests: u64(),
  error_rate_percent: f64().meta({ description: "failed_requests / total_requests × 100" }),
  error_breakdown: unsignedMap().meta({ description: "Failures by error kind (required, may be empty)" }),
  window_duration_seconds: u32(),
});
export type ErrorRateMetrics = z.infer<typeof ErrorRateMetrics>;

export const TokenUsageMetrics = z.object({
  model_id: z.string(),
  request_id: z.string(),
  prompt_tokens: u32(),
  completion_tokens: u32(),
  total_tokens: u32().meta({ description: "prompt_tokens + completion_tokens (not checked by the hub)" }),
});
export type TokenUsageMetrics = z.infer<typeof TokenUsageMetrics>;

export const ModelPerformanceMetrics = z.object({
  model_id: z.string(),
  accuracy: f64().nullish(),
  quality_score: f64().nullish(),
  user_satisfaction: f64().nullish(),
  custom_metrics: numberMap().meta({ description: "Named metrics (required, may be empty)" }),
});
export type ModelPerformanceMetrics = z.infer<typeof ModelPerformanceMetrics>;

export const TELEMETRY_TYPES = ["latency", "throughput", "error_rate", "token_usage", "model_performance"] as const;
export type TelemetryType = (typeof TELEMETRY_TYPES)[number];

/** Telemetry payloads, internally tagged by `telemetry_type`. */
export const TelemetryPayload = tagUnion("TelemetryPayload", "telemetry_type", {
  latency: LatencyMetrics,
  throughput: ThroughputMetrics,
  error_rate: ErrorRateMetrics,
  token_usage: TokenUsageMetrics,
  model_performance: ModelPerformanceMetrics,
});
export type TelemetryPayload = z.infer<typeof TelemetryPayload>;
