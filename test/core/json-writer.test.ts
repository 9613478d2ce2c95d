import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { readJsonText } from "../../src/core/json-text.js";
import { jsonText } from "../../src/core/json-writer.js";

// serde_json writes a u64/i64 digit for digit and −0.0 with its sign (WIRE_FORMAT.md §1b.3,
// §1b.6); for everything else the reference is JSON.stringify itself.
describe("jsonText", () => {
  const hasNegativeZero = (v: unknown): boolean =>
    Object.is(v, -0) || (typeof v === "object" && v !== null && Object.values(v).some(hasNegativeZero));
  const plain = fc.jsonValue().filter((v) => !hasNegativeZero(v) && !/[0-9]{16,}/.test(JSON.stringify(v)));

  it("takes space in options, not positionally", () => {
    expect(() => jsonText([1], 2 as never)).toThrow(
      "jsonText: options must be an object such as { space }, received 2",
    );
  });

  it("writes what JSON.stringify writes for JSON values without −0 or integers beyond 2^53", () => {
    fc.assert(
      fc.property(plain, fc.constantFrom(undefined, 2, "\t"), (v, space) => {
        expect(jsonText(v, { space })).toBe(JSON.stringify(v, null, space));
      }),
      { seed: 20250603, numRuns: 300 },
    );
  });

  it("writes bigints and whole numbers beyond 2^53 digit for digit, −0 as -0.0", () => {
    expect(jsonText({ a: 9007199254740993n, b: -(2n ** 63n), c: -0, d: [0, -0] })).toBe(
      '{"a":9007199254740993,"b":-9223372036854775808,"c":-0.0,"d":[0,-0.0]}',
    );
    expect(jsonText(2 ** 60)).toBe("1152921504606846976");
    expect(jsonText(1e21)).toBe("1e+21");
    const read = readJsonText(jsonText({ n: 18446744073709551615n }));
    expect(read.ok && read.value).toEqual({ n: 18446744073709551615n });
  });

  it("leaves out what JSON.stringify leaves out and honours toJSON", () => {
    expect(jsonText({ a: undefined, b: () => 1, c: [undefined], d: new Date(0) })).toBe(
      '{"c":[null],"d":"1970-01-01T00:00:00.000Z"}',
    );
    expect(() => jsonText(undefined)).toThrow(/^jsonText: undefined has no JSON text/);
  });

  it("refuses what JSON cannot hold, naming the function", () => {
    expect(() => jsonText({ x: Number.NaN })).toThrow(/^jsonText: NaN is not a JSON number/);
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => jsonText(cyclic)).toThrow(/^jsonText: the value is cyclic/);
  });

  it("writes a value nested 100 000 deep without overflowing the stack", () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    expect(jsonText(deep).length).toBe(200_001);
  });
});
