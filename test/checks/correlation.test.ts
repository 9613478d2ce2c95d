import { describe } from "vitest";
import { runCases } from "./cases.js";
import { CORRELATION_CASES } from "./correlation.cases.js";

describe("correlation checks: each code on a document that triggers it and one that does not", () => {
  runCases(CORRELATION_CASES);
});
