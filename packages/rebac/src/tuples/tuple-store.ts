// The storage contract of the relationship engine: small role interfaces (the resolver depends on the readers
// only), their consistency semantics, and TupleStore, which every backend (memory, SQLite, PostgreSQL) implements.
//
// What a SQL backend needs, by method: readTuple and readByObjectRelation a unique index on (store, object,
// relation, user) plus the user's type reference as a column (`user`, `user:*`, `group#member`, userTypeReference)
// in an index on (store, object, relation, user type reference); readByUser an index on (store, user, relation,
// object type); readPage the write order (a sequence or ULID per row); readChanges a changelog table with the
// revision of each change; currentRevision a per-store counter bumped in the write's own transaction. Every backend
// passes describeTupleStoreConformance (@tessera/rebac/testing).
import type { StoredTuple, TupleKey } from './tuple-key.js';

/**
 * A store's revision: increases by at least one with every successful write, never goes back, and is the
 * consistency token (Zanzibar's zookie) a write returns. Revisions of different stores are unrelated.
 */
export type Revision = number;

/** The most writes plus deletes one Write may carry (OpenFGA's limit). */
export const MAX_WRITES_PER_REQUEST = 100;

/**
 * What every read may demand. `minRevision`: never answer from data older than this revision (a token returned by a
 * write). A store that cannot reach it (a replica that is behind, or a token from another store or the future)
 * raises RebacError 2000 rather than answer from older data; a store that is always current only compares.
 */
export interface ReadOptions {
  readonly minRevision?: Revision;
}

/** The tuple's identity, without its condition. */
export interface TupleIdentity {
  readonly object: string;
  readonly relation: string;
  readonly user: string;
}

/**
 * Forward reads, by object and relation: what Check and ListUsers walk. Results carry conditions; the order is
 * unspecified. Both methods are exact lookups on the (object, relation[, user]) index.
 */
export interface ForwardTupleReader {
  /** The tuple with exactly this object, relation and user, if stored. */
  readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined>;
  /**
   * Every tuple on `object#relation`. When `userTypes` is given, only tuples whose user's type reference
   * (`user`, `user:*`, `group#member`, as `userTypeReference` spells it) is among them.
   */
  readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]>;
}

/**
 * Optional capability: the forward reads answered synchronously, with the same results and consistency rules as
 * ForwardTupleReader's (a failure is thrown, not rejected). A store that can answer without I/O (the memory store,
 * a better-sqlite3 store) offers it; Check then resolves without a promise per read. PostgreSQL does not.
 */
export interface SyncForwardTupleReader {
  readTupleSync(identity: TupleIdentity, options?: ReadOptions): TupleKey | undefined;
  readByObjectRelationSync(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[];
  /**
   * A type restriction's tuples in one lookup: on `object#relation`, the tuple of each of `users` that is stored
   * (in that order), then every tuple whose user type reference is among `usersetTypes` (as readByObjectRelation
   * gives them). Check's `[user, user:*, team#member]` reads this instead of two point reads and a userset read; a
   * SQL store answers it with one statement (`user IN (...) OR user_type IN (...)`). A tuple may appear twice
   * when it is both one of `users` and of one of `usersetTypes`.
   */
  readUsersAndUsersetsSync(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): readonly TupleKey[];
}

/**
 * Optional capability: readUsersAndUsersetsSync's one lookup for a type restriction, as a promise. A store with
 * round trips (PostgreSQL) answers Check's `[user, user:*, team#member]` with one statement instead of three.
 */
export interface CombinedForwardTupleReader {
  readUsersAndUsersets(
    object: string,
    relation: string,
    users: readonly string[],
    usersetTypes: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]>;
}

/**
 * One relation's part of a batched read of one object: with `restriction`, what readUsersAndUsersets gives for it
 * (the named users' tuples in order, then those whose user type reference is among `usersetTypes`); without, every
 * tuple on `object#relation` (readByObjectRelation without user types).
 */
export interface ObjectRelationRead {
  readonly relation: string;
  readonly restriction?: {
    readonly users: readonly string[];
    readonly usersetTypes: ReadonlySet<string>;
  };
}

/**
 * Optional capability: several relations of one object read at once, each answer as its single read would give
 * it, in the order of `reads` (each relation at most once). Check reads everything it may need on one object (a
 * document's `viewer`, `editor` and `owner` restrictions and its `parent` tupleset) in one lookup instead of one per
 * relation: a store with round trips (PostgreSQL) answers it with one statement, so a Check makes one round trip per
 * object visited. (SQLite's synchronous reads measured cheaper one statement each, so it does not offer this.)
 */
export interface ObjectTupleReader {
  readObjectRelations(
    object: string,
    reads: readonly ObjectRelationRead[],
    options?: ReadOptions,
  ): Promise<readonly (readonly TupleKey[])[]>;
}

/** Whether a reader offers the batched read of one object as a promise. */
export function hasObjectReads<T extends object>(reader: T): reader is T & ObjectTupleReader {
  return typeof (reader as Partial<ObjectTupleReader>).readObjectRelations === 'function';
}

/** Whether a reader offers the combined forward read. */
export function hasCombinedForwardReads<T extends object>(
  reader: T,
): reader is T & CombinedForwardTupleReader {
  return typeof (reader as Partial<CombinedForwardTupleReader>).readUsersAndUsersets === 'function';
}

/** Whether a reader offers the synchronous forward reads. */
export function hasSyncForwardReads<T extends object>(reader: T): reader is T & SyncForwardTupleReader {
  const candidate = reader as Partial<SyncForwardTupleReader>;
  return (
    typeof candidate.readTupleSync === 'function' &&
    typeof candidate.readByObjectRelationSync === 'function' &&
    typeof candidate.readUsersAndUsersetsSync === 'function'
  );
}

/**
 * Optional capability: readByUser answered synchronously (same results and rules; a failure is thrown). Check uses it
 * to resolve usersets from the user's side (the teams a user is a member of) without a promise per read.
 */
export interface SyncReverseTupleReader {
  readByUserSync(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): readonly TupleKey[];
}

/** Whether a reader offers the synchronous reverse read. */
export function hasSyncReverseReads<T extends object>(reader: T): reader is T & SyncReverseTupleReader {
  return typeof (reader as Partial<SyncReverseTupleReader>).readByUserSync === 'function';
}

/** Reverse reads, by user: what ListObjects walks (the index on user, relation, object type). */
export interface ReverseTupleReader {
  /** Every tuple with exactly this user (`user:anne`, `user:*`, `group:eng#member`) and relation on objects of `objectType`. */
  readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]>;
}

/** The union of the reads the resolvers make. Contextual tuples are layered over one of these. */
export interface RelationshipReader extends ForwardTupleReader, ReverseTupleReader {}

/**
 * The Read API's filter. `object` is `type:id`, or `type:` for every object of the type (then `user` is required by
 * the API, not by the store). Empty means no filter.
 */
export interface TupleFilter {
  readonly object?: string;
  readonly relation?: string;
  readonly user?: string;
}

/** A page request. `continuationToken` is what the previous page returned; opaque and bound to this store. */
export interface PageRequest {
  readonly pageSize: number;
  readonly continuationToken?: string;
}

export interface Page<T> {
  readonly items: readonly T[];
  /** Present while more items may follow; absent on the last page. */
  readonly continuationToken?: string;
}

/** Paged reads for the Read API, in write order (oldest first). An unreadable token raises RebacError 2007. */
export interface TuplePageReader {
  readPage(filter: TupleFilter, page: PageRequest, options?: ReadOptions): Promise<Page<StoredTuple>>;
}

export interface TupleWriteRequest {
  readonly writes: readonly TupleKey[];
  readonly deletes: readonly TupleIdentity[];
  /** `error` (default): writing a tuple that exists fails the whole request; `ignore`: such a write is skipped. */
  readonly onDuplicate?: 'error' | 'ignore';
  /** `error` (default): deleting a tuple that does not exist fails the whole request; `ignore`: it is skipped. */
  readonly onMissing?: 'error' | 'ignore';
}

/**
 * What a write did. `written`: every change applied in one transaction, visible from `revision` on. `duplicate` and
 * `missing`: nothing applied at all (the request is atomic), naming the first offending tuple.
 */
export type WriteOutcome =
  | { readonly outcome: 'written'; readonly revision: Revision }
  | { readonly outcome: 'duplicate'; readonly tuple: TupleIdentity }
  | { readonly outcome: 'missing'; readonly tuple: TupleIdentity };

/**
 * Atomic writes. The caller has validated the request (at most MAX_WRITES_PER_REQUEST changes, no tuple twice,
 * tuples valid for the model); the store applies all of it or none of it, concurrent writers are serialized, and a
 * tuple written with an existing identity under `onDuplicate: 'ignore'` keeps its stored condition. A write with no
 * effective change still returns the current revision.
 */
export interface TupleWriter {
  write(request: TupleWriteRequest): Promise<WriteOutcome>;
}

/** One entry of the changelog. */
export interface TupleChange {
  readonly key: TupleKey;
  readonly operation: 'write' | 'delete';
  readonly timestamp: Date;
  readonly revision: Revision;
}

export interface ChangeFilter {
  /** Only changes to objects of this type. */
  readonly objectType?: string;
  /** Only changes at or after this time (ignored when a continuation token is given). */
  readonly startTime?: Date;
}

/**
 * The changelog for ReadChanges, oldest first. Unlike the Read API, the last page still returns a continuation
 * token (OpenFGA's behaviour), so a poller can resume from where it stopped once more changes arrive.
 */
export interface ChangelogReader {
  readChanges(
    filter: ChangeFilter,
    page: PageRequest,
  ): Promise<Page<TupleChange> & { continuationToken: string }>;
}

export interface RevisionReader {
  /** The revision of the latest committed write (0 for a store never written). */
  currentRevision(): Promise<Revision>;
}

/** Everything one store of tuples offers. One instance holds one OpenFGA store: tuples never cross stores. */
export interface TupleStore
  extends RelationshipReader,
    TuplePageReader,
    TupleWriter,
    ChangelogReader,
    RevisionReader {}
