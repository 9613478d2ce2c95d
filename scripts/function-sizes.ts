/**
 * Lists the functions in src/ that are longer than {@link MAX_LINES} lines or take more than
 * {@link MAX_POSITIONAL} positional parameters (issue 17: "no function over ~60 lines or with
 * more than 4 positional parameters in src/, generated code aside").
 *
 * A function's length is the number of lines of its body that hold code (blank lines and lines
 * that are only a comment are not counted), from the line after its opening brace to the line
 * before its closing one; a nested function counts in its parent too, as it does when reading
 * the parent. A positional parameter is any parameter that is not a destructured object or a
 * single options object; a rest parameter counts as one.
 *
 * Usage: `npx tsx scripts/function-sizes.ts [--json]`. `test/function-sizes.test.ts` pins the
 * counts so that they cannot grow.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

/** Lines of code above which a function counts as long. */
export const MAX_LINES = 60;
/** Positional parameters above which a function counts as taking too many. */
export const MAX_POSITIONAL = 4;

export interface FunctionSize {
  readonly file: string;
  readonly name: string;
  readonly line: number;
  readonly lines: number;
  readonly positional: number;
}

/** Paths under src/ that are generated and so not measured. */
const GENERATED = ["fast/generated/"];

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(path));
    else if (entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts")) out.push(path);
  }
  return out;
}

function nameOf(node: ts.Node): string {
  if ((ts.isFunctionDeclaration(node) || ts.isMethodDeclaration(node) || ts.isGetAccessor(node)) && node.name) {
    return node.name.getText();
  }
  if (ts.isConstructorDeclaration(node)) return "constructor";
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  return "(anonymous)";
}

function codeLines(text: string): number {
  let count = 0;
  let inBlock = false;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    if (inBlock) {
      if (line.includes("*/")) inBlock = false;
      continue;
    }
    if (line === "" || line.startsWith("//")) continue;
    if (line.startsWith("/*")) {
      if (!line.includes("*/")) inBlock = true;
      continue;
    }
    count++;
  }
  return count;
}

/** Measures every function of one source text. */
export function measure(file: string, text: string): FunctionSize[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const out: FunctionSize[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && "body" in node && node.body) {
      const body = node.body as ts.Node;
      const inner = ts.isBlock(body) ? text.slice(body.getStart(source) + 1, body.getEnd() - 1) : body.getText(source);
      const positional = node.parameters.filter(
        (p) => !ts.isObjectBindingPattern(p.name) && p.name.getText(source) !== "this",
      ).length;
      const line = source.getLineAndCharacterOfPosition(node.getStart(source)).line + 1;
      out.push({ file, name: nameOf(node), line, lines: codeLines(inner), positional });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return out;
}

/** Every function of src/ outside generated code that is too long or takes too many parameters. */
export function oversized(root: string): { long: FunctionSize[]; wide: FunctionSize[] } {
  const src = join(root, "src");
  const all = sourceFiles(src)
    .map((path) => relative(src, path).split("\\").join("/"))
    .filter((file) => !GENERATED.some((prefix) => file.startsWith(prefix)))
    .flatMap((file) => measure(file, readFileSync(join(src, file), "utf8")));
  return {
    long: all.filter((f) => f.lines > MAX_LINES).sort((a, b) => b.lines - a.lines),
    wide: all.filter((f) => f.positional > MAX_POSITIONAL).sort((a, b) => b.positional - a.positional),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const root = join(fileURLToPath(import.meta.url), "..", "..");
  const { long, wide } = oversized(root);
  if (process.argv.includes("--json")) {
    console.log(JSON.stringify({ long, wide }, null, 2));
  } else {
    console.log(`${long.length} functions over ${MAX_LINES} lines:`);
    for (const f of long) console.log(`  ${f.lines}\t${f.file}:${f.line} ${f.name}`);
    console.log(`${wide.length} functions with more than ${MAX_POSITIONAL} positional parameters:`);
    for (const f of wide) console.log(`  ${f.positional}\t${f.file}:${f.line} ${f.name}`);
  }
}
