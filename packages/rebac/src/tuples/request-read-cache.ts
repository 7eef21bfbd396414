// Reads made once per request: in one Check, `viewer from parent`, `editor from parent` and `owner from parent` read
// the same parent tuples, and sibling branches read the same usersets. Lives as long as the request, so it never
// serves data older than the request's own first read.
import type { TupleKey } from './tuple-key.js';
import {
  type CombinedForwardTupleReader,
  hasCombinedForwardReads,
  hasObjectReads,
  hasSyncForwardReads,
  hasSyncReverseReads,
  type ObjectTupleReader,
  type ReadOptions,
  type RelationshipReader,
  type SyncForwardTupleReader,
  type SyncReverseTupleReader,
  type TupleIdentity,
} from './tuple-store.js';

export class RequestReadCache implements RelationshipReader {
  readonly #reader: RelationshipReader;
  readonly #reads = new Map<string, Promise<unknown>>();
  readonly #typeKeys = new WeakMap<ReadonlySet<string>, string>();

  /** relation -> object -> every tuple (no userTypes): the synchronous reads kept for the request. */
  readonly #syncReads = new Map<string, Map<string, readonly TupleKey[]>>();
  /** The combined forward read, when the reader beneath offers it (each asked once per request, as the others). */
  readonly combined: CombinedForwardTupleReader | undefined;
  /**
   * The batched read of one object, when the reader beneath offers it: passed through, since Check keeps what it
   * found for the request (CheckScope.objectTuples) and asks each relation of an object once.
   */
  readonly object: ObjectTupleReader | undefined;
  /** The synchronous forward reads, when the reader beneath offers them. */
  readonly sync: (SyncForwardTupleReader & Partial<SyncReverseTupleReader>) | undefined;

  constructor(reader: RelationshipReader) {
    this.#reader = reader;
    if (hasObjectReads(reader)) {
      const inner = reader;
      this.object = {
        readObjectRelations: (object, reads, options) => inner.readObjectRelations(object, reads, options),
      };
    }
    if (hasCombinedForwardReads(reader)) {
      const inner = reader;
      this.combined = {
        readUsersAndUsersets: (object, relation, users, usersetTypes, options) =>
          this.#once(`c\n${object}\n${relation}\n${users.join('\n')}\n${this.#typeKey(usersetTypes)}`, () =>
            inner.readUsersAndUsersets(object, relation, users, usersetTypes, options),
          ),
      };
    }
    if (hasSyncForwardReads(reader)) {
      const inner = reader;
      this.sync = {
        // A point read is asked once per sub-problem (the memo sees to that): no need to keep it.
        readTupleSync: (identity, options) => inner.readTupleSync(identity, options),
        readUsersAndUsersetsSync: (object, relation, users, usersetTypes, options) =>
          inner.readUsersAndUsersetsSync(object, relation, users, usersetTypes, options),
        readByObjectRelationSync: (object, relation, userTypes, options) => {
          // Check reads whole tuplesets (`parent`) several times per object (viewer, editor and owner from
          // parent): those are kept, by relation first (few maps per request); typed reads pass through.
          if (userTypes) return inner.readByObjectRelationSync(object, relation, userTypes, options);
          let byObject = this.#syncReads.get(relation);
          if (!byObject) {
            byObject = new Map();
            this.#syncReads.set(relation, byObject);
          }
          let tuples = byObject.get(object);
          if (!tuples) {
            tuples = inner.readByObjectRelationSync(object, relation, undefined, options);
            byObject.set(object, tuples);
          }
          return tuples;
        },
        // Asked once per userset closure per request (the scope keeps the answer): passed through.
        readByUserSync: hasSyncReverseReads(inner)
          ? (user, relation, objectType, options) => inner.readByUserSync(user, relation, objectType, options)
          : undefined,
      };
    }
  }

  readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    return this.#once(`t\n${identity.object}\n${identity.relation}\n${identity.user}`, () =>
      this.#reader.readTuple(identity, options),
    );
  }

  readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.#once(`o\n${object}\n${relation}\n${userTypes ? this.#typeKey(userTypes) : '*'}`, () =>
      this.#reader.readByObjectRelation(object, relation, userTypes, options),
    );
  }

  readByUser(
    user: string,
    relation: string,
    objectType: string,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.#once(`u\n${user}\n${relation}\n${objectType}`, () =>
      this.#reader.readByUser(user, relation, objectType, options),
    );
  }

  #once<T>(key: string, read: () => Promise<T>): Promise<T> {
    const known = this.#reads.get(key);
    if (known) return known as Promise<T>;
    const pending = read();
    this.#reads.set(key, pending);
    pending.catch(() => this.#reads.delete(key));
    return pending;
  }

  #typeKey(types: ReadonlySet<string>): string {
    let key = this.#typeKeys.get(types);
    if (key === undefined) {
      key = [...types].sort().join(',');
      this.#typeKeys.set(types, key);
    }
    return key;
  }
}
