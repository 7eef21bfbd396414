// Check: does the user have the relation on the object? Validates the request as OpenFGA does (every problem with
// the tuple key is 2000), then asks the resolver chain.
import { type RebacError, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import {
  type PreparedQuery,
  prepareQuery,
  type QueryOptions,
  type QueryTarget,
} from '../query/query-request.js';
import { RequestReadCache } from '../tuples/request-read-cache.js';
import { parseObject, parseUser, type UserRef, userTypeReference } from '../tuples/tuple-key.js';
import type { CheckOutcome, CheckResolver, CheckScope, MaybePromise } from './check-resolver.js';

export interface CheckTupleKey {
  readonly object: string;
  readonly relation: string;
  readonly user: string;
}

export interface CheckRequest extends QueryOptions {
  readonly tupleKey: CheckTupleKey;
}

export interface CheckResponse {
  readonly allowed: boolean;
}

export interface CheckDependencies extends QueryTarget {
  readonly resolver: CheckResolver;
  /** Whether the resolver keeps answers across requests (then each request needs its cache key). */
  readonly cachesAcrossRequests?: boolean;
}

// Check is the engine's hot path: when the store answers synchronously, every step below returns its value rather
// than a promise, so a check costs the one promise its caller awaits. Errors still reject that promise.

export function check(deps: CheckDependencies, request: CheckRequest): Promise<CheckResponse> {
  try {
    const userRef = validateCheckTupleKey(deps.model, request.tupleKey);
    const prepared = prepareQuery(deps, request, 'invalid_tuple');
    if (prepared instanceof Promise)
      return prepared.then((ready) => checkPrepared(deps, ready, request.tupleKey, userRef));
    return checkPrepared(deps, prepared, request.tupleKey, userRef);
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Runs one validated check of a prepared query (BatchCheck shares the preparation of its items' common parts). */
export function checkPrepared(
  deps: CheckDependencies,
  prepared: PreparedQuery,
  tupleKey: CheckTupleKey,
  userRef: UserRef,
): Promise<CheckResponse> {
  try {
    const scope = checkScope(deps, prepared, tupleKey.user, userRef);
    if (scope instanceof Promise) return scope.then((ready) => resolveTop(deps, ready, tupleKey));
    return resolveTop(deps, scope, tupleKey);
  } catch (error) {
    return Promise.reject(error);
  }
}

function resolveTop(
  deps: CheckDependencies,
  scope: CheckScope,
  tupleKey: CheckTupleKey,
): Promise<CheckResponse> {
  const outcome = deps.resolver.resolveCheck({
    scope,
    object: tupleKey.object,
    relation: tupleKey.relation,
    depth: 0,
    visited: undefined,
  });
  if (outcome instanceof Promise) return outcome.then(responseOf);
  return Promise.resolve(responseOf(outcome));
}

function responseOf(outcome: CheckOutcome): CheckResponse {
  return { allowed: outcome.allowed && !outcome.cycle };
}

/** The scope of one request; waits only for the store's revision, and only when answers are cached across requests. */
export function checkScope(
  deps: QueryTarget & { readonly cachesAcrossRequests?: boolean },
  prepared: PreparedQuery,
  user: string,
  userRef: UserRef,
): MaybePromise<CheckScope> {
  if (deps.cachesAcrossRequests && prepared.cacheable && deps.store.currentRevision) {
    return deps.store.currentRevision().then((revision) => {
      const context = prepared.context ? JSON.stringify(prepared.context) : '';
      const cacheKey = `${storeKey(deps)}\n${deps.model.id}\n${revision}\n${user}\n${context}`;
      return scopeOf(deps, prepared, user, userRef, cacheKey);
    });
  }
  return scopeOf(deps, prepared, user, userRef, undefined);
}

function scopeOf(
  deps: QueryTarget,
  prepared: PreparedQuery,
  user: string,
  userRef: UserRef,
  cacheKey: string | undefined,
): CheckScope {
  const reader =
    prepared.reader instanceof RequestReadCache ? prepared.reader : new RequestReadCache(prepared.reader);
  return {
    model: deps.model,
    reader,
    syncReader: reader.sync,
    combinedReader: reader.combined,
    objectReader: reader.object,
    readOptions: prepared.readOptions,
    context: prepared.context,
    user,
    userRef,
    userTypeRef: userTypeReference(userRef),
    cacheKey,
    memo: new Map(),
    objectTuples: new Map(),
    memberships: new Map(),
  };
}

const storeIdentities = new WeakMap<object, string>();
let nextStoreIdentity = 0;

/** What keeps one store's cached answers from another's: its id, or else the store object's identity. */
function storeKey(target: QueryTarget): string {
  if (target.storeId !== undefined) return `id:${target.storeId}`;
  let identity = storeIdentities.get(target.store);
  if (identity === undefined) {
    identity = `object:${nextStoreIdentity++}`;
    storeIdentities.set(target.store, identity);
  }
  return identity;
}

/** OpenFGA's ValidateUserObjectRelation for a Check: user, then object, then relation; all 2000. */
export function validateCheckTupleKey(model: CompiledModel, key: CheckTupleKey): UserRef {
  const problem = (message: string): RebacError => validationError(`invalid tuple key: ${message}`);
  const user = parseUser(key.user);
  if (!user) throw problem(`the 'user' field is malformed: '${key.user}'`);
  if (!model.hasType(user.type)) throw problem(`type '${user.type}' not found`);
  if (user.kind === 'userset' && !model.relation(user.type, user.relation)) {
    throw problem(`relation '${user.type}#${user.relation}' not found`);
  }
  const object = parseObject(key.object);
  if (!object) throw problem(`invalid 'object' field format: '${key.object}'`);
  if (!model.hasType(object.type)) throw problem(`type '${object.type}' not found`);
  if (!model.relation(object.type, key.relation))
    throw problem(`relation '${object.type}#${key.relation}' not found`);
  return user;
}
