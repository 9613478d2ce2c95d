import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Fixture {
  readonly file: string;
  readonly type: string;
  readonly expect: "accept" | "reject";
  readonly why?: string;
}

/**
 * The two fixture sets verified against the Rust hub's own deserializer: `hub` (the first
 * conformance set) and `shipped` (the hub as its Cargo.lock pins it, WIRE_FORMAT.md §1b).
 */
export const CONFORMANCE_SETS = ["hub", "shipped"] as const;
export type ConformanceSet = (typeof CONFORMANCE_SETS)[number];

const here = dirname(fileURLToPath(import.meta.url));
const SHARED_NAMES: Record<ConformanceSet, string> = { hub: "conformance", shipped: "conformance-shipped" };

/** This project's copy of a fixture set (`npm run sync-conformance` refreshes it). */
export function setDir(set: ConformanceSet): string {
  return join(here, set);
}

/** The read-only original beside the project folder (absent in a plain clone). */
export function sharedDir(set: ConformanceSet): string {
  return join(here, "..", "..", "..", "shared", SHARED_NAMES[set]);
}
