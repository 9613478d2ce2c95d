import { describe, expect, it } from "vitest";
import * as z from "zod";
import { decode, findUnknownKeys, safeParseStrict } from "../../src/core/decode.js";
import { u32 } from "../../src/core/integers.js";
import { stringMap } from "../../src/core/maps.js";
import { AnalyticsEvent } from "../../src/events/index.js";

const Point = z.object({ name: z.string(), count: u32(), tags: stringMap().default(() => ({})) });

describe("decode", () => {
  it("returns safeParse's shape", () => {
    const ok = decode(Point, '{"name":"a","count":1}');
    expect(ok).toEqual({ success: true, data: { name: "a", count: 1, tags: {} } });
  });

  // WIRE_FORMAT.md §1 rule 12: a repeated struct field is rejected ("duplicate field `name`"),
  // a repeated map key is accepted with the last value winning, a repeated unknown key is ignored.
  it("rejects a repeated struct field, naming its path", () => {
    const result = decode(Point, '{"name":"a","count":1,"name":"b"}');
    expect(result.success).toBe(false);
    expect(result.error?.issues).toMatchObject([
      { code: "custom", path: ["name"], message: expect.stringContaining('duplicate field "name"') },
    ]);
  });

  it("accepts a repeated map key (last wins) and a repeated unknown key", () => {
    const result = decode(Point, '{"name":"a","count":1,"tags":{"k":"1","k":"2"},"x":1,"x":2}');
    expect(result).toEqual({ success: true, data: { name: "a", count: 1, tags: { k: "2" } } });
  });

  // Rule 3: 12.0 and 1e3 are floats on the wire and every integer field rejects them.
  it("rejects integers written as floats, only in integer fields", () => {
    expect(decode(Point, '{"name":"a","count":12.0}').error?.issues[0]).toMatchObject({
      path: ["count"],
      params: { reason: "float_for_integer" },
    });
    expect(decode(Point, '{"name":"a","count":1e3}').success).toBe(false);
    expect(decode(z.object({ x: z.number() }), '{"x":12.0}').success).toBe(true);
  });

  it("turns JSON syntax errors into an issue with line and column", () => {
    const result = decode(Point, '{"name":\n  "a",, }');
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({
      path: [],
      params: { reason: "invalid_json", line: 2, column: 7 },
    });
    expect(result.error?.issues[0]?.message).toMatch(/^Invalid JSON: expected a string key.* at line 2 column 7$/);
  });

  it("reports unknown keys with their paths in strict mode", () => {
    const text = JSON.stringify({
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-observatory",
      event_type: "telemetry",
      severity: "info",
      environment: "production",
      tags: { anything: "goes" },
      payload: {
        payload_type: "telemetry",
        data: { telemetry_type: "latency", model_id: "m", request_id: "r", total_latency_ms: 1, ttft: 120 },
      },
    });
    expect(decode(AnalyticsEvent, text).success).toBe(true);
    const strict = decode(AnalyticsEvent, text, { strict: true });
    expect(strict.error?.issues).toMatchObject([
      { code: "unrecognized_keys", keys: ["ttft"], path: ["payload", "data"] },
    ]);
  });
});

describe("findUnknownKeys and safeParseStrict", () => {
  it("list every key the schema does not read, maps excepted", () => {
    const value = { name: "a", count: 1, tags: { free: "x" }, extra: true };
    expect(findUnknownKeys(Point, value)).toEqual([["extra"]]);
    expect(safeParseStrict(Point, value).error?.issues).toMatchObject([{ code: "unrecognized_keys", keys: ["extra"] }]);
    expect(safeParseStrict(Point, { name: "a", count: 1 }).success).toBe(true);
  });
});
