import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import {
  JSON_SCHEMA_TARGETS,
  jsonSchemaOf,
  SCHEMA_NAMES,
  type SchemaName,
  schemaFileText,
} from "../../json-schema/index.js";
import { type CommandSpec, choiceFlag, helpText, parseCommandArgs, stringFlag } from "../args.js";
import { EXIT_OK, UsageError } from "../errors.js";
import { reason } from "../input.js";
import { type CliIo, writeFileAtomic } from "../io.js";
import { schemaByName } from "../schemas.js";

const FORMS = ["lenient", "canonical"] as const;

export const schemaSpec: CommandSpec = {
  name: "schema",
  summary: "Print or write the JSON Schema of the wire types, generated from the Zod schemas.",
  usage: "schema [NAME...] [options]",
  flags: {
    target: {
      type: "string",
      value: "draft-2020-12|draft-07|openapi-3.1",
      description: "JSON Schema dialect (default draft-2020-12; openapi-3.1 has no $schema, for components.schemas)",
    },
    forms: {
      type: "string",
      value: "lenient|canonical",
      description:
        "lenient: every form the hub reads, serde's lenient ones included (default of the drafts); canonical: only the forms it writes, for code generators (default of openapi-3.1)",
    },
    out: {
      type: "string",
      short: "o",
      value: "DIR",
      description: "Write one <NAME>.json per type into DIR instead of printing",
    },
    list: { type: "boolean", short: "l", description: "List the type names and exit" },
  },
  details: `With no NAME, every registered type. Printed output is the schema itself for one NAME, or an
object keyed by type name for several. Each schema has a stable $id
(urn:llm-analytics-hub:schema:v1:<NAME>). With --out, each file is written atomically (a
temporary file renamed into place), so no file is ever half written.

Validate with the lenient forms (a validator then agrees with decode); generate types from the
canonical ones (a generator would otherwise make every struct a union with an array).

Exit status: 0 ok, 2 usage error (unknown type, bad flag, unwritable directory).

Examples:
  llm-analytics-hub schema AnalyticsEvent
  llm-analytics-hub schema --target openapi-3.1 --out schemas/
  llm-analytics-hub schema --forms canonical --out schemas/   # for json-schema-to-typescript`,
};

export async function schemaCommand(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parseCommandArgs(schemaSpec, argv);
  if (parsed.help) {
    io.stdout.write(helpText(schemaSpec));
    return EXIT_OK;
  }
  if (parsed.values.list === true) {
    io.stdout.write(SCHEMA_NAMES.map((name) => `${name}\n`).join(""));
    return EXIT_OK;
  }
  const target = choiceFlag("schema", parsed, "target", { choices: JSON_SCHEMA_TARGETS, fallback: "draft-2020-12" });
  const forms = choiceFlag("schema", parsed, "forms", {
    choices: FORMS,
    fallback: target === "openapi-3.1" ? "canonical" : "lenient",
  });
  const schemaOf = (name: SchemaName) => jsonSchemaOf(name, { target, forms });
  const names: SchemaName[] =
    parsed.positionals.length === 0 ? [...SCHEMA_NAMES] : parsed.positionals.map((n) => schemaByName("schema", n).name);
  const unique = [...new Set(names)];
  const outDir = stringFlag(parsed, "out");
  if (outDir !== undefined) {
    const dir = resolve(io.cwd, outDir);
    try {
      mkdirSync(dir, { recursive: true });
      for (const name of unique) writeFileAtomic(join(dir, `${name}.json`), schemaFileText(schemaOf(name)));
    } catch (error) {
      throw new UsageError("schema", `cannot write to ${outDir}: ${reason(error)}`);
    }
    io.stdout.write(unique.map((name) => `${join(outDir, `${name}.json`)}\n`).join(""));
    return EXIT_OK;
  }
  if (parsed.positionals.length === 1) {
    io.stdout.write(schemaFileText(schemaOf(unique[0]!)));
    return EXIT_OK;
  }
  const all: Record<string, unknown> = {};
  for (const name of unique) all[name] = schemaOf(name);
  io.stdout.write(schemaFileText(all));
  return EXIT_OK;
}
