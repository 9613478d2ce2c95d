import { describe, expect, it } from "vitest";
import { seededRandom, splitMix64, xoshiro128ss } from "../../src/cli/random.js";

// Reference outputs from the authors' C code, compiled with gcc 12 and run once:
// xoshiro128starstar.c (https://prng.di.unimi.it/xoshiro128starstar.c) and splitmix64.c
// (https://prng.di.unimi.it/splitmix64.c), the program printing next() for the states below.
describe("xoshiro128ss", () => {
  it("matches the reference implementation from the state {1, 2, 3, 4}", () => {
    const random = xoshiro128ss([1, 2, 3, 4]);
    const outputs = Array.from({ length: 6 }, () => random.nextU32());
    expect(outputs).toEqual([11520, 0, 5927040, 70819200, 2031721883, 1637235492]);
  });

  it("rejects the all-zero state, which would output zeros forever", () => {
    expect(() => xoshiro128ss([0, 0, 0, 0])).toThrow(/xoshiro128ss: the state must not be all zero/);
  });
});

describe("splitMix64", () => {
  it("matches the reference implementation for the seeds 0 and 42", () => {
    expect(splitMix64(0n, 2)).toEqual([16294208416658607535n, 7960286522194355700n]);
    expect(splitMix64(42n, 2)).toEqual([13679457532755275413n, 2949826092126892291n]);
  });
});

describe("seededRandom", () => {
  it("seeds xoshiro128** with two SplitMix64 outputs, low word first (reference run, seed 42)", () => {
    const random = seededRandom(42);
    expect(Array.from({ length: 4 }, () => random.nextU32())).toEqual([1776835114, 4165204688, 17111135, 2317295270]);
  });

  it("gives the same sequence for the same seed and stream, and another for another stream", () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const c = seededRandom(7, 1);
    const seqA = Array.from({ length: 8 }, () => a.uniform());
    expect(Array.from({ length: 8 }, () => b.uniform())).toEqual(seqA);
    expect(Array.from({ length: 8 }, () => c.uniform())).not.toEqual(seqA);
  });

  it("rejects seeds that are not non-negative safe integers", () => {
    expect(() => seededRandom(-1)).toThrow(/seededRandom: the seed must be a non-negative safe integer, received -1/);
    expect(() => seededRandom(1.5)).toThrow(/received 1.5/);
    expect(() => seededRandom(1, -1)).toThrow(/the stream must be a non-negative safe integer/);
  });

  it("draws uniforms in [0, 1) whose mean and variance match U(0, 1) (1/2 and 1/12)", () => {
    const random = seededRandom(2024);
    const n = 100_000;
    let sum = 0;
    let sumSq = 0;
    let outside = 0;
    for (let i = 0; i < n; i++) {
      const u = random.uniform();
      if (!(u >= 0 && u < 1)) outside++;
      sum += u;
      sumSq += u * u;
    }
    expect(outside).toBe(0);
    const mean = sum / n;
    const variance = sumSq / n - mean * mean;
    // Standard errors: sqrt(1/12 / n) ≈ 0.0009 for the mean; a 5-sigma band.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.0046);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.002);
  });

  it("draws lognormals whose log has the requested median and sigma", () => {
    const random = seededRandom(99);
    const n = 50_000;
    const logs = Array.from({ length: n }, () => Math.log(random.lognormal(800, 0.5)));
    const mean = logs.reduce((s, x) => s + x, 0) / n;
    const sd = Math.sqrt(logs.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
    // log X ~ N(ln 800, 0.5²): the sample mean is within 5 standard errors (0.5/sqrt(n)).
    expect(Math.abs(mean - Math.log(800))).toBeLessThan(0.012);
    expect(Math.abs(sd - 0.5)).toBeLessThan(0.01);
  });

  it("picks ints within bounds and rejects bad bounds", () => {
    const random = seededRandom(3);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) seen.add(random.int(1, 6));
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6]);
    expect(() => random.int(5, 1)).toThrow(/Random.int: need safe integers with min <= max, received 5, 1/);
    expect(() => random.pick([])).toThrow(/Random.pick: the list is empty/);
    expect(() => random.weighted([1, 2], () => 0)).toThrow(/the weights must sum to a positive number/);
  });
});
