import * as z from "zod";
import { canonicalJson } from "../../core/canonical-json.js";
import { JsonValue } from "../../core/json-value.js";
import { extendLazily, lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { flattenedStruct, tagUnion } from "../../core/tagging.js";
import { uuidV5 } from "../../core/uuid-make.js";
import { shapeKeysOf } from "../../core/zod-internals.js";
import { CommonEventFields, type EventType, type Severity, type SourceModule } from "./common.js";
import { CostPayload } from "./cost.js";
import { GovernancePayload } from "./governance.js";
import { SecurityPayload } from "./security.js";
import { TelemetryPayload } from "./telemetry.js";

/** A payload of the caller's own kind: `custom_type` names it, `data` is any JSON (key required, null allowed). */
export const CustomPayload = lazySchema(() =>
  named<CustomPayload>()(
    z.object(
      lazyFields({
        get custom_type() {
          return z.string();
        },
        data: JsonValue,
      }),
    ),
  ),
);
/** A payload of the caller's own kind: `custom_type` names it, `data` is any JSON (key required, null allowed). */
export type CustomPayload = {
  custom_type: string;
  data: JsonValue;
};

export const PAYLOAD_TYPES = ["telemetry", "security", "cost", "governance", "custom"] as const;
export type PayloadType = (typeof PAYLOAD_TYPES)[number];

/**
 * The event payload, adjacently tagged: `{"payload_type": "...", "data": {...}}`. `data` is
 * required and may come before the tag. Nothing ties `payload_type` to `event_type` (see the
 * semantic checks).
 */
export const EventPayload = lazySchema(() =>
  namedUnion<EventPayload>()(
    tagUnion(
      "EventPayload",
      "payload_type",
      {
        telemetry: z.object({ data: TelemetryPayload }),
        security: z.object({ data: SecurityPayload }),
        cost: z.object({ data: CostPayload }),
        governance: z.object({ data: GovernancePayload }),
        custom: z.object({ data: CustomPayload }),
      },
      { content: "data" },
    ),
  ),
);
/**
 * The event payload, adjacently tagged: `{"payload_type": "...", "data": {...}}`. `data` is
 * required and may come before the tag. Nothing ties `payload_type` to `event_type` (see the
 * semantic checks).
 */
export type EventPayload =
  | {
      payload_type: "custom";
      data: CustomPayload;
    }
  | {
      payload_type: "telemetry";
      data: TelemetryPayload;
    }
  | {
      payload_type: "security";
      data: SecurityPayload;
    }
  | {
      payload_type: "cost";
      data: CostPayload;
    }
  | {
      payload_type: "governance";
      data: GovernancePayload;
    };

/**
 * Namespace of the name-based (v5) UUIDs given to events that arrive without `event_id`:
 * the v5 UUID of "llm-analytics-hub/event-id" in the RFC 9562 URL namespace.
 */
// Written out (test/core/uuid-make.test.ts derives it): computing it at import loaded node:crypto.
export const EVENT_ID_NAMESPACE = "15ac9ab4-f4be-58b9-be0b-e3451811fb13";

/**
 * The id an event without `event_id` receives: a v5 UUID over the canonical JSON (sorted
 * keys) of the parsed event. The hub draws a random v4 instead, so one document parsed twice
 * is two events there; here it is always the same event, and documents that differ only in
 * key order, unknown keys or UUID/timestamp spelling get the same id.
 */
export function contentEventId(event: object): string {
  return uuidV5(canonicalJson(event), EVENT_ID_NAMESPACE);
}

// `common` is flattened in the hub: its fields are read from serde's buffered content, `payload` directly.
const AnalyticsEventFields = lazySchema(() =>
  flattenedStruct(extendLazily(CommonEventFields, { payload: EventPayload }), shapeKeysOf(CommonEventFields)),
);

type ParsedEvent = z.output<typeof AnalyticsEventFields>;

/** A parsed event with its `event_id`, the content-derived one when it had none (AnalyticsEvent's transform). */
export function withEventId(event: ParsedEvent): AnalyticsEvent {
  // With an id, the same object as below (the id first, then the other fields in their order)
  // without the intermediate copy a rest pattern makes: ~2 % of `correlate` on 330k events.
  const id = event.event_id;
  if (id !== undefined && id !== null) return { event_id: id, ...event } as AnalyticsEvent;
  const { event_id, ...rest } = event;
  return { event_id: event_id ?? contentEventId(rest), ...rest };
}

/**
 * An analytics event: the common fields flattened at the top level, and `payload`.
 * Parsing canonicalizes UUIDs and timestamps as the hub does, fills `schema_version`
 * ("1.0.0") and `tags` ({}), and gives a missing `event_id` a deterministic content-derived
 * UUID (see `contentEventId`).
 */
export const AnalyticsEvent = lazySchema(() =>
  AnalyticsEventFields.transform(withEventId).meta({
    description:
      "An analytics event of the LLM Analytics Hub: common fields at the top level and an adjacently tagged payload",
  }),
);
/**
 * An analytics event as `AnalyticsEvent.parse` and `decode` return it: the common fields at
 * the top level (`event_id` always present), and the adjacently tagged `payload`.
 */
export type AnalyticsEvent = {
  /** Event id: the document's, canonicalized, or a name-based v5 UUID of the content when it had none */
  event_id: string;
  /** When the event happened (RFC 3339, canonicalized as the hub writes it) */
  timestamp: string;
  source_module: SourceModule;
  event_type: EventType;
  /** Groups related events across modules */
  correlation_id?: string | null | undefined;
  /** The event that caused this one */
  parent_event_id?: string | null | undefined;
  /** Schema version (free text in the hub; "1.0.0" when the document had none) */
  schema_version: string;
  severity: Severity;
  /** Deployment environment, e.g. "production" */
  environment: string;
  /** Free-form string tags ({} when the document had none) */
  tags: StringMap;
  payload: EventPayload;
};
/** What `AnalyticsEvent.parse` accepts: `event_id`, `schema_version` and `tags` may be left out. */
export type AnalyticsEventInput = z.input<typeof AnalyticsEvent>;
