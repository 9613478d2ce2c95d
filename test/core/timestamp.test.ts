import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { durationSeconds } from "../../src/core/time-range.js";
import {
  canonicalTimestamp,
  compareTimestamps,
  fromEpochMillis,
  fromEpochNanos,
  isTimestamp,
  readTimestamp,
  TIMESTAMP_PATTERN,
  Timestamp,
  toEpochMillis,
  toEpochNanos,
} from "../../src/core/timestamp.js";

/*
 * Expected values: WIRE_FORMAT.md §1 rule 1 and §1b.1 (chrono 0.4.42's relaxed RFC 3339 reader,
 * `parse_rfc3339_relaxed`, and its AutoSi writer), RFC 3339 §5.6, and the proleptic Gregorian
 * calendar. UTC instants are worked out by hand in the comments.
 */

const ACCEPTED: readonly (readonly [string, string])[] = [
  ["2025-06-03T14:22:05Z", "2025-06-03T14:22:05Z"],
  ["2025-06-03T19:52:05+05:30", "2025-06-03T14:22:05Z"],
  ["2025-06-03T14:22:05.1234Z", "2025-06-03T14:22:05.123400Z"],
  ["2025-06-03T14:22:05.5Z", "2025-06-03T14:22:05.500Z"],
  ["2025-06-03T14:22:05.000Z", "2025-06-03T14:22:05Z"],
  ["2025-06-03T14:22:05.000005Z", "2025-06-03T14:22:05.000005Z"],
  ["2025-06-03T14:22:05.123456789Z", "2025-06-03T14:22:05.123456789Z"],
  ["2025-06-03T10:52:05.120-03:30", "2025-06-03T14:22:05.120Z"],
  ["2025-01-01T00:10:00+05:45", "2024-12-31T18:25:00Z"],
  ["2024-02-29T23:00:00-02:00", "2024-03-01T01:00:00Z"],
  ["0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"],
  // §1b.1: separators, case, UTC, offsets without a colon or with white space, U+2212.
  ["2025-06-03t14:22:05Z", "2025-06-03T14:22:05Z"],
  ["2025-06-03 14:22:05z", "2025-06-03T14:22:05Z"],
  ["2025-06-03T14:22:05UTC", "2025-06-03T14:22:05Z"],
  ["2025-06-03T14:22:05 uTc", "2025-06-03T14:22:05Z"],
  ["2025-06-03T19:52:05+0530", "2025-06-03T14:22:05Z"],
  ["2025-06-03T19:52:05 +05 : 30 ", "2025-06-03T14:22:05Z"],
  ["2025-06-03T19:52:05+05::30", "2025-06-03T14:22:05Z"],
  ["2025-06-03T09:22:05\u221205:00", "2025-06-03T14:22:05Z"],
  ["2025-06-03T09:22:05-0500", "2025-06-03T14:22:05Z"],
  ["2025-06-03T14:22:05-00:00", "2025-06-03T14:22:05Z"],
  // White space (Unicode White_Space) around every part, one- and two-digit fields.
  ["2025-6-3T4:2:5Z", "2025-06-03T04:02:05Z"],
  ["\u3000 2025 -06- 03T 14 :22 : 05 Z\u2029", "2025-06-03T14:22:05Z"],
  ["2025-06-03T\t14:22:05\u00a0Z", "2025-06-03T14:22:05Z"],
  ["2025-06-03  14:22:05Z", "2025-06-03T14:22:05Z"],
  // More than nine fraction digits: the rest are read and dropped, never rounded.
  ["2025-06-03T14:22:05.1234567891Z", "2025-06-03T14:22:05.123456789Z"],
  ["2025-06-03T14:22:05.99999999999999Z", "2025-06-03T14:22:05.999999999Z"],
  // Leap seconds at any minute, kept through the offset.
  ["2016-12-31T23:59:60.5Z", "2016-12-31T23:59:60.500Z"],
  ["2025-06-03T14:22:60+01:00", "2025-06-03T13:22:60Z"],
  // Years: unsigned as written, signed with any digits, written with a sign outside 0000–9999.
  ["25-08-20T09:00:00Z", "0025-08-20T09:00:00Z"],
  ["0-01-01T00:00:00Z", "0000-01-01T00:00:00Z"],
  ["+2025-06-03T14:22:05Z", "2025-06-03T14:22:05Z"],
  ["+00002025-06-03T14:22:05Z", "2025-06-03T14:22:05Z"],
  ["-0001-12-31T23:59:59Z", "-0001-12-31T23:59:59Z"],
  ["-0-06-03T00:00:00Z", "0000-06-03T00:00:00Z"],
  ["+10000-01-01T00:00:00Z", "+10000-01-01T00:00:00Z"],
  ["9999-12-31T23:30:00-01:00", "+10000-01-01T00:30:00Z"],
  ["0000-01-01T00:30:00+01:00", "-0001-12-31T23:30:00Z"],
  ["-0004-02-29T12:00:00Z", "-0004-02-29T12:00:00Z"],
  ["-0400-02-29T12:00:00Z", "-0400-02-29T12:00:00Z"],
  // The range: −262143-01-01 to +262142-12-31, for the written date and for UTC.
  ["+262142-12-31T23:59:59.999999999Z", "+262142-12-31T23:59:59.999999999Z"],
  ["+262142-12-31T23:59:60Z", "+262142-12-31T23:59:60Z"],
  ["+262142-12-31T23:58:59-00:01", "+262142-12-31T23:59:59Z"],
  ["+262142-12-31T10:00:00-05:00", "+262142-12-31T15:00:00Z"],
  ["-262143-01-01T00:00:00Z", "-262143-01-01T00:00:00Z"],
  ["-262143-01-01T00:01:00+00:01", "-262143-01-01T00:00:00Z"],
  ["-262143-01-01T05:00:00-05:00", "-262143-01-01T10:00:00Z"],
];

const REJECTED: readonly (readonly [string, string])[] = [
  ["2025-06-03T14:22:05", "no offset"],
  ["2025-06-03", "date only"],
  ["2025-06-03T14:22Z", "no seconds"],
  ["2025-02-29T00:00:00Z", "29 February in a common year"],
  ["2100-02-29T00:00:00Z", "2100 is not a leap year (divisible by 100, not 400)"],
  ["-0100-02-29T00:00:00Z", "−100 is not a leap year either"],
  ["2025-04-31T00:00:00Z", "April has 30 days"],
  ["2025-13-01T00:00:00Z", "month 13"],
  ["2025-00-01T00:00:00Z", "month 0"],
  ["2025-06-00T00:00:00Z", "day 0"],
  ["2025-06-03T24:00:00Z", "hour 24"],
  ["2025-06-03T14:60:00Z", "minute 60"],
  ["2025-06-30T23:59:61Z", "second 61"],
  ["2025-06-03T14:22:05.Z", "a dot without digits"],
  ["2025-06-03T14:22:05,123Z", "a comma for the fraction"],
  ["2025-06-03T14:22:05 .5Z", "white space before the fraction's dot"],
  ["2025-06-03T14:22:05+24:00", "offset hour 24"],
  ["2025-06-03T14:22:05+05:60", "offset minute 60"],
  ["2025-06-03T14:22:05+05", "offset without minutes"],
  ["2025-06-03T14:22:05+5:30", "one-digit offset hour"],
  ["2025-06-03T14:22:05+05:3", "one-digit offset minute"],
  ["2025-06-03T14:22:05+05:30:00", "offset with seconds"],
  ["2025-06-03T14:22:05 GMT", "GMT"],
  ["2025-06-03T14:22:05UT", "UT"],
  ["2025-06-03T14:22:05Z x", "text after the offset"],
  ["2025-06-03\t14:22:05Z", "a tab between date and time"],
  ["2025-06-03_14:22:05Z", "an underscore between date and time"],
  ["2025-06-03 T14:22:05Z", "a space and then T"],
  ["2025-06-03\u00a014:22:05Z", "a no-break space between date and time"],
  ["2025-06-03T14:22:05\ufeffZ", "U+FEFF, which is not white space to Rust"],
  ["10000-01-01T00:00:00Z", "five unsigned year digits"],
  ["- 2025-06-03T14:22:05Z", "white space after the year's sign"],
  ["\u22122025-06-03T14:22:05Z", "U+2212 before the year (only the offset takes it)"],
  ["２０２５-06-03T14:22:05Z", "full-width digits"],
  ["2025-006-03T14:22:05Z", "three month digits"],
  ["+262143-01-01T00:00:00Z", "year 262143"],
  ["-262144-12-31T23:59:59Z", "year −262144"],
  ["+262142-12-31T23:59:59-00:01", "past the last instant once in UTC"],
  ["+262142-12-31T00:00:00-23:59:00", "offset with seconds at the last date"],
  ["+262142-12-31T01:00:00-23:00", "exactly one day past the last date's start, in UTC"],
  ["-262143-01-01T00:00:00+00:01", "before the first instant once in UTC"],
  ["-262143-01-01T00:00:59+00:01", "still before it: seconds do not count against the offset's minutes"],
];

describe("Timestamp: chrono 0.4.42's relaxed RFC 3339", () => {
  it.each(ACCEPTED)("reads %j as %s", (input, canonical) => {
    expect(Timestamp.parse(input)).toBe(canonical);
    expect(canonicalTimestamp(input)).toBe(canonical);
    expect(isTimestamp(input)).toBe(true);
  });

  it.each(REJECTED)("rejects %j (%s)", (input) => {
    const result = Timestamp.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Invalid timestamp: expected RFC 3339/);
    expect(isTimestamp(input)).toBe(false);
  });

  it("says which rule a rejected timestamp breaks", () => {
    expect(Timestamp.safeParse("2025-06-03T14:22:05+24:00").error?.issues[0]?.message).toMatch(
      /the offset hours 24 are out of range \(00–23\)$/,
    );
    expect(Timestamp.safeParse("+262143-01-01T00:00:00Z").error?.issues[0]?.message).toMatch(
      /year 262143 is out of range/,
    );
    expect(Timestamp.safeParse("2025-06-03T14:22:05").error?.issues[0]?.message).toMatch(/the offset is missing/);
  });

  it("reads back everything it writes, signed years included", () => {
    for (const [input, canonical] of ACCEPTED) {
      expect(Timestamp.parse(Timestamp.parse(input)), input).toBe(canonical);
    }
  });

  it("rejects numbers (unix epoch) and null", () => {
    expect(Timestamp.safeParse(1748960525).success).toBe(false);
    expect(Timestamp.safeParse(null).success).toBe(false);
  });

  it("publishes a pattern that gives the same verdict on every case above", () => {
    for (const [input] of ACCEPTED) expect(TIMESTAMP_PATTERN.test(input), input).toBe(true);
    for (const [input] of REJECTED) expect(TIMESTAMP_PATTERN.test(input), input).toBe(false);
    // ajv compiles patterns with the `u` flag: the source must mean the same there.
    const unicode = new RegExp(TIMESTAMP_PATTERN.source, "u");
    for (const [input] of [...ACCEPTED, ...REJECTED])
      expect(unicode.test(input), input).toBe(TIMESTAMP_PATTERN.test(input));
  });

  // The JSON Schema's pattern leaves out the digit-by-digit UTC check at the two extreme dates:
  // there it refuses every non-zero offset towards the outside (docs/hardening.md).
  it("publishes a compact pattern in the JSON Schema, refusing outward offsets at the extreme dates", () => {
    const schema = Timestamp.toJSONSchema() as { type: string; pattern: string };
    expect(schema.type).toBe("string");
    const published = new RegExp(schema.pattern, "u");
    const outward = (input: string) =>
      /^\+0*262142-12-31T.*-(?!00:00)/.test(input) || /^-0*262143-0?1-0?1T.*\+(?!00:00)/.test(input);
    for (const [input] of [...ACCEPTED, ...REJECTED]) {
      expect(published.test(input), input).toBe(isTimestamp(input) && !outward(input));
    }
    expect(published.test("+262142-12-31T10:00:00-05:00")).toBe(false);
    expect(isTimestamp("+262142-12-31T10:00:00-05:00")).toBe(true);
    expect(published.source.length).toBeLessThan(2500);
  });
});

describe("readTimestamp's fixed-position path for `YYYY-MM-DDTHH:MM:SS[.f]` and `Z` or `±hh:mm`", () => {
  // Every combination of edge fields, valid and not (Feb 29 in leap and common years, day 31 of
  // a 30-day month, hour 24, minute 60, the leap second, 0 / 9 / 10 fraction digits, offsets out
  // of range). The same text with white space before "Z" or without the offset's colon goes
  // through the item-by-item reader, which must give the same parts or the same reason; the
  // published pattern (built separately, in timestamp-pattern.ts) must give the same verdict; and
  // JS's own ISO reader (Date.parse, which keeps milliseconds) the same epoch milliseconds
  // wherever it accepts the text.
  const texts: [string, string][] = [];
  const offsets: [string, string][] = [
    ["Z", " Z"],
    ["+05:30", "+0530"],
    ["-23:59", "-2359"],
    ["+24:00", "+2400"],
    ["-00:60", "-0060"],
  ];
  for (const year of ["0000", "1900", "2000", "2023", "9999"]) {
    for (const month of ["00", "02", "04", "12", "13"]) {
      for (const day of ["00", "01", "29", "30", "31", "32"]) {
        for (const time of ["00:00:00", "23:59:59", "24:00:00", "23:60:00", "23:59:60", "9:00:00"]) {
          for (const fraction of ["", ".123456789", ".1234567891", "."]) {
            const head = `${year}-${month}-${day}T${time}${fraction}`;
            for (const [offset, relaxed] of offsets) texts.push([head + offset, head + relaxed]);
          }
        }
      }
    }
  }

  it("reads as the relaxed reader does, with the published pattern's verdict", () => {
    for (const [text, relaxed] of texts) {
      const result = readTimestamp(text);
      expect(result, text).toEqual(readTimestamp(relaxed));
      expect(result.ok, text).toBe(TIMESTAMP_PATTERN.test(text));
    }
  });

  it("gives Date.parse's epoch milliseconds wherever both accept the text", () => {
    let compared = 0;
    for (const [text] of texts) {
      const expected = Date.parse(text);
      if (!readTimestamp(text).ok || Number.isNaN(expected) || text.includes(":60")) continue;
      expect(toEpochMillis(text), text).toBe(expected);
      compared++;
    }
    expect(compared).toBeGreaterThan(500);
  });
});

describe("epoch conversions", () => {
  // 2025-06-03T14:22:05Z = 1748960525 s since the epoch (date -u -d 2025-06-03T14:22:05Z +%s).
  it("converts to and from epoch milliseconds", () => {
    expect(toEpochMillis("2025-06-03T14:22:05Z")).toBe(1_748_960_525_000);
    expect(toEpochMillis("2025-06-03T19:52:05.123+05:30")).toBe(1_748_960_525_123);
    expect(toEpochMillis("2025-06-03 19:52:05.123 +0530")).toBe(1_748_960_525_123);
    expect(toEpochMillis("1970-01-01T00:00:00Z")).toBe(0);
    expect(fromEpochMillis(1_748_960_525_000)).toBe("2025-06-03T14:22:05Z");
    expect(fromEpochMillis(1_748_960_525_120)).toBe("2025-06-03T14:22:05.120Z");
  });

  // 10000-01-01T00:00:00Z = 253402300800 s (date -u -d 9999-12-31T23:59:59Z +%s gives …799);
  // 0000-01-01T00:00:00Z = −62167219200 s (719528 days before the epoch, × 86400).
  it("handles the signed years chrono writes", () => {
    expect(toEpochMillis("+10000-01-01T00:00:00Z")).toBe(253_402_300_800_000);
    expect(fromEpochMillis(253_402_300_800_000)).toBe("+10000-01-01T00:00:00Z");
    expect(toEpochMillis("-0001-12-31T23:59:59Z")).toBe(-62_167_219_201_000);
    expect(fromEpochMillis(-62_167_219_201_000)).toBe("-0001-12-31T23:59:59Z");
    expect(fromEpochMillis(-62_167_219_200_000)).toBe("0000-01-01T00:00:00Z");
  });

  it("errors name the function and the rule", () => {
    expect(() => toEpochMillis("yesterday")).toThrow(/^toEpochMillis: expected an RFC 3339 timestamp/);
    expect(() => fromEpochMillis(1.5)).toThrow(/^fromEpochMillis: expected whole epoch milliseconds/);
    // 262143-01-01 is 95026 days past 10000-01-01… far beyond: 8.3e15 ms is past +262142.
    expect(() => fromEpochMillis(8.3e15)).toThrow(/^fromEpochMillis: .* outside the years -262143 to \+262142/);
  });

  it("orders by instant, including sub-millisecond digits, offsets and leap seconds", () => {
    expect(compareTimestamps("2025-06-03T14:22:05.000001Z", "2025-06-03T14:22:05Z")).toBeGreaterThan(0);
    expect(compareTimestamps("2025-06-03T19:52:05+05:30", "2025-06-03T14:22:05Z")).toBe(0);
    expect(compareTimestamps("2025-06-03T14:22:04.999999999Z", "2025-06-03T14:22:05Z")).toBeLessThan(0);
    expect(compareTimestamps("2016-12-31T23:59:60Z", "2016-12-31T23:59:59.999Z")).toBeGreaterThan(0);
    expect(compareTimestamps("+10000-01-01T00:00:00Z", "9999-12-31T23:59:59Z")).toBeGreaterThan(0);
  });
});

describe("toEpochNanos and durationSeconds", () => {
  it("keep nanoseconds exactly", () => {
    expect(toEpochNanos("2025-06-03T14:22:05.123456789Z")).toBe(1_748_960_525_123_456_789n);
    expect(toEpochNanos("1970-01-01T00:00:00.000000001+00:00")).toBe(1n);
    expect(toEpochNanos("1970-01-01T00:00:00.0000000019Z")).toBe(1n);
  });

  // chrono 0.4.42's own doc examples of DateTime::timestamp_nanos_opt (src/datetime/mod.rs),
  // the i64 extremes included.
  it.each([
    ["1970-01-01T00:00:01.000000444Z", 1_000_000_444n],
    ["2001-09-09T01:46:40.000000555Z", 1_000_000_000_000_000_555n],
    ["1677-09-21T00:12:43.145224192Z", -9_223_372_036_854_775_808n],
    ["2262-04-11T23:47:16.854775807Z", 9_223_372_036_854_775_807n],
  ])("%s is chrono's timestamp_nanos_opt %s", (text, ns) => {
    expect(toEpochNanos(text)).toBe(ns);
    expect(fromEpochNanos(ns)).toBe(text);
  });

  // chrono keeps a leap second as second 59 with nanosecond >= 10^9; timestamp_nanos_opt is
  // timestamp() * 10^9 + timestamp_subsec_nanos() ("in event of a leap second this may exceed
  // 999,999,999"), timestamp_millis likewise. 2016-12-31T23:59:59Z is 1483228799 s
  // (python3 calendar.timegm((2016, 12, 31, 23, 59, 59))), so :60.5 is 1483228799 s + 1.5 s.
  it.each([
    ["2016-12-31T23:59:60.5Z", 1_483_228_800_500_000_000n],
    ["2016-12-31T23:59:60Z", 1_483_228_800_000_000_000n],
    ["2017-01-01T05:29:60.5+05:30", 1_483_228_800_500_000_000n],
    ["2016-12-31T23:59:60.999999999Z", 1_483_228_800_999_999_999n],
    // WIRE_FORMAT.md §1b.1: a leap second at any minute (shipped fixture
    // shipped-ts-leap-second.json); 14:22:59Z is 1748960579 s (14:22:05Z + 54 s).
    ["2025-06-03T14:22:60Z", 1_748_960_580_000_000_000n],
  ])("the leap second %s is %s ns, as chrono computes it", (text, ns) => {
    expect(toEpochNanos(text)).toBe(ns);
    expect(toEpochMillis(text)).toBe(Number(ns / 1_000_000n));
  });

  it("fromEpochNanos writes what the hub writes and inverts toEpochNanos (property)", () => {
    expect(fromEpochNanos(1_749_996_124_400_000_000n)).toBe("2025-06-15T14:02:04.400Z");
    expect(fromEpochNanos(-1n)).toBe("1969-12-31T23:59:59.999999999Z");
    // 253402300800 s is +10000-01-01T00:00:00Z (toEpochMillis above): chrono writes the sign.
    expect(fromEpochNanos(253_402_300_800_000_000_000n)).toBe("+10000-01-01T00:00:00Z");
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 20n), max: 10n ** 20n }), (ns) => {
        const text = fromEpochNanos(ns);
        expect(Timestamp.parse(text)).toBe(text);
        expect(toEpochNanos(text)).toBe(ns);
      }),
    );
  });

  it("errors name the function that was called and the rule", () => {
    expect(() => toEpochNanos("2025-06-03T14:22:05")).toThrow(
      /^toEpochNanos: expected an RFC 3339 timestamp with seconds and an offset, received "2025-06-03T14:22:05" \(the offset is missing/,
    );
    expect(() => toEpochNanos(5 as unknown as string)).toThrow(/^toEpochNanos: .*received 5 \(a number\)$/);
    expect(() => fromEpochNanos(5 as unknown as bigint)).toThrow(
      /^fromEpochNanos: expected epoch nanoseconds as a bigint/,
    );
    // The JSON type, as every Zod-style "received …" of core names it (core/integers.ts describeType).
    expect(() => fromEpochNanos(null as unknown as bigint)).toThrow(/received null$/);
    expect(() => toEpochNanos([] as unknown as string)).toThrow(/received array$/);
    expect(Timestamp.safeParse([]).error?.issues[0]?.message).toBe(
      "Invalid timestamp: expected an RFC 3339 string, received array",
    );
    expect(() => fromEpochNanos(10n ** 30n)).toThrow(
      /^fromEpochNanos: 10{30} ns is outside the years -262143 to \+262142/,
    );
  });

  // The hub's correlation::TimeWindow::duration_seconds: chrono num_seconds, truncated toward
  // zero, negative when end < start (WIRE_FORMAT.md §3: −90 for an end 90 s before the start).
  it.each([
    ["2025-06-03T14:00:00Z", "2025-06-03T14:01:30Z", 90],
    ["2025-06-03T14:01:30Z", "2025-06-03T14:00:00Z", -90],
    ["2025-06-03T14:00:00.000000001Z", "2025-06-03T14:00:01Z", 0],
    ["2025-06-03T14:00:00.5Z", "2025-06-03T14:00:00.4Z", 0],
    ["2025-06-03T14:00:00Z", "2025-06-03T19:30:59.999+05:30", 59],
  ])("from %s to %s is %i s", (start, end, seconds) => {
    expect(Object.is(durationSeconds({ start, end }), seconds)).toBe(true);
  });
});
