import * as z from "zod";
import { f64, u32, u64 } from "../../core/integers.js";
import { JsonValue } from "../../core/json-value.js";
import { lazyFields, lazySchema, withFields } from "../../core/lazy.js";
import type { StringMap } from "../../core/maps.js";
import { numberMap, protoKeyCheck, stringMap } from "../../core/maps.js";
import { named, namedUnion } from "../../core/named.js";
import { externalEnum } from "../../core/tagging.js";
import { Timestamp } from "../../core/timestamp.js";
import { OwnerInfo, VersionInfo } from "./common.js";

export const ASSET_TYPES = [
  "model",
  "fine_tuned_model",
  "prompt_template",
  "dataset",
  "endpoint",
  "application",
] as const;
/** The kind of asset, or `{"custom": "..."}` (a bare `"custom"` is rejected, as in the hub). */
export const AssetType = lazySchema(() =>
  namedUnion<AssetType>()(externalEnum("AssetType", ASSET_TYPES, "custom", z.string())),
);
/** The kind of asset, or `{"custom": "..."}` (a bare `"custom"` is rejected, as in the hub). */
export type AssetType =
  | "model"
  | "fine_tuned_model"
  | "prompt_template"
  | "dataset"
  | "endpoint"
  | "application"
  | {
      custom: string;
    };

export const ASSET_STATUSES = ["draft", "active", "deprecated", "archived", "deleted"] as const;
export const AssetStatus = lazySchema(() => z.enum(ASSET_STATUSES));
export type AssetStatus = z.infer<typeof AssetStatus>;

/** Token prices of a model. `currency` and `billing_unit` are free text in the hub. */
export const CostInfo = lazySchema(() =>
  named<CostInfo>()(
    z.object(
      lazyFields({
        get cost_per_input_token() {
          return f64();
        },
        get cost_per_output_token() {
          return f64();
        },
        get currency() {
          return z.string();
        },
        get billing_unit() {
          return z.string();
        },
      }),
    ),
  ),
);
/** Token prices of a model. `currency` and `billing_unit` are free text in the hub. */
export type CostInfo = {
  cost_per_input_token: number;
  cost_per_output_token: number;
  currency: string;
  billing_unit: string;
};

export const ModelMetadata = lazySchema(() =>
  named<ModelMetadata>()(
    z.object(
      lazyFields({
        get provider() {
          return z.string().meta({ description: 'Model provider, free text (e.g. "openai")' });
        },
        get family() {
          return z.string();
        },
        get parameters() {
          return z.string().nullish().meta({ description: 'Parameter count as text, e.g. "70B"' });
        },
        get context_window() {
          return u32().nullish().meta({ description: "Context window in tokens" });
        },
        get capabilities() {
          return z.array(z.string());
        },
        get cost_info() {
          return CostInfo.nullish();
        },
        get benchmarks() {
          return numberMap()
            .default(() => ({}))
            .meta({ description: "Benchmark name → score (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type ModelMetadata = {
  /** Model provider, free text (e.g. "openai") */
  provider: string;
  family: string;
  /** Parameter count as text, e.g. "70B" */
  parameters?: string | null | undefined;
  /** Context window in tokens */
  context_window?: number | null | undefined;
  capabilities: string[];
  cost_info?: CostInfo | null | undefined;
  /** Benchmark name → score (defaults to {}; null is rejected) */
  benchmarks: Record<string, number>;
};

export const TemplateVariable = lazySchema(() =>
  named<TemplateVariable>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get description() {
          return z.string();
        },
        get required() {
          return z.boolean();
        },
        get default_value() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
export type TemplateVariable = {
  name: string;
  description: string;
  required: boolean;
  default_value?: string | null | undefined;
};

export const PromptExample = lazySchema(() =>
  named<PromptExample>()(
    z.object(
      lazyFields({
        get input() {
          return stringMap().meta({ description: "Variable name → value (required, may be empty)" });
        },
        get output() {
          return z.string();
        },
      }),
    ),
  ),
);
export type PromptExample = {
  /** Variable name → value (required, may be empty) */
  input: StringMap;
  output: string;
};

export const PromptTemplateMetadata = lazySchema(() =>
  named<PromptTemplateMetadata>()(
    z.object(
      lazyFields({
        get template() {
          return z.string();
        },
        get variables() {
          return z.array(TemplateVariable);
        },
        get category() {
          return z.string();
        },
        get output_format() {
          return z.string().nullish();
        },
        get examples() {
          return z
            .array(PromptExample)
            .default(() => [])
            .meta({ description: "Worked examples (defaults to []; null is rejected)" });
        },
      }),
    ),
  ),
);
export type PromptTemplateMetadata = {
  template: string;
  variables: TemplateVariable[];
  category: string;
  output_format?: string | null | undefined;
  /** Worked examples (defaults to []; null is rejected) */
  examples: PromptExample[];
};

export const SchemaField = lazySchema(() =>
  named<SchemaField>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get field_type() {
          return z.string().meta({ description: "Type name, free text" });
        },
        get required() {
          return z.boolean();
        },
        get description() {
          return z.string().nullish();
        },
      }),
    ),
  ),
);
export type SchemaField = {
  name: string;
  /** Type name, free text */
  field_type: string;
  required: boolean;
  description?: string | null | undefined;
};

export const DataSchema = lazySchema(() =>
  named<DataSchema>()(
    z.object(
      lazyFields({
        get fields() {
          return z.array(SchemaField);
        },
      }),
    ),
  ),
);
export type DataSchema = {
  fields: SchemaField[];
};

export const DatasetMetadata = lazySchema(() =>
  named<DatasetMetadata>()(
    z.object(
      lazyFields({
        get size_bytes() {
          return u64();
        },
        get record_count() {
          return u64();
        },
        get schema() {
          return DataSchema.nullish();
        },
        get sources() {
          return z.array(z.string());
        },
        get quality_metrics() {
          return numberMap()
            .default(() => ({}))
            .meta({ description: "Metric name → value (defaults to {}; null is rejected)" });
        },
      }),
    ),
  ),
);
export type DatasetMetadata = {
  size_bytes: number;
  record_count: number;
  schema?: DataSchema | null | undefined;
  sources: string[];
  /** Metric name → value (defaults to {}; null is rejected) */
  quality_metrics: Record<string, number>;
};

export const RateLimit = lazySchema(() =>
  named<RateLimit>()(
    z.object(
      lazyFields({
        get requests_per_minute() {
          return u32();
        },
        get tokens_per_minute() {
          return u32().nullish();
        },
      }),
    ),
  ),
);
export type RateLimit = {
  requests_per_minute: number;
  tokens_per_minute?: number | null | undefined;
};

export const SlaInfo = lazySchema(() =>
  named<SlaInfo>()(
    z.object(
      lazyFields({
        get uptime_percent() {
          return f64().meta({ description: "Promised uptime in percent (0–100 by intent; not enforced)" });
        },
        get max_latency_ms() {
          return u32();
        },
        get support_level() {
          return z.string();
        },
      }),
    ),
  ),
);
export type SlaInfo = {
  /** Promised uptime in percent (0–100 by intent; not enforced) */
  uptime_percent: number;
  max_latency_ms: number;
  support_level: string;
};

export const EndpointMetadata = lazySchema(() =>
  named<EndpointMetadata>()(
    z.object(
      lazyFields({
        get url() {
          return z.string();
        },
        get method() {
          return z.string().meta({ description: 'HTTP method, free text (e.g. "POST")' });
        },
        get auth_type() {
          return z.string();
        },
        get rate_limit() {
          return RateLimit.nullish();
        },
        get sla() {
          return SlaInfo.nullish();
        },
      }),
    ),
  ),
);
export type EndpointMetadata = {
  url: string;
  /** HTTP method, free text (e.g. "POST") */
  method: string;
  auth_type: string;
  rate_limit?: RateLimit | null | undefined;
  sla?: SlaInfo | null | undefined;
};

export const Dependency = lazySchema(() =>
  named<Dependency>()(
    z.object(
      lazyFields({
        get name() {
          return z.string();
        },
        get version() {
          return z.string();
        },
        get dependency_type() {
          return z.string();
        },
      }),
    ),
  ),
);
export type Dependency = {
  name: string;
  version: string;
  dependency_type: string;
};

export const DeploymentInfo = lazySchema(() =>
  named<DeploymentInfo>()(
    z.object(
      lazyFields({
        get environment() {
          return z.string();
        },
        get region() {
          return z.string();
        },
        deployed_at: Timestamp,
        get deployed_by() {
          return z.string();
        },
      }),
    ),
  ),
);
export type DeploymentInfo = {
  environment: string;
  region: string;
  deployed_at: string;
  deployed_by: string;
};

export const ApplicationMetadata = lazySchema(() =>
  named<ApplicationMetadata>()(
    z.object(
      lazyFields({
        get url() {
          return z.string().nullish();
        },
        get tech_stack() {
          return z.array(z.string());
        },
        get dependencies() {
          return z.array(Dependency);
        },
        get deployment() {
          return DeploymentInfo.nullish();
        },
      }),
    ),
  ),
);
export type ApplicationMetadata = {
  url?: string | null | undefined;
  tech_stack: string[];
  dependencies: Dependency[];
  deployment?: DeploymentInfo | null | undefined;
};

export const METADATA_TYPES = ["model", "prompt_template", "dataset", "endpoint", "application", "custom"] as const;
export type MetadataType = (typeof METADATA_TYPES)[number];

const LISTED = METADATA_TYPES.map((t) => JSON.stringify(t)).join(", ");

/**
 * Type-specific metadata, internally tagged by `metadata_type` (the tag first, as serde writes
 * it). The `custom` variant is a free-form map: every key beside the tag is kept
 * (`{"metadata_type": "custom", "k": v, …}`); a repeated key inside it is a map entry (the
 * last value wins), while a repeated `metadata_type` is a duplicate field. Nothing ties
 * `metadata_type` to the asset's `asset_type`: a `dataset` asset may carry model metadata, as
 * in the hub.
 */
// Built here rather than with core's tagUnion, which rebuilds each variant from its shape and so
// would drop the custom variant's catchall (its keys).
export const AssetSpecificMetadata = lazySchema(() =>
  namedUnion<AssetSpecificMetadata>()(
    z.discriminatedUnion(
      "metadata_type",
      [
        z.object(withFields({ metadata_type: z.literal("model") }, ModelMetadata)),
        z.object(withFields({ metadata_type: z.literal("prompt_template") }, PromptTemplateMetadata)),
        z.object(withFields({ metadata_type: z.literal("dataset") }, DatasetMetadata)),
        z.object(withFields({ metadata_type: z.literal("endpoint") }, EndpointMetadata)),
        z.object(withFields({ metadata_type: z.literal("application") }, ApplicationMetadata)),
        z
          .object(
            lazyFields({
              get metadata_type() {
                return z.literal("custom");
              },
            }),
          )
          .catchall(JsonValue)
          .check(protoKeyCheck()),
      ],
      {
        error: (issue) => {
          const input = issue.input;
          if (typeof input !== "object" || input === null || Array.isArray(input)) {
            return 'Invalid AssetSpecificMetadata: expected an object with a "metadata_type" tag';
          }
          if (!("metadata_type" in input)) {
            return `Invalid AssetSpecificMetadata: missing field "metadata_type" (one of ${LISTED})`;
          }
          const tag = (input as Record<string, unknown>).metadata_type;
          return `Invalid AssetSpecificMetadata: unknown metadata_type ${JSON.stringify(tag)}, expected one of ${LISTED}`;
        },
      },
    ),
  ),
);
/**
 * Type-specific metadata, internally tagged by `metadata_type` (the tag first, as serde writes
 * it). The `custom` variant is a free-form map: every key beside the tag is kept
 * (`{"metadata_type": "custom", "k": v, …}`); a repeated key inside it is a map entry (the
 * last value wins), while a repeated `metadata_type` is a duplicate field. Nothing ties
 * `metadata_type` to the asset's `asset_type`: a `dataset` asset may carry model metadata, as
 * in the hub.
 */
export type AssetSpecificMetadata =
  | ({
      metadata_type: "custom";
    } & Record<string, JsonValue>)
  | ({ metadata_type: "model" } & ModelMetadata)
  | ({ metadata_type: "prompt_template" } & PromptTemplateMetadata)
  | ({ metadata_type: "dataset" } & DatasetMetadata)
  | ({ metadata_type: "endpoint" } & EndpointMetadata)
  | ({ metadata_type: "application" } & ApplicationMetadata);

/** A registered asset (model, prompt template, dataset, endpoint, application or custom kind). */
export const AssetMetadata = lazySchema(() =>
  named<AssetMetadata>()(
    z
      .object(
        lazyFields({
          get asset_id() {
            return z.string();
          },
          asset_type: AssetType,
          get name() {
            return z.string();
          },
          get description() {
            return z.string();
          },
          version: VersionInfo,
          owner: OwnerInfo,
          get tags() {
            return stringMap()
              .default(() => ({}))
              .meta({ description: "Free-form string tags (defaults to {}; null is rejected)" });
          },
          created_at: Timestamp,
          updated_at: Timestamp,
          status: AssetStatus,
          metadata: AssetSpecificMetadata,
        }),
      )
      .meta({ description: "Metadata of an asset in the LLM Analytics Hub registry" }),
  ),
);
/** A registered asset (model, prompt template, dataset, endpoint, application or custom kind). */
export type AssetMetadata = {
  asset_id: string;
  asset_type: AssetType;
  name: string;
  description: string;
  version: VersionInfo;
  owner: OwnerInfo;
  tags: StringMap;
  created_at: string;
  updated_at: string;
  status: AssetStatus;
  metadata: AssetSpecificMetadata;
};
/** What `AssetMetadata.parse` accepts: defaulted maps and lists may be left out. */
export type AssetMetadataInput = z.input<typeof AssetMetadata>;
