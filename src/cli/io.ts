import { closeSync, openSync, writeSync } from "node:fs";
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

/**
 * A byte file written synchronously through a 1 MiB buffer: memory stays bounded however
 * much is written, and bytes go out exactly as given.
 */
export class FileSink {
  private readonly fd: number;
  private readonly buffer = Buffer.allocUnsafe(1 << 20);
  private used = 0;
  private closed = false;
  /** Bytes written so far. */
  bytes = 0;

  constructor(readonly path: string) {
    this.fd = openSync(path, "w");
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

  close(): void {
    if (this.closed) return;
    this.drain();
    closeSync(this.fd);
    this.closed = true;
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
