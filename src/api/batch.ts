import { describe } from "../stats/validate.js";
import { integerArg, uuidArg } from "./arguments.js";
import type { ApiError, BatchItemResult, BatchResponse, BatchStatus } from "./schema.js";
import { ITEM_STATUSES } from "./schema.js";

export interface BatchResponseOptions {
  /** The batch's id (any UUID form; written canonical). Passed in: nothing here draws ids. */
  readonly batch_id: string;
}

/**
 * A BatchResponse whose counts and status are computed from its results, so they cannot
 * disagree (the hub never checks them): `total_items` is the number of results,
 * `success_count` and `failure_count` count `success` and `failed` items (skipped items count
 * only in the total), and `status` says how much of the batch took effect: `all_success` when
 * every item succeeded (also for an empty batch: nothing failed), `all_failed` when none did
 * (whether failed or skipped), `partial_success` otherwise. The results are kept as given, in
 * order. Throws when an index is repeated or not a u64, a status is unknown, a `success` item
 * carries an error, or a `failed` or `skipped` item carries data. O(n).
 */
export function createBatchResponse<T>(
  results: readonly BatchItemResult<T>[],
  options: BatchResponseOptions,
): BatchResponse<T> {
  const fn = "createBatchResponse";
  if (!Array.isArray(results)) throw new TypeError(`${fn}: results must be an array, received ${describe(results)}`);
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`${fn}: options with a batch_id are required, received ${describe(options)}`);
  }
  const batchId = uuidArg(fn, "options.batch_id", options.batch_id);
  const seen = new Set<number>();
  let success = 0;
  let failure = 0;
  results.forEach((r, i) => {
    if (typeof r !== "object" || r === null) throw new TypeError(`${fn}: results[${i}] must be an object`);
    integerArg(fn, `results[${i}].index`, r.index, { min: 0, max: Number.MAX_SAFE_INTEGER });
    if (seen.has(r.index)) throw new RangeError(`${fn}: results[${i}].index ${r.index} is repeated`);
    seen.add(r.index);
    if (!ITEM_STATUSES.includes(r.status)) {
      throw new RangeError(
        `${fn}: results[${i}].status must be one of ${ITEM_STATUSES.join(", ")}, received ${describe(r.status)}`,
      );
    }
    const hasData = r.data !== undefined && r.data !== null;
    const hasError = r.error !== undefined && r.error !== null;
    if (r.status === "success") {
      if (hasError) throw new RangeError(`${fn}: results[${i}] has status "success" but carries an error`);
      success++;
    } else {
      if (hasData) throw new RangeError(`${fn}: results[${i}] has status "${r.status}" but carries data`);
      if (r.status === "failed") failure++;
    }
  });
  const total = results.length;
  const status: BatchStatus = success === total ? "all_success" : success === 0 ? "all_failed" : "partial_success";
  return {
    batch_id: batchId,
    total_items: total,
    success_count: success,
    failure_count: failure,
    results: [...results],
    status,
  };
}

/** A `success` item result. `item_id` is the client's own reference, when it sent one. */
export function createBatchItemSuccess<T>(index: number, data: T, itemId?: string): BatchItemResult<T> {
  integerArg("createBatchItemSuccess", "index", index, { min: 0, max: Number.MAX_SAFE_INTEGER });
  return { index, item_id: itemId ?? null, status: "success", data };
}

/** A `failed` item result with its error. */
export function createBatchItemFailure(index: number, error: ApiError, itemId?: string): BatchItemResult<never> {
  integerArg("createBatchItemFailure", "index", index, { min: 0, max: Number.MAX_SAFE_INTEGER });
  return { index, item_id: itemId ?? null, status: "failed", error };
}

/** A `skipped` item result (not attempted, e.g. after an earlier failure); an error may say why. */
export function createBatchItemSkipped(index: number, error?: ApiError, itemId?: string): BatchItemResult<never> {
  integerArg("createBatchItemSkipped", "index", index, { min: 0, max: Number.MAX_SAFE_INTEGER });
  const result: BatchItemResult<never> = { index, item_id: itemId ?? null, status: "skipped" };
  if (error !== undefined) result.error = error;
  return result;
}
