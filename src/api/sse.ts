import * as z from "zod";
import { decode } from "../core/decode.js";
import { U32_MAX } from "../core/integers.js";
import { describe } from "../stats/validate.js";
import { integerArg, timestampArg, uuidArg } from "./arguments.js";
import { type SseMessage, STREAM_EVENT_TYPES, StreamEvent, type StreamEventType } from "./schema.js";

/*
 * Server-Sent Events in the WHATWG HTML event-stream format (§9.2.5 "Parsing an event stream",
 * §9.2.6 "Interpreting an event stream").
 */

/** The media type of an event stream. */
export const SSE_MEDIA_TYPE = "text/event-stream";

/**
 * One message in the event-stream format: `event:`, `id:` and `retry:` lines (each only when
 * set), then one `data:` line per line of `data`, then a blank line; every line ends in LF.
 * A message with all four fields gives `event: metric\nid: 42\nretry: 3000\ndata: {"a":1}\n\n`,
 * as the hub writes it, but multi-line data is split into several `data:` lines (the hub writes
 * it on one line, which ends the event early), and `retry` can be set.
 *
 * What the format cannot carry throws instead of being altered: a CR in `data` (the parser
 * reads it as a line end, so it would come back as LF), a CR or LF in `event` or `id`, a NUL in
 * `id` (the parser ignores such an id), an empty `event` (clients would see "message"), and a
 * `retry` that is not a u32. Then `parseSse` gives back exactly this message: type `event`
 * (or "message"), `data`, `lastEventId` = `id`, and the reconnection time `retry`. O(length).
 */
export function encodeSse(message: SseMessage): string {
  const fn = "encodeSse";
  if (typeof message !== "object" || message === null) {
    throw new TypeError(`${fn}: expected an SseMessage, received ${describe(message)}`);
  }
  const { event, data, id, retry } = message;
  if (typeof data !== "string") throw new TypeError(`${fn}: data must be a string, received ${describe(data)}`);
  if (data.includes("\r")) {
    throw new RangeError(
      `${fn}: data contains a carriage return (U+000D), which an event stream reads as a line end; ` +
        'normalize line ends first (data.replace(/\\r\\n?/g, "\\n"))',
    );
  }
  let out = "";
  if (event !== undefined) {
    if (typeof event !== "string" || event === "" || /[\r\n]/.test(event)) {
      throw new RangeError(`${fn}: event must be a non-empty string without CR or LF, received ${describe(event)}`);
    }
    out += `event: ${event}\n`;
  }
  if (id !== undefined) {
    if (typeof id !== "string" || /[\r\n\0]/.test(id)) {
      throw new RangeError(`${fn}: id must be a string without CR, LF or NUL, received ${describe(id)}`);
    }
    out += `id: ${id}\n`;
  }
  if (retry !== undefined) {
    integerArg(fn, "retry", retry, { min: 0, max: U32_MAX, note: " (milliseconds, a u32)" });
    out += `retry: ${retry}\n`;
  }
  for (const line of data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}

/**
 * A comment line (`: text`), which clients ignore: a keep-alive for proxies that drop idle
 * connections (WHATWG §9.2.7 suggests one every 15 seconds or so).
 */
export function encodeSseComment(text = ""): string {
  if (typeof text !== "string" || /[\r\n]/.test(text)) {
    throw new RangeError(`encodeSseComment: text must be a string without CR or LF, received ${describe(text)}`);
  }
  return text === "" ? ":\n" : `: ${text}\n`;
}

/** An event dispatched by the event-stream parser, as a browser's MessageEvent carries it. */
export interface SseEvent {
  /** The `event` field, or "message" when the block had none. */
  readonly type: string;
  readonly data: string;
  /** The last event ID string at dispatch; it persists across events until an `id` field changes it. */
  readonly lastEventId: string;
}

/** The parser's state between chunks. Treat it as opaque; read `lastEventId` and `retry`. */
export interface SseParserState {
  /** The last event ID string (sent as `Last-Event-ID` when reconnecting). */
  readonly lastEventId: string;
  /** The reconnection time in milliseconds set by the last valid `retry` field, if any. */
  readonly retry: number | undefined;
  /** @internal The unfinished line at the end of the input so far. */
  readonly line: string;
  /** @internal The input so far ended in CR, so an LF that starts the next chunk is its pair. */
  readonly afterCR: boolean;
  /** @internal Whether any input has been seen (a leading BOM is dropped only there). */
  readonly started: boolean;
  /** @internal The data, event type and last event ID buffers of WHATWG §9.2.6. */
  readonly data: string;
  readonly eventType: string;
  readonly idBuffer: string;
}

export const SSE_INITIAL_STATE: SseParserState = Object.freeze({
  lastEventId: "",
  retry: undefined,
  line: "",
  afterCR: false,
  started: false,
  data: "",
  eventType: "",
  idBuffer: "",
});

export interface SseParseResult {
  /** The events dispatched by this chunk, in order. */
  readonly events: readonly SseEvent[];
  /** The state to pass with the next chunk. */
  readonly state: SseParserState;
}

/**
 * Parses a chunk of an event stream, per WHATWG §9.2.6. Incremental and pure: pass the
 * returned `state` with the next chunk; a chunk may end anywhere, even between the CR and LF of
 * a CRLF. Lines end in CRLF, LF or CR; one leading BOM is dropped; `:` lines are comments;
 * `event`, `data`, `id` (ignored if it contains NUL) and `retry` (ASCII digits only) are the
 * fields, anything else is ignored; a blank line dispatches the event unless no `data` line
 * was seen, and one trailing LF is removed from the data. At the end of the stream the
 * unfinished event is discarded, as the standard requires, so there is nothing to flush: the
 * last event counts only once its blank line arrives. `retry` digits beyond 2^53 − 1 are
 * ignored (a JS number cannot hold them exactly). The input is text: decode bytes with a
 * streaming UTF-8 decoder (`TextDecoderStream`) first. O(length of the chunk).
 */
export function parseSse(chunk: string, state: SseParserState = SSE_INITIAL_STATE): SseParseResult {
  if (typeof chunk !== "string") throw new TypeError(`parseSse: chunk must be a string, received ${describe(chunk)}`);
  const s: Mutable<SseParserState> = { ...state };
  const events: SseEvent[] = [];
  let text = chunk;
  if (!s.started && text.length > 0) {
    s.started = true;
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  }
  let i = 0;
  if (s.afterCR && text.length > 0) {
    if (text.charCodeAt(0) === 0x0a) i = 1;
    s.afterCR = false;
  }
  let start = i;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c !== 0x0a && c !== 0x0d) continue;
    sseLine(s, s.line + text.slice(start, i), events);
    s.line = "";
    if (c === 0x0d) {
      if (i + 1 < text.length) {
        if (text.charCodeAt(i + 1) === 0x0a) i++;
      } else {
        s.afterCR = true;
      }
    }
    start = i + 1;
  }
  s.line += text.slice(start);
  const { lastEventId, retry, line, afterCR, started, data, eventType, idBuffer } = s;
  return {
    events,
    state: Object.freeze({ lastEventId, retry, line, afterCR, started, data, eventType, idBuffer }),
  };
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** One complete line: a blank line dispatches the event being built, `:` starts a comment, else a field. */
function sseLine(s: Mutable<SseParserState>, current: string, events: SseEvent[]): void {
  if (current === "") {
    s.lastEventId = s.idBuffer;
    if (s.data === "") {
      s.eventType = "";
      return;
    }
    const payload = s.data.endsWith("\n") ? s.data.slice(0, -1) : s.data;
    events.push({ type: s.eventType === "" ? "message" : s.eventType, data: payload, lastEventId: s.lastEventId });
    s.data = "";
    s.eventType = "";
    return;
  }
  if (current.charCodeAt(0) === 0x3a) return;
  const colon = current.indexOf(":");
  if (colon < 0) {
    sseField(s, current, "");
    return;
  }
  const value = current.slice(colon + 1);
  sseField(s, current.slice(0, colon), value.charCodeAt(0) === 0x20 ? value.slice(1) : value);
}

/** One field of WHATWG §9.2.6; unknown fields are ignored. */
function sseField(s: Mutable<SseParserState>, field: string, value: string): void {
  switch (field) {
    case "event":
      s.eventType = value;
      break;
    case "data":
      s.data += `${value}\n`;
      break;
    case "id":
      if (!value.includes("\0")) s.idBuffer = value;
      break;
    case "retry":
      if (/^[0-9]+$/.test(value)) {
        const ms = Number(value);
        if (Number.isSafeInteger(ms)) s.retry = ms;
      }
      break;
    default:
      break;
  }
}

/** What identifies a stream event: passed in, as nothing here reads a clock or draws ids. */
export interface StreamEventStamp {
  readonly event_id: string;
  /** Position in the stream; also the SSE `id`, so a client resumes with `Last-Event-ID`. */
  readonly sequence: number;
  readonly timestamp: string | Date;
}

/**
 * A StreamEvent of the given type, with canonical id and timestamp. `data` must be JSON (`null`
 * for none).
 */
export function createStreamEvent<T>(eventType: StreamEventType, data: T, stamp: StreamEventStamp): StreamEvent<T> {
  return buildStreamEvent("createStreamEvent", eventType, data, stamp);
}

/** A `heartbeat` StreamEvent with `"data": null`, as the hub's streams send. */
export function createHeartbeatEvent(stamp: StreamEventStamp): StreamEvent<null> {
  return buildStreamEvent("createHeartbeatEvent", "heartbeat", null, stamp);
}

/**
 * A `complete` StreamEvent that ends a stream; `data` summarizes it, or is `null` for none. Data
 * before the stamp, as in `createStreamEvent`.
 */
export function createCompleteEvent<T>(data: T, stamp: StreamEventStamp): StreamEvent<T> {
  return buildStreamEvent("createCompleteEvent", "complete", data, stamp);
}

function buildStreamEvent<T>(fn: string, eventType: StreamEventType, data: T, stamp: StreamEventStamp): StreamEvent<T> {
  if (!STREAM_EVENT_TYPES.includes(eventType)) {
    throw new RangeError(
      `${fn}: event type must be one of ${STREAM_EVENT_TYPES.join(", ")}, received ${describe(eventType)}`,
    );
  }
  if (typeof stamp !== "object" || stamp === null) {
    throw new TypeError(`${fn}: a stamp {event_id, sequence, timestamp} is required, received ${describe(stamp)}`);
  }
  if (data === undefined) throw new TypeError(`${fn}: data is required (use null for none)`);
  return {
    event_id: uuidArg(fn, "event_id", stamp.event_id),
    event_type: eventType,
    data,
    sequence: integerArg(fn, "sequence", stamp.sequence, {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
      note: " (a u64 within 2^53 − 1)",
    }),
    timestamp: timestampArg(fn, "timestamp", stamp.timestamp),
  };
}

/**
 * The SSE message for a StreamEvent: `event` is the event type, `id` the sequence (so a
 * reconnecting client's `Last-Event-ID` says where to resume) and `data` the whole StreamEvent
 * as one line of JSON. Values JSON cannot hold (NaN, ±Infinity, functions, an `undefined` array
 * element, BigInt) throw instead of turning into `null` or vanishing; an `undefined` property is
 * an absent one. O(size of the event).
 */
export function streamEventToSse(event: StreamEvent<unknown>): SseMessage {
  const fn = "streamEventToSse";
  if (typeof event !== "object" || event === null) {
    throw new TypeError(`${fn}: expected a StreamEvent, received ${describe(event)}`);
  }
  const checked = buildStreamEvent(fn, event.event_type, event.data, event);
  const data = JSON.stringify(checked, function (this: unknown, key: string, value: unknown) {
    if (typeof value === "number" && !Number.isFinite(value)) {
      throw new RangeError(`${fn}: ${key || "data"} is ${value}, which JSON cannot hold`);
    }
    if (typeof value === "function" || typeof value === "symbol" || typeof value === "bigint") {
      throw new TypeError(`${fn}: ${key || "data"} is a ${typeof value}, which JSON cannot hold`);
    }
    if (value === undefined && Array.isArray(this)) {
      throw new TypeError(`${fn}: an array holds undefined at ${key}, which JSON would write as null`);
    }
    return value;
  });
  return { event: checked.event_type, id: String(checked.sequence), data };
}

/**
 * Reads the StreamEvent carried by an SSE event (as `streamEventToSse` writes it), with `item`
 * as the schema of its data. The data is read as the hub reads JSON (`decode`: duplicate fields
 * and `12.0`-style integers are errors). When the SSE event has a type other than "message",
 * it must equal the StreamEvent's `event_type`. Returns a safe-parse result. O(size of the data).
 */
export function sseToStreamEvent<S extends z.ZodType>(
  event: SseEvent,
  item: S,
): z.ZodSafeParseResult<z.output<ReturnType<typeof StreamEvent<S>>>> {
  const result = decode(StreamEvent(item), event.data);
  if (!result.success || event.type === "message" || event.type === result.data.event_type) return result;
  return {
    success: false,
    error: new z.ZodError([
      {
        code: "custom",
        path: ["event_type"],
        message: `The SSE event type ${JSON.stringify(event.type)} differs from the event_type ${JSON.stringify(result.data.event_type)} it carries`,
        params: { reason: "sse_type_mismatch" },
        input: result.data.event_type,
      },
    ]) as z.ZodError<z.output<ReturnType<typeof StreamEvent<S>>>>,
  };
}
