import { describe, expect, it } from "vitest";
import * as z from "zod";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/schema/event.js";
import {
  decodeAnalyticsEvent,
  FastAnalyticsEvent,
  isAnalyticsEvent,
  isAnalyticsEventText,
  validateEventLines,
} from "../../src/fast/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";
import { ENVELOPE } from "./envelope.js";

/*
 * The text path on the cases WIRE_FORMAT.md §1 spells out (rules 3, 4 and 12, serde_json's
 * limits), each also compared with `decode`, the library's reading of the hub.
 */

const base = ENVELOPE;
const tokenUsage = (tokens: string) =>
  JSON.stringify({
    ...base,
    payload: {
      payload_type: "telemetry",
      data: { telemetry_type: "token_usage", model_id: "gpt-4o-mini", request_id: "r1", prompt_tokens: 0 },
    },
  }).replace('"prompt_tokens":0', `"prompt_tokens":${tokens},"completion_tokens":300,"total_tokens":1500`);
const latency = (extra: string) =>
  `{${JSON.stringify(base).slice(1, -1)},"payload":{"payload_type":"telemetry","data":{"telemetry_type":"latency","model_id":"m","request_id":"r","total_latency_ms":10000.0${extra}}}}`;

function verdict(text: string): boolean {
  const fast = isAnalyticsEventText(text);
  expect(fast, "isAnalyticsEventText and decode").toBe(decode(AnalyticsEvent, text).success);
  return fast;
}

describe("isAnalyticsEventText (WIRE_FORMAT.md §1)", () => {
  it("reads a plain event", () => {
    expect(verdict(tokenUsage("1200"))).toBe(true);
  });

  it("rejects an integer spelled as a float, and accepts a whole f64 written as the hub writes it (rules 3, 4)", () => {
    expect(verdict(tokenUsage("1200.0"))).toBe(false);
    expect(verdict(tokenUsage("1.2e3"))).toBe(false);
    expect(verdict(tokenUsage("12E2"))).toBe(false);
    // 10000.0 is how the hub writes an f64 holding 10000.
    expect(verdict(latency(',"ttft_ms":140.0'))).toBe(true);
    // The same spelling in a string, or at an f64 beside an integer of the same value, changes nothing.
    expect(verdict(tokenUsage("1200").replace('"request_id":"r1"', '"request_id":"r:1200.0,"'))).toBe(true);
    expect(verdict(latency(',"ttft_ms":0.0,"tokens_per_second":1200.0'))).toBe(true);
  });

  it("rejects a repeated struct field and accepts a repeated map key or unknown key (rule 12)", () => {
    const text = tokenUsage("1200");
    expect(verdict(text.replace('"severity":"info"', '"severity":"info","severity":"debug"'))).toBe(false);
    expect(verdict(text.replace('"prompt_tokens":1200', '"prompt_tokens":1200,"prompt_tokens":1200'))).toBe(false);
    expect(verdict(text.replace('"provider":"openai"', '"provider":"openai","provider":"azure"'))).toBe(true);
    expect(verdict(text.replace('"severity":"info"', '"x":1,"severity":"info","x":2'))).toBe(true);
    // Whitespace around the colon does not hide a repeated field.
    expect(verdict(text.replace('"severity":"info"', '"severity" : "info" , "severity"\t:"debug"'))).toBe(false);
  });

  it("rejects numbers beyond f64, even under an unknown key (rule 4)", () => {
    expect(verdict(latency(',"ttft_ms":1e400'))).toBe(false);
    expect(verdict(latency(',"unknown":1e400'))).toBe(false);
    expect(verdict(latency(`,"unknown":-1${"0".repeat(320)}`))).toBe(false);
    expect(verdict(latency(',"unknown":1e308'))).toBe(true);
  });

  it("rejects lone surrogates and accepts pairs", () => {
    expect(verdict(latency(',"note":"\\ud800"'))).toBe(false);
    expect(verdict(latency(',"note":"\\udc00x"'))).toBe(false);
    expect(verdict(latency(',"note":"\\ud83d\\ude00"'))).toBe(true);
    expect(verdict(latency(',"note":"😀"'))).toBe(true);
  });

  it("rejects nesting beyond the reader's limit, also inside an unknown key", () => {
    // The event object is one level; serde_json stops at its recursion limit (127 levels).
    expect(verdict(latency(`,"deep":${"[".repeat(100)}${"]".repeat(100)}`))).toBe(true);
    expect(verdict(latency(`,"deep":${"[".repeat(140)}${"]".repeat(140)}`))).toBe(false);
    // At the boundary the verdict is decode's (verdict() compares), whichever side it falls on.
    for (let n = 124; n <= 130; n++) verdict(latency(`,"deep":${"[".repeat(n)}${"]".repeat(n)}`));
  });

  it("rejects text that is not JSON", () => {
    expect(verdict("")).toBe(false);
    expect(verdict(tokenUsage("1200").slice(0, -1))).toBe(false);
    expect(verdict(`${tokenUsage("1200")} x`)).toBe(false);
  });
});

describe("decodeAnalyticsEvent", () => {
  it("gives decode's value, including the content-derived event_id", () => {
    const text = tokenUsage("1200").replace('"event_id":"0192f5a4-7c1e-7b3a-9d2e-4f6a8b0c1d2e",', "");
    const fast = decodeAnalyticsEvent(text);
    expect(fast).toStrictEqual(decode(AnalyticsEvent, text));
    expect(fast.success && fast.data.event_id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5/);
  });

  it("gives decode's issues", () => {
    for (const text of [tokenUsage("-1"), tokenUsage("1200.0"), "{", "[]"]) {
      const fast = decodeAnalyticsEvent(text);
      expect(fast.success).toBe(false);
      expect(fast.error?.issues).toEqual(decode(AnalyticsEvent, text).error?.issues);
    }
  });
});

describe("validateEventLines", () => {
  // The AnalyticsEvent fixtures as NDJSON: raw newlines only occur between tokens, so they become spaces.
  const events = FIXTURES.filter((f) => f.type === "AnalyticsEvent");
  const lines = events.map((f) => fixtureText(f).replace(/\r?\n/g, " "));

  it("gives the hub's verdict on every AnalyticsEvent fixture, one per line", () => {
    const report = validateEventLines(`${lines.join("\n")}\n`);
    const rejected = events.flatMap((f, i) => (f.expect === "reject" ? [i + 1] : []));
    expect(report).toEqual({ lines: events.length, valid: events.length - rejected.length, invalid: rejected });
    expect(validateEventLines(Buffer.from(`${lines.join("\n")}\n`, "utf8"))).toEqual(report);
  });

  it("counts a blank line as invalid (as the CLI does), drops the \\r of CRLF and numbers lines from 1", () => {
    const ok = tokenUsage("1");
    const text = `${ok}\r\n\r\n${tokenUsage("1.0")}\n\n{not json\r\n${ok}\n`;
    expect(validateEventLines(text)).toEqual({ lines: 6, valid: 2, invalid: [2, 3, 4, 5] });
    expect(validateEventLines(new TextEncoder().encode(text))).toEqual({ lines: 6, valid: 2, invalid: [2, 3, 4, 5] });
    expect(validateEventLines("")).toEqual({ lines: 0, valid: 0, invalid: [] });
    expect(validateEventLines(new Uint8Array(0))).toEqual({ lines: 0, valid: 0, invalid: [] });
  });
});

describe("FastAnalyticsEvent", () => {
  it("is AnalyticsEvent with the generated parser: same results alone, inside other schemas and in z.validate", () => {
    const good = JSON.parse(tokenUsage("1200"));
    const bad = { ...good, severity: "WARNING" };
    expect(FastAnalyticsEvent.parse(good)).toStrictEqual(AnalyticsEvent.parse(good));
    expect(() => FastAnalyticsEvent.parse(bad)).toThrow(z.ZodError);
    expect(FastAnalyticsEvent.safeParse(bad).error?.issues).toEqual(AnalyticsEvent.safeParse(bad).error?.issues);
    expect(z.array(FastAnalyticsEvent).safeParse([good, bad])).toStrictEqual(
      z.array(AnalyticsEvent).safeParse([good, bad]),
    );
    expect(z.validate(FastAnalyticsEvent, good)).toBe(true);
    expect(z.validate(FastAnalyticsEvent, bad)).toBe(false);
    expect(isAnalyticsEvent(Object.freeze(good))).toBe(true);
  });
});
