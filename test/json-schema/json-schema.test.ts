import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { Ajv as AjvDraft07 } from "ajv";
import { Ajv2020 } from "ajv/dist/2020.js";
import { describe, expect, it } from "vitest";
import { decode, decodeValue } from "../../src/core/decode.js";
import { readJsonText } from "../../src/core/json-text.js";
import {
  allJsonSchemas,
  codegenJsonSchemas,
  jsonSchemaOf,
  SCHEMA_NAMES,
  SCHEMAS,
  schemaFileText,
  schemaId,
} from "../../src/json-schema/index.js";
import { CONFORMANCE_SETS, fixtureText, readIndex } from "../conformance/fixtures.js";
import { NEGATIVE_ZERO, publishedName, withoutNegativeZero } from "../conformance/types.js";

const dir = join(import.meta.dirname, "..", "..", "json-schema");
const generated = allJsonSchemas();
const codegen = codegenJsonSchemas();

/*
 * The hub's type names (WIRE_FORMAT.md §2, with DESIGN.md §3's renames: RollupFunction,
 * SeriesPoint, TimeRange), each of which a published file must carry as a titled definition or
 * as its own title. Left out: CommonEventFields (flattened into AnalyticsEvent, never an object
 * of its own on the wire), SseMessage (not a serde type) and the generic parameters.
 */
const HUB_TYPES = `AggregatedMetric AggregatedValue Aggregation AggregationFunction AlertThresholds AnalyticsEvent
AnomalyCorrelation AnomalyEvent AnomalyType ApiCostEvent ApiError ApiResponse ApplicationMetadata AssetMetadata
AssetSpecificMetadata AssetStatus AssetType AuditTrailEvent AuthAction AuthEvent AxesConfig AxisConfig
BatchItemResult BatchResponse BatchStatus BudgetAlertEvent BudgetAlertType BusinessImpact CausalLink
CausalRelationship ComplianceCheckEvent ComplianceFinding ComplianceStatus ComplianceViolationEvent ComponentMetric
CompositeMetric ContinuousQuery CorrelatedEvent CorrelationConfig CorrelationId CorrelationPattern CorrelationQuery
CorrelationType CostFields CostImpact CostInfo CostPayload CounterMetric CrossModuleMetrics CustomPayload
DashboardConfig DashboardLayout DataLineageEvent DataOperation DataPoint DataSchema DataSourceConfig DataSourceType
DatasetMetadata Dependency DeploymentInfo DisplayPreferences DownsampleConfig EdgeRelationship EndpointMetadata
EnforcementMode ErrorDetails ErrorRateMetrics EventCorrelation EventEdge EventGraph EventNode EventPayload EventRole
EventType FieldSet FieldValue FillStrategy GaugeMetric GovernanceFields GovernancePayload GraphMetadata
HistogramBucket HistogramMetric ImpactAssessment ImpactSeverity IndexConfig ItemStatus LatencyBreakdown
LatencyMetrics LayoutType MetricQuery MetricRollup MetricType MetricValues MetricsQueryResult MitigationStatus
ModelMetadata ModelPerformanceMetrics NotificationChannel NotificationPreferences OwnerInfo PaginatedResponse
PaginationLinks PaginationMetadata PaginationParams PatternStep PerformanceFields PerformanceImpact PolicyAction
PolicyDefinition PolicyRule PolicyScope PolicyStatus PolicyType PolicyViolationEvent PolicyViolationSeverity
PrivacyEvent PrivacyOperation PromptExample PromptTemplateMetadata QueryMetadata QueryMetrics QueryResult QueryStatus
RateLimit RemediationStatus ReputationRisk ResourceConsumptionEvent ResourceType ResponseMetadata ResponseStatus
RetentionPolicy RollupFunction RootCauseAnalysis RuleSeverity SavedQuery SchemaField ScopeType SecurityFields
SecurityImpact SecurityPayload SeriesData SeriesPoint Severity SlaInfo SortOrder SourceModule StatType
StatisticalMeasures StreamEvent StreamEventType SummaryMetric TagSet TelemetryPayload TemplateVariable ThreatEvent
ThreatLevel ThreatType ThroughputMetrics TimeRange TimeSeries TimeSeriesBatch TimeSeriesPoint TimeSeriesQuery
TimeSeriesQueryResult TimeSeriesResult TimeWindow TokenCostEvent TokenUsageMetrics UserPreferences VersionInfo
Visibility VisibilitySettings VisualizationConfig VulnerabilityEvent Widget WidgetPosition WidgetType`.split(/\s+/);

type Schema = Record<string, unknown>;
const defsOf = (s: Schema) => (s.$defs ?? s.definitions ?? {}) as Record<string, Schema>;

/** Every `$ref` in a document, with the path it sits at. */
function refs(value: unknown, path = "#"): [string, string][] {
  if (typeof value !== "object" || value === null) return [];
  const own: [string, string][] =
    !Array.isArray(value) && typeof (value as Schema).$ref === "string"
      ? [[path, (value as Schema).$ref as string]]
      : [];
  return [...own, ...Object.entries(value).flatMap(([k, v]) => refs(v, `${path}/${k}`))];
}

/** The node a local `$ref` (`#` and a JSON pointer, RFC 6901) names in `document`, if any. */
function atPointer(document: Schema, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  let node: unknown = document;
  for (const token of ref.slice(1).split("/").slice(1)) {
    if (typeof node !== "object" || node === null) return undefined;
    node = (node as Record<string, unknown>)[token.replace(/~1/g, "/").replace(/~0/g, "~")];
  }
  return node;
}

describe("json-schema/ files", () => {
  it("are up to date with the Zod schemas (run `npm run schemas` when this fails)", () => {
    const onDisk = readdirSync(dir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(onDisk).toEqual(SCHEMA_NAMES.map((n) => `${n}.json`).sort());
    for (const name of SCHEMA_NAMES) {
      expect(readFileSync(join(dir, `${name}.json`), "utf8"), `${name}.json is stale`).toBe(
        schemaFileText(generated[name] as Record<string, unknown>),
      );
    }
  });

  it("json-schema/codegen/ is up to date too (run `npm run schemas` when this fails)", () => {
    const codegenDir = join(dir, "codegen");
    const onDisk = readdirSync(codegenDir)
      .filter((f) => f.endsWith(".json"))
      .sort();
    expect(onDisk).toEqual(codegen.map((c) => `${c.file}.json`).sort());
    for (const c of codegen) {
      expect(readFileSync(join(codegenDir, `${c.file}.json`), "utf8"), `codegen/${c.file}.json is stale`).toBe(
        schemaFileText(c.schema),
      );
    }
  });

  it("each have a stable $id and a title", () => {
    for (const name of SCHEMA_NAMES) {
      expect(generated[name]).toMatchObject({ $id: schemaId(name), title: name });
    }
  });
});

describe("names", () => {
  it("every hub type is a definition titled with its name, or a file's own title", () => {
    const titled = new Map<string, string>();
    for (const name of SCHEMA_NAMES) {
      const schema = generated[name] as Schema;
      titled.set(schema.title as string, name);
      for (const [key, def] of Object.entries(defsOf(schema))) {
        expect(def.title, `${name}: $defs/${key}`).toBe(key);
        titled.set(key, name);
      }
    }
    expect(HUB_TYPES.filter((t) => !titled.has(t))).toEqual([]);
  });

  it("every definition is referenced and every reference resolves, in each file", () => {
    for (const name of SCHEMA_NAMES) {
      const schema = generated[name] as Schema;
      const found = refs(schema).map(([, ref]) => ref);
      for (const ref of found) expect(atPointer(schema, ref), `${name}: ${ref}`).toBeDefined();
      for (const key of Object.keys(defsOf(schema)))
        expect(found, `${name}: $defs/${key} unused`).toContain(`#/$defs/${key}`);
    }
  });

  it("takes the target in options, and names the function called in its errors", () => {
    expect(jsonSchemaOf("ApiError", {})).toEqual(jsonSchemaOf("ApiError", { target: "draft-2020-12" }));
    expect(jsonSchemaOf("ApiError", { target: "draft-07" }).definitions).toBeDefined();
    expect(() => jsonSchemaOf("ApiError", "draft-07" as never)).toThrow(
      'jsonSchemaOf: options must be an object such as { target, forms }, received "draft-07"',
    );
    expect(() => jsonSchemaOf("ApiError", { target: "draft-04" as never })).toThrow(
      'jsonSchemaOf: options.target must be one of draft-2020-12, draft-07, openapi-3.1, received "draft-04"',
    );
    expect(() => allJsonSchemas({ forms: "loose" as never })).toThrow(
      'allJsonSchemas: options.forms must be "lenient" or "canonical", received "loose"',
    );
    expect(() => jsonSchemaOf("toString" as never)).toThrow('jsonSchemaOf: unknown schema "toString"; known: ');
  });

  it("the OpenAPI 3.1 target has a discriminator with a mapping on every tagged union", () => {
    let unions = 0;
    for (const name of SCHEMA_NAMES) {
      const schema = jsonSchemaOf(name, { target: "openapi-3.1" });
      expect(schema.$schema).toBeUndefined();
      const nodes = [schema, ...Object.values(defsOf(schema))];
      for (const node of nodes) {
        if (!Array.isArray(node.oneOf)) continue;
        unions++;
        const { propertyName, mapping } = node.discriminator as {
          propertyName: string;
          mapping: Record<string, string>;
        };
        const options = node.oneOf as Schema[];
        expect(Object.values(mapping).sort(), `${name}: ${String(node.title)}`).toEqual(
          options.map((o) => o.$ref).sort(),
        );
        for (const [tag, ref] of Object.entries(mapping)) {
          const variant = defsOf(schema)[ref.replace("#/$defs/", "")] as Schema;
          expect((variant.properties as Record<string, Schema>)[propertyName]?.const).toBe(tag);
          expect(variant.required).toContain(propertyName);
        }
      }
    }
    // EventPayload, the four payload unions, MetricType and AssetSpecificMetadata at least.
    expect(unions).toBeGreaterThanOrEqual(7);
  });
});

describe("published JSON Schema", () => {
  // strict: false only for the annotation keywords ajv does not know (none today besides formats).
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, validateSchema: true });

  it("passes the draft 2020-12 meta-schema", () => {
    for (const name of SCHEMA_NAMES) {
      expect(ajv.validateSchema(generated[name] as object), `${name}: ${ajv.errorsText(ajv.errors)}`).toBe(true);
    }
  });

  it("also compiles as draft-07", () => {
    const ajv07 = new AjvDraft07({ strict: true, allowUnionTypes: true });
    for (const name of SCHEMA_NAMES)
      expect(() => ajv07.compile(jsonSchemaOf(name, { target: "draft-07" }))).not.toThrow();
  }, 60_000); // 33 compilations, each of a struct's object and array forms: seconds on a busy machine

  it("allows unknown keys, as the hub does", () => {
    const text = fixtureText({
      file: "accept/event-telemetry-error-rate.json",
      type: "AnalyticsEvent",
      expect: "accept",
    });
    const validate = ajv.compile(generated.AnalyticsEvent as object);
    expect(validate({ ...JSON.parse(text), an_unknown_key: 1 })).toBe(true);
  });

  // Same verdict from decode and from ajv on the exported schema, for every fixture of a published
  // type, in both sets. JSON Schema sees values, not text: where a fixture repeats a key, spells an
  // integer as a float or writes -0 (which only a text reader sees: docs/hardening.md), or holds an
  // integer beyond 2^53 (JSON.parse rounds it for ajv), ajv is compared with decode's reading of the
  // same value, -0 read as 0.
  const fixtures = CONFORMANCE_SETS.flatMap((set) =>
    readIndex(set)
      .filter((f) => publishedName(f.type) !== undefined)
      .map((f) => [`${set}/${f.file}`, set, f] as const),
  );
  const codegenAjv = new Ajv2020({ strict: true, allowUnionTypes: true });
  const canonicalAjv = new Ajv2020({ strict: true, allowUnionTypes: true });
  it.each(fixtures)("agrees with decode on %s", (_file, set, fixture) => {
    const name = publishedName(fixture.type) as keyof typeof SCHEMAS;
    const text = fixtureText(fixture, set);
    const read = readJsonText(text);
    if (!read.ok) throw new Error(`${fixture.file} is not JSON: ${read.message}`);
    const validate = ajv.getSchema(schemaId(name)) ?? ajv.compile(generated[name] as object);
    const value = JSON.parse(text);
    const ajvVerdict = validate(value);
    const negativeZero = NEGATIVE_ZERO.test(text);
    const textOnly = read.facts.any || negativeZero;
    const decodeVerdict = textOnly
      ? decodeValue(SCHEMAS[name], negativeZero ? withoutNegativeZero(value) : value).success
      : decode(SCHEMAS[name], text).success;
    expect(ajvVerdict, ajv.errorsText(validate.errors)).toBe(decodeVerdict);
    if (!textOnly) expect(decodeVerdict).toBe(fixture.expect === "accept");
    // The code-generation documents cut from the same type (canonical forms only) accept it
    // exactly when the type's canonical schema does, and never where the published one does not.
    const canonical =
      canonicalAjv.getSchema(schemaId(name)) ?? canonicalAjv.compile(jsonSchemaOf(name, { forms: "canonical" }));
    const variants = codegen
      .filter((c) => c.type === name)
      .map((c) => codegenAjv.getSchema(String(c.schema.$id)) ?? codegenAjv.compile(c.schema));
    const codegenVerdict = variants.some((v) => v(value));
    expect(codegenVerdict, `json-schema/codegen/${name}.*`).toBe(canonical(value));
    if (codegenVerdict) expect(ajvVerdict).toBe(true);
  });
});
