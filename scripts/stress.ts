/*
 * `npm run stress`: validate a generated ~1 GB NDJSON file with the CLI and measure it.
 *
 *   npm run stress                       1024 MiB, 10% invalid lines, temp dir removed after
 *   npm run stress -- --size-mb 256 --invalid-percent 25 --keep
 *
 * 1. Writes NDJSON to a temp dir: the AnalyticsEvent documents the Rust hub accepts (the
 *    conformance fixtures, each line with its own event_id) mixed with lines it rejects (the
 *    reject fixtures, invalid UTF-8, cut-off JSON, blank lines) and one 8 MiB line.
 * 2. Runs `node --import tsx src/cli/main.ts validate FILE --out OUT --rejects REJ`, polling the
 *    child's VmHWM (peak resident set) in /proc every 20 ms.
 * 3. Checks, streaming (no file is loaded whole), that every input line is in exactly one of the
 *    two outputs: the multiset of line hashes (SHA-256, summed mod 2^64 in two lanes, with the
 *    count) of the input equals that of OUT plus REJ; and that OUT holds exactly the valid lines
 *    and REJ the invalid ones.
 * 4. Prints peak RSS, wall time, throughput, lines in and out. docs/hardening.md records a run.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { createReadStream, createWriteStream, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const CONFORMANCE = join(ROOT, "test", "conformance", "hub");

function option(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? (process.argv[i + 1] ?? fallback) : fallback;
}
const sizeMb = Number(option("size-mb", "1024"));
const invalidPercent = Number(option("invalid-percent", "10"));
const keep = process.argv.includes("--keep");
if (!(sizeMb > 0)) throw new RangeError(`stress: --size-mb must be positive, received ${option("size-mb", "")}`);
if (!(invalidPercent >= 0 && invalidPercent <= 100)) {
  throw new RangeError(`stress: --invalid-percent must be within [0, 100], received ${invalidPercent}`);
}

interface Fixture {
  file: string;
  type: string;
  expect: "accept" | "reject";
}
const index: Fixture[] = JSON.parse(readFileSync(join(CONFORMANCE, "index.json"), "utf8"));
const compact = (file: string) => JSON.stringify(JSON.parse(readFileSync(join(CONFORMANCE, file), "utf8")));
const events = index.filter((f) => f.type === "AnalyticsEvent");
const valid = events.filter((f) => f.expect === "accept").map((f) => compact(f.file));
const rejected = events
  .filter((f) => f.expect === "reject")
  .map((f) => readFileSync(join(CONFORMANCE, f.file), "utf8"))
  // A reject fixture whose defect is JSON text (a repeated key, 12.0) keeps its spelling on one line.
  .map((text) => text.replace(/\s*\n\s*/g, " ").trim());

const ID = /"event_id":"[^"]*"/;
/** A distinct id per line: uuid-shaped hex of the line number. */
function idOf(n: number): string {
  const hex = n.toString(16).padStart(32, "0");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/** Line `n` and whether the hub accepts it. Deterministic in n. */
function line(n: number): { bytes: Buffer; valid: boolean } {
  const invalid = (n * 2654435761) % 100 < invalidPercent;
  if (!invalid) {
    const base = valid[n % valid.length] as string;
    const text = ID.test(base)
      ? base.replace(ID, `"event_id":"${idOf(n)}"`)
      : base.replace("{", `{"event_id":"${idOf(n)}",`);
    return { bytes: Buffer.from(`${text}\n`), valid: true };
  }
  switch (n % 5) {
    case 0:
      return { bytes: Buffer.from("\n"), valid: false }; // blank line
    case 1: {
      const base = valid[n % valid.length] as string;
      return { bytes: Buffer.from(`${base.slice(0, base.length >> 1)}\n`), valid: false }; // cut off
    }
    case 2: {
      const base = Buffer.from((valid[n % valid.length] as string).replace('"environment":"', '"environment":"\u0000'));
      const at = base.indexOf(0);
      base[at] = 0xff; // invalid UTF-8 inside a string
      return { bytes: Buffer.concat([base, Buffer.from("\n")]), valid: false };
    }
    default:
      return { bytes: Buffer.from(`${rejected[n % rejected.length]}\n`), valid: false };
  }
}

async function generate(path: string): Promise<{ lines: number; valid: number; bytes: number }> {
  const out = createWriteStream(path);
  const target = sizeMb * 1024 * 1024;
  let bytes = 0;
  let lines = 0;
  let validLines = 0;
  const write = (b: Buffer) =>
    new Promise<void>((resolve) => {
      if (out.write(b)) resolve();
      else out.once("drain", resolve);
    });
  // One very long valid line: an 8 MiB environment string.
  const long = (valid[0] as string).replace('"environment":"', `"environment":"${"x".repeat(8 * 1024 * 1024)}`);
  await write(Buffer.from(`${long}\n`));
  bytes += Buffer.byteLength(long) + 1;
  lines++;
  validLines++;
  const chunk: Buffer[] = [];
  let chunkBytes = 0;
  for (let n = 1; bytes < target; n++) {
    const l = line(n);
    chunk.push(l.bytes);
    chunkBytes += l.bytes.length;
    bytes += l.bytes.length;
    lines++;
    if (l.valid) validLines++;
    if (chunkBytes > 1 << 20) {
      await write(Buffer.concat(chunk));
      chunk.length = 0;
      chunkBytes = 0;
    }
  }
  await write(Buffer.concat(chunk));
  await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
  return { lines, valid: validLines, bytes };
}

interface Fingerprint {
  lines: number;
  a: bigint;
  b: bigint;
}
const MASK = (1n << 64n) - 1n;

/** The multiset of a file's lines (terminator included), streaming. */
async function fingerprint(path: string): Promise<Fingerprint> {
  const fp: Fingerprint = { lines: 0, a: 0n, b: 0n };
  let pending: Buffer[] = [];
  const add = (bytes: Buffer) => {
    const h = createHash("sha256").update(bytes).digest();
    fp.a = (fp.a + h.readBigUInt64BE(0)) & MASK;
    fp.b = (fp.b + h.readBigUInt64BE(8)) & MASK;
    fp.lines++;
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, start)) {
      pending.push(chunk.subarray(start, i + 1));
      add(Buffer.concat(pending));
      pending = [];
      start = i + 1;
    }
    if (start < chunk.length) pending.push(Buffer.from(chunk.subarray(start)));
  }
  if (pending.length > 0) add(Buffer.concat(pending));
  return fp;
}

async function peakRss(pid: number): Promise<number> {
  try {
    const status = await readFile(`/proc/${pid}/status`, "utf8");
    const m = /VmHWM:\s+(\d+) kB/.exec(status);
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

async function validate(input: string, out: string, rejects: string) {
  const started = process.hrtime.bigint();
  const child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      join(ROOT, "src/cli/main.ts"),
      "validate",
      input,
      "--out",
      out,
      "--rejects",
      rejects,
      "--format",
      "json",
    ],
    { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] },
  );
  let peak = 0;
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => {
    stdout += d;
  });
  child.stderr.on("data", (d) => {
    if (stderr.length < 1 << 20) stderr += d;
  });
  const timer = setInterval(async () => {
    peak = Math.max(peak, await peakRss(child.pid as number));
  }, 20);
  const code = await new Promise<number | null>((resolve) => child.on("exit", (c) => resolve(c)));
  clearInterval(timer);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return { code, seconds, peak, stdout, stderr };
}

const mib = (b: number) => `${(b / 1024 / 1024).toFixed(1)} MiB`;

const dir = mkdtempSync(join(tmpdir(), "llm-analytics-hub-stress-"));
try {
  const input = join(dir, "events.ndjson");
  const out = join(dir, "valid.ndjson");
  const rejects = join(dir, "rejects.ndjson");
  console.log(`stress: writing ${sizeMb} MiB of NDJSON (${invalidPercent}% invalid) to ${input}`);
  const made = await generate(input);
  console.log(`stress: ${made.lines} lines, ${made.valid} valid, ${mib(made.bytes)}; running validate`);
  const run = await validate(input, out, rejects);
  console.log(`stress: validate exited ${run.code} after ${run.seconds.toFixed(1)} s; checking the outputs`);
  const [fin, fout, frej] = await Promise.all([fingerprint(input), fingerprint(out), fingerprint(rejects)]);
  const union = { lines: fout.lines + frej.lines, a: (fout.a + frej.a) & MASK, b: (fout.b + frej.b) & MASK };
  const exactlyOnce = fin.lines === union.lines && fin.a === union.a && fin.b === union.b;
  const split = fout.lines === made.valid && frej.lines === made.lines - made.valid;
  const report = {
    input_bytes: statSync(input).size,
    lines_in: fin.lines,
    lines_valid_out: fout.lines,
    lines_rejected_out: frej.lines,
    expected_valid: made.valid,
    every_line_exactly_once: exactlyOnce,
    valid_and_invalid_where_expected: split,
    exit_code: run.code,
    wall_seconds: Number(run.seconds.toFixed(1)),
    throughput_mib_per_s: Number((made.bytes / 1024 / 1024 / run.seconds).toFixed(1)),
    peak_rss_bytes: run.peak,
    peak_rss: mib(run.peak),
    node: process.version,
  };
  console.log(JSON.stringify(report, null, 2));
  if (run.code !== 1) console.log(`stress: unexpected exit code; stderr:\n${run.stderr.slice(0, 4000)}`);
  const ok = exactlyOnce && split && run.code === 1 && run.peak < 200 * 1024 * 1024;
  console.log(ok ? "stress: PASS (peak RSS under 200 MiB, every line once)" : "stress: FAIL");
  process.exitCode = ok ? 0 : 1;
} finally {
  if (keep) console.log(`stress: files kept in ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}
