import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isHyphenatedUuid, UUID_PATTERN, Uuid } from "../../src/core/uuid.js";

// Forms from the uuid crate's `Uuid::try_parse` documentation (WIRE_FORMAT.md §1 rule 2).
const canonical = "67e55044-10b1-426f-9247-bb680e5fe0c8";

describe("Uuid", () => {
  it.each([
    ["67e55044-10b1-426f-9247-bb680e5fe0c8"],
    ["67E55044-10B1-426F-9247-BB680E5FE0C8"],
    ["67e5504410b1426f9247bb680e5fe0c8"],
    ["67E5504410B1426F9247BB680E5FE0C8"],
    ["{67e55044-10b1-426f-9247-bb680e5fe0c8}"],
    ["urn:uuid:67e55044-10b1-426f-9247-bb680e5fe0c8"],
  ])("reads %s as the lower-case hyphenated form", (input) => {
    expect(Uuid.parse(input)).toBe(canonical);
  });

  it.each([
    ["67e55044-10b1-426f-9247-bb680e5fe0c"],
    ["67e55044-10b1-426f-9247-bb680e5fe0cg"],
    ["67e55044_10b1_426f_9247_bb680e5fe0c8"],
    ["{67e5504410b1426f9247bb680e5fe0c8}"],
    ["URN:UUID:67e55044-10b1-426f-9247-bb680e5fe0c8"],
    [""],
  ])("rejects %s", (input) => {
    expect(Uuid.safeParse(input).error?.issues[0]?.message).toMatch(/^Invalid UUID/);
  });
});

describe("isHyphenatedUuid (the generated validators' test before UUID_PATTERN)", () => {
  it("is true only where UUID_PATTERN matches, and for every hyphenated form", () => {
    const hex = "0123456789abcdefABCDEF";
    const near = fc.constantFrom(..."0123456789abcdefABCDEFgG-{}:urn xé\u0660\uff10");
    const texts = fc.oneof(
      // hyphenated in any case
      fc.array(fc.constantFrom(...hex), { minLength: 32, maxLength: 32 }).map((d) => {
        const s = d.join("");
        return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
      }),
      // one character changed, or any string of nearby characters
      fc
        .tuple(fc.nat(35), near)
        .map(
          ([i, c]) =>
            `0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2e`.slice(0, i) +
            c +
            `0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2e`.slice(i + 1),
        ),
      fc.array(near, { minLength: 30, maxLength: 45 }).map((cs) => cs.join("")),
    );
    let hyphenated = 0;
    fc.assert(
      fc.property(texts, (text) => {
        const fast = isHyphenatedUuid(text);
        if (fast) hyphenated++;
        expect(fast, text).toBe(UUID_PATTERN.test(text) && text.length === 36);
      }),
      { numRuns: 5000, seed: 18 },
    );
    expect(hyphenated).toBeGreaterThan(1000);
    for (const text of ["0192F5A4-7C1E-7B3A-9D2E-4F6A8B0C1D2E", "0192f5a47c1e7b3a9d2e4f6a8b0c1d2e"]) {
      expect(isHyphenatedUuid(text)).toBe(text.length === 36);
    }
  });
});
