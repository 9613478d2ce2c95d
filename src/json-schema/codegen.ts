import { SCHEMA_VERSION } from "../events/schema/common.js";
import { jsonSchemaOf } from "./generate.js";
import { SCHEMA_NAMES, type SchemaName } from "./registry.js";
import { childSchemas, type JsonSchema, resolveRef, type TaggedVariant, taggedUnion } from "./walk.js";

/*
 * The published schemas reshaped for code generators that cannot represent two things the
 * wire format relies on (quicktype for Go, Python, Java and most of its other languages):
 *
 * - a union of object types: quicktype merges every object member of a `oneOf` into one class
 *   (glideapps/quicktype#2213, #1266), so the payload variants lose their names and a field
 *   required in one variant becomes optional in all (Go's `omitempty` then drops a required
 *   `error_breakdown: {}`). Here every tagged union is cut into its variants: one document per
 *   variant, for a team to generate one by one and pick by the tag;
 * - a recursive union: quicktype's Python and Java renderers overflow the stack on the spelled-out
 *   `JsonValue`. Here a JSON value is the empty schema, which those generators map to their
 *   "any JSON" type (`interface{}`, `Any`, `Object`).
 *
 * They describe the canonical forms, those the hub writes (no serde lenient input forms: a
 * generator would make every struct a union with an array). Otherwise validation is unchanged in
 * meaning: a canonical document is valid against the published schema exactly when it is valid
 * against the variant document its tags pick.
 */

const KEY = "$defs";
const JSON_VALUE = "JsonValue";

/** One document for code generators. */
export interface CodegenSchema {
  /** File name without `.json`: the type's name, then the tag values that pick the variant. */
  readonly file: string;
  /** The published type it is cut from. */
  readonly type: SchemaName;
  /** The tag properties and their values, outermost first (`payload_type`, then `telemetry_type`). */
  readonly tags: readonly { readonly property: string; readonly value: string }[];
  /** The title of the document's top-level type (the type's name, or the variant's for a union type). */
  readonly title: string;
  readonly schema: JsonSchema;
}

const clone = <T>(value: T): T => structuredClone(value);

type Located = { kind: "root" } | { kind: "def"; name: string };

/** The first tagged union reachable from the root, in document order (the root first). */
function firstTaggedUnion(
  document: JsonSchema,
): { at: Located; variants: readonly TaggedVariant[]; tag: string } | undefined {
  const defs = (document[KEY] ?? {}) as Record<string, JsonSchema>;
  const seen = new Set<string>();
  const visit = (node: JsonSchema, at: Located | undefined): ReturnType<typeof firstTaggedUnion> => {
    const tagged = taggedUnion(node, defs, KEY);
    if (tagged !== undefined) {
      if (at === undefined)
        throw new Error("codegenJsonSchemas: a tagged union without a name; give it one in names.ts");
      return { at, ...tagged };
    }
    const target = resolveRef(node.$ref, defs, KEY);
    if (target !== undefined && !seen.has(target.name)) {
      seen.add(target.name);
      const found = visit(target.schema, { kind: "def", name: target.name });
      if (found !== undefined) return found;
    }
    for (const child of childSchemas(node)) {
      if (child === document[KEY]) continue;
      const found = visit(child, undefined);
      if (found !== undefined) return found;
    }
    return undefined;
  };
  const { [KEY]: _defs, ...root } = document;
  return visit(root, { kind: "root" });
}

/** Rewrites every `$ref` to `from` into a `$ref` to `to`, keeping the sibling keywords. */
function redirect(document: JsonSchema, from: string, to: string): void {
  const stack: unknown[] = [document];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (!Array.isArray(node) && (node as JsonSchema).$ref === from) (node as JsonSchema).$ref = to;
    stack.push(...Object.values(node));
  }
}

/** Drops the definitions nothing reachable from the root refers to. */
function prune(document: JsonSchema): void {
  const defs = document[KEY] as Record<string, JsonSchema> | undefined;
  if (defs === undefined) return;
  const used = new Set<string>();
  const stack: unknown[] = [{ ...document, [KEY]: undefined }];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    const target = resolveRef((node as JsonSchema).$ref, defs, KEY);
    if (target !== undefined && !used.has(target.name)) {
      used.add(target.name);
      stack.push(target.schema);
    }
    stack.push(...Object.values(node));
  }
  for (const name of Object.keys(defs)) if (!used.has(name)) delete defs[name];
  if (Object.keys(defs).length === 0) delete document[KEY];
}

/** The document with the union at `at` replaced by one of its variants. */
function narrow(document: JsonSchema, at: Located, variant: TaggedVariant): JsonSchema {
  const out = clone(document);
  const defs = (out[KEY] ?? {}) as Record<string, JsonSchema>;
  if (at.kind === "def") {
    const union = defs[at.name] as JsonSchema;
    if (variant.ref !== undefined) {
      delete defs[at.name];
      redirect(out, `#/${KEY}/${at.name}`, variant.ref);
    } else {
      // An inline variant keeps the union's name: EventPayload stays EventPayload, with one tag.
      defs[at.name] = { title: union.title, description: union.description, ...clone(variant.schema) };
    }
    return out;
  }
  const { $schema, $id, title, description, [KEY]: _defs, oneOf: _oneOf, ...rest } = out;
  const body = clone(variant.schema);
  return { $schema, $id, title, description, ...rest, ...body, [KEY]: defs };
}

function* expand(
  document: JsonSchema,
  tags: { property: string; value: string }[],
): Generator<{ schema: JsonSchema; tags: { property: string; value: string }[] }> {
  const union = firstTaggedUnion(document);
  if (union === undefined) {
    yield { schema: document, tags };
    return;
  }
  for (const variant of union.variants) {
    yield* expand(narrow(document, union.at, variant), [...tags, { property: union.tag, value: variant.tag }]);
  }
}

function withoutRecursiveJsonValue(document: JsonSchema): JsonSchema {
  const out = clone(document);
  const defs = out[KEY] as Record<string, JsonSchema> | undefined;
  const value = defs?.[JSON_VALUE];
  if (defs !== undefined && value !== undefined) {
    defs[JSON_VALUE] = { title: value.title, description: value.description };
  }
  return out;
}

function describeVariant(type: SchemaName, tags: readonly { property: string; value: string }[]): string {
  const picked = tags.map((t) => `${t.property} ${JSON.stringify(t.value)}`).join(", ");
  return (
    `${type}${picked === "" ? "" : ` with ${picked}`}, for code generators without tagged or recursive unions ` +
    "(quicktype): one document per tagged variant, any JSON value left unconstrained. See docs/json-schema.md."
  );
}

/** The stable `$id` of a code-generation document: like `schemaId`, under `codegen`. */
export function codegenSchemaId(file: string): string {
  return `urn:llm-analytics-hub:codegen:v${SCHEMA_VERSION.split(".")[0]}:${file}`;
}

/**
 * The documents `npm run schemas` writes under `json-schema/codegen/`: every published type,
 * draft 2020-12, one document per variant of each tagged union it contains (named
 * `<Type>.<tag value>….json`, e.g. `AnalyticsEvent.telemetry.latency.json`), with any JSON value
 * left unconstrained. Each is self-contained, with its own `$id` and `$defs`.
 */
export function codegenJsonSchemas(): CodegenSchema[] {
  const out: CodegenSchema[] = [];
  for (const type of SCHEMA_NAMES) {
    const published = withoutRecursiveJsonValue(jsonSchemaOf(type, { forms: "canonical" }));
    for (const { schema, tags } of expand(published, [])) {
      const file = [type, ...tags.map((t) => t.value)].join(".");
      prune(schema);
      const { $schema, $id: _id, title, description: _d, [KEY]: defs, ...body } = schema;
      const document: JsonSchema = {
        $schema,
        $id: codegenSchemaId(file),
        title,
        description: schema.description,
        $comment: describeVariant(type, tags),
        ...body,
      };
      if (document.description === undefined) delete document.description;
      if (defs !== undefined) document[KEY] = defs;
      out.push({ file, type, tags, title: String(title), schema: document });
    }
  }
  return out;
}
