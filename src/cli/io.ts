import { randomBytes } from "node:crypto";
import { closeSync, fsyncSync, openSync, renameSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import type { Readable, Writable } from "node:stream";

/** What a command reads and writes; `main.ts` binds it to the process, tests may bind it to memory. */
export interface CliIo {
  readonly stdin: AsyncIterable<Uint8Array>;
  /** Whether stdin is a terminal (then nobody is piping input in). */
  readonly stdinIsTty: boolean;
  readonly stdout: TextSink;
  readonly stderr: TextSink;
  /** Whether stderr is a terminal (progress bars are drawn only then). */
  readonly stderrIsTty: boolean;
  /** The directory relative paths are resolved against. */
  readonly cwd: string;
  /**
   * How long a command runs before it draws a progress bar (default 1000 ms, so quick runs
   * stay silent); tests set 0.
   */
  readonly progressDelayMs?: number;
}

/** A text output with buffering; `flush` resolves once everything written has been handed to the OS. */
export interface TextSink {
  write(text: string): void;
  flush(): Promise<void>;
}

const BUFFER_CHARS = 1 << 16;

/**
 * A buffered sink over a Node stream. The buffer is handed over every 64 KiB and on `flush`;
 * when the reader of a pipe goes away (EPIPE, as with `| head`) further output is dropped
 * instead of crashing the process.
 */
export function streamSink(stream: Writable): TextSink {
  let buffer = "";
  let broken = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") broken = true;
    else throw error;
  });
  const handOver = (): boolean => {
    if (buffer === "" || broken) {
      buffer = "";
      return true;
    }
    const ok = stream.write(buffer);
    buffer = "";
    return ok;
  };
  return {
    write(text) {
      buffer += text;
      if (buffer.length >= BUFFER_CHARS) handOver();
    },
    flush() {
      const ok = handOver();
      if (ok || broken) return Promise.resolve();
      return new Promise((resolve) => stream.once("drain", () => resolve()));
    },
  };
}

/** The process's own streams. */
export function processIo(): CliIo {
  return {
    stdin: process.stdin as Readable,
    stdinIsTty: process.stdin.isTTY === true,
    stdout: streamSink(process.stdout),
    stderr: streamSink(process.stderr),
    stderrIsTty: process.stderr.isTTY === true,
    cwd: process.cwd(),
  };
}

/*
 * Output files are written atomically: into a temporary file beside the destination, renamed
 * over it only when the command finishes. A reader never sees half a file, an existing file
 * is replaced whole or not at all, and an interrupted run (Ctrl-C, SIGTERM, a crash) leaves
 * no partial file: the temporary files still open are deleted on exit and on SIGINT, SIGTERM
 * and SIGHUP, after which the signal takes its usual course (exit status 128 + n).
 */

const pending = new Set<string>();

/**
 * Lets signal handlers run. A signal handler is JavaScript: while a synchronous loop holds
 * the event loop, Ctrl-C waits for it. A long loop that writes an output awaits this every
 * few thousand items (a few microseconds each time), so an interrupt stops it promptly.
 */
export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
let handlersInstalled = false;

function removePending(): void {
  for (const path of pending) {
    try {
      unlinkSync(path);
    } catch {
      // Already gone.
    }
  }
  pending.clear();
}

function track(path: string): void {
  pending.add(path);
  if (handlersInstalled) return;
  handlersInstalled = true;
  process.once("exit", removePending);
  for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(signal, () => {
      removePending();
      // The listener is gone (once): the same signal now ends the process as it would have.
      process.kill(process.pid, signal);
    });
  }
}

/** A temporary path in the destination's own directory (so the final rename stays on one file system). */
function temporaryPath(path: string): string {
  return join(dirname(path), `.${basename(path)}.${process.pid}-${randomBytes(4).toString("hex")}.partial`);
}

/** Writes `data` to `path` atomically (temporary file, fsync, rename). */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const temporary = temporaryPath(path);
  track(temporary);
  try {
    writeFileSync(temporary, data, { flag: "wx" });
    const fd = openSync(temporary, "r+");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(temporary, path);
  } catch (error) {
    try {
      unlinkSync(temporary);
    } catch {
      // Never created.
    }
    throw error;
  } finally {
    pending.delete(temporary);
  }
}

/**
 * An output file written through a 1 MiB buffer: memory stays bounded however much is
 * written, and bytes go out exactly as given. The bytes go to a temporary file beside `path`;
 * `close()` moves it into place (atomically: the destination is replaced whole), `discard()`
 * deletes it and leaves the destination as it was. A run that is interrupted leaves neither.
 */
export class FileSink {
  private readonly fd: number;
  private readonly temporary: string;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private closed = false;
  /** Bytes written so far. */
  bytes = 0;

  constructor(readonly path: string) {
    this.temporary = temporaryPath(path);
    track(this.temporary);
    try {
      this.fd = openSync(this.temporary, "wx");
    } catch (error) {
      pending.delete(this.temporary);
      // Report the destination, which is what the user named.
      if (error instanceof Error) Object.assign(error, { path });
      throw error;
    }
  }

  write(data: Uint8Array | string): void {
    const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
    this.bytes += bytes.length;
    if (bytes.length > this.buffer.length - this.used) this.drain();
    if (bytes.length >= this.buffer.length) {
      writeAll(this.fd, bytes);
      return;
    }
    this.buffer.set(bytes, this.used);
    this.used += bytes.length;
  }

  /** Writes what is buffered and moves the file into place. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.drain();
      fsyncSync(this.fd);
      closeSync(this.fd);
      renameSync(this.temporary, this.path);
    } catch (error) {
      this.remove();
      throw error;
    } finally {
      pending.delete(this.temporary);
    }
  }

  /** Deletes what was written; the destination stays as it was. */
  discard(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      closeSync(this.fd);
    } catch {
      // Already closed.
    }
    this.remove();
  }

  private remove(): void {
    try {
      unlinkSync(this.temporary);
    } catch {
      // Already gone.
    }
    pending.delete(this.temporary);
  }

  private drain(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Uint8Array): void {
  let offset = 0;
  while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
}
