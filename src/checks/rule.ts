import type * as z from "zod";
import { defOf, isSchema } from "../core/zod-internals.js";
import type { CheckCode } from "./codes.js";
import type { CheckPath } from "./issue.js";
import { type Node, num, show } from "./read.js";

/** Reports one finding; `path` is relative to the object the rule runs on. */
export type Report = (code: CheckCode, path: CheckPath, message: string) => void;

/**
 * A semantic rule for one kind of object. It applies wherever the walk meets an object schema
 * whose shape holds every entry of `fields` (the very same schema instances), so it follows the
 * type into tagged unions (which copy the variant's fields), `.extend()`ed objects and generic
 * factories (`ApiResponse(item)` builds a new object around the shared `ResponseStatus`).
 */
export interface Rule {
  readonly name: string;
  readonly fields: Readonly<Record<string, z.ZodType>>;
  readonly run: (node: Node, report: Report) => void;
}

type Shape = Readonly<Record<string, z.ZodType>>;

/**
 * A rule for every object carrying the fields of `on` (an object schema, a field signature, or a
 * function giving one). Nothing of `on` is read here: the exported schemas are built on first use
 * (src/core/lazy.ts), so its fields are read when a check first runs.
 */
export function defineRule(
  name: string,
  on: z.ZodObject | Shape | (() => Shape),
  run: (node: Node, report: Report) => void,
): Rule {
  return {
    name,
    get fields() {
      return fieldsOf(name, on);
    },
    run,
  };
}

function fieldsOf(name: string, on: z.ZodObject | Shape | (() => Shape)): Shape {
  const fields = typeof on === "function" ? on() : isZodObject(on) ? (on.shape as Shape) : on;
  // Reflect.ownKeys: Object.keys would read (and so build) every field of a lazy shape.
  if (Reflect.ownKeys(fields).length === 0) throw new RangeError(`rule: ${name} needs at least one field to match on`);
  return fields;
}

function isZodObject(value: z.ZodObject | Shape): value is z.ZodObject {
  return isSchema(value) && defOf(value).type === "object";
}

/** The documented range of a plain number field. */
export type Bound = "score" | "percent" | "cvss" | "nonnegative";

const BOUNDS: Record<Bound, { code: CheckCode; min: number; max: number; what: string }> = {
  score: { code: "score_out_of_range", min: 0, max: 1, what: "a score in [0, 1]" },
  percent: { code: "percent_out_of_range", min: 0, max: 100, what: "a percentage in [0, 100]" },
  cvss: { code: "cvss_out_of_range", min: 0, max: 10, what: "a CVSS score in [0, 10]" },
  nonnegative: { code: "negative_value", min: 0, max: Number.POSITIVE_INFINITY, what: "not negative" },
};

/** Checks `key` of `node` against its documented range. */
export function reportBound(node: Node, key: string, bound: Bound, report: Report): void {
  const v = num(node, key);
  if (v === undefined) return;
  const b = BOUNDS[bound];
  if (v < b.min || v > b.max) report(b.code, [key], `${key} is ${show(v)}; it must be ${b.what}`);
}

/** A rule that checks the documented ranges of several number fields of one object. */
export function defineBoundsRule(name: string, on: z.ZodObject, bounds: Readonly<Record<string, Bound>>): Rule {
  const entries = Object.entries(bounds);
  return defineRule(name, on, (node, report) => {
    for (const [key, bound] of entries) reportBound(node, key, bound, report);
  });
}
