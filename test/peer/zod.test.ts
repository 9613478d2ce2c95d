import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import pkg from "../../package.json" with { type: "json" };

// Zod is a peer dependency: the user's Zod is the one the library's schemas are built with.
// CI runs the conformance suite and the type tests on the lowest version of the stated range
// (the devDependency "zod-lowest", ZOD_UNDER_TEST=lowest) and on the newest (the devDependency "zod").
const root = join(import.meta.dirname, "..", "..");
const installed = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

describe("the Zod peer range", () => {
  it("is a peer dependency, not a dependency, with a caret range on Zod 4", () => {
    expect(pkg.peerDependencies.zod).toMatch(/^\^4\.\d+\.\d+$/);
    expect((pkg as { dependencies?: Record<string, string> }).dependencies?.zod).toBeUndefined();
  });

  it("tests its floor: the zod-lowest devDependency is exactly the range's lowest version", () => {
    const floor = pkg.peerDependencies.zod.slice(1);
    expect(pkg.devDependencies["zod-lowest"]).toBe(`npm:zod@${floor}`);
    expect(installed("zod-lowest")).toBe(floor);
  });

  it("runs on the Zod this run is meant to test", () => {
    const expected = process.env.ZOD_UNDER_TEST === "lowest" ? installed("zod-lowest") : installed("zod");
    const { major, minor, patch } = z.core.version;
    expect(`${major}.${minor}.${patch}`).toBe(expected);
  });
});
