import * as z from "zod";
import { lazyFields, lazySchema } from "./lazy.js";
import { Timestamp, toEpochNanos } from "./timestamp.js";

/**
 * `{start, end}`: the hub's metrics, timeseries and api `TimeRange`s and the correlation
 * `TimeWindow` struct, which are identical on the wire (DESIGN.md §3). Nothing checks that
 * `end >= start` when parsing, as in the hub; the semantic checks report it.
 */
export const TimeRange = lazySchema(() =>
  z.object(
    lazyFields({
      get start() {
        return Timestamp.meta({ description: "Start of the range (RFC 3339)" });
      },
      get end() {
        return Timestamp.meta({ description: "End of the range (RFC 3339)" });
      },
    }),
  ),
);
export type TimeRange = z.infer<typeof TimeRange>;

/**
 * Whole seconds from `start` to `end`, truncated toward zero and negative when `end` is
 * before `start` (the hub's `correlation::TimeWindow::duration_seconds`: −90 for an end 90 s
 * before the start).
 */
export function durationSeconds(range: TimeRange): number {
  // BigInt division truncates toward zero, like chrono's num_seconds, and is exact to the nanosecond.
  return Number((toEpochNanos(range.end) - toEpochNanos(range.start)) / 1_000_000_000n);
}
