import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isTimestamp, TIMESTAMP_PATTERN, Timestamp } from "../../src/core/timestamp.js";
import { timestampSpelling, WHITE_SPACE } from "./timestamps.js";

// WIRE_FORMAT.md §1b.1. Expected values come from test/property/timestamps.ts, which works them
// out from the grammar and the calendar without the code under test.
const SEED = 20250603;
const RUNS = 400;

const published = new RegExp((Timestamp.toJSONSchema() as { pattern: string }).pattern, "u");
/** Where the published pattern is deliberately coarser: a non-zero outward offset on an extreme date. */
const outward = (text: string) =>
  /^\s*\+0*262142\s*-\s*12\s*-\s*31/.test(text) || /^\s*-0*262143\s*-\s*0?1\s*-\s*0?1[Tt ]/.test(text);

describe("timestamps in every spelling chrono reads", () => {
  it("read as the instant the grammar gives, written back as the hub writes it", () => {
    fc.assert(
      fc.property(timestampSpelling, ({ text, canonical }) => {
        const parsed = Timestamp.safeParse(text);
        expect(parsed.success).toBe(canonical !== undefined);
        if (canonical !== undefined) {
          expect(parsed.data).toBe(canonical);
          // What it writes, it reads back unchanged.
          expect(Timestamp.parse(canonical)).toBe(canonical);
        }
        expect(TIMESTAMP_PATTERN.test(text)).toBe(canonical !== undefined);
        if (!outward(text)) expect(published.test(text)).toBe(canonical !== undefined);
      }),
      { seed: SEED, numRuns: RUNS },
    );
  });

  // Each edit breaks one rule of the grammar in a spelling that reads: the result is refused.
  const breaking: readonly [string, (t: string) => string][] = [
    ["a tab for the separator", (t) => t.replace(/(?<=[0-9])[Tt ](?=[^-]*:)/, "\t")],
    ["a comma for the fraction's dot", (t) => t.replace(/(:[^:]*[0-9])(?=[^0-9:]*[Zz+\u2212U-]|$)/, "$1,5")],
    ["no seconds", (t) => t.replace(/(:[^:]*):[^0-9]*[0-9]{1,2}(?:\.[0-9]+)?/, "$1")],
    [
      "an offset hour of 24",
      (t) => t.replace(/([+\u2212-])[0-9]{2}(?=[:\s\u3000]*[0-9]{2}[\s\u3000\u0085\u2028\u2029]*$)/, "$124"),
    ],
    [
      "no offset",
      (t) =>
        t.replace(
          /[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*(?:[Zz]|[Uu][Tt][Cc]|[+\u2212-][0-9]{2}[:\s\u3000]*[0-9]{2})[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$/,
          "",
        ),
    ],
    ["text after the offset", (t) => `${t}x`],
    [
      "GMT for the offset",
      (t) =>
        t.replace(
          /(?:[Zz]|[Uu][Tt][Cc]|[+\u2212-][0-9]{2}[:\s\u3000]*[0-9]{2})(?=[\s\u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*$)/,
          "GMT",
        ),
    ],
  ];
  it.each(breaking)("refuses a spelling with %s", (_name, edit) => {
    fc.assert(
      fc.property(timestampSpelling, ({ text, canonical }) => {
        fc.pre(canonical !== undefined);
        const broken = edit(text);
        fc.pre(broken !== text);
        expect(Timestamp.safeParse(broken).success, JSON.stringify(broken)).toBe(false);
        expect(TIMESTAMP_PATTERN.test(broken), JSON.stringify(broken)).toBe(false);
      }),
      { seed: SEED, numRuns: 150 },
    );
  });

  // Two independent readings of the grammar: the hand-written reader and the published regular
  // expression, on strings of the characters a timestamp is made of.
  it("TIMESTAMP_PATTERN and the reader agree on any string of timestamp characters", () => {
    const chars = fc.constantFrom(
      ..."0123456789",
      "0",
      "1",
      "2",
      "-",
      "-",
      ":",
      ":",
      "T",
      "t",
      " ",
      ".",
      "+",
      "Z",
      "z",
      "U",
      "T",
      "C",
      "\u2212",
      ...WHITE_SPACE,
      "\ufeff",
      "x",
    );
    const near = timestampSpelling.chain(({ text }) =>
      fc
        .tuple(fc.nat({ max: text.length }), fc.nat({ max: 3 }), fc.array(chars, { maxLength: 3 }))
        .map(([at, cut, insert]) => text.slice(0, at) + insert.join("") + text.slice(at + cut)),
    );
    const anything = fc.array(chars, { maxLength: 40 }).map((a) => a.join(""));
    fc.assert(
      fc.property(fc.oneof(near, anything), (text) => {
        expect(TIMESTAMP_PATTERN.test(text), JSON.stringify(text)).toBe(isTimestamp(text));
      }),
      { seed: SEED, numRuns: 2000 },
    );
  });
});
