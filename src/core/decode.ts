import * as z from "zod";
import { type Finding, inspect } from "./inspect.js";
import { readJsonText } from "./json-text.js";

export interface DecodeOptions {
  /**
   * Report keys that no schema field reads (`unrecognized_keys` issues) instead of dropping
   * them silently as the hub does: a typo such as `ttft` for `ttft_ms` becomes findable.
   */
  readonly strict?: boolean;
}

/** The stable `params.reason` carried by the custom issues that `decode` adds. */
export type DecodeIssueReason = "invalid_json" | "duplicate_field" | "float_for_integer";

const MESSAGES: Record<Exclude<Finding["kind"], "unknown_key">, (path: string) => string> = {
  duplicate_field: (k) => `duplicate field ${JSON.stringify(k)}: a struct field may appear only once in an object`,
  float_for_integer: () =>
    "Invalid integer: the number is written with a fraction or exponent (such as 12.0 or 1e3), which the hub reads as a float",
};

function findingIssues(findings: readonly Finding[]): z.core.$ZodIssue[] {
  const issues: z.core.$ZodIssue[] = [];
  const unknownByParent = new Map<string, { path: PropertyKey[]; keys: string[] }>();
  for (const f of findings) {
    if (f.kind === "unknown_key") {
      const parent = f.path.slice(0, -1);
      const k = JSON.stringify(parent);
      const group = unknownByParent.get(k) ?? { path: parent, keys: [] };
      group.keys.push(String(f.path[f.path.length - 1]));
      unknownByParent.set(k, group);
      continue;
    }
    issues.push({
      code: "custom",
      path: f.path,
      message: MESSAGES[f.kind](String(f.path[f.path.length - 1])),
      params: { reason: f.kind },
      input: undefined,
    });
  }
  for (const { path, keys } of unknownByParent.values()) {
    issues.push({
      code: "unrecognized_keys",
      keys,
      path,
      message: `Unrecognized key${keys.length > 1 ? "s" : ""}: ${keys.map((k) => JSON.stringify(k)).join(", ")}`,
      input: {},
    });
  }
  return issues;
}

function failure<T>(issues: z.core.$ZodIssue[]): z.ZodError<T> {
  return new z.ZodError(issues) as z.ZodError<T>;
}

/**
 * Reads JSON text as the hub does and parses it with `schema`. The result has the shape of
 * `schema.safeParse`. Beyond `JSON.parse` + `safeParse` it rejects a struct field that appears
 * twice in one object (repeated map keys are accepted, last value wins: WIRE_FORMAT.md §1 rule
 * 12), integers written as floats (`12.0`, rule 3), numbers beyond f64, lone surrogates and
 * nesting beyond 127 levels (serde_json's limit); it never lets a `__proto__` key reach a prototype; and text that is
 * not JSON gives an issue with its line and column rather than an exception.
 */
export function decode<S extends z.ZodType>(
  schema: S,
  text: string,
  options: DecodeOptions = {},
): z.ZodSafeParseResult<z.output<S>> {
  const read = readJsonText(text);
  if (!read.ok) {
    return {
      success: false,
      error: failure<z.output<S>>([
        {
          code: "custom",
          path: [],
          message: `Invalid JSON: ${read.message}`,
          params: { reason: "invalid_json", offset: read.offset, line: read.line, column: read.column },
          input: text,
        },
      ]),
    };
  }
  const parsed = schema.safeParse(read.value);
  const findings = inspect(schema, read.value, {
    repeatedKeys: read.repeatedKeys,
    floatSpelledIntegers: read.floatSpelledIntegers,
    strict: options.strict ?? false,
  });
  if (findings.length === 0) return parsed;
  const extra = findingIssues(findings);
  const issues = parsed.success ? extra : [...parsed.error.issues, ...extra];
  return { success: false, error: failure<z.output<S>>(issues) };
}

/** Every key in `value` that `schema` does not read, with its path (the hub drops them silently). */
export function findUnknownKeys(schema: z.ZodType, value: unknown): (string | number)[][] {
  return inspect(schema, value, { strict: true })
    .filter((f) => f.kind === "unknown_key")
    .map((f) => f.path);
}

/** `schema.safeParse(value)`, failing also on keys the schema does not read (`unrecognized_keys`). */
export function safeParseStrict<S extends z.ZodType>(schema: S, value: unknown): z.ZodSafeParseResult<z.output<S>> {
  const parsed = schema.safeParse(value);
  const findings = inspect(schema, value, { strict: true }).filter((f) => f.kind === "unknown_key");
  if (findings.length === 0) return parsed;
  const extra = findingIssues(findings);
  return { success: false, error: failure<z.output<S>>(parsed.success ? extra : [...parsed.error.issues, ...extra]) };
}
