import { eventGraphIssues } from "../correlation/graph.js";
import {
  AlertThresholds,
  AnomalyCorrelation,
  AnomalyEvent,
  CausalLink,
  CorrelationConfig,
  CorrelationPattern,
  CorrelationQuery,
  CostImpact,
  EventCorrelation,
  EventGraph,
  PerformanceImpact,
  RootCauseAnalysis,
} from "../correlation/index.js";
import type { CheckIssue } from "./issue.js";
import { RANGE_RULES } from "./ranges.js";
import { child, list, type Node, nodes, num, show, str } from "./read.js";
import { defineBoundsRule, defineRule, type Report, type Rule } from "./rule.js";
import { compareTimes } from "./shared.js";
import { runRules } from "./walk.js";

/*
 * Checks of the correlation models (WIRE_FORMAT.md §2.5): the documented 0..1 ranges (§5.2),
 * events inside their window, and the EventGraph findings computed by the correlation module
 * (`eventGraphIssues`: ids, edge ends, weights, metadata, nodes inside the time range).
 */

function reportCorrelation(node: Node, report: Report): void {
  const window = child(node, "time_window");
  const start = window && str(window, "start");
  const end = window && str(window, "end");
  const order = compareTimes(end, start);
  if (order === undefined || order < 0) return;
  for (const [i, event] of nodes(node, "events")) {
    const t = str(event, "timestamp");
    const before = compareTimes(t, start);
    const after = compareTimes(t, end);
    if ((before !== undefined && before < 0) || (after !== undefined && after > 0)) {
      report(
        "event_outside_time_range",
        ["events", i, "timestamp"],
        `event at ${t} lies outside time_window ${start} – ${end}`,
      );
    }
  }
}

function reportAnomaly(node: Node, report: Report): void {
  const type = str(node, "anomaly_type");
  const baseline = num(node, "baseline");
  const observed = num(node, "observed");
  if (baseline === undefined || observed === undefined) return;
  if ((type === "spike" && observed <= baseline) || (type === "drop" && observed >= baseline)) {
    report(
      "anomaly_direction_mismatch",
      ["observed"],
      `a ${type} with observed ${show(observed)} ${type === "spike" ? "not above" : "not below"} baseline ${show(baseline)}`,
    );
  }
}

function reportPattern(node: Node, report: Report): void {
  const modules = new Set(list(node, "modules") ?? []);
  let expected = 1;
  let reported = false;
  for (const [i, step] of nodes(node, "sequence")) {
    const n = num(step, "step_number");
    if (n !== undefined && n !== expected && !reported) {
      report(
        "pattern_steps_not_sequential",
        ["sequence", i, "step_number"],
        `step_number is ${n} at position ${i}; expected ${expected} (steps are numbered 1, 2, 3, … in order)`,
      );
      reported = true;
    }
    expected++;
    const module = str(step, "module");
    if (module !== undefined && !modules.has(module)) {
      report(
        "pattern_module_missing",
        ["sequence", i, "module"],
        `step module "${module}" is not among the pattern's modules`,
      );
    }
  }
}

// Severity and catalogue entry of each graph code are in CHECK_CODES; a reversed time_range is
// the shared TimeRange rule's.
function reportGraph(node: Node, report: Report): void {
  const parsed = EventGraph.safeParse(node);
  if (!parsed.success) return;
  for (const issue of eventGraphIssues(parsed.data)) report(issue.code, issue.path, issue.message);
}

export const CORRELATION_RULES: readonly Rule[] = [
  defineBoundsRule("EventCorrelation", EventCorrelation, { strength: "score", confidence: "score" }),
  defineRule("EventCorrelation.events", EventCorrelation, reportCorrelation),
  defineRule("CorrelationPattern", CorrelationPattern, reportPattern),
  defineBoundsRule("AnomalyCorrelation", AnomalyCorrelation, { strength: "score" }),
  defineBoundsRule("AnomalyEvent", AnomalyEvent, { anomaly_score: "score" }),
  defineRule("AnomalyEvent.direction", AnomalyEvent, reportAnomaly),
  defineBoundsRule("RootCauseAnalysis", RootCauseAnalysis, { confidence: "score" }),
  defineBoundsRule("CausalLink", CausalLink, { strength: "score" }),
  defineBoundsRule("PerformanceImpact", PerformanceImpact, { throughput_decrease_percent: "percent" }),
  defineBoundsRule("CostImpact", CostImpact, { wasted_resources_usd: "nonnegative" }),
  defineRule("EventGraph", EventGraph, reportGraph),
  // time_window_minutes is left alone: the hub types it i64, and a negative window may mean "before the seed".
  defineBoundsRule("CorrelationQuery", CorrelationQuery, { min_strength: "score" }),
  defineBoundsRule("CorrelationConfig", CorrelationConfig, { correlation_window_minutes: "nonnegative" }),
  defineBoundsRule("AlertThresholds", AlertThresholds, {
    min_correlation_strength: "score",
    min_anomaly_score: "score",
    critical_impact_threshold: "score",
  }),
];

const RULES = [...RANGE_RULES, ...CORRELATION_RULES];

/** The semantic issues of a parsed EventCorrelation. O(size); never throws. */
export function checkEventCorrelation(value: EventCorrelation): CheckIssue[] {
  return runRules(RULES, EventCorrelation, value);
}

/** The semantic issues of a parsed AnomalyCorrelation. O(size); never throws. */
export function checkAnomalyCorrelation(value: AnomalyCorrelation): CheckIssue[] {
  return runRules(RULES, AnomalyCorrelation, value);
}

/**
 * The semantic issues of a parsed EventGraph (WIRE_FORMAT.md §5.6): node and edge ids unique
 * (`duplicate_node_id`, `duplicate_edge_id`), edges pointing at existing nodes
 * (`missing_from_node`, `missing_to_node`), weights within [0, 1] (`weight_out_of_range`), the
 * stored metadata equal to `graphMetadataOf` (`metadata_mismatch`, floats to 1e-9 relative),
 * `time_range` ordered (`time_range_reversed`) and holding every node
 * (`node_outside_time_range`). `[]` means the graph is consistent. O(N + E); never throws.
 */
export function checkEventGraph(value: EventGraph): CheckIssue[] {
  return runRules(RULES, EventGraph, value);
}

/** The semantic issues of a parsed CorrelationQuery. */
export function checkCorrelationQuery(value: CorrelationQuery): CheckIssue[] {
  return runRules(RULES, CorrelationQuery, value);
}

/** The semantic issues of a parsed CorrelationConfig. */
export function checkCorrelationConfig(value: CorrelationConfig): CheckIssue[] {
  return runRules(RULES, CorrelationConfig, value);
}
