/**
 * Proves the documentation runs as written (the `docs` stage of `npm test`):
 *
 * 1. Every TypeScript block (```ts) of README.md and docs/*.md is compiled with the project's
 *    tsconfig (imports of `llm-analytics-hub` resolve to src/) and then run, in this process,
 *    with the repository root as the working directory. A block may need values a reader
 *    brings (an input text, a server's response object): the HTML comment right before its
 *    fence, when it starts with `<!-- setup`, is hidden code prepended to the block.
 *
 *        <!-- setup
 *        const text = readFileSync("test/cli/fixtures/valid.ndjson", "utf8").split("\n")[0]!;
 *        -->
 *        ```ts
 *        const result = decode(AnalyticsEvent, text);
 *        ```
 *
 *    The setup may import what it needs (`import { readFileSync } from "node:fs";`); the
 *    block itself keeps every import a reader needs to paste it.
 * 2. Every script in examples/ runs (each asserts what it shows).
 * 3. README.md's command lines work as written after its first command (`npm ci && npm run
 *    demo`): the demo runs in a temporary folder, then every other ```sh line of the README
 *    runs there with `npx llm-analytics-hub` as the built dist/cli/main.js, and must exit 0.
 * 4. Every guide in docs/ is listed in docs/README.md, and TypeDoc's entry points are the
 *    package's exports.
 *
 *   npx tsx scripts/run-docs.ts     (after npm run build, for 3)
 */
import { spawnSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";

const root = join(import.meta.dirname, "..");
// Inside the repository (so tsconfig paths and node_modules resolve), outside node_modules (where
// tsx would not apply the paths); git-ignored.
const cacheDir = join(root, ".cache", "docs");
const failures: string[] = [];
const fail = (what: string, detail: string): void => {
  failures.push(`${what}\n${detail.trimEnd()}`.trimEnd());
};

// --- 1. TypeScript blocks ------------------------------------------------------------------

interface Snippet {
  /** `docs/api.md:48`: the block's fence line. */
  readonly where: string;
  readonly markdown: string;
  /** 1-based line of the first line of the block's code in the Markdown file. */
  readonly firstLine: number;
  readonly setup: readonly string[];
  readonly code: readonly string[];
  readonly file: string;
}

export function markdownFiles(): string[] {
  const docs = readdirSync(join(root, "docs"))
    .filter((f) => f.endsWith(".md"))
    .sort()
    .map((f) => join(root, "docs", f));
  return [join(root, "README.md"), ...docs];
}

/** The ```ts blocks of a Markdown text, each with the hidden setup of the comment before it. */
export function tsBlocks(text: string): { fence: number; setup: string[]; code: string[] }[] {
  const lines = text.split("\n");
  const blocks: { fence: number; setup: string[]; code: string[] }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^(\s*)```+\s*([\w-]*)/.exec(lines[i]!);
    if (open === null) continue;
    const indent = open[1]!;
    const lang = open[2]!;
    let end = i + 1;
    while (end < lines.length && !/^\s*```+\s*$/.test(lines[end]!)) end++;
    if (lang === "ts" || lang === "typescript") {
      const code = lines.slice(i + 1, end).map((l) => (l.startsWith(indent) ? l.slice(indent.length) : l));
      blocks.push({ fence: i + 1, setup: setupBefore(lines, i), code });
    }
    i = end;
  }
  return blocks;
}

function setupBefore(lines: readonly string[], fence: number): string[] {
  let j = fence - 1;
  while (j >= 0 && lines[j]!.trim() === "") j--;
  if (j < 0 || lines[j]!.trim() !== "-->") return [];
  let start = j - 1;
  while (start >= 0 && !lines[start]!.trimStart().startsWith("<!--")) start--;
  if (start < 0 || !/^<!--\s*setup\b/.test(lines[start]!.trim())) return [];
  return lines.slice(start + 1, j);
}

function collectSnippets(): Snippet[] {
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  const snippets: Snippet[] = [];
  for (const markdown of markdownFiles()) {
    const name = relative(root, markdown);
    for (const block of tsBlocks(readFileSync(markdown, "utf8"))) {
      const file = join(cacheDir, `${name.replace(/[/.]/g, "-")}-${block.fence}.ts`);
      writeFileSync(file, [...block.setup, ...block.code, "", "export {};", ""].join("\n"));
      snippets.push({
        where: `${name}:${block.fence}`,
        markdown: name,
        firstLine: block.fence + 1,
        setup: block.setup,
        code: block.code,
        file,
      });
    }
  }
  return snippets;
}

function typecheck(snippets: readonly Snippet[]): Set<string> {
  const configPath = join(root, "tsconfig.json");
  const config = ts.readConfigFile(configPath, (p) => ts.sys.readFile(p));
  const parsed = ts.parseJsonConfigFileContent(config.config, ts.sys, root, { noEmit: true }, configPath);
  const program = ts.createProgram({
    rootNames: snippets.map((s) => s.file),
    options: { ...parsed.options, noUnusedLocals: false },
  });
  const broken = new Set<string>();
  for (const snippet of snippets) {
    const source = program.getSourceFile(snippet.file);
    if (source === undefined) throw new Error(`run-docs: ${snippet.file} is not in the program`);
    const diagnostics = [...program.getSyntacticDiagnostics(source), ...program.getSemanticDiagnostics(source)];
    if (diagnostics.length === 0) continue;
    broken.add(snippet.where);
    const lines = diagnostics.map((d) => {
      const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
      if (d.start === undefined) return `  ${message}`;
      const { line, character } = source.getLineAndCharacterOfPosition(d.start);
      const at =
        line < snippet.setup.length
          ? `hidden setup line ${line + 1}`
          : `${snippet.markdown}:${snippet.firstLine + line - snippet.setup.length}:${character + 1}`;
      return `  ${at}: TS${d.code}: ${message}`;
    });
    fail(`${snippet.where}: the block does not compile`, lines.join("\n"));
  }
  return broken;
}

/** Imports each module in turn, keeping what it prints unless it throws. */
async function runModules(items: readonly { where: string; file: string }[]): Promise<number> {
  let ran = 0;
  const stdoutWrite = process.stdout.write.bind(process.stdout);
  const stderrWrite = process.stderr.write.bind(process.stderr);
  for (const item of items) {
    let printed = "";
    const capture = (chunk: string | Uint8Array): boolean => {
      printed += typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8");
      return true;
    };
    process.stdout.write = capture as typeof process.stdout.write;
    process.stderr.write = capture as typeof process.stderr.write;
    try {
      await import(pathToFileURL(item.file).href);
      ran++;
    } catch (error) {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
      fail(
        `${item.where}: threw`,
        `${printed}${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
      );
    } finally {
      process.stdout.write = stdoutWrite;
      process.stderr.write = stderrWrite;
    }
  }
  return ran;
}

// --- 3. README command lines ---------------------------------------------------------------

function readmeCommands(): { commands: string[]; ran: number } {
  const cli = join(root, "dist", "cli", "main.js");
  if (!existsSync(cli)) {
    fail("README commands", "dist/cli/main.js is missing: run npm run build first");
    return { commands: [], ran: 0 };
  }
  const readme = readFileSync(join(root, "README.md"), "utf8").split("\n");
  const commands: string[] = [];
  let first = true;
  for (let i = 0; i < readme.length; i++) {
    if (!/^```(sh|bash|shell)\s*$/.test(readme[i]!)) continue;
    for (i++; i < readme.length && !readme[i]!.startsWith("```"); i++) {
      const line = readme[i]!.replace(/\s+#.*$/, "").trim();
      // The first block is the first command (npm ci && npm run demo) and the install line.
      if (line !== "" && !first) commands.push(line);
    }
    first = false;
  }
  const dir = mkdtempSync(join(tmpdir(), "llm-hub-readme-"));
  // A reader runs these in the clone, where examples/ is at hand (sample inputs live there).
  symlinkSync(join(root, "examples"), join(dir, "examples"));
  let ran = 0;
  try {
    // `npm run demo` builds and runs `llm-analytics-hub demo` in the repository; here the demo runs in
    // a scratch folder (the build is the one this check runs after).
    const steps = [`npx llm-analytics-hub demo`, ...commands];
    for (const command of steps) {
      const line = command.replaceAll(/\bnpx llm-analytics-hub\b/g, `"${process.execPath}" "${cli}"`);
      const run = spawnSync("sh", ["-c", line], { cwd: dir, encoding: "utf8", maxBuffer: 256 << 20 });
      if (run.status !== 0) {
        fail(`README.md: \`${command}\` exited ${run.status}`, `${run.stdout.slice(-4000)}${run.stderr.slice(-4000)}`);
      } else ran++;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { commands, ran };
}

// --- 4. Indexes ----------------------------------------------------------------------------

function checkIndexes(): void {
  const index = readFileSync(join(root, "docs", "README.md"), "utf8");
  for (const guide of readdirSync(join(root, "docs")).filter((f) => f.endsWith(".md") && f !== "README.md")) {
    if (!index.includes(`](${guide})`)) fail(`docs/README.md does not list ${guide}`, "");
  }
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { exports: Record<string, unknown> };
  const typedoc = JSON.parse(readFileSync(join(root, "typedoc.json"), "utf8")) as { entryPoints: string[] };
  const exported = Object.keys(pkg.exports)
    .filter((k) => k !== "./package.json")
    .map((k) => (k === "." ? "src/index.ts" : `src/${k.slice(2)}/index.ts`))
    .sort();
  const documented = [...typedoc.entryPoints].sort();
  if (JSON.stringify(exported) !== JSON.stringify(documented)) {
    fail(
      "typedoc.json entryPoints differ from package.json exports",
      `exports: ${exported.join(", ")}\ntypedoc: ${documented.join(", ")}`,
    );
  }
}

// --- main ----------------------------------------------------------------------------------

const started = performance.now();
const snippets = collectSnippets();
const broken = typecheck(snippets);
process.chdir(root);
const blocksRan = await runModules(snippets.filter((s) => !broken.has(s.where)).map((s) => s));
const examples = readdirSync(join(root, "examples"))
  .filter((f) => f.endsWith(".ts"))
  .sort()
  .map((f) => ({ where: `examples/${f}`, file: join(root, "examples", f) }));
const examplesRan = await runModules(examples);
const readme = readmeCommands();
checkIndexes();

if (failures.length > 0) {
  console.log(failures.join("\n\n"));
  console.log(`docs: ${failures.length} problem${failures.length === 1 ? "" : "s"}`);
  process.exitCode = 1;
} else {
  console.log(
    `docs: ${blocksRan} TypeScript blocks, ${examplesRan} examples and ${readme.ran} README commands ran (${((performance.now() - started) / 1000).toFixed(1)}s)`,
  );
}
