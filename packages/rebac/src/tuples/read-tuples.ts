// Read and ReadChanges: the stored tuples and the changelog, filtered and paged with OpenFGA's limits (page size
// 1 to 100, default 50) and its filter rules.
import { relationNotFound, typeNotFound, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import { parseObject, parseUser, type StoredTuple } from './tuple-key.js';
import type {
  ChangelogReader,
  Page,
  ReadOptions,
  TupleChange,
  TupleFilter,
  TuplePageReader,
} from './tuple-store.js';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

export interface ReadTuplesRequest {
  /** `object` is `type:id` or `type:` (every object of the type, then `user` is required). */
  readonly filter?: TupleFilter;
  readonly pageSize?: number;
  readonly continuationToken?: string;
  readonly consistency?: ReadOptions;
}

function pageSizeOf(pageSize: number | undefined): number {
  const size = pageSize ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(size) || size < 1 || size > MAX_PAGE_SIZE) {
    throw validationError(`page_size must be between 1 and ${MAX_PAGE_SIZE}`);
  }
  return size;
}

/** Raises 2000 for a bad page size or filter, and, when a model is given, 2021 / 2022 for an unknown type or relation. */
export async function readTuples(
  store: TuplePageReader,
  request: ReadTuplesRequest,
  model?: CompiledModel,
): Promise<Page<StoredTuple>> {
  const pageSize = pageSizeOf(request.pageSize);
  const filter = request.filter ?? {};
  if (filter.object !== undefined && filter.object !== '') {
    const typeOnly = filter.object.endsWith(':');
    const type = typeOnly ? filter.object.slice(0, -1) : parseObject(filter.object)?.type;
    if (!type) throw validationError(`invalid 'object' field format: '${filter.object}'`);
    if (typeOnly && !filter.user)
      throw validationError("the 'user' field is required when 'object' names only a type");
    if (model && !model.hasType(type)) throw typeNotFound(type);
    if (model && filter.relation && !model.relation(type, filter.relation))
      throw relationNotFound(type, filter.relation);
  } else if (filter.relation || filter.user) {
    throw validationError("the 'object' field is required when 'relation' or 'user' is given");
  }
  if (filter.user && !parseUser(filter.user))
    throw validationError(`invalid 'user' field format: '${filter.user}'`);
  return store.readPage(
    filter,
    { pageSize, continuationToken: request.continuationToken || undefined },
    request.consistency,
  );
}

export interface ReadChangesRequest {
  readonly type?: string;
  readonly pageSize?: number;
  readonly continuationToken?: string;
  readonly startTime?: Date;
}

/** The changelog, oldest first; the returned token resumes after the last change, even on the last page. */
export async function readChanges(
  store: ChangelogReader,
  request: ReadChangesRequest,
): Promise<Page<TupleChange> & { continuationToken: string }> {
  const pageSize = pageSizeOf(request.pageSize);
  return store.readChanges(
    { objectType: request.type || undefined, startTime: request.startTime },
    { pageSize, continuationToken: request.continuationToken || undefined },
  );
}
