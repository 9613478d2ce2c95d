import { jsonPointer } from "../core/issue.js";
import { Timestamp } from "../core/timestamp.js";
import { describe } from "../stats/validate.js";
import { timestampArg } from "./arguments.js";
import { API_ERROR_STATUS } from "./errors.js";
import { ApiError, ErrorDetails } from "./schema.js";

/** The media type of an RFC 9457 problem details document. */
export const PROBLEM_JSON_MEDIA_TYPE = "application/problem+json";

/**
 * The reason phrase of each status code registered by RFC 9110 §15, plus 425 (RFC 8470),
 * 428, 429, 431 and 511 (RFC 6585) and 451 (RFC 7725). RFC 9457 §4.2.1: with the type
 * `about:blank`, the title SHOULD be this phrase.
 */
export const HTTP_STATUS_PHRASES: Readonly<Record<number, string>> = Object.freeze({
  100: "Continue",
  101: "Switching Protocols",
  200: "OK",
  201: "Created",
  202: "Accepted",
  203: "Non-Authoritative Information",
  204: "No Content",
  205: "Reset Content",
  206: "Partial Content",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Found",
  303: "See Other",
  304: "Not Modified",
  305: "Use Proxy",
  307: "Temporary Redirect",
  308: "Permanent Redirect",
  400: "Bad Request",
  401: "Unauthorized",
  402: "Payment Required",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  409: "Conflict",
  410: "Gone",
  411: "Length Required",
  412: "Precondition Failed",
  413: "Content Too Large",
  414: "URI Too Long",
  415: "Unsupported Media Type",
  416: "Range Not Satisfiable",
  417: "Expectation Failed",
  421: "Misdirected Request",
  422: "Unprocessable Content",
  425: "Too Early",
  426: "Upgrade Required",
  428: "Precondition Required",
  429: "Too Many Requests",
  431: "Request Header Fields Too Large",
  451: "Unavailable For Legal Reasons",
  500: "Internal Server Error",
  501: "Not Implemented",
  502: "Bad Gateway",
  503: "Service Unavailable",
  504: "Gateway Timeout",
  505: "HTTP Version Not Supported",
  511: "Network Authentication Required",
});

/** One entry of the `errors` extension (RFC 9457 §3's example): a message and where it applies. */
export interface ProblemFieldError {
  /** The message; absent only for a field whose message list is empty. */
  readonly detail?: string;
  /** A JSON Pointer (RFC 6901) in URI-fragment form, e.g. `#/payload/data/prompt_tokens`. */
  readonly pointer: string;
}

/**
 * An RFC 9457 problem details object as `toProblemDetails` writes it: the standard members
 * `type`, `title`, `status`, `detail` and `instance`, and the extension members `code`,
 * `timestamp`, `details`, `errors` and (only for a status outside 100–599) `status_code`.
 */
export interface ProblemDetails {
  readonly type: string;
  readonly title?: string;
  readonly status?: number;
  readonly detail: string;
  readonly instance?: string;
  readonly code: string;
  readonly timestamp: string;
  readonly status_code?: number;
  readonly details?: ErrorDetails;
  readonly errors?: readonly ProblemFieldError[];
}

export interface ToProblemDetailsOptions {
  /** The problem type URI (default `"about:blank"`), or a function of the error giving it. */
  readonly type?: string | ((error: ApiError) => string);
  /** The title (default: the status code's reason phrase, when it has one). */
  readonly title?: string;
  /** A URI reference for this occurrence, such as the request path or `urn:uuid:<request_id>`. */
  readonly instance?: string;
}

/**
 * The ApiError as an RFC 9457 `application/problem+json` body. `message` becomes `detail` and
 * `status_code` `status` (RFC 9457's schema allows 100–599; any other u16 is kept in a
 * `status_code` extension instead). `code`, `timestamp` and `details` are extension members,
 * and `field_errors` becomes the `errors` extension of RFC 9457 §3's example, one
 * `{detail, pointer}` per message, its pointer derived from the field key (`a.b.0` →
 * `#/a/b/0`). A field with an empty message list gets one entry without `detail`, so
 * `fromProblemDetails` gives back the same ApiError. O(size of the error).
 */
export function toProblemDetails(error: ApiError, options: ToProblemDetailsOptions = {}): ProblemDetails {
  const fn = "toProblemDetails";
  const parsed = ApiError.safeParse(error);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new TypeError(`${fn}: not an ApiError: ${issue?.path.join(".") || "error"}: ${issue?.message}`);
  }
  const e = parsed.data;
  const type = typeof options.type === "function" ? options.type(e) : (options.type ?? "about:blank");
  if (typeof type !== "string" || !isUriReference(type)) {
    throw new RangeError(`${fn}: type must be a URI reference, received ${describe(type)}`);
  }
  if (options.instance !== undefined && !isUriReference(options.instance)) {
    throw new RangeError(`${fn}: instance must be a URI reference, received ${describe(options.instance)}`);
  }
  const inRange = e.status_code >= 100 && e.status_code <= 599;
  const title = options.title ?? HTTP_STATUS_PHRASES[e.status_code];
  const body: Record<string, unknown> = { type };
  if (title !== undefined) body.title = title;
  if (inRange) body.status = e.status_code;
  body.detail = e.message;
  if (options.instance !== undefined) body.instance = options.instance;
  body.code = e.code;
  body.timestamp = e.timestamp;
  if (!inRange) body.status_code = e.status_code;
  if (e.details !== undefined && e.details !== null) body.details = e.details;
  if (e.field_errors !== undefined && e.field_errors !== null) {
    const errors: ProblemFieldError[] = [];
    for (const [key, messages] of Object.entries(e.field_errors)) {
      const pointer = fieldPointer(key);
      if (messages.length === 0) errors.push({ pointer });
      for (const detail of messages) errors.push({ detail, pointer });
    }
    body.errors = errors;
  }
  return body as unknown as ProblemDetails;
}

export interface FromProblemDetailsOptions {
  /** The timestamp to use when the body has no `timestamp` extension (no clock is read here). */
  readonly now?: string | Date;
  /** The HTTP response's status, used when the body has no usable `status`. */
  readonly status?: number;
}

/**
 * The ApiError in an RFC 9457 problem details body; the inverse of `toProblemDetails`, so
 * `fromProblemDetails(toProblemDetails(e))` equals `e` (a `null` option reads back as absent,
 * which means the same to the hub). Bodies from elsewhere are read as RFC 9457 §3.1 says: a
 * standard member of the wrong JSON type is ignored, and so are extension members this
 * library does not define (§3.2). Then:
 * - `status_code`: `status`, else the `status_code` extension, else `options.status`;
 * - `code`: the `code` extension, else the `type` URI (unless `about:blank`, RFC 9457's
 *   primary identifier of the problem), else the preset code of the status (`not_found` for
 *   404), else `http_<status>`;
 * - `message`: `detail`, else `title`, else the status phrase;
 * - `timestamp`: the `timestamp` extension, else `options.now`;
 * - `details` and `field_errors`: the `details` and `errors` extensions.
 * A missing status or timestamp with no fallback, or a malformed `details` or `errors`
 * extension, throws. O(size of the body).
 */
export function fromProblemDetails(body: unknown, options: FromProblemDetailsOptions = {}): ApiError {
  const fn = "fromProblemDetails";
  if (typeof body !== "object" || body === null || Array.isArray(body)) {
    throw new TypeError(`${fn}: expected a problem details object, received ${describe(body)}`);
  }
  const b = body as Record<string, unknown>;
  const str = (k: string): string | undefined => (typeof b[k] === "string" ? (b[k] as string) : undefined);
  const u16 = (v: unknown): number | undefined =>
    typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= 65_535 ? v : undefined;

  const status =
    u16(b.status) ?? u16(b.status_code) ?? (options.status === undefined ? undefined : u16(options.status));
  if (status === undefined) {
    throw new RangeError(
      `${fn}: the body has no usable status (an integer HTTP status code)${options.status === undefined ? " and options.status is not given" : `, and options.status ${describe(options.status)} is not a u16`}`,
    );
  }
  const type = str("type");
  const code =
    str("code") ??
    (type !== undefined && type !== "about:blank" ? type : undefined) ??
    presetCode(status) ??
    `http_${status}`;
  const message = str("detail") ?? str("title") ?? HTTP_STATUS_PHRASES[status] ?? "";

  let timestamp: string;
  const stamped = Timestamp.safeParse(b.timestamp);
  if (stamped.success) timestamp = stamped.data;
  else if (options.now !== undefined) timestamp = timestampArg(fn, "options.now", options.now);
  else {
    throw new RangeError(
      `${fn}: the body has no valid timestamp extension member (RFC 3339) and options.now is not given`,
    );
  }

  const error: Record<string, unknown> = { code, message, status_code: status, timestamp };
  if (b.details !== undefined && b.details !== null) {
    const details = ErrorDetails.safeParse(b.details);
    if (!details.success) {
      const issue = details.error.issues[0];
      throw new TypeError(`${fn}: the details member is malformed: ${issue?.path.join(".")}: ${issue?.message}`);
    }
    error.details = details.data;
  }
  if (b.errors !== undefined && b.errors !== null) error.field_errors = fieldErrorsOf(fn, b.errors);
  return ApiError.parse(error);
}

function fieldErrorsOf(fn: string, errors: unknown): Record<string, string[]> {
  if (!Array.isArray(errors)) throw new TypeError(`${fn}: the errors member must be an array`);
  const byKey = new Map<string, string[]>();
  errors.forEach((entry, i) => {
    if (typeof entry !== "object" || entry === null || Array.isArray(entry)) {
      throw new TypeError(`${fn}: errors[${i}] must be an object with a pointer`);
    }
    const { pointer, detail } = entry as Record<string, unknown>;
    if (typeof pointer !== "string") throw new TypeError(`${fn}: errors[${i}].pointer must be a string`);
    if (detail !== undefined && typeof detail !== "string") {
      throw new TypeError(`${fn}: errors[${i}].detail must be a string`);
    }
    const key = pointerField(fn, pointer, i);
    const list = byKey.get(key) ?? [];
    if (typeof detail === "string") list.push(detail);
    byKey.set(key, list);
  });
  return Object.fromEntries(byKey);
}

function presetCode(status: number): string | undefined {
  for (const [code, s] of Object.entries(API_ERROR_STATUS)) if (s === status) return code;
  return undefined;
}

// Characters a URI fragment may hold unencoded besides encodeURIComponent's (RFC 3986 §3.5:
// sub-delims, ":", "@", "/" and "?"); a "/" left by jsonPointer is a separator, as RFC 6901
// escapes it within a segment.
const FRAGMENT_SAFE = /%(24|26|2B|2C|3B|3D|3A|40|2F|3F)/g;

/**
 * The RFC 6901 JSON Pointer, in URI-fragment form (§6), of a `field_errors` key: `""` is the
 * whole document (`#`); otherwise each dot-separated segment has `~` escaped as `~0` and `/` as `~1`
 * and percent-encoded as a fragment requires.
 */
export function fieldPointer(key: string): string {
  if (key === "") return "#";
  return `#${encodeURIComponent(jsonPointer(key.split("."))).replace(FRAGMENT_SAFE, (m) => decodeURIComponent(m))}`;
}

/** The `field_errors` key of a JSON Pointer, in URI-fragment form (`#/a/0`) or plain (`/a/0`). */
function pointerField(fn: string, pointer: string, index: number): string {
  let text = pointer;
  if (text.startsWith("#")) {
    try {
      text = decodeURIComponent(text.slice(1));
    } catch {
      throw new RangeError(`${fn}: errors[${index}].pointer ${JSON.stringify(pointer)} has a malformed %-escape`);
    }
  }
  if (text === "") return "";
  if (!text.startsWith("/")) {
    throw new RangeError(`${fn}: errors[${index}].pointer ${JSON.stringify(pointer)} is not a JSON Pointer (RFC 6901)`);
  }
  return text
    .slice(1)
    .split("/")
    .map((segment) => {
      if (/~(?![01])/.test(segment)) {
        throw new RangeError(
          `${fn}: errors[${index}].pointer ${JSON.stringify(pointer)}: "~" must be followed by 0 or 1 (RFC 6901 §3)`,
        );
      }
      return segment.replaceAll("~1", "/").replaceAll("~0", "~");
    })
    .join(".");
}

// A URI reference (RFC 3986 §4.1) as far as the WHATWG parser can tell: it must resolve against
// a base, and must not hold characters a URI never holds unencoded (spaces, controls, quotes, <>).
function isUriReference(text: string): boolean {
  return URL.canParse(text, "http://base.invalid/") && !/[\s"<>\\^`{|}]/.test(text);
}
