import { compareTimestamps, epochMillisOf } from "../core/timestamp.js";
import { assertWholeAtLeast } from "../stats/validate.js";
import { domainOf, type EventDomain } from "./describe.js";
import { assertGraphShape } from "./graph.js";
import {
  type CausalLink,
  type CausalRelationship,
  DEFAULT_MAX_DEPTH,
  type EdgeRelationship,
  type EventGraph,
  type EventNode,
  type RootCauseAnalysis,
} from "./schema.js";

/**
 * How each edge relationship reads causally: `causes` and `amplifies` point from cause to
 * effect, `triggered_by` and `follows` from effect to cause (so they are reversed), `precedes`
 * is ordering evidence only (an indirect cause), `related_to`/`correlates_with` are undirected,
 * and `mitigates` is not a cause at all.
 */
const EDGE_READING: Record<EdgeRelationship, { reverse: boolean; kind: CausalRelationship } | "undirected" | "none"> = {
  causes: { reverse: false, kind: "direct_cause" },
  triggered_by: { reverse: true, kind: "direct_cause" },
  amplifies: { reverse: false, kind: "amplification" },
  precedes: { reverse: false, kind: "indirect_cause" },
  follows: { reverse: true, kind: "indirect_cause" },
  related_to: "undirected",
  correlates_with: "undirected",
  mitigates: "none",
};

interface Arc {
  readonly to: number;
  readonly weight: number;
  readonly kind: CausalRelationship;
}

interface Prepared {
  readonly nodes: readonly EventNode[];
  readonly out: readonly Arc[][];
  readonly hasCause: readonly boolean[];
  readonly externalCause: readonly string[][];
  readonly undirected: readonly { a: number; b: number; weight: number }[];
  readonly componentSize: readonly number[];
  readonly component: readonly number[];
  readonly instants: readonly number[];
}

/** Disjoint sets over node indices (path halving), for the graph's weakly connected components. */
class Components {
  private readonly parent: number[];

  constructor(size: number) {
    this.parent = Array.from({ length: size }, (_, i) => i);
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i] as number] as number;
      i = parent[i] as number;
    }
    return i;
  }

  union(a: number, b: number): void {
    this.parent[this.find(a)] = this.find(b);
  }
}

/** Each node's position by node_id (ids must be unique) and its instant in epoch milliseconds. */
function indexNodes(fn: string, nodes: readonly EventNode[]): { index: Map<string, number>; instants: number[] } {
  if (nodes.length === 0) throw new RangeError(`${fn}: the graph has no nodes`);
  const index = new Map<string, number>();
  const instants: number[] = [];
  for (const [i, node] of nodes.entries()) {
    if (index.has(node.node_id)) throw new RangeError(`${fn}: node_id ${JSON.stringify(node.node_id)} appears twice`);
    index.set(node.node_id, i);
    instants.push(epochMillisOf(fn, `nodes[${i}].timestamp`, node.timestamp));
  }
  return { index, instants };
}

/** What the edges say, read once: the strongest causal arc per ordered pair, causes outside the graph, and undirected links. */
interface EdgeReading {
  readonly best: Map<string, Arc & { from: number }>;
  readonly externalCause: string[][];
  readonly undirected: { a: number; b: number; weight: number }[];
  readonly components: Components;
}

function readEdges(fn: string, graph: EventGraph, index: ReadonlyMap<string, number>): EdgeReading {
  const n = graph.nodes.length;
  const reading: EdgeReading = {
    best: new Map(),
    externalCause: Array.from({ length: n }, () => []),
    undirected: [],
    components: new Components(n),
  };
  for (const [k, edge] of graph.edges.entries()) readEdge(fn, { edge, k, index }, reading);
  return reading;
}

function readEdge(
  fn: string,
  at: { edge: EventGraph["edges"][number]; k: number; index: ReadonlyMap<string, number> },
  into: EdgeReading,
): void {
  const { edge, k, index } = at;
  const reading = EDGE_READING[edge.relationship_type];
  if (reading === "none") return;
  if (!(edge.weight >= 0 && edge.weight <= 1)) {
    throw new RangeError(
      `${fn}: edges[${k}] (${JSON.stringify(edge.edge_id)}) has weight ${edge.weight}; weights must be within [0, 1]`,
    );
  }
  const a = index.get(edge.from_node);
  const b = index.get(edge.to_node);
  if (a === undefined || b === undefined) {
    // An edge from a node outside the graph into one inside: that node's cause lies outside.
    if (reading !== "undirected") {
      const [cause, effect] = reading.reverse ? [edge.to_node, edge.from_node] : [edge.from_node, edge.to_node];
      const e = index.get(effect);
      if (e !== undefined && !index.has(cause)) into.externalCause[e]?.push(cause);
    }
    return;
  }
  if (a === b) return;
  if (reading === "undirected") {
    into.undirected.push({ a, b, weight: edge.weight });
    return;
  }
  into.components.union(a, b);
  const [from, to] = reading.reverse ? [b, a] : [a, b];
  const key = `${from} ${to}`;
  const prior = into.best.get(key);
  if (prior === undefined || edge.weight > prior.weight)
    into.best.set(key, { from, to, weight: edge.weight, kind: reading.kind });
}

function prepare(fn: string, graph: EventGraph): Prepared {
  assertGraphShape(fn, graph);
  const nodes = graph.nodes;
  const { index, instants } = indexNodes(fn, nodes);
  const { best, externalCause, undirected, components } = readEdges(fn, graph, index);
  const hasCause = externalCause.map((causes) => causes.length > 0);
  const out: Arc[][] = nodes.map(() => []);
  for (const arc of best.values()) {
    out[arc.from]?.push({ to: arc.to, weight: arc.weight, kind: arc.kind });
    hasCause[arc.to] = true;
  }
  for (const arcs of out) arcs.sort((x, y) => x.to - y.to);
  const component = nodes.map((_, i) => components.find(i));
  const sizes = new Map<number, number>();
  for (const c of component) sizes.set(c, (sizes.get(c) ?? 0) + 1);
  const componentSize = component.map((c) => sizes.get(c) as number);
  return { nodes, out, hasCause, externalCause, undirected, componentSize, component, instants };
}

interface Reach {
  /** Tree parent and arc of every node reached from the start (the start itself excluded). */
  readonly via: Map<number, { from: number; arc: Arc; strength: number; depth: number }>;
}

/**
 * Breadth-first over causal arcs up to `maxDepth` hops. A node reached by several paths of
 * the same length keeps the one whose product of weights is largest (then the lower index).
 */
function reach(p: Prepared, start: number, maxDepth: number): Reach {
  const via = new Map<number, { from: number; arc: Arc; strength: number; depth: number }>();
  let frontier = [start];
  const strengthOf = (i: number): number => (i === start ? 1 : (via.get(i)?.strength ?? 0));
  for (let depth = 1; depth <= maxDepth && frontier.length > 0; depth++) {
    const next: number[] = [];
    for (const u of frontier) {
      for (const arc of p.out[u] ?? []) {
        if (arc.to === start) continue;
        const strength = strengthOf(u) * arc.weight;
        const seen = via.get(arc.to);
        if (seen === undefined) {
          via.set(arc.to, { from: u, arc, strength, depth });
          next.push(arc.to);
        } else if (seen.depth === depth && strength > seen.strength) {
          via.set(arc.to, { from: u, arc, strength, depth });
        }
      }
    }
    frontier = next.sort((a, b) => a - b);
  }
  return { via };
}

export interface RootCauseCandidate {
  readonly node_id: string;
  readonly event_id: string;
  /** How many nodes the candidate reaches through causal edges (within maxDepth hops). */
  readonly reach: number;
  /**
   * Σ over the reached nodes of the product of weights along the strongest shortest path to
   * each: the amount of the incident the candidate explains (≥ 0, at most `reach`).
   */
  readonly reach_strength: number;
  /**
   * reach_strength / (size of the candidate's causal component − 1), the causal component
   * being the nodes joined to it by causal edges in either direction. In [0, 1].
   */
  readonly influence: number;
  /** influence, halved when something causes the candidate. In [0, 1]. */
  readonly score: number;
  /** True when a causal edge points into the node (from the graph or from a missing node). */
  readonly has_cause: boolean;
}

export interface RootCauseOptions {
  /** Most hops followed from a candidate (default 5, CorrelationQuery's `max_depth` default). */
  readonly maxDepth?: number;
}

function candidates(p: Prepared, maxDepth: number): (RootCauseCandidate & { index: number; r: Reach })[] {
  const list = p.nodes.map((node, i) => {
    const r = reach(p, i, maxDepth);
    const others = (p.componentSize[i] as number) - 1;
    let total = 0;
    for (const v of r.via.values()) total += v.strength;
    const influence = others === 0 ? 0 : Math.min(1, total / others);
    const hasCause = p.hasCause[i] as boolean;
    return {
      index: i,
      r,
      node_id: node.node_id,
      event_id: node.event_id,
      reach: r.via.size,
      reach_strength: total,
      influence,
      score: hasCause ? influence / 2 : influence,
      has_cause: hasCause,
    };
  });
  const rank = (c: { reach_strength: number; has_cause: boolean }) =>
    c.has_cause ? c.reach_strength / 2 : c.reach_strength;
  return list.sort(
    (a, b) =>
      rank(b) - rank(a) ||
      compareTimestamps((p.nodes[a.index] as EventNode).timestamp, (p.nodes[b.index] as EventNode).timestamp) ||
      (a.node_id < b.node_id ? -1 : a.node_id > b.node_id ? 1 : 0),
  );
}

/**
 * Every node of the graph ranked as a root-cause candidate, best first: by reach_strength (the
 * strongest-path products of everything it reaches through causal edges, so the candidate that
 * explains most of an incident comes first, and a larger incident before a smaller one), halved
 * when something causes the candidate (a causal edge into it, or a parent missing from the
 * graph); ties go to the earlier event, then the smaller node_id. `influence` and `score` are the
 * same quantities relative to the candidate's causal component, in [0, 1].
 * Edge readings: `causes`/`amplifies` forward, `triggered_by`/`follows` reversed, `precedes`
 * forward as indirect evidence, `related_to`/`correlates_with` only attach correlated events
 * to the chain, `mitigates` is ignored. O(N · (N + E)).
 *
 * @throws RangeError for an empty graph, a repeated node_id, or a weight outside [0, 1].
 */
export function rootCauseCandidates(graph: EventGraph, options: RootCauseOptions = {}): RootCauseCandidate[] {
  const fn = "rootCauseCandidates";
  const maxDepth = assertWholeAtLeast(fn, options.maxDepth ?? DEFAULT_MAX_DEPTH, 1, "options.maxDepth");
  return candidates(prepare(fn, graph), maxDepth).map(({ index: _i, r: _r, ...c }) => c);
}

function describeNode(node: EventNode): string {
  const summary = node.attributes.summary;
  const what = summary !== undefined && summary !== "" ? summary : `${node.source_module} ${node.event_type}`;
  return `${what} (${node.source_module}, ${node.timestamp})`;
}

function nodeDomain(node: EventNode): EventDomain {
  return domainOf(node.attributes.payload_type, node.event_type, node.source_module);
}

/**
 * What to do first about a root, by its payload kind (the `subtype` of a graph node; analyzeIncidents
 * maps its signals onto the same kinds, so both entry points give one advice for one cause).
 */
const ROOT_ADVICE: Readonly<Record<string, (model: string) => string>> = {
  latency: (m) =>
    `Check ${m}'s provider status and recent deployments; route traffic to a fallback model or tighten request timeouts.`,
  error_rate: (m) =>
    `Inspect ${m}'s error breakdown; retry with exponential backoff and open a circuit breaker on sustained failures.`,
  throughput: (m) => `Find where ${m}'s traffic went (routing, upstream callers, rate limits) and restore it.`,
  token_usage: (m) => `Check prompt sizes, max_tokens limits and agent loops for ${m}; cap tokens per request.`,
  model_performance: (m) => `Compare ${m}'s quality with its previous version and roll back if it regressed.`,
  threat: () => "Contain the attack: block its sources, tighten input filtering and review the targeted endpoint.",
  vulnerability: () => "Patch or isolate the vulnerable components.",
  compliance_violation: () => "Stop the non-compliant data flow and notify the compliance owner.",
  privacy: () => "Stop processing without consent and notify the privacy owner.",
  auth: () => "Review the failed authentications; lock the targeted accounts and rotate exposed keys.",
  token_cost: (m) => `Find what drives ${m}'s spend and set per-model or per-team quotas.`,
  api_cost: () => "Find what drives the API spend and set per-provider quotas.",
  resource_consumption: () => "Right-size or release the under-used resources.",
  budget_alert: () => "Enforce the budget: throttle non-critical workloads or raise the limit deliberately.",
  policy_violation: () =>
    "Find the client or team behind the violations and fix it at the source; review the policy's rules.",
  audit_trail: () => "Review the audited changes and revert the unintended ones.",
  compliance_check: () => "Fix the failed controls and run the compliance checks again.",
  data_lineage: () => "Trace the data asset's lineage to the faulty transformation.",
};

/** The advice for a root of payload kind `subtype` on `model`; undefined for a kind without one. */
export function rootAdvice(subtype: string, model: string): string | undefined {
  return Object.hasOwn(ROOT_ADVICE, subtype) ? (ROOT_ADVICE[subtype] as (model: string) => string)(model) : undefined;
}

/** Advice when the incident reached a domain beyond the root's; analyzeIncidents words its effects alike. */
export const EFFECT_ADVICE: Readonly<Partial<Record<EventDomain, string>>> = {
  cost: "Cap spend while the incident lasts: throttle or queue the affected workload.",
  security: "Check whether the incident exposed data or credentials.",
  governance: "Tell the policy owner: the incident led to governance findings.",
  telemetry: "Watch latency and error rates until they are back at their baseline.",
};

const DOMAIN_ADVICE: Record<EventDomain, string> = {
  telemetry: "Investigate the performance regression where it started.",
  security: "Contain the security incident and review the access logs.",
  cost: "Review the cost driver and set quotas.",
  governance: "Review the governance finding with the policy owner.",
  lifecycle: "Roll back the most recent model or deployment change.",
  audit: "Review the audited change and revert it if it was not intended.",
  alert: "Investigate the alert's source.",
};

/**
 * Weakest confidence at which the analysis is still stated without a caveat: 0.5, even odds.
 * Below it the named root is more likely wrong than right (the confidence is a probability; see
 * `rankRootCauses`), so the report says to confirm it by hand.
 */
const CONFIDENT = 0.5;

/**
 * The most likely root cause of the events in a graph (see `rootCauseCandidates` for the
 * ranking), as a RootCauseAnalysis:
 * - `confidence` = the root's score minus the best score of a competing source (a node of the
 *   root's causal component with no cause, which the root does not reach), halved again when
 *   the root's parent is missing from the graph; in [0, 1]. Separate incidents elsewhere in the
 *   graph do not lower it. A graph without causal edges names its earliest event with
 *   confidence 0.
 * - `causal_chain`: the root's breadth-first tree (strongest shortest paths, at most maxDepth
 *   hops) in time order, each link with the edge's relationship (`causes`/`triggered_by` →
 *   direct_cause, `precedes`/`follows` → indirect_cause, `amplifies` → amplification), weight
 *   and `time_delta_ms` = to − from; then a `correlation` link to each node joined to the chain
 *   only by `related_to`/`correlates_with`.
 * - `contributing_factors`: the chain's intermediate events, competing sources, a missing
 *   parent of the root, and correlated events, each described as "summary (module, time)".
 * - `recommendations` by rule: one for the root's payload kind (`subtype` attribute, e.g.
 *   latency, budget_alert; else its domain), one per other domain the chain reaches (cost,
 *   security, governance, telemetry), and a caveat when confidence < 0.5.
 * O(N · (N + E)).
 *
 * @throws RangeError for an empty graph, a repeated node_id, or a weight outside [0, 1].
 */
export function rankRootCauses(graph: EventGraph, options: RootCauseOptions = {}): RootCauseAnalysis {
  const fn = "rankRootCauses";
  const maxDepth = assertWholeAtLeast(fn, options.maxDepth ?? DEFAULT_MAX_DEPTH, 1, "options.maxDepth");
  const p = prepare(fn, graph);
  const ranked = candidates(p, maxDepth);
  const top = ranked[0] as (typeof ranked)[number];
  const rootNode = p.nodes[top.index] as EventNode;
  const reached = top.r.via;
  // Competing explanations: other uncaused nodes of the root's causal component that it does not reach.
  const independent = ranked.filter(
    (c) =>
      c.index !== top.index && !c.has_cause && !reached.has(c.index) && p.component[c.index] === p.component[top.index],
  );
  const rival = independent.reduce((m, c) => Math.max(m, c.score), 0);
  const external = p.externalCause[top.index] as string[];
  let confidence = Math.max(0, top.score - rival);
  if (external.length > 0) confidence /= 2;

  const chain = causalChainOf(p, top.index, reached);
  const contributing_factors: string[] = [];
  const carriers = new Set([...reached.values()].map((s) => s.from));
  for (const v of chain.nodes) {
    if (carriers.has(v)) contributing_factors.push(`contributor: ${describeNode(p.nodes[v] as EventNode)}`);
  }
  for (const c of independent) {
    if (c.score > 0) {
      contributing_factors.push(
        `competing source (score ${Math.round(c.score * 100) / 100}): ${describeNode(p.nodes[c.index] as EventNode)}`,
      );
    }
  }
  for (const id of external) {
    contributing_factors.push(`the root's cause ${id} is not in the graph; the incident may have started earlier`);
  }
  for (const to of chain.correlated) contributing_factors.push(`correlated: ${describeNode(p.nodes[to] as EventNode)}`);
  return {
    root_event_id: rootNode.event_id,
    confidence: Math.min(1, confidence),
    causal_chain: chain.links,
    contributing_factors,
    recommendations: recommendationsFor(
      rootNode,
      chain.nodes.map((v) => p.nodes[v] as EventNode),
      confidence,
    ),
  };
}

/**
 * The causal chain of a root: the tree arcs of every node it reaches, in time order, then one
 * `correlation` link to each node outside the chain that an undirected edge joins to it.
 */
function causalChainOf(
  p: Prepared,
  root: number,
  reached: Reach["via"],
): { links: CausalLink[]; nodes: number[]; correlated: number[] } {
  const instant = (i: number): number => p.instants[i] as number;
  const byTime = (a: number, b: number): number =>
    compareTimestamps((p.nodes[a] as EventNode).timestamp, (p.nodes[b] as EventNode).timestamp) || a - b;
  const link = (from: number, to: number, relationship: CausalLink["relationship"], strength: number): CausalLink => ({
    from_event_id: (p.nodes[from] as EventNode).event_id,
    to_event_id: (p.nodes[to] as EventNode).event_id,
    relationship,
    strength,
    time_delta_ms: instant(to) - instant(from),
  });
  const nodes = [...reached.keys()].sort(byTime);
  const links = nodes.map((v) => {
    const step = reached.get(v) as { from: number; arc: Arc };
    return link(step.from, v, step.arc.kind, step.arc.weight);
  });
  const inChain = new Set([root, ...nodes]);
  const correlated: { from: number; to: number; weight: number }[] = [];
  const seenCorrelated = new Set<number>();
  for (const { a, b, weight } of p.undirected) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      if (inChain.has(from) && !inChain.has(to) && !seenCorrelated.has(to)) {
        seenCorrelated.add(to);
        correlated.push({ from, to, weight });
      }
    }
  }
  correlated.sort((x, y) => byTime(x.to, y.to));
  for (const { from, to, weight } of correlated) links.push(link(from, to, "correlation", weight));
  return { links, nodes, correlated: correlated.map((c) => c.to) };
}

/** Advice for the root's subtype or domain, one line per other domain the chain reaches, and a caveat when unsure. */
function recommendationsFor(rootNode: EventNode, chain: readonly EventNode[], confidence: number): string[] {
  const recommendations: string[] = [];
  const rootDomain = nodeDomain(rootNode);
  const subtype = rootNode.attributes.subtype;
  const advice = subtype === undefined ? undefined : rootAdvice(subtype, rootNode.attributes.model_id ?? "the model");
  recommendations.push(advice ?? DOMAIN_ADVICE[rootDomain]);
  const effectDomains = new Set(chain.map(nodeDomain));
  for (const domain of ["telemetry", "cost", "security", "governance"] as const) {
    const text = EFFECT_ADVICE[domain];
    if (domain !== rootDomain && effectDomains.has(domain) && text !== undefined) recommendations.push(text);
  }
  if (confidence < CONFIDENT) {
    recommendations.push(
      `Confirm the root cause by hand: the graph's evidence is weak (confidence ${Math.round(confidence * 100) / 100}).`,
    );
  }
  return recommendations;
}
