import type * as z from "zod";

/*
 * What a person would say about a failed field, for the messages `decode` returns and an API
 * client reads (`fromZodError`'s field_errors and so RFC 9457 `errors[].detail`): "missing required field
 * `severity`", "expected a number", never a schema's internal name ("Invalid f64", "u32").
 * Built from the issue's code and parameters, not by rewording Zod's English.
 */

const ABSENT = Symbol("absent");

/** The value at `path` inside `input`, or ABSENT when a step of the path is not there. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let node: unknown = input;
  for (const key of path) {
    if (typeof node !== "object" || node === null) return ABSENT;
    if (!Object.hasOwn(node, key)) return ABSENT;
    node = (node as Record<PropertyKey, unknown>)[key];
  }
  return node;
}

function article(noun: string): string {
  return /^[aeiou]/.test(noun) ? `an ${noun}` : `a ${noun}`;
}

const EXPECTED_NOUNS: Readonly<Record<string, string>> = {
  number: "a number",
  int: "a whole number",
  bigint: "a whole number",
  string: "a string",
  boolean: "true or false",
  object: "an object",
  array: "an array",
  null: "null",
  record: "an object",
  map: "an object",
  date: "a date",
};

/** `a string`, `a number (12.5)`, `null`, `an array`: how a received JSON value is named. */
export function describeReceived(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  switch (typeof value) {
    case "number":
      return Number.isFinite(value) ? `the number ${value}` : String(value);
    case "string":
      return value.length <= 40 ? `the string ${JSON.stringify(value)}` : "a string";
    case "boolean":
      return String(value);
    case "object":
      return "an object";
    default:
      return article(typeof value);
  }
}

const quote = (v: unknown): string => (typeof v === "string" ? JSON.stringify(v) : String(v));

function oneOf(values: readonly unknown[]): string {
  const shown = values.map(quote);
  if (shown.length === 1) return shown[0]!;
  return `${shown.slice(0, -1).join(", ")} or ${shown.at(-1)}`;
}

/** The last named segment of a path, in backticks, for "missing required field `x`". */
function fieldName(path: readonly PropertyKey[]): string {
  const last = path.at(-1);
  return last === undefined ? "the value" : `\`${String(last)}\``;
}

/** A library message without the internal schema name it may start with ("Invalid f64: "). */
export function withoutSchemaName(message: string): string {
  return message.replace(/^Invalid [\w .-]{1,40}: /, "").replace(/^Invalid input: /, "");
}

/**
 * A plain-language message for one Zod issue. With `input` (the value that was parsed), a
 * missing field is told apart from a wrong one and the received value is named. O(path length).
 */
export function issueMessage(issue: z.core.$ZodIssue, input?: unknown): string {
  const hasInput = input !== undefined;
  const at = hasInput ? valueAt(input, issue.path) : ABSENT;
  const missing =
    (hasInput && at === ABSENT && issue.code !== "unrecognized_keys") ||
    (issue.code === "invalid_type" && / received undefined$/.test(issue.message));
  if (missing && issue.path.length > 0) {
    // A tagged union's missing tag: keep the list of tags its message gives.
    const tags = issue.code === "invalid_union" ? /\((one of [^)]*)\)$/.exec(issue.message)?.[1] : undefined;
    return `missing required field ${fieldName(issue.path)}${tags === undefined ? "" : ` (${tags})`}`;
  }
  const received = at === ABSENT ? "" : `, received ${describeReceived(at)}`;
  switch (issue.code) {
    case "invalid_type":
      return invalidTypeMessage(issue, at, received);
    case "invalid_value":
      return `expected ${issue.values.length === 1 ? "" : "one of "}${oneOf(issue.values)}${received}`;
    case "too_small":
    case "too_big":
      return boundMessage(issue, received);
    case "invalid_format":
      return formatMessage(issue, received);
    case "unrecognized_keys":
      return issue.keys.length === 1
        ? `unknown field \`${issue.keys[0]}\``
        : `unknown fields ${issue.keys.map((k) => `\`${k}\``).join(", ")}`;
    case "not_multiple_of":
      return `must be a multiple of ${String(issue.divisor)}${received}`;
    case "invalid_union": {
      const note = (issue as { note?: string }).note;
      if (note === "No matching discriminator") return withoutSchemaName(issue.message);
      return `does not match any of the accepted shapes${received}`;
    }
    case "invalid_key":
      return `has an invalid key: ${withoutSchemaName(issue.message)}`;
    case "invalid_element":
      return `has an invalid element: ${withoutSchemaName(issue.message)}`;
    default:
      return withoutSchemaName(issue.message);
  }
}

/** A wrong type: a non-finite or fractional number is named as such. */
function invalidTypeMessage(issue: z.core.$ZodIssueInvalidType, at: unknown, received: string): string {
  if (issue.expected === "number" && typeof at === "number" && !Number.isFinite(at)) {
    return `expected a finite number, received ${at}`;
  }
  const received2 = (issue as { received?: unknown }).received;
  if (issue.expected === "number" && (received2 === "Infinity" || received2 === "NaN")) {
    return `expected a finite number, received ${received2}`;
  }
  if (issue.expected === "int" && typeof at === "number") return `expected a whole number, received ${at}`;
  return `expected ${EXPECTED_NOUNS[issue.expected] ?? issue.expected}${received}`;
}

/** A number out of its bounds, or a string or list of the wrong length. */
function boundMessage(issue: z.core.$ZodIssueTooSmall | z.core.$ZodIssueTooBig, received: string): string {
  const small = issue.code === "too_small";
  const limit = small ? issue.minimum : issue.maximum;
  const inclusive = issue.inclusive !== false;
  if (issue.origin === "number" || issue.origin === "bigint" || issue.origin === "int") {
    const bound = small ? (inclusive ? "at least" : "greater than") : inclusive ? "at most" : "less than";
    if (!small && Number(limit) === Number.MAX_SAFE_INTEGER) {
      // The received number is already rounded: name the bound and why, not the value.
      return `must be at most 2^53 − 1 (${String(limit)}): a JS number cannot hold a larger integer exactly`;
    }
    return `must be ${bound} ${String(limit)}${received}`;
  }
  const unit = issue.origin === "string" ? "characters" : "items";
  const bound = small ? "at least" : "at most";
  return `must have ${bound} ${String(limit)} ${unit}`;
}

const FORMAT_NOUNS: Readonly<Record<string, string>> = {
  uuid: "a UUID",
  email: "an email address",
  url: "a URL",
  datetime: "an RFC 3339 date and time",
  date: "a date (YYYY-MM-DD)",
  time: "a time of day",
  duration: "an ISO 8601 duration",
  ipv4: "an IPv4 address",
  ipv6: "an IPv6 address",
};

/** A string of the wrong format: a pattern's own message, or the format's name. */
function formatMessage(issue: z.core.$ZodIssueInvalidStringFormat, received: string): string {
  if (issue.format === "regex" || issue.format === "starts_with" || issue.format === "ends_with") {
    return withoutSchemaName(issue.message);
  }
  return `expected ${FORMAT_NOUNS[issue.format] ?? `the ${issue.format} format`}${received}`;
}
