// TupleStores over Kysely: one SqlTupleStore per OpenFGA store, kept so that each remembers the revisions it saw.
import type { TupleStore } from '@tessera/rebac';
import type { TupleStores } from '../authz/fga/tuple-stores.js';
import type { Clock } from '../clock.js';
import type { TesseraDb } from './database.js';
import { SqlTupleStore } from './sql-tuple-store.js';

/** Store objects kept; past that the map starts afresh (a store object holds nothing but what it saw). */
const MAX_KEPT = 1000;

export class SqlTupleStores implements TupleStores {
  readonly #db: TesseraDb;
  readonly #clock: Clock;
  readonly #stores = new Map<string, SqlTupleStore>();

  constructor(db: TesseraDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  forStore(storeId: string): TupleStore {
    let store = this.#stores.get(storeId);
    if (!store) {
      if (this.#stores.size >= MAX_KEPT) this.#stores.clear();
      store = new SqlTupleStore(this.#db, storeId, this.#clock);
      this.#stores.set(storeId, store);
    }
    return store;
  }
}
