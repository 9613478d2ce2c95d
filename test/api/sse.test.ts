import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  createCompleteEvent,
  createHeartbeatEvent,
  createStreamEvent,
  encodeSse,
  encodeSseComment,
  parseSse,
  type SseEvent,
  type SseParserState,
  StreamEvent,
  sseToStreamEvent,
  streamEventToSse,
} from "../../src/api/index.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

/** Parses `chunks` in order, threading the state. */
function parseChunks(chunks: readonly string[]): { events: SseEvent[]; state: SseParserState } {
  const events: SseEvent[] = [];
  let state: SseParserState | undefined;
  for (const chunk of chunks) {
    const result = parseSse(chunk, state);
    events.push(...result.events);
    state = result.state;
  }
  return { events, state: state ?? parseSse("").state };
}

/** Every way of cutting `text` into two chunks, and one character at a time. */
function splits(text: string): string[][] {
  const out: string[][] = [[text], [...text]];
  for (let i = 0; i <= text.length; i++) out.push([text.slice(0, i), text.slice(i)]);
  return out;
}

const message = (data: string, lastEventId = "", type = "message"): SseEvent => ({ type, data, lastEventId });

// The example streams of the WHATWG HTML Standard, §9.2.1 (introduction) and §9.2.6
// ("Interpreting an event stream"), with the events the standard says they fire.
const WHATWG_EXAMPLES: { name: string; stream: string; events: SseEvent[] }[] = [
  {
    name: '§9.2.6: "data: YHOO / +2 / 10", once followed by a blank line, fires data "YHOO\\n+2\\n10"',
    stream: "data: YHOO\ndata: +2\ndata: 10\n\n",
    events: [message("YHOO\n+2\n10")],
  },
  {
    name: '§9.2.6: four blocks: a comment, "first event" with id 1, "second event" resetting the id, " third event"',
    stream: ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n\n",
    events: [message("first event", "1"), message("second event", ""), message(" third event", "")],
  },
  {
    name: '§9.2.6: "data / data data / data:" fires "" and "\\n"; the last block has no blank line and is discarded',
    stream: "data\n\ndata\ndata\n\ndata:",
    events: [message(""), message("\n")],
  },
  {
    name: '§9.2.6: "data:test" and "data: test" fire two identical events',
    stream: "data:test\n\ndata: test\n\n",
    events: [message("test"), message("test")],
  },
  {
    name: "§9.2.1: three messages, the second on two lines",
    stream:
      "data: This is the first message.\n\ndata: This is the second message, it\ndata: has two lines.\n\ndata: This is the third message.\n\n",
    events: [
      message("This is the first message."),
      message("This is the second message, it\nhas two lines."),
      message("This is the third message."),
    ],
  },
  {
    name: '§9.2.1: event types "add" and "remove"',
    stream: "event: add\ndata: 73857293\n\nevent: remove\ndata: 2153\n\nevent: add\ndata: 113411\n\n",
    events: [message("73857293", "", "add"), message("2153", "", "remove"), message("113411", "", "add")],
  },
];

describe("parseSse on the WHATWG examples", () => {
  for (const example of WHATWG_EXAMPLES) {
    it(example.name, () => {
      for (const chunks of splits(example.stream)) {
        expect(parseChunks(chunks).events, JSON.stringify(chunks)).toEqual(example.events);
      }
    });

    it(`${example.name}, with CRLF and with CR line ends`, () => {
      for (const ending of ["\r\n", "\r"]) {
        const stream = example.stream.replaceAll("\n", ending);
        for (const chunks of splits(stream)) {
          expect(parseChunks(chunks).events, JSON.stringify(chunks)).toEqual(example.events);
        }
      }
    });
  }

  it('§9.2.6: "the end of the stream is not enough to trigger the dispatch of the last event"', () => {
    const stream = ": test stream\n\ndata: first event\nid: 1\n\ndata:second event\nid\n\ndata:  third event\n";
    expect(parseSse(stream).events.map((e) => e.data)).toEqual(["first event", "second event"]);
  });
});

describe("parseSse rules (WHATWG §9.2.6)", () => {
  it("reads a CR split from its LF across chunks as one line end", () => {
    const { events } = parseChunks(["data: a\r", "\ndata: b\r", "\n\r", "\n"]);
    expect(events).toEqual([message("a\nb")]);
  });

  it("does not forget a pending CR across an empty chunk", () => {
    const { events } = parseChunks(["data: a\r", "", "\n\r\n"]);
    expect(events).toEqual([message("a")]);
  });

  it("drops one leading BOM only", () => {
    expect(parseSse("\uFEFFdata: x\n\n").events).toEqual([message("x")]);
    expect(parseChunks(["", "\uFEFFdata: x\n\n"]).events).toEqual([message("x")]);
    // A second BOM makes the field name "\uFEFFdata", which is ignored.
    expect(parseSse("\uFEFF\uFEFFdata: x\n\n").events).toEqual([]);
    expect(parseChunks(["data: x\n", "\uFEFFdata: y\n\n"]).events).toEqual([message("x")]);
  });

  it("keeps the last event ID until an id field changes it, ignoring an id with NUL", () => {
    const { events, state } = parseChunks(["id: 7\ndata: a\n\ndata: b\n\nid: 8\0\ndata: c\n\n"]);
    expect(events.map((e) => e.lastEventId)).toEqual(["7", "7", "7"]);
    expect(state.lastEventId).toBe("7");
  });

  it("sets the last event ID at dispatch, even for a block without data", () => {
    const { events, state } = parseChunks(["id: 9\n\n"]);
    expect(events).toEqual([]);
    expect(state.lastEventId).toBe("9");
  });

  it("takes retry only when it is all ASCII digits", () => {
    expect(parseSse("retry: 3000\n").state.retry).toBe(3000);
    for (const bad of ["retry: 30s\n", "retry: -1\n", "retry: \n", "retry: 1e3\n", "retry: ３\n"]) {
      expect(parseSse(bad).state.retry, bad).toBeUndefined();
    }
    expect(parseSse("retry: 3000\nretry: x\n").state.retry).toBe(3000);
  });

  it("splits at the first colon, strips one space, compares field names literally", () => {
    expect(parseSse("data: a: b\n\n").events).toEqual([message("a: b")]);
    expect(parseSse("Data: x\nDATA: y\nevent\ndata\n\n").events).toEqual([message("")]);
    expect(parseSse("unknown: x\ndata: y\n\n").events).toEqual([message("y")]);
  });

  it("resets the event type after each dispatch, also when nothing is dispatched", () => {
    expect(parseSse("event: a\n\ndata: x\n\n").events).toEqual([message("x")]);
  });

  it("does not change the state it is given", () => {
    const { state } = parseSse("id: 1\ndata: partial");
    const frozen = Object.freeze({ ...state });
    const next = parseSse("\n\n", frozen);
    expect(next.events).toEqual([message("partial", "1")]);
    expect(frozen.data).toBe(state.data);
  });
});

describe("encodeSse", () => {
  it("writes the hub's example for a message with all four fields", () => {
    // WIRE_FORMAT.md §3, SseMessage::to_string.
    expect(encodeSse({ event: "metric", id: "42", retry: 3000, data: '{"a":1}' })).toBe(
      'event: metric\nid: 42\nretry: 3000\ndata: {"a":1}\n\n',
    );
  });

  it("writes one data line per line of data (the hub writes them on one line)", () => {
    expect(encodeSse({ data: "a\nb" })).toBe("data: a\ndata: b\n\n");
    expect(encodeSse({ data: "" })).toBe("data: \n\n");
    expect(encodeSse({ data: "a\n" })).toBe("data: a\ndata: \n\n");
  });

  it("throws for what an event stream cannot carry", () => {
    expect(() => encodeSse({ data: "a\r\nb" })).toThrow("encodeSse: data contains a carriage return");
    expect(() => encodeSse({ event: "a\nb", data: "" })).toThrow("encodeSse: event must be a non-empty string");
    expect(() => encodeSse({ event: "", data: "" })).toThrow("event must be a non-empty string");
    expect(() => encodeSse({ id: "1\u00002", data: "" })).toThrow(
      "encodeSse: id must be a string without CR, LF or NUL",
    );
    expect(() => encodeSse({ retry: -1, data: "" })).toThrow(
      "encodeSse: retry must be an integer within [0, 4294967295]",
    );
    expect(() => encodeSse({ retry: 2 ** 32, data: "" })).toThrow("retry");
    expect(() => encodeSse({ retry: 1.5, data: "" })).toThrow("retry");
  });

  it("round-trips through parseSse, cut anywhere", () => {
    const noCR = fc.string({ unit: "binary" }).map((s) => s.replaceAll("\r", ""));
    const line = noCR.map((s) => s.replaceAll("\n", ""));
    fc.assert(
      fc.property(
        fc.record(
          {
            event: line.filter((s) => s !== ""),
            data: noCR,
            id: line.map((s) => s.replaceAll("\0", "")),
            retry: fc.integer({ min: 0, max: 4_294_967_295 }),
          },
          { requiredKeys: ["data"] },
        ),
        fc.nat(),
        (msg, cut) => {
          const text = encodeSse(msg);
          const at = cut % (text.length + 1);
          const { events, state } = parseChunks([text.slice(0, at), text.slice(at)]);
          expect(events).toEqual([{ type: msg.event ?? "message", data: msg.data, lastEventId: msg.id ?? "" }]);
          expect(state.retry).toBe(msg.retry);
        },
      ),
    );
  });

  it("writes comments that parseSse ignores", () => {
    expect(encodeSseComment("keep-alive")).toBe(": keep-alive\n");
    expect(encodeSseComment()).toBe(":\n");
    expect(parseSse(`${encodeSseComment("x")}data: y\n\n`).events).toEqual([message("y")]);
    expect(() => encodeSseComment("a\nb")).toThrow("encodeSseComment");
  });
});

describe("StreamEvent ⇄ SSE", () => {
  const stamp = {
    event_id: "0E3A6420B77E4525B7C204CD03355B12",
    sequence: 1289,
    timestamp: "2025-08-27T23:30:15+02:00",
  };

  it("builds the heartbeat of the hub's fixture stream-heartbeat-null-data", () => {
    const fixture = FIXTURES.find((f) => f.file === "accept/stream-heartbeat-null-data.json")!;
    const expected = decode(StreamEvent(JsonValue), fixtureText(fixture));
    expect(createHeartbeatEvent(stamp)).toEqual(expected.data);
  });

  it("builds complete events, data first: a summary or null", () => {
    expect(createCompleteEvent(null, { ...stamp, sequence: 1290 }).data).toBeNull();
    expect(() => createCompleteEvent(undefined, { ...stamp, sequence: 1290 })).toThrow(
      "createCompleteEvent: data is required (use null for none)",
    );
    expect(createCompleteEvent({ events_sent: 1289 }, { ...stamp, sequence: 1290 })).toMatchObject({
      event_type: "complete",
      data: { events_sent: 1289 },
    });
    expect(() => createHeartbeatEvent({ ...stamp, sequence: -1 })).toThrow("createHeartbeatEvent: sequence");
    expect(() => createHeartbeatEvent({ ...stamp, event_id: "evt-1" })).toThrow(
      "createHeartbeatEvent: event_id must be a UUID",
    );
  });

  it("carries an AnalyticsEvent stream event through SSE and back", () => {
    const fixture = FIXTURES.find((f) => f.file === "accept/stream-event-budget-critical.json")!;
    const original = decode(StreamEvent(AnalyticsEvent), fixtureText(fixture));
    expect(original.success).toBe(true);
    const sse = streamEventToSse(Object.freeze(original.data!));
    expect(sse.event).toBe("data");
    expect(sse.id).toBe("0");
    const [received] = parseSse(encodeSse(sse)).events;
    expect(received?.lastEventId).toBe("0");
    const back = sseToStreamEvent(received!, AnalyticsEvent);
    expect(back.success && back.data).toEqual(original.data);
  });

  it("reports an SSE type that contradicts the event_type, and invalid data", () => {
    const sse = streamEventToSse(createStreamEvent("error", { code: "consumer_lag" }, stamp));
    const mismatch = sseToStreamEvent({ type: "data", data: sse.data, lastEventId: "" }, JsonValue);
    expect(mismatch.success).toBe(false);
    expect(mismatch.error?.issues[0]?.path).toEqual(["event_type"]);
    expect(sseToStreamEvent({ type: "message", data: sse.data, lastEventId: "" }, JsonValue).success).toBe(true);
    expect(sseToStreamEvent({ type: "error", data: "{", lastEventId: "" }, JsonValue).success).toBe(false);
  });

  it("throws for data JSON cannot hold instead of writing null", () => {
    expect(() => streamEventToSse(createStreamEvent("data", { x: Number.NaN }, stamp))).toThrow(
      "streamEventToSse: x is NaN, which JSON cannot hold",
    );
    expect(() => streamEventToSse(createStreamEvent("data", [undefined], stamp))).toThrow("an array holds undefined");
    expect(() => streamEventToSse(createStreamEvent("data", { f: () => 1 }, stamp))).toThrow("a function");
  });
});
