import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  API_ERROR_STATUS,
  ApiError,
  apiError,
  badRequest,
  conflict,
  fieldPath,
  forbidden,
  fromZodError,
  internalError,
  notFound,
  rateLimited,
  serviceUnavailable,
  unauthorized,
  validationError,
} from "../../src/api/index.js";
import { safeParseStrict } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { DashboardConfig } from "../../src/metadata/index.js";

const at = { timestamp: "2025-09-13T12:00:00Z" };

describe("ApiError presets", () => {
  it("give the codes and statuses the issue and RFC 9110 §15 assign", () => {
    const cases = [
      [badRequest, "bad_request", 400],
      [unauthorized, "unauthorized", 401],
      [forbidden, "forbidden", 403],
      [notFound, "not_found", 404],
      [conflict, "conflict", 409],
      [validationError, "validation_error", 422],
      [rateLimited, "rate_limited", 429],
      [internalError, "internal_error", 500],
      [serviceUnavailable, "service_unavailable", 503],
    ] as const;
    for (const [make, code, status] of cases) {
      expect(make("m", at)).toEqual({ code, message: "m", status_code: status, timestamp: "2025-09-13T12:00:00Z" });
      expect(API_ERROR_STATUS[code]).toBe(status);
    }
  });

  it("take the timestamp as a parameter and write it in UTC (§1 rule 1)", () => {
    expect(notFound("x", { timestamp: "2025-09-13T12:00:02-08:00" }).timestamp).toBe("2025-09-13T20:00:02Z");
    expect(notFound("x", { timestamp: new Date(Date.UTC(2025, 8, 13, 12, 0, 0, 123)) }).timestamp).toBe(
      "2025-09-13T12:00:00.123Z",
    );
    expect(() => notFound("x", { timestamp: "2025-09-13 12:00:00" })).toThrow(
      "notFound: options.timestamp must be an RFC 3339 timestamp",
    );
    expect(() => notFound("x", { timestamp: new Date(Number.NaN) })).toThrow(
      "notFound: options.timestamp is an invalid Date",
    );
  });

  it("carry details and field errors, checked by the ApiError schema", () => {
    const error = badRequest("bad", {
      ...at,
      details: { suggestions: ["use kebab-case"], context: { received: ["a"] } },
      field_errors: { source_module: ["unknown variant"] },
    });
    expect(ApiError.parse(error)).toEqual(error);
    expect(() => badRequest("bad", { ...at, field_errors: { a: "not a list" as unknown as string[] } })).toThrow(
      "badRequest: field_errors.a",
    );
  });

  it("apiError rejects a status beyond u16", () => {
    expect(apiError("enrichment_failed", "m", 503, at).status_code).toBe(503);
    expect(() => apiError("x", "m", 70_000, at)).toThrow("apiError: status_code must be an integer within [0, 65535]");
  });
});

describe("fromZodError", () => {
  it("files each issue under its dotted path and counts the fields", () => {
    const parsed = AnalyticsEvent.safeParse({
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-costops",
      event_type: "cost",
      severity: "info",
      environment: "production",
    });
    expect(parsed.success).toBe(false);
    const error = fromZodError(parsed.error!, at);
    const messages = (path: string) =>
      parsed.error!.issues.filter((i) => fieldPath(i.path) === path).map((i) => i.message);
    expect(error).toEqual({
      code: "validation_error",
      message: "2 fields failed validation",
      status_code: 422,
      field_errors: { source_module: messages("source_module"), payload: messages("payload") },
      timestamp: "2025-09-13T12:00:00Z",
    });
  });

  it("writes array indices and nested keys with dots, as the hub's field errors do", () => {
    expect(fieldPath(["payload", "data", "prompt_tokens"])).toBe("payload.data.prompt_tokens");
    expect(fieldPath(["widgets", 0, "position", "x"])).toBe("widgets.0.position.x");
    expect(fieldPath([])).toBe("");
    const parsed = DashboardConfig.safeParse({ widgets: [{ position: { x: -1 } }] });
    const error = fromZodError(parsed.error!, at);
    expect(Object.keys(error.field_errors ?? {})).toContain("widgets.0.position.x");
  });

  it("files each unrecognized key (strict mode) under its own path", () => {
    const Schema = z.object({ a: z.object({ b: z.number() }) });
    const strict = safeParseStrict(Schema, { a: { b: 1, ttft: 2, zz: 3 } });
    expect(fromZodError(strict.error!, at).field_errors).toEqual({
      "a.ttft": ['Unrecognized key: "ttft"'],
      "a.zz": ['Unrecognized key: "zz"'],
    });
  });

  it("files a root issue under the empty key and takes code, status and message overrides", () => {
    const parsed = z.object({}).safeParse("text");
    const error = fromZodError(parsed.error!, { ...at, code: "bad_request", status_code: 400, message: "not JSON" });
    expect(error).toMatchObject({ code: "bad_request", status_code: 400, message: "not JSON" });
    expect(Object.keys(error.field_errors ?? {})).toEqual([""]);
  });

  it("rejects what is not a ZodError with issues", () => {
    expect(() => fromZodError({ issues: [] }, at)).toThrow("fromZodError: the error has no issues");
    expect(() => fromZodError(null as never, at)).toThrow("fromZodError: expected a ZodError");
  });
});
