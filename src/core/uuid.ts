import * as z from "zod";

const HEX8 = "[0-9a-fA-F]{8}";
const HYPHENATED = `${HEX8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}`;

/**
 * Every form the hub's `uuid` crate (1.x, `Uuid::try_parse`) reads: hyphenated in any case,
 * the 32-hex simple form, `{braced}` hyphenated and `urn:uuid:` (lower-case prefix) hyphenated.
 */
export const UUID_PATTERN = new RegExp(
  `^(?:${HYPHENATED}|[0-9a-fA-F]{32}|\\{${HYPHENATED}\\}|urn:uuid:${HYPHENATED})$`,
);

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
export const Uuid = z
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
  });
export type Uuid = z.infer<typeof Uuid>;
