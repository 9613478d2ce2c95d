import type { CloudEvent } from "cloudevents";
import { describe, expectTypeOf, it } from "vitest";
import type { AnalyticsEvent, AnalyticsEventInput } from "../../src/events/index.js";
import { fromCloudEvent, type HubCloudEvent, toCloudEvent } from "../../src/interop/cloudevents.js";

describe("CloudEvents interop types", () => {
  it("types both directions", () => {
    expectTypeOf(toCloudEvent).parameter(0).toEqualTypeOf<AnalyticsEventInput>();
    expectTypeOf(toCloudEvent).returns.toEqualTypeOf<HubCloudEvent>();
    expectTypeOf(fromCloudEvent).returns.toEqualTypeOf<AnalyticsEvent>();
    expectTypeOf<HubCloudEvent["data"]>().toEqualTypeOf<AnalyticsEvent>();
    expectTypeOf<HubCloudEvent["specversion"]>().toEqualTypeOf<"1.0">();
    expectTypeOf<HubCloudEvent["correlationid"]>().toEqualTypeOf<string | undefined>();
  });
});

describe("CloudEvents SDK compatibility", () => {
  it("passes toCloudEvent output straight to the SDK's constructor", () => {
    expectTypeOf<HubCloudEvent>().toMatchTypeOf<ConstructorParameters<typeof CloudEvent>[0]>();
  });
});
