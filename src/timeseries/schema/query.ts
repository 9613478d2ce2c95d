import * as z from "zod";
import { i64, u8, u64 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { keepProtoKey, stringMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { externalEnum } from "../../core/tagging.js";
import { TimeRange } from "../../core/time-range.js";
import { Timestamp } from "../../core/timestamp.js";
import type { GenericFields } from "./point.js";
import { FieldValue } from "./point.js";

/** The query's span: start inclusive, end exclusive (in executeQuery and toInfluxQL). */
const QueryTimeRange = lazySchema(() =>
  TimeRange.meta({ description: "Span of the query: start inclusive, end exclusive" }),
);

export const AGGREGATION_FUNCTIONS = [
  "mean",
  "sum",
  "min",
  "max",
  "count",
  "first",
  "last",
  "stddev",
  "median",
] as const;
/** The unit variants of AggregationFunction (everything but `{"percentile": n}`). */
export type AggregationFunctionName = (typeof AGGREGATION_FUNCTIONS)[number];

/**
 * The time-series aggregation (lowercase, externally tagged): a bare name, or
 * `{"percentile": n}` with a u8 (0–255; the hub does not cap it at 100). Not the metrics
 * AggregationFunction (that one is `RollupFunction` here, with `avg`).
 */
export const AggregationFunction = lazySchema(() =>
  namedUnion<AggregationFunction>()(
    externalEnum(
      "AggregationFunction",
      AGGREGATION_FUNCTIONS,
      "percentile",
      u8().meta({ description: "Percentile 0–100 (the wire allows up to 255)" }),
    ).meta({
      description:
        'Aggregation: "mean", "sum", "min", "max", "count", "first", "last", "stddev", "median" or {"percentile": n}',
    }),
  ),
);
/**
 * The time-series aggregation (lowercase, externally tagged): a bare name, or
 * `{"percentile": n}` with a u8 (0–255; the hub does not cap it at 100). Not the metrics
 * AggregationFunction (that one is `RollupFunction` here, with `avg`).
 */
export type AggregationFunction =
  | "first"
  | "last"
  | "min"
  | "max"
  | "count"
  | "stddev"
  | "sum"
  | "mean"
  | "median"
  | {
      percentile: number;
    };

export const FILL_STRATEGIES = ["null", "previous", "linear", "zero"] as const;
/** The unit variants of FillStrategy (everything but `{"value": n}`). */
export type FillStrategyName = (typeof FILL_STRATEGIES)[number];

/**
 * How empty windows are filled (lowercase, externally tagged): `"null"` (the string; a JSON
 * `null` for `fill` means no strategy), `"previous"`, `"linear"`, `"zero"` or `{"value": n}`
 * with an integer n (i64).
 */
export const FillStrategy = lazySchema(() =>
  namedUnion<FillStrategy>()(
    externalEnum("FillStrategy", FILL_STRATEGIES, "value", i64().meta({ description: "Integer fill value" })).meta({
      description: 'Fill: "null", "previous", "linear", "zero" or {"value": n}',
    }),
  ),
);
/**
 * How empty windows are filled (lowercase, externally tagged): `"null"` (the string; a JSON
 * `null` for `fill` means no strategy), `"previous"`, `"linear"`, `"zero"` or `{"value": n}`
 * with an integer n (i64).
 */
export type FillStrategy =
  | "null"
  | "previous"
  | "linear"
  | "zero"
  | {
      value: number;
    };

export const Aggregation = lazySchema(() =>
  named<Aggregation>()(
    z
      .object(
        lazyFields({
          function: AggregationFunction,
          get window() {
            return z.string().meta({
              description: 'Window length as a duration such as "30s", "5m", "1h", "1d" (free text on the wire)',
              examples: ["5m", "1h"],
            });
          },
          get fields() {
            return z.array(z.string()).meta({ description: "Fields to aggregate (required, may be empty)" });
          },
        }),
      )
      .meta({ description: "An aggregation over fixed time windows" }),
  ),
);
export type Aggregation = {
  function: AggregationFunction;
  window: string;
  fields: string[];
};

export const TimeSeriesQuery = lazySchema(() =>
  named<TimeSeriesQuery>()(
    z
      .object(
        lazyFields({
          get measurement() {
            return z.string();
          },
          time_range: QueryTimeRange,
          get tag_filters() {
            return stringMap()
              .default(() => ({}))
              .meta({ description: "Tag equality filters (defaults to {}; null is rejected)" });
          },
          get select_fields() {
            return z
              .array(z.string())
              .default(() => [])
              .meta({ description: "Fields to return; empty means all (defaults to []; null is rejected)" });
          },
          get aggregation() {
            return Aggregation.nullish();
          },
          get group_by() {
            return z
              .array(z.string())
              .default(() => [])
              .meta({ description: "Tags to group series by (defaults to []; null is rejected)" });
          },
          get fill() {
            return FillStrategy.nullish().meta({ description: "Fill for empty windows; absent or null means none" });
          },
          get limit() {
            return u64().nullish().meta({ description: "Points per series at most" });
          },
          get offset() {
            return u64().nullish().meta({ description: "Points per series to skip" });
          },
        }),
      )
      .meta({ description: "A query over one measurement" }),
  ),
);
export type TimeSeriesQuery = {
  measurement: string;
  time_range: TimeRange;
  tag_filters: StringMap;
  select_fields: string[];
  group_by: string[];
  aggregation?: Aggregation | null | undefined;
  fill?: FillStrategy | null | undefined;
  limit?: number | null | undefined;
  offset?: number | null | undefined;
};
/** What `TimeSeriesQuery.parse` accepts: `tag_filters`, `select_fields` and `group_by` may be left out. */
export type TimeSeriesQueryInput = z.input<typeof TimeSeriesQuery>;

export const DataPoint = lazySchema(() =>
  named<DataPoint>()(
    z
      .object(
        lazyFields({
          timestamp: Timestamp,
          get values() {
            return keepProtoKey(z.record(z.string(), FieldValue)).meta({
              description: "Values by field name (no null values)",
            });
          },
        }),
      )
      .meta({ description: "One row of a result series" }),
  ),
);
export type DataPoint = {
  timestamp: string;
  values: GenericFields;
};

export const TimeSeries = lazySchema(() =>
  named<TimeSeries>()(
    z
      .object(
        lazyFields({
          get tags() {
            return stringMap().meta({ description: "The group-by tag values of this series (required, may be empty)" });
          },
          get points() {
            return z.array(DataPoint);
          },
        }),
      )
      .meta({ description: "One series of a query result" }),
  ),
);
export type TimeSeries = {
  tags: StringMap;
  points: DataPoint[];
};

export const QueryMetadata = lazySchema(() =>
  named<QueryMetadata>()(
    z
      .object(
        lazyFields({
          get execution_time_ms() {
            return u64();
          },
          get point_count() {
            return u64().meta({ description: "Data points returned, over all series" });
          },
          get series_count() {
            return u64().meta({ description: "Series returned" });
          },
          get truncated() {
            return z.boolean().meta({ description: "True when limit cut points off" });
          },
          get warnings() {
            return z
              .array(z.string())
              .default(() => [])
              .meta({ description: "Warnings (defaults to []; null is rejected)" });
          },
        }),
      )
      .meta({ description: "Counts and warnings of a query execution" }),
  ),
);
export type QueryMetadata = {
  execution_time_ms: number;
  point_count: number;
  series_count: number;
  truncated: boolean;
  warnings: string[];
};

export const TimeSeriesResult = lazySchema(() =>
  named<TimeSeriesResult>()(
    z
      .object(
        lazyFields({
          get measurement() {
            return z.string();
          },
          get series() {
            return z.array(TimeSeries);
          },
          metadata: QueryMetadata,
        }),
      )
      .meta({ description: "The result of a TimeSeriesQuery" }),
  ),
);
export type TimeSeriesResult = {
  measurement: string;
  series: TimeSeries[];
  metadata: QueryMetadata;
};

export const ContinuousQuery = lazySchema(() =>
  named<ContinuousQuery>()(
    z
      .object(
        lazyFields({
          get query_id() {
            return z.string();
          },
          get name() {
            return z.string();
          },
          get source_measurement() {
            return z.string();
          },
          get destination_measurement() {
            return z.string();
          },
          query: TimeSeriesQuery,
          get interval() {
            return z
              .string()
              .meta({ description: 'How often it runs, as a duration such as "1m" (free text on the wire)' });
          },
          get enabled() {
            return z.boolean();
          },
        }),
      )
      .meta({ description: "A query run periodically, writing into another measurement" }),
  ),
);
export type ContinuousQuery = {
  query_id: string;
  name: string;
  source_measurement: string;
  destination_measurement: string;
  query: TimeSeriesQuery;
  interval: string;
  enabled: boolean;
};
export type ContinuousQueryInput = z.input<typeof ContinuousQuery>;
