import { describe, expect, it } from "vitest";
import { MAX_JSON_DEPTH, readJsonText } from "../../src/core/json-text.js";

// Grammar: RFC 8259. Limits and rejections: serde_json 1.0 (recursion limit 128, lone
// surrogates, numbers beyond f64), as WIRE_FORMAT.md §1 describes.
describe("readJsonText", () => {
  it("reads what JSON.parse reads", () => {
    const text = '{"a":[1,-2.5,3e2,true,false,null],"b":"x\\u00e9\\n\\"\\/","c":{}," d":[]}';
    const read = readJsonText(text);
    expect(read.ok && read.value).toEqual(JSON.parse(text));
  });

  it("records repeated keys with the path of their object, keeping the last value", () => {
    const read = readJsonText('{"a":{"k":1,"k":2},"b":[{"x":0,"x":1}]}');
    if (!read.ok) throw new Error(read.message);
    expect(read.value).toEqual({ a: { k: 2 }, b: [{ x: 1 }] });
    expect(read.repeatedKeys).toEqual([
      { path: ["a"], key: "k" },
      { path: ["b", 0], key: "x" },
    ]);
  });

  it("records integers spelled with a fraction or exponent", () => {
    const read = readJsonText('{"a":12.0,"b":1e3,"c":12,"d":[2.5,1E0]}');
    if (!read.ok) throw new Error(read.message);
    expect(read.floatSpelledIntegers).toEqual([["a"], ["b"], ["d", 1]]);
  });

  it("keeps __proto__ as an own key and never touches the prototype", () => {
    const read = readJsonText('{"__proto__":{"polluted":true},"a":1}');
    if (!read.ok) throw new Error(read.message);
    const value = read.value as Record<string, unknown>;
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.hasOwn(value, "__proto__")).toBe(true);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it.each([
    ["", "expected a JSON value, found end of input at line 1 column 1"],
    ['{"a":1,}', "expected a string key"],
    ['{"a" 1}', "expected ':' after a key"],
    ["[1 2]", "expected ',' or ']'"],
    ["01", "trailing characters"],
    ["1e400", "number out of range"],
    ["-", "expected a digit"],
    ['"\\ud800"', "lone leading surrogate"],
    ['"\\udc00"', "lone trailing surrogate"],
    ['"a\tb"', "control character"],
    ['"\\x"', "invalid escape"],
    ['"abc', "unterminated string"],
    ["NaN", "expected a JSON value"],
    ["{} {}", "trailing characters"],
  ])("rejects %j with its position", (text, message) => {
    const read = readJsonText(text);
    expect(read.ok).toBe(false);
    if (!read.ok) expect(read.message).toContain(message);
  });

  it("gives line and column", () => {
    const read = readJsonText('{\n  "a": 1,\n  "b": ?\n}');
    expect(read).toMatchObject({ ok: false, line: 3, column: 8 });
  });

  // serde_json tests/test.rs test_stack_overflow: 127 nested arrays parse; the 128th "[" is
  // "recursion limit exceeded at line 1 column 128".
  it("accepts 127 levels of nesting and rejects 128, as serde_json", () => {
    const nest = (n: number) => "[".repeat(n) + "]".repeat(n);
    expect(readJsonText(nest(MAX_JSON_DEPTH)).ok).toBe(true);
    expect(readJsonText(nest(MAX_JSON_DEPTH + 1))).toMatchObject({ ok: false });
    const deep = readJsonText(nest(100_000));
    expect(deep.ok).toBe(false);
    if (!deep.ok)
      expect(deep.message).toBe("recursion limit exceeded: nesting deeper than 127 levels at line 1 column 128");
  });

  it("reads a surrogate pair, raw or escaped", () => {
    const read = readJsonText('["😀","\\ud83d\\ude00"]');
    expect(read.ok && read.value).toEqual(["😀", "😀"]);
  });
});

// WIRE_FORMAT.md §1b.4 and §1b.6: what decode's schema-directed reading needs from the text.
describe("readJsonText facts", () => {
  const ok = (text: string) => {
    const read = readJsonText(text);
    if (!read.ok) throw new Error(read.message);
    return read;
  };

  it("reads integers beyond 2^53 − 1 as bigints, within the u64 and i64 ranges serde_json keeps", () => {
    expect(ok("[9007199254740991, 9007199254740992, 9007199254740993]").value).toEqual([
      9007199254740991,
      9007199254740992n,
      9007199254740993n,
    ]);
    expect(ok("[18446744073709551615, -9223372036854775808]").value).toEqual([
      18446744073709551615n,
      -9223372036854775808n,
    ]);
    // Beyond u64 and i64 serde_json reads an f64, and so does this reader.
    expect(ok("[18446744073709551616, -9223372036854775809, 9007199254740993.0]").value).toEqual([
      2 ** 64,
      -(2 ** 63),
      9007199254740992,
    ]);
    expect(ok("[1]").facts.any).toBe(false);
    expect(ok("[9007199254740993]").facts.any).toBe(true);
  });

  it("keeps every earlier value of a repeated key, by object, in text order", () => {
    const read = ok('{"a": 1, "b": {"c": true, "c": false}, "a": [2], "a": "last"}');
    const value = read.value as { a: unknown; b: object };
    expect(value.a).toBe("last");
    expect(read.facts.earlier.get(value)?.get("a")).toEqual([1, [2]]);
    expect(read.facts.earlier.get(value.b)?.get("c")).toEqual([true]);
    expect(read.facts.earlier.get(value)?.has("b")).toBe(false);
  });

  it("marks float-spelled whole numbers by container and key or index, the root too", () => {
    const read = ok('{"x": 1e3, "y": 2.5, "z": [1, 2.0, -0.0, -0]}');
    const value = read.value as { z: unknown[] };
    expect([...(read.facts.floats.get(value) ?? [])]).toEqual(["x"]);
    expect([...(read.facts.floats.get(value.z) ?? [])]).toEqual([1, 2]);
    expect(Object.is(value.z[3], -0)).toBe(true);
    expect(ok("12.0").facts.rootFloat).toBe(true);
    expect(ok("12").facts.rootFloat).toBe(false);
  });
});
