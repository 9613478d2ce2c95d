import * as z from "zod";

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
  return z.union([z.enum(units), z.strictObject({ [key]: data } as { [P in Key]: Data })], {
    error: (issue) =>
      issue.input === key
        ? `Invalid ${name}: a bare "${key}" is not accepted; write the one-key object {"${key}": …}`
        : `Invalid ${name}: expected one of ${listed} or {"${key}": …}`,
  });
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

export function enumOrder<const T extends string>(values: readonly T[]): EnumOrder<T> {
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
 */
export function tagUnion<const Tag extends string, const V extends Variants>(
  name: string,
  tag: Tag,
  variants: V,
): z.ZodDiscriminatedUnion<[Tagged<Tag, V>, ...Tagged<Tag, V>[]], Tag> {
  const names = Object.keys(variants);
  const listed = names.map((n) => JSON.stringify(n)).join(", ");
  // The tag goes first so written documents read like the hub's (serde writes the tag first).
  const options = names.map((n) => {
    const variant = variants[n] as z.ZodObject;
    const tagged = z.object({ [tag]: z.literal(n), ...variant.shape });
    // Keep a variant's catchall (flattened maps beside the tag, as serde's `flatten`).
    const catchall = variant._zod.def.catchall;
    return catchall ? tagged.catchall(catchall) : tagged;
  });
  return z.discriminatedUnion(tag, options as unknown as [Tagged<Tag, V>, ...Tagged<Tag, V>[]], {
    error: (issue) => {
      const input = issue.input as Record<string, unknown> | undefined;
      if (typeof input !== "object" || input === null || Array.isArray(input)) {
        return `Invalid ${name}: expected an object with a "${tag}" tag`;
      }
      if (!(tag in input)) return `Invalid ${name}: missing field "${tag}" (one of ${listed})`;
      return `Invalid ${name}: unknown ${tag} ${JSON.stringify(input[tag])}, expected one of ${listed}`;
    },
  });
}
