import { v5 as uuidV5 } from "uuid";
import { normalizeSpanId, normalizeTraceId } from "./otlp.js";

/**
 * Namespace of the name-based (v5, RFC 9562) UUIDs derived from OpenTelemetry ids: the v5 UUID
 * of "llm-analytics-hub/otel" in the URL namespace.
 */
export const OTEL_ID_NAMESPACE = uuidV5("llm-analytics-hub/otel", uuidV5.URL);

type NodeCrypto = typeof import("node:crypto");
const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
const NAMESPACE_BYTES = Uint8Array.from(OTEL_ID_NAMESPACE.replace(/-/g, "").match(/../g) ?? [], (h) => parseInt(h, 16));

/**
 * The v5 UUID of `name` in OTEL_ID_NAMESPACE (RFC 9562 §5.5: SHA-1 of namespace bytes + UTF-8
 * name, version and variant bits set). Node's SHA-1 when available (about 8× faster than the
 * uuid package's, which it otherwise falls back to); the same UUID either way.
 */
function v5(name: string): string {
  if (nodeCrypto === undefined) return uuidV5(name, OTEL_ID_NAMESPACE);
  const hash = nodeCrypto.createHash("sha1").update(NAMESPACE_BYTES).update(name, "utf8").digest();
  hash[6] = ((hash[6] as number) & 0x0f) | 0x50;
  hash[8] = ((hash[8] as number) & 0x3f) | 0x80;
  const hex = hash.toString("hex", 0, 16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
}

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
