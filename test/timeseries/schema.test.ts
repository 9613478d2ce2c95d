import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { jsonSchemaOf } from "../../src/json-schema/generate.js";
import {
  DEFAULT_INDEX_CONFIG,
  DEFAULT_RETENTION_POLICY,
  type FieldSet,
  fieldSetKindOf,
  IndexConfig,
  RetentionPolicy,
  TimeSeriesPoint,
  TimeSeriesQuery,
  TimeSeriesResult,
} from "../../src/timeseries/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

const point = (fields: string, tags = '{"source_module": "llm-observatory", "environment": "production"}') =>
  `{"measurement": "m", "timestamp": "2025-06-03T14:22:05Z", "tags": ${tags}, "fields": ${fields}}`;

describe("FieldSet and FieldValue accept what the hub accepts (WIRE_FORMAT.md §2.4, §5.5)", () => {
  it.each([
    ['{"latency_ms": null, "x": 1}', "a null named Performance field is None"],
    ['{"threat_count": null, "x": 1}', "Security reads the null; Performance would put it in its f64 map"],
    ['{"error_count": -1}', "a negative count fails Performance (u64) and lands in Security's custom map"],
    ['{"error_count": 2.5, "threat_count": 1.5}', "fails Performance and Security, read as Cost"],
    [
      '{"latency_ms": 1, "latency_ms": 2}',
      "a repeated named field fails Performance; Security takes it as a map entry",
    ],
    ['{"a": "x", "a": "y"}', "a repeated Generic key: last value wins"],
    ['{"error_count": 2.0}', "2.0 is no u64 for the hub, so Security reads it"],
    ["{}", "an empty field set"],
  ])("accepts %s (%s)", (fields) => {
    expect(decode(TimeSeriesPoint, point(fields)).error?.issues ?? []).toEqual([]);
  });
  it.each([
    [
      '{"latency_ms": null, "threat_count": null}',
      "each structured set rejects the other's null, Generic rejects null",
    ],
    ['{"x": null}', "FieldValue has no null"],
    ['{"a": "x", "latency_ms": null}', "a string rules out the structured sets, the null rules out Generic"],
    ['{"x": [1]}', "arrays are not field values"],
    ["[]", "an array is not a field set"],
  ])("rejects %s (%s)", (fields) => {
    expect(decode(TimeSeriesPoint, point(fields)).success).toBe(false);
  });
  it("rejects a repeated named tag but accepts a repeated custom tag (last wins)", () => {
    const dup = '{"source_module": "a", "environment": "b", "region": "x", "region": "y"}';
    expect(decode(TimeSeriesPoint, point("{}", dup)).success).toBe(false);
    const custom = decode(
      TimeSeriesPoint,
      point("{}", '{"source_module": "a", "environment": "b", "t": "1", "t": "2"}'),
    );
    expect(custom.data?.tags).toEqual({ source_module: "a", environment: "b", t: "2" });
  });
  it("keeps every value: integers stay integers, custom tags and keys stay where they were", () => {
    const parsed = decode(
      TimeSeriesPoint,
      point('{"retries": 2, "finish_reason": "length", "cache_hit": false, "latency_ms": 1290.0}'),
    );
    expect(parsed.data?.fields).toEqual({ retries: 2, finish_reason: "length", cache_hit: false, latency_ms: 1290 });
    // The hub writes "retries": 2.0; this library writes the integer it read.
    expect(JSON.stringify(parsed.data?.fields)).toContain('"retries":2,');
  });
});

describe("fieldSetKindOf follows the hub's untagged resolution order", () => {
  it("reads WIRE_FORMAT.md §5.5's examples", () => {
    expect(fieldSetKindOf({ threat_count: 3 })).toBe("performance");
    expect(fieldSetKindOf({ error_count: 2.5 })).toBe("security");
    expect(fieldSetKindOf({ error_count: 2.5, threat_count: 1.5 })).toBe("cost");
    expect(fieldSetKindOf({ error_count: 2.5, threat_count: 1.5, cost_usd: null })).toBe("cost");
    expect(fieldSetKindOf({ error_count: 2.5, threat_count: 1.5, utilization_percent: null, cost_usd: 1.5 })).toBe(
      "cost",
    );
    expect(fieldSetKindOf({ error_count: 1.5, threat_count: 1.5, cost_usd: "x" } as FieldSet)).toBe("generic");
    expect(fieldSetKindOf({ error_count: 1.5, threat_count: 1.5, token_cost: 0.5, violation_count: null })).toBe(
      "governance",
    );
    expect(fieldSetKindOf({ finish_reason: "stop" })).toBe("generic");
    expect(() => fieldSetKindOf({ x: null } as unknown as FieldSet)).toThrow('fieldSetKindOf: field "x" is null');
  });
});

describe("the hub's defaults (WIRE_FORMAT.md §3)", () => {
  it("RetentionPolicy::default and IndexConfig::default, frozen and valid", () => {
    expect(DEFAULT_RETENTION_POLICY).toEqual({
      name: "default",
      full_resolution_days: 7,
      downsample_configs: [
        { after_days: 7, resolution_minutes: 5 },
        { after_days: 30, resolution_minutes: 60 },
        { after_days: 90, resolution_minutes: 1440 },
      ],
      max_retention_days: 365,
      shard_duration_hours: 24,
    });
    expect(DEFAULT_INDEX_CONFIG).toEqual({
      measurement: "",
      indexed_tags: ["source_module", "environment", "model_id"],
      shard_keys: ["source_module", "environment"],
      time_partitioning: true,
      partition_interval_hours: 24,
    });
    expect(Object.isFrozen(DEFAULT_RETENTION_POLICY.downsample_configs[0])).toBe(true);
    expect(RetentionPolicy.parse(DEFAULT_RETENTION_POLICY)).toEqual(DEFAULT_RETENTION_POLICY);
    expect(IndexConfig.parse(DEFAULT_INDEX_CONFIG)).toEqual(DEFAULT_INDEX_CONFIG);
    // The hub's own default fixture reads back to the same values.
    const fixture = FIXTURES.find((f) => f.file === "accept/retention-policy-default-values.json");
    expect(decode(RetentionPolicy, fixtureText(fixture as NonNullable<typeof fixture>)).data).toEqual(
      DEFAULT_RETENTION_POLICY,
    );
  });
});

describe("TimeSeriesQuery fields", () => {
  it("fills defaulted lists and maps, rejects their null, and reads fill null as none", () => {
    const q = TimeSeriesQuery.parse({
      measurement: "m",
      time_range: { start: "2025-06-03T00:00:00Z", end: "2025-06-04T00:00:00Z" },
      fill: null,
    });
    expect(q).toMatchObject({ tag_filters: {}, select_fields: [], group_by: [], fill: null });
    expect(TimeSeriesQuery.safeParse({ ...q, group_by: null }).success).toBe(false);
    expect(TimeSeriesQuery.safeParse({ ...q, fill: "null" }).data?.fill).toBe("null");
    expect(TimeSeriesQuery.safeParse({ ...q, fill: { value: 1, x: 2 } }).success).toBe(false);
    expect(
      TimeSeriesQuery.safeParse({ ...q, aggregation: { function: { percentile: 255 }, window: "x", fields: [] } })
        .success,
    ).toBe(true);
  });
  it("requires TimeSeries.tags and rejects null values in results", () => {
    const meta = { execution_time_ms: 1, point_count: 0, series_count: 1, truncated: false };
    expect(TimeSeriesResult.safeParse({ measurement: "m", series: [{ points: [] }], metadata: meta }).success).toBe(
      false,
    );
    expect(TimeSeriesResult.parse({ measurement: "m", series: [], metadata: meta }).metadata.warnings).toEqual([]);
  });
});

describe("the published JSON Schemas give the fixtures the hub's verdict (Ajv, draft 2020-12)", () => {
  const names = [
    "TimeSeriesPoint",
    "TimeSeriesBatch",
    "TimeSeriesQuery",
    "TimeSeriesResult",
    "RetentionPolicy",
    "IndexConfig",
    "ContinuousQuery",
  ] as const;
  const ajv = new Ajv2020({ allErrors: true, strict: false });
  for (const name of names) {
    it(name, () => {
      const validate = ajv.compile(jsonSchemaOf(name));
      const fixtures = FIXTURES.filter((f) => f.type === name);
      expect(fixtures.length).toBeGreaterThan(0);
      for (const f of fixtures) {
        expect(validate(JSON.parse(fixtureText(f))), `${f.file}: ${JSON.stringify(validate.errors)}`).toBe(
          f.expect === "accept",
        );
      }
    });
  }
});
