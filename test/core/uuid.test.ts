import { describe, expect, it } from "vitest";
import { Uuid } from "../../src/core/uuid.js";

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
