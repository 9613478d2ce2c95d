import { describe, expect, it } from "vitest";
import {
  BatchResponse,
  batchItemFailure,
  batchItemSkipped,
  batchItemSuccess,
  batchResponse,
  notFound,
} from "../../src/api/index.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

// The rule (the hub has none; WIRE_FORMAT.md §5.6 notes nothing checks the counts): total is the
// number of results; success_count and failure_count count "success" and "failed"; status is
// all_success when every item succeeded, all_failed when none did, partial_success otherwise.

const batch_id = "F3A0FD41-710E-4650-8100-8B2336DB4D10";
const error = notFound("missing", { timestamp: "2025-08-12T00:00:00Z" });

describe("batchResponse", () => {
  it("recomputes the counts and status of the hub's batch fixtures", () => {
    for (const file of [
      "accept/batch-partial-success.json",
      "accept/batch-all-success.json",
      "accept/batch-all-failed.json",
    ]) {
      const fixture = decode(BatchResponse(AnalyticsEvent), fixtureText(FIXTURES.find((f) => f.file === file)!));
      if (!fixture.success) throw new Error(file);
      const { batch_id: id, results } = fixture.data;
      expect(batchResponse(Object.freeze(results), { batch_id: id }), file).toEqual(fixture.data);
    }
  });

  it("counts skipped items in the total only", () => {
    const response = batchResponse(
      [batchItemSuccess(0, { ok: true }), batchItemFailure(1, error), batchItemSkipped(2, "ref-2")],
      { batch_id },
    );
    expect(response).toMatchObject({
      batch_id: "f3a0fd41-710e-4650-8100-8b2336db4d10",
      total_items: 3,
      success_count: 1,
      failure_count: 1,
      status: "partial_success",
    });
    expect(BatchResponse(JsonValue).parse(response)).toEqual(response);
  });

  it("calls a batch with nothing done all_failed, and an empty batch all_success", () => {
    expect(batchResponse([batchItemSkipped(0), batchItemFailure(1, error)], { batch_id }).status).toBe("all_failed");
    expect(batchResponse([batchItemSkipped(0)], { batch_id })).toMatchObject({
      failure_count: 0,
      success_count: 0,
      status: "all_failed",
    });
    expect(batchResponse([], { batch_id })).toMatchObject({ total_items: 0, status: "all_success" });
    expect(batchResponse([batchItemSuccess(0, 1), batchItemSkipped(1)], { batch_id }).status).toBe("partial_success");
  });

  it("rejects results that contradict themselves", () => {
    expect(() => batchResponse([batchItemSuccess(0, 1), batchItemSuccess(0, 2)], { batch_id })).toThrow(
      "batchResponse: results[1].index 0 is repeated",
    );
    expect(() => batchResponse([{ index: 0, status: "success", error }], { batch_id })).toThrow(
      'results[0] has status "success" but carries an error',
    );
    expect(() => batchResponse([{ index: 0, status: "failed", data: 1, error }], { batch_id })).toThrow(
      'results[0] has status "failed" but carries data',
    );
    expect(() => batchResponse([{ index: -1, status: "failed" }], { batch_id })).toThrow("results[0].index");
    expect(() => batchResponse([{ index: 0, status: "succeeded" as never }], { batch_id })).toThrow(
      "results[0].status",
    );
    expect(() => batchResponse([], { batch_id: "batch-1" })).toThrow("batchResponse: options.batch_id must be a UUID");
  });

  it("builds item results with item_id null when none is given (Option written as null)", () => {
    expect(batchItemSuccess(3, "x")).toEqual({ index: 3, item_id: null, status: "success", data: "x" });
    expect(batchItemSkipped(4, undefined, error)).toEqual({ index: 4, item_id: null, status: "skipped", error });
    expect(() => batchItemFailure(1.5, error)).toThrow("batchItemFailure: index");
  });
});
