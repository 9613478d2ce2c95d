import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { jsonText } from "../../src/core/json-writer.js";
import { AnalyticsEvent } from "../../src/events/schema/event.js";
import {
  decodeAnalyticsEvent,
  FastAnalyticsEvent,
  isAnalyticsEvent,
  isAnalyticsEventText,
} from "../../src/fast/index.js";
import { CONFORMANCE_SETS, fixtureText, readIndex } from "../conformance/fixtures.js";
import { lenient } from "../property/lenient.js";
import { arbitraryOf, mutate, mutationArb, spell, spellingArb } from "./arbitrary.js";

/*
 * The fast path against its reference, Zod: the verdict of `isAnalyticsEvent` must be
 * `AnalyticsEvent.safeParse(v).success`, FastAnalyticsEvent must give safeParse's exact result,
 * and the text path must be `decode(AnalyticsEvent, text)` (the hub's reading, checked by the
 * conformance fixtures). Seeded, so a failure replays.
 */

const SEED = 20250603;
// Generous: the machine running the suite may be shared; the runs themselves take a few seconds.
const TIMEOUT = 120_000;

/** Values compared by content and by key order (JSON text), `undefined` members included. */
function same(actual: unknown, expected: unknown): void {
  expect(actual).toStrictEqual(expected);
  expect(jsonText(actual)).toBe(jsonText(expected));
}

function checkValue(value: unknown): void {
  const reference = AnalyticsEvent.safeParse(value);
  expect(isAnalyticsEvent(value)).toBe(reference.success);
  const fast = FastAnalyticsEvent.safeParse(value);
  expect(fast.success).toBe(reference.success);
  if (reference.success && fast.success) same(fast.data, reference.data);
  else expect(fast.error?.issues).toEqual(reference.error?.issues);
}

function checkText(text: string): void {
  const reference = decode(AnalyticsEvent, text);
  expect(isAnalyticsEventText(text), text).toBe(reference.success);
  const fast = decodeAnalyticsEvent(text);
  expect(fast.success).toBe(reference.success);
  if (reference.success && fast.success) same(fast.data, reference.data);
  else expect(fast.error?.issues).toEqual(reference.error?.issues);
}

const FIXTURES = CONFORMANCE_SETS.flatMap((set) => readIndex(set).map((f) => ({ ...f, set })));

describe("fast path on the conformance fixtures (every type, read as AnalyticsEvent)", () => {
  it.each(FIXTURES.map((f) => [`${f.set}/${f.file}`, f] as const))("%s", (_file, fixture) => {
    const text = fixtureText(fixture, fixture.set);
    checkText(text);
    // The value-level verdict where the text is JSON (JSON.parse keeps the last repeated key).
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      return;
    }
    checkValue(value);
    if (fixture.type === "AnalyticsEvent") {
      // The hub's verdict itself; on the value only where JSON.parse reads the text as the hub does.
      const read = readJsonText(text);
      // (JSON.parse rounds an integer beyond 2^53, and the value-level reader takes no lenient form.)
      const textOnly = !read.ok || read.facts.any || fixture.file.includes("lenient");
      if (!textOnly) expect(isAnalyticsEvent(value), fixture.why).toBe(fixture.expect === "accept");
      expect(isAnalyticsEventText(text), fixture.why).toBe(fixture.expect === "accept");
    }
  });
});

describe("fast path on generated documents (fast-check)", () => {
  const events = arbitraryOf(AnalyticsEvent);

  it(
    "agrees with safeParse on generated events",
    () => {
      fc.assert(
        fc.property(events, (event) => {
          expect(AnalyticsEvent.safeParse(event).success).toBe(true); // the generator is sound
          checkValue(event);
        }),
        { seed: SEED, numRuns: 400 },
      );
    },
    TIMEOUT,
  );

  it(
    "agrees with safeParse on mutated events",
    () => {
      fc.assert(
        fc.property(events, fc.array(mutationArb, { minLength: 1, maxLength: 3 }), (event, mutations) => {
          checkValue(mutations.reduce((v, m) => mutate(v, m), event));
        }),
        { seed: SEED, numRuns: 1000 },
      );
    },
    TIMEOUT,
  );

  it(
    "agrees with safeParse on arbitrary values",
    () => {
      fc.assert(
        fc.property(fc.anything({ maxDepth: 3 }), (value) => checkValue(value)),
        { seed: SEED, numRuns: 300 },
      );
    },
    TIMEOUT,
  );

  it(
    "agrees with decode on generated and mutated JSON text (repeated keys, 12.0, escapes)",
    () => {
      fc.assert(
        fc.property(events, fc.array(mutationArb, { maxLength: 2 }), spellingArb, (event, mutations, spelling) => {
          checkText(
            spell(
              mutations.reduce((v, m) => mutate(v, m), event),
              spelling,
            ),
          );
        }),
        { seed: SEED, numRuns: 800 },
      );
    },
    TIMEOUT,
  );

  it(
    "agrees with decode on serde's lenient forms (unit variants as maps, structs as arrays)",
    () => {
      const lenientEvents = events.chain((event) => lenient(AnalyticsEvent, event, { empty: true }));
      fc.assert(
        fc.property(
          lenientEvents,
          fc.array(mutationArb, { maxLength: 1 }),
          spellingArb,
          (event, mutations, spelling) => {
            checkText(
              spell(
                mutations.reduce((v, m) => mutate(v, m), event),
                spelling,
              ),
            );
          },
        ),
        { seed: SEED, numRuns: 400 },
      );
    },
    TIMEOUT,
  );

  it(
    "agrees with decode on JSON-ish text edits (truncation, garbage, nesting, overflow)",
    () => {
      const edits = fc.record({
        cut: fc.nat(),
        kind: fc.constantFrom("truncate", "insert", "nest", "overflow", "surrogate", "bigint"),
        pick: fc.nat(),
      });
      fc.assert(
        fc.property(events, edits, (event, e) => {
          const text = JSON.stringify(event);
          const at = e.cut % (text.length + 1);
          const bits = ['"', "\\", "}", "]", ",", ":", " ", "\\ud800", "0", "-", "1e", "\u2028", "\ud83d"];
          let edited: string;
          switch (e.kind) {
            case "truncate":
              edited = text.slice(0, at);
              break;
            case "insert":
              edited = text.slice(0, at) + bits[e.pick % bits.length] + text.slice(at);
              break;
            case "nest": {
              // An unknown key holding nesting near serde_json's 127-level limit.
              const depth = 120 + (e.pick % 15);
              edited = `{"deep":${"[".repeat(depth)}${"]".repeat(depth)},${text.slice(1)}`;
              break;
            }
            case "overflow":
              edited = `{"unknown_number":${e.pick % 2 ? "1e400" : `1${"0".repeat(400)}`},${text.slice(1)}`;
              break;
            case "surrogate":
              edited = `{"note":"${e.pick % 2 ? "\\udc00" : "\\ud83d\\ude00"}",${text.slice(1)}`;
              break;
            default:
              edited = `{"big":${"9".repeat(20 + (e.pick % 5))},${text.slice(1)}`;
          }
          checkText(edited);
        }),
        { seed: SEED, numRuns: 400 },
      );
    },
    TIMEOUT,
  );
});
