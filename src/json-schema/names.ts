import * as z from "zod";
import * as api from "../api/schema.js";
import { JsonValue } from "../core/json-value.js";
import * as correlation from "../correlation/schema.js";
import * as events from "../events/schema/index.js";
import * as metadata from "../metadata/schema/index.js";
import * as metrics from "../metrics/schema.js";
import * as sketch from "../metrics/sketch-schema.js";
import * as timeseries from "../timeseries/schema/index.js";
import { SCHEMAS } from "./registry.js";

/*
 * The names the generated JSON Schema gives its `$defs`, so that code generators name their
 * types as the hub does. Every schema a domain module exports is exported under its Rust name
 * (DESIGN.md §3), so the export name is the type's name; the few schemas the domain modules
 * build inside a factory or a tagged union are named here by where they sit.
 */

type Named = ReadonlyMap<z.ZodType, string>;

const MODULES: readonly Record<string, unknown>[] = [events, metrics, sketch, timeseries, correlation, metadata, api];

/*
 * `serde_json::Value` has no Rust name of its own but is one type to every generator. Timestamps
 * and UUIDs stay inline: they are strings with a pattern, and a field's own description sits
 * beside them (a `$ref` with a sibling `description` makes json-schema-to-typescript invent
 * `Uuid1`, `Uuid2`, … for each differently described use).
 */
const PRIMITIVES = { JsonValue } as const;

function collectExports(): Map<z.ZodType, string> {
  const names = new Map<z.ZodType, string>();
  const add = (schema: unknown, name: string) => {
    if (!(schema instanceof z.ZodType)) return;
    const known = names.get(schema);
    if (known !== undefined && known !== name) {
      throw new Error(`json-schema names: one schema is exported as both ${known} and ${name}`);
    }
    names.set(schema, name);
  };
  for (const [name, schema] of Object.entries(PRIMITIVES)) add(schema, name);
  for (const module of MODULES) {
    for (const [name, value] of Object.entries(module)) add(value, name);
  }
  return names;
}

type Def = {
  type: string;
  shape?: Record<string, z.ZodType>;
  options?: z.ZodType[];
  discriminator?: string;
};
const defOf = (schema: z.ZodType): Def => (schema as unknown as { _zod: { def: Def } })._zod.def;

/**
 * `tagUnion` builds each variant of an internally tagged enum anew, with the tag added to the
 * variant struct's fields, so the option is not the exported struct. It carries the struct's
 * field schemas unchanged: the option whose fields (less the tag) are exactly a named struct's
 * is that struct on the wire, and takes its name.
 */
function nameTaggedVariants(names: Map<z.ZodType, string>): void {
  const structs = [...names].filter(([schema]) => defOf(schema).type === "object");
  for (const [union] of [...names]) {
    const def = defOf(union);
    if (def.type !== "union" || def.discriminator === undefined || def.options === undefined) continue;
    for (const option of def.options) {
      if (names.has(option)) continue;
      const shape = defOf(option).shape;
      if (shape === undefined) continue;
      const fields = Object.keys(shape).filter((key) => key !== def.discriminator);
      const match = structs.find(([struct]) => {
        const own = defOf(struct).shape ?? {};
        const keys = Object.keys(own);
        return keys.length === fields.length && keys.every((key) => own[key] === shape[key]);
      });
      if (match !== undefined) names.set(option, match[1]);
    }
  }
}

let cache: Named | undefined;

/** Every named schema of the library, by identity, with its hub name. */
export function namedSchemas(): Named {
  if (cache === undefined) {
    const names = collectExports();
    // The published instances of the generic types, and the BatchItemResult<T> inside BatchResponse<T>.
    for (const [name, schema] of Object.entries(SCHEMAS)) if (!names.has(schema)) names.set(schema, name);
    names.set(SCHEMAS.BatchResponse.shape.results.element, "BatchItemResult");
    nameTaggedVariants(names);
    cache = names;
  }
  return cache;
}
