import { describe, expect, it } from "vitest";
import { decode } from "../../src/core/decode.js";
import {
  AssetMetadata,
  AssetSpecificMetadata,
  AssetType,
  DashboardConfig,
  DataSourceType,
  ModelMetadata,
  PolicyDefinition,
  RULE_SEVERITIES,
  RULE_SEVERITY_ORDER,
  UserPreferences,
  VisualizationConfig,
  WidgetType,
} from "../../src/metadata/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

// Expected values below follow WIRE_FORMAT.md §2.2 (field lists, defaults, tagging) and §1
// (rules 6, 7, 10–12), the written spec of the hub's metadata.rs.

const owner = { user_id: "u_1", username: "ada", email: null, team: null, department: null };
const stamp = "2025-06-03T14:22:05Z";

function asset(metadata: unknown, extra: Record<string, unknown> = {}) {
  return {
    asset_id: "a-1",
    asset_type: "model",
    name: "gpt-4o-mini",
    description: "d",
    version: { version: "1" },
    owner,
    created_at: stamp,
    updated_at: stamp,
    status: "active",
    metadata,
    ...extra,
  };
}

describe("AssetMetadata", () => {
  it("fills the serde defaults: tags {}, benchmarks {}", () => {
    const parsed = AssetMetadata.parse(
      asset({ metadata_type: "model", provider: "openai", family: "gpt-4o", capabilities: [] }),
    );
    expect(parsed.tags).toEqual({});
    expect(parsed.metadata).toEqual({
      metadata_type: "model",
      provider: "openai",
      family: "gpt-4o",
      capabilities: [],
      benchmarks: {},
    });
  });

  it("rejects null for defaulted maps and lists (rule: `name=` rejects null)", () => {
    expect(AssetMetadata.safeParse(asset({ metadata_type: "custom" }, { tags: null })).success).toBe(false);
    const model = { metadata_type: "model", provider: "p", family: "f", capabilities: [], benchmarks: null };
    expect(AssetMetadata.safeParse(asset(model)).success).toBe(false);
    const template = { metadata_type: "prompt_template", template: "t", variables: [], category: "c", examples: null };
    expect(AssetMetadata.safeParse(asset(template)).success).toBe(false);
  });

  it("reads AssetType as serde's external tagging (§1 rule 6)", () => {
    expect(AssetType.parse("fine_tuned_model")).toBe("fine_tuned_model");
    expect(AssetType.parse({ custom: "vector_index" })).toEqual({ custom: "vector_index" });
    expect(AssetType.safeParse("custom").success).toBe(false);
    expect(AssetType.safeParse({ Custom: "x" }).success).toBe(false);
    expect(AssetType.safeParse({ custom: "x", other: "y" }).success).toBe(false);
  });

  it("keeps every key of custom metadata beside the tag", () => {
    const parsed = AssetSpecificMetadata.parse({ dims: 1536, metadata_type: "custom", hnsw: { m: 16 }, gone: null });
    expect(parsed).toEqual({ metadata_type: "custom", dims: 1536, hnsw: { m: 16 }, gone: null });
    expect(AssetSpecificMetadata.parse({ metadata_type: "custom" })).toEqual({ metadata_type: "custom" });
  });

  it("keeps the custom keys of the conformance fixture", () => {
    const fixture = FIXTURES.find((f) => f.file === "accept/asset-custom-vector-index.json");
    const result = decode(AssetMetadata, fixtureText(fixture!));
    expect(result.success && result.data.metadata).toEqual({
      metadata_type: "custom",
      dimensions: 1536,
      distance: "cosine",
      embedding_model: "text-embedding-3-small",
      shards: [
        { id: 0, rows: 410233 },
        { id: 1, rows: 402871 },
      ],
      hnsw: { m: 16, ef_construction: 64 },
      last_reindex: null,
    });
  });

  it("treats a repeated custom key as a map entry and a repeated tag as a duplicate field (§1 rule 12)", () => {
    const repeatedKey = decode(AssetSpecificMetadata, '{"metadata_type":"custom","k":1,"k":2}');
    expect(repeatedKey.success && repeatedKey.data).toEqual({ metadata_type: "custom", k: 2 });
    const repeatedTag = decode(AssetSpecificMetadata, '{"metadata_type":"custom","metadata_type":"custom"}');
    expect(repeatedTag.success).toBe(false);
    expect(repeatedTag.error?.issues[0]).toMatchObject({
      path: ["metadata_type"],
      params: { reason: "duplicate_field" },
    });
    const repeatedField = decode(
      AssetSpecificMetadata,
      '{"metadata_type":"model","provider":"a","provider":"b","family":"f","capabilities":[]}',
    );
    expect(repeatedField.success).toBe(false);
  });

  it("does not tie metadata_type to asset_type (§2.2)", () => {
    const mismatched = asset(
      { metadata_type: "model", provider: "p", family: "f", capabilities: [] },
      { asset_type: "dataset" },
    );
    expect(AssetMetadata.safeParse(mismatched).success).toBe(true);
  });

  it("names the variants when the tag is missing or unknown", () => {
    const missing = AssetSpecificMetadata.safeParse({ provider: "p" });
    expect(missing.error?.issues[0]?.message).toMatch(/missing field "metadata_type"/);
    const unknown = AssetSpecificMetadata.safeParse({ metadata_type: "fine_tuned_model" });
    expect(unknown.error?.issues[0]?.message).toMatch(/unknown metadata_type "fine_tuned_model"/);
  });

  it("reads u32/u64 fields by their Rust ranges", () => {
    const model = { provider: "p", family: "f", capabilities: [] };
    expect(ModelMetadata.safeParse({ ...model, context_window: 4_294_967_295 }).success).toBe(true);
    expect(ModelMetadata.safeParse({ ...model, context_window: 4_294_967_296 }).success).toBe(false);
    const dataset = { metadata_type: "dataset", size_bytes: 2 ** 53 - 1, record_count: 0, sources: [] };
    expect(AssetSpecificMetadata.safeParse(dataset).success).toBe(true);
    expect(AssetSpecificMetadata.safeParse({ ...dataset, record_count: 1.5 }).success).toBe(false);
    // A whole number spelled with a fraction is a float to serde (§1 rule 3).
    const text = '{"metadata_type":"dataset","size_bytes":10.0,"record_count":1,"sources":[]}';
    expect(decode(AssetSpecificMetadata, text).success).toBe(false);
  });
});

describe("PolicyDefinition", () => {
  const policy = {
    policy_id: "pol-1",
    name: "n",
    description: "d",
    version: "1",
    policy_type: "cost_control",
    rules: [
      { rule_id: "r", name: "n", condition: "cost > 10", action: "require_approval", severity: "high", enabled: true },
    ],
    enforcement: "monitor",
    scope: { scope_type: "team", targets: ["search"] },
    owner,
    created_at: stamp,
    updated_at: "2025-06-03T19:52:05+05:30",
    status: "active",
  };

  it("fills exclusions [] and metadata {} and converts offsets to UTC", () => {
    const parsed = PolicyDefinition.parse(policy);
    expect(parsed.scope.exclusions).toEqual([]);
    expect(parsed.metadata).toEqual({});
    expect(parsed.updated_at).toBe("2025-06-03T14:22:05Z");
  });

  it("requires rules (an empty list is fine)", () => {
    const { rules: _rules, ...withoutRules } = policy;
    expect(PolicyDefinition.safeParse(withoutRules).success).toBe(false);
    expect(PolicyDefinition.safeParse({ ...policy, rules: [] }).success).toBe(true);
  });

  it("orders RuleSeverity low < medium < high < critical (Rust Ord, declaration order)", () => {
    expect(RULE_SEVERITIES).toEqual(["low", "medium", "high", "critical"]);
    expect(RULE_SEVERITY_ORDER.compare("low", "critical")).toBeLessThan(0);
    expect(RULE_SEVERITY_ORDER.atLeast("high", "medium")).toBe(true);
    expect(RULE_SEVERITY_ORDER.max("medium", "critical", "low")).toBe("critical");
  });
});

describe("DashboardConfig", () => {
  const widget = {
    widget_id: "w",
    title: "t",
    widget_type: { custom: "sankey" },
    position: { x: 0, y: 0, width: 6, height: 4 },
    data_source: { source_type: "custom", query: "q" },
    visualization: { show_legend: false },
  };
  const dashboard = {
    dashboard_id: "d",
    name: "n",
    layout: { layout_type: "grid", columns: 12, row_height: 30 },
    widgets: [widget],
    refresh_interval: 60,
    default_time_range: "24h",
    owner,
    visibility: { visibility: "shared" },
    created_at: stamp,
    updated_at: stamp,
  };

  it("fills the defaulted maps and lists", () => {
    const parsed = DashboardConfig.parse(dashboard);
    expect(parsed.widgets[0]?.settings).toEqual({});
    expect(parsed.widgets[0]?.data_source.parameters).toEqual({});
    expect(parsed.widgets[0]?.visualization.options).toEqual({});
    expect(parsed.visibility).toEqual({ visibility: "shared", shared_with: [], shared_with_teams: [] });
  });

  it("reads WidgetType with {custom} but DataSourceType custom as a plain unit variant", () => {
    expect(WidgetType.parse({ custom: "sankey" })).toEqual({ custom: "sankey" });
    expect(WidgetType.safeParse("custom").success).toBe(false);
    expect(WidgetType.safeParse({ custom: null }).success).toBe(false);
    expect(DataSourceType.parse("custom")).toBe("custom");
    expect(DataSourceType.safeParse({ custom: "finops" }).success).toBe(false);
  });

  it("takes axes missing or null (skip-if-none Option) and rejects options null", () => {
    expect(VisualizationConfig.safeParse({ show_legend: true, axes: null }).success).toBe(true);
    expect(VisualizationConfig.safeParse({ show_legend: true, options: null }).success).toBe(false);
  });
});

describe("UserPreferences", () => {
  const prefs = {
    user_id: "u",
    display: { theme: "dark", timezone: "Europe/Berlin", date_format: "iso", number_format: "en", language: "de" },
    notifications: { email_enabled: true, in_app_enabled: false, channels: [] },
    updated_at: stamp,
  };

  it("fills the defaults", () => {
    const parsed = UserPreferences.parse(prefs);
    expect(parsed.default_filters).toEqual({});
    expect(parsed.favorite_dashboards).toEqual([]);
    expect(parsed.saved_queries).toEqual([]);
    expect(parsed.notifications.alert_thresholds).toEqual({});
  });

  it("requires SavedQuery.parameters even when empty", () => {
    const query = { query_id: "q", name: "n", query: "select 1", created_at: stamp };
    expect(UserPreferences.safeParse({ ...prefs, saved_queries: [query] }).success).toBe(false);
    expect(UserPreferences.safeParse({ ...prefs, saved_queries: [{ ...query, parameters: {} }] }).success).toBe(true);
  });
});

describe("every metadata fixture", () => {
  it("is a fixed point of parse after one parse (canonical UUIDs, timestamps and defaults)", () => {
    const schemas = { AssetMetadata, PolicyDefinition, DashboardConfig, UserPreferences } as const;
    for (const fixture of FIXTURES.filter((f) => f.type in schemas && f.expect === "accept")) {
      const schema = schemas[fixture.type as keyof typeof schemas];
      const first = decode(schema, fixtureText(fixture));
      if (!first.success) throw new Error(`${fixture.file}: ${first.error.message}`);
      expect(schema.parse(Object.freeze(first.data)), fixture.file).toEqual(first.data);
    }
  });
});
