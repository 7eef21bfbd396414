// A memory store seen only through the asynchronous TupleStore methods (no synchronous reads), as a PostgreSQL
// store is: the tests run Check both ways, so the promise path keeps giving the same answers as the sync one.
import {
  type CombinedForwardTupleReader,
  MemoryTupleStore,
  type ReadOptions,
  type TupleIdentity,
  type TupleKey,
  type TupleStore,
} from '../../src/index.js';

export class AsyncOnlyTupleStore implements TupleStore {
  readonly #inner: MemoryTupleStore;

  constructor(inner: MemoryTupleStore = new MemoryTupleStore()) {
    this.#inner = inner;
  }

  readTuple(identity: TupleIdentity, options?: ReadOptions): Promise<TupleKey | undefined> {
    return this.#inner.readTuple(identity, options);
  }

  readByObjectRelation(
    object: string,
    relation: string,
    userTypes?: ReadonlySet<string>,
    options?: ReadOptions,
  ): Promise<readonly TupleKey[]> {
    return this.#inner.readByObjectRelation(object, relation, userTypes, options);
  }

  readByUser: TupleStore['readByUser'] = (...args) => this.#inner.readByUser(...args);
  readPage: TupleStore['readPage'] = (...args) => this.#inner.readPage(...args);
  write: TupleStore['write'] = (...args) => this.#inner.write(...args);
  readChanges: TupleStore['readChanges'] = (...args) => this.#inner.readChanges(...args);
  currentRevision: TupleStore['currentRevision'] = () => this.#inner.currentRevision();
}

/** The same, also offering the combined forward read as a promise (as the PostgreSQL store does). */
export class AsyncCombinedTupleStore extends AsyncOnlyTupleStore implements CombinedForwardTupleReader {
  readonly #store: MemoryTupleStore;

  constructor(inner: MemoryTupleStore = new MemoryTupleStore()) {
    super(inner);
    this.#store = inner;
  }

  readUsersAndUsersets: CombinedForwardTupleReader['readUsersAndUsersets'] = (...args) =>
    this.#store.readUsersAndUsersets(...args);
}
