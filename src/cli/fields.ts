import type { AnalyticsEvent } from "../events/index.js";

const SUBTYPE_KEYS = ["telemetry_type", "security_type", "cost_type", "governance_type", "custom_type"] as const;

function payloadData(event: AnalyticsEvent): Record<string, unknown> {
  return event.payload.data as unknown as Record<string, unknown>;
}

function walk(value: unknown, path: readonly string[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== "object" || current === null || Array.isArray(current) || !Object.hasOwn(current, key)) {
      return undefined;
    }
    current = (current as Record<string, unknown>)[key];
  }
  return current;
}

/**
 * The number at `field` in an event: a dotted path inside `payload.data` (`total_latency_ms`,
 * `breakdown.queue_time_ms`), else a dotted path from the event itself
 * (`payload.data.total_cost_usd`). Undefined when the event has no finite number there.
 */
export function numericField(event: AnalyticsEvent, field: string): number | undefined {
  const path = field.split(".");
  const inData = walk(payloadData(event), path);
  const value = inData === undefined ? walk(event, path) : inData;
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** The top-level numeric keys of an event's `payload.data` (to suggest fields). */
export function numericKeys(event: AnalyticsEvent): string[] {
  const data = payloadData(event);
  return Object.keys(data).filter((k) => typeof data[k] === "number");
}

/** The names `dimension` knows besides the event's tags. */
export const BUILT_IN_DIMENSIONS = [
  "source_module",
  "event_type",
  "severity",
  "environment",
  "payload_type",
  "subtype",
  "model_id",
] as const;

/**
 * A grouping value of an event: its tag `name` when it has one; otherwise one of the built-in
 * dimensions: `source_module`, `event_type`, `severity`, `environment`, `payload_type`,
 * `subtype` (telemetry_type, cost_type, …) and `model_id` (from the payload), or a string
 * field of `payload.data` of that name. Undefined when none applies.
 */
export function dimension(event: AnalyticsEvent, name: string): string | undefined {
  if (Object.hasOwn(event.tags, name)) return event.tags[name];
  switch (name) {
    case "source_module":
    case "event_type":
    case "severity":
    case "environment":
      return event[name];
    case "payload_type":
      return event.payload.payload_type;
    case "subtype": {
      const data = payloadData(event);
      for (const key of SUBTYPE_KEYS) if (typeof data[key] === "string") return data[key] as string;
      return undefined;
    }
  }
  const value = payloadData(event)[name];
  return typeof value === "string" ? value : undefined;
}
