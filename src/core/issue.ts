/**
 * The one shape of every finding the library reports — schema validation (Zod's own issues),
 * the semantic checks (`CheckIssue`, the graph checks included), the OTLP import notices
 * (`OtlpImportNotice`, `OtlpMetricNotice`) and the CLI's records:
 * Zod's fields, a stable snake_case `code`, a `path` of keys and indices from the checked value's
 * root (`[]` is the value itself), an optional severity. A path becomes a JSON pointer only for
 * display (`jsonPointer`).
 */
export interface Issue<Code extends string = string> {
  readonly code: Code;
  /** `error` or `warning` where the finding has one (Zod's issues are all errors). */
  readonly severity?: "error" | "warning";
  /** Keys and array indices from the root of the checked value, as in Zod's issues. */
  readonly path: readonly PropertyKey[];
  readonly message: string;
}

/**
 * The RFC 6901 JSON pointer of a path, for display: `["tags", "a/b"]` → `"/tags/a~1b"`, `[]` →
 * `""`. O(length of the path).
 */
export function jsonPointer(path: readonly PropertyKey[]): string {
  let out = "";
  for (const segment of path) out += `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`;
  return out;
}
