import type * as z from "zod";
import { describe, integerArg, timestampArg } from "./arguments.js";
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
  /** When the error happened: RFC 3339 text or a Date (no clock is read here). */
  readonly timestamp: string | Date;
  readonly details?: ErrorDetails;
  readonly field_errors?: FieldErrors;
}

/**
 * An ApiError, as the hub's `ApiError::new(code, message, status)` with `.with_details()` and
 * `.with_field_errors()`, but with the timestamp passed in rather than read from a clock. The
 * result goes through the ApiError schema, so it is canonical (UTC timestamp) and checked: a
 * status beyond u16 or a malformed detail throws, naming this function.
 */
export function apiError(code: string, message: string, statusCode: number, options: ApiErrorOptions): ApiError {
  return buildApiError("apiError", code, message, statusCode, options);
}

function buildApiError(
  fn: string,
  code: string,
  message: string,
  statusCode: number,
  options: ApiErrorOptions,
): ApiError {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options with a timestamp are required, received ${describe(options)}`);
  }
  integerArg(fn, "status_code", statusCode, 0, 65_535, " (a u16)");
  const candidate: Record<string, unknown> = {
    code,
    message,
    status_code: statusCode,
    timestamp: timestampArg(fn, "options.timestamp", options.timestamp),
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
    buildApiError(fn, code, message, API_ERROR_STATUS[code], options);

/** 400 `bad_request`. */
export const badRequest: Preset = preset("bad_request", "badRequest");
/** 401 `unauthorized`. */
export const unauthorized: Preset = preset("unauthorized", "unauthorized");
/** 403 `forbidden`. */
export const forbidden: Preset = preset("forbidden", "forbidden");
/** 404 `not_found`. */
export const notFound: Preset = preset("not_found", "notFound");
/** 409 `conflict`. */
export const conflict: Preset = preset("conflict", "conflict");
/** 422 `validation_error`. */
export const validationError: Preset = preset("validation_error", "validationError");
/** 429 `rate_limited`. */
export const rateLimited: Preset = preset("rate_limited", "rateLimited");
/** 500 `internal_error`. */
export const internalError: Preset = preset("internal_error", "internalError");
/** 503 `service_unavailable`. */
export const serviceUnavailable: Preset = preset("service_unavailable", "serviceUnavailable");

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
  readonly timestamp: string | Date;
  /** Default `"validation_error"`. */
  readonly code?: string;
  /** Default 422. */
  readonly status_code?: number;
  /** Default `"<n> field(s) failed validation"`. */
  readonly message?: string;
  readonly details?: ErrorDetails;
}

/**
 * An ApiError for a failed parse: every issue's message under its path's `field_errors` key
 * (`fieldPath`), in issue order; an `unrecognized_keys` issue (strict mode) files one entry per
 * unknown key, under that key's own path. Default code `validation_error`, status 422. O(issues).
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
    throw new TypeError(`${fn}: options with a timestamp are required, received ${describe(options)}`);
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
      for (const key of issue.keys) add([...issue.path, key], `Unrecognized key: ${JSON.stringify(key)}`);
    } else {
      add(issue.path, issue.message);
    }
  }
  const fields = byKey.size;
  const built: ApiErrorOptions = {
    timestamp: options.timestamp,
    field_errors: Object.fromEntries(byKey),
    ...(options.details === undefined ? {} : { details: options.details }),
  };
  return buildApiError(
    fn,
    options.code ?? "validation_error",
    options.message ?? `${fields} field${fields === 1 ? "" : "s"} failed validation`,
    options.status_code ?? API_ERROR_STATUS.validation_error,
    built,
  );
}
