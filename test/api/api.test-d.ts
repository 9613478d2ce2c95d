import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import {
  type ApiResponse,
  type BatchItemResult,
  type BatchResponse,
  createSuccessResponse,
  type PaginatedResponse,
  type PaginationLinks,
  type PaginationParams,
  type PaginationParamsInput,
  type QueryResult,
  type ResponseMetadata,
  type SeriesPoint,
  type StreamEvent,
} from "../../src/api/index.js";
import type { JsonValue } from "../../src/core/json-value.js";
import type { AnalyticsEvent } from "../../src/events/index.js";

describe("generic API types", () => {
  it("take the item type, as in Rust, and agree with the factories' inferred types", () => {
    expectTypeOf<ApiResponse<AnalyticsEvent>>().toEqualTypeOf<
      z.output<ReturnType<typeof ApiResponse<typeof AnalyticsEvent>>>
    >();
    expectTypeOf<StreamEvent<AnalyticsEvent>>().toEqualTypeOf<
      z.output<ReturnType<typeof StreamEvent<typeof AnalyticsEvent>>>
    >();
    expectTypeOf<QueryResult<JsonValue>>().toEqualTypeOf<z.output<ReturnType<typeof QueryResult<typeof JsonValue>>>>();
    expectTypeOf<BatchResponse<AnalyticsEvent>>().toEqualTypeOf<
      z.output<ReturnType<typeof BatchResponse<typeof AnalyticsEvent>>>
    >();
    expectTypeOf<PaginatedResponse<AnalyticsEvent>>().toEqualTypeOf<
      z.output<ReturnType<typeof PaginatedResponse<typeof AnalyticsEvent>>>
    >();
    expectTypeOf<BatchItemResult<AnalyticsEvent>>().toEqualTypeOf<
      z.output<ReturnType<typeof BatchItemResult<typeof AnalyticsEvent>>>
    >();
    expectTypeOf<ApiResponse<JsonValue>>().toEqualTypeOf<z.output<ReturnType<typeof ApiResponse<typeof JsonValue>>>>();
    expectTypeOf<StreamEvent<JsonValue>>().toEqualTypeOf<z.output<ReturnType<typeof StreamEvent<typeof JsonValue>>>>();
    expectTypeOf<BatchItemResult<number>["data"]>().toEqualTypeOf<number | null | undefined>();
  });

  it("make data optional in envelopes and required in stream events", () => {
    expectTypeOf<ApiResponse<AnalyticsEvent>["data"]>().toEqualTypeOf<AnalyticsEvent | null | undefined>();
    expectTypeOf<PaginatedResponse<AnalyticsEvent>["data"]>().toEqualTypeOf<AnalyticsEvent[] | null | undefined>();
    expectTypeOf<StreamEvent<AnalyticsEvent>["data"]>().toEqualTypeOf<AnalyticsEvent>();
    expectTypeOf<QueryResult<JsonValue>["warnings"]>().toEqualTypeOf<string[]>();
  });

  it("keep flattened extra keys as JSON values beside the named fields", () => {
    expectTypeOf<ResponseMetadata["request_id"]>().toEqualTypeOf<string>();
    expectTypeOf<ResponseMetadata["degraded"]>().toEqualTypeOf<JsonValue>();
    expectTypeOf<SeriesPoint["value"]>().toEqualTypeOf<number>();
    expectTypeOf<SeriesPoint["count"]>().toEqualTypeOf<JsonValue>();
  });

  it("pin the self_link key and the defaulted params", () => {
    expectTypeOf<PaginationLinks["self_link"]>().toEqualTypeOf<string>();
    expectTypeOf<PaginationParams["page"]>().toEqualTypeOf<number>();
    expectTypeOf<PaginationParamsInput["page"]>().toEqualTypeOf<number | undefined>();
  });

  it("builders return the envelope of the data's type", () => {
    const meta = {} as ResponseMetadata;
    expectTypeOf(createSuccessResponse({ n: 1 }, meta)).toEqualTypeOf<ApiResponse<{ n: number }>>();
  });
});
