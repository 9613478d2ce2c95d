import {
  CostFields,
  type FieldSet,
  type FieldValue,
  GovernanceFields,
  PerformanceFields,
  SecurityFields,
  type TagSet,
} from "./schema/point.js";

export const FIELD_SET_KINDS = ["performance", "security", "cost", "governance", "generic"] as const;
/** The variant of the hub's untagged FieldSet, in the order the hub tries them. */
export type FieldSetKind = (typeof FIELD_SET_KINDS)[number];

const STRUCTURED = [
  ["performance", PerformanceFields],
  ["security", SecurityFields],
  ["cost", CostFields],
  ["governance", GovernanceFields],
] as const;

/**
 * The FieldSet variant the hub reads `fields` as: the first of Performance, Security, Cost,
 * Governance that accepts it, else Generic. So every all-numeric object is "performance"
 * (`{threat_count: 3}` included); only a value a structured set rejects moves on (a
 * fractional or negative count, a string, a null under another set's name).
 *
 * The hub also sees how a number is spelled (`2.0` is not a u64), which a JS number does not
 * carry: read JSON text with `decode` to get the hub's verdict on such documents.
 * O(number of fields).
 *
 * @throws TypeError when `fields` is not a FieldSet.
 */
export function fieldSetKindOf(fields: FieldSet): FieldSetKind {
  for (const [kind, schema] of STRUCTURED) if (schema.safeParse(fields).success) return kind;
  if (typeof fields === "object" && fields !== null && !Array.isArray(fields)) {
    const bad = Object.entries(fields).find(([, v]) => !isFieldValue(v));
    if (bad === undefined) return "generic";
    throw new TypeError(
      `fieldSetKindOf: field ${JSON.stringify(bad[0])} is ${bad[1] === null ? "null" : typeof bad[1]}, which no FieldSet variant accepts`,
    );
  }
  throw new TypeError(`fieldSetKindOf: fields must be an object, received ${fields === null ? "null" : typeof fields}`);
}

/** True for a finite number, a string or a boolean. */
export function isFieldValue(value: unknown): value is FieldValue {
  return (
    typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value))
  );
}

/**
 * The fields of a point that hold a value, as `[name, value]` pairs in key order. A `null`
 * under a named field of a structured set means "none" (as in the hub) and is skipped.
 */
export function fieldEntries(fields: FieldSet): [string, FieldValue][] {
  const out: [string, FieldValue][] = [];
  for (const [k, v] of Object.entries(fields as Record<string, unknown>)) {
    if (v === null || v === undefined) continue;
    out.push([k, v as FieldValue]);
  }
  return out;
}

/**
 * The tags of a point that hold a value, as `[key, value]` pairs in key order: the named
 * tags and the custom ones alike. An optional named tag that is `null` or missing is skipped.
 */
export function tagEntries(tags: TagSet): [string, string][] {
  const out: [string, string][] = [];
  for (const [k, v] of Object.entries(tags as Record<string, unknown>)) {
    if (typeof v === "string") out.push([k, v]);
  }
  return out;
}

/** The value of one tag, or `undefined` when the point does not carry it. */
export function tagValue(tags: TagSet, key: string): string | undefined {
  if (!Object.hasOwn(tags, key)) return undefined;
  const v = (tags as Record<string, unknown>)[key];
  return typeof v === "string" ? v : undefined;
}
