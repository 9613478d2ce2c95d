import { uuidV5 } from "../core/uuid-make.js";

/**
 * Namespace of the name-based (v5) UUIDs this module derives for correlations, graphs, edges
 * and anomalies: the v5 UUID of "llm-analytics-hub/correlation" in the RFC 9562 URL
 * namespace. The same content always gets the same id (the hub draws random v4 ids).
 */
// Written out (test/core/uuid-make.test.ts derives it): computing it at import loaded node:crypto.
export const CORRELATION_ID_NAMESPACE = "c8d8f9db-fd5d-5610-8992-d85f7d953d53";

/** The v5 UUID of `kind` and `parts`, hashed as a JSON array so no two part lists collide. */
export function contentId(kind: string, parts: readonly string[]): string {
  return uuidV5(JSON.stringify([kind, ...parts]), CORRELATION_ID_NAMESPACE);
}
