import { describe, expect, it } from "vitest";
import { durationSeconds } from "../../src/core/time-range.js";
import {
  canonicalTimestamp,
  compareTimestamps,
  fromEpochMillis,
  Timestamp,
  toEpochMillis,
  toEpochNanos,
} from "../../src/core/timestamp.js";

// Expected values: WIRE_FORMAT.md §1 rule 1 (chrono's RFC 3339 reader and AutoSi writer) and RFC 3339 §5.6.
describe("Timestamp", () => {
  it.each([
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
  ])("reads %s as %s", (input, canonical) => {
    expect(Timestamp.parse(input)).toBe(canonical);
  });

  it.each([
    ["2025-06-03T14:22:05", "no offset"],
    ["2025-06-03", "date only"],
    ["2025-06-03T14:22Z", "no seconds"],
    ["2025-02-29T00:00:00Z", "29 February in a common year"],
    ["2100-02-29T00:00:00Z", "2100 is not a leap year (divisible by 100, not 400)"],
    ["2025-04-31T00:00:00Z", "April has 30 days"],
    ["2025-13-01T00:00:00Z", "month 13"],
    ["2025-06-03T24:00:00Z", "hour 24"],
    ["2025-06-03T14:22:05.Z", "empty fraction"],
    ["2025-06-03T14:22:05.1234567891Z", "ten fraction digits"],
    ["2025-06-03T14:22:05+0530", "offset without colon"],
    ["2025-06-03T14:22:05+24:00", "offset hour 24"],
  ])("rejects %s (%s)", (input) => {
    const result = Timestamp.safeParse(input);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.message).toMatch(/^Invalid timestamp: expected RFC 3339/);
  });

  it("accepts 29 February in leap years by the Gregorian rule (2000 and 2024, not 1900)", () => {
    expect(Timestamp.safeParse("2000-02-29T00:00:00Z").success).toBe(true);
    expect(Timestamp.safeParse("2024-02-29T00:00:00Z").success).toBe(true);
    expect(Timestamp.safeParse("1900-02-29T00:00:00Z").success).toBe(false);
  });

  it("rejects numbers (unix epoch) and null", () => {
    expect(Timestamp.safeParse(1748960525).success).toBe(false);
    expect(Timestamp.safeParse(null).success).toBe(false);
  });

  it("keeps a leap second as :60, as chrono writes it", () => {
    expect(canonicalTimestamp("2016-12-31T23:59:60.5Z")).toBe("2016-12-31T23:59:60.500Z");
  });
});

describe("epoch conversions", () => {
  // 2025-06-03T14:22:05Z = 1748960525 s since the epoch (date -u -d 2025-06-03T14:22:05Z +%s).
  it("converts to and from epoch milliseconds", () => {
    expect(toEpochMillis("2025-06-03T14:22:05Z")).toBe(1_748_960_525_000);
    expect(toEpochMillis("2025-06-03T19:52:05.123+05:30")).toBe(1_748_960_525_123);
    expect(toEpochMillis("1970-01-01T00:00:00Z")).toBe(0);
    expect(fromEpochMillis(1_748_960_525_000)).toBe("2025-06-03T14:22:05Z");
    expect(fromEpochMillis(1_748_960_525_120)).toBe("2025-06-03T14:22:05.120Z");
  });

  it("errors name the function", () => {
    expect(() => toEpochMillis("yesterday")).toThrow(/^toEpochMillis: expected an RFC 3339 timestamp/);
    expect(() => fromEpochMillis(1.5)).toThrow(/^fromEpochMillis: expected whole epoch milliseconds/);
  });

  it("orders by instant, including sub-millisecond digits and offsets", () => {
    expect(compareTimestamps("2025-06-03T14:22:05.000001Z", "2025-06-03T14:22:05Z")).toBeGreaterThan(0);
    expect(compareTimestamps("2025-06-03T19:52:05+05:30", "2025-06-03T14:22:05Z")).toBe(0);
    expect(compareTimestamps("2025-06-03T14:22:04.999999999Z", "2025-06-03T14:22:05Z")).toBeLessThan(0);
  });
});

describe("toEpochNanos and durationSeconds", () => {
  it("keep nanoseconds exactly", () => {
    expect(toEpochNanos("2025-06-03T14:22:05.123456789Z")).toBe(1_748_960_525_123_456_789n);
    expect(toEpochNanos("1970-01-01T00:00:00.000000001+00:00")).toBe(1n);
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
