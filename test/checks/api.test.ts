import { describe } from "vitest";
import { API_CASES } from "./api.cases.js";
import { runCases } from "./cases.js";

describe("api checks: each code on a document that triggers it and one that does not", () => {
  runCases(API_CASES);
});
