/**
 * The core of the package root (there is no `./core` subpath): timestamps, UUIDs, JSON values,
 * strict decoding. Internal building blocks (integer widths, tagging, map guards) are imported
 * from their own files, never from here, so the root cannot reach them.
 */
export { canonicalJson } from "./canonical-json.js";
export {
  type DecodeIssueReason,
  type DecodeOptions,
  decode,
  decodeValue,
  findUnknownKeys,
  safeParseStrict,
} from "./decode.js";
export { type JsonPath, MAX_JSON_DEPTH } from "./json-text.js";
export { isJsonValue, JsonValue } from "./json-value.js";
export { type JsonTextOptions, jsonText } from "./json-writer.js";
export { StringMap } from "./maps.js";
export type {
  NamedObject,
  NamedObjectInternals,
  NamedTaggedUnion,
  NamedTaggedUnionInternals,
  NamedUnion,
  NamedUnionInternals,
} from "./named.js";
export { createEnumOrder, type EnumOrder } from "./tagging.js";
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
