import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import { AnalyticsEvent } from "../../src/events/schema/event.js";
import { compactLength, REFUSED, spelledLength, UNPROVEN } from "../../src/fast/compact.js";
import { isAnalyticsEventText, validateEventLines } from "../../src/fast/index.js";
import { ENVELOPE } from "./envelope.js";

/*
 * The length proof of the text path (src/fast/compact.ts): a text exactly as long as its value
 * written compactly hides nothing decode acts on. Checked against `String`/`JSON.stringify`
 * (the lengths), against readJsonText, decode's own reader (what the text hides), and against
 * decode's verdicts line by line.
 */

describe("compactLength", () => {
  it("is JSON.stringify's length whenever it gives one (no string here needs an escape)", () => {
    const plain = fc.string({ unit: fc.constantFrom(..."abc xyz-:.,{}[]0123456789é–") });
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.integer(),
        fc.double({ min: -1e6, max: 1e6, noNaN: true }).map((x) => Math.round(x * 1e3) / 1e3),
        fc.double({ min: -1, max: 1, noNaN: true }).map((x) => Number(x.toFixed(5))),
        plain,
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(plain, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    let proven = 0;
    fc.assert(
      fc.property(values, (value) => {
        const n = compactLength(value, 1);
        // The text path walks once, with spelledLength: wherever compactLength answers, it answers the same.
        const text = JSON.stringify(value);
        if (n !== UNPROVEN) expect(spelledLength(value, text, 0, text.length)).toBe(n);
        if (n >= 0) {
          proven++;
          expect(n).toBe(JSON.stringify(value).length);
        } else expect([UNPROVEN, REFUSED]).toContain(n);
      }),
      { numRuns: 3000, seed: 18 },
    );
    expect(proven).toBeGreaterThan(1000);
  });

  it("gives String(x).length for every fraction it measures", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          fc.double({ noNaN: true, noDefaultInfinity: true }),
          fc.double({ min: 0.005, max: 2e9, noNaN: true }),
          fc.tuple(fc.integer({ min: -1e9, max: 1e9 }), fc.integer({ min: 0, max: 12 })).map(([m, k]) => m / 10 ** k),
        ),
        (x) => {
          const n = compactLength(x, 1);
          if (n >= 0) expect(n).toBe(String(x).length);
        },
      ),
      { numRuns: 20000, seed: 18 },
    );
    // 0.1 + 0.2 and friends: 17 significant digits, still exact or refused.
    for (const x of [0.1 + 0.2, 1 / 3, 123.45600000000002, 0.01, -0.01, 0.015, 999999999.5, 1.7976931348623157e308]) {
      const n = compactLength(x, 1);
      expect(n === UNPROVEN || n === String(x).length, `${x}`).toBe(true);
    }
  });

  it("refuses numbers that have another spelling as short: whole values ending in 00, fractions under 0.01", () => {
    for (const x of [100, -100, 1000, 1e15, 2e21, 0.005, -0.001, 1.5e-7, 6e-7, 2 ** 53, -(2 ** 53)]) {
      expect(compactLength(x, 1), `${x}`).toBe(UNPROVEN);
    }
    for (const x of [0, 10, 110, 101, 9007199254740991, 0.01, 0.05, 12.5])
      expect(compactLength(x, 1)).toBe(String(x).length);
    expect(compactLength(Number.POSITIVE_INFINITY, 1)).toBe(REFUSED);
    // -0 has no one-character spelling: the bound (1) is below every text's ("-0"), so never met.
    expect(compactLength(-0, 1)).toBe(1);
  });

  it("refuses nesting beyond decode's limit as countKeys did", () => {
    const nest = (n: number): unknown => (n === 0 ? 1 : [nest(n - 1)]);
    expect(compactLength(nest(127), 1)).toBe(JSON.stringify(nest(127)).length);
    expect(compactLength(nest(128), 1)).toBe(REFUSED);
  });

  it("is never met by a text that cancels a repeated key or a float-spelled integer with shorter numbers", () => {
    // The first two are exactly as long as their values written by JSON.stringify.
    const cancelled = ['{"x":[123e-6,123e-6,123e-6],"a":1,"a":2}', '{"n":1e2}'];
    for (const text of cancelled) expect(text.length).toBe(JSON.stringify(JSON.parse(text)).length);
    // Three 0.000123 save 6 characters and `"a":1,` costs 6; 100 as 1e2; 1000 as 1e3; 1e+21 as 1e21.
    for (const text of [...cancelled, '{"n":1e3}', '{"a":0,"a":1,"x":1e21}']) {
      expect(compactLength(JSON.parse(text), 1), text).toBeLessThan(0);
    }
  });
});

describe("spelledLength", () => {
  const read = (text: string) => spelledLength(JSON.parse(text), text, 0, text.length);

  it("reads the numbers compactLength gives up on where the compact text has them", () => {
    for (const text of [
      '{"cost":0.0007695,"n":1}',
      '{"p":1.5e-7,"q":-0.005,"r":{"s":1200,"t":[1,"x"]},"u":-100}',
      '{"a":[{"b":1e-7}],"c":"d"}',
    ]) {
      expect(compactLength(JSON.parse(text), 1), text).toBe(UNPROVEN);
      expect(read(text), text).toBe(text.length);
    }
    // Inside a slice of a longer text, as validateEventLines holds it.
    const line = '{"cost":0.0007695}';
    const text = `{"x":1}\n${line}\n`;
    expect(spelledLength(JSON.parse(line), text, 8, 8 + line.length)).toBe(line.length);
  });

  it("counts a number as the text spells it, so a shorter spelling cannot pay for what decode refuses", () => {
    // Each text is exactly as long as its value written by JSON.stringify.
    const cancelled = [
      '{"x":7695e-7,"a":1.0}', // 0.0007695 two characters shorter, `1.0` two longer
      '{"x":15e-8,"y":15e-8,"a":1.0}', // 1.5e-7 one shorter, twice
      '{"n":1e2}', // 100 as long as 1e2
      '{"n":12e2}',
      '{"x":5e-3,"a":0,"a":00.5e-2}'.replace("00.5e-2", "1"), // a dropped member paid by 5e-3
    ];
    for (const text of cancelled) {
      const value = JSON.parse(text);
      if (JSON.stringify(value).length !== text.length) continue;
      const n = read(text);
      expect(n === UNPROVEN || n !== text.length, text).toBe(true);
    }
    expect(read('{"x":7695e-7,"a":1.0}')).toBe(19);
    expect(read('{"n":1e2}')).toBe(UNPROVEN);
    expect(read('{"n":100.0}')).toBe(UNPROVEN);
  });

  it("reads a member only: not in an array, not inside a string, not after white space or an escaped key", () => {
    for (const text of [
      "[0.005]",
      '{"s":"\\"x\\":0.005","x":0.005}',
      '{"x": 0.005}',
      '{"x\\"":0.005}',
      '{"x":0.005 }',
      '{"a":0,"a":0.005}',
    ]) {
      expect(read(text), text).not.toBe(text.length);
    }
    // A dropped member where the kept one would be: read there, and the text is then too long.
    expect(read('{"x":0.005,"x":5e-3}')).toBe('{"x":0.005}'.length);
    expect(read('{"x":1e21,"y":9007199254740993}')).toBe(UNPROVEN);
    expect(read('{"x":0.005,"y":[1,{"z":Infinity}]}'.replace("Infinity", "1e999"))).toBe(REFUSED);
  });
});

/** Re-spellings of a JSON value: repeated members, numbers in other forms, escapes, white space. */
function respell(value: unknown, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)] as T;
  const ws = () => (rnd() < 0.05 ? pick([" ", "\t", "\r\n"]) : "");
  const num = (x: number): string => {
    const r = rnd();
    if (r < 0.6 || !Number.isFinite(x)) return JSON.stringify(x);
    if (Number.isSafeInteger(x) && r < 0.75) return `${x}.0`;
    if (r < 0.9) return x.toExponential().replace("e+", pick(["e", "E", "e+"]));
    // Integer mantissa: the shortest exponent spelling.
    const [m, e] = x.toExponential().split("e") as [string, string];
    const frac = m.split(".")[1] ?? "";
    return `${m.replace(".", "")}e${Number(e) - frac.length}`;
  };
  const str = (s: string): string => {
    if (rnd() < 0.9 || s.length === 0) return JSON.stringify(s);
    const i = Math.floor(rnd() * s.length);
    const u = `\\u${s.charCodeAt(i).toString(16).padStart(4, "0")}`;
    return JSON.stringify(s.slice(0, i)).slice(0, -1) + u + JSON.stringify(s.slice(i + 1)).slice(1);
  };
  const go = (v: unknown): string => {
    if (typeof v === "number") return num(v);
    if (typeof v === "string") return str(v);
    if (typeof v !== "object" || v === null) return JSON.stringify(v);
    if (Array.isArray(v)) return `[${v.map((x) => ws() + go(x) + ws()).join(",")}]`;
    const members = Object.entries(v).flatMap(([k, x]) => {
      const member = `${ws()}${str(k)}${ws()}:${ws()}${go(x)}`;
      return rnd() < 0.1 ? [`${str(k)}:${pick(["0", "1", "null", '""'])}`, member] : [member];
    });
    return `{${members.join(",")}}`;
  };
  return go(value);
}

describe("the length proof against decode's reader", () => {
  it("holds for every re-spelled text it accepts (or spelledLength reads): no repeated key, float-spelled integer, big integer or escape", () => {
    const numbers = fc.oneof(
      fc.integer({ min: -2000, max: 2000 }),
      fc.constantFrom(100, 1000, 120, 10, 1e16, 9007199254740991, 0.000123, 1.5e-7, 0.05, 0.5, 12.25, 1e21),
      fc.double({ min: -1e4, max: 1e4, noNaN: true }).map((x) => Math.round(x * 100) / 100),
    );
    const keys = fc.constantFrom("a", "b", "n", "tags", "x");
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        numbers,
        fc.constantFrom("s", "", "é", 'a"b', "x\\y", "\n"),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie("value"), { maxLength: 4 }),
        fc.dictionary(keys, tie("value"), { maxKeys: 4 }),
      ),
    })).value;
    let accepted = 0;
    let respelled = 0;
    let byReading = 0; // proved by spelledLength, reading the numbers compactLength gives up on
    fc.assert(
      fc.property(values, fc.integer(), (value, seed) => {
        let s = seed;
        const rnd = () => {
          s = (Math.imul(s, 1103515245) + 12345) | 0;
          return ((s >>> 8) & 0xffff) / 0x10000;
        };
        const text = respell(value, rnd);
        const parsed = JSON.parse(text);
        const compact = compactLength(parsed, 1);
        const spelled = compact === UNPROVEN ? spelledLength(parsed, text, 0, text.length) : compact;
        expect(spelledLength(parsed, text, 0, text.length)).toBe(spelled); // the text path's one walk
        if (spelled !== text.length) return;
        accepted++;
        if (compact === UNPROVEN) byReading++;
        if (text !== JSON.stringify(parsed)) respelled++;
        const read = readJsonText(text);
        expect(read.ok && !read.facts.any, text).toBe(true);
        expect(text.includes("\\"), text).toBe(false);
      }),
      { numRuns: 5000, seed: 18 },
    );
    expect(accepted).toBeGreaterThan(1000);
    expect(byReading).toBeGreaterThan(5);
    // Texts other than JSON.stringify's pass only by equal-length spellings of fractions (0.05 as 5e-2).
    expect(respelled).toBeLessThan(accepted);
  });
});

describe("spelledLength against decode's reader", () => {
  it("accepts a text edited to trade shorter numbers for what decode refuses only when nothing was traded", () => {
    // Values whose numbers compactLength gives up on, written compactly, then edited: numbers
    // re-spelled shorter (0.0007695 as 7695e-7, 1.5e-7 as 15e-8, 100 as 1e2), paid for by `1.0`,
    // a repeated member, white space or an escape elsewhere.
    const numbers = fc.constantFrom(0.0007695, 1.5e-7, -0.005, 0.000123, 100, 1200, 1e4, 1, 12, 0.5, 1e-7);
    const keys = fc.constantFrom("a", "b", "cost", "n", "x_y");
    const values = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: "small" },
        numbers,
        fc.constantFrom("s", "1e2", ":0.005"),
        fc.dictionary(keys, tie("value"), { minKeys: 1, maxKeys: 4 }),
      ),
    })).value;
    const shorter = (m: string): string => {
      const x = Number(m);
      if (Number.isInteger(x)) return x.toExponential().replace("e+", "e").replace(".", "");
      const [mant, e] = x.toExponential().split("e") as [string, string];
      const frac = mant.split(".")[1] ?? "";
      return `${mant.replace(".", "")}e${Number(e) - frac.length}`;
    };
    const edits: ((t: string, at: number) => string)[] = [
      (t, at) => t.slice(0, at) + t.slice(at).replace(/:(-?[0-9.e-]+)/, (_, m) => `:${shorter(m)}`),
      (t, at) => t.slice(0, at) + t.slice(at).replace(/:(-?\d+)([,}])/, ":$1.0$2"),
      (t, at) => t.slice(0, at) + t.slice(at).replace(/\{"(\w+)":/, '{"$1":0,"$1":'),
      (t, at) => t.slice(0, at) + t.slice(at).replace(/,/, ", "),
      (t, at) => t.slice(0, at) + t.slice(at).replace(/"s"/, '"\\u0073"'),
    ];
    let accepted = 0;
    let edited = 0;
    fc.assert(
      fc.property(
        fc.dictionary(keys, values, { minKeys: 1, maxKeys: 5 }),
        fc.array(fc.tuple(fc.nat(edits.length - 1), fc.nat(200)), { maxLength: 4 }),
        (value, picks) => {
          let text = JSON.stringify(value);
          for (const [e, at] of picks) text = (edits[e] as (t: string, at: number) => string)(text, at % text.length);
          const parsed = JSON.parse(text);
          const compact = compactLength(parsed, 1);
          const n = compact === UNPROVEN ? spelledLength(parsed, text, 0, text.length) : compact;
          if (n !== text.length) return;
          accepted++;
          if (text !== JSON.stringify(parsed)) edited++;
          const read = readJsonText(text);
          expect(read.ok && !read.facts.any, text).toBe(true);
          expect(text.includes("\\") || /\s/.test(text), text).toBe(false);
        },
      ),
      { numRuns: 5000, seed: 18 },
    );
    expect(accepted).toBeGreaterThan(1000);
    // The only edits accepted keep the length and what decode reads: -0.005 and 1e-7 in any spelling as short.
    expect(edited).toBeLessThan(accepted / 2);
  });
});

describe("validateEventLines on tricky lines, each against decode", () => {
  const base = ENVELOPE;
  const errorRate = (requests: string, extra = "") =>
    `${JSON.stringify({
      ...base,
      payload: {
        payload_type: "telemetry",
        data: {
          telemetry_type: "error_rate",
          model_id: "m",
          total_requests: 0,
          failed_requests: 1,
          error_rate_percent: 0.5,
          error_breakdown: {},
          window_duration_seconds: 60,
        },
      },
    }).replace('"total_requests":0', `"total_requests":${requests}`)}`.replace(/}}}$/, `${extra}}}}`);

  function expectDecodeVerdicts(lines: readonly string[], eol = "\n"): void {
    const report = validateEventLines(lines.join(eol) + eol);
    // The same text as UTF-8 bytes, each line decoded alone, gives the same report.
    expect(validateEventLines(Buffer.from(lines.join(eol) + eol, "utf8"))).toEqual(report);
    const invalid = lines.flatMap((line, i) => {
      const text = eol === "\r\n" || line.endsWith("\r") ? line.replace(/\r$/, "") : line;
      const blank = /^[ \t\r\n]*$/.test(text);
      return blank || !decode(AnalyticsEvent, text).success ? [i + 1] : [];
    });
    expect(report.invalid).toEqual(invalid);
    // Not vacuous: some lines of every call are valid.
    expect(report.valid).toBeGreaterThan(0);
    lines.forEach((line) => {
      if (!/^[ \t\r\n]*$/.test(line)) expect(isAnalyticsEventText(line)).toBe(decode(AnalyticsEvent, line).success);
    });
  }

  it("gives decode's verdict at the edges of u64, i64 and 2^53, in struct fields and in JSON values", () => {
    const edges = [
      "9007199254740991",
      "9007199254740992",
      "9007199254740993",
      "18446744073709551615",
      "18446744073709551616",
      "-1",
      "-0",
      "1e2",
      "100",
      "100.0",
      "1000",
      "1E3",
      "0",
    ];
    const lines = edges.flatMap((n) => [
      errorRate(n),
      errorRate("7", `,"unknown":${n}`),
      errorRate("7", `,"nested":{"n":[${n},-9223372036854775808,9223372036854775807,-9223372036854775809]}`),
    ]);
    expectDecodeVerdicts(lines);
  });

  it("gives decode's verdict on a BOM, CRLF, blank lines, repeated keys and escapes", () => {
    const ok = errorRate("1234");
    // A repeated struct field paid for by shorter spellings: 7 × 0.000123 as 123e-6 save the 14
    // characters of `"model_id":"",`, so the line is as long as its value written compactly.
    const paid = ok.replace('"model_id":"m"', `"x":[${Array(7).fill("123e-6")}],"model_id":"","model_id":"m"`);
    expect(paid.length).toBe(JSON.stringify(JSON.parse(paid)).length);
    const lines = [
      paid,
      ok,
      `\uFEFF${ok}`,
      `${ok}\uFEFF`,
      "",
      " \t ",
      ok.replace('"severity":"info"', '"severity":"info","severity":"info"'),
      ok.replace('"provider":"openai"', '"provider":"openai","provider":"openai"'),
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":0.5,"error_rate_percent":0.5'),
      ok.replace('"model_id":"m"', '"model_id":"\\u006d"'),
      ok.replace('"model_id":"m"', '"model_id":"\\ud800"'),
      ok.replace('"failed_requests":1', '"failed_requests":1.0'),
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":5e-1'),
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":50.0'),
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":0.000123,"x":[123e-6,123e-6,123e-6]'),
      ` ${ok}`,
      // Numbers the length proof reads from the text (spelledLength): valid as the hub writes them,
      // and re-spelled shorter to pay for what decode refuses, each line exactly as long as its
      // value written by JSON.stringify.
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":0.0007695'),
      ok.replace('"error_rate_percent":0.5', '"error_rate_percent":7695e-7'),
      ok
        .replace('"error_rate_percent":0.5', '"error_rate_percent":7695e-7')
        .replace('"failed_requests":1', '"failed_requests":1.0'),
      errorRate("1200"),
      errorRate("12e2"),
      errorRate("1200").replace('"error_rate_percent":0.5', '"error_rate_percent":-0.005'),
      ok.replace('"model_id":"m"', `"x":[${Array(6).fill(0.0007695)}],"model_id":"","model_id":"m"`),
      ok.replace(
        '"model_id":"m"',
        `"x":{${Array.from({ length: 7 }, (_, i) => `"p${i}":7695e-7`)}},"model_id":"","model_id":"m"`,
      ),
    ];
    // The last line pays for its repeated struct field with seven shorter spellings.
    const paidByMembers = lines.at(-1) as string;
    expect(paidByMembers.length).toBe(JSON.stringify(JSON.parse(paidByMembers)).length);
    expectDecodeVerdicts(lines);
    expectDecodeVerdicts(lines, "\r\n");
  });
});
