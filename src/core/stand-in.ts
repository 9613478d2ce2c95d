/*
 * An object that becomes another on first use (issue 18, round eleven; see `lazySchema` in
 * src/core/zod-internals.ts). A value that must keep its identity from import on — an exported
 * schema that `instanceof`, `.optional()`, identity-keyed lookups and the metadata registry all
 * see — cannot be a Proxy of something built later. The stand-in is an ordinary empty object
 * whose prototype is a Proxy: the first property read, `in` test, assignment or prototype walk
 * that reaches the prototype builds the value and lets `settle` make the stand-in that value
 * (its prototype and own state). From then on the stand-in is an ordinary object and the Proxy
 * is out of its prototype chain.
 */

interface Pending {
  /** The builder until the value is built; null while it is being built; undefined after. */
  build: (() => object) | null | undefined;
  readonly settle: (built: object, standIn: object) => void;
  readonly standIn: object;
}

/** Makes `pending.standIn` the value `build` gives (once), and gives the stand-in. */
function become(pending: Pending): object {
  const { build, standIn } = pending;
  if (build === undefined) return standIn;
  if (build === null) throw new Error("lazySchema: the schema was read while it was being built");
  pending.build = null;
  try {
    const built = build();
    Object.setPrototypeOf(standIn, Object.getPrototypeOf(built) as object | null);
    pending.settle(built, standIn);
  } catch (error) {
    pending.build = build;
    throw error;
  }
  pending.build = undefined;
  return standIn;
}

/** The stand-in's prototype chain past the Proxy: the built value's prototype's. */
const protoOf = (pending: Pending): object => Reflect.getPrototypeOf(become(pending)) ?? Object.prototype;

const BECOME: ProxyHandler<Pending> = {
  get: (pending, key, receiver) => Reflect.get(become(pending), key, receiver),
  set: (pending, key, value, receiver) => Reflect.set(become(pending), key, value, receiver),
  has: (pending, key) => Reflect.has(become(pending), key),
  getPrototypeOf: protoOf,
  ownKeys: (pending) => Reflect.ownKeys(protoOf(pending)),
  getOwnPropertyDescriptor: (pending, key) => Reflect.getOwnPropertyDescriptor(protoOf(pending), key),
};

/**
 * An object that, on first use, becomes what `build()` gives: `settle(built, standIn)` gives the
 * stand-in (already given `built`'s prototype) the built value's state. `build` must not use the
 * stand-in (a cycle, reported as an error).
 */
export function standIn<T extends object>(build: () => T, settle: (built: T, standIn: T) => void): T {
  const pending: Pending = { build, settle: settle as Pending["settle"], standIn: {} };
  Object.setPrototypeOf(pending.standIn, new Proxy(pending, BECOME));
  return pending.standIn as T;
}
