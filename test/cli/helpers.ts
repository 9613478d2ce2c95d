import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { Readable } from "node:stream";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { CliIo, TextSink } from "../../src/cli/io.js";
import { runCli } from "../../src/cli/run.js";

const here = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(here, "..", "..");
export const MAIN = join(ROOT, "src", "cli", "main.ts");
export const FIXTURES = join(here, "fixtures");

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "llm-hub-cli-"));
}

function memorySink(): TextSink & { text(): string } {
  let text = "";
  return {
    write(t) {
      text += t;
    },
    flush: () => Promise.resolve(),
    text: () => text,
  };
}

/** Runs the CLI in this process with in-memory streams (for fast checks of formatting and logic). */
export async function runInProcess(
  argv: readonly string[],
  options: { stdin?: Buffer; cwd?: string; stderrIsTty?: boolean; progressDelayMs?: number } = {},
) {
  const stdout = memorySink();
  const stderr = memorySink();
  const io: CliIo = {
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    stdinIsTty: false,
    stdout,
    stderr,
    stderrIsTty: options.stderrIsTty ?? false,
    cwd: options.cwd ?? ROOT,
    ...(options.progressDelayMs === undefined ? {} : { progressDelayMs: options.progressDelayMs }),
  };
  const code = await runCli(argv, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/**
 * How the spawned tests start the CLI: from source through tsx (always current, about a
 * second per start), or, when `LLM_HUB_CLI=dist` (as `npm test` sets it right after the
 * build), the built `dist/cli/main.js` that users run (a fifth of the start-up cost).
 */
export const CLI_COMMAND: readonly string[] =
  process.env.LLM_HUB_CLI === "dist"
    ? [join(ROOT, "dist", "cli", "main.js")]
    : // tsx by path, so a child started in another directory finds it too.
      ["--import", pathToFileURL(join(ROOT, "node_modules", "tsx", "dist", "loader.mjs")).href, MAIN];

/**
 * Spawns the CLI as a user runs it (`CLI_COMMAND`, or `command` instead, e.g. the built
 * `dist/cli/main.js`), with `stdin` piped in when given.
 */
export function runSpawned(
  argv: readonly string[],
  options: { stdin?: Buffer; command?: readonly string[] } = {},
): Promise<RunResult> {
  const command = options.command ?? CLI_COMMAND;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...command, ...argv], { cwd: ROOT, stdio: "pipe", timeout: 170_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ code, stdout: stdoutBytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), stdoutBytes });
    });
    child.stdin.on("error", () => {
      // The CLI may exit (usage error) before reading stdin.
    });
    if (options.stdin !== undefined) child.stdin.end(options.stdin);
    else child.stdin.end();
  });
}
