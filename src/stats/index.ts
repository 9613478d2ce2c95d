export { pearson, spearman } from "./coefficients.js";
export {
  MAD_NORMAL_SCALE,
  type MedianAbsoluteDeviationOptions,
  medianAbsoluteDeviation,
  stddev,
  type VarianceOptions,
  variance,
} from "./dispersion.js";
export {
  type KolmogorovSmirnovMethod,
  type KolmogorovSmirnovOptions,
  type KolmogorovSmirnovResult,
  kolmogorovSmirnov,
} from "./kolmogorov-smirnov.js";
export {
  addValue,
  addValues,
  assertMoments,
  createMoments,
  type Moments,
  mergeMoments,
  momentsMean,
  momentsOf,
  momentsStddev,
  momentsVariance,
} from "./moments.js";
export {
  median,
  QUANTILE_METHODS,
  type QuantileMethod,
  type QuantileOptions,
  quantile,
  quantileSorted,
  quantiles,
} from "./quantile.js";
export { ranks } from "./rank.js";
export {
  addToSketch,
  assertSketch,
  createSketch,
  DEFAULT_MAX_BINS,
  DEFAULT_RELATIVE_ACCURACY,
  mergeSketches,
  type QuantileSketch,
  type SketchBins,
  type SketchOptions,
  type SketchQuantileOptions,
  sketchOf,
  sketchQuantile,
  sketchQuantiles,
} from "./sketch.js";
export { maxOf, mean, minOf, sumOf } from "./sum.js";
export { type SummarizeOptions, type Summary, summarize } from "./summarize.js";
