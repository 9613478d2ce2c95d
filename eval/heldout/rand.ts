/*
 * The held-out generator's random source. Deliberately not eval/prng.ts: xoshiro128** (Blackman
 * & Vigna, 2018) seeded from a string through MurmurHash3's 32-bit finalizer, with the
 * distributions real traffic needs (log-normal sizes and latencies, Poisson counts, Pareto tails).
 */

function fmix32(h: number): number {
  let x = h >>> 0;
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** A 32-bit hash of a string (FNV-1a, then fmix32). */
export function hash32(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

export class Rand {
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
  private cached: number | undefined;

  /** A stream named by `key` (e.g. "traffic/gpt-4o"): streams of one seed are independent. */
  constructor(seed: number | string, key = "") {
    const h = hash32(`${seed}|${key}`);
    this.s0 = fmix32(h + 0x9e3779b9) | 1;
    this.s1 = fmix32(h + 0x3c6ef372);
    this.s2 = fmix32(h + 0xdaa66d2b);
    this.s3 = fmix32(h + 0x78dde6e4);
    for (let i = 0; i < 8; i++) this.next();
  }

  private next(): number {
    const result = Math.imul(rotl(Math.imul(this.s1, 5), 7), 9) >>> 0;
    const t = this.s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= this.s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  float(): number {
    return ((this.next() >>> 5) * 67108864 + (this.next() >>> 6)) / 9007199254740992;
  }

  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }

  /** An integer in [lo, hi]. */
  intIn(lo: number, hi: number): number {
    return lo + Math.floor(this.float() * (hi - lo + 1));
  }

  bernoulli(p: number): boolean {
    return this.float() < p;
  }

  choose<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error("Rand.choose: no items");
    return items[Math.floor(this.float() * items.length)] as T;
  }

  /** Picks by weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    const total = items.reduce((s, [, w]) => s + w, 0);
    let u = this.float() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return (items[items.length - 1] as readonly [T, number])[0];
  }

  /** Standard normal (Marsaglia's polar method). */
  gauss(): number {
    if (this.cached !== undefined) {
      const c = this.cached;
      this.cached = undefined;
      return c;
    }
    for (;;) {
      const u = 2 * this.float() - 1;
      const v = 2 * this.float() - 1;
      const s = u * u + v * v;
      if (s > 0 && s < 1) {
        const f = Math.sqrt((-2 * Math.log(s)) / s);
        this.cached = v * f;
        return u * f;
      }
    }
  }

  /** Log-normal with the given median and log-scale sigma. */
  lognormal(median: number, sigma: number): number {
    return median * Math.exp(sigma * this.gauss());
  }

  /** Pareto (type I) with scale xm and shape alpha: heavy tails of queueing. */
  pareto(xm: number, alpha: number): number {
    return xm / (1 - this.float()) ** (1 / alpha);
  }

  exponential(mean: number): number {
    return -mean * Math.log(1 - this.float());
  }

  /** Poisson count (Knuth's product for small means, a rounded normal approximation above 60). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 60) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.gauss()));
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.float();
    while (p > limit) {
      k++;
      p *= this.float();
    }
    return k;
  }

  /** `n` lower-case hex digits. */
  hex(n: number): string {
    let out = "";
    while (out.length < n) out += this.next().toString(16).padStart(8, "0");
    return out.slice(0, n);
  }

  /** A random (v4-shaped) UUID. */
  uuid(): string {
    const h = this.hex(32).split("");
    h[12] = "4";
    h[16] = "89ab"[Number.parseInt(h[16] as string, 16) & 3] as string;
    const s = h.join("");
    return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}
