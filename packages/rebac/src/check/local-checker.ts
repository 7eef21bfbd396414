// The checker itself: evaluates one relation's rewrite for one object against the store, and hands every
// sub-problem (computed relations, usersets, tuple-to-userset parents) back to the top of the resolver chain.

import { tupleConditionHolds } from '../conditions/tuple-condition.js';
import type { RelationInfo } from '../model/compiled-model.js';
import type { Userset } from '../model/model-json.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import type { TupleKey } from '../tuples/tuple-key.js';
import { parseObject, typeOf } from '../tuples/tuple-key.js';
import type {
  CheckOutcome,
  CheckResolver,
  CheckScope,
  DelegatingResolver,
  ResolveCheckRequest,
} from './check-resolver.js';
import { ALLOWED, type Branch, DENIED, exclusion, intersection, union } from './set-operations.js';

export class LocalChecker implements DelegatingResolver {
  #delegate: CheckResolver = this;

  setDelegate(delegate: CheckResolver): void {
    this.#delegate = delegate;
  }

  async resolveCheck(request: ResolveCheckRequest): Promise<CheckOutcome> {
    const { scope, object, relation } = request;
    // A userset is a member of itself: group:eng#member has member on group:eng.
    if (scope.userRef.kind === 'userset' && scope.user === `${object}#${relation}`) return ALLOWED;
    const type = typeOf(object);
    const info = scope.model.relation(type, relation);
    if (!info || !canReach(scope, type, relation)) return DENIED;
    return this.#rewrite(request, info, info.rewrite);
  }

  #rewrite(request: ResolveCheckRequest, info: RelationInfo, rewrite: Userset): Promise<CheckOutcome> {
    if (rewrite.this) return this.#direct(request, info);
    if (rewrite.computedUserset?.relation) {
      return this.#delegate.resolveCheck({
        scope: request.scope,
        object: request.object,
        relation: rewrite.computedUserset.relation,
        depth: request.depth,
        visited: request.visited,
      });
    }
    if (rewrite.tupleToUserset) {
      return this.#tupleToUserset(
        request,
        rewrite.tupleToUserset.tupleset.relation ?? '',
        rewrite.tupleToUserset.computedUserset.relation ?? '',
      );
    }
    if (rewrite.union)
      return union(rewrite.union.child.map((child) => () => this.#rewrite(request, info, child)));
    if (rewrite.intersection) {
      return intersection(
        rewrite.intersection.child.map((child) => () => this.#rewrite(request, info, child)),
      );
    }
    if (rewrite.difference) {
      const { base, subtract } = rewrite.difference;
      return exclusion(
        () => this.#rewrite(request, info, base),
        () => this.#rewrite(request, info, subtract),
      );
    }
    return Promise.resolve(DENIED);
  }

  /** `[user, user:*, group#member]`: the direct tuple, the wildcard tuple, then the usersets that can lead to the user. */
  async #direct(request: ResolveCheckRequest, info: RelationInfo): Promise<CheckOutcome> {
    const { scope, object, relation } = request;
    const branches: Branch[] = [];
    if (info.directTypeRefs.has(scope.userTypeRef)) {
      branches.push(() => this.#pointRead(scope, object, relation, scope.user));
    }
    const wildcard = scope.userRef.kind === 'object' ? `${scope.userRef.type}:*` : undefined;
    if (wildcard && info.directTypeRefs.has(wildcard)) {
      branches.push(() => this.#pointRead(scope, object, relation, wildcard));
    }
    const refs = usersetsLeadingTo(scope, info);
    if (refs.size > 0) {
      branches.push(async () => {
        const tuples = await scope.reader.readByObjectRelation(object, relation, refs, scope.readOptions);
        const dispatches: Branch[] = [];
        for (const tuple of tuples) {
          if (!isTupleReadable(scope.model, tuple)) continue;
          if (tuple.user === scope.user) {
            dispatches.unshift(() => conditionOutcome(scope, tuple));
            continue;
          }
          const hash = tuple.user.indexOf('#');
          const usersetObject = tuple.user.slice(0, hash);
          const usersetRelation = tuple.user.slice(hash + 1);
          dispatches.push(async () => {
            if (!conditionHolds(scope, tuple)) return DENIED;
            return this.#delegate.resolveCheck({
              scope,
              object: usersetObject,
              relation: usersetRelation,
              depth: request.depth + 1,
              visited: request.visited,
            });
          });
        }
        return union(dispatches);
      });
    }
    if (branches.length === 1) return (branches[0] as Branch)();
    return union(branches);
  }

  async #pointRead(scope: CheckScope, object: string, relation: string, user: string): Promise<CheckOutcome> {
    const tuple = await scope.reader.readTuple({ object, relation, user }, scope.readOptions);
    if (!tuple || !isTupleReadable(scope.model, tuple)) return DENIED;
    return conditionOutcome(scope, tuple);
  }

  /** `viewer from parent`: for each parent the tupleset names, does the user have `viewer` on it? */
  async #tupleToUserset(
    request: ResolveCheckRequest,
    tupleset: string,
    computed: string,
  ): Promise<CheckOutcome> {
    const { scope, object } = request;
    const tuples = await scope.reader.readByObjectRelation(object, tupleset, undefined, scope.readOptions);
    const dispatches: Branch[] = [];
    for (const tuple of tuples) {
      if (!isTupleReadable(scope.model, tuple)) continue;
      const parent = parseObject(tuple.user);
      if (!parent || !scope.model.relation(parent.type, computed) || !canReach(scope, parent.type, computed))
        continue;
      dispatches.push(async () => {
        if (!conditionHolds(scope, tuple)) return DENIED;
        return this.#delegate.resolveCheck({
          scope,
          object: tuple.user,
          relation: computed,
          depth: request.depth + 1,
          visited: request.visited,
        });
      });
    }
    return union(dispatches);
  }
}

const usersetRefsCache = new WeakMap<RelationInfo, Map<string, ReadonlySet<string>>>();

/** The relation's userset restrictions (`group#member`) through which the scope's user can be reached, memoized. */
function usersetsLeadingTo(scope: CheckScope, info: RelationInfo): ReadonlySet<string> {
  let byUser = usersetRefsCache.get(info);
  if (!byUser) {
    byUser = new Map();
    usersetRefsCache.set(info, byUser);
  }
  // A userset user also reaches itself, so the user's own userset is part of the key.
  const key =
    scope.userRef.kind === 'userset' ? scope.userTypeRef : `${scope.userTypeRef}|${scope.userRef.type}`;
  let refs = byUser.get(key);
  if (!refs) {
    refs = new Set(
      info.directUsersets
        .filter((userset) => canReach(scope, userset.type, userset.relation))
        .map((userset) => `${userset.type}#${userset.relation}`),
    );
    byUser.set(key, refs);
  }
  return refs;
}

/** Whether some path of `type#relation` can lead to the scope's user at all (the compiled graph's pruning). */
export function canReach(scope: CheckScope, type: string, relation: string): boolean {
  const reachable = scope.model.reachableUserTypes(type, relation);
  if (reachable.has(scope.userTypeRef)) return true;
  const user = scope.userRef;
  if (user.kind === 'object' && reachable.has(`${user.type}:*`)) return true;
  return user.kind === 'userset' && user.type === type && user.relation === relation;
}

/** Whether the tuple's condition holds (a tuple without one always does); 2000 when it cannot be evaluated. */
export function conditionHolds(scope: CheckScope, tuple: TupleKey): boolean {
  return tupleConditionHolds(scope.model, tuple, scope.context);
}

async function conditionOutcome(scope: CheckScope, tuple: TupleKey): Promise<CheckOutcome> {
  return conditionHolds(scope, tuple) ? ALLOWED : DENIED;
}
