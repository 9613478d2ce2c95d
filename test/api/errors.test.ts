import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  API_ERROR_STATUS,
  ApiError,
  createApiError,
  createBadRequestError,
  createConflictError,
  createForbiddenError,
  createInternalError,
  createNotFoundError,
  createRateLimitedError,
  createServiceUnavailableError,
  createUnauthorizedError,
  createValidationError,
  fieldPath,
  fromZodError,
} from "../../src/api/index.js";
import { safeParseStrict } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { DashboardConfig } from "../../src/metadata/index.js";

const at = { timestamp: "2025-09-13T12:00:00Z" };

describe("ApiError presets", () => {
  it("give the codes and statuses the issue and RFC 9110 §15 assign", () => {
    const cases = [
      [createBadRequestError, "bad_request", 400],
      [createUnauthorizedError, "unauthorized", 401],
      [createForbiddenError, "forbidden", 403],
      [createNotFoundError, "not_found", 404],
      [createConflictError, "conflict", 409],
      [createValidationError, "validation_error", 422],
      [createRateLimitedError, "rate_limited", 429],
      [createInternalError, "internal_error", 500],
      [createServiceUnavailableError, "service_unavailable", 503],
    ] as const;
    for (const [make, code, status] of cases) {
      expect(make("m", at)).toEqual({ code, message: "m", status_code: status, timestamp: "2025-09-13T12:00:00Z" });
      expect(API_ERROR_STATUS[code]).toBe(status);
    }
  });

  it("take the timestamp as a parameter and write it in UTC (§1 rule 1)", () => {
    expect(createNotFoundError("x", { timestamp: "2025-09-13T12:00:02-08:00" }).timestamp).toBe("2025-09-13T20:00:02Z");
    expect(createNotFoundError("x", { timestamp: new Date(Date.UTC(2025, 8, 13, 12, 0, 0, 123)) }).timestamp).toBe(
      "2025-09-13T12:00:00.123Z",
    );
    expect(() => createNotFoundError("x", { timestamp: "2025-09-13 12:00:00" })).toThrow(
      "createNotFoundError: options.timestamp must be an RFC 3339 timestamp",
    );
    expect(() => createNotFoundError("x", { timestamp: new Date(Number.NaN) })).toThrow(
      "createNotFoundError: options.timestamp is an invalid Date",
    );
  });

  it("carry details and field errors, checked by the ApiError schema", () => {
    const error = createBadRequestError("bad", {
      ...at,
      details: { suggestions: ["use kebab-case"], context: { received: ["a"] } },
      field_errors: { source_module: ["unknown variant"] },
    });
    expect(ApiError.parse(error)).toEqual(error);
    expect(() =>
      createBadRequestError("bad", { ...at, field_errors: { a: "not a list" as unknown as string[] } }),
    ).toThrow("createBadRequestError: field_errors.a");
  });

  it("createApiError rejects a status beyond u16", () => {
    expect(createApiError({ code: "enrichment_failed", message: "m", status_code: 503, ...at }).status_code).toBe(503);
    expect(() => createApiError({ code: "x", message: "m", status_code: 70_000, ...at })).toThrow(
      "createApiError: status_code must be an integer within [0, 65535]",
    );
  });
});

describe("fromZodError", () => {
  it("files each issue under its dotted path and counts the fields", () => {
    const body = {
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-costops",
      event_type: "cost",
      severity: "info",
      environment: "production",
    };
    const parsed = AnalyticsEvent.safeParse(body);
    expect(parsed.success).toBe(false);
    const error = fromZodError(parsed.error!, { ...at, input: body });
    expect(error).toEqual({
      code: "validation_error",
      message: "2 fields failed validation",
      status_code: 422,
      field_errors: {
        source_module: [
          'expected one of "llm-observatory", "llm-sentinel", "llm-cost-ops", "llm-governance-dashboard", ' +
            '"llm-registry", "llm-policy-engine" or "llm-analytics-hub", received the string "llm-costops"',
        ],
        payload: ["missing required field `payload`"],
      },
      timestamp: "2025-09-13T12:00:00Z",
    });
  });

  it("says what a person would: missing fields, expected kinds and ranges, never a schema's internal name", () => {
    const body = {
      timestamp: "2025-06-03T14:22:05Z",
      source_module: "llm-cost-ops",
      event_type: "cost",
      environment: "production",
      payload: {
        payload_type: "cost",
        data: {
          cost_type: "token_cost",
          model_id: "gpt-4o-mini",
          request_id: "r-1",
          prompt_tokens: -1,
          completion_tokens: 1.5,
          total_tokens: 2 ** 40,
          cost_per_prompt_token: "0.15",
          cost_per_completion_token: 0.6,
          total_cost_usd: Number.POSITIVE_INFINITY,
          currency: "USD",
        },
      },
    };
    const parsed = AnalyticsEvent.safeParse(body);
    const withInput = fromZodError(parsed.error!, { ...at, input: body }).field_errors!;
    expect(withInput).toEqual({
      severity: ["missing required field `severity`"],
      "payload.data.prompt_tokens": ["must be at least 0, received the number -1"],
      "payload.data.completion_tokens": ["expected a whole number, received 1.5"],
      "payload.data.total_tokens": ["must be at most 4294967295, received the number 1099511627776"],
      "payload.data.cost_per_prompt_token": ['expected a number, received the string "0.15"'],
      "payload.data.total_cost_usd": ["expected a finite number, received Infinity"],
    });
    // Without the input, the issues alone still read plainly.
    const alone = fromZodError(parsed.error!, at).field_errors!;
    expect(alone["payload.data.cost_per_prompt_token"]).toEqual(["expected a number"]);
    expect(alone["payload.data.total_cost_usd"]).toEqual(["expected a finite number, received Infinity"]);
    expect(alone.severity).toEqual(['expected one of "debug", "info", "warning", "error" or "critical"']);
    for (const messages of [...Object.values(withInput), ...Object.values(alone)]) {
      for (const message of messages) expect(message).not.toMatch(/Invalid|\b[uif](8|16|32|64)\b/);
    }
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
      "a.ttft": ["unknown field `ttft`"],
      "a.zz": ["unknown field `zz`"],
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
