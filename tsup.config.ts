import { defineConfig } from "tsup";

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

export default defineConfig([
  {
    entry: ENTRIES,
    format: ["esm", "cjs"],
    dts: true,
    sourcemap: true,
    // dist/cli is the second build's (both run at once; each cleans only its own files).
    clean: ["**/*", "!cli/**"],
    target: "node20",
    splitting: true,
    treeshake: true,
  },
  {
    // The CLI (package "bin"), ESM only; tsup keeps its shebang. Its `report` command loads a
    // chunk that bundles Vega, Vega-Lite and dagre (devDependencies, so library users never
    // install them); Vega uses top-level await, which a CommonJS build cannot express.
    entry: { main: "src/cli/main.ts" },
    outDir: "dist/cli",
    format: ["esm"],
    dts: false,
    sourcemap: false,
    clean: true,
    target: "node20",
    splitting: true,
    treeshake: true,
  },
]);
