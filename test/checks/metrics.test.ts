import { describe } from "vitest";
import { runCases } from "./cases.js";
import { METRICS_CASES } from "./metrics.cases.js";

describe("metrics checks: each code on a document that triggers it and one that does not", () => {
  runCases(METRICS_CASES);
});
