import { uuidV5 } from "../../core/uuid-make.js";
import { normalizeSpanId, normalizeTraceId } from "./otlp.js";

/**
 * Namespace of the name-based (v5, RFC 9562) UUIDs derived from OpenTelemetry ids: the v5 UUID
 * of "llm-analytics-hub/otel" in the URL namespace.
 */
// Written out (test/core/uuid-make.test.ts derives it): computing it at import loaded node:crypto.
export const OTEL_ID_NAMESPACE = "21d50cfe-6cc4-50ba-872b-210369fa8538";

/** The v5 UUID of `name` in OTEL_ID_NAMESPACE (RFC 9562 §5.5). */
const v5 = (name: string): string => uuidV5(name, OTEL_ID_NAMESPACE);

/** The hub events one GenAI span becomes; `latency` is the span's own event. */
export const OTEL_EVENT_KINDS = ["latency", "token_usage", "token_cost"] as const;
export type OtelEventKind = (typeof OTEL_EVENT_KINDS)[number];

/**
 * The `correlation_id` of every event from one trace: the v5 UUID of `trace:<traceId>` (lower-case
 * hex) in OTEL_ID_NAMESPACE. The same trace id always gives the same UUID, in any batch. O(1).
 */
export function traceCorrelationId(traceId: string): string {
  const trace = normalizeTraceId(traceId, "traceCorrelationId", "traceId");
  return v5(`trace:${trace}`);
}

/**
 * The `event_id` of the hub event of kind `kind` made from a span: the v5 UUID of
 * `span:<traceId>:<spanId>` for the span's latency event (its own id, which its children's
 * `parent_event_id` point at) and `span:<traceId>:<spanId>:<kind>` for the others, in
 * OTEL_ID_NAMESPACE, with ids in lower-case hex. O(1).
 */
export function spanEventId(traceId: string, spanId: string, kind: OtelEventKind = "latency"): string {
  const trace = normalizeTraceId(traceId, "spanEventId", "traceId");
  const span = normalizeSpanId(spanId, "spanEventId", "spanId");
  if (!(OTEL_EVENT_KINDS as readonly string[]).includes(kind)) {
    throw new RangeError(`spanEventId: kind must be one of ${OTEL_EVENT_KINDS.join(", ")}, received ${String(kind)}`);
  }
  return v5(kind === "latency" ? `span:${trace}:${span}` : `span:${trace}:${span}:${kind}`);
}
