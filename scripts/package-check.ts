/**
 * Checks the package as npm would publish it, printing one line when all is well:
 * - `npm pack` (scripts ignored: the build already ran) and the file list it gives;
 * - no empty file: every file has bytes, every .js/.cjs has code beyond "use strict" and
 *   comments, every source map maps something;
 * - publint in strict mode (warnings are errors), on that tarball;
 * - arethetypeswrong on that tarball with the node16 profile: node16 (ESM and CJS) and bundler
 *   resolution must be clean. node10 (TypeScript's `moduleResolution: "node"`, which ignores
 *   `exports`) cannot see subpaths such as `llm-analytics-hub/api`; the profile leaves it out,
 *   and so does this report.
 *
 *   npm run package-check        (after npm run build)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { publint } from "publint";
import { formatMessage } from "publint/utils";

const root = join(import.meta.dirname, "..");
const require = createRequire(import.meta.url);
const problems: string[] = [];
const tmp = mkdtempSync(join(tmpdir(), "llm-hub-pack-"));

try {
  const pack = spawnSync("npm", ["pack", "--json", "--ignore-scripts", "--pack-destination", tmp], {
    cwd: root,
    encoding: "utf8",
  });
  if (pack.status !== 0) throw new Error(`npm pack failed\n${pack.stdout}${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout) as {
    filename: string;
    size: number;
    files: { path: string; size: number }[];
  }[];
  if (info === undefined) throw new Error("npm pack listed no package");
  const tarball = join(tmp, info.filename);

  for (const file of info.files) {
    const path = join(root, file.path);
    if (file.size === 0) problems.push(`empty file: ${file.path}`);
    else if (/\.c?js$/.test(file.path)) {
      const code = readFileSync(path, "utf8")
        .replace(/\/\*[\s\S]*?\*\//g, "")
        .replace(/^\s*\/\/.*$/gm, "")
        .replace(/^#!.*$/m, "")
        .replace(/(["'])use strict\1;?/, "");
      if (code.trim() === "") problems.push(`file without code: ${file.path}`);
    } else if (file.path.endsWith(".map")) {
      if ((JSON.parse(readFileSync(path, "utf8")) as { mappings?: string }).mappings === "") {
        problems.push(`source map that maps nothing: ${file.path}`);
      }
    }
  }

  const bytes = readFileSync(tarball);
  const lint = await publint({
    strict: true,
    pack: { tarball: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) },
  });
  const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as Record<string, unknown>;
  for (const message of lint.messages) {
    if (message.type === "suggestion") continue;
    problems.push(`publint ${message.type}: ${formatMessage(message, pkg, { color: false }) ?? message.code}`);
  }

  const attwBin = join(require.resolve("@arethetypeswrong/cli/package.json"), "..", "dist", "index.js");
  const attw = spawnSync(process.execPath, [attwBin, tarball, "--profile", "node16", "--format", "json"], {
    cwd: root,
    encoding: "utf8",
    maxBuffer: 64 << 20,
  });
  let analysis: { analysis?: { problems?: { kind: string; entrypoint?: string; resolutionKind?: string }[] } };
  try {
    analysis = JSON.parse(attw.stdout);
  } catch {
    throw new Error(`attw gave no JSON (exit ${attw.status})\n${attw.stdout}${attw.stderr}`);
  }
  for (const p of analysis.analysis?.problems ?? []) {
    if (p.resolutionKind === "node10") continue; // outside the node16 profile (see above)
    problems.push(`attw ${p.kind}: ${p.entrypoint ?? ""} (${p.resolutionKind ?? "all resolutions"})`);
  }

  if (problems.length > 0) {
    console.log(problems.join("\n"));
    process.exitCode = 1;
  } else {
    console.log(
      `package: ${info.files.length} files, ${(info.size / 1024).toFixed(0)} KiB packed; publint strict and attw (node16 ESM/CJS, bundler) clean`,
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
