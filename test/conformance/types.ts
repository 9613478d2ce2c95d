import type * as z from "zod";
import { ApiResponse, BatchResponse, PaginatedResponse, QueryResult, StreamEvent } from "../../src/api/schema.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/schema/index.js";
import { SCHEMAS } from "../../src/json-schema/registry.js";

/**
 * The schema each conformance `type` is read as. Plain names come from the registry;
 * generic instantiations (`ApiResponse<AnalyticsEvent>`) are added here by their domain.
 */
export const CONFORMANCE_TYPES: Record<string, z.ZodType> = {
  ...SCHEMAS,
  "ApiResponse<AnalyticsEvent>": ApiResponse(AnalyticsEvent),
  "BatchResponse<AnalyticsEvent>": BatchResponse(AnalyticsEvent),
  "PaginatedResponse<AnalyticsEvent>": PaginatedResponse(AnalyticsEvent),
  "PaginatedResponse<serde_json::Value>": PaginatedResponse(JsonValue),
  "QueryResult<serde_json::Value>": QueryResult(JsonValue),
  "StreamEvent<AnalyticsEvent>": StreamEvent(AnalyticsEvent),
  "StreamEvent<serde_json::Value>": StreamEvent(JsonValue),
};

/**
 * The published schema (src/json-schema/registry.ts) a fixture's type is checked against by the
 * JSON Schema tests: a plain name, or a generic one over `serde_json::Value`, which is how the
 * registry publishes the generic types (`StreamEvent` is `StreamEvent<serde_json::Value>`).
 */
export function publishedName(type: string): keyof typeof SCHEMAS | undefined {
  const name = type.endsWith("<serde_json::Value>") ? type.slice(0, -"<serde_json::Value>".length) : type;
  return name in SCHEMAS ? (name as keyof typeof SCHEMAS) : undefined;
}

/** A `-0` token in JSON text (not `-0.5`, `-0e1` or `10-0`). */
export const NEGATIVE_ZERO = /(?<![0-9.eE])-0(?![0-9.eE])/;

/** The value with every −0 read as 0, as JSON Schema validators read numbers (Python's json too). */
export function withoutNegativeZero(value: unknown): unknown {
  if (typeof value === "number") return Object.is(value, -0) ? 0 : value;
  if (Array.isArray(value)) return value.map(withoutNegativeZero);
  if (typeof value === "object" && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, withoutNegativeZero(v)]));
  }
  return value;
}
