/**
 * mulberry32 (Tommy Ettinger's public-domain generator): a small seeded uniform generator on
 * [0, 1), so every generated test day and data set is the same on every run. One copy for the
 * tests and the benchmarks.
 */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A standard normal deviate from two uniforms of `u` (Box–Muller, cosine branch): the radius
 * from the first draw, the angle from the second.
 */
export function gaussian(u: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** A Poisson draw of mean `mean` from uniforms `u`, by inversion of its distribution function. */
export function poisson(u: () => number, mean: number): number {
  const target = u();
  let k = 0;
  let p = Math.exp(-mean);
  let cdf = p;
  while (target > cdf) {
    k++;
    p *= mean / k;
    cdf += p;
  }
  return k;
}
