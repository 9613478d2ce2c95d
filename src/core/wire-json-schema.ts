import type * as z from "zod";
import { wireMark } from "./tagging.js";

/*
 * The lenient forms serde reads (WIRE_FORMAT.md §1b.2), in the JSON Schema generated from the Zod
 * schemas, so that a JSON Schema validator accepts what `decode` accepts: the same rules as
 * src/core/wire.ts, from the same marks (src/core/tagging.ts), applied by Zod's `override` hook to
 * every node it writes.
 *
 * - A unit enum (`z.enum`) also takes the one-key object `{"name": null}`.
 * - A struct (an object without flattened keys, not a struct variant of an untagged enum) also
 *   takes the array of its fields in declaration order: `type: ["object", "array"]` with the
 *   array keywords beside the object ones (each applies to its own type only), so the object's
 *   `properties` stay where every tool looks for them. Trailing fields with a default may be left
 *   off; Options may not. An internally tagged variant is written with its tag first, so its
 *   array form is `[tag, fields…]`, as serde reads it.
 * - An adjacently tagged enum's tag also takes `{"name": null}` in the object form (not in the
 *   array form `[tag, content]`).
 *
 * What JSON Schema cannot say stays with `decode` (docs/hardening.md lists it): `{"name": {}}` for
 * a unit variant inside serde's buffered content, repeated keys, `12.0` and `-0` for integers.
 */

type Json = Record<string, unknown>;

interface Def {
  type: string;
  shape?: Record<string, Node>;
  catchall?: Node;
  discriminator?: string;
  options?: Node[];
}
interface Node {
  _zod: { def: Def; optin?: string; values?: Set<unknown>; propValues?: Record<string, Set<unknown>> };
}

/** The keywords that describe a node rather than constrain it: they stay on top when it becomes an `anyOf`. */
const ANNOTATIONS = new Set([
  "title",
  "description",
  "examples",
  "default",
  "deprecated",
  "readOnly",
  "writeOnly",
  "$comment",
  "id",
]);

/** The tag schema an adjacent union replaced, by its replacement: a struct's array form takes the original. */
const ORIGINAL_TAG = new WeakMap<object, Json>();

function unitMap(names: readonly unknown[]): Json {
  return {
    type: "object",
    minProperties: 1,
    maxProperties: 1,
    propertyNames: { enum: [...names] },
    additionalProperties: { type: "null" },
  };
}

/** Nodes already given their lenient forms (Zod may hand a node to the override twice). */
const DONE = new WeakSet<object>();

/** Rewrites `json` in place into `anyOf: [its constraints, alternative]`, annotations kept on top. */
function orElse(json: Json, alternative: Json): void {
  if (DONE.has(json)) return;
  DONE.add(json);
  const constraint: Json = {};
  for (const key of Object.keys(json)) {
    if (ANNOTATIONS.has(key)) continue;
    constraint[key] = json[key];
    delete json[key];
  }
  json.anyOf = [constraint, alternative];
}

function takesArray(zod: Node): boolean {
  const def = zod._zod.def;
  if (def.type !== "object" || def.catchall !== undefined) return false;
  const kind = wireMark(zod as unknown as z.ZodType)?.kind;
  return kind !== "struct-variant" && kind !== "flattened";
}

/**
 * Where an array item is the schema of the struct's field `name`: `resolveWireItems` makes it a
 * `$ref` to that property once the document is complete (its place is known only then), so the
 * field's schema is written once.
 */
const FIELD = "$wireField";

function addArrayForm(zod: Node, json: Json, draft07: boolean): void {
  if (DONE.has(json)) return;
  DONE.add(json);
  const shape = zod._zod.def.shape ?? {};
  const properties = (json.properties ?? {}) as Record<string, Json>;
  const fields = Object.keys(shape).filter((k) => wireMark(shape[k] as unknown as z.ZodType)?.kind !== "extra");
  const items = fields.map((k) => ORIGINAL_TAG.get(properties[k] ?? {}) ?? { [FIELD]: k });
  let required = fields.length;
  while (required > 0 && (shape[fields[required - 1] as string] as Node)._zod.optin === "defaulted") required--;
  const type = json.type;
  json.type = Array.isArray(type)
    ? [...new Set([...type, "array"])]
    : type === undefined
      ? ["object", "array"]
      : [type, "array"];
  // One exact tuple per allowed length (validators in strict mode, ajv's strictTuples, want
  // every tuple closed and complete). Array keywords leave an object alone.
  const tuple = (k: number): Json =>
    draft07
      ? { items: items.slice(0, k), additionalItems: false, minItems: k }
      : { prefixItems: items.slice(0, k), items: false, minItems: k };
  if (required === fields.length) Object.assign(json, tuple(fields.length));
  else json.anyOf = Array.from({ length: fields.length - required + 1 }, (_, i) => tuple(required + i));
}

/** The adjacent tag also takes `{"name": null}` in the object form. */
function adjacentTag(zod: Node, json: Json): void {
  const tag = zod._zod.def.discriminator as string;
  for (const option of (json.oneOf ?? json.anyOf ?? []) as Json[]) {
    const properties = option.properties as Record<string, Json> | undefined;
    const original = properties?.[tag];
    if (!properties || !original || ORIGINAL_TAG.has(original)) continue;
    const name = original.const;
    const replaced: Json = { anyOf: [original, unitMap([name])] };
    ORIGINAL_TAG.set(replaced, original);
    properties[tag] = replaced;
    // The array form, if already written, keeps the plain tag.
    for (const tuple of [option, ...((option.anyOf ?? []) as Json[])]) {
      const prefix = (tuple.prefixItems ?? tuple.items) as Json[] | undefined;
      if (Array.isArray(prefix) && prefix[0]?.[FIELD] === tag) prefix[0] = original;
    }
  }
}

/** The keywords of an enum or a struct that its definition states (and widens) for every copy. */
const SHAPE_KEYWORDS = ["type", "enum", "properties", "required", "additionalProperties", "propertyNames"];

/** True for `{"$ref": …}` beside annotations, or draft-07's `{"allOf": [{"$ref": …}]}`. */
function refersToDefinition(json: Json): boolean {
  if (typeof json.$ref === "string") return true;
  const all = json.allOf;
  return Array.isArray(all) && all.length === 1 && typeof (all[0] as Json | undefined)?.$ref === "string";
}

/**
 * Zod's `override` for `z.toJSONSchema`: adds serde's lenient input forms to every node that
 * takes them. `target` decides how an array of positional items is written.
 */
export function wireJsonSchemaOverride(
  target: "draft-2020-12" | "draft-07",
): (ctx: { zodSchema: z.core.$ZodTypes; jsonSchema: z.core.JSONSchema.BaseSchema }) => void {
  return ({ zodSchema, jsonSchema }) => {
    const zod = zodSchema as unknown as Node;
    const json = jsonSchema as Json;
    const def = zod._zod.def;
    // A node that refers to a named definition (a described copy of a named schema) takes the
    // definition's forms through the reference; only the definition itself gets them. Zod keeps
    // on the copy the keywords that differ from the definition's, which are the canonical-only
    // ones the definition has just widened (`type: "object"`, `enum`): drop them.
    if (refersToDefinition(json)) {
      if (def.type === "enum" || takesArray(zod)) for (const key of SHAPE_KEYWORDS) delete json[key];
      return;
    }
    if (def.type === "enum") {
      const names = [...(zod._zod.values ?? [])];
      if (names.every((n) => typeof n === "string")) orElse(json, unitMap(names));
    } else if (takesArray(zod)) {
      addArrayForm(zod, json, target === "draft-07");
    } else if (def.type === "union" && wireMark(zod as unknown as z.ZodType)?.kind === "adjacent") {
      adjacentTag(zod, json);
    }
  };
}

const pointer = (path: readonly string[]) =>
  `#${path.map((p) => `/${p.replace(/~/g, "~0").replace(/\//g, "~1")}`).join("")}`;

/**
 * Completes a generated document: each positional item of a struct's array form becomes a `$ref`
 * to the struct's own property (`{"$ref": "#/…/properties/name"}`), so no field schema is written
 * twice. Run it on the finished document, after anything that moves subschemas. In place.
 */
export function resolveWireItems(document: Json): Json {
  const stack: [unknown, string[]][] = [[document, []]];
  while (stack.length > 0) {
    const [node, path] = stack.pop() as [unknown, string[]];
    if (typeof node !== "object" || node === null) continue;
    if (Array.isArray(node)) {
      node.forEach((child, i) => {
        stack.push([child, [...path, String(i)]]);
      });
      continue;
    }
    const json = node as Json;
    // The struct's tuples sit on it, or in its `anyOf` when trailing fields may be left off
    // (those alternatives have no `type` or `properties` of their own).
    const own = Array.isArray(json.anyOf)
      ? (json.anyOf as Json[]).filter((t) => t.type === undefined && t.properties === undefined)
      : [];
    for (const tuple of json.properties === undefined ? [] : [json, ...own]) {
      for (const key of ["prefixItems", "items"]) {
        const items = tuple[key];
        if (!Array.isArray(items)) continue;
        items.forEach((item: Json, i) => {
          const field = item?.[FIELD];
          if (typeof field === "string") items[i] = { $ref: pointer([...path, "properties", field]) };
        });
      }
    }
    for (const key of Object.keys(json)) stack.push([json[key], [...path, key]]);
  }
  return document;
}
