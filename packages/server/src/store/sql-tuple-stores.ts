// TupleStores over Kysely: one SqlTupleStore per OpenFGA store, kept so that each remembers the revisions it saw. On a
// SQLite file the store answers Check's reads synchronously on the read connection (SqliteTupleStore).
import type { TupleStore } from '@tessera/rebac';
import type { TupleStores } from '../authz/fga/tuple-stores.js';
import type { Clock } from '../clock.js';
import type { TesseraDb } from './database.js';
import { SqlTupleStore } from './sql-tuple-store.js';
import { sqliteReadConnectionOf } from './sqlite/sqlite-read-connection.js';
import { SqliteTupleStore } from './sqlite-tuple-store.js';

/** Store objects kept; past that the map starts afresh (a store object holds nothing but what it saw). */
const MAX_KEPT = 1000;

/** The TupleStore of one OpenFGA store: synchronous reads on a SQLite file, the plain SQL store otherwise. */
export function openSqlTupleStore(db: TesseraDb, storeId: string, clock: Clock): TupleStore {
  const sqlStore = new SqlTupleStore(db, storeId, clock);
  const reads = sqliteReadConnectionOf(db);
  return reads ? new SqliteTupleStore(sqlStore, reads, storeId) : sqlStore;
}

export class SqlTupleStores implements TupleStores {
  readonly #db: TesseraDb;
  readonly #clock: Clock;
  readonly #stores = new Map<string, TupleStore>();

  constructor(db: TesseraDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  forStore(storeId: string): TupleStore {
    let store = this.#stores.get(storeId);
    if (!store) {
      if (this.#stores.size >= MAX_KEPT) this.#stores.clear();
      store = openSqlTupleStore(this.#db, storeId, this.#clock);
      this.#stores.set(storeId, store);
    }
    return store;
  }
}
