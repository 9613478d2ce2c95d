import * as z from "zod";
import { f64, u32, u64 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { numberMap, unsignedMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { tagUnion } from "../../core/tagging.js";

export const LatencyBreakdown = lazySchema(() =>
  named<LatencyBreakdown>()(
    z.object(
      lazyFields({
        get queue_time_ms() {
          return f64();
        },
        get processing_time_ms() {
          return f64();
        },
        get network_time_ms() {
          return f64();
        },
        get other_ms() {
          return f64();
        },
      }),
    ),
  ),
);
export type LatencyBreakdown = {
  queue_time_ms: number;
  processing_time_ms: number;
  network_time_ms: number;
  other_ms: number;
};

export const LatencyMetrics = lazySchema(() =>
  named<LatencyMetrics>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get request_id() {
          return z.string();
        },
        get total_latency_ms() {
          return f64().meta({ description: "End-to-end latency in milliseconds" });
        },
        get ttft_ms() {
          return f64().nullish().meta({ description: "Time to first token in milliseconds" });
        },
        get tokens_per_second() {
          return f64().nullish();
        },
        get breakdown() {
          return LatencyBreakdown.nullish();
        },
      }),
    ),
  ),
);
export type LatencyMetrics = {
  model_id: string;
  request_id: string;
  /** End-to-end latency in milliseconds */
  total_latency_ms: number;
  /** Time to first token in milliseconds */
  ttft_ms?: number | null | undefined;
  tokens_per_second?: number | null | undefined;
  breakdown?: LatencyBreakdown | null | undefined;
};

export const ThroughputMetrics = lazySchema(() =>
  named<ThroughputMetrics>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get requests_per_second() {
          return f64();
        },
        get tokens_per_second() {
          return f64();
        },
        get concurrent_requests() {
          return u32();
        },
        get window_duration_seconds() {
          return u32();
        },
      }),
    ),
  ),
);
export type ThroughputMetrics = {
  model_id: string;
  requests_per_second: number;
  tokens_per_second: number;
  concurrent_requests: number;
  window_duration_seconds: number;
};

export const ErrorRateMetrics = lazySchema(() =>
  named<ErrorRateMetrics>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get total_requests() {
          return u64();
        },
        get failed_requests() {
          return u64();
        },
        get error_rate_percent() {
          return f64().meta({ description: "failed_requests / total_requests × 100" });
        },
        get error_breakdown() {
          return unsignedMap().meta({ description: "Failures by error kind (required, may be empty)" });
        },
        get window_duration_seconds() {
          return u32();
        },
      }),
    ),
  ),
);
export type ErrorRateMetrics = {
  model_id: string;
  total_requests: number;
  failed_requests: number;
  /** failed_requests / total_requests × 100 */
  error_rate_percent: number;
  /** Failures by error kind (required, may be empty) */
  error_breakdown: Record<string, number>;
  window_duration_seconds: number;
};

export const TokenUsageMetrics = lazySchema(() =>
  named<TokenUsageMetrics>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get request_id() {
          return z.string();
        },
        get prompt_tokens() {
          return u32();
        },
        get completion_tokens() {
          return u32();
        },
        get total_tokens() {
          return u32().meta({ description: "prompt_tokens + completion_tokens (not checked by the hub)" });
        },
      }),
    ),
  ),
);
export type TokenUsageMetrics = {
  model_id: string;
  request_id: string;
  prompt_tokens: number;
  completion_tokens: number;
  /** prompt_tokens + completion_tokens (not checked by the hub) */
  total_tokens: number;
};

export const ModelPerformanceMetrics = lazySchema(() =>
  named<ModelPerformanceMetrics>()(
    z.object(
      lazyFields({
        get model_id() {
          return z.string();
        },
        get accuracy() {
          return f64().nullish();
        },
        get quality_score() {
          return f64().nullish();
        },
        get user_satisfaction() {
          return f64().nullish();
        },
        get custom_metrics() {
          return numberMap().meta({ description: "Named metrics (required, may be empty)" });
        },
      }),
    ),
  ),
);
export type ModelPerformanceMetrics = {
  model_id: string;
  accuracy?: number | null | undefined;
  quality_score?: number | null | undefined;
  user_satisfaction?: number | null | undefined;
  /** Named metrics (required, may be empty) */
  custom_metrics: Record<string, number>;
};

export const TELEMETRY_TYPES = ["latency", "throughput", "error_rate", "token_usage", "model_performance"] as const;
export type TelemetryType = (typeof TELEMETRY_TYPES)[number];

/** Telemetry payloads, internally tagged by `telemetry_type`. */
export const TelemetryPayload = lazySchema(() =>
  namedUnion<TelemetryPayload>()(
    tagUnion("TelemetryPayload", "telemetry_type", {
      latency: LatencyMetrics,
      throughput: ThroughputMetrics,
      error_rate: ErrorRateMetrics,
      token_usage: TokenUsageMetrics,
      model_performance: ModelPerformanceMetrics,
    }),
  ),
);
/** Telemetry payloads, internally tagged by `telemetry_type`. */
export type TelemetryPayload =
  | ({ telemetry_type: "latency" } & LatencyMetrics)
  | ({ telemetry_type: "throughput" } & ThroughputMetrics)
  | ({ telemetry_type: "error_rate" } & ErrorRateMetrics)
  | ({ telemetry_type: "token_usage" } & TokenUsageMetrics)
  | ({ telemetry_type: "model_performance" } & ModelPerformanceMetrics);
