// Read asset, policy and dashboard metadata as the hub does. Run: npx tsx examples/metadata.ts
import assert from "node:assert/strict";
import { decode } from "llm-analytics-hub";
import { AssetMetadata, DashboardConfig, PolicyDefinition, RULE_SEVERITY_ORDER } from "llm-analytics-hub/metadata";

const owner = { user_id: "u_30991", username: "li.wei", email: null, team: "search", department: null };

// 1. An asset of a custom kind: `asset_type` is {"custom": …}, and custom metadata keeps every
//    key beside its `metadata_type` tag. Omitted `tags` default to {}; offsets become UTC.
const index = decode(
  AssetMetadata,
  JSON.stringify({
    asset_id: "idx-kb-articles",
    asset_type: { custom: "vector_index" },
    name: "Knowledge-base article index",
    description: "pgvector index over help-centre articles",
    version: { version: "7" },
    owner,
    created_at: "2025-05-05T07:05:05+02:00",
    updated_at: "2025-09-01T00:00:00Z",
    status: "active",
    metadata: { metadata_type: "custom", dimensions: 1536, distance: "cosine", hnsw: { m: 16 } },
  }),
);
assert.ok(index.success);
assert.deepEqual(index.data.asset_type, { custom: "vector_index" });
assert.deepEqual(index.data.metadata, {
  metadata_type: "custom",
  dimensions: 1536,
  distance: "cosine",
  hnsw: { m: 16 },
});
assert.deepEqual(index.data.tags, {});
assert.equal(index.data.created_at, "2025-05-05T05:05:05Z");
console.log("custom asset:", JSON.stringify(index.data.metadata));

// 2. A bare "custom" is not an AssetType: the hub wants the one-key object.
const bare = AssetMetadata.safeParse({ ...index.data, asset_type: "custom" });
assert.equal(bare.success, false);
console.log("rejected:", bare.error?.issues[0]?.message);

// 3. Model metadata: `benchmarks` defaults to {}; a context window beyond u32 is rejected.
const model = AssetMetadata.parse({
  ...index.data,
  asset_type: "model",
  metadata: {
    metadata_type: "model",
    provider: "openai",
    family: "gpt-4o",
    context_window: 128000,
    capabilities: ["chat"],
  },
});
assert.equal(model.metadata.metadata_type, "model");
if (model.metadata.metadata_type === "model") assert.deepEqual(model.metadata.benchmarks, {});
const overflow = AssetMetadata.safeParse({ ...model, metadata: { ...model.metadata, context_window: 2 ** 32 } });
assert.deepEqual(overflow.error?.issues[0]?.path, ["metadata", "context_window"]);

// 4. A policy: rules are required; find the rules at or above "high" with the RuleSeverity order.
const policy = PolicyDefinition.parse({
  policy_id: "pol-secrets-in-prompts",
  name: "No secrets in prompts",
  description: "Block prompts that carry credentials",
  version: "3",
  policy_type: "security",
  rules: [
    {
      rule_id: "aws-key",
      name: "AWS key",
      condition: "prompt ~ AKIA",
      action: "block",
      severity: "critical",
      enabled: true,
    },
    { rule_id: "email", name: "E-mail", condition: "prompt ~ @", action: "log", severity: "low", enabled: true },
  ],
  enforcement: "active",
  scope: { scope_type: "organization", targets: ["acme"] },
  owner,
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-06-01T00:00:00Z",
  status: "active",
});
assert.deepEqual(policy.scope.exclusions, []);
const serious = policy.rules.filter((r) => RULE_SEVERITY_ORDER.atLeast(r.severity, "high")).map((r) => r.rule_id);
assert.deepEqual(serious, ["aws-key"]);
console.log("serious rules:", serious.join(", "));

// 5. Strict mode finds what the hub would drop silently: a typo in a widget's settings key.
const dashboard = JSON.stringify({
  dashboard_id: "llm-ops",
  name: "LLM ops",
  layout: { layout_type: "grid", columns: 12, row_height: 30 },
  widgets: [
    {
      widget_id: "p95",
      title: "p95 latency",
      widget_type: "line_chart",
      position: { x: 0, y: 0, width: 6, height: 4 },
      data_source: { source_type: "metrics", query: "latency_ms p95", refresh_intervall: 30 },
      visualization: { show_legend: true },
    },
  ],
  refresh_interval: 60,
  default_time_range: "24h",
  owner,
  visibility: { visibility: "private" },
  created_at: "2025-01-01T00:00:00Z",
  updated_at: "2025-01-01T00:00:00Z",
});
assert.ok(decode(DashboardConfig, dashboard).success);
const strict = decode(DashboardConfig, dashboard, { strict: true });
assert.equal(strict.success, false);
assert.deepEqual(strict.error?.issues[0]?.path, ["widgets", 0, "data_source"]);
console.log("strict:", strict.error?.issues[0]?.message);
console.log("metadata example: ok");
