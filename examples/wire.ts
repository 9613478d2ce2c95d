// Read documents as the shipped hub reads them, write them as it writes them. Run: npx tsx examples/wire.ts
import assert from "node:assert/strict";
import { AnalyticsEvent, decode, isTimestamp, JsonValue, jsonText, Timestamp } from "llm-analytics-hub";
import { StreamEvent } from "llm-analytics-hub/api";
import { MetricValues } from "llm-analytics-hub/metrics";

// Timestamps in any spelling chrono reads come back in the form the hub writes (WIRE_FORMAT.md §1b.1).
assert.equal(Timestamp.parse("2025-06-03t14:22:05.1234567891 +0530"), "2025-06-03T08:52:05.123456789Z");
assert.equal(Timestamp.parse("9999-12-31T23:30:00-01:00"), "+10000-01-01T00:30:00Z");
assert.equal(Timestamp.parse("+10000-01-01T00:30:00Z"), "+10000-01-01T00:30:00Z"); // and it reads back
assert.equal(isTimestamp("2025-06-03T14:22:05"), false); // an offset is required

// serde's lenient forms: a unit variant as {"name": null}, a struct as an array (§1b.2).
const lenient = `{
  "event_id": "62ee4da9-165f-4fb9-975c-e822717f4b55", "timestamp": "2025-09-10 12:00:00 UTC",
  "source_module": {"llm-registry": null}, "event_type": "lifecycle", "severity": {"info": null},
  "environment": "production",
  "payload": ["custom", ["model_deployed", {"replicas": 4}]]
}`;
const event = decode(AnalyticsEvent, lenient);
assert.ok(event.success);
assert.equal(event.data.source_module, "llm-registry");
assert.deepEqual(event.data.payload, {
  payload_type: "custom",
  data: { custom_type: "model_deployed", data: { replicas: 4 } },
});

// A repeated field fails one variant of an untagged enum, and the next one reads it (§1b.5).
assert.deepEqual(decode(MetricValues, '{"value": 12744, "rate": 42.48, "rate": 42.48}').data, { value: 12744 });

// Integers beyond 2^53: kept exactly in JSON values, written back digit for digit (§1b.6).
const stream = decode(
  StreamEvent(JsonValue),
  '{"event_id": "e357d3ce-2fcc-47b9-848a-aaf4dcb0ba5a", "event_type": "data", "data": {"kafka_offset": 9007199254740993}, "sequence": 42, "timestamp": "2025-08-27T21:30:00.25Z"}',
);
assert.ok(stream.success);
assert.equal((stream.data.data as { kafka_offset: bigint }).kafka_offset, 9007199254740993n);
assert.match(jsonText(stream.data), /"kafka_offset":9007199254740993/);
// …and refused, with the reason, in integer fields (JS numbers there).
const sequence = decode(StreamEvent(JsonValue), jsonText({ ...stream.data, sequence: 2n ** 64n - 1n }));
assert.equal(sequence.success, false);
const issue = sequence.error?.issues[0];
assert.equal(issue?.code === "custom" ? issue.params?.reason : undefined, "integer_precision");

console.log("wire: every assertion holds");
