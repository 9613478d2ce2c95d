import type * as z from "zod";
import { compareTimestamps, TIMESTAMP_PATTERN } from "../core/index.js";
import { SOURCE_MODULES } from "../events/index.js";
import type { CheckPath } from "./issue.js";
import { type Node, nodes, num, show, str } from "./read.js";
import { defineRule, type Report, type Rule } from "./rule.js";

/*
 * Rules and rule parts that several domains share: ordered ranges, timestamps that must not
 * go backwards, unique ids, ordered statistics.
 */

/** Orders two canonical timestamps; undefined when either is not an RFC 3339 timestamp. */
export function compareTimes(a: string | undefined, b: string | undefined): number | undefined {
  if (a === undefined || b === undefined || !TIMESTAMP_PATTERN.test(a) || !TIMESTAMP_PATTERN.test(b)) return undefined;
  return compareTimestamps(a, b);
}

/** Reports `time_range_reversed` at `path` (the end key by default) when the end is before the start. */
export function reportOrdered(
  node: Node,
  [startKey, endKey]: readonly [start: string, end: string],
  report: Report,
  path: CheckPath = [endKey],
): void {
  const start = str(node, startKey);
  const end = str(node, endKey);
  const order = compareTimes(end, start);
  if (order !== undefined && order < 0) {
    report("time_range_reversed", path, `${endKey} ${end} is before ${startKey} ${start}`);
  }
}

/**
 * One `time_range_reversed` rule per `{start, end}` schema, its fields read when a check first
 * runs. Several domains build their TimeRange from the same Timestamp instance, so their shapes
 * are identical: the walk runs such rules once (a rule of the same name on the very same field
 * schemas is the same rule; see src/checks/walk.ts), or every reversed range would be reported
 * twice.
 */
export function rangeRules(schemas: readonly z.ZodObject[]): Rule[] {
  return schemas.map((schema) =>
    defineRule(
      "TimeRange",
      () => ({ start: schema.shape.start as z.ZodType, end: schema.shape.end as z.ZodType }),
      (node, report) => reportOrdered(node, ["start", "end"], report, []),
    ),
  );
}

/** Reports `updated_before_created` for `created_at` / `updated_at`. */
export function reportUpdatedAfterCreated(node: Node, report: Report): void {
  const created = str(node, "created_at");
  const updated = str(node, "updated_at");
  const order = compareTimes(updated, created);
  if (order !== undefined && order < 0) {
    report("updated_before_created", ["updated_at"], `updated_at ${updated} is before created_at ${created}`);
  }
}

/** Reports `duplicate_id` for the second and later items of `listKey` that repeat `idKey`. */
export function reportUniqueIds(node: Node, listKey: string, idKey: string, report: Report): void {
  const seen = new Set<string>();
  for (const [i, item] of nodes(node, listKey)) {
    const id = str(item, idKey);
    if (id === undefined) continue;
    if (seen.has(id)) {
      report(
        "duplicate_id",
        [listKey, i, idKey],
        `${idKey} ${JSON.stringify(id)} appears more than once in ${listKey}`,
      );
    }
    seen.add(id);
  }
}

const MODULES = new Set<string>(SOURCE_MODULES);

/** Reports `unknown_source_module` when a free-text module name is not a SourceModule. */
export function reportModuleName(value: string | undefined, path: readonly (string | number)[], report: Report): void {
  if (value !== undefined && !MODULES.has(value)) {
    report(
      "unknown_source_module",
      path,
      `${JSON.stringify(value)} is not a known source module (${[...MODULES].join(", ")})`,
    );
  }
}

/**
 * min ≤ max, min ≤ avg ≤ max and min ≤ p50 ≤ p95 ≤ p99 ≤ max, for StatisticalMeasures and
 * AggregatedValue. Exact comparisons: each is an order between stored numbers.
 */
export function reportStatsOrder(node: Node, report: Report): void {
  const min = num(node, "min");
  const max = num(node, "max");
  if (min !== undefined && max !== undefined && min > max) {
    report("min_exceeds_max", ["min"], `min ${show(min)} is greater than max ${show(max)}`);
    return;
  }
  const avg = num(node, "avg");
  if (avg !== undefined && ((min !== undefined && avg < min) || (max !== undefined && avg > max))) {
    report("average_outside_range", ["avg"], `avg ${show(avg)} is outside [min, max] = [${min}, ${max}]`);
  }
  let previous: [string, number] | undefined = min === undefined ? undefined : ["min", min];
  for (const key of ["p50", "p95", "p99", "max"]) {
    const v = num(node, key);
    if (v === undefined) continue;
    if (previous && v < previous[1]) {
      report(
        "percentiles_not_ordered",
        [key],
        `${key} ${show(v)} is below ${previous[0]} ${show(previous[1])}; expected min ≤ p50 ≤ p95 ≤ p99 ≤ max`,
      );
      return;
    }
    previous = [key, v];
  }
}

/**
 * A score the hub gives no scale (ComplianceCheckEvent.score, GovernanceFields.compliance_score):
 * within [0, 1] it is fine; in (1, 100] it reads as a percentage (`ambiguous_score_scale`);
 * below 0 or above 100 it is out of range on either scale.
 */
export function reportUndefinedScale(node: Node, key: string, report: Report): void {
  const v = num(node, key);
  if (v === undefined) return;
  if (v < 0 || v > 100) {
    report("score_out_of_range", [key], `${key} is ${show(v)}; it must be within [0, 1] (or 0..100)`);
  } else if (v > 1) {
    report(
      "ambiguous_score_scale",
      [key],
      `${key} is ${show(v)}: read as a percentage, but the hub defines no scale and 0..1 readers see it out of range`,
    );
  }
}
