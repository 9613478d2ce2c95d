/** Options of `jsonText`. */
export interface JsonTextOptions {
  /** Indentation, as `JSON.stringify`'s third argument: a count of spaces (at most 10) or a string. */
  readonly space?: number | string | undefined;
}

/**
 * JSON text of a value as the hub reads it back unchanged: `JSON.stringify`, except that a
 * `bigint` (an integer beyond ±(2^53 − 1) that `decode` kept exactly, WIRE_FORMAT.md §1b.6) is
 * written digit for digit, where `JSON.stringify` throws, as is a whole number beyond 2^53 (whose
 * shortest digits, which `JSON.stringify` writes, are another integer), and −0 is written `-0.0`, as serde_json
 * writes it, where `JSON.stringify` writes `0` and loses the sign (integer fields never hold −0:
 * their schemas refuse it). A number that is not finite is an error: JSON has none, and the `null`
 * that `JSON.stringify` would write is not a number to the hub.
 *
 * `options.space` indents as in `JSON.stringify`. Object members whose value is `undefined` (or a
 * function or symbol) are left out and such array elements are written `null`; `toJSON` is
 * honoured; a root value that has no JSON text (undefined) is a TypeError. Iterative: a value nested 100 000 deep is written without overflowing the stack; a
 * cyclic value is a TypeError. O(size of the output).
 *
 * @example
 * jsonText({ offset: 9007199254740993n, delta: -0 }) // '{"offset":9007199254740993,"delta":-0.0}'
 */
export function jsonText(value: unknown, options: JsonTextOptions = {}): string {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(
      `jsonText: options must be an object such as { space }, received ${JSON.stringify(options) ?? String(options)}`,
    );
  }
  const space = options.space;
  const indent =
    typeof space === "number" ? " ".repeat(Math.max(0, Math.min(10, Math.floor(space)))) : (space ?? "").slice(0, 10);
  const root = toJson(value, "");
  if (isOmitted(root)) throw new TypeError(`jsonText: ${typeof root} has no JSON text`);
  const parts: string[] = [];
  const open = new Set<object>();
  // Work items, last first.
  const stack: Item[] = [{ kind: "value", value: root, depth: 0 }];
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if (item.kind === "text") {
      parts.push(item.text);
      continue;
    }
    if (item.kind === "close") {
      open.delete(item.of);
      continue;
    }
    const v = item.value;
    const scalar = scalarText(v);
    if (scalar !== undefined) {
      parts.push(scalar);
      continue;
    }
    const container = v as object;
    if (open.has(container)) throw new TypeError("jsonText: the value is cyclic, which JSON cannot express");
    open.add(container);
    stack.push({ kind: "close", of: container });
    parts.push(
      Array.isArray(container)
        ? expandArray(stack, container, item.depth, indent)
        : expandObject(stack, container as Record<string, unknown>, item.depth, indent),
    );
  }
  return parts.join("");
}

/**
 * Pushes an array's elements (each after its separator) and its closing bracket onto `stack`,
 * last first; returns the text that opens it (`[]` when it is empty).
 */
function expandArray(stack: Item[], array: readonly unknown[], depth: number, indent: string): string {
  if (array.length === 0) return "[]";
  const inner = indent === "" ? "" : `\n${indent.repeat(depth + 1)}`;
  stack.push({ kind: "text", text: `${indent === "" ? "" : `\n${indent.repeat(depth)}`}]` });
  for (let i = array.length - 1; i >= 0; i--) {
    const element = toJson(array[i], String(i));
    stack.push(
      isOmitted(element) ? { kind: "text", text: "null" } : { kind: "value", value: element, depth: depth + 1 },
    );
    stack.push({ kind: "text", text: i > 0 ? `,${inner}` : inner });
  }
  return "[";
}

/**
 * Pushes an object's members (key text, then value) and its closing brace onto `stack`, last
 * first, leaving out members without JSON text; returns the text that opens it (`{}` when none is left).
 */
function expandObject(stack: Item[], record: Record<string, unknown>, depth: number, indent: string): string {
  const members: [string, unknown][] = [];
  for (const key of Object.keys(record)) {
    const member = toJson(record[key], key);
    if (!isOmitted(member)) members.push([key, member]);
  }
  if (members.length === 0) return "{}";
  const inner = indent === "" ? "" : `\n${indent.repeat(depth + 1)}`;
  stack.push({ kind: "text", text: `${indent === "" ? "" : `\n${indent.repeat(depth)}`}}` });
  const colon = indent === "" ? ":" : ": ";
  for (let i = members.length - 1; i >= 0; i--) {
    const [key, member] = members[i] as [string, unknown];
    stack.push({ kind: "value", value: member, depth: depth + 1 });
    stack.push({ kind: "text", text: `${i > 0 ? "," : ""}${inner}${JSON.stringify(key)}${colon}` });
  }
  return "{";
}

type Item =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly value: unknown; readonly depth: number }
  | { readonly kind: "close"; readonly of: object };

function toJson(value: unknown, key: string): unknown {
  if (typeof value === "object" && value !== null && typeof (value as { toJSON?: unknown }).toJSON === "function") {
    return (value as { toJSON(key: string): unknown }).toJSON(key);
  }
  return value;
}

function isOmitted(value: unknown): boolean {
  return value === undefined || typeof value === "function" || typeof value === "symbol";
}

/** The text of a value that is not an object or array, or undefined for one that is. */
function scalarText(value: unknown): string | undefined {
  switch (typeof value) {
    case "string":
      return JSON.stringify(value);
    case "number":
      if (!Number.isFinite(value)) {
        throw new TypeError(
          `jsonText: ${value} is not a JSON number (the hub cannot read the null JSON.stringify writes)`,
        );
      }
      if (Object.is(value, -0)) return "-0.0";
      // A whole number past 2^53 in its exact digits: String() writes the shortest digits that
      // read back as the same double (2^60 as 1152921504606847000), another integer to the hub.
      if (Number.isInteger(value) && !Number.isSafeInteger(value) && Math.abs(value) < 1e21) {
        return BigInt(value).toString();
      }
      return String(value);
    case "bigint":
      return value.toString();
    case "boolean":
      return value ? "true" : "false";
    case "object":
      if (value === null) return "null";
      if (value instanceof Number || value instanceof String || value instanceof Boolean) {
        return scalarText(value.valueOf());
      }
      return undefined;
    default:
      return "null";
  }
}
