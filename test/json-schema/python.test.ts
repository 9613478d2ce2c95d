import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { SCHEMAS } from "../../src/json-schema/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

/*
 * A second, independent validator on the published files: Python's `jsonschema` (Debian's
 * python3-jsonschema, installed by .ci/run; any python3 with the package will do locally) must
 * give every fixture of a published type the verdict `decode` gives it. As with ajv, JSON
 * Schema sees values: where a fixture repeats a key or spells an integer as a float, the verdict
 * compared is Zod's on the same value.
 */

const dir = join(import.meta.dirname, "..", "..", "json-schema");

const VALIDATE = `
import json, sys
from jsonschema import Draft202012Validator
cases = json.load(sys.stdin)
validators = {}
out = []
for name, value in cases:
    if name not in validators:
        with open(sys.argv[1] + "/" + name + ".json", encoding="utf-8") as f:
            validators[name] = Draft202012Validator(json.load(f))
    out.append(validators[name].is_valid(value))
json.dump(out, sys.stdout)
`;

function pythonWithJsonschema(): string | undefined {
  for (const python of ["/usr/bin/python3", "python3"]) {
    const probe = spawnSync(python, ["-c", "import jsonschema"], { encoding: "utf8" });
    if (probe.status === 0) return python;
  }
  return undefined;
}

interface Case {
  readonly label: string;
  readonly name: keyof typeof SCHEMAS;
  readonly value: unknown;
  readonly verdict: boolean;
}

function cases(): Case[] {
  const out: Case[] = [];
  for (const fixture of FIXTURES.filter((f) => f.type in SCHEMAS)) {
    const name = fixture.type as keyof typeof SCHEMAS;
    const text = fixtureText(fixture);
    const read = readJsonText(text);
    if (!read.ok) throw new Error(`${fixture.file} is not JSON`);
    const textOnly = read.repeatedKeys.length > 0 || read.floatSpelledIntegers.length > 0;
    const verdict = textOnly ? SCHEMAS[name].safeParse(read.value).success : decode(SCHEMAS[name], text).success;
    out.push({ label: fixture.file, name, value: read.value, verdict });
  }
  // `\d` is any Unicode digit in Python's re: the published patterns say [0-9], as the hub reads.
  const event = JSON.parse(
    fixtureText({ file: "accept/event-telemetry-error-rate.json", type: "AnalyticsEvent", expect: "accept" }),
  ) as Record<string, unknown>;
  const fullwidth = { ...event, timestamp: "２０２５-06-03T14:22:05Z" };
  out.push({
    label: "full-width digits in a timestamp",
    name: "AnalyticsEvent",
    value: fullwidth,
    verdict: decode(SCHEMAS.AnalyticsEvent, JSON.stringify(fullwidth)).success,
  });
  return out;
}

const python = pythonWithJsonschema();
const reason = "no python3 with the jsonschema package (Debian package python3-jsonschema)";

if (python === undefined && process.env.CI) {
  describe("Python jsonschema", () => {
    it("needs python3-jsonschema in CI", () => {
      expect.fail(`${reason}; .ci/run must install it`);
    });
  });
} else {
  describe.skipIf(python === undefined)(`Python jsonschema${python === undefined ? `: ${reason}` : ""}`, () => {
    it("gives every fixture of a published type the verdict decode gives", () => {
      const all = cases();
      const run = spawnSync(python as string, ["-c", VALIDATE, dir], {
        input: JSON.stringify(all.map((c) => [c.name, c.value])),
        encoding: "utf8",
        maxBuffer: 64 * 1024 * 1024,
      });
      expect(run.stderr).toBe("");
      const verdicts = JSON.parse(run.stdout) as boolean[];
      const disagree = all.filter((c, i) => verdicts[i] !== c.verdict).map((c) => `${c.label}: decode ${c.verdict}`);
      expect(disagree).toEqual([]);
      expect(all.at(-1)?.verdict).toBe(false);
    }, 60_000);
  });
}
