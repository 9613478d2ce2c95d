import * as z from "zod";
import { f64, u16, u32, u64 } from "../core/integers.js";
import { JsonValue } from "../core/json-value.js";
import { lazyFields, lazySchema } from "../core/lazy.js";
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
export const ResponseStatus = lazySchema(() => z.enum(RESPONSE_STATUSES));
export type ResponseStatus = z.infer<typeof ResponseStatus>;

/**
 * Metadata of every response. `extra` is flattened in the hub: every key other than the four
 * named ones is kept, here as a key of the same object (a catchall), so the parsed value has
 * exactly the wire's shape and writes back unchanged. A repeated named key is a duplicate field;
 * a repeated extra key is a map entry (the last value wins), as in the hub.
 */
export const ResponseMetadata = lazySchema(() =>
  named<ResponseMetadata>()(
    z
      .object(
        lazyFields({
          request_id: Uuid,
          timestamp: Timestamp,
          get api_version() {
            return z.string().meta({ description: 'API version, free text (the hub writes "1.0.0")' });
          },
          get response_time_ms() {
            return u64().nullish();
          },
        }),
      )
      .catchall(JsonValue)
      .check(protoKeyCheck())
      .meta({ description: "Response metadata; any further key is kept as an extra field" }),
  ),
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

export const ErrorDetails = lazySchema(() =>
  named<ErrorDetails>()(
    z.object(
      lazyFields({
        get trace() {
          return z.string().nullish();
        },
        get context() {
          return jsonMap().nullish();
        },
        get suggestions() {
          return z.array(z.string()).nullish();
        },
        get documentation_url() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
export type ErrorDetails = {
  trace?: string | null | undefined;
  context?: Record<string, JsonValue> | null | undefined;
  suggestions?: string[] | null | undefined;
  documentation_url?: string | null | undefined;
};

/** Field path → messages. A map in the hub, so a repeated key is allowed (the last value wins). */
export const FieldErrors = lazySchema(() => keepProtoKey(z.record(z.string(), z.array(z.string()))));
export type FieldErrors = z.infer<typeof FieldErrors>;

export const ApiError = lazySchema(() =>
  named<ApiError>()(
    z
      .object(
        lazyFields({
          get code() {
            return z.string().meta({ description: 'Machine-readable error code, e.g. "not_found"' });
          },
          get message() {
            return z.string();
          },
          get status_code() {
            return u16().meta({ description: "HTTP status code" });
          },
          get details() {
            return ErrorDetails.nullish();
          },
          get field_errors() {
            return FieldErrors.nullish().meta({
              description: 'Field path (dotted, e.g. "payload.data.x") → messages',
            });
          },
          timestamp: Timestamp,
        }),
      )
      .meta({ description: "An API error" }),
  ),
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
  return z.object(
    lazyFields({
      status: ResponseStatus,
      get data() {
        return item.nullish();
      },
      get error() {
        return ApiError.nullish();
      },
      meta: ResponseMetadata,
    }),
  );
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
export const PaginationLinks = lazySchema(() =>
  named<PaginationLinks>()(
    z.object(
      lazyFields({
        get first() {
          return z.string();
        },
        get last() {
          return z.string();
        },
        get next() {
          return z.string().nullish();
        },
        get prev() {
          return z.string().nullish();
        },
        get self_link() {
          return z.string();
        },
      }),
    ),
  ),
);
export type PaginationLinks = {
  first: string;
  last: string;
  next?: string | null | undefined;
  prev?: string | null | undefined;
  self_link: string;
};

export const PaginationMetadata = lazySchema(() =>
  named<PaginationMetadata>()(
    z.object(
      lazyFields({
        get page() {
          return u32().meta({ description: "Current page, 1-indexed" });
        },
        get per_page() {
          return u32();
        },
        get total_items() {
          return u64();
        },
        get total_pages() {
          return u32();
        },
        get has_next() {
          return z.boolean();
        },
        get has_previous() {
          return z.boolean();
        },
        get links() {
          return PaginationLinks.nullish();
        },
      }),
    ),
  ),
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
export const SortOrder = lazySchema(() => z.enum(SORT_ORDERS));
export type SortOrder = z.infer<typeof SortOrder>;

/** Page request parameters. The hub has no maximum per_page; see `createPaginationMetadata` for one. */
export const PaginationParams = lazySchema(() =>
  named<PaginationParams>()(
    z
      .object(
        lazyFields({
          get page() {
            return u32().default(1).meta({ description: "Page, 1-indexed (defaults to 1; null is rejected)" });
          },
          get per_page() {
            return u32().default(50).meta({ description: "Items per page (defaults to 50; null is rejected)" });
          },
          get sort_by() {
            return z.string().nullish();
          },
          get sort_order() {
            return SortOrder.nullish();
          },
        }),
      )
      .meta({ description: "Pagination parameters of a list request" }),
  ),
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
  return z.object(
    lazyFields({
      status: ResponseStatus,
      get data() {
        return z.array(item).nullish();
      },
      pagination: PaginationMetadata,
      get error() {
        return ApiError.nullish();
      },
      meta: ResponseMetadata,
    }),
  );
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
export const QueryStatus = lazySchema(() => z.enum(QUERY_STATUSES));
export type QueryStatus = z.infer<typeof QueryStatus>;

export const QueryMetrics = lazySchema(() =>
  named<QueryMetrics>()(
    z.object(
      lazyFields({
        get execution_time_ms() {
          return u64();
        },
        get records_scanned() {
          return u64();
        },
        get records_returned() {
          return u64();
        },
        get bytes_processed() {
          return u64();
        },
        get from_cache() {
          return z.boolean();
        },
        get cache_ttl() {
          return u32().nullish().meta({ description: "Seconds the cached result stays valid" });
        },
      }),
    ),
  ),
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
  return z.object(
    lazyFields({
      query_id: Uuid,
      status: QueryStatus,
      get data() {
        return item.nullish();
      },
      metrics: QueryMetrics,
      get warnings() {
        return z
          .array(z.string())
          .default(() => [])
          .meta({ description: "Warnings (defaults to []; null is rejected)" });
      },
    }),
  );
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
export const SeriesPoint = lazySchema(() =>
  named<SeriesPoint>()(
    z
      .object(
        lazyFields({
          timestamp: Timestamp,
          get value() {
            return f64();
          },
        }),
      )
      .catchall(JsonValue)
      .check(protoKeyCheck())
      .meta({ description: "A point of a query series; any further key is kept as an extra field" }),
  ),
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

export const SeriesData = lazySchema(() =>
  named<SeriesData>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get tags() {
          return stringMap()
            .default(() => ({}))
            .meta({ description: "Series tags (defaults to {}; null is rejected)" });
        },
        get points() {
          return z.array(SeriesPoint);
        },
      }),
    ),
  ),
);
export type SeriesData = {
  name: string;
  /** Series tags (defaults to {}; null is rejected) */
  tags: StringMap;
  points: SeriesPoint[];
};

export const TimeSeriesQueryResult = lazySchema(() =>
  named<TimeSeriesQueryResult>()(
    z
      .object(
        lazyFields({
          get query() {
            return z.string();
          },
          time_range: TimeRange,
          get series() {
            return z.array(SeriesData);
          },
          metrics: QueryMetrics,
        }),
      )
      .meta({ description: "The result of a time-series query" }),
  ),
);
export type TimeSeriesQueryResult = {
  query: string;
  time_range: TimeRange;
  series: SeriesData[];
  metrics: QueryMetrics;
};

/** Aggregates of one window. No stddev and no sum, unlike the metrics StatisticalMeasures. */
export const AggregatedValue = lazySchema(() =>
  named<AggregatedValue>()(
    z.object(
      lazyFields({
        timestamp: Timestamp,
        get avg() {
          return f64();
        },
        get min() {
          return f64();
        },
        get max() {
          return f64();
        },
        get p50() {
          return f64();
        },
        get p95() {
          return f64();
        },
        get p99() {
          return f64();
        },
        get count() {
          return u64();
        },
      }),
    ),
  ),
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

export const MetricsQueryResult = lazySchema(() =>
  named<MetricsQueryResult>()(
    z
      .object(
        lazyFields({
          get metric() {
            return z.string();
          },
          get window() {
            return z.string().meta({ description: 'Free-text window, e.g. "1h" (unlike AggregatedMetric.window)' });
          },
          get values() {
            return z.array(AggregatedValue);
          },
          metrics: QueryMetrics,
        }),
      )
      .meta({ description: "The result of a metrics query" }),
  ),
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
export const StreamEventType = lazySchema(() => z.enum(STREAM_EVENT_TYPES));
export type StreamEventType = z.infer<typeof StreamEventType>;

/**
 * `StreamEvent<T>`: one event of a stream. `data` is required; it takes `null` only when the
 * item schema does (a `StreamEvent<serde_json::Value>` heartbeat carries `"data": null`).
 */
export function StreamEvent<T extends z.ZodType>(item: T) {
  return z.object(
    lazyFields({
      event_id: Uuid,
      event_type: StreamEventType,
      data: item,
      get sequence() {
        return u64().meta({ description: "Position of the event in its stream" });
      },
      timestamp: Timestamp,
    }),
  );
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
export const SseMessage = lazySchema(() =>
  named<SseMessage>()(
    z.object(
      lazyFields({
        get event() {
          return z.string().optional().meta({ description: 'Event type; the client sees "message" when absent' });
        },
        get data() {
          return z.string();
        },
        get id() {
          return z.string().optional().meta({ description: "Sets the client's last event ID" });
        },
        get retry() {
          return u32().optional().meta({ description: "Reconnection time in milliseconds" });
        },
      }),
    ),
  ),
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
export const ItemStatus = lazySchema(() => z.enum(ITEM_STATUSES));
export type ItemStatus = z.infer<typeof ItemStatus>;

export const BATCH_STATUSES = ["all_success", "partial_success", "all_failed"] as const;
export const BatchStatus = lazySchema(() => z.enum(BATCH_STATUSES));
export type BatchStatus = z.infer<typeof BatchStatus>;

/** `BatchItemResult<T>`: the outcome of one item of a batch, by its position in the request. */
export function BatchItemResult<T extends z.ZodType>(item: T) {
  return z.object(
    lazyFields({
      get index() {
        return u64().meta({ description: "Position of the item in the request, 0-based" });
      },
      get item_id() {
        return z.string().nullish();
      },
      status: ItemStatus,
      get data() {
        return item.nullish();
      },
      get error() {
        return ApiError.nullish();
      },
    }),
  );
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
  return z.object(
    lazyFields({
      batch_id: Uuid,
      get total_items() {
        return u64();
      },
      get success_count() {
        return u64();
      },
      get failure_count() {
        return u64();
      },
      get results() {
        return z.array(BatchItemResult(item));
      },
      status: BatchStatus,
    }),
  );
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
