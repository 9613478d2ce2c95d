/*
 * InfluxDB line protocol (1.x), as its reference states it and `influxd` 1.6 reads it:
 * `<measurement>[,<tag_key>=<tag_value>...] <field_key>=<field_value>[,...] [<timestamp>]`.
 * Escapes: measurement `\,` `\ `; tag keys, tag values and field keys `\,` `\=` `\ `; string
 * field values `\"` and `\\`. InfluxDB 1.x also reads `\=` and `\"` in a measurement and `\"` in a
 * field key, and keeps every other backslash as a literal character.
 */

import { epochNanosOf, timestampOfNanos } from "../../core/timestamp.js";
import { assertFinite, describe } from "../../stats/validate.js";
import { fieldEntries, tagEntries } from "../../timeseries/fields.js";
import type { FieldSet, FieldValue, TagSet, TimeSeriesPoint } from "../../timeseries/schema/point.js";

/** InfluxDB's timestamp range in nanoseconds (the reference's minimum and maximum). */
export const LINE_PROTOCOL_MIN_NS = -9_223_372_036_854_775_806n;
export const LINE_PROTOCOL_MAX_NS = 9_223_372_036_854_775_806n;

export const LINE_PROTOCOL_PRECISIONS = ["ns", "u", "ms", "s", "m", "h"] as const;
/** Timestamp precision of the `/write` endpoint's `precision` parameter. */
export type LineProtocolPrecision = (typeof LINE_PROTOCOL_PRECISIONS)[number];

const PRECISION_NS: Record<LineProtocolPrecision, bigint> = {
  ns: 1n,
  u: 1_000n,
  ms: 1_000_000n,
  s: 1_000_000_000n,
  m: 60_000_000_000n,
  h: 3_600_000_000_000n,
};

export interface ToLineProtocolOptions {
  /**
   * Fields written as integers (`42i`). Every other number is written as a float, the line
   * protocol's default numeric type, so a field keeps one type across points (InfluxDB
   * rejects a point whose field type differs from the one stored in the shard).
   */
  readonly integerFields?: readonly string[];
  /**
   * `metadata` has no place in line protocol: `"error"` (default) refuses a point that
   * carries some, `"omit"` leaves it out, `"fields"` writes each entry as a string field.
   */
  readonly metadata?: "error" | "omit" | "fields";
  /** Precision of the written timestamps (default `"ns"`); the point's time must be a whole number of it. */
  readonly precision?: LineProtocolPrecision;
}

const FN_W = "toLineProtocol";

function fail(message: string): never {
  throw new RangeError(message);
}

/** Code point order, which is the UTF-8 byte order Go's bytes.Compare sorts by. */
function compareCodePoints(a: string, b: string): number {
  const ia = a[Symbol.iterator]();
  const ib = b[Symbol.iterator]();
  for (;;) {
    const x = ia.next();
    const y = ib.next();
    if (x.done || y.done) return x.done ? (y.done ? 0 : -1) : 1;
    const cx = x.value.codePointAt(0) as number;
    const cy = y.value.codePointAt(0) as number;
    if (cx !== cy) return cx - cy;
  }
}

/**
 * How line protocol escapes an element: `special` lists the characters escaped with a
 * backslash; `unescaped` the characters InfluxDB 1.x unescapes after a backslash in this
 * element, so a literal backslash before one of them (or at the end, where it would escape the
 * separator) cannot be written.
 */
interface Escaping {
  readonly special: string;
  readonly unescaped: string;
}

const MEASUREMENT: Escaping = { special: ", ", unescaped: ', ="' };
const TAG: Escaping = { special: ",= ", unescaped: ",= " };
const FIELD_KEY: Escaping = { special: ",= ", unescaped: ',= "' };

/** Escapes a measurement, tag key, tag value or field key (`element.what`, for errors) as `element` says. */
function escapeName(text: string, element: Escaping & { readonly what: string }, where: string): string {
  const { what, special, unescaped } = element;
  if (text.length === 0) fail(`${FN_W}: ${where}: ${what} is empty, which line protocol cannot write`);
  if (text.includes("\n"))
    fail(`${FN_W}: ${where}: ${what} ${JSON.stringify(text)} contains a newline, which line protocol does not support`);
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const c = text[i] as string;
    if (c === "\\") {
      const next = text[i + 1];
      if (next === undefined || unescaped.includes(next)) {
        fail(
          `${FN_W}: ${where}: ${what} ${JSON.stringify(text)} has a backslash ${next === undefined ? "at its end" : `before ${JSON.stringify(next)}`}, which InfluxDB 1.x would read as an escape`,
        );
      }
    }
    out += special.includes(c) ? `\\${c}` : c;
  }
  return out;
}

function escapeMeasurement(name: string, where: string): string {
  if (name.startsWith("#"))
    fail(`${FN_W}: ${where}: measurement ${JSON.stringify(name)} starts with "#", which marks a comment line`);
  return escapeName(name, { what: "measurement", ...MEASUREMENT }, where);
}

function assertKey(what: string, key: string, where: string): void {
  if (key === "time") fail(`${FN_W}: ${where}: InfluxDB rejects "time" as a ${what}`);
}

function escapeStringField(value: string, where: string): string {
  if (value.includes("\n"))
    fail(`${FN_W}: ${where}: string value contains a newline, which line protocol does not support`);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function formatField(key: string, value: FieldValue, integer: boolean, where: string): string {
  if (typeof value === "string") return escapeStringField(value, `${where} field ${JSON.stringify(key)}`);
  if (typeof value === "boolean") return value ? "true" : "false";
  if (typeof value !== "number") {
    fail(
      `${FN_W}: ${where} field ${JSON.stringify(key)} must be a finite number, a string or a boolean, received ${describe(value)}`,
    );
  }
  if (!Number.isFinite(value)) assertFinite(FN_W, value, `${where} field ${JSON.stringify(key)}`);
  if (integer) {
    if (!Number.isSafeInteger(value)) {
      fail(
        `${FN_W}: ${where}: field ${JSON.stringify(key)} is listed in integerFields but holds ${value}, not a safe integer`,
      );
    }
    return `${value}i`;
  }
  return String(value);
}

function line(
  point: TimeSeriesPoint,
  where: string,
  integers: ReadonlySet<string>,
  options: ToLineProtocolOptions,
): string {
  if (typeof point !== "object" || point === null) fail(`${FN_W}: ${where} must be a TimeSeriesPoint`);
  let out = escapeMeasurement(point.measurement, where);
  const tags = tagEntries(point.tags ?? ({} as TagSet))
    .filter(([, v]) => v !== "")
    .sort(([a], [b]) => compareCodePoints(a, b));
  for (const [k, v] of tags) {
    assertKey("tag key", k, where);
    out += `,${escapeName(k, { what: "tag key", ...TAG }, where)}=${escapeName(v, { what: `tag ${JSON.stringify(k)} value`, ...TAG }, where)}`;
  }
  const fields: string[] = [];
  const add = (k: string, v: FieldValue, integer: boolean) => {
    assertKey("field key", k, where);
    fields.push(`${escapeName(k, { what: "field key", ...FIELD_KEY }, where)}=${formatField(k, v, integer, where)}`);
  };
  for (const [k, v] of fieldEntries(point.fields ?? ({} as FieldSet))) add(k, v, integers.has(k));
  const metadata = Object.entries(point.metadata ?? {});
  const mode = options.metadata ?? "error";
  if (metadata.length > 0) {
    if (mode === "error") {
      fail(
        `${FN_W}: ${where} has metadata (${metadata.map(([k]) => JSON.stringify(k)).join(", ")}), which line protocol cannot carry; pass { metadata: "omit" } or { metadata: "fields" }`,
      );
    }
    if (mode === "fields") {
      for (const [k, v] of metadata) {
        if (fieldEntries(point.fields).some(([f]) => f === k)) {
          fail(`${FN_W}: ${where}: metadata key ${JSON.stringify(k)} is also a field name`);
        }
        add(k, v, false);
      }
    }
  }
  if (fields.length === 0) fail(`${FN_W}: ${where} has no field value, and a line protocol point needs at least one`);
  const ns = epochNanosOf(FN_W, `${where}.timestamp`, point.timestamp);
  if (ns < LINE_PROTOCOL_MIN_NS || ns > LINE_PROTOCOL_MAX_NS) {
    fail(`${FN_W}: ${where}.timestamp ${point.timestamp} is outside InfluxDB's range (1677-09-21 to 2262-04-11)`);
  }
  const unit = PRECISION_NS[options.precision ?? "ns"];
  if (ns % unit !== 0n) {
    fail(
      `${FN_W}: ${where}.timestamp ${point.timestamp} is not a whole number of ${options.precision} (use a finer precision)`,
    );
  }
  return `${out} ${fields.join(",")} ${ns / unit}`;
}

/**
 * Writes points as InfluxDB line protocol, one line per point, joined with `\n`.
 *
 * - Measurement, tag keys/values and field keys are escaped as the line protocol reference
 *   says (commas and spaces in measurements; commas, equals signs and spaces in tag keys,
 *   tag values and field keys); string field values are double-quoted with `"` and `\`
 *   escaped. Tags are sorted by key in byte order (the reference's performance advice).
 * - Numbers are floats unless named in `options.integerFields` (`42i`); booleans are
 *   `true`/`false`; the timestamp is Unix time in `options.precision` (default nanoseconds),
 *   exact to the nanosecond.
 * - A tag whose value is `""` is left out: InfluxDB has no empty tag values and reads a
 *   missing tag as `""` (the reference: "omit the tag from the tag set").
 *
 * O(total length). Inputs are not modified.
 *
 * @throws RangeError for what line protocol cannot express: an empty measurement or key, a
 *   newline, a backslash that InfluxDB would read as an escape, "time" as a key, a point
 *   without fields, metadata (unless `options.metadata` says what to do), a timestamp
 *   outside 1677–2262 or not a whole number of `precision`.
 */
export function toLineProtocol(
  points: TimeSeriesPoint | readonly TimeSeriesPoint[],
  options: ToLineProtocolOptions = {},
): string {
  if (typeof points !== "object" || points === null) {
    throw new TypeError(
      `toLineProtocol: points must be a TimeSeriesPoint or an array of them, received ${describe(points)}`,
    );
  }
  const precision = options.precision ?? "ns";
  if (!(LINE_PROTOCOL_PRECISIONS as readonly string[]).includes(precision)) {
    fail(
      `${FN_W}: options.precision must be one of ${LINE_PROTOCOL_PRECISIONS.join(", ")}, received ${JSON.stringify(precision)}`,
    );
  }
  const mode = options.metadata ?? "error";
  if (mode !== "error" && mode !== "omit" && mode !== "fields") {
    fail(`${FN_W}: options.metadata must be "error", "omit" or "fields", received ${JSON.stringify(mode)}`);
  }
  const integers = new Set(options.integerFields ?? []);
  if (Array.isArray(points)) return points.map((p, i) => line(p, `points[${i}]`, integers, options)).join("\n");
  return line(points as TimeSeriesPoint, "point", integers, options);
}

export interface ParseLineProtocolOptions {
  /** Precision of the timestamps in the text (default `"ns"`). */
  readonly precision?: LineProtocolPrecision;
  /**
   * Timestamp for lines without one (InfluxDB would use its clock, which a pure function
   * does not read). Without it, such a line is an error.
   */
  readonly defaultTimestamp?: string;
}

const FN_P = "parseLineProtocol";

class Scanner {
  i = 0;
  constructor(
    readonly text: string,
    readonly lineNo: number,
  ) {}
  fail(why: string): never {
    throw new RangeError(`${FN_P}: line ${this.lineNo}: ${why}, in ${JSON.stringify(this.text)}`);
  }
  /** Reads up to an unescaped stop character; a backslash always takes the next character with it. */
  token(stops: string): string {
    const from = this.i;
    const t = this.text;
    while (this.i < t.length && !stops.includes(t[this.i] as string)) this.i += t[this.i] === "\\" ? 2 : 1;
    if (this.i > t.length) this.i = t.length;
    return t.slice(from, this.i);
  }
}

/** InfluxDB 1.x's unescaping: `\c` becomes `c` for the listed characters; other backslashes stay. */
function unescapeText(raw: string, chars: string): string {
  let out = "";
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i] as string;
    const next = raw[i + 1];
    if (c === "\\" && next !== undefined && chars.includes(next)) {
      out += next;
      i++;
    } else out += c;
  }
  return out;
}

// `\d+(?:\.\d*)?` rather than `\d+\.?\d*`: the latter splits a digit run n ways before failing (quadratic).
const FLOAT = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/;
const TRUE = new Set(["t", "T", "true", "True", "TRUE"]);
const FALSE = new Set(["f", "F", "false", "False", "FALSE"]);

function fieldValue(s: Scanner, key: string): FieldValue {
  const t = s.text;
  if (t[s.i] === '"') {
    let out = "";
    let i = s.i + 1;
    for (; i < t.length; i++) {
      const c = t[i] as string;
      if (c === "\\" && (t[i + 1] === '"' || t[i + 1] === "\\")) {
        out += t[i + 1];
        i++;
      } else if (c === '"') break;
      else out += c;
    }
    if (i >= t.length) s.fail(`field ${JSON.stringify(key)} has an unterminated string`);
    s.i = i + 1;
    return out;
  }
  const raw = s.token(", ");
  if (raw === "") s.fail(`field ${JSON.stringify(key)} has no value`);
  if (TRUE.has(raw)) return true;
  if (FALSE.has(raw)) return false;
  const int = /^([+-]?\d+)([iu])$/.exec(raw);
  if (int) {
    const n = BigInt(int[1] as string);
    const unsigned = int[2] === "u";
    if (
      unsigned
        ? n < 0n || n > 18_446_744_073_709_551_615n
        : n < -9_223_372_036_854_775_808n || n > 9_223_372_036_854_775_807n
    ) {
      s.fail(`field ${JSON.stringify(key)} value ${raw} is out of the ${unsigned ? "u" : "i"}nt64 range`);
    }
    if (n > BigInt(Number.MAX_SAFE_INTEGER) || n < -BigInt(Number.MAX_SAFE_INTEGER)) {
      s.fail(`field ${JSON.stringify(key)} value ${raw} is beyond 2^53 − 1, which a JS number cannot hold exactly`);
    }
    return Number(n);
  }
  if (FLOAT.test(raw)) {
    const x = Number(raw);
    if (!Number.isFinite(x)) s.fail(`field ${JSON.stringify(key)} value ${raw} is beyond the float64 range`);
    return x;
  }
  return s.fail(
    `field ${JSON.stringify(key)} value ${JSON.stringify(raw)} is not a float, integer (i), string or boolean`,
  );
}

function parseLine(text: string, lineNo: number, unit: bigint, fallback: bigint | undefined): TimeSeriesPoint {
  const s: Scanner = new Scanner(text, lineNo);
  const measurement = unescapeText(s.token(", "), ', ="');
  if (measurement === "") s.fail("the measurement is missing");
  const tags: Record<string, string> = {};
  while (s.text[s.i] === ",") {
    s.i++;
    const key = unescapeText(s.token("=, "), ",= ");
    if (s.text[s.i] !== "=" || key === "") s.fail("a tag is not key=value");
    s.i++;
    const value = unescapeText(s.token(", "), ",= ");
    if (value === "") s.fail(`tag ${JSON.stringify(key)} has no value`);
    if (Object.hasOwn(tags, key)) s.fail(`tag ${JSON.stringify(key)} appears twice (InfluxDB: duplicate tags)`);
    tags[key] = value;
  }
  if (s.text[s.i] !== " ") s.fail("expected a space before the fields");
  s.i++;
  const fields: Record<string, FieldValue> = {};
  for (;;) {
    const key = unescapeText(s.token("=, "), ',= "');
    if (s.text[s.i] !== "=" || key === "") s.fail("a field is not key=value");
    s.i++;
    // InfluxDB keeps the last value of a repeated field.
    fields[key] = fieldValue(s, key);
    if (s.text[s.i] === ",") {
      s.i++;
      continue;
    }
    break;
  }
  let ns: bigint;
  if (s.i >= s.text.length) {
    if (fallback === undefined) s.fail("the timestamp is missing and no defaultTimestamp was given");
    ns = fallback;
  } else {
    if (s.text[s.i] !== " ") s.fail("expected a space before the timestamp");
    const raw = s.text.slice(s.i + 1);
    if (!/^-?\d+$/.test(raw)) s.fail(`the timestamp ${JSON.stringify(raw)} is not an integer`);
    ns = BigInt(raw) * unit;
    if (ns < LINE_PROTOCOL_MIN_NS || ns > LINE_PROTOCOL_MAX_NS)
      s.fail(`the timestamp ${raw} is outside InfluxDB's range`);
  }
  const { source_module = "", environment = "", ...rest } = tags;
  return {
    measurement,
    timestamp: timestampOfNanos(FN_P, ns),
    tags: { source_module, environment, ...rest } as TagSet,
    fields: fields as FieldSet,
  };
}

/**
 * Reads InfluxDB line protocol into TimeSeriesPoints, one per line; blank lines and `#`
 * comment lines are skipped, and a trailing `\r` is removed from each line.
 *
 * - Unescaping follows InfluxDB 1.x: `\,` `\ ` `\=` `\"` in a measurement; `\,` `\=` `\ ` in
 *   tag keys and values; the same plus `\"` in field keys; `\"` and `\\` in string values.
 *   Any other backslash is a literal character, as in the reference's `field_k\ey`.
 * - Field values: floats (`1`, `-1.234456e+78`, `1.e+78`), integers (`1i`) and unsigned
 *   integers (`1u`) as numbers (beyond 2^53 − 1 is an error, not a rounding), strings,
 *   and booleans `t T true True TRUE f F false False FALSE`. A repeated field keeps its last
 *   value, as InfluxDB does; a repeated tag is an error, as in InfluxDB.
 * - Tags: `source_module` and `environment` are required by TagSet; a line without them gets
 *   `""`, which is how InfluxDB reads a missing tag. Every other tag is kept as it is.
 * - Timestamps: integers in `options.precision` (default ns), written back as the canonical
 *   RFC 3339 string with up to nine fraction digits, so no nanosecond is lost.
 *
 * O(length of text).
 *
 * @throws RangeError naming the line for anything InfluxDB would reject, and for a missing
 *   timestamp without `options.defaultTimestamp`.
 */
export function parseLineProtocol(text: string, options: ParseLineProtocolOptions = {}): TimeSeriesPoint[] {
  if (typeof text !== "string") throw new TypeError(`${FN_P}: text must be a string, received ${typeof text}`);
  const precision = options.precision ?? "ns";
  if (!(LINE_PROTOCOL_PRECISIONS as readonly string[]).includes(precision)) {
    fail(
      `${FN_P}: options.precision must be one of ${LINE_PROTOCOL_PRECISIONS.join(", ")}, received ${JSON.stringify(precision)}`,
    );
  }
  const fallback =
    options.defaultTimestamp === undefined
      ? undefined
      : epochNanosOf(FN_P, "options.defaultTimestamp", options.defaultTimestamp);
  const unit = PRECISION_NS[precision];
  const out: TimeSeriesPoint[] = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    let l = lines[n] as string;
    if (l.endsWith("\r")) l = l.slice(0, -1);
    const start = l.search(/[^ \t]/);
    if (start < 0 || l[start] === "#") continue;
    out.push(parseLine(l.slice(start), n + 1, unit, fallback));
  }
  return out;
}
