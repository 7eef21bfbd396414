// TupleStores and TupleImporter in the serving process's memory (TESSERA_FGA_DATASTORE=memory): one of the engine's
// MemoryTupleStores per OpenFGA store, with its own revisions and changelog, as OpenFGA's memory datastore keeps them.
import { MemoryTupleStore, type TupleKey, type TupleStore } from '@tessera/rebac';
import type { Clock } from '../../../clock.js';
import type { TupleImport, TupleImporter } from '../tuple-importer.js';
import type { TupleStores } from '../tuple-stores.js';
import type { ForgetsStores } from './memory-fga-store-catalog.js';

export class MemoryTupleStores implements TupleStores, TupleImporter, ForgetsStores {
  readonly #clock: Clock;
  readonly #stores = new Map<string, MemoryTupleStore>();

  constructor(clock: Clock) {
    this.#clock = clock;
  }

  forStore(storeId: string): TupleStore {
    return this.#store(storeId);
  }

  /** One write of every tuple (the memory store applies a request whole or not at all); stored ones are kept. */
  async importTuples(
    storeId: string,
    tuples: readonly TupleKey[],
    onProgress?: (sent: number) => void,
  ): Promise<TupleImport> {
    const store = this.#store(storeId);
    const before = store.size;
    const outcome = await store.write({ writes: tuples, deletes: [], onDuplicate: 'ignore' });
    if (outcome.outcome !== 'written') throw new Error(`the import was refused: ${outcome.outcome}`);
    onProgress?.(tuples.length);
    return { revision: outcome.revision, written: store.size - before };
  }

  forgetStore(storeId: string): void {
    this.#stores.delete(storeId);
  }

  #store(storeId: string): MemoryTupleStore {
    let store = this.#stores.get(storeId);
    if (!store) {
      store = new MemoryTupleStore({ now: () => new Date(this.#clock.now()) });
      this.#stores.set(storeId, store);
    }
    return store;
  }
}
