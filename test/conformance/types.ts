import type * as z from "zod";
import { SCHEMAS } from "../../src/json-schema/registry.js";

/**
 * The schema each conformance `type` is read as. Plain names come from the registry;
 * generic instantiations (`ApiResponse<AnalyticsEvent>`) are added here by their domain.
 */
export const CONFORMANCE_TYPES: Record<string, z.ZodType> = {
  ...SCHEMAS,
};
