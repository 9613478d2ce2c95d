import { describe, expectTypeOf, it } from "vitest";
import type {
  AggregationFunction,
  DataPoint,
  FieldValue,
  FillStrategy,
  RetentionTier,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesQueryInput,
} from "../../src/timeseries/index.js";

describe("time-series types", () => {
  it("AggregationFunction and FillStrategy are string unions plus one-key objects", () => {
    expectTypeOf<AggregationFunction>().toEqualTypeOf<
      "mean" | "sum" | "min" | "max" | "count" | "first" | "last" | "stddev" | "median" | { percentile: number }
    >();
    expectTypeOf<FillStrategy>().toEqualTypeOf<"null" | "previous" | "linear" | "zero" | { value: number }>();
  });
  it("FieldValue has no null; DataPoint values are FieldValues", () => {
    expectTypeOf<FieldValue>().toEqualTypeOf<number | string | boolean>();
    expectTypeOf<DataPoint["values"]>().toEqualTypeOf<Record<string, FieldValue>>();
  });
  it("defaulted fields are optional on input and present on output", () => {
    expectTypeOf<TimeSeriesQuery["group_by"]>().toEqualTypeOf<string[]>();
    expectTypeOf<TimeSeriesQueryInput["group_by"]>().toEqualTypeOf<string[] | undefined>();
    expectTypeOf<TimeSeriesQuery["limit"]>().toEqualTypeOf<number | null | undefined>();
  });
  it("custom tags read as strings beside the named ones", () => {
    expectTypeOf<TimeSeriesPoint["tags"]["source_module"]>().toEqualTypeOf<string>();
    expectTypeOf<TimeSeriesPoint["tags"]["tenant"]>().toEqualTypeOf<string | null | undefined>();
  });
  it("RetentionTier is a discriminated union", () => {
    expectTypeOf<Extract<RetentionTier, { kind: "downsampled" }>["resolution_minutes"]>().toEqualTypeOf<number>();
  });
});
