import * as z from "zod";
import { resolveWireItems, wireJsonSchemaOverride } from "../core/wire-json-schema.js";
import { SCHEMA_VERSION } from "../events/schema/common.js";
import { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "./registry.js";

export const JSON_SCHEMA_TARGETS = ["draft-2020-12", "draft-07", "openapi-3.1"] as const;
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/** The stable `$id` of a published schema: it changes only with the wire format's major version. */
export function schemaId(name: string): string {
  return `urn:llm-analytics-hub:schema:v${SCHEMA_VERSION.split(".")[0]}:${name}`;
}

/**
 * The JSON Schema of one registered type, generated from its Zod schema (the input side,
 * so defaulted and optional fields are optional and unknown keys are allowed, as in the hub).
 * `openapi-3.1` is the 2020-12 dialect without `$schema`, ready for `components.schemas`.
 */
export function jsonSchemaOf(name: SchemaName, target: JsonSchemaTarget = "draft-2020-12"): Record<string, unknown> {
  const schema = SCHEMAS[name];
  if (schema === undefined) {
    throw new RangeError(`jsonSchemaOf: unknown schema ${JSON.stringify(name)}; known: ${SCHEMA_NAMES.join(", ")}`);
  }
  const generated = z.toJSONSchema(schema, {
    io: "input",
    target: target === "draft-07" ? "draft-07" : "draft-2020-12",
    unrepresentable: "throw",
    cycles: "ref",
    reused: "inline",
    // serde's lenient input forms (unit variants as {"name": null}, structs as arrays), as decode reads them.
    override: wireJsonSchemaOverride(target === "draft-07" ? "draft-07" : "draft-2020-12"),
  }) as Record<string, unknown>;
  const { $schema, ...body } = generated;
  const head: Record<string, unknown> = target === "openapi-3.1" ? {} : { $schema };
  return resolveWireItems({ ...head, $id: schemaId(name), title: name, ...body });
}

/** Every registered schema for one target, keyed by name, in name order. */
export function allJsonSchemas(target: JsonSchemaTarget = "draft-2020-12"): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of SCHEMA_NAMES) out[name] = jsonSchemaOf(name, target);
  return out;
}

/** The file text `npm run schemas` writes for a schema: two-space JSON and a final newline. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
