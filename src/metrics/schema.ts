import * as z from "zod";
import { f64, u32, u64 } from "../core/integers.js";
import { lazyFields, lazySchema } from "../core/lazy.js";
import type { StringMap } from "../core/maps.js";
import { numberMap, stringMap } from "../core/maps.js";
import { named, namedUnion } from "../core/named.js";
import { extraField, structVariant, tagUnion, untaggedUnion } from "../core/tagging.js";
import { TimeRange } from "../core/time-range.js";
import { Timestamp } from "../core/timestamp.js";

/*
 * The wire contract of the hub's src/models/metrics.rs (WIRE_FORMAT.md §2.3): 13 structs
 * (StatisticalMeasures, CounterMetric, GaugeMetric, HistogramMetric, HistogramBucket,
 * SummaryMetric, AggregatedMetric, CompositeMetric, ComponentMetric, CrossModuleMetrics,
 * MetricQuery, TimeRange, MetricRollup) and 5 enums (TimeWindow, MetricType, MetricValues,
 * StatType, AggregationFunction — exported here as RollupFunction, DESIGN.md §3).
 */

const tags = () =>
  stringMap()
    .default(() => ({}))
    .meta({ description: "Free-form string tags (defaults to {}; null is rejected)" });

export const TIME_WINDOWS = [
  "one_minute",
  "five_minutes",
  "fifteen_minutes",
  "one_hour",
  "six_hours",
  "one_day",
  "one_week",
  "one_month",
] as const;
/**
 * An aggregation window (snake_case on the wire). The display labels "1m" … "1M" are not
 * accepted here: see `timeWindowLabel` / `parseTimeWindowLabel`. `one_month` is a fixed 30
 * days in the hub (`to_seconds()` = 2592000).
 */
export const TimeWindow = lazySchema(() =>
  z.enum(TIME_WINDOWS).meta({
    description:
      "Aggregation window: one_minute, five_minutes, fifteen_minutes, one_hour, six_hours, one_day, one_week, one_month (a fixed 30 days)",
  }),
);
export type TimeWindow = z.infer<typeof TimeWindow>;

export const StatisticalMeasures = lazySchema(() =>
  named<StatisticalMeasures>()(
    z.object(
      lazyFields({
        get avg() {
          return f64().meta({ description: "Arithmetic mean" });
        },
        get min() {
          return f64();
        },
        get max() {
          return f64();
        },
        get p50() {
          return f64().meta({
            description: "50th percentile (definition chosen by the producer; this library uses R type 7)",
          });
        },
        get p95() {
          return f64().meta({ description: "95th percentile" });
        },
        get p99() {
          return f64().meta({ description: "99th percentile" });
        },
        get stddev() {
          return f64().nullish().meta({ description: "Standard deviation (population, ÷ n, as the hub computes it)" });
        },
        get count() {
          return u64().meta({ description: "Number of observations" });
        },
        get sum() {
          return f64().meta({ description: "Sum of the observations" });
        },
      }),
    ),
  ),
);
export type StatisticalMeasures = {
  /** Arithmetic mean */
  avg: number;
  min: number;
  max: number;
  /** 50th percentile (definition chosen by the producer; this library uses R type 7) */
  p50: number;
  /** 95th percentile */
  p95: number;
  /** 99th percentile */
  p99: number;
  /** Standard deviation (population, ÷ n, as the hub computes it) */
  stddev?: number | null | undefined;
  /** Number of observations */
  count: number;
  /** Sum of the observations */
  sum: number;
};

export const CounterMetric = lazySchema(() =>
  named<CounterMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get value() {
          return u64().meta({ description: "Monotonic count (u64)" });
        },
        get rate() {
          return f64().nullish().meta({ description: "Per-second rate, when known" });
        },
        get tags() {
          return tags();
        },
        timestamp: Timestamp,
      }),
    ),
  ),
);
export type CounterMetric = {
  name: string;
  /** Monotonic count (u64) */
  value: number;
  /** Per-second rate, when known */
  rate?: number | null | undefined;
  tags: StringMap;
  timestamp: string;
};

export const GaugeMetric = lazySchema(() =>
  named<GaugeMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get value() {
          return f64();
        },
        get previous_value() {
          return f64().nullish().meta({ description: "The previous reading, for deltas" });
        },
        get tags() {
          return tags();
        },
        timestamp: Timestamp,
      }),
    ),
  ),
);
export type GaugeMetric = {
  name: string;
  value: number;
  /** The previous reading, for deltas */
  previous_value?: number | null | undefined;
  tags: StringMap;
  timestamp: string;
};

export const HistogramBucket = lazySchema(() =>
  named<HistogramBucket>()(
    z.object(
      lazyFields({
        get upper_bound() {
          return f64().meta({ description: "Inclusive upper bound of the bucket" });
        },
        get count() {
          return u64().meta({
            description: "Observations in the bucket (per-bucket by this library's reading; the hub does not say)",
          });
        },
      }),
    ),
  ),
);
export type HistogramBucket = {
  /** Inclusive upper bound of the bucket */
  upper_bound: number;
  /** Observations in the bucket (per-bucket by this library's reading; the hub does not say) */
  count: number;
};

export const HistogramMetric = lazySchema(() =>
  named<HistogramMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        stats: StatisticalMeasures,
        get buckets() {
          return z.array(HistogramBucket).meta({ description: "Buckets by upper bound (required, may be empty)" });
        },
        get tags() {
          return tags();
        },
        timestamp: Timestamp,
      }),
    ),
  ),
);
export type HistogramMetric = {
  name: string;
  stats: StatisticalMeasures;
  /** Buckets by upper bound (required, may be empty) */
  buckets: HistogramBucket[];
  tags: StringMap;
  timestamp: string;
};

export const SummaryMetric = lazySchema(() =>
  named<SummaryMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        stats: StatisticalMeasures,
        get percentiles() {
          return numberMap()
            .nullish()
            .meta({ description: 'Extra percentiles by free-text key, e.g. {"p99.9": 1980.25}' });
        },
        get tags() {
          return tags();
        },
        timestamp: Timestamp,
      }),
    ),
  ),
);
export type SummaryMetric = {
  name: string;
  stats: StatisticalMeasures;
  /** Extra percentiles by free-text key, e.g. {"p99.9": 1980.25} */
  percentiles?: Record<string, number> | null | undefined;
  tags: StringMap;
  timestamp: string;
};

export const METRIC_TYPES = ["counter", "gauge", "histogram", "summary"] as const;
export type MetricTypeName = (typeof METRIC_TYPES)[number];

/** A metric, internally tagged by `metric_type` (counter, gauge, histogram, summary). */
export const MetricType = lazySchema(() =>
  namedUnion<MetricType>()(
    tagUnion("MetricType", "metric_type", {
      counter: CounterMetric,
      gauge: GaugeMetric,
      histogram: HistogramMetric,
      summary: SummaryMetric,
    }),
  ),
);
/** A metric, internally tagged by `metric_type` (counter, gauge, histogram, summary). */
export type MetricType =
  | ({ metric_type: "summary" } & SummaryMetric)
  | ({ metric_type: "counter" } & CounterMetric)
  | ({ metric_type: "gauge" } & GaugeMetric)
  | ({ metric_type: "histogram" } & HistogramMetric);

/** A kept key's value: the number when it is a finite one, else dropped (named for the fast path's generator). */
export function keptNumber(v: unknown): number | undefined {
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

/**
 * A finite number where the hub's chosen variant ignores the key: kept, never required. To the
 * hub it is an unknown key (a repeated one is no duplicate field).
 */
const kept = (description: string) => extraField(z.unknown().transform(keptNumber).optional().meta({ description }));

/**
 * MetricValues' Counter variant: `value` (u64) and `rate` (f64) both required. A `delta`
 * beside them is kept (the hub drops it).
 */
export const CounterValues = lazySchema(() =>
  named<CounterValues>()(
    structVariant(
      z.object(
        lazyFields({
          get value() {
            return u64();
          },
          get rate() {
            return f64();
          },
          get delta() {
            return kept("Kept when it is a number; the hub's Counter variant ignores it");
          },
        }),
      ),
    ),
  ),
);
/**
 * MetricValues' Counter variant: `value` (u64) and `rate` (f64) both required. A `delta`
 * beside them is kept (the hub drops it).
 */
export type CounterValues = {
  value: number;
  rate: number;
  delta?: number | undefined;
};

/**
 * True for a whole, non-negative `value`: written back beside a rate, it reads as a Counter
 * (−0 too: `JSON.stringify` writes it `0`).
 */
const counterValue = (value: number) => Number.isSafeInteger(value) && value >= 0;

/** A Gauge's `rate`, dropped beside a whole value (see GaugeValues; named for the fast path's generator). */
export function gaugeRate<G extends { value: number; rate?: number | undefined }>(gauge: G): G {
  if (gauge.rate === undefined || !counterValue(gauge.value)) return gauge;
  const { rate: _dropped, ...rest } = gauge;
  return rest as G;
}

/**
 * MetricValues' Gauge variant: `value` (f64), `delta` optional (the hub writes null when
 * absent). A `rate` beside them is kept when the hub drops it from a value no Counter holds
 * (`{"value": 5.5, "rate": 2}`): written back, it stays a Gauge. Beside a whole value (a Gauge
 * only because the text spelled it `12.0` or `-0`, or repeated a field) the rate is dropped as the
 * hub drops it, since written back it could read as a Counter.
 */
export const GaugeValues = lazySchema(() =>
  named<GaugeValues>()(
    structVariant(
      z
        .object(
          lazyFields({
            get value() {
              return f64();
            },
            get delta() {
              return f64().nullish();
            },
            get rate() {
              return kept("Kept when it is a number and value is no u64; the hub's Gauge variant ignores it");
            },
          }),
        )
        .overwrite(gaugeRate),
    ),
  ),
);
/**
 * MetricValues' Gauge variant: `value` (f64), `delta` optional (the hub writes null when
 * absent). A `rate` beside them is kept when the hub drops it from a value no Counter holds
 * (`{"value": 5.5, "rate": 2}`): written back, it stays a Gauge. Beside a whole value (a Gauge
 * only because the text spelled it `12.0` or `-0`, or repeated a field) the rate is dropped as the
 * hub drops it, since written back it could read as a Counter.
 */
export type GaugeValues = {
  value: number;
  delta?: number | null | undefined;
  rate?: number | undefined;
};

/**
 * The values of an AggregatedMetric. Untagged as in the hub, which tries Stats
 * (StatisticalMeasures), then Counter `{value: u64, rate}`, then Gauge `{value, delta?}` and
 * keeps the first that reads: this accepts exactly the same documents, in the same order
 * (through `decode`, also where the text decides: a repeated field or `12.0` fails Counter),
 * and drops no data the hub keeps. A Counter keeps a `delta` and a Gauge a `rate` where that
 * cannot change the variant when written back (see GaugeValues). Use `metricValuesKindOf` for
 * the variant the hub would choose.
 */
export const MetricValues = lazySchema(() =>
  namedUnion<MetricValues>()(
    untaggedUnion([StatisticalMeasures, CounterValues, GaugeValues], {
      error:
        "Invalid MetricValues: matches none of Stats (StatisticalMeasures), Counter {value, rate}, Gauge {value, delta}",
    }),
  ),
);
/**
 * The values of an AggregatedMetric. Untagged as in the hub, which tries Stats
 * (StatisticalMeasures), then Counter `{value: u64, rate}`, then Gauge `{value, delta?}` and
 * keeps the first that reads: this accepts exactly the same documents, in the same order
 * (through `decode`, also where the text decides: a repeated field or `12.0` fails Counter),
 * and drops no data the hub keeps. A Counter keeps a `delta` and a Gauge a `rate` where that
 * cannot change the variant when written back (see GaugeValues). Use `metricValuesKindOf` for
 * the variant the hub would choose.
 */
export type MetricValues = StatisticalMeasures | CounterValues | GaugeValues;

export const AggregatedMetric = lazySchema(() =>
  named<AggregatedMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        window: TimeWindow,
        window_start: Timestamp,
        window_end: Timestamp,
        values: MetricValues,
        get tags() {
          return tags();
        },
      }),
    ),
  ),
);
export type AggregatedMetric = {
  name: string;
  window: TimeWindow;
  window_start: string;
  window_end: string;
  values: MetricValues;
  tags: StringMap;
};

export const ComponentMetric = lazySchema(() =>
  named<ComponentMetric>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get source_module() {
          return z.string().meta({ description: "Free text in the hub, not SourceModule" });
        },
        get value() {
          return f64();
        },
        get weight() {
          return f64()
            .nullish()
            .meta({ description: "Weight in the composite (0–1 by the hub's comments, not enforced)" });
        },
      }),
    ),
  ),
);
export type ComponentMetric = {
  name: string;
  /** Free text in the hub, not SourceModule */
  source_module: string;
  value: number;
  /** Weight in the composite (0–1 by the hub's comments, not enforced) */
  weight?: number | null | undefined;
};

export const CompositeMetric = lazySchema(() =>
  named<CompositeMetric>()(
    z.object(
      lazyFields({
        get metric_id() {
          return z.string();
        },
        get name() {
          return z.string();
        },
        get description() {
          return z.string();
        },
        get source_modules() {
          return z.array(z.string()).meta({ description: "Free-text module names, not SourceModule" });
        },
        get components() {
          return z.array(ComponentMetric);
        },
        get value() {
          return f64();
        },
        get formula() {
          return z.string().meta({ description: "Documentation only; the hub never evaluates it" });
        },
        window: TimeWindow,
        timestamp: Timestamp,
      }),
    ),
  ),
);
export type CompositeMetric = {
  metric_id: string;
  name: string;
  description: string;
  /** Free-text module names, not SourceModule */
  source_modules: string[];
  components: ComponentMetric[];
  value: number;
  /** Documentation only; the hub never evaluates it */
  formula: string;
  window: TimeWindow;
  timestamp: string;
};

export const CrossModuleMetrics = lazySchema(() =>
  named<CrossModuleMetrics>()(
    z.object(
      lazyFields({
        get cost_per_request() {
          return f64().nullish().meta({ description: "total_cost_usd / request_count" });
        },
        get error_adjusted_throughput() {
          return f64().nullish().meta({ description: "throughput × (1 − error_rate)" });
        },
        get compliance_weighted_performance() {
          return f64().nullish().meta({
            description: "No formula in the hub; this library uses error_adjusted_throughput × compliance pass rate",
          });
        },
        get security_adjusted_cost_efficiency() {
          return f64().nullish().meta({ description: "cost_efficiency × (1 − threat_score)" });
        },
        get system_health_score() {
          return f64().nullish().meta({ description: "Weighted average of per-module health scores, 0–1" });
        },
      }),
    ),
  ),
);
export type CrossModuleMetrics = {
  /** total_cost_usd / request_count */
  cost_per_request?: number | null | undefined;
  /** throughput × (1 − error_rate) */
  error_adjusted_throughput?: number | null | undefined;
  /** No formula in the hub; this library uses error_adjusted_throughput × compliance pass rate */
  compliance_weighted_performance?: number | null | undefined;
  /** cost_efficiency × (1 − threat_score) */
  security_adjusted_cost_efficiency?: number | null | undefined;
  /** Weighted average of per-module health scores, 0–1 */
  system_health_score?: number | null | undefined;
};

/** The metrics TimeRange is the shared `{start, end}` of core (DESIGN.md §3). */
export { TimeRange };

export const STAT_TYPES = ["avg", "min", "max", "p50", "p95", "p99", "stddev", "count", "sum", "rate"] as const;
/** A statistic a MetricQuery asks for (lowercase). */
export const StatType = lazySchema(() => z.enum(STAT_TYPES));
export type StatType = z.infer<typeof StatType>;

export const MetricQuery = lazySchema(() =>
  named<MetricQuery>()(
    z.object(
      lazyFields({
        get metric_name() {
          return z.string();
        },
        time_range: TimeRange,
        get window() {
          return TimeWindow.nullish();
        },
        get tag_filters() {
          return stringMap()
            .default(() => ({}))
            .meta({ description: "Tag equality filters (defaults to {})" });
        },
        get include_stats() {
          return z
            .array(StatType)
            .default(() => [])
            .meta({ description: "Statistics to return (defaults to [])" });
        },
        get group_by() {
          return z
            .array(z.string())
            .default(() => [])
            .meta({ description: "Tag keys to group by (defaults to [])" });
        },
      }),
    ),
  ),
);
export type MetricQuery = {
  metric_name: string;
  time_range: TimeRange;
  window?: TimeWindow | null | undefined;
  /** Tag equality filters (defaults to {}) */
  tag_filters: StringMap;
  /** Statistics to return (defaults to []) */
  include_stats: StatType[];
  /** Tag keys to group by (defaults to []) */
  group_by: string[];
};

export const ROLLUP_FUNCTIONS = ["avg", "sum", "min", "max", "last", "first"] as const;
/**
 * The metrics `AggregationFunction` (lowercase): avg, sum, min, max, last, first. Named
 * RollupFunction here because the time-series AggregationFunction is a different enum.
 */
export const RollupFunction = lazySchema(() =>
  z.enum(ROLLUP_FUNCTIONS).meta({
    description: "Metrics AggregationFunction: avg, sum, min, max, last, first",
  }),
);
export type RollupFunction = z.infer<typeof RollupFunction>;

export const MetricRollup = lazySchema(() =>
  named<MetricRollup>()(
    z.object(
      lazyFields({
        source_window: TimeWindow,
        target_window: TimeWindow,
        aggregation: RollupFunction,
        get retention_days() {
          return u32().meta({ description: "Days to keep the rolled-up data" });
        },
      }),
    ),
  ),
);
export type MetricRollup = {
  source_window: TimeWindow;
  target_window: TimeWindow;
  aggregation: RollupFunction;
  /** Days to keep the rolled-up data */
  retention_days: number;
};
