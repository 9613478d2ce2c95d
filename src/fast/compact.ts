import { MAX_JSON_DEPTH } from "../core/json-text.js";

/*
 * A proof, from the parsed value alone, that a JSON text hides nothing `decode` acts on
 * (WIRE_FORMAT.md §1 rules 3, 4 and 12: a repeated key, a whole value spelled `12.0` or `1e3`,
 * an integer beyond 2^53, an escaped surrogate), so the text path can leave out its scan.
 *
 * `compactLength` is the length of the value written compactly with every string unescaped and
 * every number as `String(x)` spells it. No text that `JSON.parse` reads as that value is shorter:
 * white space, a member dropped by a later repeated key (`"k":0,` at least), any escape and any
 * other spelling of a number only add characters. The one exception is a number that has a
 * spelling no longer than `String(x)`'s other than it, which is refused (UNPROVEN) when it would
 * matter: a whole value ending in two zeros (`100` and `1e2`), a fraction under 0.01, whose
 * exponent spelling is shorter (`0.005`, `5e-3`), and anything beyond 2^53, which the text may
 * spell with digits the double does not hold. Above 0.01 an exponent spelling of a fraction
 * is never shorter than its decimal, and one of equal length (`0.05`, `5e-2`) is the same
 * non-whole double. So when the text's length equals `compactLength`, every token is spelled at
 * that bound: no white space, no repeated key, no escape, every whole value in its own digits.
 * The hub's serde_json writes exactly this compact form, but for whole f64 values (`10000.0`),
 * which are two characters longer and so leave the proof to the scan.
 *
 * `spelledLength` keeps the proof for a text whose numbers `compactLength` gives up on. It walks
 * the value as `compactLength` does, placing each token where the compact text would hold it, and
 * reads each such number from the text there: the member's `"key":` (a key without `"`, `\\`,
 * white space or `,:]}`), then a number token equal to the value (all digits for a whole value),
 * whose length it counts. Such a key cannot start inside a string (a `"` there is escaped, and
 * the key's closing quote is not, so the string it closes is a key: ours, or one ending in
 * `\\"key`, whose member the walk refuses) nor after one (no `,:]}` or white space follows the
 * quote), so what is read is a member of the text with that key and value: the number's own, or
 * one a later repeated key dropped, which costs its token's length + 4 more characters, more than
 * the number's own token, however spelled (one character at least), could save. So the text is as
 * long as the count only if every such number was read in its own place and nothing else is
 * added: no white space, no repeated key, no escape, no `12.0`, and no `1e2` for `100` (refused:
 * not all digits). Integers beyond 2^53 are still refused (UNPROVEN).
 */

/** The text may hold what `decode` refuses and `JSON.parse` reads: nesting too deep, ±Infinity. */
export const REFUSED = -1;
/** No proof from lengths: a number with another spelling as short (the text must be scanned). */
export const UNPROVEN = -2;

/** Powers of ten, exact as doubles (10^22 is the last one that is). */
const POW10 = Array.from({ length: 16 }, (_, k) => 10 ** k);

/** Digits of a whole number `a`, 0 ≤ a < 10^15 (`String(a).length` without building the string). */
function digits(a: number): number {
  if (a < 1e4) return a < 10 ? 1 : a < 100 ? 2 : a < 1e3 ? 3 : 4;
  let n = 5;
  while (n < 15 && a >= (POW10[n] as number)) n++;
  return n;
}

/** Whether some decimal with `k` fraction digits reads as `x` (0.01 ≤ |x| · 10^k < 2^50). */
function spellsWith(x: number, k: number): boolean {
  const p = POW10[k] as number;
  // The product is within 1/8 of x · 10^k, so the nearest candidates are r - 1, r and r + 1; each
  // quotient is correctly rounded (both operands exact), i.e. the double that decimal reads as.
  const r = Math.round(x * p);
  return r / p === x || (r - 1) / p === x || (r + 1) / p === x;
}

/**
 * The length of the shortest decimal spelling of a fraction `x`, 0.01 ≤ |x| < 10^9: sign, whole
 * digits, point and the fewest fraction digits that read as `x`, which is `String(x).length`
 * (ECMA-262 Number::toString takes the fewest digits) at a tenth of its cost. UNPROVEN beyond
 * 2^50 / 10^k (too many digits to test exactly).
 */
function fractionLength(x: number): number {
  const a = x < 0 ? -x : x;
  const whole = (x < 0 ? 1 : 0) + (a < 1 ? 1 : digits(Math.floor(a))) + 1;
  for (let k = 1; k < 16 && a * (POW10[k] as number) < 2 ** 50; k++) {
    if (Math.round(x * (POW10[k] as number)) / (POW10[k] as number) === x) {
      // Found with the nearest candidate only: k is the fewest if no candidate has k - 1.
      return k === 1 || !spellsWith(x, k - 1) ? whole + k : UNPROVEN;
    }
  }
  return UNPROVEN;
}

/** `String(x).length`, or UNPROVEN / REFUSED (see the module comment). */
function numberLength(x: number): number {
  if (Number.isInteger(x)) {
    const a = x < 0 ? -x : x;
    if ((a % 100 === 0 && a !== 0) || a > Number.MAX_SAFE_INTEGER) return UNPROVEN;
    return a < 1e15 ? digits(a) + (x < 0 ? 1 : 0) : String(x).length;
  }
  if (!Number.isFinite(x)) return REFUSED;
  return (x < 0.01 && x > -0.01) || x >= 1e9 || x <= -1e9 ? UNPROVEN : fractionLength(x);
}

/**
 * The length of `value` (a `JSON.parse` result) written compactly (module comment), or REFUSED
 * (nesting beyond `decode`'s limit, counted as `countKeys` counts it, or a non-finite number) or
 * UNPROVEN. O(size of the value); it stops at the first UNPROVEN or REFUSED.
 */
export function compactLength(value: unknown, depth: number): number {
  // if-chain, most frequent first: strings, numbers, containers (1.2× a `switch (typeof value)`).
  if (typeof value === "string") return value.length + 2;
  if (typeof value === "number") return numberLength(value);
  if (typeof value === "object") {
    if (value === null) return 4;
    if (depth > MAX_JSON_DEPTH) return REFUSED;
    return Array.isArray(value) ? arrayLength(value, depth) : objectLength(value as Record<string, unknown>, depth);
  }
  return value === true ? 4 : value === false ? 5 : UNPROVEN;
}

function arrayLength(items: readonly unknown[], depth: number): number {
  if (items.length === 0) return 2;
  let n = items.length + 1; // brackets and commas
  for (let i = 0; i < items.length; i++) {
    const k = compactLength(items[i], depth + 1);
    if (k < 0) return k;
    n += k;
  }
  return n;
}

function objectLength(object: Record<string, unknown>, depth: number): number {
  let n = 1; // `{`, then per member its key's quotes, colon and a comma or the `}`
  for (const key in object) {
    const k = compactLength(object[key], depth + 1);
    if (k < 0) return k;
    n += key.length + 4 + k;
  }
  return n === 1 ? 2 : n;
}

/**
 * `compactLength` of `value`, `JSON.parse` of `text[from, to)`, but each number `compactLength`
 * gives up on (but an integer beyond 2^53) is read from `text` where the compact text would hold
 * it (module comment) and counted as long as it is there; UNPROVEN when one is not there, REFUSED
 * as `compactLength`. Where `compactLength` gives a length, this is it: the text path walks once,
 * with this. O(size of the value).
 */
export function spelledLength(value: unknown, text: string, from: number, to: number): number {
  return lengthAt(value, 1, { text, to }, from);
}

/** The text being read, `text.text[…, to)`. */
interface Span {
  readonly text: string;
  readonly to: number;
}

/** The length of `value` (not a member's number: `memberLength`), written from `at` in `span`. */
function lengthAt(value: unknown, depth: number, span: Span, at: number): number {
  if (typeof value !== "object" || value === null) return compactLength(value, depth);
  if (depth > MAX_JSON_DEPTH) return REFUSED;
  return Array.isArray(value)
    ? itemsAt(value, depth, span, at)
    : membersAt(value as Record<string, unknown>, depth, span, at);
}

function itemsAt(items: readonly unknown[], depth: number, span: Span, at: number): number {
  if (items.length === 0) return 2;
  let p = at + 1; // after the bracket, then after each item and its comma or closing bracket
  for (let i = 0; i < items.length; i++) {
    const k = lengthAt(items[i], depth + 1, span, p);
    if (k < 0) return k;
    p += k + 1;
  }
  return p - at;
}

function membersAt(object: Record<string, unknown>, depth: number, span: Span, at: number): number {
  let p = at + 1; // after the brace, then after each member and its comma or closing brace
  for (const member in object) {
    const v = object[member];
    let k: number;
    // Strings and numbers here, most frequent first; containers by lengthAt.
    if (typeof v === "string") k = v.length + 2;
    else if (typeof v === "number") k = memberLength(v, member, span, p + member.length + 3);
    else k = lengthAt(v, depth + 1, span, p + member.length + 3);
    if (k < 0) return k;
    p += member.length + 4 + k;
  }
  return p === at + 1 ? 2 : p - at;
}

/** The length of `key`'s number `x`, written from `at` in `span`: read there when `numberLength` gives up. */
function memberLength(x: number, key: string, span: Span, at: number): number {
  const n = numberLength(x);
  return n === UNPROVEN ? tokenAt(x, key, span, at) : n;
}

/**
 * The length of the number token at `at`, `x`'s spelling as `key`'s value (preceded by `"key":`,
 * ending before `span.to`), all digits if `x` is whole; UNPROVEN if it is not there or `x` is an
 * integer beyond 2^53.
 */
function tokenAt(x: number, key: string, span: Span, at: number): number {
  const whole = Number.isInteger(x);
  if ((whole && !Number.isSafeInteger(x)) || !keyAt(key, span.text, at)) return UNPROVEN;
  const end = tokenEnd(span.text, at, whole);
  return end > at && end < span.to && readNumber(span.text, at, end) === x ? end - at : UNPROVEN;
}

/**
 * Whether `text` holds `"key":` just before `at`, with a key that can neither start nor follow a
 * string there (module comment): no `"`, `\\`, white space, control character or `,:]}`.
 */
function keyAt(key: string, text: string, at: number): boolean {
  const k = at - key.length - 2;
  if (text.charCodeAt(at - 1) !== 58 || text.charCodeAt(at - 2) !== 34 || text.charCodeAt(k - 1) !== 34) return false;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (
      c !== text.charCodeAt(k + i) ||
      c <= 32 ||
      c === 34 ||
      c === 92 ||
      c === 44 ||
      c === 58 ||
      c === 93 ||
      c === 125
    )
      return false;
  }
  return true;
}

/** Where the number token at `at` ends; for a whole value, at the end of its digits, or -1 if more follows. */
function tokenEnd(text: string, at: number, whole: boolean): number {
  let end = at;
  let c = text.charCodeAt(end);
  if (c === 45) c = text.charCodeAt(++end);
  while (c >= 48 && c <= 57) c = text.charCodeAt(++end);
  if (whole) return c === 46 || c === 101 || c === 69 ? -1 : end; // `100.0`, `1e2`: other tokens
  while (c === 46 || c === 101 || c === 69 || c === 43 || c === 45 || (c >= 48 && c <= 57)) c = text.charCodeAt(++end);
  return end;
}

/**
 * The double a JSON number token `text[from, to)` reads as: its digits as an integer below 10^15
 * scaled by an exact power of ten (one correctly rounded operation, so the same double), or
 * `Number` of the token when that does not hold.
 */
function readNumber(text: string, from: number, to: number): number {
  let i = from;
  const negative = text.charCodeAt(i) === 45;
  if (negative) i++;
  let m = 0;
  let scale = 0;
  let point = false;
  let digitCount = 0;
  for (; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 46) point = true;
    else if (c >= 48 && c <= 57) {
      m = m * 10 + (c - 48);
      digitCount++;
      if (point) scale--;
    } else break;
  }
  if (i < to) scale += exponentOf(text, i + 1, to);
  if (digitCount > 15 || scale < -15 || scale > 15 || m >= 1e15) return Number(text.slice(from, to));
  const a = scale < 0 ? m / (POW10[-scale] as number) : m * (POW10[scale] as number);
  return negative ? -a : a;
}

/** The exponent written in `text[from, to)` after `e` or `E` (sign and digits). */
function exponentOf(text: string, from: number, to: number): number {
  let i = from;
  const sign = text.charCodeAt(i) === 45 ? -1 : 1;
  if (sign < 0 || text.charCodeAt(i) === 43) i++;
  let e = 0;
  for (; i < to && e < 1000; i++) e = e * 10 + (text.charCodeAt(i) - 48);
  return sign * e;
}
