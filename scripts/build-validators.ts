/*
 * Build-time generator of the fast validation path (src/fast/generated/*.ts).
 *
 * It walks a Zod schema's `_zod.def` tree and writes plain TypeScript that answers what
 * `schema.safeParse(value)` answers, without Zod's interpreter: one function per object,
 * array, record or union, everything else inlined. Zod stays the single source of truth:
 * patterns and enum values are copied from the schema, and every function the schema holds
 * (refine predicates, `overwrite` canonicalizers, transforms) is looked up at load time in
 * the live schema by its `def` path rather than written again. A schema feature the
 * generator cannot reproduce exactly stops the build with its path, instead of degrading.
 *
 * Two functions per schema: `validate…` (a boolean, builds nothing) and `parse…` (Zod's
 * exact output, or INVALID), which `z.withParser` installs as the schema's fast path.
 *
 *   npx tsx scripts/build-validators.ts          write src/fast/generated/
 *   npx tsx scripts/build-validators.ts --check  fail when a generated file is stale
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import type * as z from "zod";
import { notNegativeZero } from "../src/core/integers.js";
import { isTimestamp, TIMESTAMP_STRICT_PATTERN } from "../src/core/timestamp.js";
import { AnalyticsEvent } from "../src/events/schema/event.js";

// ---------------------------------------------------------------------------------------------
// Zod internals read here (read-only).

type Segment = string | number;

interface CheckDef {
  check: string;
  format?: string;
  pattern?: RegExp;
  value?: unknown;
  inclusive?: boolean;
  minimum?: number;
  maximum?: number;
  length?: number;
  when?: unknown;
  fn?: unknown;
  tx?: unknown;
}
interface Check {
  _zod: { def: CheckDef };
}
interface Def {
  type: string;
  checks?: Check[];
  shape?: Record<string, Node>;
  catchall?: Node;
  element?: Node;
  keyType?: Node;
  valueType?: Node;
  options?: Node[];
  discriminator?: string;
  unionFallback?: boolean;
  inclusive?: boolean;
  innerType?: Node;
  in?: Node;
  out?: Node;
  transform?: unknown;
  values?: unknown[];
  coerce?: boolean;
  mode?: string;
}
interface Node {
  _zod: {
    def: Def;
    optin?: "optional" | "defaulted";
    optout?: "optional";
    values?: Set<unknown>;
    propValues?: Record<string, Set<unknown>>;
  };
}

/** A schema feature the generator cannot reproduce exactly; the build stops with its location. */
export class UnsupportedSchemaError extends Error {
  constructor(where: string, feature: string) {
    super(`build-validators: ${where}: ${feature} is not supported by the fast-path generator`);
    this.name = "UnsupportedSchemaError";
  }
}

// ---------------------------------------------------------------------------------------------
// Code generation.

/** A value the generated code reads from the live schema at load time. */
export interface Hook {
  readonly id: string;
  readonly path: readonly Segment[];
  /** `function`: a refine predicate, overwrite or transform; `default`: a `.default()` schema. */
  readonly kind: "function" | "default";
  readonly value: unknown;
}

interface Emitted {
  readonly stmts: string[];
  readonly out: string;
}

const IDENT = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const prop = (obj: string, key: string) => (IDENT.test(key) ? `${obj}.${key}` : `${obj}[${JSON.stringify(key)}]`);
const isObjectExpr = (x: string) => `typeof ${x} === "object" && ${x} !== null && !Array.isArray(${x})`;
const INTEGER_FORMATS = new Set(["safeint", "int32", "uint32"]);

class Generator {
  private readonly constants: string[] = [];
  private readonly functions: string[] = [];
  readonly hooks: Hook[] = [];
  private readonly hookIds = new Map<unknown, string>();
  private readonly constantIds = new Map<string, string>();
  private readonly validators = new Map<Node, string>();
  private readonly parsers = new Map<Node, string>();
  private fnCounter = 0;
  private varCounter = 0;
  /** True once a validator calls `noteInteger` (the text path's integer watch). */
  usesIntegerWatch = false;
  usesPlainObject = false;

  // -- constants and hooks ----------------------------------------------------------------

  private constant(key: string, prefix: string, init: string): string {
    const known = this.constantIds.get(key);
    if (known) return known;
    const id = `${prefix}${this.constantIds.size}`;
    this.constantIds.set(key, id);
    this.constants.push(`const ${id} = ${init};`);
    return id;
  }

  private regex(re: RegExp): string {
    return this.constant(`re:${re.flags}:${re.source}`, "re", `/${re.source}/${re.flags}`);
  }

  private set(values: readonly unknown[]): string {
    const text = `[${values.map(literal).join(", ")}]`;
    return this.constant(`set:${text}`, "set", `new Set<unknown>(${text})`);
  }

  private hook(value: unknown, path: readonly Segment[], kind: Hook["kind"]): string {
    const known = this.hookIds.get(value);
    if (known) return known;
    const id = `hook${this.hooks.length}`;
    this.hookIds.set(value, id);
    this.hooks.push({ id, path: [...path], kind, value });
    return id;
  }

  private v(): string {
    return `v${this.varCounter++}`;
  }

  // -- validate mode: boolean expressions ---------------------------------------------------

  /** A boolean expression that is true when `node` accepts the value in `x` (a plain identifier). */
  valid(node: Node, x: string, path: readonly Segment[], where: string): string {
    const def = node._zod.def;
    if (def.coerce) throw new UnsupportedSchemaError(where, "coercion");
    switch (def.type) {
      case "string":
        return this.leafValid(node, `typeof ${x} === "string"`, x, path, where);
      case "number":
        return this.leafValid(node, `typeof ${x} === "number" && Number.isFinite(${x})`, x, path, where);
      case "boolean":
        return this.leafValid(node, `typeof ${x} === "boolean"`, x, path, where);
      case "null":
        return this.leafValid(node, `${x} === null`, x, path, where);
      case "undefined":
        return this.leafValid(node, `${x} === undefined`, x, path, where);
      case "unknown":
      case "any":
        return this.leafValid(node, "", x, path, where);
      case "never":
        return "false";
      case "enum": {
        // A few values: a chain of ===, cheaper than hashing the string for a Set lookup.
        const values = [...(node._zod.values ?? [])];
        const test = values.length <= 8 ? `(${literalTest(values, x, where)})` : `${this.set(values)}.has(${x})`;
        return this.leafValid(node, test, x, path, where);
      }
      case "literal":
        return this.leafValid(node, literalTest(def.values ?? [], x, where), x, path, where);
      case "optional": {
        this.noChecks(node, where);
        const inner = def.innerType as Node;
        const body = this.valid(inner, x, [...path, "innerType"], where);
        // `.optional()` over a defaulted schema hands `undefined` on to it (it becomes the default).
        return inner._zod.optin === "defaulted" ? body : `(${x} === undefined || ${body})`;
      }
      case "default":
        this.noChecks(node, where);
        return `(${x} === undefined || ${this.valid(def.innerType as Node, x, [...path, "innerType"], where)})`;
      case "nullable":
        this.noChecks(node, where);
        return `(${x} === null || ${this.valid(def.innerType as Node, x, [...path, "innerType"], where)})`;
      case "pipe":
        this.noChecks(node, where);
        if (isSilentTransform(def.out as Node)) return this.valid(def.in as Node, x, [...path, "in"], where);
        return `${this.validator(node, path, where)}(${x})`;
      case "transform":
        this.noChecks(node, where);
        if (isSilentTransform(node)) return "true";
        throw new UnsupportedSchemaError(where, "a transform that takes the refinement context (it may add issues)");
      case "object":
      case "array":
      case "record":
      case "union":
        return `${this.validator(node, path, where)}(${x})`;
      default:
        throw new UnsupportedSchemaError(where, `schema type "${def.type}"`);
    }
  }

  /** A leaf: the type test, then its checks in order (an `overwrite` last is skipped: it cannot fail). */
  private leafValid(node: Node, typeTest: string, x: string, path: readonly Segment[], where: string): string {
    const ordered = checksOf(node);
    const lastReading = ordered.findLastIndex(({ check }) => check._zod.def.check !== "overwrite");
    const firstOverwrite = ordered.findIndex(({ check }) => check._zod.def.check === "overwrite");
    if (firstOverwrite !== -1 && firstOverwrite < lastReading) {
      // A check after an overwrite reads the rewritten value: validate through the parser.
      return `${this.validator(node, path, where)}(${x})`;
    }
    const integer = ordered.findIndex(({ check }) => INTEGER_FORMATS.has(check._zod.def.format ?? ""));
    let parts: string[];
    if (node._zod.def.type === "number" && integer !== -1) {
      // The integer test implies a finite number (no separate isFinite) and goes before the bounds.
      const first = ordered.splice(integer, 1);
      ordered.unshift(...first);
      parts = [`typeof ${x} === "number"`];
    } else {
      parts = typeTest === "" ? [] : [typeTest];
    }
    for (const { check, index } of ordered) {
      const test = this.checkTest(check, x, checkPath(path, index), where);
      if (test !== "") parts.push(test);
    }
    if (integer !== -1 && node._zod.def.type === "number") {
      // decode() rejects an integer spelled `12.0`; the text path watches these positions.
      this.usesIntegerWatch = true;
      parts.push(`(textRun.floats === undefined || noteInteger(${x}))`);
    }
    if (parts.length === 0) return "true";
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" && ")})`;
  }

  /** The test for one check on a value already of the right type ("" when it cannot fail). */
  private checkTest(check: Check, x: string, path: readonly Segment[], where: string): string {
    const def = check._zod.def;
    if (def.when !== undefined && !(def.check === "min_length" || def.check === "max_length")) {
      throw new UnsupportedSchemaError(where, `a "${def.check}" check with a custom when()`);
    }
    switch (def.check) {
      case "string_format": {
        if (def.format !== "regex" || !(def.pattern instanceof RegExp)) {
          throw new UnsupportedSchemaError(where, `string format "${def.format}"`);
        }
        const re = this.regex(def.pattern);
        return def.pattern.global || def.pattern.sticky
          ? `((${re}.lastIndex = 0), ${re}.test(${x}))`
          : `${re}.test(${x})`;
      }
      case "number_format":
        switch (def.format) {
          case "safeint":
            return `Number.isSafeInteger(${x})`;
          case "int32":
            return `Number.isInteger(${x}) && ${x} >= -2147483648 && ${x} <= 2147483647`;
          case "uint32":
            return `Number.isInteger(${x}) && ${x} >= 0 && ${x} <= 4294967295`;
          case "float64":
            return "";
          default:
            throw new UnsupportedSchemaError(where, `number format "${def.format}"`);
        }
      case "greater_than":
        return `${x} ${def.inclusive ? ">=" : ">"} ${numberOperand(def.value, where)}`;
      case "less_than":
        return `${x} ${def.inclusive ? "<=" : "<"} ${numberOperand(def.value, where)}`;
      case "custom": {
        // The integer schemas' −0 test, written inline (a call per integer field costs more).
        if (def.fn === notNegativeZero) return `(${x} !== 0 || 1 / ${x} > 0)`;
        // A timestamp: the strict RFC 3339 pattern first (nearly every document), the full reader else.
        if (def.fn === isTimestamp) {
          const hook = this.hook(def.fn, [...path, "fn"], "function");
          return `(${this.regex(TIMESTAMP_STRICT_PATTERN)}.test(${x}) || ${hook}(${x}))`;
        }
        if (typeof def.fn !== "function") {
          throw new UnsupportedSchemaError(where, "a custom check without a predicate (superRefine / check(ctx))");
        }
        if (def.fn.constructor.name === "AsyncFunction") throw new UnsupportedSchemaError(where, "an async refinement");
        return `${this.hook(def.fn, [...path, "fn"], "function")}(${x})`;
      }
      case "overwrite":
        return "";
      default:
        throw new UnsupportedSchemaError(where, `check "${def.check}"`);
    }
  }

  private noChecks(node: Node, where: string): void {
    if (checksOf(node).length > 0) {
      throw new UnsupportedSchemaError(where, `checks on a ${node._zod.def.type} schema`);
    }
  }

  /** The name of the validator function of a composite node, generating it on first use. */
  private validator(node: Node, path: readonly Segment[], where: string): string {
    const known = this.validators.get(node);
    if (known) return known;
    const name = `valid${this.fnCounter++}`;
    this.validators.set(node, name);
    const def = node._zod.def;
    const body: string[] = [];
    switch (def.type) {
      case "object":
        this.objectBody(node, path, where, body, "validate");
        break;
      case "array":
        this.arrayBody(node, path, where, body, "validate");
        break;
      case "record":
        this.recordBody(node, path, where, body, "validate");
        break;
      case "union":
        this.unionBody(node, path, where, body, "validate");
        break;
      default: {
        // A pipe whose output is read, or a leaf whose checks read an overwritten value.
        body.push(...this.parsed(node, "x", path, where, "return false;").stmts, "return true;");
        break;
      }
    }
    this.functions.push(`// ${where}\nfunction ${name}(x: unknown): boolean {\n${body.join("\n")}\n}`);
    return name;
  }

  // -- parse mode: statements that build Zod's output ---------------------------------------

  /**
   * Statements that check `x` against `node` (running `fail` when it does not match) and an
   * expression holding Zod's output for it.
   */
  parsed(node: Node, x: string, path: readonly Segment[], where: string, fail: string): Emitted {
    const def = node._zod.def;
    if (def.coerce) throw new UnsupportedSchemaError(where, "coercion");
    switch (def.type) {
      case "string":
      case "number":
      case "boolean":
      case "null":
      case "undefined":
      case "unknown":
      case "any":
      case "never":
      case "enum":
      case "literal":
        return this.leafParsed(node, x, path, where, fail);
      case "optional":
      case "nullable":
      case "default": {
        const inner = def.innerType as Node;
        if (def.type === "optional" && inner._zod.optin === "defaulted") {
          return this.parsed(inner, x, [...path, "innerType"], where, fail);
        }
        const r = this.v();
        const innerOut = this.parsed(inner, x, [...path, "innerType"], where, fail);
        const sentinel = def.type === "nullable" ? "null" : "undefined";
        const substitute = def.type === "default" ? this.defaultValue(node, path) : sentinel;
        const stmts = [`let ${r}: unknown;`, `if (${x} === ${sentinel}) ${r} = ${substitute};`, "else {"];
        stmts.push(...innerOut.stmts, `${r} = ${innerOut.out};`);
        if (def.type === "default" && mayOutputUndefined(inner))
          stmts.push(`if (${r} === undefined) ${r} = ${substitute};`);
        stmts.push("}");
        return { stmts, out: r };
      }
      case "pipe": {
        this.noChecks(node, where);
        const left = this.parsed(def.in as Node, x, [...path, "in"], where, fail);
        const t = this.v();
        const right = this.parsed(def.out as Node, t, [...path, "out"], where, fail);
        return { stmts: [...left.stmts, `const ${t} = ${left.out};`, ...right.stmts], out: right.out };
      }
      case "transform": {
        this.noChecks(node, where);
        if (!isSilentTransform(node)) {
          throw new UnsupportedSchemaError(where, "a transform that takes the refinement context (it may add issues)");
        }
        const r = this.v();
        return {
          stmts: [`const ${r} = ${this.hook(def.transform, [...path, "transform"], "function")}(${x});`],
          out: r,
        };
      }
      case "object":
      case "array":
      case "record":
      case "union": {
        const r = this.v();
        return {
          stmts: [`const ${r} = ${this.parser(node, path, where)}(${x});`, `if (${r} === INVALID) ${fail}`],
          out: r,
        };
      }
      default:
        throw new UnsupportedSchemaError(where, `schema type "${def.type}"`);
    }
  }

  private leafParsed(node: Node, x: string, path: readonly Segment[], where: string, fail: string): Emitted {
    const checks = checksOf(node);
    if (!checks.some(({ check }) => check._zod.def.check === "overwrite")) {
      return { stmts: [`if (!${wrap(this.valid(node, x, path, where))}) ${fail}`], out: x };
    }
    // Checks in order on the current value; each overwrite replaces it.
    const type = node._zod.def.type;
    const typeTest =
      type === "string"
        ? `typeof ${x} === "string"`
        : type === "number"
          ? `typeof ${x} === "number" && Number.isFinite(${x})`
          : type === "unknown" || type === "any"
            ? ""
            : undefined;
    if (typeTest === undefined) throw new UnsupportedSchemaError(where, `overwrite on a ${type} schema`);
    const stmts = typeTest === "" ? [] : [`if (!(${typeTest})) ${fail}`];
    let current = x;
    checks.forEach(({ check, index }) => {
      const at = checkPath(path, index);
      if (check._zod.def.check === "overwrite") {
        const next = this.v();
        stmts.push(`const ${next} = ${this.hook(check._zod.def.tx, [...at, "tx"], "function")}(${current});`);
        current = next;
        return;
      }
      const test = this.checkTest(check, current, at, where);
      if (test !== "") stmts.push(`if (!(${test})) ${fail}`);
    });
    return { stmts, out: current };
  }

  private defaultValue(node: Node, path: readonly Segment[]): string {
    const value = (node._zod.def as { defaultValue?: unknown }).defaultValue;
    if (value === null || ["string", "number", "boolean"].includes(typeof value)) return literal(value);
    // Objects and arrays come from the schema's own getter, fresh on every parse as in Zod.
    return `${this.hook(node, path, "default")}.defaultValue`;
  }

  private parser(node: Node, path: readonly Segment[], where: string): string {
    const known = this.parsers.get(node);
    if (known) return known;
    const name = `parse${this.fnCounter++}`;
    this.parsers.set(node, name);
    const def = node._zod.def;
    const body: string[] = [];
    switch (def.type) {
      case "object":
        this.objectBody(node, path, where, body, "parse");
        break;
      case "array":
        this.arrayBody(node, path, where, body, "parse");
        break;
      case "record":
        this.recordBody(node, path, where, body, "parse");
        break;
      case "union":
        this.unionBody(node, path, where, body, "parse");
        break;
      default: {
        const { stmts, out } = this.parsed(node, "x", path, where, "return INVALID;");
        body.push(...stmts, `return ${out};`);
      }
    }
    this.functions.push(`// ${where}\nfunction ${name}(x: unknown): unknown {\n${body.join("\n")}\n}`);
    return name;
  }

  // -- composite bodies (shared by both modes) ---------------------------------------------

  private objectBody(node: Node, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    this.noChecks(node, where);
    const def = node._zod.def;
    const shape = def.shape ?? {};
    const keys = Object.keys(shape);
    if (Object.getOwnPropertySymbols(shape).length > 0) throw new UnsupportedSchemaError(where, "symbol keys");
    if (keys.includes("__proto__")) throw new UnsupportedSchemaError(where, 'a "__proto__" field');
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    body.push(`if (!(${isObjectExpr("x")})) ${fail}`);
    body.push("const o = x as Record<string, unknown>;");
    if (mode === "parse") body.push("const out: Record<string, unknown> = {};");
    for (const key of keys) {
      const field = shape[key] as Node;
      this.field(field, key, [...path, "shape", key], `${where}.${key}`, body, mode);
    }
    const catchall = def.catchall;
    if (catchall === undefined) {
      body.push(mode === "validate" ? "return true;" : "return out;");
      return;
    }
    const known = this.knownKey(keys, "k");
    if (catchall._zod.def.type === "never") {
      // A strict object: any key it does not declare is an `unrecognized_keys` issue.
      body.push(`for (const k in o) if (!${known}) ${fail}`);
    } else {
      const e = this.v();
      const keep = protoEntry(node, catchall, `${where}[*]`) === "keep";
      if (mode === "parse" && keep) body.push("let proto: { value: unknown } | undefined;");
      body.push("for (const k in o) {", `if (${known}) continue;`);
      this.entry(catchall, [...path, "catchall"], `${where}[*]`, "o", e, body, mode, keep);
      body.push("}");
      this.protoTail(body, mode, keep);
      return;
    }
    body.push(mode === "validate" ? "return true;" : "return out;");
  }

  private knownKey(keys: readonly string[], k: string): string {
    if (keys.length === 0) return "false";
    if (keys.length <= 4) return `(${keys.map((key) => `${k} === ${JSON.stringify(key)}`).join(" || ")})`;
    return `${this.set(keys)}.has(${k})`;
  }

  /** One object field, with Zod's rules for absent keys (handlePropertyResult in zod/v4/core). */
  private field(field: Node, key: string, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    const optin = field._zod.optin;
    const optout = field._zod.optout;
    const a = this.v();
    const read = prop("o", key);
    const present = `${JSON.stringify(key)} in o`;
    const target = prop("out", key);
    body.push(`const ${a} = ${read};`);
    const type = field._zod.def.type;
    const inner = field._zod.def.innerType;
    const plainOptional = type === "optional" && inner?._zod.optin !== "defaulted" && checksOf(field).length === 0;
    const plainDefault = type === "default" && optout === undefined && checksOf(field).length === 0;
    if (plainOptional || plainDefault) {
      const innerNode = inner as Node;
      const innerPath = [...path, "innerType"];
      if (mode === "validate") {
        body.push(`if (${a} !== undefined && !${wrap(this.valid(innerNode, a, innerPath, where))}) return false;`);
        return;
      }
      const value = this.parsed(innerNode, a, innerPath, where, "return INVALID;");
      body.push(`if (${a} !== undefined) {`, ...value.stmts);
      if (plainDefault && mayOutputUndefined(innerNode)) {
        body.push(`${target} = ${value.out} === undefined ? ${this.defaultValue(field, path)} : ${value.out};`);
      } else {
        body.push(`${target} = ${value.out};`);
      }
      // Absent optional: no key. Present but undefined: the key, holding undefined. Absent defaulted: the default.
      body.push(
        plainDefault
          ? `} else ${target} = ${this.defaultValue(field, path)};`
          : `} else if (${present}) ${target} = undefined;`,
      );
      return;
    }
    if (optin === undefined) {
      // Required: the value must match, and an absent key fails even where `undefined` would match.
      const needsPresence = acceptsUndefined(field);
      if (mode === "validate") {
        body.push(`if (!${wrap(this.valid(field, a, path, where))}) return false;`);
        if (needsPresence) body.push(`if (${a} === undefined && !(${present})) return false;`);
        return;
      }
      const value = this.parsed(field, a, path, where, "return INVALID;");
      body.push(...value.stmts);
      if (needsPresence) body.push(`if (${a} === undefined && !(${present})) return INVALID;`);
      body.push(`${target} = ${value.out};`);
      return;
    }
    // Anything else (a pipe or union that may be absent, …): the general rule, on a separate function.
    const ok = this.v();
    if (mode === "validate") {
      body.push(`const ${ok} = ${this.validator(field, path, where)}(${a});`);
      // An optional-out field that fails while absent is skipped, not an error.
      body.push(optout === "optional" ? `if (!${ok} && ${present}) return false;` : `if (!${ok}) return false;`);
      return;
    }
    body.push(`const ${ok} = ${this.parser(field, path, where)}(${a});`);
    body.push(`const ${ok}p = ${present};`);
    if (optin === "optional" && optout === "optional") {
      body.push(`if (${ok}p) {`, `if (${ok} === INVALID) return INVALID;`, `${target} = ${ok};`, "}");
      return;
    }
    body.push(`if (${ok} === INVALID) {`);
    body.push(optout === "optional" ? `if (${ok}p) return INVALID;` : "return INVALID;");
    body.push(`} else if (${ok} !== undefined) ${target} = ${ok};`);
    const keepsUndefined = optin === "defaulted" && optout !== "optional" ? "true" : `${ok}p`;
    body.push(`else if (${keepsUndefined}) ${target} = undefined;`);
  }

  private arrayBody(node: Node, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    const def = node._zod.def;
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    body.push(`if (!Array.isArray(x)) ${fail}`);
    const element = def.element as Node;
    const elementPath = [...path, "element"];
    const e = this.v();
    if (mode === "validate") {
      body.push(`for (let i = 0; i < x.length; i++) {`, `const ${e}: unknown = x[i];`);
      body.push(`if (!${wrap(this.valid(element, e, elementPath, `${where}[]`))}) return false;`, "}");
    } else {
      body.push("const out: unknown[] = [];", `for (let i = 0; i < x.length; i++) {`, `const ${e}: unknown = x[i];`);
      const item = this.parsed(element, e, elementPath, `${where}[]`, fail);
      body.push(...item.stmts, `out.push(${item.out});`, "}");
    }
    checksOf(node).forEach(({ check }) => {
      const c = check._zod.def;
      const n = mode === "validate" ? "x.length" : "out.length";
      if (c.check === "min_length") body.push(`if (${n} < ${numberOperand(c.minimum, where)}) ${fail}`);
      else if (c.check === "max_length") body.push(`if (${n} > ${numberOperand(c.maximum, where)}) ${fail}`);
      else if (c.check === "length_equals") body.push(`if (${n} !== ${numberOperand(c.length, where)}) ${fail}`);
      else throw new UnsupportedSchemaError(where, `check "${c.check}" on an array`);
    });
    body.push(mode === "validate" ? "return true;" : "return out;");
  }

  private recordBody(node: Node, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    this.noChecks(node, where);
    const def = node._zod.def;
    const keyType = def.keyType as Node;
    if (keyType._zod.def.type !== "string" || checksOf(keyType).length > 0 || def.mode === "loose") {
      throw new UnsupportedSchemaError(where, "a record whose keys are not plain z.string()");
    }
    this.usesPlainObject = true;
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    // Zod reads a record's own enumerable keys (symbols fail a string key), skipping "__proto__".
    body.push(`if (!isPlainObject(x) || hasEnumerableSymbol(x)) ${fail}`);
    const value = def.valueType as Node;
    const valuePath = [...path, "valueType"];
    const e = this.v();
    const keep = protoEntry(node, value, `${where}{}`) === "keep";
    if (mode === "parse") body.push("const out: Record<string, unknown> = {};");
    if (mode === "parse" && keep) body.push("let proto: { value: unknown } | undefined;");
    body.push("for (const k of Object.keys(x)) {");
    this.entry(value, valuePath, `${where}{}`, "x", e, body, mode, keep);
    body.push("}");
    this.protoTail(body, mode, keep);
  }

  /**
   * One entry `k` of a map (a record, or an object's catchall) read from `from`. An own
   * `__proto__` entry is skipped, as Zod does, or kept (see `protoEntry`): validated like the
   * others and, in parse mode, set on the output as an own property after the loop.
   */
  private entry(
    value: Node,
    valuePath: readonly Segment[],
    where: string,
    from: string,
    e: string,
    body: string[],
    mode: Mode,
    keep: boolean,
  ): void {
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    if (keep) {
      body.push('if (k === "__proto__") {');
      body.push(`const ${e}d = Object.getOwnPropertyDescriptor(${from}, k);`);
      body.push(`if (${e}d === undefined || !${e}d.enumerable) continue;`);
      body.push(`const ${e}p: unknown = ${e}d.value;`);
      if (mode === "validate") {
        body.push(`if (!${wrap(this.valid(value, `${e}p`, valuePath, where))}) return false;`);
      } else {
        const item = this.parsed(value, `${e}p`, valuePath, where, fail);
        body.push(...item.stmts, `proto = { value: ${item.out} };`);
      }
      body.push("continue;", "}");
    } else {
      body.push('if (k === "__proto__") continue;');
    }
    body.push(`const ${e} = ${from}[k];`);
    if (mode === "validate") {
      body.push(`if (!${wrap(this.valid(value, e, valuePath, where))}) return false;`);
    } else {
      const item = this.parsed(value, e, valuePath, where, fail);
      body.push(...item.stmts, `out[k] = ${item.out};`);
    }
  }

  /** Closes a map body: the kept `__proto__` entry goes on last, as an own property. */
  private protoTail(body: string[], mode: Mode, keep: boolean): void {
    if (mode === "validate" || !keep) {
      body.push(mode === "validate" ? "return true;" : "return out;");
    } else {
      body.push(
        "if (proto !== undefined) {",
        'Object.defineProperty(out, "__proto__", { value: proto.value, enumerable: true, writable: true, configurable: true });',
        "}",
        "return out;",
      );
    }
  }

  private unionBody(node: Node, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    this.noChecks(node, where);
    const def = node._zod.def;
    const options = def.options ?? [];
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    if (def.discriminator !== undefined) {
      if (def.unionFallback) throw new UnsupportedSchemaError(where, "a discriminated union with unionFallback");
      const tag = def.discriminator;
      body.push(`if (!(${isObjectExpr("x")})) ${fail}`);
      body.push(`switch (${prop("(x as Record<string, unknown>)", tag)}) {`);
      options.forEach((option, i) => {
        const values = option._zod.propValues?.[tag];
        if (!values || values.size === 0)
          throw new UnsupportedSchemaError(where, "an option without static tag values");
        for (const value of values) body.push(`case ${literal(value)}:`);
        const optionPath = [...path, "options", i];
        const label = `${where}[${tag}=${[...values].map((v) => String(v)).join("|")}]`;
        body.push(
          mode === "validate"
            ? `return ${this.valid(option, "x", optionPath, label)};`
            : `return ${this.parser(option, optionPath, label)}(x);`,
        );
      });
      body.push(`default:`, fail, "}");
      return;
    }
    if (def.inclusive === false) throw new UnsupportedSchemaError(where, "an exclusive union (z.xor)");
    // serde-style untagged: the first option that accepts the value gives the output.
    options.forEach((option, i) => {
      const optionPath = [...path, "options", i];
      const label = `${where}|${i}`;
      if (mode === "validate") {
        body.push(`if (${this.valid(option, "x", optionPath, label)}) return true;`);
      } else if (isIdentity(option)) {
        body.push(`if (${this.valid(option, "x", optionPath, label)}) return x;`);
      } else {
        const r = this.v();
        body.push(`const ${r} = ${this.parser(option, optionPath, label)}(x);`, `if (${r} !== INVALID) return ${r};`);
      }
    });
    body.push(fail);
  }

  // -- output ----------------------------------------------------------------------------

  /** The generated functions and constants (TypeScript), without imports or hooks. */
  body(): string {
    return [...this.constants, "", ...this.functions.flatMap((f) => [f, ""])].join("\n");
  }
}

type Mode = "validate" | "parse";

/**
 * A check that cannot affect a parse: a custom check whose function is an empty arrow
 * (`z.check(() => {})`). core/maps.ts's `keepProtoKey` attaches one as the carrier of its
 * parse hook; the hook's effect is probed separately (see `protoEntry`).
 */
function isInert(check: Check): boolean {
  const def = check._zod.def;
  const run = (check._zod as { check?: unknown }).check;
  return (
    def.check === "custom" &&
    def.fn === undefined &&
    typeof run === "function" &&
    run.toString().replace(/\s/g, "") === "()=>{}"
  );
}

/**
 * A node's checks that matter, each with its index in `def.checks` (hook paths use it; -1 for
 * the node itself). A format schema such as `z.email()` or `z.int()` is itself a check: its
 * `def.check` runs before the checks added to it.
 */
function checksOf(node: Node): { check: Check; index: number }[] {
  const own =
    (node._zod.def as { check?: string }).check !== undefined ? [{ check: node as unknown as Check, index: -1 }] : [];
  const added = (node._zod.def.checks ?? []).map((check, index) => ({ check, index }));
  return [...own, ...added].filter(({ check }) => !isInert(check));
}

const checkPath = (path: readonly Segment[], index: number): Segment[] =>
  index === -1 ? [...path] : [...path, "checks", index];

/**
 * Whether a record (or an object's catchall) keeps an own `__proto__` entry, validated by the
 * entry schema, as core/maps.ts's `keepProtoKey` makes it, or skips it as Zod does. `def` only
 * carries keepProtoKey's inert marker check, so where it is present the live schema is asked:
 * an object holding only `__proto__: Symbol()` (which the entry schemas of this library reject)
 * fails at path ["__proto__"] only when the entry is kept. Undetermined cases stop the build.
 */
function protoEntry(node: Node, entry: Node, where: string): "keep" | "skip" {
  // Without keepProtoKey's marker this is Zod's own record or catchall, which skips the key.
  if (!(node._zod.def.checks ?? []).some(isInert)) return "skip";
  const probe = {};
  Object.defineProperty(probe, "__proto__", {
    value: Symbol("probe"),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  const result = (node as unknown as z.ZodType).safeParse(probe);
  const atProto = !result.success && result.error.issues.some((i) => i.path[0] === "__proto__");
  if (atProto) return "keep";
  if (!(entry as unknown as z.ZodType).safeParse(Symbol("probe")).success) return "skip";
  if (result.success) return Object.hasOwn(result.data as object, "__proto__") ? "keep" : "skip";
  throw new UnsupportedSchemaError(where, "a map whose handling of a __proto__ key cannot be determined");
}

function wrap(expr: string): string {
  return /^[A-Za-z0-9_$.]+\(.*\)$/.test(expr) && !expr.includes(" ") ? expr : `(${expr})`;
}

function literal(value: unknown): string {
  if (value === undefined) return "undefined";
  if (typeof value === "number") {
    if (Number.isNaN(value)) throw new Error("build-validators: NaN literal");
    return Object.is(value, -0) ? "-0" : String(value);
  }
  if (typeof value === "string" || typeof value === "boolean" || value === null) return JSON.stringify(value);
  throw new Error(`build-validators: cannot write ${typeof value} ${String(value)} as a literal`);
}

function literalTest(values: readonly unknown[], x: string, where: string): string {
  if (values.length === 0) return "false";
  return values
    .map((v) => {
      if (typeof v === "number" && Number.isNaN(v)) throw new UnsupportedSchemaError(where, "a NaN literal");
      if (typeof v === "bigint") throw new UnsupportedSchemaError(where, "a bigint literal");
      return `${x} === ${literal(v)}`;
    })
    .join(" || ");
}

function numberOperand(value: unknown, where: string): string {
  if (typeof value !== "number" || Number.isNaN(value)) throw new UnsupportedSchemaError(where, "a non-numeric bound");
  return literal(value);
}

/** A transform declared with one parameter never sees the context, so it cannot add issues. */
function isSilentTransform(node: Node): boolean {
  const def = node._zod.def;
  if (def.type !== "transform" || typeof def.transform !== "function") return false;
  if (def.transform.constructor.name === "AsyncFunction") return false;
  return def.transform.length < 2;
}

/** Whether the schema may accept `undefined` (conservative: true when unsure). */
function acceptsUndefined(node: Node): boolean {
  const def = node._zod.def;
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "object":
    case "array":
    case "record":
    case "never":
      return false;
    case "enum":
      return node._zod.values?.has(undefined) ?? true;
    case "literal":
      return (def.values ?? []).includes(undefined);
    case "union":
      return def.discriminator === undefined && (def.options ?? []).some(acceptsUndefined);
    case "nullable":
      return acceptsUndefined(def.innerType as Node);
    case "pipe":
      return acceptsUndefined(def.in as Node);
    default:
      return true;
  }
}

/** Whether the output may be `undefined` (conservative). */
function mayOutputUndefined(node: Node): boolean {
  const def = node._zod.def;
  switch (def.type) {
    case "string":
    case "number":
    case "boolean":
    case "null":
    case "object":
    case "array":
    case "record":
    case "never":
      return false;
    case "enum":
    case "literal":
      return acceptsUndefined(node);
    case "nullable":
      return mayOutputUndefined(def.innerType as Node);
    default:
      return true;
  }
}

/** Output equals input: a leaf without overwrite. */
function isIdentity(node: Node): boolean {
  const def = node._zod.def;
  const leaf = ["string", "number", "boolean", "null", "undefined", "unknown", "any", "enum", "literal", "never"];
  return leaf.includes(def.type) && !checksOf(node).some(({ check }) => check._zod.def.check === "overwrite");
}

// ---------------------------------------------------------------------------------------------
// Targets and the module text.

export interface Target {
  /** The exported name in its domain (`AnalyticsEvent`). */
  readonly name: string;
  readonly schema: z.ZodType;
  /** Where the generated file imports the schema from, relative to src/fast/generated/. */
  readonly from: string;
  /** File name under src/fast/generated/. */
  readonly file: string;
}

export const TARGETS: readonly Target[] = [
  { name: "AnalyticsEvent", schema: AnalyticsEvent, from: "../../events/schema/event.js", file: "analytics-event.ts" },
];

const here = dirname(fileURLToPath(import.meta.url));
export const GENERATED_DIR = join(here, "..", "src", "fast", "generated");

export interface Generated {
  readonly body: string;
  readonly validate: string;
  readonly parse: string;
  readonly hooks: readonly Hook[];
  readonly usesIntegerWatch: boolean;
  readonly usesPlainObject: boolean;
}

/** The validator and parser of `schema`, as TypeScript source (see the file comment). */
export function generate(schema: z.ZodType, name: string): Generated {
  const gen = new Generator();
  const root = schema as unknown as Node;
  const validExpr = gen.valid(root, "input", [], name);
  const parsed = gen.parsed(root, "input", [], name, "return INVALID;");
  const validate = `return ${validExpr};`;
  const parse = [...parsed.stmts, `return ${parsed.out};`].join("\n");
  return {
    body: gen.body(),
    validate,
    parse,
    hooks: gen.hooks,
    usesIntegerWatch: gen.usesIntegerWatch,
    usesPlainObject: gen.usesPlainObject,
  };
}

/** The text of src/fast/generated/<file> before formatting. */
export function moduleText(target: Target): string {
  const g = generate(target.schema, target.name);
  const runtime = ["INVALID", "fnAt"];
  if (g.hooks.some((h) => h.kind === "default")) runtime.push("defaultAt");
  if (g.usesPlainObject) runtime.push("hasEnumerableSymbol", "isPlainObject");
  if (g.usesIntegerWatch) runtime.push("noteInteger", "textRun");
  const hooks = g.hooks.map((h) => {
    const at = h.kind === "function" ? "fnAt" : "defaultAt";
    return `const ${h.id} = ${at}(${target.name}, ${JSON.stringify(target.name)}, ${JSON.stringify(h.path)});`;
  });
  return [
    `// Generated by scripts/build-validators.ts from the Zod schema ${target.name}. Do not edit:`,
    "// run `npx tsx scripts/build-validators.ts` after changing the schema (a test fails while this file is stale).",
    `import { ${target.name} } from ${JSON.stringify(target.from)};`,
    `import { ${runtime.sort().join(", ")} } from "../runtime.js";`,
    "",
    ...hooks,
    g.body,
    `/** True exactly when \`${target.name}.safeParse(input).success\` is; builds nothing. */`,
    `export function validate${target.name}(input: unknown): boolean {`,
    g.validate,
    "}",
    "",
    `/** \`${target.name}.parse(input)\`'s output, or INVALID where Zod would report issues. */`,
    `export function parse${target.name}(input: unknown): unknown {`,
    g.parse,
    "}",
    "",
  ].join("\n");
}

/** Formats TypeScript as `biome check --write` does for `file` (the repository's settings). */
export function formatTypeScript(code: string, file: string): string {
  const root = join(here, "..");
  const bin = join(root, "node_modules", ".bin", "biome");
  const result = spawnSync(bin, ["check", "--write", `--stdin-file-path=${relative(root, file)}`], {
    cwd: root,
    input: code,
    encoding: "utf8",
  });
  if (result.status !== 0) throw new Error(`build-validators: biome check failed: ${result.stderr}${result.stdout}`);
  return result.stdout;
}

/** The formatted text each target's file must hold. */
export function expectedFiles(): { path: string; text: string }[] {
  return TARGETS.map((t) => {
    const path = join(GENERATED_DIR, t.file);
    return { path, text: formatTypeScript(moduleText(t), path) };
  });
}

// ---------------------------------------------------------------------------------------------
// In-memory instances (tests): the same code, compiled with the TypeScript compiler and bound to
// the live schema's functions directly.

export interface InMemory {
  readonly validate: (input: unknown) => boolean;
  readonly parse: (input: unknown) => unknown;
  readonly source: string;
}

export interface RuntimeBindings {
  readonly INVALID: symbol;
  readonly isPlainObject: (value: unknown) => boolean;
  readonly hasEnumerableSymbol: (value: object) => boolean;
  readonly noteInteger: (value: number) => true;
  readonly textRun: { readonly floats: readonly number[] | undefined };
}

export function compileInMemory(schema: z.ZodType, name: string, runtime: RuntimeBindings): InMemory {
  const g = generate(schema, name);
  const source = [
    ...g.hooks.map((h, i) => `const ${h.id} = hooks[${i}];`),
    g.body,
    "return {",
    `validate: (input: unknown): boolean => { ${g.validate} },`,
    `parse: (input: unknown): unknown => { ${g.parse} },`,
    "};",
  ].join("\n");
  const js = ts.transpileModule(`function factory() {\n${source}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText;
  const factory = new Function(
    "INVALID",
    "isPlainObject",
    "hasEnumerableSymbol",
    "noteInteger",
    "textRun",
    "hooks",
    `${js}\nreturn factory();`,
  );
  const made = factory(
    runtime.INVALID,
    runtime.isPlainObject,
    runtime.hasEnumerableSymbol,
    runtime.noteInteger,
    runtime.textRun,
    g.hooks.map((h) => (h.kind === "default" ? (h.value as Node)._zod.def : h.value)),
  ) as Omit<InMemory, "source">;
  return { ...made, source };
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const check = process.argv.includes("--check");
  let stale = 0;
  for (const { path, text } of expectedFiles()) {
    let current = "";
    try {
      current = readFileSync(path, "utf8");
    } catch {
      // missing: written below
    }
    if (current === text) continue;
    if (check) {
      console.error(`stale: ${relative(process.cwd(), path)}`);
      stale++;
      continue;
    }
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    console.log(`wrote ${relative(process.cwd(), path)}`);
  }
  if (stale > 0) process.exit(1);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) main();
