import { doubleWords, HIGH_WORD } from "./double-bits.js";
import { lerp } from "./quantile.js";
import { assertArray, assertFinite, assertProbability, assertValues, describe } from "./validate.js";

// A double's bits, module-local views (double-bits.ts).
const { f64: F64, u32: U32 } = doubleWords();
const HIGH = HIGH_WORD;
const LOW = 1 - HIGH;

/*
 * DDSketch (Masson, Rim & Lee, "DDSketch: a fast and fully-mergeable quantile sketch with
 * relative-error guarantees", VLDB 2019), with the logarithmic index mapping and
 * collapsing-lowest dense stores of Datadog's sketches-go/-js, but with its whole state as
 * plain JSON and pure functions over it.
 *
 * A positive value x goes to bin i = ⌈log_γ x⌉ with γ = (1 + α)/(1 − α), i.e. the bin
 * (γ^(i−1), γ^i]; the bin is read back as 2γ^i/(γ + 1), which is within relative error α of
 * every value in the bin. Negative values use a second store keyed by |x|; zeros are counted.
 */

/** The default relative accuracy α: a quantile is returned within 1 % of the true value. */
export const DEFAULT_RELATIVE_ACCURACY = 0.01;
/** The default bin limit per store (as Datadog's collapsing sketches): at α = 1 % it spans 17 orders of magnitude. */
export const DEFAULT_MAX_BINS = 2048;

/** Dense bin counts: `counts[k]` is the count of bin index `offset + k`. */
export interface SketchBins {
  readonly offset: number;
  readonly counts: readonly number[];
}

/**
 * The JSON state of a DDSketch-style quantile sketch. Field names are snake_case like the rest
 * of the wire format; the published JSON Schema is `QuantileSketch` in the metrics domain.
 */
export interface QuantileSketch {
  /** α: every quantile is within α·|true value| (when no bins were collapsed). */
  readonly relative_accuracy: number;
  /** Most bins per store; beyond it the lowest-magnitude bins are folded together. */
  readonly max_bins: number;
  readonly count: number;
  /** Exact up to floating-point rounding. */
  readonly sum: number;
  /** Exact; `null` when count is 0. */
  readonly min: number | null;
  /** Exact; `null` when count is 0. */
  readonly max: number | null;
  readonly zero_count: number;
  /** Bins of the positive values, by index of x. */
  readonly positive: SketchBins;
  /** Bins of the negative values, by index of |x|. */
  readonly negative: SketchBins;
}

export interface SketchOptions {
  /** α in (0, 1); 0.01 by default. */
  readonly relativeAccuracy?: number;
  /** Bin limit per store, an integer ≥ 1; 2048 by default. */
  readonly maxBins?: number;
}

export interface SketchQuantileOptions {
  /**
   * `"linear"` (default): interpolates between the estimates of ranks ⌊(n−1)q⌋ and ⌈(n−1)q⌉
   * as R type 7 does between order statistics, so it tracks `quantile(values, q)`. `"lower"`:
   * the estimate of rank ⌊(n−1)q⌋, as Datadog's `getValueAtQuantile` (tracks numpy `"lower"`).
   */
  readonly method?: "linear" | "lower";
}

const EMPTY_BINS: SketchBins = Object.freeze({ offset: 0, counts: Object.freeze([]) as readonly number[] });

interface Mapping {
  readonly lnGamma: number;
  readonly multiplier: number;
  readonly scale: number;
}

function mapping(alpha: number): Mapping {
  const lnGamma = Math.log1p((2 * alpha) / (1 - alpha));
  const gamma = Math.exp(lnGamma);
  return { lnGamma, multiplier: 1 / lnGamma, scale: 2 / (1 + gamma) };
}

const binValue = (m: Mapping, index: number): number => Math.exp(index * m.lnGamma) * m.scale;

/** Checks sketch options for the public function `fn` (internal: `rollup` checks its own with it). */
export function assertSketchOptions(
  fn: string,
  options: SketchOptions | undefined,
): { alpha: number; maxBins: number } {
  const alpha = options?.relativeAccuracy ?? DEFAULT_RELATIVE_ACCURACY;
  const maxBins = options?.maxBins ?? DEFAULT_MAX_BINS;
  if (typeof alpha !== "number" || !(alpha > 0 && alpha < 1)) {
    throw new RangeError(`${fn}: relativeAccuracy must be within (0, 1), received ${describe(alpha)}`);
  }
  if (!Number.isSafeInteger(maxBins) || maxBins < 1) {
    throw new RangeError(`${fn}: maxBins must be an integer ≥ 1, received ${describe(maxBins)}`);
  }
  return { alpha, maxBins };
}

function assertBins(fn: string, bins: SketchBins, label: string, maxBins: number): number {
  if (typeof bins !== "object" || bins === null || !Array.isArray(bins.counts)) {
    throw new TypeError(`${fn}: ${label} must be {offset, counts}, received ${describe(bins)}`);
  }
  if (!Number.isSafeInteger(bins.offset)) {
    throw new RangeError(`${fn}: ${label}.offset must be an integer, received ${describe(bins.offset)}`);
  }
  if (bins.counts.length > maxBins) {
    throw new RangeError(`${fn}: ${label} has ${bins.counts.length} bins, more than max_bins ${maxBins}`);
  }
  let total = 0;
  for (let k = 0; k < bins.counts.length; k++) {
    const c = bins.counts[k];
    if (!Number.isSafeInteger(c) || (c as number) < 0) {
      throw new RangeError(`${fn}: ${label}.counts[${k}] must be a non-negative integer, received ${describe(c)}`);
    }
    total += c as number;
  }
  return total;
}

/**
 * Throws unless `sketch` is a consistent QuantileSketch state (for states read from JSON):
 * accuracy in (0, 1), integer non-negative counts that add up to `count`, `min ≤ max` and both
 * `null` exactly when empty. O(bins).
 *
 * @throws TypeError or RangeError naming `assertSketch` and the broken field.
 */
export function assertSketch(sketch: QuantileSketch): void {
  assertSketchState("assertSketch", sketch);
}

/** `assertSketch` for the public function `fn` (internal: each function that takes a state checks it with this). */
export function assertSketchState(fn: string, sketch: QuantileSketch, label = "sketch"): void {
  if (typeof sketch !== "object" || sketch === null) {
    throw new TypeError(`${fn}: ${label} must be a QuantileSketch object, received ${describe(sketch)}`);
  }
  const a = sketch.relative_accuracy;
  if (typeof a !== "number" || !(a > 0 && a < 1)) {
    throw new RangeError(`${fn}: ${label}.relative_accuracy must be within (0, 1), received ${describe(a)}`);
  }
  if (!Number.isSafeInteger(sketch.max_bins) || sketch.max_bins < 1) {
    throw new RangeError(`${fn}: ${label}.max_bins must be an integer ≥ 1, received ${describe(sketch.max_bins)}`);
  }
  if (!Number.isSafeInteger(sketch.count) || sketch.count < 0) {
    throw new RangeError(`${fn}: ${label}.count must be a non-negative integer, received ${describe(sketch.count)}`);
  }
  if (!Number.isSafeInteger(sketch.zero_count) || sketch.zero_count < 0) {
    throw new RangeError(
      `${fn}: ${label}.zero_count must be a non-negative integer, received ${describe(sketch.zero_count)}`,
    );
  }
  assertFinite(fn, sketch.sum, `${label}.sum`);
  const total =
    sketch.zero_count +
    assertBins(fn, sketch.positive, `${label}.positive`, sketch.max_bins) +
    assertBins(fn, sketch.negative, `${label}.negative`, sketch.max_bins);
  if (total !== sketch.count) {
    throw new RangeError(`${fn}: ${label}.count is ${sketch.count} but its bins and zero_count hold ${total} values`);
  }
  if (sketch.count === 0) {
    if (sketch.min !== null || sketch.max !== null || sketch.sum !== 0) {
      throw new RangeError(`${fn}: ${label} is empty, so min and max must be null and sum 0`);
    }
    return;
  }
  assertFinite(fn, sketch.min as number, `${label}.min`);
  assertFinite(fn, sketch.max as number, `${label}.max`);
  if ((sketch.min as number) > (sketch.max as number)) {
    throw new RangeError(`${fn}: ${label}.min (${sketch.min}) must not exceed ${label}.max (${sketch.max})`);
  }
}

/**
 * Plain-array bins from dense counts (bin `offset + k` holds `counts[k]`), trimmed of empty bins
 * at both ends and collapsed: the `maxBins` highest bins are kept, the lower ones folded into the
 * lowest kept bin (internal).
 */
function binsFrom(offset: number, counts: readonly number[] | Uint32Array, maxBins: number): SketchBins {
  let first = 0;
  let last = counts.length - 1;
  while (first <= last && counts[first] === 0) first++;
  while (last >= first && counts[last] === 0) last--;
  if (first > last) return EMPTY_BINS;
  const keepFrom = Math.max(first, last - maxBins + 1);
  let folded = 0;
  for (let k = first; k < keepFrom; k++) folded += counts[k] as number;
  let out: number[];
  // A plain array is sliced (a merge's sum), typed counts copied (a sketch being finished).
  if (Array.isArray(counts)) out = counts.slice(keepFrom, last + 1);
  else {
    out = new Array<number>(last - keepFrom + 1);
    for (let k = keepFrom; k <= last; k++) out[k - keepFrom] = counts[k] as number;
  }
  out[0] = (out[0] as number) + folded;
  return { offset: offset + keepFrom, counts: out };
}

/*
 * Bin indices through a table (internal). A table key is a double's top bits: its exponent and
 * the first few bits of its mantissa, so one key covers a range of doubles a small fraction of
 * a bin wide. ⌈log_γ x⌉ is monotone in x, so when the smallest and the largest double of a key
 * fall in the same bin, every double of the key does: the table holds that bin, filled the first
 * time the key is met (two logarithms). The few keys whose range straddles a bin edge are marked,
 * and their values take the logarithm themselves. Every index equals ⌈log(x)·multiplier⌉ as
 * computed directly; large inputs, whose values share few keys, save most of the logarithms.
 */
const UNKNOWN = -0x80000000;
const STRADDLE = 0x7fffffff;

/** Mantissa bits per key: about 2^5 keys per bin, so roughly 3 % of keys straddle an edge. */
function keyShift(lnGamma: number): number {
  const bits = Math.min(20, Math.max(4, Math.ceil(Math.log2(Math.LN2 / lnGamma)) + 5));
  return 20 - bits;
}

/** The key of |x|: the top bits of its high word. */
function keyOf(x: number, shift: number): number {
  F64[0] = x;
  return ((U32[HIGH] as number) & 0x7fffffff) >>> shift;
}

/** The bin of every double with key `k`, or STRADDLE when they span two bins. */
function keyBin(k: number, shift: number, multiplier: number): number {
  const step = 2 ** shift;
  U32[HIGH] = k * step;
  U32[LOW] = 0;
  const a = F64[0] === 0 ? Number.MIN_VALUE : (F64[0] as number);
  U32[HIGH] = (k + 1) * step - 1;
  U32[LOW] = 0xffffffff;
  const b = F64[0] as number;
  const i = Math.ceil(Math.log(a) * multiplier);
  return i === Math.ceil(Math.log(b) * multiplier) ? i : STRADDLE;
}

/** How values become bin indices (internal): the table keys' shift and 1 / ln γ. */
interface Ladder {
  readonly shift: number;
  readonly multiplier: number;
}

/** A table for magnitudes in [lo, hi] (bins ⌈log_γ lo⌉ to ⌈log_γ hi⌉) when `count` values make it pay, else undefined. */
function binTable(lo: number, hi: number, count: number, ladder: Ladder): BinTable | undefined {
  const { shift, multiplier } = ladder;
  const first = Math.ceil(Math.log(lo) * multiplier);
  const last = Math.ceil(Math.log(hi) * multiplier);
  const from = keyOf(lo, shift);
  const size = keyOf(hi, shift) - from + 1;
  // Sentinels must not collide with real indices; a table must be much smaller than the input.
  if (size * 4 > count || first <= UNKNOWN || last >= STRADDLE) return undefined;
  return { from, bins: new Int32Array(size).fill(UNKNOWN) };
}

/**
 * An empty sketch (α = 1 % and 2048 bins per store unless `options` say otherwise).
 * @throws RangeError when an option is out of range.
 */
export function createSketch(options?: SketchOptions): QuantileSketch {
  const { alpha, maxBins } = assertSketchOptions("createSketch", options);
  return {
    relative_accuracy: alpha,
    max_bins: maxBins,
    count: 0,
    sum: 0,
    min: null,
    max: null,
    zero_count: 0,
    positive: EMPTY_BINS,
    negative: EMPTY_BINS,
  };
}

/** A key table (internal): `bins[k]` is the bin of key `from + k` (UNKNOWN until first met, STRADDLE when its doubles span two bins). */
interface BinTable {
  readonly from: number;
  readonly bins: Int32Array;
}

/*
 * The passes over the values run in blocks of BLOCK values, one call per block. A long loop in a
 * function called once per sketch is optimized on the stack (OSR) while it runs; in V8 12 that
 * code can bail out on every later call at the first operation after the loop (one without type
 * feedback yet), and the sketch then ran 1.5× slower in some processes and not in others
 * (measured). A function called once per block is optimized as a whole after a few blocks.
 */
const BLOCK = 4096;
// Pass 1 state, in a Float64Array: lo, hi, min positive, max negative, positives, zeros, sum, compensation.
const LO = 0;
const HI = 1;
const MIN_POS = 2;
const MAX_NEG = 3;
const POSITIVES = 4;
const ZEROS = 5;
const SUM = 6;
const COMP = 7;

/** A pass 1 state before any value: the extremes at ±∞, counts and sums 0. */
function scanState(): Float64Array {
  const st = new Float64Array(8);
  st[LO] = Number.POSITIVE_INFINITY;
  st[HI] = Number.NEGATIVE_INFINITY;
  st[MIN_POS] = Number.POSITIVE_INFINITY;
  st[MAX_NEG] = Number.NEGATIVE_INFINITY;
  return st;
}

/** What pass 1 found over n values (internal). */
interface Scanned {
  readonly lo: number;
  readonly hi: number;
  readonly minPos: number;
  readonly maxNeg: number;
  readonly positives: number;
  readonly negatives: number;
  readonly zeros: number;
  /** The compensated sum (may be non-finite: the caller says so). */
  readonly sum: number;
}

function scanned(st: Float64Array, n: number): Scanned {
  const positives = st[POSITIVES] as number;
  const zeros = st[ZEROS] as number;
  return {
    lo: st[LO] as number,
    hi: st[HI] as number,
    minPos: st[MIN_POS] as number,
    maxNeg: st[MAX_NEG] as number,
    positives,
    negatives: n - positives - zeros,
    zeros,
    sum: (st[SUM] as number) + (st[COMP] as number),
  };
}

/** The key table of each sign that has values, where one pays (see `binTable`). */
function tablesFor(s: Scanned, ladder: Ladder): { positive: BinTable | undefined; negative: BinTable | undefined } {
  return {
    positive: s.positives > 0 ? binTable(s.minPos, s.hi, s.positives, ladder) : undefined,
    negative: s.negatives > 0 ? binTable(-s.maxNeg, -s.lo, s.negatives, ladder) : undefined,
  };
}

/**
 * Pass 1 over values[from, to): extremes of each sign, counts, and Neumaier's compensated sum (as
 * `compensatedSum`, in input order). False at the first value that is not a finite number.
 */
function scan(values: ArrayLike<number>, from: number, to: number, st: Float64Array): boolean {
  let lo = st[LO] as number;
  let hi = st[HI] as number;
  let minPos = st[MIN_POS] as number;
  let maxNeg = st[MAX_NEG] as number;
  let positives = st[POSITIVES] as number;
  let zeros = st[ZEROS] as number;
  let s = st[SUM] as number;
  let c = st[COMP] as number;
  let ok = true;
  for (let k = from; k < to; k++) {
    const v = values[k] as number;
    // v − v is 0 exactly for finite numbers.
    if (typeof v !== "number" || v - v !== 0) {
      ok = false;
      break;
    }
    if (v < lo) lo = v;
    if (v > hi) hi = v;
    if (v > 0) {
      positives++;
      if (v < minPos) minPos = v;
    } else if (v < 0) {
      if (v > maxNeg) maxNeg = v;
    } else zeros++;
    const t = s + v;
    c += Math.abs(s) >= Math.abs(v) ? s - t + v : v - t + s;
    s = t;
  }
  st[LO] = lo;
  st[HI] = hi;
  st[MIN_POS] = minPos;
  st[MAX_NEG] = maxNeg;
  st[POSITIVES] = positives;
  st[ZEROS] = zeros;
  st[SUM] = s;
  st[COMP] = c;
  return ok;
}

/**
 * Pass 2's stores (internal): `pos[k]` counts positive values of bin `pOff + k`, `neg[k]` negative
 * ones of bin `nOff + k` (by |x|), each sign through its table when it has one. `countAll`
 * takes it as one argument (issue 17: at most four positional parameters) and reads its fields
 * into locals once per block of values.
 */
interface Pass2 extends Ladder {
  readonly pos: Uint32Array;
  readonly pOff: number;
  readonly pTable: BinTable | undefined;
  readonly neg: Uint32Array;
  readonly nOff: number;
  readonly nTable: BinTable | undefined;
}

/**
 * Pass 2 over values[from, to) when every value is ≥ 0 and the positive table applies: the
 * common case, kept tight. Counts go to four interleaved copies of the store (`pos4[4·bin + k mod
 * 4]`), summed afterwards: runs of values in one bin then update different words, which the CPU
 * can pipeline (one shared counter made this loop about twice as slow, measured). False when an
 * index fell outside the store.
 *
 * Eight positional parameters, against issue 17's four, on purpose: the same loop taking a
 * `Pass2` object (its fields read into locals once per block, as `countAll` does) made `sketchOf`
 * of 1e6 values 0.92–0.93× as fast in four processes of eight (1.0× in the others; A/A runs of
 * two copies of one version stay within ±1.5 %), so this one keeps its parameters. Also tried
 * (issue 18, round four, 6 processes each, both case orders): a closure of three parameters
 * over the store and table, 0.59–0.87×; a class whose `count(values, from, to)` reads its
 * fields into locals, 0.92–0.94× in three processes of six (1.00–1.07× in the others). Also
 * tried (issue 17, round eight): four parameters `(values, from, pos4, table)`, the block's end
 * computed inside and pOff, shift and multiplier carried by the per-sketch table: 0.958× at
 * the median of sixteen copy pairs and a slow mode of about 1.6× in two of them, which two
 * copies of this loop never showed (docs/performance.md, "Issue 17, round eight"); reverted.
 */
function countPositive(
  values: ArrayLike<number>,
  from: number,
  to: number,
  pos4: Uint32Array,
  pOff: number,
  table: BinTable,
  shift: number,
  multiplier: number,
): boolean {
  const bins = table.bins;
  const first = table.from;
  const size = pos4.length >> 2;
  let inside = true;
  for (let k = from; k < to; k++) {
    const v = values[k] as number;
    if (v === 0) continue;
    F64[0] = v;
    const key = ((U32[HIGH] as number) >>> shift) - first;
    let i = bins[key] as number;
    if (i === UNKNOWN) i = bins[key] = keyBin(key + first, shift, multiplier);
    if (i === STRADDLE) i = Math.ceil(Math.log(v) * multiplier);
    i -= pOff;
    if (i >= 0 && i < size) (pos4[(i << 2) | (k & 3)] as number)++;
    else inside = false;
  }
  return inside;
}

/** Sums the four interleaved copies of a store. */
function fold4(pos4: Uint32Array): Uint32Array {
  const out = new Uint32Array(pos4.length >> 2);
  for (let i = 0; i < out.length; i++) {
    const j = i << 2;
    out[i] = (pos4[j] as number) + (pos4[j + 1] as number) + (pos4[j + 2] as number) + (pos4[j + 3] as number);
  }
  return out;
}

/** The general pass 2 over values[from, to): either sign, each with or without a table. */
function countAll(values: ArrayLike<number>, from: number, to: number, p: Pass2): boolean {
  const { pos, pOff, pTable, neg, nOff, nTable, shift, multiplier } = p;
  let inside = true;
  for (let k = from; k < to; k++) {
    const v = values[k] as number;
    if (v === 0) continue;
    const table = v > 0 ? pTable : nTable;
    const x = v > 0 ? v : -v;
    let i: number;
    if (table === undefined) i = Math.ceil(Math.log(x) * multiplier);
    else {
      F64[0] = x;
      const key = ((U32[HIGH] as number) >>> shift) - table.from;
      i = table.bins[key] as number;
      if (i === UNKNOWN) i = table.bins[key] = keyBin(key + table.from, shift, multiplier);
      if (i === STRADDLE) i = Math.ceil(Math.log(x) * multiplier);
    }
    const store = v > 0 ? pos : neg;
    i -= v > 0 ? pOff : nOff;
    if (i >= 0 && i < store.length) (store[i] as number)++;
    else inside = false;
  }
  return inside;
}

/**
 * The sketch of `values` (internal, also used by the rollups; `values` may be a Float64Array):
 * pass 1 validates, sums and finds the extremes, which size the stores; pass 2 counts each value
 * in its bin. `alpha` and `maxBins` must be checked already.
 */
export function build(fn: string, values: ArrayLike<number>, alpha: number, maxBins: number): QuantileSketch {
  if (!Array.isArray(values) && !ArrayBuffer.isView(values)) assertValues(fn, values as number[], 0);
  const n = values.length;
  if (n === 0) return createSketch({ relativeAccuracy: alpha, maxBins });
  const m = mapping(alpha);
  const multiplier = m.multiplier;
  const st = scanState();
  for (let b = 0; b < n; b += BLOCK) {
    if (!scan(values, b, Math.min(n, b + BLOCK), st)) assertValues(fn, values as number[], 0);
  }
  const found = scanned(st, n);
  const { lo, hi, minPos, maxNeg, negatives, zeros, sum } = found;
  if (!Number.isFinite(sum)) throw new RangeError(`${fn}: the sum of values exceeds the f64 range`);
  const index = (x: number) => Math.ceil(Math.log(x) * multiplier);
  const pOff = hi > 0 ? index(minPos) : 0;
  const pLast = hi > 0 ? index(hi) : -1;
  const pos = new Uint32Array(pLast - pOff + 1);
  const nOff = lo < 0 ? index(-maxNeg) : 0;
  const nLast = lo < 0 ? index(-lo) : -1;
  const neg = new Uint32Array(nLast - nOff + 1);
  const ladder: Ladder = { shift: keyShift(m.lnGamma), multiplier };
  const { positive: pTable, negative: nTable } = tablesFor(found, ladder);
  // Pass 2: count. Index is monotone in x, so every index lies inside the ranges above.
  let inside = true;
  if (pTable !== undefined && negatives === 0) {
    const pos4 = new Uint32Array(4 * pos.length);
    const shift = ladder.shift;
    for (let b = 0; b < n; b += BLOCK) {
      inside = countPositive(values, b, Math.min(n, b + BLOCK), pos4, pOff, pTable, shift, multiplier) && inside;
    }
    pos.set(fold4(pos4));
  } else {
    const p: Pass2 = { shift: ladder.shift, multiplier, pos, pOff, pTable, neg, nOff, nTable };
    for (let b = 0; b < n; b += BLOCK) inside = countAll(values, b, Math.min(n, b + BLOCK), p) && inside;
  }
  // A typed-array write out of range would drop a count silently; say so instead.
  if (!inside) throw new Error(`${fn}: a bin index fell outside the range of its extremes (non-monotone Math.log)`);
  return {
    relative_accuracy: alpha,
    max_bins: maxBins,
    count: n,
    sum,
    min: lo,
    max: hi,
    zero_count: zeros,
    positive: pos.length === 0 ? EMPTY_BINS : binsFrom(pOff, pos, maxBins),
    negative: neg.length === 0 ? EMPTY_BINS : binsFrom(nOff, neg, maxBins),
  };
}

/**
 * Bin indices for the values of many windows (internal: rollups), one table per sign over all of
 * them, and the accuracy and bin limit of their sketches (`DEFAULT_MAX_BINS`, as `rollup` uses).
 */
export interface Binner extends Ladder {
  readonly alpha: number;
  readonly maxBins: number;
  readonly positive: BinTable | undefined;
  readonly negative: BinTable | undefined;
}

/**
 * A Binner for windows whose values are all among `parts` (finite; O(n), in blocks as `build`),
 * or without tables (every index from its logarithm) when `parts` is undefined: the indices are
 * the same either way.
 */
export function binnerFor(parts: readonly Float64Array[] | undefined, alpha: number): Binner {
  const m = mapping(alpha);
  const ladder: Ladder = { shift: keyShift(m.lnGamma), multiplier: m.multiplier };
  const binner = { ...ladder, alpha, maxBins: DEFAULT_MAX_BINS };
  if (parts === undefined) return { ...binner, positive: undefined, negative: undefined };
  let n = 0;
  const st = scanState();
  for (const values of parts) {
    const length = values.length;
    for (let b = 0; b < length; b += BLOCK) scan(values, b, Math.min(length, b + BLOCK), st);
    n += length;
  }
  return { ...binner, ...tablesFor(scanned(st, n), ladder) };
}

/** ⌈log_γ x⌉ for x > 0, through the table when there is one. */
function binOf(x: number, table: BinTable | undefined, shift: number, multiplier: number): number {
  if (table === undefined) return Math.ceil(Math.log(x) * multiplier);
  F64[0] = x;
  const key = ((U32[HIGH] as number) >>> shift) - table.from;
  let i = table.bins[key] as number;
  if (i === UNKNOWN) i = table.bins[key] = keyBin(key + table.from, shift, multiplier);
  return i === STRADDLE ? Math.ceil(Math.log(x) * multiplier) : i;
}

/** A walk over sorted values (internal): from index `from` to `to` (either direction), the magnitudes sign × value ascending. */
interface Walk {
  readonly from: number;
  readonly to: number;
  readonly sign: 1 | -1;
}

/**
 * One store being counted from a walk (internal): `counts[k]` is bin `offset + k` (bins below
 * `offset` fold into `counts[0]`); `first` and `last` are the walk's first and last bins. The
 * counting loops take it as one argument (issue 17) and read its fields into locals per call.
 */
interface SortedRun extends Walk, Ladder {
  readonly counts: number[];
  readonly offset: number;
  readonly first: number;
  readonly last: number;
  readonly table: BinTable | undefined;
}

/** The store of a walk over `sorted`: runs of equal bin indices become counts, gaps zeros. */
function sortedStore(fn: string, sorted: Float64Array, walk: Walk, b: Binner): SketchBins {
  const { from, to, sign } = walk;
  const table = sign === 1 ? b.positive : b.negative;
  const first = binOf(sign * (sorted[from] as number), table, b.shift, b.multiplier);
  const last = binOf(sign * (sorted[to] as number), table, b.shift, b.multiplier);
  const run = runOver(walk, { first, last, table }, b);
  const ok = table !== undefined && sign === 1 ? countPositiveRun(sorted, run) : countSorted(sorted, run);
  if (!ok) throw new Error(`${fn}: a bin index fell outside its range or decreased (non-monotone Math.log)`);
  return { offset: run.offset, counts: run.counts };
}

/**
 * A counting run over bins first..last with zeroed counts. Bins below the last maxBins are
 * folded into the lowest kept one (as `collapse` does), so the array is allocated once at its
 * final length.
 */
function runOver(
  walk: Walk,
  bins: { readonly first: number; readonly last: number; readonly table: BinTable | undefined },
  b: Binner,
): SortedRun {
  const { first, last } = bins;
  const offset = Math.max(first, last - b.maxBins + 1);
  return {
    from: walk.from,
    to: walk.to,
    sign: walk.sign,
    shift: b.shift,
    multiplier: b.multiplier,
    counts: new Array<number>(last - offset + 1).fill(0),
    offset,
    first,
    last,
    table: bins.table,
  };
}

/** The general counting loop of `sortedStore`: either direction, with or without a table. */
function countSorted(sorted: Float64Array, run: SortedRun): boolean {
  const { from, to, sign, counts, offset, first, last, table, shift, multiplier } = run;
  const step = from <= to ? 1 : -1;
  let previous = first;
  for (let k = from; k !== to + step; k += step) {
    const i = binOf(sign * (sorted[k] as number), table, shift, multiplier);
    if (i < previous || i > last) return false;
    previous = i;
    (counts[i > offset ? i - offset : 0] as number)++;
  }
  return true;
}

/**
 * The sketch of sorted, finite values (internal: a rollup window after its summary sorted it),
 * given their exact min, max and sum in input order: equal to `sketchOf` of the unsorted values
 * at `b`'s accuracy and bin limit, with one pass and no dense store. O(n + bins).
 */
export function sketchOfSorted(
  fn: string,
  sorted: Float64Array,
  exact: { readonly min: number; readonly max: number; readonly sum: number },
  b: Binner,
): QuantileSketch {
  const n = sorted.length;
  let zeroFrom = 0;
  while (zeroFrom < n && (sorted[zeroFrom] as number) < 0) zeroFrom++;
  let posFrom = zeroFrom;
  while (posFrom < n && sorted[posFrom] === 0) posFrom++;
  return {
    relative_accuracy: b.alpha,
    max_bins: b.maxBins,
    count: n,
    sum: exact.sum,
    min: exact.min,
    max: exact.max,
    zero_count: posFrom - zeroFrom,
    positive: posFrom < n ? sortedStore(fn, sorted, { from: posFrom, to: n - 1, sign: 1 }, b) : EMPTY_BINS,
    negative: zeroFrom > 0 ? sortedStore(fn, sorted, { from: zeroFrom - 1, to: 0, sign: -1 }, b) : EMPTY_BINS,
  };
}

/**
 * The sketch of positive, finite values in any order (internal: a rollup window after its
 * summary selected its order statistics), given their exact min (> 0), max and sum in input
 * order: the same as `sketchOfSorted` of the sorted values, counted in one pass without the sort.
 * O(n + bins).
 */
export function sketchOfPositive(
  fn: string,
  values: Float64Array,
  exact: { readonly min: number; readonly max: number; readonly sum: number },
  b: Binner,
): QuantileSketch {
  const table = b.positive;
  const first = binOf(exact.min, table, b.shift, b.multiplier);
  const last = binOf(exact.max, table, b.shift, b.multiplier);
  const run = runOver({ from: 0, to: values.length - 1, sign: 1 }, { first, last, table }, b);
  const { offset, counts } = run;
  const ok = table !== undefined ? countPositiveRun(values, run) : countAnyOrder(values, run);
  if (!ok) throw new Error(`${fn}: a bin index fell outside the range of its extremes (non-monotone Math.log)`);
  return {
    relative_accuracy: b.alpha,
    max_bins: b.maxBins,
    count: values.length,
    sum: exact.sum,
    min: exact.min,
    max: exact.max,
    zero_count: 0,
    positive: { offset, counts },
    negative: EMPTY_BINS,
  };
}

/**
 * The counting loop of positive values `run.from..run.to` (ascending indices, values in any
 * order) through a table: `sketchOfPositive`'s, and `sortedStore`'s for the positive side. False
 * when an index falls outside [first, last], the bins of the extremes.
 */
function countPositiveRun(values: Float64Array, run: SortedRun): boolean {
  const { from, to, counts, offset, first, last, shift, multiplier } = run;
  const table = run.table as BinTable;
  const bins = table.bins;
  const base = table.from;
  for (let k = from; k <= to; k++) {
    const x = values[k] as number;
    F64[0] = x;
    const key = ((U32[HIGH] as number) >>> shift) - base;
    let i = bins[key] as number;
    if (i === UNKNOWN) i = bins[key] = keyBin(key + base, shift, multiplier);
    if (i === STRADDLE) i = Math.ceil(Math.log(x) * multiplier);
    if (i < first || i > last) return false;
    (counts[i > offset ? i - offset : 0] as number)++;
  }
  return true;
}

/** The counting loop of `sketchOfPositive` without a table (one logarithm per value). */
function countAnyOrder(values: Float64Array, run: SortedRun): boolean {
  const { from, to, counts, offset, first, last, multiplier } = run;
  for (let k = from; k <= to; k++) {
    const i = Math.ceil(Math.log(values[k] as number) * multiplier);
    if (i < first || i > last) return false;
    (counts[i > offset ? i - offset : 0] as number)++;
  }
  return true;
}

/**
 * A sketch of `values`. O(n) time (one logarithm per value), O(n + bins) transient space.
 * @throws RangeError when a value is not finite or an option is out of range.
 */
export function sketchOf(values: readonly number[], options?: SketchOptions): QuantileSketch {
  const { alpha, maxBins } = assertSketchOptions("sketchOf", options);
  return build("sketchOf", values, alpha, maxBins);
}

/**
 * Merges sketches into the sketch of the union of their values, as a new object. Bin counts,
 * count, min and max are exactly those of `sketchOf(union)` (collapsing keeps the highest
 * `max_bins` bins either way), so merging is commutative and associative; `sum` matches up
 * to floating-point rounding. O(total bins).
 *
 * Takes the sketches as `mergeMoments` takes its states (`mergeSketches(a, b)`,
 * `mergeSketches(...parts)`); unlike the empty moments, no sketch exists without parameters, so
 * at least one is needed.
 *
 * @throws RangeError when no sketch is given, a state is inconsistent or the sketches differ in
 *   relative_accuracy or max_bins (their bins would not line up).
 */
export function mergeSketches(...sketches: readonly QuantileSketch[]): QuantileSketch {
  if (sketches.length === 0) {
    throw new RangeError(
      "mergeSketches: needs at least one sketch (the merged sketch takes their relative_accuracy and max_bins)",
    );
  }
  const first = sketches[0] as QuantileSketch;
  assertSketchState("mergeSketches", first, "sketches[0]");
  const all = [first];
  for (let k = 1; k < sketches.length; k++) {
    const s = sketches[k] as QuantileSketch;
    const label = `sketches[${k}]`;
    assertSketchState("mergeSketches", s, label);
    if (s.relative_accuracy !== first.relative_accuracy || s.max_bins !== first.max_bins) {
      throw new RangeError(
        `mergeSketches: ${label} has relative_accuracy ${s.relative_accuracy} and max_bins ${s.max_bins}, but sketches[0] has ${first.relative_accuracy} and ${first.max_bins}; only sketches with the same parameters merge`,
      );
    }
    all.push(s);
  }
  return mergeAll(all);
}

/** Adds every store into one array and collapses once: O(total bins) (internal, checked input). */
function mergeStores(stores: readonly SketchBins[], maxBins: number): SketchBins {
  let lo = Number.POSITIVE_INFINITY;
  let hi = Number.NEGATIVE_INFINITY;
  for (const b of stores) {
    if (b.counts.length === 0) continue;
    if (b.offset < lo) lo = b.offset;
    if (b.offset + b.counts.length > hi) hi = b.offset + b.counts.length;
  }
  if (hi < lo) return EMPTY_BINS;
  const counts = new Array<number>(hi - lo).fill(0);
  for (const b of stores) {
    const base = b.offset - lo;
    for (let k = 0; k < b.counts.length; k++) (counts[base + k] as number) += b.counts[k] as number;
  }
  return binsFrom(lo, counts, maxBins);
}

function mergeAll(all: readonly QuantileSketch[]): QuantileSketch {
  const first = all[0] as QuantileSketch;
  let count = 0;
  let sum = 0;
  let zero = 0;
  let lo: number | null = null;
  let hi: number | null = null;
  for (const s of all) {
    count += s.count;
    sum += s.sum;
    zero += s.zero_count;
    if (s.min !== null && (lo === null || s.min < lo)) lo = s.min;
    if (s.max !== null && (hi === null || s.max > hi)) hi = s.max;
  }
  return {
    relative_accuracy: first.relative_accuracy,
    max_bins: first.max_bins,
    count,
    sum,
    min: lo,
    max: hi,
    zero_count: zero,
    positive: mergeStores(
      all.map((s) => s.positive),
      first.max_bins,
    ),
    negative: mergeStores(
      all.map((s) => s.negative),
      first.max_bins,
    ),
  };
}

/**
 * The sketch with `values` added, as a new object: `mergeSketches(sketch, sketchOf(values))`
 * with the sketch's own parameters. O(k + bins) for k values — add values in batches.
 * @throws RangeError when a value is not finite or the sketch is inconsistent.
 */
export function addToSketch(sketch: QuantileSketch, values: readonly number[]): QuantileSketch {
  assertSketchState("addToSketch", sketch);
  const batch = build("addToSketch", values, sketch.relative_accuracy, sketch.max_bins);
  return mergeAll([sketch, batch]);
}

/**
 * The estimate of the value at 0-based rank r (internal; 0 ≤ r < count), clamped to
 * [min, max]: the true value lies there, so clamping only moves an estimate closer to it.
 */
function valueAtRank(s: QuantileSketch, m: Mapping, r: number): number {
  const lo = s.min as number;
  const hi = s.max as number;
  if (r === 0) return lo;
  if (r === s.count - 1) return hi;
  const clamp = (v: number) => Math.min(hi, Math.max(lo, v));
  let seen = 0;
  const neg = s.negative;
  for (let k = neg.counts.length - 1; k >= 0; k--) {
    seen += neg.counts[k] as number;
    if (seen > r) return clamp(-binValue(m, neg.offset + k));
  }
  seen += s.zero_count;
  if (seen > r) return 0;
  const pos = s.positive;
  for (let k = 0; k < pos.counts.length; k++) {
    seen += pos.counts[k] as number;
    if (seen > r) return clamp(binValue(m, pos.offset + k));
  }
  return hi;
}

function estimate(s: QuantileSketch, m: Mapping, q: number, method: "linear" | "lower"): number {
  const h = (s.count - 1) * q;
  const lo = Math.floor(h);
  const low = valueAtRank(s, m, lo);
  return method === "lower" || lo === h ? low : lerp(low, valueAtRank(s, m, lo + 1), h - lo);
}

function assertQuery(fn: string, sketch: QuantileSketch, options: SketchQuantileOptions | undefined) {
  assertSketchState(fn, sketch);
  if (sketch.count === 0) throw new RangeError(`${fn}: the sketch holds no values`);
  const method = options?.method ?? "linear";
  if (method !== "linear" && method !== "lower") {
    throw new RangeError(`${fn}: method must be "linear" or "lower", received ${describe(method)}`);
  }
  return method;
}

/**
 * Estimates quantile `q` (in [0, 1]) from a sketch. With the default `"linear"` method the
 * result is within `relative_accuracy` × |quantile(values, q)| of the exact R-7/numpy quantile
 * whenever the two order statistics it interpolates have the same sign and no bins were
 * collapsed; `"lower"` is within that bound of numpy's `"lower"` quantile (Datadog's
 * definition). Rank 0 and rank n−1 return the exact min and max. O(bins).
 *
 * @throws RangeError when the sketch is empty or inconsistent, or q is outside [0, 1].
 */
export function sketchQuantile(sketch: QuantileSketch, q: number, options?: SketchQuantileOptions): number {
  const method = assertQuery("sketchQuantile", sketch, options);
  assertProbability("sketchQuantile", q);
  return estimate(sketch, mapping(sketch.relative_accuracy), q, method);
}

/**
 * `sketchQuantile` for several q at once, in the order given. O(m · bins).
 * @throws RangeError as `sketchQuantile`, naming the offending `qs[i]`.
 */
export function sketchQuantiles(
  sketch: QuantileSketch,
  qs: readonly number[],
  options?: SketchQuantileOptions,
): number[] {
  const method = assertQuery("sketchQuantiles", sketch, options);
  assertArray("sketchQuantiles", qs, "qs", "numbers");
  for (let i = 0; i < qs.length; i++) assertProbability("sketchQuantiles", qs[i] as number, `qs[${i}]`);
  const m = mapping(sketch.relative_accuracy);
  return qs.map((q) => estimate(sketch, m, q, method));
}
