import * as z from "zod";
import { withFields } from "./lazy.js";
import {
  carriedOf,
  deferOptions,
  defOf,
  parseHook,
  runSchema,
  type Schema,
  safeParseCarrying,
} from "./zod-internals.js";

/*
 * serde's enum representations and the struct facts the hub's reader acts on but a Zod schema
 * cannot say by its shape: which tagged union is adjacent (tag and content keys) rather than
 * internal, which union is externally tagged, which objects are struct variants of an untagged
 * enum or structs with a flattened struct. The helpers below mark their schemas; `decode`'s
 * schema-directed reader (src/core/wire.ts) and the JSON Schema read the marks, so the lenient
 * forms serde reads (WIRE_FORMAT.md §1b.2: unit variants as `{"name": null}`, structs as
 * arrays) are decided in one place for every schema. A mark is kept on the schema's definition,
 * which `.meta()` and `.describe()` share.
 */

/** How serde reads a schema, where its Zod shape alone does not say. */
export type WireMark =
  /** An externally tagged enum: unit variants as strings, the data variant as `{key: data}`. */
  | { readonly kind: "external"; readonly key: string }
  /** An adjacently tagged enum (`tag = …, content = …`). */
  | { readonly kind: "adjacent"; readonly tag: string; readonly content: string }
  /** A struct variant of an untagged enum: serde gives it no array form. */
  | { readonly kind: "struct-variant" }
  /**
   * A struct with a flattened struct (AnalyticsEvent's `common`): no array form, and the named
   * fields listed are read from serde's buffered `Content`.
   */
  | { readonly kind: "flattened"; readonly buffered: ReadonlySet<string> }
  /** An untagged enum whose variants give different outputs for one input (see `untaggedUnion`). */
  | { readonly kind: "untagged" }
  /** A key this library keeps beside a struct's fields that the hub ignores (unknown to serde). */
  | { readonly kind: "extra" };

const MARKS = new WeakMap<object, WireMark>();

function mark<S extends z.ZodType>(schema: S, wire: WireMark): S {
  MARKS.set(defOf(schema), wire);
  return schema;
}

/** The wire mark of a schema, if one of the helpers here set it. */
export function wireMark(schema: Schema): WireMark | undefined {
  return MARKS.get(defOf(schema));
}

/** Marks `schema` as a struct variant of an untagged enum (no array form; MetricValues' Counter and Gauge). */
export function structVariant<S extends z.ZodObject>(schema: S): S {
  return mark(schema, { kind: "struct-variant" });
}

/**
 * Marks a field this library keeps but the hub's struct does not have (to serde an unknown key:
 * repeating it is no duplicate field, and it has no place in the array form).
 */
export function extraField<S extends z.ZodType>(schema: S): S {
  return mark(schema, { kind: "extra" });
}

/**
 * Marks a struct that flattens another struct (`#[serde(flatten)]` on a struct field): serde
 * reads it from a map only, and reads the flattened struct's fields (`buffered`) from its buffered
 * `Content`, where a unit variant may also be written `{"name": {}}`.
 */
export function flattenedStruct<S extends z.ZodObject>(schema: S, buffered: readonly string[]): S {
  return mark(schema, { kind: "flattened", buffered: new Set(buffered) });
}

/*
 * The variants `decode` chose for untagged enums whose options would give another output
 * (input object → option index), so that the Zod parse that follows takes those variants
 * (serde's choice can depend on the text: a repeated field or `12.0` fails a variant, which the
 * parsed value no longer shows). They travel in the parse's context, never in module state.
 */
interface UntaggedChoices {
  readonly untaggedChoices: WeakMap<object, number>;
}

/** `schema.safeParse(value)` taking these untagged-enum choices. */
export function safeParseWithChoices<S extends z.ZodType>(
  schema: S,
  value: unknown,
  choices: WeakMap<object, number> | undefined,
): z.ZodSafeParseResult<z.output<S>> {
  if (choices === undefined) return schema.safeParse(value);
  return safeParseCarrying(schema, value, { untaggedChoices: choices } satisfies UntaggedChoices);
}

function choiceHook<T>(): z.core.$ZodCheck<T> {
  return parseHook<T>("untagged-choice", (schema, inner) => {
    const options = defOf(schema).options ?? [];
    return (payload, ctx) => {
      const input = payload.value;
      const choices = (carriedOf(ctx) as Partial<UntaggedChoices> | undefined)?.untaggedChoices;
      const k = choices !== undefined && typeof input === "object" && input !== null ? choices.get(input) : undefined;
      const option = k === undefined ? undefined : options[k];
      if (option === undefined) return inner(payload, ctx);
      const result = runSchema(option, input, ctx);
      if (result instanceof Promise) return inner(payload, ctx);
      payload.value = result.value;
      payload.issues.push(...result.issues);
      return payload;
    };
  });
}

/**
 * serde's untagged enum: the variants tried in order, the first that reads wins. As `z.union`,
 * plus what `decode` needs when its variants' outputs differ (MetricValues' Counter keeps a
 * `delta`, its Gauge drops a `rate`): the variant `decode` chose from the text is the one the
 * parse takes.
 */
export function untaggedUnion<const O extends readonly [z.ZodType, ...z.ZodType[]]>(
  options: O,
  params?: { error?: string | ((issue: z.core.$ZodRawIssue) => string | undefined) },
): z.ZodUnion<O> {
  const union = z.union(options, params as never).check(choiceHook()) as unknown as z.ZodUnion<O>;
  return mark(union, { kind: "untagged" });
}

/**
 * serde's external tagging for an enum with unit variants and one data-carrying variant
 * (`Other(String)`, `Custom(String)`, `Percentile(u8)`, `Value(i64)`): unit variants are bare
 * strings, the data variant a one-key object such as `{"other": "jailbreak"}`. A bare
 * `"other"` is rejected, as in the hub ("expected newtype variant"), and so is any second key.
 */
export function externalEnum<
  const Units extends readonly [string, ...string[]],
  const Key extends string,
  Data extends z.ZodType,
>(name: string, units: Units, key: Key, data: Data) {
  const listed = units.map((u) => JSON.stringify(u)).join(", ");
  const union = deferOptions(
    (options) =>
      // Written out, not a local alias: the exported enums' declared types name no private type.
      z.union(
        options as unknown as readonly [
          z.ZodEnum<{ [U in Units[number]]: U }>,
          z.ZodObject<{ [P in Key]: Data }, z.core.$strict>,
        ],
        {
          error: (issue) =>
            issue.input === key
              ? `Invalid ${name}: a bare "${key}" is not accepted; write the one-key object {"${key}": …}`
              : `Invalid ${name}: expected one of ${listed} or {"${key}": …}`,
        },
      ),
    () => [z.enum(units), z.strictObject({ [key]: data } as { [P in Key]: Data })],
  );
  return mark(union, { kind: "external", key });
}

/** Order helpers for an enum whose Rust type derives `Ord` in declaration order. */
export interface EnumOrder<T extends string> {
  /** The position of `value` in declaration order (0 = lowest). */
  rank(value: T): number;
  /** Negative, zero or positive as `a` is below, equal to or above `b`. */
  compare(a: T, b: T): number;
  /** True when `value` is at least `threshold`. */
  atLeast(value: T, threshold: T): boolean;
  /** The highest of the given values. */
  max(first: T, ...rest: T[]): T;
}

export function createEnumOrder<const T extends string>(values: readonly T[]): EnumOrder<T> {
  const ranks = new Map<string, number>(values.map((v, i) => [v, i]));
  const rank = (value: T): number => {
    const r = ranks.get(value);
    if (r === undefined) {
      throw new RangeError(
        `rank: ${JSON.stringify(value)} is not one of ${values.map((v) => JSON.stringify(v)).join(", ")}`,
      );
    }
    return r;
  };
  return {
    rank,
    compare: (a, b) => rank(a) - rank(b),
    atLeast: (value, threshold) => rank(value) >= rank(threshold),
    max: (first, ...rest) => rest.reduce((m, v) => (rank(v) > rank(m) ? v : m), first),
  };
}

type Variants = Record<string, z.ZodObject>;
type Tagged<Tag extends string, V extends Variants> = {
  [K in keyof V & string]: z.ZodObject<V[K]["shape"] & { [P in Tag]: z.ZodLiteral<K> }, z.core.$strip>;
}[keyof V & string];

/**
 * serde's internal tagging (`#[serde(tag = "...")]`): the tag sits beside the variant's own
 * fields, in any position. Missing or unknown tags get an error that lists the variants.
 * With `content`, serde's adjacent tagging (`#[serde(tag = "...", content = "...")]`): each
 * variant is `z.object({ [content]: payload })`, and the reader also takes the tag written as a
 * unit variant `{"name": null}` and the pair as an array `[tag, content]` (WIRE_FORMAT.md §1b.2).
 */
export function tagUnion<const Tag extends string, const V extends Variants>(
  name: string,
  tag: Tag,
  variants: V,
  options: { readonly content?: string } = {},
): z.ZodDiscriminatedUnion<[Tagged<Tag, V>, ...Tagged<Tag, V>[]], Tag> {
  const names = Object.keys(variants);
  const listed = names.map((n) => JSON.stringify(n)).join(", ");
  // The tag goes first so written documents read like the hub's (serde writes the tag first).
  const build = () =>
    names.map((n) => {
      const variant = variants[n] as z.ZodObject;
      const tagged = z.object(withFields({ [tag]: z.literal(n) }, variant));
      // Keep a variant's catchall (flattened maps beside the tag, as serde's `flatten`).
      const catchall = variant.def.catchall;
      return catchall ? tagged.catchall(catchall) : tagged;
    });
  type Options = [Tagged<Tag, V>, ...Tagged<Tag, V>[]];
  const union = deferOptions(
    (options) =>
      z.discriminatedUnion(tag, options as unknown as Options, {
        error: (issue) => {
          const input = issue.input as Record<string, unknown> | undefined;
          if (typeof input !== "object" || input === null || Array.isArray(input)) {
            return `Invalid ${name}: expected an object with a "${tag}" tag`;
          }
          if (!(tag in input)) return `Invalid ${name}: missing field "${tag}" (one of ${listed})`;
          // A tag beyond 2^53 reaches here as a bigint from \`decode\`, which JSON.stringify refuses.
          const given = input[tag];
          const shown = typeof given === "bigint" ? String(given) : JSON.stringify(given);
          return `Invalid ${name}: unknown ${tag} ${shown}, expected one of ${listed}`;
        },
      }),
    build,
  );
  return options.content === undefined ? union : mark(union, { kind: "adjacent", tag, content: options.content });
}
