import fc from "fast-check";
import type * as z from "zod";
import { checkValue } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { jsonText } from "../../src/core/json-writer.js";
import { QuantileSketch } from "../../src/metrics/index.js";
import { sketchOf } from "../../src/stats/index.js";
import { arbitraryOf, finite, jsonValue, text } from "./arbitrary.js";
import { lenient } from "./lenient.js";

/*
 * The properties every published schema must have, shared by the seeded test (a small budget,
 * test/property/schemas.test.ts) and `npm run fuzz` (a large one, scripts/fuzz.ts).
 */

/** Schemas with cross-field refinements get documents built by the library itself. */
const OVERRIDES = new Map<z.ZodType, fc.Arbitrary<unknown>>([
  [
    QuantileSketch,
    fc
      .tuple(
        fc.array(finite(-1e9, 1e9), { maxLength: 30 }),
        fc.constantFrom(0.001, 0.01, 0.05),
        fc.integer({ min: 1, max: 64 }),
      )
      .map(([values, relativeAccuracy, maxBins]) => sketchOf(values, { relativeAccuracy, maxBins })),
  ],
]);

/**
 * Generated documents, each kept only when the schema accepts it (the generator cannot see
 * every refinement): a property skips the others with `fc.pre`, and fast-check fails it with
 * "too many pre-condition failures" if a schema's documents are rarely valid, which calls for an
 * entry in OVERRIDES.
 */
export function documents(schema: z.ZodType): fc.Arbitrary<unknown> {
  return arbitraryOf(schema, { overrides: OVERRIDES });
}

function fail(message: string): never {
  throw new Error(message);
}

/** `jsonText`, or `null` for what has no JSON text (a mutation may produce undefined). */
function safeText(value: unknown): string {
  try {
    return jsonText(value) || "null";
  } catch {
    return "null";
  }
}

/**
 * parse → jsonText → decode → the same value: what this library writes, it (and so the hub)
 * reads back unchanged, integers beyond 2^53 and −0 included. `decode` of the document's own
 * text agrees with `safeParse`.
 */
export function roundTrip(schema: z.ZodType): fc.IPropertyWithHooks<[unknown]> {
  return fc.property(documents(schema), (doc) => {
    fc.pre(schema.safeParse(doc).success);
    const first = decode(schema, jsonText(doc));
    if (!first.success) fail(`decode rejects a document safeParse accepts: ${first.error.message}`);
    const direct = schema.safeParse(doc);
    if (!direct.success || !deepEqual(direct.data, first.data)) fail("decode and safeParse disagree");
    const written = jsonText(first.data);
    const second = decode(schema, written);
    if (!second.success) fail(`the written document does not read back: ${second.error.message}\n${written}`);
    if (!deepEqual(second.data, first.data))
      fail(`the value changed on a round trip:\n${written}\n${jsonText(second.data)}`);
  });
}

/**
 * A document with serde's lenient forms written into it (test/property/lenient.ts) reads as the
 * document itself: `decode` of both texts gives the same value. When `validate` is given (a JSON
 * Schema validator for the schema), it agrees with `decode` on the lenient text.
 */
export function lenientForms(
  schema: z.ZodType,
  validate?: (value: unknown) => boolean,
): fc.IPropertyWithHooks<[{ doc: unknown; lenientDoc: unknown; empty: boolean }]> {
  const cases = fc
    .tuple(documents(schema), fc.boolean())
    .chain(([doc, empty]) => lenient(schema, doc, { empty }).map((lenientDoc) => ({ doc, lenientDoc, empty })));
  return fc.property(cases, ({ doc, lenientDoc, empty }) => {
    fc.pre(schema.safeParse(doc).success);
    const plain = decode(schema, jsonText(doc));
    const read = decode(schema, jsonText(lenientDoc));
    if (!plain.success) fail(`decode rejects a document safeParse accepts: ${plain.error.message}`);
    if (!read.success) fail(`decode rejects a lenient form of it: ${read.error.message}\n${jsonText(lenientDoc)}`);
    // An Option written null in the array form and one left out of the object are both None. An
    // event without an id gets one from its parsed content, where null and absent still differ.
    const withoutId = (v: unknown) => {
      if (typeof doc !== "object" || doc === null || "event_id" in doc || typeof v !== "object" || v === null) return v;
      const { event_id: _id, ...rest } = v as Record<string, unknown>;
      return rest;
    };
    if (!deepEqual(withoutId(read.data), withoutId(plain.data), true)) {
      fail(`the lenient form reads differently:\n${jsonText(lenientDoc)}`);
    }
    if (validate !== undefined && !empty && !validate(JSON.parse(jsonText(lenientDoc)))) {
      fail(`the JSON Schema rejects a lenient form decode reads:\n${jsonText(lenientDoc)}`);
    }
  });
}

type Json = unknown;

/** One random edit of a JSON value, at any depth. */
const edit = (depth: number): fc.Arbitrary<(doc: Json) => Json> =>
  fc.oneof(
    fc.constant((doc: Json) => doc),
    jsonValue(2).map((v) => () => v),
    fc.constantFrom(1e308, -1e308, 2 ** 53, 2 ** 64, -1, 0.5, "", "__proto__", true, null).map((v) => () => v),
    fc.nat().chain((n) =>
      depth <= 0
        ? fc.constant((doc: Json) => doc)
        : fc
            .tuple(edit(depth - 1), text(), jsonValue(1), fc.constantFrom("into", "delete", "add", "wrap"))
            .map(([inner, key, value, op]) => (doc: Json): Json => {
              if (Array.isArray(doc)) {
                if (doc.length === 0) return op === "add" ? [value] : doc;
                const i = n % doc.length;
                const copy = doc.slice();
                if (op === "delete") copy.splice(i, 1);
                else if (op === "add") copy.push(value);
                else if (op === "wrap") copy[i] = [copy[i]];
                else copy[i] = inner(copy[i]);
                return copy;
              }
              if (typeof doc === "object" && doc !== null) {
                const keys = Object.keys(doc);
                const copy: Record<string, unknown> = {};
                for (const k of keys) {
                  Object.defineProperty(copy, k, {
                    value: (doc as Record<string, unknown>)[k],
                    enumerable: true,
                    writable: true,
                    configurable: true,
                  });
                }
                const k = keys[n % Math.max(1, keys.length)];
                if (op === "add" || k === undefined) {
                  Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
                } else if (op === "delete") delete copy[k];
                else if (op === "wrap") copy[k] = [copy[k]];
                else copy[k] = inner(copy[k]);
                return copy;
              }
              return inner(doc);
            }),
    ),
  );

/** Edits of the JSON text: truncation, a stray character, a key repeated. */
const textEdit: fc.Arbitrary<(text: string) => string> = fc.oneof(
  fc.constant((t: string) => t),
  fc.nat().map((n) => (t: string) => t.slice(0, n % (t.length + 1))),
  fc
    .tuple(fc.nat(), fc.constantFrom("{", "}", "[", "]", ",", ":", '"', "\\", "\u0000", "\ud800", "1e400", "-0", " "))
    .map(([n, c]) => (t: string) => {
      const i = n % (t.length + 1);
      return t.slice(0, i) + c + t.slice(i);
    }),
  fc.nat().map((n) => (t: string) => {
    // Repeat the first member of the object that opens at the n-th "{".
    const opens = [...t.matchAll(/\{"/g)].map((m) => m.index as number);
    if (opens.length === 0) return t;
    const at = opens[n % opens.length] as number;
    const member = /^"(?:[^"\\]|\\.)*":(?:"(?:[^"\\]|\\.)*"|-?[0-9.eE+-]+|true|false|null)/.exec(t.slice(at + 1));
    return member ? `${t.slice(0, at + 1)}${member[0]},${t.slice(at + 1)}` : t;
  }),
);

function isStructuredError(error: unknown): boolean {
  const issues = (error as { issues?: unknown }).issues;
  return (
    Array.isArray(issues) &&
    issues.length > 0 &&
    issues.every(
      (i) =>
        typeof i === "object" &&
        i !== null &&
        typeof (i as { code?: unknown }).code === "string" &&
        typeof (i as { message?: unknown }).message === "string" &&
        (i as { message: string }).message.length > 0 &&
        Array.isArray((i as { path?: unknown }).path) &&
        (i as { path: unknown[] }).path.every((p) => typeof p === "string" || typeof p === "number"),
    )
  );
}

/**
 * A mutated document never throws: `decode` either accepts it (then `check` runs on it) or
 * fails with issues that each have a code, a path and a message. `safeParse` of the mutated
 * value never throws either.
 */
export function mutation(
  schema: z.ZodType,
): fc.IPropertyWithHooks<[unknown, (d: Json) => Json, (t: string) => string]> {
  return fc.property(documents(schema), edit(3), textEdit, (doc, editValue, editText) => {
    fc.pre(schema.safeParse(doc).success);
    const mutated = editValue(doc);
    schema.safeParse(mutated);
    const result = decode(schema, editText(safeText(mutated)));
    if (result.success) {
      for (const issue of checkValue(schema, result.data)) {
        const keyOrIndex = (k: unknown) => typeof k === "string" || (Number.isSafeInteger(k) && (k as number) >= 0);
        if (!(Array.isArray(issue.path) && issue.path.every(keyOrIndex))) {
          fail(`a check issue has path ${JSON.stringify(issue.path)}`);
        }
      }
    } else if (!isStructuredError(result.error)) {
      fail(`decode failed without structured issues: ${JSON.stringify(result.error)}`);
    }
  });
}

/**
 * Structural equality of parsed values: same keys with defined values, same array lengths,
 * numbers by Object.is (so -0 and 0 differ), own properties only. With `nullIsAbsent`, a member
 * that is null equals one that is left out (an Option's None either way).
 */
export function deepEqual(a: unknown, b: unknown, nullIsAbsent = false): boolean {
  if (typeof a !== "object" || a === null || typeof b !== "object" || b === null) return Object.is(a, b);
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((v, i) => deepEqual(v, bb[i], nullIsAbsent));
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  const present = (r: Record<string, unknown>) =>
    Object.keys(r)
      .filter((k) => r[k] !== undefined && !(nullIsAbsent && r[k] === null))
      .sort();
  const ka = present(ra);
  const kb = present(rb);
  return ka.length === kb.length && ka.every((k, i) => k === kb[i] && deepEqual(ra[k], rb[k], nullIsAbsent));
}
