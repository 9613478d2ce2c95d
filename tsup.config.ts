import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { defineConfig, type Options } from "tsup";

// One entry per public subpath (DESIGN.md §4); keep in step with package.json "exports".
export const ENTRIES = {
  index: "src/index.ts",
  "events/index": "src/events/index.ts",
  "json-schema/index": "src/json-schema/index.ts",
  "fast/index": "src/fast/index.ts",
  "checks/index": "src/checks/index.ts",
  "metrics/index": "src/metrics/index.ts",
  "correlation/index": "src/correlation/index.ts",
  "stats/index": "src/stats/index.ts",
  "interop/index": "src/interop/index.ts",
  "timeseries/index": "src/timeseries/index.ts",
  "metadata/index": "src/metadata/index.ts",
  "api/index": "src/api/index.ts",
};

const DIST = "dist";

/** Dependencies bundled into dist/ (devDependencies, so users never install them): see LIBRARY. */
export const BUNDLED = ["date-fns", "@date-fns/tz"];

/**
 * dist/ without white space and with esbuild's syntax shortening, names kept (issue 18): V8 scans
 * every byte of an imported module before it runs, and this takes the root's cold import from
 * about 1053 M to 1029 M instructions (`import("zod")` alone ≈ 765 M). Renaming identifiers too
 * would save ≈ 15 M more, but stack traces and class names (`LatePoint`, …) would change, and
 * `keepNames` costs what the renaming saves. The source maps still map every position to src/.
 */
export const MINIFY = { minifyWhitespace: true, minifySyntax: true } as const;

/**
 * esbuild's code splitting emits an empty chunk for a pure re-export module (an `index.ts`
 * barrel) that several entry points reach, and a bare `import "./chunk-….js"` of it in each
 * (evanw/esbuild#1747, #2922, both open). Such a chunk holds no code, so it is deleted and the
 * bare imports of it are blanked with spaces (lines and columns stay, so the source maps still
 * line up).
 */
export function dropEmptyChunks(dir: string, skip?: string): string[] {
  const files = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => /\.(c?js)$/.test(f) && (skip === undefined || !f.startsWith(skip)),
  );
  const empty = files.filter((f) => {
    if (!/(^|\/)chunk-[A-Z0-9]+\.c?js$/.test(f)) return false;
    const code = readFileSync(join(dir, f), "utf8")
      .replace(/^\s*(["'])use strict\1;?/m, "")
      .replace(/^\/\/# sourceMappingURL=.*$/gm, "");
    return code.trim() === "";
  });
  if (empty.length === 0) return [];
  const names = empty.map((f) => f.slice(f.lastIndexOf("/") + 1));
  const chunk = `(?:\\.{1,2}/)+(?:${names.map((n) => n.replace(/\./g, "\\.")).join("|")})`;
  // `import "./chunk-X.js";` (ESM) and `require('../chunk-X.cjs');` (CJS, often mid-line).
  const bare = new RegExp(`import\\s*(["'])${chunk}\\1;?|require\\((["'])${chunk}\\2\\);?`, "g");
  for (const f of files) {
    if (empty.includes(f)) continue;
    const path = join(dir, f);
    const text = readFileSync(path, "utf8");
    const next = text.replace(bare, (m) => " ".repeat(m.length));
    if (names.some((n) => next.includes(n))) throw new Error(`dropEmptyChunks: ${f} still names an empty chunk`);
    if (next !== text) writeFileSync(path, next);
  }
  for (const f of empty) {
    rmSync(join(dir, f));
    rmSync(join(dir, `${f}.map`), { force: true });
  }
  return empty;
}

/**
 * An entry that only re-exports gets a source map with no mappings; it maps nothing, so it
 * is deleted along with the `sourceMappingURL` comment that names it.
 */
export function dropEmptySourceMaps(dir: string, skip?: string): string[] {
  const maps = readdirSync(dir, { recursive: true, encoding: "utf8" }).filter(
    (f) => f.endsWith(".map") && (skip === undefined || !f.startsWith(skip)),
  );
  const empty = maps.filter(
    (f) => (JSON.parse(readFileSync(join(dir, f), "utf8")) as { mappings: string }).mappings === "",
  );
  for (const f of empty) {
    const code = join(dir, f.slice(0, -".map".length));
    const text = readFileSync(code, "utf8");
    writeFileSync(code, text.replace(/\n?\/\/# sourceMappingURL=\S+\s*$/, "\n"));
    rmSync(join(dir, f));
  }
  return empty;
}

const LIBRARY: Options = {
  format: ["esm", "cjs"],
  // Declarations come from tsc (scripts/build-types.ts): seconds instead of a minute of
  // rollup-plugin-dts, one file per module.
  dts: false,
  sourcemap: true,
  target: "node20",
  splitting: true,
  // esbuild tree-shakes when it bundles; tsup's extra Rollup pass (treeshake: true) only
  // added warnings about the chunks esbuild had already made.
  treeshake: false,
  // import.meta.url in CJS (the lazy protobufjs loader in interop/otel/protobuf.ts) becomes
  // a __filename-based URL; esbuild alone would leave a syntax error in the .cjs files.
  shims: true,
  silent: true,
  // date-fns is bundled: resolving its subpaths at import (through a 199 KB package.json exports
  // map) cost ≈ 20 ms of the root's cold import, more than the six functions' code (issue 18).
  // Both are MIT-licensed; their notices ship in THIRD_PARTY_NOTICES.md.
  noExternal: BUNDLED,
  ...MINIFY,
};

export default defineConfig([
  {
    ...LIBRARY,
    entry: ENTRIES,
    // dist/cli is the second build's (both run at once; each cleans only its own files).
    clean: ["**/*", "!cli/**"],
    onSuccess: async () => {
      dropEmptyChunks(DIST, "cli/");
      dropEmptySourceMaps(DIST, "cli/");
    },
  },
  {
    // The CLI (package "bin"), ESM only; tsup keeps its shebang. Its `report` command loads a
    // chunk that bundles Vega, Vega-Lite and dagre (devDependencies, so library users never
    // install them); Vega uses top-level await, which a CommonJS build cannot express.
    ...LIBRARY,
    entry: { main: "src/cli/main.ts" },
    outDir: `${DIST}/cli`,
    format: ["esm"],
    sourcemap: false,
    clean: true,
    onSuccess: async () => {
      dropEmptyChunks(`${DIST}/cli`);
    },
  },
]);
