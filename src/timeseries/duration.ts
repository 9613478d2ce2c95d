/*
 * Durations as InfluxQL writes them ("30s", "5m", "1h", "1d", "1h30m"): the free-text
 * `Aggregation.window` and `ContinuousQuery.interval` of the hub, parsed.
 */

const UNIT_NANOS: Readonly<Record<string, bigint>> = {
  ns: 1n,
  u: 1_000n,
  µ: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
  d: 86_400_000_000_000n,
  w: 604_800_000_000_000n,
};

const PART = /(\d+)(ns|ms|u|µ|s|m|h|d|w)/y;

/**
 * Reads an InfluxQL duration literal into nanoseconds, naming `fn` and `label` in errors.
 * Grammar (InfluxQL spec, `duration_lit`): one or more `<integer><unit>` parts, units `ns`,
 * `u`/`µ`, `ms`, `s`, `m`, `h`, `d`, `w`, such as `"90s"` or `"1h30m"`. Months and years are
 * not durations (their length varies), fractions are not allowed, and the result is positive.
 */
export function readDuration(fn: string, label: string, text: unknown): bigint {
  const fail = (why: string): never => {
    throw new RangeError(
      `${fn}: ${label} must be a duration such as "30s", "5m", "1h" or "1d" (units ns, u, ms, s, m, h, d, w)${why}, received ${JSON.stringify(text)}`,
    );
  };
  if (typeof text !== "string" || text.length === 0) return fail("");
  let total = 0n;
  PART.lastIndex = 0;
  while (PART.lastIndex < text.length) {
    const start = PART.lastIndex;
    const m = PART.exec(text);
    if (!m) {
      PART.lastIndex = start;
      const rest = text.slice(start);
      if (/^\d+M/.test(rest)) return fail("; months have no fixed length");
      if (/^\d*\.\d/.test(rest)) return fail("; fractions are not allowed");
      return fail("");
    }
    total += BigInt(m[1] as string) * (UNIT_NANOS[m[2] as string] as bigint);
  }
  if (total === 0n) return fail("; it must be longer than zero");
  return total;
}

/**
 * Parses a duration such as `"30s"`, `"5m"`, `"1h"`, `"1d"` or `"1h30m"` (InfluxQL's
 * duration literal: integer amounts with units ns, u/µ, ms, s, m, h, d, w) into
 * nanoseconds. O(length of text).
 *
 * @throws RangeError for anything else (`"5 minutes"`, `"1.5h"`, `"1M"`, `""`, `"0s"`).
 */
export function parseDuration(text: string): bigint {
  return readDuration("parseDuration", "text", text);
}

const FORMAT_UNITS: readonly (readonly [string, bigint])[] = [
  ["w", 604_800_000_000_000n],
  ["d", 86_400_000_000_000n],
  ["h", 3_600_000_000_000n],
  ["m", 60_000_000_000n],
  ["s", 1_000_000_000n],
  ["ms", 1_000_000n],
  ["u", 1_000n],
  ["ns", 1n],
];

/**
 * Writes positive nanoseconds as an InfluxQL duration literal in the largest unit that
 * divides them exactly (`300_000_000_000n` → `"5m"`, `86_400_000_000_000n` → `"1d"`).
 *
 * @throws RangeError when `ns` is not a positive bigint.
 */
export function formatDuration(ns: bigint): string {
  if (typeof ns !== "bigint" || ns <= 0n) {
    throw new RangeError(`formatDuration: ns must be a positive bigint, received ${String(ns)}`);
  }
  for (const [unit, size] of FORMAT_UNITS) if (ns % size === 0n) return `${ns / size}${unit}`;
  return `${ns}ns`;
}
