import { timestampOfNanos } from "../../core/timestamp.js";
import { describe } from "../../stats/validate.js";
import type { Place } from "./read.js";

/*
 * OTLP trace data in the shapes it travels in (opentelemetry-proto docs/specification.md):
 * OTLP/JSON ("JSON Protobuf Encoding": lowerCamelCase keys, hex trace/span ids, enums as
 * integers, 64-bit integers as decimal strings — numbers accepted), the generic protobuf JSON
 * mapping (the original snake_case field names and base64 `bytes`, which proto3 JSON parsers
 * must also accept), and binary protobuf. These interfaces describe the camelCase form; the
 * readers accept every spelling.
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
 * What the OTLP readers take:
 * - a parsed export object (`{resourceSpans}` / `{resource_spans}`), an array of them, or a bare
 *   list of spans;
 * - text: one JSON document, or JSON Lines with one export per line (the collector's file
 *   exporter);
 * - bytes (`Uint8Array`, Node `Buffer`, `ArrayBuffer`): UTF-8 JSON as above, or a binary OTLP
 *   protobuf `ExportTraceServiceRequest` (an HTTP body with `Content-Type:
 *   application/x-protobuf`).
 */
export type OtlpTracesInput =
  | OtlpTracesData
  | readonly OtlpTracesData[]
  | readonly OtlpSpan[]
  | string
  | Uint8Array
  | ArrayBuffer;

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

/** A span read from OTLP: ids in lower-case hex, times as bigint nanoseconds. */
export interface SpanRecord {
  /** Where the span sits in the input: `{path: ["resourceSpans", 0, "scopeSpans", 0, "spans", 3]}`. */
  readonly place: Place;
  /** Where its resource sits (`[…, "resource"]`); undefined for a span read without one. */
  readonly resourcePlace: Place | undefined;
  /** The instrumentation scope (`@opentelemetry/instrumentation-openai`, …), or "". */
  readonly scopeName: string;
  readonly scopeVersion: string;
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
const TRACE_ID = /^[0-9a-fA-F]{32}$/;
const SPAN_ID = /^[0-9a-fA-F]{16}$/;

function fail(fn: string, path: string, message: string): never {
  throw new TypeError(`${fn}: ${path ? `${path}: ` : ""}${message}`);
}

const OTLP_IDS = {
  trace: { pattern: TRACE_ID, digits: 32 },
  span: { pattern: SPAN_ID, digits: 16 },
} as const;

/** A trace or span id as OTLP/JSON writes it: hex digits in any case, not all zero; the lower-case form. */
function normalizeId(value: unknown, kind: keyof typeof OTLP_IDS, fn: string, path: string): string {
  const { pattern, digits } = OTLP_IDS[kind];
  if (typeof value !== "string" || !pattern.test(value)) {
    fail(
      fn,
      path,
      `expected a ${kind} id of ${digits} hex digits (OTLP/JSON writes ids as hex, not base64), received ${describe(value)}`,
    );
  }
  if (/^0+$/.test(value)) fail(fn, path, `the all-zero ${kind} id is invalid`);
  return value.toLowerCase();
}

/**
 * A trace id as OTLP/JSON writes it: 32 hex digits in any case, not all zero (the W3C Trace
 * Context and OTel's invalid id). Returns the lower-case form.
 */
export function normalizeTraceId(value: unknown, fn: string, path: string): string {
  return normalizeId(value, "trace", fn, path);
}

/** A span id: 16 hex digits in any case, not all zero. Returns the lower-case form. */
export function normalizeSpanId(value: unknown, fn: string, path: string): string {
  return normalizeId(value, "span", fn, path);
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
    fail(fn, path, `expected nanoseconds since the Unix epoch as a decimal string, received ${describe(value)}`);
  }
  if (nanos < 0n || nanos > U64_MAX) {
    fail(fn, path, `${nanos} is outside the unsigned 64-bit range of OTLP times`);
  }
  return nanos;
}

/**
 * The RFC 3339 timestamp of a count of nanoseconds since the Unix epoch, in the canonical form
 * the hub writes (UTC `Z`, 0/3/6/9 fraction digits; core's `fromEpochNanos`, so all nine digits
 * survive). Accepts a bigint, a decimal string (OTLP/JSON's `…UnixNano`) or a safe-integer
 * number within OTLP's unsigned 64 bits. The inverse is core's `toEpochNanos`. O(1).
 */
export function unixNanosToTimestamp(nanos: bigint | string | number): string {
  return timestampOfNanos("unixNanosToTimestamp", readUnixNanos(nanos, "unixNanosToTimestamp", ""));
}
