/**
 * Every named output type equals what Zod infers from its schema, so the hand-written names
 * (readable in hovers, emitted .d.ts files and TypeDoc) cannot drift from the schemas. A schema
 * gets its name with \`named\`/\`namedUnion\` (src/core/named.ts); \`Inferred\` undoes that and
 * infers the output from the schema's shape or options as \`z.output\` would.
 */
import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import type * as m_schema_api from "../../src/api/schema.js";
import type { StringMap } from "../../src/core/maps.js";
import type { Inferred } from "../../src/core/named.js";
import type * as m_schema_correlation from "../../src/correlation/schema.js";
import type * as m_common_events from "../../src/events/schema/common.js";
import type * as m_cost_events from "../../src/events/schema/cost.js";
import type * as m_event_events from "../../src/events/schema/event.js";
import type * as m_governance_events from "../../src/events/schema/governance.js";
import type * as m_security_events from "../../src/events/schema/security.js";
import type * as m_telemetry_events from "../../src/events/schema/telemetry.js";
import type * as m_asset_metadata from "../../src/metadata/schema/asset.js";
import type * as m_common_metadata from "../../src/metadata/schema/common.js";
import type * as m_dashboard_metadata from "../../src/metadata/schema/dashboard.js";
import type * as m_policy_metadata from "../../src/metadata/schema/policy.js";
import type * as m_preferences_metadata from "../../src/metadata/schema/preferences.js";
import type * as m_schema_metrics from "../../src/metrics/schema.js";
import type * as m_point_timeseries from "../../src/timeseries/schema/point.js";
import type * as m_query_timeseries from "../../src/timeseries/schema/query.js";
import type * as m_storage_timeseries from "../../src/timeseries/schema/storage.js";

/**
 * One level of structure, spelled out: `{ tag: "x" } & Named` (how a tagged variant is named)
 * and the flat object Zod infers for it become the same object type. Nested types stay as they
 * are, so each is compared by its own line here.
 */
type Flat<T> = T extends object ? { [K in keyof T]: T[K] } : T;
/** True when A and B are the same type (TypeScript's own identity check), after `Flat`. */
type Same<A, B> = (<G>() => G extends Flat<A> ? 1 : 2) extends <G>() => G extends Flat<B> ? 1 : 2 ? true : false;

describe("named output types", () => {
  it("api/schema.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_schema_api.AggregatedValue, Inferred<typeof m_schema_api.AggregatedValue>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.ApiError, Inferred<typeof m_schema_api.ApiError>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.ErrorDetails, Inferred<typeof m_schema_api.ErrorDetails>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.MetricsQueryResult, Inferred<typeof m_schema_api.MetricsQueryResult>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.PaginationLinks, Inferred<typeof m_schema_api.PaginationLinks>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.PaginationMetadata, Inferred<typeof m_schema_api.PaginationMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.PaginationParams, Inferred<typeof m_schema_api.PaginationParams>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.QueryMetrics, Inferred<typeof m_schema_api.QueryMetrics>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.ResponseMetadata, Inferred<typeof m_schema_api.ResponseMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.SeriesData, Inferred<typeof m_schema_api.SeriesData>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.SeriesPoint, Inferred<typeof m_schema_api.SeriesPoint>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<m_schema_api.SseMessage, Inferred<typeof m_schema_api.SseMessage>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_api.TimeSeriesQueryResult, Inferred<typeof m_schema_api.TimeSeriesQueryResult>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/common.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_common_events.CommonEventFields, Inferred<typeof m_common_events.CommonEventFields>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/cost.ts: every name equals the inferred output", () => {
    expectTypeOf<Same<m_cost_events.ApiCostEvent, Inferred<typeof m_cost_events.ApiCostEvent>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_cost_events.BudgetAlertEvent, Inferred<typeof m_cost_events.BudgetAlertEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_cost_events.CostPayload, Inferred<typeof m_cost_events.CostPayload>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_cost_events.ResourceConsumptionEvent, Inferred<typeof m_cost_events.ResourceConsumptionEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_cost_events.ResourceType, Inferred<typeof m_cost_events.ResourceType>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_cost_events.TokenCostEvent, Inferred<typeof m_cost_events.TokenCostEvent>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/event.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_event_events.CustomPayload, Inferred<typeof m_event_events.CustomPayload>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_event_events.EventPayload, Inferred<typeof m_event_events.EventPayload>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/governance.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_governance_events.AuditTrailEvent, Inferred<typeof m_governance_events.AuditTrailEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_governance_events.ComplianceCheckEvent, Inferred<typeof m_governance_events.ComplianceCheckEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_governance_events.ComplianceFinding, Inferred<typeof m_governance_events.ComplianceFinding>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_governance_events.DataLineageEvent, Inferred<typeof m_governance_events.DataLineageEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_governance_events.GovernancePayload, Inferred<typeof m_governance_events.GovernancePayload>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_governance_events.PolicyViolationEvent, Inferred<typeof m_governance_events.PolicyViolationEvent>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/security.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_security_events.AuthEvent, Inferred<typeof m_security_events.AuthEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.ComplianceViolationEvent, Inferred<typeof m_security_events.ComplianceViolationEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.PrivacyEvent, Inferred<typeof m_security_events.PrivacyEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.SecurityPayload, Inferred<typeof m_security_events.SecurityPayload>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.ThreatEvent, Inferred<typeof m_security_events.ThreatEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.ThreatType, Inferred<typeof m_security_events.ThreatType>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_security_events.VulnerabilityEvent, Inferred<typeof m_security_events.VulnerabilityEvent>>
    >().toEqualTypeOf<true>();
  });
  it("events/schema/telemetry.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_telemetry_events.ErrorRateMetrics, Inferred<typeof m_telemetry_events.ErrorRateMetrics>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.LatencyBreakdown, Inferred<typeof m_telemetry_events.LatencyBreakdown>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.LatencyMetrics, Inferred<typeof m_telemetry_events.LatencyMetrics>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.ModelPerformanceMetrics, Inferred<typeof m_telemetry_events.ModelPerformanceMetrics>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.TelemetryPayload, Inferred<typeof m_telemetry_events.TelemetryPayload>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.ThroughputMetrics, Inferred<typeof m_telemetry_events.ThroughputMetrics>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_telemetry_events.TokenUsageMetrics, Inferred<typeof m_telemetry_events.TokenUsageMetrics>>
    >().toEqualTypeOf<true>();
  });
  it("metadata/schema/asset.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_asset_metadata.ApplicationMetadata, Inferred<typeof m_asset_metadata.ApplicationMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.AssetMetadata, Inferred<typeof m_asset_metadata.AssetMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.AssetSpecificMetadata, Inferred<typeof m_asset_metadata.AssetSpecificMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_asset_metadata.AssetType, Inferred<typeof m_asset_metadata.AssetType>>>().toEqualTypeOf<true>();
    expectTypeOf<Same<m_asset_metadata.CostInfo, Inferred<typeof m_asset_metadata.CostInfo>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.DataSchema, Inferred<typeof m_asset_metadata.DataSchema>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.DatasetMetadata, Inferred<typeof m_asset_metadata.DatasetMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.Dependency, Inferred<typeof m_asset_metadata.Dependency>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.DeploymentInfo, Inferred<typeof m_asset_metadata.DeploymentInfo>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.EndpointMetadata, Inferred<typeof m_asset_metadata.EndpointMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.ModelMetadata, Inferred<typeof m_asset_metadata.ModelMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.PromptExample, Inferred<typeof m_asset_metadata.PromptExample>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.PromptTemplateMetadata, Inferred<typeof m_asset_metadata.PromptTemplateMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_asset_metadata.RateLimit, Inferred<typeof m_asset_metadata.RateLimit>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.SchemaField, Inferred<typeof m_asset_metadata.SchemaField>>
    >().toEqualTypeOf<true>();
    expectTypeOf<Same<m_asset_metadata.SlaInfo, Inferred<typeof m_asset_metadata.SlaInfo>>>().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_asset_metadata.TemplateVariable, Inferred<typeof m_asset_metadata.TemplateVariable>>
    >().toEqualTypeOf<true>();
  });
  it("metadata/schema/common.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_common_metadata.OwnerInfo, Inferred<typeof m_common_metadata.OwnerInfo>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_common_metadata.VersionInfo, Inferred<typeof m_common_metadata.VersionInfo>>
    >().toEqualTypeOf<true>();
  });
  it("metadata/schema/dashboard.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_dashboard_metadata.AxesConfig, Inferred<typeof m_dashboard_metadata.AxesConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.AxisConfig, Inferred<typeof m_dashboard_metadata.AxisConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.DashboardConfig, Inferred<typeof m_dashboard_metadata.DashboardConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.DashboardLayout, Inferred<typeof m_dashboard_metadata.DashboardLayout>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.DataSourceConfig, Inferred<typeof m_dashboard_metadata.DataSourceConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.VisibilitySettings, Inferred<typeof m_dashboard_metadata.VisibilitySettings>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.VisualizationConfig, Inferred<typeof m_dashboard_metadata.VisualizationConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.Widget, Inferred<typeof m_dashboard_metadata.Widget>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.WidgetPosition, Inferred<typeof m_dashboard_metadata.WidgetPosition>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_dashboard_metadata.WidgetType, Inferred<typeof m_dashboard_metadata.WidgetType>>
    >().toEqualTypeOf<true>();
  });
  it("metadata/schema/policy.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_policy_metadata.PolicyDefinition, Inferred<typeof m_policy_metadata.PolicyDefinition>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_policy_metadata.PolicyRule, Inferred<typeof m_policy_metadata.PolicyRule>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_policy_metadata.PolicyScope, Inferred<typeof m_policy_metadata.PolicyScope>>
    >().toEqualTypeOf<true>();
  });
  it("metadata/schema/preferences.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_preferences_metadata.DisplayPreferences, Inferred<typeof m_preferences_metadata.DisplayPreferences>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_preferences_metadata.NotificationChannel, Inferred<typeof m_preferences_metadata.NotificationChannel>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<
        m_preferences_metadata.NotificationPreferences,
        Inferred<typeof m_preferences_metadata.NotificationPreferences>
      >
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_preferences_metadata.SavedQuery, Inferred<typeof m_preferences_metadata.SavedQuery>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_preferences_metadata.UserPreferences, Inferred<typeof m_preferences_metadata.UserPreferences>>
    >().toEqualTypeOf<true>();
  });
  it("timeseries/schema/point.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_point_timeseries.FieldValue, Inferred<typeof m_point_timeseries.FieldValue>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_point_timeseries.TimeSeriesBatch, Inferred<typeof m_point_timeseries.TimeSeriesBatch>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_point_timeseries.TimeSeriesPoint, Inferred<typeof m_point_timeseries.TimeSeriesPoint>>
    >().toEqualTypeOf<true>();
  });
  it("timeseries/schema/query.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_query_timeseries.Aggregation, Inferred<typeof m_query_timeseries.Aggregation>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.AggregationFunction, Inferred<typeof m_query_timeseries.AggregationFunction>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.ContinuousQuery, Inferred<typeof m_query_timeseries.ContinuousQuery>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.DataPoint, Inferred<typeof m_query_timeseries.DataPoint>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.FillStrategy, Inferred<typeof m_query_timeseries.FillStrategy>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.QueryMetadata, Inferred<typeof m_query_timeseries.QueryMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.TimeSeries, Inferred<typeof m_query_timeseries.TimeSeries>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.TimeSeriesQuery, Inferred<typeof m_query_timeseries.TimeSeriesQuery>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_query_timeseries.TimeSeriesResult, Inferred<typeof m_query_timeseries.TimeSeriesResult>>
    >().toEqualTypeOf<true>();
  });
  it("timeseries/schema/storage.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_storage_timeseries.DownsampleConfig, Inferred<typeof m_storage_timeseries.DownsampleConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_storage_timeseries.IndexConfig, Inferred<typeof m_storage_timeseries.IndexConfig>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_storage_timeseries.RetentionPolicy, Inferred<typeof m_storage_timeseries.RetentionPolicy>>
    >().toEqualTypeOf<true>();
  });
  it("AnalyticsEvent is the common fields with event_id filled in, and the payload", () => {
    expectTypeOf<
      Same<
        m_event_events.AnalyticsEvent,
        Omit<Inferred<typeof m_common_events.CommonEventFields>, "event_id"> & {
          event_id: string;
          payload: m_event_events.EventPayload;
        }
      >
    >().toEqualTypeOf<true>();
    expectTypeOf<z.output<typeof m_event_events.AnalyticsEvent>>().toEqualTypeOf<m_event_events.AnalyticsEvent>();
    expectTypeOf<m_event_events.AnalyticsEvent["tags"]>().toEqualTypeOf<StringMap>();
  });
  it("metrics/schema.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_schema_metrics.StatisticalMeasures, Inferred<typeof m_schema_metrics.StatisticalMeasures>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.CounterMetric, Inferred<typeof m_schema_metrics.CounterMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.GaugeMetric, Inferred<typeof m_schema_metrics.GaugeMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.HistogramBucket, Inferred<typeof m_schema_metrics.HistogramBucket>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.HistogramMetric, Inferred<typeof m_schema_metrics.HistogramMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.SummaryMetric, Inferred<typeof m_schema_metrics.SummaryMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.MetricType, Inferred<typeof m_schema_metrics.MetricType>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.CounterValues, Inferred<typeof m_schema_metrics.CounterValues>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.GaugeValues, Inferred<typeof m_schema_metrics.GaugeValues>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.MetricValues, Inferred<typeof m_schema_metrics.MetricValues>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.AggregatedMetric, Inferred<typeof m_schema_metrics.AggregatedMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.ComponentMetric, Inferred<typeof m_schema_metrics.ComponentMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.CompositeMetric, Inferred<typeof m_schema_metrics.CompositeMetric>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.CrossModuleMetrics, Inferred<typeof m_schema_metrics.CrossModuleMetrics>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.MetricQuery, Inferred<typeof m_schema_metrics.MetricQuery>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_metrics.MetricRollup, Inferred<typeof m_schema_metrics.MetricRollup>>
    >().toEqualTypeOf<true>();
  });
  it("correlation/schema.ts: every name equals the inferred output", () => {
    expectTypeOf<
      Same<m_schema_correlation.CorrelatedEvent, Inferred<typeof m_schema_correlation.CorrelatedEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.PatternStep, Inferred<typeof m_schema_correlation.PatternStep>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.CorrelationPattern, Inferred<typeof m_schema_correlation.CorrelationPattern>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.EventCorrelation, Inferred<typeof m_schema_correlation.EventCorrelation>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.AnomalyEvent, Inferred<typeof m_schema_correlation.AnomalyEvent>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.CausalLink, Inferred<typeof m_schema_correlation.CausalLink>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.RootCauseAnalysis, Inferred<typeof m_schema_correlation.RootCauseAnalysis>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.PerformanceImpact, Inferred<typeof m_schema_correlation.PerformanceImpact>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.CostImpact, Inferred<typeof m_schema_correlation.CostImpact>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.SecurityImpact, Inferred<typeof m_schema_correlation.SecurityImpact>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.BusinessImpact, Inferred<typeof m_schema_correlation.BusinessImpact>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.ImpactAssessment, Inferred<typeof m_schema_correlation.ImpactAssessment>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.AnomalyCorrelation, Inferred<typeof m_schema_correlation.AnomalyCorrelation>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.EventNode, Inferred<typeof m_schema_correlation.EventNode>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.EventEdge, Inferred<typeof m_schema_correlation.EventEdge>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.GraphMetadata, Inferred<typeof m_schema_correlation.GraphMetadata>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.EventGraph, Inferred<typeof m_schema_correlation.EventGraph>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.CorrelationQuery, Inferred<typeof m_schema_correlation.CorrelationQuery>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.AlertThresholds, Inferred<typeof m_schema_correlation.AlertThresholds>>
    >().toEqualTypeOf<true>();
    expectTypeOf<
      Same<m_schema_correlation.CorrelationConfig, Inferred<typeof m_schema_correlation.CorrelationConfig>>
    >().toEqualTypeOf<true>();
  });
});
