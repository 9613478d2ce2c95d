import { describe } from "vitest";
import { runCases } from "./cases.js";
import { METADATA_CASES } from "./metadata.cases.js";

describe("metadata checks: each code on a document that triggers it and one that does not", () => {
  runCases(METADATA_CASES);
});
