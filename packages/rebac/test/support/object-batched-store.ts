// A memory store seen through promises only, with the combined read and the batched read of one object (Check's one
// read per object visited), as the PostgreSQL store is. The batch is answered by the single reads it stands for, so
// tests compare Check's batched path with its single-read paths.
import {
  MemoryTupleStore,
  type ObjectRelationRead,
  type ObjectTupleReader,
  type ReadOptions,
  type TupleKey,
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
