// Runs a store's multi-statement write in a transaction of its own, or inside the unit of work it is already part of.
import type { Transaction } from 'kysely';
import type { Database, TesseraDb } from './database.js';

/**
 * `work` in a new transaction on `db`, or, when `db` is already a transaction (a store bound by
 * `Stores.transaction`), in that one, so the write commits or rolls back with the rest of the unit of work.
 */
export function inTransaction<T>(
  db: TesseraDb,
  work: (trx: Transaction<Database>) => Promise<T>,
): Promise<T> {
  return db.isTransaction ? work(db as Transaction<Database>) : db.transaction().execute(work);
}
