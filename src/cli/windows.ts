import { parseTimeWindowLabel, TIME_WINDOW_LABELS, TIME_WINDOWS, type TimeWindow } from "../metrics/index.js";
import { UsageError } from "./errors.js";

/** A `--window` value: the wire name (`five_minutes`) or the hub's label (`5m`; `1M` is a month). */
export function windowFlag(command: string, text: string): TimeWindow {
  if ((TIME_WINDOWS as readonly string[]).includes(text)) return text as TimeWindow;
  try {
    return parseTimeWindowLabel(text);
  } catch {
    const known = TIME_WINDOWS.map((w) => `${w} (${TIME_WINDOW_LABELS[w]})`).join(", ");
    throw new UsageError(command, `--window must be one of ${known}; received ${JSON.stringify(text)}`);
  }
}
