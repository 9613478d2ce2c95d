import * as z from "zod";
import { type AnyDef, defOf, isSchema, propValuesOf, type Schema } from "../core/zod-internals.js";
import { CHECK_CODES } from "./codes.js";
import type { CheckIssue, CheckPath } from "./issue.js";
import { isNode, own } from "./read.js";
import type { Report, Rule } from "./rule.js";

/*
 * The walk behind `check`: the value is visited alongside the Zod schema that parsed it, and
 * every object schema whose shape carries a rule's fields runs that rule on the value there.
 * Subtrees of the schema where no rule can match are skipped, so a large JSON payload or a
 * long list of rule-free items costs nothing. Recursion follows the schema, never the data:
 * its depth is bounded by the schema's nesting (a `z.lazy` cycle stops at MAX_WALK_DEPTH), so
 * deep JSON cannot overflow the stack, and a value of the wrong shape is skipped, not thrown on.
 */

/** Depth at which the walk stops descending (only a recursive `z.lazy` schema can get there). */
export const MAX_WALK_DEPTH = 256;

type Def = AnyDef;

interface Plan {
  /** Rules that run on an object of this schema. */
  readonly matched: WeakMap<Schema, readonly Rule[]>;
  /** Whether any rule can match in the schema's subtree. */
  readonly relevant: WeakMap<Schema, boolean>;
}

// Memo per rule list; it never changes what a walk reports.
const plans = new WeakMap<readonly Rule[], Plan>();

function planFor(rules: readonly Rule[]): Plan {
  let plan = plans.get(rules);
  if (!plan) {
    plan = { matched: new WeakMap(), relevant: new WeakMap() };
    plans.set(rules, plan);
  }
  return plan;
}

function matchedRules(rules: readonly Rule[], schema: Schema): readonly Rule[] {
  const plan = planFor(rules);
  let found = plan.matched.get(schema);
  if (found) return found;
  const shape = defOf(schema).type === "object" ? defOf(schema).shape : undefined;
  found = shape
    ? distinct(
        rules.filter((r) =>
          Object.entries(r.fields).every(
            ([k, s]) => Object.hasOwn(shape, k) && (shape[k] as unknown) === (s as unknown),
          ),
        ),
      )
    : [];
  plan.matched.set(schema, found);
  return found;
}

/** The rules less those of an earlier one's name on the very same field schemas (the same rule twice). */
function distinct(rules: readonly Rule[]): readonly Rule[] {
  return rules.filter((r, i) => !rules.slice(0, i).some((e) => e.name === r.name && sameFields(e.fields, r.fields)));
}

function sameFields(a: Rule["fields"], b: Rule["fields"]): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && a[k] === b[k]);
}

function children(def: Def): Schema[] {
  const out: (Schema | null | undefined)[] = [];
  switch (def.type) {
    case "object":
      out.push(...Object.values(def.shape ?? {}), def.catchall);
      break;
    case "record":
      out.push(def.valueType);
      break;
    case "array":
      out.push(def.element);
      break;
    case "tuple":
      out.push(...(def.items ?? []), def.rest);
      break;
    case "union":
      out.push(...(def.options ?? []));
      break;
    case "intersection":
      out.push(def.left, def.right);
      break;
    case "pipe":
      out.push(def.in, def.out);
      break;
    case "lazy":
      out.push(def.getter?.());
      break;
    default:
      out.push(def.innerType);
  }
  return out.filter((s): s is Schema => isSchema(s));
}

function isRelevant(rules: readonly Rule[], schema: Schema): boolean {
  const plan = planFor(rules);
  const known = plan.relevant.get(schema);
  if (known !== undefined) return known;
  // Provisional answer while the subtree is explored, so a lazy cycle terminates.
  plan.relevant.set(schema, true);
  let result = matchedRules(rules, schema).length > 0;
  // Recursive over the schema graph, whose depth is the schema's nesting; each schema is settled once.
  if (!result) result = children(defOf(schema)).some((c) => isRelevant(rules, c));
  plan.relevant.set(schema, result);
  return result;
}

/** What every step of one walk shares: the rules and the issues found so far. */
interface Walk {
  readonly rules: readonly Rule[];
  readonly out: CheckIssue[];
}

/** Runs `rules` over `value` as read by `schema`. O(size of the rule-relevant part of the value). */
export function runRules(rules: readonly Rule[], schema: z.ZodType, value: unknown): CheckIssue[] {
  const walk: Walk = { rules, out: [] };
  visit(walk, schema, value, []);
  return walk.out;
}

function visit(walk: Walk, schema: Schema, value: unknown, path: CheckPath): void {
  if (path.length > MAX_WALK_DEPTH || value === undefined || !isRelevant(walk.rules, schema)) return;
  const def = defOf(schema);
  switch (def.type) {
    case "object":
      if (isNode(value)) visitObject(walk, schema, value, path);
      return;
    case "record":
      if (isNode(value) && def.valueType) {
        for (const k of Object.keys(value)) visit(walk, def.valueType, own(value, k), [...path, k]);
      }
      return;
    case "array":
      if (Array.isArray(value) && def.element) {
        for (let i = 0; i < value.length; i++) visit(walk, def.element, value[i], [...path, i]);
      }
      return;
    case "tuple":
      if (Array.isArray(value)) {
        for (let i = 0; i < value.length; i++) {
          const item = def.items?.[i] ?? def.rest;
          if (item) visit(walk, item, value[i], [...path, i]);
        }
      }
      return;
    case "union":
      visitUnion(walk, def, value, path);
      return;
    case "intersection":
      if (def.left) visit(walk, def.left, value, path);
      if (def.right) visit(walk, def.right, value, path);
      return;
    case "pipe": {
      // The value is the pipe's output: a transform's output is read with the input schema
      // (transforms here keep the shape), anything else with the output schema.
      const next = def.out && defOf(def.out).type !== "transform" ? def.out : def.in;
      if (next) visit(walk, next, value, path);
      return;
    }
    case "lazy":
      if (def.getter) visit(walk, def.getter(), value, path);
      return;
    default:
      if (def.innerType && value !== null) visit(walk, def.innerType, value, path);
  }
}

/** Runs the object schema's own rules on the value, then visits its fields (and catch-all keys). */
function visitObject(walk: Walk, schema: Schema, value: Readonly<Record<string, unknown>>, path: CheckPath): void {
  const { rules, out } = walk;
  for (const r of matchedRules(rules, schema)) {
    const report: Report = (code, rel, message) =>
      out.push({ code, severity: CHECK_CODES[code].severity, path: [...path, ...rel], message });
    r.run(value, report);
  }
  const def = defOf(schema);
  const shape = def.shape ?? {};
  for (const k of Object.keys(shape)) {
    const field = shape[k];
    if (field && Object.hasOwn(value, k)) visit(walk, field, value[k], [...path, k]);
  }
  const catchall = def.catchall;
  if (catchall && defOf(catchall).type !== "never" && isRelevant(rules, catchall)) {
    for (const k of Object.keys(value)) {
      if (!Object.hasOwn(shape, k)) visit(walk, catchall, value[k], [...path, k]);
    }
  }
}

function visitUnion(walk: Walk, def: Def, value: unknown, path: CheckPath): void {
  const options = def.options ?? [];
  if (def.discriminator !== undefined) {
    if (!isNode(value)) return;
    const tag = own(value, def.discriminator);
    const option = options.find((o) => propValuesOf(o)?.[def.discriminator as string]?.has(tag));
    if (option) visit(walk, option, value, path);
    return;
  }
  // Untagged: the first option that reads the value wins (serde's order).
  const option = options.find((o) => z.safeParse(o, value).success);
  if (option) visit(walk, option, value, path);
}
