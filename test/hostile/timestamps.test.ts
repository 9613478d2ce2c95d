import { describe, expect, it } from "vitest";
import { check } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { Timestamp } from "../../src/core/timestamp.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

// WIRE_FORMAT.md §1 rule 1: the reader converts any offset to UTC. At the edges of the four-digit
// years an offset carries the instant into year 10000 or −1, which chrono writes with a sign
// (src/core/timestamp.ts) and its RFC 3339 reader then refuses: a document the hub writes but
// cannot read back. This library does the same, and says so.
describe("timestamps at the edge of the four-digit years", () => {
  it("converts to a signed year that does not read back, with a clear error", () => {
    const cases = [
      ["9999-12-31T23:30:00-01:00", "+10000-01-01T00:30:00Z"],
      ["0000-01-01T00:30:00+01:00", "-0001-12-31T23:30:00Z"],
    ] as const;
    for (const [input, written] of cases) {
      expect(Timestamp.parse(input)).toBe(written);
      const again = Timestamp.safeParse(written);
      expect(again.success).toBe(false);
      expect(again.error?.issues[0]?.message).toMatch(/^Invalid timestamp: expected RFC 3339/);
    }
  });

  it("keeps the last and first instants of the range when they need no carrying", () => {
    expect(Timestamp.parse("9999-12-31T23:59:59.999999999Z")).toBe("9999-12-31T23:59:59.999999999Z");
    expect(Timestamp.parse("0000-01-01T00:00:00Z")).toBe("0000-01-01T00:00:00Z");
  });

  it("lets the checks skip a signed-year timestamp instead of misreading it", () => {
    const result = decode(AnalyticsEvent, eventText().replace("2025-08-04T12:00:01.777Z", "9999-12-31T23:30:00-01:00"));
    expect(result.success).toBe(true);
    if (result.success) expect(check(AnalyticsEvent, result.data)).toEqual([]);
  });
});
