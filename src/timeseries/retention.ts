import { epochNanosOf, floorDiv, timestampOfNanos } from "../core/timestamp.js";
import { maxOf, mean, minOf, sumOf } from "../stats/index.js";
import { assertNonNegative, assertPositive, assertWholeAtLeast, describe } from "../stats/validate.js";
import { fieldEntries, tagEntries } from "./fields.js";
import type { FieldSet, FieldValue, TimeSeriesPoint } from "./schema/point.js";
import type { RetentionPolicy } from "./schema/storage.js";

const MS_PER_DAY = 86_400_000;
const NS_PER_MINUTE = 60_000_000_000n;

/** The resolution a point of a given age has under a retention policy. */
export type RetentionTier =
  | { readonly kind: "full" }
  | { readonly kind: "downsampled"; readonly after_days: number; readonly resolution_minutes: number }
  | { readonly kind: "expired" };

/** Checks the numbers a computation relies on (the schema's u32s) and returns the stages sorted by age. */
function stages(fn: string, policy: RetentionPolicy): { after_days: number; resolution_minutes: number }[] {
  if (typeof policy !== "object" || policy === null) throw new TypeError(`${fn}: policy must be a RetentionPolicy`);
  assertWholeAtLeast(fn, policy.full_resolution_days, 0, "policy.full_resolution_days");
  assertWholeAtLeast(fn, policy.max_retention_days, 0, "policy.max_retention_days");
  if (!Array.isArray(policy.downsample_configs)) {
    throw new TypeError(`${fn}: policy.downsample_configs must be an array`);
  }
  return policy.downsample_configs
    .map((c, i) => ({
      after_days: assertWholeAtLeast(fn, c.after_days, 0, `policy.downsample_configs[${i}].after_days`),
      resolution_minutes: assertWholeAtLeast(
        fn,
        c.resolution_minutes,
        1,
        `policy.downsample_configs[${i}].resolution_minutes`,
      ),
    }))
    .sort((a, b) => a.after_days - b.after_days || b.resolution_minutes - a.resolution_minutes);
}

function tierAt(
  policy: RetentionPolicy,
  sorted: readonly { after_days: number; resolution_minutes: number }[],
  ageDays: number,
): RetentionTier {
  if (ageDays >= policy.max_retention_days) return { kind: "expired" };
  if (ageDays < policy.full_resolution_days) return { kind: "full" };
  let stage: { after_days: number; resolution_minutes: number } | undefined;
  for (const s of sorted) if (s.after_days <= ageDays) stage = s;
  return stage ? { kind: "downsampled", ...stage } : { kind: "full" };
}

/**
 * The resolution that applies to a point `ageMs` milliseconds old under `policy`:
 * - `expired` from `max_retention_days` on (the point is deleted);
 * - `full` before `full_resolution_days`, whatever the stages say;
 * - then the downsampling stage with the largest `after_days` not above the age (on a tie,
 *   the coarsest resolution); `full` again while no stage has begun yet.
 *
 * Ages are in days of 86 400 000 ms; a stage applies from exactly `after_days` on. This is
 * how the hub's RetentionPolicy reads as InfluxDB retention policies fed by continuous
 * queries (see `retentionPolicyStatements`). O(stages log stages).
 *
 * @throws RangeError when `ageMs` is negative or not finite, or the policy's numbers are not
 *   whole and non-negative (resolution at least 1 minute).
 */
export function resolutionAtAge(policy: RetentionPolicy, ageMs: number): RetentionTier {
  const sorted = stages("resolutionAtAge", policy);
  assertNonNegative("resolutionAtAge", ageMs, "ageMs");
  return tierAt(policy, sorted, ageMs / MS_PER_DAY);
}

/** How a downsampled bucket combines the numbers of one field. */
export const DOWNSAMPLE_FUNCTIONS = ["mean", "sum", "min", "max", "first", "last", "count"] as const;
export type DownsampleFunction = (typeof DOWNSAMPLE_FUNCTIONS)[number];

export interface DownsampleOptions {
  /** The instant ages are measured from: an RFC 3339 timestamp (no hidden clock). Required. */
  readonly now: string;
  /** How the numbers of a field are combined in a bucket (default `"mean"`). */
  readonly function?: DownsampleFunction;
}

export interface DownsampleResult {
  /** Points kept: full-resolution points as given, then one point per downsampled bucket; by time. */
  readonly points: TimeSeriesPoint[];
  /** Input points kept unchanged (full resolution, or newer than `now`). */
  readonly full: number;
  /** Input points merged into downsampled buckets. */
  readonly downsampled: number;
  /** Downsampled buckets written (each becomes one point). */
  readonly buckets: number;
  /** Input points removed because they are older than `max_retention_days`. */
  readonly expired: number;
}

/**
 * Applies a retention policy to points as of `options.now` (an RFC 3339 timestamp; no hidden
 * clock), as `applyMetricRollup` takes `options.now`. Each point's age is `now − timestamp`; its tier comes from `resolutionAtAge`:
 * - full resolution (and points newer than `now`): kept unchanged;
 * - expired: removed and counted in `expired`;
 * - downsampled: points of the same measurement and tag set whose timestamps fall in the same
 *   `resolution_minutes` bucket (aligned to the Unix epoch, as InfluxQL's `GROUP BY time`)
 *   become one point stamped with the bucket start. Each numeric field is combined with
 *   `options.function` (mean by default: `mean(*)` in an InfluxDB continuous query), over
 *   the points that carry it; a string or boolean field keeps its latest value. The new
 *   point's metadata records `downsample_count` (points merged) and
 *   `downsample_resolution_minutes`; the merged points' own metadata is not carried over.
 *
 * Complexity: O(n log n) for n points. Inputs are not modified.
 *
 * @throws TypeError without options; RangeError for an invalid `options.now`, a point timestamp that is not RFC 3339, or a
 *   policy whose numbers are not whole (see `resolutionAtAge`).
 */
export function downsampleByPolicy(
  points: readonly TimeSeriesPoint[],
  policy: RetentionPolicy,
  options: DownsampleOptions,
): DownsampleResult {
  const fn = "downsampleByPolicy";
  const sorted = stages(fn, policy);
  if (!Array.isArray(points)) throw new TypeError(`${fn}: points must be an array`);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options with now are required, received ${describe(options)}`);
  }
  const nowNs = epochNanosOf(fn, "options.now", options.now);
  const combine = options.function ?? "mean";
  if (!(DOWNSAMPLE_FUNCTIONS as readonly string[]).includes(combine)) {
    throw new RangeError(
      `${fn}: options.function must be one of ${DOWNSAMPLE_FUNCTIONS.join(", ")}, received ${describe(combine)}`,
    );
  }

  const kept: { ns: bigint; index: number; point: TimeSeriesPoint }[] = [];
  const buckets = new Map<
    string,
    { ns: bigint; index: number; resolution: number; members: { ns: bigint; index: number; point: TimeSeriesPoint }[] }
  >();
  let full = 0;
  let downsampled = 0;
  let expired = 0;
  points.forEach((point, index) => {
    const ns = epochNanosOf(fn, `points[${index}].timestamp`, point.timestamp);
    const ageDays = ns > nowNs ? 0 : Number(nowNs - ns) / 1e6 / MS_PER_DAY;
    const tier = tierAt(policy, sorted, ageDays);
    if (tier.kind === "expired") {
      expired++;
      return;
    }
    if (tier.kind === "full") {
      full++;
      kept.push({ ns, index, point });
      return;
    }
    downsampled++;
    const width = BigInt(tier.resolution_minutes) * NS_PER_MINUTE;
    const start = floorDiv(ns, width) * width;
    const tags = tagEntries(point.tags).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    const key = JSON.stringify([point.measurement, tags, tier.resolution_minutes, String(start)]);
    const bucket = buckets.get(key);
    if (bucket) bucket.members.push({ ns, index, point });
    else buckets.set(key, { ns: start, index, resolution: tier.resolution_minutes, members: [{ ns, index, point }] });
  });

  const merged = [...buckets.values()].map((b) => ({
    ns: b.ns,
    index: b.index,
    point: mergeBucket(b.members, b.ns, b.resolution, combine),
  }));
  const all = [...kept, ...merged].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.index - b.index));
  return { points: all.map((e) => e.point), full, downsampled, buckets: merged.length, expired };
}

function mergeBucket(
  members: readonly { ns: bigint; index: number; point: TimeSeriesPoint }[],
  start: bigint,
  resolution: number,
  combine: DownsampleFunction,
): TimeSeriesPoint {
  const ordered = [...members].sort((a, b) => (a.ns < b.ns ? -1 : a.ns > b.ns ? 1 : a.index - b.index));
  const byField = new Map<string, FieldValue[]>();
  for (const m of ordered) {
    for (const [k, v] of fieldEntries(m.point.fields)) {
      const list = byField.get(k);
      if (list) list.push(v);
      else byField.set(k, [v]);
    }
  }
  const fields: Record<string, FieldValue> = {};
  for (const [k, values] of byField) {
    const numbers = values.filter((v): v is number => typeof v === "number");
    if (numbers.length !== values.length) {
      fields[k] = values[values.length - 1] as FieldValue;
      continue;
    }
    switch (combine) {
      case "mean":
        fields[k] = mean(numbers);
        break;
      case "sum":
        fields[k] = sumOf(numbers);
        break;
      case "min":
        fields[k] = minOf(numbers);
        break;
      case "max":
        fields[k] = maxOf(numbers);
        break;
      case "first":
        fields[k] = numbers[0] as number;
        break;
      case "last":
        fields[k] = numbers[numbers.length - 1] as number;
        break;
      case "count":
        fields[k] = numbers.length;
        break;
    }
  }
  const first = (ordered[0] as { point: TimeSeriesPoint }).point;
  return {
    measurement: first.measurement,
    timestamp: timestampOfNanos("downsampleByPolicy", start),
    tags: { ...first.tags },
    fields: fields as FieldSet,
    metadata: { downsample_count: String(members.length), downsample_resolution_minutes: String(resolution) },
  };
}

/** One tier of `estimateRetainedPoints`. */
export interface RetentionTierEstimate {
  readonly kind: "full" | "downsampled";
  /** Age span of the tier in days: [from_days, to_days). */
  readonly from_days: number;
  readonly to_days: number;
  /** Window length of the tier in minutes; null at full resolution. */
  readonly resolution_minutes: number | null;
  /** Points held in the tier at steady state. */
  readonly points: number;
}

export interface RetentionEstimate {
  readonly tiers: RetentionTierEstimate[];
  readonly total_points: number;
  /** Points written over the whole retention span at full resolution, for comparison. */
  readonly undownsampled_points: number;
}

export interface RetentionWorkload {
  /** Number of series (distinct measurement + tag set) written. */
  readonly series: number;
  /** Seconds between two points of one series (e.g. 10 for a point every 10 s). */
  readonly intervalSeconds: number;
}

/**
 * Estimates the points a policy keeps at steady state for `series` series that each write
 * one point every `intervalSeconds`. The age axis is cut where `resolutionAtAge` changes;
 * a tier spanning D days holds `series × D·86400 / max(interval, resolution)` points (a
 * resolution finer than the write interval does not add points). Ages beyond
 * `max_retention_days` hold nothing. O(stages log stages).
 *
 * @throws RangeError when `series` is not a whole number ≥ 0, `intervalSeconds` is not
 *   positive and finite, or the policy's numbers are not whole.
 */
export function estimateRetainedPoints(policy: RetentionPolicy, workload: RetentionWorkload): RetentionEstimate {
  const fn = "estimateRetainedPoints";
  const sorted = stages(fn, policy);
  assertWholeAtLeast(fn, workload?.series, 0, "workload.series");
  const interval = assertPositive(fn, workload.intervalSeconds, "workload.intervalSeconds");
  const max = policy.max_retention_days;
  const cuts = [...new Set([0, policy.full_resolution_days, ...sorted.map((s) => s.after_days), max])]
    .filter((d) => d <= max)
    .sort((a, b) => a - b);
  const tiers: RetentionTierEstimate[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const from = cuts[i] as number;
    const to = cuts[i + 1] as number;
    const tier = tierAt(policy, sorted, from);
    if (tier.kind === "expired") continue;
    const resolution = tier.kind === "downsampled" ? tier.resolution_minutes : null;
    const prev = tiers[tiers.length - 1];
    if (prev && prev.kind === tier.kind && prev.resolution_minutes === resolution && prev.to_days === from) {
      tiers[tiers.length - 1] = { ...prev, to_days: to };
    } else {
      tiers.push({ kind: tier.kind, from_days: from, to_days: to, resolution_minutes: resolution, points: 0 });
    }
  }
  const withPoints = tiers.map((t) => {
    const step = Math.max(interval, (t.resolution_minutes ?? 0) * 60);
    return { ...t, points: (workload.series * ((t.to_days - t.from_days) * 86_400)) / step };
  });
  return {
    tiers: withPoints,
    total_points: withPoints.reduce((n, t) => n + t.points, 0),
    undownsampled_points: (workload.series * max * 86_400) / interval,
  };
}
