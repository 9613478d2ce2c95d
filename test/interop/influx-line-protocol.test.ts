/*
 * Expected lines and values come from InfluxDB's line protocol reference and tutorial (1.x):
 * docs-v2 content/influxdb/v1/write_protocols/line_protocol_reference.md and
 * line_protocol_tutorial.md ("Special characters and keywords"), and the v2 reference's
 * "Special Characters" table. Their escaping behaviour was also checked against influxd 1.6.
 */
import { describe, expect, it } from "vitest";
import { parseLineProtocol, toLineProtocol } from "../../src/interop/influx.js";
import { TimeSeriesPoint as PointSchema, type TimeSeriesPoint } from "../../src/timeseries/index.js";

// 1465839830100400200 ns is 2016-06-13T17:43:50.1004002Z (the tutorial says so).
const T = "2016-06-13T17:43:50.1004002Z";
const T_CANONICAL = "2016-06-13T17:43:50.100400200Z";

function weather(
  tags: Record<string, string>,
  fields: Record<string, number | string | boolean>,
  measurement = "weather",
) {
  return Object.freeze({
    measurement,
    timestamp: T,
    // Empty source_module/environment are left out of the line (InfluxDB has no empty tag values).
    tags: Object.freeze({ source_module: "", environment: "", ...tags }),
    fields: Object.freeze(fields),
  }) as TimeSeriesPoint;
}

describe("toLineProtocol writes the reference's escaping examples", () => {
  const cases: [string, TimeSeriesPoint][] = [
    [
      "weather,location=us\\,midwest temperature=82 1465839830100400200",
      weather({ location: "us,midwest" }, { temperature: 82 }),
    ],
    [
      "weather,location=us-midwest temp\\=rature=82 1465839830100400200",
      weather({ location: "us-midwest" }, { "temp=rature": 82 }),
    ],
    [
      "weather,location\\ place=us-midwest temperature=82 1465839830100400200",
      weather({ "location place": "us-midwest" }, { temperature: 82 }),
    ],
    [
      "wea\\,ther,location=us-midwest temperature=82 1465839830100400200",
      weather({ location: "us-midwest" }, { temperature: 82 }, "wea,ther"),
    ],
    [
      "wea\\ ther,location=us-midwest temperature=82 1465839830100400200",
      weather({ location: "us-midwest" }, { temperature: 82 }, "wea ther"),
    ],
    [
      'weather,location=us-midwest temperature="too\\"hot\\"" 1465839830100400200',
      weather({ location: "us-midwest" }, { temperature: 'too"hot"' }),
    ],
    [
      "we⛅️ther,location=us-midwest temper🔥ture=82 1465839830100400200",
      weather({ location: "us-midwest" }, { "temper🔥ture": 82 }, "we⛅️ther"),
    ],
    [
      'my\\ Measurement fieldKey="string value" 1465839830100400200',
      weather({}, { fieldKey: "string value" }, "my Measurement"),
    ],
    [
      'myMeasurement fieldKey="\\"string\\" within a string" 1465839830100400200',
      weather({}, { fieldKey: '"string" within a string' }, "myMeasurement"),
    ],
    [
      "myMeasurement,tag\\ Key1=tag\\ Value1,tag\\ Key2=tag\\ Value2 fieldKey=100 1465839830100400200",
      weather({ "tag Key1": "tag Value1", "tag Key2": "tag Value2" }, { fieldKey: 100 }, "myMeasurement"),
    ],
  ];
  it.each(cases)("%s", (line, p) => {
    expect(toLineProtocol(p)).toBe(line);
    expect(parseLineProtocol(line)).toEqual([{ ...p, timestamp: T_CANONICAL }]);
  });

  it("writes the reference's 'point with special characters' and reads it back", () => {
    // The reference writes it with a leading INSERT and no timestamp; here with one.
    const line =
      '"measurement\\ with\\ quo⚡️es\\ and\\ emoji",tag\\ key\\ with\\ sp🚀ces=tag\\,value\\,with"commas" field_k\\ey="string field value, only \\" need be esc🍭ped" 1465839830100400200';
    const [p] = parseLineProtocol(line);
    // "the measurement is "measurement with quo⚡️es and emoji", the tag key is tag key with sp🚀ces,
    // the tag value is tag,value,with"commas", the field key is field_k\ey and the field value is
    // string field value, only " need be esc🍭ped"
    expect(p?.measurement).toBe('"measurement with quo⚡️es and emoji"');
    expect(p?.tags).toEqual({ source_module: "", environment: "", "tag key with sp🚀ces": 'tag,value,with"commas"' });
    expect(p?.fields).toEqual({ "field_k\\ey": 'string field value, only " need be esc🍭ped' });
    expect(toLineProtocol(p as TimeSeriesPoint)).toBe(line);
  });
});

describe("parseLineProtocol reads the reference's data types and backslashes", () => {
  it("reads floats, integers, strings and booleans", () => {
    const text = [
      "mymeas value=-1.234456e+78 1",
      "mymeas value=1.0 2",
      "mymeas value=1 3",
      "mymeas value=1i 4",
      'mymeas value="stringing along" 5',
      "mymeas value=true 6",
      'mymeas value="true" 7',
      "mymeas value=1.e+78 8",
      "mymeas value=-12485903i 9",
    ].join("\n");
    expect(parseLineProtocol(text).map((p) => p.fields.value)).toEqual([
      -1.234456e78,
      1,
      1,
      1,
      "stringing along",
      true,
      "true",
      1e78,
      -12485903,
    ]);
  });
  it("reads every boolean spelling", () => {
    const spellings = ["t", "T", "true", "True", "TRUE", "f", "F", "false", "False", "FALSE"];
    const points = parseLineProtocol(spellings.map((b, i) => `m k=${b} ${i}`).join("\n"));
    expect(points.map((p) => p.fields.k)).toEqual([true, true, true, true, true, false, false, false, false, false]);
  });
  it("reads the tutorial's backslash table: \\ and \\\\ are one backslash, \\\\\\ and \\\\\\\\ two", () => {
    const text = String.raw`weather,location=us-midwest temperature_str="too hot/cold" 1465839830100400201
weather,location=us-midwest temperature_str="too hot\cold" 1465839830100400202
weather,location=us-midwest temperature_str="too hot\\cold" 1465839830100400203
weather,location=us-midwest temperature_str="too hot\\\cold" 1465839830100400204
weather,location=us-midwest temperature_str="too hot\\\\cold" 1465839830100400205
weather,location=us-midwest temperature_str="too hot\\\\\cold" 1465839830100400206`;
    expect(parseLineProtocol(text).map((p) => p.fields.temperature_str)).toEqual([
      "too hot/cold",
      String.raw`too hot\cold`,
      String.raw`too hot\cold`,
      String.raw`too hot\\cold`,
      String.raw`too hot\\cold`,
      String.raw`too hot\\\cold`,
    ]);
    // Writing escapes every backslash, so the text reads back to the same value.
    const p = parseLineProtocol(text)[5] as TimeSeriesPoint;
    expect(parseLineProtocol(toLineProtocol(p))[0]?.fields).toEqual(p.fields);
  });
  it("skips comments and blank lines, keeps nanoseconds, honours precision", () => {
    const points = parseLineProtocol(
      "# This is a comment\n\nweather,location=us-midwest temperature=82 1465839830100400200\r\n",
    );
    expect(points).toEqual([
      {
        measurement: "weather",
        timestamp: T_CANONICAL,
        tags: { source_module: "", environment: "", location: "us-midwest" },
        fields: { temperature: 82 },
      },
    ]);
    expect(parseLineProtocol("m v=1 1465839830", { precision: "s" })[0]?.timestamp).toBe("2016-06-13T17:43:50Z");
    expect(parseLineProtocol("m v=1", { defaultTimestamp: "2025-06-03T00:00:00+02:00" })[0]?.timestamp).toBe(
      "2025-06-02T22:00:00Z",
    );
  });
  it("gives every point a valid TagSet and FieldSet", () => {
    for (const p of parseLineProtocol('cpu,host=a,source_module=llm-sentinel,environment=prod v=1i,ok=true,s="x" 0')) {
      expect(PointSchema.parse(p)).toEqual(p);
      expect(p.tags).toEqual({ source_module: "llm-sentinel", environment: "prod", host: "a" });
    }
  });
  it("rejects what InfluxDB rejects, naming the line", () => {
    // The reference: double-quoting the timestamp gives "bad timestamp"; single quotes are not strings.
    expect(() => parseLineProtocol('mymeas value=9 "1466625759000000000"')).toThrow(
      /^parseLineProtocol: line 1: the timestamp "\\"1466625759000000000\\"" is not an integer/,
    );
    expect(() => parseLineProtocol("weather,location=us-midwest temperature='too warm'")).toThrow(
      /line 1: field "temperature" value "'too/,
    );
    expect(() => parseLineProtocol("m,t=a,t=b f=1 1")).toThrow("duplicate tags");
    expect(() => parseLineProtocol("ok v=1 1\nm f=1")).toThrow("line 2: the timestamp is missing");
    expect(() => parseLineProtocol('m f="open 1')).toThrow("unterminated string");
    expect(() => parseLineProtocol("m f=9223372036854775807i 1")).toThrow("beyond 2^53 − 1");
    expect(() => parseLineProtocol("m f=9223372036854775808i 1")).toThrow("out of the int64 range");
    expect(() => parseLineProtocol("m,t= f=1 1")).toThrow('tag "t" has no value');
    expect(() => parseLineProtocol("m 1")).toThrow("a field is not key=value");
  });
  it("keeps the last value of a repeated field, as InfluxDB does", () => {
    expect(parseLineProtocol("m f=1,f=2 1")[0]?.fields).toEqual({ f: 2 });
  });
});

describe("toLineProtocol options and preconditions", () => {
  const base: TimeSeriesPoint = {
    measurement: "llm_requests",
    timestamp: "2025-06-03T14:22:05.123Z",
    tags: { source_module: "llm-observatory", environment: "production", region: null, model_id: "gpt-4o-mini" },
    fields: {
      latency_ms: 842.7,
      error_count: 0,
      token_count: 2530,
      cached: false,
      finish_reason: "stop",
      throughput: null,
    },
  };
  it("writes sorted tags, skips null tags and fields, floats by default and integers on request", () => {
    expect(toLineProtocol(Object.freeze(base))).toBe(
      'llm_requests,environment=production,model_id=gpt-4o-mini,source_module=llm-observatory latency_ms=842.7,error_count=0,token_count=2530,cached=false,finish_reason="stop" 1748960525123000000',
    );
    expect(toLineProtocol(base, { integerFields: ["error_count", "token_count"], precision: "ms" })).toBe(
      'llm_requests,environment=production,model_id=gpt-4o-mini,source_module=llm-observatory latency_ms=842.7,error_count=0i,token_count=2530i,cached=false,finish_reason="stop" 1748960525123',
    );
  });
  it("times a leap second as chrono's timestamp_nanos_opt does (second 59 plus 1.5 s)", () => {
    // 2016-12-31T23:59:59Z is 1483228799 s (python3 calendar.timegm); chrono gives :60.5 a
    // subsecond of 1.5e9 ns. (It used to write …799999000000.)
    expect(
      toLineProtocol({ ...base, timestamp: "2016-12-31T23:59:60.5Z" })
        .split(" ")
        .at(-1),
    ).toBe("1483228800500000000");
  });
  it("joins several points with newlines", () => {
    expect(toLineProtocol([base, base]).split("\n")).toHaveLength(2);
  });
  it("refuses metadata unless told what to do with it", () => {
    const p = { ...base, metadata: { request_id: "r-1" } };
    expect(() => toLineProtocol(p)).toThrow(/point has metadata \("request_id"\).*metadata: "omit"/);
    expect(toLineProtocol(p, { metadata: "omit" })).toBe(toLineProtocol(base));
    expect(toLineProtocol(p, { metadata: "fields" })).toContain(',request_id="r-1" ');
  });
  it("refuses what line protocol cannot carry", () => {
    const bad = (over: Partial<TimeSeriesPoint>) => () => toLineProtocol({ ...base, ...over });
    expect(bad({ fields: {} })).toThrow("point has no field value");
    expect(bad({ fields: { latency_ms: null } })).toThrow("point has no field value");
    expect(bad({ measurement: "" })).toThrow("measurement is empty");
    expect(bad({ measurement: "#m" })).toThrow("comment line");
    expect(bad({ fields: { s: "a\nb" } })).toThrow("newline");
    expect(bad({ tags: { ...base.tags, t: "ends\\" } })).toThrow("backslash at its end");
    expect(bad({ tags: { ...base.tags, t: "a\\,b" } })).toThrow('backslash before ","');
    expect(bad({ fields: { time: 1 } })).toThrow('InfluxDB rejects "time" as a field key');
    expect(bad({ fields: { latency_ms: Number.NaN } })).toThrow(
      'toLineProtocol: point field "latency_ms" must be a finite number, received NaN',
    );
    expect(bad({ fields: { latency_ms: { v: 1 } as never } })).toThrow(
      'toLineProtocol: point field "latency_ms" must be a finite number, a string or a boolean, received {"v":1}',
    );
    expect(bad({ timestamp: "2300-01-01T00:00:00Z" })).toThrow("outside InfluxDB's range");
    expect(() => toLineProtocol(base, { integerFields: ["latency_ms"] })).toThrow("not a safe integer");
    expect(() => toLineProtocol(base, { precision: "s" })).toThrow("not a whole number of s");
  });
  it("keeps literal backslashes that InfluxDB keeps", () => {
    const p = weather({ path: "C:\\temp" }, { "field_k\\ey": "end\\" }, "m\\x");
    const line = toLineProtocol(p);
    expect(line).toBe('m\\x,path=C:\\temp field_k\\ey="end\\\\" 1465839830100400200');
    expect(parseLineProtocol(line)[0]).toEqual({ ...p, timestamp: T_CANONICAL });
  });
});
