/*
 * The causal graph drawing: a hand-written EventGraph (the hub's wire shape) in, SVG out. The
 * expected deltas are the timestamps' differences worked out by hand.
 */
import { describe, expect, it } from "vitest";
import { ReportFormat } from "../../src/cli/report-html/format.js";
import { drawEventGraph } from "../../src/cli/report-html/graph.js";
import { EventGraph } from "../../src/correlation/index.js";

const uuid = (i: number): string => `00000000-0000-4000-8000-${String(i).padStart(12, "0")}`;

function graph(nodes: { i: number; t: string; summary: string }[], edges: [number, number, string][]): EventGraph {
  return EventGraph.parse({
    graph_id: "g",
    time_range: { start: nodes[0]!.t, end: nodes[nodes.length - 1]!.t },
    nodes: nodes.map((n) => ({
      node_id: uuid(n.i),
      event_id: uuid(n.i),
      source_module: "llm-observatory",
      event_type: "telemetry",
      timestamp: n.t,
      attributes: { summary: n.summary, severity: "info", subtype: "latency", model_id: "m" },
    })),
    edges: edges.map(([from, to, rel], k) => ({
      edge_id: `e${k}`,
      from_node: uuid(from),
      to_node: uuid(to),
      relationship_type: rel,
      weight: 0.8,
      properties: {},
    })),
    metadata: {
      node_count: nodes.length,
      edge_count: edges.length,
      connected_components: 1,
      avg_degree: 1,
      density: 0.5,
    },
  });
}

const f = new ReportFormat("en-US");
const translateX = (svg: string, eventId: string): number => {
  const m = new RegExp(`data-event-id="${eventId}" transform="translate\\(([-\\d.]+),`).exec(svg);
  if (m === null) throw new Error(`node ${eventId} not drawn`);
  return Number(m[1]);
};

describe("drawEventGraph", () => {
  const g = graph(
    [
      { i: 1, t: "2025-06-03T13:13:03Z", summary: "slow <request> & more" },
      { i: 2, t: "2025-06-03T13:14:33Z", summary: "errors" },
      { i: 3, t: "2025-06-03T13:48:01Z", summary: "spend" },
      { i: 4, t: "2025-06-03T13:48:01.250Z", summary: "budget alert" },
    ],
    [
      [1, 2, "causes"],
      [1, 3, "causes"],
      [3, 4, "triggered_by"],
    ],
  );

  it("draws every node and edge, the root outlined, deltas from the timestamps", () => {
    const drawn = drawEventGraph(g, f, { rootEventId: uuid(1), idPrefix: "t" });
    const svg = drawn.svg!;
    expect(svg.match(/<g class="node[ "]/g)).toHaveLength(4);
    expect(svg.match(/<g class="node root"/g)).toHaveLength(1);
    expect(svg).toContain(`<g class="node root" data-event-id="${uuid(1)}"`);
    expect(svg.match(/<g class="edge"/g)).toHaveLength(3);
    // 13:13:03 → 13:14:33 is 90 s; → 13:48:01 is 34 min 58 s = 34.97 min; 250 ms between the last two.
    const deltas = [...svg.matchAll(/<text class="delta"[^>]*>([^<]*)</g)].map((m) => m[1]);
    expect(deltas.sort()).toEqual(["+1.5 min", "+250 ms", "+35 min"].sort());
    expect(drawn.edges.map((e) => e.deltaMs).sort((a, b) => a - b)).toEqual([250, 90_000, 2_098_000]);
    // Text is escaped, never markup.
    expect(svg).toContain("slow &lt;request&gt; &amp; more");
    expect(svg).not.toContain("<request>");
  });

  it("lays causes out left of their effects", () => {
    const svg = drawEventGraph(g, f, { rootEventId: uuid(1), idPrefix: "t" }).svg!;
    expect(translateX(svg, uuid(1))).toBeLessThan(translateX(svg, uuid(2)));
    expect(translateX(svg, uuid(3))).toBeLessThan(translateX(svg, uuid(4)));
  });

  it("keeps the root and what it reaches when the graph is over maxNodes", () => {
    const big = graph(
      Array.from({ length: 30 }, (_, i) => ({
        i: i + 1,
        t: `2025-06-03T13:${String(i).padStart(2, "0")}:00Z`,
        summary: `n${i + 1}`,
      })),
      [
        [20, 21, "causes"],
        [21, 22, "causes"],
        [1, 2, "related_to"],
      ],
    );
    const drawn = drawEventGraph(big, f, { rootEventId: uuid(20), maxNodes: 5, idPrefix: "b" });
    const ids = drawn.nodes.map((n) => n.event_id);
    expect(ids).toHaveLength(5);
    expect(ids).toEqual(expect.arrayContaining([uuid(20), uuid(21), uuid(22)]));
    expect(drawn.omittedNodes).toBe(25);
  });

  it("draws nothing for an empty graph", () => {
    const empty = EventGraph.parse({
      graph_id: "e",
      time_range: { start: "2025-06-03T00:00:00Z", end: "2025-06-03T00:00:00Z" },
      nodes: [],
      edges: [],
      metadata: { node_count: 0, edge_count: 0, connected_components: 0, avg_degree: 0, density: 0 },
    });
    expect(drawEventGraph(empty, f, { idPrefix: "e" }).svg).toBeUndefined();
  });
});
