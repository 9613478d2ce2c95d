import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

// DESIGN.md §1 and §4: src/stats is the bottom layer and `./stats` must not pull in Zod.
const dir = join(import.meta.dirname, "..", "..", "src", "stats");

describe("src/stats boundary", () => {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));

  it.each(files)("%s imports only relative modules inside src/stats", (file) => {
    const text = readFileSync(join(dir, file), "utf8");
    const specifiers = [...text.matchAll(/(?:import|export)[^;]*?from\s+"([^"]+)"/g)].map((m) => m[1]);
    for (const s of specifiers) {
      expect(s, `${file} imports ${s}`).toMatch(/^\.\/[\w-]+\.js$/);
    }
  });
});
