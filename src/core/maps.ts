import * as z from "zod";
import { f64, u64 } from "./integers.js";
import { JsonValue } from "./json-value.js";

/** `HashMap<String, String>`. A repeated key is allowed in a map and the last value wins (rule 12). */
export const stringMap = () => z.record(z.string(), z.string());
/** `HashMap<String, f64>`. */
export const numberMap = () => z.record(z.string(), f64());
/** `HashMap<String, u64>`. */
export const unsignedMap = () => z.record(z.string(), u64());
/** `HashMap<String, serde_json::Value>`. */
export const jsonMap = () => z.record(z.string(), JsonValue);

/** `HashMap<String, String>`, the most common map. */
export const StringMap = stringMap();
export type StringMap = z.infer<typeof StringMap>;
