import { describe, expect, it } from "vitest";
import { checkValue } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { readTimestamp, TIMESTAMP_PATTERN, Timestamp } from "../../src/core/timestamp.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

// WIRE_FORMAT.md §1b.1: the reader converts any offset to UTC; at the edges of the four-digit
// years an offset carries the instant into year 10000 or −1, which chrono writes with a sign and
// reads back (its relaxed parser takes signed years). So does this library: what it writes, it reads.
describe("timestamps at the edge of the four-digit years", () => {
  it("converts to a signed year and reads it back", () => {
    const cases = [
      ["9999-12-31T23:30:00-01:00", "+10000-01-01T00:30:00Z"],
      ["0000-01-01T00:30:00+01:00", "-0001-12-31T23:30:00Z"],
    ] as const;
    for (const [input, written] of cases) {
      expect(Timestamp.parse(input)).toBe(written);
      expect(Timestamp.parse(written)).toBe(written);
    }
  });

  it("keeps the last and first instants of the range when they need no carrying", () => {
    expect(Timestamp.parse("9999-12-31T23:59:59.999999999Z")).toBe("9999-12-31T23:59:59.999999999Z");
    expect(Timestamp.parse("0000-01-01T00:00:00Z")).toBe("0000-01-01T00:00:00Z");
  });

  it("lets the checks read a signed-year timestamp", () => {
    const result = decode(AnalyticsEvent, eventText().replace("2025-08-04T12:00:01.777Z", "9999-12-31T23:30:00-01:00"));
    expect(result.success).toBe(true);
    if (result.success) {
      expect(result.data.timestamp).toBe("+10000-01-01T00:30:00Z");
      expect(checkValue(AnalyticsEvent, result.data)).toEqual([]);
    }
  });
});

// Hostile spellings: long runs of white space or digits are read in one pass and refused or
// accepted as chrono does (a signed year may carry any number of leading zeros).
describe("hostile timestamp spellings", () => {
  const n = 200_000;
  it.each([
    ["white space everywhere", `${" ".repeat(n)}2025-06-03T14:22:05Z${"\u3000".repeat(n)}`, true],
    ["leading zeros in a signed year", `+${"0".repeat(n)}2025-06-03T14:22:05Z`, true],
    ["a signed year of many digits", `+${"9".repeat(n)}-06-03T14:22:05Z`, false],
    ["fraction digits beyond nine", `2025-06-03T14:22:05.${"9".repeat(n)}Z`, true],
    ["white space then nothing", `2025-06-03T14:22:05${" ".repeat(n)}`, false],
  ])("%s", (_name, text, valid) => {
    expect(readTimestamp(text).ok).toBe(valid);
    expect(Timestamp.safeParse(text).success).toBe(valid);
    expect(TIMESTAMP_PATTERN.test(text)).toBe(valid);
  });
});
