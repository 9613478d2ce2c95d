import { describe, expect, it } from "vitest";
import {
  API_VERSION,
  ApiResponse,
  createErrorResponse,
  createInternalError,
  createPaginatedResponse,
  createPaginationMetadata,
  createPartialResponse,
  createResponseMetadata,
  createSuccessResponse,
  PaginatedResponse,
} from "../../src/api/index.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

// WIRE_FORMAT.md §3: ApiResponse::success / ::error, ResponseMetadata::default (api_version
// "1.0.0", response_time_ms None, extra {}), with the id and time passed in here.

const meta = createResponseMetadata({
  request_id: "{594D2B67-84C5-4013-AB98-058C2491208F}",
  timestamp: "2025-09-01T13:00:02.000001+02:00",
});

describe("createResponseMetadata", () => {
  it("canonicalizes the id and time and defaults api_version to the hub's", () => {
    expect(API_VERSION).toBe("1.0.0");
    expect(meta).toEqual({
      request_id: "594d2b67-84c5-4013-ab98-058c2491208f",
      timestamp: "2025-09-01T11:00:02.000001Z",
      api_version: "1.0.0",
    });
  });

  it("writes extra keys beside the named ones and refuses ones that collide", () => {
    const withExtra = createResponseMetadata({
      request_id: "594d2b67-84c5-4013-ab98-058c2491208f",
      timestamp: "2025-09-01T11:05:00.5Z",
      response_time_ms: 870,
      extra: { degraded: true, missing_enrichers: ["geoip"] },
    });
    const fixture = decode(
      ApiResponse(AnalyticsEvent),
      fixtureText(FIXTURES.find((f) => f.file === "accept/api-response-partial.json")!),
    );
    expect(withExtra).toEqual({ ...fixture.data?.meta, request_id: "594d2b67-84c5-4013-ab98-058c2491208f" });
    expect(() =>
      createResponseMetadata({ request_id: meta.request_id, timestamp: meta.timestamp, extra: { api_version: "2" } }),
    ).toThrow('createResponseMetadata: extra key "api_version" collides with a named field');
    expect(() => createResponseMetadata({ request_id: "req_1", timestamp: meta.timestamp })).toThrow(
      "createResponseMetadata: request_id must be a UUID",
    );
  });
});

describe("response builders", () => {
  it("success: status success and data; the ingestion ack's null data reads back as absent", () => {
    const ack = createSuccessResponse(null, meta);
    const wire = JSON.stringify(ack);
    expect(JSON.parse(wire)).toEqual({ status: "success", data: null, meta });
    const read = decode(ApiResponse(AnalyticsEvent), wire);
    expect(read.success).toBe(true);
    expect(read.data?.data ?? undefined).toBeUndefined();
  });

  it("error and partial responses validate as ApiResponse", () => {
    const error = createInternalError("storage unavailable", { timestamp: meta.timestamp });
    const failed = createErrorResponse(error, meta);
    expect(failed).toEqual({ status: "error", error, meta });
    expect(ApiResponse(JsonValue).parse(failed)).toEqual(failed);
    const partial = createPartialResponse({ n: 1 }, error, meta);
    expect(ApiResponse(JsonValue).parse(partial)).toEqual(partial);
  });

  it("a page: data with its metadata, no more items than per_page", () => {
    const pagination = createPaginationMetadata({ page: 1, per_page: 2, total_items: 3 });
    const page = createPaginatedResponse(Object.freeze([{ a: 1 }, { a: 2 }]), pagination, meta);
    expect(PaginatedResponse(JsonValue).parse(page)).toEqual(page);
    expect(() => createPaginatedResponse([1, 2, 3], pagination, meta)).toThrow(
      "createPaginatedResponse: 3 items exceed per_page 2",
    );
  });
});
