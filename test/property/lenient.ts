import fc from "fast-check";
import type * as z from "zod";
import { AnalyticsEvent, EventPayload } from "../../src/events/index.js";
import { CounterValues, GaugeValues } from "../../src/metrics/schema.js";

/*
 * serde's lenient input forms (WIRE_FORMAT.md §1b.2), written into a document the schema
 * accepts, following the spec rather than src/core/wire.ts:
 *
 * - a unit variant as `{"name": null}`, everywhere (and `{"name": {}}` inside serde's buffered
 *   content: internally tagged and untagged content, and the flattened common fields of an
 *   event, when `empty` is on);
 * - a struct as the array of its fields in declaration order, Options written as null, trailing
 *   defaulted fields left off or not; not for structs with a flattened field (AnalyticsEvent,
 *   TagSet, the FieldSet structs, ResponseMetadata, the api DataPoint: Zod catchalls) nor for
 *   MetricValues' Counter and Gauge; an internally tagged variant as `[tag, fields…]`;
 * - EventPayload's adjacent tag as `{"name": null}`, the pair as `[payload_type, data]`.
 */

interface Def {
  type: string;
  shape?: Record<string, Node>;
  catchall?: Node;
  valueType?: Node;
  element?: Node;
  options?: Node[];
  discriminator?: string;
  innerType?: Node;
  in?: Node;
  values?: unknown[];
}
interface Node {
  _zod: { def: Def; values?: Set<unknown>; optin?: string; propValues?: Record<string, Set<unknown>> };
  safeParse(value: unknown): { success: boolean };
}

const nodeOf = (s: z.ZodType) => s as unknown as Node;
/** The event's object: its common fields are flattened (buffered), its payload is not. */
const EVENT_OBJECT = nodeOf(AnalyticsEvent)._zod.def.in as Node;
const MAP_ONLY = new Set<unknown>([EVENT_OBJECT, CounterValues, GaugeValues]);
const ADJACENT = nodeOf(EventPayload);

/** Random choices, taken in order from a list fast-check made (so the rendering is reproducible). */
class Choices {
  private i = 0;
  constructor(private readonly bits: readonly number[]) {}
  next(n: number): number {
    const b = this.bits[this.i++ % this.bits.length] ?? 0;
    return b % n;
  }
}

export interface LenientOptions {
  /** Also write `{"name": {}}` for unit variants in buffered content (JSON Schema cannot say it). */
  readonly empty?: boolean;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function unit(name: string, c: Choices, buffered: boolean, options: LenientOptions): unknown {
  const pick = c.next(4);
  if (pick === 0) return { [name]: null };
  if (pick === 1 && buffered && options.empty) return { [name]: {} };
  return name;
}

function render(node: Node, value: unknown, c: Choices, buffered: boolean, options: LenientOptions): unknown {
  const def = node._zod.def;
  switch (def.type) {
    case "optional":
    case "nullable":
    case "default":
    case "prefault":
      return value === undefined || value === null ? value : render(def.innerType as Node, value, c, buffered, options);
    case "pipe":
      return render(def.in as Node, value, c, buffered, options);
    case "enum":
      return typeof value === "string" ? unit(value, c, buffered, options) : value;
    case "array":
      return Array.isArray(value) ? value.map((v) => render(def.element as Node, v, c, buffered, options)) : value;
    case "record":
      return isObject(value) ? mapValues(value, (v) => render(def.valueType as Node, v, c, buffered, options)) : value;
    case "object":
      return renderObject(node, value, c, buffered, options, undefined);
    case "union": {
      if (def.discriminator !== undefined) return renderTagged(node, value, c, buffered, options);
      const options_ = def.options ?? [];
      // externalEnum: a z.enum and a one-key object; a string is a unit variant.
      if (options_.length === 2 && options_[0]?._zod.def.type === "enum" && options_[1]?._zod.def.type === "object") {
        if (typeof value === "string") return unit(value, c, buffered, options);
        return value;
      }
      // Untagged: the variant the value is (serde tries them in order), its content buffered.
      const option = options_.find((o) => o.safeParse(value).success);
      return option ? render(option, value, c, true, options) : value;
    }
    default:
      return value;
  }
}

function mapValues(value: Record<string, unknown>, f: (v: unknown) => unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) {
    Object.defineProperty(out, k, { value: f(value[k]), enumerable: true, writable: true, configurable: true });
  }
  return out;
}

function renderObject(
  node: Node,
  value: unknown,
  c: Choices,
  buffered: boolean,
  options: LenientOptions,
  tag: { key: string; name: string } | undefined,
): unknown {
  if (!isObject(value)) return value;
  const def = node._zod.def;
  const shape = def.shape ?? {};
  const commonFields = node === EVENT_OBJECT;
  const fields = mapValues(value, (v) => v);
  for (const k of Object.keys(shape)) {
    if (!Object.hasOwn(value, k) || (tag && k === tag.key)) continue;
    fields[k] = render(shape[k] as Node, value[k], c, buffered || (commonFields && k !== "payload"), options);
  }
  const arrayForm = def.catchall === undefined && !MAP_ONLY.has(node) && c.next(3) === 0;
  if (!arrayForm) return fields;
  const keys = Object.keys(shape);
  const out: unknown[] = [];
  let last = keys.length;
  // Trailing defaulted fields that are absent may be left off; an absent Option is written null.
  while (
    last > 0 &&
    (shape[keys[last - 1] as string] as Node)._zod.optin === "defaulted" &&
    !Object.hasOwn(value, keys[last - 1] as string)
  )
    last--;
  for (let i = 0; i < last; i++) {
    const k = keys[i] as string;
    if (Object.hasOwn(fields, k) && fields[k] !== undefined) out.push(fields[k]);
    else if ((shape[k] as Node)._zod.optin === "defaulted")
      return fields; // a default in the middle: keep the object
    else out.push(null);
  }
  return out;
}

function renderTagged(node: Node, value: unknown, c: Choices, buffered: boolean, options: LenientOptions): unknown {
  if (!isObject(value)) return value;
  const def = node._zod.def;
  const key = def.discriminator as string;
  const name = value[key];
  const option = (def.options ?? []).find((o) => o._zod.propValues?.[key]?.has(name));
  if (!option || typeof name !== "string") return value;
  if (node === ADJACENT) {
    const data = render(option._zod.def.shape?.data as Node, value.data, c, buffered, options);
    switch (c.next(3)) {
      case 0:
        return [name, data];
      case 1:
        return { ...withoutKey(value, "data"), [key]: { [name]: null }, data };
      default:
        return { ...withoutKey(value, "data"), data };
    }
  }
  // Internal tagging: the content is buffered; the tag stays a string (an identifier).
  return renderObject(option, value, c, true, options, { key, name });
}

function withoutKey(value: Record<string, unknown>, key: string): Record<string, unknown> {
  const out = mapValues(value, (v) => v);
  delete out[key];
  return out;
}

/** The document with serde's lenient forms written into it at random (see above). */
export function lenient(schema: z.ZodType, document: unknown, options: LenientOptions = {}): fc.Arbitrary<unknown> {
  return fc
    .array(fc.nat(), { minLength: 8, maxLength: 64 })
    .map((bits) => render(nodeOf(schema), document, new Choices(bits), false, options));
}
