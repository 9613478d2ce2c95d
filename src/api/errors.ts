import type * as z from "zod";
import { issueMessage } from "../core/messages.js";
import { describe } from "../stats/validate.js";
import { integerArg, timestampArg } from "./arguments.js";
import { ApiError, type ErrorDetails, type FieldErrors } from "./schema.js";

/**
 * The error codes with a preset and their HTTP status. The hub has constructors for the first
 * five (bad_request, unauthorized, forbidden, not_found, internal_error); its docs list the
 * others without constructors. 422 is RFC 9110 §15.5.21 "Unprocessable Content".
 */
export const API_ERROR_STATUS = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  validation_error: 422,
  rate_limited: 429,
  internal_error: 500,
  service_unavailable: 503,
} as const;
export type ApiErrorCode = keyof typeof API_ERROR_STATUS;

export interface ApiErrorOptions {
  /**
   * When the error happened: RFC 3339 text with an offset, or a valid Date. Required: nothing
   * in this library reads a clock (DESIGN.md §5), so a service passes `new Date()` and a test a
   * fixed time.
   */
  readonly timestamp: string | Date;
  readonly details?: ErrorDetails;
  readonly field_errors?: FieldErrors;
}

/** An ApiError's fields, as `createApiError` takes them. */
export interface ApiErrorInput extends ApiErrorOptions {
  /** Machine-readable code, e.g. `"not_found"` or one of your own. */
  readonly code: string;
  /** What went wrong, for a person. */
  readonly message: string;
  /** The HTTP status: an integer within [0, 65535] (a u16). */
  readonly status_code: number;
}

/**
 * An ApiError, as the hub's `ApiError::new(code, message, status)` with `.with_details()` and
 * `.with_field_errors()`, but with the timestamp passed in rather than read from a clock.
 *
 * ```ts
 * createApiError({ code: "enrichment_failed", message: "the model registry is down", status_code: 503, timestamp: new Date() });
 * ```
 *
 * Preconditions (each broken one throws, naming this function): `status_code` is an integer
 * within [0, 65535]; `timestamp` is RFC 3339 text with an offset or a valid Date; `details`
 * and `field_errors` have the hub's shapes. The result goes through the ApiError schema, so
 * it is canonical (UTC timestamp). O(size of the details).
 */
export function createApiError(input: ApiErrorInput): ApiError {
  const fn = "createApiError";
  if (typeof input !== "object" || input === null) {
    throw new TypeError(`${fn}: expected { code, message, status_code, timestamp }, received ${describe(input)}`);
  }
  const { code, message, status_code: statusCode, ...options } = input;
  return buildApiError(fn, { code, message, statusCode }, options, "timestamp");
}

/** What a preset fixes and its caller gives, before any of it is checked. */
interface ApiErrorHead {
  readonly code: string;
  readonly message: string;
  readonly statusCode: number;
}

/**
 * Checks the fields (`fn` is the public function that was called, for its errors) and parses
 * them through the ApiError schema; `timestampName` is how that function's caller named it.
 */
function buildApiError(
  fn: string,
  { code, message, statusCode }: ApiErrorHead,
  options: ApiErrorOptions,
  timestampName = "options.timestamp",
): ApiError {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options with a timestamp are required, received ${describe(options)}`);
  }
  if (options.timestamp === undefined) {
    throw new TypeError(
      `${fn}: a timestamp is required (nothing here reads a clock): pass new Date() or RFC 3339 text`,
    );
  }
  if (typeof code !== "string") throw new TypeError(`${fn}: code must be a string, received ${describe(code)}`);
  if (typeof message !== "string") {
    throw new TypeError(`${fn}: message must be a string, received ${describe(message)}`);
  }
  integerArg(fn, "status_code", statusCode, { min: 0, max: 65_535, note: " (a u16)" });
  const candidate: Record<string, unknown> = {
    code,
    message,
    status_code: statusCode,
    timestamp: timestampArg(fn, timestampName, options.timestamp),
  };
  if (options.details !== undefined) candidate.details = options.details;
  if (options.field_errors !== undefined) candidate.field_errors = options.field_errors;
  const parsed = ApiError.safeParse(candidate);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${fn}: ${issue?.path.join(".") || "error"}: ${issue?.message ?? "invalid ApiError"}`);
  }
  return parsed.data;
}

type Preset = (message: string, options: ApiErrorOptions) => ApiError;
const preset =
  (code: ApiErrorCode, fn: string): Preset =>
  (message, options) =>
    buildApiError(fn, { code, message, statusCode: API_ERROR_STATUS[code] }, options);

/** 400 `bad_request`. */
export const createBadRequestError: Preset = preset("bad_request", "createBadRequestError");
/** 401 `unauthorized`. */
export const createUnauthorizedError: Preset = preset("unauthorized", "createUnauthorizedError");
/** 403 `forbidden`. */
export const createForbiddenError: Preset = preset("forbidden", "createForbiddenError");
/** 404 `not_found`. */
export const createNotFoundError: Preset = preset("not_found", "createNotFoundError");
/** 409 `conflict`. */
export const createConflictError: Preset = preset("conflict", "createConflictError");
/** 422 `validation_error`. */
export const createValidationError: Preset = preset("validation_error", "createValidationError");
/** 429 `rate_limited`. */
export const createRateLimitedError: Preset = preset("rate_limited", "createRateLimitedError");
/** 500 `internal_error`. */
export const createInternalError: Preset = preset("internal_error", "createInternalError");
/** 503 `service_unavailable`. */
export const createServiceUnavailableError: Preset = preset("service_unavailable", "createServiceUnavailableError");

/**
 * The `field_errors` key of a path: its segments joined with `.`, array indices as numbers
 * (`["payload", "data", "prompt_tokens"]` → `"payload.data.prompt_tokens"`, `["widgets", 0, "x"]`
 * → `"widgets.0.x"`), the spelling the hub's own errors use. The root is `""`. A key that itself
 * contains a dot cannot be told apart from a deeper path; RFC 9457 pointers (`toProblemDetails`)
 * keep the same ambiguity, as they are derived from these keys.
 */
export function fieldPath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join(".");
}

export interface FromZodErrorOptions {
  /**
   * When the error happened: RFC 3339 text with an offset, or a valid Date. Required: nothing
   * in this library reads a clock (DESIGN.md §5); a service passes `new Date()`.
   */
  readonly timestamp: string | Date;
  /**
   * The value that failed to parse. With it, a field that is absent is reported as
   * "missing required field `name`" and each message names the value received; without it,
   * Zod's issues alone cannot tell a missing field from a wrong one.
   */
  readonly input?: unknown;
  /** Default `"validation_error"`. */
  readonly code?: string;
  /** Default 422. */
  readonly status_code?: number;
  /** Default `"<n> field(s) failed validation"`. */
  readonly message?: string;
  readonly details?: ErrorDetails;
}

/**
 * An ApiError for a failed parse, for a 422 response: each issue becomes a message under its
 * path's `field_errors` key (`fieldPath`), in issue order, worded for the client's developer
 * ("missing required field `severity`", "expected a number, received the string \"812\"",
 * "expected one of \"debug\", \"info\" or \"error\"", "unknown field `ttft`"), never a
 * schema's internal name. An `unrecognized_keys` issue (strict mode) files one entry per unknown
 * key, under that key's own path. Default code `validation_error`, status 422.
 *
 * ```ts
 * const parsed = AnalyticsEvent.safeParse(body);
 * if (!parsed.success) return fromZodError(parsed.error, { timestamp: new Date(), input: body });
 * ```
 *
 * Preconditions (each broken one throws, naming this function): `error` has a non-empty
 * `issues` array; `options.timestamp` is given (RFC 3339 text with an offset, or a valid
 * Date); `options.status_code` is a u16. O(issues × path length).
 */
export function fromZodError(
  error: { readonly issues: readonly z.core.$ZodIssue[] },
  options: FromZodErrorOptions,
): ApiError {
  const fn = "fromZodError";
  if (typeof error !== "object" || error === null || !Array.isArray(error.issues)) {
    throw new TypeError(`${fn}: expected a ZodError (an object with issues), received ${describe(error)}`);
  }
  if (error.issues.length === 0) throw new RangeError(`${fn}: the error has no issues`);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `${fn}: options with a timestamp are required (nothing here reads a clock): pass { timestamp: new Date() }`,
    );
  }
  const byKey = new Map<string, string[]>();
  const add = (path: readonly PropertyKey[], message: string) => {
    const key = fieldPath(path);
    const list = byKey.get(key);
    if (list) list.push(message);
    else byKey.set(key, [message]);
  };
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) add([...issue.path, key], `unknown field \`${key}\``);
    } else {
      add(issue.path, issueMessage(issue, options.input));
    }
  }
  const fields = byKey.size;
  const built: ApiErrorOptions = {
    timestamp: options.timestamp,
    field_errors: Object.fromEntries(byKey),
    ...(options.details === undefined ? {} : { details: options.details }),
  };
  const head = {
    code: options.code ?? "validation_error",
    message: options.message ?? `${fields} field${fields === 1 ? "" : "s"} failed validation`,
    statusCode: options.status_code ?? API_ERROR_STATUS.validation_error,
  };
  return buildApiError(fn, head, built);
}
