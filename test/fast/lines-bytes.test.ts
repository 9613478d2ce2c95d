import { isUtf8 } from "node:buffer";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { AnalyticsEvent } from "../../src/events/schema/event.js";
import { fastPathOf, validateEventLines } from "../../src/fast/index.js";
import { SCHEMA_NAMES } from "../../src/json-schema/registry.js";
import { CONFORMANCE_SETS, fixtureText, readIndex } from "../conformance/fixtures.js";
import { ENVELOPE } from "./envelope.js";

/*
 * `validateEventLines(bytes)`: NDJSON given as UTF-8 bytes, split on 0x0A and each line decoded
 * alone. For input that is well-formed UTF-8 the report must be the text API's on the text the
 * bytes spell (decoded keeping a BOM, as `Buffer#toString("utf8")` does); a line that is not
 * well-formed UTF-8 is invalid, as the hub's reader and the CLI's `validate` report it, and no
 * other line's verdict or number changes.
 */

const encoder = new TextEncoder();
const utf8 = (text: string): Uint8Array => encoder.encode(text);
/** The text the bytes spell, a BOM kept (`TextDecoder`'s default would drop one at the start). */
const spelled = (bytes: Uint8Array): string => new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
const cat = (...parts: (string | number[] | Uint8Array)[]): Uint8Array =>
  Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "utf8") : Buffer.from(p))));

const event = (extra = "", model = "gpt-4o-mini") =>
  `{${JSON.stringify(ENVELOPE).slice(1, -1)},"payload":{"payload_type":"telemetry","data":{"telemetry_type":"latency","model_id":${JSON.stringify(model)},"request_id":"r","total_latency_ms":10000.0${extra}}}}`;

/** The bytes report, as a Buffer, a plain Uint8Array and a view at an offset into a larger buffer, equal to `expected`. */
function expectBytesReport(bytes: Uint8Array, expected: ReturnType<typeof validateEventLines>): void {
  expect(validateEventLines(Buffer.from(bytes))).toEqual(expected);
  expect(validateEventLines(new Uint8Array(bytes))).toEqual(expected);
  const padded = new Uint8Array(bytes.length + 6);
  padded.set([0x7b, 0x0a, 0xff], 0);
  padded.set(bytes, 3);
  padded.set([0x0a, 0xff, 0x7d], bytes.length + 3);
  expect(validateEventLines(padded.subarray(3, bytes.length + 3))).toEqual(expected);
}

/** Bytes and text agree: the input is well-formed UTF-8. */
function expectSameAsText(text: string): void {
  const bytes = utf8(text);
  expect(isUtf8(bytes)).toBe(true);
  expectBytesReport(bytes, validateEventLines(text));
}

/**
 * The report computed line by line from the definition: split at LF, a CR before it dropped; blank
 * (JSON white space only) or not well-formed UTF-8 is invalid; otherwise `decode`'s verdict on the
 * line's text.
 */
function reference(bytes: Uint8Array): ReturnType<typeof validateEventLines> {
  const invalid: number[] = [];
  let lines = 0;
  let start = 0;
  while (start < bytes.length) {
    let end = bytes.indexOf(0x0a, start);
    if (end === -1) end = bytes.length;
    lines++;
    let line = bytes.subarray(start, end);
    if (line.at(-1) === 0x0d) line = line.subarray(0, -1);
    const ok = isUtf8(line) && !/^[ \t\r\n]*$/.test(spelled(line)) && decode(AnalyticsEvent, spelled(line)).success;
    if (!ok) invalid.push(lines);
    start = end + 1;
  }
  return { lines, valid: lines - invalid.length, invalid };
}

describe("validateEventLines(bytes): well-formed UTF-8 gives the text's report", () => {
  it("on CRLF, a final line without LF, empty and blank lines, a lone CR and an empty input", () => {
    const ok = event();
    for (const text of [
      "",
      "\n",
      "\r\n",
      "\r",
      `${ok}`,
      `${ok}\n`,
      `${ok}\r\n`,
      `${ok}\r`,
      `${ok}\r\r\n`,
      `${ok}\n\n${ok}`,
      `${ok}\r\n\r\n${ok}\r\n`,
      `${ok}\n \t\n${ok}\n  `,
      `\n\n${ok}\n\n`,
      `${ok}\n\u00a0\n${ok}`,
    ]) {
      expectSameAsText(text);
      expect(validateEventLines(utf8(text))).toEqual(reference(utf8(text)));
    }
  });

  it("on characters of every UTF-8 length, in values and in keys, and on line separators inside strings", () => {
    const lines = [
      event(',"note":"é"'),
      event(',"note":"–"'), // U+2013: the text holding it is two-byte, the line decoded alone too
      event(',"note":"😀"'),
      event(',"ü–😀":1'),
      event(',"note":"a\u2028b\u2029c"'),
      event("", "modèle–😀"),
      event(',"note":"\\u00e9\\u2013\\ud83d\\ude00"'),
      `{"x":"–"}`,
      "–",
      `"é"`,
    ];
    const text = `${lines.join("\n")}\n`;
    expectSameAsText(text);
    expect(validateEventLines(text).valid).toBe(7);
  });

  it("on a BOM at the start, in the middle and at the end of a line: kept, so the line is bad JSON", () => {
    const ok = event();
    for (const text of [`\uFEFF${ok}\n${ok}\n`, `${ok}\n\uFEFF${ok}\n`, `${ok}\uFEFF\n${ok}`, "\uFEFF", "\uFEFF\n"]) {
      expectSameAsText(text);
      expect(validateEventLines(utf8(text))).toEqual(reference(utf8(text)));
    }
    expect(validateEventLines(utf8(`\uFEFF${ok}\n${ok}\n`))).toEqual({ lines: 2, valid: 1, invalid: [1] });
    // As the hub (serde_json::from_slice) reads it; a decoder that drops the BOM would accept line 1.
    expect(decode(AnalyticsEvent, `\uFEFF${ok}`).success).toBe(false);
  });

  it("on surrogates: escaped lone ones refused, escaped pairs and raw astral characters accepted", () => {
    const text = [
      event(',"note":"\\ud800"'),
      event(',"note":"\\udc00x"'),
      event(',"note":"\\ud83d\\ude00"'),
      event(',"note":"😀"'),
      event(',"note":"\\\\ud800"'), // an escaped backslash, then the letters: no escape of a surrogate
    ].join("\n");
    expectSameAsText(text);
    expect(validateEventLines(utf8(text)).invalid).toEqual([1, 2]);
  });

  it("on every conformance fixture of every published type as NDJSON (both fixture sets)", () => {
    for (const set of CONFORMANCE_SETS) {
      const index = readIndex(set);
      for (const name of SCHEMA_NAMES) {
        const fixtures = index.filter((f) => f.type === name);
        if (fixtures.length === 0) continue;
        // Raw newlines occur only between tokens, so they become spaces.
        const text = fixtures.map((f) => fixtureText(f, set).replace(/\r?\n/g, " ")).join("\n");
        const path = fastPathOf(name);
        const report = path.validateLines(text);
        expect(path.validateLines(utf8(text)), `${set} ${name}`).toEqual(report);
        // The library reads as the first set's hub does (the shipped hub differs in a few places, §1b).
        if (set !== "hub") continue;
        const rejected = fixtures.flatMap((f, i) => (f.expect === "reject" ? [i + 1] : []));
        expect(report, name).toEqual({
          lines: fixtures.length,
          valid: fixtures.length - rejected.length,
          invalid: rejected,
        });
      }
    }
  });
});

describe("validateEventLines(bytes): a line that is not well-formed UTF-8 is invalid, the others unchanged", () => {
  const ok = event();
  const inString = (bytes: number[]) => cat(event(',"note":"').slice(0, -3), bytes, '"}}}');
  const cases: [string, number[]][] = [
    ["a lone continuation byte", [0x80]],
    ["a byte never used (0xFF)", [0xff]],
    ["a lead byte beyond U+10FFFF (0xF5)", [0xf5, 0x80, 0x80, 0x80]],
    ["an overlong slash (C0 AF)", [0xc0, 0xaf]],
    ["an overlong three-byte form (E0 80 80)", [0xe0, 0x80, 0x80]],
    ["an encoded surrogate (ED A0 80)", [0xed, 0xa0, 0x80]],
    ["a truncated three-byte sequence", [0xe2, 0x80]],
    ["a truncated four-byte sequence", [0xf0, 0x9f, 0x98]],
  ];

  it.each(cases)("%s inside a string value", (_name, bad) => {
    const line = inString(bad);
    const bytes = cat(ok, "\n", line, "\n", ok, "\n");
    expectBytesReport(bytes, { lines: 3, valid: 2, invalid: [2] });
    expect(reference(bytes)).toEqual({ lines: 3, valid: 2, invalid: [2] });
    // Decoded with U+FFFD in its place, the same line is a valid event: the bytes are what is refused.
    expect(validateEventLines(Buffer.from(line).toString("utf8"))).toEqual({ lines: 1, valid: 1, invalid: [] });
  });

  it("a sequence cut by a LF: the line ends there, and both halves are invalid lines", () => {
    // E2 80 93 is U+2013; an LF can never continue a sequence, so the split cannot hide a character.
    const bytes = cat(event(',"note":"').slice(0, -3), [0xe2], "\n", [0x80, 0x93], '"}}}\n', ok);
    expectBytesReport(bytes, { lines: 3, valid: 1, invalid: [1, 2] });
    expect(reference(bytes)).toEqual({ lines: 3, valid: 1, invalid: [1, 2] });
  });

  it("a CR before the LF is dropped from a line with bad bytes too; a bad byte in a blank line makes it bad", () => {
    const bytes = cat(inString([0xff]), "\r\n", ok, "\r\n", [0x20, 0x80], "\r\n", [0xa0], "\n");
    expectBytesReport(bytes, { lines: 4, valid: 1, invalid: [1, 3, 4] });
  });

  it("agrees with the definition on random NDJSON: events, edits, bad bytes, terminators", () => {
    const pieces = [
      ok,
      event(',"note":"–é😀"'),
      event(',"note":"\\ud800"'),
      event().replace('"severity":"info"', '"severity":"info","severity":"info"'),
      event().replace("10000.0", "1e4"),
      event().replace('"request_id":"r"', '"request_id":1.0'),
      "",
      " \t",
      "{",
      "\uFEFF{}",
      "–",
    ].map(utf8);
    const bad = [[0x80], [0xff], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe2, 0x80], [0xf4, 0x90, 0x80, 0x80], [0x0d]];
    const line = fc
      .tuple(
        fc.constantFrom(...pieces),
        fc.option(fc.tuple(fc.nat(), fc.constantFrom(...bad)), { freq: 3 }),
        fc.constantFrom("\n", "\r\n"),
      )
      .map(([piece, edit, eol]) => {
        if (edit === null) return cat(piece, eol);
        const at = edit[0] % (piece.length + 1);
        return cat(piece.subarray(0, at), edit[1], piece.subarray(at), eol);
      });
    fc.assert(
      fc.property(fc.array(line, { maxLength: 12 }), fc.boolean(), (lines, trailing) => {
        let bytes = cat(...lines);
        if (!trailing && bytes.at(-1) === 0x0a) bytes = bytes.subarray(0, -1);
        const report = validateEventLines(bytes);
        expect(report).toEqual(reference(bytes));
        if (isUtf8(bytes)) expect(report).toEqual(validateEventLines(spelled(bytes)));
      }),
      { numRuns: 300 },
    );
  });
});
