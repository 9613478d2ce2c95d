import { describe, expect, it } from "vitest";
import { checkValue } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { eventText } from "./documents.js";

const MB = 1024 * 1024;

// Sizes far beyond any real event: each must parse, keep every character, and fail only for
// the hub's reasons. No timing is asserted (a quadratic path would make these take hours); the
// timeout is only a ceiling for a loaded machine.
describe("very long strings and arrays", { timeout: 60_000 }, () => {
  it("keeps a 16 MB string intact, plain or with escapes on every character", () => {
    const plain = "x".repeat(16 * MB);
    const a = decode(AnalyticsEvent, eventText({ environment: JSON.stringify(plain) }));
    expect(a.success && a.data.environment.length).toBe(16 * MB);
    const escaped = "\n\u00e9\ud83d\ude00".repeat(MB);
    const b = decode(AnalyticsEvent, eventText({ environment: JSON.stringify(escaped) }));
    expect(b.success && b.data.environment === escaped).toBe(true);
  });

  it("keeps a 500 000-element array and a 100 000-key map", () => {
    const iocs = Array.from({ length: 500_000 }, (_, i) => `ioc-${i}`);
    const data = JSON.stringify({
      security_type: "threat",
      threat_id: "t",
      threat_type: "prompt_injection",
      threat_level: "high",
      source_ip: null,
      target_resource: "r",
      attack_vector: "v",
      mitigation_status: "blocked",
      indicators_of_compromise: iocs,
    });
    const text = eventText({ data })
      .replace('"payload_type":"telemetry"', '"payload_type":"security"')
      .replace('"event_type":"telemetry"', '"event_type":"security"');
    const a = decode(
      AnalyticsEvent,
      text.replace('"source_module":"llm-observatory"', '"source_module":"llm-sentinel"'),
    );
    expect(a.success).toBe(true);
    if (a.success && a.data.payload.payload_type === "security" && a.data.payload.data.security_type === "threat") {
      expect(a.data.payload.data.indicators_of_compromise).toHaveLength(500_000);
      expect(a.data.payload.data.indicators_of_compromise[499_999]).toBe("ioc-499999");
      expect(checkValue(AnalyticsEvent, a.data)).toEqual([]);
    }
    const tags = Object.fromEntries(Array.from({ length: 100_000 }, (_, i) => [`k${i}`, String(i)]));
    const b = decode(AnalyticsEvent, eventText({ tags: JSON.stringify(tags) }));
    expect(b.success && Object.keys(b.data.tags).length).toBe(100_000);
  });

  it("reports a bad element deep in a long array by its index", () => {
    const list = Array.from({ length: 500_000 }, () => '"a"');
    list[432_109] = "7";
    const data = `{"security_type":"privacy","data_type":"pii","operation":"data_access","user_consent":true,"data_subjects":[${list.join(",")}],"purpose":"p"}`;
    const text = eventText({ data })
      .replace('"payload_type":"telemetry"', '"payload_type":"security"')
      .replace('"event_type":"telemetry"', '"event_type":"security"');
    const result = decode(AnalyticsEvent, text);
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["payload", "data", "data_subjects", 432_109]);
  });

  it("rejects a 16 MB string where a UUID or timestamp is read, quoting it in the message", () => {
    const long = "0".repeat(16 * MB);
    const result = decode(AnalyticsEvent, eventText().replace("7a574c75-7725-4722-a15a-59702a3752ba", long));
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(["event_id"]);
  });
});
