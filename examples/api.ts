// Answer API requests in the hub's envelopes: pages, errors, streams, batches. Run: npx tsx examples/api.ts
import assert from "node:assert/strict";
import { AnalyticsEvent, decode } from "llm-analytics-hub";
import {
  ApiResponse,
  createBatchItemFailure,
  createBatchItemSuccess,
  createBatchResponse,
  createCursorPaginationLinks,
  createHeartbeatEvent,
  createNotFoundError,
  createPaginatedResponse,
  createPaginationMetadata,
  createResponseMetadata,
  createStreamEvent,
  createSuccessResponse,
  decodeCursor,
  encodeSse,
  fromProblemDetails,
  fromZodError,
  PaginatedResponse,
  parseSse,
  type SseParserState,
  sseToStreamEvent,
  streamEventToSse,
  toProblemDetails,
} from "llm-analytics-hub/api";

// Ids and times are passed in (nothing here reads a clock); a service passes its own.
const now = "2025-09-01T11:00:02Z";
const meta = createResponseMetadata({ request_id: "594d2b67-84c5-4013-ab98-058c2491208f", timestamp: now });

const event = AnalyticsEvent.parse({
  event_id: "1b2a152c-924e-42b9-b095-9d927c9d4209",
  timestamp: "2025-08-10T17:00:00Z",
  source_module: "llm-sentinel",
  event_type: "security",
  severity: "info",
  environment: "production",
  payload: {
    payload_type: "security",
    data: { security_type: "auth", user_id: "u_1", action: "login", resource: "dashboard", success: true },
  },
});

// 1. An offset page with links: the base's own query is kept and per_page is carried.
const pagination = createPaginationMetadata(
  { page: 2, per_page: 1, total_items: 3 },
  {
    baseUrl: "https://api.example.com/v1/events?source_module=llm-sentinel",
  },
);
assert.equal(pagination.links?.next, "https://api.example.com/v1/events?source_module=llm-sentinel&page=3&per_page=1");
const page = createPaginatedResponse([event], pagination, meta);
assert.ok(decode(PaginatedResponse(AnalyticsEvent), JSON.stringify(page)).success);
console.log("next page:", pagination.links?.next);
// The hub would report 4294967295 pages for per_page 0; here it is an error.
assert.throws(
  () => createPaginationMetadata({ page: 1, per_page: 0, total_items: 10 }),
  /per_page must be an integer within \[1, 1000\]/,
);

// 2. Cursor pages do not drift when items are inserted: the link says "after this key".
const links = createCursorPaginationLinks("/v1/events", {
  perPage: 50,
  lastKey: [event.timestamp, event.event_id],
  hasNext: true,
  hasPrevious: false,
});
const next = new URL(links.next ?? "", "http://localhost").searchParams.get("cursor");
assert.deepEqual(decodeCursor(next ?? ""), { direction: "after", key: [event.timestamp, event.event_id] });
console.log("cursor link:", links.next);

// 3. Errors: a failed parse becomes field errors, and an ApiError travels as problem+json.
const bad = AnalyticsEvent.safeParse({ ...event, source_module: "llm-costops", severity: "WARNING" });
assert.equal(bad.success, false);
const invalid = fromZodError(bad.error, { timestamp: now });
assert.deepEqual(Object.keys(invalid.field_errors ?? {}), ["source_module", "severity"]);
const problem = toProblemDetails(invalid);
assert.equal(problem.status, 422);
assert.deepEqual(
  problem.errors?.map((e) => e.pointer),
  ["#/source_module", "#/severity"],
);
assert.deepEqual(fromProblemDetails(JSON.parse(JSON.stringify(problem))), invalid);
const missing = toProblemDetails(createNotFoundError("event 42 not found", { timestamp: now }), {
  instance: "/v1/events/42",
});
console.log("problem+json:", JSON.stringify(missing));

// 4. A stream over Server-Sent Events: multi-line data is framed correctly, the SSE id is the
//    sequence (a reconnecting client resumes from Last-Event-ID), and chunks may split anywhere.
const stamp = (sequence: number) => ({ event_id: "0e3a6420-b77e-4525-b7c2-04cd03355b12", sequence, timestamp: now });
const wire =
  encodeSse(streamEventToSse(createStreamEvent("data", event, stamp(0)))) +
  encodeSse({ event: "note", data: "two\nlines" }) +
  encodeSse(streamEventToSse(createHeartbeatEvent(stamp(1))));
let state: SseParserState | undefined;
const received = [];
for (let i = 0; i < wire.length; i += 7) {
  const result = parseSse(wire.slice(i, i + 7), state);
  received.push(...result.events);
  state = result.state;
}
assert.deepEqual(
  received.map((e) => e.type),
  ["data", "note", "heartbeat"],
);
assert.equal(received[1]?.data, "two\nlines");
assert.equal(state?.lastEventId, "1");
const first = sseToStreamEvent(received[0]!, AnalyticsEvent);
assert.ok(first.success);
assert.deepEqual(first.data.data, event);
console.log("stream:", received.map((e) => `${e.type}#${e.lastEventId}`).join(" "));

// 5. A batch: counts and status come from the item results, so they cannot disagree.
const batch = createBatchResponse(
  [
    createBatchItemSuccess(0, event, event.event_id),
    createBatchItemFailure(1, createNotFoundError("no such model", { timestamp: now })),
  ],
  { batch_id: "f3a0fd41-710e-4650-8100-8b2336db4d10" },
);
assert.equal(batch.status, "partial_success");
assert.equal(batch.success_count, 1);
console.log("batch:", batch.status, `${batch.success_count}/${batch.total_items}`);

// 6. The ingestion service's acknowledgement is ApiResponse<()>: "data": null reads as absent.
const ack = decode(ApiResponse(AnalyticsEvent), JSON.stringify(createSuccessResponse(null, meta)));
assert.ok(ack.success);
console.log("api example: ok");
