/*
 * A seeded pseudo-random source for the synthetic event generator: xoshiro128** 1.1
 * (Blackman & Vigna, https://prng.di.unimi.it/xoshiro128starstar.c) seeded with SplitMix64
 * (https://prng.di.unimi.it/splitmix64.c), as the authors recommend. The same seed gives the
 * same sequence on every platform: all arithmetic is 32-bit integer math (`Math.imul`, `>>> 0`)
 * except the seeding, which uses BigInt for SplitMix64's 64-bit words.
 */

const MASK64 = (1n << 64n) - 1n;

/** SplitMix64: the sequence of 64-bit outputs for a 64-bit seed (reference splitmix64.c). */
export function splitMix64(seed: bigint, count: number): bigint[] {
  let x = BigInt.asUintN(64, seed);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    x = (x + 0x9e3779b97f4a7c15n) & MASK64;
    let z = x;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
    out.push(z ^ (z >> 31n));
  }
  return out;
}

const rotl = (x: number, k: number): number => ((x << k) | (x >>> (32 - k))) >>> 0;

/** The random source every generator step draws from. */
export interface Random {
  /** The next raw 32-bit output (an unsigned integer). */
  nextU32(): number;
  /** A uniform double in [0, 1) with 53 random bits. */
  uniform(): number;
  /** A uniform integer in [min, max] (both inclusive). */
  int(min: number, max: number): number;
  /** A standard normal variate (Box–Muller). */
  normal(): number;
  /** A lognormal variate with the given median (e^μ) and shape σ. */
  lognormal(median: number, sigma: number): number;
  /** An exponential variate with the given mean. */
  exponential(mean: number): number;
  /** True with probability p. */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** One element, with probability proportional to `weight(item)`. */
  weighted<T>(items: readonly T[], weight: (item: T) => number): T;
  /** `n` random bytes (for UUIDs). */
  bytes(n: number): Uint8Array;
}

/**
 * xoshiro128** over a 128-bit state. The state is taken as it is given; it must not be all
 * zero (the generator would then output zeros forever).
 */
export function xoshiro128ss(state: readonly [number, number, number, number]): Random {
  let [s0, s1, s2, s3] = state.map((w) => w >>> 0) as [number, number, number, number];
  if ((s0 | s1 | s2 | s3) === 0) throw new RangeError("xoshiro128ss: the state must not be all zero");
  const nextU32 = (): number => {
    const result = Math.imul(rotl(Math.imul(s1, 5) >>> 0, 7), 9) >>> 0;
    const t = (s1 << 9) >>> 0;
    s2 = (s2 ^ s0) >>> 0;
    s3 = (s3 ^ s1) >>> 0;
    s1 = (s1 ^ s2) >>> 0;
    s0 = (s0 ^ s3) >>> 0;
    s2 = (s2 ^ t) >>> 0;
    s3 = rotl(s3, 11);
    return result;
  };
  return randomFrom(nextU32);
}

/** The distributions of `Random`, drawn from a source of uniform 32-bit words. */
function randomFrom(nextU32: () => number): Random {
  // genrand_res53 (Matsumoto & Nishimura's mt19937ar.c): 27 + 26 bits into a double in [0, 1).
  const uniform = (): number => ((nextU32() >>> 5) * 67108864 + (nextU32() >>> 6)) / 9007199254740992;
  const normal = (): number => {
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  };
  return {
    nextU32,
    uniform,
    int(min, max) {
      if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
        throw new RangeError(`Random.int: need safe integers with min <= max, received ${min}, ${max}`);
      }
      return min + Math.floor(uniform() * (max - min + 1));
    },
    normal,
    lognormal(median, sigma) {
      return median * Math.exp(sigma * normal());
    },
    exponential(mean) {
      return -mean * Math.log(1 - uniform());
    },
    chance(p) {
      return uniform() < p;
    },
    pick(items) {
      if (items.length === 0) throw new RangeError("Random.pick: the list is empty");
      return items[Math.floor(uniform() * items.length)]!;
    },
    weighted(items, weight) {
      let total = 0;
      for (const item of items) total += weight(item);
      if (!(total > 0)) throw new RangeError("Random.weighted: the weights must sum to a positive number");
      let r = uniform() * total;
      for (const item of items) {
        r -= weight(item);
        if (r < 0) return item;
      }
      return items[items.length - 1]!;
    },
    bytes(n) {
      const out = new Uint8Array(n);
      for (let i = 0; i < n; i += 4) {
        const v = nextU32();
        for (let j = 0; j < 4 && i + j < n; j++) out[i + j] = (v >>> (8 * j)) & 0xff;
      }
      return out;
    },
  };
}

/**
 * A generator for a non-negative integer seed. `stream` picks an independent sequence for the
 * same seed: the xoshiro128** state is SplitMix64 outputs 2·stream and 2·stream + 1.
 */
export function seededRandom(seed: number, stream = 0): Random {
  if (!Number.isSafeInteger(seed) || seed < 0) {
    throw new RangeError(`seededRandom: the seed must be a non-negative safe integer, received ${seed}`);
  }
  if (!Number.isSafeInteger(stream) || stream < 0) {
    throw new RangeError(`seededRandom: the stream must be a non-negative safe integer, received ${stream}`);
  }
  const outputs = splitMix64(BigInt(seed), 2 * stream + 2);
  const a = outputs[2 * stream]!;
  const b = outputs[2 * stream + 1]!;
  const word = (x: bigint, shift: bigint): number => Number((x >> shift) & 0xffffffffn);
  return xoshiro128ss([word(a, 0n), word(a, 32n), word(b, 0n), word(b, 32n)]);
}
