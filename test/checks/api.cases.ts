import {
  ApiError,
  ApiResponse,
  BatchResponse,
  MetricsQueryResult,
  PaginatedResponse,
  PaginationParams,
  TimeSeriesQueryResult,
} from "../../src/api/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { type CheckCase, fixture } from "./cases.js";

const Page = PaginatedResponse(AnalyticsEvent);
const Response = ApiResponse(AnalyticsEvent);
const Batch = BatchResponse(AnalyticsEvent);
// page 2 of 11 items at 3 per page: total_pages = ceil(11 / 3) = 4, has_next (2 < 4), has_previous (2 > 1),
// 3 items on the page (the hub's PaginationMetadata::new, WIRE_FORMAT.md §3).
const page = () => fixture("paginated-security-events.json");

/** Api cases: envelopes, pagination (against the hub's PaginationMetadata::new) and batches. */
export const API_CASES: CheckCase[] = [
  {
    code: "status_error_conflict",
    name: 'status "success" with an error',
    schema: Response,
    base: () => fixture("api-response-event.json"),
    mutate: (d) => {
      d.error = fixture("api-error-minimal.json");
    },
    path: "/error",
  },
  {
    code: "status_error_conflict",
    name: "a batch item that succeeded with an error",
    schema: Batch,
    base: () => fixture("batch-partial-success.json"),
    mutate: (d) => {
      d.results[0].error = d.results[2].error;
    },
    path: "/results/0/error",
  },
  {
    code: "error_missing",
    name: 'status "error" without an error',
    schema: Response,
    base: () => fixture("api-response-error-not-found.json"),
    mutate: (d) => {
      delete d.error;
    },
    path: "/status",
  },
  {
    code: "error_missing",
    name: "a failed batch item without an error",
    schema: Batch,
    base: () => fixture("batch-partial-success.json"),
    mutate: (d) => {
      d.results[2].error = null;
    },
    path: "/results/2/status",
  },
  {
    code: "error_status_code",
    name: "an error with HTTP status 200",
    schema: ApiError,
    base: () => fixture("api-error-validation.json"),
    mutate: (d) => {
      d.status_code = 200;
    },
    path: "/status_code",
  },
  {
    code: "page_out_of_range",
    name: "page 0 of the metadata",
    schema: Page,
    base: () => fixture("paginated-empty.json"),
    mutate: (d) => {
      d.pagination.page = 0;
    },
    path: "/pagination/page",
  },
  {
    code: "page_out_of_range",
    name: "page 0 requested",
    schema: PaginationParams,
    base: () => fixture("pagination-params-full.json"),
    mutate: (d) => {
      d.page = 0;
    },
    path: "/page",
  },
  {
    code: "empty_page_size",
    name: "per_page 0 with 10 items (the hub's (1, 0, 10) edge case: total_pages 4294967295, has_next true)",
    schema: Page,
    base: () => fixture("paginated-empty.json"),
    mutate: (d) => {
      Object.assign(d.pagination, { per_page: 0, total_items: 10, total_pages: 4294967295, has_next: true });
    },
    path: "/pagination/per_page",
  },
  {
    code: "empty_page_size",
    name: "per_page 0 requested",
    schema: PaginationParams,
    base: () => fixture("pagination-params-full.json"),
    mutate: (d) => {
      d.per_page = 0;
    },
    path: "/per_page",
  },
  {
    code: "pagination_inconsistent",
    name: "11 items at 3 per page in 3 pages (ceil(11 / 3) = 4)",
    schema: Page,
    base: page,
    mutate: (d) => {
      d.pagination.total_pages = 3;
    },
    path: "/pagination/total_pages",
  },
  {
    code: "pagination_inconsistent",
    name: "has_next false on page 2 of 4",
    schema: Page,
    base: page,
    mutate: (d) => {
      d.pagination.has_next = false;
    },
    path: "/pagination/has_next",
  },
  {
    code: "pagination_inconsistent",
    name: "has_previous false on page 2",
    schema: Page,
    base: page,
    mutate: (d) => {
      d.pagination.has_previous = false;
    },
    path: "/pagination/has_previous",
  },
  {
    code: "pagination_inconsistent",
    name: "no next link while has_next is true",
    schema: Page,
    base: page,
    mutate: (d) => {
      delete d.pagination.links.next;
    },
    path: "/pagination/links/next",
  },
  {
    code: "page_beyond_last",
    name: "a successful page 5 of 4",
    schema: Page,
    base: () => {
      const d = page();
      Object.assign(d.pagination, { page: 4, has_next: false });
      d.pagination.links.next = null;
      d.data = d.data.slice(0, 2);
      return d;
    },
    mutate: (d) => {
      d.pagination.page = 5;
      d.data = [];
    },
    path: "/pagination/page",
  },
  {
    code: "page_size_exceeded",
    name: "4 items on a page of 3",
    schema: Page,
    base: page,
    mutate: (d) => {
      d.data.push(d.data[0]);
    },
    path: "/data",
  },
  {
    code: "page_item_count_mismatch",
    name: "2 items on page 2 of 4 at 3 per page",
    schema: Page,
    base: page,
    mutate: (d) => {
      d.data.pop();
    },
    path: "/data",
  },
  {
    code: "count_mismatch",
    name: "total_items 5 for 4 results",
    schema: Batch,
    base: () => fixture("batch-partial-success.json"),
    mutate: (d) => {
      d.total_items = 5;
    },
    path: "/total_items",
  },
  {
    code: "count_mismatch",
    name: "success_count 3 for 2 successes",
    schema: Batch,
    base: () => fixture("batch-partial-success.json"),
    mutate: (d) => {
      d.success_count = 3;
    },
    path: "/success_count",
  },
  {
    code: "count_mismatch",
    name: "failure_count 1 for 2 failures",
    schema: Batch,
    base: () => fixture("batch-all-failed.json"),
    mutate: (d) => {
      d.failure_count = 1;
    },
    path: "/failure_count",
  },
  {
    code: "batch_status_mismatch",
    name: "all_success with one failure",
    schema: Batch,
    base: () => fixture("batch-partial-success.json"),
    mutate: (d) => {
      d.status = "all_success";
    },
    path: "/status",
  },
  {
    code: "min_exceeds_max",
    name: "an aggregated value with min above max",
    schema: MetricsQueryResult,
    base: () => fixture("metrics-query-result.json"),
    mutate: (d) => {
      d.values[1].min = 8000;
    },
    path: "/values/1/min",
  },
  {
    code: "average_outside_range",
    name: "avg 90 below min 95.2",
    schema: MetricsQueryResult,
    base: () => fixture("metrics-query-result.json"),
    mutate: (d) => {
      d.values[0].avg = 90;
    },
    path: "/values/0/avg",
  },
  {
    code: "percentiles_not_ordered",
    name: "p95 above p99",
    schema: MetricsQueryResult,
    base: () => fixture("metrics-query-result.json"),
    mutate: (d) => {
      d.values[0].p95 = 4200;
    },
    path: "/values/0/p99",
  },
  {
    code: "time_range_reversed",
    name: "a query result whose range ends an hour before it starts",
    schema: TimeSeriesQueryResult,
    base: () => fixture("timeseries-query-result.json"),
    mutate: (d) => {
      d.time_range.end = "2025-06-03T13:00:00Z";
    },
    path: "/time_range",
  },
];
