import type { JsonValue } from "../core/json-value.js";
import { describe } from "../stats/validate.js";
import { integerArg, timestampArg, uuidArg } from "./arguments.js";
import type { ApiError, ApiResponse, PaginatedResponse, PaginationMetadata, ResponseMetadata } from "./schema.js";

/** The api_version the hub writes by default (`ResponseMetadata::default()`). */
export const API_VERSION = "1.0.0";

export interface ResponseMetadataInput {
  /**
   * The request's id: a UUID, because the hub's `ResponseMetadata.request_id` is a `Uuid` and
   * it rejects a response whose id is anything else. Any form the hub reads is taken
   * (hyphenated, 32 hex digits, `{braced}`, `urn:uuid:`) and written in canonical lower-case
   * hyphenated form. An id of another shape from upstream (`req-42`) belongs in `extra`
   * (`extra: { upstream_request_id: "req-42" }`). Passed in: nothing here draws ids.
   */
  readonly request_id: string;
  /** When the response was made: RFC 3339 text or a Date (nothing here reads a clock). */
  readonly timestamp: string | Date;
  /** Default "1.0.0", as the hub. */
  readonly api_version?: string;
  readonly response_time_ms?: number;
  /** Further keys, written beside the named ones (the hub's flattened `extra`). */
  readonly extra?: Readonly<Record<string, JsonValue>>;
}

const NAMED = new Set(["request_id", "timestamp", "api_version", "response_time_ms"]);

/**
 * ResponseMetadata, as the hub's `ResponseMetadata::default()` but with the id and time passed
 * in (nothing here reads a clock or draws ids).
 *
 * ```ts
 * createResponseMetadata({ request_id: crypto.randomUUID(), timestamp: new Date(), response_time_ms: 12 });
 * ```
 *
 * Preconditions (each broken one throws, naming this function and the field):
 * - `request_id` is a UUID (the hub's type is `Uuid`; see `ResponseMetadataInput.request_id`
 *   for the forms taken and where another id can go): RangeError otherwise;
 * - `timestamp` is RFC 3339 text with an offset, or a valid Date;
 * - `api_version`, when given, is a string (default "1.0.0", as the hub);
 * - `response_time_ms`, when given, is an integer within [0, 2^53 − 1];
 * - no `extra` key names one of the four fields (on the wire it would be a duplicate field,
 *   which the hub rejects).
 * O(number of extra keys).
 */
export function createResponseMetadata(input: ResponseMetadataInput): ResponseMetadata {
  const fn = "createResponseMetadata";
  if (typeof input !== "object" || input === null) {
    throw new TypeError(`${fn}: expected {request_id, timestamp, …}, received ${describe(input)}`);
  }
  const meta: ResponseMetadata = {
    request_id: uuidArg(
      fn,
      "request_id",
      input.request_id,
      " (the hub's ResponseMetadata.request_id is a Uuid; another id can go in extra)",
    ),
    timestamp: timestampArg(fn, "timestamp", input.timestamp),
    api_version: input.api_version ?? API_VERSION,
  };
  if (typeof meta.api_version !== "string") throw new TypeError(`${fn}: api_version must be a string`);
  if (input.response_time_ms !== undefined) {
    meta.response_time_ms = integerArg(fn, "response_time_ms", input.response_time_ms, {
      min: 0,
      max: Number.MAX_SAFE_INTEGER,
    });
  }
  for (const [key, value] of Object.entries(input.extra ?? {})) {
    if (NAMED.has(key)) throw new RangeError(`${fn}: extra key ${JSON.stringify(key)} collides with a named field`);
    Object.defineProperty(meta, key, { value, enumerable: true, writable: true, configurable: true });
  }
  return meta;
}

/** `ApiResponse::success(data)`: status success, the data, no error. */
export function createSuccessResponse<T>(data: T, meta: ResponseMetadata): ApiResponse<T> {
  return { status: "success", data, meta };
}

/** `ApiResponse::error(err)`: status error, the error, no data. */
export function createErrorResponse(error: ApiError, meta: ResponseMetadata): ApiResponse<never> {
  return { status: "error", error, meta };
}

/**
 * A `partial` response: data together with the error that kept it from being complete (the
 * hub has no constructor for it; its services write it by hand).
 */
export function createPartialResponse<T>(data: T, error: ApiError, meta: ResponseMetadata): ApiResponse<T> {
  return { status: "partial", data, error, meta };
}

/**
 * A successful page of items with its pagination metadata (see `createPaginationMetadata`). More
 * items than `per_page` throws: the page and its metadata would disagree.
 */
export function createPaginatedResponse<T>(
  data: readonly T[],
  pagination: PaginationMetadata,
  meta: ResponseMetadata,
): PaginatedResponse<T> {
  if (!Array.isArray(data))
    throw new TypeError(`createPaginatedResponse: data must be an array, received ${describe(data)}`);
  if (data.length > pagination.per_page) {
    throw new RangeError(`createPaginatedResponse: ${data.length} items exceed per_page ${pagination.per_page}`);
  }
  return { status: "success", data: [...data], pagination, meta };
}
