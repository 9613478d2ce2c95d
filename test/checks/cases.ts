import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import type * as z from "zod";
import { CHECK_CODES, type CheckCode } from "../../src/checks/codes.js";
import { checkValue, jsonPointer } from "../../src/checks/index.js";
import { decode } from "../../src/core/decode.js";
import { CONFORMANCE_DIR } from "../conformance/fixtures.js";

/*
 * Table-driven check tests. Each case takes a document the Rust hub accepts (a conformance
 * fixture, or one built from the spec), shows that it does not trigger the code, then mutates
 * it and shows that the mutated document still parses (checks never reject what the hub reads)
 * and triggers the code at the stated JSON pointer with the catalogue's severity.
 */

export interface CheckCase {
  readonly code: CheckCode;
  /** What the mutation does, and where its numbers come from. */
  readonly name: string;
  readonly schema: z.ZodType;
  /** A valid document (JSON value) that must not trigger `code`. */
  readonly base: () => unknown;
  /** Makes the document trigger `code`; it receives a private deep copy. */
  readonly mutate: (doc: Doc) => void;
  /** JSON pointer of the issue. */
  readonly path: string;
}

// biome-ignore lint/suspicious/noExplicitAny: test documents are edited freely.
export type Doc = any;

/** A conformance fixture as a JSON value (accept/… files are verified against the Rust hub). */
export function fixture(file: string): Doc {
  return JSON.parse(readFileSync(join(CONFORMANCE_DIR, "accept", file), "utf8"));
}

export function parseOk(schema: z.ZodType, doc: unknown): unknown {
  const result = decode(schema, JSON.stringify(doc));
  if (!result.success) throw new Error(`the document must parse: ${result.error.message}`);
  return result.data;
}

/** The issues of `doc`, each path shown as its JSON pointer (the cases are written that way). */
export function codesAt(schema: z.ZodType, doc: unknown): { code: string; path: string; severity: string }[] {
  return checkValue(schema, parseOk(schema, doc)).map(({ code, path, severity }) => ({
    code,
    path: jsonPointer(path),
    severity,
  }));
}

export function runCases(cases: readonly CheckCase[]): void {
  it.each(cases.map((c) => [`${c.code}: ${c.name}`, c] as const))("%s", (_name, c) => {
    const base = c.base();
    expect(codesAt(c.schema, base).filter((i) => i.code === c.code)).toEqual([]);
    const doc = structuredClone(base);
    c.mutate(doc);
    expect(codesAt(c.schema, doc)).toContainEqual({
      code: c.code,
      path: c.path,
      severity: CHECK_CODES[c.code].severity,
    });
  });
}
