import { epochMillisOf } from "../core/timestamp.js";
import { canonicalUuid } from "../core/uuid.js";
import { type AnalyticsEvent, SEVERITIES, SEVERITY_ORDER, type Severity } from "../events/index.js";
import type { CorrelationPattern, PatternStep } from "./schema.js";

export interface PatternStepMatch {
  readonly step: PatternStep;
  readonly event: AnalyticsEvent;
  /** Milliseconds since the previous step's event (null for the first step). */
  readonly delay_ms: number | null;
}

export interface PatternMatch {
  readonly pattern_id: string;
  /** One entry per step, in step_number order. */
  readonly steps: readonly PatternStepMatch[];
}

const COMMON_FIELDS = new Set([
  "event_id",
  "timestamp",
  "source_module",
  "event_type",
  "correlation_id",
  "parent_event_id",
  "schema_version",
  "severity",
  "environment",
]);

/** The value a condition key names in an event, or undefined when there is none. */
function lookup(event: AnalyticsEvent, key: string): unknown {
  if (COMMON_FIELDS.has(key)) return (event as Record<string, unknown>)[key] ?? undefined;
  if (key === "payload_type") return event.payload.payload_type;
  if (key.startsWith("tags.")) return event.tags[key.slice(5)];
  let value: unknown = event.payload.data;
  for (const part of key.split(".")) {
    if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
    if (!Object.hasOwn(value, part)) return undefined;
    value = (value as Record<string, unknown>)[part];
  }
  return value;
}

type Comparison = ">=" | "<=" | ">" | "<" | "!=" | "=";
const OPERATORS: readonly Comparison[] = [">=", "<=", "!=", ">", "<", "="];

interface Condition {
  readonly key: string;
  readonly op: Comparison;
  readonly literal: string;
}

function parseCondition(fn: string, stepNumber: number, key: string, text: string): Condition {
  const op = OPERATORS.find((o) => text.startsWith(o));
  const literal = op === undefined ? text : text.slice(op.length);
  const condition = { key, op: op ?? "=", literal };
  const ordered = condition.op !== "=" && condition.op !== "!=";
  if (ordered && key !== "severity" && !isNumeric(literal)) {
    throw new RangeError(
      `${fn}: step ${stepNumber} condition ${JSON.stringify(key)}: ${JSON.stringify(text)} compares with ${JSON.stringify(literal)}, which is not a number`,
    );
  }
  if (ordered && key === "severity" && !(SEVERITIES as readonly string[]).includes(literal)) {
    throw new RangeError(
      `${fn}: step ${stepNumber} condition "severity": ${JSON.stringify(literal)} is not one of ${SEVERITIES.join(", ")}`,
    );
  }
  return condition;
}

function isNumeric(text: string): boolean {
  return text.trim() !== "" && Number.isFinite(Number(text));
}

function compare(op: Comparison, difference: number): boolean {
  switch (op) {
    case ">=":
      return difference >= 0;
    case "<=":
      return difference <= 0;
    case ">":
      return difference > 0;
    case "<":
      return difference < 0;
    case "!=":
      return difference !== 0;
    case "=":
      return difference === 0;
  }
}

function satisfies(event: AnalyticsEvent, c: Condition): boolean {
  const value = lookup(event, c.key);
  if (value === undefined || value === null) return false;
  if (c.key === "severity" && c.op !== "=" && c.op !== "!=") {
    return compare(c.op, SEVERITY_ORDER.compare(value as Severity, c.literal as Severity));
  }
  if (typeof value === "number") {
    if (!isNumeric(c.literal)) return c.op === "!=";
    return compare(c.op, value - Number(c.literal));
  }
  if (c.op !== "=" && c.op !== "!=") return false;
  const text =
    typeof value === "string"
      ? value
      : typeof value === "boolean"
        ? String(value)
        : (singleValue(value) ?? JSON.stringify(value));
  return (text === c.literal) === (c.op === "=");
}

/** `{"other": "jailbreak"}` (an external enum's data variant) reads as "jailbreak". */
function singleValue(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  if (entries.length !== 1) return undefined;
  const inner = (entries[0] as [string, unknown])[1];
  return typeof inner === "string" || typeof inner === "number" ? String(inner) : undefined;
}

/**
 * Finds the occurrences of a CorrelationPattern in a set of events. Steps are followed in
 * `step_number` order; an event matches a step when its `source_module` and `event_type`
 * equal the step's and it meets every condition; each step's event comes at or after the
 * previous step's, and no later than `time_offset_ms` after it when the step has an offset
 * (offsets are deadlines measured from the previous step, as the hub's comment says; null
 * means any later time).
 *
 * Conditions (`{key: value}`): the key names a common field (`severity`, `environment`, …),
 * `payload_type`, `tags.<name>`, or a dotted path into the payload's `data` (`telemetry_type`,
 * `model_id`, `breakdown.queue_time_ms`, `custom_type`). The value is a literal to equal, or
 * starts with `>=`, `<=`, `>`, `<`, `!=` or `=`: numbers compare numerically, `severity` by
 * its order (`">=error"`), strings and booleans by text, `{"other": "x"}` as "x". A missing
 * field meets no condition.
 *
 * Matches do not share events: the earliest first-step event starts the first match, which
 * takes at each step the earliest event that still lets the rest complete; later matches use
 * the remaining events. Events are considered in time order, then by event_id.
 * O(steps · n²) worst case (failed extensions are memoized).
 *
 * @throws RangeError when the pattern has no steps, repeats a step_number, has a negative
 *   offset or a condition that cannot be evaluated, or an event's timestamp is invalid.
 */
export function matchPattern(events: readonly AnalyticsEvent[], pattern: CorrelationPattern): PatternMatch[] {
  const { steps, conditions } = checkedSteps(pattern);
  const order = inTimeOrder(events);
  const candidates = stepCandidates(steps, conditions, order);
  const used = new Set<number>();
  const failed = new Set<string>();
  const path: number[] = [];

  const extend = (s: number): boolean => {
    if (s === steps.length) return true;
    const previous = path[s - 1] as number;
    const from = (order[previous] as (typeof order)[number]).instant;
    const offset = (steps[s] as PatternStep).time_offset_ms;
    const until = offset === undefined || offset === null ? Number.POSITIVE_INFINITY : from + offset;
    for (const i of candidates[s] as number[]) {
      const at = (order[i] as (typeof order)[number]).instant;
      if (at < from) continue;
      if (at > until) break;
      if (used.has(i) || path.includes(i)) continue;
      // A failure from (s, i) depends only on i, unless another event of the path shares i's
      // instant (then reuse rules differ): memoize only the clean case.
      const key = `${s} ${i}`;
      const clean = !path.some((j) => (order[j] as (typeof order)[number]).instant === at);
      if (clean && failed.has(key)) continue;
      path.push(i);
      if (extend(s + 1)) return true;
      path.pop();
      if (clean) failed.add(key);
    }
    return false;
  };

  const matches: PatternMatch[] = [];
  for (const first of candidates[0] as number[]) {
    if (used.has(first)) continue;
    path.length = 0;
    path.push(first);
    if (!extend(1)) continue;
    for (const i of path) used.add(i);
    matches.push({
      pattern_id: pattern.pattern_id,
      steps: path.map((i, s) => {
        const current = order[i] as (typeof order)[number];
        const before = s === 0 ? undefined : (order[path[s - 1] as number] as (typeof order)[number]);
        return {
          step: steps[s] as PatternStep,
          event: current.event,
          delay_ms: before === undefined ? null : current.instant - before.instant,
        };
      }),
    });
  }
  return matches;
}

/** The pattern's steps by step_number, checked, with their parsed conditions. */
function checkedSteps(pattern: CorrelationPattern): { steps: PatternStep[]; conditions: Condition[][] } {
  const fn = "matchPattern";
  if (pattern.sequence.length === 0)
    throw new RangeError(`${fn}: pattern ${JSON.stringify(pattern.pattern_id)} has no steps`);
  const steps = [...pattern.sequence].sort((a, b) => a.step_number - b.step_number);
  for (const [i, step] of steps.entries()) {
    if (i > 0 && step.step_number === (steps[i - 1] as PatternStep).step_number) {
      throw new RangeError(
        `${fn}: pattern ${JSON.stringify(pattern.pattern_id)} repeats step_number ${step.step_number}`,
      );
    }
    const offset = step.time_offset_ms;
    if (offset !== undefined && offset !== null && !(Number.isSafeInteger(offset) && offset >= 0)) {
      throw new RangeError(
        `${fn}: step ${step.step_number} time_offset_ms must be a whole number ≥ 0 (a deadline after the previous step), received ${offset}`,
      );
    }
  }

  const conditions = steps.map((step) =>
    Object.entries(step.conditions).map(([key, value]) => parseCondition(fn, step.step_number, key, value)),
  );
  return { steps, conditions };
}

interface Timed {
  readonly event: AnalyticsEvent;
  readonly instant: number;
  readonly id: string;
}

/** The events in time order, then by canonical event_id. */
function inTimeOrder(events: readonly AnalyticsEvent[]): Timed[] {
  return events
    .map((event, i) => ({
      event,
      instant: epochMillisOf("matchPattern", `events[${i}].timestamp`, event.timestamp),
      id: canonicalUuid(event.event_id),
    }))
    .sort((a, b) => a.instant - b.instant || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** For each step, the positions in `order` of the events that fit it (module, type, conditions). */
function stepCandidates(
  steps: readonly PatternStep[],
  conditions: readonly (readonly Condition[])[],
  order: readonly Timed[],
): number[][] {
  return steps.map((step, s) =>
    order
      .map((_, i) => i)
      .filter((i) => {
        const { event } = order[i] as Timed;
        return (
          event.source_module === step.module &&
          event.event_type === step.event_type &&
          (conditions[s] as Condition[]).every((c) => satisfies(event, c))
        );
      }),
  );
}
