import { describe, expect, it } from "vitest";
import { checkEventGraph } from "../../src/checks/index.js";
import { decode } from "../../src/core/index.js";
import {
  causalStrength,
  correlateEvents,
  createEventGraph,
  DEFAULT_CORRELATION_CONFIG,
  EventCorrelation,
  type EventEdge,
  EventGraph,
  type EventNode,
  graphMetadataOf,
  temporalStrength,
  toDot,
  toMermaid,
} from "../../src/correlation/index.js";
import { fixtureText } from "../conformance/fixtures.js";
import { budgetAlert, deepFreeze, errorRate, event, latency, threat, tokenCost, uuidOf } from "./helpers.js";

const fixture = (file: string): EventGraph => {
  const result = decode(EventGraph, fixtureText({ file, type: "EventGraph", expect: "accept" }));
  if (!result.success) throw result.error;
  return deepFreeze(result.data);
};

const node = (id: string, minute = 0): EventNode => ({
  node_id: id,
  event_id: uuidOf(id.charCodeAt(0)),
  source_module: "llm-observatory",
  event_type: "telemetry",
  timestamp: `2025-06-03T14:${String(minute).padStart(2, "0")}:00Z`,
  attributes: {},
});
const edge = (id: string, from: string, to: string, weight = 1): EventEdge => ({
  edge_id: id,
  from_node: from,
  to_node: to,
  relationship_type: "causes",
  weight,
  properties: {},
});

describe("graphMetadataOf", () => {
  it("reproduces the metadata the hub stored in accept/event-graph.json", () => {
    // 5 nodes, 8 edges: 1 weakly connected component, avg degree 2·8/5 = 3.2, density 8/(5·4) = 0.4
    // (networkx 3.6.1 on the same graph: number_weakly_connected_components 1, mean degree 3.2, density 0.4).
    const graph = fixture("accept/event-graph.json");
    expect(graphMetadataOf(graph)).toEqual(graph.metadata);
    expect(checkEventGraph(graph)).toEqual([]);
  });

  it("gives 0, never NaN, for an empty graph, as accept/event-graph-empty.json", () => {
    const graph = fixture("accept/event-graph-empty.json");
    expect(graphMetadataOf(graph)).toEqual({
      node_count: 0,
      edge_count: 0,
      connected_components: 0,
      avg_degree: 0,
      density: 0,
    });
    expect(checkEventGraph(graph)).toEqual([]);
    expect(graphMetadataOf({ nodes: [node("a")], edges: [] })).toEqual({
      node_count: 1,
      edge_count: 0,
      connected_components: 1,
      avg_degree: 0,
      density: 0,
    });
  });

  it("counts parallel edges, self-loops and dangling edges as networkx does", () => {
    // networkx 3.6.1: MultiDiGraph of the 8 internal edges → 4 weakly connected components,
    // mean degree 2.2857142857142856 (= 16/7, a self-loop adds 2); DiGraph of the distinct
    // pairs without the self-loop → density 0.14285714285714285 (= 6/42).
    const nodes = ["a", "b", "c", "d", "e", "f", "g"].map((id) => node(id));
    const edges = [
      edge("1", "a", "b"),
      edge("2", "b", "c"),
      edge("3", "a", "c"),
      edge("4", "c", "a"),
      edge("5", "d", "e"),
      edge("6", "e", "d"),
      edge("7", "d", "e"),
      edge("8", "g", "g"),
      edge("9", "h", "a"),
    ];
    const m = graphMetadataOf({ nodes, edges });
    expect(m.node_count).toBe(7);
    expect(m.edge_count).toBe(9);
    expect(m.connected_components).toBe(4);
    expect(m.avg_degree).toBeCloseTo(2.2857142857142856, 14);
    expect(m.density).toBeCloseTo(0.14285714285714285, 14);
  });
});

describe("checkEventGraph", () => {
  it("reports each inconsistency with a stable code and path", () => {
    const nodes = [node("a", 0), node("b", 5), node("a", 7)];
    const edges = [edge("e1", "a", "b", 0.5), edge("e1", "b", "zz", 1.5), edge("e3", "yy", "a")];
    const graph: EventGraph = {
      graph_id: "g",
      time_range: { start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:06:00Z" },
      nodes,
      edges,
      metadata: { node_count: 3, edge_count: 3, connected_components: 1, avg_degree: 2, density: 0.5 },
    };
    const issues = checkEventGraph(graph);
    expect(issues.map((i) => [i.code, i.path.join(".")])).toEqual([
      ["duplicate_node_id", "nodes.2.node_id"],
      ["duplicate_edge_id", "edges.1.edge_id"],
      ["missing_to_node", "edges.1.to_node"],
      ["weight_out_of_range", "edges.1.weight"],
      ["missing_from_node", "edges.2.from_node"],
      ["metadata_mismatch", "metadata.avg_degree"],
      ["metadata_mismatch", "metadata.density"],
      ["node_outside_time_range", "nodes.2.timestamp"],
    ]);
    expect(issues[2]?.message).toBe('edge "e1" points at "zz", which is not a node of the graph');
    const reversed = { ...graph, time_range: { start: graph.time_range.end, end: graph.time_range.start } };
    expect(checkEventGraph(reversed).map((i) => i.code)).toContain("time_range_reversed");
  });
});

// A latency spike causes errors (parent link), which cause a cost spike (parent link); a budget
// alert shares the cost event's correlation id; a blocked prompt injection happens a minute later.
const EVENTS = deepFreeze([
  event({ id: 1, minute: 10, module: "llm-observatory", severity: "warning", payload: latency("gpt-4o-mini", 5120) }),
  event({
    id: 2,
    minute: 12,
    module: "llm-observatory",
    severity: "error",
    parent: 1,
    payload: errorRate("gpt-4o-mini", 420, 5000),
  }),
  event({
    id: 3,
    minute: 15,
    module: "llm-cost-ops",
    parent: 2,
    correlation: 900,
    payload: tokenCost("gpt-4o-mini", 412.8),
  }),
  event({
    id: 4,
    minute: 17,
    module: "llm-cost-ops",
    type: "alert",
    correlation: 900,
    payload: budgetAlert(10400, 10000),
  }),
  event({ id: 5, minute: 11, module: "llm-sentinel", payload: threat("prompt_injection") }),
]);

describe("createEventGraph", () => {
  const correlations = deepFreeze(correlateEvents(EVENTS, DEFAULT_CORRELATION_CONFIG));
  const graph = createEventGraph(EVENTS, correlations);

  it("makes one node per event in time order, with attributes for people and rules", () => {
    expect(graph.nodes.map((n) => n.event_id)).toEqual([1, 5, 2, 3, 4].map(uuidOf));
    expect(graph.nodes[0]?.attributes).toEqual({
      severity: "warning",
      summary: "latency 5120 ms on gpt-4o-mini",
      payload_type: "telemetry",
      subtype: "latency",
      environment: "production",
      model_id: "gpt-4o-mini",
      role: "root_cause",
    });
    expect(graph.nodes.find((n) => n.event_id === uuidOf(5))?.attributes.role).toBe("related");
  });

  it("links parents by causes (weighted by causalStrength), correlations by precedes and correlates_with", () => {
    const rel = graph.edges.map((e) => [
      graph.nodes.findIndex((n) => n.node_id === e.from_node),
      graph.nodes.findIndex((n) => n.node_id === e.to_node),
      e.relationship_type,
    ]);
    expect(rel).toEqual([
      [0, 2, "causes"],
      [2, 3, "causes"],
      [3, 4, "precedes"],
      [0, 1, "correlates_with"],
    ]);
    const [e1, , e3, e4] = graph.edges as [EventEdge, EventEdge, EventEdge, EventEdge];
    expect(e1.weight).toBe(causalStrength(EVENTS[0] as never, EVENTS[1] as never));
    expect(e1.properties).toEqual({ source: "parent_event_id", lag_ms: "120000" });
    expect(e3.weight).toBe(correlations[0]?.strength);
    expect(e4.weight).toBe(temporalStrength(EVENTS[0] as never, EVENTS[4] as never));
  });

  it("computes its metadata, passes its own checks and is a valid wire document", () => {
    expect(graph.metadata).toEqual(graphMetadataOf(graph));
    expect(graph.metadata).toMatchObject({ node_count: 5, edge_count: 4, connected_components: 1 });
    expect(checkEventGraph(graph)).toEqual([]);
    expect(EventGraph.parse(JSON.parse(JSON.stringify(graph)))).toEqual(graph);
    expect(graph.time_range).toEqual({ start: "2025-06-03T14:10:00Z", end: "2025-06-03T14:17:00Z" });
  });

  it("is deterministic: ids derive from content unless injected", () => {
    expect(createEventGraph(EVENTS, correlations)).toEqual(graph);
    expect(createEventGraph([...EVENTS].reverse(), correlations)).toEqual(graph);
    expect(createEventGraph(EVENTS, correlations, { graphId: "incident-17" }).graph_id).toBe("incident-17");
    expect(new Set(graph.edges.map((e) => e.edge_id)).size).toBe(graph.edges.length);
  });

  it("keeps a link to a parent outside the graph as an edge that checkEventGraph reports", () => {
    const orphan = event({ id: 7, minute: 20, module: "llm-observatory", parent: 99, payload: latency("m", 900) });
    const g = createEventGraph([orphan]);
    expect(g.edges).toEqual([
      expect.objectContaining({
        from_node: uuidOf(99),
        to_node: uuidOf(7),
        relationship_type: "causes",
        weight: 0.5,
        properties: { source: "parent_event_id", parent_missing: "true" },
      }),
    ]);
    expect(checkEventGraph(g).map((i) => i.code)).toEqual(["missing_from_node"]);
    expect(g.metadata).toMatchObject({ node_count: 1, edge_count: 1, avg_degree: 0, density: 0 });
  });

  it("turns correlated events that are not among the events into nodes", () => {
    const only = createEventGraph([], correlations);
    expect(only.nodes.map((n) => n.event_id).sort()).toEqual(correlations[0]?.events.map((e) => e.event_id).sort());
    expect(only.nodes[0]?.attributes.summary).toBe("latency 5120 ms on gpt-4o-mini");
  });

  it("needs a time range for an empty graph", () => {
    expect(() => createEventGraph([], [])).toThrow(
      "createEventGraph: there are no events or correlations, so options.timeRange is required",
    );
    const empty = createEventGraph([], [], {
      timeRange: { start: "2025-06-03T02:00:00+02:00", end: "2025-06-03T00:00:00Z" },
    });
    expect(empty.time_range).toEqual({ start: "2025-06-03T00:00:00Z", end: "2025-06-03T00:00:00Z" });
    expect(empty.metadata).toEqual(fixture("accept/event-graph-empty.json").metadata);
  });

  it("rejects repeated event ids", () => {
    expect(() => createEventGraph([EVENTS[0], EVENTS[0]] as never)).toThrow(
      `createEventGraph: events[1] repeats event_id ${uuidOf(1)}`,
    );
  });

  it("accepts correlations parsed from the wire", () => {
    const parsed = decode(
      EventCorrelation,
      fixtureText({ file: "accept/event-correlation-causal-chain.json", type: "", expect: "accept" }),
    );
    if (!parsed.success) throw parsed.error;
    const g = createEventGraph([], [parsed.data]);
    expect(g.nodes).toHaveLength(4);
    // root_cause → contributor → effect are chained by precedes; the related event hangs off the closest core event.
    expect(g.edges.map((e) => e.relationship_type)).toEqual(["precedes", "precedes", "correlates_with"]);
    expect(checkEventGraph(g)).toEqual([]);
  });
});

describe("toMermaid and toDot", () => {
  const graph = fixture("accept/event-graph.json");

  it("draws a Mermaid flowchart with safe aliases and labelled edges", () => {
    const text = toMermaid(graph);
    const lines = text.trimEnd().split("\n");
    expect(lines[0]).toBe("flowchart LR");
    expect(lines[1]).toBe('  n0["llm-registry · lifecycle<br/>2025-06-03T14:00:00Z"]');
    expect(lines).toContain('  n0 -->|"causes 0.9"| n1');
    expect(lines).toContain('  n1 -.->|"related_to 0.4"| n2');
    expect(lines).toContain('  n4 --x|"mitigates 0.8"| n3');
    expect(lines).toHaveLength(1 + 5 + 8);
  });

  it("escapes labels and draws missing nodes dashed", () => {
    const g: EventGraph = {
      ...graph,
      nodes: [{ ...(graph.nodes[0] as EventNode), attributes: { summary: 'say "hi" <b>|#' } }],
      edges: [edge("x", "ghost", graph.nodes[0]?.node_id as string, 0.123)],
    };
    const text = toMermaid(g);
    expect(text).toContain(
      '  n0["llm-registry · lifecycle<br/>say #quot;hi#quot; #lt;b#gt;#124;#35;<br/>2025-06-03T14:00:00Z"]',
    );
    expect(text).toContain('  m0["missing: ghost"]:::missing');
    expect(text).toContain('  m0 -->|"causes 0.12"| n0');
    expect(text.trimEnd().endsWith("classDef missing stroke-dasharray: 5 5")).toBe(true);
    const dot = toDot(g);
    expect(dot).toContain('  "n1" [label="llm-registry · lifecycle\\nsay \\"hi\\" <b>|#\\n2025-06-03T14:00:00Z"];');
    expect(dot).toContain('  "ghost" [label="missing: ghost", style=dashed];');
  });

  it("writes a Graphviz digraph", () => {
    const lines = toDot(graph).trimEnd().split("\n");
    expect(lines.slice(0, 3)).toEqual(['digraph "g-2025-06-03-incident-17" {', "  rankdir=LR;", "  node [shape=box];"]);
    expect(lines).toContain('  "n1" -> "n2" [label="causes 0.9"];');
    expect(lines).toContain('  "n2" -> "n3" [label="related_to 0.4", style=dashed];');
    expect(lines.at(-1)).toBe("}");
    expect(lines).toHaveLength(3 + 5 + 8 + 1);
  });
});
