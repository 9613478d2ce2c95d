import type * as z from "zod";
import { assertSchema } from "../core/decode.js";
import { API_RULES } from "./api.js";
import { CORRELATION_RULES } from "./correlation.js";
import { EVENT_RULES } from "./events.js";
import type { CheckIssue } from "./issue.js";
import { METADATA_RULES } from "./metadata.js";
import { METRICS_RULES } from "./metrics.js";
import { RANGE_RULES } from "./ranges.js";
import type { Rule } from "./rule.js";
import { TIMESERIES_RULES } from "./timeseries.js";
import { runRules } from "./walk.js";

/** Every rule of every domain. */
export const RULES: readonly Rule[] = [
  ...RANGE_RULES,
  ...EVENT_RULES,
  ...API_RULES,
  ...CORRELATION_RULES,
  ...METADATA_RULES,
  ...METRICS_RULES,
  ...TIMESERIES_RULES,
];

/**
 * The semantic issues of `value`, a value parsed by `schema` (`schema.parse` or `decode`
 * output). Rules are found by the types the schema contains, at any depth and through generic
 * wrappers: `checkValue(PaginatedResponse(AnalyticsEvent), page)` runs the pagination rules and
 * every event's rules. Returns `[]` for a schema without rules.
 *
 * Parsing never depends on these: a document the hub accepts always parses, and `check` says
 * what is wrong with it. Method: one walk of the value alongside the schema, skipping subtrees
 * where no rule applies; O(size of the value). Pure, and never throws, whatever the value: a
 * part of the wrong shape is skipped.
 */
export function checkValue<S extends z.ZodType>(schema: S, value: unknown): CheckIssue[] {
  assertSchema("checkValue", schema);
  return runRules(RULES, schema, value);
}

/** Only the issues of severity "error". */
export function checkValueErrors<S extends z.ZodType>(schema: S, value: unknown): CheckIssue[] {
  return checkValue(schema, value).filter((i) => i.severity === "error");
}
