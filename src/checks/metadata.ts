import {
  AssetMetadata,
  AxisConfig,
  CostInfo,
  DashboardConfig,
  PolicyDefinition,
  PromptTemplateMetadata,
  SlaInfo,
  UserPreferences,
} from "../metadata/schema/index.js";
import type { CheckIssue } from "./issue.js";
import { child, type Node, nodes, num, show, str } from "./read.js";
import { defineBoundsRule, defineRule, type Report, type Rule } from "./rule.js";
import { reportUniqueIds, reportUpdatedAfterCreated } from "./shared.js";
import { runRules } from "./walk.js";

/*
 * Checks of the registry metadata (WIRE_FORMAT.md §2.2): timestamps that go forward, unique
 * ids, ranges, and metadata_type against asset_type (§5.6: "nothing ties them").
 */

/** The asset kinds each metadata_type describes. */
const METADATA_ASSET_TYPES = new Map<string, readonly string[]>([
  ["model", ["model", "fine_tuned_model"]],
  ["prompt_template", ["prompt_template"]],
  ["dataset", ["dataset"]],
  ["endpoint", ["endpoint"]],
  ["application", ["application"]],
]);

function reportAsset(node: Node, report: Report): void {
  reportUpdatedAfterCreated(node, report);
  const assetType = str(node, "asset_type"); // a {"custom": …} asset type is an object: it matches anything
  const metadata = child(node, "metadata");
  const metadataType = metadata && str(metadata, "metadata_type");
  const kinds = metadataType === undefined ? undefined : METADATA_ASSET_TYPES.get(metadataType);
  if (assetType !== undefined && kinds && !kinds.includes(assetType)) {
    report(
      "metadata_type_mismatch",
      ["metadata", "metadata_type"],
      `metadata_type "${metadataType}" describes ${kinds.join(" or ")} assets, but asset_type is "${assetType}"`,
    );
  }
}

function reportDashboard(node: Node, report: Report): void {
  reportUpdatedAfterCreated(node, report);
  reportUniqueIds(node, "widgets", "widget_id", report);
  const layout = child(node, "layout");
  const columns = layout && str(layout, "layout_type") === "grid" ? num(layout, "columns") : undefined;
  if (columns === undefined) return;
  for (const [i, widget] of nodes(node, "widgets")) {
    const position = child(widget, "position");
    const x = position && num(position, "x");
    const width = position && num(position, "width");
    if (x !== undefined && width !== undefined && x + width > columns) {
      report(
        "widget_outside_grid",
        ["widgets", i, "position"],
        `widget ${JSON.stringify(str(widget, "widget_id") ?? "")} spans columns ${x} to ${x + width}, past the grid's ${columns}`,
      );
    }
  }
}

function reportAxis(node: Node, report: Report): void {
  const min = num(node, "min");
  const max = num(node, "max");
  if (min !== undefined && max !== undefined && min > max) {
    report("min_exceeds_max", ["min"], `axis min ${show(min)} is greater than max ${show(max)}`);
  }
}

export const METADATA_RULES: readonly Rule[] = [
  defineRule("AssetMetadata", AssetMetadata, reportAsset),
  defineRule("PolicyDefinition", PolicyDefinition, (node, report) => {
    reportUpdatedAfterCreated(node, report);
    reportUniqueIds(node, "rules", "rule_id", report);
  }),
  defineRule("DashboardConfig", DashboardConfig, reportDashboard),
  defineRule("AxisConfig", AxisConfig, reportAxis),
  defineRule("PromptTemplateMetadata", PromptTemplateMetadata, (node, report) =>
    reportUniqueIds(node, "variables", "name", report),
  ),
  defineRule("UserPreferences", UserPreferences, (node, report) =>
    reportUniqueIds(node, "saved_queries", "query_id", report),
  ),
  defineBoundsRule("SlaInfo", SlaInfo, { uptime_percent: "percent" }),
  defineBoundsRule("CostInfo", CostInfo, { cost_per_input_token: "nonnegative", cost_per_output_token: "nonnegative" }),
];

/** The semantic issues of a parsed AssetMetadata. O(size); never throws. */
export function checkAssetMetadata(value: AssetMetadata): CheckIssue[] {
  return runRules(METADATA_RULES, AssetMetadata, value);
}

/** The semantic issues of a parsed PolicyDefinition. */
export function checkPolicyDefinition(value: PolicyDefinition): CheckIssue[] {
  return runRules(METADATA_RULES, PolicyDefinition, value);
}

/** The semantic issues of a parsed DashboardConfig. */
export function checkDashboardConfig(value: DashboardConfig): CheckIssue[] {
  return runRules(METADATA_RULES, DashboardConfig, value);
}

/** The semantic issues of parsed UserPreferences. */
export function checkUserPreferences(value: UserPreferences): CheckIssue[] {
  return runRules(METADATA_RULES, UserPreferences, value);
}
