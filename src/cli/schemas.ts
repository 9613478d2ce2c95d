import type * as z from "zod";
import { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "../json-schema/index.js";
import { UsageError } from "./errors.js";

/** The registered schema called `name`; an unknown name is a usage error listing the known ones. */
export function schemaByName(command: string, name: string): { name: SchemaName; schema: z.ZodType } {
  if (Object.hasOwn(SCHEMAS, name)) return { name: name as SchemaName, schema: SCHEMAS[name as SchemaName] };
  const hint = SCHEMA_NAMES.find((known) => known.toLowerCase() === name.toLowerCase());
  throw new UsageError(
    command,
    `unknown type ${JSON.stringify(name)}${hint === undefined ? "" : ` (did you mean ${hint}?)`}; known types: ${SCHEMA_NAMES.join(", ")}`,
  );
}
