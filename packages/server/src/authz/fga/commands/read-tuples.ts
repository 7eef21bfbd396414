// Read: the stored tuples matching a filter, paged, in write order (OpenFGA's filter rules and page sizes, checked
// against the store's latest model when it has one); never from data older than a given token.
import {
  type Page,
  readTuples as readStoredTuples,
  type StoredTuple,
  type TupleFilter,
} from '@tessera/rebac';
import { type ConsistencyRequest, consistencyFor } from '../consistency-token.js';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';

export async function readTuples(
  deps: Pick<FgaDependencies, 'stores' | 'models' | 'tuples' | 'compiledModels'>,
  storeId: string,
  request: { filter: TupleFilter; pageSize?: number | undefined; continuationToken?: string | undefined },
  consistency: ConsistencyRequest,
): Promise<Page<StoredTuple>> {
  await liveStore(deps, storeId);
  const latest = await deps.models.latest(storeId);
  const { minRevision } = consistencyFor(storeId, consistency);
  return readStoredTuples(
    deps.tuples.forStore(storeId),
    {
      filter: request.filter,
      ...(request.pageSize !== undefined && { pageSize: request.pageSize }),
      ...(request.continuationToken && { continuationToken: request.continuationToken }),
      ...(minRevision !== undefined && { consistency: { minRevision } }),
    },
    latest && deps.compiledModels.compiled(latest),
  );
}
