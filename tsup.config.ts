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

export default defineConfig({
  // The CLI (package "bin") builds beside the library entries; tsup keeps its shebang.
  entry: { ...ENTRIES, "cli/main": "src/cli/main.ts" },
  format: ["esm", "cjs"],
  dts: true,
  sourcemap: true,
  clean: true,
  target: "node20",
  splitting: true,
  treeshake: true,
});
