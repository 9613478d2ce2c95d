import { withFastPath } from "../core/zod-internals.js";
import { AnalyticsEvent, type AnalyticsEventInput } from "../events/schema/event.js";
import { parseAnalyticsEvent, validateAnalyticsEvent } from "./generated/analytics-event.js";

// The AnalyticsEvent functions import its generated module directly, not the registry of every
// type (src/fast/types.ts), so that a bundle using only them carries no other type's code.

/**
 * True exactly when `AnalyticsEvent.safeParse(value).success` is, without running Zod: a
 * validator generated from the AnalyticsEvent schema at build time (scripts/build-validators.ts)
 * that builds no output. Use it on values (`JSON.parse` output); for JSON text, where repeated
 * keys and `12.0` integers matter, use `isAnalyticsEventText`. For the issues of a rejected
 * value, run `AnalyticsEvent.safeParse` (or `FastAnalyticsEvent.safeParse`, which does so).
 *
 * Method: straight-line type tests per field, a `switch` per tagged union, the schema's own
 * patterns, enum sets and refine predicates. O(size of the value); no allocation.
 */
export function isAnalyticsEvent(value: unknown): value is AnalyticsEventInput {
  return validateAnalyticsEvent(value);
}

/**
 * `AnalyticsEvent` with the generated parser installed (`z.withParser`): `parse`, `safeParse`
 * and use inside other schemas give exactly AnalyticsEvent's output (canonical UUIDs and
 * timestamps, defaults, the content-derived `event_id`) from generated code; a value it rejects
 * goes to Zod's interpreter, so the issues are Zod's own. `z.validate(FastAnalyticsEvent, v)`
 * uses the allocation-free validator of `isAnalyticsEvent`. `fastPathOf(name).schema` is the same
 * for every published type.
 */
export const FastAnalyticsEvent: typeof AnalyticsEvent = /* @__PURE__ */ withFastPath(
  AnalyticsEvent,
  parseAnalyticsEvent,
  validateAnalyticsEvent,
);
