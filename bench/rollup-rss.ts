/*
 * Peak memory of the CLI's `rollup` on a large input (docs/performance.md, "CLI rollup"). Not a
 * timed test: a measurement, run by hand.
 *
 *   npm run build && npx tsx bench/rollup-rss.ts [--gb 1] [--dir /tmp] [--keep]
 *
 * Writes about `--gb` GB of synthetic events with the CLI's own `generate` (7 days of traffic, in
 * time order as generated) into a temporary directory, runs the built CLI's `rollup` over it
 * (1-minute windows by model, then 1-hour windows by model and region with sketches), and prints
 * each run's peak resident set size (getrusage ru_maxrss of the child, read at its exit), CPU time
 * and output size; then the same 1-minute rollup on the file with its second half first (out of
 * time order: read twice). The input is deleted at the end unless --keep.
 */
import { spawnSync } from "node:child_process";
import {
  closeSync,
  createReadStream,
  createWriteStream,
  mkdtempSync,
  openSync,
  readSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pipeline } from "node:stream/promises";
import { fileURLToPath } from "node:url";

const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : (args[at + 1] as string);
};
const gb = Number(flag("--gb", "1"));
const keep = args.includes("--keep");
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const cli = join(root, "dist", "cli", "main.js");
const dir = mkdtempSync(join(flag("--dir", tmpdir()), "rollup-rss-"));
// Reports the child's own peak RSS and CPU time as it exits.
const probe = join(dir, "probe.cjs");
writeFileSync(
  probe,
  `process.on("exit", () => { const u = process.resourceUsage(); require("fs").writeSync(2, "\\nPROBE " + JSON.stringify({ maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000 }) + "\\n"); });\n`,
);

function run(argv: readonly string[]): { maxRssMb: number; cpuS: number; wallS: number; stdoutBytes: number } {
  const t0 = Date.now();
  const child = spawnSync(process.execPath, ["--require", probe, cli, ...argv], {
    maxBuffer: 1 << 30,
    encoding: "buffer",
  });
  const stderr = child.stderr.toString("utf8");
  const found = /PROBE (\{.*\})/.exec(stderr);
  if (child.status !== 0 || found === null)
    throw new Error(`${argv.join(" ")} failed (${child.status}): ${stderr.slice(0, 2000)}`);
  const p = JSON.parse(found[1] as string) as { maxRssKb: number; cpuMs: number };
  return {
    maxRssMb: p.maxRssKb / 1024,
    cpuS: p.cpuMs / 1000,
    wallS: (Date.now() - t0) / 1000,
    stdoutBytes: child.stdout.length,
  };
}

try {
  // Bytes per event from a sample, then enough events for the size asked.
  const sample = join(dir, "sample.ndjson");
  run(["generate", "--events", "20000", "--span", "7d", "--out", sample]);
  const perEvent = statSync(sample).size / 20000;
  const events = Math.ceil((gb * 1e9) / perEvent);
  const input = join(dir, "events.ndjson");
  const gen = run(["generate", "--events", String(events), "--span", "7d", "--out", input]);
  const bytes = statSync(input).size;
  console.log(
    `input: ${events} events, ${(bytes / 1e6).toFixed(0)} MB (generate: ${gen.wallS.toFixed(0)} s wall, ${gen.maxRssMb.toFixed(0)} MB peak)`,
  );
  const cases = [
    ["-w", "1m", "--field", "total_latency_ms", "--by", "model_id"],
    ["-w", "1h", "--field", "total_latency_ms", "--by", "model_id", "--by", "region", "--sketch"],
  ];
  for (const c of cases) {
    const r = run(["rollup", input, ...c]);
    console.log(
      `rollup ${c.join(" ")}: peak RSS ${r.maxRssMb.toFixed(0)} MB, ${r.cpuS.toFixed(1)} s CPU, ${r.wallS.toFixed(1)} s wall, ${(bytes / 1e6 / r.cpuS).toFixed(1)} MB/s CPU, output ${(r.stdoutBytes / 1e6).toFixed(1)} MB`,
    );
  }
  // Out of time order: the second half of the file first. The first reading stops at the first
  // event for a closed window; the second holds every value.
  const swapped = join(dir, "swapped.ndjson");
  const fd = openSync(input, "r");
  const probeBuffer = Buffer.alloc(1 << 16);
  readSync(fd, probeBuffer, 0, probeBuffer.length, Math.floor(bytes / 2));
  closeSync(fd);
  const middle = Math.floor(bytes / 2) + probeBuffer.indexOf(10) + 1;
  await pipeline(createReadStream(input, { start: middle }), createWriteStream(swapped));
  await pipeline(createReadStream(input, { start: 0, end: middle - 1 }), createWriteStream(swapped, { flags: "a" }));
  rmSync(input);
  const c = cases[0] as string[];
  const r = run(["rollup", swapped, ...c]);
  console.log(
    `rollup ${c.join(" ")}, second half first: peak RSS ${r.maxRssMb.toFixed(0)} MB, ${r.cpuS.toFixed(1)} s CPU (two readings), ${r.wallS.toFixed(1)} s wall, output ${(r.stdoutBytes / 1e6).toFixed(1)} MB`,
  );
} finally {
  if (keep) console.log(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
