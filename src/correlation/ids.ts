import { v5 as uuidV5 } from "uuid";

/**
 * Namespace of the name-based (v5) UUIDs this module derives for correlations, graphs, edges
 * and anomalies: the v5 UUID of "llm-analytics-hub/correlation" in the RFC 9562 URL
 * namespace. The same content always gets the same id (the hub draws random v4 ids).
 */
export const CORRELATION_ID_NAMESPACE = uuidV5("llm-analytics-hub/correlation", uuidV5.URL);

/** The v5 UUID of `kind` and `parts`, hashed as a JSON array so no two part lists collide. */
export function contentId(kind: string, parts: readonly string[]): string {
  return uuidV5(JSON.stringify([kind, ...parts]), CORRELATION_ID_NAMESPACE);
}
