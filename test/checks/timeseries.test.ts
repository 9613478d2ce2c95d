import { describe } from "vitest";
import { runCases } from "./cases.js";
import { TIMESERIES_CASES } from "./timeseries.cases.js";

describe("timeseries checks: each code on a document that triggers it and one that does not", () => {
  runCases(TIMESERIES_CASES);
});
