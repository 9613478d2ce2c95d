import { describe, expect, it } from "vitest";
import {
  ApiError,
  ApiResponse,
  BatchResponse,
  PaginatedResponse,
  PaginationLinks,
  PaginationParams,
  QueryResult,
  ResponseMetadata,
  SeriesPoint,
  StreamEvent,
  TimeSeriesQueryResult,
} from "../../src/api/index.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

// Expected values follow WIRE_FORMAT.md §2.6 (api.rs) and §1 rules 10–12 (flatten, unknown and
// duplicate keys).

const meta = {
  request_id: "594d2b67-84c5-4013-ab98-058c2491208f",
  timestamp: "2025-09-01T11:00:02Z",
  api_version: "1.0.0",
};

const fixture = (file: string) => fixtureText(FIXTURES.find((f) => f.file === file)!);

describe("ApiResponse", () => {
  it('reads "data": null as absent for an item schema that rejects null (AnalyticsEvent)', () => {
    expect(AnalyticsEvent.safeParse(null).success).toBe(false);
    const parsed = decode(ApiResponse(AnalyticsEvent), fixture("accept/api-response-ingest-ack-null-data.json"));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.data ?? undefined).toBeUndefined();
  });

  it("requires meta", () => {
    expect(ApiResponse(JsonValue).safeParse({ status: "success" }).success).toBe(false);
  });

  it("validates data with the item schema", () => {
    const response = ApiResponse(AnalyticsEvent);
    expect(response.safeParse({ status: "success", data: { not: "an event" }, meta }).success).toBe(false);
  });
});

describe("ResponseMetadata", () => {
  it("keeps every extra key flat, as the hub's flattened extra map", () => {
    const parsed = decode(ApiResponse(AnalyticsEvent), fixture("accept/api-response-partial.json"));
    expect(parsed.data?.meta).toEqual({
      request_id: "ae7979be-71da-4585-9173-b050cf431cb3",
      timestamp: "2025-09-01T11:05:00.500Z",
      api_version: "1.0.0",
      response_time_ms: 870,
      degraded: true,
      missing_enrichers: ["geoip"],
    });
  });

  it("writes back the same wire form (an extra key named extra is just a key)", () => {
    const wire = { ...meta, extra: { nested: 1 }, region: "eu-west-1", flag: null };
    const parsed = ResponseMetadata.parse(wire);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(wire);
  });

  it("rejects a repeated named key and keeps the last of a repeated extra key (§1 rule 12)", () => {
    const named = decode(
      ResponseMetadata,
      `{"request_id":"${meta.request_id}","request_id":"${meta.request_id}",
      "timestamp":"2025-09-01T11:00:02Z","api_version":"1.0.0"}`,
    );
    expect(named.success).toBe(false);
    expect(named.error?.issues[0]?.message).toMatch(/duplicate field "request_id"/);
    const extra = decode(
      ResponseMetadata,
      `{"request_id":"${meta.request_id}","timestamp":"2025-09-01T11:00:02Z","api_version":"1.0.0","k":1,"k":2}`,
    );
    expect(extra.success && extra.data.k).toBe(2);
  });

  it("still type-checks the named fields", () => {
    expect(ResponseMetadata.safeParse({ ...meta, response_time_ms: -1 }).success).toBe(false);
    expect(ResponseMetadata.safeParse({ ...meta, response_time_ms: null }).success).toBe(true);
    expect(ResponseMetadata.safeParse({ ...meta, request_id: "req_1" }).success).toBe(false);
  });
});

describe("SeriesPoint (the api DataPoint)", () => {
  it("keeps every key beside timestamp and value", () => {
    const parsed = decode(TimeSeriesQueryResult, fixture("accept/timeseries-query-result.json"));
    expect(parsed.data?.series[0]?.points[1]).toEqual({
      timestamp: "2025-06-03T14:30:00Z",
      value: 688,
      count: 15502,
      annotation: "deploy 4.2.0",
      flags: ["partial_window"],
      extra: null,
    });
    expect(parsed.data?.series[1]?.tags).toEqual({});
    expect(parsed.data?.series[1]?.points[0]?.timestamp).toBe("2025-06-03T08:30:00Z");
  });

  it("requires value and rejects a repeated one", () => {
    expect(SeriesPoint.safeParse({ timestamp: "2025-06-03T14:00:00Z", count: 1 }).success).toBe(false);
    const repeated = decode(SeriesPoint, '{"timestamp":"2025-06-03T14:00:00Z","value":1,"value":2}');
    expect(repeated.success).toBe(false);
  });
});

describe("PaginationParams and PaginationLinks", () => {
  it("defaults page 1 and per_page 50 and rejects null for them", () => {
    expect(PaginationParams.parse({})).toEqual({ page: 1, per_page: 50 });
    expect(PaginationParams.safeParse({ per_page: null }).success).toBe(false);
    expect(PaginationParams.safeParse({ per_page: "25" }).success).toBe(false);
  });

  it("uses the wire key self_link, not self", () => {
    const links = { first: "/a?page=1", last: "/a?page=2", self_link: "/a?page=1" };
    expect(PaginationLinks.parse(links)).toEqual(links);
    expect(PaginationLinks.safeParse({ first: "/a", last: "/a", self: "/a" }).success).toBe(false);
  });
});

describe("the other generic envelopes", () => {
  it('PaginatedResponse reads "data": null as absent and validates every item', () => {
    const page = { page: 1, per_page: 50, total_items: 0, total_pages: 0, has_next: false, has_previous: false };
    const response = PaginatedResponse(AnalyticsEvent);
    expect(response.safeParse({ status: "success", data: null, pagination: page, meta }).success).toBe(true);
    expect(response.safeParse({ status: "success", data: [{}], pagination: page, meta }).success).toBe(false);
  });

  it("QueryResult fills warnings [] and rejects null for it", () => {
    const metrics = {
      execution_time_ms: 1,
      records_scanned: 0,
      records_returned: 0,
      bytes_processed: 0,
      from_cache: false,
    };
    const base = { query_id: meta.request_id, status: "failed", metrics };
    expect(QueryResult(JsonValue).parse(base).warnings).toEqual([]);
    expect(QueryResult(JsonValue).safeParse({ ...base, warnings: null }).success).toBe(false);
  });

  it("StreamEvent requires data; null is data for JSON but not for AnalyticsEvent", () => {
    const base = { event_id: meta.request_id, event_type: "heartbeat", sequence: 1, timestamp: meta.timestamp };
    expect(StreamEvent(JsonValue).safeParse(base).success).toBe(false);
    expect(StreamEvent(JsonValue).parse({ ...base, data: null }).data).toBeNull();
    expect(StreamEvent(AnalyticsEvent).safeParse({ ...base, data: null }).success).toBe(false);
  });

  it("BatchResponse reads a missing item_id as none (Option without skip)", () => {
    const parsed = decode(BatchResponse(AnalyticsEvent), fixture("accept/batch-all-failed.json"));
    expect(parsed.success).toBe(true);
    expect(parsed.data?.results[0]?.item_id).toBeUndefined();
    expect(parsed.data?.results[1]?.data).toBeNull();
  });

  it("ApiError keeps field error lists and rejects a u16 overflow", () => {
    const parsed = decode(ApiError, fixture("accept/api-error-validation.json"));
    expect(parsed.data?.field_errors).toEqual({
      source_module: ["unknown variant `llm-costops`"],
      "payload.data.prompt_tokens": ["must be >= 0", "must be an integer"],
    });
    expect(ApiError.safeParse({ ...parsed.data, status_code: 65_536 }).success).toBe(false);
  });
});
