import * as z from "zod";
import { f64, i64, u32, u64 } from "../core/integers.js";
import { extendLazily, lazyFields, lazySchema } from "../core/lazy.js";
import { assertSketchState, type QuantileSketch as SketchState } from "../stats/sketch.js";
import { AggregatedMetric, StatisticalMeasures } from "./schema.js";

const SketchBins = lazySchema(() =>
  z.object(
    lazyFields({
      get offset() {
        return i64().meta({ description: "Bin index of counts[0]" });
      },
      get counts() {
        return z.array(u64()).meta({ description: "Counts of consecutive bins from offset" });
      },
    }),
  ),
);

/** QuantileSketch's consistency check (counts adding up, min ≤ max), as a named Zod check function. */
export function sketchConsistency(ctx: z.core.ParsePayload<SketchState>): void {
  try {
    assertSketchState("QuantileSketch", ctx.value);
  } catch (e) {
    ctx.issues.push({ code: "custom", message: (e as Error).message, input: ctx.value });
  }
}

/**
 * The published JSON state of the library's DDSketch-style quantile sketch (`sketchOf`,
 * `mergeSketches` in `./stats`). Not a hub type: it travels beside rollups so that 1m results
 * merge into 5m, 1h, 1d with quantiles inside the stated relative error. Consistency (counts
 * adding up to `count`, min ≤ max) is checked beyond the JSON Schema.
 */
export const QuantileSketch = lazySchema(() =>
  z
    .object(
      lazyFields({
        get relative_accuracy() {
          return f64().gt(0).lt(1).meta({ description: "α: quantiles are within α × |true value| (0.01 by default)" });
        },
        get max_bins() {
          return u32().min(1).meta({ description: "Most bins per store before the lowest are folded together" });
        },
        get count() {
          return u64();
        },
        get sum() {
          return f64();
        },
        get min() {
          return f64().nullable().meta({ description: "Exact minimum; null when empty" });
        },
        get max() {
          return f64().nullable().meta({ description: "Exact maximum; null when empty" });
        },
        get zero_count() {
          return u64();
        },
        get positive() {
          return SketchBins.meta({
            description: "Bins of positive values: bin i holds (γ^(i−1), γ^i], γ = (1+α)/(1−α)",
          });
        },
        get negative() {
          return SketchBins.meta({ description: "Bins of negative values, by |x|" });
        },
      }),
    )
    .check(sketchConsistency)
    .meta({ description: "Mergeable DDSketch-style quantile sketch state (llm-analytics-hub)" }),
);
export type QuantileSketch = SketchState;

/**
 * An AggregatedMetric produced by `rollup`/`mergeRollups`: Stats values plus the `sketch` that
 * lets it merge further. On the wire it is an AggregatedMetric with one extra key, which the
 * hub ignores.
 */
export const RolledUpMetric = lazySchema(() =>
  extendLazily(AggregatedMetric, {
    values: StatisticalMeasures,
    sketch: QuantileSketch,
  }),
);
export type RolledUpMetric = Omit<z.infer<typeof RolledUpMetric>, "sketch"> & { sketch: QuantileSketch };
