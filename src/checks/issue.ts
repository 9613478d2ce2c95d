import type { Issue } from "../core/issue.js";
import type { CheckCode } from "./codes.js";

export { jsonPointer } from "../core/issue.js";

export const CHECK_SEVERITIES = ["error", "warning"] as const;
/**
 * `error`: the document contradicts itself or a documented range (a total that is not the sum
 * of its parts, a window that ends before it starts). `warning`: it breaks a convention of the
 * hub's platform that a producer may have a reason to break (a source module that does not
 * usually emit the payload family, a compliance score on an undefined scale).
 */
export type CheckSeverity = (typeof CHECK_SEVERITIES)[number];

/**
 * One finding of the semantic checks, shaped as Zod's issues are: `path` holds the keys and
 * indices from the checked value's root (`[]` is the whole document); `jsonPointer(path)` gives
 * the RFC 6901 pointer for display.
 */
export interface CheckIssue extends Issue<CheckCode> {
  /** Stable snake_case code from `CHECK_CODES`. */
  readonly code: CheckCode;
  readonly severity: CheckSeverity;
  readonly path: CheckPath;
}

/** The path of a check: keys and array indices (never a symbol), from the checked value's root. */
export type CheckPath = readonly (string | number)[];
