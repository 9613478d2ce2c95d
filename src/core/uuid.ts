import * as z from "zod";
import { lazySchema } from "./lazy.js";

const HEX8 = "[0-9a-fA-F]{8}";
const HYPHENATED = `${HEX8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;

/**
 * Every form the hub's `uuid` crate (1.x, `Uuid::try_parse`) reads: hyphenated in any case,
 * the 32-hex simple form, `{braced}` hyphenated and `urn:uuid:` (lower-case prefix) hyphenated.
 */
export const UUID_PATTERN = new RegExp(
  `^(?:${HYPHENATED}|[0-9a-fA-F]{32}|\\{${HYPHENATED}\\}|urn:uuid:${HYPHENATED})$`,
);

/** 1 at the code of each hex digit (`0-9`, `a-f`, `A-F`). */
const HEX_DIGIT = new Uint8Array(128);
for (const c of "0123456789abcdefABCDEF") HEX_DIGIT[c.charCodeAt(0)] = 1;

function isHexRun(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c > 127 || HEX_DIGIT[c] === 0) return false;
  }
  return true;
}

/**
 * Whether `text` is a hyphenated UUID (8-4-4-4-12 hex digits, any case), the first form of
 * `UUID_PATTERN`: true implies the pattern matches. The generated validators (src/fast/generated)
 * test it before the pattern, which costs about twice as much per call. O(1).
 */
export function isHyphenatedUuid(text: string): boolean {
  if (text.length !== 36) return false;
  if (text.charCodeAt(8) !== 45 || text.charCodeAt(13) !== 45 || text.charCodeAt(18) !== 45) return false;
  if (text.charCodeAt(23) !== 45 || !isHexRun(text, 0, 8) || !isHexRun(text, 9, 13)) return false;
  return isHexRun(text, 14, 18) && isHexRun(text, 19, 23) && isHexRun(text, 24, 36);
}

/** The lower-case hyphenated form the hub writes, from any form it reads. */
export function canonicalUuid(text: string): string {
  let hex: string;
  if (text.length === 36) return text.toLowerCase();
  if (text.length === 32) hex = text;
  else if (text.length === 38) return text.slice(1, 37).toLowerCase();
  else hex = text.slice(9).replaceAll("-", "");
  hex = hex.toLowerCase();
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** `Uuid`: parsing returns the lower-case hyphenated form, as the hub normalizes it. */
export const Uuid = lazySchema(() =>
  z
    .string()
    .regex(UUID_PATTERN, {
      abort: true,
      error: (issue) =>
        `Invalid UUID: expected hyphenated, 32-hex, {braced} or urn:uuid: form, received ${JSON.stringify(issue.input)}`,
    })
    .overwrite(canonicalUuid)
    .meta({
      description: "UUID, hyphenated (any case), 32-hex simple, {braced} or urn:uuid: form",
      examples: ["0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2e"],
    }),
);
export type Uuid = z.infer<typeof Uuid>;
