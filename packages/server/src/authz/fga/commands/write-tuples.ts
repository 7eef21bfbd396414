// Write: up to 100 tuple writes and deletes against the store's model, in one transaction; returns the consistency
// token of the write (the store's new revision) for reads that must see it.
import type { TupleIdentity, TupleKey } from '@tessera/rebac';
import { encodeConsistencyToken } from '../consistency-token.js';
import { type FgaDependencies, storeTarget } from '../fga-dependencies.js';

export interface WriteTuplesInput {
  readonly modelId?: string | undefined;
  readonly writes: readonly TupleKey[];
  readonly deletes: readonly TupleIdentity[];
  readonly onDuplicate?: 'error' | 'ignore' | undefined;
  readonly onMissing?: 'error' | 'ignore' | undefined;
}

export interface WriteTuplesResult {
  readonly consistencyToken: string;
  readonly modelId: string;
}

export async function writeTuples(
  deps: FgaDependencies,
  storeId: string,
  input: WriteTuplesInput,
): Promise<WriteTuplesResult> {
  const target = await storeTarget(deps, storeId, input.modelId);
  const { revision } = await deps.engine.write(target.tuples, target.model, {
    writes: input.writes,
    deletes: input.deletes,
    onDuplicate: input.onDuplicate,
    onMissing: input.onMissing,
  });
  return { consistencyToken: encodeConsistencyToken(storeId, revision), modelId: target.model.id };
}
