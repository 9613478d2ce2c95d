import { describe, expect, it } from "vitest";
import * as z from "zod";
import { externalEnum, tagUnion } from "../../src/core/tagging.js";

describe("tagUnion (serde internal tagging)", () => {
  const Shape = tagUnion("Shape", "kind", {
    circle: z.object({ r: z.number() }),
    free: z.object({}).catchall(z.number()),
  });

  it("reads the tag in any position and keeps a variant's flattened keys", () => {
    expect(Shape.parse({ r: 2, kind: "circle" })).toEqual({ kind: "circle", r: 2 });
    expect(Shape.parse({ a: 1, kind: "free", b: 2 })).toEqual({ kind: "free", a: 1, b: 2 });
  });

  it("names a missing or unknown tag", () => {
    expect(Shape.safeParse({ r: 1 }).error?.issues[0]?.message).toBe(
      'Invalid Shape: missing field "kind" (one of "circle", "free")',
    );
    expect(Shape.safeParse({ kind: "square" }).error?.issues[0]?.message).toBe(
      'Invalid Shape: unknown kind "square", expected one of "circle", "free"',
    );
  });
});

describe("externalEnum (serde external tagging)", () => {
  const Kind = externalEnum("Kind", ["a", "b"], "other", z.string());

  it("reads unit variants as strings and the data variant as a one-key object", () => {
    expect(Kind.parse("a")).toBe("a");
    expect(Kind.parse({ other: "x" })).toEqual({ other: "x" });
  });

  // WIRE_FORMAT.md §1 rule 6: bare "other" is rejected, the key is case-sensitive, one key only.
  it.each([["other"], [{ Other: "x" }], [{ other: "x", extra: 1 }], [{ other: null }], ["A"]])("rejects %j", (v) => {
    expect(Kind.safeParse(v).success).toBe(false);
  });

  it("explains the bare data-variant name", () => {
    expect(Kind.safeParse("other").error?.issues[0]?.message).toBe(
      'Invalid Kind: a bare "other" is not accepted; write the one-key object {"other": …}',
    );
  });
});
