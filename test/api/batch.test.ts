import { describe, expect, it } from "vitest";
import {
  BatchResponse,
  createBatchItemFailure,
  createBatchItemSkipped,
  createBatchItemSuccess,
  createBatchResponse,
  createNotFoundError,
} from "../../src/api/index.js";
import { decode } from "../../src/core/decode.js";
import { JsonValue } from "../../src/core/json-value.js";
import { AnalyticsEvent } from "../../src/events/index.js";
import { FIXTURES, fixtureText } from "../conformance/fixtures.js";

// The rule (the hub has none; WIRE_FORMAT.md §5.6 notes nothing checks the counts): total is the
// number of results; success_count and failure_count count "success" and "failed"; status is
// all_success when every item succeeded, all_failed when none did, partial_success otherwise.

const batch_id = "F3A0FD41-710E-4650-8100-8B2336DB4D10";
const error = createNotFoundError("missing", { timestamp: "2025-08-12T00:00:00Z" });

describe("createBatchResponse", () => {
  it("recomputes the counts and status of the hub's batch fixtures", () => {
    for (const file of [
      "accept/batch-partial-success.json",
      "accept/batch-all-success.json",
      "accept/batch-all-failed.json",
    ]) {
      const fixture = decode(BatchResponse(AnalyticsEvent), fixtureText(FIXTURES.find((f) => f.file === file)!));
      if (!fixture.success) throw new Error(file);
      const { batch_id: id, results } = fixture.data;
      expect(createBatchResponse(Object.freeze(results), { batch_id: id }), file).toEqual(fixture.data);
    }
  });

  it("counts skipped items in the total only", () => {
    const response = createBatchResponse(
      [
        createBatchItemSuccess(0, { ok: true }),
        createBatchItemFailure(1, error),
        createBatchItemSkipped(2, undefined, "ref-2"),
      ],
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
    expect(
      createBatchResponse([createBatchItemSkipped(0), createBatchItemFailure(1, error)], { batch_id }).status,
    ).toBe("all_failed");
    expect(createBatchResponse([createBatchItemSkipped(0)], { batch_id })).toMatchObject({
      failure_count: 0,
      success_count: 0,
      status: "all_failed",
    });
    expect(createBatchResponse([], { batch_id })).toMatchObject({ total_items: 0, status: "all_success" });
    expect(createBatchResponse([createBatchItemSuccess(0, 1), createBatchItemSkipped(1)], { batch_id }).status).toBe(
      "partial_success",
    );
  });

  it("rejects results that contradict themselves", () => {
    expect(() =>
      createBatchResponse([createBatchItemSuccess(0, 1), createBatchItemSuccess(0, 2)], { batch_id }),
    ).toThrow("createBatchResponse: results[1].index 0 is repeated");
    expect(() => createBatchResponse([{ index: 0, status: "success", error }], { batch_id })).toThrow(
      'results[0] has status "success" but carries an error',
    );
    expect(() => createBatchResponse([{ index: 0, status: "failed", data: 1, error }], { batch_id })).toThrow(
      'results[0] has status "failed" but carries data',
    );
    expect(() => createBatchResponse([{ index: -1, status: "failed" }], { batch_id })).toThrow("results[0].index");
    expect(() => createBatchResponse([{ index: 0, status: "succeeded" as never }], { batch_id })).toThrow(
      "results[0].status",
    );
    expect(() => createBatchResponse([], { batch_id: "batch-1" })).toThrow(
      "createBatchResponse: options.batch_id must be a UUID",
    );
  });

  it("builds item results with item_id null when none is given (Option written as null)", () => {
    expect(createBatchItemSuccess(3, "x")).toEqual({ index: 3, item_id: null, status: "success", data: "x" });
    expect(createBatchItemSkipped(4, error)).toEqual({ index: 4, item_id: null, status: "skipped", error });
    expect(() => createBatchItemFailure(1.5, error)).toThrow("createBatchItemFailure: index");
  });
});
