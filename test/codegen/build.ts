import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { compileFromFile } from "json-schema-to-typescript";
import { main as quicktype } from "quicktype";
import { goDriver, javaDriver, pythonDriver, tsDriver, tsEquality } from "./drivers.js";
import { JACKSON_JARS } from "./toolchains.js";

/*
 * Generates code from the committed json-schema/ files as a team in each language would, with
 * the commands docs/json-schema.md gives, and builds it with a driver that reads AnalyticsEvent
 * NDJSON on stdin and writes each event back through the generated types. Everything lives in
 * .codegen/ (git-ignored); a language is regenerated and rebuilt only when its inputs changed.
 */

export const ROOT = join(import.meta.dirname, "..", "..");
export const WORK = join(ROOT, ".codegen");
const SCHEMAS = join(ROOT, "json-schema");
const CODEGEN = join(SCHEMAS, "codegen");

/** One file of json-schema/codegen/ and where its code goes in each language. */
export interface CodegenFile {
  /** File name without `.json`, e.g. `AnalyticsEvent.telemetry.latency`. */
  readonly file: string;
  /** Its top-level type (`--top-level`). */
  readonly title: string;
  /** For AnalyticsEvent files: the dispatch key (`telemetry.latency`, `custom`). */
  readonly key: string | undefined;
  /** Go and Java package: the file name, lower case, letters and digits only. */
  readonly pkg: string;
  /** Python module: the file name in snake case. */
  readonly module: string;
}

export function codegenFiles(): CodegenFile[] {
  return readdirSync(CODEGEN)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => {
      const file = f.slice(0, -5);
      const schema = JSON.parse(readFileSync(join(CODEGEN, f), "utf8")) as { title: string };
      const [type, ...tags] = file.split(".");
      return {
        file,
        title: schema.title,
        key: type === "AnalyticsEvent" ? tags.join(".") : undefined,
        pkg: file.toLowerCase().replace(/[^a-z0-9]/g, ""),
        module: [String(type).replace(/([a-z0-9])([A-Z])/g, "$1_$2"), ...tags].join("_").toLowerCase(),
      };
    });
}

export function publishedNames(): string[] {
  return readdirSync(SCHEMAS)
    .filter((f) => f.endsWith(".json"))
    .map((f) => f.slice(0, -5))
    .sort();
}

export interface Run {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function run(
  command: string,
  args: readonly string[],
  options: { cwd?: string; input?: string; env?: NodeJS.ProcessEnv } = {},
): Run {
  const result = spawnSync(command, args, {
    cwd: options.cwd ?? ROOT,
    input: options.input,
    env: options.env ?? process.env,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error !== undefined) throw result.error;
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

function mustRun(command: string, args: readonly string[], options: Parameters<typeof run>[2] = {}): Run {
  const result = run(command, args, options);
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(" ")} failed (${result.status}):\n${result.stderr}${result.stdout}`.slice(0, 8000),
    );
  }
  return result;
}

const packageVersion = (name: string): string =>
  (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;

/** A digest of everything a language's build depends on: schemas, generator versions, drivers. */
function digest(parts: readonly string[]): string {
  const hash = createHash("sha256");
  for (const part of parts) hash.update(part).update("\0");
  return hash.digest("hex");
}

/** Runs `build` unless `dir/stamp` holds the same digest; returns whether it ran. */
async function cached(dir: string, parts: readonly string[], build: () => Promise<void>): Promise<boolean> {
  const stamp = join(dir, "stamp");
  const want = digest(parts);
  if (existsSync(stamp) && readFileSync(stamp, "utf8") === want) return false;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await build();
  writeFileSync(stamp, want);
  return true;
}

function schemaTexts(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((f) => `${f}\n${readFileSync(join(dir, f), "utf8")}`);
}

/** `quicktype --src-lang schema --lang <lang> --top-level <title> … -o <out> <file>`, in process. */
async function quicktypeFile(file: CodegenFile, lang: string, extra: readonly string[], out: string): Promise<void> {
  mkdirSync(dirname(out), { recursive: true });
  await quicktype([
    "--src-lang",
    "schema",
    "--lang",
    lang,
    "--top-level",
    file.title,
    ...extra,
    "--quiet",
    "-o",
    out,
    join(CODEGEN, `${file.file}.json`),
  ]);
}

// ---------------------------------------------------------------------------------------- Go

export const GO_DIR = join(WORK, "go");
export const GO_BINARY = join(GO_DIR, "roundtrip");

/** Go's caches inside .codegen, so nothing is written outside the repository's ignored dirs. */
export function goEnv(): NodeJS.ProcessEnv {
  return {
    ...process.env,
    GOCACHE: join(WORK, "go-cache", "build"),
    GOPATH: join(WORK, "go-cache", "path"),
    GOFLAGS: "-mod=mod",
    GOPROXY: "off",
    GO111MODULE: "on",
    GOTOOLCHAIN: "local",
  };
}

export async function buildGo(files: readonly CodegenFile[]): Promise<boolean> {
  const driver = goDriver(files);
  return cached(GO_DIR, ["go", packageVersion("quicktype-core"), driver, ...schemaTexts(CODEGEN)], async () => {
    writeFileSync(join(GO_DIR, "go.mod"), "module hubcodegen\n\ngo 1.19\n");
    for (const file of files) {
      await quicktypeFile(file, "go", ["--package", file.pkg], join(GO_DIR, file.pkg, `${file.pkg}.go`));
    }
    writeFileSync(join(GO_DIR, "main.go"), driver);
    // Every package, the ones the program does not import included, then the program.
    mustRun("go", ["build", "./..."], { cwd: GO_DIR, env: goEnv() });
    mustRun("go", ["build", "-o", GO_BINARY, "."], { cwd: GO_DIR, env: goEnv() });
  });
}

// ------------------------------------------------------------------------------------ Python

export const PY_DIR = join(WORK, "python");

export async function buildPython(files: readonly CodegenFile[]): Promise<boolean> {
  const driver = pythonDriver(files);
  return cached(PY_DIR, ["python", packageVersion("quicktype-core"), driver, ...schemaTexts(CODEGEN)], async () => {
    mkdirSync(join(PY_DIR, "hub"), { recursive: true });
    writeFileSync(join(PY_DIR, "hub", "__init__.py"), "");
    for (const file of files) await quicktypeFile(file, "python", [], join(PY_DIR, "hub", `${file.module}.py`));
    writeFileSync(join(PY_DIR, "roundtrip.py"), driver);
    // Byte-compiles every module: a syntax error in any generated file fails here.
    mustRun("python3", ["-m", "compileall", "-q", "hub", "roundtrip.py"], { cwd: PY_DIR });
  });
}

// -------------------------------------------------------------------------------------- Java

export const JAVA_DIR = join(WORK, "java");
export const JAVA_CLASSES = join(JAVA_DIR, "classes");
export const JAVA_CLASSPATH = [JAVA_CLASSES, ...JACKSON_JARS].join(":");

/**
 * quicktype's Converter declares `toJsonString(…) throws JsonProcessingException` around
 * `ObjectWriter.writeValueAsString`, which Debian's jackson-databind 2.14.0-1+deb12u1 declares as
 * throwing IOException, so javac stops with "unreported exception IOException". The one-line fix
 * docs/json-schema.md gives Java users: widen the clause to IOException (Converter already
 * imports java.io.IOException). Returns the fixed text, or throws when the line is not there, so
 * a quicktype that no longer needs the fix is noticed.
 */
export function fixConverterForDebianJackson(text: string): string {
  const pattern = /(public static String toJsonString\([^)]*\)) throws JsonProcessingException \{/;
  if (!pattern.test(text)) throw new Error("quicktype's Converter no longer has the JsonProcessingException clause");
  return text.replace(pattern, "$1 throws IOException {");
}

const JAVA_OPTIONS = (file: CodegenFile) => ["--package", `hub.${file.pkg}`];

export async function buildJava(files: readonly CodegenFile[]): Promise<boolean> {
  const driver = javaDriver(files);
  return cached(JAVA_DIR, ["java", packageVersion("quicktype-core"), driver, ...schemaTexts(CODEGEN)], async () => {
    const sources: string[] = [];
    for (const file of files) {
      const dir = join(JAVA_DIR, "src", "hub", file.pkg);
      await quicktypeFile(file, "java", JAVA_OPTIONS(file), join(dir, `${file.title}.java`));
      const converter = join(dir, "Converter.java");
      writeFileSync(converter, fixConverterForDebianJackson(readFileSync(converter, "utf8")));
      for (const f of readdirSync(dir)) sources.push(relative(JAVA_DIR, join(dir, f)));
    }
    mkdirSync(join(JAVA_DIR, "src", "hub"), { recursive: true });
    writeFileSync(join(JAVA_DIR, "src", "hub", "RoundTrip.java"), driver);
    sources.push(join("src", "hub", "RoundTrip.java"));
    writeFileSync(join(JAVA_DIR, "sources.txt"), `${sources.join("\n")}\n`);
    mustRun(
      "javac",
      // C1 only and no debug info: javac runs once over some 500 small files, where the
      // optimizing compiler costs more than it saves.
      [
        "-J-XX:TieredStopAtLevel=1",
        "-J-XX:+UseSerialGC",
        "-g:none",
        "-encoding",
        "UTF-8",
        "-nowarn",
        "-cp",
        JACKSON_JARS.join(":"),
        "-d",
        JAVA_CLASSES,
        "@sources.txt",
      ],
      { cwd: JAVA_DIR },
    );
  });
}

/**
 * quicktype's Java for one file, unfixed, compiled against Debian's Jackson: javac's verdict and
 * the Converter's text, to show the fix is still needed and why.
 */
export async function rawJavaBuild(file: CodegenFile): Promise<{ converter: string; javac: Run }> {
  const dir = join(WORK, "java-raw", file.pkg);
  rmSync(join(WORK, "java-raw"), { recursive: true, force: true });
  await quicktypeFile(file, "java", JAVA_OPTIONS(file), join(dir, `${file.title}.java`));
  const sources = readdirSync(dir).map((f) => join(dir, f));
  const javac = run("javac", [
    "-J-XX:TieredStopAtLevel=1",
    "-nowarn",
    "-cp",
    JACKSON_JARS.join(":"),
    "-d",
    join(WORK, "java-raw", "classes"),
    ...sources,
  ]);
  return { converter: readFileSync(join(dir, "Converter.java"), "utf8"), javac };
}

// -------------------------------------------------------------------------------- TypeScript

export const TS_DIR = join(WORK, "ts");

/** `json2ts --no-additionalProperties -i json-schema/<Name>.json -o <Name>.ts`, in process. */
/**
 * Where the type test takes the library's types from: the built declarations when they are newer
 * than every source file (npm test builds first; checking .d.ts costs half the time of checking
 * src), else the sources.
 */
function libraryTypes(): string {
  const built = join(ROOT, "dist", "json-schema", "index.d.ts");
  if (!existsSync(built)) return "../../src/json-schema/registry.js";
  const newest = (dir: string): number =>
    Math.max(
      ...readdirSync(dir, { withFileTypes: true }).map((e) =>
        e.isDirectory() ? newest(join(dir, e.name)) : statSync(join(dir, e.name)).mtimeMs,
      ),
    );
  return statSync(built).mtimeMs >= newest(join(ROOT, "src"))
    ? "../../dist/json-schema/index.js"
    : "../../src/json-schema/registry.js";
}

/**
 * The canonical forms of the published types, as `llm-analytics-hub schema --forms canonical
 * --out DIR` writes them (docs/json-schema.md): what json-schema-to-typescript reads.
 */
function writeCanonicalSchemas(names: readonly string[]): string {
  const dir = join(WORK, "canonical");
  mkdirSync(dir, { recursive: true });
  const cli = spawnSync(
    join(ROOT, "node_modules", ".bin", "tsx"),
    [join(ROOT, "src", "cli", "main.ts"), "schema", ...names, "--forms", "canonical", "--out", dir],
    { encoding: "utf8" },
  );
  if (cli.status !== 0) throw new Error(`schema --forms canonical failed: ${cli.stderr}`);
  return dir;
}

export async function buildTypeScript(names: readonly string[]): Promise<boolean> {
  const driver = tsDriver();
  const equality = tsEquality(names, libraryTypes());
  const canonical = writeCanonicalSchemas(names);
  return cached(
    TS_DIR,
    ["ts", packageVersion("json-schema-to-typescript"), driver, equality, ...schemaTexts(canonical)],
    async () => {
      for (const name of names) {
        // Unformatted (prettier is most of the time); the types are the same as json2ts prints.
        const ts = await compileFromFile(join(canonical, `${name}.json`), {
          additionalProperties: false,
          cwd: canonical,
          format: false,
        });
        writeFileSync(join(TS_DIR, `${name}.ts`), ts);
      }
      writeFileSync(join(TS_DIR, "roundtrip.ts"), driver);
      writeFileSync(join(TS_DIR, "equality.ts"), equality);
      // The project's compiler settings, less exactOptionalPropertyTypes: with it, `?: T` and the
      // `?: T | undefined` of Zod's input types differ, though JSON has no undefined to tell them apart.
      writeFileSync(
        join(TS_DIR, "tsconfig.json"),
        `${JSON.stringify(
          {
            extends: "../../tsconfig.json",
            compilerOptions: { exactOptionalPropertyTypes: false, noEmit: true, baseUrl: "../.." },
            include: ["*.ts"],
          },
          null,
          2,
        )}\n`,
      );
      mustRun(join(ROOT, "node_modules", ".bin", "tsc"), ["-p", join(TS_DIR, "tsconfig.json")]);
    },
  );
}
