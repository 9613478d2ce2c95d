import { describe, expect, it } from "vitest";
import { StreamEvent } from "../../src/api/schema.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { jsonText } from "../../src/core/json-writer.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

const latency = (total: string) =>
  eventText({
    data: `{"telemetry_type":"latency","model_id":"m","request_id":"r","total_latency_ms":${total}}`,
  });
const tokens = (prompt: string) =>
  eventText({
    data: `{"telemetry_type":"token_usage","model_id":"m","request_id":"r","prompt_tokens":${prompt},"completion_tokens":0,"total_tokens":0}`,
  });
const errorRate = (total: string) =>
  eventText({
    data: `{"telemetry_type":"error_rate","model_id":"m","total_requests":${total},"failed_requests":0,"error_rate_percent":0,"error_breakdown":{},"window_duration_seconds":60}`,
  });

function data(text: string): Record<string, unknown> | undefined {
  const r = decode(AnalyticsEvent, text);
  return r.success ? (r.data.payload.data as Record<string, unknown>) : undefined;
}

describe("numbers at and beyond the edges", () => {
  // WIRE_FORMAT.md §1 rule 4: numbers beyond the f64 range are rejected.
  it("rejects 1e400 (beyond f64) in the reader, and Infinity from JSON.parse in the schema", () => {
    const r = decode(AnalyticsEvent, latency("1e400"));
    expect(r.error?.issues[0]?.message).toMatch(/number out of range \(beyond the f64 range\)/);
    expect(decode(AnalyticsEvent, latency("-1e400")).success).toBe(false);
    const viaJsonParse = AnalyticsEvent.safeParse(JSON.parse(latency("1e400")));
    expect(viaJsonParse.success).toBe(false);
    expect(viaJsonParse.error?.issues[0]?.message).toBe("Invalid f64: expected a finite number, received Infinity");
  });

  it("accepts the largest and smallest doubles, and underflow to 0", () => {
    expect(data(latency("1.7976931348623157e308"))?.total_latency_ms).toBe(Number.MAX_VALUE);
    expect(data(latency("5e-324"))?.total_latency_ms).toBe(5e-324);
    expect(data(latency("1e-400"))?.total_latency_ms).toBe(0);
  });

  // WIRE_FORMAT.md §1b.3: serde_json reads the token -0 as the float -0.0.
  it("keeps -0 in an f64 and writes it -0.0 as the hub does; refuses it in an integer field", () => {
    const value = data(latency("-0"))?.total_latency_ms;
    expect(Object.is(value, -0)).toBe(true);
    expect(jsonText({ v: value })).toBe('{"v":-0.0}');
    expect(JSON.stringify({ v: value })).toBe('{"v":0}');
    const integer = decode(AnalyticsEvent, tokens("-0"));
    expect(integer.success).toBe(false);
    expect(integer.error?.issues[0]?.message).toMatch(/^Invalid u32: -0 is a float to the hub/);
    expect(decode(AnalyticsEvent, tokens("-0.0")).success).toBe(false);
    // JSON.parse keeps the sign too, so the schema alone refuses it.
    expect(AnalyticsEvent.safeParse(JSON.parse(tokens("-0"))).success).toBe(false);
  });

  // §1b.6: the hub reads u64 up to 18446744073709551615 and keeps it exactly; a JS number is exact
  // only to 2^53 − 1. Integer fields refuse what they cannot hold, saying why; beyond u64 the
  // number is a float to the hub too.
  it("refuses 2^64 − 1 and 2^53 + 1 in a u64 with the precision reason, accepts 2^53 − 1", () => {
    for (const n of ["18446744073709551615", "9007199254740993"]) {
      const r = decode(AnalyticsEvent, errorRate(n));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]).toMatchObject({
        path: ["payload", "data", "total_requests"],
        params: { reason: "integer_precision" },
      });
      expect(r.error?.issues[0]?.message).toMatch(
        new RegExp(`^Invalid u64: ${n} is beyond 2\\^53 − 1 \\(9007199254740991\\); the hub keeps it exactly`),
      );
    }
    const beyond = decode(AnalyticsEvent, errorRate("18446744073709551616"));
    expect(beyond.error?.issues[0]?.message).toMatch(/beyond 2\^53 − 1/);
    expect(data(errorRate("9007199254740991"))?.total_requests).toBe(9007199254740991);
  });

  it("keeps integers beyond 2^53 exactly in JSON values, as bigints written digit for digit", () => {
    const text = (n: string) =>
      `{"event_id":"e357d3ce-2fcc-47b9-848a-aaf4dcb0ba5a","event_type":"data","data":{"n":${n}},"sequence":1,"timestamp":"2025-08-27T21:30:00Z"}`;
    const schema = StreamEvent(JsonValue);
    for (const [n, kept] of [
      ["9007199254740993", 9007199254740993n],
      ["-9007199254740993", -9007199254740993n],
      ["18446744073709551615", 18446744073709551615n],
      ["-9223372036854775808", -9223372036854775808n],
      ["9007199254740991", 9007199254740991],
      // Beyond u64 and i64 serde_json reads an f64, as JSON.parse does.
      ["18446744073709551616", 2 ** 64],
      ["-9223372036854775809", -(2 ** 63)],
    ] as const) {
      const r = decode(schema, text(n));
      expect(r.success, n).toBe(true);
      const value = (r.data?.data as { n: unknown } | undefined)?.n;
      expect(value, n).toBe(kept);
      if (typeof kept === "bigint") expect(jsonText(r.data)).toContain(`"n":${n}`);
    }
  });

  it("reads 2^64 in an f64 as the nearest double, as the hub does", () => {
    expect(data(latency("18446744073709551616"))?.total_latency_ms).toBe(2 ** 64);
  });

  it("rejects integers spelled as floats and out-of-range integers, naming the rule", () => {
    expect(decode(AnalyticsEvent, tokens("12.0")).error?.issues[0]).toMatchObject({
      params: { reason: "float_for_integer" },
    });
    expect(decode(AnalyticsEvent, tokens("1e3")).success).toBe(false);
    expect(decode(AnalyticsEvent, tokens("4294967296")).error?.issues[0]?.message).toMatch(/u32 maximum/);
    expect(decode(AnalyticsEvent, tokens("-1")).error?.issues[0]?.message).toMatch(/cannot be negative/);
  });

  it("rejects number spellings JSON does not have", () => {
    for (const bad of ["NaN", "Infinity", "+1", "01", ".5", "1.", "0x10", "1e", "--1"]) {
      const r = decode(AnalyticsEvent, latency(bad));
      expect(r.success, bad).toBe(false);
      expect(r.error?.issues[0], bad).toMatchObject({ params: { reason: "invalid_json" } });
    }
  });
});
