import {
  AggregatedValue,
  ApiError,
  BatchStatus,
  ItemStatus,
  MetricsQueryResult,
  PaginationMetadata,
  PaginationParams,
  ResponseMetadata,
  ResponseStatus,
  TimeSeriesQueryResult,
} from "../api/index.js";
import { U32_MAX } from "../core/integers.js";
import type { CheckIssue } from "./issue.js";
import { RANGE_RULES } from "./ranges.js";
import { child, list, type Node, num, own, show, str } from "./read.js";
import { defineRule, type Report, type Rule } from "./rule.js";
import { reportStatsOrder } from "./shared.js";
import { runRules } from "./walk.js";

/*
 * Checks of the api envelopes (WIRE_FORMAT.md §2.6): status against error, pagination against
 * the hub's own PaginationMetadata::new (§3), batch counts against their results (§5.6).
 */

function present(node: Node, key: string): boolean {
  const v = own(node, key);
  return v !== undefined && v !== null;
}

function reportStatusAndError(node: Node, report: Report, errorStatus: string): void {
  const status = str(node, "status");
  if (status === "success" && present(node, "error")) {
    report("status_error_conflict", ["error"], 'status is "success" but an error is present');
  }
  if (status === errorStatus && !present(node, "error")) {
    report("error_missing", ["status"], `status is "${errorStatus}" but no error is given`);
  }
}

/** The hub's PaginationMetadata::new: total_pages = ceil(items / per_page) in f64, saturated to u32. */
function hubTotalPages(items: number, perPage: number): number {
  const pages = Math.ceil(items / perPage);
  return Number.isNaN(pages) ? 0 : Math.min(pages, U32_MAX);
}

function reportPagination(node: Node, report: Report): void {
  const page = num(node, "page");
  const perPage = num(node, "per_page");
  const items = num(node, "total_items");
  const pages = num(node, "total_pages");
  if (page === 0) report("page_out_of_range", ["page"], "page is 0, but pages are numbered from 1");
  if (perPage === 0 && items !== undefined && items > 0) {
    report("empty_page_size", ["per_page"], `per_page is 0 with ${items} items to page through`);
  } else if (perPage !== undefined && items !== undefined && pages !== undefined) {
    const expected = hubTotalPages(items, perPage);
    if (pages !== expected) {
      report(
        "pagination_inconsistent",
        ["total_pages"],
        `total_pages is ${pages} but ceil(total_items / per_page) = ceil(${items} / ${perPage}) is ${expected}`,
      );
    }
  }
  const hasNext = own(node, "has_next");
  const hasPrevious = own(node, "has_previous");
  if (page !== undefined && pages !== undefined && typeof hasNext === "boolean" && hasNext !== page < pages) {
    report("pagination_inconsistent", ["has_next"], `has_next is ${hasNext} on page ${page} of ${pages}`);
  }
  if (page !== undefined && typeof hasPrevious === "boolean" && hasPrevious !== page > 1) {
    report("pagination_inconsistent", ["has_previous"], `has_previous is ${hasPrevious} on page ${page}`);
  }
  const links = child(node, "links");
  if (!links) return;
  for (const [key, flag] of [
    ["next", hasNext],
    ["prev", hasPrevious],
  ] as const) {
    if (typeof flag === "boolean" && present(links, key) !== flag) {
      report(
        "pagination_inconsistent",
        ["links", key],
        `links.${key} is ${present(links, key) ? "present" : "absent"} but has_${key === "next" ? "next" : "previous"} is ${flag}`,
      );
    }
  }
}

function reportPage(node: Node, report: Report): void {
  const pagination = child(node, "pagination");
  const data = list(node, "data");
  if (!pagination) return;
  const page = num(pagination, "page");
  const perPage = num(pagination, "per_page");
  const items = num(pagination, "total_items");
  const pages = num(pagination, "total_pages");
  if (str(node, "status") === "success" && page !== undefined && pages !== undefined && page > pages && page > 1) {
    report("page_beyond_last", ["pagination", "page"], `page ${page} is beyond the last page ${pages}`);
  }
  if (!data || perPage === undefined) return;
  if (data.length > perPage) {
    report("page_size_exceeded", ["data"], `the page holds ${data.length} items, more than per_page ${perPage}`);
    return;
  }
  if (page === undefined || items === undefined || page < 1 || perPage === 0) return;
  const before = (page - 1) * perPage;
  const expected = Math.max(0, Math.min(perPage, items - before));
  if (data.length !== expected) {
    report(
      "page_item_count_mismatch",
      ["data"],
      `page ${page} of ${items} items at ${perPage} per page should hold ${expected} items, not ${data.length}`,
    );
  }
}

function reportBatch(node: Node, report: Report): void {
  const results = list(node, "results");
  if (!results) return;
  const counted = { success: 0, failed: 0 };
  for (const r of results) {
    const status = typeof r === "object" && r !== null ? (r as Node).status : undefined;
    if (status === "success") counted.success++;
    if (status === "failed") counted.failed++;
  }
  for (const [key, expected] of [
    ["total_items", results.length],
    ["success_count", counted.success],
    ["failure_count", counted.failed],
  ] as const) {
    const v = num(node, key);
    if (v !== undefined && v !== expected) {
      report("count_mismatch", [key], `${key} is ${v} but the results give ${expected}`);
    }
  }
  const successes = num(node, "success_count");
  const failures = num(node, "failure_count");
  const status = str(node, "status");
  if (successes === undefined || failures === undefined || status === undefined) return;
  const expected =
    successes > 0 && failures > 0
      ? "partial_success"
      : failures > 0
        ? "all_failed"
        : successes > 0
          ? "all_success"
          : undefined;
  if (expected !== undefined && status !== expected) {
    report(
      "batch_status_mismatch",
      ["status"],
      `status is "${status}" but ${successes} succeeded and ${failures} failed ("${expected}")`,
    );
  }
}

function reportErrorStatus(node: Node, report: Report): void {
  const code = num(node, "status_code");
  if (code !== undefined && (code < 400 || code > 599)) {
    report("error_status_code", ["status_code"], `status_code ${show(code)} is not an HTTP error status (400–599)`);
  }
}

export const API_RULES: readonly Rule[] = [
  defineRule("ApiResponse", { status: ResponseStatus, meta: ResponseMetadata }, (node, report) =>
    reportStatusAndError(node, report, "error"),
  ),
  defineRule("PaginatedResponse", { status: ResponseStatus, pagination: PaginationMetadata }, reportPage),
  defineRule("BatchItemResult", { status: ItemStatus }, (node, report) => reportStatusAndError(node, report, "failed")),
  defineRule("BatchResponse", { status: BatchStatus }, reportBatch),
  defineRule("PaginationMetadata", PaginationMetadata, reportPagination),
  defineRule("PaginationParams", PaginationParams, (node, report) => {
    if (num(node, "page") === 0) report("page_out_of_range", ["page"], "page is 0, but pages are numbered from 1");
    if (num(node, "per_page") === 0) report("empty_page_size", ["per_page"], "per_page is 0: no page can hold an item");
  }),
  defineRule("ApiError", ApiError, reportErrorStatus),
  defineRule("AggregatedValue", AggregatedValue, reportStatsOrder),
];

const RULES = [...RANGE_RULES, ...API_RULES];

/**
 * The semantic issues of a parsed ApiError. For the generic envelopes use `check` with the
 * instantiated schema, e.g. `checkValue(PaginatedResponse(AnalyticsEvent), page)`, which also runs
 * the rules of the items.
 */
export function checkApiError(value: ApiError): CheckIssue[] {
  return runRules(RULES, ApiError, value);
}

/** The semantic issues of parsed PaginationParams. */
export function checkPaginationParams(value: PaginationParams): CheckIssue[] {
  return runRules(RULES, PaginationParams, value);
}

/** The semantic issues of a parsed MetricsQueryResult. */
export function checkMetricsQueryResult(value: MetricsQueryResult): CheckIssue[] {
  return runRules(RULES, MetricsQueryResult, value);
}

/** The semantic issues of a parsed TimeSeriesQueryResult. */
export function checkTimeSeriesQueryResult(value: TimeSeriesQueryResult): CheckIssue[] {
  return runRules(RULES, TimeSeriesQueryResult, value);
}
