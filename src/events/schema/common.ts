import * as z from "zod";
import { lazyFields, lazySchema } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { stringMap } from "../../core/maps.js";
import { named } from "../../core/named.js";
import { createEnumOrder } from "../../core/tagging.js";
import { Timestamp } from "../../core/timestamp.js";
import { Uuid } from "../../core/uuid.js";

/** The schema version this library writes (`SCHEMA_VERSION` in the hub's events.rs and lib.rs). */
export const SCHEMA_VERSION = "1.0.0";

export const SOURCE_MODULES = [
  "llm-observatory",
  "llm-sentinel",
  "llm-cost-ops",
  "llm-governance-dashboard",
  "llm-registry",
  "llm-policy-engine",
  "llm-analytics-hub",
] as const;
/** The module that emitted an event (kebab-case on the wire; note `llm-cost-ops`, not `llm-costops`). */
export const SourceModule = lazySchema(() =>
  z.enum(SOURCE_MODULES).meta({ description: "Module that emitted the event" }),
);
export type SourceModule = z.infer<typeof SourceModule>;

export const EVENT_TYPES = ["telemetry", "security", "cost", "governance", "lifecycle", "audit", "alert"] as const;
export const EventType = lazySchema(() => z.enum(EVENT_TYPES).meta({ description: "Kind of event" }));
export type EventType = z.infer<typeof EventType>;

export const SEVERITIES = ["debug", "info", "warning", "error", "critical"] as const;
/** Event severity; ordered debug < info < warning < error < critical (Rust `Ord`). */
export const Severity = lazySchema(() =>
  z.enum(SEVERITIES).meta({ description: "Severity, lowest to highest: debug, info, warning, error, critical" }),
);
export type Severity = z.infer<typeof Severity>;
/** Ordering of Severity in declaration order: `SEVERITY_ORDER.compare("info", "error") < 0`. */
export const SEVERITY_ORDER = createEnumOrder(SEVERITIES);

/**
 * The fields every event carries, flattened at the top level of AnalyticsEvent
 * (`CommonEventFields` in the hub). `event_id` is optional on input: see AnalyticsEvent.
 */
export const CommonEventFields = lazySchema(() =>
  named<CommonEventFields>()(
    z.object(
      lazyFields({
        get event_id() {
          return Uuid.optional().meta({
            description:
              "Event id. When missing, the hub draws a random v4 UUID; this library derives a name-based v5 UUID from the event's content so the same document always gets the same id",
          });
        },
        get timestamp() {
          return Timestamp.meta({ description: "When the event happened (RFC 3339)" });
        },
        source_module: SourceModule,
        event_type: EventType,
        get correlation_id() {
          return Uuid.nullish().meta({ description: "Groups related events across modules" });
        },
        get parent_event_id() {
          return Uuid.nullish().meta({ description: "The event that caused this one" });
        },
        get schema_version() {
          return z
            .string()
            .default(SCHEMA_VERSION)
            .meta({ description: 'Schema version (free text in the hub; defaults to "1.0.0")' });
        },
        severity: Severity,
        get environment() {
          return z.string().meta({ description: 'Deployment environment, e.g. "production"' });
        },
        get tags() {
          return stringMap()
            .default(() => ({}))
            .meta({ description: "Free-form string tags (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
/**
 * The fields every event carries, flattened at the top level of AnalyticsEvent
 * (`CommonEventFields` in the hub). `event_id` is optional on input: see AnalyticsEvent.
 */
export type CommonEventFields = {
  /** Event id. When missing, the hub draws a random v4 UUID; this library derives a name-based v5 UUID from the event's content so the same document always gets the same id */
  event_id?: string | undefined;
  /** When the event happened (RFC 3339) */
  timestamp: string;
  source_module: SourceModule;
  event_type: EventType;
  /** Groups related events across modules */
  correlation_id?: string | null | undefined;
  /** The event that caused this one */
  parent_event_id?: string | null | undefined;
  /** Schema version (free text in the hub; defaults to "1.0.0") */
  schema_version: string;
  severity: Severity;
  /** Deployment environment, e.g. "production" */
  environment: string;
  /** Free-form string tags (defaults to {}; null is rejected) */
  tags: StringMap;
};
