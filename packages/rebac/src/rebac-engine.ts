// The engine's entry point: one resolver chain (built once) and the operations over it, each taking the model
// version and the store it runs against, so one engine serves every store of a server.
import { type BatchCheckRequest, type BatchCheckResponse, batchCheck } from './check/batch-check.js';
import { buildCheckResolver, type CheckResolverOptions } from './check/build-check-resolver.js';
import { type CheckRequest, type CheckResponse, check } from './check/check.js';
import type { CheckResolver } from './check/check-resolver.js';
import { type ExpandRequest, type ExpandResponse, expand } from './expand/expand.js';
import { type ListObjectsRequest, listObjects } from './list-objects/list-objects.js';
import { type ListUsersRequest, listUsers } from './list-users/list-users.js';
import type { CompiledModel } from './model/compiled-model.js';
import type { QueryTarget } from './query/query-request.js';
import type { Revision, TupleWriter } from './tuples/tuple-store.js';
import { type WriteTuplesRequest, writeTuples } from './tuples/write-tuples.js';

export type RebacEngineOptions = CheckResolverOptions;

export class RebacEngine {
  readonly resolver: CheckResolver;
  readonly #cachesAcrossRequests: boolean;

  constructor(options: RebacEngineOptions = {}) {
    this.resolver = buildCheckResolver(options);
    this.#cachesAcrossRequests = (options.cacheEntries ?? 0) > 0;
  }

  #deps(target: QueryTarget) {
    return {
      model: target.model,
      store: target.store,
      storeId: target.storeId,
      resolver: this.resolver,
      cachesAcrossRequests: this.#cachesAcrossRequests,
    };
  }

  check(target: QueryTarget, request: CheckRequest): Promise<CheckResponse> {
    return check(this.#deps(target), request);
  }

  batchCheck(target: QueryTarget, request: BatchCheckRequest): Promise<BatchCheckResponse> {
    return batchCheck(this.#deps(target), request);
  }

  expand(target: QueryTarget, request: ExpandRequest): Promise<ExpandResponse> {
    return expand(target, request);
  }

  /** Streams every object; no cap. */
  listObjects(target: QueryTarget, request: ListObjectsRequest): AsyncGenerator<string, void, undefined> {
    return listObjects(this.#deps(target), request);
  }

  /** Streams every user; no cap. */
  listUsers(target: QueryTarget, request: ListUsersRequest): AsyncGenerator<string, void, undefined> {
    return listUsers(this.#deps(target), request);
  }

  write(
    store: TupleWriter,
    model: CompiledModel,
    request: WriteTuplesRequest,
  ): Promise<{ revision: Revision }> {
    return writeTuples(store, model, request);
  }
}

export function createRebacEngine(options: RebacEngineOptions = {}): RebacEngine {
  return new RebacEngine(options);
}
