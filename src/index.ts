/**
 * The package root: every domain entry point, re-exported whole (DESIGN.md §4), and the core
 * (timestamps, UUIDs, JSON values, strict decoding), which has no subpath of its own. Each
 * domain's `index.ts` names its exports; a name two domains share is the same declaration
 * (`TimeRange`, `durationSeconds`), so nothing here is a copy. test/exports.test.ts pins every
 * entry point's names, types included, from the built declarations.
 */
export * from "./api/index.js";
export * from "./checks/index.js";
export * from "./core/index.js";
export * from "./correlation/index.js";
export * from "./events/index.js";
export * from "./fast/index.js";
export * from "./interop/index.js";
export * from "./json-schema/index.js";
export * from "./metadata/index.js";
export * from "./metrics/index.js";
// `./stats` (Zod-free) declares the QuantileSketch type; `./metrics` exports the schema of that
// very type under the same name (`type QuantileSketch = stats' QuantileSketch`), so the root
// takes the schema and loses nothing.
export { QuantileSketch } from "./metrics/index.js";
export * from "./stats/index.js";
export * from "./timeseries/index.js";
