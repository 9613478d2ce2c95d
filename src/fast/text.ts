import type * as z from "zod";
import { decode } from "../core/decode.js";
import { isBlankLine } from "../core/json-lines.js";
import { MAX_JSON_DEPTH } from "../core/json-text.js";
import { readWire } from "../core/wire.js";
import { AnalyticsEvent } from "../events/schema/event.js";
import { REFUSED, spelledLength } from "./compact.js";
import { parseAnalyticsEvent, validateAnalyticsEvent } from "./generated/analytics-event.js";
import { type GeneratedPath, INVALID, type TextWatch } from "./runtime.js";

/*
 * The text path: `JSON.parse` (native, fast) plus a proof that the text hides nothing the hub
 * acts on (WIRE_FORMAT.md §1 rules 3, 4 and 12, §1b.6: repeated keys, `12.0`, integers beyond
 * 2^53) — its length, when that equals its value's written compactly (src/fast/compact.ts), or
 * else a scan of the text — then the generated validator, and for a value it refuses, the reading of
 * serde's lenient forms (src/core/wire.ts). Whenever the scan cannot prove that `decode` would
 * read the same value, the text goes to `decode` itself, so the verdict and the output are
 * always `decode(schema, text)`'s. Every step returns what it found; nothing is kept between calls.
 */

/** A published type's schema with its generated validator and parser (src/fast/generated/). */
export interface TextPath extends GeneratedPath {
  readonly schema: z.ZodType;
}

/** A `\u` escape of D800–DFFF (a lone one is refused by `decode`; escaped pairs are rare and go there too). */
const ESCAPED_SURROGATE = /\\u[dD][89a-fA-F]/;

/**
 * True when `decode` may refuse the text for a surrogate that `JSON.parse` accepts: a lone one
 * written raw (`isWellFormed`, ES2024, is exactly that test), or any written as an escape.
 */
function mayHoldBadSurrogate(text: string): boolean {
  if (!(text as unknown as { isWellFormed(): boolean }).isWellFormed()) return true;
  return mayHoldEscapedSurrogate(text);
}

/** The second half of `mayHoldBadSurrogate`: enough for text decoded from UTF-8, which holds no lone surrogate. */
function mayHoldEscapedSurrogate(text: string): boolean {
  return text.includes("\\u") && ESCAPED_SURROGATE.test(text);
}

/** What `scan` finds in JSON text that `JSON.parse` hides. */
interface Scanned {
  /** Keys (strings followed by `:`) at every depth. */
  readonly keys: number;
  /** Whole values spelled with a fraction or exponent (`12.0`, `1e3`), if any. */
  readonly floats: number[] | undefined;
  /** An integer beyond ±(2^53 − 1), which `JSON.parse` rounds and `decode` keeps. */
  readonly big: boolean;
}

/**
 * Scans `text[from, to)`, JSON already accepted by `JSON.parse`, for what that hides (see
 * `Scanned`). Strings are skipped with `indexOf`. O(to − from).
 */
function scan(text: string, from: number, to: number): Scanned {
  let keys = 0;
  let floats: number[] | undefined;
  let big = false;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 34) {
      let j = text.indexOf('"', i + 1);
      // A quote preceded by an odd run of backslashes is escaped: look further.
      while (text.charCodeAt(j - 1) === 92) {
        let b = j - 2;
        while (text.charCodeAt(b) === 92) b--;
        if ((j - 1 - b) % 2 === 0) break;
        j = text.indexOf('"', j + 1);
      }
      i = j + 1;
      let k = i;
      let w = text.charCodeAt(k);
      while (k < to && (w === 32 || w === 10 || w === 13 || w === 9)) w = text.charCodeAt(++k);
      if (w === 58) keys++;
      continue;
    }
    if (c === 45 || (c >= 48 && c <= 57)) {
      // A number token. Only an exponent or a fraction of zeros can spell a whole value as a
      // float; numbers beyond f64 become ±Infinity in JSON.parse and are caught by countKeys.
      const start = i;
      let d = text.charCodeAt(++i);
      while (d >= 48 && d <= 57) d = text.charCodeAt(++i);
      let whole = false;
      let plain = true;
      if (d === 46) {
        whole = true;
        plain = false;
        d = text.charCodeAt(++i);
        while (d >= 48 && d <= 57) {
          if (d !== 48) whole = false;
          d = text.charCodeAt(++i);
        }
      }
      if (d === 101 || d === 69) {
        whole = true;
        plain = false;
        d = text.charCodeAt(++i);
        if (d === 43 || d === 45) d = text.charCodeAt(++i);
        while (d >= 48 && d <= 57) d = text.charCodeAt(++i);
      }
      if (whole) {
        const value = Number(text.slice(start, i));
        if (Number.isInteger(value)) {
          floats ??= [];
          floats.push(value);
        }
      } else if (plain && i - start >= 16 && !Number.isSafeInteger(Number(text.slice(start, i)))) {
        big = true;
      }
      continue;
    }
    i++;
  }
  return { keys, floats, big };
}

/**
 * Object keys in a parsed value at every depth, or -1 where `decode` would refuse what
 * `JSON.parse` read: nesting deeper than `decode`'s limit (MAX_JSON_DEPTH arrays/objects; the
 * walk stops there, so its own recursion stays bounded), or a number beyond the f64 range,
 * which `JSON.parse` turns into ±Infinity.
 */
function countKeys(value: unknown, depth: number): number {
  if (typeof value !== "object" || value === null) return typeof value === "number" && !Number.isFinite(value) ? -1 : 0;
  if (depth > MAX_JSON_DEPTH) return -1;
  let n = 0;
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const k = countKeys(value[i], depth + 1);
      if (k < 0) return -1;
      n += k;
    }
    return n;
  }
  for (const key in value) {
    const k = countKeys((value as Record<string, unknown>)[key], depth + 1);
    if (k < 0) return -1;
    n += 1 + k;
  }
  return n;
}

/** What a text hides beyond its value that the validator must watch: its float-spelled whole values. */
type Hidden = Pick<Scanned, "floats">;

/** A text whose length proves it hides nothing (src/fast/compact.ts). */
const NOTHING_HIDDEN: Hidden = { floats: undefined };

/**
 * What `source[from, to)` hides from `value`, its `JSON.parse`: the whole values it spells as
 * floats (`floats`), or undefined when only `decode` can tell (a repeated key, an integer beyond
 * 2^53, nesting too deep, a number beyond f64). A text as long as its value written compactly
 * needs no scan (src/fast/compact.ts says why), nor one as long once the numbers with a spelling
 * as short as `String(x)`'s (`0.0007695`, `1200`) are read where the compact text has them
 * (`spelledLength`); any other is scanned.
 */
function hiddenIn(value: unknown, source: string, from: number, to: number): Hidden | undefined {
  // One walk: `spelledLength` is `compactLength` wherever that gives a length (the numbers it
  // gives up on are read in place), and no dearer per member, so a first `compactLength` walk
  // only repeated the work for the texts it gave up on.
  const length = spelledLength(value, source, from, to);
  if (length === to - from) return NOTHING_HIDDEN;
  if (length === REFUSED) return undefined;
  const scanned = scan(source, from, to);
  return countKeys(value, 1) !== scanned.keys || scanned.big ? undefined : scanned;
}

/**
 * Whether a parsed value holds an array, or an object whose one member is null or an empty
 * object, at any depth (up to `decode`'s limit): what each of serde's lenient forms needs
 * (WIRE_FORMAT.md §1b.2: a unit variant as `{"name": null}` or, buffered, `{"name": {}}`; a struct
 * or tagged enum as an array). Without any, `readWire` returns the value itself or reports issues
 * (src/core/wire.ts; checked in test/fast/every-type.test.ts), so a value the validator refuses is
 * refused. A null among other members (an `Option` field's `None`) is no lenient form. O(size of
 * the value).
 */
export function mayHoldLenientForm(value: unknown, depth = 1): boolean {
  if (typeof value !== "object" || value === null) return false;
  if (Array.isArray(value) || depth > MAX_JSON_DEPTH) return true;
  let members = 0;
  let member: unknown;
  for (const key in value) {
    members++;
    member = (value as Record<string, unknown>)[key];
    if (mayHoldLenientForm(member, depth + 1)) return true;
  }
  return members === 1 && (member === null || isEmptyObject(member));
}

function isEmptyObject(value: unknown): boolean {
  if (typeof value !== "object" || value === null) return false;
  for (const _ in value) return false;
  return true;
}

/** The quick reading of a text: 1 valid, 0 invalid, -1 only `decode` can tell; and the value read. */
interface Quick {
  readonly verdict: 1 | 0 | -1;
  /** `JSON.parse`'s value, lenient forms rewritten (undefined when the text is not JSON). */
  readonly value: unknown;
}

const NOT_JSON: Quick = { verdict: 0, value: undefined };

/**
 * The quick reading of `source[from, to)` as `path`'s type. The caller has ruled out a surrogate
 * `decode` could refuse (`mayHoldBadSurrogate`), which JSON.parse lets through.
 */
function quick(path: TextPath, source: string, from: number, to: number): Quick {
  let value: unknown;
  try {
    value = JSON.parse(source.slice(from, to));
  } catch {
    return NOT_JSON; // decode's reader rejects everything JSON.parse rejects
  }
  // The validator first: a value it refuses, with no lenient form to read, is refused whatever
  // the text spells (a repeated key leaves the last value, which JSON.parse kept; `12.0` and big
  // integers only add refusals), so the scan is left out.
  const valid = path.validate(value, { floats: undefined, hit: false });
  if (!valid && !mayHoldLenientForm(value)) return { verdict: 0, value };
  const scanned = hiddenIn(value, source, from, to);
  if (scanned === undefined) return { verdict: -1, value };
  const watch: TextWatch = { floats: scanned.floats, hit: false };
  // Validated again only when the text spells whole numbers as floats (watched at integer positions).
  const ok = valid && (scanned.floats === undefined || path.validate(value, watch));
  if (watch.hit) return { verdict: -1, value };
  if (ok) return { verdict: 1, value };
  // serde's lenient forms (`{"info": null}`, a struct as an array) fail the validator of the
  // object forms: read them as decode does. With no repeated key, float spelling or big
  // integer in the text, the value says all the text does.
  if (scanned.floats !== undefined) return { verdict: -1, value };
  const wire = readWire(path.schema, value);
  if (wire.issues.length > 0 || wire.value === value) return { verdict: 0, value };
  return { verdict: path.validate(wire.value, { floats: undefined, hit: false }) ? 1 : 0, value: wire.value };
}

/** True exactly when `decode(path.schema, text).success` is (see `isAnalyticsEventText`). */
export function isValidText(path: TextPath, text: string): boolean {
  // A surrogate decode could refuse: decode decides.
  const verdict = mayHoldBadSurrogate(text) ? -1 : quick(path, text, 0, text.length).verdict;
  return verdict === -1 ? decode(path.schema, text).success : verdict === 1;
}

/**
 * `decode(path.schema, text)`, with the same result. The generated parser validates and builds
 * the value in one walk (no separate validator pass); the text is then scanned as in `quick`.
 * Anything else — a value the parser refuses (invalid, or in a lenient form), a doubt from the
 * scan — goes to `decode`, which gives the issues or reads the lenient form.
 */
export function decodeText<T>(path: TextPath, text: string): z.ZodSafeParseResult<T> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = INVALID;
  }
  if (value !== INVALID && !mayHoldBadSurrogate(text)) {
    const data = path.parse(value, { floats: undefined, hit: false });
    if (data !== INVALID) {
      const scanned = hiddenIn(value, text, 0, text.length);
      if (scanned !== undefined) {
        const watch: TextWatch = { floats: scanned.floats, hit: false };
        if (scanned.floats === undefined || (path.validate(value, watch) && !watch.hit)) {
          return { success: true, data: data as T };
        }
      }
    }
  }
  return decode(path.schema, text) as z.ZodSafeParseResult<T>;
}

// Straight to its generated module (not the registry of every type), so that a bundle using only
// the AnalyticsEvent functions carries no other type's code.
const EVENT: TextPath = { schema: AnalyticsEvent, validate: validateAnalyticsEvent, parse: parseAnalyticsEvent };

/**
 * True exactly when `decode(AnalyticsEvent, text).success` is: the hub's reading of the JSON text
 * (repeated struct fields, `12.0` for an integer, numbers beyond f64, lone surrogates and nesting
 * beyond 127 levels rejected). Fast when the text has none of these: `JSON.parse`, one scan of
 * the text and the generated validator; otherwise `decode` decides. O(length of the text).
 */
export function isAnalyticsEventText(text: string): boolean {
  return isValidText(EVENT, text);
}

/**
 * `decode(AnalyticsEvent, text)`, with the same result (value or issues): the generated
 * parser builds the event when the quick path accepts the text, and `decode` runs otherwise.
 */
export function decodeAnalyticsEvent(text: string): z.ZodSafeParseResult<AnalyticsEvent> {
  return decodeText<AnalyticsEvent>(EVENT, text);
}

/** The verdicts of an NDJSON text: every line is one event (a blank line is an invalid one). */
export interface EventLinesReport {
  /** Lines read (a line terminator at the very end does not start another). */
  readonly lines: number;
  /** Lines that are a valid AnalyticsEvent. */
  readonly valid: number;
  /**
   * 1-based numbers of the lines that are not: line k is what follows the (k − 1)-th LF, in
   * characters of a text or in bytes of UTF-8 input alike (an LF byte is always U+000A in UTF-8).
   */
  readonly invalid: readonly number[];
}

/*
 * Text or bytes. `validateLines` reads NDJSON given as a string or as its UTF-8 bytes (a
 * `Uint8Array` or a Buffer, as a file or a socket delivers it). From bytes, each line is decoded
 * on its own: V8 stores a string as one byte per character unless one of its characters is
 * beyond Latin-1, and a string decoded from a whole text holding a single en dash is two-byte
 * throughout, with every line sliced from it; `JSON.parse` and the text scans are slower on
 * those (docs/performance.md, "Issue 18, round twelve: NDJSON from bytes"). A line decoded alone
 * is two-byte only when it holds such a character itself.
 */

/**
 * Strict UTF-8 (`fatal`: a malformed sequence throws instead of becoming U+FFFD) that keeps a
 * byte order mark as U+FEFF (`ignoreBOM`; the default would drop one at the start of every
 * line decoded). Stateless between calls: `decode` without `stream` flushes each time.
 */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * Checks each line of NDJSON, text or UTF-8 bytes, as `isValidText` does. Lines end with LF (a
 * CR before it is dropped); a blank line (only JSON white space) is an invalid line, as in the
 * CLI (src/core/json-lines.ts says why); a terminator at the very end is not followed by a line.
 * Bytes are split on 0x0A, which UTF-8 never uses inside a character, and each line is decoded
 * alone; a line that is not well-formed UTF-8 is invalid, as the hub's reader (serde_json reads
 * bytes and refuses them) and the CLI's `validate` (`invalid_utf8`) report it, and a byte order
 * mark is kept as U+FEFF, which no JSON reader accepts. Otherwise the report is the one
 * `validateLines` gives for the text the bytes spell. O(length of the input).
 */
export function validateLines(path: TextPath, input: string | Uint8Array): EventLinesReport {
  return typeof input === "string" ? validateTextLines(path, input) : validateByteLines(path, input);
}

function validateTextLines(path: TextPath, text: string): EventLinesReport {
  const invalid: number[] = [];
  let lines = 0;
  let start = 0;
  const n = text.length;
  const surrogates = mayHoldBadSurrogate(text);
  // An empty text, or the end right after a terminator, holds no further line.
  while (start < n) {
    let end = text.indexOf("\n", start);
    if (end === -1) end = n;
    lines++;
    const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    if (isBlankLine(text, start, stop)) invalid.push(lines);
    else {
      const verdict =
        surrogates && mayHoldBadSurrogate(text.slice(start, stop)) ? -1 : quick(path, text, start, stop).verdict;
      if (verdict === 0 || (verdict === -1 && !decode(path.schema, text.slice(start, stop)).success))
        invalid.push(lines);
    }
    start = end + 1;
  }
  return { lines, valid: lines - invalid.length, invalid };
}

function validateByteLines(path: TextPath, bytes: Uint8Array): EventLinesReport {
  const invalid: number[] = [];
  let lines = 0;
  let start = 0;
  const n = bytes.length;
  while (start < n) {
    let end = bytes.indexOf(10, start);
    if (end === -1) end = n;
    lines++;
    const stop = end > start && bytes[end - 1] === 13 ? end - 1 : end;
    if (isBlankLine(bytes, start, stop) || !isValidUtf8Line(path, bytes.subarray(start, stop))) invalid.push(lines);
    start = end + 1;
  }
  return { lines, valid: lines - invalid.length, invalid };
}

/**
 * `isValidText` of the line's bytes decoded, false when they are not well-formed UTF-8. Well-formed
 * UTF-8 encodes no surrogate code point (Unicode Table 3-7 leaves out ED A0..BF), so only an
 * escaped one can be lone.
 */
function isValidUtf8Line(path: TextPath, line: Uint8Array): boolean {
  let text: string;
  try {
    text = UTF8.decode(line);
  } catch {
    return false;
  }
  const verdict = mayHoldEscapedSurrogate(text) ? -1 : quick(path, text, 0, text.length).verdict;
  return verdict === -1 ? decode(path.schema, text).success : verdict === 1;
}

/**
 * `validateLines` for AnalyticsEvent: each line as `isAnalyticsEventText` reads it. Takes the
 * text, or its UTF-8 bytes as read from a file or a socket (faster: see `validateLines`).
 */
export function validateEventLines(input: string | Uint8Array): EventLinesReport {
  return validateLines(EVENT, input);
}
