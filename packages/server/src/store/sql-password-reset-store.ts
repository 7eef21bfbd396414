// PasswordResetStore over Kysely.
import { sql } from 'kysely';
import type { LinkLimit, PasswordReset, PasswordResetStore } from '../accounts/password-reset-store.js';
import type { TesseraDb } from './database.js';
import { sendWindow, takeFreeSlot } from './send-slots.js';
import { revokeGrantsWhere } from './sql-grant-store.js';
import { raisedCredentialsVersion } from './sql-user-store.js';

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

  async redeem(tokenHash: string, passwordHash: string, now: number): Promise<string | undefined> {
    return this.#db.transaction().execute(async (trx) => {
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
      const userId = claimed.user_id;
      await trx
        .updateTable('password_resets')
        .set({ used_at: now })
        .where('user_id', '=', userId)
        .where('used_at', 'is', null)
        .execute();
      await trx
        .updateTable('users')
        .set({
          password_hash: passwordHash,
          email_verified: 1,
          updated_at: now,
          // email_verified is a claim: when it changes, so does the profile's update time.
          profile_updated_at: sql<number>`case when email_verified = 1 then profile_updated_at else ${now} end`,
          credentials_version: raisedCredentialsVersion,
        })
        .where('id', '=', userId)
        .execute();
      await trx.deleteFrom('sessions').where('user_id', '=', userId).execute();
      await revokeGrantsWhere(trx, 'user_id', userId, now);
      return userId;
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
