import type { CheckCode } from "./codes.js";

export const CHECK_SEVERITIES = ["error", "warning"] as const;
/**
 * `error`: the document contradicts itself or a documented range (a total that is not the sum
 * of its parts, a window that ends before it starts). `warning`: it breaks a convention of the
 * hub's platform that a producer may have a reason to break (a source module that does not
 * usually emit the payload family, a compliance score on an undefined scale).
 */
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/** One finding of the semantic checks. */
export interface CheckIssue {
  /** Stable snake_case code from `CHECK_CODES`. */
  readonly code: CheckCode;
  readonly severity: CheckSeverity;
  /** RFC 6901 JSON pointer to the offending value (`""` is the whole document). */
  readonly path: string;
  readonly message: string;
}

export type CheckPath = readonly (string | number)[];

/** The RFC 6901 JSON pointer of a path: `["tags", "a/b"]` → `"/tags/a~1b"`. */
export function jsonPointer(path: CheckPath): string {
  let out = "";
  for (const segment of path) out += `/${String(segment).replaceAll("~", "~0").replaceAll("/", "~1")}`;
  return out;
}
