import { expectTypeOf, test } from "vitest";
import type * as z from "zod";
import type { AnalyticsEvent, AnalyticsEventInput } from "../../src/events/schema/event.js";
import {
  decodeAnalyticsEvent,
  type EventLinesReport,
  type FastAnalyticsEvent,
  isAnalyticsEvent,
  isAnalyticsEventText,
  validateEventLines,
} from "../../src/fast/index.js";

test("isAnalyticsEvent narrows to the input type", () => {
  const value: unknown = {};
  if (isAnalyticsEvent(value)) expectTypeOf(value).toEqualTypeOf<AnalyticsEventInput>();
  expectTypeOf(isAnalyticsEventText).returns.toEqualTypeOf<boolean>();
});

test("FastAnalyticsEvent is typed as AnalyticsEvent", () => {
  expectTypeOf<z.output<typeof FastAnalyticsEvent>>().toEqualTypeOf<AnalyticsEvent>();
  expectTypeOf<z.input<typeof FastAnalyticsEvent>>().toEqualTypeOf<AnalyticsEventInput>();
});

test("the text functions return decode's result type and a line report", () => {
  expectTypeOf(decodeAnalyticsEvent).returns.toEqualTypeOf<z.ZodSafeParseResult<AnalyticsEvent>>();
  expectTypeOf(validateEventLines).returns.toEqualTypeOf<EventLinesReport>();
  expectTypeOf(validateEventLines).parameter(0).toEqualTypeOf<string | Uint8Array>();
  expectTypeOf<EventLinesReport["invalid"]>().toEqualTypeOf<readonly number[]>();
});
