import type * as z from "zod";
import { type Schema, shapeKeysOf } from "./zod-internals.js";

/*
 * Schemas built on first use rather than at import (issue 18). Importing the library used to
 * build every field schema of every domain: hundreds of objects, a `.meta()` copy per described
 * field, the tagged unions' rebuilt variants. A field written as a getter (Zod 4's form for
 * recursive shapes) is built when its object's shape is first read — on the first parse, JSON
 * Schema, `.shape` — and Zod then keeps the built shape, so every later read sees the same
 * field schemas.
 *
 * Zod's cycle detector (`z.withParser`, and the first parses of each object) cannot see through
 * a getter and so counts one as a possible cycle, which would make `withParser` refuse the
 * schema and keep the reference-cycle bookkeeping on every parse of it. `lazyFields` therefore
 * wraps the shape so that reading a field's property descriptor (what that detector and Zod's
 * discriminated unions read) builds that field and answers with its value, as a plain shape
 * would: the getters stay invisible to Zod, which sees a complete shape the moment it looks.
 */

/** Replaces the getter `key` of `target` by the value it returns (built once), and gives that descriptor. */
function settle(target: z.core.$ZodLooseShape, key: string | symbol): PropertyDescriptor | undefined {
  const desc = Reflect.getOwnPropertyDescriptor(target, key);
  if (desc?.get === undefined) return desc;
  const settled = {
    value: desc.get.call(target) as unknown,
    writable: true,
    enumerable: desc.enumerable ?? true,
    configurable: true,
  };
  Reflect.defineProperty(target, key, settled);
  return settled;
}

const SETTLE: ProxyHandler<z.core.$ZodLooseShape> = {
  getOwnPropertyDescriptor: settle,
  get: (target, key, receiver) => {
    settle(target, key);
    return Reflect.get(target, key, receiver);
  },
};

/**
 * An object shape whose getter fields are built on first read, once each:
 * `z.object(lazyFields({ get name() { return z.string().meta({ … }); } }))`. The schema is the
 * same as with plain fields (same parse, JSON Schema, types); only the time of building differs.
 */
export function lazyFields<const S extends z.core.$ZodLooseShape>(shape: S): S {
  return new Proxy(shape, SETTLE) as S;
}

/**
 * A shape holding `head`'s entries followed by every field of `schema`, those read from
 * `schema.shape` on first use: `z.object(withFields({ tag }, variant))` is
 * `z.object({ tag, ...variant.shape })` without building the variant's fields now.
 */
export function withFields<H extends z.core.$ZodLooseShape, S extends z.ZodObject>(head: H, schema: S): H & S["shape"] {
  const shape: z.core.$ZodLooseShape = { ...head };
  for (const key of shapeKeysOf(schema as unknown as Schema)) {
    if (Object.hasOwn(head, key)) continue;
    Object.defineProperty(shape, key, {
      get: () => schema.shape[key],
      enumerable: true,
      configurable: true,
    });
  }
  return lazyFields(shape) as H & S["shape"];
}

/**
 * `schema.extend(extra)` without building `schema`'s fields now (Zod's `.extend` reads each
 * field's property descriptor, which builds a lazy field): the same schema, its own fields read
 * from `schema.shape` on first use, then `extra`'s (a key of both keeps its place and takes
 * `extra`'s schema). Like `.extend`, it keeps `schema`'s catchall, checks and other settings.
 */
export function extendLazily<S extends z.ZodObject, const E extends z.core.$ZodLooseShape>(
  schema: S,
  extra: E,
): z.ZodObject<z.core.util.Extend<S["shape"], E>, S["_zod"]["config"]> {
  const shape: z.core.$ZodLooseShape = {};
  for (const key of shapeKeysOf(schema as unknown as Schema)) {
    Object.defineProperty(shape, key, { get: () => schema.shape[key], enumerable: true, configurable: true });
  }
  for (const key of Reflect.ownKeys(extra)) {
    Object.defineProperty(shape, key, Reflect.getOwnPropertyDescriptor(extra, key) as PropertyDescriptor);
  }
  // Zod's util.mergeDefs, written out (see rawShapeOf): the definition's properties as they are, then the new shape.
  const def = Object.defineProperties({}, Object.getOwnPropertyDescriptors(schema._zod.def));
  Object.defineProperty(def, "shape", {
    value: lazyFields(shape),
    enumerable: true,
    writable: true,
    configurable: true,
  });
  return schema.clone(def as never) as never;
}

export { lazySchema } from "./zod-internals.js";
