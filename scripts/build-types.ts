/**
 * Writes the declaration files of the package: `tsc -p tsconfig.build.json` emits one `.d.ts`
 * per module of the library into dist/ (as the ESM side reads them), then each is copied to a
 * `.d.cts` whose relative imports name `.cjs` files, so the CommonJS side resolves a CommonJS
 * declaration graph (node16 reads a `.d.ts` in a `"type": "module"` package as ESM).
 *
 * One type-check of src/ (a few seconds) instead of bundling declarations per entry point:
 * the modules keep their own names, so hovers and a consumer's emitted .d.ts name the
 * library's types (`import("llm-analytics-hub/events").AnalyticsEvent`), not a copy of them.
 *
 * With `--check-project` (npm test's `types` stage) the same program also type-checks the
 * whole project as `tsc -p .` does (tests, type tests, examples, scripts): one program instead
 * of two, which saves a full check of src/ (≈ 30 s of the stage's CPU on a 2-core machine).
 *
 *   npx tsx scripts/build-types.ts [--check-project]
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const checkProject = process.argv.includes("--check-project");

function config(file: string): ts.ParsedCommandLine {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, file), undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (parsed === undefined) throw new Error(`build-types: cannot read ${file}`);
  return parsed;
}

function report(diagnostics: readonly ts.Diagnostic[]): void {
  if (diagnostics.length === 0) return;
  const host: ts.FormatDiagnosticsHost = {
    getCanonicalFileName: (f) => f,
    getCurrentDirectory: () => root,
    getNewLine: () => "\n",
  };
  process.stderr.write(`build-types: tsc failed\n${ts.formatDiagnostics(diagnostics, host)}`);
  process.exit(1);
}

const build = config("tsconfig.build.json");
const buildProgram = ts.createProgram({ rootNames: build.fileNames, options: build.options });
if (!checkProject) {
  report(ts.getPreEmitDiagnostics(buildProgram));
  report(buildProgram.emit().diagnostics);
} else {
  // The project's program, emitting declarations only for the library's own files (the build
  // program's), written where the build program would write them (rootDir src → dist).
  const project = config("tsconfig.json");
  const program = ts.createProgram({
    rootNames: project.fileNames,
    options: {
      ...project.options,
      noEmit: false,
      declaration: true,
      emitDeclarationOnly: true,
      outDir: dist,
      rootDir: root,
    },
  });
  report(ts.getPreEmitDiagnostics(program));
  const src = join(root, "src");
  const library = buildProgram.getSourceFiles().filter((f) => !f.isDeclarationFile && f.fileName.startsWith(`${src}/`));
  const outSrc = join(dist, "src");
  const write: ts.WriteFileCallback = (file, text, bom) =>
    ts.sys.writeFile(file.startsWith(`${outSrc}/`) ? join(dist, file.slice(outSrc.length + 1)) : file, text, bom);
  for (const file of library) {
    const source = program.getSourceFile(file.fileName);
    if (source === undefined) throw new Error(`build-types: ${file.fileName} is not in the project's program`);
    report(program.emit(source, write, undefined, true).diagnostics);
  }
}

// `from "./x.js"`, `import("./x.js")` and `import "./x.js"` with a relative specifier.
const RELATIVE_JS = /(\bfrom\s+|\bimport\s*\(\s*|\bimport\s+)(["'])(\.{1,2}\/[^"']*?)\.js\2/g;

/** The CommonJS twin of a declaration file: relative `.js` specifiers become `.cjs`. */
export function toCjsDeclaration(text: string): string {
  return text.replace(
    RELATIVE_JS,
    (_m, lead: string, quote: string, path: string) => `${lead}${quote}${path}.cjs${quote}`,
  );
}

function* declarations(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* declarations(path);
    else if (entry.name.endsWith(".d.ts")) yield path;
  }
}

let count = 0;
for (const file of declarations(dist)) {
  const text = readFileSync(file, "utf8");
  const cjs = toCjsDeclaration(text);
  if (/(["'])\.{1,2}\/[^"']*\.js\1/.test(cjs)) {
    throw new Error(`build-types: ${relative(root, file)} keeps a relative .js specifier the rewrite missed`);
  }
  writeFileSync(file.replace(/\.d\.ts$/, ".d.cts"), cjs);
  count++;
}
console.log(`build-types: ${count} declaration files, each as .d.ts and .d.cts`);
