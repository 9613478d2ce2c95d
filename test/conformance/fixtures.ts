import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

export interface Fixture {
  readonly file: string;
  readonly type: string;
  readonly expect: "accept" | "reject";
  readonly why?: string;
}

const here = dirname(fileURLToPath(import.meta.url));
/** ../shared/conformance beside the project folder (read-only, the same for every developer and CI). */
export const CONFORMANCE_DIR = join(here, "..", "..", "..", "shared", "conformance");

export const FIXTURES: readonly Fixture[] = JSON.parse(readFileSync(join(CONFORMANCE_DIR, "index.json"), "utf8"));

export function fixtureText(fixture: Fixture): string {
  return readFileSync(join(CONFORMANCE_DIR, fixture.file), "utf8");
}
