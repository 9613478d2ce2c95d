import * as z from "zod";
import { u32 } from "../../core/integers.js";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import { named } from "../../core/named.js";

export const DownsampleConfig = lazySchema(() =>
  named<DownsampleConfig>()(
    z
      .object(
        lazyFields({
          get after_days() {
            return u32().meta({ description: "Age in days from which this resolution applies" });
          },
          get resolution_minutes() {
            return u32().meta({ description: "Window length of the downsampled points, in minutes" });
          },
        }),
      )
      .meta({ description: "One downsampling stage of a retention policy" }),
  ),
);
export type DownsampleConfig = {
  after_days: number;
  resolution_minutes: number;
};

export const RetentionPolicy = lazySchema(() =>
  named<RetentionPolicy>()(
    z
      .object(
        lazyFields({
          get name() {
            return z.string();
          },
          get full_resolution_days() {
            return u32().meta({ description: "Days during which points keep their full resolution" });
          },
          get downsample_configs() {
            return z
              .array(DownsampleConfig)
              .meta({ description: "Downsampling stages by age (required, may be empty)" });
          },
          get max_retention_days() {
            return u32().meta({ description: "Age in days after which points are deleted" });
          },
          get shard_duration_hours() {
            return u32().meta({ description: "Time span of one storage shard, in hours" });
          },
        }),
      )
      .meta({ description: "How long points are kept, and at which resolution as they age" }),
  ),
);
export type RetentionPolicy = {
  name: string;
  full_resolution_days: number;
  downsample_configs: DownsampleConfig[];
  max_retention_days: number;
  shard_duration_hours: number;
};

export const IndexConfig = lazySchema(() =>
  named<IndexConfig>()(
    z
      .object(
        lazyFields({
          get measurement() {
            return z.string();
          },
          get indexed_tags() {
            return z.array(z.string());
          },
          get shard_keys() {
            return z.array(z.string());
          },
          get time_partitioning() {
            return z.boolean();
          },
          get partition_interval_hours() {
            return u32();
          },
        }),
      )
      .meta({ description: "Indexing and sharding of one measurement" }),
  ),
);
export type IndexConfig = {
  measurement: string;
  indexed_tags: string[];
  shard_keys: string[];
  time_partitioning: boolean;
  partition_interval_hours: number;
};

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}

/**
 * `RetentionPolicy::default()` of the hub: 7 days at full resolution, then 5-minute points
 * after 7 days, hourly after 30 and daily after 90, deleted after 365 days, in 24-hour
 * shards. (The hub's prose speaks of a "1-second" full resolution; the code encodes none.)
 */
export const DEFAULT_RETENTION_POLICY: RetentionPolicy = deepFreeze({
  name: "default",
  full_resolution_days: 7,
  downsample_configs: [
    { after_days: 7, resolution_minutes: 5 },
    { after_days: 30, resolution_minutes: 60 },
    { after_days: 90, resolution_minutes: 1440 },
  ],
  max_retention_days: 365,
  shard_duration_hours: 24,
});

/**
 * `IndexConfig::default()` of the hub: an empty measurement name, tags source_module,
 * environment and model_id indexed, sharded by source_module and environment, partitioned
 * by time every 24 hours.
 */
export const DEFAULT_INDEX_CONFIG: IndexConfig = deepFreeze({
  measurement: "",
  indexed_tags: ["source_module", "environment", "model_id"],
  shard_keys: ["source_module", "environment"],
  time_partitioning: true,
  partition_interval_hours: 24,
});
