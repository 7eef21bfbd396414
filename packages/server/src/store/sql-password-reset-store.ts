// PasswordResetStore over Kysely.
import type { LinkLimit, PasswordReset, PasswordResetStore } from '../accounts/password-reset-store.js';
import type { TesseraDb } from './database.js';
import { inTransaction } from './in-transaction.js';
import { sendWindow, takeFreeSlot } from './send-slots.js';

export class SqlPasswordResetStore implements PasswordResetStore {
  readonly #db: TesseraDb;

  constructor(db: TesseraDb) {
    this.#db = db;
  }

  async createWithinLimit(reset: PasswordReset, limit: LinkLimit): Promise<boolean> {
    const window = sendWindow(reset.createdAt, limit.windowSeconds);
    return takeFreeSlot(limit.max, (slot) =>
      this.#db
        .insertInto('password_resets')
        .values({
          token_hash: reset.tokenHash,
          user_id: reset.userId,
          created_at: reset.createdAt,
          expires_at: reset.expiresAt,
          used_at: null,
          send_window: window,
          send_slot: slot,
          credentials_version: reset.credentialsVersion,
          return_to: reset.returnTo ?? null,
        })
        .onConflict((oc) => oc.columns(['user_id', 'send_window', 'send_slot']).doNothing())
        .executeTakeFirst(),
    );
  }

  async findUsable(tokenHash: string, now: number): Promise<PasswordReset | undefined> {
    const row = await this.#db
      .selectFrom('password_resets')
      .innerJoin('users', 'users.id', 'password_resets.user_id')
      .select([
        'password_resets.token_hash',
        'password_resets.user_id',
        'password_resets.created_at',
        'password_resets.expires_at',
        'password_resets.credentials_version',
        'password_resets.return_to',
      ])
      .where('password_resets.token_hash', '=', tokenHash)
      .where('password_resets.used_at', 'is', null)
      .where('password_resets.expires_at', '>', now)
      .whereRef('password_resets.credentials_version', '=', 'users.credentials_version')
      .executeTakeFirst();
    return row
      ? {
          tokenHash: row.token_hash,
          userId: row.user_id,
          createdAt: Number(row.created_at),
          expiresAt: Number(row.expires_at),
          credentialsVersion: Number(row.credentials_version),
          returnTo: row.return_to ?? undefined,
        }
      : undefined;
  }

  async redeem(tokenHash: string, now: number): Promise<string | undefined> {
    return inTransaction(this.#db, async (trx) => {
      // Only the writer that flips used_at gets the row back, and only while the user's credentials are the ones the
      // link was sent for: the check and the claim are one statement, so a password change cannot slip between them.
      const claimed = await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('token_hash', '=', tokenHash)
        .where('used_at', 'is', null)
        .where('expires_at', '>', now)
        .where('credentials_version', '=', (eb) =>
          eb
            .selectFrom('users')
            .select('users.credentials_version')
            .whereRef('users.id', '=', 'password_resets.user_id'),
        )
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

  async purge(now: number): Promise<void> {
    await this.purgeExpired(now);
  }

  async purgeExpired(now: number): Promise<number> {
    const result = await this.#db
      .deleteFrom('password_resets')
      .where('expires_at', '<', now)
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }
}
