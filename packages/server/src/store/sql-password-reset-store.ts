// PasswordResetStore over Kysely.
import type { PasswordReset, PasswordResetStore } from '../accounts/password-reset-store.js';
import type { TesseraDb } from './database.js';

export class SqlPasswordResetStore implements PasswordResetStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async create(reset: PasswordReset): Promise<void> {
    await this.#db
      .insertInto('password_resets')
      .values({
        token_hash: reset.tokenHash,
        user_id: reset.userId,
        created_at: reset.createdAt,
        expires_at: reset.expiresAt,
        used_at: null,
      })
      .execute();
  }

  async countCreatedSince(userId: string, since: number): Promise<number> {
    const row = await this.#db
      .selectFrom('password_resets')
      .select((eb) => eb.fn.countAll<number | string>().as('count'))
      .where('user_id', '=', userId)
      .where('created_at', '>=', since)
      .executeTakeFirstOrThrow();
    return Number(row.count);
  }

  async findUsable(tokenHash: string, now: number): Promise<PasswordReset | undefined> {
    const row = await this.#db
      .selectFrom('password_resets')
      .selectAll()
      .where('token_hash', '=', tokenHash)
      .where('used_at', 'is', null)
      .where('expires_at', '>', now)
      .executeTakeFirst();
    return row
      ? {
          tokenHash: row.token_hash,
          userId: row.user_id,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
        }
      : undefined;
  }

  async consume(tokenHash: string, now: number): Promise<string | undefined> {
    return this.#db.transaction().execute(async (trx) => {
      // Only the writer that flips used_at gets the row back.
      const claimed = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .returning('user_id')
        .executeTakeFirst();
      if (!claimed) return undefined;
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', claimed.user_id)
        .where('used_at', 'is', null)
        .execute();
      return claimed.user_id;
    });
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('password_resets')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
