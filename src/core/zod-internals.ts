import * as z from "zod";
import { standIn } from "./stand-in.js";

/*
 * The one module that reaches into a Zod schema's internals (`schema._zod`), typed against the
 * declarations of `zod/v4/core`: a Zod release that changes them breaks the build here, in one
 * place, instead of `import "llm-analytics-hub"` at run time. Everything else in the library
 * reads schemas through these functions or through Zod's public API.
 *
 * What is read: a schema's definition (`def`, also public as `schema.def` on classic schemas,
 * but not on the core checks), the facts Zod derives from it (`optin`, `optout`, `values`,
 * `propValues`), and a check's definition. What is written: a schema's parse, wrapped by the
 * parse hooks below (the `__proto__` map entry and serde's untagged-enum choice), and a fast
 * path installed with Zod's own `withParser` plus the allocation-free validator `z.validate`
 * reads from the schema's bag; and a union's `options`, made an accessor that builds them on first
 * read (`deferOptions`).
 */

/** A schema as `zod/v4/core` declares it (classic and mini schemas both are). */
export type Schema = z.core.$ZodType;

type Defs = z.core.$ZodTypes["_zod"]["def"] | z.core.$ZodDiscriminatedUnionDef;
type KeysOf<T> = T extends unknown ? keyof T : never;
type FieldOf<T, K extends PropertyKey> = T extends unknown ? (K extends keyof T ? T[K] : never) : never;

/**
 * A schema's definition as Zod declares it for every kind of schema, the fields other than
 * `type` optional: read the ones the `type` says are there.
 */
export type AnyDef = { readonly type: Defs["type"] } & {
  readonly [K in Exclude<KeysOf<Defs>, "type">]?: FieldOf<Defs, K>;
};

type CheckDefs = z.core.$ZodChecks["_zod"]["def"] | z.core.$ZodCustomDef;

/** A check's definition as Zod declares it (`check` names the kind), the other fields optional. */
export type AnyCheckDef = { readonly check: CheckDefs["check"] } & {
  readonly [K in Exclude<KeysOf<CheckDefs>, "check">]?: FieldOf<CheckDefs, K>;
} & {
  /** Set on format schemas and `z.refine`/`z.check` checks (`$ZodCheckDef`'s `when`, a custom check's `fn`). */
  readonly fn?: unknown;
  readonly pattern?: RegExp;
};

/** True for a Zod schema (classic or mini), false for anything else (a shape, a plain object). */
export function isSchema(value: unknown): value is Schema {
  return typeof value === "object" && value !== null && "_zod" in value && typeof value._zod === "object";
}

/** The schema's definition. */
export function defOf(schema: Schema): AnyDef {
  return schema._zod.def as AnyDef;
}

/** `"optional"` or `"defaulted"` when the schema accepts a missing key, as Zod's objects read it. */
export function optinOf(schema: Schema): "optional" | "defaulted" | undefined {
  return schema._zod.optin;
}

/** `"optional"` when the schema's output may be missing (its key dropped when it fails while absent). */
export function optoutOf(schema: Schema): "optional" | undefined {
  return schema._zod.optout;
}

/** The literal values a schema accepts, when Zod knows them (enums, literals, their wrappers). */
export function valuesOf(schema: Schema): ReadonlySet<unknown> | undefined {
  return schema._zod.values;
}

/** For an object (or a union of objects): the literal values each key accepts, where known (tags). */
export function propValuesOf(schema: Schema): Readonly<Record<string, ReadonlySet<unknown>>> | undefined {
  return schema._zod.propValues;
}

/**
 * What Zod's `util.rawShape` gives: the shape an object's definition answers from, without
 * reading its `shape` (which builds lazy fields): until the first read, the accessor keeps the
 * caller's shape as `raw`; after it, `shape` is a plain value. Written out rather than called as
 * `z.core.util.rawShape`: reading `z.core` as a value makes bundlers keep all of Zod.
 */
function rawShapeOf(def: z.core.$ZodObjectDef): object | undefined {
  const desc = Object.getOwnPropertyDescriptor(def, "shape");
  return desc?.get ? (desc.get as { raw?: object }).raw : (desc?.value as object | undefined);
}

/**
 * The own keys of an object schema's shape, read without building its fields: a shape whose
 * fields are getters (see src/core/lazy.ts) builds them all on its first read, which the keys
 * alone do not need.
 */
export function shapeKeysOf(schema: Schema): string[] {
  const def = schema._zod.def as z.core.$ZodObjectDef;
  const raw = rawShapeOf(def);
  // Reflect.ownKeys, not Object.keys: that reads each key's descriptor, which builds the field.
  return raw === undefined ? Object.keys(def.shape) : (Reflect.ownKeys(raw) as string[]);
}

/** A check's definition. */
export function checkDefOf(check: z.core.$ZodCheck): AnyCheckDef {
  return check._zod.def as AnyCheckDef;
}

/**
 * The schema's own check (a format schema such as `z.email()` or `z.int()` is one) followed by
 * the checks added to it, in the order Zod runs them.
 */
export function checksOf(schema: Schema): z.core.$ZodCheck[] {
  const def = schema._zod.def as AnyDef & { check?: string };
  const own = def.check !== undefined ? [schema as unknown as z.core.$ZodCheck] : [];
  return [...own, ...(def.checks ?? [])];
}

/** The function a check runs on Zod's parse payload (for a `z.check(ctx => …)`, that function). */
export function checkFnOf(check: z.core.$ZodCheck): (payload: z.core.ParsePayload) => unknown {
  return (check as z.core.$ZodCheck<unknown>)._zod.check as (payload: z.core.ParsePayload) => unknown;
}

// ---------------------------------------------------------------------------------------------
// Parse hooks.

/** A schema's parse step, as Zod's internals declare it. */
export type Parse = (
  payload: z.core.ParsePayload,
  ctx: z.core.ParseContextInternal,
) => z.core.util.MaybeAsync<z.core.ParsePayload>;

/** Runs `schema` on `value` inside another schema's parse (the same context, a fresh payload). */
export function runSchema(
  schema: Schema,
  value: unknown,
  ctx: z.core.ParseContextInternal,
): z.core.util.MaybeAsync<z.core.ParsePayload> {
  return schema._zod.run({ value, issues: [] }, ctx);
}

/** What a parse hook is for: the generator of the fast path asks (see `parseHookOf`). */
export type ParseHookKind = "proto-key" | "untagged-choice";

const HOOKS = new WeakMap<object, ParseHookKind>();

/**
 * A check that validates nothing itself and, attached to a schema, replaces the schema's parse
 * with `wrap(schema, parse)` — on every schema built from that definition (`.meta()`,
 * `.describe()` and further checks copy the check, and Zod runs its `onattach` for each), once
 * the schema is complete.
 */
export function parseHook<T>(kind: ParseHookKind, wrap: (schema: Schema, parse: Parse) => Parse): z.core.$ZodCheck<T> {
  const hook = z.check<T>(() => {});
  hook._zod.onattach.push((inst) => {
    const internals = inst._zod;
    internals.deferred ??= [];
    internals.deferred.push(() => {
      internals.parse = wrap(inst, internals.parse);
    });
  });
  HOOKS.set(hook, kind);
  return hook;
}

/*
 * Values a parse carries to its hooks: Zod hands the context given to `safeParse` to every
 * schema it runs (copying it, unknown keys included, where it changes a flag), so a hook reads
 * what its caller passed without any module state. The key is this library's own.
 */
const CARRIED = "llmAnalyticsHub.carried";

/** `schema.safeParse(value)` with `carried` readable by every parse hook (`carriedOf`). */
export function safeParseCarrying<S extends z.ZodType>(
  schema: S,
  value: unknown,
  carried: object,
): z.ZodSafeParseResult<z.output<S>> {
  return schema.safeParse(value, { [CARRIED]: carried } as z.core.ParseContext<z.core.$ZodIssue>);
}

/** What the running parse carries (`safeParseCarrying`), or undefined. */
export function carriedOf(ctx: z.core.ParseContextInternal): object | undefined {
  return (ctx as { readonly [CARRIED]?: object })[CARRIED];
}

/** The kind of the parse hook `check` is, or undefined for any other check. */
export function parseHookOf(check: z.core.$ZodCheck): ParseHookKind | undefined {
  return HOOKS.get(check);
}

// ---------------------------------------------------------------------------------------------
// Fast paths.

/** Zod's sentinel for "the fast path rejects": `z.withParser` then runs the interpreter for the issues. */
export const INVALID: typeof z.INVALID = z.INVALID;

/**
 * `schema` with a generated fast path installed: `parse` (Zod's exact output, or INVALID) through
 * Zod's `withParser`, and `validate` as the validator `z.validate` reads. `validate`'s false is
 * definite (Zod then skips its interpreter): it must be exactly `safeParse(input).success`.
 *
 * `withParser` first walks the whole schema for reference cycles, which builds every lazily
 * built field of it (src/core/lazy.ts); done at import, that would undo the laziness for the
 * schemas that have a fast path exported as a value (`FastAnalyticsEvent`). So the schema
 * returned is a clone whose first parse installs `withParser`'s: until then `z.validate` already
 * reads the validator, and `parse`, `safeParse` and `_zod.run` call through to `withParser`'s
 * clone, built then (same results, same issues: both run the original schema's interpreter on
 * a value the fast path rejects).
 */
export function withFastPath<S extends z.ZodType>(
  schema: S,
  parse: (input: unknown) => unknown,
  validate: (input: unknown) => boolean,
): S {
  const validator = Object.assign((input: unknown) => (validate(input) ? true : INVALID), { definite: true });
  let installed: S | undefined;
  const fast = (): S => {
    if (installed === undefined) {
      installed = z.withParser(schema, parse as (input: unknown) => z.output<S> | typeof z.INVALID);
      installed._zod.bag.validator = validator;
    }
    return installed;
  };
  return lazySchema(
    () => schema.clone() as S,
    (clone) => {
      clone._zod.bag.validator = validator;
      clone._zod.bag.fallbackRun = schema._zod.run;
      clone._zod.run = (payload, ctx) => {
        const run = fast()._zod.run;
        clone._zod.run = run;
        return run(payload, ctx);
      };
      Object.assign(clone, {
        parse: (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => fast().parse(data, params),
        safeParse: (data: unknown, params?: z.core.ParseContext<z.core.$ZodIssue>) => fast().safeParse(data, params),
      });
    },
  );
}

/*
 * A union's options built on first use (issue 18). Zod reads a union's options when it is built
 * only to learn whether there is exactly one (`z.union`) and to check that each option of a
 * discriminated union has the tag; every other reader (parse, the discriminator map, `optin`,
 * `values`, JSON Schema, `.options`, `decode`'s reader) reads `def.options` later. So the union
 * is built over no options, and its definition's `options` (and the public `.options`) then
 * become an accessor that builds them on the first read and puts them in its place as a plain
 * value: the same schema, with the same options, from the first parse on. `.meta()` and the
 * other copies take the accessor with the definition and read it when they are built.
 */

/** An accessor standing for `key`, which `build()` gives on the first read and which then stays in its place. */
function settleOnRead(target: object, key: string, build: () => unknown): void {
  Object.defineProperty(target, key, {
    get(this: object) {
      const value = build();
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
      return value;
    },
    set(this: object, value: unknown) {
      Object.defineProperty(this, key, { value, writable: true, enumerable: true, configurable: true });
    },
    enumerable: true,
    configurable: true,
  });
}

/**
 * `make(options)` for a union built by `make` over the options `build()` gives, those built on
 * first use. `build` runs once; the options must be what `make` would check (each with the tag,
 * for a discriminated union), which the callers here guarantee by construction.
 */
export function deferOptions<U extends z.ZodUnion>(
  make: (options: never[]) => U,
  build: () => readonly z.ZodType[],
): U {
  const union = make([]);
  let built: readonly z.ZodType[] | undefined;
  const options = () => {
    built ??= build();
    return built;
  };
  settleOnRead(union._zod.def, "options", options);
  settleOnRead(union, "options", options);
  return union;
}

// ---------------------------------------------------------------------------------------------
// Whole schemas built on first use.

/**
 * Makes `target` (given `built`'s prototype) the schema `built` is, as Zod's `clone()` makes a
 * copy: Zod's constructor run on `target` with `built`'s definition (so the internals' closures,
 * which hold the instance they were built for, hold `target`), then its deferred steps; `built`'s
 * parent link and registered metadata (`.meta()`, `.describe()`) move to `target`.
 */
function cloneInto(built: Schema, target: Schema): void {
  const internals = built._zod;
  (internals.constr as unknown as { init(inst: Schema, def: unknown): void }).init(target, internals.def);
  const own = target._zod;
  if (internals.parent !== undefined) own.parent = internals.parent;
  own.deferred ??= [];
  for (const step of own.deferred) step();
  const meta = z.globalRegistry._map.get(built);
  if (meta !== undefined) {
    z.globalRegistry.remove(built);
    z.globalRegistry.add(target, meta);
  }
}

/**
 * The schema `build()` gives, built on its first use rather than now (issue 18):
 * `export const Foo = lazySchema(() => z.object(…).meta(…))`. The value is an object that becomes
 * that schema the first time anything reads it (src/core/stand-in.ts): the same class, definition,
 * parses, issues, JSON Schema and metadata; until then nothing is built. Zod 4.6's schema methods
 * live on the prototype and read `this`, so `Foo.optional()`, `instanceof` and identity-keyed
 * lookups see `Foo` itself. `finish`, if given, runs on the schema once it is built (what a helper
 * installs on an instance, as `withFastPath` does). `z.globalRegistry.has(Foo)` is false until
 * `Foo` is first read (`.meta()` and `z.globalRegistry.get` read it first).
 */
export function lazySchema<S extends object>(build: () => S, finish?: (schema: S) => void): S {
  return standIn(build, (built, target) => {
    cloneInto(built as unknown as Schema, target as unknown as Schema);
    finish?.(target);
  });
}
