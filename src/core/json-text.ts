/*
 * A JSON reader that sees what `JSON.parse` hides and the hub's serde_json acts on:
 * repeated keys and every value they had (rule 12, §1b.4), integers spelled as floats (`12.0`,
 * `1e3`; rule 3), integers beyond ±(2^53 − 1), which serde_json keeps exactly up to the u64/i64
 * range and which are read here as `bigint` (§1b.6), numbers out of the f64 range (`1e400`),
 * lone surrogates, and nesting beyond serde_json's recursion limit of 127 levels. A `__proto__`
 * key becomes an own property, never a prototype. Errors carry the offset, line and column
 * instead of throwing.
 */
import { JSON_INTEGER_MAX, JSON_INTEGER_MIN } from "./json-value.js";

export type JsonPath = (string | number)[];

export interface RepeatedKey {
  /** Path of the object that holds the key twice. */
  readonly path: JsonPath;
  readonly key: string;
}

/**
 * What the text showed beyond the value, by container (object or array) identity, for the
 * schema-directed reading of `decode` (src/core/wire.ts).
 */
export interface JsonFacts {
  /** For an object that holds a key more than once: each such key's earlier values, in text order (the object holds the last). */
  readonly earlier: WeakMap<object, Map<string, unknown[]>>;
  /** For a container: the keys or indices of its whole numbers spelled with a fraction or exponent (`12.0`, `1e3`). */
  readonly floats: WeakMap<object, Set<string | number>>;
  /** The root value itself is such a number. */
  readonly rootFloat: boolean;
  /** The text held a repeated key, a float-spelled whole number or an integer read as a bigint. */
  readonly any: boolean;
}

export interface JsonTextOk {
  readonly ok: true;
  /** The value; an integer beyond ±(2^53 − 1) within −2^63..2^64 − 1 is a bigint (serde_json keeps it exactly). */
  readonly value: unknown;
  readonly facts: JsonFacts;
  /** Every key that appeared more than once in one object (the last value was kept). */
  readonly repeatedKeys: readonly RepeatedKey[];
  /** Paths of numbers with a fraction or exponent whose value is whole (`12.0`, `1e3`). */
  readonly floatSpelledIntegers: readonly JsonPath[];
}

export interface JsonTextError {
  readonly ok: false;
  readonly message: string;
  /** UTF-16 offset of the error in the text. */
  readonly offset: number;
  /** 1-based line and column. */
  readonly line: number;
  readonly column: number;
}

/**
 * serde_json's default recursion limit: its counter starts at 128 and fails on reaching 0, so
 * 127 nested arrays/objects read and the 128th is "recursion limit exceeded at line 1 column 128".
 */
export const MAX_JSON_DEPTH = 127;

class Fail {
  constructor(
    readonly message: string,
    readonly offset: number,
  ) {}
}

export function readJsonText(text: string): JsonTextOk | JsonTextError {
  const reader = new Reader(text);
  try {
    reader.skipWs();
    const value = reader.value(0);
    reader.skipWs();
    if (reader.i < text.length) throw new Fail("trailing characters after the JSON value", reader.i);
    const facts: JsonFacts = {
      earlier: reader.earlier,
      floats: reader.floatsByContainer,
      rootFloat: reader.lastFloat,
      any: reader.repeated.length > 0 || reader.floats.length > 0 || reader.bigints > 0,
    };
    return { ok: true, value, facts, repeatedKeys: reader.repeated, floatSpelledIntegers: reader.floats };
  } catch (e) {
    if (!(e instanceof Fail)) throw e;
    const { line, column } = lineColumn(text, e.offset);
    return { ok: false, message: `${e.message} at line ${line} column ${column}`, offset: e.offset, line, column };
  }
}

function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let start = 0;
  for (let i = 0; i < offset && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      start = i + 1;
    }
  }
  return { line, column: offset - start + 1 };
}

function describeAt(text: string, i: number): string {
  if (i >= text.length) return "end of input";
  return JSON.stringify(text[i]);
}

/** The one-character escapes of RFC 8259 §7, by the code of the character after the backslash. */
const SIMPLE_ESCAPES = new Map<number, string>([
  [34, '"'],
  [92, "\\"],
  [47, "/"],
  [98, "\b"],
  [102, "\f"],
  [110, "\n"],
  [114, "\r"],
  [116, "\t"],
]);

class Reader {
  i = 0;
  readonly path: JsonPath = [];
  readonly repeated: RepeatedKey[] = [];
  readonly floats: JsonPath[] = [];
  readonly earlier = new WeakMap<object, Map<string, unknown[]>>();
  readonly floatsByContainer = new WeakMap<object, Set<string | number>>();
  /** The number just read was a whole value spelled as a float. */
  lastFloat = false;
  bigints = 0;

  constructor(readonly text: string) {}

  skipWs(): void {
    const t = this.text;
    let i = this.i;
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 32 || c === 10 || c === 13 || c === 9) i++;
      else break;
    }
    this.i = i;
  }

  value(depth: number): unknown {
    const c = this.text.charCodeAt(this.i);
    switch (c) {
      case 123: // {
        return this.object(depth + 1);
      case 91: // [
        return this.array(depth + 1);
      case 34: // "
        return this.string();
      case 116: // t
        return this.literal("true", true);
      case 102: // f
        return this.literal("false", false);
      case 110: // n
        return this.literal("null", null);
      default:
        if (c === 45 || (c >= 48 && c <= 57)) return this.number();
        throw new Fail(`expected a JSON value, found ${describeAt(this.text, this.i)}`, this.i);
    }
  }

  noteFloat(container: object, key: string | number): void {
    const known = this.floatsByContainer.get(container);
    if (known) known.add(key);
    else this.floatsByContainer.set(container, new Set([key]));
    this.lastFloat = false;
  }

  noteEarlier(container: Record<string, unknown>, key: string, value: unknown): void {
    let byKey = this.earlier.get(container);
    if (!byKey) {
      byKey = new Map();
      this.earlier.set(container, byKey);
    }
    const list = byKey.get(key);
    if (list) list.push(value);
    else byKey.set(key, [value]);
  }

  literal<T>(word: string, value: T): T {
    if (this.text.startsWith(word, this.i)) {
      this.i += word.length;
      return value;
    }
    throw new Fail(`expected a JSON value, found ${describeAt(this.text, this.i)}`, this.i);
  }

  /** Steps into `{` or `[` at `depth`; true when the container is empty (its `close` read too). */
  enter(depth: number, close: number): boolean {
    if (depth > MAX_JSON_DEPTH)
      throw new Fail(`recursion limit exceeded: nesting deeper than ${MAX_JSON_DEPTH} levels`, this.i);
    this.i++;
    this.skipWs();
    if (this.text.charCodeAt(this.i) !== close) return false;
    this.i++;
    return true;
  }

  /** After a member of `container`: true at `,` (another member follows), false at `close`. */
  more(close: number, container: string): boolean {
    this.skipWs();
    const c = this.text.charCodeAt(this.i);
    if (c === 44) {
      this.i++;
      this.skipWs();
      return true;
    }
    if (c === close) {
      this.i++;
      return false;
    }
    throw new Fail(
      `expected ',' or '${String.fromCharCode(close)}' in ${container}, found ${describeAt(this.text, this.i)}`,
      this.i,
    );
  }

  object(depth: number): Record<string, unknown> {
    const t = this.text;
    const out: Record<string, unknown> = {};
    if (this.enter(depth, 125)) return out;
    let keys: Set<string> | undefined;
    for (;;) {
      if (t.charCodeAt(this.i) !== 34) throw new Fail(`expected a string key, found ${describeAt(t, this.i)}`, this.i);
      const key = this.string();
      this.skipWs();
      if (t.charCodeAt(this.i) !== 58)
        throw new Fail(`expected ':' after a key, found ${describeAt(t, this.i)}`, this.i);
      this.i++;
      this.skipWs();
      this.path.push(key);
      this.lastFloat = false;
      const v = this.value(depth);
      this.path.pop();
      if (this.lastFloat) this.noteFloat(out, key);
      keys ??= new Set();
      if (keys.has(key)) {
        this.repeated.push({ path: this.path.slice(), key });
        this.noteEarlier(out, key, out[key]);
      } else keys.add(key);
      if (key === "__proto__") {
        Object.defineProperty(out, key, { value: v, writable: true, enumerable: true, configurable: true });
      } else {
        out[key] = v;
      }
      if (!this.more(125, "an object")) return out;
    }
  }

  array(depth: number): unknown[] {
    const out: unknown[] = [];
    if (this.enter(depth, 93)) return out;
    for (;;) {
      this.path.push(out.length);
      this.lastFloat = false;
      out.push(this.value(depth));
      this.path.pop();
      if (this.lastFloat) this.noteFloat(out, out.length - 1);
      if (!this.more(93, "an array")) return out;
    }
  }

  number(): number | bigint {
    const t = this.text;
    const start = this.i;
    let i = start;
    if (t.charCodeAt(i) === 45) i++;
    const first = t.charCodeAt(i);
    if (first === 48) {
      i++;
    } else if (first >= 49 && first <= 57) {
      while (isDigit(t.charCodeAt(i))) i++;
    } else {
      throw new Fail("expected a digit in a number", i);
    }
    let float = false;
    if (t.charCodeAt(i) === 46) {
      float = true;
      i++;
      if (!isDigit(t.charCodeAt(i))) throw new Fail("expected a digit after the decimal point", i);
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const e = t.charCodeAt(i);
    if (e === 101 || e === 69) {
      float = true;
      i++;
      const s = t.charCodeAt(i);
      if (s === 43 || s === 45) i++;
      if (!isDigit(t.charCodeAt(i))) throw new Fail("expected a digit in the exponent", i);
      while (isDigit(t.charCodeAt(i))) i++;
    }
    const token = t.slice(start, i);
    const n = Number(token);
    if (!Number.isFinite(n)) throw new Fail("number out of range (beyond the f64 range)", start);
    this.i = i;
    if (float) {
      if (Number.isInteger(n)) {
        this.floats.push(this.path.slice());
        this.lastFloat = true;
      }
      return n;
    }
    if (i - start < 16 || Number.isSafeInteger(n)) return n;
    // serde_json keeps an integer exactly as a u64 or i64 (beyond those it is an f64, as here).
    // Every one beyond ±(2^53 − 1) is a bigint, even one a double happens to hold (2^60): as a
    // number, JSON.stringify would write it with other digits (1152921504606847000).
    const exact = BigInt(token);
    if (exact < JSON_INTEGER_MIN || exact > JSON_INTEGER_MAX) return n;
    this.bigints++;
    return exact;
  }

  string(): string {
    const t = this.text;
    const start = ++this.i;
    let i = start;
    // Fast path: no escapes, no surrogates.
    for (;;) {
      const c = t.charCodeAt(i);
      if (c === 34) {
        this.i = i + 1;
        return t.slice(start, i);
      }
      if (c === 92 || c < 32 || (c >= 0xd800 && c <= 0xdfff) || Number.isNaN(c)) break;
      i++;
    }
    return this.escapedString(t.slice(start, i), i);
  }

  /** The rest of a string from `i` on, after `out` read so far: escapes, surrogate pairs and errors. */
  escapedString(out: string, i: number): string {
    const t = this.text;
    for (;;) {
      const c = t.charCodeAt(i);
      if (Number.isNaN(c)) throw new Fail("unterminated string", i);
      if (c === 34) {
        this.i = i + 1;
        return out;
      }
      if (c < 32) throw new Fail("control character in a string (it must be escaped)", i);
      if (c >= 0xd800 && c <= 0xdbff) {
        const next = t.charCodeAt(i + 1);
        if (!(next >= 0xdc00 && next <= 0xdfff)) throw new Fail("lone leading surrogate in a string", i);
        out += t.slice(i, i + 2);
        i += 2;
      } else if (c >= 0xdc00 && c <= 0xdfff) {
        throw new Fail("lone trailing surrogate in a string", i);
      } else if (c !== 92) {
        out += t[i];
        i++;
      } else {
        out += this.escape(i);
        i = this.i;
      }
    }
  }

  /** The escape sequence at `i` (its backslash), decoded; `this.i` is left just after it. */
  escape(i: number): string {
    const t = this.text;
    const esc = t.charCodeAt(i + 1);
    const simple = SIMPLE_ESCAPES.get(esc);
    if (simple !== undefined) {
      this.i = i + 2;
      return simple;
    }
    if (esc !== 117) throw new Fail(`invalid escape ${describeAt(t, i + 1)} in a string`, i);
    const unit = this.hex4(i + 2);
    if (unit >= 0xdc00 && unit <= 0xdfff) throw new Fail("lone trailing surrogate in a \\u escape", i);
    if (!(unit >= 0xd800 && unit <= 0xdbff)) {
      this.i = i + 6;
      return String.fromCharCode(unit);
    }
    if (t.charCodeAt(i + 6) !== 92 || t.charCodeAt(i + 7) !== 117) {
      throw new Fail("lone leading surrogate in a \\u escape", i);
    }
    const low = this.hex4(i + 8);
    if (!(low >= 0xdc00 && low <= 0xdfff)) throw new Fail("lone leading surrogate in a \\u escape", i);
    this.i = i + 12;
    return String.fromCharCode(unit, low);
  }

  hex4(at: number): number {
    let n = 0;
    for (let k = 0; k < 4; k++) {
      const c = this.text.charCodeAt(at + k);
      const d = c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1;
      if (d < 0) throw new Fail("invalid \\u escape (expected four hex digits)", at + k);
      n = n * 16 + d;
    }
    return n;
  }
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}
