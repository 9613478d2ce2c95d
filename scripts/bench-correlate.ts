/*
 * npm run bench:correlate [-- --runs N] [-- --events N]
 *
 * The figure of docs/performance.md#correlate: the built CLI's `correlate` on a week of
 * generated traffic (330,000 events, about 205 MB of NDJSON, an injected incident), timed as a
 * user runs it (a fresh process, output to /dev/null), with GNU time's peak resident set size.
 * The baseline is `validate` of the same file in the same way: it reads and decodes every
 * record too, so the difference is the analysis. Medians of N runs (default 3). Needs
 * `npm run build` first (the dist binary is what users run) and /usr/bin/time.
 */
import { spawnSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";

const args = process.argv.slice(2);
const option = (name: string, fallback: number): number => {
  const at = args.indexOf(name);
  return at === -1 ? fallback : Number(args[at + 1]);
};
const runs = option("--runs", 3);
const events = option("--events", 330_000);
const root = join(import.meta.dirname, "..");
const cli = join(root, "dist", "cli", "main.js");
if (!existsSync(cli)) throw new Error("bench-correlate: build first (npm run build): dist/cli/main.js is missing");
if (!existsSync("/usr/bin/time"))
  throw new Error("bench-correlate: needs GNU time at /usr/bin/time (apt-get install time)");

const file = join(tmpdir(), `llm-hub-bench-${events}.ndjson`);
if (!existsSync(file)) {
  const gen = spawnSync(
    process.execPath,
    [cli, "generate", "--events", String(events), "--span", "7d", "--seed", "1", "--incident", "--out", file],
    { encoding: "utf8" },
  );
  if (gen.status !== 0) throw new Error(`bench-correlate: generate failed: ${gen.stderr}`);
}
const bytes = statSync(file).size;

interface Run {
  readonly seconds: number;
  /** User + system CPU time: what the run costs whatever else the machine is doing. */
  readonly cpu: number;
  readonly rssMb: number;
}

function timed(command: readonly string[]): Run {
  const run = spawnSync("/usr/bin/time", ["-f", "%e %M %U %S", process.execPath, cli, ...command], {
    encoding: "utf8",
    stdio: ["ignore", "ignore", "pipe"],
    maxBuffer: 1 << 26,
  });
  const last = run.stderr.trim().split("\n").pop() ?? "";
  const [seconds, kb, user, system] = last.split(" ").map(Number);
  if (!(seconds! >= 0) || !(kb! > 0)) throw new Error(`bench-correlate: cannot read GNU time's output: ${run.stderr}`);
  return { seconds: seconds!, cpu: user! + system!, rssMb: kb! / 1024 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 === 1 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};

const correlate: Run[] = [];
const validate: Run[] = [];
for (let i = 0; i < runs; i++) {
  validate.push(timed(["validate", file]));
  correlate.push(timed(["correlate", file, "--format", "json"]));
}
const summary = (rs: readonly Run[]) => ({
  seconds: median(rs.map((r) => r.seconds)),
  cpu: median(rs.map((r) => r.cpu)),
  rss: Math.max(...rs.map((r) => r.rssMb)),
});
const c = summary(correlate);
const v = summary(validate);
console.log(
  `${events.toLocaleString("en-US")} events, ${(bytes / 1e6).toFixed(0)} MB; ${cpus().length} cores (${cpus()[0]?.model ?? "?"}), Node ${process.version}; median of ${runs} runs; load average ${loadavg()[0]?.toFixed(1)} at the end`,
);
console.log("| command | wall time (median) | CPU time, user + sys (median) | peak RSS (max) |");
console.log("| --- | --- | --- | --- |");
console.log(`| correlate --format json | ${c.seconds.toFixed(2)} s | ${c.cpu.toFixed(2)} s | ${c.rss.toFixed(0)} MB |`);
console.log(
  `| validate (baseline: read and decode only) | ${v.seconds.toFixed(2)} s | ${v.cpu.toFixed(2)} s | ${v.rss.toFixed(0)} MB |`,
);
console.log(
  `correlate / validate: ${(c.seconds / v.seconds).toFixed(2)}× the wall time, ${(c.cpu / v.cpu).toFixed(2)}× the CPU time`,
);
console.log(
  `runs: correlate ${correlate.map((r) => r.seconds.toFixed(2)).join(", ")} s; validate ${validate.map((r) => r.seconds.toFixed(2)).join(", ")} s`,
);
