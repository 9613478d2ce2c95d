import { canonicalTimestamp, TIMESTAMP_PATTERN } from "../../core/timestamp.js";

/*
 * OTLP/JSON trace data as the OpenTelemetry Collector's file exporter and OTLP/HTTP JSON write
 * it (opentelemetry-proto docs/specification.md, "JSON Protobuf Encoding"): proto3 JSON with
 * lowerCamelCase keys, `traceId`/`spanId` as case-insensitive hex (not base64), enums as
 * integers, 64-bit integers as decimal strings (numbers are accepted when decoding), and
 * unknown fields ignored.
 */

/** An OTLP `AnyValue`: at most one member set. `intValue` is an int64, a decimal string in JSON. */
export interface OtlpAnyValue {
  readonly stringValue?: string | null;
  readonly boolValue?: boolean | null;
  readonly intValue?: string | number | null;
  readonly doubleValue?: number | string | null;
  readonly bytesValue?: string | null;
  readonly arrayValue?: { readonly values?: readonly OtlpAnyValue[] | null } | null;
  readonly kvlistValue?: { readonly values?: readonly OtlpKeyValue[] | null } | null;
}

/** An OTLP attribute: `{ "key": "gen_ai.request.model", "value": { "stringValue": "gpt-4o" } }`. */
export interface OtlpKeyValue {
  readonly key: string;
  readonly value?: OtlpAnyValue | null;
}

/** Span status; `code` 0 = unset, 1 = ok, 2 = error. */
export interface OtlpStatus {
  readonly code?: number | null;
  readonly message?: string | null;
}

export interface OtlpSpanEvent {
  readonly name?: string | null;
  readonly timeUnixNano?: string | number | null;
  readonly attributes?: readonly OtlpKeyValue[] | null;
}

export interface OtlpSpan {
  /** 32 hex digits. */
  readonly traceId: string;
  /** 16 hex digits. */
  readonly spanId: string;
  /** 16 hex digits, or empty/absent for a root span. */
  readonly parentSpanId?: string | null;
  readonly name?: string | null;
  readonly kind?: number | null;
  /** Nanoseconds since the Unix epoch: a decimal string (a number only below 2^53). */
  readonly startTimeUnixNano: string | number;
  readonly endTimeUnixNano: string | number;
  readonly attributes?: readonly OtlpKeyValue[] | null;
  readonly events?: readonly OtlpSpanEvent[] | null;
  readonly status?: OtlpStatus | null;
}

export interface OtlpScopeSpans {
  readonly scope?: { readonly name?: string | null; readonly version?: string | null } | null;
  readonly spans?: readonly OtlpSpan[] | null;
  readonly schemaUrl?: string | null;
}

export interface OtlpResourceSpans {
  readonly resource?: { readonly attributes?: readonly OtlpKeyValue[] | null } | null;
  readonly scopeSpans?: readonly OtlpScopeSpans[] | null;
  readonly schemaUrl?: string | null;
}

/** One OTLP/JSON trace export (`TracesData`, the same shape as `ExportTraceServiceRequest`). */
export interface OtlpTracesData {
  readonly resourceSpans?: readonly OtlpResourceSpans[] | null;
}

/**
 * What the OTLP readers take: one export object, several (an array), or text — one JSON
 * document, or JSON Lines with one export per line as the collector's file exporter writes.
 */
export type OtlpTracesInput = OtlpTracesData | readonly OtlpTracesData[] | string;

/** An attribute value read from OTLP/JSON, with its OTLP type kept. */
export type OtelValue =
  | { readonly type: "string"; readonly value: string }
  | { readonly type: "bool"; readonly value: boolean }
  | { readonly type: "int"; readonly value: bigint }
  | { readonly type: "double"; readonly value: number }
  | { readonly type: "bytes"; readonly value: string }
  | { readonly type: "array"; readonly value: readonly OtelValue[] }
  | { readonly type: "kvlist"; readonly value: ReadonlyMap<string, OtelValue> }
  | { readonly type: "empty" };

export type OtelAttributeMap = ReadonlyMap<string, OtelValue>;

/** A span read from OTLP/JSON: ids in lower case, times as bigint nanoseconds. */
export interface SpanRecord {
  /** Where the span sits in the input, for messages: `resourceSpans[0].scopeSpans[0].spans[3]`. */
  readonly path: string;
  readonly traceId: string;
  readonly spanId: string;
  readonly parentSpanId: string | undefined;
  readonly name: string;
  readonly startNanos: bigint;
  readonly endNanos: bigint;
  readonly attributes: OtelAttributeMap;
  readonly resource: OtelAttributeMap;
  readonly events: readonly { readonly name: string; readonly attributes: OtelAttributeMap }[];
  readonly statusCode: 0 | 1 | 2;
  readonly statusMessage: string | undefined;
}

const U64_MAX = 18_446_744_073_709_551_615n;
const I64_MIN = -9_223_372_036_854_775_808n;
const I64_MAX = 9_223_372_036_854_775_807n;
const NANOS_PER_SECOND = 1_000_000_000n;
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

function fail(fn: string, path: string, message: string): never {
  throw new TypeError(`${fn}: ${path ? `${path}: ` : ""}${message}`);
}

function show(value: unknown): string {
  if (typeof value === "bigint") return `${value}n`;
  const text = JSON.stringify(value);
  return text === undefined ? String(value) : text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** proto3 JSON: a `null` member means "not set". */
function member(object: Record<string, unknown>, key: string): unknown {
  const value = Object.hasOwn(object, key) ? object[key] : undefined;
  return value === null ? undefined : value;
}

function optionalArray(object: Record<string, unknown>, key: string, fn: string, path: string): readonly unknown[] {
  const value = member(object, key);
  if (value === undefined) return [];
  if (!Array.isArray(value)) fail(fn, `${path}.${key}`, `expected an array, received ${show(value)}`);
  return value;
}

/**
 * A trace id as OTLP/JSON writes it: 32 hex digits in any case, not all zero (the W3C Trace
 * Context and OTel's invalid id). Returns the lower-case form.
 */
export function normalizeTraceId(value: unknown, fn: string, path: string): string {
  if (typeof value !== "string" || !TRACE_ID.test(value)) {
    fail(
      fn,
      path,
      `expected a trace id of 32 hex digits (OTLP/JSON writes ids as hex, not base64), received ${show(value)}`,
    );
  }
  if (/^0+$/.test(value)) fail(fn, path, "the all-zero trace id is invalid");
  return value.toLowerCase();
}

/** A span id: 16 hex digits in any case, not all zero. Returns the lower-case form. */
export function normalizeSpanId(value: unknown, fn: string, path: string): string {
  if (typeof value !== "string" || !SPAN_ID.test(value)) {
    fail(
      fn,
      path,
      `expected a span id of 16 hex digits (OTLP/JSON writes ids as hex, not base64), received ${show(value)}`,
    );
  }
  if (/^0+$/.test(value)) fail(fn, path, "the all-zero span id is invalid");
  return value.toLowerCase();
}

/** An unsigned 64-bit nanosecond count from a decimal string, a safe-integer number or a bigint. */
export function readUnixNanos(value: unknown, fn: string, path: string): bigint {
  let nanos: bigint;
  if (typeof value === "bigint") {
    nanos = value;
  } else if (typeof value === "string" && /^\d+$/.test(value)) {
    nanos = BigInt(value);
  } else if (typeof value === "number" && Number.isInteger(value)) {
    if (!Number.isSafeInteger(value)) {
      fail(
        fn,
        path,
        `${value} is a JSON number beyond 2^53 − 1, so its last digits are already lost; OTLP/JSON writes 64-bit integers as decimal strings`,
      );
    }
    nanos = BigInt(value);
  } else {
    fail(fn, path, `expected nanoseconds since the Unix epoch as a decimal string, received ${show(value)}`);
  }
  if (nanos < 0n || nanos > U64_MAX) {
    fail(fn, path, `${nanos} is outside the unsigned 64-bit range of OTLP times`);
  }
  return nanos;
}

/**
 * The RFC 3339 timestamp of a count of nanoseconds since the Unix epoch, in the canonical form
 * the hub writes (UTC `Z`, 0/3/6/9 fraction digits). Method: whole seconds and the nanosecond
 * remainder are split with BigInt arithmetic, so all nine digits survive (a JS `Date` keeps
 * three). Accepts a bigint, a decimal string (OTLP/JSON's `…UnixNano`) or a safe-integer
 * number. O(1).
 */
export function unixNanosToTimestamp(nanos: bigint | string | number): string {
  const ns = readUnixNanos(nanos, "unixNanosToTimestamp", "");
  const seconds = ns / NANOS_PER_SECOND;
  const fraction = ns % NANOS_PER_SECOND;
  const whole = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
  const text = fraction === 0n ? `${whole}Z` : `${whole}.${fraction.toString().padStart(9, "0")}Z`;
  return canonicalTimestamp(text);
}

/**
 * Nanoseconds since the Unix epoch of an RFC 3339 timestamp, exactly (all fraction digits,
 * offsets converted; a leap second `…:60` counts as the first second of the next minute, as
 * chrono's `timestamp_nanos` does). Times before 1970 are rejected: OTLP times are unsigned.
 * O(1).
 */
export function timestampToUnixNanos(timestamp: string): bigint {
  if (typeof timestamp !== "string" || !TIMESTAMP_PATTERN.test(timestamp)) {
    throw new RangeError(
      `timestampToUnixNanos: expected an RFC 3339 timestamp with an offset, received ${show(timestamp)}`,
    );
  }
  const canonical = canonicalTimestamp(timestamp);
  const match = /^(.*T\d\d:\d\d:)(\d\d)(?:\.(\d+))?Z$/.exec(canonical);
  const leap = match?.[2] === "60";
  const ms = match ? Date.parse(`${match[1]}${leap ? "59" : match[2]}Z`) : Number.NaN;
  if (!match || Number.isNaN(ms)) {
    throw new RangeError(`timestampToUnixNanos: ${timestamp} is outside the range OTLP times can carry`);
  }
  const fraction = BigInt((match[3] ?? "").padEnd(9, "0"));
  const nanos = BigInt(ms / 1000) * NANOS_PER_SECOND + (leap ? NANOS_PER_SECOND : 0n) + fraction;
  if (nanos < 0n) {
    throw new RangeError(`timestampToUnixNanos: ${timestamp} is before the Unix epoch; OTLP times are unsigned`);
  }
  if (nanos > U64_MAX) {
    throw new RangeError(`timestampToUnixNanos: ${timestamp} is beyond the unsigned 64-bit nanoseconds of OTLP`);
  }
  return nanos;
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

function readAnyValue(value: unknown, fn: string, path: string): OtelValue {
  if (value === undefined || value === null) return { type: "empty" };
  if (!isObject(value)) fail(fn, path, `expected an AnyValue object, received ${show(value)}`);
  const set = ANY_VALUE_MEMBERS.filter((m) => member(value, m) !== undefined);
  if (set.length > 1) fail(fn, path, `an AnyValue holds one value, but ${set.join(" and ")} are both set`);
  const which = set[0];
  if (which === undefined) return { type: "empty" };
  const raw = member(value, which);
  const at = `${path}.${which}`;
  switch (which) {
    case "stringValue":
      if (typeof raw !== "string") fail(fn, at, `expected a string, received ${show(raw)}`);
      return { type: "string", value: raw };
    case "boolValue":
      if (typeof raw !== "boolean") fail(fn, at, `expected a boolean, received ${show(raw)}`);
      return { type: "bool", value: raw };
    case "intValue": {
      let int: bigint;
      if (typeof raw === "string" && /^-?\d+$/.test(raw)) int = BigInt(raw);
      else if (typeof raw === "number" && Number.isSafeInteger(raw)) int = BigInt(raw);
      else if (typeof raw === "number" && Number.isInteger(raw)) {
        fail(fn, at, `${raw} is a JSON number beyond 2^53 − 1 whose digits are already lost; write int64 as a string`);
      } else fail(fn, at, `expected an int64 as a decimal string, received ${show(raw)}`);
      if (int < I64_MIN || int > I64_MAX) fail(fn, at, `${int} is outside the int64 range`);
      return { type: "int", value: int };
    }
    case "doubleValue": {
      // proto3 JSON writes NaN and the infinities as strings and accepts numeric strings.
      if (typeof raw === "number") return { type: "double", value: raw };
      if (raw === "NaN") return { type: "double", value: Number.NaN };
      if (raw === "Infinity") return { type: "double", value: Number.POSITIVE_INFINITY };
      if (raw === "-Infinity") return { type: "double", value: Number.NEGATIVE_INFINITY };
      if (typeof raw === "string" && /^-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?$/.test(raw)) {
        return { type: "double", value: Number(raw) };
      }
      return fail(fn, at, `expected a double, received ${show(raw)}`);
    }
    case "bytesValue":
      if (typeof raw !== "string") fail(fn, at, `expected base64 text, received ${show(raw)}`);
      return { type: "bytes", value: raw };
    case "arrayValue": {
      if (!isObject(raw)) fail(fn, at, `expected an object with "values", received ${show(raw)}`);
      const values = optionalArray(raw, "values", fn, at);
      return { type: "array", value: values.map((v, i) => readAnyValue(v, fn, `${at}.values[${i}]`)) };
    }
    case "kvlistValue": {
      if (!isObject(raw)) fail(fn, at, `expected an object with "values", received ${show(raw)}`);
      return { type: "kvlist", value: readAttributeList(member(raw, "values"), fn, `${at}.values`) };
    }
  }
}

/** A list of OTLP KeyValue into a map; a key given twice is an error (OTLP requires unique keys). */
export function readAttributeList(list: unknown, fn: string, path: string): OtelAttributeMap {
  const out = new Map<string, OtelValue>();
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) fail(fn, path, `expected an array of {key, value}, received ${show(list)}`);
  list.forEach((entry: unknown, i) => {
    const at = `${path}[${i}]`;
    if (!isObject(entry)) fail(fn, at, `expected {key, value}, received ${show(entry)}`);
    const key = member(entry, "key");
    if (typeof key !== "string") fail(fn, `${at}.key`, `expected a string, received ${show(key)}`);
    if (out.has(key)) fail(fn, at, `attribute ${JSON.stringify(key)} appears twice; OTLP attribute keys are unique`);
    out.set(key, readAnyValue(member(entry, "value"), fn, `${at}.value`));
  });
  return out;
}

function readStatus(value: unknown, fn: string, path: string): { code: 0 | 1 | 2; message: string | undefined } {
  if (value === undefined || value === null) return { code: 0, message: undefined };
  if (!isObject(value)) fail(fn, path, `expected a status object, received ${show(value)}`);
  const code = member(value, "code") ?? 0;
  if (code !== 0 && code !== 1 && code !== 2) {
    fail(
      fn,
      `${path}.code`,
      `expected 0 (unset), 1 (ok) or 2 (error) — OTLP/JSON writes enums as integers — received ${show(code)}`,
    );
  }
  const message = member(value, "message");
  if (message !== undefined && typeof message !== "string") {
    fail(fn, `${path}.message`, `expected a string, received ${show(message)}`);
  }
  return { code, message: message === "" ? undefined : message };
}

function readSpan(value: unknown, resource: OtelAttributeMap, fn: string, path: string): SpanRecord {
  if (!isObject(value)) fail(fn, path, `expected a span object, received ${show(value)}`);
  const traceId = normalizeTraceId(member(value, "traceId"), fn, `${path}.traceId`);
  const spanId = normalizeSpanId(member(value, "spanId"), fn, `${path}.spanId`);
  const rawParent = member(value, "parentSpanId");
  const parentSpanId =
    rawParent === undefined || rawParent === "" ? undefined : normalizeSpanId(rawParent, fn, `${path}.parentSpanId`);
  const name = member(value, "name") ?? "";
  if (typeof name !== "string") fail(fn, `${path}.name`, `expected a string, received ${show(name)}`);
  const startNanos = readUnixNanos(member(value, "startTimeUnixNano"), fn, `${path}.startTimeUnixNano`);
  const endNanos = readUnixNanos(member(value, "endTimeUnixNano"), fn, `${path}.endTimeUnixNano`);
  if (startNanos === 0n) fail(fn, `${path}.startTimeUnixNano`, "the span has no start time (0 means unset)");
  if (endNanos === 0n) fail(fn, `${path}.endTimeUnixNano`, "the span has no end time (0 means unset)");
  if (endNanos < startNanos) {
    fail(fn, path, `the span ends (${endNanos}) before it starts (${startNanos})`);
  }
  const attributes = readAttributeList(member(value, "attributes"), fn, `${path}.attributes`);
  const events = optionalArray(value, "events", fn, path).map((event, i) => {
    const at = `${path}.events[${i}]`;
    if (!isObject(event)) fail(fn, at, `expected a span event object, received ${show(event)}`);
    const eventName = member(event, "name") ?? "";
    if (typeof eventName !== "string") fail(fn, `${at}.name`, `expected a string, received ${show(eventName)}`);
    return { name: eventName, attributes: readAttributeList(member(event, "attributes"), fn, `${at}.attributes`) };
  });
  const status = readStatus(member(value, "status"), fn, `${path}.status`);
  return {
    path,
    traceId,
    spanId,
    parentSpanId,
    name,
    startNanos,
    endNanos,
    attributes,
    resource,
    events,
    statusCode: status.code,
    statusMessage: status.message,
  };
}

function readExport(value: unknown, fn: string, prefix: string): SpanRecord[] {
  if (!isObject(value))
    fail(fn, prefix, `expected an OTLP/JSON export object with "resourceSpans", received ${show(value)}`);
  const at = (p: string) => (prefix ? `${prefix}.${p}` : p);
  const out: SpanRecord[] = [];
  optionalArray(value, "resourceSpans", fn, prefix || "(input)").forEach((rs, i) => {
    const rsPath = at(`resourceSpans[${i}]`);
    if (!isObject(rs)) fail(fn, rsPath, `expected an object, received ${show(rs)}`);
    const resourceValue = member(rs, "resource");
    if (resourceValue !== undefined && !isObject(resourceValue)) {
      fail(fn, `${rsPath}.resource`, `expected an object, received ${show(resourceValue)}`);
    }
    const resource = readAttributeList(
      resourceValue === undefined ? undefined : member(resourceValue, "attributes"),
      fn,
      `${rsPath}.resource.attributes`,
    );
    // OTLP before 0.15 (2022) named scopeSpans "instrumentationLibrarySpans"; old files still carry it.
    const scopeKey =
      member(rs, "scopeSpans") === undefined && member(rs, "instrumentationLibrarySpans") !== undefined
        ? "instrumentationLibrarySpans"
        : "scopeSpans";
    optionalArray(rs, scopeKey, fn, rsPath).forEach((ss, j) => {
      const ssPath = `${rsPath}.${scopeKey}[${j}]`;
      if (!isObject(ss)) fail(fn, ssPath, `expected an object, received ${show(ss)}`);
      optionalArray(ss, "spans", fn, ssPath).forEach((span, k) => {
        out.push(readSpan(span, resource, fn, `${ssPath}.spans[${k}]`));
      });
    });
  });
  return out;
}

/**
 * Every span of an OTLP/JSON trace input, in document order, validated and normalized.
 * Method: one pass over the documents; O(total attributes). Errors name the function and the
 * path of the broken member.
 */
export function readOtlpSpans(input: OtlpTracesInput, fn: string): SpanRecord[] {
  if (typeof input === "string") {
    let whole: unknown;
    let wholeError: unknown;
    try {
      whole = JSON.parse(input);
    } catch (e) {
      wholeError = e;
    }
    if (wholeError === undefined) return readParsed(whole, fn);
    // JSON Lines: one export per non-blank line, as the collector's file exporter writes.
    const out: SpanRecord[] = [];
    input.split(/\r?\n/).forEach((line, i) => {
      if (line.trim() === "") return;
      let doc: unknown;
      try {
        doc = JSON.parse(line);
      } catch (e) {
        fail(fn, `line ${i + 1}`, `not JSON (${(e as Error).message}); expected one OTLP/JSON export per line`);
      }
      out.push(...readExport(doc, fn, `line ${i + 1}`));
    });
    return out;
  }
  return readParsed(input, fn);
}

function readParsed(value: unknown, fn: string): SpanRecord[] {
  if (Array.isArray(value)) return value.flatMap((doc, i) => readExport(doc, fn, `[${i}]`));
  return readExport(value, fn, "");
}
