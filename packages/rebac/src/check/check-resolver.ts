// The one resolver interface of Check: the local checker, and the wrappers around it (depth limit, cycle
// detection, caching), all implement it; build-check-resolver.ts assembles them.
import type { ConditionContext } from '../conditions/compile-condition.js';
import type { CompiledModel } from '../model/compiled-model.js';
import type { TupleKey, UserRef } from '../tuples/tuple-key.js';
import type {
  CombinedForwardTupleReader,
  ObjectTupleReader,
  ReadOptions,
  RelationshipReader,
  SyncForwardTupleReader,
  SyncReverseTupleReader,
} from '../tuples/tuple-store.js';
import type { UserSideMemberships } from './user-side-memberships.js';

/** What stays the same for every sub-problem of one request: the model, the reads, the user, the context. */
export interface CheckScope {
  readonly model: CompiledModel;
  readonly reader: RelationshipReader;
  /** The same forward reads answered synchronously, when the store offers them: Check then needs no promises. */
  readonly syncReader?: (SyncForwardTupleReader & Partial<SyncReverseTupleReader>) | undefined;
  /** The one-statement read of a type restriction, on the promise path, when the store offers it. */
  readonly combinedReader?: CombinedForwardTupleReader | undefined;
  /** Several relations of one object in one read, when the store offers it (a store with round trips). */
  readonly objectReader?: ObjectTupleReader | undefined;
  readonly readOptions: ReadOptions;
  /** The request's condition parameters (a tuple's own context wins over them). */
  readonly context: ConditionContext | undefined;
  readonly user: string;
  readonly userRef: UserRef;
  /** `user`, `user:*` or `group#member`: the user's type reference. */
  readonly userTypeRef: string;
  /** A key identifying everything but the object and relation, for caches (user, context, contextual tuples). */
  readonly cacheKey: string | undefined;
  /**
   * This request's answers so far, by relation then object (MemoizingResolver): outcomes, or promises of them.
   * Nested maps rather than `object#relation` keys, so the hot path builds no strings.
   */
  readonly memo: Map<string, Map<string, MaybePromise<CheckOutcome>>>;
  /**
   * What the batched object reads found, by object then relation: a promise of a type restriction's tuples or a
   * tupleset's (undefined when the batched read failed: the single read is made instead, and fails as before).
   */
  readonly objectTuples: Map<string, Map<string, Promise<readonly TupleKey[] | undefined>>>;
  /** The user's memberships found from the user's side, by the closure's first relation (user-side-memberships.ts). */
  readonly memberships: Map<string, MaybePromise<UserSideMemberships>>;
}

/** The path already taken, to detect cycles: a persistent list of object and relation. */
export interface VisitedPath {
  readonly object: string;
  readonly relation: string;
  readonly parent: VisitedPath | undefined;
}

/** One sub-problem: does the scope's user have `relation` on `object`? */
export interface ResolveCheckRequest {
  readonly scope: CheckScope;
  readonly object: string;
  readonly relation: string;
  /** Dispatches through tuples (usersets, tuple-to-userset) so far; computed usersets do not count. */
  readonly depth: number;
  readonly visited: VisitedPath | undefined;
}

/**
 * `cycle`: the answer depends on a sub-problem already being resolved higher up this path; it counts as not allowed
 * (OpenFGA's answer) and must not be cached.
 */
export interface CheckOutcome {
  readonly allowed: boolean;
  readonly cycle?: boolean;
}

/** A value, or a promise of it: resolvers answer synchronously when every read they need could be. */
export type MaybePromise<T> = T | Promise<T>;

export interface CheckResolver {
  /**
   * Resolves one sub-problem: an outcome when it could be found without waiting (synchronous reads), else a
   * promise; either way callers `await` it. Raises (throws or rejects with) RebacError 2000 (a condition cannot be
   * evaluated) or 2002 (too deep).
   */
  resolveCheck(request: ResolveCheckRequest): MaybePromise<CheckOutcome>;
}

/** A resolver that hands its sub-problems to another (the top of the chain), as OpenFGA's and SpiceDB's do. */
export interface DelegatingResolver extends CheckResolver {
  setDelegate(delegate: CheckResolver): void;
}
