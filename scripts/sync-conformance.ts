/**
 * Copies the hub-verified fixtures of ../shared/conformance and ../shared/conformance-shipped
 * into test/conformance/{hub,shipped}/ and writes this project's own index beside each copy,
 * so the suite runs in a clone with nothing beside it. `test/conformance/sync.test.ts` fails
 * when a copy drifts from ../shared (when ../shared is there).
 *
 *   npm run sync-conformance
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { CONFORMANCE_SETS, type Fixture, setDir, sharedDir } from "../test/conformance/sets.js";

for (const set of CONFORMANCE_SETS) {
  const from = sharedDir(set);
  if (!existsSync(from)) throw new Error(`sync-conformance: ${from} not found`);
  const to = setDir(set);
  rmSync(to, { recursive: true, force: true });
  for (const kind of ["accept", "reject"]) {
    mkdirSync(join(to, kind), { recursive: true });
    for (const name of readdirSync(join(from, kind))) copyFileSync(join(from, kind, name), join(to, kind, name));
  }
  const index = (JSON.parse(readFileSync(join(from, "index.json"), "utf8")) as Fixture[])
    .map(({ file, type, expect, why }) => (why === undefined ? { file, type, expect } : { file, type, expect, why }))
    .sort((a, b) => a.file.localeCompare(b.file));
  writeFileSync(join(to, "index.json"), `${JSON.stringify(index, null, 1)}\n`);
  console.log(`${set}: ${index.length} fixtures → ${to}`);
}
