import { assertValues } from "./validate.js";

/**
 * The 1-based ranks of `values`, ties sharing the average of the ranks they span:
 * `ranks([10, 20, 20, 5])` is `[2, 3.5, 3.5, 1]`, as scipy's
 * `scipy.stats.rankdata(values, method="average")` and R's `rank(ties.method = "average")`.
 * O(n log n) time, O(n) space.
 *
 * @throws RangeError when a value is not a finite number.
 */
export function ranks(values: readonly number[]): number[] {
  assertValues("ranks", values, 0);
  return rankUnchecked(values);
}

/** `ranks` without input checks (internal). */
export function rankUnchecked(values: readonly number[]): number[] {
  const n = values.length;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  order.sort((i, j) => (values[i] as number) - (values[j] as number));
  const out = new Array<number>(n);
  let i = 0;
  while (i < n) {
    let j = i + 1;
    const v = values[order[i] as number];
    while (j < n && values[order[j] as number] === v) j++;
    // Positions i..j-1 (0-based) hold equal values: ranks i+1..j average to (i + 1 + j) / 2.
    const r = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) out[order[k] as number] = r;
    i = j;
  }
  return out;
}
