/*
 * The one number and time format of the HTML report. Every figure on the page — tables, chart
 * axes, captions, the root-cause card, edge labels — goes through one `ReportFormat`, so a
 * value reads the same everywhere.
 *
 * The rule (Intl.NumberFormat, ECMA-402 rounding priority):
 * - numbers: three significant digits, but never fewer than the whole integer part
 *   (`maximumSignificantDigits: 3, maximumFractionDigits: 0, roundingPriority: "morePrecision"`):
 *   4045.73 → 4,046; 12.345 → 12.3; 0.01234 → 0.0123; counts stay exact (1,234,567);
 * - money: cents ($4,045.73, $0.50), or three significant digits below one cent ($0.000123);
 * - grouping and the decimal mark follow the locale (en-US 4,046.5; de-DE 4.046,5);
 * - times are UTC, formatted by Intl.DateTimeFormat in the same locale, 24-hour clock.
 */

const DIGITS = {
  maximumSignificantDigits: 3,
  maximumFractionDigits: 0,
  roundingPriority: "morePrecision",
} as const satisfies Intl.NumberFormatOptions;

/** Units a report value can carry. */
export type Unit = "count" | "ms" | "usd" | "percent" | "tokens" | "plain";

export class ReportFormat {
  readonly locale: string;
  readonly #plain: Intl.NumberFormat;
  readonly #percent: Intl.NumberFormat;
  readonly #usd: Intl.NumberFormat;
  readonly #usdSmall: Intl.NumberFormat;
  readonly #units = new Map<string, Intl.NumberFormat>();
  readonly #dateTime: Intl.DateTimeFormat;
  readonly #time: Intl.DateTimeFormat;
  readonly #clock: Intl.DateTimeFormat;
  readonly #day: Intl.DateTimeFormat;

  /** Throws a RangeError naming the locale when Intl does not know it. */
  constructor(locale = "en-US") {
    let canonical: string[];
    try {
      canonical = Intl.getCanonicalLocales(locale);
    } catch {
      throw new RangeError(`ReportFormat: ${JSON.stringify(locale)} is not a BCP 47 locale tag (e.g. en-US, de-DE)`);
    }
    if (canonical.length !== 1 || Intl.NumberFormat.supportedLocalesOf(canonical).length === 0) {
      throw new RangeError(`ReportFormat: locale ${JSON.stringify(locale)} is not supported by this Node.js`);
    }
    this.locale = canonical[0]!;
    this.#plain = new Intl.NumberFormat(this.locale, DIGITS);
    this.#percent = new Intl.NumberFormat(this.locale, { style: "percent", ...DIGITS });
    this.#usd = new Intl.NumberFormat(this.locale, {
      style: "currency",
      currency: "USD",
      minimumFractionDigits: 2,
      maximumFractionDigits: 2,
    });
    this.#usdSmall = new Intl.NumberFormat(this.locale, {
      style: "currency",
      currency: "USD",
      maximumSignificantDigits: 3,
    });
    const utc = { timeZone: "UTC", hourCycle: "h23" } as const;
    this.#dateTime = new Intl.DateTimeFormat(this.locale, {
      ...utc,
      year: "numeric",
      month: "short",
      day: "numeric",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    this.#time = new Intl.DateTimeFormat(this.locale, { ...utc, hour: "2-digit", minute: "2-digit" });
    this.#clock = new Intl.DateTimeFormat(this.locale, {
      ...utc,
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    this.#day = new Intl.DateTimeFormat(this.locale, { ...utc, month: "short", day: "numeric" });
  }

  /** A plain number by the report's rule (see the module comment). */
  number(value: number): string {
    return Number.isFinite(value) ? this.#plain.format(value) : "–";
  }

  /** A whole count (events, requests, tokens), exact and grouped. */
  count(value: number): string {
    return this.number(value);
  }

  /** A percentage given in percent (12.3 → "12.3%"). */
  percent(value: number): string {
    return Number.isFinite(value) ? this.#percent.format(value / 100) : "–";
  }

  /** US dollars: cents, or three significant digits below one cent. */
  usd(value: number): string {
    if (!Number.isFinite(value)) return "–";
    return value !== 0 && Math.abs(value) < 0.01 ? this.#usdSmall.format(value) : this.#usd.format(value);
  }

  /** Milliseconds as "4,046 ms". */
  ms(value: number): string {
    return this.#unit("millisecond", value);
  }

  /** A value in `unit`. */
  value(value: number, unit: Unit): string {
    switch (unit) {
      case "ms":
        return this.ms(value);
      case "usd":
        return this.usd(value);
      case "percent":
        return this.percent(value);
      case "tokens":
      case "count":
        return this.count(value);
      case "plain":
        return this.number(value);
    }
  }

  /** A value in a unit named as the incident analysis names them: "ms", "%", "USD", else the number and the unit. */
  measure(value: number, unit: string): string {
    switch (unit) {
      case "ms":
        return this.ms(value);
      case "%":
        return this.percent(value);
      case "USD":
        return this.usd(value);
      case "":
        return this.number(value);
      default:
        return `${this.number(value)} ${unit}`;
    }
  }

  /**
   * A duration, signed when `signed`: 850 ms, 12.3 s, 5.2 min, 3.5 h, 2.1 d (the largest unit
   * it is at least one of).
   */
  duration(ms: number, signed = false): string {
    if (!Number.isFinite(ms)) return "–";
    const abs = Math.abs(ms);
    const [unit, size] =
      abs >= 86_400_000
        ? (["day", 86_400_000] as const)
        : abs >= 3_600_000
          ? (["hour", 3_600_000] as const)
          : abs >= 60_000
            ? (["minute", 60_000] as const)
            : abs >= 1_000
              ? (["second", 1_000] as const)
              : (["millisecond", 1] as const);
    const text = this.#unit(unit, abs / size);
    return signed ? `${ms < 0 ? "−" : "+"}${text}` : ms < 0 ? `−${text}` : text;
  }

  /** Date and time in UTC, to the second: "Jun 3, 2025, 14:05:09 UTC". */
  dateTime(epochMs: number): string {
    return `${this.#dateTime.format(epochMs)} UTC`;
  }

  /** Hours and minutes in UTC: "14:05". */
  time(epochMs: number): string {
    return this.#time.format(epochMs);
  }

  /** Hours, minutes and seconds in UTC: "14:05:09". */
  clock(epochMs: number): string {
    return this.#clock.format(epochMs);
  }

  /** Month and day in UTC: "Jun 3". */
  day(epochMs: number): string {
    return this.#day.format(epochMs);
  }

  #unit(unit: string, value: number): string {
    let format = this.#units.get(unit);
    if (format === undefined) {
      format = new Intl.NumberFormat(this.locale, { style: "unit", unit, unitDisplay: "short", ...DIGITS });
      this.#units.set(unit, format);
    }
    return Number.isFinite(value) ? format.format(value) : "–";
  }
}
