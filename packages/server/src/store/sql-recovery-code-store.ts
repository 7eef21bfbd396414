// RecoveryCodeStore over Kysely.
import type { RecoveryCodeStore } from '../accounts/mfa/recovery-code-store.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';

export class SqlRecoveryCodeStore implements RecoveryCodeStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async replaceAll(userId: string, codeHashes: string[], now: number): Promise<void> {
    await inTransaction(this.#db, async (trx) => {
      await trx.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
      if (codeHashes.length === 0) return;
      await trx
        .insertInto('recovery_codes')
        .values(
          codeHashes.map((hash) => ({ user_id: userId, code_hash: hash, created_at: now, used_at: null })),
        )
        .execute();
    });
  }

  async use(userId: string, codeHash: string, now: number): Promise<boolean> {
    const result = await this.#db
      .updateTable('recovery_codes')
      .set({ used_at: now })
      .where('user_id', '=', userId)
      .where('code_hash', '=', codeHash)
      .where('used_at', 'is', null)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async countUnused(userId: string): Promise<number> {
    const row = await this.#db
      .selectFrom('recovery_codes')
      .select((eb) => eb.fn.countAll<number | string | bigint>().as('unused'))
      .where('user_id', '=', userId)
      .where('used_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(row.unused);
  }

  async deleteAll(userId: string): Promise<void> {
    await this.#db.deleteFrom('recovery_codes').where('user_id', '=', userId).execute();
  }
}
