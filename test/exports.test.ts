import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };

// The public surface, pinned (DESIGN.md §4): a name that appears or vanishes in any entry point,
// value or type, fails here until the snapshot is updated on purpose
// (`npx vitest run test/exports.test.ts -u`). The names are read from the built declarations
// (dist/**/index.d.ts and .d.cts, written by scripts/build-types.ts; npm test builds them before
// it tests), as a consumer's TypeScript sees them.
const root = join(import.meta.dirname, "..");
const dist = join(root, "dist");
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
const srcOf = (subpath: string) => join(root, "src", subpath === "." ? "index.ts" : `${subpath.slice(2)}/index.ts`);
const distOf = (subpath: string, ext: string) =>
  join(dist, subpath === "." ? `index${ext}` : `${subpath.slice(2)}/index${ext}`);

function newestSource(dir: string): number {
  let newest = 0;
  for (const f of readdirSync(dir, { recursive: true, encoding: "utf8" })) {
    if (f.endsWith(".ts")) newest = Math.max(newest, statSync(join(dir, f)).mtimeMs);
  }
  return newest;
}

/** `name: value`, `name: type` or `name: value+type` for every export of each declaration file. */
function declaredSurface(ext: ".d.ts" | ".d.cts"): Map<string, string[]> {
  const files = subpaths.map((s) => distOf(s, ext));
  const program = ts.createProgram(files, {
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    target: ts.ScriptTarget.ES2022,
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    types: [],
  });
  const checker = program.getTypeChecker();
  const surface = new Map<string, string[]>();
  for (const [i, file] of files.entries()) {
    const sf = program.getSourceFile(file);
    const moduleSymbol = sf && checker.getSymbolAtLocation(sf);
    if (!moduleSymbol) throw new Error(`no module in ${file}`);
    const names = checker.getExportsOfModule(moduleSymbol).map((e) => {
      const target = e.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(e) : e;
      const value = (target.flags & ts.SymbolFlags.Value) !== 0;
      const type = (target.flags & ts.SymbolFlags.Type) !== 0;
      return `${e.name}: ${value && type ? "value+type" : value ? "value" : "type"}`;
    });
    surface.set(subpaths[i] as string, names.sort());
  }
  return surface;
}

const declarationsBuilt = existsSync(distOf(".", ".d.ts"));

// The first import of an entry transforms the whole of src: seconds on a busy machine.
describe("entry points", { timeout: 60_000 }, () => {
  it("every subpath of package.json has an entry file", () => {
    for (const subpath of subpaths) expect(existsSync(srcOf(subpath)), subpath).toBe(true);
  });

  it("the declarations in dist/ are built from the current sources (npx tsx scripts/build-types.ts)", () => {
    expect(declarationsBuilt, "dist/index.d.ts is missing: run npm run build first").toBe(true);
    expect(statSync(distOf(".", ".d.ts")).mtimeMs).toBeGreaterThanOrEqual(newestSource(join(root, "src")) - 1);
  });

  describe.runIf(declarationsBuilt)("the built declarations", () => {
    const esm = declarationsBuilt ? declaredSurface(".d.ts") : new Map<string, string[]>();

    it.each(subpaths)("%s exports exactly the pinned names, values and types", (subpath) => {
      expect(esm.get(subpath)).toMatchSnapshot();
    });

    it("the CommonJS declarations (.d.cts) export the same names as the ESM ones", () => {
      const cjs = declaredSurface(".d.cts");
      for (const subpath of subpaths) expect(cjs.get(subpath), subpath).toEqual(esm.get(subpath));
    });

    // A name the root takes from one of two domains (QuantileSketch: the schema from ./metrics,
    // of the very type ./stats declares) is value+type at the root and a type in ./stats.
    it("the root exports every name of every subpath, as a value and a type where the subpath does", () => {
      const kinds = (entry: string) => entry.slice(entry.indexOf(": ") + 2).split("+");
      const all = new Map((esm.get(".") ?? []).map((e) => [e.slice(0, e.indexOf(":")), kinds(e)]));
      for (const subpath of subpaths) {
        const missing = (esm.get(subpath) ?? []).filter((entry) => {
          const atRoot = all.get(entry.slice(0, entry.indexOf(":")));
          return atRoot === undefined || !kinds(entry).every((k) => atRoot.includes(k));
        });
        expect(missing, subpath).toEqual([]);
      }
    });

    // Internal helpers (issue #17): reachable from no entry point; the snapshot pins the rest.
    const INTERNALS = [
      "keepProtoKey",
      "protoKeyCheck",
      "runRules",
      "defineRule",
      "defineBoundsRule",
      "reportBound",
      "RULES",
      "halfStep",
      "decimals",
      "floatEqual",
      "isRoundingOf",
      "u64",
      "tagUnion",
      "externalEnum",
    ];
    // Generic names that would shadow a builtin or a user's own names (docs/naming.md).
    const GENERIC = ["min", "max", "sum", "check", "rule", "notFound", "conflict", "forbidden", "unauthorized"];
    it("no internal helper and no generic name is exported by any entry point", () => {
      for (const subpath of subpaths) {
        const names = (esm.get(subpath) ?? []).map((e) => e.slice(0, e.indexOf(":")));
        expect(
          names.filter((n) => INTERNALS.includes(n) || GENERIC.includes(n)),
          subpath,
        ).toEqual([]);
      }
    });

    it("no two names of the root differ only by case", () => {
      const seen = new Map<string, string>();
      const clashes: string[] = [];
      for (const entry of esm.get(".") ?? []) {
        const name = entry.slice(0, entry.indexOf(":"));
        const other = seen.get(name.toLowerCase());
        if (other !== undefined) clashes.push(`${other} / ${name}`);
        seen.set(name.toLowerCase(), name);
      }
      expect(clashes).toEqual([]);
    });

    it("the runtime exports of src are the value exports of the declarations", async () => {
      for (const subpath of subpaths) {
        const mod = (await import(pathToFileURL(srcOf(subpath)).href)) as Record<string, unknown>;
        const values = (esm.get(subpath) ?? [])
          .filter((e) => !e.endsWith(": type"))
          .map((e) => e.slice(0, e.indexOf(":")));
        expect(Object.keys(mod).sort(), subpath).toEqual(values.sort());
      }
    });
  });

  // The built package, when it exists (npm test builds before it tests): ESM and CJS agree with src.
  it.runIf(existsSync(join(root, "dist", "index.js")))(
    "the ESM and CJS builds export the same names as src",
    async () => {
      const require = createRequire(import.meta.url);
      for (const subpath of subpaths) {
        const base = join(root, "dist", subpath === "." ? "index" : `${subpath.slice(2)}/index`);
        const src = Object.keys(await import(pathToFileURL(srcOf(subpath)).href)).sort();
        const esm = Object.keys(await import(pathToFileURL(`${base}.js`).href)).sort();
        const cjs = Object.keys(require(`${base}.cjs`) as object)
          .filter((k) => k !== "__esModule")
          .sort();
        expect(esm, `${subpath} (ESM)`).toEqual(src);
        expect(cjs, `${subpath} (CJS)`).toEqual(src);
      }
    },
  );

  it.runIf(existsSync(join(root, "dist", "interop", "index.cjs")))(
    "both builds load protobufjs on first use and read OTLP protobuf (the CJS build has no import.meta)",
    async () => {
      const require = createRequire(import.meta.url);
      const bytes = readFileSync(join(root, "test", "interop", "otel-fixtures", "sdk3", "traces.pb"));
      type Interop = typeof import("../src/interop/index.js");
      const base = join(root, "dist", "interop", "index");
      const esm = (await import(pathToFileURL(`${base}.js`).href)) as Interop;
      const cjs = require(`${base}.cjs`) as Interop;
      const fromSrc = (await import("../src/interop/index.js")).eventsFromOtlpTraces(bytes);
      expect(fromSrc.spans.mapped).toBeGreaterThan(0);
      expect(esm.eventsFromOtlpTraces(bytes)).toEqual(fromSrc);
      expect(cjs.eventsFromOtlpTraces(bytes)).toEqual(fromSrc);
    },
  );
});
