import { describe, expect, it } from "vitest";
import type * as z from "zod";
import { ApiError, MetricsQueryResult, PaginationParams, TimeSeriesQueryResult } from "../../src/api/index.js";
import * as checks from "../../src/checks/index.js";
import {
  AnomalyCorrelation,
  CorrelationConfig,
  CorrelationQuery,
  EventCorrelation,
  EventGraph,
} from "../../src/correlation/index.js";
import { AssetMetadata, DashboardConfig, PolicyDefinition, UserPreferences } from "../../src/metadata/index.js";
import { AggregatedMetric, CompositeMetric, MetricQuery, MetricRollup, MetricType } from "../../src/metrics/index.js";
import {
  ContinuousQuery,
  IndexConfig,
  RetentionPolicy,
  TimeSeriesBatch,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesResult,
} from "../../src/timeseries/index.js";
import { fixture, parseOk } from "./cases.js";

// Each per-type function, on a hub document of its type that has issues on purpose or none.
const PER_TYPE: [string, z.ZodType, string][] = [
  ["checkAnomalyCorrelation", AnomalyCorrelation, "anomaly-correlation-medium.json"],
  ["checkEventCorrelation", EventCorrelation, "event-correlation-performance-degradation.json"],
  ["checkEventGraph", EventGraph, "event-graph.json"],
  ["checkCorrelationQuery", CorrelationQuery, "correlation-query-full.json"],
  ["checkCorrelationConfig", CorrelationConfig, "correlation-config-custom.json"],
  ["checkMetric", MetricType, "metric-histogram.json"],
  ["checkAggregatedMetric", AggregatedMetric, "aggregated-metric-stats.json"],
  ["checkCompositeMetric", CompositeMetric, "composite-metric-cost-per-request.json"],
  ["checkMetricQuery", MetricQuery, "metric-query-full.json"],
  ["checkMetricRollup", MetricRollup, "metric-rollup-5m-to-1h-sum.json"],
  ["checkTimeSeriesPoint", TimeSeriesPoint, "ts-point-performance.json"],
  ["checkTimeSeriesBatch", TimeSeriesBatch, "ts-batch.json"],
  ["checkTimeSeriesQuery", TimeSeriesQuery, "ts-query-percentile-fill-value.json"],
  ["checkTimeSeriesResult", TimeSeriesResult, "ts-result.json"],
  ["checkRetentionPolicy", RetentionPolicy, "retention-policy-default-values.json"],
  ["checkIndexConfig", IndexConfig, "index-config-llm-costs.json"],
  ["checkContinuousQuery", ContinuousQuery, "continuous-query-first.json"],
  ["checkAssetMetadata", AssetMetadata, "asset-model-gpt-4o-mini.json"],
  ["checkPolicyDefinition", PolicyDefinition, "policy-security-monitor.json"],
  ["checkDashboardConfig", DashboardConfig, "dashboard-llm-ops-overview.json"],
  ["checkUserPreferences", UserPreferences, "user-preferences-full.json"],
  ["checkApiError", ApiError, "api-error-validation.json"],
  ["checkPaginationParams", PaginationParams, "pagination-params-full.json"],
  ["checkMetricsQueryResult", MetricsQueryResult, "metrics-query-result.json"],
  ["checkTimeSeriesQueryResult", TimeSeriesQueryResult, "timeseries-query-result.json"],
];

describe("per-type check functions", () => {
  it.each(PER_TYPE)("%s gives the same issues as check with its schema", (name, schema, file) => {
    const fn = (checks as unknown as Record<string, (v: unknown) => checks.CheckIssue[]>)[name];
    expect(typeof fn).toBe("function");
    const value = parseOk(schema, fixture(file));
    expect(fn?.(value)).toEqual(checks.checkValue(schema, value));
  });

  it("cover the intentional defects of their documents", () => {
    const value = parseOk(AnomalyCorrelation, fixture("anomaly-correlation-medium.json")) as AnomalyCorrelation;
    expect(checks.checkAnomalyCorrelation(value).map((i) => i.code)).toEqual(["score_out_of_range"]);
  });
});
