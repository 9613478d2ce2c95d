import { v5 as uuidV5 } from "uuid";
import * as z from "zod";
import { canonicalJson } from "../../core/canonical-json.js";
import { JsonValue } from "../../core/json-value.js";
import { flattenedStruct, tagUnion } from "../../core/tagging.js";
import { CommonEventFields } from "./common.js";
import { CostPayload } from "./cost.js";
import { GovernancePayload } from "./governance.js";
import { SecurityPayload } from "./security.js";
import { TelemetryPayload } from "./telemetry.js";

/** A payload of the caller's own kind: `custom_type` names it, `data` is any JSON (key required, null allowed). */
export const CustomPayload = z.object({
  custom_type: z.string(),
  data: JsonValue,
});
export type CustomPayload = z.infer<typeof CustomPayload>;

export const PAYLOAD_TYPES = ["telemetry", "security", "cost", "governance", "custom"] as const;
export type PayloadType = (typeof PAYLOAD_TYPES)[number];

/**
 * The event payload, adjacently tagged: `{"payload_type": "...", "data": {...}}`. `data` is
 * required and may come before the tag. Nothing ties `payload_type` to `event_type` (see the
 * semantic checks).
 */
export const EventPayload = tagUnion(
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
);
export type EventPayload = z.infer<typeof EventPayload>;

/**
 * Namespace of the name-based (v5) UUIDs given to events that arrive without `event_id`:
 * the v5 UUID of "llm-analytics-hub/event-id" in the RFC 9562 URL namespace.
 */
export const EVENT_ID_NAMESPACE = uuidV5("llm-analytics-hub/event-id", uuidV5.URL);

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
const AnalyticsEventFields = flattenedStruct(
  CommonEventFields.extend({ payload: EventPayload }),
  Object.keys(CommonEventFields.shape),
);

type ParsedEvent = z.output<typeof AnalyticsEventFields>;
type WithId = Omit<ParsedEvent, "event_id"> & { event_id: string };

/**
 * An analytics event: the common fields flattened at the top level, and `payload`.
 * Parsing canonicalizes UUIDs and timestamps as the hub does, fills `schema_version`
 * ("1.0.0") and `tags` ({}), and gives a missing `event_id` a deterministic content-derived
 * UUID (see `contentEventId`).
 */
export const AnalyticsEvent = AnalyticsEventFields.transform((event): WithId => {
  const { event_id, ...rest } = event;
  return { event_id: event_id ?? contentEventId(rest), ...rest };
}).meta({
  description:
    "An analytics event of the LLM Analytics Hub: common fields at the top level and an adjacently tagged payload",
});
export type AnalyticsEvent = z.output<typeof AnalyticsEvent>;
/** What `AnalyticsEvent.parse` accepts: `event_id`, `schema_version` and `tags` may be left out. */
export type AnalyticsEventInput = z.input<typeof AnalyticsEvent>;
