import { describe, expectTypeOf, it } from "vitest";
import type { JsonValue } from "../../src/core/json-value.js";
import type {
  AssetMetadata,
  AssetMetadataInput,
  AssetSpecificMetadata,
  AssetType,
  DataSourceType,
  RuleSeverity,
  WidgetType,
} from "../../src/metadata/index.js";

describe("inferred metadata types", () => {
  it("pins the external enums with a data-carrying variant", () => {
    expectTypeOf<AssetType>().toEqualTypeOf<
      "model" | "fine_tuned_model" | "prompt_template" | "dataset" | "endpoint" | "application" | { custom: string }
    >();
    expectTypeOf<WidgetType>().toExtend<string | { custom: string }>();
    expectTypeOf<{ custom: string }>().toExtend<WidgetType>();
    expectTypeOf<DataSourceType>().toEqualTypeOf<"metrics" | "events" | "logs" | "custom">();
    expectTypeOf<RuleSeverity>().toEqualTypeOf<"low" | "medium" | "high" | "critical">();
  });

  it("narrows AssetSpecificMetadata by its tag", () => {
    expectTypeOf<AssetSpecificMetadata["metadata_type"]>().toEqualTypeOf<
      "model" | "prompt_template" | "dataset" | "endpoint" | "application" | "custom"
    >();
    type Model = Extract<AssetSpecificMetadata, { metadata_type: "model" }>;
    expectTypeOf<Model["benchmarks"]>().toEqualTypeOf<Record<string, number>>();
    type Custom = Extract<AssetSpecificMetadata, { metadata_type: "custom" }>;
    expectTypeOf<Custom["some_key"]>().toEqualTypeOf<JsonValue>();
  });

  it("makes defaulted fields optional on input only", () => {
    expectTypeOf<AssetMetadata["tags"]>().toEqualTypeOf<Record<string, string>>();
    expectTypeOf<AssetMetadataInput["tags"]>().toEqualTypeOf<Record<string, string> | undefined>();
  });
});
