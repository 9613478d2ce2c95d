import {
  AnomalyCorrelation,
  CorrelationConfig,
  CorrelationQuery,
  EventCorrelation,
  EventGraph,
} from "../../src/correlation/index.js";
import { type CheckCase, fixture } from "./cases.js";

const temporal = () => fixture("event-correlation-temporal.json");
const anomalies = () => fixture("anomaly-correlation-full.json");
// N = 5 nodes, E = 8 edges: avg_degree 2E/N = 3.2, density E/(N(N − 1)) = 0.4, one weakly connected
// component, as networkx's DiGraph computes them (nx.density, sum of degrees / N).
const graph = () => fixture("event-graph.json");
const config = () => fixture("correlation-config-custom.json");

/** Correlation cases: 0..1 ranges (WIRE_FORMAT.md §5.2), windows, graph consistency (§5.6). */
export const CORRELATION_CASES: CheckCase[] = [
  {
    code: "score_out_of_range",
    name: "correlation strength 1.2",
    schema: EventCorrelation,
    base: temporal,
    mutate: (d) => {
      d.strength = 1.2;
    },
    path: "/strength",
  },
  {
    code: "score_out_of_range",
    name: "confidence -0.1",
    schema: EventCorrelation,
    base: temporal,
    mutate: (d) => {
      d.confidence = -0.1;
    },
    path: "/confidence",
  },
  {
    code: "score_out_of_range",
    name: "an anomaly score of 1.7 (the issue's example)",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.anomalies[1].anomaly_score = 1.7;
    },
    path: "/anomalies/1/anomaly_score",
  },
  {
    code: "score_out_of_range",
    name: "a causal link of strength 1.5",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.root_cause.causal_chain[0].strength = 1.5;
    },
    path: "/root_cause/causal_chain/0/strength",
  },
  {
    code: "score_out_of_range",
    name: "root-cause confidence 78 (a percentage where 0..1 is documented)",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.root_cause.confidence = 78;
    },
    path: "/root_cause/confidence",
  },
  {
    code: "score_out_of_range",
    name: "min_strength 70",
    schema: CorrelationQuery,
    base: () => fixture("correlation-query-defaults.json"),
    mutate: (d) => {
      d.min_strength = 70;
    },
    path: "/min_strength",
  },
  {
    code: "score_out_of_range",
    name: "an alert threshold above 1",
    schema: CorrelationConfig,
    base: config,
    mutate: (d) => {
      d.alert_thresholds.min_anomaly_score = 1.5;
    },
    path: "/alert_thresholds/min_anomaly_score",
  },
  {
    code: "percent_out_of_range",
    name: "throughput down by 120%",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.impact.performance_impact.throughput_decrease_percent = 120;
    },
    path: "/impact/performance_impact/throughput_decrease_percent",
  },
  {
    code: "negative_value",
    name: "negative wasted resources",
    schema: AnomalyCorrelation,
    base: () => fixture("anomaly-correlation-critical.json"),
    mutate: (d) => {
      d.impact.cost_impact = { additional_cost_usd: 10, cost_increase_percent: 5, wasted_resources_usd: -3 };
    },
    path: "/impact/cost_impact/wasted_resources_usd",
  },
  {
    code: "negative_value",
    name: "a negative correlation window",
    schema: CorrelationConfig,
    base: config,
    mutate: (d) => {
      d.correlation_window_minutes = -15;
    },
    path: "/correlation_window_minutes",
  },
  {
    code: "time_range_reversed",
    name: "a correlation window ending before it starts",
    schema: EventCorrelation,
    base: temporal,
    mutate: (d) => {
      d.time_window = { start: "2025-06-21T03:15:00Z", end: "2025-06-21T03:10:00Z" };
    },
    path: "/time_window",
  },
  {
    code: "time_range_reversed",
    name: "a graph time range ending before it starts",
    schema: EventGraph,
    base: () => fixture("event-graph-empty.json"),
    mutate: (d) => {
      d.time_range.start = "2025-06-03T00:00:01Z";
    },
    path: "/time_range",
  },
  {
    code: "event_outside_time_range",
    name: "an event a minute after the window closes",
    schema: EventCorrelation,
    base: temporal,
    mutate: (d) => {
      d.events[1].timestamp = "2025-06-21T03:16:00Z";
    },
    path: "/events/1/timestamp",
  },
  {
    code: "anomaly_direction_mismatch",
    name: "a spike below its baseline",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.anomalies[0].observed = 600;
    },
    path: "/anomalies/0/observed",
  },
  {
    code: "anomaly_direction_mismatch",
    name: "a drop above its baseline",
    schema: AnomalyCorrelation,
    base: anomalies,
    mutate: (d) => {
      d.anomalies[1].observed = 1900;
    },
    path: "/anomalies/1/observed",
  },
  {
    code: "pattern_steps_not_sequential",
    name: "steps numbered 1, 3",
    schema: CorrelationConfig,
    base: config,
    mutate: (d) => {
      d.patterns[0].sequence[1].step_number = 3;
    },
    path: "/patterns/0/sequence/1/step_number",
  },
  {
    code: "pattern_module_missing",
    name: "a step by a module the pattern does not list",
    schema: CorrelationConfig,
    base: config,
    mutate: (d) => {
      d.patterns[0].sequence[1].module = "llm-sentinel";
    },
    path: "/patterns/0/sequence/1/module",
  },
  {
    code: "duplicate_node_id",
    name: "two nodes n1",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.nodes[4].node_id = "n1";
      d.edges[7].from_node = "n1";
      d.metadata.connected_components = 1;
    },
    path: "/nodes/4/node_id",
  },
  {
    code: "duplicate_edge_id",
    name: "two edges e1",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.edges[1].edge_id = "e1";
    },
    path: "/edges/1/edge_id",
  },
  {
    code: "missing_from_node",
    name: "an edge from a node that does not exist",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.edges[2].from_node = "n9";
    },
    path: "/edges/2/from_node",
  },
  {
    code: "missing_to_node",
    name: "an edge to a node that does not exist",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.edges[2].to_node = "n9";
    },
    path: "/edges/2/to_node",
  },
  {
    code: "weight_out_of_range",
    name: "an edge weight of 1.3",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.edges[0].weight = 1.3;
    },
    path: "/edges/0/weight",
  },
  {
    code: "metadata_mismatch",
    name: "edge_count 9 for 8 edges",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.metadata.edge_count = 9;
    },
    path: "/metadata/edge_count",
  },
  {
    code: "metadata_mismatch",
    name: "undirected density 2E/(N(N − 1)) = 0.8 where the directed 0.4 is meant",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.metadata.density = 0.8;
    },
    path: "/metadata/density",
  },
  {
    code: "metadata_mismatch",
    name: "two components where n5 → n4 joins the graph into one",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.metadata.connected_components = 2;
    },
    path: "/metadata/connected_components",
  },
  {
    code: "node_outside_time_range",
    name: "a node after the graph's range",
    schema: EventGraph,
    base: graph,
    mutate: (d) => {
      d.nodes[4].timestamp = "2025-06-03T14:20:00Z";
    },
    path: "/nodes/4/timestamp",
  },
];
