/*
 * The flags `correlate` and `report` share: the incident analysis' window and threshold.
 */
import type { AnalyzeIncidentsOptions } from "../../correlation/index.js";
import { type ParsedArgs, parseDurationMs, stringFlag } from "../args.js";
import { UsageError } from "../errors.js";

/**
 * `--window` (a duration of whole seconds, at least one: the analysis' own floor) and
 * `--threshold` (a positive decimal |z|) as analysis options; absent flags are left out.
 */
export function analysisFlags(command: string, parsed: ParsedArgs): AnalyzeIncidentsOptions {
  const windowText = stringFlag(parsed, "window");
  const windowMs = windowText === undefined ? undefined : parseDurationMs(command, "window", windowText);
  if (windowMs !== undefined && (windowMs < 1000 || windowMs % 1000 !== 0)) {
    throw new UsageError(
      command,
      `--window must be a whole number of seconds, at least 1s; received ${JSON.stringify(windowText)}`,
    );
  }
  const thresholdText = stringFlag(parsed, "threshold");
  const threshold = thresholdText === undefined ? undefined : Number(thresholdText);
  if (thresholdText !== undefined && (!/^\d+(\.\d+)?$/.test(thresholdText) || !(threshold! > 0))) {
    throw new UsageError(command, `--threshold must be a positive number, received ${JSON.stringify(thresholdText)}`);
  }
  return {
    ...(windowMs === undefined ? {} : { windowMs }),
    ...(threshold === undefined ? {} : { threshold }),
  };
}
