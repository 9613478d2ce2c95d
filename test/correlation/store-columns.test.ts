import { describe, expect, it } from "vitest";
import { eventSummary } from "../../src/correlation/describe.js";
import { IdColumn, IdSet, InternedColumn, TextColumn } from "../../src/correlation/incidents/columns.js";
import { EventStore, IsoStamps } from "../../src/correlation/incidents/store.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { mulberry32 } from "../prng.js";
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

describe("IdSet", () => {
  it("answers as a Set of the strings added: canonical UUIDs, other spellings and other ids, across growth", () => {
    const u = mulberry32(2026);
    const hex = (n: number) => Array.from({ length: n }, () => "0123456789abcdef"[Math.floor(u() * 16)]).join("");
    const ids: string[] = [];
    for (let i = 0; i < 5000; i++) {
      const r = u();
      // v7-like ids share their leading time bits; some ids repeat, some are spelled otherwise.
      if (r < 0.15 && ids.length > 0) ids.push(ids[Math.floor(u() * ids.length)] as string);
      else if (r < 0.2) ids.push(`0197331${hex(1)}-${hex(4)}-7${hex(3)}-${hex(4)}-${hex(12)}`.toUpperCase());
      else if (r < 0.25) ids.push(`evt-${Math.floor(u() * 100)}`);
      else if (r < 0.3) ids.push(`{0197331${hex(1)}-${hex(4)}-7${hex(3)}-${hex(4)}-${hex(12)}}`);
      else ids.push(`0197331${hex(1)}-${hex(4)}-7${hex(3)}-${hex(4)}-${hex(12)}`);
    }
    ids.push("", "00000000-0000-0000-0000-000000000000", "00000000-0000-0000-0000-000000000000");
    const set = new IdSet();
    const reference = new Set<string>();
    for (const id of ids) {
      expect(set.add(id)).toBe(!reference.has(id));
      reference.add(id);
    }
    expect(reference.size).toBeLessThan(ids.length);
  });
});

describe("IsoStamps", () => {
  // The reference is the engine's own Date.parse and Date.prototype.toISOString.
  const iso = (ms: number) => new Date(ms).toISOString();

  it("reads a time on the day last seen as Date.parse does, and recognizes toISOString's form", () => {
    const u = mulberry32(424242);
    const stamps = new IsoStamps();
    let t = Date.UTC(2025, 5, 2, 23, 59);
    let read = 0;
    for (let i = 0; i < 20_000; i++) {
      t += Math.floor(u() * 60_000);
      const stamp = iso(t);
      const fast = stamps.read(stamp);
      if (!Number.isNaN(fast)) {
        read++;
        expect(fast).toBe(Date.parse(stamp));
      } else expect(stamps.matches(stamp, Date.parse(stamp))).toBe(true);
    }
    // Every stamp but the first of each day (about 7 days) is read without Date.parse.
    expect(read).toBeGreaterThan(20_000 - 10);
  });

  it("does not take another spelling of the same instant, or what Date.parse reads otherwise", () => {
    const t = Date.UTC(2025, 5, 3, 12);
    for (const other of [
      "2025-06-03T12:00:00Z",
      "2025-06-03T12:00:00.000+00:00",
      "2025-06-03T12:00:00.0000Z",
      "2025-06-03T12:00:00,000Z",
      "2025-06-03t12:00:00.000Z",
      "2025-06-03T24:00:00.000Z",
      "2025-06-03T12:60:00.000Z",
      "2025-06-03T1a:00:00.000Z",
      "2025-06-04T12:00:00.000Z",
    ]) {
      // Each on a store that has seen 2025-06-03 (`matches` below moves the day it recognizes).
      const stamps = new IsoStamps();
      expect(stamps.matches(iso(t), t)).toBe(true);
      expect(Number.isNaN(stamps.read(other))).toBe(true);
      const parsed = Date.parse(other);
      if (!Number.isNaN(parsed)) expect(stamps.matches(other, parsed)).toBe(other === iso(parsed));
    }
  });

  it("matches toISOString at the ends of the time value's range and before 1970", () => {
    const stamps = new IsoStamps();
    for (const t of [-8.64e15, 8.64e15, -1, 0, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, 1.5]) {
      expect(stamps.matches(Number.isInteger(t) ? iso(t) : "x", t)).toBe(Number.isInteger(t));
      if (Number.isInteger(t)) expect(stamps.read(iso(t))).toBe(t);
    }
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
