export { type CodegenSchema, codegenJsonSchemas, codegenSchemaId } from "./codegen.js";
export {
  allJsonSchemas,
  JSON_SCHEMA_TARGETS,
  type JsonSchemaOptions,
  type JsonSchemaTarget,
  jsonSchemaOf,
  schemaFileText,
  schemaId,
} from "./generate.js";
export { SCHEMA_NAMES, SCHEMAS, type SchemaName } from "./registry.js";
