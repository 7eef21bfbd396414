// ReadChanges: the store's changelog, oldest first, optionally of one object type or from a start time.
import type { ChangeFilter, Page, PageRequest, TupleChange } from '@tessera/rebac';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';

export async function readChanges(
  deps: Pick<FgaDependencies, 'stores' | 'tuples'>,
  storeId: string,
  filter: ChangeFilter,
  page: PageRequest,
): Promise<Page<TupleChange> & { continuationToken: string }> {
  await liveStore(deps, storeId);
  return deps.tuples.forStore(storeId).readChanges(filter, page);
}
