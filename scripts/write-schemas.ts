// Writes json-schema/<Name>.json for every registered schema (draft 2020-12). The test
// suite regenerates them in memory and fails when the committed files are stale.
import { mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { allJsonSchemas, schemaFileText } from "../src/json-schema/index.js";

const dir = join(import.meta.dirname, "..", "json-schema");
mkdirSync(dir, { recursive: true });
const schemas = allJsonSchemas("draft-2020-12");
for (const file of readdirSync(dir)) {
  if (file.endsWith(".json") && !(file.slice(0, -5) in schemas)) rmSync(join(dir, file));
}
for (const [name, schema] of Object.entries(schemas)) writeFileSync(join(dir, `${name}.json`), schemaFileText(schema));
console.log(`wrote ${Object.keys(schemas).length} schemas to json-schema/`);
