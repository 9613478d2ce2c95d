/*
 * InfluxQL (InfluxDB 1.x) for the hub's TimeSeriesQuery, RetentionPolicy and ContinuousQuery.
 * Identifiers are double-quoted and string literals single-quoted, with `\` escapes as the
 * InfluxQL scanner reads them, so any measurement, tag or field name is safe to embed.
 */

import { epochNanosOf, timestampOfNanos } from "../../core/timestamp.js";
import { assertWholeAtLeast } from "../../stats/validate.js";
import { formatDuration, readDuration } from "../../timeseries/duration.js";
import { DOWNSAMPLE_FUNCTIONS, type DownsampleFunction, estimateRetainedPoints } from "../../timeseries/retention.js";
import type {
  AggregationFunction,
  ContinuousQuery,
  FillStrategy,
  TimeSeriesQuery,
  TimeSeriesQueryInput,
} from "../../timeseries/schema/query.js";
import type { RetentionPolicy } from "../../timeseries/schema/storage.js";

function quoteWith(text: string, quote: string): string {
  let out = "";
  for (const c of text) {
    if (c === "\\" || c === quote) out += `\\${c}`;
    else if (c === "\n") out += "\\n";
    else out += c;
  }
  return `${quote}${out}${quote}`;
}

/** A double-quoted InfluxQL identifier: `"my \"odd\" name"`. */
export function quoteIdentifier(name: string): string {
  if (typeof name !== "string" || name.length === 0) {
    throw new RangeError(`quoteIdentifier: name must be a non-empty string, received ${JSON.stringify(name)}`);
  }
  return quoteWith(name, '"');
}

/** A single-quoted InfluxQL string literal: `'it\'s'`. */
export function quoteString(value: string): string {
  if (typeof value !== "string") throw new TypeError(`quoteString: value must be a string, received ${typeof value}`);
  return quoteWith(value, "'");
}

export interface InfluxQLTarget {
  /** Database to qualify names with (`"db".."m"`); unqualified when absent. */
  readonly database?: string;
  /** Retention policy to qualify names with (`"db"."rp"."m"`). */
  readonly retentionPolicy?: string;
}

function source(measurement: string, target: InfluxQLTarget): string {
  const m = quoteIdentifier(measurement);
  const rp = target.retentionPolicy === undefined ? "" : quoteIdentifier(target.retentionPolicy);
  if (target.database !== undefined) return `${quoteIdentifier(target.database)}.${rp}.${m}`;
  return rp === "" ? m : `${rp}.${m}`;
}

function functionCall(fn: AggregationFunction, field: string, where: string): string {
  if (typeof fn === "string") return `${fn}(${quoteIdentifier(field)})`;
  const p = fn?.percentile;
  if (typeof p !== "number" || !Number.isInteger(p) || p < 0 || p > 100) {
    throw new RangeError(
      `${where}: aggregation.function percentile must be an integer within [0, 100], received ${String(p)}`,
    );
  }
  return `percentile(${quoteIdentifier(field)}, ${p})`;
}

function fillClause(fill: FillStrategy | null | undefined): string {
  if (fill === undefined || fill === null) return "fill(none)";
  if (fill === "zero") return "fill(0)";
  if (typeof fill === "object") return `fill(${fill.value})`;
  return `fill(${fill})`;
}

function tagConditions(filters: Readonly<Record<string, string>> | undefined): string[] {
  return Object.keys(filters ?? {})
    .sort()
    .map((k) => `${quoteIdentifier(k)} = ${quoteString((filters as Record<string, string>)[k] as string)}`);
}

function groupTags(groupBy: readonly string[]): string[] {
  return groupBy.map((t) => (t === "*" ? "*" : quoteIdentifier(t)));
}

interface Parts {
  readonly select: string;
  readonly groupBy: string[];
  readonly fill: string | undefined;
  readonly tagWhere: string[];
}

function queryParts(query: TimeSeriesQuery | TimeSeriesQueryInput, where: string): Parts {
  const selectFields = query.select_fields ?? [];
  const groupBy = query.group_by ?? [];
  const aggregation = query.aggregation ?? undefined;
  const tagWhere = tagConditions(query.tag_filters);
  if (!aggregation) {
    const select = selectFields.length === 0 ? "*::field" : selectFields.map(quoteIdentifier).join(", ");
    return { select, groupBy: groupTags(groupBy), fill: undefined, tagWhere };
  }
  const window = readDuration(where, "aggregation.window", aggregation.window);
  const fields = aggregation.fields.length > 0 ? aggregation.fields : selectFields;
  if (fields.length === 0) {
    throw new RangeError(`${where}: aggregation.fields and select_fields are both empty: name the fields to aggregate`);
  }
  const select = fields
    .map((f) => `${functionCall(aggregation.function, f, where)} AS ${quoteIdentifier(f)}`)
    .join(", ");
  return {
    select,
    groupBy: [`time(${formatDuration(window)})`, ...groupTags(groupBy)],
    fill: fillClause(query.fill),
    tagWhere,
  };
}

/**
 * The InfluxQL SELECT statement that asks InfluxDB 1.x what `executeQuery` computes:
 *
 * `SELECT mean("latency_ms") AS "latency_ms" FROM "llm_requests" WHERE time >= '…' AND
 * time < '…' AND "model_id" = 'gpt-4o-mini' GROUP BY time(5m), "region" fill(none) LIMIT 10`
 *
 * Each aggregated field is aliased to its own name, so result columns match DataPoint
 * values; without aggregation the fields are selected as they are (`*::field` for all).
 * The time range is half-open, `start ≤ time < end`. An absent `fill` becomes `fill(none)`
 * (InfluxQL's own default is `fill(null)`), `"zero"` `fill(0)`, `{"value": n}` `fill(n)`.
 * The functions are InfluxQL's: where they differ from `executeQuery` (PERCENTILE is
 * nearest-rank) the docs of `executeQuery` say so. O(size of the query).
 *
 * @throws RangeError for an unparsable window, a percentile above 100, no fields to
 *   aggregate, an invalid time range, or `limit: 0` (InfluxQL reads LIMIT 0 as no limit).
 */
export function toInfluxQL(query: TimeSeriesQuery | TimeSeriesQueryInput, target: InfluxQLTarget = {}): string {
  const fn = "toInfluxQL";
  if (typeof query !== "object" || query === null) throw new TypeError(`${fn}: query must be a TimeSeriesQuery`);
  const start = epochNanosOf(fn, "time_range.start", query.time_range?.start);
  const end = epochNanosOf(fn, "time_range.end", query.time_range?.end);
  if (end < start) {
    throw new RangeError(
      `${fn}: time_range.end (${query.time_range.end}) is before time_range.start (${query.time_range.start})`,
    );
  }
  const parts = queryParts(query, fn);
  const where = [
    `time >= ${quoteString(timestampOfNanos(fn, start))}`,
    `time < ${quoteString(timestampOfNanos(fn, end))}`,
    ...parts.tagWhere,
  ];
  let q = `SELECT ${parts.select} FROM ${source(query.measurement, target)} WHERE ${where.join(" AND ")}`;
  if (parts.groupBy.length > 0) q += ` GROUP BY ${parts.groupBy.join(", ")}`;
  if (parts.fill !== undefined) q += ` ${parts.fill}`;
  const limit = query.limit ?? undefined;
  const offset = query.offset ?? undefined;
  if (limit !== undefined) {
    if (limit === 0) throw new RangeError(`${fn}: limit 0 cannot be written: InfluxQL reads LIMIT 0 as no limit`);
    q += ` LIMIT ${assertWholeAtLeast(fn, limit, 0, "limit")}`;
  }
  if (offset !== undefined && offset > 0) q += ` OFFSET ${assertWholeAtLeast(fn, offset, 0, "offset")}`;
  return q;
}

export interface RetentionStatementOptions {
  /** The database the policies are created on. */
  readonly database: string;
  /** How the continuous queries combine points into a downsampled window (default `"mean"`). */
  readonly function?: DownsampleFunction;
  /** Downsample only this measurement (default: every measurement, by a regex source and `:MEASUREMENT`). */
  readonly measurement?: string;
}

function days(d: number): string {
  return d % 7 === 0 ? `${d / 7}w` : `${d}d`;
}

/**
 * The InfluxQL statements that set up a RetentionPolicy in InfluxDB 1.x, the usual way:
 * one retention policy per tier and one continuous query per downsampled tier.
 *
 * - The full-resolution tier is the policy `name`, made the database's DEFAULT, with a
 *   DURATION up to the age where downsampling takes over (`full_resolution_days` for the
 *   hub's default policy: 7 days).
 * - Each downsampled tier is a policy `<name>_<resolution>` (`default_5m`, `default_1h`,
 *   `default_1d`) whose DURATION is the age where the next tier takes over, the last one
 *   `max_retention_days`; a continuous query writes `<function>(*)` of the raw points into
 *   it every window (InfluxDB names the results `<function>_<field>`).
 * - Every policy gets `SHARD DURATION` `shard_duration_hours` (InfluxDB's default when 0),
 *   and REPLICATION 1.
 *
 * The tiers are those of `resolutionAtAge` / `estimateRetainedPoints`. O(stages log stages).
 *
 * @throws RangeError when the policy keeps nothing (`max_retention_days` 0), two tiers share
 *   a resolution, or the numbers are not whole.
 */
export function retentionPolicyStatements(policy: RetentionPolicy, options: RetentionStatementOptions): string[] {
  const fn = "retentionPolicyStatements";
  if (typeof options?.database !== "string" || options.database === "") {
    throw new RangeError(`${fn}: options.database must be a non-empty string`);
  }
  const combine = options.function ?? "mean";
  if (!(DOWNSAMPLE_FUNCTIONS as readonly string[]).includes(combine)) {
    throw new RangeError(
      `${fn}: options.function must be one of ${DOWNSAMPLE_FUNCTIONS.join(", ")}, received ${JSON.stringify(combine)}`,
    );
  }
  if (policy?.max_retention_days === 0)
    throw new RangeError(`${fn}: max_retention_days is 0, so the policy keeps nothing`);
  const { tiers } = estimateRetainedPoints(policy, { series: 0, intervalSeconds: 1 });
  const db = quoteIdentifier(options.database);
  const shard = policy.shard_duration_hours > 0 ? ` SHARD DURATION ${policy.shard_duration_hours}h` : "";
  const statements: string[] = [];
  const cqs: string[] = [];
  const names = new Set<string>();
  for (const tier of tiers) {
    const resolution = tier.resolution_minutes;
    const name =
      resolution === null ? policy.name : `${policy.name}_${formatDuration(BigInt(resolution) * 60_000_000_000n)}`;
    if (names.has(name))
      throw new RangeError(`${fn}: two tiers would share the retention policy name ${JSON.stringify(name)}`);
    names.add(name);
    const isDefault = resolution === null ? " DEFAULT" : "";
    statements.push(
      `CREATE RETENTION POLICY ${quoteIdentifier(name)} ON ${db} DURATION ${days(tier.to_days)} REPLICATION 1${shard}${isDefault}`,
    );
    if (resolution !== null) {
      const window = formatDuration(BigInt(resolution) * 60_000_000_000n);
      const from =
        options.measurement === undefined
          ? `${db}.${quoteIdentifier(policy.name)}./.*/`
          : `${db}.${quoteIdentifier(policy.name)}.${quoteIdentifier(options.measurement)}`;
      const into =
        options.measurement === undefined
          ? `${db}.${quoteIdentifier(name)}.:MEASUREMENT`
          : `${db}.${quoteIdentifier(name)}.${quoteIdentifier(options.measurement)}`;
      cqs.push(
        `CREATE CONTINUOUS QUERY ${quoteIdentifier(`${name}_downsample`)} ON ${db} BEGIN SELECT ${combine}(*) INTO ${into} FROM ${from} GROUP BY time(${window}), * END`,
      );
    }
  }
  if (!names.has(policy.name)) {
    throw new RangeError(
      `${fn}: the policy has no full-resolution tier to write raw points into (full_resolution_days 0 and a stage from day 0)`,
    );
  }
  return [...statements, ...cqs];
}

export interface ContinuousQueryStatementOptions {
  /** The database the continuous query runs on. */
  readonly database: string;
  /** Retention policy of the source measurement (default: the database's default). */
  readonly sourceRetentionPolicy?: string;
  /** Retention policy of the destination measurement (default: the database's default). */
  readonly destinationRetentionPolicy?: string;
}

/**
 * The InfluxQL `CREATE CONTINUOUS QUERY` for a hub ContinuousQuery:
 *
 * `CREATE CONTINUOUS QUERY "cq-first" ON "db" RESAMPLE EVERY 1d BEGIN SELECT
 * first("latency_ms") AS "latency_ms" INTO "db".."llm_requests_first_1d" FROM
 * "db".."llm_requests" GROUP BY time(1d), "model_id" fill(none) END`
 *
 * The name is `query_id` (unique, as InfluxDB requires per database); `interval` becomes
 * `RESAMPLE EVERY`; the SELECT is `toInfluxQL`'s without its time range and limits, which a
 * continuous query does not take (InfluxDB runs it over the latest windows).
 *
 * @throws RangeError when the query is disabled (InfluxDB has no disabled continuous
 *   queries), has no aggregation, sets limit or offset, reads another measurement than
 *   `source_measurement`, or has an unparsable window or interval.
 */
export function continuousQueryStatement(cq: ContinuousQuery, options: ContinuousQueryStatementOptions): string {
  const fn = "continuousQueryStatement";
  if (typeof options?.database !== "string" || options.database === "") {
    throw new RangeError(`${fn}: options.database must be a non-empty string`);
  }
  if (!cq.enabled) {
    throw new RangeError(
      `${fn}: ${JSON.stringify(cq.query_id)} is disabled (enabled: false) and InfluxDB has no disabled continuous queries; create it when it is enabled`,
    );
  }
  if (!cq.query.aggregation)
    throw new RangeError(`${fn}: query.aggregation is missing: a continuous query must aggregate over windows`);
  if (cq.query.measurement !== cq.source_measurement) {
    throw new RangeError(
      `${fn}: query.measurement ${JSON.stringify(cq.query.measurement)} differs from source_measurement ${JSON.stringify(cq.source_measurement)}`,
    );
  }
  if ((cq.query.limit ?? undefined) !== undefined || (cq.query.offset ?? undefined) !== undefined) {
    throw new RangeError(`${fn}: query.limit and query.offset do not apply to a continuous query`);
  }
  const every = formatDuration(readDuration(fn, "interval", cq.interval));
  const parts = queryParts(cq.query, fn);
  const db = options.database;
  const into = source(cq.destination_measurement, { database: db, ...opt(options.destinationRetentionPolicy) });
  const from = source(cq.source_measurement, { database: db, ...opt(options.sourceRetentionPolicy) });
  const where = parts.tagWhere.length > 0 ? ` WHERE ${parts.tagWhere.join(" AND ")}` : "";
  return `CREATE CONTINUOUS QUERY ${quoteIdentifier(cq.query_id)} ON ${quoteIdentifier(db)} RESAMPLE EVERY ${every} BEGIN SELECT ${parts.select} INTO ${into} FROM ${from}${where} GROUP BY ${parts.groupBy.join(", ")} ${parts.fill} END`;
}

function opt(rp: string | undefined): { retentionPolicy?: string } {
  return rp === undefined ? {} : { retentionPolicy: rp };
}
