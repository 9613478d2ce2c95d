import { TimeRange as ApiTimeRange } from "../api/index.js";
import { TimeRange as CoreTimeRange } from "../core/time-range.js";
import { TimeRange as CorrelationTimeRange } from "../correlation/index.js";
import type { Rule } from "./rule.js";
import { rangeRules } from "./shared.js";

/**
 * `time_range_reversed` for every `{start, end}` type of every domain (DESIGN.md §3: TimeRange).
 * The metrics and time-series ranges are core's TimeRange (or a `.meta()` copy of it, which
 * keeps its fields); the api and correlation ones have their own.
 */
export const RANGE_RULES: readonly Rule[] = rangeRules([ApiTimeRange, CoreTimeRange, CorrelationTimeRange]);
