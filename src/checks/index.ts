export {
  checkApiError,
  checkMetricsQueryResult,
  checkPaginationParams,
  checkTimeSeriesQueryResult,
} from "./api.js";
export { checkValue, checkValueErrors } from "./check.js";
export { CHECK_CODE_NAMES, CHECK_CODES, type CheckCode } from "./codes.js";
export {
  checkAnomalyCorrelation,
  checkCorrelationConfig,
  checkCorrelationQuery,
  checkEventCorrelation,
  checkEventGraph,
} from "./correlation.js";
export { checkAnalyticsEvent } from "./events.js";
export { CHECK_SEVERITIES, type CheckIssue, type CheckPath, type CheckSeverity, jsonPointer } from "./issue.js";
export {
  checkAssetMetadata,
  checkDashboardConfig,
  checkPolicyDefinition,
  checkUserPreferences,
} from "./metadata.js";
export {
  checkAggregatedMetric,
  checkCompositeMetric,
  checkMetric,
  checkMetricQuery,
  checkMetricRollup,
} from "./metrics.js";
export {
  checkContinuousQuery,
  checkIndexConfig,
  checkRetentionPolicy,
  checkTimeSeriesBatch,
  checkTimeSeriesPoint,
  checkTimeSeriesQuery,
  checkTimeSeriesResult,
} from "./timeseries.js";
