import type * as z from "zod";
import {
  ApiError,
  ApiResponse,
  BatchResponse,
  MetricsQueryResult,
  PaginatedResponse,
  PaginationParams,
  QueryResult,
  StreamEvent,
  TimeSeriesQueryResult,
} from "../api/schema.js";
import { JsonValue } from "../core/json-value.js";
import { lazySchema } from "../core/lazy.js";
import {
  AnomalyCorrelation,
  CorrelationConfig,
  CorrelationQuery,
  EventCorrelation,
  EventGraph,
} from "../correlation/schema.js";
import { AnalyticsEvent } from "../events/schema/index.js";
import { AssetMetadata, DashboardConfig, PolicyDefinition, UserPreferences } from "../metadata/schema/index.js";
import {
  AggregatedMetric,
  CompositeMetric,
  CrossModuleMetrics,
  MetricQuery,
  MetricRollup,
  MetricType,
} from "../metrics/schema.js";
import { QuantileSketch } from "../metrics/sketch-schema.js";
import {
  ContinuousQuery,
  IndexConfig,
  RetentionPolicy,
  TimeSeriesBatch,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesResult,
} from "../timeseries/schema/index.js";

/**
 * Every published top-level schema, by its Rust name. `npm run schemas` writes one
 * `json-schema/<Name>.json` per entry; the conformance suite looks fixtures' types up here.
 * Keep the entries sorted.
 */
export const SCHEMAS = {
  AggregatedMetric,
  AnalyticsEvent,
  AnomalyCorrelation,
  ApiError,
  ApiResponse: lazySchema(() => ApiResponse(JsonValue)),
  AssetMetadata,
  BatchResponse: lazySchema(() => BatchResponse(JsonValue)),
  CompositeMetric,
  ContinuousQuery,
  CorrelationConfig,
  CorrelationQuery,
  CrossModuleMetrics,
  DashboardConfig,
  EventCorrelation,
  EventGraph,
  IndexConfig,
  MetricQuery,
  MetricRollup,
  MetricType,
  MetricsQueryResult,
  PaginatedResponse: lazySchema(() => PaginatedResponse(JsonValue)),
  PaginationParams,
  PolicyDefinition,
  QuantileSketch,
  QueryResult: lazySchema(() => QueryResult(JsonValue)),
  RetentionPolicy,
  StreamEvent: lazySchema(() => StreamEvent(JsonValue)),
  TimeSeriesBatch,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesQueryResult,
  TimeSeriesResult,
  UserPreferences,
} as const satisfies Record<string, z.ZodType>;

export type SchemaName = keyof typeof SCHEMAS;

export const SCHEMA_NAMES = Object.keys(SCHEMAS).sort() as SchemaName[];
