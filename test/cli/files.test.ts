import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { CLI_COMMAND, FIXTURES, ROOT, runInProcess, tempDir } from "./helpers.js";

// What every command shares (src/cli/input.ts, io.ts, progress.ts): gzip input read by its
// magic bytes, outputs written atomically (and removed when a run is interrupted), progress
// on a terminal only, and the exit status each command's help states.

const fixture = (name: string): Buffer => readFileSync(join(FIXTURES, name));

describe("gzip input", { timeout: 60_000 }, () => {
  it("is decompressed by content, whatever the name, from a file or from stdin", async () => {
    const dir = tempDir();
    const plain = await runInProcess(["validate", join(FIXTURES, "events.ndjson")]);
    const gz = gzipSync(fixture("events.ndjson"));
    writeFileSync(join(dir, "events.ndjson.gz"), gz);
    writeFileSync(join(dir, "no-suffix"), gz);
    const named = await runInProcess(["validate", join(dir, "events.ndjson.gz")]);
    const unnamed = await runInProcess(["validate", join(dir, "no-suffix")]);
    const piped = await runInProcess(["validate", "-"], { stdin: gz });
    expect(plain.code).toBe(1);
    // The same verdicts line by line (the name in each line differs).
    const verdicts = (text: string) => text.replace(/^[^:\n]*:/gm, "");
    for (const run of [named, unnamed, piped]) {
      expect(run.code).toBe(1);
      expect(verdicts(run.stdout)).toBe(verdicts(plain.stdout));
      expect(run.stdout).not.toContain("invalid_utf8");
    }
    expect(named.stdout).toContain("6 lines, 3 valid, 3 invalid");
  });

  it("reads concatenated gzip members as one stream (RFC 1952 §2.2)", async () => {
    const lines = fixture("valid.ndjson")
      .toString("utf8")
      .split(/(?<=\n)/);
    const members = Buffer.concat(lines.map((line) => gzipSync(Buffer.from(line))));
    const run = await runInProcess(["validate", "-"], { stdin: members });
    expect(run).toMatchObject({ code: 0, stdout: "<stdin>: 3 lines, all valid (AnalyticsEvent)\n" });
  });

  it("reports corrupt and truncated gzip as an unreadable input (exit 2)", async () => {
    const gz = gzipSync(fixture("valid.ndjson"));
    const corrupt = Buffer.from(gz);
    corrupt[12] = corrupt[12]! ^ 0xff;
    const truncated = gz.subarray(0, gz.length - 12);
    for (const bytes of [corrupt, truncated]) {
      const run = await runInProcess(["validate", "-"], { stdin: bytes });
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^llm-analytics-hub validate: cannot read <stdin>: the gzip data is corrupt: /);
    }
  });

  it("feeds rollup the same events as the plain file", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "latency.ndjson.gz"), gzipSync(fixture("latency.ndjson")));
    const args = ["--window", "5m", "--field", "total_latency_ms", "--by", "model_id"];
    const plain = await runInProcess(["rollup", join(FIXTURES, "latency.ndjson"), ...args]);
    const gz = await runInProcess(["rollup", join(dir, "latency.ndjson.gz"), ...args]);
    expect(plain.code).toBe(0);
    expect(gz).toEqual(plain);
  });
});

describe("exit status as the help states", { timeout: 60_000 }, () => {
  it("rollup on an input with no event is a usage error (2), as its help says", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "empty.ndjson"), "");
    const run = await runInProcess(["rollup", join(dir, "empty.ndjson"), "--window", "5m", "--field", "x"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toContain("holds no events: nothing to roll up");
    const help = await runInProcess(["rollup", "--help"]);
    expect(help.stdout).toContain("2 usage error (also when the input holds no\nevent");
  });
});

describe("progress", { timeout: 60_000 }, () => {
  it("is drawn on a terminal for validate, rollup and generate, and erased at the end", async () => {
    const tty = { stderrIsTty: true, progressDelayMs: 0 };
    const validate = await runInProcess(["validate", join(FIXTURES, "events.ndjson")], tty);
    const rollup = await runInProcess(
      ["rollup", join(FIXTURES, "latency.ndjson"), "--window", "5m", "--field", "total_latency_ms"],
      tty,
    );
    const generate = await runInProcess(["generate", "--events", "3000"], tty);
    const ERASE = "\r\u001b[2K";
    expect(validate.stderr.endsWith(ERASE)).toBe(true);
    expect(validate.stderr.slice(0, -ERASE.length)).toMatch(/^\r\[#+\] 100% {2}[\d.]+ KiB \/ [\d.]+ KiB {2}6 records$/);
    expect(rollup.stderr.endsWith(ERASE)).toBe(true);
    expect(rollup.stderr).toMatch(/^\r\[[#.]+\] +\d+%/);
    expect(generate.stderr).toContain("\r[##########....................]  34%  1,024 / 3,000 events");
    expect(generate.stderr.endsWith("\r\u001b[2K")).toBe(true);
    expect(generate.stdout.split("\n")).toHaveLength(3001);
  });

  it("is not drawn when stderr is not a terminal, nor before the run has lasted a second", async () => {
    const piped = await runInProcess(["generate", "--events", "3000"], { progressDelayMs: 0 });
    const quick = await runInProcess(["validate", join(FIXTURES, "events.ndjson")], { stderrIsTty: true });
    expect(piped.stderr).toBe("");
    expect(quick.stderr).toBe("");
  });
});

/** Spawns the CLI; resolves with its exit code and signal. */
function start(argv: readonly string[], cwd: string): { child: ChildProcess; done: Promise<[number | null, string]> } {
  const [command, ...args] = [process.execPath, ...CLI_COMMAND, ...argv];
  const child = spawn(command!, args, { cwd, stdio: ["pipe", "ignore", "pipe"] });
  let stderr = "";
  child.stderr!.on("data", (b: Buffer) => {
    stderr += b.toString("utf8");
  });
  const done = new Promise<[number | null, string]>((resolve) =>
    child.on("close", (code, signal) => resolve([code, signal ?? stderr])),
  );
  return { child, done };
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const partials = (dir: string) => readdirSync(dir).filter((f) => f.endsWith(".partial"));

describe("atomic outputs", { timeout: 120_000 }, () => {
  it("an interrupted generate (SIGINT) leaves no partial file and the old file intact", async () => {
    const dir = tempDir();
    writeFileSync(join(dir, "day.ndjson"), "the previous run's file\n");
    const { child, done } = start(["generate", "--events", "20000000", "--out", "day.ndjson"], dir);
    await until(() => partials(dir).length === 1, "the temporary file");
    child.kill("SIGINT");
    const [code, signal] = await done;
    expect(code).toBeNull();
    expect(signal).toBe("SIGINT");
    expect(readdirSync(dir)).toEqual(["day.ndjson"]);
    expect(readFileSync(join(dir, "day.ndjson"), "utf8")).toBe("the previous run's file\n");
  });

  it("an interrupted validate (SIGTERM) leaves neither --out nor --rejects", async () => {
    const dir = tempDir();
    const { child, done } = start(["validate", "-", "--out", "good.ndjson", "--rejects", "bad.ndjson"], dir);
    // Some records, and stdin kept open: the run is mid-way when the signal comes.
    child.stdin!.write(fixture("events.ndjson"));
    await until(() => partials(dir).length === 2, "both temporary files");
    child.kill("SIGTERM");
    const [code, signal] = await done;
    expect([code, signal]).toEqual([null, "SIGTERM"]);
    expect(readdirSync(dir)).toEqual([]);
  });

  it("a finished run leaves exactly the named files, whole", async () => {
    const dir = tempDir();
    const { child, done } = start(["validate", "-", "--out", "good.ndjson", "--rejects", "bad.ndjson"], dir);
    child.stdin!.end(fixture("events.ndjson"));
    const [code] = await done;
    expect(code).toBe(1);
    expect(readdirSync(dir).sort()).toEqual(["bad.ndjson", "good.ndjson"]);
    const lines = fixture("events.ndjson")
      .toString("latin1")
      .split(/(?<=\n)/);
    const good = readFileSync(join(dir, "good.ndjson"), "latin1");
    const bad = readFileSync(join(dir, "bad.ndjson"), "latin1");
    expect(good.length + bad.length).toBe(lines.join("").length);
    expect(existsSync(join(ROOT, "good.ndjson"))).toBe(false);
  });

  it("schema --out writes each file by rename, leaving no temporary file", async () => {
    const dir = tempDir();
    const run = await runInProcess(["schema", "AnalyticsEvent", "ApiError", "--out", dir]);
    expect(run.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["AnalyticsEvent.json", "ApiError.json"]);
  });
});
