/*
 * Build-time generator of the fast validation path (src/fast/generated/*.ts).
 *
 * It walks a Zod schema's definition (read through src/core/zod-internals.ts) and writes plain
 * TypeScript that answers what `schema.safeParse(value)` answers, without Zod's interpreter: one
 * function per object, array, record or union, everything else inlined. Zod stays the single
 * source of truth: patterns and enum values are copied from the schema, and every function the
 * schema holds (refine predicates, `overwrite` canonicalizers, transforms, checks) is imported
 * by the name its module exports it under, never written again nor looked up by position in
 * the definition. A schema feature the generator cannot reproduce exactly stops the build with
 * its path, instead of degrading.
 *
 * Two functions per published type (every key of SCHEMAS): `validate…` (a boolean, builds
 * nothing) and `parse…` (Zod's exact output, or INVALID), which `z.withParser` installs as the
 * schema's fast path; src/fast/generated/index.ts lists them by name. Both take the text path's
 * watch (`TextWatch`, src/fast/runtime.ts) as an explicit argument. Each module's code sits in a
 * `compile` function that the two exported functions run on their first call (they are `let`
 * bindings that it replaces): V8 compiles top-level function declarations when the module is
 * imported, but a nested function only when its outer function first runs, so importing the
 * library no longer pays for the generated code of every type (issue 18).
 *
 *   npx tsx scripts/build-validators.ts          write src/fast/generated/
 *   npx tsx scripts/build-validators.ts --check  fail when a generated file is stale
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";
import type * as z from "zod";
import { notNegativeZero } from "../src/core/integers.js";
import { isTimestamp, TIMESTAMP_STRICT_PATTERN } from "../src/core/timestamp.js";
import { isHyphenatedUuid, UUID_PATTERN } from "../src/core/uuid.js";
import {
  checkDefOf,
  checkFnOf,
  defOf,
  optinOf,
  optoutOf,
  parseHookOf,
  propValuesOf,
  type Schema,
  valuesOf,
  checksOf as zodChecksOf,
} from "../src/core/zod-internals.js";
import type { TextWatch } from "../src/fast/runtime.js";
import * as runtime from "../src/fast/runtime.js";
import { SCHEMA_NAMES, SCHEMAS } from "../src/json-schema/registry.js";

// ---------------------------------------------------------------------------------------------
// Schemas are read through src/core/zod-internals.ts, the library's one door to Zod's internals.

type Segment = string | number;
type Node = Schema;
type Check = z.core.$ZodCheck;

/** A schema feature the generator cannot reproduce exactly; the build stops with its location. */
export class UnsupportedSchemaError extends Error {
  constructor(where: string, feature: string) {
    super(`build-validators: ${where}: ${feature} is not supported by the fast-path generator`);
    this.name = "UnsupportedSchemaError";
  }
}

// ---------------------------------------------------------------------------------------------
// Code generation.

/**
 * A function of the schema (refine predicate, overwrite, transform, check) the generated code
 * calls: a module imports it by its exported name (see `exportedFunctions`), never by where it
 * sits in the schema's definition.
 */
export interface Ref {
  readonly id: string;
  readonly value: (...args: never[]) => unknown;
  /** Where the schema uses it, for the error when it has no exported name. */
  readonly where: string;
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
  readonly refs: Ref[] = [];
  private readonly refIds = new Map<unknown, string>();
  private readonly constantIds = new Map<string, string>();
  private readonly validators = new Map<Node, string>();
  private readonly parsers = new Map<Node, string>();
  private fnCounter = 0;
  private varCounter = 0;

  // -- constants and refs -----------------------------------------------------------------

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

  private ref(value: unknown, where: string): string {
    const known = this.refIds.get(value);
    if (known) return known;
    if (typeof value !== "function") throw new UnsupportedSchemaError(where, "a check without a function");
    const id = `fn${this.refs.length}`;
    this.refIds.set(value, id);
    this.refs.push({ id, value: value as Ref["value"], where });
    return id;
  }

  private v(): string {
    return `v${this.varCounter++}`;
  }

  // -- validate mode: boolean expressions ---------------------------------------------------

  /** A boolean expression that is true when `node` accepts the value in `x` (a plain identifier). */
  valid(node: Node, x: string, path: readonly Segment[], where: string): string {
    const def = defOf(node);
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
        const values = [...(valuesOf(node) ?? [])];
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
        return optinOf(inner) === "defaulted" ? body : `(${x} === undefined || ${body})`;
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
        return `${this.composite(node, path, where, "validate")}(${x}, w)`;
      case "transform":
        this.noChecks(node, where);
        if (isSilentTransform(node)) return "true";
        throw new UnsupportedSchemaError(where, "a transform that takes the refinement context (it may add issues)");
      case "object":
      case "array":
      case "record":
      case "union":
        return `${this.composite(node, path, where, "validate")}(${x}, w)`;
      default:
        throw new UnsupportedSchemaError(where, `schema type "${def.type}"`);
    }
  }

  /** A leaf: the type test, then its checks in order (an `overwrite` last is skipped: it cannot fail). */
  private leafValid(node: Node, typeTest: string, x: string, path: readonly Segment[], where: string): string {
    const ordered = checksOf(node);
    const lastReading = ordered.findLastIndex(({ check }) => checkDefOf(check).check !== "overwrite");
    const firstOverwrite = ordered.findIndex(({ check }) => checkDefOf(check).check === "overwrite");
    if (firstOverwrite !== -1 && firstOverwrite < lastReading) {
      // A check after an overwrite reads the rewritten value: validate through the parser.
      return `${this.composite(node, path, where, "validate")}(${x}, w)`;
    }
    const integer = ordered.findIndex(({ check }) => INTEGER_FORMATS.has(checkDefOf(check).format ?? ""));
    let parts: string[];
    if (defOf(node).type === "number" && integer !== -1) {
      // The integer test implies a finite number (no separate isFinite) and goes before the bounds.
      const first = ordered.splice(integer, 1);
      ordered.unshift(...first);
      parts = [`typeof ${x} === "number"`];
    } else {
      parts = typeTest === "" ? [] : [typeTest];
    }
    for (const { check } of ordered) {
      const test = this.checkTest(check, x, where);
      if (test !== "") parts.push(test);
    }
    if (integer !== -1 && defOf(node).type === "number") {
      // decode() rejects an integer spelled `12.0`; the text path watches these positions.
      parts.push(`(w === undefined || noteInteger(w, ${x}))`);
    }
    if (parts.length === 0) return "true";
    return parts.length === 1 ? (parts[0] as string) : `(${parts.join(" && ")})`;
  }

  /** The test for one check on a value already of the right type ("" when it cannot fail). */
  private checkTest(check: Check, x: string, where: string): string {
    const def = checkDefOf(check);
    if (def.when !== undefined && !(def.check === "min_length" || def.check === "max_length")) {
      throw new UnsupportedSchemaError(where, `a "${def.check}" check with a custom when()`);
    }
    switch (def.check) {
      case "string_format": {
        if (def.format !== "regex" || !(def.pattern instanceof RegExp)) {
          throw new UnsupportedSchemaError(where, `string format "${def.format}"`);
        }
        const re = this.regex(def.pattern);
        // A UUID: the hyphenated form by hand first (half the pattern's cost), the pattern else.
        if (def.pattern === UUID_PATTERN) return `(${this.ref(isHyphenatedUuid, where)}(${x}) || ${re}.test(${x}))`;
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
          const fn = this.ref(def.fn, where);
          return `(${this.regex(TIMESTAMP_STRICT_PATTERN)}.test(${x}) || ${fn}(${x}))`;
        }
        if (typeof def.fn !== "function") {
          throw new UnsupportedSchemaError(where, "a custom check without a predicate (superRefine / check(ctx))");
        }
        if (def.fn.constructor.name === "AsyncFunction") throw new UnsupportedSchemaError(where, "an async refinement");
        return `${this.ref(def.fn, where)}(${x})`;
      }
      case "overwrite":
        return "";
      default:
        throw new UnsupportedSchemaError(where, `check "${def.check}"`);
    }
  }

  private noChecks(node: Node, where: string): void {
    if (checksOf(node).length > 0) {
      throw new UnsupportedSchemaError(where, `checks on a ${defOf(node).type} schema`);
    }
  }

  /** The validator (`validate`) or parser (`parse`) function of a node, generated on first use. */
  private composite(node: Node, path: readonly Segment[], where: string, mode: Mode): string {
    const names = mode === "validate" ? this.validators : this.parsers;
    const known = names.get(node);
    if (known) return known;
    const name = `${mode === "validate" ? "valid" : "parse"}${this.fnCounter++}`;
    names.set(node, name);
    const body: string[] = [];
    const def = defOf(node);
    const checks = objectChecks(node);
    if (checks.length > 0 && mode === "validate") {
      // An object's own checks read its output: validate through the parser.
      body.push(`return ${this.composite(node, path, where, "parse")}(x, w) !== INVALID;`);
    } else if (checks.length > 0) {
      const fields: string[] = [];
      this.objectBody(node, path, where, fields, "parse");
      const inner = `${name}o`;
      this.functions.push(
        `// ${where}, before its checks\nfunction ${inner}(${params(fields)}): unknown {\n${fields.join("\n")}\n}`,
      );
      body.push(`let r = ${inner}(x, w);`, "if (r === INVALID) return INVALID;");
      for (const check of checks) body.push(this.objectCheck(check, where));
      body.push("return r;");
    } else if (def.type === "object") this.objectBody(node, path, where, body, mode);
    else if (def.type === "array") this.arrayBody(node, path, where, body, mode);
    else if (def.type === "record") this.recordBody(node, path, where, body, mode);
    else if (def.type === "union") this.unionBody(node, path, where, body, mode);
    else {
      // A pipe whose output is read, or a leaf whose checks read an overwritten value.
      const { stmts, out } = this.parsed(
        node,
        "x",
        path,
        where,
        mode === "validate" ? "return false;" : "return INVALID;",
      );
      body.push(...stmts, mode === "validate" ? "return true;" : `return ${out};`);
    }
    const returns = mode === "validate" ? "boolean" : "unknown";
    this.functions.push(`// ${where}\nfunction ${name}(${params(body)}): ${returns} {\n${body.join("\n")}\n}`);
    return name;
  }

  // -- parse mode: statements that build Zod's output ---------------------------------------

  /**
   * Statements that check `x` against `node` (running `fail` when it does not match) and an
   * expression holding Zod's output for it.
   */
  parsed(node: Node, x: string, path: readonly Segment[], where: string, fail: string): Emitted {
    const def = defOf(node);
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
        if (def.type === "optional" && optinOf(inner) === "defaulted") {
          return this.parsed(inner, x, [...path, "innerType"], where, fail);
        }
        const r = this.v();
        const innerOut = this.parsed(inner, x, [...path, "innerType"], where, fail);
        const sentinel = def.type === "nullable" ? "null" : "undefined";
        const substitute = def.type === "default" ? this.defaultValue(node, path) : sentinel;
        const stmts = [`let ${r}: unknown;`, `if (${x} === ${sentinel}) ${r} = ${substitute};`, "else {"];
        stmts.push(...innerOut.stmts, `${r} = ${innerOut.out};`);
        if (def.type === "default" && mayBeUndefined(inner, "output"))
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
          stmts: [`const ${r} = ${this.ref(def.transform, where)}(${x});`],
          out: r,
        };
      }
      case "object":
      case "array":
      case "record":
      case "union": {
        const r = this.v();
        return {
          stmts: [
            `const ${r} = ${this.composite(node, path, where, "parse")}(${x}, w);`,
            `if (${r} === INVALID) ${fail}`,
          ],
          out: r,
        };
      }
      default:
        throw new UnsupportedSchemaError(where, `schema type "${def.type}"`);
    }
  }

  private leafParsed(node: Node, x: string, path: readonly Segment[], where: string, fail: string): Emitted {
    const checks = checksOf(node);
    if (!checks.some(({ check }) => checkDefOf(check).check === "overwrite")) {
      const test = this.valid(node, x, path, where);
      return { stmts: test === "true" ? [] : [`if (!${wrap(test)}) ${fail}`], out: x };
    }
    // Checks in order on the current value; each overwrite replaces it.
    const type = defOf(node).type;
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
    checks.forEach(({ check }) => {
      if (checkDefOf(check).check === "overwrite") {
        const next = this.v();
        stmts.push(`const ${next} = ${this.ref(checkDefOf(check).tx, where)}(${current});`);
        current = next;
        return;
      }
      const test = this.checkTest(check, current, where);
      if (test !== "") stmts.push(`if (!(${test})) ${fail}`);
    });
    return { stmts, out: current };
  }

  private defaultValue(node: Node, path: readonly Segment[]): string {
    // A JSON literal: a fresh object or array on every evaluation, as Zod's getter gives one per parse.
    return jsonLiteral(defOf(node).defaultValue, path.join("."));
  }

  // -- composite bodies (shared by both modes) ---------------------------------------------

  private objectBody(node: Node, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    const def = defOf(node);
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
    if (defOf(catchall).type === "never") {
      // A strict object: any key it does not declare is an `unrecognized_keys` issue.
      body.push(`for (const k in o) if (!${known}) ${fail}`);
    } else {
      const e = this.v();
      const keep = protoEntry(node) === "keep";
      if (mode === "parse" && keep) body.push("let proto: { value: unknown } | undefined;");
      body.push("for (const k in o) {", `if (${known}) continue;`);
      this.entry(catchall, [...path, "catchall"], `${where}[*]`, "o", e, body, mode, keep);
      body.push("}");
      this.protoTail(body, mode, keep);
      return;
    }
    body.push(mode === "validate" ? "return true;" : "return out;");
  }

  /** One check of an object on its output `r`: an overwrite replaces it, a refinement may reject it. */
  private objectCheck(check: Check, where: string): string {
    const def = checkDefOf(check);
    if (def.when !== undefined) throw new UnsupportedSchemaError(where, `a "${def.check}" check with a custom when()`);
    if (def.check === "overwrite") return `r = ${this.ref(def.tx, where)}(r);`;
    if (def.check !== "custom") throw new UnsupportedSchemaError(where, `check "${def.check}" on an object`);
    if (typeof def.fn === "function") return `if (!${this.ref(def.fn, where)}(r)) return INVALID;`;
    // A check written with its context (`.check(ctx => …)`): run on a payload of its own.
    const fn = checkFnOf(check);
    if (fn.constructor.name === "AsyncFunction") throw new UnsupportedSchemaError(where, "an async check");
    return `if (!passesCheck(${this.ref(fn, where)}, r)) return INVALID;`;
  }

  private knownKey(keys: readonly string[], k: string): string {
    if (keys.length === 0) return "false";
    if (keys.length <= 4) return `(${keys.map((key) => `${k} === ${JSON.stringify(key)}`).join(" || ")})`;
    return `${this.set(keys)}.has(${k})`;
  }

  /** One object field, with Zod's rules for absent keys (handlePropertyResult in zod/v4/core). */
  private field(field: Node, key: string, path: readonly Segment[], where: string, body: string[], mode: Mode): void {
    const optin = optinOf(field);
    const optout = optoutOf(field);
    const a = this.v();
    const read = prop("o", key);
    const present = `${JSON.stringify(key)} in o`;
    const target = prop("out", key);
    body.push(`const ${a} = ${read};`);
    const type = defOf(field).type;
    const inner = defOf(field).innerType;
    const plainOptional =
      type === "optional" && (inner === undefined || optinOf(inner) !== "defaulted") && checksOf(field).length === 0;
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
      if (plainDefault && mayBeUndefined(innerNode, "output")) {
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
      const needsPresence = mayBeUndefined(field, "input");
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
      body.push(`const ${ok} = ${this.composite(field, path, where, "validate")}(${a}, w);`);
      // An optional-out field that fails while absent is skipped, not an error.
      body.push(optout === "optional" ? `if (!${ok} && ${present}) return false;` : `if (!${ok}) return false;`);
      return;
    }
    body.push(`const ${ok} = ${this.composite(field, path, where, "parse")}(${a}, w);`);
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
    const def = defOf(node);
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
      const c = checkDefOf(check);
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
    const def = defOf(node);
    const keyType = def.keyType as Node;
    if (defOf(keyType).type !== "string" || checksOf(keyType).length > 0 || def.mode === "loose") {
      throw new UnsupportedSchemaError(where, "a record whose keys are not plain z.string()");
    }
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    // Zod reads a record's own enumerable keys (symbols fail a string key), skipping "__proto__".
    body.push(`if (!isPlainObject(x) || (w === undefined && hasEnumerableSymbol(x))) ${fail}`);
    const value = def.valueType as Node;
    const valuePath = [...path, "valueType"];
    const e = this.v();
    const keep = protoEntry(node) === "keep";
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
    const def = defOf(node);
    const options = def.options ?? [];
    const fail = mode === "validate" ? "return false;" : "return INVALID;";
    if (def.discriminator !== undefined) {
      if (def.unionFallback) throw new UnsupportedSchemaError(where, "a discriminated union with unionFallback");
      const tag = def.discriminator;
      body.push(`if (!(${isObjectExpr("x")})) ${fail}`);
      body.push(`switch (${prop("(x as Record<string, unknown>)", tag)}) {`);
      options.forEach((option, i) => {
        const values = propValuesOf(option)?.[tag];
        if (!values || values.size === 0)
          throw new UnsupportedSchemaError(where, "an option without static tag values");
        for (const value of values) body.push(`case ${literal(value)}:`);
        const optionPath = [...path, "options", i];
        const label = `${where}[${tag}=${[...values].map((v) => String(v)).join("|")}]`;
        body.push(
          mode === "validate"
            ? `return ${this.valid(option, "x", optionPath, label)};`
            : `return ${this.composite(option, optionPath, label, "parse")}(x, w);`,
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
        body.push(
          `const ${r} = ${this.composite(option, optionPath, label, "parse")}(x, w);`,
          `if (${r} !== INVALID) return ${r};`,
        );
      }
    });
    body.push(fail);
  }

  // -- output ----------------------------------------------------------------------------

  /** The generated functions and constants (TypeScript), without imports or refs. */
  body(): string {
    return [...this.constants, "", ...this.functions.flatMap((f) => [f, ""])].join("\n");
  }
}

type Mode = "validate" | "parse";

/** A generated function's parameters: the value, and the text watch (`_w` where the body does not read it). */
const params = (body: readonly string[]): string =>
  `x: unknown, ${/\bw\b/.test(body.join("\n")) ? "w" : "_w"}: TextWatch | undefined`;

/**
 * A node's checks that matter, each with its index in `def.checks` (-1 for the node itself: a
 * format schema such as `z.email()` or `z.int()` is itself a check and runs first). The library's
 * parse hooks (src/core/zod-internals.ts `parseHook`) validate nothing and are left out; what
 * they change is handled where it matters (`protoEntry`).
 */
function checksOf(node: Node): { check: Check; index: number }[] {
  const own = (defOf(node) as { check?: string }).check !== undefined;
  return zodChecksOf(node)
    .map((check, i) => ({ check, index: own ? i - 1 : i }))
    .filter(({ check }) => parseHookOf(check) === undefined);
}

/** The checks of an object schema (refinements and overwrites of its output). */
function objectChecks(node: Node): Check[] {
  return defOf(node).type === "object" ? checksOf(node).map(({ check }) => check) : [];
}

/**
 * Whether a record (or an object's catchall) keeps an own `__proto__` entry, validated by the
 * entry schema, as core/maps.ts's `keepProtoKey` makes it, or skips it as Zod does.
 */
function protoEntry(node: Node): "keep" | "skip" {
  return zodChecksOf(node).some((check) => parseHookOf(check) === "proto-key") ? "keep" : "skip";
}

function wrap(expr: string): string {
  return /^[A-Za-z0-9_$.]+\(.*\)$/.test(expr) && !expr.includes(" ") ? expr : `(${expr})`;
}

/**
 * A JSON value (a `.default()`) as an expression that builds a fresh copy on every evaluation.
 * The default must be data: the same JSON on every read of Zod's getter.
 */
function jsonLiteral(value: unknown, where: string): string {
  if (value === null || typeof value === "string" || typeof value === "boolean" || typeof value === "number") {
    return literal(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => jsonLiteral(v, where)).join(", ")}]`;
  if (
    typeof value === "object" &&
    Object.getPrototypeOf(value) === Object.prototype &&
    !Object.hasOwn(value, "__proto__")
  ) {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}: ${jsonLiteral(v, where)}`);
    return `{${entries.join(", ")}}`;
  }
  throw new UnsupportedSchemaError(where, "a default that is not JSON data");
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
  const def = defOf(node);
  if (def.type !== "transform" || typeof def.transform !== "function") return false;
  if (def.transform.constructor.name === "AsyncFunction") return false;
  return def.transform.length < 2;
}

/**
 * Whether the schema may accept `undefined` as input (`side` "input") or give it as output
 * ("output"); conservative: true when unsure. Leaves, enums, literals and nullables answer alike
 * on both sides; an untagged union may accept it through an option, a pipe through its input.
 */
function mayBeUndefined(node: Node, side: "input" | "output"): boolean {
  const def = defOf(node);
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
      return valuesOf(node)?.has(undefined) ?? true;
    case "literal":
      return (def.values ?? []).includes(undefined);
    case "nullable":
      return mayBeUndefined(def.innerType as Node, side);
    case "union":
      if (side === "output") return true;
      return def.discriminator === undefined && (def.options ?? []).some((o) => mayBeUndefined(o, "input"));
    case "pipe":
      return side === "output" || mayBeUndefined(def.in as Node, "input");
    default:
      return true;
  }
}

/** Output equals input: a leaf without overwrite. */
function isIdentity(node: Node): boolean {
  const def = defOf(node);
  const leaf = ["string", "number", "boolean", "null", "undefined", "unknown", "any", "enum", "literal", "never"];
  return leaf.includes(def.type) && !checksOf(node).some(({ check }) => checkDefOf(check).check === "overwrite");
}

// ---------------------------------------------------------------------------------------------
// Targets and the module text.

export interface Target {
  /** The published name (`AnalyticsEvent`), a key of SCHEMAS (src/json-schema/registry.ts). */
  readonly name: string;
  readonly schema: z.ZodType;
  /** File name under src/fast/generated/. */
  readonly file: string;
}

const kebab = (name: string) => name.replace(/(?<=[a-z0-9])(?=[A-Z])/g, "-").toLowerCase();

/** Every published type (one generated module each). */
export const TARGETS: readonly Target[] = SCHEMA_NAMES.map((name) => ({
  name,
  schema: SCHEMAS[name],
  file: `${kebab(name)}.ts`,
}));

const here = dirname(fileURLToPath(import.meta.url));
const SRC = join(here, "..", "src");
export const GENERATED_DIR = join(SRC, "fast", "generated");

/** The library's modules whose exported functions a schema may hold (the domains, core and stats). */
const FUNCTION_MODULES = ["core", "events", "metrics", "timeseries", "correlation", "metadata", "api", "stats"];

/** Each exported function of those modules, by identity: where the generated code imports it from. */
async function exportedFunctions(): Promise<Map<unknown, { file: string; name: string }>> {
  const found = new Map<unknown, { file: string; name: string }>();
  for (const dir of FUNCTION_MODULES) {
    const files = (readdirSync(join(SRC, dir), { recursive: true }) as string[])
      .filter((f) => f.endsWith(".ts") && !f.endsWith("index.ts"))
      .sort();
    for (const f of files) {
      const file = join(SRC, dir, f);
      const module = (await import(pathToFileURL(file).href)) as Record<string, unknown>;
      for (const [name, value] of Object.entries(module)) {
        if (typeof value === "function" && !found.has(value)) found.set(value, { file, name });
      }
    }
  }
  return found;
}

const EXPORTED = await exportedFunctions();

export interface Generated {
  readonly body: string;
  readonly validate: string;
  readonly parse: string;
  readonly refs: readonly Ref[];
}

/** The validator and parser of `schema`, as TypeScript source (see the file comment). */
export function generate(schema: z.ZodType, name: string): Generated {
  const gen = new Generator();
  const root = schema as Node;
  const validExpr = gen.valid(root, "input", [], name);
  const parsed = gen.parsed(root, "input", [], name, "return INVALID;");
  return {
    body: gen.body(),
    validate: `return ${validExpr};`,
    parse: [...parsed.stmts, `return ${parsed.out};`].join("\n"),
    refs: gen.refs,
  };
}

/** What src/fast/runtime.ts gives the generated code; each module imports what it uses. */
const RUNTIME = ["INVALID", "hasEnumerableSymbol", "isPlainObject", "noteInteger", "passesCheck"] as const;

/** The text of src/fast/generated/<file> before formatting. */
export function moduleText(target: Target): string {
  const g = generate(target.schema, target.name);
  const code = `${g.body}\n${g.validate}\n${g.parse}`;
  const runtime = RUNTIME.filter((id) => new RegExp(`\\b${id}\\b`).test(code));
  const imports = new Map<string, string[]>();
  const bindings: string[] = [];
  for (const ref of g.refs) {
    const at = EXPORTED.get(ref.value);
    if (at === undefined) {
      throw new UnsupportedSchemaError(ref.where, "a function that no module of the library exports by name");
    }
    const from = `./${relative(GENERATED_DIR, at.file).replace(/\.ts$/, ".js")}`.replace(/^\.\/\.\.\//, "../");
    imports.set(from, [...(imports.get(from) ?? []), at.name]);
    // The generated code hands it values it has not narrowed to the function's parameter type.
    bindings.push(`const ${ref.id} = ${at.name} as unknown as (value: unknown) => unknown;`);
  }
  return [
    `// Generated by scripts/build-validators.ts from the Zod schema ${target.name}. Do not edit:`,
    "// run `npx tsx scripts/build-validators.ts` after changing the schema (a test fails while this file is stale).",
    ...[...imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([from, names]) => `import { ${names.join(", ")} } from ${JSON.stringify(from)};`),
    `import { ${[...runtime, "type TextWatch"].join(", ")} } from "../runtime.js";`,
    "",
    "/*",
    " * The code below is compiled on first use: `compile` puts the validator and parser in place of the",
    " * two exported functions, which call it first. V8 then parses this code when a value of this type",
    " * is first checked rather than when the library is imported (issue 18). A caller that kept the",
    " * first function (the registry of every type does) goes through it: one more call, no new code.",
    " */",
    "let compiled = false;",
    "function compile(): void {",
    "compiled = true;",
    ...bindings,
    "",
    g.body,
    `validate${target.name} = (input: unknown, ${/\bw\b/.test(g.validate) ? "w" : "_w"}?: TextWatch): boolean => {`,
    g.validate,
    "};",
    `parse${target.name} = (input: unknown, ${/\bw\b/.test(g.parse) ? "w" : "_w"}?: TextWatch): unknown => {`,
    g.parse,
    "};",
    "}",
    "",
    `/** True exactly when \`${target.name}.safeParse(input).success\` is; builds nothing. \`w\`: see TextWatch. */`,
    `export let validate${target.name} = (input: unknown, w?: TextWatch): boolean => {`,
    "if (!compiled) compile();",
    `return validate${target.name}(input, w);`,
    "};",
    "",
    `/** \`${target.name}.parse(input)\`'s output, or INVALID where Zod would report issues. */`,
    `export let parse${target.name} = (input: unknown, w?: TextWatch): unknown => {`,
    "if (!compiled) compile();",
    `return parse${target.name}(input, w);`,
    "};",
    "",
  ].join("\n");
}

/** The text of src/fast/generated/index.ts: every target's validator and parser, by name. */
export function indexText(): string {
  const base = (t: Target) => `./${t.file.replace(/\.ts$/, ".js")}`;
  return [
    "// Generated by scripts/build-validators.ts. Do not edit.",
    ...TARGETS.map((t) => `import { parse${t.name}, validate${t.name} } from ${JSON.stringify(base(t))};`),
    'import type { GeneratedPath } from "../runtime.js";',
    "",
    "/** The generated validator and parser of every published type, by name. */",
    "export const GENERATED = {",
    ...TARGETS.map((t) => `${t.name}: { validate: validate${t.name}, parse: parse${t.name} },`),
    "} as const satisfies Record<string, GeneratedPath>;",
    "",
  ].join("\n");
}

/**
 * Formats TypeScript files as `biome check --write` does with the repository's settings, all in
 * one run: the texts are written under a scratch directory at the root (mirroring their paths,
 * so the settings for them apply), formatted there until Biome's output settles, read back and
 * the directory removed.
 */
export function formatTypeScript(files: readonly { path: string; text: string }[]): string[] {
  const root = join(here, "..");
  const bin = join(root, "node_modules", ".bin", "biome");
  const scratch = join(root, `.build-validators-${process.pid}`);
  const at = (path: string) => join(scratch, relative(root, path));
  try {
    for (const { path, text } of files) {
      mkdirSync(dirname(at(path)), { recursive: true });
      writeFileSync(at(path), text);
    }
    let previous: string[] | undefined;
    // Biome's formatter can move a long `||` chain again on a second pass: format until it is stable.
    for (let pass = 0; pass < 4; pass++) {
      const result = spawnSync(bin, ["check", "--write", relative(root, scratch)], { cwd: root, encoding: "utf8" });
      if (result.status !== 0)
        throw new Error(`build-validators: biome check failed: ${result.stderr}${result.stdout}`);
      const texts = files.map(({ path }) => readFileSync(at(path), "utf8"));
      if (previous !== undefined && texts.every((t, k) => t === previous?.[k])) return texts;
      previous = texts;
    }
    throw new Error("build-validators: biome's formatting of the generated files does not settle");
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

/** The formatted text each generated file must hold. */
export function expectedFiles(): { path: string; text: string }[] {
  const files = TARGETS.map((t) => ({ path: join(GENERATED_DIR, t.file), text: moduleText(t) }));
  files.push({ path: join(GENERATED_DIR, "index.ts"), text: indexText() });
  const texts = formatTypeScript(files);
  return files.map(({ path }, k) => ({ path, text: texts[k] as string }));
}

// ---------------------------------------------------------------------------------------------
// In-memory instances (tests): the same code, compiled with the TypeScript compiler and bound to
// the schema's functions directly (a test's own schema holds functions no module exports).

export interface InMemory {
  readonly validate: (input: unknown, w?: TextWatch) => boolean;
  readonly parse: (input: unknown, w?: TextWatch) => unknown;
  readonly source: string;
}

export function compileInMemory(schema: z.ZodType, name: string): InMemory {
  const g = generate(schema, name);
  const source = [
    ...g.refs.map((r, i) => `const ${r.id} = refs[${i}];`),
    g.body,
    "return {",
    `validate: (input: unknown, w?: TextWatch): boolean => { ${g.validate} },`,
    `parse: (input: unknown, w?: TextWatch): unknown => { ${g.parse} },`,
    "};",
  ].join("\n");
  const js = ts.transpileModule(`function factory() {\n${source}\n}`, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.None },
  }).outputText;
  const factory = new Function(...RUNTIME, "refs", `${js}\nreturn factory();`);
  const bound = {
    INVALID: runtime.INVALID,
    hasEnumerableSymbol: runtime.hasEnumerableSymbol,
    isPlainObject: runtime.isPlainObject,
    noteInteger: runtime.noteInteger,
    passesCheck: runtime.passesCheck,
  } satisfies Record<(typeof RUNTIME)[number], unknown>;
  const made = factory(
    ...RUNTIME.map((id) => bound[id]),
    g.refs.map((r) => r.value),
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
