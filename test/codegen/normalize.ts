import { canonicalJson } from "../../src/core/canonical-json.js";
import { type JsonSchema, resolveRef, taggedUnion } from "../../src/json-schema/walk.js";

/*
 * Equality of two decoded documents as the hub sees them. An Option field (not required, null
 * allowed) reads the same when missing and when null (WIRE_FORMAT.md, `name?: T`), so generated
 * code may write one for the other; such a null is dropped on both sides before comparing. Any
 * other difference counts: a required field, a defaulted field (null is rejected there), a map
 * entry or a value inside a JSON value.
 */

const KEY = "$defs";

function allowsNull(schema: JsonSchema, defs: Record<string, JsonSchema>): boolean {
  const target = resolveRef(schema.$ref, defs, KEY);
  if (target !== undefined) return allowsNull(target.schema, defs);
  if (schema.type === "null" || (Array.isArray(schema.type) && schema.type.includes("null"))) return true;
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return options?.some((option) => allowsNull(option, defs)) ?? false;
}

const jsonType = (value: unknown): string =>
  value === null ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : typeof value;

function matches(schema: JsonSchema, value: unknown, defs: Record<string, JsonSchema>): boolean {
  const target = resolveRef(schema.$ref, defs, KEY);
  if (target !== undefined) return matches(target.schema, value, defs);
  const type = jsonType(value);
  const types = Array.isArray(schema.type) ? schema.type : schema.type === undefined ? undefined : [schema.type];
  if (types !== undefined) return types.includes(type) || (type === "number" && types.includes("integer"));
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  return options === undefined || options.some((option) => matches(option, value, defs));
}

function strip(value: unknown, schema: JsonSchema, defs: Record<string, JsonSchema>): unknown {
  const target = resolveRef(schema.$ref, defs, KEY);
  if (target !== undefined) return strip(value, target.schema, defs);
  if (value === null || typeof value !== "object") return value;
  const tagged = taggedUnion(schema, defs, KEY);
  if (tagged !== undefined) {
    const tag = (value as Record<string, unknown>)[tagged.tag];
    const variant = tagged.variants.find((v) => v.tag === tag);
    return variant === undefined ? value : strip(value, variant.schema, defs);
  }
  const options = (schema.anyOf ?? schema.oneOf) as JsonSchema[] | undefined;
  if (options !== undefined) {
    const option = options.find((o) => matches(o, value, defs));
    return option === undefined ? value : strip(value, option, defs);
  }
  if (Array.isArray(value)) {
    const items = schema.items as JsonSchema | undefined;
    return items === undefined ? value : value.map((item) => strip(item, items, defs));
  }
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = (schema.required ?? []) as string[];
  const extra = schema.additionalProperties as JsonSchema | undefined;
  const out: Record<string, unknown> = {};
  for (const [key, entry] of Object.entries(value)) {
    const property = Object.hasOwn(properties, key) ? properties[key] : typeof extra === "object" ? extra : undefined;
    const isOption =
      Object.hasOwn(properties, key) && !required.includes(key) && allowsNull(property as JsonSchema, defs);
    if (entry === null && isOption) continue;
    Object.defineProperty(out, key, {
      value: property === undefined ? entry : strip(entry, property, defs),
      enumerable: true,
      writable: true,
      configurable: true,
    });
  }
  return out;
}

/** Canonical JSON of `value` with the null Option fields the published `schema` allows dropped. */
export function comparable(value: unknown, schema: JsonSchema): string {
  return canonicalJson(strip(value, schema, (schema[KEY] ?? {}) as Record<string, JsonSchema>));
}
