import { closeSync, createReadStream, fstatSync, openSync, realpathSync } from "node:fs";
import { resolve } from "node:path";
import { UsageError } from "./errors.js";
import type { CliIo } from "./io.js";

/** An input opened for streaming: its display name, its bytes, and its size when it is a regular file. */
export interface Input {
  readonly name: string;
  /** The resolved path, or undefined for stdin. */
  readonly path: string | undefined;
  readonly chunks: AsyncIterable<Uint8Array>;
  readonly size: number | undefined;
}

const CHUNK_BYTES = 1 << 20;

/**
 * Opens FILE (or stdin for `-`) for reading in 1 MiB chunks. A missing, unreadable or
 * directory path is a usage error naming the path and the reason.
 */
export function openInput(command: string, file: string, io: CliIo): Input {
  if (file === "-") return { name: "<stdin>", path: undefined, chunks: io.stdin, size: undefined };
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
  return {
    name: file,
    path,
    chunks: createReadStream("", { fd, highWaterMark: CHUNK_BYTES }),
    size: stat.isFile() ? stat.size : undefined,
  };
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
