import * as z from "zod";
import { f64, u64 } from "./integers.js";
import { JsonValue } from "./json-value.js";
import { lazySchema } from "./lazy.js";
import { defOf, type Parse, parseHook, runSchema, type Schema, shapeKeysOf } from "./zod-internals.js";

/*
 * A `__proto__` key is an ordinary map key for the hub (serde_json), and `JSON.parse` and
 * `decode` keep it as an own property. Zod's records and catchalls skip it, so that it can never
 * become the prototype of their output: the entry would vanish without a word, and its value
 * would go unchecked (`{"tags": {"__proto__": 5}}` would pass although tags hold strings).
 * `keepProtoKey` gives such a key the treatment of any other entry instead: its value is
 * validated by the map's value schema and kept as an own, enumerable property, never as a
 * prototype.
 */

const PROTO = "__proto__";

/** The schema of a map's entries, when `schema` is a record or an object with a catchall. */
function entrySchema(schema: Schema): Schema | undefined {
  const def = defOf(schema);
  if (def.type === "record") return def.valueType;
  if (def.type === "object" && def.catchall && defOf(def.catchall).type !== "never") {
    return shapeKeysOf(schema).includes(PROTO) ? undefined : def.catchall;
  }
  return undefined;
}

function keepProto(schema: Schema, inner: Parse): Parse {
  const entry = entrySchema(schema);
  if (!entry) return inner;
  return (payload, ctx) => {
    const input = payload.value;
    const own =
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? Object.getOwnPropertyDescriptor(input, PROTO)
        : undefined;
    const result = inner(payload, ctx);
    if (!own?.enumerable || result instanceof Promise) return result;
    const out = result.value;
    if (typeof out !== "object" || out === null) return result;
    const read = runSchema(entry, own.value, ctx);
    if (read instanceof Promise) return result;
    for (const issue of read.issues) result.issues.push({ ...issue, path: [PROTO, ...(issue.path ?? [])] });
    Object.defineProperty(out, PROTO, { value: read.value, enumerable: true, writable: true, configurable: true });
    return result;
  };
}

/**
 * Makes a record or a catchall object keep a `__proto__` entry as an own property, validated
 * like any other entry (see above). The behaviour travels with the schema through `.meta()`,
 * `.describe()` and further checks, which copy it.
 */
export function keepProtoKey<S extends z.ZodRecord | z.ZodObject>(schema: S): S {
  return (schema as z.ZodType).check(protoKeyCheck()) as S;
}

/**
 * The check behind `keepProtoKey`, to chain where a schema is built: `.catchall(x).check(protoKeyCheck())`.
 * It validates nothing itself; attached to a record or catchall object, it keeps a `__proto__` entry.
 */
export function protoKeyCheck<T>(): z.core.$ZodCheck<T> {
  return parseHook<T>("proto-key", keepProto);
}

/** `HashMap<String, String>`. A repeated key is allowed in a map and the last value wins (rule 12). */
export const stringMap = () => keepProtoKey(z.record(z.string(), z.string()));
/** `HashMap<String, f64>`. */
export const numberMap = () => keepProtoKey(z.record(z.string(), f64()));
/** `HashMap<String, u64>`. */
export const unsignedMap = () => keepProtoKey(z.record(z.string(), u64()));
/** `HashMap<String, serde_json::Value>`. */
export const jsonMap = () => keepProtoKey(z.record(z.string(), JsonValue));

/** `HashMap<String, String>`, the most common map. */
export const StringMap = lazySchema(() => stringMap());
export type StringMap = z.infer<typeof StringMap>;
