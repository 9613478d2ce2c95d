import type { Issue } from "../core/issue.js";
import { canonicalTimestampOf, compareTimestamps, epochMillisOf } from "../core/timestamp.js";
import { canonicalUuid } from "../core/uuid.js";
import type { AnalyticsEvent } from "../events/index.js";
import { assertPositive, describe } from "../stats/validate.js";
import { eventModel, eventSummary, payloadSubtype } from "./describe.js";
import { contentId } from "./ids.js";
import type {
  EdgeRelationship,
  EventCorrelation,
  EventEdge,
  EventGraph,
  EventNode,
  GraphMetadata,
  TimeRange,
} from "./schema.js";
import {
  CORRELATION_ENGINE_DEFAULTS,
  causalStrengthIn,
  EXPLICIT_LINK_FLOOR,
  type StrengthWindow,
  temporalStrengthIn,
} from "./scoring.js";

/**
 * GraphMetadata computed from the nodes and edges (the hub only stores it):
 * - `node_count` = nodes.length, `edge_count` = edges.length (edges to missing nodes included);
 * - `connected_components`: weakly connected components over the node ids (an isolated node is
 *   one component; edges to missing nodes join nothing);
 * - `avg_degree` = 2·E / N, E counting the edges whose two ends exist (each adds one to the
 *   degree of both ends);
 * - `density` = distinct ordered pairs (u → v, u ≠ v, both existing) / (N·(N − 1)), in [0, 1]
 *   for a directed graph.
 * An empty graph has 0 components, avg_degree 0 and density 0 (never NaN, which the hub would
 * write as null and could not read back). O(N + E·α(N)) with a union–find.
 */
export function graphMetadataOf(graph: Pick<EventGraph, "nodes" | "edges">): GraphMetadata {
  assertGraphShape("graphMetadataOf", graph);
  const ids = new Map<string, number>();
  for (const node of graph.nodes) if (!ids.has(node.node_id)) ids.set(node.node_id, ids.size);
  const parent = Array.from({ length: ids.size }, (_, i) => i);
  const find = (i: number): number => {
    let r = i;
    while (parent[r] !== r) r = parent[r] as number;
    let c = i;
    while (parent[c] !== r) {
      const next = parent[c] as number;
      parent[c] = r;
      c = next;
    }
    return r;
  };
  let components = ids.size;
  let internal = 0;
  const pairs = new Set<string>();
  for (const edge of graph.edges) {
    const a = ids.get(edge.from_node);
    const b = ids.get(edge.to_node);
    if (a === undefined || b === undefined) continue;
    internal++;
    if (a !== b) pairs.add(`${a} ${b}`);
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) {
      parent[ra] = rb;
      components--;
    }
  }
  const n = graph.nodes.length;
  return {
    node_count: n,
    edge_count: graph.edges.length,
    connected_components: components,
    avg_degree: n === 0 ? 0 : (2 * internal) / n,
    density: n < 2 ? 0 : pairs.size / (n * (n - 1)),
  };
}

/**
 * One EventGraph finding, in the library's one issue shape (Zod's: `path` holds keys and indices
 * from the graph's root). `checkEventGraph` (`./checks`) adds each code's severity from
 * `CHECK_CODES`. Internal.
 */
export interface GraphIssue extends Issue {
  readonly code:
    | "duplicate_node_id"
    | "duplicate_edge_id"
    | "missing_from_node"
    | "missing_to_node"
    | "weight_out_of_range"
    | "metadata_mismatch"
    | "node_outside_time_range";
  readonly path: readonly (string | number)[];
}

const METADATA_KEYS = ["node_count", "edge_count", "connected_components", "avg_degree", "density"] as const;

function sameNumber(a: number, b: number): boolean {
  return a === b || Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));
}

/**
 * The findings on an EventGraph that only its own module can compute (WIRE_FORMAT.md §5.6), for
 * `checkEventGraph` (`./checks`), which adds severities and the shared `time_range_reversed`
 * rule: node and edge ids unique, edges pointing at existing nodes (`missing_from_node`,
 * `missing_to_node`), weights within [0, 1], the stored metadata equal to `graphMetadataOf`
 * (floats to 1e-9 relative), every node inside an ordered `time_range`. Never throws on a parsed
 * graph. O(N + E). Internal.
 */
export function eventGraphIssues(graph: EventGraph): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const nodeIds = new Set<string>();
  for (const [i, node] of graph.nodes.entries()) {
    const repeated = repeatedId(nodeIds, node.node_id, "node", i);
    if (repeated !== undefined) issues.push(repeated);
  }
  const edgeIds = new Set<string>();
  for (const [i, edge] of graph.edges.entries()) {
    const repeated = repeatedId(edgeIds, edge.edge_id, "edge", i);
    if (repeated !== undefined) issues.push(repeated);
    issues.push(...edgeIssues(edge, i, nodeIds));
  }
  issues.push(...metadataIssues(graph), ...timeRangeIssues(graph));
  return issues;
}

/** `duplicate_node_id` / `duplicate_edge_id` when `id` is already in `seen` (which it joins). */
function repeatedId(seen: Set<string>, id: string, kind: "node" | "edge", i: number): GraphIssue | undefined {
  const repeated = seen.has(id);
  seen.add(id);
  if (!repeated) return undefined;
  return {
    code: `duplicate_${kind}_id`,
    path: [`${kind}s`, i, `${kind}_id`],
    message: `${kind}_id ${JSON.stringify(id)} is used by more than one ${kind}`,
  };
}

/** An edge's ends that are not nodes, and a weight outside [0, 1]. */
function edgeIssues(edge: EventEdge, i: number, nodeIds: ReadonlySet<string>): GraphIssue[] {
  const issues: GraphIssue[] = [];
  for (const [end, code] of [
    ["from_node", "missing_from_node"],
    ["to_node", "missing_to_node"],
  ] as const) {
    if (!nodeIds.has(edge[end])) {
      issues.push({
        code,
        path: ["edges", i, end],
        message: `edge ${JSON.stringify(edge.edge_id)} points at ${JSON.stringify(edge[end])}, which is not a node of the graph`,
      });
    }
  }
  if (!(edge.weight >= 0 && edge.weight <= 1)) {
    issues.push({
      code: "weight_out_of_range",
      path: ["edges", i, "weight"],
      message: `edge ${JSON.stringify(edge.edge_id)} has weight ${edge.weight}, outside [0, 1]`,
    });
  }
  return issues;
}

/** The stored metadata against `graphMetadataOf` (floats to 1e-9 relative). */
function metadataIssues(graph: EventGraph): GraphIssue[] {
  const computed = graphMetadataOf(graph);
  return METADATA_KEYS.filter((key) => !sameNumber(graph.metadata[key], computed[key])).map((key) => ({
    code: "metadata_mismatch",
    path: ["metadata", key],
    message: `metadata.${key} is ${graph.metadata[key]} but the nodes and edges give ${computed[key]}`,
  }));
}

/** Each node outside the time range (none when the range is reversed: the TimeRange rule reports that). */
function timeRangeIssues(graph: EventGraph): GraphIssue[] {
  const { start, end } = graph.time_range;
  if (compareTimestamps(end, start) < 0) return [];
  const issues: GraphIssue[] = [];
  for (const [i, node] of graph.nodes.entries()) {
    if (compareTimestamps(node.timestamp, start) < 0 || compareTimestamps(node.timestamp, end) > 0) {
      issues.push({
        code: "node_outside_time_range",
        path: ["nodes", i, "timestamp"],
        message: `node ${JSON.stringify(node.node_id)} at ${node.timestamp} lies outside time_range ${start} – ${end}`,
      });
    }
  }
  return issues;
}

export interface CreateEventGraphOptions {
  /** The graph's time range (default: the span of its nodes; required when there are none). */
  readonly timeRange?: TimeRange;
  /** The graph id (default: a v5 UUID of the node and edge ids). */
  readonly graphId?: string;
  /** Window of `causalStrength` for parent links (default one hour). */
  readonly causalWindowMs?: number;
  /** Window of `temporalStrength` for `correlates_with` edges (default 5 minutes, the hub's). */
  readonly temporalWindowMs?: number;
}

const CORE_ROLES = new Set(["root_cause", "contributor", "effect"]);

interface NodeDraft {
  readonly node: EventNode;
  readonly instant: number;
}

/**
 * Builds the EventGraph of some events and the correlations found among them.
 *
 * Nodes: one per event (node_id = the canonical event_id), ordered by time then id; events
 * named only by a correlation become nodes from their CorrelatedEvent. Attributes: `severity`,
 * `summary`, `payload_type`, `subtype` (telemetry_type, cost_type, …), `model_id`,
 * `environment`, and `role` (the event's roles in the correlations, comma-separated).
 *
 * Edges (first rule wins for a pair; edge ids are v5 UUIDs of from, to and relationship):
 * 1. `causes` parent → child for each `parent_event_id`, weighted by `causalStrength`. A
 *    parent outside the graph still gets its edge (weight 0.5, the floor of an explicit link,
 *    property `parent_missing`), so `checkEventGraph` (`./checks`) reports it as `missing_from_node`
 *    instead of the link vanishing.
 * 2. For each correlation, each root-cause/contributor/effect event without a parent edge
 *    from inside the correlation is attached to the latest earlier such event by `precedes`,
 *    weighted by the correlation's strength.
 * 3. Each `related` event gets `correlates_with` from the closest-in-time core event of its
 *    correlation (or, in a correlation without core events, from the previous related event),
 *    weighted by the hub's `temporalStrength`.
 *
 * Metadata is `graphMetadataOf` of the result. Deterministic; the inputs are not mutated.
 * O((N + E) log N + Σ correlation sizes²).
 *
 * @throws RangeError on duplicate event ids, a bad timestamp, or an empty graph without
 *   `options.timeRange`.
 */
export function createEventGraph(
  events: readonly AnalyticsEvent[],
  correlations: readonly EventCorrelation[] = [],
  options: CreateEventGraphOptions = {},
): EventGraph {
  const fn = "createEventGraph";
  const causalWindowMs = assertPositive(fn, options.causalWindowMs ?? 3_600_000, "options.causalWindowMs");
  const temporalWindowMs = assertPositive(
    fn,
    options.temporalWindowMs ?? CORRELATION_ENGINE_DEFAULTS.temporalWindowMs,
    "options.temporalWindowMs",
  );
  const temporalWindow = { fn, label: "options.temporalWindowMs", ms: temporalWindowMs };
  const { drafts, byId } = nodeDrafts(events, correlations);
  const ordered = [...drafts.values()].sort(byTimeThenId);
  const edges = new EdgeList();
  const parentEdgeInto = addParentEdges(edges, {
    ordered,
    byId,
    drafts,
    causalWindow: { fn, label: "options.causalWindowMs", ms: causalWindowMs },
  });
  for (const correlation of correlations) {
    addCorrelationEdges(edges, correlation, { drafts, parentEdgeInto, temporalWindow });
  }
  const nodes = ordered.map((d) => d.node);
  const timeRange = graphTimeRange(options.timeRange, nodes);
  const graphId =
    options.graphId ??
    contentId("graph", [
      ...nodes.map((n) => n.node_id),
      "|",
      ...edges.list.map((e) => e.edge_id).sort(),
      "|",
      timeRange.start,
      timeRange.end,
    ]);
  return {
    graph_id: graphId,
    time_range: timeRange,
    nodes,
    edges: edges.list,
    metadata: graphMetadataOf({ nodes, edges: edges.list }),
  };
}

/** Each event id → the roles it plays in the correlations, in first-seen order. */
function rolesOf(correlations: readonly EventCorrelation[]): Map<string, string[]> {
  const roles = new Map<string, string[]>();
  for (const correlation of correlations) {
    for (const ce of correlation.events) {
      const id = canonicalUuid(ce.event_id);
      const list = roles.get(id) ?? [];
      if (!list.includes(ce.role)) list.push(ce.role);
      roles.set(id, list);
    }
  }
  return roles;
}

/** One node per event, then one per event named only by a correlation (from its CorrelatedEvent). */
function nodeDrafts(
  events: readonly AnalyticsEvent[],
  correlations: readonly EventCorrelation[],
): { drafts: Map<string, NodeDraft>; byId: Map<string, AnalyticsEvent> } {
  const fn = "createEventGraph";
  const roles = rolesOf(correlations);
  const drafts = new Map<string, NodeDraft>();
  const byId = new Map<string, AnalyticsEvent>();
  for (const [i, event] of events.entries()) {
    const id = canonicalUuid(event.event_id);
    if (byId.has(id)) throw new RangeError(`${fn}: events[${i}] repeats event_id ${id}`);
    byId.set(id, event);
    const attributes: Record<string, string> = {
      severity: event.severity,
      summary: eventSummary(event),
      payload_type: event.payload.payload_type,
      subtype: payloadSubtype(event),
      environment: event.environment,
    };
    const model = eventModel(event);
    if (model !== undefined) attributes.model_id = model;
    const r = roles.get(id);
    if (r !== undefined) attributes.role = r.join(",");
    drafts.set(id, nodeDraft(id, event, attributes, `events[${i}].timestamp`));
  }
  for (const [c, correlation] of correlations.entries()) {
    for (const [k, ce] of correlation.events.entries()) {
      const id = canonicalUuid(ce.event_id);
      if (drafts.has(id)) continue;
      const attributes: Record<string, string> = { severity: ce.severity, summary: ce.summary };
      const r = roles.get(id);
      if (r !== undefined) attributes.role = r.join(",");
      drafts.set(id, nodeDraft(id, ce, attributes, `correlations[${c}].events[${k}].timestamp`));
    }
  }
  return { drafts, byId };
}

type NodeSource = Pick<AnalyticsEvent, "source_module" | "event_type" | "timestamp">;

/** A node of `source`; `attributes` get `role` when the event has roles; `field` names its timestamp in errors. */
function nodeDraft(id: string, source: NodeSource, attributes: Record<string, string>, field: string): NodeDraft {
  return {
    node: {
      node_id: id,
      event_id: id,
      source_module: source.source_module,
      event_type: source.event_type,
      timestamp: canonicalTimestampOf("createEventGraph", field, source.timestamp),
      attributes,
    },
    instant: epochMillisOf("createEventGraph", field, source.timestamp),
  };
}

/** The graph's edges, at most one per ordered pair (the first wins) and none from a node to itself. */
class EdgeList {
  readonly list: EventEdge[] = [];
  readonly #linked = new Set<string>();

  add(edge: Omit<EventEdge, "edge_id">): void {
    const key = `${edge.from_node} ${edge.to_node}`;
    if (edge.from_node === edge.to_node || this.#linked.has(key)) return;
    this.#linked.add(key);
    this.list.push({ edge_id: contentId("edge", [edge.from_node, edge.to_node, edge.relationship_type]), ...edge });
  }
}

/** Rule 1: `causes` parent → child for each parent_event_id. Returns child → its parents' ids. */
function addParentEdges(
  edges: EdgeList,
  graph: {
    readonly ordered: readonly NodeDraft[];
    readonly byId: ReadonlyMap<string, AnalyticsEvent>;
    readonly drafts: ReadonlyMap<string, NodeDraft>;
    readonly causalWindow: StrengthWindow;
  },
): Map<string, Set<string>> {
  const parentEdgeInto = new Map<string, Set<string>>();
  for (const draft of graph.ordered) {
    const rawParent = graph.byId.get(draft.node.node_id)?.parent_event_id;
    if (rawParent === undefined || rawParent === null) continue;
    const parentId = canonicalUuid(rawParent);
    const parent = graph.drafts.get(parentId);
    const child = draft.node;
    const into = parentEdgeInto.get(child.node_id) ?? new Set<string>();
    into.add(parentId);
    parentEdgeInto.set(child.node_id, into);
    const link = { from_node: parentId, to_node: child.node_id, relationship_type: "causes" } as const;
    if (parent === undefined) {
      const weight = EXPLICIT_LINK_FLOOR;
      edges.add({ ...link, weight, properties: { source: "parent_event_id", parent_missing: "true" } });
    } else {
      edges.add({
        ...link,
        weight: causalStrengthIn(parent.node, child, graph.causalWindow),
        properties: { source: "parent_event_id", lag_ms: String(draft.instant - parent.instant) },
      });
    }
  }
  return parentEdgeInto;
}

/** Rules 2 and 3 for one correlation: `precedes` between its core events, `correlates_with` to its related ones. */
function addCorrelationEdges(
  edges: EdgeList,
  correlation: EventCorrelation,
  graph: {
    readonly drafts: ReadonlyMap<string, NodeDraft>;
    readonly parentEdgeInto: ReadonlyMap<string, ReadonlySet<string>>;
    readonly temporalWindow: StrengthWindow;
  },
): void {
  const members = correlation.events
    .map((ce) => graph.drafts.get(canonicalUuid(ce.event_id)) as NodeDraft)
    .filter((d, i, all) => all.findIndex((o) => o.node.node_id === d.node.node_id) === i)
    .sort(byTimeThenId);
  const roleOf = new Map(correlation.events.map((ce) => [canonicalUuid(ce.event_id), ce.role] as const));
  const isCore = (d: NodeDraft): boolean => CORE_ROLES.has(roleOf.get(d.node.node_id) ?? "related");
  const core = members.filter(isCore);
  const memberIds = new Set(members.map((d) => d.node.node_id));
  const properties = { source: "correlation", correlation_id: canonicalUuid(correlation.correlation_id) };
  for (const [i, draft] of core.entries()) {
    if (i === 0) continue;
    const parents = graph.parentEdgeInto.get(draft.node.node_id);
    if (parents !== undefined && [...parents].some((p) => memberIds.has(p))) continue;
    edges.add({
      from_node: (core[i - 1] as NodeDraft).node.node_id,
      to_node: draft.node.node_id,
      relationship_type: "precedes",
      weight: correlation.strength,
      properties,
    });
  }
  const related = members.filter((d) => !isCore(d));
  for (const [i, draft] of related.entries()) {
    const anchor = core.length > 0 ? closest(core, draft) : i > 0 ? related[i - 1] : undefined;
    if (anchor === undefined) continue;
    const [from, to] = anchor.instant <= draft.instant ? [anchor, draft] : [draft, anchor];
    edges.add({
      from_node: from.node.node_id,
      to_node: to.node.node_id,
      relationship_type: "correlates_with",
      weight: temporalStrengthIn(from.node, to.node, graph.temporalWindow),
      properties,
    });
  }
}

/** `options.timeRange` (checked), else the span of the nodes; an empty graph needs the option. */
function graphTimeRange(range: TimeRange | undefined, nodes: readonly EventNode[]): TimeRange {
  const fn = "createEventGraph";
  if (range !== undefined) {
    return {
      start: canonicalTimestampOf(fn, "options.timeRange.start", range.start),
      end: canonicalTimestampOf(fn, "options.timeRange.end", range.end),
    };
  }
  if (nodes.length === 0) {
    throw new RangeError(`${fn}: there are no events or correlations, so options.timeRange is required`);
  }
  return { start: (nodes[0] as EventNode).timestamp, end: (nodes[nodes.length - 1] as EventNode).timestamp };
}

function byTimeThenId(a: NodeDraft, b: NodeDraft): number {
  return compareTimestamps(a.node.timestamp, b.node.timestamp) || compareIds(a.node.node_id, b.node.node_id);
}

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function closest(candidates: readonly NodeDraft[], target: NodeDraft): NodeDraft {
  let best = candidates[0] as NodeDraft;
  for (const c of candidates) {
    if (Math.abs(c.instant - target.instant) < Math.abs(best.instant - target.instant)) best = c;
  }
  return best;
}

/** Escapes text for a quoted Mermaid label (entity codes, so quotes and brackets cannot end it). */
function mermaidText(text: string): string {
  return text
    .replaceAll("#", "#35;")
    .replaceAll('"', "#quot;")
    .replaceAll("<", "#lt;")
    .replaceAll(">", "#gt;")
    .replaceAll("|", "#124;")
    .replaceAll(/\r?\n/g, " ");
}

const NON_CAUSAL = new Set<EdgeRelationship>(["related_to", "correlates_with"]);

function weightLabel(weight: number): string {
  return Number.isFinite(weight) ? String(Math.round(weight * 100) / 100) : String(weight);
}

function nodeLabel(node: EventNode): string[] {
  const lines = [`${node.source_module} · ${node.event_type}`];
  const summary = node.attributes.summary;
  if (summary !== undefined && summary !== "") lines.push(summary);
  lines.push(node.timestamp);
  return lines;
}

/**
 * A Mermaid flowchart of the graph (left to right), to paste into Markdown: one box per node
 * (module · event type, summary, timestamp), `-->` for causal and ordering edges, `-.->` for
 * `related_to`/`correlates_with`, `--x` for `mitigates`, each labelled with its relationship
 * and weight; nodes that edges point at but that are missing are drawn dashed as
 * "missing: id". Node ids become n0, n1, … so any node_id is safe. O(N + E).
 */
export function toMermaid(graph: EventGraph): string {
  const alias = new Map<string, string>();
  const lines = ["flowchart LR"];
  for (const node of graph.nodes) {
    if (alias.has(node.node_id)) continue;
    const name = `n${alias.size}`;
    alias.set(node.node_id, name);
    lines.push(`  ${name}["${nodeLabel(node).map(mermaidText).join("<br/>")}"]`);
  }
  const missing: string[] = [];
  const ref = (id: string): string => {
    let name = alias.get(id);
    if (name === undefined) {
      name = `m${missing.length}`;
      alias.set(id, name);
      missing.push(name);
      lines.push(`  ${name}["missing: ${mermaidText(id)}"]:::missing`);
    }
    return name;
  };
  for (const edge of graph.edges) {
    const from = ref(edge.from_node);
    const to = ref(edge.to_node);
    const arrow =
      edge.relationship_type === "mitigates" ? "--x" : NON_CAUSAL.has(edge.relationship_type) ? "-.->" : "-->";
    lines.push(`  ${from} ${arrow}|"${edge.relationship_type} ${weightLabel(edge.weight)}"| ${to}`);
  }
  if (missing.length > 0) lines.push("  classDef missing stroke-dasharray: 5 5");
  return `${lines.join("\n")}\n`;
}

/** Escapes text for a double-quoted Graphviz DOT string. */
function dotText(text: string): string {
  return text.replaceAll("\\", "\\\\").replaceAll('"', '\\"').replaceAll(/\r?\n/g, "\\n");
}

/**
 * A Graphviz DOT digraph of the graph (`dot -Tsvg`): boxes labelled module, event type,
 * summary and timestamp; edges labelled with relationship and weight, dashed for
 * `related_to`/`correlates_with`; nodes missing from the graph drawn dashed as "missing: id".
 * O(N + E).
 */
export function toDot(graph: EventGraph): string {
  const lines = [`digraph "${dotText(graph.graph_id)}" {`, "  rankdir=LR;", "  node [shape=box];"];
  const known = new Set<string>();
  for (const node of graph.nodes) {
    if (known.has(node.node_id)) continue;
    known.add(node.node_id);
    lines.push(`  "${dotText(node.node_id)}" [label="${nodeLabel(node).map(dotText).join("\\n")}"];`);
  }
  for (const edge of graph.edges) {
    for (const end of [edge.from_node, edge.to_node]) {
      if (known.has(end)) continue;
      known.add(end);
      lines.push(`  "${dotText(end)}" [label="missing: ${dotText(end)}", style=dashed];`);
    }
    const style = NON_CAUSAL.has(edge.relationship_type) ? ", style=dashed" : "";
    lines.push(
      `  "${dotText(edge.from_node)}" -> "${dotText(edge.to_node)}" [label="${edge.relationship_type} ${weightLabel(edge.weight)}"${style}];`,
    );
  }
  lines.push("}");
  return `${lines.join("\n")}\n`;
}

/** Throws a TypeError naming `fn` unless `graph` has `nodes` and `edges` arrays (an EventGraph's shape). Internal. */
export function assertGraphShape(fn: string, graph: unknown): void {
  const g = graph as { nodes?: unknown; edges?: unknown } | null;
  if (typeof g !== "object" || g === null || !Array.isArray(g.nodes) || !Array.isArray(g.edges)) {
    throw new TypeError(`${fn}: graph must be an EventGraph (nodes and edges arrays), received ${describe(graph)}`);
  }
}
