import { tz } from "@date-fns/tz";
// One module per function: date-fns' index loads all of its ~250 modules at run time (the
// package keeps dependencies external), which cost start-up time and, in a long CLI run, memory.
import { addDays } from "date-fns/addDays";
import { addMonths } from "date-fns/addMonths";
import { addWeeks } from "date-fns/addWeeks";
import { startOfDay } from "date-fns/startOfDay";
import { startOfMonth } from "date-fns/startOfMonth";
import { startOfWeek } from "date-fns/startOfWeek";
import { epochMillisOf } from "../core/timestamp.js";
import { TIME_WINDOWS, type TimeWindow } from "./schema.js";

/** `TimeWindow::to_seconds()` in the hub; `one_month` is a fixed 30 days. */
export const TIME_WINDOW_SECONDS: Readonly<Record<TimeWindow, number>> = Object.freeze({
  one_minute: 60,
  five_minutes: 300,
  fifteen_minutes: 900,
  one_hour: 3600,
  six_hours: 21_600,
  one_day: 86_400,
  one_week: 604_800,
  one_month: 2_592_000,
});

/** `TimeWindow::as_str()` in the hub: display labels only (capital M is month). */
export const TIME_WINDOW_LABELS: Readonly<Record<TimeWindow, string>> = Object.freeze({
  one_minute: "1m",
  five_minutes: "5m",
  fifteen_minutes: "15m",
  one_hour: "1h",
  six_hours: "6h",
  one_day: "1d",
  one_week: "1w",
  one_month: "1M",
});

const BY_LABEL = new Map<string, TimeWindow>(TIME_WINDOWS.map((w) => [TIME_WINDOW_LABELS[w], w]));
const BY_SECONDS = new Map<number, TimeWindow>(TIME_WINDOWS.map((w) => [TIME_WINDOW_SECONDS[w], w]));

function assertWindow(fn: string, window: TimeWindow): void {
  if (!(TIME_WINDOWS as readonly string[]).includes(window)) {
    throw new RangeError(`${fn}: window must be one of ${TIME_WINDOWS.join(", ")}, received ${JSON.stringify(window)}`);
  }
}

/** The window's length in seconds, as the hub's `to_seconds()` (one_month = 2592000, 30 days). */
export function timeWindowSeconds(window: TimeWindow): number {
  assertWindow("timeWindowSeconds", window);
  return TIME_WINDOW_SECONDS[window];
}

/** The display label, as the hub's `as_str()`: "1m", "5m", "15m", "1h", "6h", "1d", "1w", "1M". */
export function timeWindowLabel(window: TimeWindow): string {
  assertWindow("timeWindowLabel", window);
  return TIME_WINDOW_LABELS[window];
}

/**
 * The TimeWindow of a display label ("5m" → "five_minutes"). Case-sensitive, as the labels
 * are: "1m" is a minute and "1M" a month.
 * @throws RangeError for any other string.
 */
export function parseTimeWindowLabel(label: string): TimeWindow {
  const w = typeof label === "string" ? BY_LABEL.get(label) : undefined;
  if (w === undefined) {
    throw new RangeError(
      `parseTimeWindowLabel: expected one of ${[...BY_LABEL.keys()].join(", ")}, received ${JSON.stringify(label)}`,
    );
  }
  return w;
}

/**
 * The TimeWindow lasting exactly `seconds`. The hub's `seconds_to_window` maps any unknown
 * count to five_minutes; this throws instead, so a typo cannot become a 5-minute window.
 * @throws RangeError when no window has that length.
 */
export function timeWindowFromSeconds(seconds: number): TimeWindow {
  const w = BY_SECONDS.get(seconds);
  if (w === undefined) {
    throw new RangeError(
      `timeWindowFromSeconds: no TimeWindow lasts ${seconds} s; known lengths are ${[...BY_SECONDS.keys()].join(", ")}`,
    );
  }
  return w;
}

export type WeekDay = 0 | 1 | 2 | 3 | 4 | 5 | 6;

export interface WindowOptions {
  /**
   * `"fixed"` (default): windows of `timeWindowSeconds` aligned on the UTC epoch with integer
   * arithmetic, as the hub, Prometheus and InfluxDB's `GROUP BY time()` do (so fixed weeks
   * start on Thursdays, the weekday of 1970-01-01, and fixed months are 30-day spans).
   * `"calendar"`: one_day, one_week and one_month are local calendar days, weeks and months in
   * `timeZone`, correct across DST (23- and 25-hour days); shorter windows stay fixed.
   */
  readonly alignment?: "fixed" | "calendar";
  /** IANA time zone for calendar windows; "UTC" by default. */
  readonly timeZone?: string;
  /** First day of a calendar week, 0 = Sunday … 6 = Saturday; 1 (Monday, ISO 8601) by default. */
  readonly weekStartsOn?: WeekDay;
}

/** A window as epoch milliseconds: start inclusive, end exclusive. */
export interface WindowBounds {
  readonly start: number;
  readonly end: number;
}

const CALENDAR: ReadonlySet<TimeWindow> = new Set(["one_day", "one_week", "one_month"]);

/** Options checked once, with the bound function that maps an instant to its window. */
export interface WindowAligner {
  readonly window: TimeWindow;
  readonly calendar: boolean;
  bounds(ms: number): WindowBounds;
}

export function assertTimeZone(fn: string, zone: string): void {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: zone });
  } catch {
    throw new RangeError(
      `${fn}: timeZone must be an IANA time zone such as "Europe/Berlin", received ${JSON.stringify(zone)}`,
    );
  }
}

/** Validates window options and returns the aligner (internal: rollups call it once). */
export function windowAligner(fn: string, window: TimeWindow, options: WindowOptions = {}): WindowAligner {
  assertWindow(fn, window);
  const alignment = options.alignment ?? "fixed";
  if (alignment !== "fixed" && alignment !== "calendar") {
    throw new RangeError(`${fn}: alignment must be "fixed" or "calendar", received ${JSON.stringify(alignment)}`);
  }
  const zone = options.timeZone ?? "UTC";
  assertTimeZone(fn, zone);
  const weekStartsOn = options.weekStartsOn ?? 1;
  if (!Number.isInteger(weekStartsOn) || weekStartsOn < 0 || weekStartsOn > 6) {
    throw new RangeError(`${fn}: weekStartsOn must be an integer from 0 (Sunday) to 6, received ${weekStartsOn}`);
  }
  if (alignment === "fixed" || !CALENDAR.has(window)) {
    const size = TIME_WINDOW_SECONDS[window] * 1000;
    return {
      window,
      calendar: false,
      bounds(ms) {
        const start = ms - (((ms % size) + size) % size);
        return { start, end: start + size };
      },
    };
  }
  const ctx = { in: tz(zone) };
  // The end is the start of the next period, taken again with startOf*: adding one day to a
  // day that began at 01:00 (a DST jump over midnight) must still land on the next midnight.
  const period =
    window === "one_day"
      ? (ms: number) => {
          const s = startOfDay(ms, ctx);
          return { start: s.getTime(), end: startOfDay(addDays(s, 1), ctx).getTime() };
        }
      : window === "one_week"
        ? (ms: number) => {
            const s = startOfWeek(ms, { ...ctx, weekStartsOn });
            return { start: s.getTime(), end: startOfWeek(addWeeks(s, 1), { ...ctx, weekStartsOn }).getTime() };
          }
        : (ms: number) => {
            const s = startOfMonth(ms, ctx);
            return { start: s.getTime(), end: startOfMonth(addMonths(s, 1), ctx).getTime() };
          };
  return { window, calendar: true, bounds: period };
}

/** Epoch milliseconds of a Timestamp string or an integer epoch-millisecond number (internal). */
export function instantMillis(fn: string, instant: string | number, label: string): number {
  if (typeof instant === "number") {
    if (!Number.isSafeInteger(instant)) {
      throw new RangeError(
        `${fn}: ${label} must be whole epoch milliseconds or an RFC 3339 string, received ${instant}`,
      );
    }
    return instant;
  }
  if (typeof instant !== "string") {
    throw new TypeError(`${fn}: ${label} must be an RFC 3339 string or epoch milliseconds, received ${typeof instant}`);
  }
  return epochMillisOf(fn, label, instant);
}

/**
 * The window of `window` that contains `instant` (an RFC 3339 string or epoch milliseconds),
 * as epoch milliseconds `[start, end)`. Fixed windows: O(1) integer arithmetic on the UTC
 * epoch. Calendar windows: date-fns with @date-fns/tz in `options.timeZone`.
 *
 * @throws RangeError for an unknown window, a bad instant or a bad option.
 */
export function windowBoundsOf(instant: string | number, window: TimeWindow, options?: WindowOptions): WindowBounds {
  const ms = instantMillis("windowBoundsOf", instant, "instant");
  return windowAligner("windowBoundsOf", window, options).bounds(ms);
}
