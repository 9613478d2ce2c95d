export {
  API_RULES,
  checkApiError,
  checkMetricsQueryResult,
  checkPaginationParams,
  checkTimeSeriesQueryResult,
} from "./api.js";
export { checkValue, checkValueErrors, RULES } from "./check.js";
export { CHECK_CODE_NAMES, CHECK_CODES, type CheckCode } from "./codes.js";
export {
  CORRELATION_RULES,
  checkAnomalyCorrelation,
  checkCorrelationConfig,
  checkCorrelationQuery,
  checkEventCorrelation,
  checkEventGraphIssues,
} from "./correlation.js";
export { checkAnalyticsEvent, EVENT_RULES } from "./events.js";
export { CHECK_SEVERITIES, type CheckIssue, type CheckPath, type CheckSeverity, jsonPointer } from "./issue.js";
export {
  checkAssetMetadata,
  checkDashboardConfig,
  checkPolicyDefinition,
  checkUserPreferences,
  METADATA_RULES,
} from "./metadata.js";
export {
  checkAggregatedMetric,
  checkCompositeMetric,
  checkMetric,
  checkMetricQuery,
  checkMetricRollup,
  METRICS_RULES,
} from "./metrics.js";
export { RANGE_RULES } from "./ranges.js";
export { type Bound, defineBoundsRule, defineRule, type Report, type Rule, reportBound } from "./rule.js";
export {
  checkContinuousQuery,
  checkIndexConfig,
  checkRetentionPolicy,
  checkTimeSeriesBatch,
  checkTimeSeriesPoint,
  checkTimeSeriesQuery,
  checkTimeSeriesResult,
  TIMESERIES_RULES,
} from "./timeseries.js";
export {
  decimals,
  FLOAT_RELATIVE_TOLERANCE,
  floatEqual,
  halfStep,
  isRoundingOf,
  isSumWithinRounding,
  MAX_ROUNDING_DECIMALS,
  type RoundingOf,
} from "./tolerance.js";
export { MAX_WALK_DEPTH, runRules } from "./walk.js";
