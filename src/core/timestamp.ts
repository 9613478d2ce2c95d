import * as z from "zod";

/*
 * RFC 3339 as the Rust hub (chrono 0.4, `DateTime<Utc>`) reads it: upper-case `T` and `Z`,
 * seconds required, 1–9 fraction digits, `Z` or a `±hh:mm` offset. Calendar validity
 * (month lengths, leap years) is part of the pattern so that the JSON Schema published from
 * it gives the same verdict as Zod in any validator.
 */
const MONTH_DAY =
  "(?:(?:0[13578]|1[02])-(?:0[1-9]|[12]\\d|3[01])|(?:0[469]|11)-(?:0[1-9]|[12]\\d|30)|02-(?:0[1-9]|1\\d|2[0-8]))";
const LEAP_YEAR = "(?:\\d\\d(?:0[48]|[2468][048]|[13579][26])|(?:[02468][048]|[13579][26])00)";
const DATE = `(?:\\d{4}-${MONTH_DAY}|${LEAP_YEAR}-02-29)`;
const TIME = "(?:[01]\\d|2[0-3]):[0-5]\\d:(?:[0-5]\\d|60)(?:\\.\\d{1,9})?";
const OFFSET = "(?:Z|[+-](?:[01]\\d|2[0-3]):[0-5]\\d)";

/** The exact pattern a Timestamp must match (also published in the JSON Schema). */
export const TIMESTAMP_PATTERN = new RegExp(`^${DATE}T${TIME}${OFFSET}$`);

const MS_PER_MINUTE = 60_000;

interface TimestampParts {
  /** Epoch milliseconds of the instant with the leap second folded onto second 59. */
  readonly ms: number;
  /** Nanoseconds within the millisecond (0–999 999). */
  readonly subMsNanos: number;
  /** The fraction as nanoseconds (0–999 999 999). */
  readonly nanos: number;
  readonly leap: boolean;
}

function parts(text: string): TimestampParts {
  const year = Number(text.slice(0, 4));
  const month = Number(text.slice(5, 7));
  const day = Number(text.slice(8, 10));
  const hour = Number(text.slice(11, 13));
  const minute = Number(text.slice(14, 16));
  let second = Number(text.slice(17, 19));
  let i = 19;
  let fraction = "";
  if (text[i] === ".") {
    let j = i + 1;
    while (j < text.length && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j++;
    fraction = text.slice(i + 1, j);
    i = j;
  }
  let offsetMinutes = 0;
  if (text[i] !== "Z") {
    const sign = text[i] === "-" ? -1 : 1;
    offsetMinutes = sign * (Number(text.slice(i + 1, i + 3)) * 60 + Number(text.slice(i + 4, i + 6)));
  }
  // chrono keeps a leap second as second 59 plus one extra second of nanoseconds.
  const leap = second === 60;
  if (leap) second = 59;
  const nanos = fraction === "" ? 0 : Number(fraction.padEnd(9, "0"));
  // Date.UTC maps years 0–99 onto 1900–1999, so those years go through setUTCFullYear.
  let base = Date.UTC(year, month - 1, day, hour, minute, second);
  if (year < 100) {
    const d = new Date(base);
    d.setUTCFullYear(year);
    base = d.getTime();
  }
  const ms = base - offsetMinutes * MS_PER_MINUTE + Math.floor(nanos / 1_000_000);
  return { ms, subMsNanos: nanos % 1_000_000, nanos, leap };
}

/**
 * The canonical form the Rust hub writes: UTC with `Z`, and 0, 3, 6 or 9 fraction digits
 * (chrono's `SecondsFormat::AutoSi`): `…05Z`, `…05.120Z`, `…05.000005Z`, `…05.123456789Z`.
 */
export function canonicalTimestamp(text: string): string {
  const p = parts(text);
  const whole = p.ms - (((p.ms % 1000) + 1000) % 1000);
  const iso = isoSeconds(whole);
  const seconds = p.leap ? `${iso.slice(0, -2)}60` : iso;
  return `${seconds}${autoSiFraction(p.nanos)}Z`;
}

function isoSeconds(ms: number): string {
  const d = new Date(ms);
  const year = d.getUTCFullYear();
  // An offset can carry 0000-01-01 or 9999-12-31 across the four-digit edge; chrono then
  // writes a signed year (`-0001`, `+10000`), and so does this.
  const y = year < 0 ? `-${String(-year).padStart(4, "0")}` : year > 9999 ? `+${year}` : String(year).padStart(4, "0");
  const two = (n: number) => String(n).padStart(2, "0");
  return `${y}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}`;
}

function autoSiFraction(nanos: number): string {
  if (nanos === 0) return "";
  if (nanos % 1_000_000 === 0) return `.${String(nanos / 1_000_000).padStart(3, "0")}`;
  if (nanos % 1_000 === 0) return `.${String(nanos / 1_000).padStart(6, "0")}`;
  return `.${String(nanos).padStart(9, "0")}`;
}

/**
 * Epoch milliseconds of an RFC 3339 timestamp (sub-millisecond digits are truncated toward
 * the past; a leap second counts as second 59 plus its fraction, capped below the next minute).
 */
export function toEpochMillis(text: string): number {
  if (!TIMESTAMP_PATTERN.test(text)) {
    throw new RangeError(
      `toEpochMillis: expected an RFC 3339 timestamp with an offset, received ${JSON.stringify(text)}`,
    );
  }
  const p = parts(text);
  return p.leap ? Math.min(p.ms + 1000, p.ms - (p.ms % 1000) + 999) : p.ms;
}

/**
 * Epoch nanoseconds of an RFC 3339 timestamp as a BigInt, exact to the nanosecond (a JS
 * number holds epoch milliseconds exactly, nanoseconds not). A leap second counts as the
 * second after 59, as chrono's arithmetic does.
 */
export function toEpochNanos(text: string): bigint {
  if (!TIMESTAMP_PATTERN.test(text)) {
    throw new RangeError(
      `toEpochNanos: expected an RFC 3339 timestamp with an offset, received ${JSON.stringify(text)}`,
    );
  }
  const p = parts(text);
  return BigInt(p.leap ? p.ms + 1000 : p.ms) * 1_000_000n + BigInt(p.subMsNanos);
}

/** The canonical Timestamp for epoch milliseconds (`Z`, 0 or 3 fraction digits). */
export function fromEpochMillis(ms: number): string {
  if (!Number.isFinite(ms) || !Number.isInteger(ms)) {
    throw new RangeError(`fromEpochMillis: expected whole epoch milliseconds, received ${ms}`);
  }
  const iso = new Date(ms).toISOString();
  if (iso.length !== 24) {
    throw new RangeError(`fromEpochMillis: ${ms} is outside the years 0000–9999`);
  }
  return iso.endsWith(".000Z") ? `${iso.slice(0, 19)}Z` : iso;
}

/** Orders two timestamps by instant, including their sub-millisecond digits. */
export function compareTimestamps(a: string, b: string): number {
  const pa = parts(a);
  const pb = parts(b);
  const ea = pa.leap ? pa.ms + 1000 : pa.ms;
  const eb = pb.leap ? pb.ms + 1000 : pb.ms;
  return ea - eb || pa.subMsNanos - pb.subMsNanos;
}

/**
 * `DateTime<Utc>`: an RFC 3339 string with `Z` or `±hh:mm`. Parsing returns the canonical
 * UTC form the hub writes back (the offset is converted, as in the hub; the precision is kept
 * to the nanosecond, which a JS `Date` cannot hold).
 */
export const Timestamp = z
  .string()
  .regex(TIMESTAMP_PATTERN, {
    abort: true,
    error: (issue) =>
      `Invalid timestamp: expected RFC 3339 with seconds and a Z or ±hh:mm offset (e.g. 2025-06-03T14:22:05Z), received ${JSON.stringify(issue.input)}`,
  })
  .overwrite(canonicalTimestamp)
  .meta({
    description: "RFC 3339 date-time with seconds and a `Z` or `±hh:mm` offset, 0–9 fraction digits",
    examples: ["2025-06-03T14:22:05Z", "2025-06-03T19:52:05.123+05:30"],
  });
export type Timestamp = z.infer<typeof Timestamp>;
