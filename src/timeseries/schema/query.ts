import * as z from "zod";
import { i64, u8, u64 } from "../../core/integers.js";
import { keepProtoKey, stringMap } from "../../core/maps.js";
import { externalEnum } from "../../core/tagging.js";
import { TimeRange } from "../../core/time-range.js";
import { Timestamp } from "../../core/timestamp.js";
import { FieldValue } from "./point.js";

/** The query's span: start inclusive, end exclusive (in executeQuery and toInfluxQL). */
const QueryTimeRange = TimeRange.meta({ description: "Span of the query: start inclusive, end exclusive" });

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
export const AggregationFunction = externalEnum(
  "AggregationFunction",
  AGGREGATION_FUNCTIONS,
  "percentile",
  u8().meta({ description: "Percentile 0–100 (the wire allows up to 255)" }),
).meta({
  description:
    'Aggregation: "mean", "sum", "min", "max", "count", "first", "last", "stddev", "median" or {"percentile": n}',
});
export type AggregationFunction = z.infer<typeof AggregationFunction>;

export const FILL_STRATEGIES = ["null", "previous", "linear", "zero"] as const;
/** The unit variants of FillStrategy (everything but `{"value": n}`). */
export type FillStrategyName = (typeof FILL_STRATEGIES)[number];

/**
 * How empty windows are filled (lowercase, externally tagged): `"null"` (the string; a JSON
 * `null` for `fill` means no strategy), `"previous"`, `"linear"`, `"zero"` or `{"value": n}`
 * with an integer n (i64).
 */
export const FillStrategy = externalEnum(
  "FillStrategy",
  FILL_STRATEGIES,
  "value",
  i64().meta({ description: "Integer fill value" }),
).meta({ description: 'Fill: "null", "previous", "linear", "zero" or {"value": n}' });
export type FillStrategy = z.infer<typeof FillStrategy>;

export const Aggregation = z
  .object({
    function: AggregationFunction,
    window: z.string().meta({
      description: 'Window length as a duration such as "30s", "5m", "1h", "1d" (free text on the wire)',
      examples: ["5m", "1h"],
    }),
    fields: z.array(z.string()).meta({ description: "Fields to aggregate (required, may be empty)" }),
  })
  .meta({ description: "An aggregation over fixed time windows" });
export type Aggregation = z.infer<typeof Aggregation>;

export const TimeSeriesQuery = z
  .object({
    measurement: z.string(),
    time_range: QueryTimeRange,
    tag_filters: stringMap()
      .default(() => ({}))
      .meta({ description: "Tag equality filters (defaults to {}; null is rejected)" }),
    select_fields: z
      .array(z.string())
      .default(() => [])
      .meta({ description: "Fields to return; empty means all (defaults to []; null is rejected)" }),
    aggregation: Aggregation.nullish(),
    group_by: z
      .array(z.string())
      .default(() => [])
      .meta({ description: "Tags to group series by (defaults to []; null is rejected)" }),
    fill: FillStrategy.nullish().meta({ description: "Fill for empty windows; absent or null means none" }),
    limit: u64().nullish().meta({ description: "Points per series at most" }),
    offset: u64().nullish().meta({ description: "Points per series to skip" }),
  })
  .meta({ description: "A query over one measurement" });
export type TimeSeriesQuery = z.infer<typeof TimeSeriesQuery>;
/** What `TimeSeriesQuery.parse` accepts: `tag_filters`, `select_fields` and `group_by` may be left out. */
export type TimeSeriesQueryInput = z.input<typeof TimeSeriesQuery>;

export const DataPoint = z
  .object({
    timestamp: Timestamp,
    values: keepProtoKey(z.record(z.string(), FieldValue)).meta({
      description: "Values by field name (no null values)",
    }),
  })
  .meta({ description: "One row of a result series" });
export type DataPoint = z.infer<typeof DataPoint>;

export const TimeSeries = z
  .object({
    tags: stringMap().meta({ description: "The group-by tag values of this series (required, may be empty)" }),
    points: z.array(DataPoint),
  })
  .meta({ description: "One series of a query result" });
export type TimeSeries = z.infer<typeof TimeSeries>;

export const QueryMetadata = z
  .object({
    execution_time_ms: u64(),
    point_count: u64().meta({ description: "Data points returned, over all series" }),
    series_count: u64().meta({ description: "Series returned" }),
    truncated: z.boolean().meta({ description: "True when limit cut points off" }),
    warnings: z
      .array(z.string())
      .default(() => [])
      .meta({ description: "Warnings (defaults to []; null is rejected)" }),
  })
  .meta({ description: "Counts and warnings of a query execution" });
export type QueryMetadata = z.infer<typeof QueryMetadata>;

export const TimeSeriesResult = z
  .object({
    measurement: z.string(),
    series: z.array(TimeSeries),
    metadata: QueryMetadata,
  })
  .meta({ description: "The result of a TimeSeriesQuery" });
export type TimeSeriesResult = z.infer<typeof TimeSeriesResult>;

export const ContinuousQuery = z
  .object({
    query_id: z.string(),
    name: z.string(),
    source_measurement: z.string(),
    destination_measurement: z.string(),
    query: TimeSeriesQuery,
    interval: z.string().meta({ description: 'How often it runs, as a duration such as "1m" (free text on the wire)' }),
    enabled: z.boolean(),
  })
  .meta({ description: "A query run periodically, writing into another measurement" });
export type ContinuousQuery = z.infer<typeof ContinuousQuery>;
export type ContinuousQueryInput = z.input<typeof ContinuousQuery>;
