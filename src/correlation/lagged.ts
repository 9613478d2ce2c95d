import { pearson, spearman } from "../stats/index.js";
import { assertValues, assertWholeAtLeast } from "../stats/validate.js";
import { correlationConfidence } from "./scoring.js";

export type LagMethod = "pearson" | "spearman";

export interface LaggedCorrelationOptions {
  /** The largest shift tried in each direction, in samples (windows). */
  readonly maxLag: number;
  /** `"pearson"` (default) or `"spearman"` (rank correlation, robust to outliers and monotone non-linear links). */
  readonly method?: LagMethod;
  /** The fewest overlapping pairs a lag needs (default 3, at least 2). */
  readonly minOverlap?: number;
}

export interface LagCoefficient {
  /** y is compared with x shifted by `lag` samples: a positive lag means y follows x. */
  readonly lag: number;
  /** The coefficient over the overlapping pairs, or null where one side is constant (undefined). */
  readonly coefficient: number | null;
  /** Overlapping pairs: n − |lag|. */
  readonly n: number;
  /** `correlationConfidence(coefficient, n)` (0 when the coefficient is undefined). */
  readonly confidence: number;
}

export interface LaggedCorrelation extends LagCoefficient {
  readonly coefficient: number;
  /** Every lag from −maxLag to +maxLag, in that order. */
  readonly lags: readonly LagCoefficient[];
}

function isConstant(values: readonly number[]): boolean {
  for (let i = 1; i < values.length; i++) if (values[i] !== values[0]) return false;
  return true;
}

/**
 * The lag at which two equally spaced series are most correlated: for each lag k in
 * [−maxLag, maxLag], the coefficient of the pairs (x[i], y[i + k]); the best lag has the
 * largest |coefficient| (ties: the smaller |lag|, then the positive one). "Cost follows latency
 * by two windows" is `laggedCorrelationOf(latency, cost, { maxLag })` returning lag 2.
 * Each coefficient is `pearson` or `spearman` of the stats kernel, so lag k agrees with
 * `scipy.stats.pearsonr(x[:-k], y[k:])` (k > 0) or `pearsonr(x[-k:], y[:k])` (k < 0); its
 * confidence is the Fisher-z `correlationConfidence`. O(maxLag · n) time (× log n for
 * Spearman), O(n) space.
 *
 * @throws RangeError when the lengths differ, a value is not finite, maxLag or minOverlap is
 *   not a whole number in range (maxLag ≤ n − minOverlap), or every lag has a constant side.
 */
export function laggedCorrelationOf(
  x: readonly number[],
  y: readonly number[],
  options: LaggedCorrelationOptions,
): LaggedCorrelation {
  const fn = "laggedCorrelationOf";
  if (!Array.isArray(x) || !Array.isArray(y)) throw new TypeError(`${fn}: x and y must be arrays of numbers`);
  if (x.length !== y.length) {
    throw new RangeError(`${fn}: x and y must have the same length, received ${x.length} and ${y.length}`);
  }
  assertValues(fn, x, 0, "x");
  assertValues(fn, y, 0, "y");
  const method = options.method ?? "pearson";
  if (method !== "pearson" && method !== "spearman") {
    throw new RangeError(`${fn}: method must be "pearson" or "spearman", received ${JSON.stringify(method)}`);
  }
  const minOverlap = assertWholeAtLeast(fn, options.minOverlap ?? 3, 2, "minOverlap");
  const maxLag = assertWholeAtLeast(fn, options.maxLag, 0, "maxLag");
  const n = x.length;
  if (n - maxLag < minOverlap) {
    throw new RangeError(
      `${fn}: maxLag ${maxLag} leaves ${n - maxLag} overlapping pairs of ${n}, fewer than minOverlap ${minOverlap}`,
    );
  }
  const coefficientOf = method === "pearson" ? pearson : spearman;
  const lags: LagCoefficient[] = [];
  for (let lag = -maxLag; lag <= maxLag; lag++) {
    const xs = lag >= 0 ? x.slice(0, n - lag) : x.slice(-lag);
    const ys = lag >= 0 ? y.slice(lag) : y.slice(0, n + lag);
    const coefficient = isConstant(xs) || isConstant(ys) ? null : coefficientOf(xs, ys);
    lags.push({
      lag,
      coefficient,
      n: xs.length,
      confidence: coefficient === null ? 0 : correlationConfidence(coefficient, xs.length),
    });
  }
  let best: (LagCoefficient & { coefficient: number }) | undefined;
  for (const candidate of lags) {
    if (candidate.coefficient === null) continue;
    const c = candidate as LagCoefficient & { coefficient: number };
    if (best === undefined || better(c, best)) best = c;
  }
  if (best === undefined) {
    throw new RangeError(`${fn}: x or y is constant at every lag, so no correlation is defined`);
  }
  return { ...best, lags };
}

function better(a: { lag: number; coefficient: number }, b: { lag: number; coefficient: number }): boolean {
  const da = Math.abs(a.coefficient);
  const db = Math.abs(b.coefficient);
  if (da !== db) return da > db;
  if (Math.abs(a.lag) !== Math.abs(b.lag)) return Math.abs(a.lag) < Math.abs(b.lag);
  return a.lag > b.lag;
}
