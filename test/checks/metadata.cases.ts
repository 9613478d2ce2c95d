import { AssetMetadata, DashboardConfig, PolicyDefinition, UserPreferences } from "../../src/metadata/index.js";
import { type CheckCase, fixture } from "./cases.js";

const dashboard = () => fixture("dashboard-llm-ops-overview.json");

/** Metadata cases. */
export const METADATA_CASES: CheckCase[] = [
  {
    code: "updated_before_created",
    name: "an asset updated a day before it was created",
    schema: AssetMetadata,
    base: () => fixture("asset-model-gpt-4o-mini.json"),
    mutate: (d) => {
      d.updated_at = "2025-01-09T09:00:00Z";
    },
    path: "/updated_at",
  },
  {
    code: "updated_before_created",
    name: "a policy updated before it was created (offsets converted)",
    schema: PolicyDefinition,
    base: () => fixture("policy-security-monitor.json"),
    mutate: (d) => {
      d.updated_at = "2025-06-01T01:00:00+02:00";
    },
    path: "/updated_at",
  },
  {
    code: "metadata_type_mismatch",
    name: "a dataset asset carrying model metadata",
    schema: AssetMetadata,
    base: () => fixture("asset-model-gpt-4o-mini.json"),
    mutate: (d) => {
      d.asset_type = "dataset";
    },
    path: "/metadata/metadata_type",
  },
  {
    code: "duplicate_id",
    name: "two policy rules with one rule_id",
    schema: PolicyDefinition,
    base: () => fixture("policy-security-monitor.json"),
    mutate: (d) => {
      d.rules[1].rule_id = d.rules[0].rule_id;
    },
    path: "/rules/1/rule_id",
  },
  {
    code: "duplicate_id",
    name: "two widgets with one widget_id",
    schema: DashboardConfig,
    base: dashboard,
    mutate: (d) => {
      d.widgets[2].widget_id = "w-latency";
    },
    path: "/widgets/2/widget_id",
  },
  {
    code: "duplicate_id",
    name: "two template variables with one name",
    schema: AssetMetadata,
    base: () => fixture("asset-prompt-template.json"),
    mutate: (d) => {
      d.metadata.variables[1].name = "ticket_body";
    },
    path: "/metadata/variables/1/name",
  },
  {
    code: "duplicate_id",
    name: "two saved queries with one query_id",
    schema: UserPreferences,
    base: () => fixture("user-preferences-full.json"),
    mutate: (d) => {
      d.saved_queries[1].query_id = "q-slow-claude";
    },
    path: "/saved_queries/1/query_id",
  },
  {
    code: "widget_outside_grid",
    name: "a 16-wide widget at column 16 of a 24-column grid",
    schema: DashboardConfig,
    base: dashboard,
    mutate: (d) => {
      d.widgets[0].position.x = 16;
    },
    path: "/widgets/0/position",
  },
  {
    code: "min_exceeds_max",
    name: "an axis from 60000 down to 1",
    schema: DashboardConfig,
    base: dashboard,
    mutate: (d) => {
      d.widgets[0].visualization.axes.y_axis.min = 60001;
    },
    path: "/widgets/0/visualization/axes/y_axis/min",
  },
  {
    code: "percent_out_of_range",
    name: "an SLA of 100.1% uptime",
    schema: AssetMetadata,
    base: () => fixture("asset-endpoint.json"),
    mutate: (d) => {
      d.metadata.sla.uptime_percent = 100.1;
    },
    path: "/metadata/sla/uptime_percent",
  },
  {
    code: "negative_value",
    name: "a negative price per input token",
    schema: AssetMetadata,
    base: () => fixture("asset-model-gpt-4o-mini.json"),
    mutate: (d) => {
      d.metadata.cost_info.cost_per_input_token = -1.5e-7;
    },
    path: "/metadata/cost_info/cost_per_input_token",
  },
];
