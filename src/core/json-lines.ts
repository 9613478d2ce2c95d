/*
 * NDJSON / JSON Lines framing, the one rule every reader of the library follows (the CLI's
 * validate, rollup and correlate, `validateEventLines`, and the OTLP readers' JSON Lines input,
 * where a blank line is a `blank_line` notice and the other lines are still read).
 *
 * JSON Lines (jsonlines.org) makes each line one JSON value, and lets the last line end in a
 * line separator "treated the same as if there was no line separator present"; the NDJSON spec
 * (ndjson-spec 1.0 §3.2) lets a parser ignore empty lines only if it documents that and makes it
 * configurable. A line with no value is then an error, never skipped: a blank line in the
 * middle of a file is how truncated writes and bad concatenations show, and nothing is dropped
 * without a word. A line ends at LF; a CR before the LF is part of the terminator.
 */

/**
 * Whether units `start` to `stop` of `line` (a string, or UTF-8 bytes) hold only JSON's
 * insignificant white space (RFC 8259 §2: space, tab, LF, CR), so no JSON value: a blank line.
 * Other spaces (NBSP, U+3000) are not JSON white space; a JSON reader rejects them as text.
 * O(stop − start).
 */
export function isBlankLine(line: string | Uint8Array, start = 0, stop = line.length): boolean {
  const text = typeof line === "string" ? line : undefined;
  for (let i = start; i < stop; i++) {
    const c = text === undefined ? (line as Uint8Array)[i] : text.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) return false;
  }
  return true;
}

/** The message of a blank line (code `blank_line`). */
export const BLANK_LINE_MESSAGE = "blank line: every NDJSON line must hold one JSON document";
