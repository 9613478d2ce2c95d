import * as z from "zod";
import { f64, u16, u32, u64 } from "../core/integers.js";
import { JsonValue } from "../core/json-value.js";
import type { StringMap } from "../core/maps.js";
import { jsonMap, keepProtoKey, protoKeyCheck, stringMap } from "../core/maps.js";
import { named } from "../core/named.js";
import { TimeRange } from "../core/time-range.js";
import { Timestamp } from "../core/timestamp.js";
import { Uuid } from "../core/uuid.js";

/*
 * The hub's api.rs. Generic Rust types are factories that take the item schema
 * (`ApiResponse(AnalyticsEvent)`); the type of the same name takes the item's *type*
 * (`ApiResponse<AnalyticsEvent>`), as in Rust, and is inferred from the factory, so the two
 * cannot drift. For the input side of a generic type use
 * `z.input<ReturnType<typeof ApiResponse<typeof AnalyticsEvent>>>`.
 */

// ---------------------------------------------------------------------------------------------
// Envelope and errors

export const RESPONSE_STATUSES = ["success", "error", "partial"] as const;
export const ResponseStatus = z.enum(RESPONSE_STATUSES);
export type ResponseStatus = z.infer<typeof ResponseStatus>;

/**
 * Metadata of every response. `extra` is flattened in the hub: every key other than the four
 * named ones is kept, here as a key of the same object (a catchall), so the parsed value has
 * exactly the wire's shape and writes back unchanged. A repeated named key is a duplicate field;
 * a repeated extra key is a map entry (the last value wins), as in the hub.
 */
export const ResponseMetadata = named<ResponseMetadata>()(
  z
    .object({
      request_id: Uuid,
      timestamp: Timestamp,
      api_version: z.string().meta({ description: 'API version, free text (the hub writes "1.0.0")' }),
      response_time_ms: u64().nullish(),
    })
    .catchall(JsonValue)
    .check(protoKeyCheck())
    .meta({ description: "Response metadata; any further key is kept as an extra field" }),
);
/**
 * Metadata of every response. `extra` is flattened in the hub: every key other than the four
 * named ones is kept, here as a key of the same object (a catchall), so the parsed value has
 * exactly the wire's shape and writes back unchanged. A repeated named key is a duplicate field;
 * a repeated extra key is a map entry (the last value wins), as in the hub.
 */
export type ResponseMetadata = {
  request_id: string;
  timestamp: string;
  api_version: string;
  response_time_ms?: number | null | undefined;
} & Record<string, JsonValue>;

export const ErrorDetails = named<ErrorDetails>()(
  z.object({
    trace: z.string().nullish(),
    context: jsonMap().nullish(),
    suggestions: z.array(z.string()).nullish(),
    documentation_url: z.string().nullish(),
  }),
);
export type ErrorDetails = {
  trace?: string | null | undefined;
  context?: Record<string, JsonValue> | null | undefined;
  suggestions?: string[] | null | undefined;
  documentation_url?: string | null | undefined;
};

/** Field path → messages. A map in the hub, so a repeated key is allowed (the last value wins). */
export const FieldErrors = keepProtoKey(z.record(z.string(), z.array(z.string())));
export type FieldErrors = z.infer<typeof FieldErrors>;

export const ApiError = named<ApiError>()(
  z
    .object({
      code: z.string().meta({ description: 'Machine-readable error code, e.g. "not_found"' }),
      message: z.string(),
      status_code: u16().meta({ description: "HTTP status code" }),
      details: ErrorDetails.nullish(),
      field_errors: FieldErrors.nullish().meta({
        description: 'Field path (dotted, e.g. "payload.data.x") → messages',
      }),
      timestamp: Timestamp,
    })
    .meta({ description: "An API error" }),
);
export type ApiError = {
  code: string;
  message: string;
  status_code: number;
  timestamp: string;
  details?: ErrorDetails | null | undefined;
  field_errors?: FieldErrors | null | undefined;
};

/**
 * `ApiResponse<T>`: `status`, optional `data` and `error`, required `meta`. `"data": null`
 * reads as absent for any T (the hub's `Option<T>`), so an item schema that rejects null, such
 * as AnalyticsEvent, still accepts the `"data": null` the ingestion service writes.
 */
export function ApiResponse<T extends z.ZodType>(item: T) {
  return z.object({
    status: ResponseStatus,
    data: item.nullish(),
    error: ApiError.nullish(),
    meta: ResponseMetadata,
  });
}
/** The hub's `ApiResponse<T>` with items of type `T`: what `ApiResponse(item).parse` returns. */
export type ApiResponse<T> = {
  status: ResponseStatus;
  data?: T | null | undefined;
  error?: ApiError | null | undefined;
  meta: ResponseMetadata;
};

// ---------------------------------------------------------------------------------------------
// Pagination

/** Links to other pages. The wire key of the current page is `self_link`, not `self`. */
export const PaginationLinks = named<PaginationLinks>()(
  z.object({
    first: z.string(),
    last: z.string(),
    next: z.string().nullish(),
    prev: z.string().nullish(),
    self_link: z.string(),
  }),
);
export type PaginationLinks = {
  first: string;
  last: string;
  next?: string | null | undefined;
  prev?: string | null | undefined;
  self_link: string;
};

export const PaginationMetadata = named<PaginationMetadata>()(
  z.object({
    page: u32().meta({ description: "Current page, 1-indexed" }),
    per_page: u32(),
    total_items: u64(),
    total_pages: u32(),
    has_next: z.boolean(),
    has_previous: z.boolean(),
    links: PaginationLinks.nullish(),
  }),
);
export type PaginationMetadata = {
  /** Current page, 1-indexed */
  page: number;
  per_page: number;
  total_items: number;
  total_pages: number;
  has_next: boolean;
  has_previous: boolean;
  links?: PaginationLinks | null | undefined;
};

export const SORT_ORDERS = ["asc", "desc"] as const;
export const SortOrder = z.enum(SORT_ORDERS);
export type SortOrder = z.infer<typeof SortOrder>;

/** Page request parameters. The hub has no maximum per_page; see `createPaginationMetadata` for one. */
export const PaginationParams = named<PaginationParams>()(
  z
    .object({
      page: u32().default(1).meta({ description: "Page, 1-indexed (defaults to 1; null is rejected)" }),
      per_page: u32().default(50).meta({ description: "Items per page (defaults to 50; null is rejected)" }),
      sort_by: z.string().nullish(),
      sort_order: SortOrder.nullish(),
    })
    .meta({ description: "Pagination parameters of a list request" }),
);
/** Page request parameters. The hub has no maximum per_page; see `createPaginationMetadata` for one. */
export type PaginationParams = {
  page: number;
  per_page: number;
  sort_by?: string | null | undefined;
  sort_order?: SortOrder | null | undefined;
};
/** What `PaginationParams.parse` accepts: `page` and `per_page` may be left out. */
export type PaginationParamsInput = z.input<typeof PaginationParams>;

/** `PaginatedResponse<T>`: a page of items with its pagination metadata. */
export function PaginatedResponse<T extends z.ZodType>(item: T) {
  return z.object({
    status: ResponseStatus,
    data: z.array(item).nullish(),
    pagination: PaginationMetadata,
    error: ApiError.nullish(),
    meta: ResponseMetadata,
  });
}
/** The hub's `PaginatedResponse<T>` with items of type `T`: what `PaginatedResponse(item).parse` returns. */
export type PaginatedResponse<T> = {
  status: ResponseStatus;
  data?: T[] | null | undefined;
  pagination: PaginationMetadata;
  error?: ApiError | null | undefined;
  meta: ResponseMetadata;
};

// ---------------------------------------------------------------------------------------------
// Query results

export const QUERY_STATUSES = ["success", "partial_success", "failed", "timeout"] as const;
export const QueryStatus = z.enum(QUERY_STATUSES);
export type QueryStatus = z.infer<typeof QueryStatus>;

export const QueryMetrics = named<QueryMetrics>()(
  z.object({
    execution_time_ms: u64(),
    records_scanned: u64(),
    records_returned: u64(),
    bytes_processed: u64(),
    from_cache: z.boolean(),
    cache_ttl: u32().nullish().meta({ description: "Seconds the cached result stays valid" }),
  }),
);
export type QueryMetrics = {
  execution_time_ms: number;
  records_scanned: number;
  records_returned: number;
  bytes_processed: number;
  from_cache: boolean;
  /** Seconds the cached result stays valid */
  cache_ttl?: number | null | undefined;
};

/** `QueryResult<T>`: a query's outcome, its data (absent on failure) and execution metrics. */
export function QueryResult<T extends z.ZodType>(item: T) {
  return z.object({
    query_id: Uuid,
    status: QueryStatus,
    data: item.nullish(),
    metrics: QueryMetrics,
    warnings: z
      .array(z.string())
      .default(() => [])
      .meta({ description: "Warnings (defaults to []; null is rejected)" }),
  });
}
/** The hub's `QueryResult<T>` with data of type `T`: what `QueryResult(item).parse` returns. */
export type QueryResult<T> = {
  query_id: string;
  status: QueryStatus;
  data?: T | null | undefined;
  metrics: QueryMetrics;
  /** Warnings (defaults to []; null is rejected) */
  warnings: string[];
};

/**
 * One point of a query series: the hub's api `DataPoint` (renamed, as the timeseries module has
 * a different DataPoint). Its `fields` map is flattened: every key other than `timestamp` and
 * `value` is kept, as a key of the same object.
 */
export const SeriesPoint = named<SeriesPoint>()(
  z
    .object({
      timestamp: Timestamp,
      value: f64(),
    })
    .catchall(JsonValue)
    .check(protoKeyCheck())
    .meta({ description: "A point of a query series; any further key is kept as an extra field" }),
);
/**
 * One point of a query series: the hub's api `DataPoint` (renamed, as the timeseries module has
 * a different DataPoint). Its `fields` map is flattened: every key other than `timestamp` and
 * `value` is kept, as a key of the same object.
 */
export type SeriesPoint = {
  timestamp: string;
  value: number;
} & Record<string, JsonValue>;

export const SeriesData = named<SeriesData>()(
  z.object({
    name: z.string(),
    tags: stringMap()
      .default(() => ({}))
      .meta({ description: "Series tags (defaults to {}; null is rejected)" }),
    points: z.array(SeriesPoint),
  }),
);
export type SeriesData = {
  name: string;
  /** Series tags (defaults to {}; null is rejected) */
  tags: StringMap;
  points: SeriesPoint[];
};

export const TimeSeriesQueryResult = named<TimeSeriesQueryResult>()(
  z
    .object({
      query: z.string(),
      time_range: TimeRange,
      series: z.array(SeriesData),
      metrics: QueryMetrics,
    })
    .meta({ description: "The result of a time-series query" }),
);
export type TimeSeriesQueryResult = {
  query: string;
  time_range: TimeRange;
  series: SeriesData[];
  metrics: QueryMetrics;
};

/** Aggregates of one window. No stddev and no sum, unlike the metrics StatisticalMeasures. */
export const AggregatedValue = named<AggregatedValue>()(
  z.object({
    timestamp: Timestamp,
    avg: f64(),
    min: f64(),
    max: f64(),
    p50: f64(),
    p95: f64(),
    p99: f64(),
    count: u64(),
  }),
);
/** Aggregates of one window. No stddev and no sum, unlike the metrics StatisticalMeasures. */
export type AggregatedValue = {
  timestamp: string;
  avg: number;
  min: number;
  max: number;
  p50: number;
  p95: number;
  p99: number;
  count: number;
};

export const MetricsQueryResult = named<MetricsQueryResult>()(
  z
    .object({
      metric: z.string(),
      window: z.string().meta({ description: 'Free-text window, e.g. "1h" (unlike AggregatedMetric.window)' }),
      values: z.array(AggregatedValue),
      metrics: QueryMetrics,
    })
    .meta({ description: "The result of a metrics query" }),
);
export type MetricsQueryResult = {
  metric: string;
  window: string;
  values: AggregatedValue[];
  metrics: QueryMetrics;
};

// ---------------------------------------------------------------------------------------------
// Streaming

export const STREAM_EVENT_TYPES = ["data", "heartbeat", "error", "complete"] as const;
export const StreamEventType = z.enum(STREAM_EVENT_TYPES);
export type StreamEventType = z.infer<typeof StreamEventType>;

/**
 * `StreamEvent<T>`: one event of a stream. `data` is required; it takes `null` only when the
 * item schema does (a `StreamEvent<serde_json::Value>` heartbeat carries `"data": null`).
 */
export function StreamEvent<T extends z.ZodType>(item: T) {
  return z.object({
    event_id: Uuid,
    event_type: StreamEventType,
    data: item,
    sequence: u64().meta({ description: "Position of the event in its stream" }),
    timestamp: Timestamp,
  });
}
/** The hub's `StreamEvent<T>` with data of type `T`: what `StreamEvent(item).parse` returns. */
export type StreamEvent<T> = {
  event_id: string;
  event_type: StreamEventType;
  data: T;
  /** Position of the event in its stream */
  sequence: number;
  timestamp: string;
};

/**
 * A Server-Sent Events message (not a wire type of the hub: its formatting helper). `encodeSse`
 * writes it in the WHATWG event-stream format.
 */
export const SseMessage = named<SseMessage>()(
  z.object({
    event: z.string().optional().meta({ description: 'Event type; the client sees "message" when absent' }),
    data: z.string(),
    id: z.string().optional().meta({ description: "Sets the client's last event ID" }),
    retry: u32().optional().meta({ description: "Reconnection time in milliseconds" }),
  }),
);
/**
 * A Server-Sent Events message (not a wire type of the hub: its formatting helper). `encodeSse`
 * writes it in the WHATWG event-stream format.
 */
export type SseMessage = {
  /** Event type; the client sees "message" when absent */
  event?: string | undefined;
  data: string;
  /** Sets the client's last event ID */
  id?: string | undefined;
  /** Reconnection time in milliseconds */
  retry?: number | undefined;
};

// ---------------------------------------------------------------------------------------------
// Batches

export const ITEM_STATUSES = ["success", "failed", "skipped"] as const;
export const ItemStatus = z.enum(ITEM_STATUSES);
export type ItemStatus = z.infer<typeof ItemStatus>;

export const BATCH_STATUSES = ["all_success", "partial_success", "all_failed"] as const;
export const BatchStatus = z.enum(BATCH_STATUSES);
export type BatchStatus = z.infer<typeof BatchStatus>;

/** `BatchItemResult<T>`: the outcome of one item of a batch, by its position in the request. */
export function BatchItemResult<T extends z.ZodType>(item: T) {
  return z.object({
    index: u64().meta({ description: "Position of the item in the request, 0-based" }),
    item_id: z.string().nullish(),
    status: ItemStatus,
    data: item.nullish(),
    error: ApiError.nullish(),
  });
}
/** The hub's `BatchItemResult<T>` with data of type `T`: what `BatchItemResult(item).parse` returns. */
export type BatchItemResult<T> = {
  /** Position of the item in the request, 0-based */
  index: number;
  item_id?: string | null | undefined;
  status: ItemStatus;
  data?: T | null | undefined;
  error?: ApiError | null | undefined;
};

/** `BatchResponse<T>`: per-item results and their counts. `createBatchResponse` computes the counts. */
export function BatchResponse<T extends z.ZodType>(item: T) {
  return z.object({
    batch_id: Uuid,
    total_items: u64(),
    success_count: u64(),
    failure_count: u64(),
    results: z.array(BatchItemResult(item)),
    status: BatchStatus,
  });
}
/** The hub's `BatchResponse<T>` with items of type `T`: what `BatchResponse(item).parse` returns. */
export type BatchResponse<T> = {
  batch_id: string;
  total_items: number;
  success_count: number;
  failure_count: number;
  results: BatchItemResult<T>[];
  status: BatchStatus;
};
