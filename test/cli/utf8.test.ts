import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { firstInvalidUtf8 } from "../../src/cli/utf8.js";

const fatal = new TextDecoder("utf-8", { fatal: true });
const wellFormed = (b: Uint8Array): boolean => {
  try {
    fatal.decode(b);
    return true;
  } catch {
    return false;
  }
};

describe("firstInvalidUtf8", () => {
  // The Unicode Standard, chapter 3, Table 3-7 (Well-Formed UTF-8 Byte Sequences).
  it.each([
    ["ASCII", [0x41, 0x42], -1],
    ["two bytes U+00E9", [0xc3, 0xa9], -1],
    ["E0 needs A0..BF next (overlong otherwise)", [0xe0, 0x9f, 0x80], 0],
    ["ED A0 is a surrogate", [0x41, 0xed, 0xa0, 0x80], 1],
    ["F4 90 is above U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 0],
    ["C0 and C1 never occur", [0xc1, 0xbf], 0],
    ["a lone continuation byte", [0x41, 0x80], 1],
    ["a truncated sequence at the end", [0x41, 0xe2, 0x82], 1],
    ["0xFF never occurs", [0x41, 0x42, 0xff], 2],
    ["F0 90 80 80 is U+10000", [0xf0, 0x90, 0x80, 0x80], -1],
  ])("%s", (_name, input, expected) => {
    expect(firstInvalidUtf8(Uint8Array.from(input))).toBe(expected);
  });

  it("agrees with the WHATWG decoder (TextDecoder, fatal) on arbitrary bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 24 }), (b) => {
        const at = firstInvalidUtf8(b);
        expect(at === -1).toBe(wellFormed(b));
        if (at >= 0) {
          expect(wellFormed(b.subarray(0, at))).toBe(true);
        }
      }),
      { numRuns: 2000 },
    );
  });
});
