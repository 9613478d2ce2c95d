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
  "QueryResult<serde_json::Value>": QueryResult(JsonValue),
  "StreamEvent<AnalyticsEvent>": StreamEvent(AnalyticsEvent),
  "StreamEvent<serde_json::Value>": StreamEvent(JsonValue),
};
