import { describe, expect, it } from "vitest";
import {
  parseTimeWindowLabel,
  TIME_WINDOWS,
  timeWindowFromSeconds,
  timeWindowLabel,
  timeWindowSeconds,
  windowBoundsOf,
} from "../../src/metrics/index.js";

const iso = (b: { start: number; end: number }) => [new Date(b.start).toISOString(), new Date(b.end).toISOString()];

describe("TimeWindow helpers (the hub's to_seconds and as_str, WIRE_FORMAT.md §3)", () => {
  it("gives the hub's seconds, one_month a fixed 30 days", () => {
    expect(TIME_WINDOWS.map(timeWindowSeconds)).toEqual([60, 300, 900, 3600, 21600, 86400, 604800, 2592000]);
  });

  it("gives and parses the display labels, case-sensitively", () => {
    expect(TIME_WINDOWS.map(timeWindowLabel)).toEqual(["1m", "5m", "15m", "1h", "6h", "1d", "1w", "1M"]);
    expect(parseTimeWindowLabel("1M")).toBe("one_month");
    expect(parseTimeWindowLabel("1m")).toBe("one_minute");
    expect(() => parseTimeWindowLabel("1H")).toThrow(
      'parseTimeWindowLabel: expected one of 1m, 5m, 15m, 1h, 6h, 1d, 1w, 1M, received "1H"',
    );
  });

  it("maps seconds back only when exact (the hub's seconds_to_window falls back to five_minutes)", () => {
    expect(timeWindowFromSeconds(3600)).toBe("one_hour");
    expect(() => timeWindowFromSeconds(120)).toThrow(/timeWindowFromSeconds: no TimeWindow lasts 120 s/);
  });
});

describe("windowBoundsOf", () => {
  it("aligns fixed windows on the UTC epoch", () => {
    expect(iso(windowBoundsOf("2025-06-03T14:22:05.123Z", "five_minutes"))).toEqual([
      "2025-06-03T14:20:00.000Z",
      "2025-06-03T14:25:00.000Z",
    ]);
    expect(iso(windowBoundsOf("2025-06-03T19:52:05+05:30", "one_hour"))).toEqual([
      "2025-06-03T14:00:00.000Z",
      "2025-06-03T15:00:00.000Z",
    ]);
    // 1970-01-01 was a Thursday, so epoch-aligned weeks start on Thursdays (as InfluxDB's GROUP BY time(1w)).
    expect(iso(windowBoundsOf("2025-06-03T00:00:00Z", "one_week"))).toEqual([
      "2025-05-29T00:00:00.000Z",
      "2025-06-05T00:00:00.000Z",
    ]);
    // Fixed months are 30-day spans from the epoch: 2025-06-03 is day 20242, in [20220, 20250).
    expect(iso(windowBoundsOf("2025-06-03T00:00:00Z", "one_month"))).toEqual([
      "2025-05-12T00:00:00.000Z",
      "2025-06-11T00:00:00.000Z",
    ]);
    expect(iso(windowBoundsOf(-1, "one_minute"))).toEqual(["1969-12-31T23:59:00.000Z", "1970-01-01T00:00:00.000Z"]);
  });

  it("aligns calendar days, weeks and months in an IANA zone across DST", () => {
    const cal = { alignment: "calendar", timeZone: "Europe/Berlin" } as const;
    // IANA tzdata: Berlin switched to CEST on 2025-03-30 and back to CET on 2025-10-26.
    expect(iso(windowBoundsOf("2025-03-30T12:00:00Z", "one_day", cal))).toEqual([
      "2025-03-29T23:00:00.000Z",
      "2025-03-30T22:00:00.000Z",
    ]);
    expect(iso(windowBoundsOf("2025-10-26T12:00:00Z", "one_day", cal))).toEqual([
      "2025-10-25T22:00:00.000Z",
      "2025-10-26T23:00:00.000Z",
    ]);
    // ISO weeks start on Monday: 2025-10-20 (CEST) to 2025-10-27 (CET).
    expect(iso(windowBoundsOf("2025-10-26T12:00:00Z", "one_week", cal))).toEqual([
      "2025-10-19T22:00:00.000Z",
      "2025-10-26T23:00:00.000Z",
    ]);
    expect(iso(windowBoundsOf("2025-10-15T00:00:00Z", "one_month", cal))).toEqual([
      "2025-09-30T22:00:00.000Z",
      "2025-10-31T23:00:00.000Z",
    ]);
    expect(iso(windowBoundsOf("2025-10-15T00:00:00Z", "one_week", { ...cal, weekStartsOn: 0 }))).toEqual([
      "2025-10-11T22:00:00.000Z",
      "2025-10-18T22:00:00.000Z",
    ]);
  });

  it("ends a day that began after a skipped midnight at the next midnight", () => {
    // IANA tzdata: Chile (America/Santiago) skipped 00:00–01:00 on 2024-09-08, so that day began at
    // 01:00 −03:00 and the next at 00:00 −03:00.
    expect(
      iso(windowBoundsOf("2024-09-08T12:00:00Z", "one_day", { alignment: "calendar", timeZone: "America/Santiago" })),
    ).toEqual(["2024-09-08T04:00:00.000Z", "2024-09-09T03:00:00.000Z"]);
  });

  it("keeps sub-day windows fixed under calendar alignment, and validates options", () => {
    expect(
      iso(windowBoundsOf("2025-06-03T14:22:05Z", "one_hour", { alignment: "calendar", timeZone: "Asia/Kolkata" })),
    ).toEqual(["2025-06-03T14:00:00.000Z", "2025-06-03T15:00:00.000Z"]);
    expect(() => windowBoundsOf(0, "one_day", { alignment: "calendar", timeZone: "Mars/Olympus" })).toThrow(
      'windowBoundsOf: timeZone must be an IANA time zone such as "Europe/Berlin", received "Mars/Olympus"',
    );
    expect(() => windowBoundsOf(1.5, "one_day")).toThrow(/windowBoundsOf: instant must be whole epoch milliseconds/);
    expect(() => windowBoundsOf(0, "one_day", { weekStartsOn: 7 as never })).toThrow(
      /weekStartsOn must be an integer from 0/,
    );
  });
});
