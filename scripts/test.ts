/**
 * `npm test`: every check of the project, one line per stage, a stage's whole output only when
 * it fails. Stages run as soon as what they need is done, as many at once as there are cores
 * (vitest takes them all), so the run fits the 2-core machine CI uses.
 *
 *   npm test                      all stages
 *   npm test -- vitest docs       only these stages (and nothing they depend on)
 *
 * Add a stage here rather than chaining commands in package.json: it then reports in one line,
 * keeps its output until it fails, and shows its time in the closing table.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
const bin = (name: string): string => join(root, "node_modules", ".bin", name);
const tsx = (script: string, ...args: string[]): string[] => [process.execPath, "--import", "tsx", script, ...args];
const VITEST_REPORT = join(root, ".ci", "vitest-report.json");

interface Stage {
  readonly name: string;
  readonly what: string;
  readonly command: readonly string[];
  readonly needs?: readonly string[];
  /** Cores the stage keeps busy; a stage waits until that many are free. */
  readonly weight?: number;
  /** Environment for the stage, given the names of the stages in this run. */
  readonly env?: (inRun: ReadonlySet<string>) => Readonly<Record<string, string>>;
  /** A few words for the stage's line, from its output (e.g. the test counts). */
  readonly summary?: (output: string) => string | undefined;
}

const lastLine = (output: string): string | undefined => output.trim().split("\n").at(-1);

function vitestSummary(): string | undefined {
  if (!existsSync(VITEST_REPORT)) return undefined;
  const r = JSON.parse(readFileSync(VITEST_REPORT, "utf8")) as Record<string, number>;
  const skipped = (r.numPendingTests ?? 0) + (r.numTodoTests ?? 0);
  return `${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`;
}

const cores = Math.max(2, availableParallelism());

const STAGES: readonly Stage[] = [
  { name: "lint", what: "Biome: format and lint", command: [bin("biome"), "check", "."] },
  {
    name: "validators",
    what: "src/fast/generated/ matches the schemas",
    command: tsx("scripts/build-validators.ts", "--check"),
  },
  { name: "build", what: "tsup: ESM and CJS bundles into dist/", command: [bin("tsup")] },
  {
    // One TypeScript program for both jobs: checking the project as `tsc -p .` does and emitting
    // the library's declarations (a second program would check src/ again).
    name: "types",
    what: "tsc: checks src, tests, type tests, examples, scripts; writes dist/**/*.d.ts and .d.cts",
    command: tsx("scripts/build-types.ts", "--check-project"),
    needs: ["build"],
    summary: lastLine,
  },
  {
    name: "docs",
    what: "examples/ and every TypeScript block and README command in the docs",
    command: tsx("scripts/run-docs.ts"),
    needs: ["build"],
    summary: lastLine,
  },
  {
    name: "typedoc",
    what: "TypeDoc: the API reference builds without a warning, every entry point, types with their fields",
    command: tsx("scripts/check-typedoc.ts"),
    summary: lastLine,
  },
  {
    name: "package",
    what: "npm pack, publint, arethetypeswrong, no empty files",
    command: tsx("scripts/package-check.ts"),
    needs: ["build", "types"],
    summary: lastLine,
  },
  {
    name: "vitest",
    what: "unit, property, conformance and CLI tests",
    // Type tests (*.test-d.ts) are compiled by the types stage; vitest need not run tsc again.
    command: [
      bin("vitest"),
      "run",
      "--typecheck.enabled=false",
      // vitest's default in run mode is one worker fewer than the cores: a single worker on a
      // 2-core machine. The stage has the machine to itself (weight), so it takes every core:
      // the whole suite, 99 files, 185 s → 137 s at load ≈ 10 (other sessions) on 2 cores.
      `--maxWorkers=${cores}`,
      "--reporter=default",
      "--reporter=json",
      `--outputFile.json=${VITEST_REPORT}`,
    ],
    // test/exports.test.ts reads the public surface from the declarations the types stage writes.
    needs: ["build", "types"],
    weight: cores,
    // The spawned CLI tests run the build of this run; without a build stage, the sources (tsx).
    env: (inRun) => (inRun.has("build") ? { LLM_HUB_CLI: "dist" } : {}),
    summary: () => vitestSummary(),
  },
];

interface Outcome {
  readonly ok: boolean;
  readonly seconds: number;
  readonly output: string;
  readonly code: number | null;
}

function run(stage: Stage, inRun: ReadonlySet<string>): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const [command, ...args] = stage.command as [string, ...string[]];
    const child = spawn(command, args, {
      cwd: root,
      env: { ...process.env, FORCE_COLOR: "0", NO_COLOR: "1", ...stage.env?.(inRun) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    const chunks: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => chunks.push(b));
    child.stderr.on("data", (b: Buffer) => chunks.push(b));
    const finish = (code: number | null, extra = ""): void =>
      resolve({
        ok: code === 0,
        code,
        seconds: (performance.now() - started) / 1000,
        output: Buffer.concat(chunks).toString("utf8") + extra,
      });
    child.on("error", (error) => finish(null, `\n${error.message}\n`));
    child.on("close", (code) => finish(code));
  });
}

const pad = (s: string, n: number): string => s.padEnd(n);

async function main(): Promise<number> {
  const only = process.argv.slice(2);
  const unknown = only.filter((n) => !STAGES.some((s) => s.name === n));
  if (unknown.length > 0) {
    console.error(`unknown stage ${unknown.join(", ")}; stages: ${STAGES.map((s) => s.name).join(", ")}`);
    return 2;
  }
  const selected = only.length === 0 ? STAGES : STAGES.filter((s) => only.includes(s.name));
  const inRun = new Set(selected.map((s) => s.name));
  mkdirSync(join(root, ".ci"), { recursive: true });

  const done = new Map<string, Outcome>();
  const running = new Map<string, Promise<void>>();
  const skipped: string[] = [];
  let busy = 0;
  const started = performance.now();
  const width = Math.max(...selected.map((s) => s.name.length)) + 2;

  const ready = (s: Stage): boolean => (s.needs ?? []).every((n) => !inRun.has(n) || done.get(n)?.ok === true);
  const blocked = (s: Stage): boolean => (s.needs ?? []).some((n) => inRun.has(n) && done.get(n)?.ok === false);

  while (done.size + skipped.length < selected.length) {
    for (const stage of selected) {
      if (done.has(stage.name) || running.has(stage.name) || skipped.includes(stage.name)) continue;
      if (blocked(stage)) {
        skipped.push(stage.name);
        console.log(
          `skip  ${pad(stage.name, width)}(needs ${stage.needs?.filter((n) => !done.get(n)?.ok).join(", ")})`,
        );
        continue;
      }
      const weight = Math.min(stage.weight ?? 1, cores);
      if (!ready(stage) || busy + weight > cores) continue;
      busy += weight;
      running.set(
        stage.name,
        run(stage, inRun).then((outcome) => {
          busy -= weight;
          running.delete(stage.name);
          done.set(stage.name, outcome);
          const note = outcome.ok ? stage.summary?.(outcome.output) : `exit ${outcome.code ?? "signal"}`;
          console.log(
            `${outcome.ok ? "ok  " : "FAIL"}  ${pad(stage.name, width)}${pad(`${outcome.seconds.toFixed(1)}s`, 8)}${note ?? stage.what}`,
          );
          if (!outcome.ok) console.log(`${outcome.output.trimEnd()}\n`);
        }),
      );
    }
    if (running.size === 0) break;
    await Promise.race(running.values());
  }

  const failed = [...done].filter(([, o]) => !o.ok).map(([n]) => n);
  const total = ((performance.now() - started) / 1000).toFixed(0);
  if (failed.length === 0 && skipped.length === 0) {
    console.log(`npm test: ${done.size} stages ok in ${total}s`);
    return 0;
  }
  console.log(
    `npm test: failed ${failed.join(", ")}${skipped.length > 0 ? `; not run: ${skipped.join(", ")}` : ""} (${total}s)`,
  );
  return 1;
}

process.exitCode = await main();
