// The checker itself: evaluates one relation's rewrite for one object against the store, and hands every
// sub-problem (computed relations, usersets, tuple-to-userset parents) back to the top of the resolver chain.
// When the store answers synchronously (CheckScope.syncReader) the whole evaluation runs without a promise; the
// asynchronous path makes the same reads in the same order and reduces them by the same rules.

import { tupleConditionHolds } from '../conditions/tuple-condition.js';
import type { RelationInfo } from '../model/compiled-model.js';
import type { Userset } from '../model/model-json.js';
import { isTupleReadable } from '../model/validate-tuple.js';
import type { ObjectRef, TupleKey } from '../tuples/tuple-key.js';
import { parseObject, typeOf } from '../tuples/tuple-key.js';
import type {
  CheckOutcome,
  CheckResolver,
  CheckScope,
  DelegatingResolver,
  MaybePromise,
  ResolveCheckRequest,
} from './check-resolver.js';
import { DEFAULT_MAX_RESOLUTION_DEPTH } from './depth-limited-resolver.js';
import { canReach, DirectPart, type DirectPlan, directPlan, directUsers } from './direct-plan.js';
import { knownTuples, readObject } from './object-reads.js';
import { ALLOWED, DENIED, exclusion, intersectionOf, unionOf } from './set-operations.js';
import { type UserSideMemberships, userSideMemberships } from './user-side-memberships.js';

export class LocalChecker implements DelegatingResolver {
  #delegate: CheckResolver = this;
  /** The chain's resolution depth: a userset is answered from the user's side only within it. */
  readonly #maxDepth: number;

  constructor(maxDepth: number = DEFAULT_MAX_RESOLUTION_DEPTH) {
    this.#maxDepth = maxDepth;
  }

  setDelegate(delegate: CheckResolver): void {
    this.#delegate = delegate;
  }

  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome> {
    const { scope, object, relation } = request;
    // A userset is a member of itself: group:eng#member has member on group:eng.
    if (scope.userRef.kind === 'userset' && scope.user === `${object}#${relation}`) return ALLOWED;
    const type = typeOf(object);
    const info = scope.model.relation(type, relation);
    if (!info || !canReach(scope, type, relation)) return DENIED;
    readObject(scope, object, type);
    return this.#rewrite(request, info, info.rewrite);
  }

  #rewrite(request: ResolveCheckRequest, info: RelationInfo, rewrite: Userset): MaybePromise<CheckOutcome> {
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
    if (rewrite.union) {
      return unionOf(rewrite.union.child, (child) => this.#rewrite(request, info, child));
    }
    if (rewrite.intersection) {
      return intersectionOf(rewrite.intersection.child, (child) => this.#rewrite(request, info, child));
    }
    if (rewrite.difference) {
      const { base, subtract } = rewrite.difference;
      return exclusion(
        () => this.#rewrite(request, info, base),
        () => this.#rewrite(request, info, subtract),
      );
    }
    return DENIED;
  }

  /** `[user, user:*, group#member]`: the direct tuple, the wildcard tuple, then the usersets that can lead to the user. */
  #direct(request: ResolveCheckRequest, info: RelationInfo): MaybePromise<CheckOutcome> {
    const scope = request.scope;
    const plan = directPlan(scope, info);
    const known = knownTuples(scope, request.object, request.relation);
    if (known === undefined) return this.#readDirect(request, plan);
    if (plan.parts.length === 0) return DENIED;
    return known.then((tuples) =>
      tuples ? this.#directTuples(request, plan, tuples) : this.#readDirect(request, plan),
    );
  }

  /** The restriction's own reads, when the object's batched read has not made them. */
  #readDirect(request: ResolveCheckRequest, plan: DirectPlan): MaybePromise<CheckOutcome> {
    const scope = request.scope;
    const sync = scope.syncReader;
    const combined = scope.combinedReader;
    if (sync || combined) {
      // One lookup for the whole restriction: the user's and the wildcard's tuples, then the usersets. The same
      // union as the parts below, flattened (a union of unions in order is the union of their branches in order).
      if (plan.parts.length === 0) return DENIED;
      const users = directUsers(scope, plan);
      if (sync) {
        const tuples = sync.readUsersAndUsersetsSync(
          request.object,
          request.relation,
          users,
          plan.usersets,
          scope.readOptions,
        );
        return this.#directTuples(request, plan, tuples);
      }
      return (combined as NonNullable<typeof combined>)
        .readUsersAndUsersets(request.object, request.relation, users, plan.usersets, scope.readOptions)
        .then((tuples) => this.#directTuples(request, plan, tuples));
    }
    if (plan.parts.length === 1) return this.#directPart(request, plan, plan.parts[0] as DirectPart);
    return unionOf(plan.parts, (part) => this.#directPart(request, plan, part));
  }

  #directTuples(
    request: ResolveCheckRequest,
    plan: DirectPlan,
    tuples: readonly TupleKey[],
  ): MaybePromise<CheckOutcome> {
    if (tuples.length === 0) return DENIED;
    const scope = request.scope;
    return unionOf(tuples, (tuple) =>
      tuple.user === scope.user || tuple.user === plan.wildcard
        ? pointOutcome(scope, tuple)
        : this.#userset(request, tuple),
    );
  }

  #directPart(request: ResolveCheckRequest, plan: DirectPlan, part: DirectPart): MaybePromise<CheckOutcome> {
    const { scope, object, relation } = request;
    const sync = scope.syncReader;
    if (part === DirectPart.Usersets) {
      if (sync) {
        const tuples = sync.readByObjectRelationSync(object, relation, plan.usersets, scope.readOptions);
        return this.#usersets(request, tuples);
      }
      return scope.reader
        .readByObjectRelation(object, relation, plan.usersets, scope.readOptions)
        .then((tuples) => this.#usersets(request, tuples));
    }
    const identity = {
      object,
      relation,
      user: part === DirectPart.User ? scope.user : (plan.wildcard as string),
    };
    if (sync) return pointOutcome(scope, sync.readTupleSync(identity, scope.readOptions));
    return scope.reader.readTuple(identity, scope.readOptions).then((tuple) => pointOutcome(scope, tuple));
  }

  /** The userset tuples of a direct restriction: the user's own userset first (no dispatch), then each userset. */
  #usersets(request: ResolveCheckRequest, tuples: readonly TupleKey[]): MaybePromise<CheckOutcome> {
    const scope = request.scope;
    let ordered = tuples;
    if (scope.userRef.kind === 'userset') {
      const own = tuples.findIndex(
        (tuple) => tuple.user === scope.user && isTupleReadable(scope.model, tuple),
      );
      if (own > 0) ordered = [tuples[own] as TupleKey, ...tuples.slice(0, own), ...tuples.slice(own + 1)];
    }
    return unionOf(ordered, (tuple) => this.#userset(request, tuple));
  }

  /** One userset tuple (`group:eng#member`): does the user have `member` on `group:eng`? */
  #userset(request: ResolveCheckRequest, tuple: TupleKey): MaybePromise<CheckOutcome> {
    const scope = request.scope;
    if (!isTupleReadable(scope.model, tuple)) return DENIED;
    if (tuple.user === scope.user) return conditionHolds(scope, tuple) ? ALLOWED : DENIED;
    if (!conditionHolds(scope, tuple)) return DENIED;
    const userset = usersetOf(tuple);
    const closure =
      scope.userRef.kind === 'object'
        ? scope.model.usersetClosure(typeOf(userset.object), userset.relation)
        : undefined;
    const memberships = closure && userSideMemberships(scope, closure);
    if (memberships === undefined) return this.#dispatchUserset(request, userset);
    if (memberships instanceof Promise) {
      return memberships.then(
        (known) => this.#fromUserSide(request, userset, known) ?? this.#dispatchUserset(request, userset),
      );
    }
    return this.#fromUserSide(request, userset, memberships) ?? this.#dispatchUserset(request, userset);
  }

  /**
   * The answer for a userset from the user's memberships: allowed when the user holds it within the depth the
   * forward walk could reach, denied when the walk saw everything and did not find it; otherwise undefined (the
   * forward walk decides, raising 2002 where it goes too deep).
   */
  #fromUserSide(
    request: ResolveCheckRequest,
    userset: { readonly object: string; readonly relation: string },
    memberships: UserSideMemberships,
  ): CheckOutcome | undefined {
    const level = memberships.levels
      .get(`${typeOf(userset.object)}#${userset.relation}`)
      ?.get(userset.object);
    if (level === undefined) return memberships.truncated ? undefined : DENIED;
    return request.depth + 1 + level < this.#maxDepth ? ALLOWED : undefined;
  }

  #dispatchUserset(
    request: ResolveCheckRequest,
    userset: { readonly object: string; readonly relation: string },
  ): MaybePromise<CheckOutcome> {
    return this.#delegate.resolveCheck({
      scope: request.scope,
      object: userset.object,
      relation: userset.relation,
      depth: request.depth + 1,
      visited: request.visited,
    });
  }

  /** `viewer from parent`: for each parent the tupleset names, does the user have `viewer` on it? */
  #tupleToUserset(
    request: ResolveCheckRequest,
    tupleset: string,
    computed: string,
  ): MaybePromise<CheckOutcome> {
    const { scope, object } = request;
    const known = knownTuples(scope, object, tupleset);
    if (known === undefined) return this.#readTupleset(request, tupleset, computed);
    return known.then((tuples) =>
      tuples ? this.#parents(request, tuples, computed) : this.#readTupleset(request, tupleset, computed),
    );
  }

  #readTupleset(
    request: ResolveCheckRequest,
    tupleset: string,
    computed: string,
  ): MaybePromise<CheckOutcome> {
    const { scope, object } = request;
    const sync = scope.syncReader;
    if (sync) {
      const tuples = sync.readByObjectRelationSync(object, tupleset, undefined, scope.readOptions);
      return this.#parents(request, tuples, computed);
    }
    return scope.reader
      .readByObjectRelation(object, tupleset, undefined, scope.readOptions)
      .then((tuples) => this.#parents(request, tuples, computed));
  }

  #parents(
    request: ResolveCheckRequest,
    tuples: readonly TupleKey[],
    computed: string,
  ): MaybePromise<CheckOutcome> {
    const scope = request.scope;
    return unionOf(tuples, (tuple) => {
      if (!isTupleReadable(scope.model, tuple)) return DENIED;
      const parent = parentOf(tuple);
      if (!parent || !scope.model.relation(parent.type, computed) || !canReach(scope, parent.type, computed))
        return DENIED;
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
}

function pointOutcome(scope: CheckScope, tuple: TupleKey | undefined): CheckOutcome {
  if (!tuple || !isTupleReadable(scope.model, tuple)) return DENIED;
  return conditionHolds(scope, tuple) ? ALLOWED : DENIED;
}

const parents = new WeakMap<TupleKey, ObjectRef | null>();

/** The tuple's user as an object (a tupleset's parent), remembered per tuple object (stores hand out the same ones). */
function parentOf(tuple: TupleKey): ObjectRef | undefined {
  let parent = parents.get(tuple);
  if (parent === undefined) {
    parent = parseObject(tuple.user) ?? null;
    parents.set(tuple, parent);
  }
  return parent ?? undefined;
}

const usersets = new WeakMap<TupleKey, { readonly object: string; readonly relation: string }>();

/** The tuple's userset user split into object and relation, remembered per tuple object. */
function usersetOf(tuple: TupleKey): { readonly object: string; readonly relation: string } {
  let userset = usersets.get(tuple);
  if (userset === undefined) {
    const hash = tuple.user.indexOf('#');
    userset = { object: tuple.user.slice(0, hash), relation: tuple.user.slice(hash + 1) };
    usersets.set(tuple, userset);
  }
  return userset;
}

/** Whether the tuple's condition holds (a tuple without one always does); 2000 when it cannot be evaluated. */
export function conditionHolds(scope: CheckScope, tuple: TupleKey): boolean {
  return tupleConditionHolds(scope.model, tuple, scope.context);
}
