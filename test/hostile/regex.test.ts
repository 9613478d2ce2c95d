import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { TIMESTAMP_PATTERN } from "../../src/core/timestamp.js";
import { UUID_PATTERN } from "../../src/core/uuid.js";
import { allJsonSchemas } from "../../src/json-schema/generate.js";
import { SCHEMAS } from "../../src/json-schema/registry.js";
import { type Compiled, compileRegex, type Pred, run } from "./backtrack.js";

/*
 * Every regular expression of the library, proven linear on crafted inputs by counting the
 * steps of a backtracking matcher (./backtrack.ts) rather than by the clock: for each attack
 * family the extra work from n to 2n to 4n characters must grow like 1:2 (linear), not 1:4
 * (quadratic) or worse. The inventory comes from the source itself (every regex literal, found
 * with the TypeScript parser), the patterns built with `new RegExp`, and the `.regex()` checks of
 * every published schema, so a new pattern is tested as soon as it is written.
 */

const ROOT = fileURLToPath(new URL("../..", import.meta.url));

/** The patterns built at run time, by the file that builds them. */
const CONSTRUCTED: Record<string, RegExp[]> = {
  "src/core/timestamp.ts": [TIMESTAMP_PATTERN],
  "src/core/uuid.ts": [UUID_PATTERN],
};

/**
 * Patterns that are superlinear today, with the input that shows it. They live in other
 * engineers' code and are reported to them (docs/hardening.md); the test below keeps this list
 * true, so a fix shows up as a failure here and the entry is then removed.
 */
const KNOWN_SUPERLINEAR: Record<string, { file: string; attack: (n: number) => string }> = {};

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : path.endsWith(".ts") ? [path] : [];
  });
}

interface Found {
  readonly file: string;
  readonly re: RegExp;
}

function inventory(): { patterns: Found[]; constructedIn: string[] } {
  const patterns: Found[] = [];
  const constructedIn: string[] = [];
  for (const path of sourceFiles(join(ROOT, "src"))) {
    const file = relative(ROOT, path);
    const sf = ts.createSourceFile(path, readFileSync(path, "utf8"), ts.ScriptTarget.ES2022, true);
    const visit = (node: ts.Node): void => {
      if (node.kind === ts.SyntaxKind.RegularExpressionLiteral) {
        const text = node.getText(sf);
        const end = text.lastIndexOf("/");
        patterns.push({ file, re: new RegExp(text.slice(1, end), text.slice(end + 1)) });
      }
      if (ts.isNewExpression(node) && node.expression.getText(sf) === "RegExp") constructedIn.push(file);
      if (ts.isCallExpression(node) && node.expression.getText(sf) === "RegExp") constructedIn.push(file);
      ts.forEachChild(node, visit);
    };
    visit(sf);
  }
  for (const [file, list] of Object.entries(CONSTRUCTED)) for (const re of list) patterns.push({ file, re });
  for (const source of publishedPatterns()) patterns.push({ file: "json-schema/", re: new RegExp(source) });
  return { patterns, constructedIn };
}

/** Every `pattern` the published JSON Schema carries (a validator runs them on untrusted input too). */
function publishedPatterns(): Set<string> {
  const out = new Set<string>();
  const stack: unknown[] = Object.values(allJsonSchemas());
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    for (const [k, v] of Object.entries(node)) {
      if (k === "pattern" && typeof v === "string") out.add(v);
      else stack.push(v);
    }
  }
  return out;
}

/** The `.regex()` patterns of every published schema. */
function schemaPatterns(): RegExp[] {
  const out: RegExp[] = [];
  const seen = new Set<unknown>();
  interface S {
    _zod: { def: Record<string, unknown> & { checks?: { _zod: { def: { pattern?: RegExp } } }[] } };
  }
  const visit = (s: S | undefined): void => {
    if (!s || typeof s !== "object" || !("_zod" in s) || seen.has(s)) return;
    seen.add(s);
    const def = s._zod.def;
    for (const c of def.checks ?? []) if (c._zod.def.pattern) out.push(c._zod.def.pattern);
    for (const v of Object.values((def.shape ?? {}) as Record<string, S>)) visit(v);
    for (const k of ["catchall", "valueType", "keyType", "element", "innerType", "in", "out", "rest"]) {
      visit(def[k] as S | undefined);
    }
    for (const o of [...((def.options ?? []) as S[]), ...((def.items ?? []) as S[])]) visit(o);
  };
  for (const schema of Object.values(SCHEMAS)) visit(schema as unknown as S);
  return out;
}

const key = (re: RegExp) => `/${re.source}/${re.flags}`;

// Candidate characters for the attacks: everything a pattern here names, and some it does not.
const POOL = [
  ...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i)),
  "\t",
  "\n",
  "\r",
  "\u0000",
  "µ",
  "é",
  "\u2028",
  "\ufeff",
  "😀",
];

function representatives(preds: readonly Pred[], perPred: number): string[] {
  const out = new Set<string>();
  for (const p of preds) {
    let taken = 0;
    for (const c of POOL) {
      if (taken >= perPred) break;
      if (p(c.charCodeAt(0))) {
        out.add(c);
        taken++;
      }
    }
  }
  return [...out];
}

/** Attack families: each maps a size n to a string of about n characters around a fixed frame. */
function attacks(compiled: Compiled, re: RegExp): ((n: number) => string)[] {
  const pumps = representatives(compiled.looped.length > 0 ? compiled.looped : compiled.chars, 2);
  const killers = [...representatives(compiled.chars, 1), "!", "\n"];
  const out: ((n: number) => string)[] = [];
  for (const c of pumps) {
    out.push((n) => c.repeat(n));
    for (const k of killers) out.push((n) => c.repeat(n) + k);
    for (const d of pumps) if (d !== c) out.push((n) => `${(c + d).repeat(n / 2)}!`);
  }
  // Pump every position of a few strings that match, so the attack gets past any fixed prefix.
  let samples: string[] = [];
  try {
    const plain = new RegExp(re.source, re.flags.replace(/[gy]/g, ""));
    samples = fc.sample(fc.stringMatching(plain, { size: "small" }), { numRuns: 3, seed: 7 });
  } catch {
    // fast-check cannot generate from every pattern; the pumps above still apply.
  }
  for (const s of samples) {
    for (let p = 0; p <= s.length; p++) {
      for (const c of pumps) out.push((n) => s.slice(0, p) + c.repeat(n) + s.slice(p));
    }
  }
  return out;
}

const SIZES = [120, 240, 480] as const;

/** Steps at n, 2n, 4n, and whether their growth is linear (the second increment at most 2.5× the first). */
function growth(compiled: Compiled, attack: (n: number) => string) {
  const steps = SIZES.map((n) => run(compiled, attack(n)).steps) as [number, number, number];
  const [a, b, c] = steps;
  return { steps, linear: c - b <= 2.5 * (b - a) + 16 };
}

const { patterns, constructedIn } = inventory();
const unique = [...new Map(patterns.map((p) => [key(p.re), p])).values()];

describe("regular expressions: linear time on crafted input", { timeout: 60_000 }, () => {
  it("finds every pattern: literals in src, the ones built at run time, the schemas' regex checks", () => {
    expect(unique.length).toBeGreaterThan(20);
    expect([...new Set(constructedIn)].sort()).toEqual(Object.keys(CONSTRUCTED).sort());
    const tested = new Set(unique.map((p) => p.re.source));
    for (const re of schemaPatterns()) expect(tested, `schema pattern /${re.source}/`).toContain(re.source);
    for (const source of publishedPatterns()) expect(tested, `JSON Schema pattern /${source}/`).toContain(source);
    for (const [source, known] of Object.entries(KNOWN_SUPERLINEAR)) {
      expect(
        unique.some((p) => p.re.source === source && p.file === known.file),
        source,
      ).toBe(true);
    }
  });

  it.each(unique.filter((p) => !(p.re.source in KNOWN_SUPERLINEAR)).map((p) => [key(p.re), p] as const))(
    "%s stays linear, and the step-counting matcher agrees with V8",
    (_name, { re }) => {
      const compiled = compileRegex(re);
      const v8 = new RegExp(re.source, re.flags.replace(/g/g, ""));
      for (const attack of attacks(compiled, re)) {
        const input = attack(SIZES[0]);
        v8.lastIndex = 0;
        expect(run(compiled, input).matched, JSON.stringify(input)).toBe(v8.test(input));
        const g = growth(compiled, attack);
        expect(g.linear, `${JSON.stringify(attack(8))}… steps ${g.steps.join(", ")}`).toBe(true);
      }
    },
  );

  it("runs the pumps at 100 000 characters in V8 too (a catastrophic pattern would hang here)", () => {
    for (const { re } of unique.filter((p) => !(p.re.source in KNOWN_SUPERLINEAR))) {
      const compiled = compileRegex(re);
      const v8 = new RegExp(re.source, re.flags.replace(/g/g, ""));
      for (const c of representatives(compiled.looped.length > 0 ? compiled.looped : compiled.chars, 1)) {
        for (const tail of ["", "!", "\n"]) {
          v8.lastIndex = 0;
          expect(typeof v8.test(c.repeat(100_000) + tail)).toBe("boolean");
        }
      }
    }
  });

  it.each(Object.entries(KNOWN_SUPERLINEAR))("known superlinear (reported): /%s/", (source, { attack }) => {
    const compiled = compileRegex(new RegExp(source));
    expect(growth(compiled, attack).linear).toBe(false);
  });
});
