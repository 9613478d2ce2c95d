import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Fixture } from "./sets.js";
import { type ConformanceSet, setDir } from "./sets.js";

export { CONFORMANCE_SETS, type ConformanceSet, type Fixture, setDir, sharedDir } from "./sets.js";

export function readIndex(set: ConformanceSet): readonly Fixture[] {
  return JSON.parse(readFileSync(join(setDir(set), "index.json"), "utf8"));
}

/** The first set's folder: `accept/` and `reject/` under it. */
export const CONFORMANCE_DIR = setDir("hub");

export const FIXTURES: readonly Fixture[] = readIndex("hub");

export function fixtureText(fixture: Fixture, set: ConformanceSet = "hub"): string {
  return readFileSync(join(setDir(set), fixture.file), "utf8");
}
