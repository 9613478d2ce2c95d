/*
 * A backtracking regular-expression matcher that counts its steps, for the subset of JavaScript
 * regex syntax the library uses: literals and escapes, classes (negated, ranges, \d \s \w),
 * `.`, groups (capturing or not), alternation, greedy and lazy quantifiers (`? * + {n} {n,}
 * {n,m}`), `^`/`$` (no multiline) and lookahead. It explores alternatives in the same order as
 * V8's irregexp, a backtracking engine, so its step count models irregexp's worst-case work
 * (irregexp's optimizations only remove work): a count that grows linearly with the input
 * proves the pattern cannot be driven into catastrophic backtracking. The tests check that it
 * gives V8's verdict on every string they try, which pins its reading of each pattern.
 */

export type Pred = (c: number) => boolean;

type Node =
  | { readonly k: "char"; readonly p: Pred }
  | { readonly k: "seq"; readonly items: readonly Node[] }
  | { readonly k: "alt"; readonly options: readonly Node[] }
  | { readonly k: "rep"; readonly node: Node; readonly min: number; readonly max: number; readonly greedy: boolean }
  | { readonly k: "start" }
  | { readonly k: "end" }
  | { readonly k: "look"; readonly node: Node; readonly negative: boolean };

type Inst =
  | { readonly op: "char"; readonly p: Pred }
  | { readonly op: "split"; readonly x: number; readonly y: number }
  | { readonly op: "jmp"; readonly x: number }
  | { readonly op: "start" }
  | { readonly op: "end" }
  | { readonly op: "look"; readonly prog: Inst[]; readonly negative: boolean }
  | { readonly op: "match" };

const WHITESPACE = new Set([
  9,
  10,
  11,
  12,
  13,
  32,
  0xa0,
  0x1680,
  0x2028,
  0x2029,
  0x202f,
  0x205f,
  0x3000,
  0xfeff,
  ...Array.from({ length: 11 }, (_, i) => 0x2000 + i),
]);
const isDigit: Pred = (c) => c >= 48 && c <= 57;
const isWord: Pred = (c) => isDigit(c) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
const isSpace: Pred = (c) => WHITESPACE.has(c);
const LINE_TERMINATORS = new Set([10, 13, 0x2028, 0x2029]);

class Parser {
  i = 0;
  readonly chars: Pred[] = [];
  /** Character predicates that sit inside a loop (a quantifier allowing more than one). */
  readonly looped: Pred[] = [];
  private loopDepth = 0;

  constructor(
    readonly src: string,
    readonly dotAll: boolean,
  ) {}

  fail(why: string): never {
    throw new SyntaxError(`backtrack: ${why} at ${this.i} in /${this.src}/`);
  }

  alt(): Node {
    const options = [this.seq()];
    while (this.src[this.i] === "|") {
      this.i++;
      options.push(this.seq());
    }
    return options.length === 1 ? (options[0] as Node) : { k: "alt", options };
  }

  seq(): Node {
    const items: Node[] = [];
    while (this.i < this.src.length && this.src[this.i] !== "|" && this.src[this.i] !== ")") {
      const start = this.i;
      const atom = this.atom();
      items.push(this.quantified(atom, start));
    }
    return { k: "seq", items };
  }

  quantified(atom: Node, atomStart: number): Node {
    const c = this.src[this.i];
    let min: number;
    let max: number;
    if (c === "*") [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (c === "+") [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (c === "?") [min, max] = [0, 1];
    else if (c === "{" && /^\{\d+(,\d*)?\}/.test(this.src.slice(this.i))) {
      const m = /^\{(\d+)(,(\d*))?\}/.exec(this.src.slice(this.i)) as RegExpExecArray;
      min = Number(m[1]);
      max = m[2] === undefined ? min : m[3] === "" ? Number.POSITIVE_INFINITY : Number(m[3]);
      this.i += m[0].length - 1;
    } else return atom;
    this.i++;
    const greedy = this.src[this.i] !== "?";
    if (!greedy) this.i++;
    if (max > 1) {
      // Re-read the atom to record its characters as looped.
      const saved = this.i;
      this.i = atomStart;
      this.loopDepth++;
      this.atom();
      this.loopDepth--;
      this.i = saved;
    }
    return { k: "rep", node: atom, min, max, greedy };
  }

  pred(p: Pred): Node {
    this.chars.push(p);
    if (this.loopDepth > 0) this.looped.push(p);
    return { k: "char", p };
  }

  atom(): Node {
    const c = this.src[this.i] as string;
    this.i++;
    switch (c) {
      case "^":
        return { k: "start" };
      case "$":
        return { k: "end" };
      case ".":
        return this.pred(this.dotAll ? () => true : (x) => !LINE_TERMINATORS.has(x));
      case "[":
        return this.pred(this.charClass());
      case "(": {
        let look: boolean | undefined;
        if (this.src.startsWith("?:", this.i)) this.i += 2;
        else if (this.src.startsWith("?=", this.i)) [this.i, look] = [this.i + 2, false];
        else if (this.src.startsWith("?!", this.i)) [this.i, look] = [this.i + 2, true];
        else if (this.src[this.i] === "?") this.fail("unsupported group");
        const node = this.alt();
        if (this.src[this.i] !== ")") this.fail("missing )");
        this.i++;
        return look === undefined ? node : { k: "look", node, negative: look };
      }
      case "\\":
        return this.pred(this.escape(false));
      case "*":
      case "+":
      case "?":
      case ")":
        return this.fail(`unexpected ${c}`);
      default: {
        const code = c.charCodeAt(0);
        return this.pred((x) => x === code);
      }
    }
  }

  escape(inClass: boolean): Pred {
    const c = this.src[this.i] as string;
    this.i++;
    switch (c) {
      case "d":
        return isDigit;
      case "D":
        return (x) => !isDigit(x);
      case "s":
        return isSpace;
      case "S":
        return (x) => !isSpace(x);
      case "w":
        return isWord;
      case "W":
        return (x) => !isWord(x);
      case "n":
        return (x) => x === 10;
      case "r":
        return (x) => x === 13;
      case "t":
        return (x) => x === 9;
      case "f":
        return (x) => x === 12;
      case "v":
        return (x) => x === 11;
      case "0":
        return (x) => x === 0;
      case "u":
      case "x": {
        const len = c === "u" ? 4 : 2;
        const code = Number.parseInt(this.src.slice(this.i, this.i + len), 16);
        if (Number.isNaN(code)) this.fail(`bad \\${c} escape`);
        this.i += len;
        return (x) => x === code;
      }
      case "b":
        if (inClass) return (x) => x === 8;
        return this.fail("\\b is not supported");
      default:
        if (/[1-9]/.test(c)) this.fail("backreferences are not supported");
        return (x) => x === c.charCodeAt(0);
    }
  }

  /** The code unit of a single-character class item, or undefined for \d and the like. */
  classChar(): { code?: number; pred: Pred } {
    const c = this.src[this.i] as string;
    if (c !== "\\") {
      this.i++;
      const code = c.charCodeAt(0);
      return { code, pred: (x) => x === code };
    }
    this.i++;
    const e = this.src[this.i] as string;
    if ("dDsSwW".includes(e)) return { pred: this.escape(true) };
    const before = this.i;
    const pred = this.escape(true);
    const text = this.src.slice(before, this.i);
    const simple: Record<string, number> = { n: 10, r: 13, t: 9, f: 12, v: 11, 0: 0, b: 8 };
    const code =
      text.startsWith("u") || text.startsWith("x")
        ? Number.parseInt(text.slice(1), 16)
        : (simple[text] ?? text.charCodeAt(0));
    return { code, pred };
  }

  charClass(): Pred {
    const negated = this.src[this.i] === "^";
    if (negated) this.i++;
    const items: Pred[] = [];
    while (this.src[this.i] !== "]") {
      if (this.i >= this.src.length) this.fail("missing ]");
      const lo = this.classChar();
      if (this.src[this.i] === "-" && this.src[this.i + 1] !== "]" && lo.code !== undefined) {
        this.i++;
        const hi = this.classChar();
        if (hi.code === undefined) this.fail("bad range");
        const [a, b] = [lo.code, hi.code as number];
        items.push((x) => x >= a && x <= b);
      } else items.push(lo.pred);
    }
    this.i++;
    return negated ? (x) => !items.some((p) => p(x)) : (x) => items.some((p) => p(x));
  }
}

function nullable(n: Node): boolean {
  switch (n.k) {
    case "char":
      return false;
    case "seq":
      return n.items.every(nullable);
    case "alt":
      return n.options.some(nullable);
    case "rep":
      return n.min === 0 || nullable(n.node);
    default:
      return true;
  }
}

function compile(node: Node, out: Inst[]): void {
  switch (node.k) {
    case "char":
      out.push({ op: "char", p: node.p });
      return;
    case "start":
    case "end":
      out.push({ op: node.k });
      return;
    case "look": {
      const prog: Inst[] = [];
      compile(node.node, prog);
      prog.push({ op: "match" });
      out.push({ op: "look", prog, negative: node.negative });
      return;
    }
    case "seq":
      for (const item of node.items) compile(item, out);
      return;
    case "alt": {
      const jumps: number[] = [];
      node.options.forEach((option, i) => {
        if (i < node.options.length - 1) {
          const split = out.length;
          out.push({ op: "split", x: split + 1, y: -1 });
          compile(option, out);
          jumps.push(out.length);
          out.push({ op: "jmp", x: -1 });
          out[split] = { op: "split", x: split + 1, y: out.length };
        } else compile(option, out);
      });
      for (const j of jumps) out[j] = { op: "jmp", x: out.length };
      return;
    }
    case "rep": {
      for (let i = 0; i < node.min; i++) compile(node.node, out);
      if (node.max === Number.POSITIVE_INFINITY) {
        if (nullable(node.node)) throw new SyntaxError("backtrack: a loop whose body can match empty is not supported");
        const top = out.length;
        out.push({ op: "split", x: -1, y: -1 });
        compile(node.node, out);
        out.push({ op: "jmp", x: top });
        const exit = out.length;
        out[top] = node.greedy ? { op: "split", x: top + 1, y: exit } : { op: "split", x: exit, y: top + 1 };
        return;
      }
      const splits: number[] = [];
      for (let i = node.min; i < node.max; i++) {
        splits.push(out.length);
        out.push({ op: "split", x: -1, y: -1 });
        compile(node.node, out);
      }
      const exit = out.length;
      for (const s of splits)
        out[s] = node.greedy ? { op: "split", x: s + 1, y: exit } : { op: "split", x: exit, y: s + 1 };
      return;
    }
  }
}

export interface Compiled {
  readonly source: string;
  readonly flags: string;
  readonly prog: readonly Inst[];
  /** Every character predicate of the pattern. */
  readonly chars: readonly Pred[];
  /** The predicates inside loops, whose characters can be pumped. */
  readonly looped: readonly Pred[];
}

export function compileRegex(re: RegExp): Compiled {
  const parser = new Parser(re.source, re.flags.includes("s"));
  const node = parser.alt();
  if (parser.i !== re.source.length) parser.fail("unbalanced )");
  const prog: Inst[] = [];
  compile(node, prog);
  prog.push({ op: "match" });
  return { source: re.source, flags: re.flags, prog, chars: parser.chars, looped: parser.looped };
}

function runAt(prog: readonly Inst[], input: string, start: number, counter: { steps: number }): boolean {
  const stack: number[] = [0, start];
  while (stack.length > 0) {
    let sp = stack.pop() as number;
    let pc = stack.pop() as number;
    for (;;) {
      counter.steps++;
      const inst = prog[pc] as Inst;
      if (inst.op === "char") {
        if (sp < input.length && inst.p(input.charCodeAt(sp))) {
          pc++;
          sp++;
          continue;
        }
        break;
      }
      if (inst.op === "split") {
        stack.push(inst.y, sp);
        pc = inst.x;
        continue;
      }
      if (inst.op === "jmp") {
        pc = inst.x;
        continue;
      }
      if (inst.op === "start") {
        if (sp !== 0) break;
        pc++;
        continue;
      }
      if (inst.op === "end") {
        if (sp !== input.length) break;
        pc++;
        continue;
      }
      if (inst.op === "look") {
        if (runAt(inst.prog, input, sp, counter) === inst.negative) break;
        pc++;
        continue;
      }
      return true;
    }
  }
  return false;
}

/**
 * Whether the pattern matches `input` as `RegExp.prototype.test` does from lastIndex 0 (a sticky
 * pattern only at 0, any other at every start in turn), and the steps it took.
 */
export function run(compiled: Compiled, input: string): { matched: boolean; steps: number } {
  const counter = { steps: 0 };
  const last = compiled.flags.includes("y") ? 0 : input.length;
  for (let start = 0; start <= last; start++) {
    if (runAt(compiled.prog, input, start, counter)) return { matched: true, steps: counter.steps };
  }
  return { matched: false, steps: counter.steps };
}
