/*
 * The per-event columns of the incident analyzer's store (store.ts), kept outside the JS heap
 * where they can be: a string per event on the heap costs its header and pointer (and, for a
 * string built by concatenation, its rope of parts) — 60 to 140 bytes where the text is 16 to
 * 40 — and heap that is live sets how far V8 lets the heap grow before it collects (measured in
 * docs/correlation.md, "Performance"). Every column gives back exactly the string it was given.
 */

/** A growable Float64Array. */
export class F64 {
  data = new Float64Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

/** A growable Int32Array. */
export class I32 {
  data = new Int32Array(64);
  length = 0;
  push(v: number): void {
    if (this.length === this.data.length) {
      const next = new Int32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = v;
  }
}

const ASCII = new TextDecoder("utf-8");

/** Bytes `[from, to)` of `bytes`, all below 0x80, as a string. */
function asciiText(bytes: Uint8Array, from: number, to: number): string {
  return ASCII.decode(bytes.subarray(from, to));
}

/**
 * Strings, one per entry, as ASCII bytes in one growable buffer (one byte per character and
 * eight for the entry's end offset); a string with any other character is kept as it is, in a
 * side table.
 */
export class TextColumn {
  private bytes = new Uint8Array(1024);
  private used = 0;
  private readonly ends = new F64();
  private readonly others = new Map<number, string>();

  get length(): number {
    return this.ends.length;
  }

  push(s: string): void {
    const n = s.length;
    if (this.used + n > this.bytes.length) {
      const next = new Uint8Array(Math.max(this.bytes.length * 2, this.used + n));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    const bytes = this.bytes;
    const at = this.used;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) {
        this.others.set(this.ends.length, s);
        this.ends.push(at);
        return;
      }
      bytes[at + i] = c;
    }
    this.used = at + n;
    this.ends.push(this.used);
  }

  get(k: number): string {
    if (!(k >= 0 && k < this.ends.length)) throw new RangeError(`TextColumn.get: no entry ${k} of ${this.ends.length}`);
    const other = this.others.size === 0 ? undefined : this.others.get(k);
    if (other !== undefined) return other;
    const from = k === 0 ? 0 : (this.ends.data[k - 1] as number);
    return asciiText(this.bytes, from, this.ends.data[k] as number);
  }
}

const HEX = "0123456789abcdef";

/** The value of lowercase hex digit `c` (a char code), or -1. */
function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}

/**
 * Event ids, one per entry: a UUID in its canonical form (lowercase, 8-4-4-4-12) as its 16
 * bytes, any other id as it is, in a side table.
 */
export class IdColumn {
  private bytes = new Uint8Array(16 * 64);
  private count = 0;
  private readonly others = new Map<number, string>();

  get length(): number {
    return this.count;
  }

  push(id: string): void {
    if ((this.count + 1) * 16 > this.bytes.length) {
      const next = new Uint8Array(this.bytes.length * 2);
      next.set(this.bytes);
      this.bytes = next;
    }
    const k = this.count++;
    if (!this.pack(id, k * 16)) this.others.set(k, id);
  }

  /** Writes canonical UUID `id` as 16 bytes at `at`; false (bytes unspecified) when `id` is not one. */
  private pack(id: string, at: number): boolean {
    if (id.length !== 36) return false;
    let b = at;
    for (let i = 0; i < 36; ) {
      if (i === 8 || i === 13 || i === 18 || i === 23) {
        if (id.charCodeAt(i) !== 45) return false;
        i++;
        continue;
      }
      const hi = hexValue(id.charCodeAt(i));
      const lo = hexValue(id.charCodeAt(i + 1));
      if (hi < 0 || lo < 0) return false;
      this.bytes[b++] = (hi << 4) | lo;
      i += 2;
    }
    return true;
  }

  get(k: number): string {
    if (!(k >= 0 && k < this.count)) throw new RangeError(`IdColumn.get: no entry ${k} of ${this.count}`);
    const other = this.others.size === 0 ? undefined : this.others.get(k);
    if (other !== undefined) return other;
    let s = "";
    for (let i = 0; i < 16; i++) {
      if (i === 4 || i === 6 || i === 8 || i === 10) s += "-";
      const v = this.bytes[k * 16 + i] as number;
      s += HEX[v >> 4]! + HEX[v & 15]!;
    }
    return s;
  }
}

/**
 * A set of event ids (the store's duplicate check): a canonical UUID as its four 32-bit words in
 * an open-addressing table (linear probing, at most half full), any other id in a `Set`. Exactly
 * the set of strings added, without a string kept per id: a `Set<string>` of the benchmark's
 * 330,000 ids was ~3 % of `correlate`, and its strings lived on the heap to the end of the read
 * (round twenty-two).
 */
export class IdSet {
  private slots = new Int32Array(4 * 1024);
  private full = new Uint8Array(1024);
  private count = 0;
  private readonly others = new Set<string>();
  private readonly key = new Int32Array(4);

  /** Adds `id`; false when it was in the set already. */
  add(id: string): boolean {
    const key = this.key;
    if (!uuidWords(id, key)) {
      if (this.others.has(id)) return false;
      this.others.add(id);
      return true;
    }
    if (2 * (this.count + 1) > this.full.length) this.grow();
    const slot = this.find(key);
    if (this.full[slot] === 1) return false;
    this.full[slot] = 1;
    this.slots.set(key, 4 * slot);
    this.count++;
    return true;
  }

  /** The slot that holds `key`, or the empty one where it belongs. */
  private find(key: Int32Array): number {
    const { slots, full } = this;
    const mask = full.length - 1;
    const a = key[0] as number;
    const b = key[1] as number;
    const c = key[2] as number;
    const d = key[3] as number;
    // The words mixed (multiply-xorshift, as MurmurHash3's finalizer): v7 ids share their leading time bits.
    let h = Math.imul(a ^ Math.imul(b, 0x9e3779b1) ^ Math.imul(c, 0x85ebca6b) ^ Math.imul(d, 0xc2b2ae35), 0x27d4eb2f);
    h ^= h >>> 15;
    let slot = h & mask;
    while (full[slot] === 1) {
      const at = 4 * slot;
      if (slots[at] === a && slots[at + 1] === b && slots[at + 2] === c && slots[at + 3] === d) return slot;
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  private grow(): void {
    const { slots, full } = this;
    this.slots = new Int32Array(2 * slots.length);
    this.full = new Uint8Array(2 * full.length);
    for (let old = 0; old < full.length; old++) {
      if (full[old] !== 1) continue;
      const key = slots.subarray(4 * old, 4 * old + 4);
      const slot = this.find(key);
      this.full[slot] = 1;
      this.slots.set(key, 4 * slot);
    }
  }
}

/** Writes canonical UUID `id` (lowercase, 8-4-4-4-12) as four 32-bit words into `out`; false (`out` unspecified) when `id` is not one. */
function uuidWords(id: string, out: Int32Array): boolean {
  if (id.length !== 36) return false;
  let word = 0;
  let digits = 0;
  for (let i = 0; i < 36; i++) {
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (id.charCodeAt(i) !== 45) return false;
      continue;
    }
    const v = hexValue(id.charCodeAt(i));
    if (v < 0) return false;
    word = (word << 4) | v;
    if (++digits % 8 === 0) out[digits / 8 - 1] = word;
  }
  return true;
}

/**
 * Strings (or undefined), one per entry, that repeat across entries (model ids, subjects,
 * payload subtypes): each distinct string is kept once and an entry is its index.
 */
export class InternedColumn {
  private readonly codes = new I32();
  private readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  get length(): number {
    return this.codes.length;
  }

  push(s: string | undefined): void {
    if (s === undefined) {
      this.codes.push(-1);
      return;
    }
    let code = this.index.get(s);
    if (code === undefined) {
      code = this.strings.length;
      this.strings.push(s);
      this.index.set(s, code);
    }
    this.codes.push(code);
  }

  get(k: number): string | undefined {
    if (!(k >= 0 && k < this.codes.length))
      throw new RangeError(`InternedColumn.get: no entry ${k} of ${this.codes.length}`);
    const code = this.codes.data[k] as number;
    return code < 0 ? undefined : this.strings[code];
  }
}
