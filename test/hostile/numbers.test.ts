import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
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

  it("keeps -0 as -0 when reading; JSON.stringify writes it as 0 (numerically equal, sign lost)", () => {
    const value = data(latency("-0"))?.total_latency_ms;
    expect(Object.is(value, -0)).toBe(true);
    expect(JSON.stringify({ v: value })).toBe('{"v":0}');
    // An integer field reads "-0" as zero as well (an integer spelling, no fraction or exponent).
    expect(Object.is(data(tokens("-0"))?.prompt_tokens, -0)).toBe(true);
  });

  // Rule 3: the hub reads u64 up to 18446744073709551615; a JS number is exact only to 2^53 − 1.
  it("rejects 2^64 and 2^53 in a u64 with the precision reason, accepts 2^53 − 1", () => {
    for (const n of ["18446744073709551616", "18446744073709551615", "9007199254740992"]) {
      const r = decode(AnalyticsEvent, errorRate(n));
      expect(r.success).toBe(false);
      expect(r.error?.issues[0]?.message).toMatch(/beyond 2\^53 − 1 \(9007199254740991\): a JS number cannot hold it/);
    }
    expect(data(errorRate("9007199254740991"))?.total_requests).toBe(9007199254740991);
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
