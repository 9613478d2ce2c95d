/*
 * Splitting a byte stream into records without decoding it first, so that every record can be
 * written back byte for byte (`validate --out/--rejects`) and memory stays flat however large
 * the input is. Three layouts:
 *
 * - NDJSON: one record per line. Lines end at LF; a CR before the LF stays in the record's raw
 *   bytes and is left out of its content. The last line may lack its LF.
 * - A JSON array: one record per element, found by tracking strings and nesting bytewise
 *   (UTF-8 continuation bytes are never ASCII, so no structural byte hides inside a character).
 * - One JSON document: a single record.
 *
 * A record longer than the size limit is never held in memory: its bytes are passed on in
 * pieces (`part`) and it ends with `oversized`.
 */

/** How a record sits in the input. */
export type RecordRole = "line" | "element" | "document" | "trailing";

export type SplitItem =
  /** A complete record. `raw` is what the input holds (for a line, with its terminator); `content` is what is decoded. */
  | {
      readonly kind: "record";
      readonly role: RecordRole;
      /** 1-based line of the record's first byte. */
      readonly line: number;
      /** 1-based byte column of the record's first byte. */
      readonly column: number;
      /** 0-based position among the records of its role. */
      readonly index: number;
      readonly raw: Uint8Array;
      readonly content: Uint8Array;
    }
  /** A piece of a record over the size limit (the first piece carries its position). */
  | {
      readonly kind: "part";
      readonly role: RecordRole;
      readonly line: number;
      readonly index: number;
      readonly raw: Uint8Array;
    }
  /** The end of a record over the size limit, and its total size in bytes. */
  | {
      readonly kind: "oversized";
      readonly role: RecordRole;
      readonly line: number;
      readonly index: number;
      readonly size: number;
    }
  /** The input ended inside the array (no closing `]`). */
  | { readonly kind: "unterminated"; readonly line: number };

export type Emit = (item: SplitItem) => void;

/** Turns a byte stream into records; `push` each chunk in order, then `end` once. */
export interface Splitter {
  push(chunk: Uint8Array, emit: Emit): void;
  end(emit: Emit): void;
}

const LF = 10;
const CR = 13;

const isWhitespace = (b: number): boolean => b === 32 || b === LF || b === CR || b === 9;

function concat(pieces: readonly Uint8Array[], size: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!;
  const out = new Uint8Array(size);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece, offset);
    offset += piece.length;
  }
  return out;
}

/** A record's content: its raw bytes without the trailing LF and a CR just before it. */
function lineContent(raw: Uint8Array): Uint8Array {
  let end = raw.length;
  if (end > 0 && raw[end - 1] === LF) end--;
  if (end > 0 && raw[end - 1] === CR) end--;
  return raw.subarray(0, end);
}

/** NDJSON: a record per LF-terminated line. */
export class LineSplitter implements Splitter {
  private pending: Uint8Array[] = [];
  private pendingSize = 0;
  private line = 1;
  private oversizedSize = -1;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array, emit: Emit): void {
    let start = 0;
    while (start < chunk.length) {
      const lf = chunk.indexOf(LF, start);
      const end = lf === -1 ? chunk.length : lf + 1;
      const piece = chunk.subarray(start, end);
      start = end;
      if (this.oversizedSize < 0 && this.pendingSize + piece.length > this.maxBytes) {
        // From here on the line goes out in pieces.
        this.oversizedSize = this.pendingSize;
        const first = concat(this.pending, this.pendingSize);
        this.pending = [];
        this.pendingSize = 0;
        if (first.length > 0) emit({ kind: "part", role: "line", line: this.line, index: this.line - 1, raw: first });
      }
      if (this.oversizedSize >= 0) {
        this.oversizedSize += piece.length;
        emit({ kind: "part", role: "line", line: this.line, index: this.line - 1, raw: piece });
        if (lf !== -1) this.finishOversized(emit);
        continue;
      }
      this.pending.push(piece);
      this.pendingSize += piece.length;
      if (lf !== -1) this.finishLine(emit);
    }
  }

  end(emit: Emit): void {
    if (this.oversizedSize >= 0) this.finishOversized(emit);
    else if (this.pendingSize > 0) this.finishLine(emit);
  }

  private finishLine(emit: Emit): void {
    const raw = concat(this.pending, this.pendingSize);
    this.pending = [];
    this.pendingSize = 0;
    emit({
      kind: "record",
      role: "line",
      line: this.line,
      column: 1,
      index: this.line - 1,
      raw,
      content: lineContent(raw),
    });
    this.line++;
  }

  private finishOversized(emit: Emit): void {
    emit({ kind: "oversized", role: "line", line: this.line, index: this.line - 1, size: this.oversizedSize });
    this.oversizedSize = -1;
    this.line++;
  }
}

/**
 * One record that grows piece by piece, switching to pass-through once it passes the limit.
 * Used for array elements, a whole document, and text after an array's closing bracket.
 */
class Accumulator {
  private pieces: Uint8Array[] = [];
  private size = 0;
  private oversized = false;
  started = false;
  line = 0;
  column = 0;

  constructor(
    private readonly role: RecordRole,
    private readonly maxBytes: number,
    public index: number,
  ) {}

  begin(line: number, column: number): void {
    this.started = true;
    this.line = line;
    this.column = column;
  }

  add(bytes: Uint8Array, emit: Emit): void {
    if (bytes.length === 0) return;
    if (!this.oversized && this.size + bytes.length > this.maxBytes) {
      this.oversized = true;
      const first = concat(this.pieces, this.size);
      this.pieces = [];
      if (first.length > 0) emit({ kind: "part", role: this.role, line: this.line, index: this.index, raw: first });
    }
    this.size += bytes.length;
    if (this.oversized) emit({ kind: "part", role: this.role, line: this.line, index: this.index, raw: bytes });
    else this.pieces.push(bytes);
  }

  /** Emits the record (trailing whitespace trimmed when it was held whole) and resets for the next one. */
  finish(emit: Emit): void {
    if (this.oversized) {
      emit({ kind: "oversized", role: this.role, line: this.line, index: this.index, size: this.size });
    } else {
      const whole = concat(this.pieces, this.size);
      let end = whole.length;
      while (end > 0 && isWhitespace(whole[end - 1]!)) end--;
      const raw = whole.subarray(0, end);
      emit({
        kind: "record",
        role: this.role,
        line: this.line,
        column: this.column,
        index: this.index,
        raw,
        content: raw,
      });
    }
    this.pieces = [];
    this.size = 0;
    this.oversized = false;
    this.started = false;
    this.index++;
  }
}

type ArrayPhase = "before" | "inside" | "after";

/** A JSON array: a record per element. Input must begin (after whitespace) with `[`. */
export class ArraySplitter implements Splitter {
  private phase: ArrayPhase = "before";
  private line = 1;
  private lineStart = 0; // byte offset (in the whole input) where the current line starts
  private offset = 0; // bytes consumed before the current chunk
  private depth = 0;
  private inString = false;
  private escape = false;
  private separatorSeen = false;
  private readonly element: Accumulator;
  private readonly trailing: Accumulator;

  constructor(maxBytes: number) {
    this.element = new Accumulator("element", maxBytes, 0);
    this.trailing = new Accumulator("trailing", maxBytes, 0);
  }

  push(chunk: Uint8Array, emit: Emit): void {
    // Start in `chunk` of the bytes not yet handed to the record being read (0: it began in an earlier chunk).
    let segmentStart = (this.phase === "inside" && this.element.started) || this.trailing.started ? 0 : -1;
    const target = (): Accumulator => (this.phase === "after" ? this.trailing : this.element);
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i]!;
      const column = this.offset + i - this.lineStart + 1;
      if (b === LF) {
        this.line++;
        this.lineStart = this.offset + i + 1;
      }
      if (this.phase === "before") {
        if (b === 91) this.phase = "inside";
        // Anything else before `[` cannot occur: the caller picks this splitter only for input starting with `[`.
        continue;
      }
      if (this.phase === "after") {
        if (!this.trailing.started) {
          if (isWhitespace(b)) continue;
          this.trailing.begin(this.line, column);
          segmentStart = i;
        }
        continue;
      }
      // inside the array
      if (!this.element.started) {
        if (isWhitespace(b)) continue;
        if (b === 44 || b === 93) {
          // `,` or `]` with no element before it: `[,`, `,,` or a trailing `,]` is an empty element.
          if (b === 44 || this.separatorSeen) {
            this.element.begin(this.line, column);
            this.element.finish(emit);
          }
          if (b === 44) this.separatorSeen = true;
          else this.phase = "after";
          continue;
        }
        this.element.begin(this.line, column);
        segmentStart = i;
        this.depth = 0;
        this.inString = false;
        this.escape = false;
      }
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === 92) this.escape = true;
        else if (b === 34) this.inString = false;
        continue;
      }
      if (b === 34) this.inString = true;
      else if (b === 123 || b === 91) this.depth++;
      else if ((b === 125 || b === 93) && this.depth > 0) this.depth--;
      else if (this.depth === 0 && (b === 44 || b === 93)) {
        this.element.add(chunk.subarray(segmentStart, i), emit);
        segmentStart = -1;
        this.element.finish(emit);
        if (b === 44) this.separatorSeen = true;
        else this.phase = "after";
      }
    }
    if (segmentStart >= 0) target().add(chunk.subarray(segmentStart), emit);
    this.offset += chunk.length;
  }

  end(emit: Emit): void {
    if (this.phase === "inside") {
      if (this.element.started) this.element.finish(emit);
      emit({ kind: "unterminated", line: this.line });
    } else if (this.trailing.started) {
      this.trailing.finish(emit);
    }
  }
}

/** The whole input as one record (leading whitespace skipped, trailing whitespace trimmed). */
export class DocumentSplitter implements Splitter {
  private readonly document: Accumulator;
  private line = 1;
  private lineStart = 0;
  private offset = 0;

  constructor(maxBytes: number) {
    this.document = new Accumulator("document", maxBytes, 0);
  }

  push(chunk: Uint8Array, emit: Emit): void {
    let from = 0;
    if (!this.document.started) {
      while (from < chunk.length && isWhitespace(chunk[from]!)) {
        if (chunk[from] === LF) {
          this.line++;
          this.lineStart = this.offset + from + 1;
        }
        from++;
      }
      if (from < chunk.length) this.document.begin(this.line, this.offset + from - this.lineStart + 1);
    }
    if (this.document.started) this.document.add(chunk.subarray(from), emit);
    this.offset += chunk.length;
  }

  end(emit: Emit): void {
    if (this.document.started) this.document.finish(emit);
  }
}

export const INPUT_FORMATS = ["auto", "ndjson", "json"] as const;
export type InputFormat = (typeof INPUT_FORMATS)[number];

/** The layout `auto` settled on. */
export type Layout = "ndjson" | "array" | "document";

/**
 * Picks the layout from the first bytes, then hands everything to the chosen splitter:
 * input whose first non-blank byte is `[` is a JSON array; otherwise, when the first non-blank
 * line is a complete JSON value on its own the input is NDJSON, else one JSON document
 * (pretty-printed). `ndjson` and `json` skip the guess (`json` still tells an array from a
 * document). Holds at most the first line in memory while it decides.
 */
export class DetectingSplitter implements Splitter {
  private held: Uint8Array[] = [];
  private heldSize = 0;
  private chosen: Splitter | undefined;
  /** The layout, once known. */
  layout: Layout | undefined;
  // State of the scan of the first non-blank line.
  private sawContent = false;
  private firstByte = -1;
  private depth = 0;
  private inString = false;
  private escape = false;

  constructor(
    private readonly format: InputFormat,
    private readonly maxBytes: number,
  ) {
    if (format === "ndjson") this.choose("ndjson");
  }

  push(chunk: Uint8Array, emit: Emit): void {
    if (this.chosen) {
      this.chosen.push(chunk, emit);
      return;
    }
    this.held.push(chunk);
    this.heldSize += chunk.length;
    const decided = this.scan(chunk);
    if (decided !== undefined) this.release(decided, emit);
    else if (this.heldSize > this.maxBytes) this.release(this.format === "json" ? "document" : "ndjson", emit);
  }

  end(emit: Emit): void {
    if (!this.chosen) {
      const layout =
        this.firstByte === 91
          ? "array"
          : this.format === "json" || (this.sawContent && !this.complete())
            ? "document"
            : "ndjson";
      this.release(layout, emit);
    }
    this.chosen!.end(emit);
  }

  private complete(): boolean {
    return this.depth === 0 && !this.inString;
  }

  /** Scans a chunk of the first non-blank line; returns the layout once it is known. */
  private scan(chunk: Uint8Array): Layout | undefined {
    for (const b of chunk) {
      if (!this.sawContent) {
        if (isWhitespace(b)) continue;
        this.sawContent = true;
        this.firstByte = b;
        if (b === 91) return "array";
        if (this.format === "json") return "document";
      }
      if (b === LF) return this.complete() ? "ndjson" : "document";
      if (this.inString) {
        if (this.escape) this.escape = false;
        else if (b === 92) this.escape = true;
        else if (b === 34) this.inString = false;
      } else if (b === 34) this.inString = true;
      else if (b === 123 || b === 91) this.depth++;
      else if (b === 125 || b === 93) this.depth = Math.max(0, this.depth - 1);
    }
    return undefined;
  }

  private choose(layout: Layout): Splitter {
    this.layout = layout;
    this.chosen =
      layout === "ndjson"
        ? new LineSplitter(this.maxBytes)
        : layout === "array"
          ? new ArraySplitter(this.maxBytes)
          : new DocumentSplitter(this.maxBytes);
    return this.chosen;
  }

  private release(layout: Layout, emit: Emit): void {
    const splitter = this.choose(layout);
    const held = this.held;
    this.held = [];
    this.heldSize = 0;
    for (const chunk of held) splitter.push(chunk, emit);
  }
}
