/*
 * The causal graph of an incident as SVG: an EventGraph laid out left to right by dagre
 * (@dagrejs/dagre, the maintained fork of the layered Sugiyama-style layout Graphviz's `dot`
 * popularised), drawn here as plain SVG: one box per event, the root cause outlined and badged,
 * each edge labelled with its time delta (the target's timestamp minus the source's).
 *
 * Why dagre: it is synchronous, ~15 ms to load and a few ms per incident graph, and its layout
 * is what the incident graph needs (ranks in causal order, edge labels placed by the layout).
 * elkjs lays out as well but loads in ~0.5 s and is asynchronous; Graphviz compiled to wasm
 * (@viz-js/viz) draws its own SVG, which leaves less control over the root's highlight and
 * the text alternative.
 */
import dagre, { type EdgeLabel, type Graph, type GraphLabel, type NodeLabel } from "@dagrejs/dagre";
import { isTimestamp, toEpochMillis } from "../../core/index.js";
import type { EventEdge, EventGraph, EventNode } from "../../correlation/index.js";
import type { ReportFormat } from "./format.js";
import { escapeHtml } from "./html-text.js";

const NODE_WIDTH = 232;
const NODE_HEIGHT = 62;
const ROOT_BADGE = 18;
const LABEL_WIDTH = 92;
const LABEL_HEIGHT = 30;
/** Characters of the summary that fit a node at 12 px (≈ 6.6 px per character of a sans-serif face). */
const SUMMARY_CHARS = 31;

/** Light fills per source module; the module is also written in the box, so colour is never the only cue. */
const MODULE_FILL: Readonly<Record<string, string>> = {
  "llm-observatory": "#E3F0FA",
  "llm-cost-ops": "#FDF0D9",
  "llm-sentinel": "#F5E3EF",
  "llm-governance-dashboard": "#DDF1EA",
  "llm-policy-engine": "#DDF1EA",
};

export interface DrawnGraph {
  /** The SVG, or undefined when the graph has no node. */
  readonly svg: string | undefined;
  /** The events drawn, in time order (the text alternative lists them). */
  readonly nodes: readonly EventNode[];
  /** The edges drawn, with the time each spans (see `edgeDelta`). */
  readonly edges: readonly { readonly edge: EventEdge; readonly deltaMs: number }[];
  /** Nodes of the graph left out of the drawing (over `maxNodes`). */
  readonly omittedNodes: number;
  /** Causes left of their effects (LR) or above them (TB, for chains too long for the page). */
  readonly direction: "LR" | "TB";
}

export interface DrawGraphOptions {
  readonly rootEventId?: string | undefined;
  /** Most nodes drawn (default 24): the root, then the nodes it reaches, nearest first, then the rest by time. */
  readonly maxNodes?: number;
  /** A node's one-line text from its event (the node's `summary` attribute when undefined). */
  readonly describe?: (eventId: string) => string | undefined;
  /** Plain words for an incident-analysis signal name (a node's `signal` attribute), e.g. "p95 latency". */
  readonly seriesLabel?: (signal: string) => string | undefined;
  /** Prefix of the element ids (unique per page). */
  readonly idPrefix: string;
}

/**
 * Picks at most `maxNodes` nodes: the root; then breadth-first along edges out of (then into)
 * the nodes picked, heavier edges first; then the remaining nodes in time order.
 */
function pickNodes(graph: EventGraph, rootId: string | undefined, maxNodes: number): EventNode[] {
  const byId = new Map(graph.nodes.map((n) => [n.node_id, n]));
  if (graph.nodes.length <= maxNodes) return [...graph.nodes];
  const out = new Map<string, EventEdge[]>();
  const into = new Map<string, EventEdge[]>();
  for (const e of graph.edges) {
    (out.get(e.from_node) ?? out.set(e.from_node, []).get(e.from_node)!).push(e);
    (into.get(e.to_node) ?? into.set(e.to_node, []).get(e.to_node)!).push(e);
  }
  const picked = new Set<string>();
  const queue: string[] = [];
  const root = graph.nodes.find((n) => n.event_id === rootId);
  if (root !== undefined) {
    picked.add(root.node_id);
    queue.push(root.node_id);
  }
  const byWeight = (a: EventEdge, b: EventEdge): number => b.weight - a.weight;
  while (queue.length > 0 && picked.size < maxNodes) {
    const id = queue.shift()!;
    const next = [
      ...[...(out.get(id) ?? [])].sort(byWeight).map((e) => e.to_node),
      ...[...(into.get(id) ?? [])].sort(byWeight).map((e) => e.from_node),
    ];
    for (const n of next) {
      if (picked.size >= maxNodes) break;
      if (!picked.has(n) && byId.has(n)) {
        picked.add(n);
        queue.push(n);
      }
    }
  }
  for (const n of graph.nodes) {
    if (picked.size >= maxNodes) break;
    picked.add(n.node_id);
  }
  return graph.nodes.filter((n) => picked.has(n.node_id));
}

/**
 * The time an edge spans: its `lag_ms` property when it has one (incident analysis writes the lag
 * between the onsets of the two series; createEventGraph the lag of a parent link), else the
 * difference of the two nodes' timestamps.
 */
function edgeDelta(edge: EventEdge, nodes: ReadonlyMap<string, EventNode>): number {
  const lag = edge.properties.lag_ms;
  if (lag !== undefined && /^-?\d+(\.\d+)?$/.test(lag)) return Number(lag);
  return toEpochMillis(nodes.get(edge.to_node)!.timestamp) - toEpochMillis(nodes.get(edge.from_node)!.timestamp);
}

/** Width of the page's content column, px: wider graphs are scaled down (or scroll, see the CSS). */
const MAX_WIDTH = 1140;

function layout(
  nodes: readonly EventNode[],
  edges: readonly { readonly edge: EventEdge }[],
  rankdir: "LR" | "TB",
): Graph<GraphLabel, NodeLabel, EdgeLabel> {
  const g = new dagre.graphlib.Graph<GraphLabel, NodeLabel, EdgeLabel>({ multigraph: true });
  g.setGraph({
    rankdir,
    nodesep: rankdir === "LR" ? 22 : 40,
    ranksep: rankdir === "LR" ? 70 : 30,
    edgesep: 12,
    marginx: 12,
    marginy: 12 + ROOT_BADGE,
  });
  g.setDefaultEdgeLabel(() => ({}));
  for (const n of nodes) g.setNode(n.node_id, { width: NODE_WIDTH, height: NODE_HEIGHT });
  for (const { edge } of edges) {
    g.setEdge(
      edge.from_node,
      edge.to_node,
      // Top to bottom, the label sits right of the arrow; left to right, on it.
      {
        width: LABEL_WIDTH,
        height: LABEL_HEIGHT,
        labelpos: rankdir === "LR" ? "c" : "r",
        labeloffset: 6,
        weight: 1 + Math.round(edge.weight * 4),
      },
      edge.edge_id,
    );
  }
  dagre.layout(g);
  return g;
}

/** A node's `onset` attribute when it is a timestamp, else its own timestamp. */
function onsetOf(n: EventNode): number {
  const onset = n.attributes.onset;
  // core's reader, as for the node's own timestamp (Date.parse gives NaN on a leap second).
  if (onset !== undefined && isTimestamp(onset)) return toEpochMillis(onset);
  return toEpochMillis(n.timestamp);
}

const truncate = (text: string, max: number): string => (text.length <= max ? text : `${text.slice(0, max - 1)}…`);

const round = (n: number): string => String(Math.round(n * 10) / 10);

type Laid = Graph<GraphLabel, NodeLabel, EdgeLabel>;
type DrawnEdge = DrawnGraph["edges"][number];

/** Lays the graph out and draws it. O((V + E) log V) for the picking; dagre's layout is near-linear at this size. */
export function drawEventGraph(graph: EventGraph, format: ReportFormat, options: DrawGraphOptions): DrawnGraph {
  const maxNodes = options.maxNodes ?? 24;
  const nodes = pickNodes(graph, options.rootEventId, maxNodes).sort(
    (a, b) => toEpochMillis(a.timestamp) - toEpochMillis(b.timestamp) || (a.node_id < b.node_id ? -1 : 1),
  );
  const kept = new Map(nodes.map((n) => [n.node_id, n]));
  const edges = graph.edges
    .filter((e) => kept.has(e.from_node) && kept.has(e.to_node) && e.from_node !== e.to_node)
    .map((edge) => ({ edge, deltaMs: edgeDelta(edge, kept) }));
  const omittedNodes = graph.nodes.length - nodes.length;
  if (nodes.length === 0) return { svg: undefined, nodes, edges, omittedNodes, direction: "LR" };

  const { g, direction } = chooseLayout(nodes, edges);
  const { width = 0, height = 0 } = g.graph();
  const p = options.idPrefix;
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" class="event-graph" viewBox="0 0 ${round(width)} ${round(height)}" width="${round(width)}" role="img" aria-labelledby="${p}-title">`,
    `<title id="${p}-title">Causal graph: ${nodes.length} events, ${edges.length} links${options.rootEventId === undefined ? "" : ", root cause outlined"}</title>`,
    "<defs>",
    `<marker id="${p}-arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0,0L10,5L0,10z" fill="#555"/></marker>`,
    "</defs>",
  ];
  for (const drawn of edges) parts.push(...edgeSvg(g, drawn, format, p));
  for (const n of nodes) parts.push(...nodeSvg(n, g, format, options));
  parts.push("</svg>");
  return { svg: parts.join(""), nodes, edges, omittedNodes, direction };
}

/**
 * Left to right reads as a timeline; a long chain that would not fit the page's width is laid
 * out top to bottom instead (narrow, so it sits beside the root-cause card).
 */
function chooseLayout(
  nodes: readonly EventNode[],
  edges: readonly { readonly edge: EventEdge }[],
): { g: Laid; direction: "LR" | "TB" } {
  const lr = layout(nodes, edges, "LR");
  if ((lr.graph().width ?? 0) > MAX_WIDTH) {
    const tb = layout(nodes, edges, "TB");
    if ((tb.graph().width ?? 0) < (lr.graph().width ?? 0)) return { g: tb, direction: "TB" };
  }
  return { g: lr, direction: "LR" };
}

/** One arrow with its time and relationship labels; nothing when dagre gave it no points. */
function edgeSvg(g: Laid, { edge, deltaMs }: DrawnEdge, format: ReportFormat, p: string): string[] {
  const laid = g.edge({ v: edge.from_node, w: edge.to_node, name: edge.edge_id });
  const points: readonly { x: number; y: number }[] = laid.points ?? [];
  if (points.length === 0) return [];
  const d = points.map((pt, i) => `${i === 0 ? "M" : "L"}${round(pt.x)},${round(pt.y)}`).join("");
  const dashed = edge.relationship_type === "correlates_with" || edge.relationship_type === "related_to";
  const lx = laid.x ?? points[Math.floor(points.length / 2)]!.x;
  const ly = laid.y ?? points[Math.floor(points.length / 2)]!.y;
  return [
    `<g class="edge" data-from="${escapeHtml(edge.from_node)}" data-to="${escapeHtml(edge.to_node)}" data-relationship="${escapeHtml(edge.relationship_type)}">`,
    `<title>${escapeHtml(edge.relationship_type.replaceAll("_", " "))}, ${escapeHtml(format.duration(deltaMs, true))}, weight ${escapeHtml(format.number(edge.weight))}</title>`,
    `<path d="${d}" fill="none" stroke="#555" stroke-width="${round(1 + edge.weight * 1.5)}"${dashed ? ' stroke-dasharray="5 3"' : ""} marker-end="url(#${p}-arrow)"/>`,
    `<text class="delta" x="${round(lx)}" y="${round(ly - 3)}" text-anchor="middle">${escapeHtml(format.duration(deltaMs, true))}</text>`,
    `<text class="relationship" x="${round(lx)}" y="${round(ly + 10)}" text-anchor="middle">${escapeHtml(edge.relationship_type.replaceAll("_", " "))}</text>`,
    "</g>",
  ];
}

/** One node's box: three lines of text, outlined and badged when it is the root cause. */
function nodeSvg(n: EventNode, g: Laid, format: ReportFormat, options: DrawGraphOptions): string[] {
  const laid = g.node(n.node_id);
  const x = laid.x! - NODE_WIDTH / 2;
  const y = laid.y! - NODE_HEIGHT / 2;
  const isRoot = n.event_id === options.rootEventId;
  const { lines, title } = nodeText(n, format, options);
  const fill = MODULE_FILL[n.source_module] ?? "#EEEEEE";
  const parts = [
    `<g class="node${isRoot ? " root" : ""}" data-event-id="${escapeHtml(n.event_id)}" transform="translate(${round(x)},${round(y)})">`,
    `<title>${escapeHtml(title)} — ${escapeHtml(n.source_module)}, ${escapeHtml(format.dateTime(toEpochMillis(n.timestamp)))}, event ${escapeHtml(n.event_id)}</title>`,
  ];
  if (isRoot) {
    parts.push(
      `<rect x="0" y="${-ROOT_BADGE}" width="84" height="${ROOT_BADGE}" rx="3" fill="#D55E00"/>`,
      `<text class="badge" x="6" y="${-5}" fill="#fff">ROOT CAUSE</text>`,
    );
  }
  parts.push(
    `<rect width="${NODE_WIDTH}" height="${NODE_HEIGHT}" rx="4" fill="${fill}" stroke="${isRoot ? "#D55E00" : "#777"}" stroke-width="${isRoot ? 3 : 1}"/>`,
    `<text class="summary" x="8" y="18">${escapeHtml(truncate(lines[0], SUMMARY_CHARS))}</text>`,
    `<text class="kind" x="8" y="35">${escapeHtml(truncate(lines[1], SUMMARY_CHARS + 4))}</text>`,
    `<text class="meta" x="8" y="52">${escapeHtml(truncate(lines[2], SUMMARY_CHARS + 6))}</text>`,
    "</g>",
  );
  return parts;
}

/**
 * The three lines of a node's box and its tooltip title. Incident graphs name each node's series
 * (`signal`, `onset`, `role` attributes): the box reads series, then the event that starts it,
 * then the onset and role. Other graphs: the event, its model and kind, its time and severity.
 */
function nodeText(
  n: EventNode,
  format: ReportFormat,
  options: DrawGraphOptions,
): { lines: [string, string, string]; title: string } {
  const summary = options.describe?.(n.event_id) ?? n.attributes.summary ?? n.event_type;
  const series = n.attributes.signal === undefined ? undefined : options.seriesLabel?.(n.attributes.signal);
  const model = n.attributes.model_id;
  if (series === undefined) {
    const lines: [string, string, string] = [
      summary,
      [model, n.attributes.subtype ?? n.event_type].filter((x) => x !== undefined).join(" · "),
      `${format.clock(toEpochMillis(n.timestamp))} · ${n.attributes.severity ?? ""} · ${n.source_module}`,
    ];
    return { lines, title: summary };
  }
  const lines: [string, string, string] = [
    model === undefined ? series : `${series} · ${model}`,
    summary,
    `onset ${format.clock(onsetOf(n))} · ${(n.attributes.role ?? "").replaceAll("_", " ")}`,
  ];
  return { lines, title: `${lines[0]}: ${summary}` };
}
