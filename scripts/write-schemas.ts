// Writes json-schema/<Name>.json for every registered schema (draft 2020-12), and
// json-schema/codegen/<Name>[.<tag>…].json, the same types cut per tagged variant for code
// generators without tagged or recursive unions (quicktype). The test suite regenerates both in
// memory and fails when the committed files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allJsonSchemas, codegenJsonSchemas, schemaFileText } from "../src/json-schema/index.js";

function writeAll(dir: string, files: Record<string, Record<string, unknown>>): void {
  mkdirSync(dir, { recursive: true });
  for (const file of readdirSync(dir)) {
    if (file.endsWith(".json") && !(file.slice(0, -5) in files)) rmSync(join(dir, file));
  }
  for (const [name, schema] of Object.entries(files)) writeFileSync(join(dir, `${name}.json`), schemaFileText(schema));
}

const root = join(import.meta.dirname, "..", "json-schema");
const schemas = allJsonSchemas();
writeAll(root, schemas);
const codegen = Object.fromEntries(codegenJsonSchemas().map((c) => [c.file, c.schema]));
writeAll(join(root, "codegen"), codegen);
console.log(
  `wrote ${Object.keys(schemas).length} schemas to json-schema/ and ${Object.keys(codegen).length} to json-schema/codegen/`,
);
