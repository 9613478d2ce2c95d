import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build } from "esbuild";
import { BUNDLED, MINIFY } from "../tsup.config.js";
import type { Notes, Row } from "./report.js";

/*
 * Package figures, built from src into a temporary directory (never into dist/):
 * - cold import: each entry built as the package ships it (ESM, minified as tsup.config.ts's MINIFY,
 *   dependencies left in node_modules), imported by a fresh `node` process; CPU and wall time of the import itself;
 * - gzip size: what a bundler ships for an import (esbuild, bundled with its dependencies,
 *   tree-shaken and minified, then gzip -9).
 */

const root = join(import.meta.dirname, "..");

const manifest = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
};
/** What dist/ imports rather than bundles: the dependencies and peer dependencies, less tsup's BUNDLED. */
const EXTERNAL = Object.keys({ ...manifest.dependencies, ...manifest.peerDependencies })
  .filter((name) => !BUNDLED.includes(name))
  .flatMap((name) => [name, `${name}/*`]);

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1] as number;
};

/** The import's CPU and wall milliseconds in one fresh process (a file, or a bare specifier resolved from the project). */
function coldImportOnce(file: string): { cpu: number; wall: number } {
  const specifier = file.startsWith("/") ? `file://${file}` : file;
  const script = `
    const c0 = process.cpuUsage(); const t0 = performance.now();
    await import(${JSON.stringify(specifier)});
    const t1 = performance.now(); const c = process.cpuUsage(c0);
    console.log(JSON.stringify({ cpu: (c.user + c.system) / 1000, wall: t1 - t0 }));`;
  const r = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`cold import of ${file} failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as { cpu: number; wall: number };
}

/**
 * Cold imports of every file, in `runs` interleaved rounds (one fresh process per file per
 * round, so that a change in the machine's load touches all alike): the median CPU and wall
 * milliseconds of each, and of each one's ratio to the first file's CPU in the same round.
 */
function coldImports(files: readonly string[], runs: number): { cpu: number; wall: number; ratio: number }[] {
  const samples = files.map(() => ({ cpu: [] as number[], wall: [] as number[], ratio: [] as number[] }));
  for (let i = 0; i < runs; i++) {
    const round = files.map(coldImportOnce);
    const base = (round[0] as { cpu: number }).cpu;
    round.forEach((m, k) => {
      const s = samples[k] as (typeof samples)[number];
      s.cpu.push(m.cpu);
      s.wall.push(m.wall);
      s.ratio.push(m.cpu / base);
    });
  }
  return samples.map((s) => ({ cpu: median(s.cpu), wall: median(s.wall), ratio: median(s.ratio) }));
}

async function bundleSize(contents: string): Promise<{ gzip: number; raw: number; zod: boolean; inputs: number }> {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    bundle: true,
    minify: true,
    treeShaking: true,
    format: "esm",
    platform: "neutral",
    mainFields: ["module", "main"],
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0]?.contents ?? new Uint8Array();
  const inputs = Object.keys(result.metafile.inputs);
  return {
    gzip: gzipSync(code, { level: 9 }).length,
    raw: code.length,
    zod: inputs.some((i) => i.includes("node_modules/zod/")),
    inputs: inputs.length,
  };
}

export async function packageBench(rows: Row[], notes: Notes, quick: boolean): Promise<void> {
  const out = mkdtempSync(join(tmpdir(), "llm-analytics-hub-bench-"));
  try {
    await build({
      entryPoints: {
        index: join(root, "src/index.ts"),
        "stats/index": join(root, "src/stats/index.ts"),
        "events/index": join(root, "src/events/index.ts"),
        "fast/index": join(root, "src/fast/index.ts"),
      },
      outdir: out,
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      // As tsup builds dist/: dependencies and Zod stay imports, the BUNDLED ones are bundled,
      // white space and syntax minified.
      external: EXTERNAL,
      ...MINIFY,
      logLevel: "silent",
    });
    // Resolve zod and protobufjs from the project's node_modules, as an installed package would.
    writeFileSync(join(out, "package.json"), JSON.stringify({ type: "module" }));
    symlinkSync(join(root, "node_modules"), join(out, "node_modules"));
    const runs = quick ? 3 : 9;
    const entries = [
      ["index.js", ".", 1.5],
      ["events/index.js", "./events", 1.2],
      ["stats/index.js", "./stats", undefined],
      ["fast/index.js", "./fast", undefined],
    ] as const;
    // Zod is imported by its file, as the entries are; "zod" by name adds the package resolution
    // that every entry pays inside, for its own `import … from "zod"` (a row for scale, not the target's baseline).
    const [zodAlone, zodByName, ...timed] = coldImports(
      [join(root, "node_modules/zod/index.js"), "zod", ...entries.map(([entry]) => join(out, entry))],
      runs,
    ) as [{ cpu: number; wall: number }, ...{ cpu: number; wall: number; ratio: number }[]];
    entries.forEach(([, label, goal], k) => {
      const t = timed[k] as { cpu: number; wall: number; ratio: number };
      rows.push({
        section: "cold import (fresh node process)",
        case: `import("llm-analytics-hub${label === "." ? "" : label.slice(1)}")`,
        median: `${t.cpu.toFixed(1)} ms CPU (${t.wall.toFixed(1)} ms wall)`,
        ratio: `${t.ratio.toFixed(2)}× import("zod") alone`,
        target: goal === undefined ? "" : `${t.ratio <= goal ? "met" : "MISSED"}: ≤ ${goal}× import("zod")`,
      });
    });
    rows.push({
      section: "cold import (fresh node process)",
      case: 'import("zod") alone, for scale',
      median: `${zodAlone.cpu.toFixed(1)} ms CPU (${zodAlone.wall.toFixed(1)} ms wall)`,
      ratio: "baseline",
      target: "",
    });
    const byName = zodByName as { cpu: number; wall: number; ratio: number };
    rows.push({
      section: "cold import (fresh node process)",
      case: 'import("zod") by package name (resolved as each entry resolves it), for scale',
      median: `${byName.cpu.toFixed(1)} ms CPU (${byName.wall.toFixed(1)} ms wall)`,
      ratio: `${byName.ratio.toFixed(2)}× import("zod") alone`,
      target: "",
    });
    notes.push(
      `cold import: ${runs} interleaved rounds of one fresh process per entry; ratio = median of the per-round ratios to import("zod") (Zod imported by its file, as each entry is); entries built from src with esbuild (as tsup does) into a temp dir`,
    );

    const stats = await bundleSize(`export * from ${JSON.stringify(join(root, "src/stats/index.ts"))};`);
    const kb = (b: number) => `${(b / 1024).toFixed(1)} KB`;
    rows.push({
      section: "bundle size (esbuild, minified, gzip -9)",
      case: `./stats, everything (${stats.zod ? "CONTAINS Zod" : "no Zod"})`,
      median: `${kb(stats.gzip)} gzip (${kb(stats.raw)} min)`,
      ratio: "",
      target: `${!stats.zod && stats.gzip <= 10 * 1024 ? "met" : "MISSED"}: Zod-free and ≤ 10 KB gzip`,
    });
    for (const [label, contents] of [
      [
        "events only: AnalyticsEvent + builders",
        `export { AnalyticsEvent, createTelemetryEvent } from ${JSON.stringify(join(root, "src/events/index.ts"))};`,
      ],
      [
        "events + fast path: isAnalyticsEvent, FastAnalyticsEvent",
        `export { isAnalyticsEvent, FastAnalyticsEvent } from ${JSON.stringify(join(root, "src/fast/index.ts"))};`,
      ],
      ["zod alone (import * as z), for scale", `export * as z from "zod";`],
    ] as const) {
      const size = await bundleSize(contents);
      rows.push({
        section: "bundle size (esbuild, minified, gzip -9)",
        case: label,
        median: `${kb(size.gzip)} gzip (${kb(size.raw)} min)`,
        ratio: "",
        target: "",
      });
    }
    notes.push("bundle sizes include the dependencies each import pulls in (Zod, date-fns) after tree-shaking");
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
