import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { CONFORMANCE_TYPES } from "../conformance/types.js";

// What a person reads from `decode` (issue 16, finding 6): the wording Python's jsonschema and
// serde use for the same faults ("'severity' is a required property", "missing field
// `severity`", "invalid type: string, expected f64"), never a schema's internal name.
const event = {
  event_id: "3f1c1c7e-9a3b-4c1e-8f00-000000000001",
  timestamp: "2026-01-01T00:00:00Z",
  source_module: "llm-observatory",
  event_type: "telemetry",
  severity: "info",
  environment: "production",
  payload: {
    payload_type: "telemetry",
    data: { telemetry_type: "latency", model_id: "m", request_id: "r", total_latency_ms: 12.5 },
  },
};
const messages = (value: unknown): string[] => {
  const result = decode(AnalyticsEvent, JSON.stringify(value));
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`);
};
const latency = (data: Record<string, unknown>) => ({
  ...event,
  payload: { ...event.payload, data: { ...event.payload.data, ...data } },
});

describe("decode's messages", () => {
  it("name a missing required field as missing, not as a wrong value", () => {
    const { severity: _, ...noSeverity } = event;
    expect(messages(noSeverity)).toEqual(["severity: missing required field `severity`"]);
    const { total_latency_ms: __, ...noLatency } = event.payload.data;
    expect(messages({ ...event, payload: { ...event.payload, data: noLatency } })).toEqual([
      "payload.data.total_latency_ms: missing required field `total_latency_ms`",
    ]);
  });

  it("keep the accepted tags of a tagged union whose tag is missing", () => {
    const { telemetry_type: _, ...untagged } = event.payload.data;
    expect(messages({ ...event, payload: { ...event.payload, data: untagged } })).toEqual([
      'payload.data.telemetry_type: missing required field `telemetry_type` (one of "latency", "throughput", "error_rate", "token_usage", "model_performance")',
    ]);
  });

  it("say what was expected and what came, in words", () => {
    expect(messages(latency({ total_latency_ms: "12" }))).toEqual([
      'payload.data.total_latency_ms: expected a number, received the string "12"',
    ]);
    expect(messages({ ...event, severity: "fatal" })).toEqual([
      'severity: expected one of "debug", "info", "warning", "error" or "critical", received the string "fatal"',
    ]);
    expect(messages({ ...event, environment: 7 })).toEqual(["environment: expected a string, received the number 7"]);
  });

  it("never show a schema's internal name for any fixture the hub rejects", () => {
    let checked = 0;
    for (const fixture of FIXTURES) {
      const schema = CONFORMANCE_TYPES[fixture.type];
      if (fixture.expect !== "reject" || schema === undefined) continue;
      const result = decode(schema, fixtureText(fixture));
      expect(result.success, fixture.file).toBe(false);
      for (const issue of result.error?.issues ?? []) {
        if (issue.message.startsWith("Invalid JSON: ")) continue;
        expect(issue.message, fixture.file).not.toMatch(/^Invalid |\b[ui](8|16|32|64)\b|\bf64\b|received undefined/);
      }
      checked++;
    }
    expect(checked).toBeGreaterThan(100);
  });
});
