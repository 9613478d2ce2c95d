import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CONFORMANCE_SETS, readIndex, setDir, sharedDir } from "./fixtures.js";

// The suite reads its own copy of the hub-verified fixtures, so a plain clone runs it. Where
// ../shared is present (developers, CI) the copy must equal it, byte for byte and entry for entry;
// `npm run sync-conformance` refreshes it.
describe.each(CONFORMANCE_SETS)("the %s fixture copy", (set) => {
  const local = setDir(set);

  it("indexes every document it holds, and only those", () => {
    const files = ["accept", "reject"].flatMap((kind) => readdirSync(join(local, kind)).map((f) => `${kind}/${f}`));
    expect(
      readIndex(set)
        .map((f) => f.file)
        .sort(),
    ).toEqual(files.sort());
    for (const f of readIndex(set)) expect(f.file.startsWith(`${f.expect}/`), f.file).toBe(true);
  });

  const shared = sharedDir(set);
  it.runIf(existsSync(shared))(`is identical to ${shared}`, () => {
    const original = JSON.parse(readFileSync(join(shared, "index.json"), "utf8")) as { file: string }[];
    const byFile = (a: { file: string }, b: { file: string }) => a.file.localeCompare(b.file);
    expect([...readIndex(set)].sort(byFile)).toEqual([...original].sort(byFile));
    for (const kind of ["accept", "reject"]) {
      const names = readdirSync(join(shared, kind)).sort();
      expect(readdirSync(join(local, kind)).sort(), `${set}/${kind}`).toEqual(names);
      for (const name of names) {
        const same = readFileSync(join(shared, kind, name)).equals(readFileSync(join(local, kind, name)));
        expect(same, `${set}/${kind}/${name} differs from ../shared (run npm run sync-conformance)`).toBe(true);
      }
    }
  });
});
