import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { AnalyticsEvent } from "../../src/events/index.js";

const here = dirname(fileURLToPath(import.meta.url));

/** The text of a fixture in test/interop/otel-fixtures. */
export function otelFixture(name: string): string {
  return readFileSync(join(here, "otel-fixtures", name), "utf8");
}

/** Freezes a value and everything inside it, so a helper that mutates its input throws. */
export function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** The event of one span and kind: `latency`, `token_usage` or `token_cost`. */
export function eventOf(
  events: readonly AnalyticsEvent[],
  spanId: string,
  kind: "latency" | "token_usage" | "token_cost",
): AnalyticsEvent {
  const found = events.find((e) => {
    if (e.tags.span_id !== spanId) return false;
    const data = e.payload.data as { telemetry_type?: string; cost_type?: string };
    return data.telemetry_type === kind || data.cost_type === kind;
  });
  if (found === undefined) throw new Error(`no ${kind} event for span ${spanId}`);
  return found;
}

/** A one-span OTLP/JSON export with the given span members merged over a valid GenAI chat span. */
export function oneSpan(span: Record<string, unknown>, resource: Record<string, unknown>[] = []): unknown {
  return {
    resourceSpans: [
      {
        resource: {
          attributes: [{ key: "deployment.environment.name", value: { stringValue: "test" } }, ...resource],
        },
        scopeSpans: [
          {
            scope: { name: "test" },
            spans: [
              {
                traceId: "0123456789abcdef0123456789abcdef",
                spanId: "0123456789abcdef",
                name: "chat gpt-4o",
                kind: 3,
                startTimeUnixNano: "1750000000000000000",
                endTimeUnixNano: "1750000001000000000",
                attributes: [
                  { key: "gen_ai.operation.name", value: { stringValue: "chat" } },
                  { key: "gen_ai.provider.name", value: { stringValue: "openai" } },
                  { key: "gen_ai.request.model", value: { stringValue: "gpt-4o" } },
                ],
                ...span,
              },
            ],
          },
        ],
      },
    ],
  };
}

/** `{key, value}` OTLP attributes from a compact description. */
export function attrs(values: Record<string, { s: string } | { i: string | number } | { d: number } | { b: boolean }>) {
  return Object.entries(values).map(([key, v]) => ({
    key,
    value:
      "s" in v
        ? { stringValue: v.s }
        : "i" in v
          ? { intValue: v.i }
          : "d" in v
            ? { doubleValue: v.d }
            : { boolValue: v.b },
  }));
}
