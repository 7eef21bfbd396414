// TupleImporter over Kysely: multi-row INSERT … ON CONFLICT DO NOTHING in fixed-size batches inside one transaction
// (on SQLite each batch size is one prepared statement, reused from the dialect's statement cache), the changelog
// written in one INSERT … SELECT for exactly the rows that were new (those of the import's revision), and the store's
// revision raised once.
import { ErrorCode, RebacError, type TupleKey } from '@tessera/rebac';
import { sql } from 'kysely';
import type { TupleImport, TupleImporter } from '../authz/fga/tuple-importer.js';
import type { Clock } from '../clock.js';
import type { TesseraDb } from './database.js';
import { tupleRow } from './fga-tuple-rows.js';
import { inTransaction } from './in-transaction.js';

/** Rows per INSERT: 13 columns each, well under SQLite's 32,766 and PostgreSQL's 65,535 bound parameters. */
const BATCH = 2000;

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
      for (let start = 0; start < tuples.length; start += BATCH) {
        const rows = tuples
          .slice(start, start + BATCH)
          .map((key, i) => tupleRow(storeId, key, revision, start + i, writtenAt));
        await trx
          .insertInto('fga_tuples')
          .values(rows)
          .onConflict((oc) => oc.doNothing())
          .execute();
        onProgress?.(Math.min(start + BATCH, tuples.length));
      }
      // The rows of this revision are exactly the new ones: their changelog entries in one statement.
      const logged = await trx
        .insertInto('fga_changes')
        .columns([
          'store_id',
          'revision',
          'ordinal',
          'operation',
          'object_type',
          'object',
          'relation',
          'user',
          'condition_name',
          'condition_context',
          'written_at',
        ])
        .expression((eb) =>
          eb
            .selectFrom('fga_tuples')
            .select([
              'store_id',
              'revision',
              'ordinal',
              sql<string>`'write'`.as('operation'),
              'object_type',
              sql<string>`object_type || ':' || object_id`.as('object'),
              'relation',
              sql<string>`user_type || ':' || user_id || CASE WHEN user_relation = '' THEN '' ELSE '#' || user_relation END`.as(
                'user',
              ),
              'condition_name',
              'condition_context',
              'written_at',
            ])
            .where('store_id', '=', storeId)
            .where('revision', '=', revision),
        )
        .executeTakeFirst();
      const written = Number(logged.numInsertedOrUpdatedRows ?? 0);
      if (written === 0) return { revision: revision - 1, written };
      await trx.updateTable('fga_stores').set({ revision }).where('id', '=', storeId).execute();
      return { revision, written };
    });
  }
}
