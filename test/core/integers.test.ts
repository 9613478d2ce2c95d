import { describe, expect, it } from "vitest";
import { f64, i64, u8, u16, u32, u64 } from "../../src/core/integers.js";

// Ranges of Rust's integer types (u8::MAX = 255, u16::MAX = 65535, u32::MAX = 4294967295)
// and JavaScript's Number.MAX_SAFE_INTEGER = 2^53 − 1 (ECMA-262 §21.1.2.6).
describe("integer widths", () => {
  it("accept their whole range", () => {
    expect(u8().parse(255)).toBe(255);
    expect(u16().parse(65535)).toBe(65535);
    expect(u32().parse(4294967295)).toBe(4294967295);
    expect(u64().parse(9007199254740991)).toBe(9007199254740991);
    expect(i64().parse(-9007199254740991)).toBe(-9007199254740991);
    expect(u32().parse(0)).toBe(0);
  });

  it.each([
    [u8(), 256, /u8: 256 is above the u8 maximum 255/],
    [u16(), 70000, /u16: 70000 is above the u16 maximum 65535/],
    [u32(), 4294967296, /u32: 4294967296 is above the u32 maximum/],
    [u32(), -1, /u32: -1 is below 0/],
    [u32(), 12.5, /u32: expected an integer, received 12.5/],
    [u64(), 2 ** 64, /u64: .* is beyond 2\^53 − 1 .* losing precision/],
    [u64(), 9007199254740992, /u64: 9007199254740992 is beyond 2\^53 − 1/],
    [i64(), 0.5, /i64: expected an integer/],
    [u32(), "12", /u32: expected a number, received string/],
  ])("reject out-of-range and non-integers with a reason (%#)", (schema, value, message) => {
    expect(schema.safeParse(value).error?.issues[0]?.message).toMatch(message);
  });

  it("f64 rejects NaN and ±Infinity (JSON has neither; the hub writes them as null)", () => {
    for (const v of [Number.NaN, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY]) {
      expect(f64().safeParse(v).success).toBe(false);
    }
    expect(f64().parse(3e-6)).toBe(0.000003);
    expect(f64().parse(-0)).toBe(-0);
  });
});
