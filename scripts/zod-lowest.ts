/**
 * The conformance suite and the type tests on the lowest Zod of the peer range
 * (package.json `peerDependencies.zod`, installed as the devDependency "zod-lowest"); `npm test`
 * covers the newest (the devDependency "zod"). One line per step; a failing step's output in full.
 *
 *   npm run test:zod-lowest
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const version = (name: string): string =>
  (JSON.parse(readFileSync(join(root, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
const lowest = version("zod-lowest");

const steps: { name: string; command: string[]; env?: Record<string, string> }[] = [
  {
    name: `tsc (type tests) on zod ${lowest}`,
    command: [
      process.execPath,
      join(root, "node_modules", "typescript", "bin", "tsc"),
      "-p",
      "tsconfig.zod-lowest.json",
    ],
  },
  {
    name: `conformance suite on zod ${lowest}`,
    command: [
      join(root, "node_modules", ".bin", "vitest"),
      "run",
      "test/conformance",
      "test/peer",
      "--typecheck.enabled=false",
      // Not the config's CI JSON reporter: .ci/vitest-report.json keeps npm test's counts.
      "--reporter=default",
    ],
    env: { ZOD_UNDER_TEST: "lowest" },
  },
];

let failed = 0;
for (const step of steps) {
  const started = performance.now();
  const [command, ...args] = step.command as [string, ...string[]];
  const run = spawnSync(command, args, {
    cwd: root,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1", ...step.env },
    maxBuffer: 256 << 20,
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  if (run.status === 0) console.log(`ok    ${step.name} (${seconds}s)`);
  else {
    failed++;
    console.log(`FAIL  ${step.name} (${seconds}s)\n${run.stdout}${run.stderr}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
