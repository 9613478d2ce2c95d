import { doubleWords, HIGH_WORD } from "./double-bits.js";

/*
 * Selection in place on a private Float64Array copy (internal: callers copy first, so user
 * arrays are never reordered). Floyd–Rivest (the algorithm of mourner/quickselect, which
 * simple-statistics also uses) runs in expected O(n); a step counter falls back to sorting the
 * remaining range, which bounds the worst case at O(n log n) without any randomness.
 */

function swap(a: Float64Array, i: number, j: number): void {
  const t = a[i] as number;
  a[i] = a[j] as number;
  a[j] = t;
}

/**
 * Reorders `a[left..right]` so that `a[k]` holds the value it would hold if that range were
 * sorted, every value before it is ≤ it and every value after it is ≥ it.
 */
export function select(a: Float64Array, k: number, left = 0, right = a.length - 1): void {
  let budget = 2 * Math.ceil(Math.log2(right - left + 2)) + 16;
  while (right > left) {
    if (--budget < 0) {
      a.subarray(left, right + 1).sort();
      return;
    }
    if (right - left > 600) {
      const n = right - left + 1;
      const m = k - left + 1;
      const z = Math.log(n);
      const s = 0.5 * Math.exp((2 * z) / 3);
      const sd = 0.5 * Math.sqrt((z * s * (n - s)) / n) * (m - n / 2 < 0 ? -1 : 1);
      const newLeft = Math.max(left, Math.floor(k - (m * s) / n + sd));
      const newRight = Math.min(right, Math.floor(k + ((n - m) * s) / n + sd));
      select(a, k, newLeft, newRight);
    }
    const t = a[k] as number;
    let i = left;
    let j = right;
    swap(a, left, k);
    if ((a[right] as number) > t) swap(a, left, right);
    while (i < j) {
      swap(a, i, j);
      i++;
      j--;
      while ((a[i] as number) < t) i++;
      while ((a[j] as number) > t) j--;
    }
    if (a[left] === t) swap(a, left, j);
    else {
      j++;
      swap(a, j, right);
    }
    if (j <= k) left = j + 1;
    if (k <= j) right = j - 1;
  }
}

/**
 * Places every index in `ks` (sorted ascending, distinct) as `select` would, in
 * O(n log m) expected time for m indices: select the middle index, then recurse on each side.
 */
export function multiSelect(a: Float64Array, ks: readonly number[]): void {
  const stack: [number, number, number, number][] = [[0, ks.length - 1, 0, a.length - 1]];
  while (stack.length > 0) {
    const [lo, hi, left, right] = stack.pop() as [number, number, number, number];
    if (lo > hi || left > right) continue;
    const mid = (lo + hi) >> 1;
    const k = ks[mid] as number;
    select(a, k, left, right);
    stack.push([lo, mid - 1, left, k - 1], [mid + 1, hi, k + 1, right]);
  }
}

// A double's bits, module-local views (double-bits.ts).
const { f64: F64, u32: U32 } = doubleWords();
const HIGH = HIGH_WORD;

/** Below this many values, copying and selecting beats the two radix passes. */
export const RADIX_MIN = 16_384;
const BUCKETS = 65_536;
const MARK = 0x80000000;

/** The top 16 bits of a double's order-preserving key: sign-flipped for positives, inverted for negatives. */
function bucketOf(x: number): number {
  F64[0] = x;
  const h = U32[HIGH] as number;
  return h >>> 31 === 0 ? (h >>> 16) | 0x8000 : ~h >>> 16;
}

/**
 * The values at 0-based sorted positions `ranks` (ascending, distinct) of `values`, without
 * copying or sorting everything: for large inputs, pass 1 counts values per 16-bit key bucket
 * (a radix histogram of the float's order-preserving bits), pass 2 gathers only the buckets
 * that hold a wanted rank, and Floyd–Rivest selection finishes inside them. O(n) time,
 * O(n) space (2 bytes per value for the bucket keys, plus the gathered buckets). `validate` is called for the first element that is not a finite
 * number (and must throw). Returns the values in the order of `ranks`.
 */
export function valuesAtRanks(values: ArrayLike<number>, ranks: readonly number[], validate: () => never): number[] {
  const n = values.length;
  // One order statistic (or two neighbours, as one interpolated quantile needs) is cheaper by
  // copy and select: the second is the minimum of what lies above the first.
  if (n < RADIX_MIN || ranks.length === 1 || (ranks.length === 2 && ranks[1] === (ranks[0] as number) + 1)) {
    const a = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const x = values[i] as number;
      if (typeof x !== "number" || x - x !== 0) validate();
      a[i] = x;
    }
    if (ranks.length === 2 && ranks[1] === (ranks[0] as number) + 1) {
      const k = ranks[0] as number;
      select(a, k);
      let next = a[k + 1] as number;
      for (let i = k + 2; i < n; i++) if ((a[i] as number) < next) next = a[i] as number;
      return [a[k] as number, next];
    }
    // Small arrays: a typed-array sort is cheaper than the selection bookkeeping.
    if (n <= 128) a.sort();
    else multiSelect(a, ranks);
    return ranks.map((r) => a[r] as number);
  }
  const counts = new Uint32Array(BUCKETS);
  // Each value's bucket is kept so that pass 2 reads it instead of recomputing it.
  const keys = new Uint16Array(n);
  for (let i = 0; i < n; i++) {
    const x = values[i] as number;
    if (typeof x !== "number" || x - x !== 0) validate();
    const k = bucketOf(x);
    keys[i] = k;
    (counts[k] as number)++;
  }
  // Locate each rank's bucket and its rank inside the bucket.
  const where: { bucket: number; within: number }[] = [];
  let seen = 0;
  let r = 0;
  for (let b = 0; b < BUCKETS && r < ranks.length; b++) {
    const c = counts[b] as number;
    while (r < ranks.length && (ranks[r] as number) < seen + c) {
      where.push({ bucket: b, within: (ranks[r] as number) - seen });
      r++;
    }
    seen += c;
  }
  const buckets = [...new Set(where.map((w) => w.bucket))];
  const gathered = buckets.map((b) => new Float64Array(counts[b] as number));
  const fill = buckets.map(() => 0);
  buckets.forEach((b, slot) => {
    counts[b] = MARK | slot;
  });
  for (let i = 0; i < n; i++) {
    const c = counts[keys[i] as number] as number;
    if (c >= MARK) {
      const slot = c & 0x7fffffff;
      (gathered[slot] as Float64Array)[(fill[slot] as number)++] = values[i] as number;
    }
  }
  buckets.forEach((_, slot) => {
    const within = [...new Set(where.filter((w) => w.bucket === buckets[slot]).map((w) => w.within))].sort(
      (x, y) => x - y,
    );
    multiSelect(gathered[slot] as Float64Array, within);
  });
  return where.map((w) => (gathered[buckets.indexOf(w.bucket)] as Float64Array)[w.within] as number);
}

/** Sorts `a[lo..hi]` (inclusive) by insertion: the base case of `selectRanksSmall`. */
function insertionSort(a: Float64Array, lo: number, hi: number): void {
  for (let i = lo + 1; i <= hi; i++) {
    const x = a[i] as number;
    let j = i - 1;
    while (j >= lo && (a[j] as number) > x) {
      a[j + 1] = a[j] as number;
      j--;
    }
    a[j + 1] = x;
  }
}

/** Ranges of at most this many values are finished by insertion sort. */
const INSERTION_MAX = 12;

/**
 * Partitions `a[lo..hi]` (more than INSERTION_MAX values) around the median of its first, middle
 * and last values (Hoare's scheme, the three as sentinels): returns r with a[lo..r−1] ≤ a[r] ≤
 * a[r+1..hi].
 */
function partition(a: Float64Array, lo: number, hi: number): number {
  const mid = (lo + hi) >> 1;
  let x = a[lo] as number;
  let y = a[mid] as number;
  let z = a[hi] as number;
  if (y < x) {
    const t = x;
    x = y;
    y = t;
  }
  if (z < y) {
    const t = y;
    y = z;
    z = t;
    if (y < x) {
      const u = x;
      x = y;
      y = u;
    }
  }
  // a[lo] ≤ pivot ≤ a[hi]; the pivot is parked at lo + 1.
  a[lo] = x;
  a[hi] = z;
  a[mid] = a[lo + 1] as number;
  a[lo + 1] = y;
  const pivot = y;
  let l = lo + 2;
  let r = hi - 1;
  for (;;) {
    while ((a[l] as number) < pivot) l++;
    while ((a[r] as number) > pivot) r--;
    if (l >= r) break;
    const t = a[l] as number;
    a[l] = a[r] as number;
    a[r] = t;
    l++;
    r--;
  }
  a[lo + 1] = a[r] as number;
  a[r] = pivot;
  return r;
}

/** Windows up to this many values may use `selectRanksSmall`. */
export const SMALL_SELECT_MAX = 128;

/**
 * Reorders `a` (at most SMALL_SELECT_MAX values, finite) so that `a[k]` is its k-th smallest
 * value for every k of `ks[0..count)` (ascending, distinct), as a sort would place it, up to the
 * sign of zero (see `signedZeroAt`). Method: a quicksort (median-of-three pivot, Hoare
 * partition) that descends only into the sides holding a wanted rank, finishing ranges of
 * INSERTION_MAX or fewer values by insertion sort; for the rollups' small windows the six order
 * statistics of p50/p95/p99 of 83 values cost about half a sort. O(n) expected comparisons,
 * O(n²) in the worst case (a median-of-three pivot is not guarded), which the bound on n keeps to
 * about a sort's cost.
 */
export function selectRanksSmall(a: Float64Array, ks: Int32Array, count: number): void {
  if (a.length > SMALL_SELECT_MAX) throw new RangeError("selectRanksSmall: more values than SMALL_SELECT_MAX");
  // Ranges still to place, four numbers each: values a[lo..hi], wanted ranks ks[i0..i1]. A
  // partition continues with one side and leaves the other here when both hold a wanted rank.
  const work = [0, a.length - 1, 0, count - 1];
  while (work.length > 0) {
    let i1 = work.pop() as number;
    let i0 = work.pop() as number;
    let hi = work.pop() as number;
    let lo = work.pop() as number;
    while (i0 <= i1) {
      if (hi - lo < INSERTION_MAX) {
        insertionSort(a, lo, hi);
        break;
      }
      const r = partition(a, lo, hi);
      // The wanted ranks below r, at r (placed), above r.
      let j = i0;
      while (j <= i1 && (ks[j] as number) < r) j++;
      let k = j;
      while (k <= i1 && ks[k] === r) k++;
      if (j > i0) {
        if (k <= i1) work.push(r + 1, hi, k, i1);
        hi = r - 1;
        i1 = j - 1;
      } else {
        lo = r + 1;
        i0 = k;
      }
    }
  }
}

/**
 * The value a sort of `a` would hold at rank `k`, given that a selection placed a zero there:
 * `-0` when k falls among the negative zeros (a typed-array sort orders −0 before +0), else `+0`.
 * O(n).
 */
export function signedZeroAt(a: Float64Array, k: number): number {
  let below = 0;
  let negativeZeros = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number;
    if (x < 0) below++;
    else if (x === 0 && 1 / x < 0) negativeZeros++;
  }
  return k >= below && k < below + negativeZeros ? -0 : 0;
}
