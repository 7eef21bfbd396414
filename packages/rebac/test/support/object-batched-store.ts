// Memory stores that also offer the batched read of one object (Check's one read per object visited), as the SQL
// stores do: synchronously, as SQLite's, or as a promise beside the combined read, as PostgreSQL's. The batch is
// answered by the single reads it stands for, so tests compare Check's batched path with its single-read paths.
import {
  MemoryTupleStore,
  type ObjectRelationRead,
  type ObjectTupleReader,
  type ReadOptions,
  type SyncForwardTupleReader,
  type SyncObjectTupleReader,
  type SyncReverseTupleReader,
  type TupleKey,
  type TupleStore,
} from '../../src/index.js';
import { AsyncCombinedTupleStore } from './async-only-store.js';

function readObjectRelations(
  store: MemoryTupleStore,
  object: string,
  reads: readonly ObjectRelationRead[],
  options?: ReadOptions,
): readonly (readonly TupleKey[])[] {
  return reads.map((read) =>
    read.restriction
      ? store.readUsersAndUsersetsSync(
          object,
          read.relation,
          read.restriction.users,
          read.restriction.usersetTypes,
          options,
        )
      : store.readByObjectRelationSync(object, read.relation, undefined, options),
  );
}

/** Every read of the memory store, synchronous ones included, plus the batched object read (SQLite's shape). */
export class SyncObjectBatchedTupleStore
  implements TupleStore, SyncForwardTupleReader, SyncReverseTupleReader, SyncObjectTupleReader
{
  readonly #inner: MemoryTupleStore;

  constructor(inner: MemoryTupleStore = new MemoryTupleStore()) {
    this.#inner = inner;
  }

  readTuple: TupleStore['readTuple'] = (...args) => this.#inner.readTuple(...args);
  readByObjectRelation: TupleStore['readByObjectRelation'] = (...args) =>
    this.#inner.readByObjectRelation(...args);
  readByUser: TupleStore['readByUser'] = (...args) => this.#inner.readByUser(...args);
  readPage: TupleStore['readPage'] = (...args) => this.#inner.readPage(...args);
  write: TupleStore['write'] = (...args) => this.#inner.write(...args);
  readChanges: TupleStore['readChanges'] = (...args) => this.#inner.readChanges(...args);
  currentRevision: TupleStore['currentRevision'] = () => this.#inner.currentRevision();
  readTupleSync: SyncForwardTupleReader['readTupleSync'] = (...args) => this.#inner.readTupleSync(...args);
  readByObjectRelationSync: SyncForwardTupleReader['readByObjectRelationSync'] = (...args) =>
    this.#inner.readByObjectRelationSync(...args);
  readUsersAndUsersetsSync: SyncForwardTupleReader['readUsersAndUsersetsSync'] = (...args) =>
    this.#inner.readUsersAndUsersetsSync(...args);
  readByUserSync: SyncReverseTupleReader['readByUserSync'] = (...args) => this.#inner.readByUserSync(...args);
  readObjectRelationsSync: SyncObjectTupleReader['readObjectRelationsSync'] = (object, reads, options) =>
    readObjectRelations(this.#inner, object, reads, options);
}

/** The promise path with the combined read and the batched object read (PostgreSQL's shape). */
export class AsyncObjectBatchedTupleStore extends AsyncCombinedTupleStore implements ObjectTupleReader {
  readonly #store: MemoryTupleStore;

  constructor(inner: MemoryTupleStore = new MemoryTupleStore()) {
    super(inner);
    this.#store = inner;
  }

  readObjectRelations: ObjectTupleReader['readObjectRelations'] = async (object, reads, options) =>
    readObjectRelations(this.#store, object, reads, options);
}
