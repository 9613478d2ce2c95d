import { TIMESTAMP_PATTERN, toEpochMillis } from "../core/timestamp.js";

const NS_PER_MS = 1_000_000n;
const NS_PER_S = 1_000_000_000n;

/**
 * Epoch nanoseconds of an RFC 3339 timestamp, exactly (a JS number cannot hold them past
 * 2^53 ns, about 104 days after 1970, hence bigint). A leap second reads as second 59.999….
 *
 * @throws RangeError naming `fn` and `label` when `text` is not an RFC 3339 timestamp.
 */
export function timestampNanos(text: string, fn = "timestampNanos", label = "timestamp"): bigint {
  if (typeof text !== "string" || !TIMESTAMP_PATTERN.test(text)) {
    throw new RangeError(
      `${fn}: ${label} must be an RFC 3339 timestamp with an offset (e.g. 2025-06-03T14:22:05Z), received ${JSON.stringify(text)}`,
    );
  }
  const ms = toEpochMillis(text);
  const fraction = /\.(\d+)/.exec(text.slice(19))?.[1] ?? "";
  const subMs = fraction.length > 3 ? BigInt(fraction.slice(3).padEnd(6, "0")) : 0n;
  return BigInt(ms) * NS_PER_MS + subMs;
}

/** Floor division for bigint (`/` truncates toward zero). */
export function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

/**
 * The canonical Timestamp of epoch nanoseconds, as the hub writes it: UTC with `Z` and 0,
 * 3, 6 or 9 fraction digits.
 *
 * @throws RangeError when the instant is outside the years 0000–9999.
 */
export function nanosTimestamp(ns: bigint, fn = "nanosTimestamp"): string {
  const seconds = floorDiv(ns, NS_PER_S);
  const nanos = Number(ns - seconds * NS_PER_S);
  const iso = new Date(Number(seconds) * 1000).toISOString();
  if (iso.length !== 24) throw new RangeError(`${fn}: ${ns} ns is outside the years 0000–9999`);
  let fraction = "";
  if (nanos !== 0) {
    if (nanos % 1_000_000 === 0) fraction = `.${String(nanos / 1_000_000).padStart(3, "0")}`;
    else if (nanos % 1_000 === 0) fraction = `.${String(nanos / 1_000).padStart(6, "0")}`;
    else fraction = `.${String(nanos).padStart(9, "0")}`;
  }
  return `${iso.slice(0, 19)}${fraction}Z`;
}
