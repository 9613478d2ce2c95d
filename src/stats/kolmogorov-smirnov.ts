import { assertValues, describe } from "./validate.js";

export type KolmogorovSmirnovMethod = "auto" | "exact" | "asymptotic";

export interface KolmogorovSmirnovOptions {
  /**
   * How the p-value is computed. `"auto"` (default) as R's `ks.test`: exact when
   * n₁·n₂ < 10 000, asymptotic otherwise. `"exact"`: the exact null distribution (allowed up to
   * n₁·n₂ = 10⁸ lattice cells). `"asymptotic"`: Kolmogorov's limiting distribution.
   */
  readonly method?: KolmogorovSmirnovMethod;
}

export interface KolmogorovSmirnovResult {
  /** D = sup |F₁(t) − F₂(t)|, the largest distance between the two empirical CDFs, in [0, 1]. */
  readonly statistic: number;
  /** Two-sided p-value P(D ≥ observed D) under "both samples come from one continuous distribution". */
  readonly pValue: number;
  /** The method the p-value came from. */
  readonly method: "exact" | "asymptotic";
}

const AUTO_EXACT_CELLS = 10_000;
const MAX_EXACT_CELLS = 100_000_000;

/**
 * The two-sample Kolmogorov–Smirnov test (two-sided): the statistic D = sup|F₁ − F₂| of the
 * empirical CDFs (right-continuous, so ties are counted as `np.searchsorted(side="right")`
 * does) and its p-value.
 *
 * - Exact p-value: the probability that a random interleaving of the two samples — a
 *   monotone lattice path from (0, 0) to (n₁, n₂) — touches |i/n₁ − j/n₂| ≥ D, by a forward
 *   pass that accumulates the mass leaving the band (Hodges 1957; R's `psmirnov`), so small
 *   p-values keep their relative precision. O(n₁·n₂) time, O(n₂) space.
 * - Asymptotic p-value: Q(λ) with λ = √(n₁n₂/(n₁+n₂))·D and Kolmogorov's survival function
 *   Q(λ) = 2 Σ (−1)^(k−1) e^(−2k²λ²) (for λ < 1 through its Jacobi-theta form), as
 *   `scipy.special.kolmogorov(λ)` and R's large-sample `ks.test`.
 *
 * The statistic agrees with `scipy.stats.ks_2samp(x, y).statistic`; the exact p-value with
 * `ks_2samp(x, y, method="exact")` and R's `ks.test(x, y, exact = TRUE)` for samples without
 * ties (with ties the exact null distribution assumes continuity, as scipy does).
 * Sorting costs O((n₁ + n₂) log(n₁ + n₂)).
 *
 * @throws RangeError when a sample is empty or holds a non-finite number, or an exact p-value
 *   is asked for more than 10⁸ lattice cells.
 */
export function kolmogorovSmirnov(
  x: readonly number[],
  y: readonly number[],
  options?: KolmogorovSmirnovOptions,
): KolmogorovSmirnovResult {
  const fn = "kolmogorovSmirnov";
  assertValues(fn, x, 1, "x");
  assertValues(fn, y, 1, "y");
  const requested = options?.method ?? "auto";
  if (requested !== "auto" && requested !== "exact" && requested !== "asymptotic") {
    throw new RangeError(`${fn}: method must be "auto", "exact" or "asymptotic", received ${describe(requested)}`);
  }
  const m = x.length;
  const n = y.length;
  const cells = m * n;
  if (requested === "exact" && cells > MAX_EXACT_CELLS) {
    throw new RangeError(
      `${fn}: an exact p-value needs n1·n2 ≤ ${MAX_EXACT_CELLS} lattice cells, received ${m}·${n}; use method "asymptotic"`,
    );
  }
  const h = maxDistanceNumerator(x, y);
  const statistic = h / cells;
  const method = requested === "auto" ? (cells < AUTO_EXACT_CELLS ? "exact" : "asymptotic") : requested;
  if (h === 0) return { statistic: 0, pValue: 1, method };
  const pValue =
    method === "exact" ? exactSurvival(m, n, h) : kolmogorovSurvival(Math.sqrt((m * n) / (m + n)) * statistic);
  return { statistic, pValue: Math.min(1, Math.max(0, pValue)), method };
}

/** max over t of |n₂·#{x ≤ t} − n₁·#{y ≤ t}|, an integer, so D = it / (n₁·n₂) exactly. */
function maxDistanceNumerator(x: readonly number[], y: readonly number[]): number {
  const a = Float64Array.from(x).sort();
  const b = Float64Array.from(y).sort();
  const m = a.length;
  const n = b.length;
  let i = 0;
  let j = 0;
  let best = 0;
  while (i < m || j < n) {
    const t = j >= n || (i < m && (a[i] as number) <= (b[j] as number)) ? (a[i] as number) : (b[j] as number);
    while (i < m && (a[i] as number) <= t) i++;
    while (j < n && (b[j] as number) <= t) j++;
    const d = Math.abs(i * n - j * m);
    if (d > best) best = d;
  }
  return best;
}

/** P(D ≥ h/(m·n)) for samples of sizes m and n, by the mass of lattice paths that leave the band. */
function exactSurvival(m: number, n: number, h: number): number {
  let row = new Float64Array(n + 1);
  let next = new Float64Array(n + 1);
  row[0] = 1;
  let exited = 0;
  for (let i = 0; i <= m; i++) {
    next.fill(0);
    for (let j = 0; j <= n; j++) {
      const p = row[j] as number;
      if (p === 0) continue;
      const remaining = m + n - i - j;
      if (remaining === 0) continue;
      if (i < m) {
        const step = (p * (m - i)) / remaining;
        if (Math.abs((i + 1) * n - j * m) >= h) exited += step;
        else next[j] = (next[j] as number) + step;
      }
      if (j < n) {
        const step = (p * (n - j)) / remaining;
        if (Math.abs(i * n - (j + 1) * m) >= h) exited += step;
        else row[j + 1] = (row[j + 1] as number) + step;
      }
    }
    [row, next] = [next, row];
  }
  return exited;
}

/** Kolmogorov's survival function Q(λ) = P(K > λ) (scipy.special.kolmogorov). */
function kolmogorovSurvival(lambda: number): number {
  if (lambda <= 0) return 1;
  if (lambda < 1) {
    // P(K ≤ λ) = √(2π)/λ · Σ exp(−(2k−1)²π²/(8λ²)), which converges fast for small λ.
    const c = (-Math.PI * Math.PI) / (8 * lambda * lambda);
    let cdf = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp((2 * k - 1) * (2 * k - 1) * c);
      cdf += term;
      if (term < 1e-17 * cdf) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * cdf;
  }
  let sum = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * lambda * lambda);
    sum += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * Math.abs(sum)) break;
  }
  return 2 * sum;
}
