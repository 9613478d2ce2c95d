export { canonicalJson } from "./canonical-json.js";
export {
  type DecodeIssueReason,
  type DecodeOptions,
  decode,
  decodeValue,
  findUnknownKeys,
  safeParseStrict,
} from "./decode.js";
export { f64, i64, U8_MAX, U16_MAX, U32_MAX, u8, u16, u32, u64 } from "./integers.js";
export { type JsonPath, MAX_JSON_DEPTH } from "./json-text.js";
export { isJsonValue, JsonValue } from "./json-value.js";
export { jsonText } from "./json-writer.js";
export { keepProtoKey, protoKeyCheck, StringMap } from "./maps.js";
export type {
  NamedObject,
  NamedObjectInternals,
  NamedTaggedUnion,
  NamedTaggedUnionInternals,
  NamedUnion,
  NamedUnionInternals,
} from "./named.js";
export { type EnumOrder, enumOrder, externalEnum, tagUnion } from "./tagging.js";
export { durationSeconds, TimeRange } from "./time-range.js";
export {
  canonicalTimestamp,
  compareTimestamps,
  fromEpochMillis,
  fromEpochNanos,
  isTimestamp,
  TIMESTAMP_PATTERN,
  Timestamp,
  toEpochMillis,
  toEpochNanos,
} from "./timestamp.js";
export { canonicalUuid, UUID_PATTERN, Uuid } from "./uuid.js";
