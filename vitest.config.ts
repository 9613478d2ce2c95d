import { defineConfig } from "vitest/config";

// ZOD_UNDER_TEST=lowest runs the suite on the lowest Zod of the peer range (the devDependency
// "zod-lowest"; scripts/zod-lowest.ts). Only this project's own imports of "zod" are redirected.
const lowestZod = process.env.ZOD_UNDER_TEST === "lowest";

export default defineConfig({
  resolve: { alias: lowestZod ? [{ find: /^zod$/, replacement: "zod-lowest" }] : [] },
  test: {
    include: ["test/**/*.test.ts"],
    // A guard against hangs, not a speed check (speed is measured in npm run bench): generous, so
    // a test that spawns processes passes on a loaded 2-core machine too.
    testTimeout: 60_000,
    // Under CI a JSON report beside the console one lets .ci/run print the closing counts.
    reporters: process.env.CI ? ["default", ["json", { outputFile: ".ci/vitest-report.json" }]] : ["default"],
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"], tsconfig: "./tsconfig.json" },
  },
});
