import { describe, expectTypeOf, it } from "vitest";
import type { Moments, QuantileMethod, QuantileSketch, Summary } from "../../src/stats/index.js";
import { quantile, quantiles, summarize } from "../../src/stats/index.js";

describe("stats types", () => {
  it("quantile methods are a closed union", () => {
    expectTypeOf<QuantileMethod>().toEqualTypeOf<
      "linear" | "lower" | "higher" | "midpoint" | "nearest-rank" | "hub" | "influxql"
    >();
    expectTypeOf(quantile).parameter(0).toEqualTypeOf<readonly number[]>();
    expectTypeOf(quantiles).returns.toEqualTypeOf<number[]>();
  });

  it("summaries are shaped like StatisticalMeasures", () => {
    expectTypeOf(summarize).returns.toEqualTypeOf<Summary>();
    expectTypeOf<keyof Summary>().toEqualTypeOf<
      "avg" | "min" | "max" | "p50" | "p95" | "p99" | "stddev" | "count" | "sum"
    >();
  });

  it("states are readonly JSON", () => {
    expectTypeOf<Moments["min"]>().toEqualTypeOf<number | null>();
    expectTypeOf<QuantileSketch["positive"]["counts"]>().toEqualTypeOf<readonly number[]>();
  });
});
