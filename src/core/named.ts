import type * as z from "zod";

// The generic parameters are spelled with Zod's own types (no local aliases), so the API
// reference and hovers show what they are.
type ObjectOutput<S extends z.core.$ZodShape, C extends z.core.$ZodObjectConfig> = z.core.$InferObjectOutput<
  S,
  C["out"]
>;

/** The internals of a NamedObject: those of `z.ZodObject`, with the output type named. */
export interface NamedObjectInternals<
  S extends z.core.$ZodShape,
  C extends z.core.$ZodObjectConfig,
  Out extends z.core.$InferObjectOutput<S, C["out"]>,
> extends z.core.$ZodObjectInternals<S, C> {
  output: Out;
}

/**
 * A `z.ZodObject` whose output type is the interface `Out` (structurally the inferred output):
 * `z.output`, `parse` and every schema built on it (`.optional()`, `z.array(…)`, other objects)
 * show `Out` by name instead of expanding its fields.
 */
export interface NamedObject<
  S extends z.core.$ZodShape,
  C extends z.core.$ZodObjectConfig,
  Out extends z.core.$InferObjectOutput<S, C["out"]>,
> extends z.ZodObject<S, C> {
  _zod: NamedObjectInternals<S, C, Out>;
}

/**
 * Gives an object schema the named output type `Out` (types only: the schema is returned as is).
 * `Out` must be assignable to the inferred output, or the result's output is `never`; the type
 * tests (test/types/named.test-d.ts) prove each name equal to the inferred type.
 */
export function named<Out>(): <S extends z.core.$ZodShape, C extends z.core.$ZodObjectConfig>(
  schema: z.ZodObject<S, C>,
) => NamedObject<S, C, Out extends ObjectOutput<S, C> ? Out : never> {
  return (schema) => schema as never;
}

type Options = readonly z.core.SomeType[];
type UnionOutput<O extends Options> = z.core.$InferUnionOutput<O[number]>;

/** The internals of a NamedUnion: those of `z.ZodUnion`, with the output type named. */
export interface NamedUnionInternals<
  O extends readonly z.core.SomeType[],
  Out extends z.core.$InferUnionOutput<O[number]>,
> extends z.core.$ZodUnionInternals<O> {
  output: Out;
}

/** A `z.ZodUnion` whose output type is the named union `Out` (see NamedObject). */
export interface NamedUnion<O extends readonly z.core.SomeType[], Out extends z.core.$InferUnionOutput<O[number]>>
  extends z.ZodUnion<O> {
  _zod: NamedUnionInternals<O, Out>;
}

/** The internals of a NamedTaggedUnion: those of `z.ZodDiscriminatedUnion`, with the output type named. */
export interface NamedTaggedUnionInternals<
  O extends readonly z.core.SomeType[],
  Tag extends string,
  Out extends z.core.$InferUnionOutput<O[number]>,
> extends z.core.$ZodDiscriminatedUnionInternals<O, Tag> {
  output: Out;
}

/** A `z.ZodDiscriminatedUnion` whose output type is the named union `Out` (see NamedObject). */
export interface NamedTaggedUnion<
  O extends readonly z.core.SomeType[],
  Tag extends string,
  Out extends z.core.$InferUnionOutput<O[number]>,
> extends z.ZodDiscriminatedUnion<O, Tag> {
  _zod: NamedTaggedUnionInternals<O, Tag, Out>;
}

/** Gives a union schema the named output type `Out` (types only; see `named`). */
export function namedUnion<Out>(): {
  <O extends Options, Tag extends string>(
    schema: z.ZodDiscriminatedUnion<O, Tag>,
  ): NamedTaggedUnion<O, Tag, Out extends UnionOutput<O> ? Out : never>;
  <O extends Options>(schema: z.ZodUnion<O>): NamedUnion<O, Out extends UnionOutput<O> ? Out : never>;
} {
  return ((schema: unknown) => schema) as never;
}

/**
 * The output type a named schema would have without its name: what `z.output` infers from its
 * shape or options. The type tests compare each name with it.
 */
export type Inferred<S> =
  S extends NamedObject<infer Sh, infer C, infer _>
    ? ObjectOutput<Sh, C>
    : S extends NamedTaggedUnion<infer O, infer _T, infer _>
      ? UnionOutput<O>
      : S extends NamedUnion<infer O, infer _>
        ? UnionOutput<O>
        : z.output<S>;
