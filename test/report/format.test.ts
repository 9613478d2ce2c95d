/*
 * The report's one number format. Expected strings are CLDR's (Unicode CLDR 4x number and date
 * patterns for en-US and de-DE, as every ECMA-402 implementation ships them): "," groups and
 * "." marks decimals in en-US, the reverse in de-DE; the rounding rule is ECMA-402's
 * roundingPriority "morePrecision" of 3 significant digits against 0 fraction digits; de-DE puts
 * a no-break space (U+00A0) before "%" and "$".
 */
import { describe, expect, it } from "vitest";
import { ReportFormat } from "../../src/cli/report-html/format.js";

describe("ReportFormat", () => {
  const en = new ReportFormat("en-US");
  const de = new ReportFormat("de-DE");

  it("keeps three significant digits without rounding the integer part", () => {
    expect(en.number(4045.7299999999996)).toBe("4,046");
    expect(en.number(12.345)).toBe("12.3");
    expect(en.number(0.012345)).toBe("0.0123");
    expect(en.number(1_234_567)).toBe("1,234,567");
    expect(en.number(0)).toBe("0");
    expect(en.number(-4.5678)).toBe("-4.57");
    expect(de.number(4045.73)).toBe("4.046");
    expect(de.number(12.345)).toBe("12,3");
  });

  it("writes counts exactly, grouped by the locale", () => {
    expect(en.count(10_000)).toBe("10,000");
    expect(de.count(10_000)).toBe("10.000");
    expect(en.count(999)).toBe("999");
  });

  it("writes money to the cent, and to three significant digits below a cent", () => {
    expect(en.usd(4045.734)).toBe("$4,045.73");
    expect(en.usd(0.5)).toBe("$0.50");
    expect(en.usd(0)).toBe("$0.00");
    expect(en.usd(0.000123456)).toBe("$0.000123");
    expect(de.usd(4045.734)).toBe("4.045,73\u00a0$");
  });

  it("writes percentages and units in the locale's pattern", () => {
    expect(en.percent(12.3456)).toBe("12.3%");
    expect(en.percent(0.8)).toBe("0.8%");
    expect(de.percent(12.3456)).toBe("12,3\u00a0%");
    expect(en.ms(4045.73)).toBe("4,046 ms");
    expect(de.ms(4045.73)).toBe("4.046 ms");
  });

  it("picks the largest unit a duration is at least one of", () => {
    expect(en.duration(850)).toBe("850 ms");
    expect(en.duration(12_345)).toBe("12.3 sec");
    expect(en.duration(312_000)).toBe("5.2 min");
    expect(en.duration(3 * 3_600_000)).toBe("3 hr");
    expect(en.duration(-90_000, true)).toBe("−1.5 min");
    expect(en.duration(0, true)).toBe("+0 ms");
  });

  it("formats times in UTC on a 24-hour clock", () => {
    const t = Date.UTC(2025, 5, 3, 14, 5, 9);
    expect(en.dateTime(t)).toBe("Jun 3, 2025, 14:05:09 UTC");
    expect(en.time(t)).toBe("14:05");
    expect(en.clock(t)).toBe("14:05:09");
    expect(de.dateTime(t)).toBe("3. Juni 2025, 14:05:09 UTC");
  });

  it("never prints NaN or Infinity", () => {
    expect(en.number(Number.NaN)).toBe("–");
    expect(en.usd(Number.POSITIVE_INFINITY)).toBe("–");
    expect(en.percent(Number.NaN)).toBe("–");
  });

  it("rejects a locale Intl does not know, naming it", () => {
    expect(() => new ReportFormat("not a locale")).toThrow(/"not a locale" is not a BCP 47 locale tag/);
  });
});
