import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SMALL_SELECT_MAX, selectRanksSmall, signedZeroAt } from "../../src/stats/select.js";

// The reference is the engine's own Float64Array sort (ECMA-262 %TypedArray%.prototype.sort:
// numeric order, −0 before +0), which selectRanksSmall must agree with rank by rank.
const value = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.constantFrom(0, -0, 1, -1, 5e-324, 2.5),
  fc.integer({ min: -3, max: 3 }),
);

describe("selectRanksSmall", () => {
  it("places every wanted rank as a sort does, with ties and signed zeros (fast-check)", () => {
    fc.assert(
      fc.property(
        fc.array(value, { minLength: 1, maxLength: SMALL_SELECT_MAX }),
        fc.array(fc.nat(), { minLength: 1, maxLength: 6 }),
        (values, picks) => {
          const sorted = Float64Array.from(values).sort();
          const ks = [...new Set(picks.map((p) => p % values.length))].sort((x, y) => x - y);
          const a = Float64Array.from(values);
          selectRanksSmall(a, Int32Array.from(ks), ks.length);
          // The same multiset, reordered.
          expect(Float64Array.from(a).sort()).toEqual(sorted);
          for (const k of ks) {
            const v = a[k] as number;
            expect(v === 0 ? signedZeroAt(a, k) : v).toBe(sorted[k]);
          }
        },
      ),
      { numRuns: 2000 },
    );
  });

  it("handles every size up to the bound with all ranks asked, and refuses larger arrays", () => {
    let seed = 11;
    const r = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let n = 1; n <= SMALL_SELECT_MAX; n++) {
      // Few distinct values: long runs of ties stress the partition.
      const values = Array.from(
        { length: n },
        () => (Math.floor(r() * 4) - 2) * (r() < 0.5 ? 1 : 0.5) * (r() < 0.5 ? 1 : -1),
      );
      const sorted = Float64Array.from(values).sort();
      const a = Float64Array.from(values);
      const ks = Int32Array.from({ length: n }, (_, i) => i);
      selectRanksSmall(a, ks, n);
      expect(Float64Array.from(a).sort()).toEqual(sorted);
      for (let k = 0; k < n; k++) {
        const v = a[k] as number;
        expect(v === 0 ? signedZeroAt(a, k) : v).toBe(sorted[k]);
      }
    }
    expect(() => selectRanksSmall(new Float64Array(SMALL_SELECT_MAX + 1), new Int32Array([0]), 1)).toThrow(RangeError);
  });

  it("signedZeroAt reads −0 exactly where a sort puts the negative zeros", () => {
    const values = [0, -0, -2, 0, -0, 3, -0];
    const sorted = Float64Array.from(values).sort();
    const a = Float64Array.from(values);
    for (let k = 0; k < values.length; k++) {
      if (sorted[k] === 0) expect(Object.is(signedZeroAt(a, k), sorted[k])).toBe(true);
    }
    expect(Object.is(sorted[1], -0) && Object.is(sorted[4], 0)).toBe(true);
  });
});
