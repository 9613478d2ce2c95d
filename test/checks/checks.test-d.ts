import { describe, expectTypeOf, it } from "vitest";
import type * as z from "zod";
import {
  type CHECK_CODES,
  type CheckCode,
  type CheckIssue,
  type CheckSeverity,
  checkAnalyticsEvent,
  checkValue,
} from "../../src/checks/index.js";
import type { GraphIssue } from "../../src/correlation/graph.js";
import type { AnalyticsEvent } from "../../src/events/index.js";

describe("check types", () => {
  it("returns issues with a code from the catalogue, a severity and Zod's array path", () => {
    expectTypeOf(checkValue).returns.toEqualTypeOf<CheckIssue[]>();
    expectTypeOf<CheckIssue["code"]>().toEqualTypeOf<CheckCode>();
    expectTypeOf<CheckIssue["severity"]>().toEqualTypeOf<"error" | "warning">();
    expectTypeOf<CheckSeverity>().toEqualTypeOf<"error" | "warning">();
    expectTypeOf<CheckIssue["path"]>().toEqualTypeOf<readonly (string | number)[]>();
    // Every issue of the library is assignable to Zod's issue fields.
    expectTypeOf<CheckIssue>().toMatchTypeOf<{ code: string; path: readonly PropertyKey[]; message: string }>();
    expectTypeOf<GraphIssue>().toMatchTypeOf<{ code: string; path: readonly PropertyKey[]; message: string }>();
    expectTypeOf<z.core.$ZodIssue["path"]>().toMatchTypeOf<readonly PropertyKey[]>();
    expectTypeOf<"total_tokens_mismatch">().toMatchTypeOf<CheckCode>();
    expectTypeOf<(typeof CHECK_CODES)["total_tokens_mismatch"]["severity"]>().toEqualTypeOf<"error">();
  });

  it("takes parsed values in the per-type functions", () => {
    expectTypeOf(checkAnalyticsEvent).parameter(0).toEqualTypeOf<AnalyticsEvent>();
  });
});
