import * as z from "zod";
import { f64, u64 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { keepProtoKey, protoKeyCheck, stringMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { Timestamp } from "../../core/timestamp.js";

/**
 * The indexed tags of a point (`TagSet`, derives Default in the hub). `source_module` is a
 * free string here, not the SourceModule enum. Every key that is not a named tag is
 * flattened into `custom` by the hub and must hold a string; here those keys stay beside the
 * named ones (the wire shape), so `tags.provider` reads a custom tag directly.
 */
const TagSetObject = lazySchema(() =>
  z
    .object(
      lazyFields({
        get source_module() {
          return z.string().meta({ description: 'Emitting module, free text (e.g. "llm-observatory")' });
        },
        get environment() {
          return z.string().meta({ description: 'Deployment environment, e.g. "production"' });
        },
        get region() {
          return z.string().nullish();
        },
        get model_id() {
          return z.string().nullish();
        },
        get service() {
          return z.string().nullish();
        },
        get version() {
          return z.string().nullish();
        },
      }),
    )
    .catchall(z.string())
    .check(protoKeyCheck())
    .meta({ description: "Indexed tags: the named ones plus any other key with a string value (flattened `custom`)" }),
);
/** TagSet's shape; the index signature covers the custom tags (strings) and the optional named ones. */
export interface TagSet {
  source_module: string;
  environment: string;
  region?: string | null | undefined;
  model_id?: string | null | undefined;
  service?: string | null | undefined;
  version?: string | null | undefined;
  [custom: string]: string | null | undefined;
}
export const TagSet = TagSetObject as unknown as z.ZodType<TagSet, TagSet>;

/** The tag names TagSet declares; every other key of `tags` is a custom tag. */
export const NAMED_TAGS = ["source_module", "environment", "region", "model_id", "service", "version"] as const;

/*
 * The four structured field sets. Their named fields are `?~` options (null means none) and
 * every other key is flattened into a `custom: Map<String, f64>`, hence the f64 catchall.
 */

export const PerformanceFields = lazySchema(() =>
  z
    .object(
      lazyFields({
        get latency_ms() {
          return f64().nullish();
        },
        get throughput() {
          return f64().nullish();
        },
        get error_count() {
          return u64().nullish();
        },
        get success_count() {
          return u64().nullish();
        },
        get token_count() {
          return u64().nullish();
        },
      }),
    )
    .catchall(f64())
    .check(protoKeyCheck())
    .meta({ description: "Performance fields; every other key is a custom number" }),
);
export interface PerformanceFields {
  latency_ms?: number | null | undefined;
  throughput?: number | null | undefined;
  error_count?: number | null | undefined;
  success_count?: number | null | undefined;
  token_count?: number | null | undefined;
  [custom: string]: number | null | undefined;
}

export const SecurityFields = lazySchema(() =>
  z
    .object(
      lazyFields({
        get threat_count() {
          return u64().nullish();
        },
        get severity_score() {
          return f64().nullish();
        },
        get blocked_count() {
          return u64().nullish();
        },
        get vulnerability_count() {
          return u64().nullish();
        },
      }),
    )
    .catchall(f64())
    .check(protoKeyCheck())
    .meta({ description: "Security fields; every other key is a custom number" }),
);
export interface SecurityFields {
  threat_count?: number | null | undefined;
  severity_score?: number | null | undefined;
  blocked_count?: number | null | undefined;
  vulnerability_count?: number | null | undefined;
  [custom: string]: number | null | undefined;
}

export const CostFields = lazySchema(() =>
  z
    .object(
      lazyFields({
        get cost_usd() {
          return f64().nullish();
        },
        get token_cost() {
          return f64().nullish();
        },
        get utilization_percent() {
          return f64().nullish();
        },
      }),
    )
    .catchall(f64())
    .check(protoKeyCheck())
    .meta({ description: "Cost fields; every other key is a custom number" }),
);
export interface CostFields {
  cost_usd?: number | null | undefined;
  token_cost?: number | null | undefined;
  utilization_percent?: number | null | undefined;
  [custom: string]: number | null | undefined;
}

export const GovernanceFields = lazySchema(() =>
  z
    .object(
      lazyFields({
        get violation_count() {
          return u64().nullish();
        },
        get compliance_score() {
          return f64().nullish();
        },
        get audit_count() {
          return u64().nullish();
        },
      }),
    )
    .catchall(f64())
    .check(protoKeyCheck())
    .meta({ description: "Governance fields; every other key is a custom number" }),
);
export interface GovernanceFields {
  violation_count?: number | null | undefined;
  compliance_score?: number | null | undefined;
  audit_count?: number | null | undefined;
  [custom: string]: number | null | undefined;
}

/**
 * A field value: a number, a string or a boolean (`FieldValue`, untagged). The hub tries
 * Float first, so its Integer and UnsignedInteger variants are never chosen on input and an
 * integer comes back as a float (`2` is written `2.0`, and u64 beyond 2^53 is rounded). Here
 * a number keeps the value it was given: `2` stays `2`. Integers beyond 2^53 − 1 cannot be
 * held by a JS number; the reader parses them as the nearest double, as the hub does.
 */
export const FieldValue = lazySchema(() =>
  namedUnion<FieldValue>()(
    z
      .union([f64(), z.string(), z.boolean()], {
        error: (issue) =>
          `Invalid FieldValue: expected a number, a string or a boolean, received ${
            issue.input === null ? "null" : Array.isArray(issue.input) ? "array" : typeof issue.input
          }`,
      })
      .meta({ description: "A field value: number, string or boolean (no null, no objects)" }),
  ),
);
/**
 * A field value: a number, a string or a boolean (`FieldValue`, untagged). The hub tries
 * Float first, so its Integer and UnsignedInteger variants are never chosen on input and an
 * integer comes back as a float (`2` is written `2.0`, and u64 beyond 2^53 is rounded). Here
 * a number keeps the value it was given: `2` stays `2`. Integers beyond 2^53 − 1 cannot be
 * held by a JS number; the reader parses them as the nearest double, as the hub does.
 */
export type FieldValue = string | number | boolean;

/** `FieldSet::Generic`: any field names with number, string or boolean values. */
export const GenericFields = lazySchema(() =>
  keepProtoKey(z.record(z.string(), FieldValue)).meta({
    description: "Generic fields: any keys with number, string or boolean values",
  }),
);
export type GenericFields = z.infer<typeof GenericFields>;

/**
 * The fields of a point (`FieldSet`, untagged). The hub accepts exactly what one of its five
 * variants reads, tried in order: Performance, Security, Cost, Governance, Generic. So this
 * schema accepts the same objects: any object of numbers, strings and booleans, plus `null`
 * for a named field of one of the four structured sets. The value is kept as given, with
 * every key and number unchanged; the hub instead resolves the variant (any all-numeric object
 * becomes Performance, turning `threat_count` into a custom float) and rewrites integers as
 * floats. `fieldSetKindOf` tells which variant the hub picks.
 */
const FieldSetUnion = lazySchema(() =>
  z
    .union([PerformanceFields, SecurityFields, CostFields, GovernanceFields, GenericFields], {
      error: (issue) =>
        typeof issue.input === "object" && issue.input !== null && !Array.isArray(issue.input)
          ? "Invalid FieldSet: every field value must be a number, a string or a boolean (null only for a named field of the performance, security, cost or governance sets)"
          : `Invalid FieldSet: expected an object of fields, received ${issue.input === null ? "null" : Array.isArray(issue.input) ? "array" : typeof issue.input}`,
    })
    .meta({ description: "Point fields: numbers, strings or booleans by name (untagged FieldSet)" }),
);
/**
 * The fields of a point by name. `null` (none) is accepted only under a named field of the
 * performance, security, cost or governance sets, which the schema checks.
 */
export type FieldSet = { [field: string]: FieldValue | null | undefined };
export const FieldSet = FieldSetUnion as unknown as z.ZodType<FieldSet, FieldSet>;

export const TimeSeriesPoint = lazySchema(() =>
  named<TimeSeriesPoint>()(
    z
      .object(
        lazyFields({
          get measurement() {
            return z.string().meta({ description: 'Measurement name, e.g. "llm_requests"' });
          },
          timestamp: Timestamp,
          tags: TagSet,
          fields: FieldSet,
          get metadata() {
            return stringMap().nullish().meta({ description: "Free-form string metadata (not indexed)" });
          },
        }),
      )
      .meta({ description: "One point of a time series: measurement, time, tags and fields" }),
  ),
);
export type TimeSeriesPoint = {
  measurement: string;
  timestamp: string;
  tags: TagSet;
  fields: FieldSet;
  metadata?: StringMap | null | undefined;
};
/** What `TimeSeriesPoint.parse` accepts (the same shape; timestamps in any RFC 3339 offset). */
export type TimeSeriesPointInput = z.input<typeof TimeSeriesPoint>;

export const TimeSeriesBatch = lazySchema(() =>
  named<TimeSeriesBatch>()(
    z
      .object(
        lazyFields({
          get batch_id() {
            return z.string();
          },
          get measurement() {
            return z.string();
          },
          get points() {
            return z.array(TimeSeriesPoint).meta({ description: "Required, may be empty" });
          },
          created_at: Timestamp,
        }),
      )
      .meta({ description: "A batch of points for ingestion" }),
  ),
);
export type TimeSeriesBatch = {
  batch_id: string;
  measurement: string;
  points: TimeSeriesPoint[];
  created_at: string;
};
