import { describe, expect, it } from "vitest";
import { decimals, floatEqual, halfStep, isRoundingOf, isSumWithinRounding } from "../../src/checks/tolerance.js";

describe("decimals", () => {
  // ECMA-262 Number::toString writes the shortest spelling that round-trips: 0.1 + 0.2 is
  // "0.30000000000000004" (17 decimals) and 1.17e-2 is "0.0117" (4).
  it("counts the decimals of the shortest round-trip spelling", () => {
    expect([1.2, 0.0005505, 1.17e-2, 1e21, 100, 1.5e-7, 0.1 + 0.2, -2.5].map(decimals)).toEqual([
      1, 7, 4, 0, 0, 8, 17, 1,
    ]);
  });

  it("gives half a unit in the last place, never coarser than the minimum", () => {
    expect(halfStep(1.2)).toBe(0.05);
    expect(halfStep(3)).toBe(0.5);
    expect(halfStep(3, { minDecimals: 2 })).toBe(0.005);
  });
});

describe("isRoundingOf", () => {
  const rate = (2211 / 184220) * 100; // 1.20019541…%
  it("accepts the exact value and its roundings to the decimals written", () => {
    expect(isRoundingOf({ stored: rate, exact: rate })).toBe(true);
    expect(isRoundingOf({ stored: 1.2, exact: rate })).toBe(true);
    expect(isRoundingOf({ stored: 1, exact: rate })).toBe(true);
    expect(isRoundingOf({ stored: 1.2002, exact: rate })).toBe(true);
  });

  it("rejects values that no rounding of the exact value gives", () => {
    expect(isRoundingOf({ stored: 1.25, exact: rate })).toBe(false);
    expect(isRoundingOf({ stored: 1.3, exact: rate })).toBe(false);
    expect(isRoundingOf({ stored: 2, exact: rate })).toBe(false);
    expect(isRoundingOf({ stored: 1.2003, exact: rate })).toBe(false);
  });

  it("allows USD amounts to be rounded to the cent and no coarser", () => {
    expect(isRoundingOf({ stored: 0, exact: 0.0005505, minDecimals: 2 })).toBe(true); // $0.00
    expect(isRoundingOf({ stored: 0.001, exact: 0.0005505, minDecimals: 2 })).toBe(true); // to 3 decimals
    expect(isRoundingOf({ stored: 0.0011, exact: 0.0005505, minDecimals: 2 })).toBe(false);
    expect(isRoundingOf({ stored: 12.35, exact: 12.3456789, minDecimals: 2 })).toBe(true);
    expect(isRoundingOf({ stored: 12, exact: 12.3456789, minDecimals: 2 })).toBe(false); // whole dollars are too coarse
  });

  it("accepts floating-point noise within 1e-9 relative", () => {
    expect(floatEqual(0.1 + 0.2, 0.3)).toBe(true);
    expect(isRoundingOf({ stored: 2150 * 0.00000015 + 380 * 0.0000006, exact: 0.0005505, minDecimals: 2 })).toBe(true);
    expect(isRoundingOf({ stored: 0.30000001, exact: 0.3 })).toBe(false);
  });
});

describe("isSumWithinRounding", () => {
  it("allows each part and the total their rounding", () => {
    // 18.2 + 771.9 + 41.1 + 11.5 = 842.7; five one-decimal numbers allow ±0.25.
    expect(isSumWithinRounding(842.7, [18.2, 771.9, 41.1, 11.5])).toBe(true);
    expect(isSumWithinRounding(842.9, [18.2, 771.9, 41.1, 11.5])).toBe(true);
    expect(isSumWithinRounding(842.95, [18.2, 771.9, 41.1, 11.5])).toBe(false);
    expect(isSumWithinRounding(843, [18.2, 771.9, 41.1, 11.5])).toBe(true); // a whole-ms total may be 842.7 rounded
  });

  it("treats an exact total as exact", () => {
    expect(isSumWithinRounding(1, [0.33, 0.33, 0.33], true)).toBe(true);
    expect(isSumWithinRounding(1, [0.5, 0.3, 0.5], true)).toBe(false);
  });
});
