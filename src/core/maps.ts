import * as z from "zod";
import { f64, u64 } from "./integers.js";
import { JsonValue } from "./json-value.js";

/*
 * A `__proto__` key is an ordinary map key for the hub (serde_json), and `JSON.parse` and
 * `decode` keep it as an own property. Zod's records and catchalls skip it, so that it can never
 * become the prototype of their output: the entry would vanish without a word, and its value
 * would go unchecked (`{"tags": {"__proto__": 5}}` would pass although tags hold strings).
 * `keepProtoKey` gives such a key the treatment of any other entry instead: its value is
 * validated by the map's value schema and kept as an own, enumerable property, never as a
 * prototype.
 */

interface Payload {
  value: unknown;
  issues: z.core.$ZodRawIssue[];
}
type Parse = (payload: Payload, ctx: z.core.ParseContext<z.core.$ZodIssue>) => Payload | Promise<Payload>;
interface Internals {
  def: { type: string; valueType?: z.ZodType; catchall?: z.ZodType; shape?: Record<string, unknown> };
  parse: Parse;
  deferred?: (() => void)[];
}

const PROTO = "__proto__";

function entrySchema(internals: Internals): z.ZodType | undefined {
  const def = internals.def;
  if (def.type === "record") return def.valueType;
  if (def.type === "object" && def.catchall && def.catchall._zod.def.type !== "never") {
    return def.shape && Object.hasOwn(def.shape, PROTO) ? undefined : def.catchall;
  }
  return undefined;
}

function install(internals: Internals): void {
  const entry = entrySchema(internals);
  if (!entry) return;
  const inner = internals.parse;
  internals.parse = (payload, ctx) => {
    const input = payload.value;
    const own =
      typeof input === "object" && input !== null && !Array.isArray(input)
        ? Object.getOwnPropertyDescriptor(input, PROTO)
        : undefined;
    const result = inner(payload, ctx);
    if (!own?.enumerable || result instanceof Promise) return result;
    const out = result.value;
    if (typeof out !== "object" || out === null) return result;
    const read = (entry as unknown as { _zod: { run: Parse } })._zod.run({ value: own.value, issues: [] }, ctx);
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
  const hook = z.check(() => {});
  // Runs for every schema built from this definition (`.meta()` clones too), once it is complete.
  hook._zod.onattach.push((inst) => {
    const internals = inst._zod as unknown as Internals;
    internals.deferred ??= [];
    internals.deferred.push(() => install(internals));
  });
  return hook as unknown as z.core.$ZodCheck<T>;
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
export const StringMap = stringMap();
export type StringMap = z.infer<typeof StringMap>;
