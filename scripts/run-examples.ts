// Runs every script in examples/ (each asserts what it shows) and fails if any fails.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";

const dir = join(import.meta.dirname, "..", "examples");
const files = readdirSync(dir)
  .filter((f) => f.endsWith(".ts"))
  .sort();
let failed = 0;
for (const file of files) {
  const run = spawnSync(process.execPath, ["--import", "tsx", join(dir, file)], { encoding: "utf8" });
  if (run.status === 0) {
    console.log(`ok   examples/${file}`);
  } else {
    failed++;
    console.log(`FAIL examples/${file}\n${run.stdout}${run.stderr}`);
  }
}
console.log(`examples: ${files.length - failed} passed, ${failed} failed`);
if (failed > 0 || files.length === 0) process.exit(1);
