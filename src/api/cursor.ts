import { U32_MAX } from "../core/integers.js";
import { isJsonValue, type JsonValue } from "../core/json-value.js";
import { describe } from "../stats/validate.js";
import { integerArg } from "./arguments.js";
import { DEFAULT_MAX_PER_PAGE, parseBaseUrl, withParams } from "./pagination.js";
import type { PaginationLinks } from "./schema.js";

/*
 * Cursor (keyset) pagination. Offset pages drift on live data: an insert before page 3 shifts
 * every later item by one, so a client reading page after page sees an item twice or never.
 * A cursor names a position in the listing's sort order instead ("after the item whose key is
 * K"), so inserts and deletes elsewhere do not move it. The hub's docs promise cursor
 * pagination; the hub has none.
 */

export const CURSOR_DIRECTIONS = ["after", "before"] as const;
export type CursorDirection = (typeof CURSOR_DIRECTIONS)[number];

/**
 * A position in a listing. `key` is the sort key of an item (any JSON, typically an array such
 * as `[timestamp, event_id]` so that it is unique); the page holds the items strictly after
 * (or before) it. Without a key the cursor stands at an edge: `after` the start (the first
 * page) or `before` the end (the last page).
 */
export interface Cursor {
  readonly direction: CursorDirection;
  readonly key?: JsonValue;
}

/**
 * The opaque text of a cursor: base64url without padding (RFC 4648 §5) of the UTF-8 JSON
 * `{"dir": direction, "key": key}`. O(size of the key). The text is opaque but neither secret
 * nor tamper-proof: validate the decoded key like any client input.
 */
export function encodeCursor(cursor: Cursor): string {
  const fn = "encodeCursor";
  if (typeof cursor !== "object" || cursor === null) {
    throw new TypeError(`${fn}: expected a cursor object, received ${describe(cursor)}`);
  }
  if (!CURSOR_DIRECTIONS.includes(cursor.direction)) {
    throw new RangeError(`${fn}: direction must be "after" or "before", received ${describe(cursor.direction)}`);
  }
  const body: { dir: CursorDirection; key?: JsonValue } = { dir: cursor.direction };
  if (cursor.key !== undefined) {
    if (!isJsonValue(cursor.key)) {
      throw new TypeError(`${fn}: key must be a JSON value (finite numbers, plain objects, arrays)`);
    }
    body.key = cursor.key;
  }
  return toBase64Url(new TextEncoder().encode(JSON.stringify(body)));
}

/**
 * Reads a cursor written by `encodeCursor`. Strict, so each cursor has exactly one spelling:
 * base64url characters only, no padding, zero trailing bits, valid UTF-8, and JSON with `dir`
 * and an optional `key` and nothing else. Anything else throws a RangeError (answer it with a
 * 400). O(length of the text).
 */
export function decodeCursor(text: string): Cursor {
  const fn = "decodeCursor";
  if (typeof text !== "string") throw new TypeError(`${fn}: expected a string, received ${describe(text)}`);
  const bytes = fromBase64Url(fn, text);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes));
  } catch {
    throw new RangeError(`${fn}: the cursor does not hold UTF-8 JSON`);
  }
  if (typeof json !== "object" || json === null || Array.isArray(json)) {
    throw new RangeError(`${fn}: the cursor does not hold a cursor object`);
  }
  const body = json as Record<string, unknown>;
  const extra = Object.keys(body).filter((k) => k !== "dir" && k !== "key");
  if (extra.length > 0) throw new RangeError(`${fn}: unexpected cursor member ${JSON.stringify(extra[0])}`);
  const direction = body.dir;
  if (direction !== "after" && direction !== "before") {
    throw new RangeError(`${fn}: the cursor direction must be "after" or "before", received ${describe(direction)}`);
  }
  return Object.hasOwn(body, "key") ? { direction, key: body.key as JsonValue } : { direction };
}

export interface CursorPage {
  /** Items per page, carried as `per_page` in every link. */
  readonly perPage: number;
  /** The cursor that selected this page; absent for the first page. */
  readonly cursor?: Cursor;
  /** Sort key of the first item on the page; required when `hasPrevious`. */
  readonly firstKey?: JsonValue;
  /** Sort key of the last item on the page; required when `hasNext`. */
  readonly lastKey?: JsonValue;
  /** More items follow this page. */
  readonly hasNext: boolean;
  /** Items precede this page. */
  readonly hasPrevious: boolean;
}

export interface CursorLinkOptions {
  /** Query parameter that carries the cursor (default `"cursor"`). */
  readonly param?: string;
  /** Largest `perPage` accepted (default 1000). */
  readonly maxPerPage?: number;
}

/**
 * PaginationLinks for a cursor page, in the same shape as offset pages: `first` has no cursor,
 * `last` stands before the end, `next` after `lastKey`, `prev` before `firstKey`, and
 * `self_link` repeats the page's own cursor. URLs are built as in `createPaginationLinks` (the base's
 * query is kept, `per_page` set, any cursor already in the base replaced). O(size of the keys).
 */
export function createCursorPaginationLinks(
  baseUrl: string,
  page: CursorPage,
  options: CursorLinkOptions = {},
): PaginationLinks {
  const fn = "createCursorPaginationLinks";
  const param = options.param ?? "cursor";
  if (typeof param !== "string" || param === "") {
    throw new RangeError(`${fn}: options.param must be a non-empty string, received ${describe(param)}`);
  }
  const maxPerPage = integerArg(fn, "options.maxPerPage", options.maxPerPage ?? DEFAULT_MAX_PER_PAGE, {
    min: 1,
    max: U32_MAX,
  });
  integerArg(fn, "perPage", page.perPage, { min: 1, max: maxPerPage });
  const base = parseBaseUrl(fn, baseUrl);
  const at = (cursor: Cursor | undefined) =>
    withParams(base, {
      [param]: cursor === undefined ? undefined : encodeCursor(cursor),
      per_page: String(page.perPage),
    });
  const links: PaginationLinks = {
    first: at(undefined),
    last: at({ direction: "before" }),
    self_link: at(page.cursor),
  };
  if (page.hasNext) {
    if (page.lastKey === undefined)
      throw new RangeError(`${fn}: hasNext needs lastKey, the key of the page's last item`);
    links.next = at({ direction: "after", key: page.lastKey });
  }
  if (page.hasPrevious) {
    if (page.firstKey === undefined) {
      throw new RangeError(`${fn}: hasPrevious needs firstKey, the key of the page's first item`);
    }
    links.prev = at({ direction: "before", key: page.firstKey });
  }
  return links;
}

// RFC 4648 §5, "base64url": the URL- and filename-safe alphabet.
const ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const VALUES = new Map([...ALPHABET].map((c, i) => [c, i]));

/** base64url without padding (RFC 4648 §5 and §3.2). */
export function toBase64Url(bytes: Uint8Array): string {
  let out = "";
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]! + ALPHABET[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]!;
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += ALPHABET[n >> 18]! + ALPHABET[(n >> 12) & 63]! + ALPHABET[(n >> 6) & 63]!;
  }
  return out;
}

/** Strict base64url without padding: other characters, a dangling character and nonzero pad bits throw. */
export function fromBase64Url(fn: string, text: string): Uint8Array {
  if (text.length % 4 === 1) throw new RangeError(`${fn}: ${text.length} characters cannot be base64url`);
  const out = new Uint8Array(Math.floor((text.length * 3) / 4));
  let bits = 0;
  let acc = 0;
  let o = 0;
  for (let i = 0; i < text.length; i++) {
    const v = VALUES.get(text[i] as string);
    if (v === undefined) {
      throw new RangeError(`${fn}: ${JSON.stringify(text[i])} at ${i} is not a base64url character (A–Z a–z 0–9 - _)`);
    }
    acc = (acc << 6) | v;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[o++] = (acc >> bits) & 0xff;
      acc &= (1 << bits) - 1;
    }
  }
  if (acc !== 0)
    throw new RangeError(`${fn}: the last character carries nonzero padding bits (not canonical base64url)`);
  return out;
}
