import { describe, expect, it } from "vitest";
import { jsonPointer } from "../../src/core/issue.js";

describe("jsonPointer", () => {
  // RFC 6901 §5: the pointers of the example document {"foo": ["bar", "baz"], "": 0, "a/b": 1,
  // "m~n": 8, ...}, written from their keys.
  it.each([
    [[], ""],
    [["foo"], "/foo"],
    [["foo", 0], "/foo/0"],
    [[""], "/"],
    [["a/b"], "/a~1b"],
    [["m~n"], "/m~0n"],
    [["~1"], "/~01"],
    [[" "], "/ "],
  ])("%j is %j", (path, pointer) => {
    expect(jsonPointer(Object.freeze(path))).toBe(pointer);
  });
});
