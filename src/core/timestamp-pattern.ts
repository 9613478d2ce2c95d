/*
 * The regular expression of the strings the hub reads as a `DateTime<Utc>` (chrono 0.4.42's
 * relaxed RFC 3339, WIRE_FORMAT.md §1b.1), built from the grammar so that each rule is visible:
 * the JSON Schema of every timestamp field publishes it as its `pattern`. Written in the syntax
 * ECMAScript (with or without the `u` flag) and Python's `re` share: `[0-9]`, never `\d` (Python
 * reads Unicode digits there), and explicit white-space classes, never `\s` (it holds U+FEFF,
 * which Rust's `char::is_whitespace` does not).
 *
 * Three things beyond the grammar are part of it, so that a JSON Schema validator gives the
 * verdict `Timestamp` gives: calendar validity (month lengths, 29 February in Gregorian leap
 * years, for signed years too), the year range −262143..+262142 of the written date, and the
 * same range for the instant in UTC, which an offset can break only at the two extreme dates
 * (+262142-12-31 with a negative offset, −262143-01-01 with a positive one). Those two are
 * negative lookaheads that compare local time and offset digit by digit.
 */

/** Rust's `char::is_whitespace` (Unicode White_Space), as the body of a character class. */
const WS_CHARS = "\\t-\\r \\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000";
const WS = `[${WS_CHARS}]*`;
const DASH = `${WS}-${WS}`;
const COLON = `${WS}:${WS}`;

const alt = (options: readonly string[]): string =>
  options.length === 1 ? (options[0] as string) : `(?:${options.join("|")})`;

/** Two-digit strings whose value lies in [lo, hi] (0 ≤ lo ≤ hi ≤ 99). */
export function twoDigits(lo: number, hi: number): string {
  const out: string[] = [];
  for (let tens = Math.floor(lo / 10); tens <= Math.floor(hi / 10); tens++) {
    const from = tens === Math.floor(lo / 10) ? lo % 10 : 0;
    const to = tens === Math.floor(hi / 10) ? hi % 10 : 9;
    out.push(`${tens}${from === to ? String(from) : from === 0 && to === 9 ? "[0-9]" : `[${from}-${to}]`}`);
  }
  return alt(out);
}

/** A one- or two-digit field holding exactly `value` (0–99), not followed by another digit. */
const field = (value: number): string => `${value < 10 ? `0?${value}` : String(value)}(?![0-9])`;

// Years: unsigned 1–4 digits as written; a sign takes any number of digits (leading zeros too).
const ABOVE_ZERO_TO = (last: number) =>
  `(?:[0-9]{1,5}|1[0-9]{5}|2[0-5][0-9]{4}|26[01][0-9]{3}|262(?:0[0-9]{2}|1[0-3][0-9]|14[0-${last}]))`;
const POSITIVE = ABOVE_ZERO_TO(2); // 0..262142
const NEGATIVE = ABOVE_ZERO_TO(3); // 0..262143
const YEAR = `(?:[0-9]{1,4}|\\+0*${POSITIVE}|-0*${NEGATIVE})`;

// Gregorian leap years: divisible by 4 and not by 100, or by 400.
const MULTIPLE_OF_4_ENDING = "(?:[02468][048]|[13579][26])"; // a two-digit ending divisible by 4 (00 included)
const NOT_00_MULTIPLE_OF_4_ENDING = "(?:0[48]|[2468][048]|[13579][26])";
const UNSIGNED_LEAP = `(?:[048]|[0-9]{0,2}${NOT_00_MULTIPLE_OF_4_ENDING}|(?:[048]|${MULTIPLE_OF_4_ENDING})?00)`;
// Without leading zeros: 0; 4, 8; two to six digits divisible by 4 not ending 00; a multiple of 400.
const LEAP_NUMBER = `(?:0|[48]|[1-9][0-9]{0,3}${NOT_00_MULTIPLE_OF_4_ENDING}|[2468][048]|[13579][26]|(?:[48]|[1-9][0-9]{0,1}${MULTIPLE_OF_4_ENDING}|[2468][048]|[13579][26])00)`;
const SIGNED_LEAP = `[+-](?=0*${POSITIVE}(?![0-9]))0*${LEAP_NUMBER}`;
const LEAP_YEAR = `(?:${UNSIGNED_LEAP}|${SIGNED_LEAP})`;

// Month lengths and 29 February, as lookaheads over a generic date (the skips `[^0-9]+` stand
// for the separators, which the main pattern checks).
const MONTH = "(?:0?[1-9]|1[0-2])";
const DAY = "(?:0?[1-9]|[12][0-9]|3[01])";
const SHORT_MONTHS = "(?!(?:0?[469]|11)[^0-9]+31(?![0-9]))(?!0?2[^0-9]+3[01](?![0-9]))";
const LEAP_DAY = `(?:(?![+-]?[0-9]+[^0-9]+0?2[^0-9]+29(?![0-9]))|(?=${LEAP_YEAR}[^0-9]+0?2[^0-9]+29(?![0-9])))`;
const DATE = `${LEAP_DAY}${YEAR}${DASH}${SHORT_MONTHS}${MONTH}${DASH}${DAY}`;

const HOUR = "(?:[01]?[0-9]|2[0-3])";
const MINUTE = "[0-5]?[0-9]";
const SECOND = "(?:[0-5]?[0-9]|60)";
const FRACTION = "(?:\\.[0-9]+)?";
// scan::timezone_offset: Z/z, or a sign (U+2212 too), two hour digits, any run of ":" and white
// space, two minute digits; "UTC" in any case is read before it. Hours above 23 fail FixedOffset.
const OFFSET = `(?:[Zz]|[Uu][Tt][Cc]|[+\\u2212-](?:[01][0-9]|2[0-3])[:${WS_CHARS}]*[0-5][0-9])`;
const TIME = `${HOUR}${COLON}${MINUTE}${COLON}${SECOND}${FRACTION}${WS}${OFFSET}`;

/*
 * The UTC range at the extreme dates. From the hour of the time part: `h` and `m` are the local
 * hour and minute, `H` and `M` the offset's. The skips rely on the main pattern for structure.
 */
const TO_MINUTE = "[^:]*:[^0-9]*";
const TO_NEGATIVE_OFFSET = "[^+\\u2212-]*[\\u2212-]";
const TO_POSITIVE_OFFSET = "[^+]*\\+";
const OFFSET_MINUTE_AFTER = (toOffset: string) => `${toOffset}[0-9]{2}[^0-9]*`;

/** Lookahead alternatives pairing a local hour with the offset hours `hours(h)` (a [lo, hi] range or none). */
function hourPairs(toOffset: string, hours: (h: number) => [number, number] | undefined): string {
  const out: string[] = [];
  for (let h = 0; h <= 23; h++) {
    const range = hours(h);
    if (range && range[0] <= range[1]) out.push(`${field(h)}${toOffset}${twoDigits(range[0], range[1])}`);
  }
  return alt(out);
}

/** The minute's tens digit `a` (0 for a one-digit minute). */
const minuteTens = (a: number) => (a === 0 ? "0?[0-9](?![0-9])" : `${a}[0-9]`);
/** The minute's units digit `b`. */
const minuteUnits = (b: number) => `[0-5]?${b}(?![0-9])`;

/** Lookahead alternatives pairing the local minute's tens with the offset minute's tens. */
function tensPairs(toOffset: string, tens: (a: number) => [number, number] | undefined): string {
  const out: string[] = [];
  for (let a = 0; a <= 5; a++) {
    const range = tens(a);
    if (range && range[0] <= range[1]) {
      out.push(
        `${minuteTens(a)}${OFFSET_MINUTE_AFTER(toOffset)}${range[0] === range[1] ? range[0] : `[${range[0]}-${range[1]}]`}`,
      );
    }
  }
  return `${TO_MINUTE}${alt(out)}`;
}

/** Lookahead alternatives pairing the local minute's units with the offset minute's units. */
function unitsPairs(toOffset: string, units: (b: number) => [number, number] | undefined): string {
  const out: string[] = [];
  for (let b = 0; b <= 9; b++) {
    const range = units(b);
    if (range && range[0] <= range[1]) {
      out.push(
        `${minuteUnits(b)}${OFFSET_MINUTE_AFTER(toOffset)}[0-9]${range[0] === range[1] ? range[0] : `[${range[0]}-${range[1]}]`}`,
      );
    }
  }
  return `${TO_MINUTE}${alt(out)}`;
}

// +262142-12-31 with a negative offset: UTC = local + |offset| passes the last day when
// 60(h+H) + (m+M) ≥ 1440, that is h+H ≥ 24, or h+H = 23 and m+M ≥ 60; and m+M ≥ 60 when the
// tens sum to 6 or more, or to 5 with units summing to 10 or more.
const PAST_MAX = `[^+]*\\+0*262142[^0-9]+12[^0-9]+31[Tt ][^0-9]*(?:(?=${hourPairs(TO_NEGATIVE_OFFSET, (h) =>
  h === 0 ? undefined : [24 - h, 23],
)})|(?=${hourPairs(TO_NEGATIVE_OFFSET, (h) => [23 - h, 23 - h])})(?:(?=${tensPairs(TO_NEGATIVE_OFFSET, (a) =>
  a === 0 ? undefined : [6 - a, 5],
)})|(?=${tensPairs(TO_NEGATIVE_OFFSET, (a) => [5 - a, 5 - a])})(?=${unitsPairs(TO_NEGATIVE_OFFSET, (b) =>
  b === 0 ? undefined : [10 - b, 9],
)})))`;

// −262143-01-01 with a positive offset: UTC = local − offset falls before the first day when
// 60h + m < 60H + M, that is h < H, or h = H and m < M; and m < M when the tens are smaller,
// or equal with smaller units.
const BEFORE_MIN = `[^-]*-0*262143[^0-9]+0?1[^0-9]+0?1[Tt ][^0-9]*(?:(?=${hourPairs(TO_POSITIVE_OFFSET, (h) =>
  h === 23 ? undefined : [h + 1, 23],
)})|(?=${hourPairs(TO_POSITIVE_OFFSET, (h) => [h, h])})(?:(?=${tensPairs(TO_POSITIVE_OFFSET, (a) =>
  a === 5 ? undefined : [a + 1, 5],
)})|(?=${tensPairs(TO_POSITIVE_OFFSET, (a) => [a, a])})(?=${unitsPairs(TO_POSITIVE_OFFSET, (b) =>
  b === 9 ? undefined : [b + 1, 9],
)})))`;

/** The source of TIMESTAMP_PATTERN: exactly the strings the hub reads. */
export function timestampPattern(): string {
  return `^(?!${PAST_MAX})(?!${BEFORE_MIN})${WS}${DATE}[Tt ]${WS}${TIME}${WS}$`;
}

// The compact form refuses any non-zero offset pointing out of range on the two extreme dates.
const NONZERO_OFFSET_MINUTES = `(?!00[:${WS_CHARS}]*00)`;
const OUTWARD_FROM_MAX = `[^+]*\\+0*262142[^0-9]+12[^0-9]+31[Tt ]${TO_NEGATIVE_OFFSET}${NONZERO_OFFSET_MINUTES}`;
const OUTWARD_FROM_MIN = `[^-]*-0*262143[^0-9]+0?1[^0-9]+0?1[Tt ]${TO_POSITIVE_OFFSET}${NONZERO_OFFSET_MINUTES}`;

/**
 * The pattern the JSON Schema publishes: TIMESTAMP_PATTERN without the digit-by-digit UTC range
 * check at the two extreme dates (it is most of that pattern's length, repeated in every timestamp
 * field). It refuses any non-zero offset towards the outside on +262142-12-31 and −262143-01-01,
 * where the hub refuses only those that carry the instant out of range in UTC
 * (docs/hardening.md lists this difference).
 */
export function timestampSchemaPattern(): string {
  return `^(?!${OUTWARD_FROM_MAX})(?!${OUTWARD_FROM_MIN})${WS}${DATE}[Tt ]${WS}${TIME}${WS}$`;
}
