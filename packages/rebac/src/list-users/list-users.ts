// ListUsers: every user of the filtered types (`user`, or usersets like `group#member`) that has the relation on the
// object, streamed, with no cap. Candidates come from walking the object's rewrite forward over the store; each
// is confirmed by Check, so ListUsers and Check always agree. A public wildcard is returned as `user:*`.
import { checkScope } from '../check/check.js';
import type { CheckResolver } from '../check/check-resolver.js';
import { tupleConditionHolds } from '../conditions/tuple-condition.js';
import { relationNotFound, typeNotFound, validationError } from '../errors.js';
import type { CompiledModel } from '../model/compiled-model.js';
import type { Userset } from '../model/model-json.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import {
  type PreparedQuery,
  prepareQuery,
  type QueryOptions,
  type QueryTarget,
} from '../query/query-request.js';
import { RequestReadCache } from '../tuples/request-read-cache.js';
import { parseObject, parseUser, type TupleKey, typeOf } from '../tuples/tuple-key.js';

export interface UserTypeFilter {
  readonly type: string;
  readonly relation?: string;
}

export interface ListUsersRequest extends QueryOptions {
  readonly object: string;
  readonly relation: string;
  readonly userFilters: readonly UserTypeFilter[];
}

export interface ListUsersDependencies extends QueryTarget {
  readonly resolver: CheckResolver;
  readonly cachesAcrossRequests?: boolean;
}

/** Streams users (`user:anne`, `user:*`, `group:eng#member`), each once, in no particular order. */
export async function* listUsers(
  deps: ListUsersDependencies,
  request: ListUsersRequest,
): AsyncGenerator<string, void, undefined> {
  const object = parseObject(request.object);
  if (!object) throw validationError(`invalid 'object' field format: '${request.object}'`);
  // OpenFGA's order: contextual tuples, then the user filters, then the object's type and relation.
  const prepared = await prepareQuery(deps, request);
  validateListUsersRequest(deps.model, request, object.type);
  const model = deps.model;
  // Reads do not depend on the user: one cache serves the walk and every confirming Check.
  const reader = new RequestReadCache(prepared.reader);
  const shared: PreparedQuery = { ...prepared, reader };
  const options = prepared.readOptions;
  const objectFilters = new Set(request.userFilters.filter((f) => !f.relation).map((f) => f.type));
  const usersetFilters = new Set(
    request.userFilters.filter((f) => f.relation).map((f) => `${f.type}#${f.relation}`),
  );

  const worthVisiting = (type: string, relation: string): boolean => {
    if (usersetFilters.has(`${type}#${relation}`)) return true;
    for (const ref of model.reachableUserTypes(type, relation)) {
      const star = ref.endsWith(':*') ? ref.slice(0, -2) : undefined;
      if (objectFilters.has(star ?? ref) || usersetFilters.has(ref)) return true;
    }
    return false;
  };

  // Conditions are evaluated on the way, as OpenFGA does: one that cannot be evaluated fails the request (2000).
  const holds = (tuple: TupleKey): boolean => tupleConditionHolds(model, tuple, prepared.context);
  const candidates = new Set<string>();
  const emitted = new Set<string>();
  const seen = new Set<string>();
  /**
   * Nodes to expand, with whether they sit under an odd number of `but not`: users found there are not candidates
   * (they are being excluded), but users under an exclusion within an exclusion are, as in OpenFGA's expansion.
   */
  const pending: [object: string, relation: string, negated: boolean][] = [
    [request.object, request.relation, false],
  ];

  // Without intersection or exclusion, reaching a user along valid tuples is the proof; otherwise each candidate
  // is confirmed by Check.
  const reachedIsProof = model.isMonotonic(object.type, request.relation);
  const confirm = async (user: string): Promise<boolean> => {
    if (reachedIsProof) return true;
    const userRef = parseUser(user);
    if (!userRef) return false;
    const scope = await checkScope(deps, shared, user, userRef);
    const outcome = await deps.resolver.resolveCheck({
      scope,
      object: request.object,
      relation: request.relation,
      depth: 0,
      visited: undefined,
    });
    return outcome.allowed && !outcome.cycle;
  };

  while (pending.length > 0 || candidates.size > 0) {
    for (const user of candidates) {
      candidates.delete(user);
      if (emitted.has(user)) continue;
      emitted.add(user);
      if (await confirm(user)) yield user;
    }
    const next = pending.pop();
    if (!next) continue;
    const [object, relation, negatedNode] = next;
    const key = `${object}#${relation}`;
    const type = typeOf(object);
    const seenKey = negatedNode ? `!${key}` : key;
    if (seen.has(seenKey) || !worthVisiting(type, relation)) continue;
    seen.add(seenKey);
    if (!negatedNode && usersetFilters.has(`${type}#${relation}`)) candidates.add(key);
    const info = model.relation(type, relation);
    if (!info) continue;
    const visit = async (rewrite: Userset, negated: boolean): Promise<void> => {
      if (rewrite.this) {
        for (const tuple of await reader.readByObjectRelation(object, relation, undefined, options)) {
          if (!isTupleReadable(model, tuple) || !holds(tuple)) continue;
          const user = parseUser(tuple.user);
          if (!user) continue;
          if (user.kind === 'userset') {
            if (!negated && usersetFilters.has(`${user.type}#${user.relation}`)) candidates.add(tuple.user);
            pending.push([`${user.type}:${user.id}`, user.relation, negated]);
          } else if (!negated && objectFilters.has(user.type)) {
            candidates.add(tuple.user);
          }
        }
      } else if (rewrite.computedUserset?.relation) {
        pending.push([object, rewrite.computedUserset.relation, negated]);
      } else if (rewrite.tupleToUserset) {
        const computed = rewrite.tupleToUserset.computedUserset.relation ?? '';
        const tupleset = rewrite.tupleToUserset.tupleset.relation ?? '';
        for (const tuple of await reader.readByObjectRelation(object, tupleset, undefined, options)) {
          if (!isTupleReadable(model, tuple) || !holds(tuple)) continue;
          const parent = parseObject(tuple.user);
          if (parent && model.relation(parent.type, computed)) pending.push([tuple.user, computed, negated]);
        }
      } else if (rewrite.union || rewrite.intersection) {
        for (const child of (rewrite.union ?? rewrite.intersection)?.child ?? []) await visit(child, negated);
      } else if (rewrite.difference) {
        // The subtract is honoured by the confirming Check; walking it only finds the users it excludes from
        // exclusions of its own.
        await visit(rewrite.difference.base, negated);
        await visit(rewrite.difference.subtract, !negated);
      }
    };
    await visit(info.rewrite, negatedNode);
  }
}

/** Each filter (2021, 2022), then the object's type (2021) and relation (2022). */
function validateListUsersRequest(model: CompiledModel, request: ListUsersRequest, objectType: string): void {
  if (request.userFilters.length === 0) throw validationError('at least one user filter is required');
  for (const filter of request.userFilters) {
    if (!model.hasType(filter.type)) throw typeNotFound(filter.type);
    if (filter.relation && !model.relation(filter.type, filter.relation)) {
      throw relationNotFound(filter.type, filter.relation);
    }
  }
  if (!model.hasType(objectType)) throw typeNotFound(objectType);
  if (!model.relation(objectType, request.relation)) throw relationNotFound(objectType, request.relation);
}
