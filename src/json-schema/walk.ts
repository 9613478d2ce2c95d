/*
 * Small helpers over generated JSON Schema documents (plain JSON values): visiting every
 * subschema, recognizing the tagged unions Zod writes for serde's internal and adjacent tagging,
 * and putting the keys a reader looks for first.
 */

export type JsonSchema = Record<string, unknown>;

const isSchema = (value: unknown): value is JsonSchema =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const ONE = ["items", "additionalProperties", "propertyNames", "not", "contains", "if", "then", "else"] as const;
const MANY = ["anyOf", "oneOf", "allOf", "prefixItems", "items"] as const;
const MAPS = ["properties", "patternProperties", "$defs", "definitions", "dependentSchemas"] as const;

/** The subschemas directly inside `schema` (not their own subschemas), in document order. */
export function childSchemas(schema: JsonSchema): JsonSchema[] {
  const out: JsonSchema[] = [];
  for (const key of MAPS) {
    const map = schema[key];
    if (isSchema(map)) for (const value of Object.values(map)) if (isSchema(value)) out.push(value);
  }
  for (const key of ONE) if (isSchema(schema[key])) out.push(schema[key]);
  for (const key of MANY) {
    const list = schema[key];
    if (Array.isArray(list)) for (const value of list) if (isSchema(value)) out.push(value);
  }
  return out;
}

/** Calls `visit` on `schema` and every subschema below it, parents before children. */
export function walkSchemas(schema: JsonSchema, visit: (node: JsonSchema) => void): void {
  const stack = [schema];
  while (stack.length > 0) {
    const node = stack.pop() as JsonSchema;
    visit(node);
    stack.push(...childSchemas(node).reverse());
  }
}

/** The definition a local `$ref` (`#/$defs/Name`) points at, with its name. */
export function resolveRef(
  ref: unknown,
  defs: Record<string, JsonSchema>,
  key: string,
): { name: string; schema: JsonSchema } | undefined {
  const prefix = `#/${key}/`;
  if (typeof ref !== "string" || !ref.startsWith(prefix)) return undefined;
  const name = ref.slice(prefix.length).replace(/~1/g, "/").replace(/~0/g, "~");
  const schema = defs[name];
  return schema === undefined ? undefined : { name, schema };
}

export interface TaggedVariant {
  /** The tag's value for this variant. */
  readonly tag: string;
  /** The variant's schema (the definition, when the option is a `$ref`). */
  readonly schema: JsonSchema;
  /** The option's `$ref`, when it is one. */
  readonly ref?: string;
}

export interface TaggedUnion {
  /** The property every variant carries, with a distinct constant value in each. */
  readonly tag: string;
  readonly variants: readonly TaggedVariant[];
}

/**
 * The tag and variants of a `oneOf` whose options are all objects that require one common
 * property with a distinct `const` in each: how Zod writes a discriminated union, so how the
 * generated schemas spell serde's internally (`telemetry_type`) and adjacently (`payload_type`)
 * tagged enums. `undefined` for anything else.
 */
export function taggedUnion(node: JsonSchema, defs: Record<string, JsonSchema>, key: string): TaggedUnion | undefined {
  const options = node.oneOf;
  if (!Array.isArray(options) || options.length < 2) return undefined;
  const resolved = options.map((option: JsonSchema) => {
    const target = resolveRef(option.$ref, defs, key);
    return target === undefined ? { schema: option } : { schema: target.schema, ref: option.$ref as string };
  });
  const first = resolved[0]?.schema.properties;
  if (!isSchema(first)) return undefined;
  for (const tag of Object.keys(first)) {
    const values = resolved.map(({ schema }) => {
      const property = isSchema(schema.properties) ? schema.properties[tag] : undefined;
      const required = Array.isArray(schema.required) && schema.required.includes(tag);
      return required && isSchema(property) && typeof property.const === "string" ? property.const : undefined;
    });
    if (values.some((v) => v === undefined) || new Set(values).size !== values.length) continue;
    return {
      tag,
      variants: resolved.map((r, i) => ({ tag: values[i] as string, ...r })),
    };
  }
  return undefined;
}

const HEAD = ["$schema", "$id", "title", "description"];

function headFirst(schema: JsonSchema, tail: string[] = []): JsonSchema {
  const out: JsonSchema = {};
  for (const key of HEAD) if (key in schema) out[key] = schema[key];
  for (const [key, value] of Object.entries(schema)) if (!HEAD.includes(key) && !tail.includes(key)) out[key] = value;
  for (const key of tail) if (key in schema) out[key] = schema[key];
  return out;
}

/**
 * The document with `$schema`, `$id`, `title` and `description` first in it and in each
 * definition, and the definitions last, so a reader meets a type's name before its fields.
 */
export function orderKeys(document: JsonSchema, key: string): JsonSchema {
  const out = headFirst(document, [key]);
  const defs = out[key];
  if (isSchema(defs)) {
    out[key] = Object.fromEntries(
      Object.entries(defs).map(([name, def]) => [name, isSchema(def) ? headFirst(def) : def]),
    );
  }
  return out;
}
