import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent, contentEventId, SEVERITY_ORDER, THREAT_LEVEL_ORDER } from "../../src/events/index.js";

const withoutId = {
  timestamp: "2025-06-03T14:22:05Z",
  source_module: "llm-cost-ops",
  event_type: "cost",
  severity: "info",
  environment: "production",
  payload: {
    payload_type: "cost",
    data: {
      cost_type: "api_cost",
      provider: "openai",
      api_endpoint: "/v1/chat/completions",
      request_count: 25000,
      cost_per_request: 0.00502,
      total_cost_usd: 125.5,
      billing_period: "2025-06",
    },
  },
};

describe("AnalyticsEvent defaults", () => {
  it("fills schema_version and tags as the hub does", () => {
    const event = AnalyticsEvent.parse(withoutId);
    expect(event.schema_version).toBe("1.0.0");
    expect(event.tags).toEqual({});
  });

  it("gives a missing event_id the same name-based v5 UUID every time", () => {
    const a = AnalyticsEvent.parse(withoutId);
    const b = AnalyticsEvent.parse(structuredClone(withoutId));
    expect(a.event_id).toBe(b.event_id);
    // RFC 9562 §5.5: version nibble 5, variant 10xx.
    expect(a.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it("derives the id from the content: key order, unknown keys and spellings do not matter", () => {
    const base = AnalyticsEvent.parse(withoutId).event_id;
    const reordered = decode(
      AnalyticsEvent,
      `{"payload":${JSON.stringify(withoutId.payload)},"environment":"production","severity":"info","event_type":"cost","source_module":"llm-cost-ops","timestamp":"2025-06-03T16:22:05+02:00","unknown":1}`,
    );
    expect(reordered.success && reordered.data.event_id).toBe(base);
    const changed = AnalyticsEvent.parse({ ...withoutId, environment: "staging" }).event_id;
    expect(changed).not.toBe(base);
    const { event_id: _ignored, ...rest } = AnalyticsEvent.parse(withoutId);
    expect(contentEventId(rest)).toBe(base);
  });

  it("keeps a given event_id", () => {
    const id = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    expect(AnalyticsEvent.parse({ ...withoutId, event_id: id }).event_id).toBe(id);
  });

  it("puts event_id first and the other fields in their order, given or derived", () => {
    // The serialized key order is the hub's: event_id, then the flattened common fields, then payload.
    const id = "67e55044-10b1-426f-9247-bb680e5fe0c8";
    const given = AnalyticsEvent.parse({ ...withoutId, event_id: id });
    const derived = AnalyticsEvent.parse(withoutId);
    for (const event of [given, derived]) {
      expect(Object.keys(event)[0]).toBe("event_id");
      expect(Object.keys(event).filter((k) => k !== "event_id")).toEqual(Object.keys(derived).slice(1));
    }
    expect({ ...given, event_id: derived.event_id }).toEqual(derived);
  });

  it("never mutates its input", () => {
    const frozen = structuredClone(withoutId);
    const deepFreeze = (o: object): void => {
      Object.freeze(o);
      for (const v of Object.values(o)) if (typeof v === "object" && v !== null) deepFreeze(v);
    };
    deepFreeze(frozen);
    expect(() => AnalyticsEvent.parse(frozen)).not.toThrow();
  });
});

// Ord in declaration order (WIRE_FORMAT.md §2.1: debug < info < warning < error < critical).
describe("severity ordering", () => {
  it("follows declaration order", () => {
    expect(SEVERITY_ORDER.compare("debug", "critical")).toBeLessThan(0);
    expect(SEVERITY_ORDER.atLeast("error", "warning")).toBe(true);
    expect(SEVERITY_ORDER.atLeast("info", "warning")).toBe(false);
    expect(SEVERITY_ORDER.max("info", "critical", "warning")).toBe("critical");
    expect(THREAT_LEVEL_ORDER.rank("low")).toBe(0);
    expect(THREAT_LEVEL_ORDER.rank("critical")).toBe(3);
  });

  it("rejects unknown values with the list of known ones", () => {
    expect(() => SEVERITY_ORDER.rank("fatal" as "error")).toThrow(/rank: "fatal" is not one of "debug", "info"/);
  });
});
