/*
 * Defensive readers for the rules. `check` documents that it takes parsed values, but it must
 * never throw on anything else: every rule reads its fields through these, and a field of the
 * wrong type reads as `undefined`, which skips the rule. Only own properties are read, so a
 * key such as `constructor` never resolves to something on a prototype.
 */

export type Node = Readonly<Record<string, unknown>>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function own(node: Node, key: string): unknown {
  return Object.hasOwn(node, key) ? node[key] : undefined;
}

/** A finite number, or undefined. */
export function num(node: Node, key: string): number | undefined {
  const v = own(node, key);
  return typeof v === "number" && Number.isFinite(v) ? v : undefined;
}

export function str(node: Node, key: string): string | undefined {
  const v = own(node, key);
  return typeof v === "string" ? v : undefined;
}

export function bool(node: Node, key: string): boolean | undefined {
  const v = own(node, key);
  return typeof v === "boolean" ? v : undefined;
}

export function list(node: Node, key: string): readonly unknown[] | undefined {
  const v = own(node, key);
  return Array.isArray(v) ? v : undefined;
}

export function child(node: Node, key: string): Node | undefined {
  const v = own(node, key);
  return isNode(v) ? v : undefined;
}

/** The nodes of a list, with their indices (non-objects are skipped). */
export function nodes(node: Node, key: string): [number, Node][] {
  const out: [number, Node][] = [];
  const items = list(node, key);
  if (!items) return out;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    if (isNode(item)) out.push([i, item]);
  }
  return out;
}

/** Shortest spelling of a number for messages (`0.1 + 0.2` prints as `0.30000000000000004`). */
export function show(value: number): string {
  return String(value);
}
