import fc from "fast-check";
import { syntheticEvents } from "../../src/cli/synthetic/traffic.js";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/schema/index.js";
import { arbitraryOf } from "../property/arbitrary.js";

/*
 * The events the code-generation round trips read and write back, as NDJSON lines:
 * - 2,000 from the project's traffic generator (`llm-analytics-hub generate`, with an incident),
 *   the shapes real producers send;
 * - PER_VARIANT of every payload variant from the schema-driven generator of the property tests
 *   (test/property/arbitrary.ts): the variants the traffic generator never sends (token_usage,
 *   vulnerability, privacy, custom, …), with optional keys left out or null, unknown keys, UUIDs
 *   in every form, offsets, astral-plane strings and extreme doubles.
 * Only documents `decode` accepts are kept: the round trip starts from valid wire JSON.
 */

export const SYNTHETIC_EVENTS = 2000;
export const PER_VARIANT = 20;

/** The tags that pick an event's payload variant: `telemetry.latency`, …, `custom`. */
export function variantKey(event: unknown): string {
  const payload = (event as { payload?: { payload_type?: unknown; data?: Record<string, unknown> } }).payload;
  const type = String(payload?.payload_type);
  const data = payload?.data ?? {};
  const inner = data[`${type}_type`];
  return type === "custom" ? type : `${type}.${String(inner)}`;
}

export function codegenEvents(variants: readonly string[]): string[] {
  const lines: string[] = [];
  for (const event of syntheticEvents({
    events: SYNTHETIC_EVENTS,
    seed: 20,
    start: "2025-06-03T00:00:00Z",
    spanMs: 6 * 3_600_000,
    incident: true,
  })) {
    lines.push(JSON.stringify(event));
  }
  const counts = new Map<string, number>(variants.map((v) => [v, 0]));
  const arbitrary = arbitraryOf(AnalyticsEvent, { maxDepth: 2 });
  for (let seed = 1; [...counts.values()].some((n) => n < PER_VARIANT); seed++) {
    if (seed > 200) throw new Error(`codegenEvents: too few valid events for ${JSON.stringify([...counts])}`);
    for (const value of fc.sample(arbitrary, { seed, numRuns: 100 })) {
      // Integers beyond 2^53 (bigints here) are left out: the generated readers parse numbers as
      // doubles, which docs/json-schema.md lists among what only decode keeps exactly.
      if (holdsBigInt(value)) continue;
      const text = JSON.stringify(value);
      const key = variantKey(value);
      const count = counts.get(key);
      if (count === undefined || count >= PER_VARIANT || !decode(AnalyticsEvent, text).success) continue;
      counts.set(key, count + 1);
      lines.push(text);
    }
  }
  return lines;
}

function holdsBigInt(value: unknown): boolean {
  if (typeof value === "bigint") return true;
  if (typeof value !== "object" || value === null) return false;
  return Object.values(value).some(holdsBigInt);
}
