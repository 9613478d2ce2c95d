import type { CheckSeverity } from "./issue.js";

interface CodeInfo {
  readonly severity: CheckSeverity;
  /** What the check asserts, and where the rule comes from. */
  readonly description: string;
}

/**
 * Every check code, its severity and what it asserts. Codes are stable: a code is never
 * renamed or reused for a different rule, so a consumer can filter or suppress by code.
 * Tolerances of the "within rounding" checks are those of `isRoundingOf` (tolerance.ts).
 */
export const CHECK_CODES = {
  // ---- ranges (WIRE_FORMAT.md §5.2) -------------------------------------------------------
  score_out_of_range: {
    severity: "error",
    description: "A score, strength, confidence, weight or density documented as 0..1 is outside [0, 1]",
  },
  percent_out_of_range: {
    severity: "error",
    description: "A share in percent (error rate, utilization, uptime, a decrease) is outside [0, 100]",
  },
  cvss_out_of_range: {
    severity: "error",
    description: "A vulnerability severity_score is outside the CVSS range [0, 10]",
  },
  negative_value: {
    severity: "error",
    description: "A cost, price, latency, duration, quantity or rate is negative",
  },
  ambiguous_score_scale: {
    severity: "warning",
    description:
      "A compliance score is above 1 but at most 100: the hub defines no scale (0.5 in its tests, 66.7 in its examples), so 0..1 and 0..100 readers disagree",
  },
  // ---- events (DESIGN.md §2, WIRE_FORMAT.md §5.6, §5.11) ----------------------------------
  payload_type_mismatch: {
    severity: "error",
    description:
      "event_type names a payload family (telemetry, security, cost, governance) other than payload_type; lifecycle, audit and alert go with any payload, and a custom payload with any event_type",
  },
  source_module_mismatch: {
    severity: "warning",
    description:
      "source_module is not a module that emits the payload family (telemetry: llm-observatory; security: llm-sentinel; cost: llm-cost-ops; governance: llm-governance-dashboard, llm-policy-engine, llm-registry; llm-analytics-hub re-emits every family; custom payloads come from any module)",
  },
  unsupported_schema_version: {
    severity: "warning",
    description: 'schema_version is not "1.0.0": the hub\'s ingestion service rejects any other value',
  },
  timestamp_not_after_epoch: {
    severity: "warning",
    description: "The event timestamp is not after 1970-01-01T00:00:00Z, which the hub's processing pipeline rejects",
  },
  event_is_own_parent: {
    severity: "error",
    description: "parent_event_id equals event_id",
  },
  total_tokens_mismatch: {
    severity: "error",
    description: "total_tokens is not prompt_tokens + completion_tokens (exact: all three are integers)",
  },
  failed_exceeds_total: {
    severity: "error",
    description: "failed_requests is greater than total_requests",
  },
  error_rate_mismatch: {
    severity: "error",
    description:
      "error_rate_percent is not failed_requests / total_requests × 100 (0 when there are no requests) within rounding: the stated value may be rounded to the decimals it is written with (1.2 for 1.2002 is fine, 1.25 is not)",
  },
  error_breakdown_exceeds_failed: {
    severity: "warning",
    description: "The counts in error_breakdown add up to more than failed_requests",
  },
  ttft_exceeds_total_latency: {
    severity: "error",
    description: "Time to first token is longer than the total latency",
  },
  latency_breakdown_mismatch: {
    severity: "warning",
    description:
      "The four parts of the latency breakdown do not add up to total_latency_ms, allowing each of the five numbers half a unit of the last decimal it is written with",
  },
  token_cost_mismatch: {
    severity: "error",
    description:
      "total_cost_usd is not prompt_tokens × cost_per_prompt_token + completion_tokens × cost_per_completion_token within rounding (to the cent or finer, or 1e-9 relative)",
  },
  api_cost_mismatch: {
    severity: "error",
    description:
      "total_cost_usd is not request_count × cost_per_request within rounding, and cost_per_request is not a rounding of total_cost_usd / request_count either",
  },
  budget_not_exceeded: {
    severity: "error",
    description: 'alert_type is "exceeded" but current_spend_usd is below budget_limit_usd',
  },
  budget_threshold_not_reached: {
    severity: "warning",
    description: "A budget alert fired while current_spend_usd is below threshold_percent of budget_limit_usd",
  },
  compliance_passed_with_failures: {
    severity: "error",
    description: 'A compliance check says passed: true but one of its findings has status "fail"',
  },
  finding_control_not_checked: {
    severity: "warning",
    description: "A compliance finding names a control_id that is not in controls_checked",
  },
  failure_reason_on_success: {
    severity: "warning",
    description: "A successful auth event carries a failure_reason",
  },
  // ---- shared by several domains ----------------------------------------------------------
  time_range_reversed: {
    severity: "error",
    description: "A time range or window ends before it starts (end < start; equal is an empty range and allowed)",
  },
  updated_before_created: {
    severity: "error",
    description: "updated_at is earlier than created_at",
  },
  duplicate_id: {
    severity: "error",
    description: "An id that names one item of a list (rule_id, widget_id, variable name, step) appears twice",
  },
  count_mismatch: {
    severity: "error",
    description:
      "A stored count (total_items, success_count, series_count, point_count, …) differs from the items it counts",
  },
  min_exceeds_max: {
    severity: "error",
    description: "A minimum is greater than its maximum (statistics, axis bounds)",
  },
  average_outside_range: {
    severity: "error",
    description: "avg is below min or above max",
  },
  percentiles_not_ordered: {
    severity: "error",
    description: "The percentiles are not ordered min ≤ p50 ≤ p95 ≤ p99 ≤ max",
  },
  zero_interval: {
    severity: "error",
    description: "An interval that must be positive (a shard or partition length, a downsampling resolution) is 0",
  },
  unknown_source_module: {
    severity: "warning",
    description:
      'A free-text source module is not one of the SourceModule values (e.g. "llm-costops" for "llm-cost-ops")',
  },
  // ---- api (WIRE_FORMAT.md §3, §5.6, §5.8) -------------------------------------------------
  status_error_conflict: {
    severity: "error",
    description: 'A response or batch item has status "success" and also carries an error',
  },
  error_missing: {
    severity: "error",
    description: 'A response or batch item has status "error" / "failed" but carries no error',
  },
  error_status_code: {
    severity: "warning",
    description: "An ApiError's status_code is not an HTTP error status (400–599)",
  },
  page_out_of_range: {
    severity: "error",
    description: "page is 0, but pages are numbered from 1",
  },
  empty_page_size: {
    severity: "error",
    description:
      "per_page is 0 (with items to page through, the hub divides by zero and writes total_pages 4294967295)",
  },
  pagination_inconsistent: {
    severity: "error",
    description:
      "Pagination metadata disagrees with the hub's PaginationMetadata::new: total_pages = ceil(total_items / per_page) saturated to u32, has_next = page < total_pages, has_previous = page > 1, links.next and links.prev present exactly then",
  },
  page_beyond_last: {
    severity: "warning",
    description: "A successful page response names a page beyond total_pages",
  },
  page_size_exceeded: {
    severity: "error",
    description: "A page holds more items than per_page",
  },
  page_item_count_mismatch: {
    severity: "warning",
    description:
      "A page holds a different number of items than page, per_page and total_items imply (per_page on every page but the last, the remainder on the last)",
  },
  batch_status_mismatch: {
    severity: "error",
    description:
      "A batch status disagrees with its counts: all_success needs no failure, all_failed no success, partial_success both",
  },
  // ---- correlation (WIRE_FORMAT.md §2.5, §5.2, §5.6) ---------------------------------------
  event_outside_time_range: {
    severity: "warning",
    description: "A correlated event lies outside the correlation's time_window",
  },
  anomaly_direction_mismatch: {
    severity: "warning",
    description:
      "A spike whose observed value is not above its baseline, or a drop whose observed value is not below it",
  },
  pattern_steps_not_sequential: {
    severity: "warning",
    description: "A pattern's step_number values are not 1, 2, 3, … in order",
  },
  pattern_module_missing: {
    severity: "warning",
    description: "A pattern step names a module that is not in the pattern's modules",
  },
  duplicate_node_id: {
    severity: "error",
    description: "Two nodes of an EventGraph share a node_id (checkEventGraph)",
  },
  duplicate_edge_id: {
    severity: "error",
    description: "Two edges of an EventGraph share an edge_id (checkEventGraph)",
  },
  missing_from_node: {
    severity: "error",
    description: "An edge's from_node is not a node of the graph (checkEventGraph)",
  },
  missing_to_node: {
    severity: "error",
    description: "An edge's to_node is not a node of the graph (checkEventGraph)",
  },
  weight_out_of_range: {
    severity: "error",
    description: "An edge weight is outside [0, 1] (checkEventGraph)",
  },
  metadata_mismatch: {
    severity: "error",
    description:
      "GraphMetadata differs from the graph (checkEventGraph, graphMetadataOf): node_count, edge_count, weakly connected components, avg_degree = 2E/N and directed density = E/(N(N−1)) as networkx computes them, floats to 1e-9 relative",
  },
  node_outside_time_range: {
    severity: "warning",
    description: "A graph node's timestamp lies outside the graph's time_range (checkEventGraph)",
  },
  // ---- timeseries (WIRE_FORMAT.md §2.4, §5.3) -----------------------------------------------
  percentile_out_of_range: {
    severity: "error",
    description: "A percentile aggregation asks for more than the 100th percentile (the wire allows a u8, up to 255)",
  },
  invalid_duration: {
    severity: "warning",
    description:
      'A free-text duration (Aggregation.window, ContinuousQuery.interval) is not an InfluxQL duration such as "30s", "5m", "1h30m" (parseDuration)',
  },
  measurement_mismatch: {
    severity: "warning",
    description:
      "A point of a batch names another measurement than the batch, or a continuous query reads another measurement than its source_measurement",
  },
  points_not_sorted: {
    severity: "warning",
    description: "The points of a result series are not in time order",
  },
  retention_stages_not_ordered: {
    severity: "error",
    description:
      "Downsampling stages must start after the full-resolution period, at increasing ages, with resolutions that do not get finer as data ages",
  },
  retention_shorter_than_stage: {
    severity: "error",
    description: "max_retention_days ends before the full-resolution period or a downsampling stage begins",
  },
  shard_key_not_indexed: {
    severity: "warning",
    description: "A shard key of an IndexConfig is not one of its indexed tags",
  },
  // ---- metrics (WIRE_FORMAT.md §2.3, §5.1) --------------------------------------------------
  sum_mismatch: {
    severity: "error",
    description:
      "sum is not avg × count, allowing avg its rounding (count × half a unit of avg's last decimal) and sum its own",
  },
  stddev_out_of_range: {
    severity: "error",
    description:
      "stddev is negative or above (max − min) / 2, the largest a population standard deviation can be (Popoviciu's inequality; × √(n/(n−1)) for a sample one)",
  },
  histogram_bounds_not_ascending: {
    severity: "error",
    description: "Histogram bucket upper bounds are not strictly ascending",
  },
  histogram_count_mismatch: {
    severity: "error",
    description:
      "The bucket counts match stats.count neither as per-bucket counts (their sum) nor as cumulative counts (never decreasing, the last one equal to it)",
  },
  window_longer_than_period: {
    severity: "warning",
    description:
      "window_end − window_start is longer than the named window (TimeWindow::to_seconds: one_month is 30 days)",
  },
  rollup_target_finer: {
    severity: "error",
    description: "A rollup's target_window is shorter than its source_window",
  },
  weights_not_normalized: {
    severity: "warning",
    description:
      "The weights of a composite metric's components, all given, do not add up to 1 (within their rounding)",
  },
  // ---- metadata (WIRE_FORMAT.md §2.2, §5.6) ------------------------------------------------
  metadata_type_mismatch: {
    severity: "warning",
    description:
      "metadata_type is for another kind of asset than asset_type (model metadata belongs to model and fine_tuned_model assets; custom on either side matches anything)",
  },
  widget_outside_grid: {
    severity: "warning",
    description: "A widget of a grid layout extends past the layout's columns (x + width > columns)",
  },
} as const satisfies Record<string, CodeInfo>;

export type CheckCode = keyof typeof CHECK_CODES;

/** Every code, sorted. */
export const CHECK_CODE_NAMES = Object.keys(CHECK_CODES).sort() as CheckCode[];
