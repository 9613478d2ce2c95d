/**
 * JSON text with object keys sorted (by UTF-16 code units) at every level and no
 * whitespace, so equal values always give equal text. `undefined` members are left out, as
 * in `JSON.stringify`; a bigint is written as its digits.
 *
 * Iterative, so a value nested 100 000 deep (which `AnalyticsEvent` accepts in a JSON field)
 * cannot overflow the stack; a cyclic value is a TypeError, as in `JSON.stringify`. O(size).
 */
export function canonicalJson(value: unknown): string {
  let out = "";
  // Work items, last first: text to append, a value to write, or the end of an object or array.
  const stack: Item[] = [{ kind: "value", value }];
  const open = new Set<object>();
  while (stack.length > 0) {
    const item = stack.pop() as Item;
    if (item.kind === "text") {
      out += item.text;
      continue;
    }
    if (item.kind === "close") {
      open.delete(item.of);
      continue;
    }
    const v = item.value;
    if (typeof v === "bigint") {
      // An integer a JS number cannot hold (decode keeps it exactly): its digits.
      out += v.toString();
      continue;
    }
    if (v === null || typeof v !== "object") {
      out += JSON.stringify(v) ?? "null";
      continue;
    }
    if (open.has(v)) throw new TypeError("canonicalJson: the value is cyclic, which JSON cannot express");
    open.add(v);
    stack.push({ kind: "close", of: v });
    if (Array.isArray(v)) {
      out += "[";
      stack.push({ kind: "text", text: "]" });
      for (let i = v.length - 1; i >= 0; i--) {
        const element = v[i];
        stack.push(element === undefined ? { kind: "text", text: "null" } : { kind: "value", value: element });
        if (i > 0) stack.push({ kind: "text", text: "," });
      }
      continue;
    }
    const record = v as Record<string, unknown>;
    const keys = Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined);
    out += "{";
    stack.push({ kind: "text", text: "}" });
    for (let i = keys.length - 1; i >= 0; i--) {
      const k = keys[i] as string;
      stack.push({ kind: "value", value: record[k] });
      stack.push({ kind: "text", text: `${i > 0 ? "," : ""}${JSON.stringify(k)}:` });
    }
  }
  return out;
}

type Item =
  | { readonly kind: "text"; readonly text: string }
  | { readonly kind: "value"; readonly value: unknown }
  | { readonly kind: "close"; readonly of: object };
