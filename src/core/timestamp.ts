import * as z from "zod";
import { describeType } from "./integers.js";
import { lazySchema } from "./lazy.js";
import { timestampPattern, timestampSchemaPattern } from "./timestamp-pattern.js";

/*
 * `DateTime<Utc>` as the shipped hub reads it (WIRE_FORMAT.md §1b.1): chrono 0.4.42's relaxed
 * RFC 3339 parser (`parse_rfc3339_relaxed` in src/format/parse.rs, `DateTime<FixedOffset>::from_str`),
 * then the conversion to UTC; and as it writes it: RFC 3339 in UTC with `Z`, 0, 3, 6 or 9
 * fraction digits (`SecondsFormat::AutoSi`), a signed year outside 0000–9999.
 *
 * The reader below follows chrono's items one by one, so each rule has its place:
 *
 *   WS* year WS* "-" WS* month WS* "-" WS* day SEP WS* hour WS* ":" WS* minute WS* ":" WS* second
 *       [ "." 1*DIGIT ] WS* offset WS*
 *
 * WS is Rust's `char::is_whitespace` (Unicode White_Space); every numeric item trims it before
 * its digits (`s.trim_start()` in parse_internal), `Item::Space` after the year, month, hour,
 * minute and fraction, and the offset is read after one more trim.
 */

/** Rust's `char::is_whitespace`: the Unicode White_Space property (U+FEFF is not one). */
export function isRustWhitespace(c: number): boolean {
  return (
    c === 32 ||
    (c >= 9 && c <= 13) ||
    (c >= 0x85 &&
      (c === 0x85 ||
        c === 0xa0 ||
        c === 0x1680 ||
        (c >= 0x2000 && c <= 0x200a) ||
        c === 0x2028 ||
        c === 0x2029 ||
        c === 0x202f ||
        c === 0x205f ||
        c === 0x3000))
  );
}

/** chrono 0.4.42's `NaiveDate::MIN`/`MAX` years (0.4.23 allowed one more each way). */
export const TIMESTAMP_MIN_YEAR = -262_143;
export const TIMESTAMP_MAX_YEAR = 262_142;

const SECONDS_PER_DAY = 86_400;

/** A timestamp read and converted to UTC. */
export interface TimestampParts {
  /** Days since 1970-01-01 of the UTC date. */
  readonly days: number;
  /** Second of the UTC day, 0–86 399 (a leap second counts as second 59 of its minute). */
  readonly seconds: number;
  /** Nanoseconds within the second, 0–999 999 999 (digits past the ninth are dropped). */
  readonly nanos: number;
  /** The second was written `:60` (chrono keeps it through the offset and writes it back). */
  readonly leap: boolean;
}

/** Why a string is not a timestamp: the first rule it breaks, in chrono's reading order. */
export type TimestampResult =
  | { readonly ok: true; readonly parts: TimestampParts }
  | { readonly ok: false; readonly reason: string };

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** Days from 1970-01-01 to a proleptic Gregorian date (H. Hinnant's `days_from_civil`). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The proleptic Gregorian date of a day count from 1970-01-01 (`civil_from_days`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z0 = days + 719_468;
  const era = Math.floor(z0 / 146_097);
  const doe = z0 - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const MIN_DAYS = daysFromCivil(TIMESTAMP_MIN_YEAR, 1, 1);
const MAX_DAYS = daysFromCivil(TIMESTAMP_MAX_YEAR, 12, 31);

const fail = (reason: string): TimestampResult => ({ ok: false, reason });

// The relaxed reader's cursor: module state, so reading allocates only its fields and result. Set at
// the start of every `readRelaxed` call and read only by the synchronous helpers below, so no
// result ever depends on an earlier call (DESIGN.md §5). (There is no cache of readings: a
// one-entry cache of the last text saved ≈ 10% on a canonicalTimestamp + toEpochMillis pair of
// one offset timestamp and nothing on Timestamp.parse, 100k timestamps, medians of 3 × 9 runs.)
let t = "";
let at = 0;

function skipWs(): void {
  while (at < t.length && isRustWhitespace(t.charCodeAt(at))) at++;
}

/** scan::number(s, 1, max): ASCII digits, at most `max`, at least one; −1 when there is none. */
function digits(max: number): number {
  let value = 0;
  let count = 0;
  while (count < max && at < t.length) {
    const c = t.charCodeAt(at);
    if (c < 48 || c > 57) break;
    value = value * 10 + (c - 48);
    at++;
    count++;
  }
  return count === 0 ? -1 : value;
}

/** `Item::Space` then a literal `c`: white space, then `c` or a failure. */
function spaceThen(c: number): boolean {
  skipWs();
  if (t.charCodeAt(at) !== c) return false;
  at++;
  skipWs();
  return true;
}

const missing = (what: string) => `expected the ${what} (digits) at position ${at}`;

/**
 * Reads `text` as the hub does (chrono's relaxed RFC 3339, WIRE_FORMAT.md §1b.1) and converts it
 * to UTC, or says which rule it breaks. O(length of the text).
 */
export function readTimestamp(text: string): TimestampResult {
  return readUtc(text) ?? readRelaxed(text);
}

/** Two ASCII digits at `i` as a number, or −1. */
function twoDigits(text: string, i: number): number {
  const a = text.charCodeAt(i) - 48;
  const b = text.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * The spellings nearly every document uses, `YYYY-MM-DDTHH:MM:SS[.1–9 digits]` then `Z` or
 * `±hh:mm`, with a valid date and no leap second, read at fixed positions; undefined for
 * anything else (including every error), which `readRelaxed` then reads by chrono's rules. For
 * these strings both give the same parts: a four-digit year moved by less than a day always
 * falls inside the hub's range.
 */
function readUtc(text: string): TimestampResult | undefined {
  const n = text.length;
  // Where the offset starts, and the offset in seconds east (NaN when it is not `±hh:mm`).
  const end = text.charCodeAt(n - 1) === 90 ? n - 1 : n - 6;
  const offset = end === n - 1 ? 0 : strictOffset(text, end);
  if (end < 19 || Number.isNaN(offset) || text.charCodeAt(10) !== 84) return undefined;
  if (text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return undefined;
  if (text.charCodeAt(13) !== 58 || text.charCodeAt(16) !== 58) return undefined;
  const hi = twoDigits(text, 0);
  const lo = twoDigits(text, 2);
  const month = twoDigits(text, 5);
  const day = twoDigits(text, 8);
  const hour = twoDigits(text, 11);
  const minute = twoDigits(text, 14);
  const second = twoDigits(text, 17);
  if (hi < 0 || lo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return undefined;
  if (minute < 0 || minute > 59 || second < 0 || second > 59) return undefined;
  let nanos = 0;
  if (end > 19) {
    // A fraction of 1–9 digits: ".", then digits up to the offset.
    if (end > 29 || text.charCodeAt(19) !== 46 || end === 20) return undefined;
    for (let i = 20; i < end; i++) {
      const c = text.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return undefined;
      nanos = nanos * 10 + c;
    }
    for (let k = end - 20; k < 9; k++) nanos *= 10;
  }
  const year = hi * 100 + lo;
  if (day > daysInMonth(year, month)) return undefined;
  const utc = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + second - offset;
  const days = Math.floor(utc / SECONDS_PER_DAY);
  return { ok: true, parts: { days, seconds: utc - days * SECONDS_PER_DAY, nanos, leap: false } };
}

/** `±hh:mm` at `at` (hours 00–23, minutes 00–59) in seconds east of UTC, else NaN. */
function strictOffset(text: string, at: number): number {
  const sign = text.charCodeAt(at);
  const h = twoDigits(text, at + 1);
  const m = twoDigits(text, at + 4);
  if ((sign !== 43 && sign !== 45) || text.charCodeAt(at + 3) !== 58 || h < 0 || h > 23 || m < 0 || m > 59) {
    return Number.NaN;
  }
  return (h * 60 + m) * 60 * (sign === 43 ? 1 : -1);
}

/** The fields of a timestamp as written, before the range checks and the conversion to UTC. */
interface Fields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  nanos: number;
  /** Seconds east of UTC. */
  offset: number;
}

/** Every spelling chrono reads, item by item; a reason string when one breaks a rule. */
function readRelaxed(text: string): TimestampResult {
  t = text;
  at = 0;
  const f: Fields = { year: 0, month: 0, day: 0, hour: 0, minute: 0, second: 0, nanos: 0, offset: 0 };
  const reason = readDate(f) ?? readTime(f) ?? readOffset(f) ?? readEnd();
  t = "";
  return reason === undefined ? toUtc(f) : fail(reason);
}

/** Year: a sign takes any number of digits; without one, at most four are read. */
function readYear(): number | string {
  skipWs();
  const sign = t.charCodeAt(at);
  if (sign !== 43 && sign !== 45) {
    const year = digits(4);
    return year < 0 ? missing("year") : year;
  }
  at++;
  let count = 0;
  let value = 0;
  for (let c = t.charCodeAt(at); c >= 48 && c <= 57; c = t.charCodeAt(++at)) {
    // Past 10^7 the year is out of range whatever follows; keep reading the digits as chrono does.
    if (value < 1e7) value = value * 10 + (c - 48);
    count++;
  }
  if (count === 0) return `expected the year's digits after its sign at position ${at}`;
  return sign === 45 ? -value : value;
}

/** Year, month and day, then the separator, which follows the day directly. */
function readDate(f: Fields): string | undefined {
  const year = readYear();
  if (typeof year === "string") return year;
  f.year = year;
  if (!spaceThen(45)) return `expected "-" after the year at position ${at}`;
  f.month = digits(2);
  if (f.month < 0) return missing("month");
  if (!spaceThen(45)) return `expected "-" after the month at position ${at}`;
  f.day = digits(2);
  if (f.day < 0) return missing("day");
  // "T", "t" or one ASCII space (a tab is not one).
  const sep = t.charCodeAt(at);
  if (sep !== 84 && sep !== 116 && sep !== 32) {
    return at >= t.length
      ? "the time is missing"
      : `expected "T", "t" or a space between date and time at position ${at}`;
  }
  at++;
  return undefined;
}

/** Hour, minute, second and the optional fraction. */
function readTime(f: Fields): string | undefined {
  skipWs();
  f.hour = digits(2);
  if (f.hour < 0) return missing("hour");
  if (!spaceThen(58)) return `expected ":" after the hour at position ${at}`;
  f.minute = digits(2);
  if (f.minute < 0) return missing("minute");
  if (!spaceThen(58)) return `expected ":" after the minute (seconds are required) at position ${at}`;
  f.second = digits(2);
  if (f.second < 0) return missing("second");
  if (t.charCodeAt(at) !== 46) return undefined;
  at++;
  // scan::nanosecond: at least one digit, the first nine count, the rest are read and dropped.
  let count = 0;
  let nanos = 0;
  for (let c = t.charCodeAt(at); c >= 48 && c <= 57; c = t.charCodeAt(++at)) {
    if (count < 9) nanos = nanos * 10 + (c - 48);
    count++;
  }
  if (count === 0) return `expected a digit after the decimal point at position ${at}`;
  for (let k = count; k < 9; k++) nanos *= 10;
  f.nanos = nanos;
  return undefined;
}

/** `Z`, `z`, `UTC` in any case, or a numeric offset, after white space. */
function readOffset(f: Fields): string | undefined {
  skipWs();
  const n = t.length;
  const c = t.charCodeAt(at);
  if (
    at + 3 <= n &&
    (c === 85 || c === 117) &&
    (t.charCodeAt(at + 1) | 32) === 116 &&
    (t.charCodeAt(at + 2) | 32) === 99
  ) {
    at += 3;
    return undefined;
  }
  if (c === 90 || c === 122) {
    at++;
    return undefined;
  }
  if (c === 43 || c === 45 || c === 0x2212) {
    at++;
    return readNumericOffset(f, c === 43 ? 1 : -1);
  }
  return at >= n
    ? "the offset is missing (Z, UTC or ±hh:mm)"
    : `expected an offset (Z, UTC or ±hh:mm) at position ${at}`;
}

/** `hh`, any run of ":" and white space (scan::colon_or_space), then `mm`. */
function readNumericOffset(f: Fields, sign: number): string | undefined {
  const n = t.length;
  if (at + 2 > n) return "the offset needs two hour digits";
  const h1 = t.charCodeAt(at);
  const h2 = t.charCodeAt(at + 1);
  if (!isDigit(h1) || !isDigit(h2)) return `the offset needs two hour digits at position ${at}`;
  const offsetHours = (h1 - 48) * 10 + (h2 - 48);
  at += 2;
  while (at < n && (t.charCodeAt(at) === 58 || isRustWhitespace(t.charCodeAt(at)))) at++;
  if (at + 2 > n) return "the offset needs two minute digits (±hh:mm)";
  const m1 = t.charCodeAt(at);
  const m2 = t.charCodeAt(at + 1);
  if (!isDigit(m1) || !isDigit(m2)) return `the offset needs two minute digits at position ${at}`;
  const offsetMinutes = (m1 - 48) * 10 + (m2 - 48);
  if (offsetMinutes > 59) return `the offset minutes ${offsetMinutes} are out of range (00–59)`;
  at += 2;
  // FixedOffset::east_opt: strictly less than a day either way, so hours 00–23.
  if (offsetHours > 23) return `the offset hours ${offsetHours} are out of range (00–23)`;
  f.offset = (offsetHours * 60 + offsetMinutes) * 60 * sign;
  return undefined;
}

/** Trailing white space only. */
function readEnd(): string | undefined {
  skipWs();
  return at < t.length ? `unexpected text after the offset at position ${at}` : undefined;
}

/** Parsed's setters and to_datetime, in chrono's order. */
function toUtc(f: Fields): TimestampResult {
  const { year, month, day, hour, minute, second } = f;
  if (month < 1 || month > 12) return fail(`month ${month} is out of range (1–12)`);
  if (day < 1 || day > 31) return fail(`day ${day} is out of range (1–31)`);
  if (hour > 23) return fail(`hour ${hour} is out of range (0–23)`);
  if (minute > 59) return fail(`minute ${minute} is out of range (0–59)`);
  if (second > 60) return fail(`second ${second} is out of range (0–60, 60 being a leap second)`);
  if (year < TIMESTAMP_MIN_YEAR || year > TIMESTAMP_MAX_YEAR) {
    return fail(`year ${year} is out of range (${TIMESTAMP_MIN_YEAR} to +${TIMESTAMP_MAX_YEAR})`);
  }
  if (day > daysInMonth(year, month)) return fail(`day ${day} does not exist in ${year}-${pad2(month)}`);
  const leap = second === 60;
  const local = daysFromCivil(year, month, day) * SECONDS_PER_DAY + hour * 3600 + minute * 60 + (leap ? 59 : second);
  const utc = local - f.offset;
  const days = Math.floor(utc / SECONDS_PER_DAY);
  if (days < MIN_DAYS || days > MAX_DAYS) {
    return fail(`in UTC the instant falls outside the years ${TIMESTAMP_MIN_YEAR} to +${TIMESTAMP_MAX_YEAR}`);
  }
  return { ok: true, parts: { days, seconds: utc - days * SECONDS_PER_DAY, nanos: f.nanos, leap } };
}

/*
 * Fast paths for the spellings nearly every document uses (TIMESTAMP_STRICT_PATTERN; internal,
 * src/fast's generator copies it): strict RFC 3339 (four-digit year,
 * two-digit fields, `T`, `Z` or `±hh:mm`) with a valid calendar date is always read (it is a
 * subset of the relaxed grammar, and no offset carries a four-digit year out of range); and the
 * canonical form is its own canonical form.
 */
export const TIMESTAMP_STRICT_PATTERN =
  /^(?:[0-9]{4}-(?:(?:0[13578]|1[02])-(?:0[1-9]|[12][0-9]|3[01])|(?:0[469]|11)-(?:0[1-9]|[12][0-9]|30)|02-(?:0[1-9]|1[0-9]|2[0-8]))|(?:[0-9]{2}(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)-02-29)T(?:[01][0-9]|2[0-3]):[0-5][0-9]:(?:[0-5][0-9]|60)(?:\.[0-9]{1,9})?(?:Z|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])$/;

/** Strict, in UTC with `Z`, and a fraction of 0, 3, 6 or 9 digits that AutoSi writes as such. */
function isCanonical(text: string): boolean {
  if (!TIMESTAMP_STRICT_PATTERN.test(text) || text.charCodeAt(text.length - 1) !== 90) return false;
  const dot = text.indexOf(".", 19);
  if (dot === -1) return text.length === 20;
  const fraction = text.slice(dot + 1, -1);
  // AutoSi writes 3 digits unless 6 or 9 are needed: `.120` stays, `.000` and `.120000` do not.
  if (fraction.length === 3) return fraction !== "000";
  if (fraction.length === 6) return !fraction.endsWith("000");
  if (fraction.length === 9) return !fraction.endsWith("000");
  return false;
}

/** True when the hub reads `text` as a `DateTime<Utc>` (WIRE_FORMAT.md §1b.1). */
export function isTimestamp(text: unknown): text is string {
  return typeof text === "string" && (TIMESTAMP_STRICT_PATTERN.test(text) || read(text) !== undefined);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** chrono's `{:+05}` year outside 0000–9999, four zero-padded digits inside. */
function yearText(year: number): string {
  if (year >= 0 && year <= 9999) return String(year).padStart(4, "0");
  return `${year < 0 ? "-" : "+"}${String(Math.abs(year)).padStart(4, "0")}`;
}

function autoSiFraction(nanos: number): string {
  if (nanos === 0) return "";
  if (nanos % 1_000_000 === 0) return `.${String(nanos / 1_000_000).padStart(3, "0")}`;
  if (nanos % 1_000 === 0) return `.${String(nanos / 1_000).padStart(6, "0")}`;
  return `.${String(nanos).padStart(9, "0")}`;
}

/** The text chrono writes for a UTC instant. */
export function formatTimestamp(parts: TimestampParts): string {
  const { year, month, day } = civilFromDays(parts.days);
  const h = Math.floor(parts.seconds / 3600);
  const m = Math.floor((parts.seconds % 3600) / 60);
  const s = parts.leap ? 60 : parts.seconds % 60;
  return `${yearText(year)}-${pad2(month)}-${pad2(day)}T${pad2(h)}:${pad2(m)}:${pad2(s)}${autoSiFraction(parts.nanos)}Z`;
}

function read(text: string): TimestampParts | undefined {
  const result = readTimestamp(text);
  return result.ok ? result.parts : undefined;
}

/**
 * The parts of `text`, or a RangeError naming the public function `fn` (and, when given, the
 * argument `label` it was read from) with the rule the text breaks.
 */
function partsOf(fn: string, text: unknown, label?: string): TimestampParts {
  const parts = typeof text === "string" ? read(text) : undefined;
  if (parts === undefined) {
    const what = label === undefined ? "expected an RFC 3339 timestamp" : `${label} must be an RFC 3339 timestamp`;
    const received =
      typeof text === "string"
        ? `${JSON.stringify(text)} (${(readTimestamp(text) as { reason: string }).reason})`
        : typeof text === "object" || typeof text === "function"
          ? describeType(text)
          : `${String(text)} (a ${typeof text})`;
    throw new RangeError(`${fn}: ${what} with seconds and an offset, received ${received}`);
  }
  return parts;
}

/**
 * The canonical form the Rust hub writes for any timestamp it reads: UTC with `Z`, 0, 3, 6 or 9
 * fraction digits (chrono's `SecondsFormat::AutoSi`), a leap second kept as `:60`, and a sign on
 * a year outside 0000–9999: `…05Z`, `…05.120Z`, `…05.000005Z`, `+10000-01-01T00:30:00Z`.
 */
export function canonicalTimestamp(text: string): string {
  return canonicalTimestampOf("canonicalTimestamp", undefined, text);
}

/**
 * `canonicalTimestamp` for a helper: the RangeError names the public function `fn` that was
 * called and its argument `label` (see `epochNanosOf`). Internal; not exported from the package.
 */
export function canonicalTimestampOf(fn: string, label: string | undefined, text: unknown): string {
  if (typeof text === "string" && isCanonical(text)) return text;
  return formatTimestamp(partsOf(fn, text, label));
}

/*
 * Epoch time follows chrono 0.4.42's `DateTime::timestamp_nanos_opt`/`timestamp_millis`: the
 * non-leap seconds since 1970 (`timestamp()`, where a leap second is second 59 of its minute)
 * times 10^9, plus `timestamp_subsec_nanos()`, which for a leap second is 10^9 + its fraction.
 * So `2016-12-31T23:59:60.5Z` is 1 483 228 800.5 s: the instant `2017-01-01T00:00:00.5Z`.
 */

function epochSeconds(p: TimestampParts): number {
  return p.days * SECONDS_PER_DAY + p.seconds + (p.leap ? 1 : 0);
}

/**
 * `toEpochNanos` for a helper: the RangeError names the public function `fn` that was called
 * and its argument `label` (`points[3].timestamp`). Internal; not exported from the package.
 */
export function epochNanosOf(fn: string, label: string | undefined, text: unknown): bigint {
  const p = partsOf(fn, text, label);
  return BigInt(epochSeconds(p)) * 1_000_000_000n + BigInt(p.nanos);
}

/** `toEpochMillis` for a helper, with errors naming `fn` and `label` (see `epochNanosOf`). */
export function epochMillisOf(fn: string, label: string | undefined, text: unknown): number {
  const p = partsOf(fn, text, label);
  return epochSeconds(p) * 1000 + Math.floor(p.nanos / 1_000_000);
}

/**
 * Epoch milliseconds of a timestamp, as chrono's `timestamp_millis` (sub-millisecond digits are
 * truncated toward the past; a leap second `…:60.5` is the instant after second 59 plus 1.5 s,
 * see `toEpochNanos`). Always `floor(toEpochNanos(text) / 10^6)`. O(length of the text).
 *
 * @example toEpochMillis("2025-06-03T19:52:05.123+05:30") // 1748960525123
 */
export function toEpochMillis(text: string): number {
  return epochMillisOf("toEpochMillis", undefined, text);
}

/**
 * Epoch nanoseconds of a timestamp as a BigInt, exact to the nanosecond (a JS number holds
 * epoch milliseconds exactly, nanoseconds not). Follows chrono 0.4.42's `timestamp_nanos_opt`,
 * leap seconds included: `…23:59:60.5Z` is second 59 plus 1.5 s, the same instant as the next
 * day's `00:00:00.5Z`. Unlike chrono, not limited to the i64 range (years 1677–2262).
 * O(length of the text).
 *
 * @example toEpochNanos("2016-12-31T23:59:60.5Z") // 1483228800500000000n
 */
export function toEpochNanos(text: string): bigint {
  return epochNanosOf("toEpochNanos", undefined, text);
}

/** The canonical text of `seconds` since 1970 plus `nanos`, or a RangeError naming `fn`. */
function fromEpoch(fn: string, seconds: number, nanos: number, shown: string): string {
  const days = Math.floor(seconds / SECONDS_PER_DAY);
  if (!(days >= MIN_DAYS && days <= MAX_DAYS)) {
    throw new RangeError(
      `${fn}: ${shown} is outside the years ${TIMESTAMP_MIN_YEAR} to +${TIMESTAMP_MAX_YEAR} that the hub reads`,
    );
  }
  return formatTimestamp({ days, seconds: seconds - days * SECONDS_PER_DAY, nanos, leap: false });
}

/** The canonical Timestamp for epoch milliseconds (`Z`, 0 or 3 fraction digits). */
export function fromEpochMillis(ms: number): string {
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) {
    throw new RangeError(`fromEpochMillis: expected whole epoch milliseconds, received ${ms}`);
  }
  const seconds = Math.floor(ms / 1000);
  return fromEpoch("fromEpochMillis", seconds, (ms - seconds * 1000) * 1_000_000, String(ms));
}

/** Floor division for bigint (`/` truncates toward zero). Internal. */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/** `fromEpochNanos` for a helper, with errors naming the public function `fn`. Internal. */
export function timestampOfNanos(fn: string, ns: bigint): string {
  if (typeof ns !== "bigint") {
    throw new TypeError(`${fn}: expected epoch nanoseconds as a bigint, received ${describeType(ns)}`);
  }
  const seconds = floorDiv(ns, 1_000_000_000n);
  const nanos = ns - seconds * 1_000_000_000n;
  // Past ±2^53 s the instant is far outside the years the hub reads; keep the number finite.
  const s = seconds > 1n << 53n ? Number.MAX_VALUE : seconds < -(1n << 53n) ? -Number.MAX_VALUE : Number(seconds);
  return fromEpoch(fn, s, Number(nanos), `${ns} ns`);
}

/**
 * The canonical Timestamp of epoch nanoseconds, as the hub writes it: UTC with `Z` and 0, 3, 6
 * or 9 fraction digits (chrono's `SecondsFormat::AutoSi`), the inverse of `toEpochNanos` for
 * every instant without a leap second. O(1).
 *
 * @example fromEpochNanos(1749996123104000123n) // "2025-06-15T14:02:03.104000123Z"
 */
export function fromEpochNanos(ns: bigint): string {
  return timestampOfNanos("fromEpochNanos", ns);
}

/** Orders two timestamps by instant, including their sub-millisecond digits. */
export function compareTimestamps(a: string, b: string): number {
  const pa = partsOf("compareTimestamps", a);
  const pb = partsOf("compareTimestamps", b);
  return epochSeconds(pa) - epochSeconds(pb) || pa.nanos - pb.nanos;
}

/**
 * A regular expression for exactly the strings the hub reads as a timestamp (ECMAScript and
 * Python `re` syntax; published as the JSON Schema `pattern`). Calendar validity, the year range
 * and the UTC range at the two extreme dates are part of it, so a JSON Schema validator gives the
 * verdict `Timestamp` gives. To test one string, `isTimestamp` is far cheaper.
 */
export const TIMESTAMP_PATTERN = new RegExp(timestampPattern());

function invalidMessage(input: unknown): string {
  if (typeof input !== "string")
    return `Invalid timestamp: expected an RFC 3339 string, received ${describeType(input)}`;
  const why = readTimestamp(input);
  return `Invalid timestamp: expected RFC 3339 with seconds and an offset (e.g. 2025-06-03T14:22:05Z), received ${JSON.stringify(input)}${why.ok ? "" : `: ${why.reason}`}`;
}

/**
 * `DateTime<Utc>`: any string the hub reads as one (chrono's relaxed RFC 3339: `T`, `t` or a
 * space between date and time, `Z`, `z`, `UTC` or a `±hh:mm`/`±hhmm` offset, white space between
 * the parts, more than nine fraction digits, signed years, a leap second). Parsing returns the
 * canonical UTC form the hub writes back, kept to the nanosecond, which a JS `Date` cannot hold.
 */
export const Timestamp = lazySchema(() =>
  z
    .string({ error: (issue) => invalidMessage(issue.input) })
    .check(
      z.refine(isTimestamp, {
        abort: true,
        error: (issue) => invalidMessage(issue.input),
      }),
    )
    .overwrite(canonicalTimestamp)
    .meta({
      description:
        "RFC 3339 date-time with seconds and an offset, as the hub reads it (chrono's relaxed form); written back in UTC with Z",
      examples: ["2025-06-03T14:22:05Z", "2025-06-03T19:52:05.123+05:30"],
      // The JSON Schema's pattern: TIMESTAMP_PATTERN, compact at the two extreme dates (see there).
      pattern: timestampSchemaPattern(),
    }),
);
export type Timestamp = z.infer<typeof Timestamp>;
