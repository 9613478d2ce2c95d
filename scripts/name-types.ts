/**
 * Gives schemas their named output types (src/core/named.ts), for a schema file that still
 * declares `export type X = z.infer<typeof X>` (or `z.output`): for each object schema and
 * union of such a file, it prints the type Zod infers as a named type alias (fields in the
 * schema's order, with the `.meta({ description })` of each field as its doc comment, nested
 * types by their names), wraps the schema in `named<X>()(…)` / `namedUnion<X>()(…)` and adds
 * the imports. Run `npx biome check --write` after it, then add the new names to
 * test/core/named.test-d.ts, which proves each equal to the inferred type.
 *
 *   npx tsx scripts/name-types.ts src/metrics/schema.ts src/correlation/schema.ts
 */
import { writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import ts from "typescript";

const root = `${join(import.meta.dirname, "..")}/`;
const targets = new Set(process.argv.slice(2).map((f) => resolve(f)));
const cfg = ts.getParsedCommandLineOfConfigFile(
  `${root}tsconfig.json`,
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: () => {},
  },
);
if (cfg === undefined) throw new Error("name-types: cannot read tsconfig.json");
const isSchemaFile = (f: string) =>
  /\/src\/(?!fast|cli)[\s\S]*schema/.test(f) || /src\/core\/(maps|time-range|timestamp|uuid|json-value)\.ts$/.test(f);
const rewrite = (f: string) => targets.has(f);
const files = cfg.fileNames.filter(isSchemaFile);
const program = ts.createProgram(files, cfg.options);
const checker = program.getTypeChecker() as ts.TypeChecker & { getUnionType(t: ts.Type[]): ts.Type };

interface Named {
  name: string;
  file: string;
  type: ts.Type;
  kind: "object" | "union" | "tagged" | "enum" | "other";
  alias: ts.TypeAliasDeclaration;
  decl?: ts.VariableDeclaration;
}
const names: Named[] = [];
for (const f of files) {
  const sf = program.getSourceFile(f)!;
  for (const st of sf.statements) {
    if (!ts.isTypeAliasDeclaration(st) || st.typeParameters) continue;
    const text = st.type.getText(sf);
    if (!/^z\.(infer|output)<typeof \w+>$/.test(text)) continue;
    const name = st.name.text;
    const t = checker.getTypeFromTypeNode(st.type);
    let decl: ts.VariableDeclaration | undefined;
    for (const s of sf.statements)
      if (ts.isVariableStatement(s))
        for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) decl = d;
    const ctype = decl ? checker.typeToString(checker.getTypeAtLocation(decl.name)).split("<")[0] : "";
    const kind =
      ctype === "ZodObject"
        ? "object"
        : ctype === "ZodUnion"
          ? "union"
          : ctype === "ZodDiscriminatedUnion"
            ? "tagged"
            : ctype === "ZodEnum"
              ? "enum"
              : "other";
    names.push({ name, file: f, type: t, kind, alias: st, ...(decl ? { decl } : {}) });
  }
}
const substitutable = names.filter(
  (n) =>
    n.kind === "object" ||
    n.kind === "union" ||
    n.kind === "tagged" ||
    n.kind === "enum" ||
    (n.kind === "other" && (n.type.flags & ts.TypeFlags.Object) !== 0),
);

const same = (a: ts.Type, b: ts.Type) => a === b;
const isNullish = (t: ts.Type) => (t.flags & (ts.TypeFlags.Null | ts.TypeFlags.Undefined)) !== 0;
const isPrimitiveish = (t: ts.Type) => !(t.flags & ts.TypeFlags.Object) && !t.isUnion();

const aliasFiles = new Map<string, string>();
function nameFor(t: ts.Type, self: string, used: Set<string>): string | undefined {
  if (isPrimitiveish(t) && !(t.flags & ts.TypeFlags.Union)) return undefined;
  for (const n of substitutable) {
    if (n.name === self) continue;
    if (same(t, n.type)) {
      used.add(n.name);
      return n.name;
    }
  }
  return undefined;
}

let topOrder: string[] = [];
function print(t: ts.Type, self: string, used: Set<string>, indent: string, top = false): string {
  if (!top) {
    const n = nameFor(t, self, used);
    if (n) return n;
    const a = t.aliasSymbol;
    if (a?.declarations?.some((d) => !d.getSourceFile().fileName.includes("node_modules"))) {
      used.add(a.name);
      aliasFiles.set(
        a.name,
        a.declarations!.find((d) => !d.getSourceFile().fileName.includes("node_modules"))!.getSourceFile().fileName,
      );
      return (
        a.name +
        (t.aliasTypeArguments?.length
          ? `<${t.aliasTypeArguments.map((x) => print(x, self, used, indent)).join(", ")}>`
          : "")
      );
    }
  }
  if (!top && t.flags & ts.TypeFlags.Object && (t as ts.ObjectType).objectFlags & ts.ObjectFlags.Interface) {
    const sym = t.symbol;
    const d = sym.declarations?.find((x) => x.getSourceFile().fileName.startsWith(`${root}src/`));
    if (d) {
      used.add(sym.name);
      aliasFiles.set(sym.name, d.getSourceFile().fileName);
      return sym.name;
    }
  }
  if (indent.length > 40) throw new Error(`too deep in ${self}: ${checker.typeToString(t)}`);
  if (t.isUnion()) {
    const nullish = t.types.filter(isNullish);
    const rest = t.types.filter((m) => !isNullish(m));
    // boolean
    const bools = rest.filter((m) => m.flags & ts.TypeFlags.BooleanLiteral);
    let parts: string[] = [];
    if (rest.length > 1 && nullish.length > 0) {
      const n = nameFor(checker.getUnionType(rest), self, used);
      if (n) parts = [n];
    }
    if (parts.length === 0) {
      const others = rest.filter((m) => !(m.flags & ts.TypeFlags.BooleanLiteral));
      parts = others.map((m) => print(m, self, used, indent));
      if (bools.length === 2) parts.push("boolean");
      else parts.push(...bools.map((b) => checker.typeToString(b)));
    }
    const nullParts = [...new Set(nullish.map((m) => (m.flags & ts.TypeFlags.Null ? "null" : "undefined")))];
    nullParts.sort((a, b) => (a === "null" ? -1 : 1) - (b === "null" ? -1 : 1));
    return [...parts, ...nullParts].join(" | ");
  }
  if (checker.isArrayType(t)) {
    const el = (t as ts.TypeReference).typeArguments?.[0];
    if (el === undefined) return checker.typeToString(t);
    const inner = print(el, self, used, indent);
    return el.isUnion() && !nameFor(el, self, used) ? `(${inner})[]` : `${inner}[]`;
  }
  if (t.flags & ts.TypeFlags.Object && !checker.isTupleType(t) && t.getCallSignatures().length === 0) {
    const props = [...t.getProperties()];
    const sIndex = checker.getIndexInfoOfType(t, ts.IndexKind.String);
    if (props.length === 0 && sIndex) return `Record<string, ${print(sIndex.type, self, used, indent)}>`;
    if (props.length === 0 && !sIndex) return checker.typeToString(t, undefined, ts.TypeFormatFlags.NoTruncation);
    // tagged variant: { tag: "lit" } & Named
    if (!top && props.length > 1) {
      for (const p of props) {
        const pt = checker.getTypeOfSymbol(p);
        if (!(pt.flags & ts.TypeFlags.StringLiteral)) continue;
        const restProps = props.filter((q) => q !== p);
        for (const n of substitutable) {
          if (n.kind !== "object" || n.name === self) continue;
          const np = n.type.getProperties();
          if (np.length !== restProps.length) continue;
          if (
            restProps.every((q) => {
              const m = np.find((x) => x.name === q.name);
              return (
                m &&
                (m.flags & ts.SymbolFlags.Optional) === (q.flags & ts.SymbolFlags.Optional) &&
                same(checker.getTypeOfSymbol(m), checker.getTypeOfSymbol(q))
              );
            })
          ) {
            used.add(n.name);
            return `({ ${p.name}: ${checker.typeToString(pt)} } & ${n.name})`;
          }
        }
      }
    }
    const inner = `${indent}  `;
    const order = top ? topOrder : [];
    const rank = (p: ts.Symbol) => {
      const i = order.indexOf(p.name);
      if (i >= 0) return i;
      return checker.getTypeOfSymbol(p).flags & ts.TypeFlags.StringLiteral ? -1 : 1000;
    };
    props.sort((a, b) => rank(a) - rank(b));
    const lines = props.map((p) => {
      const opt = p.flags & ts.SymbolFlags.Optional ? "?" : "";
      const key = /^[A-Za-z_$][\w$]*$/.test(p.name) ? p.name : JSON.stringify(p.name);
      return `${inner}${key}${opt}: ${print(checker.getTypeOfSymbol(p), self, used, inner)};`;
    });
    const obj = `{\n${lines.join("\n")}\n${indent}}`;
    if (sIndex) return `${obj} & Record<string, ${print(sIndex.type, self, used, inner)}>`;
    return obj;
  }
  return checker.typeToString(
    t,
    undefined,
    ts.TypeFormatFlags.NoTruncation | ts.TypeFormatFlags.UseAliasDefinedOutsideCurrentScope,
  );
}

// field descriptions from .meta({ description }) in the z.object literal
function descriptions(decl: ts.VariableDeclaration, all = false): Map<string, string> {
  const out = new Map<string, string>();
  let obj: ts.ObjectLiteralExpression | undefined;
  const find = (n: ts.Node): void => {
    if (obj) return;
    if (
      ts.isCallExpression(n) &&
      n.expression.getText().endsWith("z.object") &&
      n.arguments[0] &&
      ts.isObjectLiteralExpression(n.arguments[0])
    ) {
      obj = n.arguments[0];
      return;
    }
    ts.forEachChild(n, find);
  };
  if (decl.initializer) find(decl.initializer);
  if (!obj) return out;
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const key = p.name.getText().replace(/^["']|["']$/g, "");
    let desc: string | undefined;
    const look = (n: ts.Node): void => {
      if (desc) return;
      if (ts.isPropertyAssignment(n) && n.name.getText() === "description" && ts.isStringLiteralLike(n.initializer))
        desc = n.initializer.text;
      ts.forEachChild(n, look);
    };
    look(p.initializer);
    if (desc || all) out.set(key, desc ?? "");
  }
  return out;
}

const edits = new Map<string, { start: number; end: number; text: string }[]>();
const imports = new Map<string, Set<string>>();
for (const n of names) {
  if (!rewrite(n.file) || !n.decl) continue;
  if (n.kind !== "object" && n.kind !== "union" && n.kind !== "tagged") continue;
  const sf = n.alias.getSourceFile();
  const used = new Set<string>();
  topOrder = n.kind === "object" ? [...descriptions(n.decl, true).keys()] : [];
  let body = print(n.type, n.name, used, "", true);
  if (n.kind === "object") {
    const d = descriptions(n.decl);
    body = body.replace(/^ {2}([\w"$-]+)(\??): /gm, (m, key: string) => {
      const desc = d.get(key.replace(/"/g, ""));
      return desc ? `  /** ${desc.replace(/\*\//g, "* /")} */\n${m}` : m;
    });
  }
  const docText = (n.decl.parent.parent as ts.VariableStatement).getFullText().match(/^\s*(\/\*\*[\s\S]*?\*\/)/)?.[1];
  const aliasText = `${docText ? `${docText}\n` : ""}export type ${n.name} = ${body};`;
  const list = edits.get(n.file) ?? [];
  list.push({ start: n.alias.getStart(sf), end: n.alias.getEnd(), text: aliasText });
  const init = n.decl.initializer!;
  const fn = n.kind === "object" ? "named" : "namedUnion";
  list.push({ start: init.getStart(sf), end: init.getStart(sf), text: `${fn}<${n.name}>()(` });
  list.push({ start: init.getEnd(), end: init.getEnd(), text: ")" });
  edits.set(n.file, list);
  const imp = imports.get(n.file) ?? new Set();
  imp.add(fn);
  for (const u of used) imp.add(`type:${u}`);
  imports.set(n.file, imp);
}

for (const [file, list] of edits) {
  const sf = program.getSourceFile(file)!;
  let text = sf.getFullText();
  // imports
  const declared = new Set(names.filter((n) => n.file === file).map((n) => n.name));
  const importedNames = new Set<string>();
  for (const st of sf.statements) {
    if (
      ts.isImportDeclaration(st) &&
      st.importClause?.namedBindings &&
      ts.isNamedImports(st.importClause.namedBindings)
    )
      for (const e of st.importClause.namedBindings.elements) importedNames.add(e.name.text);
  }
  const add: string[] = [];
  const need = imports.get(file)!;
  const fns = [...need].filter((x) => !x.startsWith("type:"));
  const rel = (target: string) => {
    let r = relative(dirname(file), target).replace(/\.ts$/, ".js");
    if (!r.startsWith(".")) r = `./${r}`;
    return r;
  };
  add.push(`import { ${fns.sort().join(", ")} } from "${rel(`${root}src/core/named.ts`)}";`);
  const byFile = new Map<string, string[]>();
  for (const x of need) {
    if (!x.startsWith("type:")) continue;
    const nm = x.slice(5);
    if (declared.has(nm) || importedNames.has(nm)) continue;
    const src = names.find((n) => n.name === nm)?.file ?? aliasFiles.get(nm)!;
    if (src === file) continue;
    byFile.set(src, [...(byFile.get(src) ?? []), nm]);
  }
  for (const [src, ns] of byFile) add.push(`import type { ${ns.sort().join(", ")} } from "${rel(src)}";`);
  list.sort((a, b) => b.start - a.start || b.end - a.end);
  for (const e of list) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  const lastImport = [...sf.statements].filter(ts.isImportDeclaration).at(-1)!;
  const at = lastImport.getEnd();
  // positions before `at` unchanged by edits (edits are after imports)
  text = `${text.slice(0, at)}\n${add.join("\n")}${text.slice(at)}`;
  writeFileSync(file, text);
  console.log("wrote", file.replace(root, ""));
}
