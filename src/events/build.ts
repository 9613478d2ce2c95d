import type * as z from "zod";
import { fromEpochMillis } from "../core/timestamp.js";
import { uuidV7 } from "../core/uuid-make.js";
import type { EventType, Severity, SourceModule } from "./schema/common.js";
import type { CostPayload } from "./schema/cost.js";
import { AnalyticsEvent } from "./schema/event.js";
import type { GovernancePayload } from "./schema/governance.js";
import type { SecurityPayload } from "./schema/security.js";
import type { TelemetryPayload } from "./schema/telemetry.js";

/** Where a builder gets time and randomness; inject both for reproducible events. */
export interface EventClock {
  /** Epoch milliseconds now. Default: `Date.now`. */
  readonly now?: () => number;
  /** 16 random bytes for the UUID v7 `event_id`. Default: the platform's crypto RNG. */
  readonly random?: () => Uint8Array;
}

/** The common fields a caller sets; the builder fills the rest. */
export interface EventCommonInput {
  readonly environment: string;
  /** Default `"info"`. */
  readonly severity?: Severity;
  /** Default: the module that owns the payload family (see `DEFAULT_SOURCE_MODULES`). */
  readonly source_module?: SourceModule;
  /** Default: the payload family (`"telemetry"`, …; `"audit"` is never guessed). Custom payloads default to `"lifecycle"`. */
  readonly event_type?: EventType;
  readonly correlation_id?: string;
  readonly parent_event_id?: string;
  readonly tags?: Readonly<Record<string, string>>;
  /** Override the clock's timestamp (RFC 3339; canonicalized). */
  readonly timestamp?: string;
  /** Override the generated UUID v7. */
  readonly event_id?: string;
}

/** The module that emits each payload family in the hub's platform, used when none is given. */
export const DEFAULT_SOURCE_MODULES = {
  telemetry: "llm-observatory",
  security: "llm-sentinel",
  cost: "llm-cost-ops",
  governance: "llm-governance-dashboard",
  custom: "llm-analytics-hub",
} as const satisfies Record<string, SourceModule>;

const DEFAULT_EVENT_TYPES = {
  telemetry: "telemetry",
  security: "security",
  cost: "cost",
  governance: "governance",
  custom: "lifecycle",
} as const satisfies Record<string, EventType>;

type Family = keyof typeof DEFAULT_SOURCE_MODULES;

/** An AnalyticsEvent whose payload is known to be `{ payload_type: F, data: D }`. */
export type EventOf<F extends Family, D> = Omit<AnalyticsEvent, "payload"> & {
  payload: { payload_type: F; data: D };
};

function build<F extends Family, D>(
  family: F,
  data: unknown,
  common: EventCommonInput,
  clock: EventClock,
): EventOf<F, D> {
  const ms = common.timestamp === undefined || common.event_id === undefined ? (clock.now ?? Date.now)() : 0;
  const event_id = common.event_id ?? uuidV7({ msecs: ms, random: clock.random?.() });
  const raw = {
    event_id,
    timestamp: common.timestamp ?? fromEpochMillis(ms),
    source_module: common.source_module ?? DEFAULT_SOURCE_MODULES[family],
    event_type: common.event_type ?? DEFAULT_EVENT_TYPES[family],
    ...(common.correlation_id === undefined ? {} : { correlation_id: common.correlation_id }),
    ...(common.parent_event_id === undefined ? {} : { parent_event_id: common.parent_event_id }),
    severity: common.severity ?? "info",
    environment: common.environment,
    tags: { ...common.tags },
    payload: { payload_type: family, data },
  };
  // Parsing validates the caller's fields and canonicalizes ids and timestamps, so the result
  // is a fixed point of AnalyticsEvent.parse.
  return AnalyticsEvent.parse(raw) as EventOf<F, D>;
}

type In<S extends z.ZodType> = z.input<S>;
type Out<S extends z.ZodType> = z.output<S>;
type Narrow<U, I> = Extract<U, { [K in keyof I & keyof U]: I[K] }>;

/**
 * A telemetry event from its payload (the `telemetry_type` tag picks the variant): fills
 * `event_id` (UUID v7, time-ordered), `timestamp` (from the clock), `schema_version`,
 * `payload_type`, and defaults `event_type` "telemetry", `source_module` "llm-observatory",
 * `severity` "info". Throws a ZodError naming the path when a field is invalid.
 */
export function createTelemetryEvent<const D extends In<typeof TelemetryPayload>>(
  data: D,
  common: EventCommonInput,
  clock: EventClock = {},
): EventOf<"telemetry", Narrow<Out<typeof TelemetryPayload>, Pick<D, "telemetry_type">>> {
  return build("telemetry", data, common, clock);
}

/** A security event from its payload (`security_type` picks the variant); see createTelemetryEvent. */
export function createSecurityEvent<const D extends In<typeof SecurityPayload>>(
  data: D,
  common: EventCommonInput,
  clock: EventClock = {},
): EventOf<"security", Narrow<Out<typeof SecurityPayload>, Pick<D, "security_type">>> {
  return build("security", data, common, clock);
}

/** A cost event from its payload (`cost_type` picks the variant); see createTelemetryEvent. */
export function createCostEvent<const D extends In<typeof CostPayload>>(
  data: D,
  common: EventCommonInput,
  clock: EventClock = {},
): EventOf<"cost", Narrow<Out<typeof CostPayload>, Pick<D, "cost_type">>> {
  return build("cost", data, common, clock);
}

/** A governance event from its payload (`governance_type` picks the variant); see createTelemetryEvent. */
export function createGovernanceEvent<const D extends In<typeof GovernancePayload>>(
  data: D,
  common: EventCommonInput,
  clock: EventClock = {},
): EventOf<"governance", Narrow<Out<typeof GovernancePayload>, Pick<D, "governance_type">>> {
  return build("governance", data, common, clock);
}

/** A custom event: `custom_type` names it and `data` is any JSON value (`event_type` defaults to "lifecycle"). */
export function createCustomEvent<const T extends string>(
  customType: T,
  data: unknown,
  common: EventCommonInput,
  clock: EventClock = {},
): EventOf<"custom", { custom_type: T; data: unknown }> {
  return build("custom", { custom_type: customType, data }, common, clock);
}
