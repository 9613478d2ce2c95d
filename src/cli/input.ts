import { closeSync, createReadStream, fstatSync, openSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { createGunzip } from "node:zlib";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";

/**
 * An input opened for streaming: its display name, its bytes (gunzipped when the input is
 * gzip), its size on disk when it is a regular file, and how many of those bytes were read.
 */
export interface Input {
  readonly name: string;
  /** The resolved path, or undefined for stdin. */
  readonly path: string | undefined;
  /** The content, decompressed when the input was gzip. */
  readonly chunks: AsyncIterable<Uint8Array>;
  /** Bytes on disk (compressed, for gzip), when the input is a regular file. */
  readonly size: number | undefined;
  /** Bytes read from disk or stdin so far (compressed, for gzip): progress against `size`. */
  readonly bytesRead: () => number;
  /** Whether the input turned out to be gzip (known once the first chunk is read). */
  readonly gzip: () => boolean;
}

const CHUNK_BYTES = 1 << 16;

/** RFC 1952 §2.3.1: every gzip member starts with ID1 0x1f, ID2 0x8b. */
export function isGzip(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b;
}

/**
 * Opens FILE (or stdin for `-`) for reading in 1 MiB chunks. Gzip input is recognized by its
 * magic bytes (not its name: `events.ndjson.gz`, a `.gz` without the suffix and gzip piped to
 * stdin are all read) and decompressed with Node's zlib, concatenated members included; a
 * corrupt or truncated gzip stream is a usage error naming the input. A missing, unreadable
 * or directory path is a usage error naming the path and the reason.
 */
export function openInput(command: string, file: string, io: CliIo): Input {
  if (file === "-") return reading(command, io.stdin, { name: "<stdin>", path: undefined, size: undefined });
  const path = resolve(io.cwd, file);
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch (error) {
    throw new UsageError(command, `cannot read ${file}: ${reason(error)}`);
  }
  const stat = fstatSync(fd);
  if (stat.isDirectory()) {
    closeSync(fd);
    throw new UsageError(command, `cannot read ${file}: it is a directory`);
  }
  return reading(command, createReadStream("", { fd, highWaterMark: CHUNK_BYTES }), {
    name: file,
    path,
    size: stat.isFile() ? stat.size : undefined,
  });
}

/** An Input over `raw`: counts the bytes read and gunzips when the first chunk says gzip. */
function reading(
  command: string,
  raw: AsyncIterable<Uint8Array>,
  { name, path, size }: Pick<Input, "name" | "path" | "size">,
): Input {
  let read = 0;
  let gzip = false;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of raw) {
      read += chunk.length;
      yield chunk;
    }
  }
  async function* content(): AsyncGenerator<Uint8Array> {
    const source = counted()[Symbol.asyncIterator]();
    const first = await source.next();
    if (first.done) return;
    gzip = isGzip(first.value);
    if (!gzip) {
      yield first.value;
      for (let next = await source.next(); !next.done; next = await source.next()) yield next.value;
      return;
    }
    yield* gunzip(command, name, first.value, source);
  }
  return { name, path, chunks: content(), size, bytesRead: () => read, gzip: () => gzip };
}

async function* gunzip(
  command: string,
  name: string,
  first: Uint8Array,
  rest: AsyncIterator<Uint8Array>,
): AsyncGenerator<Uint8Array> {
  const inflate = createGunzip({ chunkSize: CHUNK_BYTES });
  let failure: Error | undefined;
  inflate.on("error", (error) => {
    failure = error;
  });
  // Feed the compressed chunks in, honouring back-pressure, while the loop below reads out.
  const feed = (async () => {
    try {
      let chunk: Uint8Array | undefined = first;
      while (chunk !== undefined) {
        if (!inflate.write(chunk)) await new Promise<void>((r) => inflate.once("drain", () => r()));
        const next = await rest.next();
        chunk = next.done ? undefined : next.value;
      }
      inflate.end();
    } catch (error) {
      inflate.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of inflate) yield chunk as Uint8Array;
  } catch (error) {
    failure ??= error as Error;
  }
  await feed;
  if (failure !== undefined) {
    const why =
      (failure as NodeJS.ErrnoException).code === "Z_BUF_ERROR" ? "it ends early (truncated)" : failure.message;
    throw new UsageError(command, `cannot read ${name}: the gzip data is corrupt: ${why}`);
  }
}

/** A short reason for a failed file operation (`no such file or directory`, `permission denied`, …). */
export function reason(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  switch (e.code) {
    case "ENOENT":
      return "no such file or directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "EISDIR":
      return "it is a directory";
    case "ENOTDIR":
      return "a parent of it is not a directory";
    default:
      return e.message ?? String(error);
  }
}

/** The canonical path of `path` when it exists, else its resolved form (to compare outputs with the input). */
export function samePath(a: string, b: string): boolean {
  const canonical = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return resolve(p);
    }
  };
  return canonical(a) === canonical(b);
}
