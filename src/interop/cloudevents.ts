import * as z from "zod";
import { decode } from "../core/decode.js";
import { extendLazily, lazyFields, lazySchema } from "../core/lazy.js";
import { compareTimestamps, TIMESTAMP_PATTERN, toEpochMillis } from "../core/timestamp.js";
import { canonicalUuid, UUID_PATTERN } from "../core/uuid.js";
import { CommonEventFields, type SourceModule } from "../events/schema/common.js";
import { AnalyticsEvent, type AnalyticsEventInput, EventPayload } from "../events/schema/event.js";
import { schemaId } from "../json-schema/generate.js";

/*
 * CloudEvents 1.0 in structured JSON mode (cloudevents/spec: cloudevents/spec.md v1.0.2 and
 * formats/json-format.md). The whole AnalyticsEvent is the `data`, described by `dataschema`
 * (the published JSON Schema `$id` of AnalyticsEvent); the context attributes repeat the parts a
 * broker routes on. `correlationid` and `causationid` are the attributes of the CloudEvents
 * Correlation extension (cloudevents/extensions/correlation.md); CloudEvents attribute names
 * allow only [a-z0-9], hence no underscores.
 */

export const CLOUDEVENTS_SPEC_VERSION = "1.0" as const;
/** The reverse-DNS prefix of every `type`: `io.llm-analytics-hub.telemetry.latency`. */
export const CLOUDEVENT_TYPE_PREFIX = "io.llm-analytics-hub" as const;
/** `source` is this prefix followed by the `source_module`: `urn:llm-analytics-hub:module:llm-observatory`. */
export const CLOUDEVENT_SOURCE_PREFIX = "urn:llm-analytics-hub:module:" as const;
export const CLOUDEVENT_DATA_CONTENT_TYPE = "application/json" as const;

/**
 * A hub event as a structured-mode CloudEvent (`JSON.stringify` it for `application/cloudevents+json`).
 * A type alias, not an interface, so that it is assignable to the `cloudevents` SDK's
 * `CloudEventV1` (which has an index signature): `new CloudEvent(toCloudEvent(e))` type-checks.
 */
export type HubCloudEvent = {
  readonly specversion: typeof CLOUDEVENTS_SPEC_VERSION;
  /** The `event_id`. */
  readonly id: string;
  /** CLOUDEVENT_SOURCE_PREFIX + `source_module`. */
  readonly source: string;
  /** See cloudEventType. */
  readonly type: string;
  /** The `timestamp`, all fraction digits kept. */
  readonly time: string;
  readonly datacontenttype: typeof CLOUDEVENT_DATA_CONTENT_TYPE;
  /** `schemaId("AnalyticsEvent")`. */
  readonly dataschema: string;
  /** The `correlation_id`, when the event has one. */
  readonly correlationid?: string;
  /** The `parent_event_id`, when the event has one. */
  readonly causationid?: string;
  readonly data: AnalyticsEvent;
};

/** The CloudEvents `source` of a module. */
export function cloudEventSource(module: SourceModule): string {
  return `${CLOUDEVENT_SOURCE_PREFIX}${module}`;
}

/**
 * The CloudEvents `type` of an event, from its payload: `io.llm-analytics-hub.<payload_type>.<variant>`
 * with the variant tag (`telemetry_type`, `security_type`, `cost_type`, `governance_type`), e.g.
 * `io.llm-analytics-hub.cost.token_cost`; custom payloads are `io.llm-analytics-hub.custom` (their
 * free-text `custom_type` stays in the data).
 */
export function cloudEventType(event: Pick<AnalyticsEvent, "payload">): string {
  const payload = event.payload;
  switch (payload.payload_type) {
    case "telemetry":
      return `${CLOUDEVENT_TYPE_PREFIX}.telemetry.${payload.data.telemetry_type}`;
    case "security":
      return `${CLOUDEVENT_TYPE_PREFIX}.security.${payload.data.security_type}`;
    case "cost":
      return `${CLOUDEVENT_TYPE_PREFIX}.cost.${payload.data.cost_type}`;
    case "governance":
      return `${CLOUDEVENT_TYPE_PREFIX}.governance.${payload.data.governance_type}`;
    case "custom":
      return `${CLOUDEVENT_TYPE_PREFIX}.custom`;
  }
}

function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => `${i.path.length ? `${i.path.join(".")}: ` : ""}${i.message}`).join("; ");
}

/**
 * A hub event as a CloudEvents 1.0 structured-mode event: `id` = event_id, `source` =
 * cloudEventSource(source_module), `type` = cloudEventType(event), `time` = timestamp,
 * `datacontenttype` application/json, `dataschema` = the AnalyticsEvent JSON Schema `$id`,
 * `correlationid` = correlation_id and `causationid` = parent_event_id (when set), `data` = the
 * parsed event. The input is parsed first (an invalid event is an error); for a parsed event,
 * `fromCloudEvent(toCloudEvent(e))` deep-equals `e`. Pure; O(size of the event).
 */
export function toCloudEvent(event: AnalyticsEventInput): HubCloudEvent {
  const parsed = AnalyticsEvent.safeParse(event);
  if (!parsed.success) throw new TypeError(`toCloudEvent: invalid AnalyticsEvent: ${issuesText(parsed.error)}`);
  const e = parsed.data;
  return {
    specversion: CLOUDEVENTS_SPEC_VERSION,
    id: e.event_id,
    source: cloudEventSource(e.source_module),
    type: cloudEventType(e),
    time: e.timestamp,
    datacontenttype: CLOUDEVENT_DATA_CONTENT_TYPE,
    dataschema: schemaId("AnalyticsEvent"),
    ...(e.correlation_id == null ? {} : { correlationid: e.correlation_id }),
    ...(e.parent_event_id == null ? {} : { causationid: e.parent_event_id }),
    data: e,
  };
}

// AnalyticsEvent before its transform, so that a missing event_id stays visible.
const EventFields = lazySchema(() => extendLazily(CommonEventFields, { payload: EventPayload }));

// A null attribute means "unset" in the JSON format (json-format.md §2.2).
const Envelope = lazySchema(() =>
  z.object(
    lazyFields({
      get specversion() {
        return z.string();
      },
      get id() {
        return z.string().min(1);
      },
      get source() {
        return z.string().min(1);
      },
      get type() {
        return z.string().min(1);
      },
      get time() {
        return z.string().nullish();
      },
      get datacontenttype() {
        return z.string().nullish();
      },
      get dataschema() {
        return z.string().nullish();
      },
      get correlationid() {
        return z.string().nullish();
      },
      get causationid() {
        return z.string().nullish();
      },
      get data() {
        return EventFields.optional();
      },
      get data_base64() {
        return z.string().nullish();
      },
    }),
  ),
);

const FN = "fromCloudEvent";

function fail(message: string): never {
  throw new TypeError(`${FN}: ${message}`);
}

/** A media type whose subtype is `json` or ends in `+json`, parameters ignored (json-format.md §3.1.1). */
function isJsonContentType(value: string): boolean {
  const media = (value.split(";")[0] ?? "").trim().toLowerCase();
  return /^[a-z0-9!#$&^_.+-]+\/(?:json|[a-z0-9!#$&^_.+-]*\+json)$/.test(media);
}

function base64Text(value: string): string {
  if (value.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) fail("data_base64 is not base64 (RFC 4648)");
  const bytes = Uint8Array.from(atob(value), (c) => c.charCodeAt(0));
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(bytes);
  } catch {
    return fail("data_base64 does not hold UTF-8 JSON text");
  }
}

function uuidAttribute(name: string, value: string): string {
  if (!UUID_PATTERN.test(value)) fail(`${name} ${JSON.stringify(value)} is not a UUID`);
  return canonicalUuid(value);
}

/**
 * The hub event carried by a CloudEvent in structured JSON mode: an object (such as
 * `JSON.parse` output or a `cloudevents` SDK `CloudEvent`) or the JSON text itself (read with
 * `decode`, so duplicated fields and integers spelled as floats are caught as the hub would).
 *
 * `data` (or `data_base64` holding UTF-8 JSON) must be an AnalyticsEvent document; the context
 * attributes must agree with it: `specversion` 1.0; `datacontenttype` JSON or absent;
 * `dataschema` the AnalyticsEvent `$id` or absent; `id` the event_id; `source` and `type` as
 * toCloudEvent writes them; `time`, when present, the same instant as `timestamp` (a `time`
 * with at most three fraction digits may match it to the millisecond, because the SDK writes
 * `time` through `Date#toISOString`; the event's own digits are in `data`); `correlationid`
 * and `causationid` the correlation_id and parent_event_id. An attribute fills the field when
 * `data` leaves it out (`id` → event_id, `correlationid` → correlation_id, `causationid` →
 * parent_event_id). Anything else is an error naming the function and the attribute.
 * O(size of the event).
 */
export function fromCloudEvent(cloudEvent: unknown): AnalyticsEvent {
  const parsed = typeof cloudEvent === "string" ? decode(Envelope, cloudEvent) : Envelope.safeParse(cloudEvent);
  if (!parsed.success) fail(`not a hub CloudEvent: ${issuesText(parsed.error)}`);
  const ce = parsed.data;
  if (ce.specversion !== CLOUDEVENTS_SPEC_VERSION) {
    fail(`specversion must be "1.0", received ${JSON.stringify(ce.specversion)}`);
  }
  if (ce.datacontenttype != null && !isJsonContentType(ce.datacontenttype)) {
    fail(`datacontenttype must declare JSON (application/json), received ${JSON.stringify(ce.datacontenttype)}`);
  }
  const expectedSchema = schemaId("AnalyticsEvent");
  if (ce.dataschema != null && ce.dataschema !== expectedSchema) {
    fail(`dataschema must be ${expectedSchema}, received ${JSON.stringify(ce.dataschema)}`);
  }

  let fields: z.output<typeof EventFields>;
  if (ce.data !== undefined) {
    if (ce.data_base64 != null)
      fail("data and data_base64 are both set; a CloudEvent carries one (json-format.md §3.1.1)");
    fields = ce.data;
  } else if (ce.data_base64 != null) {
    const inner = decode(EventFields, base64Text(ce.data_base64));
    if (!inner.success) fail(`data_base64 is not an AnalyticsEvent: ${issuesText(inner.error)}`);
    fields = inner.data;
  } else {
    return fail("the CloudEvent has no data");
  }

  const filled: Record<string, unknown> = { ...fields };
  if (fields.event_id === undefined) {
    filled.event_id = uuidAttribute("id", ce.id);
  } else if (!UUID_PATTERN.test(ce.id) || canonicalUuid(ce.id) !== fields.event_id) {
    fail(`id ${JSON.stringify(ce.id)} is not the data's event_id ${fields.event_id}`);
  }
  for (const [attribute, field] of [
    ["correlationid", "correlation_id"],
    ["causationid", "parent_event_id"],
  ] as const) {
    const value = ce[attribute];
    if (value == null) continue;
    const id = uuidAttribute(attribute, value);
    const own = fields[field];
    if (own === undefined) filled[field] = id;
    else if (own === null) fail(`${attribute} is ${id} but the data's ${field} is null`);
    else if (own !== id) fail(`${attribute} ${id} is not the data's ${field} ${own}`);
  }
  const source = cloudEventSource(fields.source_module);
  if (ce.source !== source)
    fail(`source ${JSON.stringify(ce.source)} does not match source_module: expected ${source}`);
  const type = cloudEventType(fields);
  if (ce.type !== type) fail(`type ${JSON.stringify(ce.type)} does not match the payload: expected ${type}`);
  if (ce.time != null) {
    if (!TIMESTAMP_PATTERN.test(ce.time)) fail(`time ${JSON.stringify(ce.time)} is not an RFC 3339 timestamp`);
    const digits = /\.(\d+)/.exec(ce.time)?.[1]?.length ?? 0;
    const same =
      compareTimestamps(ce.time, fields.timestamp) === 0 ||
      (digits <= 3 && toEpochMillis(ce.time) === toEpochMillis(fields.timestamp));
    if (!same) fail(`time ${ce.time} is not the data's timestamp ${fields.timestamp}`);
  }
  return AnalyticsEvent.parse(filled);
}
