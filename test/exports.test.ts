import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import pkg from "../package.json" with { type: "json" };

// The public surface, pinned (DESIGN.md §4): a name that appears or vanishes in any entry point
// fails here until the snapshot is updated on purpose (`npx vitest run test/exports.test.ts -u`).
const root = join(import.meta.dirname, "..");
const subpaths = Object.keys(pkg.exports).filter((k) => k !== "./package.json");
const srcOf = (subpath: string) => join(root, "src", subpath === "." ? "index.ts" : `${subpath.slice(2)}/index.ts`);

// The first import of an entry transforms the whole of src: seconds on a busy machine.
describe("entry points", { timeout: 30_000 }, () => {
  it("every subpath of package.json has an entry file", () => {
    for (const subpath of subpaths) expect(existsSync(srcOf(subpath)), subpath).toBe(true);
  });

  it.each(subpaths)("%s exports exactly the pinned names", async (subpath) => {
    const mod = (await import(pathToFileURL(srcOf(subpath)).href)) as Record<string, unknown>;
    expect(Object.keys(mod).sort()).toMatchSnapshot();
  });

  it("the root exports every name of every subpath", async () => {
    const all = new Set(Object.keys(await import(pathToFileURL(srcOf(".")).href)));
    for (const subpath of subpaths) {
      const mod = (await import(pathToFileURL(srcOf(subpath)).href)) as Record<string, unknown>;
      const missing = Object.keys(mod).filter((name) => !all.has(name));
      expect(missing, subpath).toEqual([]);
    }
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
