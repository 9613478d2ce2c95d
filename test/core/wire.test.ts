import { describe, expect, it } from "vitest";
import * as z from "zod";
import { PaginationParams, StreamEvent } from "../../src/api/schema.js";
import { decode, decodeValue } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { JsonValue } from "../../src/core/json-value.js";
import { jsonText } from "../../src/core/json-writer.js";
import { stringMap } from "../../src/core/maps.js";
import { externalEnum, tagUnion } from "../../src/core/tagging.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { AggregatedMetric, MetricRollup, MetricType, MetricValues } from "../../src/metrics/schema.js";
import { TimeSeriesPoint, TimeSeriesQuery } from "../../src/timeseries/index.js";

/*
 * serde's reading beyond the object forms (WIRE_FORMAT.md §1b.2–§1b.5), with the verdicts and
 * values the spec states for the hub, and serde's source where the spec is silent
 * (serde_derive's seq visitor: `invalid_length` for a missing field without a default; serde's
 * ContentDeserializer::deserialize_unit: `Unit` or an empty map inside buffered content).
 */

const reasons = (r: { error?: { issues: readonly z.core.$ZodIssue[] } }) =>
  (r.error?.issues ?? []).map((i) => (i.code === "custom" ? (i.params as { reason?: string }).reason : i.code));

const EVENT = {
  event_id: "5d1554e0-ba0f-49cd-a468-052a14ccb02b",
  timestamp: "2025-09-10T12:00:00Z",
  source_module: "llm-registry",
  event_type: "lifecycle",
  severity: "info",
  environment: "production",
  payload: { payload_type: "custom", data: { custom_type: "model_deployed", data: null } },
};
const event = (patch: Record<string, unknown>) => JSON.stringify({ ...EVENT, ...patch });

describe("unit variants written as one-key maps", () => {
  it('reads {"name": null} as the variant, in plain and externally tagged enums', () => {
    expect(decode(PaginationParams, '{"sort_order": {"desc": null}}').data).toMatchObject({ sort_order: "desc" });
    const fill = decode(
      TimeSeriesQuery,
      JSON.stringify({
        measurement: "m",
        time_range: { start: "2025-06-01T00:00:00Z", end: "2025-06-02T00:00:00Z" },
        fill: { null: null },
        aggregation: { function: { median: null }, window: "1h", fields: [] },
      }),
    );
    expect(fill.data).toMatchObject({ fill: "null", aggregation: { function: "median" } });
  });

  it("refuses a non-null value, an unknown name, a second key and the name repeated", () => {
    expect(reasons(decode(PaginationParams, '{"sort_order": {"asc": true}}'))).toEqual(["unit_variant_value"]);
    expect(decode(PaginationParams, '{"sort_order": {"asc": 0}}').success).toBe(false);
    expect(decode(PaginationParams, '{"sort_order": {"up": null}}').success).toBe(false);
    expect(decode(PaginationParams, '{"sort_order": {"asc": null, "desc": null}}').success).toBe(false);
    expect(decode(PaginationParams, '{"sort_order": {"asc": null, "asc": null}}').success).toBe(false);
    expect(decode(PaginationParams, '{"sort_order": {}}').success).toBe(false);
  });

  // serde's ContentDeserializer::deserialize_unit takes an empty map: inside the buffered content of
  // a flattened struct or a tagged/untagged enum, `{"name": {}}` is the unit variant too.
  it("takes {} as the unit inside buffered content only", () => {
    expect(decode(AnalyticsEvent, event({ severity: { warning: {} } })).data?.severity).toBe("warning");
    expect(decode(PaginationParams, '{"sort_order": {"asc": {}}}').success).toBe(false);
    const threat = {
      ...EVENT,
      event_type: "security",
      payload: {
        payload_type: "security",
        data: {
          security_type: "threat",
          threat_id: "t",
          threat_type: { prompt_injection: {} },
          threat_level: { high: null },
          source_ip: null,
          target_resource: "r",
          attack_vector: "v",
          mitigation_status: { blocked: {} },
          indicators_of_compromise: [],
        },
      },
    };
    const read = decode(AnalyticsEvent, JSON.stringify(threat));
    expect(read.error?.issues ?? []).toEqual([]);
    expect(read.data?.payload.data).toMatchObject({
      threat_type: "prompt_injection",
      threat_level: "high",
      mitigation_status: "blocked",
    });
  });

  it("reads the adjacent tag as a unit map, and refuses it for an internal tag", () => {
    const custom = event({ payload: { payload_type: { custom: null }, data: { custom_type: "x", data: 1 } } });
    expect(decode(AnalyticsEvent, custom).data?.payload.payload_type).toBe("custom");
    const metric = '{"metric_type": {"gauge": null}, "name": "g", "value": 1, "timestamp": "2025-06-03T14:00:00Z"}';
    expect(decode(MetricType, metric).success).toBe(false);
  });
});

describe("structs written as arrays", () => {
  it("reads the fields in declaration order", () => {
    expect(decode(MetricRollup, '["one_minute", "one_hour", "avg", 7]').data).toEqual({
      source_window: "one_minute",
      target_window: "one_hour",
      aggregation: "avg",
      retention_days: 7,
    });
  });

  it("lets only trailing defaulted fields be left off; Options must be there (null)", () => {
    expect(decode(PaginationParams, "[2, 25, null, null]").data).toEqual({
      page: 2,
      per_page: 25,
      sort_by: null,
      sort_order: null,
    });
    expect(reasons(decode(PaginationParams, "[2, 25]"))).toContain("struct_length");
    expect(reasons(decode(MetricRollup, '["one_minute", "one_hour", "avg"]'))).toContain("struct_length");
    expect(reasons(decode(PaginationParams, '[2, 25, "ts", "asc", 1]'))).toEqual(["struct_length"]);
    expect(decode(PaginationParams, "[]").success).toBe(false);
  });

  it("reads an internally tagged enum as [tag, fields…] and an adjacent one as [tag, content]", () => {
    const counter = '["counter", "requests", 12, null, {}, "2025-06-03T14:30:00Z"]';
    expect(decode(MetricType, counter).data).toEqual({
      metric_type: "counter",
      name: "requests",
      value: 12,
      rate: null,
      tags: {},
      timestamp: "2025-06-03T14:30:00Z",
    });
    // The tag of the array form is an identifier: a string, not a unit map.
    expect(decode(MetricType, '[{"counter": null}, "r", 1, null, {}, "2025-06-03T14:30:00Z"]').success).toBe(false);
    const pair = event({ payload: ["custom", ["model_deployed", { a: 1 }]] });
    expect(decode(AnalyticsEvent, pair).data?.payload).toEqual({
      payload_type: "custom",
      data: { custom_type: "model_deployed", data: { a: 1 } },
    });
    expect(decode(AnalyticsEvent, event({ payload: ["custom"] })).success).toBe(false);
    expect(decode(AnalyticsEvent, event({ payload: ["custom", { custom_type: "x", data: 1 }, 3] })).success).toBe(
      false,
    );
    expect(decode(AnalyticsEvent, event({ payload: [{ custom: null }, { custom_type: "x", data: 1 }] })).success).toBe(
      false,
    );
  });

  it("refuses the array form for structs with a flattened field and untagged struct variants", () => {
    expect(decode(AnalyticsEvent, JSON.stringify(Object.values(EVENT))).success).toBe(false);
    const point = (tags: unknown, fields: unknown) =>
      JSON.stringify({ measurement: "m", timestamp: "2025-06-03T14:00:00Z", tags, fields });
    expect(decode(TimeSeriesPoint, point(["s", "e", null, null, null, null], {})).success).toBe(false);
    expect(decode(TimeSeriesPoint, point({ source_module: "s", environment: "e" }, [1])).success).toBe(false);
    const values = (v: unknown) =>
      JSON.stringify({
        name: "n",
        window: "one_hour",
        window_start: "2025-06-03T14:00:00Z",
        window_end: "2025-06-03T15:00:00Z",
        values: v,
      });
    expect(decode(AggregatedMetric, values([12744, 42.48])).success).toBe(false);
    // Stats is a newtype around a struct: its 9-element array reads.
    expect(decode(AggregatedMetric, values([1, 0, 2, 1, 2, 2, null, 3, 3])).data?.values).toMatchObject({
      count: 3,
      sum: 3,
    });
  });

  it("keeps float spellings and big integers at their array positions", () => {
    expect(reasons(decode(MetricRollup, '["one_minute", "one_hour", "avg", 7.0]'))).toEqual(["float_for_integer"]);
    // A u32 cannot hold 2^53 + 1 at all: out of range, as for the hub.
    expect(reasons(decode(MetricRollup, '["one_minute", "one_hour", "avg", 9007199254740993]'))).toEqual(["too_big"]);
  });
});

describe("repeated keys and duplicate fields", () => {
  it("checks every value of a repeated map key and keeps the last", () => {
    expect(decode(AnalyticsEvent, event({})).success).toBe(true);
    const tags = (inner: string) => event({}).replace('"tags":', "").replace("{", `{"tags": ${inner},`);
    expect(decode(AnalyticsEvent, tags('{"a": "x", "a": "y"}')).data?.tags).toEqual({ a: "y" });
    const bad = decode(AnalyticsEvent, tags('{"a": 0, "a": "y"}'));
    expect(reasons(bad)).toEqual(["repeated_key"]);
    expect(bad.error?.issues[0]?.path).toEqual(["tags", "a"]);
    expect(
      decode(
        StreamEvent(JsonValue),
        '{"event_id": "5d1554e0-ba0f-49cd-a468-052a14ccb02b", "event_type": "data", "data": {"k": 1, "k": [true]}, "sequence": 1, "timestamp": "2025-06-03T14:00:00Z"}',
      ).data?.data,
    ).toEqual({ k: [true] });
  });

  it("lets a duplicate field fail one untagged variant, and the next one read (§1b.5)", () => {
    expect(decode(MetricValues, '{"value": 12744, "rate": 42.48, "rate": 42.48}').data).toEqual({ value: 12744 });
    expect(decode(MetricValues, '{"value": 88, "rate": 1.5, "rate": 1.5, "delta": -3.5}').data).toEqual({
      value: 88,
      delta: -3.5,
    });
    expect(decode(MetricValues, '{"value": 12.0, "rate": 1}').data).toEqual({ value: 12 });
    // A key the library keeps but the hub's variant ignores is no field to serde: repeating it is fine.
    expect(decode(MetricValues, '{"value": 5, "rate": 2, "delta": 1, "delta": 2}').data).toEqual({
      value: 5,
      rate: 2,
      delta: 2,
    });
    const none = decode(MetricValues, '{"value": 12744, "value": 12744, "rate": 42.48}');
    expect(reasons(none)).toEqual(["duplicate_field"]);
  });

  it("keeps a value the hub's Gauge drops where keeping it cannot change the variant", () => {
    expect(decode(MetricValues, '{"value": 5.5, "rate": 2}').data).toEqual({ value: 5.5, rate: 2 });
  });
});

describe("integers beyond 2^53", () => {
  it("keeps them in JSON values, refuses them in integer fields, rounds them in f64 fields as the hub does", () => {
    // Written from a number, a whole value past 2^53 keeps its digits (JSON.stringify would not).
    expect(jsonText([2 ** 60, -(2 ** 63), 2 ** 64])).toBe(
      "[1152921504606846976,-9223372036854775808,18446744073709551616]",
    );
    expect(JSON.stringify([2 ** 60])).toBe("[1152921504606847000]");
    const stream = (data: string, sequence = "1") =>
      `{"event_id": "5d1554e0-ba0f-49cd-a468-052a14ccb02b", "event_type": "data", "data": ${data}, "sequence": ${sequence}, "timestamp": "2025-06-03T14:00:00Z"}`;
    const kept = decode(
      StreamEvent(JsonValue),
      stream("[9007199254740993, -9223372036854775808, 1152921504606846976]"),
    );
    expect(kept.data?.data).toEqual([9007199254740993n, -9223372036854775808n, 1152921504606846976n]);
    expect(jsonText(kept.data?.data)).toBe("[9007199254740993,-9223372036854775808,1152921504606846976]");
    const sequence = decode(StreamEvent(JsonValue), stream("null", "18446744073709551615"));
    expect(reasons(sequence)).toEqual(["integer_precision"]);
    expect(sequence.error?.issues[0]?.path).toEqual(["sequence"]);
    const gauge = decode(
      MetricType,
      '{"metric_type": "gauge", "name": "g", "value": 9007199254740993, "timestamp": "2025-06-03T14:00:00Z"}',
    );
    expect(gauge.data).toMatchObject({ value: 9007199254740992 });
  });
});

describe("decodeValue and the helpers' marks", () => {
  it("reads lenient forms in a parsed value", () => {
    expect(decodeValue(MetricRollup, JSON.parse('["one_minute", "one_hour", "avg", 7]')).success).toBe(true);
    expect(MetricRollup.safeParse(JSON.parse('["one_minute", "one_hour", "avg", 7]')).success).toBe(false);
  });

  it("applies to schemas built with core's helpers", () => {
    const Kind = externalEnum("Kind", ["a", "b"], "other", z.string());
    const Shape = tagUnion("Shape", "kind", {
      circle: z.object({ r: z.number(), tags: stringMap().default(() => ({})) }),
    });
    expect(decode(Kind, '{"b": null}').data).toBe("b");
    expect(decode(Kind, '{"other": "x"}').data).toEqual({ other: "x" });
    expect(decode(Shape, '["circle", 2]').data).toEqual({ kind: "circle", r: 2, tags: {} });
    expect(decode(Shape, '["circle", 2, {"a": "b"}]').data).toEqual({ kind: "circle", r: 2, tags: { a: "b" } });
  });

  it("reads no text facts from a plain value", () => {
    const read = readJsonText('{"a": 1, "a": 2}');
    expect(read.ok && read.facts.any).toBe(true);
    expect(readJsonText('{"a": 1}').ok && (readJsonText('{"a": 1}') as { facts: { any: boolean } }).facts.any).toBe(
      false,
    );
  });
});
