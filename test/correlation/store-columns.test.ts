import { describe, expect, it } from "vitest";
import { eventSummary } from "../../src/correlation/describe.js";
import { IdColumn, InternedColumn, TextColumn } from "../../src/correlation/incidents/columns.js";
import { EventStore } from "../../src/correlation/incidents/store.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { deepFreeze, latency, policyViolation, threat, tokenCost } from "./helpers.js";

// The analyzer keeps strings per event in compact columns; each must give back exactly what it was given.

describe("TextColumn", () => {
  it("gives back ASCII, empty, non-ASCII and lone-surrogate strings exactly, across growth", () => {
    const strings = ["", "latency 1317.5 ms on gemini-2.5-flash", "café ☕ on modèle-é", "lone \ud800 surrogate", "a"];
    // Past the initial 1024 bytes, so the buffer grows while entries are kept.
    for (let i = 0; i < 300; i++) strings.push(`token cost $0.000${i} on claude-sonnet-4 #${i}`);
    strings.push("x".repeat(5000));
    const column = new TextColumn();
    for (const s of strings) column.push(s);
    expect(column.length).toBe(strings.length);
    for (const [k, s] of strings.entries()) expect(column.get(k)).toBe(s);
  });

  it("refuses an entry it does not hold, naming the column", () => {
    const column = new TextColumn();
    column.push("a");
    expect(() => column.get(1)).toThrow("TextColumn.get: no entry 1 of 1");
    expect(() => column.get(-1)).toThrow(RangeError);
  });
});

describe("IdColumn", () => {
  it("gives back canonical UUIDs and every other id exactly", () => {
    const ids = [
      "01973316-824f-76ad-9554-b4dfa9d7b4b8",
      "00000000-0000-0000-0000-000000000000",
      "ffffffff-ffff-ffff-ffff-ffffffffffff",
      "01973316-824F-76AD-9554-B4DFA9D7B4B8", // uppercase: kept as written, not lowercased
      "01973316-824f-76ad-9554-b4dfa9d7b4bg", // not hex
      "01973316x824f-76ad-9554-b4dfa9d7b4b8", // a hyphen missing
      "{01973316-824f-76ad-9554-b4dfa9d7b4b8}",
      "evt-42",
      "",
    ];
    // Enough entries that the byte buffer grows (64 at first).
    for (let i = 0; i < 200; i++)
      ids.push(`${i.toString(16).padStart(8, "0")}-1234-4abc-8def-${(i * 7919).toString(16).padStart(12, "0")}`);
    const column = new IdColumn();
    for (const id of ids) column.push(id);
    expect(column.length).toBe(ids.length);
    for (const [k, id] of ids.entries()) expect(column.get(k)).toBe(id);
    expect(() => column.get(ids.length)).toThrow(`IdColumn.get: no entry ${ids.length} of ${ids.length}`);
  });
});

describe("InternedColumn", () => {
  it("gives back repeated strings and undefined per entry", () => {
    const values = ["gpt-4o", undefined, "gpt-4o", "claude-sonnet-4", undefined, "", "gpt-4o"];
    const column = new InternedColumn();
    for (const v of values) column.push(v);
    expect(values.map((_, k) => column.get(k))).toEqual(values);
    expect(() => column.get(7)).toThrow("InternedColumn.get: no entry 7 of 7");
  });
});

describe("EventStore", () => {
  const make = (id: string, timestamp: string, payload: AnalyticsEvent["payload"]): AnalyticsEvent =>
    deepFreeze(
      AnalyticsEvent.parse({
        event_id: id,
        timestamp,
        source_module: payload.payload_type === "telemetry" ? "llm-observatory" : "llm-cost-ops",
        event_type: payload.payload_type,
        severity: "info",
        environment: "production",
        payload,
      }),
    );

  it("gives back each stored event's id, timestamp as written, summary and subject", () => {
    const events = [
      make("01973316-824f-76ad-9554-b4dfa9d7b4b8", "2025-06-03T14:00:00.123Z", latency("gpt-4o", 1317.5)),
      // Not the form toISOString writes: kept as written.
      make("01973316-824f-76ad-9554-b4dfa9d7b4b9", "2025-06-03T14:00:01Z", latency("gpt-4o", 900)),
      // Forms of a UUID the wire format accepts besides the canonical one: kept as written.
      make("01973316824F76AD9554B4DFA9D7B4BC", "2025-06-03T14:00:02.123456Z", tokenCost("claude-sonnet-4", 0.000858)),
      make("{01973316-824f-76ad-9554-b4dfa9d7b4ba}", "2025-06-03T16:00:03+02:00", threat("prompt_injection")),
      make("01973316-824f-76ad-9554-b4dfa9d7b4bb", "2025-06-03T14:00:04.000Z", policyViolation("no pii")),
    ];
    const store = new EventStore();
    for (const e of events) expect(store.add(e)).toBe(true);
    expect(store.size).toBe(events.length);
    for (const [k, e] of events.entries()) {
      const stored = store.event(k);
      expect(stored.event_id).toBe(e.event_id);
      expect(store.id(k)).toBe(e.event_id);
      expect(stored.timestamp).toBe(e.timestamp);
      expect(store.timestamp(k)).toBe(e.timestamp);
      expect(stored.summary).toBe(eventSummary(e));
    }
    expect(store.event(0).model).toBe("gpt-4o");
    expect(store.subject(2)).toBe("claude-sonnet-4");
    // A threat is about its target resource, a policy violation about its policy.
    expect(store.subject(3)).toBe("chat-api");
    expect(store.target(3)).toBe("chat-api");
    expect(store.subject(4)).toBe("p-1");
    expect(store.target(4)).toBe("res-1");
    expect(store.event(4).subtype).toBe("policy_violation");
  });

  it("leaves out a repeated event_id", () => {
    const store = new EventStore();
    const e = make("01973316-824f-76ad-9554-b4dfa9d7b4b8", "2025-06-03T14:00:00.123Z", latency("gpt-4o", 10));
    expect(store.add(e)).toBe(true);
    expect(store.add(e)).toBe(false);
    expect(store.duplicates).toBe(1);
    expect(store.size).toBe(1);
  });
});
