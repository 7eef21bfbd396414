// Read: the stored tuples matching a filter, paged, in write order; never from data older than a given token.
import {
  ErrorCode,
  type Page,
  type PageRequest,
  RebacError,
  type StoredTuple,
  type TupleFilter,
} from '@tessera/rebac';
import { type ConsistencyRequest, consistencyFor } from '../consistency-token.js';
import { type FgaDependencies, liveStore } from '../fga-dependencies.js';

const validationError = (message: string) => new RebacError(ErrorCode.validation_error, message);

export async function readTuples(
  deps: Pick<FgaDependencies, 'stores' | 'tuples'>,
  storeId: string,
  filter: TupleFilter,
  page: PageRequest,
  consistency: ConsistencyRequest,
): Promise<Page<StoredTuple>> {
  await liveStore(deps, storeId);
  // OpenFGA: an object of a type only (`document:`) lists that type's tuples of one user, and needs the user.
  if (filter.object !== undefined && !filter.object.includes(':')) {
    throw validationError(`invalid 'object' field format: '${filter.object}'`);
  }
  if (filter.object?.endsWith(':') && !filter.user) {
    throw validationError("the 'user' field is required when 'object' names only a type");
  }
  const { minRevision } = consistencyFor(storeId, consistency);
  return deps.tuples
    .forStore(storeId)
    .readPage(filter, page, minRevision === undefined ? {} : { minRevision });
}
