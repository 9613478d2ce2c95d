import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { checkEventGraph } from "../../src/checks/index.js";
import {
  anomalyScore,
  causalStrength,
  correlateEvents,
  correlationConfidence,
  createEventGraph,
  DEFAULT_CORRELATION_CONFIG,
  detectAnomalies,
  type EventEdge,
  type EventGraph,
  type EventNode,
  graphMetadataOf,
  laggedCorrelationOf,
  rankRootCauses,
  rootCauseCandidates,
  temporalStrength,
} from "../../src/correlation/index.js";
import { SOURCE_MODULES, type SourceModule } from "../../src/events/index.js";
import { kolmogorovSmirnov } from "../../src/stats/kolmogorov-smirnov.js";
import {
  budgetAlert,
  custom,
  errorRate,
  event,
  latency,
  policyViolation,
  threat,
  tokenCost,
  uuidOf,
} from "./helpers.js";

const SEED = 20250603;
const RUNS = { seed: SEED, numRuns: 60 };

const inUnit = (x: number) => Number.isFinite(x) && x >= 0 && x <= 1;
const module = fc.constantFrom(...SOURCE_MODULES);
const instant = fc
  .integer({ min: 0, max: 2 * 3_600_000 })
  .map((ms) => new Date(Date.UTC(2025, 5, 3) + ms).toISOString());

describe("every score stays in [0, 1]", () => {
  it("temporalStrength, causalStrength, anomalyScore, correlationConfidence", () => {
    fc.assert(
      fc.property(
        instant,
        instant,
        module,
        module,
        fc.integer({ min: 1000, max: 86_400_000 }),
        fc.double({ min: -1, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 1_000_000 }),
        fc.double({ noNaN: true }),
        fc.double({ min: Number.MIN_VALUE, noNaN: true, noDefaultInfinity: true }),
        (t1, t2, m1, m2, window, r, n, z, threshold) => {
          expect(
            inUnit(
              temporalStrength(
                { timestamp: t1, source_module: m1 },
                { timestamp: t2, source_module: m2 },
                { windowMs: window },
              ),
            ),
          ).toBe(true);
          const c = causalStrength(
            { timestamp: t1, source_module: m1 },
            { timestamp: t2, source_module: m2 },
            { windowMs: window },
          );
          expect(c >= 0.25 && c <= 1).toBe(true);
          expect(inUnit(correlationConfidence(r, n))).toBe(true);
          expect(inUnit(anomalyScore(z, threshold))).toBe(true);
          // It ranks: a larger |z| never scores lower at the same threshold (within two rounding steps).
          expect(anomalyScore(2 * z, threshold)).toBeGreaterThanOrEqual(
            anomalyScore(z, threshold) - 2 * Number.EPSILON,
          );
        },
      ),
      RUNS,
    );
  });

  it("detectAnomalies scores, for any series including flat stretches", () => {
    const values = fc.array(fc.oneof(fc.constant(5), fc.double({ min: -1e6, max: 1e6, noNaN: true })), {
      minLength: 0,
      maxLength: 40,
    });
    fc.assert(
      fc.property(
        values,
        fc.constantFrom("zscore", "mad", "ewma" as const),
        fc.double({ min: 0, max: 1, noNaN: true }),
        (vs, method, sensitivity) => {
          const series = vs.map((value, i) => ({
            timestamp: new Date(Date.UTC(2025, 5, 3, 0, i)).toISOString(),
            value,
          }));
          const found = detectAnomalies(series, {
            metric: "m",
            sourceModule: "llm-observatory",
            method,
            sensitivity,
            minSamples: 3,
          });
          for (const a of found) {
            expect(inUnit(a.anomaly_score)).toBe(true);
            expect(Number.isFinite(a.baseline) && Number.isFinite(a.deviation)).toBe(true);
          }
        },
      ),
      RUNS,
    );
  });

  it("kolmogorovSmirnov and laggedCorrelationOf", () => {
    const sample = fc.array(fc.integer({ min: -20, max: 20 }), { minLength: 1, maxLength: 30 });
    fc.assert(
      fc.property(sample, sample, (x, y) => {
        const r = kolmogorovSmirnov(x, y);
        expect(inUnit(r.statistic) && inUnit(r.pValue)).toBe(true);
        const a = kolmogorovSmirnov(x, y, { method: "asymptotic" });
        expect(inUnit(a.pValue)).toBe(true);
      }),
      RUNS,
    );
    const pair = fc
      .integer({ min: 6, max: 30 })
      .chain((n) =>
        fc.tuple(
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }),
          fc.array(fc.integer({ min: 0, max: 50 }), { minLength: n, maxLength: n }),
        ),
      );
    fc.assert(
      fc.property(pair, ([x, y]) => {
        let result: ReturnType<typeof laggedCorrelationOf>;
        try {
          result = laggedCorrelationOf(x, y, { maxLag: 3 });
        } catch (error) {
          // Only a series constant at every lag has no coefficient.
          expect(String(error)).toContain("constant at every lag");
          return;
        }
        for (const l of result.lags) {
          if (l.coefficient !== null) expect(l.coefficient >= -1 && l.coefficient <= 1).toBe(true);
          expect(inUnit(l.confidence)).toBe(true);
        }
      }),
      RUNS,
    );
  });
});

// Random batches of events: any module, any of seven payload kinds, up to two hours apart,
// with random parent links (forward, backward or cyclic) and shared correlation ids.
const PAYLOADS = [
  () => latency("m", 900),
  () => errorRate("m", 3, 100),
  () => tokenCost("m", 4),
  () => budgetAlert(9, 10),
  () => threat("prompt_injection"),
  () => policyViolation("p"),
  () => custom("c"),
];
const batch = fc
  .array(
    fc.record({
      seconds: fc.integer({ min: 0, max: 7200 }),
      module,
      kind: fc.integer({ min: 0, max: PAYLOADS.length - 1 }),
      parent: fc.option(fc.integer({ min: 0, max: 11 }), { nil: undefined }),
      correlation: fc.option(fc.integer({ min: 1, max: 3 }), { nil: undefined }),
    }),
    { minLength: 0, maxLength: 12 },
  )
  .map((specs) =>
    specs.map((s, i) =>
      event({
        id: i + 1,
        minute: s.seconds / 60,
        module: s.module as SourceModule,
        payload: (PAYLOADS[s.kind] as () => ReturnType<typeof latency>)(),
        ...(s.parent !== undefined && s.parent !== i ? { parent: s.parent + 1 } : {}),
        ...(s.correlation !== undefined ? { correlation: 1000 + s.correlation } : {}),
      }),
    ),
  );

/** GraphMetadata by brute force: BFS per component, explicit degree sums, a set of ordered pairs. */
function bruteForceMetadata(nodes: readonly EventNode[], edges: readonly EventEdge[]) {
  const ids = [...new Set(nodes.map((n) => n.node_id))];
  const neighbours = new Map(ids.map((id) => [id, [] as string[]]));
  let degreeSum = 0;
  const pairs = new Set<string>();
  for (const e of edges) {
    if (!neighbours.has(e.from_node) || !neighbours.has(e.to_node)) continue;
    neighbours.get(e.from_node)?.push(e.to_node);
    neighbours.get(e.to_node)?.push(e.from_node);
    degreeSum += 2;
    if (e.from_node !== e.to_node) pairs.add(JSON.stringify([e.from_node, e.to_node]));
  }
  const seen = new Set<string>();
  let components = 0;
  for (const id of ids) {
    if (seen.has(id)) continue;
    components++;
    const queue = [id];
    seen.add(id);
    while (queue.length > 0) {
      for (const next of neighbours.get(queue.shift() as string) ?? []) {
        if (!seen.has(next)) {
          seen.add(next);
          queue.push(next);
        }
      }
    }
  }
  const n = nodes.length;
  return {
    node_count: n,
    edge_count: edges.length,
    connected_components: components,
    avg_degree: n === 0 ? 0 : degreeSum / n,
    density: n < 2 ? 0 : pairs.size / (n * (n - 1)),
  };
}

describe("correlations, graphs and root causes of random batches", () => {
  it("correlateEvents: scores in [0, 1], one root cause per causal correlation, no event in two groups", () => {
    fc.assert(
      fc.property(batch, (events) => {
        const found = correlateEvents(events, DEFAULT_CORRELATION_CONFIG, { minTemporalStrength: 0.3 });
        const seen = new Set<string>();
        for (const c of found) {
          expect(inUnit(c.strength) && inUnit(c.confidence)).toBe(true);
          expect(c.events.length).toBeGreaterThanOrEqual(2);
          const roots = c.events.filter((e) => e.role === "root_cause").length;
          expect(roots).toBe(c.correlation_type === "temporal" ? 0 : 1);
          for (const e of c.events) {
            expect(seen.has(e.event_id)).toBe(false);
            seen.add(e.event_id);
          }
        }
      }),
      RUNS,
    );
  });

  it("createEventGraph: metadata always matches the graph, and root-cause scores stay in [0, 1]", () => {
    fc.assert(
      fc.property(batch, (events) => {
        const correlations = correlateEvents(events, DEFAULT_CORRELATION_CONFIG, { minTemporalStrength: 0.3 });
        const graph = createEventGraph(events, correlations, {
          timeRange: { start: "2025-06-03T14:00:00Z", end: "2025-06-03T16:00:00Z" },
        });
        expect(graph.metadata).toEqual(graphMetadataOf(graph));
        expect(graph.metadata).toEqual(bruteForceMetadata(graph.nodes, graph.edges));
        for (const issue of checkEventGraph(graph)) expect(issue.code).toBe("missing_from_node");
        for (const e of graph.edges) expect(inUnit(e.weight)).toBe(true);
        if (graph.nodes.length === 0) return;
        const rca = rankRootCauses(graph);
        expect(inUnit(rca.confidence)).toBe(true);
        for (const l of rca.causal_chain) expect(inUnit(l.strength)).toBe(true);
        for (const c of rootCauseCandidates(graph)) expect(inUnit(c.influence) && inUnit(c.score)).toBe(true);
      }),
      RUNS,
    );
  });

  it("graphMetadataOf matches brute force on arbitrary graphs (parallel edges, self-loops, dangling ends)", () => {
    const ids = fc.constantFrom("a", "b", "c", "d", "e", "f", "x");
    const graphArb = fc.record({
      nodes: fc.uniqueArray(ids, { maxLength: 6 }),
      edges: fc.array(fc.tuple(ids, ids, fc.double({ min: 0, max: 1, noNaN: true })), { maxLength: 15 }),
    });
    fc.assert(
      fc.property(graphArb, ({ nodes: nodeIds, edges: edgeTuples }) => {
        const nodes: EventNode[] = nodeIds.map((id, i) => ({
          node_id: id,
          event_id: uuidOf(i + 1),
          source_module: "llm-observatory",
          event_type: "telemetry",
          timestamp: "2025-06-03T14:00:00Z",
          attributes: {},
        }));
        const edges: EventEdge[] = edgeTuples.map(([from, to, weight], i) => ({
          edge_id: `e${i}`,
          from_node: from,
          to_node: to,
          relationship_type: "causes",
          weight,
          properties: {},
        }));
        const m = graphMetadataOf({ nodes, edges });
        expect(m).toEqual(bruteForceMetadata(nodes, edges));
        expect(inUnit(m.density)).toBe(true);
        expect(Number.isFinite(m.avg_degree)).toBe(true);
        if (nodes.length === 0) return;
        const graph: EventGraph = {
          graph_id: "g",
          time_range: { start: "2025-06-03T14:00:00Z", end: "2025-06-03T14:00:00Z" },
          nodes,
          edges,
          metadata: m,
        };
        const rca = rankRootCauses(graph);
        expect(inUnit(rca.confidence)).toBe(true);
      }),
      RUNS,
    );
  });
});
