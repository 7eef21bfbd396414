// ReadChanges: the store's changelog, oldest first, optionally of one object type or from a start time (OpenFGA's
// page sizes; the token resumes after the last change, even on the last page).
import {
  type Page,
  type ReadChangesRequest,
  readChanges as readStoredChanges,
  type TupleChange,
} from '@tessera/rebac';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';

export async function readChanges(
  deps: Pick<FgaDependencies, 'stores' | 'tuples'>,
  storeId: string,
  request: ReadChangesRequest,
): Promise<Page<TupleChange> & { continuationToken: string }> {
  await liveStore(deps, storeId);
  return readStoredChanges(deps.tuples.forStore(storeId), request);
}
