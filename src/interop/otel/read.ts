import { type Issue, jsonPointer } from "../../core/issue.js";
import { BLANK_LINE_MESSAGE, isBlankLine } from "../../core/json-lines.js";
import { describe } from "../../stats/validate.js";
import type { OtelAttributeMap, OtelValue, OtlpTracesInput, SpanRecord } from "./otlp.js";
import { decodeOtlpProtobuf } from "./protobuf.js";

/*
 * The lenient OTLP reader behind eventsFromOtlpTraces and metricsFromOtlp. One malformed
 * span, attribute or line never costs the rest of the input: each problem becomes an issue
 * naming its place (a path of keys and indices, and the line of JSON Lines input) and the
 * span's ids when they are readable, and the reader goes on.
 * Input that holds no OTLP at all is an error, never an empty result.
 */

/**
 * Where something sits in the input: the 1-based line of its document in JSON Lines input, and
 * the keys and indices from that document's root (`["resourceSpans", 0, "scopeSpans", 0,
 * "spans", 2]`), as the input spells them (camelCase or snake_case).
 */
export interface Place {
  readonly line?: number;
  readonly path: readonly (string | number)[];
}

/** A place one key or index further in. */
export function placeAt(place: Place, ...keys: readonly (string | number)[]): Place {
  const path = [...place.path, ...keys];
  return place.line === undefined ? { path } : { line: place.line, path };
}

/** A place as text for an error message: `line 3: /resourceSpans/0`, `(input)` for the root. */
export function placeText(place: Place): string {
  const where = place.path.length === 0 ? "(input)" : jsonPointer(place.path);
  return place.line === undefined ? where : `line ${place.line}: ${where}`;
}

/** What an OTLP trace notice says beside `Issue`'s fields: its line, and the span and attribute it concerns. */
export interface SpanNoticeFields {
  /** The 1-based line of the document, for JSON Lines input (the collector's file exporter). */
  readonly line?: number;
  /** Keys and indices from the document's root (never a symbol). */
  readonly path: readonly (string | number)[];
  /** The span's ids and name, when the notice concerns a span whose ids are readable. */
  readonly traceId?: string;
  readonly spanId?: string;
  readonly spanName?: string;
  /** The attribute (or OTLP field) concerned, when there is one. */
  readonly attribute?: string;
}

/** A problem the reader met, and what it did about it. */
export interface ReadIssue
  extends Issue<"blank_line" | "invalid_document" | "invalid_span" | "invalid_attribute" | "coerced_value">,
    SpanNoticeFields {
  readonly path: readonly (string | number)[];
}

export interface Document {
  readonly value: Record<string, unknown> | readonly unknown[];
  /** The 1-based line it was read from, for JSON Lines input. */
  readonly line?: number;
}

const U64_MAX = 18_446_744_073_709_551_615n;
const I64_MIN = -9_223_372_036_854_775_808n;
const I64_MAX = 9_223_372_036_854_775_807n;

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array);
}

/**
 * A field by its proto3 JSON name or its original proto name (parsers must accept both);
 * `null` means unset.
 */
export function field(object: Record<string, unknown>, camel: string, snake?: string): unknown {
  let value = Object.hasOwn(object, camel) ? object[camel] : undefined;
  if ((value === undefined || value === null) && snake !== undefined && Object.hasOwn(object, snake)) {
    value = object[snake];
  }
  return value === null ? undefined : value;
}

const snakeNames = new Map<string, string>();
const snakeOf = (camel: string): string => {
  let snake = snakeNames.get(camel);
  if (snake === undefined) {
    snake = camel.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
    snakeNames.set(camel, snake);
  }
  return snake;
};

/** `field` with the snake_case name derived from the camelCase one. */
export function get(object: Record<string, unknown>, camel: string): unknown {
  const value = object[camel];
  if (value !== undefined && value !== null && Object.hasOwn(object, camel)) return value;
  return field(object, camel, snakeOf(camel));
}

/** The key `get` reads `camel` from, as the input spells it (for paths). */
export function keyOf(object: Record<string, unknown>, camel: string): string {
  const value = object[camel];
  if (value !== undefined && value !== null && Object.hasOwn(object, camel)) return camel;
  const snake = snakeOf(camel);
  return Object.hasOwn(object, snake) && object[snake] !== null ? snake : camel;
}

// ---------------------------------------------------------------------------------------------
// Documents: text, bytes, objects

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** The kind of OTLP an object holds, from its keys. */
export type Shape = "traces" | "metrics" | "logs" | "resourceSpans" | "scopeSpans" | "span" | "empty" | "unknown";

export function shapeOf(value: unknown): Shape {
  if (!isObject(value)) return "unknown";
  const has = (camel: string) => get(value, camel) !== undefined;
  if (has("resourceSpans")) return "traces";
  if (has("resourceMetrics")) return "metrics";
  if (has("resourceLogs")) return "logs";
  if (has("scopeSpans") || has("instrumentationLibrarySpans")) return "resourceSpans";
  if (Array.isArray(get(value, "spans"))) return "scopeSpans";
  if (has("traceId") && has("spanId")) return "span";
  if (Object.keys(value).length === 0) return "empty";
  return "unknown";
}

function parseJsonText(text: string, fn: string, issues: ReadIssue[]): Document[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trim() === "") throw new TypeError(`${fn}: the input is empty; expected OTLP/JSON or OTLP protobuf`);
  let whole: unknown;
  let wholeError: Error | undefined;
  try {
    whole = JSON.parse(body);
  } catch (error) {
    wholeError = error as Error;
  }
  if (wholeError === undefined) {
    if (typeof whole !== "object" || whole === null) {
      throw new TypeError(
        `${fn}: the input is the JSON value ${describe(whole)}, not OTLP (an object with resourceSpans)`,
      );
    }
    return [{ value: whole as Document["value"] }];
  }
  // JSON Lines: one export per line, as the collector's file exporter writes. A blank line is
  // reported and skipped, the one rule of core/json-lines.ts; the end right after the last
  // terminator holds no line.
  const docs: Document[] = [];
  let firstError: string | undefined;
  const lines = body.split(/\r?\n/);
  if (lines[lines.length - 1] === "") lines.pop();
  lines.forEach((line, i) => {
    if (isBlankLine(line)) {
      issues.push({ code: "blank_line", line: i + 1, path: [], message: BLANK_LINE_MESSAGE });
      return;
    }
    try {
      const value: unknown = JSON.parse(line);
      if (typeof value !== "object" || value === null)
        throw new Error(`the JSON value ${describe(value)} is no OTLP export`);
      docs.push({ value: value as Document["value"], line: i + 1 });
    } catch (error) {
      const message = `not an OTLP/JSON export (${(error as Error).message}); the line is skipped`;
      firstError ??= `line ${i + 1}: ${message}`;
      issues.push({ code: "invalid_document", line: i + 1, path: [], message });
    }
  });
  if (docs.length === 0) {
    throw new TypeError(
      `${fn}: the input is not OTLP/JSON: ${firstError ?? wholeError?.message} (as one document: ${wholeError?.message})`,
    );
  }
  return docs;
}

/**
 * The documents of any accepted input. Bytes whose first non-blank byte is `{` or `[` are
 * UTF-8 JSON; other bytes are binary protobuf of `kind`.
 */
export function readDocuments(
  input: OtlpTracesInput | unknown,
  kind: "traces" | "metrics",
  fn: string,
  issues: ReadIssue[],
): Document[] {
  if (typeof input === "string") return parseJsonText(input, fn, issues);
  let bytes: Uint8Array | undefined;
  if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  if (bytes !== undefined) {
    if (bytes.length === 0)
      throw new TypeError(`${fn}: the input is empty (0 bytes); expected OTLP/JSON or OTLP protobuf`);
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      throw new TypeError(`${fn}: the input is gzip-compressed (Content-Encoding: gzip); decompress it first`);
    }
    let i = 0;
    if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) i = 3;
    while (i < bytes.length && (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)) i++;
    if (bytes[i] === 0x7b || bytes[i] === 0x5b) {
      // A protobuf export starts with 0x0a (field 1, length-delimited), which is also a JSON
      // newline, and its length byte may be "{" or "[": JSON is tried first, protobuf after.
      try {
        let text: string;
        try {
          text = utf8.decode(bytes);
        } catch {
          throw new TypeError(`${fn}: the input starts like JSON but is not valid UTF-8`);
        }
        const jsonIssues: ReadIssue[] = [];
        const docs = parseJsonText(text, fn, jsonIssues);
        issues.push(...jsonIssues);
        return docs;
      } catch (jsonError) {
        if (bytes[0] !== 0x0a) throw jsonError;
        try {
          return protobufDocuments(bytes, kind, fn);
        } catch {
          throw jsonError;
        }
      }
    }
    return protobufDocuments(bytes, kind, fn);
  }
  if (Array.isArray(input) || isObject(input)) return [{ value: input as Document["value"] }];
  throw new TypeError(
    `${fn}: expected OTLP as an object, an array, JSON text or bytes, received ${input === null ? "null" : typeof input}`,
  );
}

function protobufDocuments(bytes: Uint8Array, kind: "traces" | "metrics", fn: string): Document[] {
  const decoded = decodeOtlpProtobuf(bytes, kind, fn);
  const list = kind === "traces" ? decoded.resourceSpans : decoded.resourceMetrics;
  if (!Array.isArray(list) || list.length === 0) {
    throw new TypeError(
      `${fn}: ${bytes.length} bytes decode as protobuf but hold no ${kind === "traces" ? "resourceSpans" : "resourceMetrics"}; not an OTLP ${kind} export`,
    );
  }
  return [{ value: decoded }];
}

// ---------------------------------------------------------------------------------------------
// Values

/** base64 (or base64url) of `bytes` bytes, padded or not; a scan, no backtracking regex. */
function isBase64Id(value: string, bytes: number): boolean {
  let end = value.length;
  while (end > 0 && value.charCodeAt(end - 1) === 0x3d) end--;
  if (value.length - end > 2 || end !== Math.ceil((bytes * 4) / 3)) return false;
  return /^[A-Za-z0-9+/_-]+$/.test(value.slice(0, end));
}

/** A trace or span id: hex (OTLP/JSON) or base64 (protobuf JSON mapping, binary protobuf). */
export function readId(value: unknown, bytes: 16 | 8): string {
  if (typeof value !== "string") throw new Error(`expected an id string, received ${describe(value)}`);
  const hexLength = bytes * 2;
  let hex: string;
  if (value.length === hexLength && /^[0-9a-fA-F]+$/.test(value)) {
    hex = value.toLowerCase();
  } else if (isBase64Id(value, bytes)) {
    const raw = Buffer.from(value.replace(/-/g, "+").replace(/_/g, "/"), "base64");
    if (raw.length !== bytes) throw new Error(`${describe(value)} is not a ${bytes}-byte id`);
    hex = raw.toString("hex");
  } else {
    throw new Error(
      `expected a ${bytes}-byte id as ${hexLength} hex digits (OTLP/JSON) or base64 (protobuf JSON), received ${describe(value)}`,
    );
  }
  if (/^0+$/.test(hex)) throw new Error(`the all-zero ${bytes === 16 ? "trace" : "span"} id is invalid`);
  return hex;
}

/** Unsigned 64-bit nanoseconds from a decimal string, a number or a bigint; `imprecise` for a JSON number past 2^53. */
export function readNanos(value: unknown): { nanos: bigint; imprecise: boolean } {
  let nanos: bigint;
  let imprecise = false;
  if (typeof value === "bigint") nanos = value;
  else if (typeof value === "string" && /^\d+$/.test(value)) nanos = BigInt(value);
  else if (typeof value === "number" && Number.isInteger(value) && value >= 0) {
    imprecise = !Number.isSafeInteger(value);
    nanos = BigInt(value);
  } else throw new Error(`expected nanoseconds since the Unix epoch as a decimal string, received ${describe(value)}`);
  if (nanos > U64_MAX) throw new Error(`${nanos} is outside the unsigned 64-bit range of OTLP times`);
  return { nanos, imprecise };
}

const ANY_VALUE_MEMBERS = [
  "stringValue",
  "boolValue",
  "intValue",
  "doubleValue",
  "bytesValue",
  "arrayValue",
  "kvlistValue",
] as const;
type AnyValueMember = (typeof ANY_VALUE_MEMBERS)[number];
/** Both spellings of each AnyValue member (proto3 JSON name and proto field name). */
const ANY_VALUE_KEYS = new Map<string, AnyValueMember>(
  ANY_VALUE_MEMBERS.flatMap((m) => [[m, m] as const, [snakeOf(m), m] as const]),
);

/** An AnyValue's int64 (a decimal string, or a safe-integer JSON number). */
function readInt64(raw: unknown): bigint {
  let int: bigint;
  if (typeof raw === "string" && /^-?\d+$/.test(raw)) int = BigInt(raw);
  else if (typeof raw === "number" && Number.isSafeInteger(raw)) int = BigInt(raw);
  else if (typeof raw === "number" && Number.isInteger(raw)) {
    throw new Error(`intValue ${raw} is a JSON number beyond 2^53 − 1 whose digits are already lost`);
  } else throw new Error(`intValue: expected an int64 as a decimal string, received ${describe(raw)}`);
  if (int < I64_MIN || int > I64_MAX) throw new Error(`intValue ${int} is outside the int64 range`);
  return int;
}

/** An AnyValue's double: proto3 JSON writes NaN and the infinities as strings and accepts numeric strings. */
function readDouble(raw: unknown): number {
  if (typeof raw === "number") return raw;
  if (raw === "NaN") return Number.NaN;
  if (raw === "Infinity") return Number.POSITIVE_INFINITY;
  if (raw === "-Infinity") return Number.NEGATIVE_INFINITY;
  if (typeof raw === "string" && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  throw new Error(`doubleValue: expected a number, received ${describe(raw)}`);
}

/** An AnyValue; throws an Error (message without place) when it is malformed. */
export function readAnyValue(value: unknown, depth = 0): OtelValue {
  if (value === undefined || value === null) return { type: "empty" };
  if (depth > 64) throw new Error("values nested deeper than 64 levels");
  if (!isObject(value)) throw new Error(`expected an AnyValue object, received ${describe(value)}`);
  let which: AnyValueMember | undefined;
  let raw: unknown;
  for (const key in value) {
    const member = ANY_VALUE_KEYS.get(key);
    const v = value[key];
    if (member === undefined || v === undefined || v === null) continue;
    if (which !== undefined && which !== member)
      throw new Error(`an AnyValue holds one value, but ${which} and ${member} are set`);
    which = member;
    raw = v;
  }
  if (which === undefined) return { type: "empty" };
  switch (which) {
    case "stringValue":
      if (typeof raw !== "string") throw new Error(`stringValue: expected a string, received ${describe(raw)}`);
      return { type: "string", value: raw };
    case "boolValue":
      if (typeof raw !== "boolean") throw new Error(`boolValue: expected a boolean, received ${describe(raw)}`);
      return { type: "bool", value: raw };
    case "intValue":
      return { type: "int", value: readInt64(raw) };
    case "doubleValue":
      return { type: "double", value: readDouble(raw) };
    case "bytesValue":
      if (typeof raw !== "string") throw new Error(`bytesValue: expected base64 text, received ${describe(raw)}`);
      return { type: "bytes", value: raw };
    case "arrayValue": {
      if (!isObject(raw)) throw new Error(`arrayValue: expected an object with "values", received ${describe(raw)}`);
      const values = get(raw, "values") ?? [];
      if (!Array.isArray(values)) throw new Error(`arrayValue.values: expected an array, received ${describe(values)}`);
      return { type: "array", value: values.map((v) => readAnyValue(v, depth + 1)) };
    }
    case "kvlistValue": {
      if (!isObject(raw)) throw new Error(`kvlistValue: expected an object with "values", received ${describe(raw)}`);
      const out = new Map<string, OtelValue>();
      const values = get(raw, "values") ?? [];
      if (!Array.isArray(values))
        throw new Error(`kvlistValue.values: expected an array, received ${describe(values)}`);
      for (const kv of values) {
        if (!isObject(kv) || typeof get(kv, "key") !== "string") throw new Error(`kvlistValue: expected {key, value}`);
        out.set(get(kv, "key") as string, readAnyValue(get(kv, "value"), depth + 1));
      }
      return { type: "kvlist", value: out };
    }
  }
}

/**
 * A KeyValue list as a map. A malformed entry is left out with an `invalid_attribute` issue
 * (built by `issue`); a key given twice keeps its last value, with an issue (OTLP keys are unique).
 */
export function readAttributes(
  list: unknown,
  place: Place,
  issue: (attribute: string | undefined, place: Place, message: string) => void,
): OtelAttributeMap {
  const out = new Map<string, OtelValue>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) {
    issue(
      undefined,
      place,
      `expected an array of {key, value}, received ${describe(list)}; the attributes are ignored`,
    );
    return out;
  }
  list.forEach((entry: unknown, i) => {
    const key = isObject(entry) ? get(entry, "key") : undefined;
    if (typeof key !== "string") {
      issue(
        undefined,
        placeAt(place, i),
        `expected {key, value} with a string key, received ${describe(entry)}; the entry is ignored`,
      );
      return;
    }
    try {
      const value = readAnyValue(get(entry as Record<string, unknown>, "value"));
      if (out.has(key)) {
        issue(key, placeAt(place, i), `attribute ${key} appears twice (OTLP keys are unique); the last value is kept`);
      }
      out.set(key, value);
    } catch (error) {
      issue(key, placeAt(place, i), `attribute ${key}: ${(error as Error).message}; the attribute is ignored`);
    }
  });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Spans

function readStatus(value: unknown): { code: 0 | 1 | 2; message: string | undefined } {
  if (!isObject(value)) return { code: 0, message: undefined };
  let code = get(value, "code") ?? 0;
  // Enum names are valid proto3 JSON too.
  if (code === "STATUS_CODE_UNSET") code = 0;
  if (code === "STATUS_CODE_OK") code = 1;
  if (code === "STATUS_CODE_ERROR") code = 2;
  if (code !== 0 && code !== 1 && code !== 2)
    throw new Error(`status.code: expected 0, 1 or 2, received ${describe(code)}`);
  const message = get(value, "message");
  return { code, message: typeof message === "string" && message !== "" ? message : undefined };
}

interface SpanContext {
  readonly resource: OtelAttributeMap;
  /** The place of the span's resource; undefined for a bare span without one. */
  readonly resourcePlace: Place | undefined;
  readonly scopeName: string;
  readonly scopeVersion: string;
}

/** Why a span cannot be read: the OTLP field (`member`) and the reason. */
class SpanSkip extends Error {
  constructor(
    readonly member: string,
    message: string,
  ) {
    super(message);
  }
}

/** A field read by `read`, its Error turned into a SpanSkip naming the field. */
function spanField<T>(value: Record<string, unknown>, member: string, read: (raw: unknown) => T): T {
  try {
    return read(get(value, member));
  } catch (error) {
    throw new SpanSkip(member, (error as Error).message);
  }
}

/** parentSpanId; empty, unset or the all-zero id (which some converters write) is a root span. */
function parentIdOf(value: Record<string, unknown>): string | undefined {
  const raw = get(value, "parentSpanId");
  if (raw === undefined || raw === "") return undefined;
  try {
    return readId(raw, 8);
  } catch (error) {
    if (/all-zero/.test((error as Error).message)) return undefined;
    throw new SpanSkip("parentSpanId", (error as Error).message);
  }
}

/** Start and end; 0 (unset) or an end before the start cannot be read. `imprecise(member)` reports a time past 2^53 sent as a JSON number. */
function spanTimes(
  value: Record<string, unknown>,
  imprecise: (member: string) => void,
): { startNanos: bigint; endNanos: bigint } {
  const time = (member: "startTimeUnixNano" | "endTimeUnixNano") => {
    const read = spanField(value, member, readNanos);
    if (read.nanos === 0n) throw new SpanSkip(member, "0 means unset; the span has no time");
    if (read.imprecise) imprecise(member);
    return read.nanos;
  };
  const startNanos = time("startTimeUnixNano");
  const endNanos = time("endTimeUnixNano");
  if (endNanos < startNanos) {
    throw new SpanSkip("endTimeUnixNano", `the span ends (${endNanos}) before it starts (${startNanos})`);
  }
  return { startNanos, endNanos };
}

type AttributeIssue = (attribute: string | undefined, place: Place, message: string) => void;

/**
 * The span's events (name and attributes); a list that is not an array, or an event that is not
 * an object, is reported through `attrIssue` (attribute `events`) and left out.
 */
function spanEvents(
  value: Record<string, unknown>,
  place: Place,
  attrIssue: AttributeIssue,
): { name: string; attributes: OtelAttributeMap }[] {
  const list = arrayField(value, "events", place, (at, message) => attrIssue("events", at, message));
  return list.items.flatMap((event: unknown, i) => {
    if (!isObject(event)) {
      attrIssue(
        "events",
        placeAt(list.place, i),
        `expected a span event object, received ${describe(event)}; it is left out`,
      );
      return [];
    }
    const name = get(event, "name");
    return [
      {
        name: typeof name === "string" ? name : "",
        attributes: readAttributes(
          get(event, "attributes"),
          placeAt(list.place, i, keyOf(event, "attributes")),
          attrIssue,
        ),
      },
    ];
  });
}

function readSpan(value: unknown, ctx: SpanContext, place: Place, issues: ReadIssue[]): SpanRecord | undefined {
  if (!isObject(value)) {
    issues.push({
      code: "invalid_span",
      ...placeAt(place),
      message: `expected a span object, received ${describe(value)}; it is skipped`,
    });
    return undefined;
  }
  const name = typeof get(value, "name") === "string" ? (get(value, "name") as string) : "";
  let traceId: string | undefined;
  let spanId: string | undefined;
  try {
    traceId = spanField(value, "traceId", (raw) => readId(raw, 16));
    spanId = spanField(value, "spanId", (raw) => readId(raw, 8));
    const ids = { traceId, spanId, spanName: name };
    const parentSpanId = parentIdOf(value);
    const times = spanTimes(value, (member) =>
      issues.push({
        code: "coerced_value",
        ...placeAt(place, keyOf(value, member)),
        ...ids,
        attribute: member,
        message: `${member} is a JSON number beyond 2^53, so its last digits may be lost; OTLP/JSON writes it as a decimal string`,
      }),
    );
    const status = spanField(value, "status", readStatus);
    const attrIssue: AttributeIssue = (attribute, at, message) =>
      issues.push({
        code: "invalid_attribute",
        ...placeAt(at),
        ...ids,
        ...(attribute === undefined ? {} : { attribute }),
        message,
      });
    return {
      place,
      resourcePlace: ctx.resourcePlace,
      scopeName: ctx.scopeName,
      scopeVersion: ctx.scopeVersion,
      traceId,
      spanId,
      parentSpanId,
      name,
      ...times,
      attributes: readAttributes(get(value, "attributes"), placeAt(place, keyOf(value, "attributes")), attrIssue),
      resource: ctx.resource,
      events: spanEvents(value, place, attrIssue),
      statusCode: status.code,
      statusMessage: status.message,
    };
  } catch (error) {
    if (!(error instanceof SpanSkip)) throw error;
    issues.push(skipIssue(error, place, { traceId, spanId, spanName: name }));
    return undefined;
  }
}

/** The `invalid_span` issue of a span that cannot be read, with the ids read before the problem. */
function skipIssue(
  skip: SpanSkip,
  place: Place,
  span: { traceId: string | undefined; spanId: string | undefined; spanName: string },
): ReadIssue {
  return {
    code: "invalid_span",
    ...placeAt(place),
    ...(span.traceId === undefined ? {} : { traceId: span.traceId }),
    ...(span.spanId === undefined ? {} : { spanId: span.spanId }),
    spanName: span.spanName,
    attribute: skip.member,
    message: `${skip.member}: ${skip.message}; the span is skipped`,
  };
}

function scopeOf(ss: Record<string, unknown>): { name: string; version: string } {
  const scope = get(ss, "scope") ?? get(ss, "instrumentationLibrary");
  if (!isObject(scope)) return { name: "", version: "" };
  const name = get(scope, "name");
  const version = get(scope, "version");
  return { name: typeof name === "string" ? name : "", version: typeof version === "string" ? version : "" };
}

/**
 * The array in `object[camel]` (unset: empty) and the place of its items; anything else is
 * reported (`report(place, message)`) and read as empty.
 */
export function arrayField(
  object: Record<string, unknown>,
  camel: string,
  place: Place,
  report: (at: Place, message: string) => void,
): { items: readonly unknown[]; place: Place } {
  const value = get(object, camel);
  const at = placeAt(place, keyOf(object, camel));
  if (value === undefined) return { items: [], place: at };
  if (!Array.isArray(value)) {
    report(at, `expected an array, received ${describe(value)}; it is skipped`);
    return { items: [], place: at };
  }
  return { items: value, place: at };
}

/** `arrayField`'s report as an `invalid_document` issue. */
const documentIssue =
  (issues: ReadIssue[]) =>
  (at: Place, message: string): void => {
    issues.push({ code: "invalid_document", ...at, message });
  };

function readResourceSpans(rs: unknown, place: Place, out: SpanRecord[], issues: ReadIssue[]): void {
  if (!isObject(rs)) {
    issues.push({
      code: "invalid_document",
      ...placeAt(place),
      message: `expected an object, received ${describe(rs)}`,
    });
    return;
  }
  const resourceValue = get(rs, "resource");
  const resourcePlace = placeAt(place, keyOf(rs, "resource"));
  const resource = isObject(resourceValue)
    ? readAttributes(
        get(resourceValue, "attributes"),
        placeAt(resourcePlace, keyOf(resourceValue, "attributes")),
        (attribute, at, message) =>
          issues.push({
            code: "invalid_attribute",
            ...placeAt(at),
            ...(attribute === undefined ? {} : { attribute }),
            message,
          }),
      )
    : new Map<string, OtelValue>();
  // OTLP before 0.15 (2022) named scopeSpans "instrumentationLibrarySpans"; old files still carry it.
  const scopeKey =
    get(rs, "scopeSpans") === undefined && get(rs, "instrumentationLibrarySpans") !== undefined
      ? "instrumentationLibrarySpans"
      : "scopeSpans";
  const scopes = arrayField(rs, scopeKey, place, documentIssue(issues));
  scopes.items.forEach((ss, j) => {
    const ssPlace = placeAt(scopes.place, j);
    if (!isObject(ss)) {
      issues.push({ code: "invalid_document", ...ssPlace, message: "expected an object" });
      return;
    }
    readScopeSpans(ss, ssPlace, { resource, resourcePlace }, { spans: out, issues });
  });
}

/** The spans of one ScopeSpans object, at paths inside it. */
function readScopeSpans(
  ss: Record<string, unknown>,
  place: Place,
  resource: Pick<SpanContext, "resource" | "resourcePlace">,
  found: { readonly spans: SpanRecord[]; readonly issues: ReadIssue[] },
): void {
  const scope = scopeOf(ss);
  const ctx = { ...resource, scopeName: scope.name, scopeVersion: scope.version };
  const spans = arrayField(ss, "spans", place, documentIssue(found.issues));
  spans.items.forEach((span, k) => {
    const record = readSpan(span, ctx, placeAt(spans.place, k), found.issues);
    if (record !== undefined) found.spans.push(record);
  });
}

/** A bare scopeSpans object or span has no resource. */
const NO_RESOURCE = { resource: new Map<string, OtelValue>(), resourcePlace: undefined };

/** Why a value that is not OTLP trace data is skipped. */
function notTracesMessage(value: unknown, shape: Shape): string {
  if (shape === "metrics" || shape === "logs") {
    return `OTLP ${shape}, not traces${shape === "metrics" ? " (read it with metricsFromOtlp)" : ""}`;
  }
  const keys = isObject(value) ? Object.keys(value).slice(0, 5).join(", ") : describe(value);
  return `no OTLP trace data (expected resourceSpans, scopeSpans or spans; found ${keys || "nothing"})`;
}

/**
 * Every span of an OTLP trace input, in input order, and the issues met. Throws a TypeError
 * naming `fn` when the input holds no OTLP trace data at all (not JSON, not protobuf, JSON
 * without resourceSpans, OTLP metrics or logs). O(input size).
 */
export function readOtlpSpans(input: unknown, fn: string): { spans: SpanRecord[]; issues: ReadIssue[] } {
  const issues: ReadIssue[] = [];
  const spans: SpanRecord[] = [];
  let recognized = 0;
  const unknownMessages: string[] = [];
  // `place` is the value's own: the document's root, or an item of a top-level array.
  const visit = (value: unknown, place: Place): void => {
    const shape = shapeOf(value);
    switch (shape) {
      case "traces": {
        recognized++;
        const list = arrayField(value as Record<string, unknown>, "resourceSpans", place, documentIssue(issues));
        list.items.forEach((rs, i) => {
          readResourceSpans(rs, placeAt(list.place, i), spans, issues);
        });
        return;
      }
      case "resourceSpans":
        recognized++;
        readResourceSpans(value, place, spans, issues);
        return;
      case "scopeSpans":
        recognized++;
        readScopeSpans(value as Record<string, unknown>, place, NO_RESOURCE, { spans, issues });
        return;
      case "span": {
        recognized++;
        const ctx = { ...NO_RESOURCE, scopeName: "", scopeVersion: "" };
        const record = readSpan(value, ctx, place, issues);
        if (record !== undefined) spans.push(record);
        return;
      }
      case "empty":
        recognized++;
        return;
      default: {
        const message = notTracesMessage(value, shape);
        unknownMessages.push(`${placeText(place)}: ${message}`);
        issues.push({ code: "invalid_document", ...placeAt(place), message: `${message}; it is skipped` });
      }
    }
  };
  for (const doc of readDocuments(input, "traces", fn, issues)) {
    const root: Place = doc.line === undefined ? { path: [] } : { line: doc.line, path: [] };
    if (Array.isArray(doc.value)) {
      if (doc.value.length === 0) recognized++;
      doc.value.forEach((item, i) => {
        visit(item, placeAt(root, i));
      });
    } else {
      visit(doc.value, root);
    }
  }
  if (recognized === 0) {
    throw new TypeError(`${fn}: the input is not OTLP trace data: ${unknownMessages[0] ?? "nothing was found"}`);
  }
  return { spans, issues };
}
