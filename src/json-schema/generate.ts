import * as z from "zod";
import { JsonValue } from "../core/json-value.js";
import { resolveWireItems, wireJsonSchemaOverride } from "../core/wire-json-schema.js";
import { SCHEMA_VERSION } from "../events/schema/common.js";
import { describe } from "../stats/validate.js";
import { namedSchemas } from "./names.js";
import { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "./registry.js";
import { type JsonSchema, orderKeys, taggedUnion, walkSchemas } from "./walk.js";

export const JSON_SCHEMA_TARGETS = ["draft-2020-12", "draft-07", "openapi-3.1"] as const;
export type JsonSchemaTarget = (typeof JSON_SCHEMA_TARGETS)[number];

/** The stable `$id` of a published schema: it changes only with the wire format's major version. */
export function schemaId(name: string): string {
  return `urn:llm-analytics-hub:schema:v${SCHEMA_VERSION.split(".")[0]}:${name}`;
}

type Meta = Record<string, unknown>;

/**
 * The metadata Zod reads while generating one document: the schemas' own (descriptions,
 * examples, from the global registry) with the hub names on top. A named schema other than the
 * document's root gets an `id`, which makes Zod move it to `$defs` and reference it there.
 */
class HubNames extends z.core.$ZodRegistry<Meta> {
  constructor(private readonly root: z.ZodType) {
    super();
  }
  override get(schema: z.core.$ZodType): Meta | undefined {
    const own = z.globalRegistry.get(schema);
    const name = namedSchemas().get(schema as z.ZodType);
    if (name === undefined) return own;
    return schema === this.root ? { ...own, title: name } : { ...own, id: name, title: name };
  }
}

/** Where a target keeps its definitions. */
const defsKey = (target: JsonSchemaTarget) => (target === "draft-07" ? "definitions" : "$defs");

/**
 * `serde_json::Value` spelled out: null, a boolean, a number, a string, or an array or object of
 * JSON values. Zod's own output for it is the empty schema, which validates the same but leaves
 * generators nothing to name (json-schema-to-typescript makes it `unknown`).
 */
function anyJsonValue(ref: string): JsonSchema {
  return {
    anyOf: [
      { type: "null" },
      { type: "boolean" },
      { type: "number" },
      { type: "string" },
      { type: "array", items: { $ref: ref } },
      { type: "object", additionalProperties: { $ref: ref } },
    ],
  };
}

/**
 * `\d` is an ASCII digit in ECMAScript (ajv) but any Unicode digit in Python's `re` (the
 * `jsonschema` package), so `"２０２５-06-03T…"` would pass a timestamp pattern there that the hub
 * rejects. Patterns are written with `[0-9]` instead, which every regex dialect reads alike.
 */
export function asciiDigits(pattern: string): string {
  let out = "";
  let inClass = false;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i] as string;
    if (c === "\\" && i + 1 < pattern.length) {
      const next = pattern[i + 1] as string;
      out += next === "d" ? (inClass ? "0-9" : "[0-9]") : c + next;
      i++;
    } else {
      if (c === "[" && !inClass) inClass = true;
      else if (c === "]" && inClass) inClass = false;
      out += c;
    }
  }
  return out;
}

const ANNOTATIONS = new Set(["title", "description", "examples", "default", "$comment", "deprecated"]);

/**
 * A field that takes any JSON value without being a `JsonValue` in Zod (MetricValues' kept
 * `delta`/`rate`) comes out as a schema of annotations only, which json-schema-to-typescript
 * renders as an object type (`{[k: string]: unknown}`), rejecting the numbers the field holds.
 * Such a schema is made a `JsonValue` instead: the same documents validate.
 */
function anyValueAsJsonValue(body: JsonSchema, key: string, name: string): void {
  let used = false;
  walkSchemas(body, (node) => {
    if (node === body || node === body[key]) return;
    if (Object.keys(node).some((k) => !ANNOTATIONS.has(k)) || (body[key] as JsonSchema | undefined)?.[name] === node) {
      return;
    }
    // `allOf` rather than a `$ref` beside the description: json-schema-to-typescript names a
    // described `$ref` as a new type (JsonValue1, JsonValue2, …).
    node.allOf = [{ $ref: `#/${key}/${name}` }];
    used = true;
  });
  if (used && (body[key] as JsonSchema | undefined)?.[name] === undefined) {
    body[key] = {
      ...(body[key] as JsonSchema | undefined),
      [name]: { title: name, ...anyJsonValue(`#/${key}/${name}`) },
    };
  }
}

/**
 * OpenAPI 3.1's `discriminator` on every tagged union (internal or adjacent tagging): the tag
 * property and, per tag value, the variant's schema. A mapping points at schemas by reference,
 * so a variant written inline (EventPayload's `{payload_type, data}` objects) moves to its own
 * definition, named `<Union>.<tag value>`.
 */
function addDiscriminators(document: JsonSchema, target: JsonSchemaTarget): void {
  const key = defsKey(target);
  const defs = (document[key] ?? {}) as Record<string, JsonSchema>;
  walkSchemas(document, (node) => {
    const tagged = taggedUnion(node, defs, key);
    if (tagged === undefined) return;
    const mapping: Record<string, string> = {};
    tagged.variants.forEach((variant, i) => {
      let ref = variant.ref;
      if (ref === undefined) {
        const name = `${String(node.title ?? "Variant")}.${variant.tag}`;
        defs[name] = { title: name, ...variant.schema };
        ref = `#/${key}/${name}`;
        (node.oneOf as JsonSchema[])[i] = { $ref: ref };
      }
      mapping[variant.tag] = ref;
    });
    node.discriminator = { propertyName: tagged.tag, mapping };
  });
  if (Object.keys(defs).length > 0) document[key] = defs;
}

/** Options of `jsonSchemaOf` and `allJsonSchemas`. */
export interface JsonSchemaOptions {
  /** The dialect written (default `"draft-2020-12"`): one of `JSON_SCHEMA_TARGETS`. */
  readonly target?: JsonSchemaTarget;
  /**
   * `"lenient"` (the default of the draft targets): every form the shipped hub reads, serde's
   * lenient input forms included (a unit variant as `{"name": null}`, a struct as the array of
   * its fields; WIRE_FORMAT.md §1b.2), so a validator's verdict equals `decode`'s.
   * `"canonical"` (the default of `openapi-3.1`): only the forms the hub writes — for code and
   * client generators, which would otherwise make every struct a union with an array, and for
   * OpenAPI's `discriminator`, which picks among objects.
   */
  readonly forms?: "lenient" | "canonical";
}

/**
 * The JSON Schema of one registered type, generated from its Zod schema (the input side,
 * so defaulted and optional fields are optional and unknown keys are allowed, as in the hub).
 * Every named type of the hub it uses is a definition titled with the hub's name (`$defs`, or
 * `definitions` in draft-07) and referenced, so code generators name their types as the hub
 * does. `options.target` picks the dialect (default `draft-2020-12`); `openapi-3.1` is the 2020-12 dialect without `$schema`, with a `discriminator` on every
 * tagged union, ready for `components.schemas`. The draft targets also take serde's lenient input
 * forms, as `decode` does; `openapi-3.1` and `{forms: "canonical"}` leave them out
 * (`JsonSchemaOptions`).
 */
export function jsonSchemaOf(name: SchemaName, options: JsonSchemaOptions = {}): Record<string, unknown> {
  return generate("jsonSchemaOf", name, options);
}

function generate(fn: string, name: SchemaName, options: JsonSchemaOptions): Record<string, unknown> {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options must be an object such as { target, forms }, received ${describe(options)}`);
  }
  const target = options.target ?? "draft-2020-12";
  if (!JSON_SCHEMA_TARGETS.includes(target)) {
    throw new RangeError(
      `${fn}: options.target must be one of ${JSON_SCHEMA_TARGETS.join(", ")}, received ${describe(target)}`,
    );
  }
  const forms = options.forms ?? (target === "openapi-3.1" ? "canonical" : "lenient");
  if (forms !== "lenient" && forms !== "canonical") {
    throw new RangeError(`${fn}: options.forms must be "lenient" or "canonical", received ${describe(forms)}`);
  }
  const schema = typeof name === "string" && Object.hasOwn(SCHEMAS, name) ? SCHEMAS[name] : undefined;
  if (schema === undefined) {
    throw new RangeError(`${fn}: unknown schema ${describe(name)}; known: ${SCHEMA_NAMES.join(", ")}`);
  }
  const generated = z.toJSONSchema(schema, {
    io: "input",
    target: target === "draft-07" ? "draft-07" : "draft-2020-12",
    unrepresentable: "throw",
    cycles: "ref",
    reused: "inline",
    metadata: new HubNames(schema),
    // serde's lenient input forms (unit variants as {"name": null}, structs as arrays), as decode reads them.
    ...(forms === "lenient"
      ? { override: wireJsonSchemaOverride(target === "draft-07" ? "draft-07" : "draft-2020-12") }
      : {}),
  }) as JsonSchema;
  const { $schema, title: _title, ...body } = generated;
  const key = defsKey(target);
  const defs = body[key] as Record<string, JsonSchema> | undefined;
  const jsonValueName = namedSchemas().get(JsonValue);
  if (defs !== undefined && jsonValueName !== undefined && defs[jsonValueName] !== undefined) {
    const { anyOf: _any, ...annotations } = defs[jsonValueName];
    defs[jsonValueName] = { ...annotations, ...anyJsonValue(`#/${key}/${jsonValueName}`) };
  }
  if (jsonValueName !== undefined) anyValueAsJsonValue(body, key, jsonValueName);
  walkSchemas(body, (node) => {
    if (typeof node.pattern === "string") node.pattern = asciiDigits(node.pattern);
  });
  const head: JsonSchema = target === "openapi-3.1" ? {} : { $schema };
  const document: JsonSchema = { ...head, $id: schemaId(name), title: name, ...body };
  if (target === "openapi-3.1") addDiscriminators(document, target);
  // Last: the array forms' items point into the finished document.
  return forms === "lenient" ? resolveWireItems(orderKeys(document, key)) : orderKeys(document, key);
}

/** Every registered schema for one target, keyed by name, in name order. */
export function allJsonSchemas(options: JsonSchemaOptions = {}): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of SCHEMA_NAMES) out[name] = generate("allJsonSchemas", name, options);
  return out;
}

/** The file text `npm run schemas` writes for a schema: two-space JSON and a final newline. */
export function schemaFileText(schema: Record<string, unknown>): string {
  return `${JSON.stringify(schema, null, 2)}\n`;
}
