import fc from "fast-check";

/*
 * Timestamps in the spellings chrono 0.4.42 reads (WIRE_FORMAT.md §1b.1), each with the text
 * the hub writes for it, worked out here from the grammar and the calendar, independently of
 * src/core/timestamp.ts: the instant comes from JS `Date` arithmetic (proleptic Gregorian, which
 * covers chrono's years), the written form from RFC 3339 and chrono's AutoSi rule (0, 3, 6 or 9
 * fraction digits, digits past the ninth dropped), a signed year outside 0000–9999 (`{:+05}`).
 */

export interface Spelled {
  /** The spelling. */
  readonly text: string;
  /** What the hub writes for it, or undefined when it refuses it (an instant out of range in UTC). */
  readonly canonical: string | undefined;
}

/** Unicode White_Space, as Rust's `char::is_whitespace`. */
export const WHITE_SPACE = [
  " ",
  "\t",
  "\n",
  "\u000b",
  "\f",
  "\r",
  "\u0085",
  "\u00a0",
  "\u1680",
  "\u2000",
  "\u2005",
  "\u200a",
  "\u2028",
  "\u2029",
  "\u202f",
  "\u205f",
  "\u3000",
];

const ws = fc.oneof(
  { weight: 8, arbitrary: fc.constant("") },
  {
    weight: 1,
    arbitrary: fc.array(fc.constantFrom(...WHITE_SPACE), { minLength: 1, maxLength: 3 }).map((a) => a.join("")),
  },
);

const pad = (n: number, width: number) => String(n).padStart(width, "0");

/** A one- or two-digit field: `7` or `07`. */
const field = (n: number) => (n < 10 ? fc.constantFrom(String(n), `0${n}`) : fc.constant(String(n)));

const isLeap = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const monthDays = (y: number, m: number) => (m === 2 ? (isLeap(y) ? 29 : 28) : [4, 6, 9, 11].includes(m) ? 30 : 31);

const yearArb = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: 1970, max: 2100 }) },
  { weight: 2, arbitrary: fc.integer({ min: 0, max: 9999 }) },
  { weight: 1, arbitrary: fc.integer({ min: -262143, max: 262142 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, 4, 25, 100, 400, 1900, 2000, 9999, 10000, -1, -4, -100, 262142, -262143) },
);

/** How a year may be written: unsigned with 1–4 digits when 0–9999, signed with any leading zeros. */
function yearSpelling(y: number): fc.Arbitrary<string> {
  const digits = String(Math.abs(y));
  const signed = fc.nat({ max: 3 }).map((zeros) => `${y < 0 ? "-" : "+"}${"0".repeat(zeros)}${digits}`);
  if (y < 0 || y > 9999) return signed;
  const unsigned = fc.integer({ min: digits.length, max: 4 }).map((width) => pad(y, width));
  return fc.oneof({ weight: 4, arbitrary: unsigned }, { weight: 1, arbitrary: signed });
}

const offsetArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom("Z", "z", "UTC", "utc", "Utc").map((text) => ({ text, minutes: 0 })) },
  {
    weight: 5,
    arbitrary: fc
      .record({
        sign: fc.constantFrom("+", "-", "\u2212"),
        h: fc.integer({ min: 0, max: 23 }),
        m: fc.integer({ min: 0, max: 59 }),
        sep: fc.constantFrom(":", ":", "", " ", "::", " : ", "\u3000"),
      })
      .map(({ sign, h, m, sep }) => ({
        text: `${sign}${pad(h, 2)}${sep}${pad(m, 2)}`,
        minutes: (sign === "+" ? 1 : -1) * (h * 60 + m),
      })),
  },
);

function yearText(y: number): string {
  return y >= 0 && y <= 9999 ? pad(y, 4) : `${y < 0 ? "-" : "+"}${pad(Math.abs(y), 4)}`;
}

/** chrono's AutoSi: no fraction, or 3, 6 or 9 digits; only the first nine digits given count. */
function fractionText(digits: string): string {
  const nanos = Number(digits.slice(0, 9).padEnd(9, "0"));
  if (nanos === 0) return "";
  if (nanos % 1_000_000 === 0) return `.${pad(nanos / 1_000_000, 3)}`;
  if (nanos % 1_000 === 0) return `.${pad(nanos / 1_000, 6)}`;
  return `.${pad(nanos, 9)}`;
}

/** The text the hub writes, from the parts as written and the offset in minutes east of UTC. */
function canonicalOf(
  parts: { y: number; mo: number; d: number; h: number; mi: number; s: number; fraction: string },
  offsetMinutes: number,
): string | undefined {
  const date = new Date(0);
  date.setUTCFullYear(parts.y, parts.mo - 1, parts.d);
  date.setUTCHours(parts.h, parts.mi, parts.s === 60 ? 59 : parts.s, 0);
  const utc = new Date(date.getTime() - offsetMinutes * 60_000);
  const year = utc.getUTCFullYear();
  if (year < -262143 || year > 262142) return undefined;
  const second = parts.s === 60 ? "60" : pad(utc.getUTCSeconds(), 2);
  return (
    `${yearText(year)}-${pad(utc.getUTCMonth() + 1, 2)}-${pad(utc.getUTCDate(), 2)}` +
    `T${pad(utc.getUTCHours(), 2)}:${pad(utc.getUTCMinutes(), 2)}:${second}${fractionText(parts.fraction)}Z`
  );
}

/** A timestamp the hub reads (or, at the extreme dates, refuses for its instant in UTC), spelled any way chrono allows. */
export const timestampSpelling: fc.Arbitrary<Spelled> = fc
  .record({
    y: yearArb,
    mo: fc.integer({ min: 1, max: 12 }),
    dayFraction: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
    h: fc.integer({ min: 0, max: 23 }),
    mi: fc.integer({ min: 0, max: 59 }),
    s: fc.oneof({ weight: 20, arbitrary: fc.integer({ min: 0, max: 59 }) }, { weight: 1, arbitrary: fc.constant(60) }),
    fraction: fc.oneof(
      { weight: 3, arbitrary: fc.constant("") },
      { weight: 2, arbitrary: fc.stringMatching(/^[0-9]{1,9}$/) },
      { weight: 1, arbitrary: fc.stringMatching(/^[0-9]{10,14}$/) },
    ),
    offset: offsetArb,
    separator: fc.oneof(
      { weight: 6, arbitrary: fc.constant("T") },
      { weight: 1, arbitrary: fc.constantFrom("t", " ") },
    ),
  })
  .chain(({ y, mo, dayFraction, h, mi, s, fraction, offset, separator }) => {
    const d = 1 + Math.floor(dayFraction * monthDays(y, mo));
    const parts = { y, mo, d, h, mi, s, fraction };
    return fc
      .tuple(
        yearSpelling(y),
        field(mo),
        field(d),
        field(h),
        field(mi),
        field(s),
        fc.array(ws, { minLength: 11, maxLength: 11 }),
      )
      .map(([year, month, day, hour, minute, second, w]) => ({
        // White space where chrono trims it: before each number, after the year, month, hour,
        // minute and fraction, before and after the offset (never between day and separator).
        text:
          `${w[0]}${year}${w[1]}-${w[2]}${month}${w[3]}-${w[4]}${day}${separator}${w[5]}${hour}${w[6]}:` +
          `${w[7]}${minute}${w[8]}:${w[9]}${second}${fraction ? `.${fraction}` : ""}${w[10]}${offset.text}${w[0]}`,
        canonical: canonicalOf(parts, offset.minutes),
      }));
  });
