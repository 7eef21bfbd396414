// TupleImporter over Kysely: multi-row INSERT … ON CONFLICT DO NOTHING in fixed-size batches inside one transaction
// (on SQLite each batch size is one prepared statement, reused from the dialect's statement cache), the changelog
// written for exactly the rows that were new (RETURNING), and the store's revision raised once.
import { ErrorCode, RebacError, type TupleKey } from '@tessera/rebac';
import { sql } from 'kysely';
import type { TupleImport, TupleImporter } from '../authz/fga/tuple-importer.js';
import type { Clock } from '../clock.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
import { changeRow, tupleRow } from './sql-tuple-store.js';

/** Rows per INSERT: 13 columns each, well under SQLite's 32,766 bound parameters per statement. */
const BATCH = 1000;

export class SqlTupleImporter implements TupleImporter {
  readonly #db: TesseraDb;
  readonly #clock: Clock;

  constructor(db: TesseraDb, clock: Clock) {
    this.#db = db;
    this.#clock = clock;
  }

  importTuples(
    storeId: string,
    tuples: readonly TupleKey[],
    onProgress?: (sent: number) => void,
  ): Promise<TupleImport> {
    return inTransaction(this.#db, async (trx) => {
      const locked = await trx
        .updateTable('fga_stores')
        .set({ revision: sql`revision` })
        .where('id', '=', storeId)
        .where('deleted_at', 'is', null)
        .returning('revision')
        .executeTakeFirst();
      if (!locked) throw new RebacError(ErrorCode.validation_error, 'the store does not exist');
      const revision = Number(locked.revision) + 1;
      const writtenAt = this.#clock.now();
      let written = 0;
      for (let start = 0; start < tuples.length; start += BATCH) {
        const rows = tuples
          .slice(start, start + BATCH)
          .map((key, i) => tupleRow(storeId, key, revision, start + i, writtenAt));
        const inserted = await trx
          .insertInto('fga_tuples')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .returning(['ordinal'])
          .execute();
        if (inserted.length > 0) {
          const changes = inserted.map(({ ordinal }) =>
            changeRow(
              storeId,
              tuples[Number(ordinal)] as TupleKey,
              'write',
              revision,
              Number(ordinal),
              writtenAt,
            ),
          );
          await trx.insertInto('fga_changes').values(changes).execute();
        }
        written += inserted.length;
        onProgress?.(Math.min(start + BATCH, tuples.length));
      }
      if (written === 0) return { revision: revision - 1, written };
      await trx.updateTable('fga_stores').set({ revision }).where('id', '=', storeId).execute();
      return { revision, written };
    });
  }
}
