// Write: up to 100 tuple writes and deletes, validated against the model, applied in one transaction; returns the
// store's new revision, the consistency token later reads may demand.
import { ErrorCode, exceededEntityLimit, RebacError, writeFailed } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { validateTupleForWrite } from '../model/validate-tuple.js';
import type { TupleKey } from './tuple-key.js';
import { assertWellFormedTupleKey, tupleKeyToString } from './tuple-key.js';
import {
  MAX_WRITES_PER_REQUEST,
  type Revision,
  type TupleIdentity,
  type TupleWriteRequest,
  type TupleWriter,
} from './tuple-store.js';

export interface WriteTuplesRequest {
  readonly writes?: readonly TupleKey[];
  readonly deletes?: readonly TupleIdentity[];
  readonly onDuplicate?: 'error' | 'ignore';
  readonly onMissing?: 'error' | 'ignore';
}

/**
 * Raises 2003 for an empty request, 2053 for more than 100 changes, 2004 for a tuple named twice, 2027 / 2000 for
 * a write the model does not admit, and 2017 for a duplicate write or missing delete under `error`.
 */
export async function writeTuples(
  store: TupleWriter,
  model: CompiledModel,
  request: WriteTuplesRequest,
): Promise<{ revision: Revision }> {
  const writes = request.writes ?? [];
  const deletes = request.deletes ?? [];
  if (writes.length + deletes.length === 0) {
    throw new RebacError(
      ErrorCode.invalid_write_input,
      'Invalid input. Make sure you provide at least one write, or at least one delete',
    );
  }
  if (writes.length + deletes.length > MAX_WRITES_PER_REQUEST) {
    throw exceededEntityLimit('write operations', MAX_WRITES_PER_REQUEST);
  }
  const named = new Set<string>();
  for (const key of [...writes, ...deletes]) {
    const id = tupleKeyToString(key);
    if (named.has(id)) {
      throw new RebacError(
        ErrorCode.cannot_allow_duplicate_tuples_in_one_request,
        `duplicate tuple in write: user: '${key.user}', relation: '${key.relation}', object: '${key.object}'`,
      );
    }
    named.add(id);
  }
  for (const key of writes) validateTupleForWrite(model, key);
  for (const key of deletes) assertWellFormedTupleKey(key);
  const storeRequest: TupleWriteRequest = {
    writes,
    deletes,
    onDuplicate: request.onDuplicate ?? 'error',
    onMissing: request.onMissing ?? 'error',
  };
  const outcome = await store.write(storeRequest);
  switch (outcome.outcome) {
    case 'written':
      return { revision: outcome.revision };
    case 'duplicate':
      throw writeFailed(`cannot write a tuple which already exists: ${tupleKeyToString(outcome.tuple)}`);
    case 'missing':
      throw writeFailed(`cannot delete a tuple which does not exist: ${tupleKeyToString(outcome.tuple)}`);
  }
}
