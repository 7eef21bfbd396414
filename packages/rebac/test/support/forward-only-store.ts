// A memory store offering the synchronous forward reads but no synchronous reverse read: Check then walks every
// userset forward (no user-side memberships), so tests can compare that strategy with the user-side one.
import { MemoryTupleStore, type SyncForwardTupleReader, type TupleStore } from '../../src/index.js';

export class ForwardOnlyTupleStore implements TupleStore, SyncForwardTupleReader {
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
}
