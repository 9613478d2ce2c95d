import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decode, decodeValue } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { SCHEMAS } from "../../src/json-schema/registry.js";
import { CONFORMANCE_SETS, fixtureText, readIndex, setDir } from "./fixtures.js";
import { NEGATIVE_ZERO, publishedName, withoutNegativeZero } from "./types.js";

/*
 * The published JSON Schema read by a second, independent validator: Python's `jsonschema`
 * (Draft 2020-12, patterns run by Python's `re`, integers read exactly by Python's `json`), on
 * every fixture of a published type in both sets. Its verdict must be decode's, with the same
 * allowance as ajv's test for what only the text shows (a repeated key, `12.0`, `-0`: Python's
 * json reads -0 as 0), which JSON Schema cannot see. `.ci/run` installs python3-jsonschema.
 */

const SCRIPT = `
import json, sys
from jsonschema import Draft202012Validator
schemas_dir, sets_dir, listing = sys.argv[1], sys.argv[2], json.load(sys.stdin)
validators = {}
out = {}
for file, name in listing:
    if name not in validators:
        validators[name] = Draft202012Validator(json.load(open(f"{schemas_dir}/{name}.json", encoding="utf-8")))
    with open(f"{sets_dir}/{file}", encoding="utf-8") as f:
        out[file] = validators[name].is_valid(json.load(f))
json.dump(out, sys.stdout)
`;

const fixtures = CONFORMANCE_SETS.flatMap((set) =>
  readIndex(set)
    .filter((f) => publishedName(f.type) !== undefined)
    .map((f) => ({ set, fixture: f, key: `${set}/${f.file}`, name: publishedName(f.type) as keyof typeof SCHEMAS })),
);

function pythonVerdicts(): Record<string, boolean> {
  const root = join(setDir("hub"), "..");
  const output = execFileSync("python3", ["-c", SCRIPT, join(root, "..", "..", "json-schema"), root], {
    input: JSON.stringify(fixtures.map((f) => [f.key, f.name])),
    encoding: "utf8",
    maxBuffer: 16 * 1024 * 1024,
  });
  return JSON.parse(output);
}

describe("the published JSON Schema in Python's jsonschema", () => {
  it("gives decode's verdict on every fixture of a published type", { timeout: 120_000 }, () => {
    const verdicts = pythonVerdicts();
    expect(Object.keys(verdicts).length).toBe(fixtures.length);
    const disagreements: string[] = [];
    for (const { set, fixture, key, name } of fixtures) {
      const text = fixtureText(fixture, set);
      const read = readJsonText(text);
      if (!read.ok) throw new Error(`${key} is not JSON`);
      const negativeZero = NEGATIVE_ZERO.test(text);
      const textOnly = read.facts.any || negativeZero;
      const expected = textOnly
        ? decodeValue(SCHEMAS[name], withoutNegativeZero(JSON.parse(text))).success
        : decode(SCHEMAS[name], text).success;
      if (verdicts[key] !== expected) disagreements.push(`${key}: python ${verdicts[key]}, decode ${expected}`);
    }
    expect(disagreements).toEqual([]);
  });
});
