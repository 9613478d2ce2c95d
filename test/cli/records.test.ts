import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  ArraySplitter,
  DetectingSplitter,
  type InputFormat,
  LineSplitter,
  type SplitItem,
  type Splitter,
} from "../../src/cli/records.js";

const bytes = (text: string): Uint8Array => new TextEncoder().encode(text);
const text = (b: Uint8Array): string => Buffer.from(b).toString("latin1");

/** Feeds `input` to `splitter` cut at `cuts` (byte offsets) and collects what comes out. */
function split(splitter: Splitter, input: Uint8Array, cuts: readonly number[] = []): SplitItem[] {
  const items: SplitItem[] = [];
  const emit = (item: SplitItem): void => {
    // Copy: a record may be a view into a chunk.
    if (item.kind === "record") items.push({ ...item, raw: item.raw.slice(), content: item.content.slice() });
    else if (item.kind === "part") items.push({ ...item, raw: item.raw.slice() });
    else items.push(item);
  };
  let from = 0;
  for (const cut of [...new Set(cuts)].filter((c) => c > 0 && c < input.length).sort((a, b) => a - b)) {
    splitter.push(input.subarray(from, cut), emit);
    from = cut;
  }
  splitter.push(input.subarray(from), emit);
  splitter.end(emit);
  return items;
}

const records = (items: readonly SplitItem[]) =>
  items.flatMap((i) => (i.kind === "record" ? [{ line: i.line, raw: text(i.raw), content: text(i.content) }] : []));

describe("LineSplitter", () => {
  it("keeps LF and CRLF terminators in raw and drops them from content; the last line may lack one", () => {
    const input = bytes('{"a":1}\n{"b":2}\r\n\n  \n{"c":3}');
    expect(records(split(new LineSplitter(1024), input))).toEqual([
      { line: 1, raw: '{"a":1}\n', content: '{"a":1}' },
      { line: 2, raw: '{"b":2}\r\n', content: '{"b":2}' },
      { line: 3, raw: "\n", content: "" },
      { line: 4, raw: "  \n", content: "  " },
      { line: 5, raw: '{"c":3}', content: '{"c":3}' },
    ]);
  });

  it("yields nothing for empty input, and no extra line after a final LF", () => {
    expect(split(new LineSplitter(16), bytes(""))).toEqual([]);
    expect(records(split(new LineSplitter(16), bytes("x\n")))).toEqual([{ line: 1, raw: "x\n", content: "x" }]);
  });

  it("passes a line over the limit through in parts and reports its size, then goes on", () => {
    const items = split(new LineSplitter(8), bytes("short\n0123456789abcdef\nok\n"), [3, 9, 15]);
    const parts = items.filter((i) => i.kind === "part").map((i) => (i.kind === "part" ? text(i.raw) : ""));
    expect(parts.join("")).toBe("0123456789abcdef\n");
    expect(items.find((i) => i.kind === "oversized")).toEqual({
      kind: "oversized",
      role: "line",
      line: 2,
      index: 1,
      size: 17,
    });
    expect(records(items).map((r) => r.line)).toEqual([1, 3]);
  });

  it("gives the same records however the input is cut into chunks, and their raw bytes rebuild the input", () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom("a", "é", "\n", "\r", '"', "{", "}", " ", "\xff"), { maxLength: 60 }),
        fc.array(fc.nat(80), { maxLength: 8 }),
        (pieces, cuts) => {
          const input = Buffer.from(pieces.join(""), "latin1");
          const whole = split(new LineSplitter(1 << 20), input);
          const cut = split(new LineSplitter(1 << 20), input, cuts);
          expect(records(cut)).toEqual(records(whole));
          expect(
            records(cut)
              .map((r) => r.raw)
              .join(""),
          ).toBe(input.toString("latin1"));
        },
      ),
    );
  });
});

describe("ArraySplitter", () => {
  it("yields each element's text with its line and column, ignoring commas and brackets inside strings", () => {
    const input = bytes('[\n  {"a": "x,]\\"y"},\n  [1, [2]] ,\n  3\n]\n');
    const items = split(new ArraySplitter(1024), input);
    expect(items.map((i) => (i.kind === "record" ? [i.line, i.column, i.index, text(i.raw)] : i.kind))).toEqual([
      [2, 3, 0, '{"a": "x,]\\"y"}'],
      [3, 3, 1, "[1, [2]]"],
      [4, 3, 2, "3"],
    ]);
  });

  it("reports empty elements (stray or trailing commas), trailing content and a missing ]", () => {
    const trailing = split(new ArraySplitter(1024), bytes("[1,,2,] x"));
    expect(trailing.map((i) => (i.kind === "record" ? `${i.role}:${text(i.raw)}` : i.kind))).toEqual([
      "element:1",
      "element:",
      "element:2",
      "element:",
      "trailing:x",
    ]);
    const open = split(new ArraySplitter(1024), bytes('[{"a":1},\n{"b":'));
    expect(open.map((i) => (i.kind === "record" ? text(i.raw) : i.kind))).toEqual(['{"a":1}', '{"b":', "unterminated"]);
    expect(split(new ArraySplitter(1024), bytes(" [ ] "))).toEqual([]);
  });

  it("gives the same elements however the input is cut into chunks", () => {
    const input = bytes('[{"k":"a\\\\"},\r\n {"k":"[,]"}, 12 ,"s\\"" ]');
    const whole = records(split(new ArraySplitter(1024), input));
    fc.assert(
      fc.property(fc.array(fc.nat(input.length), { maxLength: 10 }), (cuts) => {
        expect(records(split(new ArraySplitter(1024), input, cuts))).toEqual(whole);
      }),
    );
    expect(whole.map((r) => r.raw)).toEqual(['{"k":"a\\\\"}', '{"k":"[,]"}', "12", '"s\\""']);
  });
});

describe("DetectingSplitter", () => {
  const layout = (input: string, format: InputFormat = "auto") => {
    const splitter = new DetectingSplitter(format, 1024);
    const items = split(splitter, bytes(input));
    return { layout: splitter.layout, roles: items.map((i) => (i.kind === "record" ? i.role : i.kind)) };
  };

  it("reads an array when the first byte is [, NDJSON when the first line is complete, else one document", () => {
    expect(layout('\n [{"a":1}, {"b":2}]')).toEqual({ layout: "array", roles: ["element", "element"] });
    expect(layout('{"a":1}\n{"b":2}\n')).toEqual({ layout: "ndjson", roles: ["line", "line"] });
    expect(layout('{\n  "a": 1\n}\n')).toEqual({ layout: "document", roles: ["document"] });
    expect(layout('"text with { inside"\n')).toEqual({ layout: "ndjson", roles: ["line"] });
  });

  it("obeys an explicit format", () => {
    expect(layout('{\n  "a": 1\n}\n', "ndjson").roles).toEqual(["line", "line", "line"]);
    expect(layout('{"a":1}\n{"b":2}\n', "json")).toEqual({ layout: "document", roles: ["document"] });
    expect(layout("[1]", "json")).toEqual({ layout: "array", roles: ["element"] });
  });

  it("treats empty input as NDJSON with no records", () => {
    expect(layout("")).toEqual({ layout: "ndjson", roles: [] });
  });
});
