import { describe, expectTypeOf, it } from "vitest";
import type { CheckIssue, CheckPath } from "../../src/checks/index.js";
import type { AnalyticsEvent } from "../../src/events/index.js";
import {
  ATTR_GEN_AI_USAGE_INPUT_TOKENS,
  eventsFromOtlpTraces,
  GEN_AI_CLIENT_METRICS,
  METRIC_GEN_AI_CLIENT_TOKEN_USAGE,
  type OtelEventKind,
  type OtelMeasurement,
  type OtlpImportNotice,
  type OtlpImportNoticeCode,
  type OtlpMetricNotice,
  type OtlpTracesInput,
  otelAttributesOf,
  otelMeasurementsOf,
  type PriceTable,
  unixNanosToTimestamp,
} from "../../src/interop/otel.js";

describe("OpenTelemetry interop types", () => {
  it("keeps names and boundaries as literal constants", () => {
    expectTypeOf(ATTR_GEN_AI_USAGE_INPUT_TOKENS).toEqualTypeOf<"gen_ai.usage.input_tokens">();
    expectTypeOf(METRIC_GEN_AI_CLIENT_TOKEN_USAGE).toEqualTypeOf<"gen_ai.client.token.usage">();
    expectTypeOf(GEN_AI_CLIENT_METRICS["gen_ai.client.token.usage"].buckets[0]).toEqualTypeOf<1>();
    expectTypeOf(GEN_AI_CLIENT_METRICS["gen_ai.client.operation.duration"].buckets).toMatchTypeOf<readonly number[]>();
    expectTypeOf<OtelEventKind>().toEqualTypeOf<"latency" | "token_usage" | "token_cost">();
    expectTypeOf<OtlpImportNoticeCode>().toEqualTypeOf<
      | "blank_line"
      | "invalid_document"
      | "invalid_span"
      | "not_gen_ai"
      | "not_model_call"
      | "no_model"
      | "invalid_attribute"
      | "coerced_value"
      | "default_environment"
      | "no_usage"
      | "usage_assumed"
      | "usage_conflict"
      | "aggregate_usage"
      | "no_price"
      | "inexact_cost"
    >();
  });

  it("gives OTLP notices the one issue shape of the checks", () => {
    expectTypeOf<OtlpImportNotice["path"]>().toEqualTypeOf<CheckPath>();
    expectTypeOf<OtlpImportNotice["code"]>().toEqualTypeOf<OtlpImportNoticeCode>();
    expectTypeOf<Pick<OtlpImportNotice, "code" | "path" | "message">>().toMatchTypeOf<
      Pick<CheckIssue, "path" | "message"> & { code: string }
    >();
    expectTypeOf<OtlpMetricNotice["path"]>().toEqualTypeOf<CheckPath>();
  });

  it("types the import and export helpers", () => {
    expectTypeOf(eventsFromOtlpTraces).parameter(0).toEqualTypeOf<OtlpTracesInput>();
    expectTypeOf(eventsFromOtlpTraces).returns.toHaveProperty("events").toEqualTypeOf<AnalyticsEvent[]>();
    expectTypeOf<PriceTable[string]>().toHaveProperty("cacheRead").toEqualTypeOf<number | undefined>();
    expectTypeOf(otelAttributesOf).returns.toEqualTypeOf<Readonly<Record<string, string | number | boolean>>>();
    expectTypeOf(otelMeasurementsOf).returns.toEqualTypeOf<OtelMeasurement[]>();
    expectTypeOf<OtelMeasurement["name"]>().toEqualTypeOf<
      "gen_ai.client.operation.duration" | "gen_ai.client.operation.time_to_first_chunk" | "gen_ai.client.token.usage"
    >();
    expectTypeOf(unixNanosToTimestamp).parameter(0).toEqualTypeOf<bigint | string | number>();
  });
});
