import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CloudEvent, HTTP } from "cloudevents";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/index.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import {
  CLOUDEVENT_SOURCE_PREFIX,
  CLOUDEVENT_TYPE_PREFIX,
  cloudEventSource,
  cloudEventType,
  fromCloudEvent,
  toCloudEvent,
} from "../../src/interop/cloudevents.js";
import { eventsFromOtlpTraces } from "../../src/interop/otel.js";
import { schemaId } from "../../src/json-schema/index.js";
import { CONFORMANCE_DIR, FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { deepFreeze, otelFixture } from "./otel-helpers.js";

/** Every AnalyticsEvent document the Rust hub accepts (test/conformance/hub, copied from shared/conformance), parsed. */
const hubEvents = FIXTURES.filter((f) => f.type === "AnalyticsEvent" && f.expect === "accept").map((f) => {
  const read = decode(AnalyticsEvent, fixtureText(f));
  if (!read.success) throw new Error(`${f.file}: ${read.error.message}`);
  return [f.file, read.data] as const;
});

const otelEvents = eventsFromOtlpTraces(otelFixture("anthropic-node.jsonl"), {
  prices: { "claude-sonnet-4-20250514": { input: 3, cacheWrite: 3.75, cacheRead: 0.3, output: 15 } },
}).events;

const all = [...hubEvents, ...otelEvents.map((e) => [`otel ${e.event_id}`, e] as const)];

function hubFixture(name: string): AnalyticsEvent {
  return AnalyticsEvent.parse(JSON.parse(readFileSync(join(CONFORMANCE_DIR, "accept", name), "utf8")));
}

describe("toCloudEvent", () => {
  it("maps the context attributes (conformance fixture event-telemetry-latency-full)", () => {
    const event = hubFixture("event-telemetry-latency-full.json");
    const { data, ...attributes } = toCloudEvent(deepFreeze(event));
    expect(attributes).toEqual({
      specversion: "1.0",
      id: "b6efaabf-5a2c-456d-8514-873d3563d9a7",
      source: "urn:llm-analytics-hub:module:llm-observatory",
      type: "io.llm-analytics-hub.telemetry.latency",
      time: "2025-06-03T14:22:05.123Z",
      datacontenttype: "application/json",
      dataschema: "urn:llm-analytics-hub:schema:v1:AnalyticsEvent",
      correlationid: "a4442e15-5b96-4100-a05e-6ced0d94f085",
    });
    expect(data).toEqual(event);
  });

  it("writes causationid from parent_event_id and leaves out unset extensions", () => {
    const ce = toCloudEvent(hubFixture("event-telemetry-token-usage.json"));
    expect(ce.causationid).toBe("5a8854dd-7e0b-4812-bcda-9f0f38b7fd9a");
    expect("correlationid" in ce).toBe(false);
    // 09:41:27.318+09:00 is written in UTC, as the hub writes timestamps.
    expect(ce.time).toBe("2025-06-18T00:41:27.318Z");
    expect(ce.type).toBe("io.llm-analytics-hub.telemetry.token_usage");
  });

  it("uses only attribute names CloudEvents allows ([a-z0-9], spec.md §3.1.1) and the published $id", () => {
    for (const [file, event] of all) {
      const ce = toCloudEvent(event);
      for (const key of Object.keys(ce)) expect(key, file).toMatch(/^[a-z0-9]+$/);
      expect(ce.dataschema).toBe(schemaId("AnalyticsEvent"));
      expect(ce.source).toBe(`${CLOUDEVENT_SOURCE_PREFIX}${event.source_module}`);
      expect(ce.type.startsWith(`${CLOUDEVENT_TYPE_PREFIX}.${event.payload.payload_type}`)).toBe(true);
    }
  });

  it("names a type per payload variant", () => {
    const types = new Set(hubEvents.map(([, e]) => cloudEventType(e)));
    expect([...types].sort()).toEqual([
      "io.llm-analytics-hub.cost.api_cost",
      "io.llm-analytics-hub.cost.budget_alert",
      "io.llm-analytics-hub.cost.resource_consumption",
      "io.llm-analytics-hub.cost.token_cost",
      "io.llm-analytics-hub.custom",
      "io.llm-analytics-hub.governance.audit_trail",
      "io.llm-analytics-hub.governance.compliance_check",
      "io.llm-analytics-hub.governance.data_lineage",
      "io.llm-analytics-hub.governance.policy_violation",
      "io.llm-analytics-hub.security.auth",
      "io.llm-analytics-hub.security.compliance_violation",
      "io.llm-analytics-hub.security.privacy",
      "io.llm-analytics-hub.security.threat",
      "io.llm-analytics-hub.security.vulnerability",
      "io.llm-analytics-hub.telemetry.error_rate",
      "io.llm-analytics-hub.telemetry.latency",
      "io.llm-analytics-hub.telemetry.model_performance",
      "io.llm-analytics-hub.telemetry.throughput",
      "io.llm-analytics-hub.telemetry.token_usage",
    ]);
    expect(cloudEventSource("llm-cost-ops")).toBe("urn:llm-analytics-hub:module:llm-cost-ops");
  });

  it("rejects an invalid event, naming the function", () => {
    const event = hubFixture("event-telemetry-latency-full.json");
    expect(() => toCloudEvent({ ...event, severity: "WARNING" as "warning" })).toThrow(
      /^toCloudEvent: invalid AnalyticsEvent: severity: /,
    );
  });
});

describe("the cloudevents SDK (strict mode) and the round trip", () => {
  it.each(all)("%s: the SDK accepts it and fromCloudEvent restores the event exactly", (_file, event) => {
    const ce = toCloudEvent(event);
    const sdk = new CloudEvent(ce, true);
    expect(sdk.validate()).toBe(true);
    expect(fromCloudEvent(ce)).toEqual(event);
    expect(fromCloudEvent(JSON.stringify(ce))).toEqual(event);
    // The SDK writes `time` through Date#toISOString (milliseconds); the data keeps every digit.
    expect(fromCloudEvent(JSON.parse(JSON.stringify(sdk)))).toEqual(event);
    expect(fromCloudEvent(sdk)).toEqual(event);
  });

  it("survives the SDK's HTTP structured binding", () => {
    for (const [file, event] of all) {
      const message = HTTP.structured(new CloudEvent(toCloudEvent(event), true));
      expect(message.headers["content-type"], file).toContain("application/cloudevents+json");
      const received = HTTP.toEvent(message) as CloudEvent<unknown>;
      expect(fromCloudEvent(received), file).toEqual(event);
    }
  });

  it("keeps nanosecond timestamps from OTel spans in time and data", () => {
    const chat = otelEvents.find((e) => e.tags.span_id === "00f067aa0ba902b7");
    const ce = toCloudEvent(chat as AnalyticsEvent);
    // The span's end, endTimeUnixNano 1750000003987654321.
    expect(ce.time).toBe("2025-06-15T15:06:43.987654321Z");
    const nanos = hubEvents.find(([f]) => f.endsWith("event-timestamp-offset-plus-0545-nanos.json"))?.[1];
    // 15:45:00.123456789+05:45 is 10:00:00.123456789Z
    expect(toCloudEvent(nanos as AnalyticsEvent).time).toBe("2025-09-12T10:00:00.123456789Z");
  });
});

describe("fromCloudEvent", () => {
  const event = hubFixture("event-telemetry-latency-full.json");
  const ce = toCloudEvent(event);
  const { event_id: _id, correlation_id: _corr, ...anonymous } = event;

  it("fills event_id, correlation_id and parent_event_id from id, correlationid and causationid", () => {
    const filled = fromCloudEvent({
      ...ce,
      id: "{B6EFAABF-5A2C-456D-8514-873D3563D9A7}",
      causationid: "5a8854dd7e0b4812bcda9f0f38b7fd9a",
      data: anonymous,
    });
    expect(filled).toEqual({ ...event, parent_event_id: "5a8854dd-7e0b-4812-bcda-9f0f38b7fd9a" });
  });

  it("reads data_base64 holding the UTF-8 JSON of the event", () => {
    const { data, ...attributes } = ce;
    const base64 = Buffer.from(JSON.stringify(data), "utf8").toString("base64");
    expect(fromCloudEvent({ ...attributes, data_base64: base64 })).toEqual(event);
  });

  it("accepts a time that the SDK cut to milliseconds, and null for unset attributes", () => {
    const nanos = hubEvents.find(([f]) =>
      f.endsWith("event-timestamp-offset-plus-0545-nanos.json"),
    )?.[1] as AnalyticsEvent;
    const nanoCe = toCloudEvent(nanos);
    expect(fromCloudEvent({ ...nanoCe, time: "2025-09-12T10:00:00.123Z" })).toEqual(nanos);
    expect(() => fromCloudEvent({ ...nanoCe, time: "2025-09-12T10:00:00.124Z" })).toThrow(
      /^fromCloudEvent: time 2025-09-12T10:00:00.124Z is not the data's timestamp 2025-09-12T10:00:00.123456789Z$/,
    );
    expect(() => fromCloudEvent({ ...nanoCe, time: "2025-09-12T10:00:00.123457Z" })).toThrow(
      /is not the data's timestamp/,
    );
    expect(fromCloudEvent({ ...ce, time: null, dataschema: null, datacontenttype: null, causationid: null })).toEqual(
      event,
    );
    expect(fromCloudEvent({ ...ce, time: "2025-06-03T16:22:05.123+02:00" })).toEqual(event);
    expect(fromCloudEvent({ ...ce, datacontenttype: "application/json; charset=utf-8" })).toEqual(event);
  });

  it("rejects attributes that disagree with the data", () => {
    const bad = (patch: Record<string, unknown>) => () => fromCloudEvent({ ...ce, ...patch });
    expect(bad({ specversion: "0.3" })).toThrow(/^fromCloudEvent: specversion must be "1.0", received "0.3"$/);
    expect(bad({ id: "b6efaabf-5a2c-456d-8514-873d3563d9a8" })).toThrow(
      /^fromCloudEvent: id "b6efaabf-5a2c-456d-8514-873d3563d9a8" is not the data's event_id b6efaabf-5a2c-456d-8514-873d3563d9a7$/,
    );
    expect(bad({ source: "urn:llm-analytics-hub:module:llm-sentinel" })).toThrow(
      /source "urn:llm-analytics-hub:module:llm-sentinel" does not match source_module: expected urn:llm-analytics-hub:module:llm-observatory/,
    );
    expect(bad({ type: "io.llm-analytics-hub.telemetry.throughput" })).toThrow(
      /type "io.llm-analytics-hub.telemetry.throughput" does not match the payload: expected io.llm-analytics-hub.telemetry.latency/,
    );
    expect(bad({ correlationid: "5a8854dd-7e0b-4812-bcda-9f0f38b7fd9a" })).toThrow(
      /correlationid 5a8854dd-7e0b-4812-bcda-9f0f38b7fd9a is not the data's correlation_id a4442e15/,
    );
    expect(bad({ correlationid: "txn-abc-123" })).toThrow(/correlationid "txn-abc-123" is not a UUID/);
    expect(bad({ data: { ...event, correlation_id: null } })).toThrow(
      /correlationid is a4442e15-5b96-4100-a05e-6ced0d94f085 but the data's correlation_id is null/,
    );
    expect(bad({ dataschema: "https://example.com/other.json" })).toThrow(
      /dataschema must be urn:llm-analytics-hub:schema:v1:AnalyticsEvent/,
    );
    expect(bad({ datacontenttype: "text/plain" })).toThrow(/datacontenttype must declare JSON/);
    expect(bad({ time: "June 3rd" })).toThrow(/time "June 3rd" is not an RFC 3339 timestamp/);
    expect(bad({ data_base64: "e30=" })).toThrow(/data and data_base64 are both set/);
    expect(bad({ data: undefined })).toThrow(/^fromCloudEvent: the CloudEvent has no data$/);
    expect(bad({ data: { ...event, severity: "fatal" } })).toThrow(
      /^fromCloudEvent: not a hub CloudEvent: data\.severity: /,
    );
    expect(bad({ data: anonymous, id: "A234-1234-1234" })).toThrow(/id "A234-1234-1234" is not a UUID/);
    expect(() => fromCloudEvent({ ...ce, data: undefined, data_base64: "!!!" })).toThrow(/data_base64 is not base64/);
    expect(() => fromCloudEvent({ ...ce, data: undefined, data_base64: "//79" })).toThrow(
      /does not hold UTF-8 JSON text/,
    );
    expect(() => fromCloudEvent(42)).toThrow(/^fromCloudEvent: not a hub CloudEvent: /);
  });

  it("reads JSON text as the hub would: a duplicated field is an error", () => {
    const text = JSON.stringify(ce).replace('"severity":"info"', '"severity":"info","severity":"debug"');
    expect(() => fromCloudEvent(text)).toThrow(
      /^fromCloudEvent: not a hub CloudEvent: data\.severity: duplicate field "severity"/,
    );
  });
});
