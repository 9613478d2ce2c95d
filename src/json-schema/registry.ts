import type * as z from "zod";
import { AnalyticsEvent } from "../events/schema/index.js";

/**
 * Every published top-level schema, by its Rust name. `npm run schemas` writes one
 * `json-schema/<Name>.json` per entry; the conformance suite looks fixtures' types up here.
 * Keep the entries sorted.
 */
export const SCHEMAS = {
  AnalyticsEvent,
} as const satisfies Record<string, z.ZodType>;

export type SchemaName = keyof typeof SCHEMAS;

export const SCHEMA_NAMES = Object.keys(SCHEMAS).sort() as SchemaName[];
