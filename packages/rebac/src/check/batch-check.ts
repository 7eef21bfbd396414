// BatchCheck: up to 50 checks in one request, each answered under its correlation id, an error in one item
// reported for that item only.

import type { ConditionContext } from '../conditions/compile-condition.js';
import { isRebacError, validationError } from '../errors.js';
import type { Consistency } from '../query/query-request.js';
import { prepareQuery } from '../query/query-request.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import { type CheckDependencies, type CheckTupleKey, checkPrepared, validateCheckTupleKey } from './check.js';

/** OpenFGA's limit on the items of one BatchCheck. */
export const MAX_BATCH_CHECK_ITEMS = 50;

export interface BatchCheckItem {
  readonly tupleKey: CheckTupleKey;
  readonly contextualTuples?: readonly TupleKey[];
  readonly context?: ConditionContext;
  /** The caller's id for this item, unique within the request. */
  readonly correlationId: string;
}

export interface BatchCheckRequest {
  readonly checks: readonly BatchCheckItem[];
  readonly consistency?: Consistency;
}

export type BatchCheckResult =
  | { readonly allowed: boolean; readonly error?: undefined }
  | { readonly allowed?: undefined; readonly error: { readonly code: number; readonly message: string } };

export interface BatchCheckResponse {
  /** Every item's answer, by correlation id. */
  readonly result: ReadonlyMap<string, BatchCheckResult>;
}

export async function batchCheck(
  deps: CheckDependencies,
  request: BatchCheckRequest,
): Promise<BatchCheckResponse> {
  if (request.checks.length === 0 || request.checks.length > MAX_BATCH_CHECK_ITEMS) {
    throw validationError(
      `a batch check carries 1 to ${MAX_BATCH_CHECK_ITEMS} checks, not ${request.checks.length}`,
    );
  }
  const ids = new Set<string>();
  for (const item of request.checks) {
    if (typeof item.correlationId !== 'string' || item.correlationId === '') {
      throw validationError('every check needs a correlation_id');
    }
    if (ids.has(item.correlationId))
      throw validationError(`duplicate correlation_id '${item.correlationId}'`);
    ids.add(item.correlationId);
  }
  const result = new Map<string, BatchCheckResult>();
  for (const item of request.checks) {
    try {
      const userRef = validateCheckTupleKey(deps.model, item.tupleKey);
      const prepared = await prepareQuery(
        deps,
        { ...item, consistency: request.consistency },
        'invalid_tuple',
      );
      const { allowed } = await checkPrepared(deps, prepared, item.tupleKey, userRef);
      result.set(item.correlationId, { allowed });
    } catch (error) {
      // Only refusals belong to the item; a store failing is the whole request's error.
      if (!isRebacError(error)) throw error;
      result.set(item.correlationId, { error: { code: error.code, message: error.message } });
    }
  }
  return { result };
}
