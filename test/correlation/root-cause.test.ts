import { describe, expect, it } from "vitest";
import {
  type EdgeRelationship,
  type EventEdge,
  type EventGraph,
  type EventNode,
  graphMetadataOf,
  RootCauseAnalysis,
  rankRootCauses,
  rootCauseCandidates,
} from "../../src/correlation/index.js";
import type { SourceModule } from "../../src/events/index.js";
import { deepFreeze, uuidOf } from "./helpers.js";

const MODULE_TYPE: Record<string, [SourceModule, EventNode["event_type"], Record<string, string>]> = {
  latency: ["llm-observatory", "telemetry", { payload_type: "telemetry", subtype: "latency", model_id: "gpt-4o-mini" }],
  errors: ["llm-observatory", "telemetry", { payload_type: "telemetry", subtype: "error_rate" }],
  cost: ["llm-cost-ops", "cost", { payload_type: "cost", subtype: "token_cost" }],
  budget: ["llm-cost-ops", "alert", { payload_type: "cost", subtype: "budget_alert" }],
  deploy: ["llm-registry", "lifecycle", {}],
  threat: ["llm-sentinel", "security", { payload_type: "security", subtype: "threat" }],
};

function n(id: number, minute: number, kind = "latency", extra: Record<string, string> = {}): EventNode {
  const [source_module, event_type, attributes] = MODULE_TYPE[kind] as [
    SourceModule,
    EventNode["event_type"],
    Record<string, string>,
  ];
  return {
    node_id: `n${id}`,
    event_id: uuidOf(id),
    source_module,
    event_type,
    timestamp: `2025-06-03T14:${String(minute).padStart(2, "0")}:00Z`,
    attributes: { summary: `${kind} #${id}`, ...attributes, ...extra },
  };
}

function e(from: number | string, to: number | string, weight: number, rel: EdgeRelationship = "causes"): EventEdge {
  const f = typeof from === "number" ? `n${from}` : from;
  const t = typeof to === "number" ? `n${to}` : to;
  return { edge_id: `${f}-${t}-${rel}`, from_node: f, to_node: t, relationship_type: rel, weight, properties: {} };
}

function graph(nodes: EventNode[], edges: EventEdge[]): EventGraph {
  return deepFreeze({
    graph_id: "g",
    time_range: { start: "2025-06-03T14:00:00Z", end: "2025-06-03T15:00:00Z" },
    nodes,
    edges,
    metadata: graphMetadataOf({ nodes, edges }),
  });
}

// latency (14:10) → errors (14:12) → cost (14:15) → budget alert (14:17)
const CHAIN = graph(
  [n(1, 10, "latency"), n(2, 12, "errors"), n(3, 15, "cost"), n(4, 17, "budget")],
  [e(1, 2, 0.9), e(2, 3, 0.8), e(3, 4, 0.5)],
);

describe("rankRootCauses", () => {
  it("names the head of a chain, with the chain in causal order and its time deltas", () => {
    const rca = rankRootCauses(CHAIN);
    expect(RootCauseAnalysis.parse(rca)).toEqual(rca);
    expect(rca.root_event_id).toBe(uuidOf(1));
    // influence = (0.9 + 0.9·0.8 + 0.9·0.8·0.5) / 3 = 0.66; nothing rivals it.
    expect(rca.confidence).toBeCloseTo(0.66, 14);
    expect(rca.causal_chain).toEqual([
      {
        from_event_id: uuidOf(1),
        to_event_id: uuidOf(2),
        relationship: "direct_cause",
        strength: 0.9,
        time_delta_ms: 120_000,
      },
      {
        from_event_id: uuidOf(2),
        to_event_id: uuidOf(3),
        relationship: "direct_cause",
        strength: 0.8,
        time_delta_ms: 180_000,
      },
      {
        from_event_id: uuidOf(3),
        to_event_id: uuidOf(4),
        relationship: "direct_cause",
        strength: 0.5,
        time_delta_ms: 120_000,
      },
    ]);
    expect(rca.contributing_factors).toEqual([
      "contributor: errors #2 (llm-observatory, 2025-06-03T14:12:00Z)",
      "contributor: cost #3 (llm-cost-ops, 2025-06-03T14:15:00Z)",
    ]);
    expect(rca.recommendations).toEqual([
      "Check gpt-4o-mini's provider status and recent deployments; route traffic to a fallback model or tighten request timeouts.",
      "Cap spend while the incident lasts: throttle or queue the affected workload.",
    ]);
  });

  it("ranks every candidate by the strength it reaches, halved when something causes the node", () => {
    const ranked = rootCauseCandidates(CHAIN);
    expect(ranked.map((c) => c.node_id)).toEqual(["n1", "n2", "n3", "n4"]);
    // n1 reaches 0.9 + 0.72 + 0.36 = 1.98; n2: 0.8 + 0.4 = 1.2 (influence 0.4, score 0.2); n3: 0.5.
    expect(ranked.map((c) => [c.reach, c.has_cause])).toEqual([
      [3, false],
      [2, true],
      [1, true],
      [0, true],
    ]);
    expect(ranked[0]?.reach_strength).toBeCloseTo(1.98, 14);
    expect(ranked[1]?.reach_strength).toBeCloseTo(1.2, 14);
    expect(ranked[1]?.influence).toBeCloseTo(0.4, 14);
    expect(ranked[1]?.score).toBeCloseTo(0.2, 14);
    expect(ranked[2]?.score).toBeCloseTo(0.5 / 3 / 2, 14);
    expect(ranked[3]?.score).toBe(0);
  });

  it("reads triggered_by and follows backwards, precedes as an indirect cause, amplifies as amplification", () => {
    const g = graph(
      [n(1, 10, "deploy"), n(2, 12, "latency"), n(3, 14, "errors"), n(4, 16, "cost")],
      [e(2, 1, 1, "triggered_by"), e(3, 2, 0.6, "follows"), e(3, 4, 0.5, "amplifies")],
    );
    const rca = rankRootCauses(g);
    expect(rca.root_event_id).toBe(uuidOf(1));
    expect(rca.causal_chain.map((l) => [l.from_event_id, l.to_event_id, l.relationship])).toEqual([
      [uuidOf(1), uuidOf(2), "direct_cause"],
      [uuidOf(2), uuidOf(3), "indirect_cause"],
      [uuidOf(3), uuidOf(4), "amplification"],
    ]);
    expect(rca.recommendations[0]).toBe("Roll back the most recent model or deployment change.");
  });

  it("lowers confidence by the best competing source of the same incident", () => {
    // n1 → n3 (1.0) and n2 → n3 (0.6): two explanations of one effect. Influence 1/2 and 0.6/2.
    const g = graph([n(1, 10), n(2, 11, "deploy"), n(3, 12, "errors")], [e(1, 3, 1), e(2, 3, 0.6)]);
    const rca = rankRootCauses(g);
    expect(rca.root_event_id).toBe(uuidOf(1));
    expect(rca.confidence).toBeCloseTo(0.2, 14);
    expect(rca.contributing_factors).toEqual([
      "competing source (score 0.3): deploy #2 (llm-registry, 2025-06-03T14:11:00Z)",
    ]);
    expect(rca.recommendations.at(-1)).toBe(
      "Confirm the root cause by hand: the graph's evidence is weak (confidence 0.2).",
    );
  });

  it("prefers the larger incident, and a separate incident does not lower confidence", () => {
    // A 3-link chain (reach 0.9 + 0.81 + 0.729) against a stronger but single link (1.0) elsewhere.
    const g = graph(
      [n(1, 10), n(2, 11, "errors"), n(3, 12, "cost"), n(4, 13, "budget"), n(5, 5, "deploy"), n(6, 6, "threat")],
      [e(1, 2, 0.9), e(2, 3, 0.9), e(3, 4, 0.9), e(5, 6, 1)],
    );
    const rca = rankRootCauses(g);
    expect(rca.root_event_id).toBe(uuidOf(1));
    expect(rca.confidence).toBeCloseTo((0.9 + 0.81 + 0.729) / 3, 14);
    expect(rca.contributing_factors.some((f) => f.includes("deploy"))).toBe(false);
  });

  it("halves confidence when the root's own parent is missing from the graph", () => {
    const g = graph([n(1, 10), n(2, 12, "errors")], [e("ghost", 1, 0.5), e(1, 2, 0.8)]);
    const rca = rankRootCauses(g);
    expect(rca.root_event_id).toBe(uuidOf(1));
    // influence 0.8, halved for having a cause (0.4), halved again for the cause being outside (0.2).
    expect(rca.confidence).toBeCloseTo(0.2, 14);
    expect(rca.contributing_factors).toContain(
      "the root's cause ghost is not in the graph; the incident may have started earlier",
    );
  });

  it("attaches correlated events to the chain and ignores mitigations", () => {
    const g = graph(
      [n(1, 10), n(2, 12, "errors"), n(3, 11, "threat"), n(4, 13, "deploy")],
      [e(1, 2, 0.9), e(1, 3, 0.7, "correlates_with"), e(4, 2, 0.9, "mitigates")],
    );
    const rca = rankRootCauses(g);
    expect(rca.root_event_id).toBe(uuidOf(1));
    expect(rca.causal_chain.map((l) => [l.to_event_id, l.relationship, l.time_delta_ms])).toEqual([
      [uuidOf(2), "direct_cause", 120_000],
      [uuidOf(3), "correlation", 60_000],
    ]);
    expect(rca.confidence).toBeCloseTo(0.9, 14);
    expect(rca.contributing_factors).toEqual(["correlated: threat #3 (llm-sentinel, 2025-06-03T14:11:00Z)"]);
  });

  it("names the earliest event with confidence 0 when nothing is causal, and handles cycles", () => {
    const flat = rankRootCauses(graph([n(2, 12), n(1, 10, "errors")], [e(1, 2, 0.5, "related_to")]));
    expect(flat.root_event_id).toBe(uuidOf(1));
    expect(flat.confidence).toBe(0);
    expect(flat.causal_chain).toHaveLength(1);
    const cycle = rankRootCauses(graph([n(1, 10), n(2, 12, "errors")], [e(1, 2, 0.8), e(2, 1, 0.8)]));
    expect(cycle.root_event_id).toBe(uuidOf(1));
    expect(cycle.confidence).toBeCloseTo(0.4, 14);
    const single = rankRootCauses(graph([n(1, 10)], []));
    expect(single).toEqual({
      root_event_id: uuidOf(1),
      confidence: 0,
      causal_chain: [],
      contributing_factors: [],
      recommendations: [
        "Check gpt-4o-mini's provider status and recent deployments; route traffic to a fallback model or tighten request timeouts.",
        "Confirm the root cause by hand: the graph's evidence is weak (confidence 0).",
      ],
    });
  });

  it("follows at most maxDepth hops", () => {
    const rca = rankRootCauses(CHAIN, { maxDepth: 2 });
    expect(rca.causal_chain.map((l) => l.to_event_id)).toEqual([uuidOf(2), uuidOf(3)]);
    // (0.9 + 0.72) / 3
    expect(rca.confidence).toBeCloseTo(0.54, 14);
  });

  it("prefers the strongest of equally short paths", () => {
    const g = graph(
      [n(1, 10), n(2, 11, "errors"), n(3, 12, "cost"), n(4, 13, "budget")],
      [e(1, 2, 0.9), e(1, 3, 0.4), e(2, 4, 0.5), e(3, 4, 1)],
    );
    const link = rankRootCauses(g).causal_chain.find((l) => l.to_event_id === uuidOf(4));
    // 0.9·0.5 = 0.45 beats 0.4·1 = 0.4
    expect(link?.from_event_id).toBe(uuidOf(2));
  });

  it("rejects empty graphs, repeated node ids and weights outside [0, 1]", () => {
    expect(() => rankRootCauses(graph([], []))).toThrow("rankRootCauses: the graph has no nodes");
    expect(() => rankRootCauses(graph([n(1, 10), n(1, 11)], []))).toThrow('rankRootCauses: node_id "n1" appears twice');
    expect(() => rankRootCauses(graph([n(1, 10), n(2, 11)], [e(1, 2, 1.5)]))).toThrow(
      'rankRootCauses: edges[0] ("n1-n2-causes") has weight 1.5; weights must be within [0, 1]',
    );
    expect(() => rootCauseCandidates(CHAIN, { maxDepth: 0 })).toThrow(
      "rootCauseCandidates: options.maxDepth must be a whole number ≥ 1, received 0",
    );
  });
});
