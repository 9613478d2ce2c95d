/**
 * Writes the declaration files of the package: `tsc -p tsconfig.build.json` emits one `.d.ts`
 * per module of the library into dist/ (as the ESM side reads them), then each is copied to a
 * `.d.cts` whose relative imports name `.cjs` files, so the CommonJS side resolves a CommonJS
 * declaration graph (node16 reads a `.d.ts` in a `"type": "module"` package as ESM).
 *
 * One type-check of src/ (a few seconds) instead of bundling declarations per entry point:
 * the modules keep their own names, so hovers and a consumer's emitted .d.ts name the
 * library's types (`import("llm-analytics-hub/events").AnalyticsEvent`), not a copy of them.
 *
 *   npx tsx scripts/build-types.ts
 */
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.build.json")], {
  cwd: root,
  encoding: "utf8",
});
if (run.status !== 0) {
  process.stderr.write(`build-types: tsc failed\n${run.stdout}${run.stderr}`);
  process.exit(1);
}

// `from "./x.js"`, `import("./x.js")` and `import "./x.js"` with a relative specifier.
const RELATIVE_JS = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\.js\2/g;

/** The CommonJS twin of a declaration file: relative `.js` specifiers become `.cjs`. */
export function toCjsDeclaration(text: string): string {
  return text.replace(
    RELATIVE_JS,
    (_m, lead: string, quote: string, path: string) => `${lead}${quote}${path}.cjs${quote}`,
  );
}

function* declarations(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith(".d.ts")) yield path;
  }
}

let count = 0;
for (const file of declarations(dist)) {
  const text = readFileSync(file, "utf8");
  const cjs = toCjsDeclaration(text);
  if (/(["'])\.{1,2}\/[^"']*\.js\1/.test(cjs)) {
    throw new Error(`build-types: ${relative(root, file)} keeps a relative .js specifier the rewrite missed`);
  }
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), cjs);
  count++;
}
console.log(`build-types: ${count} declaration files, each as .d.ts and .d.cts`);
